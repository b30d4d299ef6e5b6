// What `clustersim run` and `clustersim compare` print on a terminal: aligned tables (Chinese
// names count two columns per character), numbers with a precision that suits their size, and
// a run summary with notes. Plain UTF-8 text, no colours, no trailing spaces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/io/outputs.hpp"

namespace clustersim::io {

// Terminal columns taken by UTF-8 text: 2 for East Asian Wide and Fullwidth characters (CJK
// ideographs, fullwidth punctuation, Hangul, kana), 0 for combining marks and zero-width
// characters, 1 otherwise (ambiguous-width characters count 1, as in most terminals). Fixed
// Unicode ranges rather than wcwidth(), so that the output does not depend on the locale.
int display_width(std::string_view utf8);

// A text table: header, a rule of dashes, rows; columns separated by two spaces.
class Table {
 public:
  enum class Align { Left, Right };
  struct Column {
    std::string header;
    Align align = Align::Left;
  };
  explicit Table(std::vector<Column> columns);
  void add_row(std::vector<std::string> cells);  // as many cells as columns
  std::string render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Decimals for an amount of this magnitude: >= 100: 1, >= 1: 2, smaller: 3.
int amount_decimals(double magnitude);
// Fixed decimals with thousands separators: 3121.44 -> "3,121.4" (decimals 1).
std::string format_amount(double v, int decimals);
// Percentage with one decimal: 4.66 -> "4.7%", or "+4.7%" with `sign`.
std::string format_percent(double pct, bool sign);

// The target table of one run; with odds (a sweep of the scenario's uncertainty), the columns
// P(reach) and likelihood (the IPCC word) after `reached`.
std::string target_table(const std::vector<analysis::TargetRow>& rows);
// A probability as the tables show it: "37%"; one decimal where whole percent would land on an
// end or a boundary of the likelihood scale without being on it ("1.2%", "32.9%", "99.9%"), so
// that the figure agrees with its word and "100%" / "0%" mean every run and none.
std::string probability_cell(double p);
// The sweep line and notes `clustersim run` prints under the table when the run has odds
// (empty otherwise): runs, Monte Carlo error, the likelihood scale in English and Chinese, and
// where the sweep's median lies farthest from the projection and why.
std::string odds_notes(const std::vector<analysis::TargetRow>& rows, const RunInfo& info);
// "run: dopri5 (rtol ..., atol ...), 2023–2030: N steps ..., M ms"
std::string run_line(const RunResult& run, const RunInfo& info);
// Everything `clustersim run` prints: title, table, run line, notes.
std::string run_report(const scenario::Scenario& scenario, const RunResult& run,
                       const std::vector<analysis::TargetRow>& rows, const RunInfo& info);

// What `clustersim check` prints: one line per reality check, then a summary line.
std::string checks_report(const scenario::Scenario& scenario,
                          const std::vector<analysis::CheckResult>& checks);

// Everything `clustersim compare` prints. `a_label` and `b_label` say where each run came from
// (file and --set arguments).
std::string comparison_report(const scenario::Scenario& a, const RunResult& run_a,
                              const RunInfo& info_a, const std::string& a_label,
                              const scenario::Scenario& b, const RunResult& run_b,
                              const RunInfo& info_b, const std::string& b_label,
                              const std::vector<analysis::ComparisonRow>& rows);

}  // namespace clustersim::io
