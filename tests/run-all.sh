#!/usr/bin/env bash
# Runs every test of Cookie Warden on a fresh Debian/Ubuntu machine, installing what the tests
# need first. Exit status 0 only if every suite passed.
set -euo pipefail
cd "$(dirname "$0")/.."

installers/deps.sh test

echo "== habits: every C++ file as clang-format-14 lays it out; no file over 400 lines outside data; includes between the host's rooms run one way"
git ls-files '*.cpp' '*.hpp' | xargs clang-format-14 --dry-run --Werror
tests/check-sizes.sh
tests/check-includes.sh

echo "== host: build (warnings are errors) and unit + integration tests"
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j "$(nproc)"

echo "== extension: tooling (npm ci), eslint, web-ext lint, unit tests, packing"
npm ci --no-audit --no-fund --loglevel=error
npx eslint .
npx web-ext lint --source-dir extension --self-hosted --no-config-discovery
node --test tests/extension/*.test.mjs
npm run -s pack

echo "== extension: real browsers (headless Chromium with the unpacked extension, Firefox ESR with the .xpi)"
CW_BUILD_DIR=build/dev node --test tests/browser/chromium.test.mjs tests/browser/firefox.test.mjs tests/browser/leaks.test.mjs \
  tests/browser/login.test.mjs

echo "== end to end: the scenarios of docs/e2e.md in headless Chromium and Firefox ESR"
CW_BUILD_DIR=build/dev node --test tests/e2e/

echo "== host: unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
cmake --build --preset asan
# The four-hosts hammer already ran for a minute above; a shorter run suffices under ASan.
CW_HAMMER_SECONDS="${CW_HAMMER_SECONDS_ASAN:-20}" ctest --preset asan -j "$(nproc)"

echo "== host: libFuzzer targets, ${CW_FUZZ_SECONDS:-60} s each"
tests/fuzz/run.sh "${CW_FUZZ_SECONDS:-60}"

# Slow (the first time on a machine, debootstrap of Debian 12; the base
# system is cached under /var/cache/cookie-warden-tests), so it is a step of its own.
echo "== installers: Debian package (cpack -G DEB, lintian, apt-get install in a fresh Debian 12)"
# It packages the dev build made above (CPack strips it) instead of compiling a release build.
CW_PACKAGE_BUILD_DIR=build/dev tests/packaging/deb_test.sh
