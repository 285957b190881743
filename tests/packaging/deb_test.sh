#!/usr/bin/env bash
# The Debian package: builds it with CPack from a release build (no tests compiled), or from
# the build folder named by $CW_PACKAGE_BUILD_DIR (tests/run-all.sh passes its dev build, so the
# suite compiles the host once for both; CPack strips the executables either way), checks its
# file list, control data and lintian, then installs it with `apt-get install ./….deb` into a
# fresh Debian 12 made by debootstrap, asks the installed host `hello`, runs
# `cookie-warden doctor` there against the system host manifests, and purges it again.
#
# Slow the first time (debootstrap); the minimal system is cached as a tarball in
# $CW_TEST_CACHE (default /var/cache/cookie-warden-tests) and reused while it is younger than
# a week. Needs root (debootstrap, chroot). Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${CW_PACKAGE_BUILD_DIR:-build/package}
cache=${CW_TEST_CACHE:-/var/cache/cookie-warden-tests}
mirror=${CW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
passed=0
failed=0

check() {  # check "what" command...: runs the command, counts and reports the outcome
    local what=$1
    shift
    if "$@" >"$work/check.log" 2>&1; then
        passed=$((passed + 1))
        echo "PASS $what"
    else
        failed=$((failed + 1))
        echo "FAIL $what"
        sed 's/^/    /' "$work/check.log" | tail -n 40
    fi
}

finish() {
    local rc=$?
    [ -n "${work:-}" ] && rm -rf "$work"
    echo "deb: $passed passed, $failed failed"
    if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
}
work=$(mktemp -d /tmp/cw-deb-test.XXXXXX)
trap finish EXIT

[ "$(id -u)" -eq 0 ] || { echo "deb_test.sh needs root (debootstrap and chroot)"; failed=1; exit 1; }

if [ -n "${CW_PACKAGE_BUILD_DIR:-}" ]; then
    echo "== package: cpack -G DEB from $build"
    [ -f "$build/CMakeCache.txt" ] || { echo "$build is not a configured build folder"; failed=1; exit 1; }
else
    echo "== package: release build without tests, cpack -G DEB"
    cmake --preset release -B "$build" -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build "$build" --target cookie-warden-host cookie-warden -j2 >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; failed=$((failed + 1)); exit 1; }
rm -rf "$build/pkg"
(cd "$build" && cpack -G DEB -B "$PWD/pkg") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; failed=$((failed + 1)); exit 1; }
deb=$(echo "$build"/pkg/cookie-warden_*_amd64.deb)
[ -f "$deb" ] || { echo "no package was made"; failed=1; exit 1; }
echo "built $deb ($(du -h "$deb" | cut -f1))"

# --- what is in it ---------------------------------------------------------------------------
expected_files() {
    printf '%s\n' \
        ./usr/lib/cookie-warden/cookie-warden-host \
        ./usr/bin/cookie-warden \
        ./usr/share/cookie-warden/schema/host-manifest.schema.json \
        ./usr/share/doc/cookie-warden/copyright \
        ./usr/share/doc/cookie-warden/changelog.gz \
        ./usr/share/man/man1/cookie-warden.1.gz \
        ./usr/share/lintian/overrides/cookie-warden \
        ./etc/opt/chrome/native-messaging-hosts/dk.cookiewarden.host.json \
        ./etc/chromium/native-messaging-hosts/dk.cookiewarden.host.json \
        ./etc/opt/edge/native-messaging-hosts/dk.cookiewarden.host.json \
        ./usr/lib/mozilla/native-messaging-hosts/dk.cookiewarden.host.json
    for f in host/manifests/*.json; do [ -f "$f" ] && echo "./usr/share/cookie-warden/manifests/${f##*/}"; done
}
file_list() {
    diff <(expected_files | sort) <(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sort)
}
check "the package holds exactly the expected files" file_list
check "the package has /etc/cookie-warden/manifests/ for the admin" \
    bash -c "dpkg-deb -c '$deb' | awk '{print \$1, \$6}' | grep -qx 'drwxr-xr-x ./etc/cookie-warden/manifests/'"
check "the executables are stripped and executable" bash -c "
    dpkg-deb -c '$deb' | grep -E '^-rwxr-xr-x .* ./usr/(lib/cookie-warden/cookie-warden-host|bin/cookie-warden)$' | wc -l | grep -qx 2"

