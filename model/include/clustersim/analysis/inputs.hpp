// Scalar inputs of a scenario, named by path (scenario/inputs.hpp, where loading checks the
// paths a scenario's `uncertainty:` section names): the sweep and calibration layers use them as
// analysis::Input.
#pragma once

#include "clustersim/scenario/inputs.hpp"

namespace clustersim::analysis {

using scenario::Input;
using scenario::resolve_input;

}  // namespace clustersim::analysis
