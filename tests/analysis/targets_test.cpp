// Target maths on hand-made runs: gap, reached, first year reached, growth rates, binding
// constraint, "all" targets, units, and comparisons of two runs.
#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/support.hpp"
#include "clustersim/analysis/targets.hpp"

using namespace clustersim;
using analysis::evaluate_targets;

TEST_CASE("a cluster target reached before its year", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2030, 150.0)};
  const auto rows = evaluate_targets(s, test::two_cluster_run());
  REQUIRE(rows.size() == 1);
  const auto& r = rows[0];
  const double projected = 100.0 * std::pow(1.1, 7);  // 194.87171
  CHECK(r.cluster == "ic");
  CHECK(r.name == "半导体与集成电路");
  CHECK(r.year == 2030);
  CHECK(r.target == Approx(150.0));
  CHECK(r.projected == Approx(projected).epsilon(1e-12));
  REQUIRE(r.gap_pct);
  CHECK(*r.gap_pct == Approx((projected - 150.0) / 150.0 * 100.0).epsilon(1e-12));
  CHECK(r.reached);
  // 2027: 146.41 < 150, 2028: 161.05 >= 150.
  REQUIRE(r.first_year_reached);
  CHECK(*r.first_year_reached == 2028);
  REQUIRE(r.cagr_required);
  CHECK(*r.cagr_required == Approx(std::pow(1.5, 1.0 / 7.0) - 1.0).epsilon(1e-12));
  REQUIRE(r.cagr_projected);
  CHECK(*r.cagr_projected == Approx(0.1).epsilon(1e-12));
  CHECK(r.binding == Constraint::Capital);
  CHECK(r.baseline == Approx(100.0));
  CHECK(r.baseline_year == 2023);
  CHECK(r.unit == "亿元");
  CHECK(r.source == "test source, §1");
}

TEST_CASE("a target missed in its year but reached later", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2025, 130.0)};
  const auto r = evaluate_targets(s, test::two_cluster_run()).at(0);
  CHECK(r.projected == Approx(121.0));
  CHECK(*r.gap_pct == Approx(-9.0 / 130.0 * 100.0));
  CHECK_FALSE(r.reached);
  REQUIRE(r.first_year_reached);
  CHECK(*r.first_year_reached == 2026);  // 133.1
  CHECK(*r.cagr_required == Approx(std::sqrt(1.3) - 1.0));
  CHECK(*r.cagr_projected == Approx(0.1));
}

TEST_CASE("a target never reached within the horizon", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2030, 500.0)};
  const auto r = evaluate_targets(s, test::two_cluster_run()).at(0);
  CHECK_FALSE(r.reached);
  CHECK_FALSE(r.first_year_reached.has_value());
  CHECK(*r.cagr_required == Approx(std::pow(5.0, 1.0 / 7.0) - 1.0));
}

TEST_CASE("a target exactly met counts as reached", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("icv", 1, 2027, 1000.0)};
  const auto r = evaluate_targets(s, test::two_cluster_run()).at(0);
  CHECK(r.reached);
  CHECK(*r.gap_pct == 0.0);
  CHECK(*r.first_year_reached == 2023);
  CHECK(*r.cagr_required == Approx(0.0).margin(1e-15));
  CHECK(r.binding == Constraint::Demand);
}

TEST_CASE("a target in the baseline year has no growth rate", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2023, 90.0)};
  const auto r = evaluate_targets(s, test::two_cluster_run()).at(0);
  CHECK(r.reached);
  CHECK(*r.first_year_reached == 2023);
  CHECK_FALSE(r.cagr_required.has_value());
  CHECK_FALSE(r.cagr_projected.has_value());
}

TEST_CASE("an 'all' target sums the clusters and reports the dominant constraint", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("all", -1, 2030, 1105.0)};
  auto run = test::two_cluster_run();
  const double sum = 1000.0 + 100.0 * std::pow(1.1, 7);
  auto r = evaluate_targets(s, run).at(0);
  CHECK(r.cluster == "all");
  CHECK(r.name == "各集群合计");
  CHECK(r.projected == Approx(sum));
  CHECK(r.baseline == Approx(1100.0));
  CHECK(r.reached);
  CHECK(*r.first_year_reached == 2024);  // 1100 in 2023, 1110 in 2024
  CHECK(*r.cagr_required == Approx(std::pow(1105.0 / 1100.0, 1.0 / 7.0) - 1.0));
  CHECK(*r.cagr_projected == Approx(std::pow(sum / 1100.0, 1.0 / 7.0) - 1.0));
  // icv (demand) carries 1000 of the 1195: demand binds most of the output.
  CHECK(r.binding == Constraint::Demand);

  // Make ic the larger cluster in 2030: its constraint (capital) now dominates.
  run.cluster[static_cast<int>(ClusterVar::Output)](0, 7) = 5000.0;
  r = evaluate_targets(s, run).at(0);
  CHECK(r.binding == Constraint::Capital);
  // The constraint of the smaller cluster does not matter.
  run.binding(1, 7) = static_cast<int>(Constraint::Labour);
  CHECK(evaluate_targets(s, run).at(0).binding == Constraint::Capital);
}

