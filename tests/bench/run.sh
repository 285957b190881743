#!/usr/bin/env bash
# The performance report of issue 8 in one command: builds the release preset, runs the load
# driver against the real host and the reference host, prints every figure beside its target
# and redraws tests/bench/latency.svg. Extra arguments go to cw-load (try --help, --runs 5).
#   tests/bench/run.sh            the full report (about 5 minutes)
#   tests/bench/run.sh micro      the Google Benchmark micro-benchmarks (cw-bench) instead
#   tests/bench/run.sh pages      page load with 200 cookies in Chromium and Firefox (issue 10):
#                                 no extension, extensions that only listen, Cookie Warden
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${1:-}" == pages ]]; then
    cmake --preset dev >/dev/null
    cmake --build --preset dev -j2 --target cookie-warden cookie-warden-host
    npm ci --no-audit --no-fund --loglevel=error
    npm run -s pack
    CW_BUILD_DIR=build/dev exec node tests/bench/page-load.mjs
fi

if [[ "${1:-}" == micro ]]; then
    shift
    cmake --preset release >/dev/null
    cmake --build --preset release -j2 --target cw-bench
    exec build/release/tests/bench/cw-bench --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true "$@"
fi

cmake --preset release >/dev/null
cmake --build --preset release -j2 --target cw-load
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- host tests/bench/load tests/bench/reference_host.cpp || commit+="+changes"
results=${CW_BENCH_RESULTS:-build/release/bench-results.json}
build/release/tests/bench/cw-load --commit "$commit" --json "$results" "$@"
python3 tests/bench/plot_latency.py "$results" "${CW_BENCH_PLOT:-tests/bench/latency.svg}"
echo "figures: $results; plot: ${CW_BENCH_PLOT:-tests/bench/latency.svg}"
