#!/usr/bin/env bash
# The C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer (docs/hardening.md).
# Configures build-asan with CLUSTERSIM_SANITIZE=ON (gcc), builds the libraries, the CLI, the C++
# tests and the CLI's process tests, and runs them; any sanitizer report fails the job. The Python
# module, the simulator page and the notebooks are not built there (see CMakeLists.txt).
# Usage: .ci/sanitize.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CLUSTERSIM_ASAN_BUILD:-build-asan}
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
start=$(date +%s)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCLUSTERSIM_SANITIZE=ON \
      -DCLUSTERSIM_BUILD_BENCH=OFF "${launcher[@]}"
cmake --build "$build" -j2
# halt_on_error/abort_on_error: a report ends the test that caused it; detect_leaks: leaks count.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j2 -E "^(docs|notebook|browser|python)" "$@"
echo "sanitize: passed in $(( $(date +%s) - start )) s"
