// Historical series (calibration/*.csv, calibration/README.md): one value per row with its unit,
// scope, tag and source. Checked like scenarios: every error is a scenario::ScenarioError naming
// file, line, column and the CSV column ("<file>:<line>:<col>: error: <column>: <message>").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/scenario/scenario.hpp"

namespace clustersim::calibration {

struct Observation {
  std::string series;
  std::string region;
  std::optional<int> year;  // empty when the source gives none
  double value = 0.0;       // as published, in `unit`
  std::string qualifier;    // "=", ">", "≈" or "range"
  std::string unit;
  std::string scope;
  std::string tag;          // strong, weak, derived, untagged
  std::string source;
  std::string note;
  // `value` in the canonical unit of its dimension (亿元, persons, ha, 1, ...); the units of
  // units_kept_as_published() (counts such as 万辆, and US$ bn) keep their own unit with factor 1.
  double canonical = 0.0;
  std::string canonical_unit;
  scenario::SourceLocation where;  // the row (column 1)
  scenario::SourceLocation value_where;  // the value field
};

struct History {
  std::filesystem::path file;
  std::vector<Observation> rows;
};

// The expected header, in order.
const std::vector<std::string>& history_columns();

// Units the scenario unit parser does not know, kept as published with factor 1: vehicle counts
// (万辆 = 10,000 vehicles; million vehicles), handsets (亿部), battery output (GWh), firms,
// person-years, and US dollars (US$ bn: not converted to 亿元, no exchange rate is assumed).
const std::vector<std::string>& units_kept_as_published();

// Read and check one history file. Throws scenario::ScenarioError for a missing file, a wrong
// header, a row with the wrong number of fields, a bad year, value, qualifier, unit or tag.
History load_history(const std::filesystem::path& file);

}  // namespace clustersim::calibration
