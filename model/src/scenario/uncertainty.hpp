// Private to the scenario layer: the `uncertainty:` section checked against the scenario when it
// is loaded, so that `validate` and `run` refuse what `sweep` would (the sweep layer reads the
// distributions themselves).
#pragma once

#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario::detail {

// At least one input; every input path names something in the scenario (resolve_input);
// correlations between declared inputs, each pair once, within (-1, 1) and jointly possible.
void check_uncertainty(const Node& root, const Scenario& scenario);

}  // namespace clustersim::scenario::detail
