// The sweep engine: the runs of runs.hpp's design, in parallel (TBB). Runs share nothing mutable
// and land in their own rows, so a seed gives the same bits on any thread count. Runs are done
// in chunks; a work directory keeps each finished chunk, so an interrupted sweep resumes without
// redoing them and ends with the same results.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/runs.hpp"

namespace clustersim::sweep {

struct Progress {
  std::function<void(long done, long total)> report;  // called from one thread at a time
  const std::atomic<bool>* stop = nullptr;           // set to stop after the current chunk
};

// Run the sweep. With a `work_dir`, each finished chunk is stored there and chunks already there
// are read back instead of run. Throws std::runtime_error when stopped (the finished chunks stay).
SweepResult run_sweep(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
                      const std::vector<OutputSpec>& outputs, const SweepOptions& options,
                      const std::filesystem::path& work_dir = {}, const Progress& progress = {});

}  // namespace clustersim::sweep
