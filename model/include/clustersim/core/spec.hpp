// ModelSpec: everything the core needs to run, in canonical units, already parsed.
// It is plain data; Model (model.hpp) validates it once and the solver trusts it afterwards.
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <array>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"

namespace clustersim {

// How the market the cluster sells into grows (E1, E2).
enum class MarketKind : int { Exponential, Bass };

// The four things that limit a cluster's output (docs/model.md §3): the binding factor is the one
// whose relief raises output most.
enum class Factor : int { Capital, Labour, Space, Demand, kCount };
inline constexpr int kNumFactors = static_cast<int>(Factor::kCount);

struct ClusterSpec {
  std::string id;
  // The cluster's output over the baseline calendar year (亿元, flow over the year). The run
  // chooses the initial stocks so that the simulated baseline year reproduces it.
  double baseline_output = 0.0;
  MarketKind market = MarketKind::Exponential;
  // true: the cluster wins a share of a wider market (market_size, market_growth or Bass), and the
  // share moves with its capacity and productivity (E3-E5). false: the market is its own (E1-E2).
  bool share_market = false;
  std::array<double, kNumClusterParams> params{};
  // Factor-augmenting multipliers (1 = none), used by the marginal-binding analysis: capital
  // relief r makes each 亿元 of capital produce r times the capacity, labour relief each worker,
  // space relief each ha or 万m², demand relief scales the cluster's demand.
  std::array<double, kNumFactors> relief{1.0, 1.0, 1.0, 1.0};

  double& operator[](ClusterParam p) { return params[static_cast<int>(p)]; }
  double operator[](ClusterParam p) const { return params[static_cast<int>(p)]; }
};

// What an event changes.
struct EventTarget {
  enum class Kind : int { ClusterParam, RegionParam, Lever };
  Kind kind = Kind::ClusterParam;
  int index = 0;    // ClusterParam, RegionParam or Lever enumerator value
  int cluster = 0;  // cluster index; for levers, cluster count (== n) means the region row
};

enum class EventShape : int { Step, Ramp };
enum class EventOp : int { Set, Scale, Add };

// A step or ramp change. With v(t) the target's value without this event, the value with it is
//   v(t) + w(t) * (op(v(t)) - v(t)),  op = set/scale/add `value`,
// where w = 0 before `start`, 1 after `end`, linear in between (a step has end == start).
// Events on the same target compose in order of their start time.
struct EventSpec {
  std::string name;
  EventTarget target;
  EventShape shape = EventShape::Step;
  EventOp op = EventOp::Set;
  double value = 0.0;
  double start = 0.0;  // decimal year, e.g. 2024.0 = 1 Jan 2024
  double end = 0.0;
};

// A named major project: capex spent evenly over [start, start + construction_time), then
// ramping into the cluster's productive capital (mean ramp time: the cluster's project_ramp_time).
// It brings its site: `site` ha of land (or 万m² of floor) are released to the cluster at the
// start and developed with the region's development time; NaN = the site its capex needs at the
// cluster's capital_output_ratio and yield. `fund_share` of the capex is drawn from the cluster's
// undeployed fund money while there is some; the rest is private money.
struct ProjectSpec {
  std::string name;
  int cluster = 0;
  double capex = 0.0;  // 亿元
  double start = 0.0;  // decimal year
  double construction_time = 1.0;
  double site = kNaN;  // ha (land) or 万m² (floor); NaN: derived from capex
  SpaceType site_type = SpaceType::Land;
  double fund_share = 0.0;  // share of the capex financed from the cluster's fund, [0, 1]
};

struct ModelSpec {
  int start_year = 2023;  // the baseline year; the run starts on 1 Jan of it
  int end_year = 2030;    // last simulated calendar year (inclusive)
  std::vector<ClusterSpec> clusters;
  std::array<double, kNumRegionParams> region{};

  // n x n coefficient matrices (row = supplying cluster, column = buying cluster).
  // io(i,j): 亿元 of cluster i's product used per 亿元 of cluster j's output;
  // local_share(i,j): share of that input bought from the region's cluster i;
  // spillover(i,j): knowledge flowing to i per year per unit of j's knowledge stock.
  Eigen::SparseMatrix<double> io;
  Eigen::SparseMatrix<double> local_share;
  Eigen::SparseMatrix<double> spillover;

  // Annual lever amounts: levers[k] is (n + 1) x (end_year - start_year + 1); row n is the
  // region's shared pool. Amounts are per year and constant within a calendar year.
  std::array<Eigen::MatrixXd, kNumLevers> levers;

  std::vector<EventSpec> events;
  std::vector<ProjectSpec> projects;

  int num_clusters() const { return static_cast<int>(clusters.size()); }
  int num_years() const { return end_year - start_year + 1; }
  double region_param(RegionParam p) const { return region[static_cast<int>(p)]; }
  double& region_param(RegionParam p) { return region[static_cast<int>(p)]; }
  double lever(Lever l, int row, int year) const {
    return levers[static_cast<int>(l)](row, year - start_year);
  }
};

// A spec with `n` clusters, all parameters at their defaults, zero levers and empty matrices.
ModelSpec default_spec(int n, int start_year, int end_year);

// Parameter defaults, for filling a ClusterSpec or the region table.
std::array<double, kNumClusterParams> default_cluster_params();
std::array<double, kNumRegionParams> default_region_params();

}  // namespace clustersim
