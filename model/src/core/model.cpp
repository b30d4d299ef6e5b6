// Model: validation of a ModelSpec, inputs over time (levers and events, docs/model.md §10),
// breakpoints and the state layout's names.
#include "clustersim/core/model.hpp"

#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <unordered_set>

#include "clustersim/core/errors.hpp"
#include "core_detail.hpp"

namespace clustersim {
namespace {

constexpr std::array<std::string_view, kNumStocks> kStockNames{{
    "market", "market_share", "share_drift", "capacity_reference", "expected_demand",
    "smoothed_output", "pipeline_1", "pipeline_2", "pipeline_3", "policy_pipeline_1",
    "policy_pipeline_2", "policy_pipeline_3", "capital", "policy_capital", "project_wip",
    "project_ramp", "fund_undeployed", "skilled", "workers", "knowledge", "productivity",
    "space_land", "space_floor", "earmark_land", "earmark_floor", "cum_output", "cum_demand",
    "cum_final_demand", "cum_capacity_capital", "cum_capacity_labour", "cum_capacity_space",
    "cum_investment_private", "cum_investment_fund", "cum_investment_project",
    "cum_project_fund", "cum_completions", "cum_fund_committed", "cum_fund_deployed",
    "cum_hires_skilled", "cum_hires_workers", "cum_talent_earmarked", "cum_attrition_skilled",
    "cum_attrition_workers", "cum_alloc_land", "cum_alloc_floor", "cum_earmark_supply_land",
    "cum_earmark_supply_floor", "cum_earmark_dev_land", "cum_earmark_dev_floor",
}};
constexpr std::array<std::string_view, kNumRegionStocks> kRegionStockNames{{
    "skilled_pool", "worker_pool", "wage_index", "skilled_inflow_ref", "skilled_vacancy_ref",
    "skilled_slope", "worker_inflow_ref", "worker_vacancy_ref", "worker_slope", "unplaced_ref",
    "land_pipeline", "floor_pipeline", "land_vacant", "floor_vacant", "cum_land_released",
    "cum_floor_released", "cum_land_developed", "cum_floor_developed", "cum_talent_programme",
    "cum_skilled_inflow", "cum_worker_inflow", "cum_skilled_returned", "cum_workers_returned",
    "cum_skilled_left", "cum_workers_left", "cum_skilled_hired", "cum_workers_hired",
}};

// Parameters that are time constants of the dynamics, with the divisor that turns them into the
// time constant of a stock (a DELAY3 stage holds a third of the construction time).
struct TimeParam {
  ClusterParam param;
  double divisor;
};
constexpr std::array<TimeParam, 12> kClusterTimes{{
    {ClusterParam::ShareAdjustmentTime, 1.0},
    {ClusterParam::DemandExpectationTime, 1.0},
    {ClusterParam::OutputSmoothingTime, 1.0},
    {ClusterParam::ConstructionTime, 3.0},
    {ClusterParam::CapitalAdjustmentTime, 1.0},
    {ClusterParam::ProjectRampTime, 1.0},
    {ClusterParam::SiteAbsorptionTime, 1.0},
    {ClusterParam::FundDeploymentTime, 1.0},
    {ClusterParam::HiringTime, 1.0},
    {ClusterParam::AttritionTime, 1.0},
    {ClusterParam::SpaceRequestTime, 1.0},
    {ClusterParam::DepreciationLife, 1.0},
}};
constexpr std::array<RegionParam, 8> kRegionTimes{{
    RegionParam::TalentMatchingTime, RegionParam::TalentLeaveTime, RegionParam::WorkerLeaveTime,
    RegionParam::WageAdjustmentTime, RegionParam::LandDevelopmentTime,
    RegionParam::LandAllocationTime, RegionParam::FloorDevelopmentTime,
    RegionParam::FloorAllocationTime,
}};

}  // namespace

std::string_view stock_name(Stock s) { return kStockNames[static_cast<int>(s)]; }
std::string_view stock_name(RegionStock s) { return kRegionStockNames[static_cast<int>(s)]; }

std::string StateLayout::describe(int k, const std::vector<std::string>& cluster_ids) const {
  auto cluster_name = [&](int i) {
    return i < static_cast<int>(cluster_ids.size()) ? cluster_ids[i] : std::string("?");
  };
  for (int s = 0; s < kNumStocks; ++s) {
    const int first = at(static_cast<Stock>(s), 0);
    if (k >= first && k < first + n) {
      return std::string(kStockNames[s]) + " of cluster " + cluster_name(k - first);
    }
  }
  for (int s = 0; s < kNumRegionStocks; ++s) {
    if (k == at(static_cast<RegionStock>(s))) return "region " + std::string(kRegionStockNames[s]);
  }
  return "state " + std::to_string(k);
}

StateLayout::Place StateLayout::place(int k) const {
  for (int s = 0; s < kNumStocks; ++s) {
    const int first = at(static_cast<Stock>(s), 0);
    if (k >= first && k < first + n) return {kStockNames[s], k - first};
  }
  for (int s = 0; s < kNumRegionStocks; ++s) {
    if (k == at(static_cast<RegionStock>(s))) return {kRegionStockNames[s], -1};
  }
  return {};
}

std::string target_path(const ModelSpec& spec, const EventTarget& t) {
  switch (t.kind) {
    case EventTarget::Kind::ClusterParam:
      return "clusters." + spec.clusters[t.cluster].id + ".params." +
             std::string(kClusterParamInfo[t.index].key);
    case EventTarget::Kind::RegionParam:
      return "region." + std::string(kRegionParamInfo[t.index].key);
    case EventTarget::Kind::Lever:
      return "levers." + std::string(kLeverInfo[t.index].key) + "." +
             (t.cluster == spec.num_clusters() ? std::string("region")
                                               : spec.clusters[t.cluster].id);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------

Model::Model(ModelSpec spec) : spec_(std::move(spec)) {
  layout_.n = spec_.num_clusters();
  ids_.reserve(spec_.clusters.size());
  for (const auto& c : spec_.clusters) ids_.push_back(c.id);
  validate();
  intermediate_ = spec_.io.cwiseProduct(spec_.local_share);
  intermediate_.makeCompressed();
  spec_.spillover.makeCompressed();

  // Group events by target, ordered by start (stable: file order breaks ties).
  std::vector<int> order(spec_.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return spec_.events[a].start < spec_.events[b].start;
  });
  for (const int e : order) {
    const auto& tgt = spec_.events[e].target;
    auto it = std::find_if(event_groups_.begin(), event_groups_.end(), [&](const auto& g) {
      return g.target.kind == tgt.kind && g.target.index == tgt.index &&
             g.target.cluster == tgt.cluster;
    });
    if (it == event_groups_.end()) {
      event_groups_.push_back({tgt, {}});
      it = event_groups_.end() - 1;
    }
    it->events.push_back(e);
  }
  build_breakpoints();

  // diag(δ) - Ω at the start, factorised once for the knowledge steady state (E36). Built from
  // triplets: inserting the diagonal into a compressed matrix one entry at a time is quadratic.
  {
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(static_cast<std::size_t>(spec_.spillover.nonZeros() + layout_.n));
    for (int col = 0; col < spec_.spillover.outerSize(); ++col) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(spec_.spillover, col); it; ++it) {
        entries.emplace_back(static_cast<int>(it.row()), static_cast<int>(it.col()), -it.value());
      }
    }
    for (int i = 0; i < layout_.n; ++i) {
      entries.emplace_back(i, i,
                           input_value({EventTarget::Kind::ClusterParam,
                                        detail::idx(ClusterParam::KnowledgeObsolescence), i},
                                       start_time(), start_time()));
    }
    Eigen::SparseMatrix<double> system(layout_.n, layout_.n);
    system.setFromTriplets(entries.begin(), entries.end());
    system.makeCompressed();
    auto lu = std::make_shared<Eigen::SparseLU<Eigen::SparseMatrix<double>>>();
    lu->compute(system);
    knowledge_solver_ = std::move(lu);
  }

