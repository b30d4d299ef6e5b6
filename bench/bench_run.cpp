// Single-run cost on one core: each shipped scenario (already loaded and built), then synthetic
// regions of 9, 90 and 900 clusters to show how the cost grows with size.
//
//   build/bench/bench_run [--min-time SECONDS] [--runs N] [--no-synthetic] [scenario.yaml ...]
//
// --runs N runs each scenario exactly N times, untimed, for instruction counts under callgrind.
//
// Prints one line per scenario, "<file stem>: <µs> us/run", then the scaling table. The figure is
// the median over batches of whole runs (baseline reproduction included), wall clock; "cpu" is
// the median of the thread's CPU time per run, which excludes waiting for a core on a loaded machine.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

struct Timing {
  double us_per_run;   // median batch
  double best_us;      // fastest batch: the figure least disturbed by other load on the machine
  double cpu_us;       // median batch, this thread's CPU time: excludes time the thread waited
                       // for a core, so it stays meaningful on a loaded machine
  long evaluations;
  long steps;
  int calibration_iterations;
};

// Median and fastest of 11 batches; each batch runs until `batch_seconds` have passed.
Timing time_runs(const Model& model, const SolverOptions& solver, double min_seconds) {
  using clock = std::chrono::steady_clock;
  // Warm-up for half a second, not one run: the first scenario timed after start-up otherwise
  // reads ~40% slow (caches, page faults, the core's clock ramping up) in every batch.
  RunResult last = simulate(model, solver);
  for (const auto warm = clock::now();
       std::chrono::duration<double>(clock::now() - warm).count() < 0.5;) {
    last = simulate(model, solver);
  }
  auto cpu_seconds = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  std::vector<double> per_run, cpu_per_run;
  const int batches = 11;
  const double batch_seconds = min_seconds / batches;
  for (int b = 0; b < batches; ++b) {
    long runs = 0;
    const double cpu_start = cpu_seconds();
    const auto start = clock::now();
    double elapsed = 0.0;
    do {
      last = simulate(model, solver);
      ++runs;
      elapsed = std::chrono::duration<double>(clock::now() - start).count();
    } while (elapsed < batch_seconds);
    per_run.push_back(1e6 * elapsed / static_cast<double>(runs));
    cpu_per_run.push_back(1e6 * (cpu_seconds() - cpu_start) / static_cast<double>(runs));
  }
  std::sort(per_run.begin(), per_run.end());
  std::sort(cpu_per_run.begin(), cpu_per_run.end());
  return {per_run[per_run.size() / 2], per_run.front(), cpu_per_run[cpu_per_run.size() / 2],
          last.stats.rhs_evaluations, last.stats.steps, last.stats.calibration_iterations};
}

