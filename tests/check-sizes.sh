#!/bin/sh
# Fails when a file in the repository, other than data, is over 400 lines: a file that long
# holds more than one concern and should be split. Data: JSON (schemas, manifests, catalogue,
# locales, test tables), pictures, the fuzz corpus, lock files.
set -eu
cd "$(dirname "$0")/.."
limit=400
status=0
for file in $(git ls-files); do
    case "$file" in
        *.json | *.svg | *.png | *.ico | tests/fuzz/corpus/*) continue ;;
    esac
    [ -f "$file" ] || continue
    lines=$(wc -l < "$file")
    if [ "$lines" -gt "$limit" ]; then
        echo "check-sizes: $file has $lines lines (at most $limit outside data): split it" >&2
        status=1
    fi
done
exit $status
