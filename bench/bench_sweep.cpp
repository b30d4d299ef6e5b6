// Throughput of `clustersim sweep --method mc` and the overhead of its machinery.
//
//   build/bench/bench_sweep [-n RUNS] [--quick] [--chunk RUNS] [--tolerance REL] [scenario.yaml]
//
// Default: 100,000 runs of scenarios/pingshan-2024.yaml (the Pingshan scenario
// with the 15 uncertain inputs of its `uncertainty:` section). Prints
//   bare run:      µs of build_model + simulate() with default options (the scenario as it is)
//   sweep run:     µs of one run as the sweep does it (spec copy, inputs set, model built, run
//                  with the prototype's baseline hint), measured serially on design rows
//   sweep:         runs/s on 1 thread and on all threads
//   overhead:      sweep time / (N × sweep-run time / threads), 1.00 = no machinery cost
// --quick: 10,000 runs; --tolerance: the runs' baseline tolerance (default 1e-4). Figures are wall clock on whatever else the machine is doing.
#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/engine.hpp"
#include "clustersim/sweep/spec.hpp"

using namespace clustersim;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

}  // namespace

int bench(int argc, char** argv) {
  long n = 100000;
  long chunk = 0;
  double tolerance = 0.0;
  std::string file = std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-2024.yaml";
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "-n" && k + 1 < argc) {
      n = std::atol(argv[++k]);
    } else if (a == "--quick") {
      n = 10000;
    } else if (a == "--tolerance" && k + 1 < argc) {
      tolerance = std::atof(argv[++k]);
    } else if (a == "--chunk" && k + 1 < argc) {
      chunk = std::atol(argv[++k]);
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: bench_sweep [-n RUNS] [--quick] [--chunk RUNS] [--tolerance REL] [scenario.yaml]\n"
                "Default: 100,000 runs of scenarios/pingshan-2024.yaml.");
      return 0;
    } else {
      file = a;
    }
  }
  const scenario::Scenario s = scenario::load(file);
  const sweep::Uncertainty u = sweep::read_uncertainty(s);
  const std::vector<sweep::OutputSpec> outputs = sweep::parse_outputs(s, {});
  sweep::SweepOptions o;
  o.n = n;
  if (chunk > 0) o.chunk = chunk;
  if (tolerance > 0) o.baseline_tolerance = tolerance;
  const int cores = tbb::info::default_concurrency();
  std::printf("bench_sweep: %s, %zu inputs, %zu targets, N = %ld, %d core(s)\n", s.name.c_str(),
              u.inputs.size(), s.targets.size(), n, cores);

  // Bare run: build + simulate with default options.
  const int bare_runs = 2000;
  {
    (void)simulate(scenario::build_model(s), s.solver);  // warm-up
    const auto t = clock_type::now();
    for (int k = 0; k < bare_runs; ++k) (void)simulate(scenario::build_model(s), s.solver);
    std::printf("  bare run (build_model + simulate, default options): %8.1f us\n",
                1e6 * seconds_since(t) / bare_runs);
  }

  // A sweep run done serially by hand on the first design rows, with the sweep's run options.
  const Eigen::MatrixXd design = sweep::make_design(u, o, nullptr);
  const RunResult proto = simulate(scenario::build_model(s), s.solver);
  RunOptions ro;
  ro.baseline_hint = proto.baseline_hint;
  ro.baseline_tolerance = o.baseline_tolerance;
  const long serial = std::min<long>(n, 4000);
  double sink = 0.0;
  long iterations = 0, evaluations = 0;
  const auto t_serial = clock_type::now();
  for (long r = 0; r < serial; ++r) {
    ModelSpec spec = s.spec;
    for (std::size_t k = 0; k < u.inputs.size(); ++k) {
      u.inputs[k].input.apply(spec, design(r, static_cast<Eigen::Index>(k)));
    }
    try {
      const Model model(std::move(spec));
      const RunResult run = simulate(model, s.solver, ro);
      sink += run.cluster[0](0, 1);
      iterations += run.stats.calibration_iterations;
      evaluations += run.stats.rhs_evaluations;
    } catch (const std::exception&) {
    }
  }
  const double run_us = 1e6 * seconds_since(t_serial) / static_cast<double>(serial);
  std::printf("  sweep run (spec copy, inputs, build, simulate with hint): %8.1f us  (%ld runs; "
              "%.2f baseline iterations, %.0f rhs evaluations per run; bare: %d, %ld)\n",
              run_us, serial, static_cast<double>(iterations) / static_cast<double>(serial),
              static_cast<double>(evaluations) / static_cast<double>(serial),
              proto.stats.calibration_iterations, proto.stats.rhs_evaluations);

  for (int threads : {1, cores}) {
    if (threads == 1 && cores == 1) continue;
    o.threads = threads;
    const auto t = clock_type::now();
    const sweep::SweepResult r = sweep::run_sweep(s, u, outputs, o);
    const double wall = seconds_since(t);
    const double ideal = static_cast<double>(n) * run_us * 1e-6 / threads;
    std::printf("  sweep on %d thread(s): %8.0f runs/s  (%.2f s, %ld failed)  overhead %.3f\n",
                threads, static_cast<double>(n) / wall, wall, r.table.failed(), wall / ideal);
  }
  if (sink == 42.0) std::printf("\n");
  return 0;
}

int main(int argc, char** argv) {
  try {
    return bench(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sweep: %s\n", e.what());
    return 1;
  }
}
