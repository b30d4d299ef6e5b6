// What `clustersim run` computes beyond the projection, in one place for the command line and the
// Python module: the marginal binding factor (E10), what each lever buys, the reality checks.
#pragma once

#include <vector>

#include "clustersim/analysis/checks.hpp"
#include "clustersim/analysis/marginal.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::analysis {

struct AnalysisOptions {
  bool binding = true;  // marginal binding (4 × clusters + 1 runs)
  bool levers = true;   // lever response (4 × clusters + 1 runs)
  bool checks = true;   // the scenario's reality checks
};

struct RunAnalysis {
  std::vector<LeverResponse> levers;
  std::vector<CheckResult> checks;
  int extra_runs = 0;  // model runs beyond the projection itself
};

// Fills run.binding / run.binding_gains (when options.binding) and returns the rest.
RunAnalysis analyse_run(const scenario::Scenario& scenario, const Model& model,
                        RunResult& run, const AnalysisOptions& options = {});

}  // namespace clustersim::analysis
