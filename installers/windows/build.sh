#!/usr/bin/env bash
# Builds Cookie Warden for 64-bit Windows on Debian: the two static executables and both MSIs.
#   build/windows/cookie-warden-host.exe, build/windows/cookie-warden.exe
#   build/windows/cookie-warden-VERSION-x64.msi          per user (HKCU, no administrator)
#   build/windows/cookie-warden-VERSION-x64-machine.msi  per machine (HKLM, Program Files)
# Runs installers/deps.sh windows (mingw-w64, Wine, wixl, deb-src entries) first. The third-party
# libraries are built once and cached (installers/windows/build-deps.sh).
# Usage: installers/windows/build.sh [extra cmake --build targets, e.g. cw-unit-tests]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}

installers/deps.sh windows
installers/windows/build-deps.sh
cmake --preset windows >/dev/null
cmake --build --preset windows --target cookie-warden-host cookie-warden "$@"

version=$(sed -n 's/^project(cookie-warden VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
out=build/windows
for exe in cookie-warden-host.exe cookie-warden.exe; do
    # Static: nothing but Windows' own DLLs may be imported.
    if x86_64-w64-mingw32-objdump -p "$out/$exe" | grep -i 'DLL Name' |
        grep -viE 'kernel32|advapi32|ws2_32|mswsock|msvcrt|user32|shell32|ole32|api-ms-win' >&2; then
        echo "error: $exe needs a DLL that Windows does not have" >&2
        exit 1
    fi
done
for kind in user machine; do
    wxs=installers/windows/cookie-warden.wxs
    msi=$out/cookie-warden-$version-x64.msi
    if [ $kind = machine ]; then
        wxs=installers/windows/cookie-warden-machine.wxs
        msi=$out/cookie-warden-$version-x64-machine.msi
    fi
    wixl -a x64 -D Version="$version" -D BinDir="$out" -D ManifestDir=installers/windows \
        -o "$msi" "$wxs"
    echo "built $msi"
done
