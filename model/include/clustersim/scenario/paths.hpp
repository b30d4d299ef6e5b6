// The dotted paths that name a model input: event targets, uncertain inputs of sweeps and the
// parameters a calibration fits all use this one grammar.
//
//   clusters.<id>.<parameter>   a cluster parameter (docs/model.md §12)
//   clusters.<id>.output        the cluster's output_scale (counted output)
//   region.<parameter>          a region parameter
//   levers.<lever>.<id|region>  a lever path (fund, land, floor, talent)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/core/spec.hpp"

namespace clustersim::scenario {

struct Scenario;

// The clusters of a scenario as users may write them: ids, and names (as in the policy document,
// e.g. 半导体与集成电路) in the same order.
struct ClusterNames {
  std::vector<std::string> ids, names;
};
ClusterNames cluster_names(const Scenario& scenario);

// The index of the cluster written as `text`: its id, or its name when no other cluster has it.
std::optional<int> find_cluster(const ClusterNames& clusters, std::string_view text);

// "unknown cluster 'x'" with the closest id ("; did you mean 'ic'?"), the cluster whose name is
// like the text ("; did you mean 'ic' (半导体与集成电路)?"), or the list of ids. `allow_region`:
// 'region' is a candidate too (lever paths).
std::string unknown_cluster(const ClusterNames& clusters, std::string_view text,
                            bool allow_region = false);

struct InputPath {
  EventTarget target;
  const ParamInfo* param = nullptr;  // null for levers
  std::string unit;                  // canonical unit of the value (a lever's amount unit)
};

// The parsed path, or a one-line reason it is not one (with a "did you mean" where one fits).
struct InputPathResult {
  std::optional<InputPath> path;
  std::string error;
};
// Clusters may be named by id or by unique name (find_cluster).
InputPathResult parse_input_path(std::string_view text, const ClusterNames& clusters);

// "; did you mean 'x'?" when a candidate is close to `word` (a typo, a truncation, a key with a
// part left out), otherwise "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace clustersim::scenario