control() { dpkg-deb -f "$deb" "$1"; }
check "control: name, version, architecture" bash -c "
    [ \"\$(dpkg-deb -f '$deb' Package)\" = cookie-warden ] &&
    [ \"\$(dpkg-deb -f '$deb' Version)\" = \"\$(sed -n 's/^project(cookie-warden VERSION \\([0-9.]*\\).*/\\1/p' CMakeLists.txt)\" ] &&
    [ \"\$(dpkg-deb -f '$deb' Architecture)\" = amd64 ]"
depends=$(control Depends)
echo "Depends: $depends"
check "control: Depends come from shlibdeps (libc6, libsqlite3-0, libpsl5, libspdlog)" bash -c "
    for p in 'libc6 (>=' 'libsqlite3-0 (>=' 'libpsl5 (>=' libspdlog1 'libstdc++6 (>='; do
        grep -Fq \"\$p\" <<<'$depends' || { echo \"missing \$p in: $depends\"; exit 1; }
    done"
check "control: maintainer and description" bash -c "
    dpkg-deb -f '$deb' Maintainer | grep -q '<maintainers@cookiewarden.dk>' &&
    dpkg-deb -f '$deb' Description | grep -q 'cookie manager'"
conffiles() { diff <(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | sort) <(sort installers/debian/conffiles); }
check "control: the /etc host manifests are conffiles" conffiles

lintian_status=0
lintian --fail-on error "$deb" >"$work/lintian.txt" 2>&1 || lintian_status=$?
sed 's/^/    lintian: /' "$work/lintian.txt"
check "lintian reports no errors" bash -c "[ $lintian_status -eq 0 ] && ! grep -q '^E:' '$work/lintian.txt'"

# --- installed into a fresh Debian 12 ----------------------------------------------------------
echo "== fresh $suite (debootstrap, cached in $cache)"
mkdir -p "$cache"
base="$cache/$suite-minbase.tar"
if [ -f "$base" ] && [ -z "$(find "$base" -mtime +7)" ]; then
    echo "reusing $base"
else
    rm -f "$base"
    debootstrap --variant=minbase "$suite" "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -n 30 "$work/debootstrap.log"; failed=$((failed + 1)); exit 1; }
    tar -C "$work/base" -cf "$base.new" . && mv "$base.new" "$base"
    rm -rf "$work/base"
fi
root="$work/root"
mkdir "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
cp "$deb" "$root/tmp/"
# Downloaded dependencies are kept between runs, so only changed ones are fetched again.
mkdir -p "$cache/archives"
cp "$cache"/archives/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

apt_install() {
    in_root apt-get update -qq &&
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/${deb##*/}"
}
check "apt-get install ./cookie-warden_….deb in a fresh $suite" apt_install
cp "$root"/var/cache/apt/archives/*.deb "$cache/archives/" 2>/dev/null || true
check "dpkg lists the package as installed" bash -c "chroot '$root' dpkg-query -W -f='\${Status}' cookie-warden | grep -qx 'install ok installed'"

hello() {
    local request='{"id":1,"type":"hello"}'
    # Native-messaging frame: 4-byte length (little-endian here), then the JSON.
    printf "\\x$(printf %02x ${#request})\\x00\\x00\\x00%s" "$request" |
        in_root env COOKIE_WARDEN_HOME=/tmp/cw-home /usr/lib/cookie-warden/cookie-warden-host \
            chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/ >"$work/hello.out" 2>"$work/hello.err" ||
        { cat "$work/hello.err"; return 1; }
    local reply
    reply=$(tail -c +5 "$work/hello.out")
    echo "reply: $reply"
    grep -q '"ok":true' <<<"$reply" && grep -q '"protocol":1' <<<"$reply" && grep -q '"id":1' <<<"$reply"
}
check "the installed host answers hello" hello

doctor() {
    in_root cookie-warden doctor --browser chrome --browser chromium --browser edge --browser firefox
}
check "cookie-warden doctor accepts the system host manifests" doctor

purge() {
    in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y cookie-warden >/dev/null &&
    for f in /usr/lib/cookie-warden /usr/bin/cookie-warden /etc/opt/chrome/native-messaging-hosts/dk.cookiewarden.host.json \
             /etc/chromium/native-messaging-hosts/dk.cookiewarden.host.json \
             /usr/lib/mozilla/native-messaging-hosts/dk.cookiewarden.host.json /etc/cookie-warden; do
        [ ! -e "$root$f" ] || { echo "left behind: $f"; return 1; }
    done
}
check "apt-get purge removes it all" purge
