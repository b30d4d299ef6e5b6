// The model side of the policy simulator page (docs/simulator.md), with JSON text in and out so
// that the WebAssembly bindings are one line per method. The same class runs natively in the
// tests and the benchmark, so the page's numbers are checked against the CLI's without a browser.
//
// Every method returns a JSON object; a failure returns {"error": "<one line>"} instead of
// throwing (a slider position the model cannot run must not break the page).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/app/controls.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/spec.hpp"

namespace clustersim::app {

// A source for the reader, with each document named by its number:
// "[ps-6plus3-2024] 三(一)2(2): …" -> "深坪府[2024]1号 三(一)2(2): …" when the scenario's sources
// file gives that id a title ending in "（深坪府[2024]1号）", or a scenario source reads
// "[ps-6plus3-2024] 深坪府[2024]1号 <title>" (every "[id]" in the text); and the older
// "<short name>, 三(一)2(2): …" -> "深坪府[2024]1号 三(一)2(2): …" when one reads
// "<short name>: 深坪府[2024]1号 …" (as the Python charts' cite()); otherwise unchanged.
std::string cite(const std::string& source, const scenario::Scenario& scenario);

class Simulator {
 public:
  // `document`: the JSON of `clustersim export --json` (the resolved scenario with its
  // uncertainty). Throws std::invalid_argument when it does not fit.
  explicit Simulator(const std::string& document);
  ~Simulator();

  // Names, units, sources, targets, the controls with their ranges and the likelihood scale.
  std::string info() const;
  // One run with the state's levers and switches (`clustersim run --quick`): per cluster and
  // year the output (in the cluster's unit), market share, fund money committed, deployed and
  // undeployed, and the smallest limit of output (E9); the target rows of
  // analysis::evaluate_targets without their binding factor (that needs `analyse`).
  std::string run(const std::string& state) const;
  // What `clustersim run` adds to the projection, under the state: the marginal binding factor
  // with the four gains (analysis::compute_marginal_binding) and the target rows' binding, and
  // what the levers buy (analysis::lever_responses, as levers.csv). 8 x clusters + 2 perturbed
  // runs: the page calls it in its worker once the sliders rest.
  std::string analyse(const std::string& state) const;
  // The what-if file of the state (whatif_yaml).
  std::string whatif(const std::string& state, const std::string& name,
                     const std::string& title) const;

  // Monte Carlo over the scenario's uncertainty under the state, as `clustersim sweep --method
  // mc -n N --seed SEED` on the what-if file: start, then step until done, then the result
  // (target probabilities with their likelihood words, output bands).
  std::string mc_start(const std::string& state, long runs, double seed);
  long mc_step(long runs);  // runs done so far
  std::string mc_result() const;

  const scenario::Scenario& scenario() const { return scenario_; }
  const std::vector<Control>& controls() const { return controls_; }

 private:
  struct MonteCarlo;
  State state_of(const std::string& text) const;

  scenario::Scenario scenario_;
  std::optional<nlohmann::json> uncertainty_;
  std::vector<Control> controls_;
  std::unique_ptr<MonteCarlo> mc_;
};

}  // namespace clustersim::app
