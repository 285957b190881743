#!/usr/bin/env bash
# Builds the third-party libraries of the Windows build from Debian's own sources, with
# mingw-w64, into a prefix that cmake/mingw-w64-x86_64.cmake reads:
#   lib/libsqlite3.a   SQLite from Debian's `sqlite3` source package (patches applied)
#   lib/libpsl.a       libpsl from Debian's `libpsl` source package, with the Public Suffix
#                      List of Debian's `publicsuffix` package compiled in (no IDN library:
#                      the host hands it ASCII names)
#   lib/libidn2.a      libidn2 from Debian's `libidn2` source package (its own copy of the
#                      libunistring parts it needs), for the IDNA form of site names
#   include/           sqlite3.h, libpsl.h, idn2.h, and links to Debian's header-only libraries
#                      (Boost, nlohmann_json, CLI11, spdlog, fmt, valijson, GoogleTest sources)
# Usage: installers/windows/build-deps.sh [PREFIX]   (default build/windows/deps)
#
# Built once per set of source versions and kept in $CW_TEST_CACHE/windows-deps/<key>
# (default /var/cache/cookie-warden-tests), so a rerun copies a few MB instead of compiling
# for two minutes. Needs deb-src entries (installers/deps.sh windows adds them).
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix=$(realpath -m "${1:-build/windows/deps}")
cache_root=${CW_TEST_CACHE:-/var/cache/cookie-warden-tests}/windows-deps
cc=x86_64-w64-mingw32-gcc-posix
ar=x86_64-w64-mingw32-ar

version_of() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
src_version() { apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1; }

sqlite_v=$(src_version sqlite3)
psl_v=$(src_version libpsl)
idn_v=$(src_version libidn2)
if [ -z "$sqlite_v" ] || [ -z "$psl_v" ] || [ -z "$idn_v" ]; then
    echo "error: no deb-src entry for sqlite3/libpsl/libidn2; run installers/deps.sh windows" >&2
    exit 1
fi
key="sqlite3_${sqlite_v}-libpsl_${psl_v}-libidn2_${idn_v}-publicsuffix_$(version_of publicsuffix)-gcc_$($cc -dumpversion)"
key=${key//[^A-Za-z0-9._+-]/_}

link_headers() {
    mkdir -p "$prefix/include"
    for d in boost nlohmann CLI spdlog fmt valijson gtest gmock; do
        ln -sfn "/usr/include/$d" "$prefix/include/$d"
    done
    ln -sfn /usr/src/googletest "$prefix/googletest-src"
}

if [ -f "$prefix/.key" ] && [ "$(cat "$prefix/.key")" = "$key" ]; then
    link_headers
    exit 0
fi
if [ -f "$cache_root/$key/.key" ]; then
    echo "== windows deps: from the cache ($cache_root/$key)"
    rm -rf "$prefix" && mkdir -p "$prefix"
    cp -a "$cache_root/$key/." "$prefix/"
    link_headers
    exit 0
fi

echo "== windows deps: building SQLite $sqlite_v, libpsl $psl_v and libidn2 $idn_v with mingw-w64 (once)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/out"
mkdir -p "$out/include" "$out/lib"
(cd "$work" && apt-get source -qq sqlite3 libpsl libidn2 >/dev/null 2>&1) || {
    echo "error: apt-get source sqlite3 libpsl libidn2 failed (deb-src entries? dpkg-dev?)" >&2
    exit 1
}

# SQLite: the source tree makes its single-file amalgamation with tclsh (a host tool).
sq=$(find "$work" -maxdepth 1 -type d -name 'sqlite3-*' | head -1)
(cd "$sq" && ./configure --disable-tcl >/dev/null && make -s sqlite3.c >/dev/null)
$cc -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_DEFAULT_FOREIGN_KEYS=0 -DSQLITE_OMIT_LOAD_EXTENSION \
    -DSQLITE_DQS=0 -c "$sq/sqlite3.c" -o "$work/sqlite3.o"
$ar rcs "$out/lib/libsqlite3.a" "$work/sqlite3.o"
cp "$sq/sqlite3.h" "$out/include/"

# libpsl: two C files, a header made from its template, and the list as a DAFSA.
psl=$(find "$work" -maxdepth 1 -type d -name 'libpsl-*' | head -1)
pv=$(cat "$psl/version.txt" 2>/dev/null || echo "${psl_v%%-*}")
IFS=. read -r major minor patch <<<"$pv"
sed -e "s/@LIBPSL_VERSION@/$pv/" -e "s/@LIBPSL_VERSION_MAJOR@/$major/" \
    -e "s/@LIBPSL_VERSION_MINOR@/$minor/" -e "s/@LIBPSL_VERSION_PATCH@/${patch:-0}/" \
    -e "s/@LIBPSL_VERSION_NUMBER@/$(printf '0x%02x%02x%02x' "$major" "$minor" "${patch:-0}")/" \
    "$psl/include/libpsl.h.in" >"$out/include/libpsl.h"
python3 "$psl/src/psl-make-dafsa" --output-format=cxx+ \
    /usr/share/publicsuffix/public_suffix_list.dat "$work/suffixes_dafsa.h"
cat >"$work/config.h" <<EOF
#define ENABLE_BUILTIN 1
#define PACKAGE_VERSION "$pv"
#define HAVE_STRINGS_H 1
EOF
for f in psl lookup_string_in_fixed_set; do
    $cc -O2 -DHAVE_CONFIG_H -DBUILDING_PSL -DPSL_STATIC -I"$work" -I"$out/include" \
        -c "$psl/src/$f.c" -o "$work/$f.o"
done
$ar rcs "$out/lib/libpsl.a" "$work/psl.o" "$work/lookup_string_in_fixed_set.o"

# libidn2: its autotools build, static, with the libunistring parts it ships (configure takes
# them when mingw-w64 has no libunistring) and no iconv (the host hands it UTF-8). gnulib's gl/
# first: it makes headers (alloca.h) that the rest includes.
idn=$(find "$work" -maxdepth 1 -type d -name 'libidn2-*' | head -1)
(cd "$idn" && ./configure --host=x86_64-w64-mingw32 CC=$cc --enable-static --disable-shared \
    --disable-doc --disable-nls --disable-gtk-doc --disable-valgrind-tests \
    am_cv_func_iconv=no --prefix="$work/idn2" &&
    for d in gl unistring lib; do make -j2 -C "$d" || exit 1; done &&
    make -C lib install) >"$work/idn2.log" 2>&1 || {
    tail -20 "$work/idn2.log" >&2
    echo "error: building libidn2 failed" >&2
    exit 1
}
cp "$work/idn2/lib/libidn2.a" "$out/lib/"
cp "$work/idn2/include/idn2.h" "$out/include/"

echo "$key" >"$out/.key"
if mkdir -p "$cache_root" 2>/dev/null && [ -w "$cache_root" ]; then
    rm -rf "$cache_root/$key" && cp -a "$out" "$cache_root/$key"
fi
rm -rf "$prefix" && mkdir -p "$prefix"
cp -a "$out/." "$prefix/"
link_headers
