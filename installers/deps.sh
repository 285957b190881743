#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Cookie Warden needs, skipping those already present.
# Usage: installers/deps.sh build|setup|windows|test
#   build    what building the host and the command-line tool needs
#   setup    build, plus what packing the extension needs (installers/setup.sh)
#   windows  build, plus the Windows cross build and its tests (mingw-w64, Wine, wixl, and
#            deb-src entries for SQLite's, libpsl's and libidn2's sources)
#   test     build, the windows packages, plus what the test suite needs (browsers, Node.js,
#            packaging tools)
set -euo pipefail

build_packages=(
    build-essential cmake ninja-build pkg-config ccache
    libboost-dev libsqlite3-dev nlohmann-json3-dev libpsl-dev libidn2-dev libcli11-dev libspdlog-dev
    libvalijson-dev libgtest-dev libgmock-dev
)
test_packages=(
    libbenchmark-dev sqlite3 python3 openssl zip unzip
    chromium firefox-esr xvfb
    clang libclang-rt-14-dev clang-format-14
    debootstrap lintian msitools wixl file
)
# installers/windows/build.sh and tests/windows/run.sh.
windows_packages=(
    mingw-w64 g++-mingw-w64-x86-64-posix wine wine64 wixl msitools
    publicsuffix dpkg-dev tcl python3
)

case "${1:-build}" in
    build) wanted=("${build_packages[@]}") ;;
    setup) wanted=("${build_packages[@]}" zip) ;;
    windows) wanted=("${build_packages[@]}" "${windows_packages[@]}") ;;
    test) wanted=("${build_packages[@]}" "${windows_packages[@]}" "${test_packages[@]}") ;;
    *) echo "usage: $0 build|setup|windows|test" >&2; exit 2 ;;
esac

# Node.js 18 or newer for the extension's tooling; Debian's own package when none is present.
if [ "${1:-build}" = test ] && ! command -v node >/dev/null 2>&1; then
    wanted+=(nodejs npm)
fi
# Packing the extension needs only node itself.
if [ "${1:-build}" = setup ] && ! command -v node >/dev/null 2>&1; then
    wanted+=(nodejs)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

# The Windows build compiles SQLite and libpsl from Debian's source packages (apt-get source):
# add deb-src entries for the archive the machine already uses, once.
src_list=/etc/apt/sources.list.d/cookie-warden-src.sources
if [ "${1:-build}" = windows ] && ! apt-cache showsrc sqlite3 2>/dev/null | grep -q '^Version:'; then
    echo "Adding deb-src entries ($src_list)"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
            "${sudo_cmd[@]}" tee "$src_list" >/dev/null
    else
        grep -hs '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
            "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/cookie-warden-src.list >/dev/null
    fi
    "${sudo_cmd[@]}" apt-get update -qq
fi

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
if [ ${#sudo_cmd[@]} -gt 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
