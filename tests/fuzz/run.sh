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

# One target: its log goes to artifacts/fuzz/NAME.log, its exit status to $scratch/NAME.rc.
fuzz_one() {
    local target=$1 name rc=0
    name=$(basename "$target" _fuzz)
    mkdir -p "$scratch/$name" "tests/fuzz/corpus/$name"
    "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="artifacts/fuzz/$name-" "$scratch/$name" "tests/fuzz/corpus/$name" \
        > "artifacts/fuzz/$name.log" 2>&1 || rc=$?
    echo "$rc" > "$scratch/$name.rc"
}

# Each fuzzer uses one core, so as many run at once as there are cores: every target still
# gets its full time, and the step takes a fraction of running them one after another.
targets=(build/fuzz/tests/fuzz/*_fuzz)
jobs=$(nproc)
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    echo "== fuzz: $(basename "$target" _fuzz) for ${seconds}s"
    fuzz_one "$target" &
done
wait

failed=0
passed=0
for target in "${targets[@]}"; do
    name=$(basename "$target" _fuzz)
    if [ "$(cat "$scratch/$name.rc" 2>/dev/null)" = 0 ]; then
        echo "fuzz: $name: $(grep -E "stat::number_of_executed_units" "artifacts/fuzz/$name.log" | tail -1)"
        passed=$((passed + 1))
    else
        echo "fuzz target $name FAILED; log: artifacts/fuzz/$name.log"
        tail -40 "artifacts/fuzz/$name.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
