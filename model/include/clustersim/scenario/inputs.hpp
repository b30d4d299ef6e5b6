// Scalar inputs of a scenario, named by path, that a sweep varies or a calibration fits. An Input
// is resolved once against the scenario and then applied to copies of the prototype spec, so a
// sample costs a copy and a few stores. In the scenario layer, so that loading a scenario checks
// the paths of its `uncertainty:` section (analysis::Input is this type).
//
// Paths (the event-target grammar of scenario/paths.hpp, plus events, projects and baselines):
//   clusters.<id>.<parameter>, clusters.<id>.output, region.<parameter>   the value itself
//   levers.<lever>.<id|region>    a multiplier on that lever path (1 = as in the scenario)
//   levers.<lever>.<id|region>.add  an amount added to that path in every year of the horizon
//                                 (the lever's unit: 亿元/yr, ha/yr, 万m²/yr, persons/yr)
//   events.<name>.value           an event's to/scale/add amount
//   events.<name>.at              an event's start (a ramp keeps its duration)
//   events.<name>.capex           a project's capex (亿元)
//   events.<name>.start           a project's start
//   clusters.<id>.baseline        the cluster's baseline-year output (亿元)
#pragma once

#include <stdexcept>
#include <string>

#include "clustersim/core/spec.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario {

struct Input {
  enum class Kind { ClusterParam, RegionParam, LeverScale, LeverAdd, EventValue, EventStart,
                    ProjectCapex, ProjectStart, Baseline };
  std::string path;
  Kind kind = Kind::ClusterParam;
  int index = 0;    // parameter or lever enumerator; event or project index in the spec
  int cluster = 0;  // cluster (levers: n = the region row)
  double base = 0;  // the value in the scenario (1 for lever multipliers, 0 for lever additions)
  std::string unit;  // canonical unit of the value ("1" for multipliers)
  double lower = -kInf;  // admissible range of the value
  double upper = kInf;

  // Set the input to `value` in `spec`, a copy of the scenario's spec. Lever multipliers scale
  // the lever row as it stands, so apply each input once per copy.
  void apply(ModelSpec& spec, double value) const;
};

// Resolve `path` against the scenario. Throws std::invalid_argument with a one-line reason
// ("unknown event 'x'; did you mean 'y'?") for a path that names nothing.
Input resolve_input(const Scenario& scenario, const std::string& path);

// The rank correlations of the scenario's `uncertainty:` section among its declared inputs, in
// the order written (identity where none is given; empty without the section). Loading checked
// them: declared inputs, each pair once, within (-1, 1), jointly possible.
Eigen::MatrixXd declared_correlations(const Scenario& scenario);

}  // namespace clustersim::scenario
