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
  std::function<void(const std::string&)> warn;      // e.g. a damaged chunk that is run again
};

// Runs in the design for `options`: mc n, oat 1 + 2d, morris n (d + 1), sobol n (d + 2).
double design_runs(const Uncertainty& u, const SweepOptions& options);
// Bytes a sweep of `outputs` outputs holds in memory at its peak (the design, the run table,
// mc's bands, the text of runs.csv), for refusing a -n the machine cannot hold before anything is
// allocated.
double sweep_bytes(const scenario::Scenario& scenario, const Uncertainty& u, std::size_t outputs,
                   const SweepOptions& options);
// Why this machine cannot hold such a sweep (it would need more than half its memory), or "".
std::string memory_problem(const scenario::Scenario& scenario, const Uncertainty& u,
                           std::size_t outputs, const SweepOptions& options);

// Run the sweep. With a `work_dir`, each finished chunk is stored there (with a CRC-32 of its
// bytes) and chunks already there are read back instead of run; a chunk whose checksum or design
// does not match is run again (with a warning when damaged). Throws std::runtime_error when
// stopped (the finished chunks stay).
SweepResult run_sweep(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
                      const std::vector<OutputSpec>& outputs, const SweepOptions& options,
                      const std::filesystem::path& work_dir = {}, const Progress& progress = {});

}  // namespace clustersim::sweep
