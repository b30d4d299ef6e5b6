// docs/model.md §8 — land and high-rise factory floor (E32-E35).
//
// Released land and floor are developed into the region's vacant pools, or, when earmarked for
// a cluster, into that cluster's sites. Clusters ask for the sites their planned capital lacks
// (E34) and the pools hand them out by priority (E35).
#include <algorithm>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

std::array<double, kNumSpaceTypes> space_shares(const double* suitability, const double* yield) {
  std::array<double, kNumSpaceTypes> w{};
  double total = 0.0;
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    w[s] = yield[s] > 0.0 ? suitability[s] : 0.0;
    total += w[s];
  }
  for (int s = 0; s < kNumSpaceTypes; ++s) w[s] = total > 0.0 ? w[s] / total : 0.0;
  return w;
}

void allocate_by_priority(const double* requests, const std::vector<int>& order,
                          const std::vector<int>& group_end, double available, double* out) {
  double remaining = std::max(available, 0.0);
  std::size_t pos = 0;
  for (const int end : group_end) {
    double group_request = 0.0;
    for (std::size_t k = pos; k < static_cast<std::size_t>(end); ++k) {
      group_request += requests[order[k]];
    }
    const double granted = std::min(group_request, remaining);
    const double fill = group_request > 0.0 ? granted / group_request : 0.0;
    for (std::size_t k = pos; k < static_cast<std::size_t>(end); ++k) {
      out[order[k]] = requests[order[k]] * fill;
    }
    remaining = std::max(remaining - granted, 0.0);
    pos = static_cast<std::size_t>(end);
  }
}

void Dynamics::space_sector(const View& v) {
  const int n = n_;
  const double* cap = v.at(Stock::Capital);
  const std::array<const double*, kNumSpaceTypes> ear{v.at(Stock::EarmarkLand),
                                                      v.at(Stock::EarmarkFloor)};
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    // E34: sites for the capital in place and under construction, plus the net investment the
    // cluster wants to start (market-driven and fund-backed, before the sites' gate) over the
    // request time and twice the site absorption time: enough free sites that, in steady growth,
    // the gate of E22 does not bind when land is plentiful.
    const double wanted = inv_private_want_(i) + c.leverage * deploy_want_(i) - cap[i] * c.inv_life;
    need_(i) = hostable_(i) - headroom_(i) + std::max(wanted, 0.0) * c.request_horizon;
    // Requests in ha (万m²) of the cluster's own yield. A space relief (the marginal-binding
    // analysis) makes the cluster's sites host more without changing what it asks for: the gap
    // is taken against the sites as they would host without it.
    const double request =
        std::max(need_(i) - hostable_(i) * c.inv_space_relief, 0.0) * c.inv_request_time;
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      request_[s](i) =
          c.share[s] > 0.0
              ? c.share[s] * request / (c.kappa_eff * c.yield_eff[s] * c.inv_space_relief)
              : 0.0;
    }
  }

  for (int s = 0; s < kNumSpaceTypes; ++s) {
    const double vacant = v.at(detail::kVacant[s]);
    const double pipeline = v.at(detail::kPipeline[s]);
    // E35: allocation by priority from what the pool can hand out this year.
    available_[s] = vacant / rp_[detail::idx(detail::kAllocTime[s])];
    allocate_by_priority(request_[s].data(), priority_order_, priority_group_end_, available_[s],
                         alloc_[s].data());
    double allocated = 0.0;
    const double* earmark_lever = lever_.col(detail::idx(detail::kSpaceLever[s])).data();
    double* d_occ = v.dt(detail::kOccupied[s]);
    double* d_ear = v.dt(detail::kEarmark[s]);
    double* d_cum_alloc = v.dt(detail::kCumAlloc[s]);
    double* d_cum_supply = v.dt(detail::kCumEarmarkSupply[s]);
    double* d_cum_dev = v.dt(detail::kCumEarmarkDev[s]);
    for (int i = 0; i < n; ++i) {
      // E33: earmarked space develops into the cluster's own sites.
      const double developed = ear[s][i] * inv_dev_time_[s];
      d_ear[i] = earmark_lever[i] - developed;
      d_occ[i] = developed + alloc_[s](i);
      d_cum_alloc[i] = alloc_[s](i);
      d_cum_supply[i] = earmark_lever[i];
      d_cum_dev[i] = developed;
      allocated += alloc_[s](i);
    }
    // E32: the region's shared pools.
    const double released = lever_(n, detail::idx(detail::kSpaceLever[s]));
    const double developed = pipeline * inv_dev_time_[s];
    v.dt(detail::kPipeline[s]) = released - developed;
    v.dt(detail::kVacant[s]) = developed - allocated;
    v.dt(detail::kCumReleased[s]) = released;
    v.dt(detail::kCumDeveloped[s]) = developed;
  }
}

}  // namespace clustersim
