#include "clustersim/io/report.hpp"

#include <fmt/format.h>

#include "clustersim/analysis/likelihood.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace clustersim::io {

namespace {

struct Range {
  char32_t lo, hi;
};

// East Asian Width W and F (Unicode 15 EastAsianWidth.txt, merged into blocks where a block is
// wide throughout; emoji blocks approximated as wide, as terminals draw them).
constexpr std::array<Range, 38> kWide{{
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274E},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF01, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x18CFF},
    {0x1B000, 0x1B2FF}, {0x1F300, 0x1FAFF},
}};
constexpr std::array<Range, 3> kWidePlanes{{
    {0x1F004, 0x1F004}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}}};

// Combining marks and zero-width characters.
constexpr std::array<Range, 11> kZero{{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x200B, 0x200F}, {0x202A, 0x202E},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}}};

template <std::size_t N>
bool in(const std::array<Range, N>& ranges, char32_t c) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [c](const Range& r) { return c >= r.lo && c <= r.hi; });
}

int char_width(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (c < 0x300) return 1;
  if (in(kZero, c) || (c >= 0xE0100 && c <= 0xE01EF)) return 0;
  if (in(kWide, c) || in(kWidePlanes, c)) return 2;
  return 1;
}

using analysis::ComparisonRow;
using analysis::TargetRow;

std::string_view measure_label(scenario::Measure m) {
  switch (m) {
    case scenario::Measure::Output: return "产值";
    case scenario::Measure::ValueAdded: return "增加值";
    case scenario::Measure::Revenue: return "营收";
  }
  return "";
}

// Chinese name, with the measure when it is not gross output (the default most targets use).
std::string cluster_cell(const std::string& name, const std::string& id, scenario::Measure m) {
  std::string cell = name.empty() ? id : name;
  if (m != scenario::Measure::Output) cell += fmt::format(" ({})", measure_label(m));
  return cell;
}

std::string amount_cell(double v, int decimals, const std::string& unit) {
  return format_amount(v, decimals) + (unit.empty() ? "" : " " + unit);
}

std::string optional_percent(const std::optional<double>& v, bool sign) {
  return v ? format_percent(*v, sign) : "-";
}

std::string grouped(long v) { return format_amount(static_cast<double>(v), 0); }

}  // namespace

int display_width(std::string_view s) {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {  // invalid byte: one column
      ++width;
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    width += char_width(c);
    i += static_cast<std::size_t>(len);
  }
  return width;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<std::string> cells) {
  if (cells.size() != columns_.size()) throw std::logic_error("table row of the wrong size");
  rows_.push_back(std::move(cells));
}

std::string Table::render() const {
  const std::size_t nc = columns_.size();
  std::vector<int> width(nc, 0);
  for (std::size_t c = 0; c < nc; ++c) {
    width[c] = display_width(columns_[c].header);
    for (const auto& row : rows_) width[c] = std::max(width[c], display_width(row[c]));
  }
  auto line = [&](auto cell_of) {
    std::string out;
    for (std::size_t c = 0; c < nc; ++c) {
      const std::string& text = cell_of(c);
      const std::string fill(static_cast<std::size_t>(width[c] - display_width(text)), ' ');
      if (c > 0) out += "  ";
      out += columns_[c].align == Align::Right ? fill + text : text + fill;
    }
    out.erase(out.find_last_not_of(' ') + 1);
    return out + "\n";
  };
  std::string out = line([&](std::size_t c) -> const std::string& { return columns_[c].header; });
  std::vector<std::string> rule(nc);
  for (std::size_t c = 0; c < nc; ++c) rule[c] = std::string(static_cast<std::size_t>(width[c]), '-');
  out += line([&](std::size_t c) -> const std::string& { return rule[c]; });
  for (const auto& row : rows_) out += line([&](std::size_t c) -> const std::string& { return row[c]; });
  return out;
}

int amount_decimals(double magnitude) {
  magnitude = std::abs(magnitude);
  return magnitude >= 100.0 ? 1 : magnitude >= 1.0 ? 2 : 3;
}

