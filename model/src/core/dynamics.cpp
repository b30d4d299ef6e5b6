// The right-hand side: segment inputs, coefficients, the order of the sectors, and the
// accumulators of annual flows. The sectors' equations are in their own files.
#include "clustersim/core/dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

using detail::idx;

Dynamics::Dynamics(const Model& model)
    : model_(model), spec_(model.spec()), n_(model.num_clusters()) {
  p_.resize(n_, kNumClusterParams);
  derived_from_.setConstant(n_, kNumClusterParams, kNaN);
  lever_.resize(n_ + 1, kNumLevers);
  project_spend_.resize(n_);
  project_fund_want_.resize(n_);
  project_capex_.resize(n_);
  coef_.resize(n_);
  priority_order_.reserve(n_);
  priority_group_end_.reserve(n_);
  ramps_.reserve(model.event_groups().size());
  inter_.resize(n_);
  limits_.resize(n_, 4);
  smin_work_.resize(n_, 4);
  for (auto* a : {&smin_, &output_, &demand_, &final_demand_, &cap_labour_, &cap_space_,
                  &potential_, &share_target_, &trend_, &desired_capacity_, &desired_capital_,
                  &desired_sl_, &hostable_, &headroom_, &need_, &inv_private_want_, &deploy_want_,
                  &inv_private_, &deploy_,
                  &inv_fund_, &project_draw_, &completions_, &policy_completions_, &labour_plan_,
                  &req_skilled_, &req_workers_, &hires_skilled_, &hires_workers_, &att_skilled_,
                  &att_workers_, &knowledge_growth_}) {
    a->resize(n_);
  }
  for (auto& v : request_) v.resize(n_);
  for (auto& v : alloc_) v.resize(n_);
  begin_segment(model.start_time(), model.breakpoints().empty() ? model.end_time()
                                                                : model.breakpoints().front());
}

