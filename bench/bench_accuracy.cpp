// Accuracy and cost of solver settings against a reference solve (dopri5, rtol = atol = 1e-10):
// per shipped scenario, the right-hand-side evaluations of a run and the worst relative error of
// each annual output variable, and whether every target's first year reached is unchanged.
//
//   build/bench/bench_accuracy [--rtol X] [--atol X] [--control-all] [--vars] [FILE.yaml ...]
//
// --control-all puts the accumulators of annual flows back into the error norm (the settings
// before Dec 2026).
//
// The error of a value is |v - v_ref| / max(|v_ref|, 1% of the largest |v_ref| of its series),
// so that a flow crossing zero is judged against its own scale. tests/analysis/accuracy_test.cpp
// asserts the same measure (0.1%) for the default settings.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "clustersim/analysis/accuracy.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

int main(int argc, char** argv) {
  SolverOptions candidate;
  RunOptions candidate_run;
  bool show_vars = false;
  std::vector<fs::path> files;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--rtol" && a + 1 < argc) {
      candidate.rtol = std::stod(argv[++a]);
    } else if (arg == "--atol" && a + 1 < argc) {
      candidate.atol = std::stod(argv[++a]);
    } else if (arg == "--control-all") {
      candidate_run.control_accumulators = true;
    } else if (arg == "--vars") {
      show_vars = true;
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
  const SolverOptions reference = analysis::reference_solver();
  const RunOptions strict = analysis::reference_run();
  std::printf("settings: rtol %g atol %g, accumulators %s the error norm\n", candidate.rtol,
              candidate.atol, candidate_run.control_accumulators ? "in" : "out of");
  std::vector<double> worst_cluster(kNumClusterVars, 0.0), worst_region(kNumRegionVars, 0.0);
  for (const auto& file : files) {
    scenario::Scenario s = scenario::load(file);
    const Model model = scenario::build_model(s);
    const RunResult ref = simulate(model, reference, strict);
    const RunResult run = simulate(model, candidate, candidate_run);
    double out = 0.0;
    for (int v = 0; v < kNumClusterVars; ++v) {
      for (int i = 0; i < model.num_clusters(); ++i) {
        const double e = analysis::series_error(run.cluster[v].row(i).transpose().array(),
                                      ref.cluster[v].row(i).transpose().array());
        worst_cluster[v] = std::max(worst_cluster[v], e);
        if (v == static_cast<int>(ClusterVar::Output)) out = std::max(out, e);
      }
    }
    for (int v = 0; v < kNumRegionVars; ++v) {
      worst_region[v] = std::max(worst_region[v],
                                 analysis::series_error(run.region[v].array(), ref.region[v].array()));
    }
    int moved = 0;
    const auto a = analysis::evaluate_targets(s, run);
    const auto b = analysis::evaluate_targets(s, ref);
    for (std::size_t k = 0; k < a.size(); ++k) moved += a[k].first_year_reached != b[k].first_year_reached;
    std::printf("%-40s evals %5ld (ref %6ld) trials %d  output err %.2e  targets moved %d\n",
                file.stem().string().c_str(), run.stats.rhs_evaluations, ref.stats.rhs_evaluations,
                run.stats.calibration_iterations, out, moved);
  }
  if (show_vars) {
    for (int v = 0; v < kNumClusterVars; ++v) {
      std::printf("  %-20s %.2e\n", std::string(kClusterVarInfo[v].name).c_str(), worst_cluster[v]);
    }
    for (int v = 0; v < kNumRegionVars; ++v) {
      std::printf("  region %-13s %.2e\n", std::string(kRegionVarInfo[v].name).c_str(),
                  worst_region[v]);
    }
  }
  return 0;
}