std::string format_amount(double v, int decimals) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  const std::size_t dot = s.find('.');
  std::size_t int_end = dot == std::string::npos ? s.size() : dot;
  for (std::size_t pos = int_end; pos > 3; pos -= 3) s.insert(pos - 3, 1, ',');
  // No "-0.0": a value that rounds to zero is shown unsigned.
  const bool negative = v < 0.0 && s.find_first_not_of("0.,") != std::string::npos;
  return negative ? "-" + s : s;
}

std::string format_percent(double pct, bool sign) {
  std::string s = fmt::format("{:.1f}", pct);
  if (s == "-0.0") s = "0.0";
  // A sign only on figures that show a change: "+0.0%" would read as a rise.
  if (sign && s[0] != '-' && s != "0.0") s = "+" + s;
  return s + "%";
}

std::string target_table(const std::vector<TargetRow>& rows) {
  using A = Table::Align;
  // With a sweep of the scenario's uncertainty, the probability and its word beside the
  // projection's yes/no (a scenario without one says nothing about probabilities).
  const bool odds = std::any_of(rows.begin(), rows.end(),
                                [](const TargetRow& r) { return r.odds.has_value(); });
  std::vector<Table::Column> columns{{"cluster", A::Left},  {"year", A::Right},
                                     {"target", A::Right},  {"projected", A::Right},
                                     {"gap %", A::Right},   {"reached", A::Left}};
  if (odds) {
    columns.push_back({"P(reach)", A::Right});
    columns.push_back({"likelihood", A::Left});
  }
  for (const char* c : {"first reached", "CAGR req.", "CAGR proj."}) columns.push_back({c, A::Right});
  columns.push_back({"binding", A::Left});
  Table t(columns);
  for (const auto& r : rows) {
    // Target and projection with the same decimals, so that the two read side by side.
    const int d = amount_decimals(r.target);
    std::vector<std::string> cells{
        cluster_cell(r.name, r.cluster, r.measure), std::to_string(r.year),
        amount_cell(r.target, d, r.unit), amount_cell(r.projected, d, r.unit),
        optional_percent(r.gap_pct, true), r.reached ? "yes" : "no"};
    if (odds) {
      cells.push_back(r.odds ? probability_cell(r.odds->probability) : "-");
      cells.push_back(r.odds ? std::string(analysis::info(analysis::likelihood(r.odds->probability)).en)
                             : "-");
    }
    cells.push_back(r.first_year_reached ? std::to_string(*r.first_year_reached) : "-");
    cells.push_back(optional_percent(
        r.cagr_required ? std::optional(*r.cagr_required * 100.0) : std::nullopt, false));
    cells.push_back(optional_percent(
        r.cagr_projected ? std::optional(*r.cagr_projected * 100.0) : std::nullopt, false));
    cells.push_back(std::string(clustersim::name(r.binding)));
    t.add_row(std::move(cells));
  }
  return t.render();
}

std::string probability_cell(double p) {
  // Whole percent, except where that would land on an end or a boundary of the likelihood scale
  // (0, 1, 10, 33, 66, 90, 99, 100 %) without being on it: then one decimal, rounded away from
  // the boundary, so that the figure and its word always agree ("1.2%" very unlikely, not "1%")
  // and "100%" / "0%" mean every run and none.
  const double pct = p * 100.0;
  if (pct >= 100.0 || pct <= 0.0) return fmt::format("{:.0f}%", pct);
  const double whole = std::round(pct);
  bool boundary = false;
  for (const double b : {0.0, 1.0, 10.0, 33.0, 66.0, 90.0, 99.0, 100.0}) boundary = boundary || whole == b;
  if (!boundary || pct == whole) return fmt::format("{:.0f}%", whole);
  double tenth = std::round(pct * 10.0) / 10.0;
  if (tenth == whole) tenth = pct > whole ? whole + 0.1 : whole - 0.1;
  return fmt::format("{:.1f}%", tenth);
}

