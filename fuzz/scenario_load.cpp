// libFuzzer harness of the scenario loader (docs/hardening.md): the bytes are a scenario file. It is
// loaded (YAML, extends, validation, units, plausibility, conversion) and its model built. Whatever
// the bytes, the outcome must be a Scenario or a ScenarioError whose message is one printable line.
// Any other exception, a crash, a sanitizer report, a hang (-timeout) or a memory blow-up
// (-rss_limit_mb) is a finding.
#include <cstdint>

#include "clustersim/scenario/scenario.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace scenario = clustersim::scenario;
  const auto file = clustersim::fuzz::write_input(data, size, "input.yaml");
  try {
    const scenario::Scenario s = scenario::load(file);
    (void)scenario::build_model(s);
  } catch (const scenario::ScenarioError& e) {
    clustersim::fuzz::require_one_line(e.what());
  }
  return 0;
}
