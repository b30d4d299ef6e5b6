#include "clustersim/calibration/history.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

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

struct Field {
  std::string text;
  int line = 0;
  int column = 0;  // 1-based, in characters
};

// RFC 4180 records; a quoted field may hold commas, quotes ("") and line breaks.
std::vector<std::vector<Field>> parse_csv(const std::string& file, const std::string& text) {
  std::vector<std::vector<Field>> records;
  std::vector<Field> record;
  Field field;
  int line = 1, column = 1;
  bool in_quotes = false, at_start = true, quoted = false;
  field.line = 1;
  field.column = 1;
  auto end_field = [&] {
    record.push_back(field);
    field = Field{};
    at_start = true;
    quoted = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool cont = (static_cast<unsigned char>(c) & 0xC0) == 0x80;  // UTF-8 continuation
    if (at_start) {
      field.line = line;
      field.column = column;
      at_start = false;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.text += '"';
          ++i;
          column += 2;
          continue;
        }
        in_quotes = false;
      } else {
        field.text += c;
        if (c == '\n') {
          ++line;
          column = 0;
        }
      }
    } else if (c == '"') {
      if (!field.text.empty() || quoted)
        d::fail({file, line, column}, "", "a quote inside an unquoted field (quote the whole field)");
      in_quotes = quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r') {
      // tolerated before \n
    } else if (c == '\n') {
      end_field();
      records.push_back(std::move(record));
      record.clear();
      ++line;
      column = 1;
      continue;
    } else {
      if (quoted) d::fail({file, line, column}, "", "text after a closing quote");
      field.text += c;
    }
    if (!cont) ++column;
  }
  if (in_quotes) d::fail({file, field.line, field.column}, "", "a quoted field is not closed");
  if (!at_start || !record.empty()) {
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

bool snake_case(const std::string& s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

History load_history(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) d::fail({name, 0, 0}, "", "cannot open the history file");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // BOM
  const auto records = parse_csv(name, text);
  const auto& cols = history_columns();
  if (records.empty()) d::fail({name, 1, 1}, "", "empty file: expected the header " + d::join(cols, ","));
  const auto& header = records[0];
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (c >= header.size())
      d::fail({name, 1, header.empty() ? 1 : header.back().column}, cols[c],
              "missing column (expected the header " + d::join(cols, ",") + ")");
    if (d::trim(header[c].text) != cols[c])
      d::fail({name, header[c].line, header[c].column}, cols[c],
              "expected column '" + cols[c] + "', got " + d::quote(header[c].text) +
                  d::did_you_mean(header[c].text, cols));
  }
  if (header.size() > cols.size())
    d::fail({name, header[cols.size()].line, header[cols.size()].column}, "",
            "unexpected column " + d::quote(header[cols.size()].text));

  History h;
  h.file = file;
  static const std::vector<std::string> qualifiers{"=", ">", "≈", "range"};
  static const std::vector<std::string> tags{"strong", "weak", "derived", "untagged"};
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r];
    if (f.size() == 1 && d::trim(f[0].text).empty()) continue;  // blank line
    if (f.size() != cols.size())
      d::fail({name, f[0].line, f.back().column}, "",
              "expected " + std::to_string(cols.size()) + " fields, got " + std::to_string(f.size()));
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