std::string odds_notes(const std::vector<TargetRow>& rows, const RunInfo& info) {
  if (!info.sweep) return {};
  const auto& w = *info.sweep;
  std::string out = fmt::format(
      "sweep: {} runs of {} uncertain inputs (Latin hypercube, seed {}), {} failed, {:.1f} s on "
      "{} threads\n",
      grouped(w.runs), w.inputs, w.seed, grouped(w.failed), w.wall_seconds, w.threads);
  double half = 0.0;  // the widest 95 % interval of a probability, in points
  for (const auto& r : rows)
    if (r.odds) half = std::max(half, 50.0 * (r.odds->high - r.odds->low));
  out += fmt::format(
      "note: P(reach): share of the sweep's runs that reach the target (Monte Carlo error within "
      "±{:.1f} points, 95%); reached: the projection, every input at the scenario's value\n",
      half);
  out += "note: likelihood (IPCC scale): virtually certain 几乎确定 ≥ 99%, very likely 很可能 "
         "≥ 90%, likely 可能 ≥ 66%, about as likely as not 可能性约为一半 33–66%, unlikely 不太可能 "
         "≤ 33%, very unlikely 很不可能 ≤ 10%, exceptionally unlikely 极不可能 ≤ 1%\n";
  // Where the sweep's median lies farthest from the projection, and why.
  const TargetRow* far = nullptr;
  double far_gap = 0.0;
  for (const auto& r : rows) {
    if (!r.odds || !(r.projected > 0.0) || !std::isfinite(r.odds->median)) continue;
    const double gap = std::abs(r.odds->median / r.projected - 1.0);
    if (gap > far_gap) {
      far_gap = gap;
      far = &r;
    }
  }
  if (far != nullptr && far_gap >= 0.001) {
    const auto& o = *far->odds;
    const double total = 100.0 * (o.median / far->projected - 1.0);
    std::string why;
    if (std::isfinite(o.at_input_medians)) {
      const double shift = 100.0 * (o.at_input_medians / far->projected - 1.0);
      why = fmt::format(
          ": {} from {} uncertain inputs whose median is not the scenario's value (the run with "
          "every input at its median gives {} {}), {} from the inputs' spread through the model's "
          "limits",
          format_percent(shift, true), w.shifted.size(),
          format_amount(o.at_input_medians, amount_decimals(far->target)), far->unit,
          format_percent(total - shift, true));
    }
    out += fmt::format("note: the sweep's median of {} {} is {} {} against the projection's {} {} "
                       "({}){}\n",
                       far->name, far->year, format_amount(o.median, amount_decimals(far->target)),
                       far->unit, format_amount(far->projected, amount_decimals(far->target)),
                       far->unit, format_percent(total, true), why);
  }
  return out;
}

std::string run_line(const RunResult& run, const RunInfo& info) {
  std::string tol = info.solver.method == SolverMethod::Dopri5
                        ? fmt::format("rtol {:g}, atol {:g}", info.solver.rtol, info.solver.atol)
                        : fmt::format("dt {:g} yr", info.solver.dt);
  std::string steps = grouped(run.stats.steps) + " steps";
  if (run.stats.rejected_steps > 0) steps += fmt::format(" ({} rejected)", grouped(run.stats.rejected_steps));
  return fmt::format("run: {} ({}), {}–{}: {}, {} right-hand-side evaluations, {} calibration "
                     "iterations, {:.1f} ms",
                     solver_name(info.solver.method), tol, run.start_year, run.end_year, steps,
                     grouped(run.stats.rhs_evaluations), run.stats.calibration_iterations,
                     info.wall_time_ms);
}