  // Events must keep every parameter in its admissible range: check at every segment.
  std::vector<double> times{start_time()};
  times.insert(times.end(), breakpoints_.begin(), breakpoints_.end());
  times.push_back(end_time());
  for (const auto& g : event_groups_) {
    const bool lever = g.target.kind == EventTarget::Kind::Lever;
    const ParamInfo* pinfo = lever ? nullptr
                             : g.target.kind == EventTarget::Kind::ClusterParam
                                 ? &kClusterParamInfo[g.target.index]
                                 : &kRegionParamInfo[g.target.index];
    for (std::size_t k = 0; k + 1 < times.size(); ++k) {
      const double tm = 0.5 * (times[k] + times[k + 1]);
      for (const double t : {times[k], times[k + 1]}) {
        const double v = input_value(g.target, t, tm);
        const std::string where = "events." + spec_.events[g.events.front()].name;
        if (lever && (!(v >= 0.0) || !std::isfinite(v))) {
          throw ModelError(where, "events make lever " + target_path(spec_, g.target) +
                                      " equal " + detail::fmt_num(v) + " in " +
                                      std::to_string(static_cast<int>(tm)) +
                                      "; lever amounts must be finite and non-negative");
        }
        if (!lever && (!in_range(*pinfo, v) || std::isnan(v))) {
          throw ModelError(where, "events make " + target_path(spec_, g.target) + " equal " +
                                      detail::fmt_num(v) + " at " + detail::fmt_num(t) +
                                      ", outside its range [" + detail::fmt_num(pinfo->lower) +
                                      ", " + detail::fmt_num(pinfo->upper) + "]");
        }
      }
    }
  }
  find_smallest_time_constant();
}

