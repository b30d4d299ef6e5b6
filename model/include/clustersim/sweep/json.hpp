// A scenario's uncertainty as JSON, beside the resolved scenario of scenario/json.hpp: what the
// simulator page needs to run `clustersim sweep --method mc` itself.
//
//   {"inputs": [{"path", "distribution": {"kind", ...parameters}, "source", "joint"}],
//    "correlations": [[path a, path b, rank correlation], ...],
//    "posterior": {"file", "draws": [[value per joint input, in input order], ...]}}
//
// Distribution parameters by kind: uniform low, high; triangular low, mode, high; normal mean,
// sd, low, high; lognormal median, sigma, low, high; discrete values, weights. An unbounded
// low or high is null.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/spec.hpp"

namespace clustersim::sweep {

nlohmann::ordered_json to_json(const Uncertainty& uncertainty);

// The uncertainty of `j` resolved against `scenario` (which may be a what-if of the scenario it
// was written for). An input whose path names nothing in `scenario` (an event the what-if
// removed) is left out, with its correlations and draws, and its path added to `dropped`; without
// `dropped` it is an error. Throws std::invalid_argument naming the key for a malformed document.
Uncertainty uncertainty_from_json(const nlohmann::json& j, const scenario::Scenario& scenario,
                                  std::vector<std::string>* dropped = nullptr);

}  // namespace clustersim::sweep
