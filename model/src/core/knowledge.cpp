// docs/model.md §9 — knowledge and productivity (E36-E37).
//
// Skilled staff create knowledge (measured in skilled person-years), spillovers bring in part of
// other clusters' knowledge, and knowledge becomes obsolete. Productivity follows knowledge
// relative to the baseline with a small elasticity.
#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

void Dynamics::knowledge_sector(const View& v) {
  const int n = n_;
  const double* skilled = v.at(Stock::Skilled);
  const double* know = v.at(Stock::Knowledge);
  const double* prod = v.at(Stock::Productivity);
  // E36: own creation and obsolescence, plus spillovers Ω Kn.
  for (int i = 0; i < n; ++i) knowledge_growth_(i) = skilled[i] - coef_[i].obsolescence * know[i];
  if (model_.spillover().nonZeros() > 0) {
    knowledge_growth_.matrix().noalias() +=
        model_.spillover() * Eigen::Map<const Eigen::VectorXd>(know, n);
  }
  double* d_know = v.dt(Stock::Knowledge);
  double* d_prod = v.dt(Stock::Productivity);
  for (int i = 0; i < n; ++i) {
    d_know[i] = knowledge_growth_(i);
    // E37: A = (Kn/Kn0)^φ  <=>  dA/dt = φ A (dKn/dt) / Kn, which needs no power function.
    d_prod[i] =
        know[i] > detail::kTiny ? coef_[i].elasticity * prod[i] * knowledge_growth_(i) / know[i]
                                : 0.0;
  }
}

}  // namespace clustersim