namespace {

std::string title_of(const scenario::Scenario& s) {
  return s.title.empty() ? s.name : fmt::format("{} ({})", s.title, s.name);
}

std::string baseline_note(const scenario::Scenario& s, const RunResult& run) {
  const double pct = run.stats.max_baseline_error * 100.0;
  const std::string within = pct < 0.001 ? "0.001%" : fmt::format("{:.3f}%", pct);
  return fmt::format("note: the {} baseline is reproduced within {} for every cluster",
                     s.spec.start_year, within);
}

std::string potential_note(const scenario::Scenario& s) {
  if (s.potential_clusters.empty()) return "";
  std::string names;
  for (const auto& p : s.potential_clusters) {
    if (!names.empty()) names += ", ";
    names += p.name.empty() ? p.id : fmt::format("{} ({})", p.name, p.id);
  }
  return fmt::format("note: named by the policy but not simulated (no published figures): {}\n",
                     names);
}

}  // namespace

static std::string lever_table(const scenario::Scenario& s, const RunResult& run,
                        const std::vector<TargetRow>& rows,
                        const std::vector<analysis::LeverResponse>& levers) {
  using A = Table::Align;
  std::vector<Table::Column> columns{{"cluster", A::Left}, {"year", A::Right}};
  for (int l = 0; l < kNumLevers; ++l) {
    const auto lever = static_cast<Lever>(l);
    columns.push_back({"per " + std::string(analysis::lever_quote_label(lever)) + " " +
                           std::string(info(lever).key),
                       A::Right});
  }
  Table t(columns);
  int count = 0;
  for (const auto& r : rows) {
    if (r.cluster == analysis::kAllClusters) continue;
    std::vector<std::string> cells{r.name, std::to_string(r.year)};
    for (int l = 0; l < kNumLevers; ++l) {
      std::string cell = "-";
      for (const auto& resp : levers) {
        if (static_cast<int>(resp.lever) != l || run.cluster_ids[resp.cluster] != r.cluster) continue;
        const double v = resp.per_unit(r.year - run.start_year) / r.unit_factor;
        cell = r.year < resp.first_year ? "-" : format_amount(v, v == 0.0 ? 2 : amount_decimals(std::abs(v)));
      }
      cells.push_back(cell);
    }
    t.add_row(std::move(cells));
    ++count;
  }
  if (count == 0) return {};
  return fmt::format(
             "what the levers buy: output gained in the target year ({}) per unit of the lever "
             "earmarked for the cluster every year from {} to the target year (perturbed runs)\n",
             rows.front().unit, run.start_year + 1) +
         t.render();
}

std::string run_report(const scenario::Scenario& s, const RunResult& run,
                       const std::vector<TargetRow>& rows, const RunInfo& info) {
  std::string out = title_of(s) + "\n";
  out += fmt::format("{} clusters, baseline {}, simulated {}–{}\n\n", s.clusters.size(),
                     s.spec.start_year, run.start_year, run.end_year);
  if (rows.empty()) {
    out += "The scenario sets no targets.\n";
  } else {
    out += target_table(rows);
  }
  if (!info.analysis.levers.empty()) {
    const std::string levers = lever_table(s, run, rows, info.analysis.levers);
    if (!levers.empty()) out += "\n" + levers;
  }
  out += '\n';
  out += run_line(run, info);
  out += '\n';
  out += baseline_note(s, run) + "\n";
  for (const auto& t : s.totals) {
    const double sum =
        run.cluster[static_cast<int>(ClusterVar::Output)].col(t.year - run.start_year).sum();
    out += fmt::format("note: {} {}: reported {} {}, sum of the simulated clusters {} {} ({})\n",
                       t.label, t.year, format_amount(t.value / t.unit_factor, 1), t.unit,
                       format_amount(sum / t.unit_factor, 1), t.unit,
                       format_percent(100.0 * (sum - t.value) / t.value, true));
  }
  out += potential_note(s);
  out += odds_notes(rows, info);
  if (!info.analysis.checks.empty()) {
    int passed = 0;
    for (const auto& c : info.analysis.checks) passed += c.passed ? 1 : 0;
    out += fmt::format("checks: {} of {} reality checks pass{}\n", passed,
                       info.analysis.checks.size(),
                       passed == static_cast<int>(info.analysis.checks.size())
                           ? ""
                           : " (clustersim check shows them all)");
    for (const auto& c : info.analysis.checks) {
      if (!c.passed) {
        out += fmt::format("warning: reality check {} failed: expected {}; got {}\n", c.name,
                           c.expected, c.got);
      }
    }
  }
  if (!rows.empty()) {
    out += fmt::format(
        "note: figures are annual flows of the target year; gap % = (projected - target) / "
        "target; CAGRs run from the {} baseline to the target year\n",
        s.spec.start_year);
    out += fmt::format("note: first reached \"-\": not reached by {}\n", run.end_year);
    // The terms as they are said in the meeting, next to the keywords of the output files.
    out += run.marginal_binding()
               ? "note: binding: the factor whose 1% relief raises the target year's output most: "
                 "capital 资本, labour 劳动力, space 空间 (land and factory floor) or demand 需求\n"
               : "note: binding: the smallest limit of output in the target year: capital 资本, "
                 "labour 劳动力 or demand 需求\n";
  }
  return out;
}

