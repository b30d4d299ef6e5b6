// Internal to the scenario layer and the layers that read files of their own (calibration
// histories, the scenario's sources file): RFC 4180 CSV with the line and column of every field,
// so that a bad cell is named like a bad YAML value. Not a stable interface.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace clustersim::scenario::detail {

struct CsvField {
  std::string text;
  int line = 0;
  int column = 0;  // 1-based, in characters
};
using CsvRecord = std::vector<CsvField>;

// Every record of `text` (a quoted field may hold commas, quotes ("") and line breaks); errors
// are ScenarioErrors in `file`.
std::vector<CsvRecord> parse_csv(const std::string& file, const std::string& text);

// The data records of a CSV file whose header must be exactly `columns` (a UTF-8 byte-order mark
// is skipped, blank lines too); every record has exactly columns.size() fields. Errors name the
// file, line, column and the column's name; `what` names the file in "cannot open <what>".
std::vector<CsvRecord> read_csv_table(const std::filesystem::path& file,
                                      const std::vector<std::string>& columns,
                                      const std::string& what = "the file");

}  // namespace clustersim::scenario::detail
