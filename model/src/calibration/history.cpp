#include "clustersim/calibration/history.hpp"

#include <algorithm>

#include "clustersim/scenario/detail/csv.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/units.hpp"

namespace clustersim::calibration {

namespace d = scenario::detail;

const std::vector<std::string>& history_columns() {
  static const std::vector<std::string> cols{"series", "region", "year",  "value", "qualifier",
                                             "unit",   "scope",  "tag",   "source", "note"};
  return cols;
}

const std::vector<std::string>& units_kept_as_published() {
  static const std::vector<std::string> units{"万辆", "million vehicles", "亿部", "GWh",
                                              "firms",  "person-years",     "US$ bn"};
  return units;
}

namespace {

bool snake_case(const std::string& s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

History load_history(const std::filesystem::path& file) {
  const std::string name = file.string();
  const auto& cols = history_columns();
  const auto records = d::read_csv_table(file, cols, "the history file");

  History h;
  h.file = file;
  static const std::vector<std::string> qualifiers{"=", ">", "≈", "range"};
  static const std::vector<std::string> tags{"strong", "weak", "derived", "untagged"};
  for (const auto& f : records) {
    auto at = [&](int c) { return scenario::SourceLocation{name, f[c].line, f[c].column}; };
    Observation o;
    o.where = {name, f[0].line, 1};
    o.series = std::string(d::trim(f[0].text));
    if (!snake_case(o.series))
      d::fail(at(0), "series", "expected a snake_case name, got " + d::quote(f[0].text));
    o.region = std::string(d::trim(f[1].text));
    const auto year_text = d::trim(f[2].text);
    if (!year_text.empty()) {
      const auto y = d::parse_number(year_text);
      if (!y || *y != static_cast<int>(*y) || *y < 1900 || *y > 2100)
        d::fail(at(2), "year", "expected a calendar year (1900–2100) or nothing, got " + d::quote(f[2].text));
      o.year = static_cast<int>(*y);
    }
    const auto v = d::parse_number(d::trim(f[3].text));
    if (!v) d::fail(at(3), "value", "expected a finite number, got " + d::quote(f[3].text));
    o.value = *v;
    o.value_where = at(3);
    o.qualifier = std::string(d::trim(f[4].text));
    if (std::find(qualifiers.begin(), qualifiers.end(), o.qualifier) == qualifiers.end())
      d::fail(at(4), "qualifier", "expected one of =, >, ≈, range; got " + d::quote(f[4].text));
    o.unit = std::string(d::trim(f[5].text));
    if (o.unit.empty()) d::fail(at(5), "unit", "missing unit");
    const auto& kept = units_kept_as_published();
    if (std::find(kept.begin(), kept.end(), o.unit) != kept.end()) {
      o.canonical = o.value;
      o.canonical_unit = o.unit;
    } else {
      try {
        const auto u = scenario::parse_unit(o.unit);
        o.canonical = o.value * u.factor;
        o.canonical_unit = scenario::canonical_unit(u.dimension);
      } catch (const std::invalid_argument& e) {
        d::fail(at(5), "unit", std::string(e.what()) + " (kept as published: " + d::join(kept, ", ") + ")");
      }
    }
    o.scope = std::string(d::trim(f[6].text));
    o.tag = std::string(d::trim(f[7].text));
    if (std::find(tags.begin(), tags.end(), o.tag) == tags.end())
      d::fail(at(7), "tag", "expected strong, weak, derived or untagged; got " + d::quote(f[7].text) +
                                d::did_you_mean(o.tag, tags));
    o.source = f[8].text;
    o.note = f[9].text;
    h.rows.push_back(std::move(o));
  }
  return h;
}

}  // namespace clustersim::calibration
