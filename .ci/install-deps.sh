#!/usr/bin/env bash
# Installs what clustersim needs on Debian 12 (bookworm), from Debian's own packages only.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  cmake g++ make                      # toolchain
  libeigen3-dev                       # state vectors and coupling matrices
  libboost-dev                        # Boost.Odeint, Boost.Math (header-only)
  libyaml-cpp-dev                     # scenario files
  catch2                              # C++ tests (Catch2 2.13)
  libcli11-dev libfmt-dev             # command line, formatting
  nlohmann-json3-dev                  # summary.json, JSON Schema
  libtbb-dev                          # parallel sweeps
  libnlopt-cxx-dev                    # calibration and optimisation
  python3                             # CLI golden tests (stdlib only)
  graphviz                            # tests: docs/model-diagram.svg is the rendered .dot (not needed to build)
  pybind11-dev python3-dev            # the Python module
  python3-numpy python3-pandas python3-matplotlib python3-pytest
  python3-xlsxwriter fonts-noto-cjk   # review pack: workbook, Chinese labels
  python3-openpyxl                    # clustersim import-levers: reading lever schedules (.xlsx)
  poppler-utils                       # tests: pdftotext/pdffonts read the review pack's PDF
  python3-nbclient python3-nbformat python3-ipykernel  # notebooks executed in the tests
  emscripten                          # the simulator page's model as WebAssembly
  chromium                            # browser tests of the simulator page (headless)
  clang libclang-rt-14-dev            # fuzz harnesses: clang 14 and libFuzzer (libclang_rt.fuzzer)
)
# Node.js and npm build the page (vite, ECharts) and drive Chromium (playwright-core), all from
# model/web/package-lock.json by `npm ci` during the build. A machine that has Node.js already
# (e.g. a newer one than Debian's) keeps it; otherwise Debian's nodejs and npm.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
