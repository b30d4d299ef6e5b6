// docs/model.md §11 — the initial state: every stock at the model's own balanced-growth
// equilibrium for the given initial output rates, so that with no growth nothing moves and with
// growth there is no jump between the baseline year and the next.
#include <algorithm>
#include <cmath>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

using detail::idx;

Eigen::VectorXd Model::initial_state(const Eigen::VectorXd& initial_output) const {
  const int n = layout_.n;
  const double t0 = start_time();
  Eigen::VectorXd x = Eigen::VectorXd::Zero(layout_.size());
  auto param = [&](int i, ClusterParam p) {
    return input_value({EventTarget::Kind::ClusterParam, idx(p), i}, t0, t0);
  };
  auto region = [&](RegionParam p) {
    return input_value({EventTarget::Kind::RegionParam, idx(p), 0}, t0, t0);
  };
  auto lever = [&](Lever l, int row) {
    return input_value({EventTarget::Kind::Lever, idx(l), row}, t0, t0);
  };
  auto set = [&](Stock s, int i, double v) { x[layout_.at(s, i)] = v; };
  auto get = [&](Stock s, int i) { return x[layout_.at(s, i)]; };
  const int sq = smooth_min_squarings(region(RegionParam::SmoothMinSharpness));

  // E20: named projects under construction on 1 Jan hold the capex spent so far.
  for (const auto& p : spec_.projects) {
    if (p.start < t0) x[layout_.at(Stock::ProjectWip, p.cluster)] += p.capex * (t0 - p.start) / p.construction_time;
  }

  // Buyers' smoothed output at the start is their output rate (E3).
  const Eigen::VectorXd inter = intermediate_ * initial_output;
  Eigen::VectorXd workforce(n), growth(n);
  double hires_skilled = 0.0, hires_workers = 0.0, open_skilled = 0.0, open_workers = 0.0;
  double returns_skilled = 0.0, returns_workers = 0.0, total_workers = 0.0;
  for (int i = 0; i < n; ++i) {
    const auto& spec = spec_.clusters[i];
    const std::string where = "clusters." + ids_[i] + ".params.";
    const double y0 = initial_output(i);
    const double output_scale = param(i, ClusterParam::OutputScale);
    const double market_scale = param(i, ClusterParam::MarketScale);
    if (!(output_scale > 0.0)) {
      throw ModelError(where + "output_scale", "output_scale must be positive in the baseline year");
    }
    const double kappa = param(i, ClusterParam::CapitalOutputRatio) / spec.relief[idx(Factor::Capital)];
    const double per_worker = param(i, ClusterParam::LabourProductivity) * spec.relief[idx(Factor::Labour)];
    const double demand_relief = spec.relief[idx(Factor::Demand)];
    const double inv_life = 1.0 / param(i, ClusterParam::DepreciationLife);
    const double tc = param(i, ClusterParam::ConstructionTime);
    const double horizon = param(i, ClusterParam::ForecastHorizon);
    const double utilisation = param(i, ClusterParam::DesiredUtilisation);
    const double tau_k = param(i, ClusterParam::CapitalAdjustmentTime);
    const double tau_e = param(i, ClusterParam::DemandExpectationTime);
    const double tau_h = param(i, ClusterParam::HiringTime);
    const double tau_a = param(i, ClusterParam::AttritionTime);
    const double tau_req = param(i, ClusterParam::SpaceRequestTime);
    const double skilled_share = param(i, ClusterParam::SkilledShare);
    const double g = param(i, ClusterParam::MarketGrowth);
    const double bass_p = param(i, ClusterParam::BassInnovation);
    const double bass_q = param(i, ClusterParam::BassImitation);
    const double bass_multiple = param(i, ClusterParam::BassSaturationMultiple);

    // E1-E2, E5: the market's rate on 1 Jan and its growth rate. A market given as an annual
    // flow W growing at g is at rate W ln(1+g)/g on 1 Jan.
    double market0 = 0.0, market_rate = 0.0;
    const double rate = std::log1p(g);
    const double drift_rate =
        spec.share_market ? std::log1p(param(i, ClusterParam::ShareTrend)) : 0.0;
    auto bass_rate = [&](double m, double saturation) {
      const double f = m / saturation;
      if (!(f < 1.0)) {
        throw ModelError(where + "bass_saturation_multiple",
                         "the Bass market of '" + ids_[i] + "' starts saturated: raise "
                         "bass_saturation_multiple above " + detail::fmt_num(bass_multiple * f));
      }
      return m > 0.0 ? saturation * (bass_p + bass_q * f) * (1.0 - f) / m : 0.0;
    };
    if (spec.share_market) {
      const double size = param(i, ClusterParam::MarketSize);
      if (spec.market == MarketKind::Exponential) {
        market0 = std::abs(g) > 1e-12 ? size * rate / g : size;
        market_rate = rate;
      } else {
        market0 = size;
        market_rate = bass_rate(market0, bass_multiple * size);
      }
    }

    // The demand that, with capacities in equilibrium with it, gives output y0: a fixed point
    // because the growth rate of demand depends on the final share of it.
    double demand = y0 / output_scale;
    double final_demand = 0.0, cap_capital = 0.0, cap_labour = 0.0, trend = 0.0;
    for (int iteration = 0; iteration < 6; ++iteration) {
      final_demand = std::max(demand / demand_relief - inter(i), 0.0);
      if (!spec.share_market) {
        market0 = market_scale > 0.0 ? final_demand / market_scale : 0.0;
        market_rate = spec.market == MarketKind::Exponential
                          ? rate
                          : bass_rate(market0, bass_multiple * spec.baseline_output);
      }
      trend = demand > 0.0 ? (market_rate + drift_rate) * final_demand * demand_relief / demand : 0.0;
      if (!(1.0 + trend * horizon > 0.1) || !(1.0 + trend * tau_k > 0.1)) {
        throw ModelError(where + "market_growth",
                         "the market of '" + ids_[i] + "' shrinks so fast (" +
                             detail::fmt_num(100.0 * trend, 3) +
                             "%/yr) that investors extrapolating it over forecast_horizon or "
                             "capital_adjustment_time would plan no capacity at all: the model "
                             "cannot start from an equilibrium");
      }
      const double grow = std::max(trend, 0.0);
      const double desired = std::max(demand * (1.0 + trend * horizon), 0.0) / utilisation;
      // Balanced growth: investors close the capital gap at the rate demand grows (E18), so
      // capital stands at desired / (1 + g τ_K); hires close the labour gap likewise (E27).
      cap_capital = desired / std::max(1.0 + trend * tau_k, 0.1);
      const double hire_for = cap_capital * (1.0 + tau_h * (inv_life + grow));
      cap_labour = std::min(desired, hire_for) / (1.0 + grow * tau_h);
      const std::array<double, 4> limits{cap_capital,
                                         skilled_share > 0.0 ? cap_labour : kInf,
                                         skilled_share < 1.0 ? cap_labour : kInf, demand};
      std::array<double, 4> unit{};
      for (int k = 0; k < 4; ++k) unit[k] = limits[k] / demand;
      const double phi = demand > 0.0 ? smooth_min(unit.data(), 4, sq) : 1.0;
      const double next = y0 / (output_scale * phi);
      if (std::abs(next - demand) <= 1e-13 * demand) break;
      demand = next;
    }
    growth(i) = trend;
    const double grow = std::max(trend, 0.0);
    if (demand / demand_relief - inter(i) < -1e-9 * demand) {
      throw ModelError("matrices.io", "at baseline, local intermediate demand for '" + ids_[i] +
                                          "' (" + detail::fmt_num(inter(i)) +
                                          " 亿元/yr) exceeds its demand (" +
                                          detail::fmt_num(demand) +
                                          "): lower the io or local_share coefficients into it");
    }
    if (final_demand > 0.0 && !(market_scale > 0.0)) {
      throw ModelError(where + "market_scale", "market_scale must be positive in the baseline year");
    }

    // Market and share (E4-E5).
    set(Stock::Market, i, market0);
    double share = 1.0;
    if (spec.share_market) {
      share = final_demand / (market0 * market_scale);
      if (share > 1.0 + 1e-9) {
        throw ModelError(where + "market_size",
                         "the final demand of '" + ids_[i] + "' (" + detail::fmt_num(final_demand) +
                             " 亿元/yr) exceeds its whole market (" + detail::fmt_num(market0) +
                             "): market_size is too small");
      }
    }
    set(Stock::Share, i, share);
    // In balanced growth the share lags its drifting target by the adjustment time.
    set(Stock::ShareDrift, i,
        share * (1.0 + drift_rate * param(i, ClusterParam::ShareAdjustmentTime)));
    const double potential = std::min(cap_capital, cap_labour);
    set(Stock::CapacityReference, i, market0 > 0.0 ? potential / market0 : 0.0);

    // Expectations (E11-E12): expected demand lags demand so the initial trend is the market's.
    set(Stock::SmoothedOutput, i, y0);
    set(Stock::ExpectedDemand, i, demand / std::max(1.0 + trend * tau_e, 0.1));

    // Capital and its supply line in equilibrium with replacement and growth (E18-E21).
    const double capital = kappa * cap_capital;
    set(Stock::Capital, i, capital);
    const double stage = capital * (inv_life + grow) * tc / 3.0;
    set(Stock::Pipeline1, i, stage);
    set(Stock::Pipeline2, i, stage);
    set(Stock::Pipeline3, i, stage);

    // Workforce (E26-E29).
    workforce(i) = cap_labour / per_worker;
    const double skilled = skilled_share * workforce(i);
    const double workers = (1.0 - skilled_share) * workforce(i);
    set(Stock::Skilled, i, skilled);
    set(Stock::Workers, i, workers);
    set(Stock::Productivity, i, 1.0);
    const double earmarked = lever(Lever::Talent, i);
    const double req_skilled = std::max(skilled * (1.0 / tau_a + grow) - earmarked, 0.0);
    const double req_workers = workers * (1.0 / tau_a + grow);
    hires_skilled += req_skilled;
    hires_workers += req_workers;
    open_skilled += req_skilled * tau_h;
    open_workers += req_workers * tau_h;
    const double stays = param(i, ClusterParam::AttritionReturnShare);
    returns_skilled += stays * skilled / tau_a;
    returns_workers += stays * workers / tau_a;
    total_workers += workers;

    // Sites (E22, E33-E34): the occupied and earmarked space hosts the capital the cluster plans
    // to hold, less the requests of one request time of growth.
    std::array<double, kNumSpaceTypes> suit{}, yield{};
    double earmarked_hosting = 0.0;
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      suit[s] = param(i, detail::kSuitability[s]);
      yield[s] = param(i, detail::kYield[s]) * spec.relief[idx(Factor::Space)];
      const double earmark = lever(detail::kSpaceLever[s], i) * region(detail::kDevTime[s]);
      set(detail::kEarmark[s], i, earmark);
      // A space type the cluster cannot use hosts none of its capital (E22).
      if (suit[s] > 0.0) earmarked_hosting += kappa * yield[s] * earmark;
    }
    const auto w = space_shares(suit.data(), yield.data());
    // In steady growth at g the sites grow at g too: the cluster asks for the capital in place
    // and under construction plus its net investment over the request horizon (E34), and holds
    // that divided by 1 + g × request time.
    const double wip = get(Stock::ProjectWip, i);
    const double in_place = capital + 3.0 * stage + wip;
    const double horizon_sites = tau_req + param(i, ClusterParam::SiteRequestLead);
    const double hosted = in_place * (1.0 + grow * horizon_sites) / (1.0 + grow * tau_req);
    const double occupied_hosting = std::max(hosted - earmarked_hosting, 0.0);
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      set(detail::kOccupied[s], i, w[s] > 0.0 ? w[s] * occupied_hosting / (kappa * yield[s]) : 0.0);
    }
  }

  // Knowledge in steady state with the skilled staff and spillovers: (diag(δ) - Ω) Kn = L_s (E36).
  Eigen::VectorXd creation(n);
  for (int i = 0; i < n; ++i) creation(i) = get(Stock::Skilled, i);
  const Eigen::VectorXd knowledge = knowledge_solver_->solve(creation);
  for (int i = 0; i < n; ++i) set(Stock::Knowledge, i, std::max(knowledge(i), 0.0));

  // The pools (E30-E31): each holds enough to fill baseline hiring at pool_utilisation, or what
  // the talent programme keeps in it; the market inflow is what balances the pool at the start.
  const double matching = region(RegionParam::TalentMatchingTime);
  const double utilisation = region(RegionParam::PoolUtilisation);
  const double skilled_stay = region(RegionParam::TalentLeaveTime);
  const double worker_stay = region(RegionParam::WorkerLeaveTime);
  const double programme = lever(Lever::Talent, n);
  const double pool_skilled = std::max(matching * hires_skilled / utilisation,
                                       skilled_stay * (programme + returns_skilled - hires_skilled));
  const double inflow_skilled =
      std::max(hires_skilled + pool_skilled / skilled_stay - returns_skilled - programme, 0.0);
  const double pool_workers = std::max(matching * hires_workers / utilisation,
                                       worker_stay * (returns_workers - hires_workers));
  const double inflow_workers =
      std::max(hires_workers + pool_workers / worker_stay - returns_workers, 0.0);
  x[layout_.at(RegionStock::SkilledPool)] = pool_skilled;
  x[layout_.at(RegionStock::WorkerPool)] = pool_workers;
  x[layout_.at(RegionStock::WageIndex)] = 1.0;
  x[layout_.at(RegionStock::SkilledInflowRef)] = inflow_skilled;
  x[layout_.at(RegionStock::SkilledVacancyRef)] = open_skilled;
  x[layout_.at(RegionStock::SkilledSlope)] =
      open_skilled > 0.0
          ? region(RegionParam::SkilledInflowElasticity) * hires_skilled / open_skilled
          : 0.0;
  x[layout_.at(RegionStock::WorkerInflowRef)] = inflow_workers;
  x[layout_.at(RegionStock::WorkerVacancyRef)] = open_workers;
  x[layout_.at(RegionStock::WorkerSlope)] =
      open_workers > 0.0 ? region(RegionParam::WorkerInflowElasticity) * hires_workers / open_workers
                         : 0.0;
  x[layout_.at(RegionStock::UnplacedRef)] =
      pool_workers + total_workers > 0.0 ? pool_workers / (pool_workers + total_workers) : 0.0;
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    x[layout_.at(detail::kPipeline[s])] = lever(detail::kSpaceLever[s], n) * region(detail::kDevTime[s]);
    x[layout_.at(detail::kVacant[s])] = region(detail::kInitialVacant[s]);
  }
  return x;
}

}  // namespace clustersim
