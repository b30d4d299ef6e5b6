// What the levers buy: the output each lever path adds per unit, by perturbed runs. Kept apart so
// that the analysis layer's shared lever response (model v2) can replace it in one place.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "clustersim/app/controls.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::app {

struct LeverResponse {
  int control = 0;  // index into controls()
  // Per unit of lever added over the window (亿元 of fund, ha of land, 万m² of floor, 1,000
  // persons of talent): each cluster's output in `year` (亿元) gained, and their sum.
  Eigen::VectorXd per_unit;
  double total = 0.0;
  double unit_size = 1.0;  // lever units per "unit" (1,000 for talent)
};

// Adds 1% of the control's scale (its reference amount, or its slider range for an empty path)
// per year from the year after the baseline to `year` on top of `scenario` (a state applied) and
// compares each cluster's output in `year` with `base` (the run of `scenario` with default
// RunOptions). One run per
// control; a control whose run fails has NaN gains.
std::vector<LeverResponse> lever_response(const scenario::Scenario& scenario,
                                          const std::vector<Control>& controls,
                                          const RunResult& base, int year);

}  // namespace clustersim::app