// n clusters drawn like the shipped ones: sizes 100-3000 亿元, each buying from two others and
// learning from two others, all levers active, and one demand shock.
ModelSpec synthetic(int n) {
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> size(100.0, 3000.0), growth(0.03, 0.25), u(0.0, 1.0);
  std::uniform_int_distribution<int> pick(0, n - 1);
  ModelSpec s = default_spec(n, 2023, 2030);
  std::vector<Eigen::Triplet<double>> io, share, spill;
  for (int i = 0; i < n; ++i) {
    auto& c = s.clusters[i];
    c.baseline_output = size(rng);
    c[ClusterParam::MarketGrowth] = growth(rng);
    c[ClusterParam::Priority] = static_cast<double>(i % 3);
    if (i % 7 == 0) c[ClusterParam::FloorSuitability] = 0.0;
    if (i % 5 == 0) c.market = MarketKind::Bass;
    for (int k = 0; k < 2; ++k) {
      const int j = (i + 1 + pick(rng) % std::max(n - 1, 1)) % n;
      if (j == i) continue;
      io.emplace_back(j, i, 0.02 * u(rng));
      share.emplace_back(j, i, 0.3);
      spill.emplace_back(i, j, 0.01);
    }
  }
  auto build = [n](std::vector<Eigen::Triplet<double>>& t, Eigen::SparseMatrix<double>& m,
                   bool cap_rows) {
    m.resize(n, n);
    m.setFromTriplets(t.begin(), t.end(), [cap_rows](double a, double b) {
      return cap_rows ? std::min(a + b, 0.05) : std::min(a + b, 1.0);
    });
  };
  build(io, s.io, false);
  build(share, s.local_share, false);
  build(spill, s.spillover, true);
  for (int y = 0; y < s.num_years(); ++y) {
    for (int i = 0; i < n; ++i) s.levers[static_cast<int>(Lever::Fund)](i, y) = 5.0;
    s.levers[static_cast<int>(Lever::Land)](n, y) = 20.0 * n;
    s.levers[static_cast<int>(Lever::Floor)](n, y) = 30.0 * n;
    s.levers[static_cast<int>(Lever::Talent)](n, y) = 3000.0 * n;
  }
  EventSpec shock;
  shock.name = "shock";
  shock.target = {EventTarget::Kind::ClusterParam, static_cast<int>(ClusterParam::MarketScale), 0};
  shock.op = EventOp::Scale;
  shock.value = 0.85;
  shock.start = shock.end = 2024.25;
  s.events.push_back(shock);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = 1.0;
  int fixed_runs = 0;  // --runs N: exactly N untimed runs per scenario (for callgrind)
  bool synthetic_runs = true;
  std::vector<fs::path> files;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--min-time" && k + 1 < argc) {
      min_seconds = std::atof(argv[++k]);
    } else if (arg == "--runs" && k + 1 < argc) {
      fixed_runs = std::atoi(argv[++k]);
      synthetic_runs = false;
    } else if (arg == "--no-synthetic") {
      synthetic_runs = false;
    } else if (arg == "--help" || arg == "-h") {
      std::puts("usage: bench_run [--min-time SECONDS] [--runs N] [--no-synthetic] [scenario.yaml ...]\n"
                "Default: every scenarios/*.yaml of the source tree.");
      return 0;
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) {
    for (const auto& e : fs::directory_iterator(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios")) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
  }

  std::printf("# one core, wall clock, median of 11 batches (and the best batch; cpu: median of the thread's CPU time), baseline reproduction included\n");
  for (const auto& file : files) {
    try {
      const scenario::Scenario sc = scenario::load(file);
      const Model model = scenario::build_model(sc);
      if (fixed_runs > 0) {
        // Untimed: divide an instruction count (valgrind --tool=callgrind) by the number of runs.
        RunResult r;
        for (int k = 0; k < fixed_runs; ++k) r = simulate(model, sc.solver);
        std::printf("%s: %d runs; each %ld rhs evaluations, %ld steps, %ld rejected, %d segments, "
                    "%d baseline trials\n",
                    file.stem().c_str(), fixed_runs, r.stats.rhs_evaluations, r.stats.steps,
                    r.stats.rejected_steps, r.stats.segments, r.stats.calibration_iterations);
        // The same run from the baseline as the initial output rates, without the baseline
        // trials: the difference is what reproducing the baseline year costs.
        RunOptions fixed;
        fixed.calibrate_baseline = false;
        const RunResult f = simulate(model, sc.solver, fixed);
        std::printf("  without the baseline trials: %ld rhs evaluations, %ld steps, %ld rejected\n",
                    f.stats.rhs_evaluations, f.stats.steps, f.stats.rejected_steps);
        continue;
      }
      const Timing t = time_runs(model, sc.solver, min_seconds);
      std::printf("%s: %.1f us/run   (best %.1f; cpu %.1f; %d clusters, %ld rhs evaluations, %ld steps, %d baseline trials)\n",
                  file.stem().c_str(), t.us_per_run, t.best_us, t.cpu_us, model.num_clusters(), t.evaluations, t.steps,
                  t.calibration_iterations);
    } catch (const std::exception& e) {
      std::printf("%s: failed: %s\n", file.stem().c_str(), e.what());
      return 1;
    }
  }

  if (!synthetic_runs) return 0;
  std::printf("# scaling with synthetic clusters (2 suppliers and 2 spillover sources each)\n");
  double base = 0.0;
  for (const int n : {9, 90, 900}) {
    const Model model(synthetic(n));
    const Timing t = time_runs(model, SolverOptions{}, n >= 900 ? 2 * min_seconds : min_seconds);
    if (n == 9) base = t.us_per_run;
    std::printf("synthetic-%d: %.1f us/run   (best %.1f; cpu %.1f; %.2f us per cluster, x%.1f vs 9 clusters, %ld rhs evaluations)\n",
                n, t.us_per_run, t.best_us, t.cpu_us, t.us_per_run / n, t.us_per_run / base, t.evaluations);
  }
  return 0;
}
