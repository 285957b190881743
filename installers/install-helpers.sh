# Helpers of installers/install.sh, which sources this file (and defines HOST_NAME and die): where
# browsers are on Linux and where each reads a user's native-messaging host manifests, and the
# edits of config.json.
# shellcheck shell=bash

# The host's data folder, worked out as the host does (host/src/platform/paths.cpp).
data_dir() {
    if [ -n "${COOKIE_WARDEN_HOME:-}" ]; then
        printf '%s\n' "$COOKIE_WARDEN_HOME"
    elif [[ ${XDG_DATA_HOME:-} == /* ]]; then
        printf '%s\n' "$XDG_DATA_HOME/cookie-warden"
    else
        printf '%s\n' "$HOME/.local/share/cookie-warden"
    fi
}

# Chromium-family browsers keep their user data under $XDG_CONFIG_HOME like this.
config_home() {
    if [[ ${XDG_CONFIG_HOME:-} == /* ]]; then printf '%s\n' "$XDG_CONFIG_HOME"; else printf '%s\n' "$HOME/.config"; fi
}

browser_label() {
    case "$1" in
        chrome) echo "Google Chrome" ;; chromium) echo "Chromium" ;; edge) echo "Microsoft Edge" ;;
        brave) echo "Brave" ;; vivaldi) echo "Vivaldi" ;; firefox) echo "Firefox" ;;
    esac
}

# The folder where the browser reads this user's host manifests.
browser_manifest_dir() {
    local c
    c=$(config_home)
    case "$1" in
        chrome) echo "$c/google-chrome/NativeMessagingHosts" ;;
        chromium) echo "$c/chromium/NativeMessagingHosts" ;;
        edge) echo "$c/microsoft-edge/NativeMessagingHosts" ;;
        brave) echo "$c/BraveSoftware/Brave-Browser/NativeMessagingHosts" ;;
        vivaldi) echo "$c/vivaldi/NativeMessagingHosts" ;;
        firefox) echo "$HOME/.mozilla/native-messaging-hosts" ;;
    esac
}

# Programs and folders whose presence means the browser is installed (from the distribution
# or the vendor's package; Snap and Flatpak builds are handled apart).
browser_commands() {
    case "$1" in
        chrome) echo "google-chrome google-chrome-stable" ;;
        chromium) echo "chromium" ;;
        edge) echo "microsoft-edge microsoft-edge-stable" ;;
        brave) echo "brave-browser brave" ;;
        vivaldi) echo "vivaldi vivaldi-stable" ;;
        firefox) echo "firefox firefox-esr" ;;
    esac
}
browser_dirs() {
    local c
    c=$(config_home)
    case "$1" in
        chrome) echo "/opt/google/chrome $c/google-chrome" ;;
        chromium) echo "/usr/lib/chromium $c/chromium" ;;
        edge) echo "/opt/microsoft/msedge $c/microsoft-edge" ;;
        brave) echo "/opt/brave.com/brave $c/BraveSoftware/Brave-Browser" ;;
        vivaldi) echo "/opt/vivaldi $c/vivaldi" ;;
        firefox) echo "/usr/lib/firefox /usr/lib/firefox-esr $HOME/.mozilla" ;;
    esac
}

browser_found() {
    local cmd dir resolved
    for cmd in $(browser_commands "$1"); do
        resolved=$(command -v "$cmd" 2>/dev/null) || continue
        # Ubuntu's chromium-browser and firefox wrappers start the Snap.
        [[ $(readlink -f "$resolved") == /snap/* ]] && continue
        return 0
    done
    for dir in $(browser_dirs "$1"); do
        [ -d "$dir" ] && return 0
    done
    return 1
}

# Snap and Flatpak browsers run sandboxed and cannot start a host installed this way.
report_sandboxed_browsers() {
    local name path found=()
    for name in chromium firefox brave vivaldi; do
        for path in "/snap/bin/$name" "$HOME/snap/$name"; do
            [ -e "$path" ] && { found+=("Snap $name"); break; }
        done
    done
    for name in org.chromium.Chromium com.google.Chrome com.microsoft.Edge com.brave.Browser \
                com.vivaldi.Vivaldi org.mozilla.firefox; do
        for path in "$HOME/.var/app/$name" "/var/lib/flatpak/app/$name"; do
            [ -e "$path" ] && { found+=("Flatpak $name"); break; }
        done
    done
    [ ${#found[@]} -eq 0 ] && return 0
    echo "Note: found ${found[*]}."
    echo "  Browsers from Snap or Flatpak run in a sandbox that cannot start programs installed"
    echo "  outside it, so Cookie Warden cannot work with them. Install the browser's .deb"
    echo "  package (Debian's chromium or firefox-esr, or the vendor's) and run this again."
}

# config.json edits need a JSON parser; only extra extension ids use it.
edit_config() {  # edit_config add|remove FILE ID...: prints the ids it actually added/removed
    command -v python3 >/dev/null 2>&1 || die "python3 is needed to record extra extension ids in $2"
    python3 - "$@" <<'PY'
import json, os, sys, tempfile
op, path, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
try:
    with open(path) as f:
        config = json.load(f)
except FileNotFoundError:
    config = {}
except ValueError as e:
    sys.exit(f"install.sh: {path} is not valid JSON ({e}); fix or remove it and run again")
if not isinstance(config, dict):
    sys.exit(f"install.sh: {path} must hold a JSON object")
allowed = config.get("allowedExtensions", [])
done = []
for i in ids:
    if op == "add" and i not in allowed:
        allowed.append(i); done.append(i)
    elif op == "remove" and i in allowed:
        allowed.remove(i); done.append(i)
if done and os.environ.get("CW_DRY_RUN") != "true":
    config["allowedExtensions"] = allowed
    # A new file beside it (mkstemp: O_EXCL, 0600), renamed over it: a link at the path is
    # replaced, never written through.
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".config.json.")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(config, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
print("\n".join(done))
PY
}
