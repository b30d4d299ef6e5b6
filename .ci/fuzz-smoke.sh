#!/usr/bin/env bash
# Fuzz smoke run (docs/hardening.md): builds the libFuzzer harnesses of fuzz/ with clang in a build
# directory of their own (build-fuzz: the core and scenario libraries instrumented with
# -fsanitize=fuzzer-no-link,address,undefined) and runs each for FUZZ_SECONDS (default 60) from its
# seeds. Any crash, sanitizer report, hang (-timeout) or memory blow-up (-rss_limit_mb) fails the
# job; the input that caused it is left in build-fuzz/findings/HARNESS/ (see docs/hardening.md for
# turning it into a regression case).
# Usage: .ci/fuzz-smoke.sh [HARNESS...]   (default: scenario_load overrides)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CLUSTERSIM_FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then harnesses=(scenario_load overrides); fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
clangxx=$(command -v clang++ || command -v clang++-14 || true)
if [ -z "$clangxx" ]; then
  echo "fuzz-smoke: clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$clangxx" \
      -DCLUSTERSIM_FUZZ=ON -DCLUSTERSIM_BUILD_TESTS=OFF -DCLUSTERSIM_BUILD_BENCH=OFF \
      "${launcher[@]}" >/dev/null
cmake --build "$build" -j2 --target "${harnesses[@]/#/fuzz_}"

status=0
for h in "${harnesses[@]}"; do
  corpus="$build/corpus/$h" findings="$build/findings/$h"
  mkdir -p "$corpus" "$findings"
  case $h in
    scenario_load) seeds=(scenarios tests/data/scenario fuzz/corpus/scenario
                          fuzz/regressions/scenario) ;;
    overrides) seeds=(fuzz/corpus/overrides fuzz/regressions/overrides) ;;
  esac
  echo "fuzz-smoke: $h for ${seconds} s"
  # The first corpus directory (in the build tree) receives new inputs; the seeds stay untouched.
  if ! "$build/fuzz/fuzz_$h" "$corpus" "${seeds[@]}" -dict="fuzz/${h%_load}.dict" \
         -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
         -artifact_prefix="$findings/" -print_final_stats=1 2>"$build/fuzz-$h.log"; then
    echo "fuzz-smoke: $h FAILED; the input is in $findings/, the log in $build/fuzz-$h.log:" >&2
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$build/fuzz-$h.log" | head -20 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/fuzz-$h.log" | sed "s/^/fuzz-smoke: $h /" || true
  fi
done
exit $status
