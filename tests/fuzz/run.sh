#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time.
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET]   (default 60)
# New inputs found go to a scratch folder; the committed seeds in tests/fuzz/corpus stay as
# they are. A crash leaves its input in artifacts/fuzz/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

mkdir -p artifacts/fuzz
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
passed=0
for target in build/fuzz/tests/fuzz/*_fuzz; do
    name=$(basename "$target" _fuzz)
    mkdir -p "$scratch/$name" "tests/fuzz/corpus/$name"
    echo "== fuzz: $name for ${seconds}s"
    if "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="artifacts/fuzz/$name-" "$scratch/$name" "tests/fuzz/corpus/$name" \
        > "artifacts/fuzz/$name.log" 2>&1; then
        grep -E "stat::number_of_executed_units|Done" "artifacts/fuzz/$name.log" | tail -2
        passed=$((passed + 1))
    else
        echo "fuzz target $name FAILED; log: artifacts/fuzz/$name.log"
        tail -40 "artifacts/fuzz/$name.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
