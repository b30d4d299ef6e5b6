// clustersim optimize: allocate fund, land, floor and talent across clusters at least public cost
// to reach a set of targets, or under a budget to reach as many (or as much value) as possible
// (docs/calibration.md "What would it take: seek and optimize").
//
// Decision variables: one multiplier per lever row (per cluster for earmarked levers, and the
// region's shared pools) on the scenario's path over the policy years, the year after the
// baseline to the last target year; other years keep the scenario's amounts. Rows whose path is
// zero in those years are left out (a multiplier cannot create a programme; `seek --mode amount`
// answers for one). Public cost = Σ over rows and policy years of amount × unit cost (亿元).
// Gradient-free NLopt (COBYLA) from several starts; every evaluation is one simulation.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/calibration/seek.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::calibration {

// 亿元 of public cost per unit of each lever. Defaults are assumptions (data/sources.csv has no
// land price, floor cost or talent subsidy): land 0.2 亿元/ha (industrial land at ≈2,000 元/m²),
// floor 0.35 亿元/万m² (high-rise factory construction at ≈3,500 元/m²), talent 0.0003 亿元 per
// person (a ≈30,000 元 settlement subsidy), fund 1 (the fund money itself).
struct UnitCosts {
  double fund = 1.0;
  double land = 0.2;
  double floor = 0.35;
  double talent = 0.0003;
  double of(Lever l) const;
};

enum class Objective {
  Cost,   // least cost reaching every target of the set
  Count,  // under the budget, most targets reached: the better (by count) of the surrogate
          // Σ min(projected/target, 1)'s optimum and a greedy sequence of least-cost packages
  Value,  // under the budget, most value: the surrogate weighted by the target values
};
std::string_view objective_name(Objective o);

struct OptimizeRequest {
  std::vector<int> targets;  // indices into Scenario::targets
  Objective objective = Objective::Cost;
  std::optional<double> budget;  // 亿元 over the policy years; required for Count and Value
  UnitCosts costs;
  double max_multiplier = 10.0;  // upper bound of every multiplier (lower bound 0)
  // Tighter (or looser) bounds for single rows, e.g. land:region at 1.44 when only 1,000 ha can
  // be released over the policy years: land and floor are physically limited, money is not.
  std::vector<std::pair<LeverRow, double>> bounds;
  // Physical limits the scenario declares (the CLI takes the upper end of the `uncertainty:`
  // range of each land and floor row, e.g. Pingshan's land release ×1.5): applied to the rows
  // the optimiser varies that `bounds` does not name; rows neither names keep max_multiplier.
  std::vector<std::pair<LeverRow, double>> declared_bounds;
  // Cost: a target out of reach (even with every multiplier at its bound) is first brought as
  // close as the levers can get it (the reachable targets met), then held within this fraction
  // of that projection (not below the scenario's own) while the cost is minimised. 0 buys the
  // last 亿元 of output at any price; the default gives up at most 1% of the attainable.
  double reach_tolerance = 0.01;
  int max_evaluations = 4000;    // simulations over all starts
  int starts = 3;
  // Called after each simulation with (evaluations so far, max_evaluations).
  std::function<void(int, int)> progress;
};

struct AllocationRow {
  LeverRow lever;
  std::string label;  // "fund:ic", "land:region"
  std::string unit;   // unit of `amount`: the lever unit without "/yr" (亿元, ha, 万m², persons)
  double multiplier = 1.0;
  double upper = 0.0;            // the multiplier's upper bound
  std::string upper_basis;       // "--bound", "scenario" (declared_bounds) or "--max-multiplier"
  double amount = 0.0;           // total over the policy years
  double scenario_amount = 0.0;  // the scenario's total over the same years
  double cost = 0.0;             // 亿元
  double unit_cost = 0.0;        // 亿元 per unit
  // Shadow values at the optimum: the gain in the objective's progress measure (see
  // OptimizeResult::progress) per one more unit of the lever and per one more 亿元 spent on it.
  double gain_per_unit = 0.0;
  double gain_per_yi = 0.0;
};

struct TargetOutcome {
  int index = 0;  // into Scenario::targets
  analysis::TargetRow row;  // projected at the allocation
  double scenario_projected = 0.0;
  bool reachable = true;  // reached with every multiplier at its bound
  // Cost: the most the levers get the target to (the attainment optimum; for a reachable target
  // its projection with every multiplier at its bound) and the level the allocation must hold
  // (the target itself when reachable).
  double best_projected = kNaN;
  double held_at = kNaN;
};

struct OptimizeResult {
  Objective objective = Objective::Cost;
  int first_year = 0, last_year = 0;
  std::vector<AllocationRow> rows;
  std::vector<TargetOutcome> targets;
  double total_cost = 0.0, scenario_cost = 0.0;
  int met = 0;  // targets reached (projected >= target)
  bool feasible = true;  // Cost: every reachable target met within the budget (if any)
  // The surrogate the optimiser maximises (Count/Value), or for Cost Σ_k projected_k/target_k
  // over the targets: the "progress" that shadow values are measured in.
  double progress = 0.0;
  // Count/Value: d(surrogate optimum)/d(budget) per 亿元, by re-optimising the surrogate at a 5%
  // larger budget (Count may report a greedy allocation that meets more targets instead; the
  // shadow value stays that of the surrogate problem).
  double budget_shadow = kNaN;
  int evaluations = 0;
  int failed_runs = 0;  // allocations whose simulation failed (counted as reaching nothing)
  double seconds = 0.0;
  std::string message;  // what the optimiser reported, or why the result is infeasible
  RunResult run;  // at the allocation
  std::vector<analysis::TargetRow> all_targets;
};

// Throws std::invalid_argument for a request that cannot be run (no targets, no rows, a
// negative budget, Count/Value without a budget).
OptimizeResult optimize(const scenario::Scenario& scenario, const OptimizeRequest& request);

// The scenario's spec with `multipliers` applied over [first_year, last_year] (one per row).
ModelSpec apply_allocation(const ModelSpec& base, const std::vector<LeverRow>& rows,
                           const std::vector<double>& multipliers, int first_year, int last_year);

// The lever rows the optimiser varies for `scenario` over [first_year, last_year].
std::vector<LeverRow> decision_rows(const scenario::Scenario& scenario, int first_year, int last_year);

}  // namespace clustersim::calibration