TEST_CASE("figures are reported in the target's unit", "[analysis]") {
  auto s = test::two_cluster_scenario();
  // 1,300,000 万元 = 130 亿元: one 万元 is 1e-4 亿元.
  s.targets = {test::make_target("ic", 0, 2025, 1.3e6, "万元", 1e-4)};
  const auto r = evaluate_targets(s, test::two_cluster_run()).at(0);
  CHECK(r.unit == "万元");
  CHECK(r.target == Approx(1.3e6));
  CHECK(r.projected == Approx(1.21e6));
  CHECK(r.baseline == Approx(1.0e6));
  CHECK(*r.gap_pct == Approx(-9.0 / 130.0 * 100.0));
  CHECK_FALSE(r.reached);
  CHECK(*r.first_year_reached == 2026);
}

TEST_CASE("targets keep the scenario's order and measure", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("icv", 1, 2030, 2000.0), test::make_target("ic", 0, 2024, 1.0)};
  s.targets[0].measure = scenario::Measure::ValueAdded;
  s.targets[0].label = "增加值目标";
  const auto rows = evaluate_targets(s, test::two_cluster_run());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cluster == "icv");
  CHECK(rows[0].measure == scenario::Measure::ValueAdded);
  CHECK(rows[0].label == "增加值目标");
  CHECK(rows[1].cluster == "ic");
}

TEST_CASE("targets that do not fit the run are refused", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2031, 150.0)};
  CHECK_THROWS_AS(evaluate_targets(s, test::two_cluster_run()), std::invalid_argument);
  s.targets = {test::make_target("x", 5, 2030, 150.0)};
  CHECK_THROWS_AS(evaluate_targets(s, test::two_cluster_run()), std::invalid_argument);
}

TEST_CASE("compound annual growth rate", "[analysis]") {
  CHECK(*analysis::cagr(100.0, 121.0, 2) == Approx(0.1));
  CHECK(*analysis::cagr(100.0, 81.0, 2) == Approx(-0.1));
  CHECK(*analysis::cagr(100.0, 0.0, 3) == Approx(-1.0));
  CHECK_FALSE(analysis::cagr(100.0, 121.0, 0));
  CHECK_FALSE(analysis::cagr(0.0, 121.0, 2));
  CHECK_FALSE(analysis::cagr(100.0, -1.0, 2));
}

TEST_CASE("comparing two runs target by target", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2025, 130.0), test::make_target("icv", 1, 2030, 900.0)};
  const auto a = evaluate_targets(s, test::two_cluster_run());

  auto run_b = test::two_cluster_run();
  run_b.cluster[static_cast<int>(ClusterVar::Output)](0, 2) = 143.0;  // ic 2025: 121 -> 143
  auto sb = s;
  // B states the icv target in 万元 and adds an "all" target A does not have.
  sb.targets = {test::make_target("icv", 1, 2030, 9.0e6, "万元", 1e-4),
                test::make_target("ic", 0, 2025, 130.0), test::make_target("all", -1, 2030, 1.0)};
  const auto b = evaluate_targets(sb, run_b);

  const auto rows = analysis::compare(a, b);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cluster == "ic");
  CHECK(*rows[0].projected_a == Approx(121.0));
  CHECK(*rows[0].projected_b == Approx(143.0));
  CHECK(*rows[0].difference == Approx(22.0));
  CHECK(*rows[0].difference_pct == Approx(22.0 / 121.0 * 100.0));
  CHECK_FALSE(*rows[0].reached_a);
  CHECK(*rows[0].reached_b);
  // icv matched across units, reported in A's 亿元.
  CHECK(rows[1].cluster == "icv");
  CHECK(rows[1].unit == "亿元");
  CHECK(*rows[1].projected_b == Approx(1000.0));
  CHECK(*rows[1].difference == Approx(0.0).margin(1e-9));
  // Only in B.
  CHECK(rows[2].cluster == "all");
  CHECK_FALSE(rows[2].projected_a.has_value());
  CHECK_FALSE(rows[2].difference.has_value());
  CHECK(rows[2].projected_b.has_value());
  CHECK(*rows[2].reached_b);
}

TEST_CASE("targets on different measures are not matched", "[analysis]") {
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("icv", 1, 2030, 900.0)};
  const auto a = evaluate_targets(s, test::two_cluster_run());
  s.targets[0].measure = scenario::Measure::Revenue;
  const auto b = evaluate_targets(s, test::two_cluster_run());
  const auto rows = analysis::compare(a, b);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].projected_b.has_value());
  CHECK_FALSE(rows[1].projected_a.has_value());
}
