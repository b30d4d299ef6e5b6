// What "the same accuracy" means for solver settings (docs/model.md §13), in one place for the
// accuracy suite (tests/analysis/accuracy_test.cpp) and bench/bench_accuracy: a reference solve
// (dopri5, rtol = atol = 1e-10, baseline reproduced to 1e-10, every state in the error norm) and
// the error of an annual series against it.
#pragma once

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "clustersim/core/simulate.hpp"

namespace clustersim::analysis {

inline SolverOptions reference_solver() {
  SolverOptions o;
  o.rtol = o.atol = 1e-10;
  return o;
}

inline RunOptions reference_run() {
  RunOptions o;
  o.baseline_tolerance = 1e-10;
  o.control_accumulators = true;
  return o;
}

// Worst of |v - ref| / max(|ref|, 1% of the series' largest |ref|): a flow that passes through
// zero (e.g. fund-backed investment before a fund starts) is judged against its own scale.
inline double series_error(const Eigen::ArrayXd& v, const Eigen::ArrayXd& ref) {
  const double floor = 0.01 * ref.abs().maxCoeff();
  double worst = 0.0;
  for (Eigen::Index k = 0; k < v.size(); ++k) {
    const double scale = std::max(std::abs(ref[k]), floor);
    if (scale > 0.0) worst = std::max(worst, std::abs(v[k] - ref[k]) / scale);
  }
  return worst;
}

}  // namespace clustersim::analysis
