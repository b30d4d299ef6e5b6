#include "clustersim/core/model.hpp"

#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "clustersim/core/errors.hpp"

namespace clustersim {
namespace {

constexpr double kTiny = 1e-300;
constexpr double kTimeEps = 1e-9;  // breakpoints closer than this are the same instant

constexpr std::array<std::string_view, kNumStocks> kStockNames{{
    "pipeline_1", "pipeline_2", "pipeline_3", "capital", "project_wip", "project_ramp",
    "fund_pipeline", "workforce", "knowledge", "productivity", "smoothed_output",
    "expected_demand", "final_market", "space_land", "space_floor", "earmark_land",
    "earmark_floor", "cum_output", "cum_capacity_capital", "cum_capacity_labour",
    "cum_capacity_space", "cum_demand", "cum_investment_private", "cum_investment_fund",
    "cum_investment_project", "cum_completions", "cum_hires", "cum_talent_earmarked",
    "cum_alloc_land", "cum_alloc_floor", "cum_earmark_supply_land", "cum_earmark_supply_floor",
    "cum_earmark_dev_land", "cum_earmark_dev_floor",
}};
constexpr std::array<std::string_view, kNumRegionStocks> kRegionStockNames{{
    "talent_pool", "land_pipeline", "floor_pipeline", "land_vacant", "floor_vacant",
    "cum_land_released", "cum_floor_released", "cum_land_developed", "cum_floor_developed",
    "cum_talent_programme", "cum_talent_attracted", "cum_talent_returned", "cum_talent_left",
    "cum_talent_hired",
}};

constexpr std::array<ClusterParam, kNumSpaceTypes> kYield{ClusterParam::LandYield,
                                                         ClusterParam::FloorYield};
constexpr std::array<ClusterParam, kNumSpaceTypes> kSuitability{ClusterParam::LandSuitability,
                                                               ClusterParam::FloorSuitability};
constexpr std::array<RegionParam, kNumSpaceTypes> kDevTime{RegionParam::LandDevelopmentTime,
                                                          RegionParam::FloorDevelopmentTime};
constexpr std::array<RegionParam, kNumSpaceTypes> kAllocTime{RegionParam::LandAllocationTime,
                                                            RegionParam::FloorAllocationTime};
constexpr std::array<RegionParam, kNumSpaceTypes> kInitialVacant{
    RegionParam::LandInitialVacant, RegionParam::FloorInitialVacant};
constexpr std::array<Lever, kNumSpaceTypes> kSpaceLever{Lever::Land, Lever::Floor};
constexpr std::array<Stock, kNumSpaceTypes> kOccupied{Stock::SpaceLand, Stock::SpaceFloor};
constexpr std::array<Stock, kNumSpaceTypes> kEarmark{Stock::EarmarkLand, Stock::EarmarkFloor};
constexpr std::array<Stock, kNumSpaceTypes> kCumAlloc{Stock::CumAllocLand, Stock::CumAllocFloor};
constexpr std::array<Stock, kNumSpaceTypes> kCumEarmarkSupply{Stock::CumEarmarkSupplyLand,
                                                             Stock::CumEarmarkSupplyFloor};
constexpr std::array<Stock, kNumSpaceTypes> kCumEarmarkDev{Stock::CumEarmarkDevLand,
                                                          Stock::CumEarmarkDevFloor};
constexpr std::array<RegionStock, kNumSpaceTypes> kPipeline{RegionStock::LandPipeline,
                                                           RegionStock::FloorPipeline};
constexpr std::array<RegionStock, kNumSpaceTypes> kVacant{RegionStock::LandVacant,
                                                         RegionStock::FloorVacant};
constexpr std::array<RegionStock, kNumSpaceTypes> kCumReleased{RegionStock::CumLandReleased,
                                                              RegionStock::CumFloorReleased};
constexpr std::array<RegionStock, kNumSpaceTypes> kCumDeveloped{RegionStock::CumLandDeveloped,
                                                               RegionStock::CumFloorDeveloped};

int idx(ClusterParam p) { return static_cast<int>(p); }
int idx(RegionParam p) { return static_cast<int>(p); }
int idx(Lever l) { return static_cast<int>(l); }

std::string fmt_num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

// Number of squarings for a smooth-minimum exponent k (a power of two up to 64); -1 for k = 0.
int squarings_for(double k) {
  if (k == 0.0) return -1;
  for (int s = 1; s <= 6; ++s) {
    if (k == static_cast<double>(1 << s)) return s;
  }
  return -2;
}

// Shares of a cluster's space needs met by each space type: suitability weights over the types
// the cluster can use (suitability > 0 and yield > 0).
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

std::string param_path(const ModelSpec& spec, const EventTarget& t) {
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

}  // namespace

std::string_view stock_name(Stock s) { return kStockNames[static_cast<int>(s)]; }
std::string_view stock_name(RegionStock s) { return kRegionStockNames[static_cast<int>(s)]; }

std::string StateLayout::describe(int k, const std::vector<std::string>& cluster_ids) const {
  if (k < kNumStocks * n) {
    const int block = k / n;
    const int cluster = k % n;
    const std::string id =
        cluster < static_cast<int>(cluster_ids.size()) ? cluster_ids[cluster] : "?";
    return std::string(kStockNames[block]) + " of cluster " + id;
  }
  const int r = k - kNumStocks * n;
  if (r < kNumRegionStocks) return "region " + std::string(kRegionStockNames[r]);
  return "state " + std::to_string(k);
}

// ---------------------------------------------------------------------------------------------
// Smooth minimum and allocation by priority

double smooth_min(const double* x, int count, int squarings) {
  double m = x[0];
  for (int j = 1; j < count; ++j) m = std::min(m, x[j]);
  if (squarings < 0 || !(m > 0.0)) return std::max(m, 0.0);
  double sum = 0.0;
  for (int j = 0; j < count; ++j) {
    double r = m / x[j];  // in (0, 1]
    for (int s = 0; s < squarings; ++s) r *= r;
    sum += r;
  }
  // sum in [1, count]; m * sum^(-1/k) with k = 2^squarings.
  double root = sum;
  for (int s = 0; s < squarings; ++s) root = std::sqrt(root);
  return m / root;
}

void smooth_min4_rows(const Eigen::ArrayX4d& limits, int squarings, Eigen::ArrayX4d& work,
                      Eigen::ArrayXd& out) {
  // smooth_min's operations, the four terms summed pairwise, run down whole columns: the
  // divisions and the dependent chain of square roots vectorise across rows.
  const Eigen::Index rows = limits.rows();
  for (Eigen::Index i = 0; i < rows; ++i) {
    out(i) = std::min(std::min(limits(i, 0), limits(i, 1)), std::min(limits(i, 2), limits(i, 3)));
  }
  if (squarings >= 0) {
    for (int j = 0; j < 4; ++j) work.col(j) = out / limits.col(j);
    for (int s = 0; s < squarings; ++s) work = work.square();
    work.col(0) = (work.col(0) + work.col(1)) + (work.col(2) + work.col(3));
    for (int s = 0; s < squarings; ++s) work.col(0) = work.col(0).sqrt();
  }
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double m = out(i);
    out(i) = squarings < 0 || !(m > 0.0) ? std::max(m, 0.0) : m / work(i, 0);
  }
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

// ---------------------------------------------------------------------------------------------
// Model

Model::Model(ModelSpec spec) : spec_(std::move(spec)) {
  layout_.n = spec_.num_clusters();
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

  // diag(δ) - Ω at the start, factorised once for the knowledge steady state (E30).
  Eigen::SparseMatrix<double> system = -spec_.spillover;
  for (int i = 0; i < layout_.n; ++i) {
    system.coeffRef(i, i) += input_value(
        {EventTarget::Kind::ClusterParam, idx(ClusterParam::KnowledgeObsolescence), i},
        start_time(), start_time());
  }
  system.makeCompressed();
  auto lu = std::make_shared<Eigen::SparseLU<Eigen::SparseMatrix<double>>>();
  lu->compute(system);
  knowledge_solver_ = std::move(lu);

  // Events must keep every parameter in its admissible range: check at every segment.
  std::vector<double> times{start_time()};
  times.insert(times.end(), breakpoints_.begin(), breakpoints_.end());
  times.push_back(end_time());
  for (const auto& g : event_groups_) {
    if (g.target.kind == EventTarget::Kind::Lever) {
      for (std::size_t k = 0; k + 1 < times.size(); ++k) {
        const double tm = 0.5 * (times[k] + times[k + 1]);
        for (const double t : {times[k], times[k + 1]}) {
          const double v = input_value(g.target, t, tm);
          if (!(v >= 0.0) || !std::isfinite(v)) {
            throw ModelError("events." + spec_.events[g.events.front()].name,
                             "events make lever " + param_path(spec_, g.target) + " equal " +
                                 fmt_num(v) + " in " + std::to_string(static_cast<int>(tm)) +
                                 "; lever amounts must be finite and non-negative");
          }
        }
      }
      continue;
    }
    const ParamInfo& pinfo = g.target.kind == EventTarget::Kind::ClusterParam
                                 ? kClusterParamInfo[g.target.index]
                                 : kRegionParamInfo[g.target.index];
    for (std::size_t k = 0; k + 1 < times.size(); ++k) {
      const double tm = 0.5 * (times[k] + times[k + 1]);
      for (const double t : {times[k], times[k + 1]}) {
        const double v = input_value(g.target, t, tm);
        if (!in_range(pinfo, v) || std::isnan(v)) {
          throw ModelError("events." + spec_.events[g.events.front()].name,
                           "events make " + param_path(spec_, g.target) + " equal " + fmt_num(v) +
                               " at " + fmt_num(t) + ", outside its range [" +
                               fmt_num(pinfo.lower) + ", " + fmt_num(pinfo.upper) + "]");
        }
      }
    }
  }
}

void Model::validate() const {
  const int n = layout_.n;
  if (n < 1) throw ModelError("clusters", "the scenario has no clusters");
  if (spec_.end_year < spec_.start_year) {
    throw ModelError("horizon.end", "horizon ends (" + std::to_string(spec_.end_year) +
                                        ") before it starts (" +
                                        std::to_string(spec_.start_year) + ")");
  }
  for (int i = 0; i < n; ++i) {
    const auto& c = spec_.clusters[i];
    const std::string base = "clusters." + c.id;
    for (int j = 0; j < i; ++j) {
      if (spec_.clusters[j].id == c.id) throw ModelError(base, "duplicate cluster id '" + c.id + "'");
    }
    if (!(c.baseline_output > 0.0) || !std::isfinite(c.baseline_output)) {
      throw ModelError(base + ".baseline.value",
                       "baseline output of '" + c.id + "' must be positive, got " +
                           fmt_num(c.baseline_output));
    }
    for (int k = 0; k < kNumClusterParams; ++k) {
      const auto& pi = kClusterParamInfo[k];
      if (!in_range(pi, c.params[k]) || std::isnan(c.params[k])) {
        throw ModelError(base + ".params." + std::string(pi.key),
                         std::string(pi.key) + " = " + fmt_num(c.params[k]) +
                             " is outside its range " + (pi.lower_open ? "(" : "[") +
                             fmt_num(pi.lower) + ", " + fmt_num(pi.upper) + "]");
      }
    }
    std::array<double, kNumSpaceTypes> suit{}, yield{};
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      suit[s] = c[kSuitability[s]];
      yield[s] = c[kYield[s]];
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
    if (!in_range(pi, spec_.region[k])) {
      throw ModelError("region." + std::string(pi.key),
                       std::string(pi.key) + " = " + fmt_num(spec_.region[k]) +
                           " is outside its range [" + fmt_num(pi.lower) + ", " +
                           fmt_num(pi.upper) + "]");
    }
  }
  if (squarings_for(spec_.region_param(RegionParam::SmoothMinSharpness)) < -1) {
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
                               ids_[it.col()] + ") = " + fmt_num(v) + " must lie in [0, " +
                               fmt_num(upper) + "]");
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
      inflow(it.row()) += it.value();
    }
  }
  for (int i = 0; i < n; ++i) {
    if (spec_.spillover.coeff(i, i) != 0.0) {
      throw ModelError("matrices.spillover." + ids_[i] + "." + ids_[i],
                       "a cluster's spillover to itself must be 0 (use knowledge_per_rd)");
    }
    if (inflow(i) >= spec_.clusters[i][ClusterParam::KnowledgeObsolescence]) {
      throw ModelError("matrices.spillover." + ids_[i],
                       "spillovers into '" + ids_[i] + "' (" + fmt_num(inflow(i)) +
                           "/yr) must be below its knowledge_obsolescence (" +
                           fmt_num(spec_.clusters[i][ClusterParam::KnowledgeObsolescence]) + ")");
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
                               std::to_string(spec_.start_year + y) + " is " + fmt_num(m(r, y)) +
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
    if (t.kind == EventTarget::Kind::ClusterParam &&
        t.index == idx(ClusterParam::Priority) && e.shape == EventShape::Ramp) {
      throw ModelError(path, "priority is ordinal: change it with a step, not a ramp");
    }
    if (t.kind == EventTarget::Kind::RegionParam &&
        t.index == idx(RegionParam::SmoothMinSharpness)) {
      throw ModelError(path, "smooth_min_sharpness cannot be changed by an event");
    }
    if (t.kind == EventTarget::Kind::RegionParam &&
        (t.index == idx(RegionParam::InitialTalentPool) ||
         t.index == idx(RegionParam::LandInitialVacant) ||
         t.index == idx(RegionParam::FloorInitialVacant))) {
      throw ModelError(path, "initial values cannot be changed by an event");
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
    if (p.start + p.construction_time <= spec_.start_year + kTimeEps) {
      throw ModelError(path + ".start",
                       "project '" + p.name + "' is complete before the baseline year " +
                           std::to_string(spec_.start_year) +
                           ": its capacity is already part of the baseline");
    }
  }
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
    if (v > a + kTimeEps && v < b - kTimeEps) kept.push_back(v);
  }
  std::sort(kept.begin(), kept.end());
  for (const double v : kept) {
    if (breakpoints_.empty() || v - breakpoints_.back() > kTimeEps) breakpoints_.push_back(v);
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
  const int sq = squarings_for(region(RegionParam::SmoothMinSharpness));

  Eigen::VectorXd demand(n), trend(n), rd(n);
  for (int i = 0; i < n; ++i) {
    // Capacities in the ratios set by the baseline utilisations, scaled so that output = y0 (§10).
    const std::array<double, 4> inv_util{
        1.0 / param(i, ClusterParam::UtilCapital), 1.0 / param(i, ClusterParam::UtilLabour),
        1.0 / param(i, ClusterParam::UtilSpace), 1.0 / param(i, ClusterParam::UtilDemand)};
    const double scale = param(i, ClusterParam::OutputScale);
    if (!(scale > 0.0)) {
      throw ModelError("clusters." + ids_[i] + ".params.output_scale",
                       "output_scale must be positive in the baseline year");
    }
    const double base = initial_output(i) / (scale * smooth_min(inv_util.data(), 4, sq));
    const double cap_k = base * inv_util[0];
    const double cap_l = base * inv_util[1];
    const double cap_s = base * inv_util[2];
    demand(i) = base * inv_util[3];

    x[layout_.at(Stock::Capital, i)] = param(i, ClusterParam::CapitalOutputRatio) * cap_k;
    const double workforce = cap_l / param(i, ClusterParam::LabourProductivity);
    x[layout_.at(Stock::Workforce, i)] = workforce;
    std::array<double, kNumSpaceTypes> suit{}, yield{};
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      suit[s] = param(i, kSuitability[s]);
      yield[s] = param(i, kYield[s]);
    }
    const auto w = space_shares(suit.data(), yield.data());
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      x[layout_.at(kOccupied[s], i)] = w[s] > 0.0 ? w[s] * cap_s / yield[s] : 0.0;
    }
    x[layout_.at(Stock::SmoothedOutput, i)] = initial_output(i);
    x[layout_.at(Stock::Productivity, i)] = 1.0;
    rd(i) = param(i, ClusterParam::KnowledgePerRd) * param(i, ClusterParam::RdShare) * workforce;
  }

