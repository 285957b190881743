#!/usr/bin/env bash
# The whole set-up on a fresh Debian/Ubuntu machine: installs missing build dependencies,
# builds Cookie Warden and says where everything is.
set -euo pipefail
cd "$(dirname "$0")/.."

installers/deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release

cat <<MSG

Cookie Warden is built:
  host:              $PWD/build/release/host/cookie-warden-host
  command-line tool: $PWD/build/release/host/cookie-warden
Try: build/release/host/cookie-warden --help
MSG
