// "What would it take": the smallest level of one policy lever at which one scenario target is
// reached (clustersim seek, docs/calibration.md "What would it take: seek and optimize").
//
// The projected target figure is assumed non-decreasing in every lever (a core property that
// tests/core checks); the search brackets the root of g(x) = projected(x) - target and refines it
// with Boost.Math's TOMS 748, returning the upper end of the final bracket so that a re-run at
// the reported level reaches the target (g >= 0).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::calibration {

enum class SeekMode {
  Scale,   // a multiplier on the lever's whole path as the scenario has it (1 = as is)
  Amount,  // a constant annual amount in the policy years, replacing the scenario's path there
};

// A lever row: which lever, and the cluster index (n = the region's shared pool).
struct LeverRow {
  Lever lever = Lever::Fund;
  int row = 0;
};

struct SeekRequest {
  int target = 0;  // index into Scenario::targets
  LeverRow lever;
  SeekMode mode = SeekMode::Scale;
  // Upper bound of the search, in the level's unit (multiplier or lever unit per year); NaN: the
  // default (scale 20; amount max(20 x the current amount, a per-lever floor; see seek.cpp)).
  double max = kNaN;
  // The search stops when the bracket is narrower than abs_tol + rel_tol * upper end (level units).
  double rel_tol = 1e-7;
  double abs_tol = 1e-9;
  int max_iterations = 100;
};

struct SeekResult {
  enum class Status {
    Found,           // the target is reached at `level`, not below (within the tolerance)
    AlreadyReached,  // reached at the current level; `level` <= current is the smallest one
    Unreachable,     // not reached even at `max`; projected/binding are at the bound
  };
  Status status = Status::Found;
  SeekMode mode = SeekMode::Scale;
  LeverRow lever;
  int first_year = 0, last_year = 0;  // the policy years the level covers (both modes)
  double level = 0.0;    // multiplier (scale) or annual amount in the lever's unit (amount)
  double current = 0.0;  // the scenario's level: 1 (scale) or the mean amount over the years
  double max = 0.0;      // the bound used
  double bracket_low = 0.0, bracket_high = 0.0;  // the final bracket (high == level)
  double target = 0.0;   // in the target's unit
  double projected = 0.0;  // at `level` (at `max` when unreachable), in the target's unit
  double projected_current = 0.0;  // at the scenario's level (amount mode: its mean held flat)
  // With the scenario's own path (scale mode: projected_current). In amount mode the two differ
  // when the scenario's path is not flat over the years (Pingshan's IC fund: 14 亿元/yr in
  // 2024–2028, a mean of 10 in 2024–2030 held flat projects less).
  double projected_scenario = 0.0;
  // Marginal binding factor (E10, by perturbed runs: the factor whose 1% relief gains the most
  // output) in the target year at `level` (or at the bound); run.binding_gains holds the gains.
  Constraint binding = Constraint::Demand;
  int evaluations = 0;  // simulations run
  ModelSpec spec;   // the scenario's spec with the lever at `level` (at `max` when unreachable)
  RunResult run;    // its run
  std::vector<analysis::TargetRow> targets;  // all targets of that run
};

// Lever row of "KIND" or "KIND:CLUSTER" (cluster id or "region"); throws std::invalid_argument
// with a one-line reason (unknown kind or cluster with suggestions, fund has no region row).
LeverRow parse_lever(const scenario::Scenario& scenario, const std::string& text);
// "fund:ic", "land:region".
std::string lever_label(const scenario::Scenario& scenario, const LeverRow& lever);
// Index of the scenario target "CLUSTER:YEAR"; throws std::invalid_argument listing the
// available targets when there is none.
int parse_target(const scenario::Scenario& scenario, const std::string& text);

// Set the lever to `level` in `spec` (a copy of the scenario's spec) in the years [first_year,
// last_year]: scale mode multiplies the path there, amount mode replaces it.
void apply_level(ModelSpec& spec, const LeverRow& lever, SeekMode mode, double level,
                 int first_year, int last_year);

// Throws std::invalid_argument for a request that cannot be searched (a zero path in scale mode,
// a bound not above 0); NumericalError from the core when a run fails.
SeekResult seek(const scenario::Scenario& scenario, const SeekRequest& request);

std::string_view status_name(SeekResult::Status s);  // "found", "already_reached", "unreachable"
std::string_view mode_name(SeekMode m);              // "scale", "amount"

}  // namespace clustersim::calibration
