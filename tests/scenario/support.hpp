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

// The error names exactly this place, key and message, in one line.
inline void check(const ScenarioError& e, const std::string& file, int line, int column,
                  const std::string& key, const std::string& message) {
  INFO(e.what());
  CHECK(e.where().file == file);
  CHECK(e.where().line == line);
  CHECK(e.where().column == column);
  CHECK(e.key() == key);
  CHECK(e.message() == message);
  CHECK(std::string(e.what()).find('\n') == std::string::npos);
}

}  // namespace clustersim::scenario::test
