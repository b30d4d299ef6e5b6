// The odds of a run's targets: what `clustersim run` and the Python module's run() print beside
// the deterministic projection when the scenario declares uncertainty. A seeded Monte Carlo
// sweep of the scenario's `uncertainty:` inputs (the machinery of `clustersim sweep --method mc`,
// multithreaded, the same bits on any thread count), and one run with every uncertain input at
// its median, which splits the gap between the projection and the sweep's median into its two
// causes (docs/outputs.md, "Probabilities").
#pragma once

#include <cstdint>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/engine.hpp"

namespace clustersim::sweep {

// Runs of the sweep behind `clustersim run`'s probabilities unless --quick-sweep N: enough that
// the Monte Carlo error of a probability is at most ±2.2 points (95 %), ≈ 1–2 s for Pingshan on
// 2 cores.
inline constexpr long kOddsRuns = 2000;
inline constexpr std::uint64_t kOddsSeed = 20240101;  // `clustersim sweep`'s default seed

// The runs a run's sweep takes: `requested` when >= 0 (0: no sweep), otherwise kOddsRuns, or none
// for a quick run (`run --quick`: the projection only). None without an `uncertainty:` section.
long odds_runs(const scenario::Scenario& scenario, bool quick, long requested);

struct OddsOptions {
  long runs = kOddsRuns;
  std::uint64_t seed = kOddsSeed;
  int threads = 0;  // 0: all cores
};

// Sweep the scenario's uncertainty and set `rows[k].odds` (rows: evaluate_targets of this
// scenario, in its order). Progress is reported every few hundred runs. Throws ScenarioError for
// a bad `uncertainty:` section, std::runtime_error when every run fails.
analysis::OddsSweep attach_odds(const scenario::Scenario& scenario,
                                std::vector<analysis::TargetRow>& rows, const OddsOptions& options,
                                const Progress& progress = {});

}  // namespace clustersim::sweep