void Model::validate() const {
  const int n = layout_.n;
  if (n < 1) throw ModelError("clusters", "the scenario has no clusters");
  if (spec_.end_year < spec_.start_year) {
    throw ModelError("horizon.end", "horizon ends (" + std::to_string(spec_.end_year) +
                                        ") before it starts (" +
                                        std::to_string(spec_.start_year) + ")");
  }
  std::unordered_set<std::string_view> seen;
  seen.reserve(spec_.clusters.size());
  for (int i = 0; i < n; ++i) {
    const auto& c = spec_.clusters[i];
    const std::string base = "clusters." + c.id;
    if (!seen.insert(c.id).second) {
      throw ModelError(base, "duplicate cluster id '" + c.id + "'");
    }
    if (!(c.baseline_output > 0.0) || !std::isfinite(c.baseline_output)) {
      throw ModelError(base + ".baseline.value",
                       "baseline output of '" + c.id + "' must be positive, got " +
                           detail::fmt_num(c.baseline_output));
    }
    for (int k = 0; k < kNumClusterParams; ++k) {
      const auto& pi = kClusterParamInfo[k];
      if (!in_range(pi, c.params[k])) {
        throw ModelError(base + ".params." + std::string(pi.key),
                         std::string(pi.key) + " = " + detail::fmt_num(c.params[k]) +
                             " is outside its range " + (pi.lower_open ? "(" : "[") +
                             detail::fmt_num(pi.lower) + ", " + detail::fmt_num(pi.upper) + "]");
      }
    }
    if (c.share_market && !(c[ClusterParam::MarketSize] > 0.0)) {
      throw ModelError(base + ".params.market_size",
                       "cluster '" + c.id +
                           "' sells a share of a wider market: give the market's size in the "
                           "baseline year (market_size, 亿元/yr)");
    }
    for (int f = 0; f < kNumFactors; ++f) {
      if (!(c.relief[f] > 0.0) || !std::isfinite(c.relief[f])) {
        throw ModelError(base, "factor relief must be positive and finite");
      }
    }
    std::array<double, kNumSpaceTypes> suit{}, yield{};
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      suit[s] = c[detail::kSuitability[s]];
      yield[s] = c[detail::kYield[s]];
    }
    const auto w = space_shares(suit.data(), yield.data());
    if (w[0] + w[1] <= 0.0) {
      throw ModelError(base + ".params.land_suitability",
                       "cluster '" + c.id +
                           "' can use no space type: give land or floor a positive suitability "
                           "and yield");
    }
  }
  for (int k = 0; k < kNumRegionParams; ++k) {
    const auto& pi = kRegionParamInfo[k];
    if (!in_range(pi, spec_.region[k]) || std::isnan(spec_.region[k])) {
      throw ModelError("region." + std::string(pi.key),
                       std::string(pi.key) + " = " + detail::fmt_num(spec_.region[k]) +
                           " is outside its range [" + detail::fmt_num(pi.lower) + ", " +
                           detail::fmt_num(pi.upper) + "]");
    }
  }
  if (smooth_min_squarings(spec_.region_param(RegionParam::SmoothMinSharpness)) < -1) {
    throw ModelError("region.smooth_min_sharpness",
                     "smooth_min_sharpness must be 0 (hard minimum) or one of 2, 4, 8, 16, 32, 64");
  }

  auto check_matrix = [&](const Eigen::SparseMatrix<double>& m, const std::string& name,
                          double upper) {
    if (m.rows() != n || m.cols() != n) {
      throw ModelError("matrices." + name, "matrix " + name + " must be " + std::to_string(n) +
                                               " x " + std::to_string(n));
    }
    for (int col = 0; col < m.outerSize(); ++col) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(m, col); it; ++it) {
        const double v = it.value();
        if (!(v >= 0.0) || v > upper || !std::isfinite(v)) {
          throw ModelError("matrices." + name + "." + ids_[it.row()] + "." + ids_[it.col()],
                           "matrix " + name + " entry (" + ids_[it.row()] + ", " +
                               ids_[it.col()] + ") = " + detail::fmt_num(v) +
                               " must lie in [0, " + detail::fmt_num(upper) + "]");
        }
      }
    }
  };
  check_matrix(spec_.io, "io", kInf);
  check_matrix(spec_.local_share, "local_share", 1.0);
  check_matrix(spec_.spillover, "spillover", kInf);
  // Knowledge must have a positive steady state: obsolescence exceeds incoming spillovers
  // (row diagonal dominance of diag(delta) - spillover).
  Eigen::VectorXd inflow = Eigen::VectorXd::Zero(n);
  for (int col = 0; col < spec_.spillover.outerSize(); ++col) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(spec_.spillover, col); it; ++it) {
      if (it.row() == it.col()) {
        throw ModelError("matrices.spillover." + ids_[it.row()] + "." + ids_[it.row()],
                         "a cluster's spillover to itself must be 0");
      }
      inflow(it.row()) += it.value();
    }
  }
  for (int i = 0; i < n; ++i) {
    if (inflow(i) >= spec_.clusters[i][ClusterParam::KnowledgeObsolescence]) {
      throw ModelError("matrices.spillover." + ids_[i],
                       "spillovers into '" + ids_[i] + "' (" + detail::fmt_num(inflow(i)) +
                           "/yr) must be below its knowledge_obsolescence (" +
                           detail::fmt_num(spec_.clusters[i][ClusterParam::KnowledgeObsolescence]) +
                           ")");
    }
  }

  for (int l = 0; l < kNumLevers; ++l) {
    const auto& m = spec_.levers[l];
    const std::string key(kLeverInfo[l].key);
    if (m.rows() != n + 1 || m.cols() != spec_.num_years()) {
      throw ModelError("levers." + key, "lever table " + key + " has the wrong shape");
    }
    for (int r = 0; r <= n; ++r) {
      for (int y = 0; y < m.cols(); ++y) {
        const std::string who = r == n ? "region" : ids_[r];
        if (!(m(r, y) >= 0.0) || !std::isfinite(m(r, y))) {
          throw ModelError("levers." + key + "." + who,
                           "lever " + key + " for " + who + " in " +
                               std::to_string(spec_.start_year + y) + " is " +
                               detail::fmt_num(m(r, y)) +
                               "; amounts must be finite and non-negative");
        }
        if (r == n && !kLeverInfo[l].region_allowed && m(r, y) != 0.0) {
          throw ModelError("levers." + key + ".region",
                           "lever " + key + " must name a cluster, not the region");
        }
      }
    }
  }

  for (const auto& e : spec_.events) {
    const std::string path = "events." + e.name;
    const auto& t = e.target;
    const bool lever = t.kind == EventTarget::Kind::Lever;
    const int max_cluster = lever ? n : n - 1;
    const int count = t.kind == EventTarget::Kind::ClusterParam  ? kNumClusterParams
                      : t.kind == EventTarget::Kind::RegionParam ? kNumRegionParams
                                                                 : kNumLevers;
    if (t.index < 0 || t.index >= count || t.cluster < 0 || t.cluster > max_cluster) {
      throw ModelError(path + ".target", "event '" + e.name + "' has an invalid target");
    }
    if (!std::isfinite(e.value) || !std::isfinite(e.start) || !std::isfinite(e.end)) {
      throw ModelError(path, "event '" + e.name + "' needs finite value, start and end");
    }
    if (e.shape == EventShape::Ramp && !(e.end > e.start)) {
      throw ModelError(path + ".until", "ramp event '" + e.name + "' must end after it starts");
    }
    if (e.shape == EventShape::Step && e.end != e.start) {
      throw ModelError(path, "step event '" + e.name + "' must have end == start");
    }
    const bool cluster_param = t.kind == EventTarget::Kind::ClusterParam;
    if (cluster_param && t.index == detail::idx(ClusterParam::Priority) &&
        e.shape == EventShape::Ramp) {
      throw ModelError(path, "priority is ordinal: change it with a step, not a ramp");
    }
    if (cluster_param && t.index == detail::idx(ClusterParam::MarketSize)) {
      throw ModelError(path, "market_size is the market in the baseline year: change the market "
                             "with market_growth or market_scale");
    }
    if (t.kind == EventTarget::Kind::RegionParam &&
        (t.index == detail::idx(RegionParam::SmoothMinSharpness) ||
         t.index == detail::idx(RegionParam::PoolUtilisation) ||
         t.index == detail::idx(RegionParam::LandInitialVacant) ||
         t.index == detail::idx(RegionParam::FloorInitialVacant))) {
      throw ModelError(path, "initial values and smooth_min_sharpness cannot be changed by an "
                             "event");
    }
  }

  for (const auto& p : spec_.projects) {
    const std::string path = "events." + p.name;
    if (p.cluster < 0 || p.cluster >= n) throw ModelError(path + ".cluster", "unknown cluster");
    if (!(p.capex >= 0.0) || !std::isfinite(p.capex)) {
      throw ModelError(path + ".capex", "project capex must be finite and non-negative");
    }
    if (!(p.construction_time > 0.0) || !std::isfinite(p.construction_time) ||
        !std::isfinite(p.start)) {
      throw ModelError(path + ".construction_time",
                       "project construction_time must be positive and finite");
    }
    if (p.start + p.construction_time <= spec_.start_year + detail::kTimeEps) {
      throw ModelError(path + ".start",
                       "project '" + p.name + "' is complete before the baseline year " +
                           std::to_string(spec_.start_year) +
                           ": its capacity is already part of the baseline");
    }
    if (!(p.fund_share >= 0.0 && p.fund_share <= 1.0)) {
      throw ModelError(path + ".fund_share", "a project's fund_share must lie in [0, 1]");
    }
    const auto& c = spec_.clusters[p.cluster];
    const int type = static_cast<int>(p.site_type);
    const double yield = c[detail::kYield[type]];
    if (!(yield > 0.0) || !(c[detail::kSuitability[type]] > 0.0)) {
      throw ModelError(path + ".site",
                       "cluster '" + c.id + "' cannot use " +
                           std::string(type == 0 ? "land" : "floor") + " (" +
                           (type == 0 ? "land" : "floor") + "_suitability " +
                           detail::fmt_num(c[detail::kSuitability[type]]) + ", " +
                           (type == 0 ? "land" : "floor") + "_yield " + detail::fmt_num(yield) +
                           "): a project site of that type hosts nothing");
    }
    // The site must host the project's capital (E22): capex <= κ × yield × site.
    const double needed = p.capex / (c[ClusterParam::CapitalOutputRatio] * yield);
    if (!std::isnan(p.site)) {
      if (!(p.site >= 0.0) || !std::isfinite(p.site)) {
        throw ModelError(path + ".site", "a project's site must be finite and non-negative");
      }
      if (p.site < needed * (1.0 - 1e-9) && p.start >= spec_.start_year) {
        throw ModelError(path + ".site",
                         "the site of project '" + p.name + "' (" + detail::fmt_num(p.site) +
                             (type == 0 ? " ha" : " 万m²") + ") cannot host its capex of " +
                             detail::fmt_num(p.capex) + " 亿元: at capital_output_ratio " +
                             detail::fmt_num(c[ClusterParam::CapitalOutputRatio]) + " and " +
                             (type == 0 ? "land_yield " : "floor_yield ") +
                             detail::fmt_num(yield) + " it needs at least " +
                             detail::fmt_num(needed) + (type == 0 ? " ha" : " 万m²"));
      }
    }
  }
}

