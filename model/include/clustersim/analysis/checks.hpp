// Reality checks (docs/scenario-format.md "checks"; the idea of Vensim's Reality Check and of
// SDEverywhere's model checks): declared expectations about how the model responds, run against
// the scenario. Each check changes the scenario (inputs set, a project added, an input varied),
// runs it, and compares a variable with bounds, with the base run, or across the varied values.
#pragma once

#include <string>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::analysis {

struct CheckResult {
  std::string name;
  std::string describe;     // Chinese
  std::string describe_en;  // English
  bool passed = false;
  std::string expected;  // what was expected, one line, with units
  std::string got;       // what came out: the worst case, with its cluster and year
  int runs = 0;          // model runs the check took
};

// Run every check of the scenario. `base` is the scenario's own run (simulate with baseline
// calibration). Throws scenario::ScenarioError, located at the check, for an input path that names
// nothing or a change the model refuses.
std::vector<CheckResult> run_checks(const scenario::Scenario& scenario, const Model& model,
                                    const SolverOptions& solver, const RunResult& base);

}  // namespace clustersim::analysis
