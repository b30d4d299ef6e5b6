// Targets against a run: how far each policy target is from the projection, when it is first
// reached, the growth it requires versus the growth projected, and what limits output in the
// target year. Comparisons of two runs target by target.
//
// All figures are in the unit the target was written in (Target::unit), converted from the
// core's canonical 亿元. A year's figure is the annual flow (integral over the calendar year).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/core/variables.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::analysis {

// A target under the scenario's declared uncertainty: what a seeded Monte Carlo sweep of its
// `uncertainty:` inputs says (`clustersim run` unless --no-sweep; sweep::attach_odds). The verdict
// word is likelihood(probability) (likelihood.hpp), the IPCC's calibrated scale.
struct TargetOdds {
  double probability = 0.0;      // share of the sweep's successful runs that reach the target
  double low = 0.0, high = 1.0;  // its 95 % Wilson interval (Monte Carlo error)
  // The sweep's projections of the target year: 5 %, median and 95 %, in the target's unit.
  double p05 = 0.0, median = 0.0, p95 = 0.0;
  // One run with every uncertain input at its median, in the target's unit: the projection and
  // this differ by where the inputs' medians lie against the scenario's values; this and the
  // sweep's median by the spread of the inputs through a nonlinear model.
  double at_input_medians = 0.0;
  long runs = 0;  // successful runs behind `probability`
};

// How the odds of a run's targets were computed (summary.json `sweep`).
struct OddsSweep {
  long runs = 0;    // runs in the design
  long failed = 0;  // runs that failed (left out of every figure)
  std::uint64_t seed = 0;
  std::string sampler;  // "lhs"
  int inputs = 0;       // uncertain inputs
  int threads = 1;
  double wall_seconds = 0.0;
  // Uncertain inputs whose median differs from the scenario's value by more than 1 %:
  // (path, scenario value, median), canonical units.
  struct Shifted {
    std::string path;
    double base = 0.0;
    double median = 0.0;
  };
  std::vector<Shifted> shifted;
};

// Cluster id of targets on the sum over all simulated clusters (scenario format: `cluster: all`).
inline constexpr std::string_view kAllClusters = "all";

struct TargetRow {
  std::string cluster;   // cluster id, or "all"
  std::string name;      // Chinese display name; for "all": "各集群合计" (sum of the clusters)
  std::string name_en;   // English display name; for "all": "all clusters"
  int year = 0;
  double target = 0.0;     // in `unit`
  double projected = 0.0;  // annual flow in `year`, in `unit`
  // (projected - target) / target * 100; empty when the target is 0.
  std::optional<double> gap_pct;
  bool reached = false;  // projected >= target
  // First simulated year (baseline year included) whose annual figure is >= the target value.
  std::optional<int> first_year_reached;
  int baseline_year = 0;
  double baseline = 0.0;  // the scenario's baseline-year figure (sum for "all"), in `unit`
  // Compound annual growth rates from the baseline to the target year, as fractions per year
  // (0.12 = 12 %/yr). Empty when the target year is the baseline year or the baseline is not
  // positive, where no rate is defined.
  std::optional<double> cagr_required;
  std::optional<double> cagr_projected;
  // What limits output in the target year; for "all", the constraint binding the largest share
  // of the summed output.
  Constraint binding = Constraint::Demand;
  scenario::Measure measure = scenario::Measure::Output;
  std::string unit;
  double unit_factor = 1.0;  // canonical 亿元 per one `unit`
  std::string source;
  std::string label;
  std::optional<TargetOdds> odds;  // with a sweep of the scenario's uncertainty only
};

// One row per scenario target, in the scenario's order. Throws std::invalid_argument when a
// target does not fit the run (year outside the simulated years, unknown cluster index): the
// scenario and the run must belong together.
std::vector<TargetRow> evaluate_targets(const scenario::Scenario& scenario, const RunResult& run);

// Compound annual growth rate from `from` to `to` over `years` years; empty when undefined
// (years <= 0, from <= 0 or to < 0).
std::optional<double> cagr(double from, double to, int years);

struct ComparisonRow {
  std::string cluster;
  std::string name;
  std::string name_en;
  int year = 0;
  scenario::Measure measure = scenario::Measure::Output;
  std::string unit;  // A's unit (B's when the target exists only in B); all figures in it
  double target = 0.0;  // A's target value (B's when only in B)
  std::optional<double> projected_a;  // empty when run A has no such target
  std::optional<double> projected_b;
  std::optional<double> difference;      // B - A
  std::optional<double> difference_pct;  // (B - A) / A * 100; empty when A is 0
  std::optional<bool> reached_a;
  std::optional<bool> reached_b;
};

// Targets matched by (cluster, year, measure): A's targets in A's order, then those only in B.
std::vector<ComparisonRow> compare(const std::vector<TargetRow>& a, const std::vector<TargetRow>& b);

}  // namespace clustersim::analysis
