#!/usr/bin/env bash
# The Windows step of tests/run-all.sh: builds the host, the command-line tool, the unit tests
# and both MSIs with mingw-w64 (installers/windows/build.sh), then under Wine, in a fresh
# WINEPREFIX of its own:
#   1. the unit tests (tests/windows/CMakeLists.txt says which);
#   2. the host through pipes with real frames, and cookie-warden.exe on the same database
#      (tests/windows/host_session.py);
#   3. each MSI installed with msiexec /qn, its registry keys read back with `wine reg query`,
#      the manifest's path followed to the installed host, which must answer hello; then
#      uninstalled, and nothing of it left.
# Wine proves the code paths run on Windows' APIs; it is no real browser and no real ACL.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=$root/build/windows

installers/windows/build.sh cw-unit-tests
version=$(sed -n 's/^project(cookie-warden VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

work=$(mktemp -d)
# winedbg off: with it, a crashed program exits 0 under Wine, and a crash would pass.
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d"
cleanup() {
    wineserver -k 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
echo "== windows: fresh Wine prefix"
wineboot -i >/dev/null 2>&1
wineserver -w

echo "== windows: unit tests under Wine"
wine "$build/cw-unit-tests.exe" --gtest_brief=1

echo "== windows: the host and cookie-warden.exe under Wine"
python3 tests/windows/host_session.py "$build" "$work"

failures=0
fail() {
    echo "FAIL  $*"
    failures=$((failures + 1))
}
pass() { echo "ok    $*"; }

host_key() { echo "$1\\Software\\$2\\NativeMessagingHosts\\dk.cookiewarden.host"; }
# The default value of a key, or nothing when the key is missing.
reg_default() { wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ[[:space:]]*//p'; }
unix_path() { winepath -u "$1" 2>/dev/null | tr -d '\r'; }

# Answers hello through the host that a manifest names (relative to the manifest's folder).
hello_through() {
    local manifest=$1 dir exe
    dir=$(dirname "$manifest")
    exe=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["path"])' "$manifest")
    case "$exe" in [A-Za-z]:\\*) exe=$(unix_path "$exe") ;; *) exe=$dir/$exe ;; esac
    [ -f "$exe" ] || { echo "no host at $exe"; return 1; }
    python3 - "$exe" <<'EOF'
import json, struct, subprocess, sys
body = json.dumps({"id": 1, "type": "hello"}).encode()
p = subprocess.run(["wine", sys.argv[1], "chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/"],
                   input=struct.pack("<I", len(body)) + body, capture_output=True, timeout=120)
n = struct.unpack("<I", p.stdout[:4])[0]
reply = json.loads(p.stdout[4:4 + n])
sys.exit(0 if reply.get("ok") and p.returncode == 0 else 1)
EOF
}

check_msi() {
    local msi=$1 root=$2 dir=$3
    shift 3
    local browsers=("$@")
    echo "== windows: $(basename "$msi")"
    [ -f "$msi" ] || { fail "$msi was not built"; return; }
    if wine msiexec /i "$(winepath -w "$msi" | tr -d '\r')" /qn; then
        pass "msiexec /i /qn"
    else
        fail "msiexec /i exited $?"
        return
    fi
    local install_dir
    install_dir=$(unix_path "$dir")
    for b in "${browsers[@]}"; do
        local key value form=chromium
        key=$(host_key "$root" "$b")
        [ "$b" = Mozilla ] && form=firefox
        value=$(reg_default "$key")
        if [ "$value" = "$dir\\dk.cookiewarden.host.$form.json" ]; then
            pass "$key -> $value"
        else
            fail "$key is '$value', not $dir\\dk.cookiewarden.host.$form.json"
        fi
    done
    for form in chromium firefox; do
        if hello_through "$install_dir/dk.cookiewarden.host.$form.json"; then
            pass "the $form manifest's host answers hello"
        else
            fail "the $form manifest's host did not answer hello"
        fi
    done
    [ -f "$install_dir/cookie-warden.exe" ] && pass "cookie-warden.exe installed" ||
        fail "no cookie-warden.exe in $install_dir"
    if [ "$root" = HKLM ]; then
        [ -d "$(unix_path 'C:\ProgramData\Cookie Warden\manifests')" ] &&
            pass "admin manifests folder made" || fail "no admin manifests folder"
    fi

    wine msiexec /x "$(winepath -w "$msi" | tr -d '\r')" /qn && pass "msiexec /x /qn" ||
        fail "msiexec /x exited $?"
    for b in "${browsers[@]}"; do
        key=$(host_key "$root" "$b")
        if wine reg query "$key" >/dev/null 2>&1; then fail "$key left behind"; else pass "$key removed"; fi
    done
    if wine reg query "$root\\Software\\Cookie Warden" >/dev/null 2>&1; then
        fail "$root\\Software\\Cookie Warden left behind"
    fi
    if [ -e "$install_dir" ]; then fail "$install_dir left behind: $(ls -A "$install_dir")"; else pass "$dir removed"; fi
    if [ "$root" = HKLM ] && [ -e "$(unix_path 'C:\ProgramData\Cookie Warden')" ]; then
        fail "C:\\ProgramData\\Cookie Warden left behind"
    fi
}

all_browsers=(Google\\Chrome Chromium Microsoft\\Edge BraveSoftware\\Brave-Browser Vivaldi Mozilla)
local_app=$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')
check_msi "$build/cookie-warden-$version-x64.msi" HKCU "$local_app\\Programs\\Cookie Warden" \
    "${all_browsers[@]}"
check_msi "$build/cookie-warden-$version-x64-machine.msi" HKLM "C:\\Program Files\\Cookie Warden" \
    "${all_browsers[@]}"

echo "$failures installer checks failed"
[ "$failures" -eq 0 ]
