// Conversion of a validated provenance tree into a Scenario: the checks that need more than one
// key (cluster references, years against the horizon, measures, event targets) and the filling
// of ModelSpec in canonical units.
#pragma once

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario::detail {

// `root` must have passed validate(root, *format().root). Fills everything but file, chain and
// provenance.
void convert(const Node& root, Scenario& scenario);

}  // namespace clustersim::scenario::detail