double Model::project_site(const ProjectSpec& p) const {
  if (!std::isnan(p.site)) return p.site;
  const auto& c = spec_.clusters[p.cluster];
  return p.capex /
         (c[ClusterParam::CapitalOutputRatio] * c[detail::kYield[static_cast<int>(p.site_type)]]);
}

void Model::build_breakpoints() {
  std::vector<double> t;
  for (int y = spec_.start_year + 1; y <= spec_.end_year; ++y) t.push_back(y);
  for (const auto& e : spec_.events) {
    t.push_back(e.start);
    t.push_back(e.end);
  }
  for (const auto& p : spec_.projects) {
    t.push_back(p.start);
    t.push_back(p.start + p.construction_time);
  }
  const double a = start_time();
  const double b = end_time();
  std::vector<double> kept;
  for (const double v : t) {
    if (v > a + detail::kTimeEps && v < b - detail::kTimeEps) kept.push_back(v);
  }
  std::sort(kept.begin(), kept.end());
  for (const double v : kept) {
    if (breakpoints_.empty() || v - breakpoints_.back() > detail::kTimeEps) {
      breakpoints_.push_back(v);
    }
  }
}

void Model::find_smallest_time_constant() {
  std::vector<double> times{start_time()};
  times.insert(times.end(), breakpoints_.begin(), breakpoints_.end());
  // The key and the words are written only for a new smallest value: building them for every
  // cluster, parameter and breakpoint cost more than the rest of building a large model.
  auto consider = [&](double value, auto&& path, auto&& what) {
    if (value < smallest_time_constant_.value) smallest_time_constant_ = {value, path(), what()};
  };
  for (const double t : times) {
    for (int i = 0; i < layout_.n; ++i) {
      for (const auto& tp : kClusterTimes) {
        const double v = input_value({EventTarget::Kind::ClusterParam, detail::idx(tp.param), i},
                                     t, t) /
                         tp.divisor;
        const std::string_view key = kClusterParamInfo[detail::idx(tp.param)].key;
        consider(
            v, [&] { return "clusters." + ids_[i] + ".params." + std::string(key); },
            [&] {
              return (tp.divisor != 1.0 ? "a third of " : "") + std::string(key) + " of " + ids_[i];
            });
      }
      const double delta = input_value(
          {EventTarget::Kind::ClusterParam, detail::idx(ClusterParam::KnowledgeObsolescence), i},
          t, t);
      consider(
          1.0 / delta, [&] { return "clusters." + ids_[i] + ".params.knowledge_obsolescence"; },
          [&] { return "1 / knowledge_obsolescence of " + ids_[i]; });
    }
    for (const auto rp : kRegionTimes) {
      const double v = input_value({EventTarget::Kind::RegionParam, detail::idx(rp), 0}, t, t);
      const std::string key(kRegionParamInfo[detail::idx(rp)].key);
      consider(v, [&] { return "region." + key; }, [&] { return key; });
    }
  }
}

