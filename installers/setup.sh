#!/usr/bin/env bash
# The whole set-up for a Linux user on Debian/Ubuntu: installs missing build dependencies
# (apt, through sudo when not root), builds the release preset, installs the host and the
# command-line tool under ~/.local, registers the host with every browser found, packs the
# extension, and says how to add the extension to each browser. Safe to run again.
# Options are passed on to installers/install.sh (e.g. --browser chromium, --extension-id ID).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

installers/deps.sh setup

echo "== Building (release)"
cmake --preset release >/dev/null
cmake --build --preset release --target cookie-warden-host cookie-warden

echo "== Installing for $(id -un)"
installers/install.sh --build-dir build/release "$@"

# The extension has no build step; packing makes the files to hand to a browser or a store.
# The npm script needs no installed npm packages; without npm, node runs the same script.
packed=false
pack=()
if [ -f package.json ] && grep -q '"pack"' package.json; then
    if command -v npm >/dev/null 2>&1; then pack=(npm run -s pack)
    elif [ -f tools/pack-extension.mjs ]; then pack=(node tools/pack-extension.mjs); fi
fi
if [ ${#pack[@]} -gt 0 ]; then
    echo "== Packing the extension"
    if "${pack[@]}"; then packed=true; else echo "Packing failed; the unpacked folder below still works."; fi
fi
xpi=""
for f in dist/cookie-warden-firefox-*.xpi; do [ -f "$f" ] && xpi=$f; done

cat <<MSG

Cookie Warden is installed. Now add the extension to your browser:

  Chrome, Chromium, Edge, Brave, Vivaldi:
    1. Open the extensions page (type chrome://extensions, or edge://extensions in Edge).
    2. Switch on "Developer mode" (top right).
    3. Click "Load unpacked" and choose the folder $repo/extension
    The extension connects to the host by itself; its id is always
    jjnjmppplncaaifkjlbbjnehaemmebmg, which the host accepts.

  Firefox:
MSG
if $packed && [ -n "$xpi" ]; then
    cat <<MSG
    For this session: open about:debugging, click "This Firefox", then "Load Temporary
    Add-on..." and choose $repo/$xpi (Firefox forgets it when it closes).
    To keep it (Firefox ESR, Developer Edition or Nightly only, because the add-on is not
    signed by Mozilla): set xpinstall.signatures.required to false in about:config, then in
    about:addons use the gear menu, "Install Add-on From File...", and choose the same file.
MSG
else
    cat <<MSG
    Open about:debugging, click "This Firefox", then "Load Temporary Add-on..." and choose
    $repo/extension/manifest.json (Firefox forgets it when it closes).
MSG
fi
cat <<MSG

Check everything with:  cookie-warden doctor
(the tool is in ~/.local/bin; without it on your PATH run ~/.local/bin/cookie-warden doctor)
Remove it again with:   installers/install.sh --uninstall
MSG
