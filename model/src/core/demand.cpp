// docs/model.md §2 — the market a cluster sells into and its share of it (E1, E2, E5).
//
// A cluster with a market of its own (E1 exponential, E2 Bass) has share 1. A cluster that sells
// into a wider national or global market wins a share of it; the share moves toward a target set
// by the cluster's attractiveness: its potential output relative to the market and its
// productivity, both relative to the baseline, times an exogenous drift (Forrester's market
// growth model: capacity -> availability -> orders). A cluster that adds no capacity while the
// market grows loses share; one that adds capacity wins some, with elasticity ε < 1 and a bound.
#include <algorithm>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

void Dynamics::demand_sector(const View& v) {
  const int n = n_;
  const double* market = v.at(Stock::Market);
  const double* share = v.at(Stock::Share);
  const double* drift = v.at(Stock::ShareDrift);
  const double* reference = v.at(Stock::CapacityReference);
  const double* prod = v.at(Stock::Productivity);
  double* d_market = v.dt(Stock::Market);
  double* d_share = v.dt(Stock::Share);
  double* d_drift = v.dt(Stock::ShareDrift);
  double* d_reference = v.dt(Stock::CapacityReference);
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const auto& spec = spec_.clusters[i];
    // E1-E2: the market (the wider market for a share market).
    if (spec.market == MarketKind::Exponential) {
      d_market[i] = c.market_rate * market[i];
    } else {
      const double f = market[i] / c.bass_saturation;
      d_market[i] = c.bass_saturation * (c.bass_p + c.bass_q * f) * (1.0 - f);
    }
    d_reference[i] = 0.0;
    if (!spec.share_market) {
      share_target_(i) = share[i];
      d_share[i] = 0.0;
      d_drift[i] = 0.0;
      continue;
    }
    // E5: target share from relative capacity and relative productivity, bounded by the market.
    const double ratio = market[i] > detail::kTiny ? potential_(i) / market[i] : 0.0;
    const double r_capacity = reference[i] > detail::kTiny ? ratio / reference[i] : 1.0;
    const double x_c = r_capacity - 1.0;
    const double x_a = prod[i] - 1.0;
    const double target = drift[i] * (1.0 + c.share_a_capacity * x_c) /
                          (1.0 + c.share_b_capacity * x_c) *
                          (1.0 + c.share_a_productivity * x_a) /
                          (1.0 + c.share_b_productivity * x_a);
    share_target_(i) = std::min(target, 1.0);
    d_share[i] = (share_target_(i) - share[i]) * c.inv_share_time;
    d_drift[i] = c.drift_rate * drift[i];
  }
}

}  // namespace clustersim