std::string checks_report(const scenario::Scenario& s,
                          const std::vector<analysis::CheckResult>& checks) {
  std::string out = title_of(s) + "\n";
  if (checks.empty()) return out + "The scenario declares no reality checks.\n";
  out += '\n';
  int passed = 0;
  for (const auto& c : checks) {
    passed += c.passed ? 1 : 0;
    out += fmt::format("{}  {}  {}\n", c.passed ? "PASS" : "FAIL", c.name,
                       c.describe_en.empty() ? c.describe : c.describe_en);
    out += fmt::format("      expected {}\n      got      {}\n", c.expected, c.got);
  }
  out += fmt::format("\n{} of {} reality checks pass\n", passed, checks.size());
  return out;
}

std::string comparison_report(const scenario::Scenario& a, const RunResult& run_a,
                              const RunInfo& info_a, const std::string& a_label,
                              const scenario::Scenario& b, const RunResult& run_b,
                              const RunInfo& info_b, const std::string& b_label,
                              const std::vector<ComparisonRow>& rows) {
  std::string out = fmt::format("A: {}  [{}]\nB: {}  [{}]\n\n", title_of(a), a_label, title_of(b),
                                b_label);
  if (rows.empty()) {
    out += "Neither scenario sets targets.\n";
  } else {
    using A = Table::Align;
    Table t({{"cluster", A::Left},
             {"year", A::Right},
             {"target", A::Right},
             {"A projected", A::Right},
             {"B projected", A::Right},
             {"B - A", A::Right},
             {"B - A %", A::Right},
             {"reached A", A::Left},
             {"reached B", A::Left}});
    auto yes_no = [](const std::optional<bool>& v) -> std::string {
      return v ? (*v ? "yes" : "no") : "-";
    };
    for (const auto& r : rows) {
      const int d = amount_decimals(r.target);
      auto amount = [&](const std::optional<double>& v) {
        return v ? amount_cell(*v, d, r.unit) : std::string("-");
      };
      std::string diff = "-";
      if (r.difference) {
        diff = format_amount(*r.difference, d);
        if (diff[0] != '-' && diff.find_first_not_of("0.,") != std::string::npos) diff = "+" + diff;
        diff += " " + r.unit;
      }
      t.add_row({cluster_cell(r.name, r.cluster, r.measure), std::to_string(r.year),
                 amount_cell(r.target, d, r.unit), amount(r.projected_a), amount(r.projected_b),
                 diff, optional_percent(r.difference_pct, true), yes_no(r.reached_a),
                 yes_no(r.reached_b)});
    }
    out += t.render();
  }
  out += "\n" + run_line(run_a, info_a).replace(0, 4, "run A:") + "\n";
  out += run_line(run_b, info_b).replace(0, 4, "run B:") + "\n";
  if (!rows.empty())
    out += "note: figures are annual flows of the target year in the target's unit; \"-\": the "
           "target exists in one scenario only\n";
  return out;
}

}  // namespace clustersim::io
