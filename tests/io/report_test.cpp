// The terminal report: display widths of Chinese text, number formats, table alignment.
#include <catch2/catch.hpp>
#include <sstream>

#include "analysis/support.hpp"
#include "clustersim/io/report.hpp"

using namespace clustersim;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Display column at which the first occurrence of `needle` starts in `line`.
int column_of(const std::string& line, const std::string& needle) {
  const auto pos = line.find(needle);
  REQUIRE(pos != std::string::npos);
  return io::display_width(line.substr(0, pos));
}

}  // namespace

TEST_CASE("display width counts CJK characters as two columns", "[io][report]") {
  CHECK(io::display_width("") == 0);
  CHECK(io::display_width("capital") == 7);
  CHECK(io::display_width("半导体与集成电路") == 16);
  CHECK(io::display_width("亿元") == 4);
  CHECK(io::display_width("万m²") == 4);             // ² is narrow
  CHECK(io::display_width("（增加值）") == 10);      // fullwidth parentheses
  CHECK(io::display_width("e\xCC\x81") == 1);        // e + combining acute
  CHECK(io::display_width("한국") == 4);             // Hangul
  CHECK(io::display_width("\xF0\xA0\x80\x80") == 2);  // U+20000, CJK extension B
  CHECK(io::display_width("\xFF") == 1);             // invalid byte: one column
}

TEST_CASE("amounts and percentages", "[io][report]") {
  CHECK(io::amount_decimals(3121.0) == 1);
  CHECK(io::amount_decimals(15.0) == 2);
  CHECK(io::amount_decimals(0.5) == 3);
  CHECK(io::format_amount(3121.44, 1) == "3,121.4");
  CHECK(io::format_amount(1234567.0, 0) == "1,234,567");
  CHECK(io::format_amount(999.96, 1) == "1,000.0");
  CHECK(io::format_amount(-15000.0, 1) == "-15,000.0");
  CHECK(io::format_amount(-0.01, 1) == "0.0");
  CHECK(io::format_amount(12.0, 2) == "12.00");
  CHECK(io::format_percent(4.66, true) == "+4.7%");
  CHECK(io::format_percent(-12.04, true) == "-12.0%");
  CHECK(io::format_percent(-0.01, true) == "0.0%");
  CHECK(io::format_percent(0.01, true) == "0.0%");
  CHECK(io::format_percent(13.25, false) == "13.2%");
}

TEST_CASE("tables align columns by display width", "[io][report]") {
  using A = io::Table::Align;
  io::Table t({{"cluster", A::Left}, {"value", A::Right}, {"binding", A::Left}});
  t.add_row({"半导体与集成电路", "150.0 亿元", "capital"});
  t.add_row({"ic", "3,121.4 亿元", "demand"});
  const auto ls = lines(t.render());
  REQUIRE(ls.size() == 4);
  CHECK(ls[1].find_first_not_of("- ") == std::string::npos);
  // Right-aligned numbers end in the same column, left-aligned text starts in the same column.
  const int end0 = column_of(ls[2], "150.0 亿元") + io::display_width("150.0 亿元");
  const int end1 = column_of(ls[3], "3,121.4 亿元") + io::display_width("3,121.4 亿元");
  CHECK(end0 == end1);
  CHECK(column_of(ls[2], "capital") == column_of(ls[3], "demand"));
  CHECK(column_of(ls[0], "binding") == column_of(ls[2], "capital"));
  for (const auto& l : ls) CHECK(l.back() != ' ');  // no trailing spaces
  CHECK_THROWS(t.add_row({"too", "few"}));
}

TEST_CASE("the run report: title, aligned target rows, run line and notes", "[io][report]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2030, 150.0), test::make_target("icv", 1, 2025, 1200.0),
               test::make_target("all", -1, 2030, 2000.0)};
  s.targets[2].measure = scenario::Measure::ValueAdded;
  const auto run = test::two_cluster_run();
  const auto rows = analysis::evaluate_targets(s, run);
  io::RunInfo info;
  info.wall_time_ms = 3.25;
  const std::string text = io::run_report(s, run, rows, info);
  const auto ls = lines(text);
  CHECK(ls[0] == "两个集群的测试情景 (test-two)");
  CHECK(ls[1] == "2 clusters, baseline 2023, simulated 2023–2030");
  const std::string header = ls[3];
  for (const char* col : {"cluster", "year", "target", "projected", "gap %", "reached",
                          "first reached", "CAGR req.", "CAGR proj.", "binding"})
    CHECK(header.find(col) != std::string::npos);
  const std::string& ic = ls[5];
  const std::string& icv = ls[6];
  const std::string& all = ls[7];
  CHECK(ic.rfind("半导体与集成电路", 0) == 0);
  CHECK(ic.find("150.0 亿元") != std::string::npos);
  CHECK(ic.find("194.9 亿元") != std::string::npos);
  CHECK(ic.find("+29.9%") != std::string::npos);
  CHECK(ic.find("yes") != std::string::npos);
  CHECK(ic.find("2028") != std::string::npos);
  CHECK(ic.find("6.0%") != std::string::npos);   // (1.5)^(1/7) - 1
  CHECK(ic.find("10.0%") != std::string::npos);
  CHECK(ic.find("capital") != std::string::npos);
  CHECK(icv.find("-16.7%") != std::string::npos);
  CHECK(icv.find("no") != std::string::npos);
  CHECK(all.rfind("各集群合计 (增加值)", 0) == 0);
  // Every data row has its binding under the header's "binding" and year under "year".
  for (const auto* row : {&ic, &icv, &all}) {
    CHECK(column_of(*row, "20") == column_of(header, "year"));
    CHECK(io::display_width(*row) <= io::display_width(ls[4]));
  }
  CHECK(column_of(ic, "capital") == column_of(header, "binding"));
  CHECK(column_of(icv, "demand") == column_of(header, "binding"));
  CHECK(text.find("run: dopri5 (rtol 0.0001, atol 0.0001), 2023–2030: 200 steps (3 rejected), "
                  "1,234 right-hand-side evaluations, 4 calibration iterations, 3.2 ms") !=
        std::string::npos);
  CHECK(text.find("baseline is reproduced within 0.001%") != std::string::npos);
  CHECK(text.find("低空经济 (low_altitude)") != std::string::npos);
}

TEST_CASE("the comparison report", "[io][report]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2025, 130.0)};
  const auto run = test::two_cluster_run();
  const auto a = analysis::evaluate_targets(s, run);
  auto run_b = run;
  run_b.cluster[static_cast<int>(ClusterVar::Output)](0, 2) = 143.0;
  const auto b = analysis::evaluate_targets(s, run_b);
  const auto rows = analysis::compare(a, b);
  const std::string text =
      io::comparison_report(s, run, {}, "a.yaml", s, run_b, {}, "a.yaml --set x=1", rows);
  CHECK(text.find("A: 两个集群的测试情景 (test-two)  [a.yaml]") != std::string::npos);
  CHECK(text.find("B: 两个集群的测试情景 (test-two)  [a.yaml --set x=1]") != std::string::npos);
  CHECK(text.find("+22.0 亿元") != std::string::npos);
  CHECK(text.find("+18.2%") != std::string::npos);
  CHECK(text.find("run A: dopri5") != std::string::npos);
  CHECK(text.find("run B: dopri5") != std::string::npos);
}