  // Final market = demand - local intermediate demand (E3) at the initial outputs.
  const Eigen::VectorXd inter = intermediate_ * initial_output;
  for (int i = 0; i < n; ++i) {
    const double final_market = demand(i) - inter(i);
    if (final_market < -1e-9 * demand(i)) {
      throw ModelError("matrices.io", "at baseline, local intermediate demand for '" + ids_[i] +
                                          "' (" + fmt_num(inter(i)) +
                                          " 亿元/yr) exceeds its demand (" + fmt_num(demand(i)) +
                                          "): lower the io or local_share coefficients into it");
    }
    const double market_scale = param(i, ClusterParam::MarketScale);
    const double m = std::max(final_market, 0.0);
    if (m > 0.0 && !(market_scale > 0.0)) {
      throw ModelError("clusters." + ids_[i] + ".params.market_scale",
                       "market_scale must be positive in the baseline year");
    }
    const double state = m > 0.0 ? m / market_scale : 0.0;
    x[layout_.at(Stock::Market, i)] = state;
    double growth = 0.0;  // d(final market)/dt at t0
    if (spec_.clusters[i].market == MarketKind::Exponential) {
      growth = std::log1p(param(i, ClusterParam::MarketGrowth)) * m;
    } else {
      const double sat = param(i, ClusterParam::BassSaturationMultiple) *
                         spec_.clusters[i].baseline_output;
      const double f = state / sat;
      if (!(f < 1.0)) {
        throw ModelError("clusters." + ids_[i] + ".params.bass_saturation_multiple",
                         "the Bass market of '" + ids_[i] +
                             "' starts saturated: raise bass_saturation_multiple above " +
                             fmt_num(state / spec_.clusters[i].baseline_output));
      }
      growth = market_scale * sat * (param(i, ClusterParam::BassInnovation) +
                                     param(i, ClusterParam::BassImitation) * f) *
               (1.0 - f);
    }
    trend(i) = demand(i) > 0.0 ? growth / demand(i) : 0.0;
    const double tau_e = param(i, ClusterParam::DemandExpectationTime);
    // Expected demand lags demand so that the initial trend estimate equals the market's (E11, §10).
    x[layout_.at(Stock::ExpectedDemand, i)] =
        demand(i) / std::max(1.0 + trend(i) * tau_e, 0.1);
    x[layout_.at(Stock::CumOutput, i)] = 0.0;

    // Supply line in equilibrium with replacement + growth investment (E18, §10).
    const double capital = x[layout_.at(Stock::Capital, i)];
    const double invest = capital * (1.0 / param(i, ClusterParam::DepreciationLife) +
                                     std::max(trend(i), 0.0));
    const double stage = invest * param(i, ClusterParam::ConstructionTime) / 3.0;
    x[layout_.at(Stock::Pipeline1, i)] = stage;
    x[layout_.at(Stock::Pipeline2, i)] = stage;
    x[layout_.at(Stock::Pipeline3, i)] = stage;
    x[layout_.at(Stock::FundPipeline, i)] =
        lever(Lever::Fund, i) * param(i, ClusterParam::FundDeploymentTime);
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      x[layout_.at(kEarmark[s], i)] = lever(kSpaceLever[s], i) * region(kDevTime[s]);
    }
  }
  for (const auto& p : spec_.projects) {
    if (p.start < t0) {  // under construction on 1 Jan of the baseline year
      x[layout_.at(Stock::ProjectWip, p.cluster)] += p.capex * (t0 - p.start) / p.construction_time;
    }
  }

  // Knowledge in steady state with R&D staff and spillovers: (diag(δ) - Ω) Kn = η·rd·L (E30).
  const Eigen::VectorXd knowledge = knowledge_solver_->solve(rd);
  for (int i = 0; i < n; ++i) x[layout_.at(Stock::Knowledge, i)] = std::max(knowledge(i), 0.0);

  // Talent pool: the default holds a matching time's worth of baseline hiring (E24, §10).
  double pool = region(RegionParam::InitialTalentPool);
  if (std::isnan(pool)) {
    double hiring = 0.0;
    for (int i = 0; i < n; ++i) {
      const double l = x[layout_.at(Stock::Workforce, i)];
      hiring += l / param(i, ClusterParam::AttritionTime) + std::max(trend(i), 0.0) * l;
    }
    pool = region(RegionParam::TalentMatchingTime) * hiring;
  }
  x[layout_.at(RegionStock::TalentPool)] = pool;
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    x[layout_.at(kPipeline[s])] = lever(kSpaceLever[s], n) * region(kDevTime[s]);
    x[layout_.at(kVacant[s])] = region(kInitialVacant[s]);
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Dynamics

