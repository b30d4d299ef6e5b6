#include "clustersim/app/response.hpp"

#include <limits>

namespace clustersim::app {

std::vector<LeverResponse> lever_response(const scenario::Scenario& s,
                                          const std::vector<Control>& controls,
                                          const RunResult& base, int year) {
  const ModelSpec& spec = s.spec;
  const int n = spec.num_clusters();
  const int first = std::min(spec.start_year + 1, year);
  const int years = year - first + 1;
  // The base run's options (the defaults): the baseline year is not perturbed, so the baseline
  // reproduction takes the same path and the difference is the lever's alone, not solver noise.
  const RunOptions options;
  const auto& out = base.cluster[static_cast<int>(ClusterVar::Output)];
  std::vector<LeverResponse> rows;
  for (std::size_t k = 0; k < controls.size(); ++k) {
    const Control& c = controls[k];
    LeverResponse r;
    r.control = static_cast<int>(k);
    r.unit_size = c.lever == Lever::Talent ? 1000.0 : 1.0;
    const double delta = 0.01 * (c.reference > 0.0 ? c.reference : c.max);
    ModelSpec perturbed = spec;
    auto row = perturbed.levers[static_cast<int>(c.lever)].row(c.row);
    for (int y = first; y <= year; ++y) row(y - spec.start_year) += delta;
    r.per_unit = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
    r.total = std::numeric_limits<double>::quiet_NaN();
    try {
      const RunResult run = simulate(Model(std::move(perturbed)), s.solver, options);
      const auto& o = run.cluster[static_cast<int>(ClusterVar::Output)];
      const double added = delta * years / r.unit_size;
      r.per_unit = (o.col(year - spec.start_year) - out.col(year - spec.start_year)) / added;
      r.total = r.per_unit.sum();
    } catch (const std::exception&) {
      // left NaN: the page shows a dash
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace clustersim::app