void Dynamics::refresh_derived(int i) {
  auto P = [&](ClusterParam k) { return p_(i, idx(k)); };
  const auto& spec = spec_.clusters[i];
  const auto relief = spec.relief;
  Coefficients& c = coef_[i];
  // demand and share
  c.market_rate = std::log1p(P(ClusterParam::MarketGrowth));
  c.bass_p = P(ClusterParam::BassInnovation);
  c.bass_q = P(ClusterParam::BassImitation);
  c.bass_saturation = P(ClusterParam::BassSaturationMultiple) *
                      (spec.share_market ? P(ClusterParam::MarketSize) : spec.baseline_output);
  const double e_c = P(ClusterParam::ShareCapacityElasticity);
  const double e_a = P(ClusterParam::ShareProductivityElasticity);
  c.share_a_capacity = 0.5 * (1.0 + e_c);
  c.share_b_capacity = 0.5 * (1.0 - e_c);
  c.share_a_productivity = 0.5 * (1.0 + e_a);
  c.share_b_productivity = 0.5 * (1.0 - e_a);
  c.inv_share_time = 1.0 / P(ClusterParam::ShareAdjustmentTime);
  c.drift_rate = std::log1p(P(ClusterParam::ShareTrend));
  c.market_scale = P(ClusterParam::MarketScale);
  c.output_scale = P(ClusterParam::OutputScale);
  c.demand_relief = relief[idx(Factor::Demand)];
  // planning and capital
  c.tau_e = P(ClusterParam::DemandExpectationTime);
  c.inv_tau_e = 1.0 / c.tau_e;
  c.inv_tau_s = 1.0 / P(ClusterParam::OutputSmoothingTime);
  c.forecast_horizon = P(ClusterParam::ForecastHorizon);
  c.inv_desired_utilisation = 1.0 / P(ClusterParam::DesiredUtilisation);
  c.kappa_eff = P(ClusterParam::CapitalOutputRatio) / relief[idx(Factor::Capital)];
  c.inv_kappa_eff = 1.0 / c.kappa_eff;
  c.inv_life = 1.0 / P(ClusterParam::DepreciationLife);
  c.construction_time = P(ClusterParam::ConstructionTime);
  c.stage_rate = 3.0 / c.construction_time;
  c.inv_tau_k = 1.0 / P(ClusterParam::CapitalAdjustmentTime);
  c.supply_line_weight = P(ClusterParam::SupplyLineWeight);
  c.max_investment_share = P(ClusterParam::MaxInvestmentShare);
  // Ramp-up as a first-order delay that reaches 95% of the capacity at the ramp time (E20).
  c.inv_ramp = 3.0 / P(ClusterParam::ProjectRampTime);
  c.inv_site_time = 1.0 / P(ClusterParam::SiteAbsorptionTime);
  // funds
  c.leverage = P(ClusterParam::FundLeverage);
  c.additionality = P(ClusterParam::FundAdditionality);
  c.inv_deploy_time = 1.0 / P(ClusterParam::FundDeploymentTime);
  c.max_absorption = P(ClusterParam::MaxFundAbsorption);
  c.hurdle_ratio = P(ClusterParam::DesiredUtilisation) / P(ClusterParam::FundHurdleUtilisation);
  // labour
  c.productivity_eff = P(ClusterParam::LabourProductivity) * relief[idx(Factor::Labour)];
  c.skilled_share = P(ClusterParam::SkilledShare);
  c.inv_skilled_share = c.skilled_share > 0.0 ? 1.0 / c.skilled_share : 0.0;
  c.inv_worker_share = c.skilled_share < 1.0 ? 1.0 / (1.0 - c.skilled_share) : 0.0;
  c.hiring_time = P(ClusterParam::HiringTime);
  c.inv_hiring = 1.0 / c.hiring_time;
  c.inv_attrition = 1.0 / P(ClusterParam::AttritionTime);
  c.return_share = P(ClusterParam::AttritionReturnShare);
  // knowledge
  c.obsolescence = P(ClusterParam::KnowledgeObsolescence);
  c.elasticity = P(ClusterParam::KnowledgeElasticity);
  // space
  c.inv_request_time = 1.0 / P(ClusterParam::SpaceRequestTime);
  c.inv_space_relief = 1.0 / relief[idx(Factor::Space)];
  c.request_horizon = P(ClusterParam::SpaceRequestTime) + P(ClusterParam::SiteRequestLead);
  std::array<double, kNumSpaceTypes> suit{}, yield{};
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    suit[s] = P(detail::kSuitability[s]);
    yield[s] = P(detail::kYield[s]);
    // E22: a space type the cluster cannot use (suitability 0, e.g. fabs on 工业上楼 floor)
    // hosts none of its capital, even when earmarked for it.
    c.yield_eff[s] = suit[s] > 0.0 ? yield[s] * relief[idx(Factor::Space)] : 0.0;
  }
  c.share = space_shares(suit.data(), yield.data());
}

void Dynamics::refresh_region() {
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    inv_dev_time_[s] = 1.0 / rp_[idx(detail::kDevTime[s])];
  }
}

