// libFuzzer harness of `--set KEY=VALUE` (docs/hardening.md): each line of the bytes is one --set
// argument, parsed by parse_override and applied to a small valid scenario (the test fixture
// tests/data/scenario/valid.yaml, which has every section a --set can reach), whose model is then
// built. The outcome must be a Scenario or a ScenarioError on one printable line; anything else is
// a finding.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/scenario/scenario.hpp"
#include "harness.hpp"

#ifndef CLUSTERSIM_SOURCE_DIR
#error "CLUSTERSIM_SOURCE_DIR must name the source tree (fuzz/CMakeLists.txt)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace scenario = clustersim::scenario;
  static const std::string base = CLUSTERSIM_SOURCE_DIR "/tests/data/scenario/valid.yaml";
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<scenario::Override> overrides;
  try {
    std::size_t from = 0;
    while (from <= bytes.size() && overrides.size() < 16) {
      std::size_t end = bytes.find('\n', from);
      if (end == std::string_view::npos) end = bytes.size();
      overrides.push_back(scenario::parse_override(std::string(bytes.substr(from, end - from))));
      from = end + 1;
    }
    const scenario::Scenario s = scenario::load(base, overrides);
    (void)scenario::build_model(s);
  } catch (const scenario::ScenarioError& e) {
    clustersim::fuzz::require_one_line(e.what());
  }
  return 0;
}
