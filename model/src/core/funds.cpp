// docs/model.md §6 — government industry funds (E23-E25).
//
// Fund money committed to a cluster (the fund lever) is undeployed until it finds projects the
// cluster can absorb: deployment runs at most at the deployment time's pace, at most at the
// rate the cluster's capital can take, only into capacity its expected demand would use at the
// funds' hurdle utilisation (the pipeline of bankable projects), and only where there are sites
// (the gate of E22, in capital.cpp). Money that cannot be deployed stays in the fund and
// is reported; it never becomes capital. Named projects draw their fund share from the same money.
#include <algorithm>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

void Dynamics::fund_requests(const View& v) {
  const int n = n_;
  const double* fund = v.at(Stock::FundUndeployed);
  const double* cap = v.at(Stock::Capital);
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double available = std::max(fund[i], 0.0);
    // E24: deployment wanted: the money over the deployment time, within absorptive capacity:
    // fund-backed investment at most max_fund_absorption × capital per year, and only into the
    // project pipeline, the capital the cluster's expected demand would use at the funds' hurdle
    // utilisation beyond what is in place and under construction (built over the deployment time).
    const double pipeline =
        std::max(desired_capital_(i) * c.hurdle_ratio - (hostable_(i) - headroom_(i)), 0.0) *
        c.inv_deploy_time;
    deploy_(i) = std::min(available * c.inv_deploy_time,
                          std::min(c.max_absorption * std::max(cap[i], 0.0), pipeline) /
                              c.leverage);
    // E25: named projects draw their fund share while the fund has money; the draw tapers off
    // over kFundDrawTime as the fund runs dry, so the fund never goes negative.
    const double want = project_fund_want_(i);
    project_draw_(i) =
        want > 0.0 ? want * available / (available + want * detail::kFundDrawTime) : 0.0;
  }
}

void Dynamics::fund_flows(const View& v) {
  const int n = n_;
  double* d_fund = v.dt(Stock::FundUndeployed);
  const double* fund_lever = lever_.col(detail::idx(Lever::Fund)).data();
  for (int i = 0; i < n; ++i) {
    // E23: committed - deployed (after the sites' gate) - drawn by projects.
    d_fund[i] = fund_lever[i] - deploy_(i) - project_draw_(i);
  }
}

}  // namespace clustersim