Dynamics::Dynamics(const Model& model)
    : model_(model), spec_(model.spec()), n_(model.num_clusters()) {
  p_.resize(n_, kNumClusterParams);
  derived_from_.setConstant(n_, kNumClusterParams, kNaN);
  lever_.resize(n_ + 1, kNumLevers);
  project_spend_.resize(n_);
  coef_.resize(n_);
  priority_order_.reserve(n_);
  priority_group_end_.reserve(n_);
  ramps_.reserve(model.event_groups().size());
  inter_.resize(n_);
  output_.resize(n_);
  limits_.resize(n_, 4);
  smin_work_.resize(n_, 4);
  smin_.resize(n_);
  knowledge_growth_.resize(n_);
  hire_req_.resize(n_);
  vacancy_.resize(n_);
  attrition_.resize(n_);
  for (auto& v : request_) v.resize(n_);
  for (auto& v : alloc_) v.resize(n_);
  begin_segment(model.start_time(), model.breakpoints().empty() ? model.end_time()
                                                                : model.breakpoints().front());
}

void Dynamics::refresh_derived(int i) {
  auto P = [&](ClusterParam k) { return p_(i, idx(k)); };
  Coefficients& c = coef_[i];
  c.inv_kappa = 1.0 / P(ClusterParam::CapitalOutputRatio);
  c.inv_life = 1.0 / P(ClusterParam::DepreciationLife);
  c.construction_time = P(ClusterParam::ConstructionTime);
  c.stage_rate = 3.0 / c.construction_time;
  c.inv_tau_k = 1.0 / P(ClusterParam::CapitalAdjustmentTime);
  c.supply_line_weight = P(ClusterParam::SupplyLineWeight);
  c.max_investment_share = P(ClusterParam::MaxInvestmentShare);
  c.inv_desired_utilisation = 1.0 / P(ClusterParam::DesiredUtilisation);
  c.forecast_horizon = P(ClusterParam::ForecastHorizon);
  c.tau_e = P(ClusterParam::DemandExpectationTime);
  c.inv_tau_e = 1.0 / c.tau_e;
  c.inv_tau_s = 1.0 / P(ClusterParam::OutputSmoothingTime);
  c.inv_ramp = 1.0 / P(ClusterParam::ProjectRampTime);
  c.inv_tau_f = 1.0 / P(ClusterParam::FundDeploymentTime);
  c.fund_rate =
      P(ClusterParam::FundLeverage) * P(ClusterParam::FundAdditionality) * c.inv_tau_f;
  c.productivity = P(ClusterParam::LabourProductivity);
  c.inv_productivity = 1.0 / c.productivity;
  c.inv_hiring = 1.0 / P(ClusterParam::HiringTime);
  c.inv_attrition = 1.0 / P(ClusterParam::AttritionTime);
  c.return_share = P(ClusterParam::AttritionReturnShare);
  c.knowledge_creation = P(ClusterParam::KnowledgePerRd) * P(ClusterParam::RdShare);
  c.obsolescence = P(ClusterParam::KnowledgeObsolescence);
  c.elasticity = P(ClusterParam::KnowledgeElasticity);
  c.inv_request_time = 1.0 / P(ClusterParam::SpaceRequestTime);
  c.market_scale = P(ClusterParam::MarketScale);
  c.output_scale = P(ClusterParam::OutputScale);
  c.growth_rate = std::log1p(P(ClusterParam::MarketGrowth));
  c.bass_p = P(ClusterParam::BassInnovation);
  c.bass_q = P(ClusterParam::BassImitation);
  c.bass_saturation = P(ClusterParam::BassSaturationMultiple) * spec_.clusters[i].baseline_output;
  std::array<double, kNumSpaceTypes> suit{};
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    suit[s] = P(kSuitability[s]);
    c.yield[s] = P(kYield[s]);
  }
  c.share = space_shares(suit.data(), c.yield.data());
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
    if (ramping) ramps_.push_back({g});
    const double v = model_.input_value(target, tm, tm);
    switch (target.kind) {
      case EventTarget::Kind::ClusterParam: p_(target.cluster, target.index) = v; break;
      case EventTarget::Kind::RegionParam: rp_[target.index] = v; break;
      case EventTarget::Kind::Lever: lever_(target.cluster, target.index) = v; break;
    }
  }
  project_spend_.setZero();
  for (const auto& p : spec_.projects) {
    if (p.start <= tm && tm < p.start + p.construction_time) {
      project_spend_(p.cluster) += p.capex / p.construction_time;
    }
  }
  // Coefficients depend on the cluster's parameters only: most segments change none of them.
  for (int i = 0; i < n_; ++i) {
    if (p_.row(i) != derived_from_.row(i)) {
      refresh_derived(i);
      derived_from_.row(i) = p_.row(i);
    }
  }

  priority_order_.resize(n_);
  std::iota(priority_order_.begin(), priority_order_.end(), 0);
  const int prio = idx(ClusterParam::Priority);
  // Stable insertion sort by descending priority (std::stable_sort allocates a buffer).
  for (int k = 1; k < n_; ++k) {
    const int c = priority_order_[k];
    int j = k;
    for (; j > 0 && p_(c, prio) > p_(priority_order_[j - 1], prio); --j) {
      priority_order_[j] = priority_order_[j - 1];
    }
    priority_order_[j] = c;
  }
  priority_group_end_.clear();
  for (int k = 1; k <= n_; ++k) {
    if (k == n_ || p_(priority_order_[k], prio) != p_(priority_order_[k - 1], prio)) {
      priority_group_end_.push_back(k);
    }
  }
  smin_squarings_ = squarings_for(rp_[idx(RegionParam::SmoothMinSharpness)]);
  refresh_region();
}

