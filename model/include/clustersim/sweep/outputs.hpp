// What a sweep reports: per target the probability of being reached and when; percentile bands;
// the tornado, Morris and Sobol tables; and the files and terminal table that carry them
// (docs/sensitivity.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clustersim/io/outputs.hpp"
#include "clustersim/sweep/engine.hpp"
#include "clustersim/sweep/summary.hpp"

namespace clustersim::sweep {

struct TornadoRow {
  int output = 0, input = 0;
  double low_value = 0, high_value = 0, at_low = 0, at_high = 0, base = 0, swing = 0;
};
// Per output, the inputs by decreasing swing |at_high - at_low|.
std::vector<TornadoRow> tornado(const SweepResult& result, int inputs, int outputs);

struct MorrisRow {
  int output = 0, input = 0, rank = 0;
  double mu = 0, mu_star = 0, sigma = 0, mu_star_low = 0, mu_star_high = 0;
};
std::vector<MorrisRow> morris(const SweepResult& result, int inputs, int outputs,
                              const SweepOptions& options);

struct SobolRow {
  int output = 0, input = 0;
  double first = 0, first_low = 0, first_high = 0, total = 0, total_low = 0, total_high = 0;
  long used = 0;
};
std::vector<SobolRow> sobol(const SweepResult& result, int inputs, int outputs,
                            const SweepOptions& options);

// Metadata of the sweep, recorded in summary.json and the work directory's manifest.
struct SweepInfo {
  std::string scenario_file;
  std::vector<std::string> overrides;
  SweepOptions options;
};
nlohmann::ordered_json sweep_settings(const scenario::Scenario& scenario,
                                      const Uncertainty& uncertainty,
                                      const std::vector<OutputSpec>& outputs,
                                      const SweepInfo& info);

// Every file of the sweep's output directory, for io::write_atomic. Throws io::OutputError when
// a result to be written is not finite where it must be.
std::vector<io::OutputFile> sweep_files(const scenario::Scenario& scenario,
                                        const Uncertainty& uncertainty,
                                        const std::vector<OutputSpec>& outputs,
                                        const SweepInfo& info, const SweepResult& result);

// The table printed on stdout: each target with its probability, then per method its ranking.
std::string sweep_table(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
                        const std::vector<OutputSpec>& outputs, const SweepInfo& info,
                        const SweepResult& result);

}  // namespace clustersim::sweep
