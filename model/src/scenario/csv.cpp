#include "clustersim/scenario/detail/csv.hpp"

#include <fstream>
#include <sstream>

#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario::detail {

std::vector<CsvRecord> parse_csv(const std::string& file, const std::string& text) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  CsvField field;
  int line = 1, column = 1;
  bool in_quotes = false, at_start = true, quoted = false;
  field.line = 1;
  field.column = 1;
  auto end_field = [&] {
    record.push_back(field);
    field = CsvField{};
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
        fail({file, line, column}, "", "a quote inside an unquoted field (quote the whole field)");
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
      if (quoted) fail({file, line, column}, "", "text after a closing quote");
      field.text += c;
    }
    if (!cont) ++column;
  }
  if (in_quotes) fail({file, field.line, field.column}, "", "a quoted field is not closed");
  if (!at_start || !record.empty()) {
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<CsvRecord> read_csv_table(const std::filesystem::path& file,
                                      const std::vector<std::string>& cols,
                                      const std::string& what) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) fail({name, 0, 0}, "", "cannot open " + what);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // BOM
  auto records = parse_csv(name, text);
  if (records.empty()) fail({name, 1, 1}, "", "empty file: expected the header " + join(cols, ","));
  const auto& header = records[0];
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (c >= header.size())
      fail({name, 1, header.empty() ? 1 : header.back().column}, cols[c],
           "missing column (expected the header " + join(cols, ",") + ")");
    if (trim(header[c].text) != cols[c])
      fail({name, header[c].line, header[c].column}, cols[c],
           "expected column '" + cols[c] + "', got " + quote(header[c].text) +
               did_you_mean(header[c].text, cols));
  }
  if (header.size() > cols.size())
    fail({name, header[cols.size()].line, header[cols.size()].column}, "",
         "unexpected column " + quote(header[cols.size()].text));
  std::vector<CsvRecord> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    auto& f = records[r];
    if (f.size() == 1 && trim(f[0].text).empty()) continue;  // blank line
    if (f.size() != cols.size())
      fail({name, f[0].line, f.back().column}, "",
           "expected " + std::to_string(cols.size()) + " fields, got " + std::to_string(f.size()));
    rows.push_back(std::move(f));
  }
  return rows;
}

}  // namespace clustersim::scenario::detail