void Dynamics::begin_segment(double a, double b) {
  const double tm = 0.5 * (a + b);
  seg_mid_ = tm;
  for (int i = 0; i < n_; ++i) {
    for (int k = 0; k < kNumClusterParams; ++k) p_(i, k) = spec_.clusters[i].params[k];
  }
  rp_ = spec_.region;
  const int year = std::clamp(static_cast<int>(std::floor(tm)), spec_.start_year, spec_.end_year);
  for (int l = 0; l < kNumLevers; ++l) {
    lever_.col(l) = spec_.levers[l].col(year - spec_.start_year);
  }
  ramps_.clear();
  const auto& groups = model_.event_groups();
  for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
    const auto& target = groups[g].target;
    bool ramping = false;
    for (const int e : groups[g].events) {
      const auto& ev = spec_.events[e];
      if (ev.shape == EventShape::Ramp && ev.start < b - 1e-12 && ev.end > a + 1e-12) {
        ramping = true;
      }
    }
    if (ramping) ramps_.push_back(g);
    const double v = model_.input_value(target, tm, tm);
    switch (target.kind) {
      case EventTarget::Kind::ClusterParam: p_(target.cluster, target.index) = v; break;
      case EventTarget::Kind::RegionParam: rp_[target.index] = v; break;
      case EventTarget::Kind::Lever: lever_(target.cluster, target.index) = v; break;
    }
  }
  project_spend_.setZero();
  project_fund_want_.setZero();
  project_capex_.setZero();
  for (const auto& p : spec_.projects) {
    if (p.start <= tm && tm < p.start + p.construction_time) {
      const double rate = p.capex / p.construction_time;
      project_spend_(p.cluster) += rate;
      project_fund_want_(p.cluster) += p.fund_share * rate;
      project_capex_(p.cluster) += p.capex;
    }
  }
  // Coefficients depend on the cluster's parameters only: most segments change none of them.
  for (int i = 0; i < n_; ++i) {
    if (p_.row(i) != derived_from_.row(i)) {
      refresh_derived(i);
      derived_from_.row(i) = p_.row(i);
    }
  }

  // Clusters by descending priority; priorities rarely change, so sort only when they do.
  const int prio = idx(ClusterParam::Priority);
  if (priority_order_.size() != static_cast<std::size_t>(n_) ||
      p_.col(prio) != sorted_priorities_) {
    sorted_priorities_ = p_.col(prio);
    priority_order_.resize(n_);
    std::iota(priority_order_.begin(), priority_order_.end(), 0);
    std::stable_sort(priority_order_.begin(), priority_order_.end(),
                     [&](int x, int y) { return p_(x, prio) > p_(y, prio); });
  }
  priority_group_end_.clear();
  for (int k = 1; k <= n_; ++k) {
    if (k == n_ || p_(priority_order_[k], prio) != p_(priority_order_[k - 1], prio)) {
      priority_group_end_.push_back(k);
    }
  }
  smin_squarings_ = smooth_min_squarings(rp_[idx(RegionParam::SmoothMinSharpness)]);
  refresh_region();
}

void Dynamics::update_ramps(double t) {
  const auto& groups = model_.event_groups();
  for (const int g : ramps_) {
    const auto& target = groups[g].target;
    const double v = model_.input_value(target, t, seg_mid_);
    switch (target.kind) {
      case EventTarget::Kind::ClusterParam:
        p_(target.cluster, target.index) = v;
        refresh_derived(target.cluster);
        derived_from_.row(target.cluster).setConstant(kNaN);  // coefficients of a ramp value
        break;
      case EventTarget::Kind::RegionParam:
        rp_[target.index] = v;
        refresh_region();
        break;
      case EventTarget::Kind::Lever: lever_(target.cluster, target.index) = v; break;
    }
  }
}

void Dynamics::apply_jumps(Eigen::VectorXd& x, double t) const {
  const auto& lay = model_.layout();
  for (const auto& p : spec_.projects) {
    if (std::abs(p.start - t) <= detail::kTimeEps && p.start >= model_.start_time()) {
      // E20: the project's site is released to the cluster at its start.
      const int s = static_cast<int>(p.site_type);
      const double site = model_.project_site(p);
      x[lay.at(detail::kEarmark[s], p.cluster)] += site;
      x[lay.at(detail::kCumEarmarkSupply[s], p.cluster)] += site;
    }
    if (std::abs(p.start + p.construction_time - t) <= detail::kTimeEps) {
      // E20: on completion the project's capex moves from work in progress to ramp-up.
      x[lay.at(Stock::ProjectWip, p.cluster)] -= p.capex;
      x[lay.at(Stock::ProjectRamp, p.cluster)] += p.capex;
    }
  }
}

void Dynamics::operator()(const Eigen::VectorXd& x, Eigen::VectorXd& dxdt, double t) {
  ++evaluations_;
  if (!ramps_.empty()) update_ramps(t);
  const View v{x.data(), dxdt.data(), &model_.layout()};
  output_sector(v);
  demand_sector(v);
  capital_sector(v);
  labour_sector(v);
  space_sector(v);
  knowledge_sector(v);
  accumulate(v);
}