double Model::base_value(const EventTarget& target, double tm) const {
  switch (target.kind) {
    case EventTarget::Kind::ClusterParam:
      return spec_.clusters[target.cluster].params[target.index];
    case EventTarget::Kind::RegionParam:
      return spec_.region[target.index];
    case EventTarget::Kind::Lever: {
      const int year = std::clamp(static_cast<int>(std::floor(tm)), spec_.start_year,
                                  spec_.end_year);
      return spec_.levers[target.index](target.cluster, year - spec_.start_year);
    }
  }
  return 0.0;
}

double Model::input_value(const EventTarget& target, double t, double tm) const {
  double v = base_value(target, tm);
  for (const auto& g : event_groups_) {
    if (g.target.kind != target.kind || g.target.index != target.index ||
        g.target.cluster != target.cluster) {
      continue;
    }
    for (const int k : g.events) {
      const auto& e = spec_.events[k];
      double w;
      if (e.shape == EventShape::Step) {
        w = tm >= e.start ? 1.0 : 0.0;
      } else {
        w = std::clamp((t - e.start) / (e.end - e.start), 0.0, 1.0);
      }
      if (w == 0.0) continue;
      double target_value = e.value;
      if (e.op == EventOp::Scale) target_value = v * e.value;
      if (e.op == EventOp::Add) target_value = v + e.value;
      v += w * (target_value - v);
    }
    break;
  }
  return v;
}

}  // namespace clustersim
