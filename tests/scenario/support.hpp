// Shared helpers of the scenario tests: fixture paths and catching the one error a load throws.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario::test {

// Absolute path of a fixture under tests/data/scenario/.
inline std::string fixture(const std::string& name) {
  return std::string(CLUSTERSIM_SOURCE_DIR) + "/tests/data/scenario/" + name;
}

inline std::vector<Override> sets(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const auto& a : args) out.push_back(parse_override(a));
  return out;
}

// The ScenarioError that loading `file` (and building its model) throws; fails the test when
// there is none.
inline ScenarioError error_of(const std::string& file,
                              const std::vector<std::string>& overrides = {}) {
  try {
    const Scenario s = load(file, sets(overrides));
    (void)build_model(s);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no ScenarioError for " << file);
  throw std::logic_error("unreachable");
}

}  // namespace clustersim::scenario::test
