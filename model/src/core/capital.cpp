// docs/model.md §4-§5 — expectations, planning and capital (E11-E22).
//
// Market-driven investors follow Sterman's stock-management rule toward the capital their demand
// forecast calls for, within a financing cap. Fund-backed investment and named projects build
// "policy capital" on top; investors offset a share 1 - α of it (crowding-out, E17). Every yuan of
// capital in place or under construction needs a site: investment cannot push capital beyond what
// the cluster's occupied and earmarked space can host (E22).
#include <algorithm>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

void Dynamics::capital_sector(const View& v) {
  const int n = n_;
  const double* expect = v.at(Stock::ExpectedDemand);
  const double* smooth = v.at(Stock::SmoothedOutput);
  const double* sl1 = v.at(Stock::Pipeline1);
  const double* sl2 = v.at(Stock::Pipeline2);
  const double* sl3 = v.at(Stock::Pipeline3);
  const double* g1 = v.at(Stock::PolicyPipeline1);
  const double* g2 = v.at(Stock::PolicyPipeline2);
  const double* g3 = v.at(Stock::PolicyPipeline3);
  const double* cap = v.at(Stock::Capital);
  const double* policy = v.at(Stock::PolicyCapital);
  const double* wip = v.at(Stock::ProjectWip);
  const double* ramp = v.at(Stock::ProjectRamp);
  const double* prod = v.at(Stock::Productivity);
  const std::array<const double*, kNumSpaceTypes> occ{v.at(Stock::SpaceLand),
                                                      v.at(Stock::SpaceFloor)};
  const std::array<const double*, kNumSpaceTypes> ear{v.at(Stock::EarmarkLand),
                                                      v.at(Stock::EarmarkFloor)};

  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double demand = demand_(i);
    // E13-E14: demand trend and desired capacity (demand extrapolated over the horizon, at the
    // desired utilisation).
    const double trend =
        expect[i] > detail::kTiny ? (demand - expect[i]) / (expect[i] * c.tau_e) : 0.0;
    trend_(i) = trend;
    desired_capacity_(i) =
        std::max(demand * (1.0 + trend * c.forecast_horizon), 0.0) * c.inv_desired_utilisation;
    // E15-E16: desired capital and supply line.
    desired_capital_(i) = c.kappa_eff * desired_capacity_(i) / prod[i];
    desired_sl_(i) =
        c.construction_time * desired_capital_(i) * (c.inv_life + std::max(trend, 0.0));
    // E17-E18: market-driven investment. Investors count policy capital (funds, named projects)
    // at weight 1 - α: the share α they do not offset is the additionality.
    const double private_sl = sl1[i] + sl2[i] + sl3[i];
    const double policy_sl = g1[i] + g2[i] + g3[i] + wip[i] + ramp[i];
    const double seen_capital = cap[i] - c.additionality * policy[i];
    const double seen_sl = private_sl + (1.0 - c.additionality) * policy_sl;
    const double rule = seen_capital * c.inv_life +
                        ((desired_capital_(i) - seen_capital) +
                         c.supply_line_weight * (desired_sl_(i) - seen_sl)) *
                            c.inv_tau_k;
    inv_private_(i) = std::min(std::max(rule, 0.0), c.max_investment_share * smooth[i]);
    // E22: capital the occupied and earmarked sites can host, and what is still free.
    double hosted = 0.0;
    for (int s = 0; s < kNumSpaceTypes; ++s) hosted += c.yield_eff[s] * (occ[s][i] + ear[s][i]);
    hostable_(i) = c.kappa_eff * hosted;
    // A named project's site is reserved for it from its start: what it has still to spend is
    // not free for other investment (E20, E22).
    const double reserved = std::max(project_capex_(i) - wip[i], 0.0);
    headroom_(i) = hostable_(i) - (cap[i] + private_sl + policy_sl) - reserved;
    // E8: the output the sites could hold with production capital, beyond the sites taken by
    // capital under construction (equal to the capital capacity when the sites are full).
    cap_space_(i) = prod[i] * (hostable_(i) - private_sl - policy_sl) * c.inv_kappa_eff;
  }

  fund_requests(v);  // E24-E25: deploy_ holds what the fund would deploy

  double* d_sl1 = v.dt(Stock::Pipeline1);
  double* d_sl2 = v.dt(Stock::Pipeline2);
  double* d_sl3 = v.dt(Stock::Pipeline3);
  double* d_g1 = v.dt(Stock::PolicyPipeline1);
  double* d_g2 = v.dt(Stock::PolicyPipeline2);
  double* d_g3 = v.dt(Stock::PolicyPipeline3);
  double* d_cap = v.dt(Stock::Capital);
  double* d_policy = v.dt(Stock::PolicyCapital);
  double* d_wip = v.dt(Stock::ProjectWip);
  double* d_ramp = v.dt(Stock::ProjectRamp);
  double* d_smooth = v.dt(Stock::SmoothedOutput);
  double* d_expect = v.dt(Stock::ExpectedDemand);
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    // E22: sites gate market-driven and fund-backed investment together. Replacement of what
    // depreciates fits on existing sites; growth needs free hosting capacity, taken up over the
    // site absorption time. So capital in place plus under construction never exceeds what the
    // sites can host.
    inv_private_want_(i) = inv_private_(i);
    deploy_want_(i) = deploy_(i);
    const double allowed = cap[i] * c.inv_life + std::max(headroom_(i), 0.0) * c.inv_site_time;
    const double wanted = inv_private_(i) + c.leverage * deploy_(i);
    if (wanted > allowed) {
      const double scale = allowed / wanted;
      inv_private_(i) *= scale;
      deploy_(i) *= scale;
    }
    inv_fund_(i) = c.leverage * deploy_(i);

    // E19: the two DELAY3 pipelines (market-driven and fund-backed capital under construction).
    const double out1 = sl1[i] * c.stage_rate;
    const double out2 = sl2[i] * c.stage_rate;
    const double out3 = sl3[i] * c.stage_rate;
    const double gout1 = g1[i] * c.stage_rate;
    const double gout2 = g2[i] * c.stage_rate;
    const double gout3 = g3[i] * c.stage_rate;
    d_sl1[i] = inv_private_(i) - out1;
    d_sl2[i] = out1 - out2;
    d_sl3[i] = out2 - out3;
    d_g1[i] = inv_fund_(i) - gout1;
    d_g2[i] = gout1 - gout2;
    d_g3[i] = gout2 - gout3;
    // E20: named projects: spending into work in progress; completed capital ramps up.
    const double ramp_out = ramp[i] * c.inv_ramp;
    d_wip[i] = project_spend_(i);
    d_ramp[i] = -ramp_out;
    // E21: productive capital, and the policy part of it.
    policy_completions_(i) = gout3 + ramp_out;
    completions_(i) = out3 + policy_completions_(i);
    d_cap[i] = completions_(i) - cap[i] * c.inv_life;
    d_policy[i] = policy_completions_(i) - policy[i] * c.inv_life;
    // E11-E12: information delays.
    d_smooth[i] = (output_(i) - smooth[i]) * c.inv_tau_s;
    d_expect[i] = (demand_(i) - expect[i]) * c.inv_tau_e;
  }

  fund_flows(v);  // E23: the undeployed fund money
}

}  // namespace clustersim