void Dynamics::refresh_region() {
  for (int s = 0; s < kNumSpaceTypes; ++s) inv_dev_time_[s] = 1.0 / rp_[idx(kDevTime[s])];
}

void Dynamics::update_ramps(double t) {
  const auto& groups = model_.event_groups();
  for (const auto& r : ramps_) {
    const auto& target = groups[r.group].target;
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
    if (std::abs(p.start + p.construction_time - t) <= kTimeEps) {
      // Completion: the project's capex moves from work in progress to ramp-up (E19).
      x[lay.at(Stock::ProjectWip, p.cluster)] -= p.capex;
      x[lay.at(Stock::ProjectRamp, p.cluster)] += p.capex;
    }
  }
}

void Dynamics::operator()(const Eigen::VectorXd& x, Eigen::VectorXd& dxdt, double t) {
  ++evaluations_;
  if (!ramps_.empty()) update_ramps(t);
  const int n = n_;
  const double* xs = x.data();
  double* d = dxdt.data();
  auto X = [&](Stock s) { return xs + static_cast<int>(s) * n; };
  auto D = [&](Stock s) { return d + static_cast<int>(s) * n; };
  const double* R = xs + kNumStocks * n;
  double* dR = d + kNumStocks * n;
  auto RP = [&](RegionParam k) { return rp_[static_cast<int>(k)]; };

  // E3: local intermediate demand from the buyers' smoothed output.
  inter_.noalias() = model_.intermediate() * x.segment(static_cast<int>(Stock::SmoothedOutput) * n, n);

  const double* sl1 = X(Stock::Pipeline1);
  const double* sl2 = X(Stock::Pipeline2);
  const double* sl3 = X(Stock::Pipeline3);
  const double* cap = X(Stock::Capital);
  const double* wip = X(Stock::ProjectWip);
  const double* ramp = X(Stock::ProjectRamp);
  const double* fund = X(Stock::FundPipeline);
  const double* work = X(Stock::Workforce);
  const double* know = X(Stock::Knowledge);
  const double* prod = X(Stock::Productivity);
  const double* smooth = X(Stock::SmoothedOutput);
  const double* expect = X(Stock::ExpectedDemand);
  const double* market = X(Stock::Market);
  const std::array<const double*, kNumSpaceTypes> occ{X(Stock::SpaceLand), X(Stock::SpaceFloor)};
  const std::array<const double*, kNumSpaceTypes> ear{X(Stock::EarmarkLand),
                                                      X(Stock::EarmarkFloor)};

  double* d_sl1 = D(Stock::Pipeline1);
  double* d_sl2 = D(Stock::Pipeline2);
  double* d_sl3 = D(Stock::Pipeline3);
  double* d_cap = D(Stock::Capital);
  double* d_wip = D(Stock::ProjectWip);
  double* d_ramp = D(Stock::ProjectRamp);
  double* d_fund = D(Stock::FundPipeline);
  double* d_smooth = D(Stock::SmoothedOutput);
  double* d_expect = D(Stock::ExpectedDemand);
  double* d_market = D(Stock::Market);
  const std::array<double*, kNumSpaceTypes> d_occ{D(kOccupied[0]), D(kOccupied[1])};
  const std::array<double*, kNumSpaceTypes> d_ear{D(kEarmark[0]), D(kEarmark[1])};
  const std::array<double*, kNumSpaceTypes> d_ear_supply{D(kCumEarmarkSupply[0]),
                                                         D(kCumEarmarkSupply[1])};
  const std::array<double*, kNumSpaceTypes> d_ear_dev{D(kCumEarmarkDev[0]), D(kCumEarmarkDev[1])};
  double* d_cum_output = D(Stock::CumOutput);
  double* d_cum_cap_k = D(Stock::CumCapacityCapital);
  double* d_cum_cap_l = D(Stock::CumCapacityLabour);
  double* d_cum_cap_s = D(Stock::CumCapacitySpace);
  double* d_cum_demand = D(Stock::CumDemand);
  double* d_cum_private = D(Stock::CumInvestmentPrivate);
  double* d_cum_fund = D(Stock::CumInvestmentFund);
  double* d_cum_project = D(Stock::CumInvestmentProject);
  double* d_cum_completions = D(Stock::CumCompletions);
  double* d_cum_earmarked = D(Stock::CumTalentEarmarked);
  const double* fund_lever = lever_.col(idx(Lever::Fund)).data();
  const double* talent_lever = lever_.col(idx(Lever::Talent)).data();
  const std::array<const double*, kNumSpaceTypes> space_lever{
      lever_.col(idx(Lever::Land)).data(), lever_.col(idx(Lever::Floor)).data()};

  // E4-E8: demand, capacities and output. A pass of its own: the smooth minimum's square roots
  // form a dependent chain per cluster, and a short loop lets clusters overlap in the pipeline.
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double a = prod[i];
    limits_(i, kCapital) = a * cap[i] * c.inv_kappa;
    limits_(i, kLabour) = a * c.productivity * work[i];
    double space = 0.0;
    for (int s = 0; s < kNumSpaceTypes; ++s) space += c.yield[s] * occ[s][i];
    limits_(i, kSpace) = a * space;
    limits_(i, kDemand) = market[i] * c.market_scale + inter_(i);
  }
  // E8: output_scale * smooth minimum of the four limits, for all clusters at once.
  smooth_min4_rows(limits_, smin_squarings_, smin_work_, smin_);
  for (int i = 0; i < n; ++i) output_(i) = coef_[i].output_scale * smin_(i);

  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double a = prod[i];
    const double cap_k = limits_(i, kCapital);
    const double cap_l = limits_(i, kLabour);
    const double cap_s = limits_(i, kSpace);
    const double demand = limits_(i, kDemand);
    const double output = output_(i);

    // E12-E13: demand trend and desired capacity.
    const double trend = expect[i] > kTiny ? (demand - expect[i]) / (expect[i] * c.tau_e) : 0.0;
    const double desired_capacity =
        std::max(demand * (1.0 + trend * c.forecast_horizon), 0.0) * c.inv_desired_utilisation;

    // E13b: planned capacity. Factories need sites and staff need workplaces: capital is
    // planned only up to what the space held or being developed for the cluster can host, and
    // hiring only up to what that space and the capital in place or under construction allow.
    double space_held = 0.0;
    for (int s = 0; s < kNumSpaceTypes; ++s) space_held += c.yield[s] * (occ[s][i] + ear[s][i]);
    const double space_plan = a * space_held;
    const double supply_line = sl1[i] + sl2[i] + sl3[i] + wip[i] + ramp[i];
    const double capital_plan =
        std::min(desired_capacity, space_plan * c.inv_desired_utilisation);
    const double labour_plan =
        std::min(capital_plan, a * (cap[i] + supply_line) * c.inv_kappa);

    // E14-E20: capital, supply line and investment (Sterman's stock-management rule).
    const double inv_a = 1.0 / a;
    const double desired_capital = capital_plan * inv_a / c.inv_kappa;
    const double desired_supply_line =
        c.construction_time * desired_capital * (c.inv_life + std::max(trend, 0.0));
    const double rule = cap[i] * c.inv_life +
                        ((desired_capital - cap[i]) +
                         c.supply_line_weight * (desired_supply_line - supply_line)) *
                            c.inv_tau_k;
    const double inv_private = std::min(std::max(rule, 0.0), c.max_investment_share * smooth[i]);
    const double inv_fund = c.fund_rate * fund[i];
    const double out1 = sl1[i] * c.stage_rate;
    const double out2 = sl2[i] * c.stage_rate;
    const double out3 = sl3[i] * c.stage_rate;
    const double ramp_out = ramp[i] * c.inv_ramp;
    d_sl1[i] = inv_private + inv_fund - out1;
    d_sl2[i] = out1 - out2;
    d_sl3[i] = out2 - out3;
    d_cap[i] = out3 + ramp_out - cap[i] * c.inv_life;
    d_wip[i] = project_spend_(i);
    d_ramp[i] = -ramp_out;
    d_fund[i] = fund_lever[i] - fund[i] * c.inv_tau_f;

    // E21: labour demand.
    // Employers replace leavers and close the gap to the desired workforce over the hiring
    // time; open positions are what that takes (stock management of labour).
    const double desired_workforce = labour_plan * inv_a * c.inv_productivity;
    attrition_(i) = work[i] * c.inv_attrition;
    hire_req_(i) = std::max(attrition_(i) + (desired_workforce - work[i]) * c.inv_hiring, 0.0);
    vacancy_(i) = hire_req_(i) / c.inv_hiring;

    // E27: space requests for the capacity the occupied space lacks.
    const double space_gap = std::max(desired_capacity - cap_s, 0.0) * inv_a * c.inv_request_time;
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      request_[s](i) = c.share[s] > 0.0 ? c.share[s] * space_gap / c.yield[s] : 0.0;
    }

    // E30: own knowledge creation and obsolescence (spillovers added below).
    knowledge_growth_(i) = c.knowledge_creation * work[i] - c.obsolescence * know[i];

    // E10-E11: information delays.
    d_smooth[i] = (output - smooth[i]) * c.inv_tau_s;
    d_expect[i] = (demand - expect[i]) * c.inv_tau_e;

    // E1-E2: final market.
    if (spec_.clusters[i].market == MarketKind::Exponential) {
      d_market[i] = c.growth_rate * market[i];
    } else {
      const double f = market[i] / c.bass_saturation;
      d_market[i] = c.bass_saturation * (c.bass_p + c.bass_q * f) * (1.0 - f);
    }

    // Earmarked land and floor: development delay, then occupied by the cluster (E26, E29).
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      const double supply = space_lever[s][i];
      const double developed = ear[s][i] * inv_dev_time_[s];
      d_ear[s][i] = supply - developed;
      d_occ[s][i] = developed;  // shared-pool allocations added below
      d_ear_supply[s][i] = supply;
      d_ear_dev[s][i] = developed;
    }

    d_cum_output[i] = output;
    d_cum_cap_k[i] = cap_k;
    d_cum_cap_l[i] = cap_l;
    d_cum_cap_s[i] = cap_s;
    d_cum_demand[i] = demand;
    d_cum_private[i] = inv_private;
    d_cum_fund[i] = inv_fund;
    d_cum_project[i] = project_spend_(i);
    d_cum_completions[i] = out3 + ramp_out;
    d_cum_earmarked[i] = talent_lever[i];

    if (record_ != nullptr) {
      record_->output(i) = output;
      record_->demand(i) = demand;
      record_->capacity_capital(i) = cap_k;
      record_->capacity_labour(i) = cap_l;
      record_->capacity_space(i) = cap_s;
      record_->desired_capacity(i) = desired_capacity;
      record_->capital_plan(i) = capital_plan;
      record_->labour_plan(i) = labour_plan;
      record_->investment_private(i) = inv_private;
      record_->investment_fund(i) = inv_fund;
      record_->investment_project(i) = project_spend_(i);
      record_->completions(i) = out3 + ramp_out;
    }
  }

  // E30-E31: spillovers, then productivity follows knowledge with elasticity φ:
  // A = (Kn/Kn0)^φ  <=>  dA/dt = φ A (dKn/dt) / Kn, which needs no power function.
  if (spec_.spillover.nonZeros() > 0) {
    knowledge_growth_.noalias() +=
        model_.spillover() * x.segment(static_cast<int>(Stock::Knowledge) * n, n);
  }
  for (int i = 0; i < n; ++i) {
    D(Stock::Knowledge)[i] = knowledge_growth_(i);
    D(Stock::Productivity)[i] =
        know[i] > kTiny ? coef_[i].elasticity * prod[i] * knowledge_growth_(i) / know[i] : 0.0;
  }

  // E22-E24: the shared talent pool; hires are rationed in proportion when the pool is short.
  const double pool = R[static_cast<int>(RegionStock::TalentPool)];
  // An explicit method's trial stage can see a slightly negative pool: nobody is hired from it
  // (without the clamp, a negative capacity over zero requests gives 0 / 0 hires).
  const double hiring_capacity = std::max(pool, 0.0) / RP(RegionParam::TalentMatchingTime);
  const double requested = hire_req_.sum();
  const double fill = requested > hiring_capacity ? hiring_capacity / requested : 1.0;
  double hired = 0.0, returned = 0.0, vacancies = 0.0;
  for (int i = 0; i < n; ++i) {
    const double hires = fill * hire_req_(i);
    hired += hires;
    returned += coef_[i].return_share * attrition_(i);
    vacancies += vacancy_(i);
    D(Stock::Workforce)[i] = hires + lever_(i, idx(Lever::Talent)) - attrition_(i);
    D(Stock::CumHires)[i] = hires;
    if (record_ != nullptr) {
      record_->vacancies(i) = vacancy_(i);
      record_->hire_requests(i) = hire_req_(i);
      record_->hires(i) = hires;
      record_->attrition(i) = attrition_(i);
    }
  }
  const double programme = lever_(n, idx(Lever::Talent));
  const double attracted = RP(RegionParam::TalentAttraction) * vacancies;
  const double left = pool / RP(RegionParam::TalentLeaveTime);
  dR[static_cast<int>(RegionStock::TalentPool)] = programme + attracted + returned - hired - left;
  dR[static_cast<int>(RegionStock::CumTalentProgramme)] = programme;
  dR[static_cast<int>(RegionStock::CumTalentAttracted)] = attracted;
  dR[static_cast<int>(RegionStock::CumTalentReturned)] = returned;
  dR[static_cast<int>(RegionStock::CumTalentLeft)] = left;
  dR[static_cast<int>(RegionStock::CumTalentHired)] = hired;

  // E25, E28-E29: shared land and floor pools, allocated by priority.
  std::array<double, kNumSpaceTypes> available{};
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    const double vacant = R[static_cast<int>(kVacant[s])];
    const double pipeline = R[static_cast<int>(kPipeline[s])];
    available[s] = vacant / RP(kAllocTime[s]);
    allocate_by_priority(request_[s].data(), priority_order_, priority_group_end_, available[s],
                         alloc_[s].data());
    double allocated = 0.0;
    for (int i = 0; i < n; ++i) {
      D(kOccupied[s])[i] += alloc_[s](i);
      D(kCumAlloc[s])[i] = alloc_[s](i);
      allocated += alloc_[s](i);
    }
    const double released = lever_(n, idx(kSpaceLever[s]));
    const double developed = pipeline * inv_dev_time_[s];
    dR[static_cast<int>(kPipeline[s])] = released - developed;
    dR[static_cast<int>(kVacant[s])] = developed - allocated;
    dR[static_cast<int>(kCumReleased[s])] = released;
    dR[static_cast<int>(kCumDeveloped[s])] = developed;
  }

  if (record_ != nullptr) {
    for (int s = 0; s < kNumSpaceTypes; ++s) {
      record_->space_requests[s] = request_[s];
      record_->space_allocated[s] = alloc_[s];
      record_->space_available[s] = available[s];
    }
    record_->hiring_capacity = hiring_capacity;
    record_->talent_inflow = programme + attracted + returned;
  }
}

Flows Dynamics::flows(const Eigen::VectorXd& x, double t) {
  Flows f;
  for (auto* v : {&f.output, &f.demand, &f.capacity_capital, &f.capacity_labour,
                  &f.capacity_space, &f.desired_capacity, &f.capital_plan, &f.labour_plan,
                  &f.investment_private,
                  &f.investment_fund, &f.investment_project, &f.completions, &f.vacancies,
                  &f.hire_requests, &f.hires, &f.attrition}) {
    v->resize(n_);
  }
  Eigen::VectorXd dxdt(x.size());
  record_ = &f;
  (*this)(x, dxdt, t);
  record_ = nullptr;
  --evaluations_;
  return f;
}

}  // namespace clustersim
