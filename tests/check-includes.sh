#!/usr/bin/env bash
# The host's rooms include one way (docs/design.md, "Host"): verbs -> store -> policy ->
# classify -> wire. platform/ is below them all; app/ (the program) may use every room.
# Prints each include that runs back up and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
rank() {
    case "$1" in
        platform) echo 0 ;; wire) echo 1 ;; classify) echo 2 ;; policy) echo 3 ;;
        store) echo 4 ;; verbs) echo 5 ;; app) echo 6 ;; *) echo -1 ;;
    esac
}
bad=0
for file in host/src/*/*.cpp host/src/*/*.hpp; do
    room=$(basename "$(dirname "$file")")
    own=$(rank "$room")
    while IFS= read -r target; do
        theirs=$(rank "$target")
        if [ "$theirs" -gt "$own" ]; then
            echo "$file includes $target/: runs back up from $room/"
            bad=1
        fi
    done < <(sed -n 's|^#include "\([a-z]*\)/.*|\1|p' "$file")
done
exit "$bad"
