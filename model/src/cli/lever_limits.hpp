// Physical limits of land and floor rows as the scenario declares them, shared by `optimize`
// (default bounds) and `seek` (a note when the answer lies beyond them).
#pragma once
#ifdef CLUSTERSIM_HAVE_CALIBRATION

#include <utility>
#include <vector>

#include "clustersim/calibration/seek.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::cli {

// Land and floor are physically limited. Where the scenario's `uncertainty:` section gives a land
// or floor row (levers.land.<row>, levers.floor.<row>) a range, its top is the most the scenario
// holds possible, as a multiplier on the row's path (Pingshan: land ×1.5, "the 1,000 ha
// consolidation programme would support the high end"; floor ×1.1). Empty without the section
// (or without the sweep layer).
std::vector<std::pair<calibration::LeverRow, double>> declared_lever_limits(const scenario::Scenario& s);

}  // namespace clustersim::cli
#endif  // CLUSTERSIM_HAVE_CALIBRATION
