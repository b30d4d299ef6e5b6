// Physical limits of land and floor rows from the scenario's uncertainty ranges (lever_limits.hpp).
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include "lever_limits.hpp"

#include <cmath>

#ifdef CLUSTERSIM_HAVE_SWEEP
#include "clustersim/sweep/spec.hpp"
#endif

namespace clustersim::cli {

std::vector<std::pair<calibration::LeverRow, double>> declared_lever_limits(const scenario::Scenario& s) {
  std::vector<std::pair<calibration::LeverRow, double>> out;
#ifdef CLUSTERSIM_HAVE_SWEEP
  if (!sweep::declares_uncertainty(s)) return out;
  for (const auto& in : sweep::read_uncertainty(s).inputs) {
    if (in.joint || in.input.kind != analysis::Input::Kind::LeverScale) continue;
    const auto lever = static_cast<Lever>(in.input.index);
    const double high = in.distribution.support_high();
    if ((lever == Lever::Land || lever == Lever::Floor) && std::isfinite(high) && high >= 0.0)
      out.push_back({{lever, in.input.cluster}, high});
  }
#else
  (void)s;
#endif
  return out;
}

}  // namespace clustersim::cli
#endif  // CLUSTERSIM_HAVE_CALIBRATION
