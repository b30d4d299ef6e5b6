#include "clustersim/analysis/run_analysis.hpp"

namespace clustersim::analysis {

RunAnalysis analyse_run(const scenario::Scenario& scenario, const Model& model, RunResult& run,
                        const AnalysisOptions& options) {
  RunAnalysis a;
  const int n = model.num_clusters();
  if (options.binding) {
    compute_marginal_binding(model, scenario.solver, run);
    a.extra_runs += kNumFactors * n + 1;
  }
  if (options.levers) {
    a.levers = lever_responses(model, scenario.solver, run);
    a.extra_runs += kNumLevers * n + 1;
  }
  if (options.checks) {
    a.checks = run_checks(scenario, model, scenario.solver, run);
    for (const auto& c : a.checks) a.extra_runs += c.runs;
  }
  return a;
}

}  // namespace clustersim::analysis