void Dynamics::accumulate(const View& v) {
  const int n = n_;
  const double* fund_lever = lever_.col(idx(Lever::Fund)).data();
  const double* earmarked = lever_.col(idx(Lever::Talent)).data();
  double* cum_output = v.dt(Stock::CumOutput);
  double* cum_demand = v.dt(Stock::CumDemand);
  double* cum_final = v.dt(Stock::CumFinalDemand);
  double* cum_cap_k = v.dt(Stock::CumCapacityCapital);
  double* cum_cap_l = v.dt(Stock::CumCapacityLabour);
  double* cum_cap_s = v.dt(Stock::CumCapacitySpace);
  double* cum_private = v.dt(Stock::CumInvestmentPrivate);
  double* cum_fund = v.dt(Stock::CumInvestmentFund);
  double* cum_project = v.dt(Stock::CumInvestmentProject);
  double* cum_project_fund = v.dt(Stock::CumProjectFund);
  double* cum_completions = v.dt(Stock::CumCompletions);
  double* cum_committed = v.dt(Stock::CumFundCommitted);
  double* cum_deployed = v.dt(Stock::CumFundDeployed);
  double* cum_hires_s = v.dt(Stock::CumHiresSkilled);
  double* cum_hires_w = v.dt(Stock::CumHiresWorkers);
  double* cum_earmarked = v.dt(Stock::CumTalentEarmarked);
  double* cum_att_s = v.dt(Stock::CumAttritionSkilled);
  double* cum_att_w = v.dt(Stock::CumAttritionWorkers);
  for (int i = 0; i < n; ++i) {
    cum_output[i] = output_(i);
    cum_demand[i] = demand_(i);
    cum_final[i] = final_demand_(i);
    cum_cap_k[i] = limits_(i, 0);
    cum_cap_l[i] = cap_labour_(i);
    cum_cap_s[i] = cap_space_(i);
    cum_private[i] = inv_private_(i);
    cum_fund[i] = inv_fund_(i);
    cum_project[i] = project_spend_(i);
    cum_project_fund[i] = project_draw_(i);
    cum_completions[i] = completions_(i);
    cum_committed[i] = fund_lever[i];
    cum_deployed[i] = deploy_(i) + project_draw_(i);
    cum_hires_s[i] = hires_skilled_(i);
    cum_hires_w[i] = hires_workers_(i);
    cum_earmarked[i] = earmarked[i];
    cum_att_s[i] = att_skilled_(i);
    cum_att_w[i] = att_workers_(i);
  }
}

Flows Dynamics::flows(const Eigen::VectorXd& x, double t) {
  Eigen::VectorXd dxdt(x.size());
  (*this)(x, dxdt, t);
  --evaluations_;
  Flows f;
  record(f);
  return f;
}

void Dynamics::record(Flows& f) const {
  f.output = output_.matrix();
  f.demand = demand_.matrix();
  f.final_demand = final_demand_.matrix();
  f.capacity_capital = limits_.col(0).matrix();
  f.capacity_labour = cap_labour_.matrix();
  f.capacity_space = cap_space_.matrix();
  f.potential_output = potential_.matrix();
  f.share_target = share_target_.matrix();
  f.desired_capacity = desired_capacity_.matrix();
  f.desired_capital = desired_capital_.matrix();
  f.desired_supply_line = desired_sl_.matrix();
  f.capital_hostable = hostable_.matrix();
  f.site_headroom = headroom_.matrix();
  f.space_need = need_.matrix();
  f.investment_private = inv_private_.matrix();
  f.investment_fund = inv_fund_.matrix();
  f.investment_project = project_spend_;
  f.project_fund = project_draw_.matrix();
  f.fund_deployed = (deploy_ + project_draw_).matrix();
  f.completions = completions_.matrix();
  f.policy_completions = policy_completions_.matrix();
  f.labour_plan = labour_plan_.matrix();
  f.hire_requests_skilled = req_skilled_.matrix();
  f.hire_requests_workers = req_workers_.matrix();
  f.hires_skilled = hires_skilled_.matrix();
  f.hires_workers = hires_workers_.matrix();
  f.attrition_skilled = att_skilled_.matrix();
  f.attrition_workers = att_workers_.matrix();
  f.space_requests = request_;
  f.space_allocated = alloc_;
  f.space_available = available_;
  f.skilled_hiring_capacity = skilled_capacity_;
  f.worker_hiring_capacity = worker_capacity_;
  f.skilled_inflow = skilled_inflow_;
  f.worker_inflow = worker_inflow_;
  f.talent_programme = programme_;
}

}  // namespace clustersim
