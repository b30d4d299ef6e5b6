// Content of the output files and refusal of non-finite values.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "analysis/support.hpp"
#include "clustersim/io/outputs.hpp"

using namespace clustersim;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  return out;
}

struct Fixture {
  scenario::Scenario s = test::two_cluster_scenario();
  RunResult run = test::two_cluster_run();
  std::vector<analysis::TargetRow> rows;
  io::RunInfo info;
  Fixture() {
    s.targets = {test::make_target("ic", 0, 2030, 150.0), test::make_target("all", -1, 2023, 5000.0)};
    rows = analysis::evaluate_targets(s, run);
    info.wall_time_ms = 12.5;
    info.overrides = {"levers.fund.ic.scale=2"};
  }
};

}  // namespace

TEST_CASE("trajectories.csv: long format, every variable, cluster and year", "[io]") {
  Fixture f;
  const std::string csv = io::trajectories_csv(f.s, f.run);
  CHECK(csv.find('\r') == std::string::npos);
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == std::string::npos);  // no BOM
  CHECK(csv.back() == '\n');
  const auto ls = lines(csv);
  REQUIRE(ls.front() == "scenario,cluster,variable,year,value");
  const std::size_t years = 8;
  CHECK(ls.size() == 1 + (2 * kNumClusterVars + kNumRegionVars) * years);

  std::map<std::string, double> value;  // "cluster/variable/year" -> value
  for (std::size_t k = 1; k < ls.size(); ++k) {
    const auto f5 = split(ls[k]);
    REQUIRE(f5.size() == 5);
    CHECK(f5[0] == "test-two");
    value[f5[1] + "/" + f5[2] + "/" + f5[3]] = std::stod(f5[4]);
  }
  for (const auto& v : kClusterVarInfo)
    for (const char* c : {"ic", "icv"})
      for (int y = 2023; y <= 2030; ++y)
        CHECK(value.count(std::string(c) + "/" + std::string(v.name) + "/" + std::to_string(y)));
  for (const auto& v : kRegionVarInfo)
    CHECK(value.count("region/" + std::string(v.name) + "/2030"));
  CHECK(value["ic/output/2024"] == 110.00000000000001);  // 100 * 1.1, full precision
  CHECK(value["icv/capital/2025"] == 1000.0 + 10.0 * static_cast<int>(ClusterVar::Capital) + 2);
  CHECK(value["region/land_vacant/2024"] == 500.0 + static_cast<int>(RegionVar::LandVacant) + 0.5);
}

TEST_CASE("trajectories.csv: output in the cluster's baseline unit, shortest round trip", "[io]") {
  Fixture f;
  f.s.clusters[1].unit = "万元";
  f.s.clusters[1].unit_factor = 1e-4;  // 亿元 per 万元
  f.run.cluster[static_cast<int>(ClusterVar::Capital)](0, 0) = 0.1 + 0.2;
  const std::string csv = io::trajectories_csv(f.s, f.run);
  CHECK(csv.find("test-two,icv,output,2023,10000000\n") != std::string::npos);
  CHECK(csv.find("test-two,ic,capital,2023,0.30000000000000004\n") != std::string::npos);
  // Other icv variables stay canonical.
  CHECK(csv.find("test-two,icv,demand,2023,1010\n") != std::string::npos);
}

TEST_CASE("format_double round-trips and never writes -0", "[io]") {
  for (double v : {0.1, 1.0 / 3.0, 3121.4567890123, 1e-300, 6.02e23, -2.5})
    CHECK(std::stod(io::format_double(v)) == v);
  CHECK(io::format_double(-0.0) == "0");
  CHECK(io::format_double(1000.0) == "1000");
}

TEST_CASE("a cluster named like the region rows is refused", "[io]") {
  Fixture f;
  f.run.cluster_ids[1] = std::string(io::kRegionRow);
  CHECK_THROWS_AS(io::trajectories_csv(f.s, f.run), io::OutputError);
}

TEST_CASE("binding.csv", "[io]") {
  Fixture f;
  const auto ls = lines(io::binding_csv(f.s, f.run));
  REQUIRE(ls.size() == 1 + 2 * 8);
  CHECK(ls[0] == "scenario,cluster,year,binding,gain_capital,gain_labour,gain_space,gain_demand");
  // Without the marginal measure (a run the analysis layer did not perturb) the gains are empty.
  CHECK(ls[1] == "test-two,ic,2023,capital,,,,");
  CHECK(ls[16] == "test-two,icv,2030,demand,,,,");
}

TEST_CASE("binding.csv carries the four marginal gains in the cluster's unit", "[io]") {
  Fixture f;
  for (int k = 0; k < kNumFactors; ++k) {
    f.run.binding_gains[static_cast<std::size_t>(k)] = Eigen::MatrixXd::Zero(2, 8);
    f.run.binding_gains[static_cast<std::size_t>(k)](1, 7) = 0.5 * (k + 1);  // icv 2030
  }
  f.s.clusters[1].unit = "万元";
  f.s.clusters[1].unit_factor = 1e-4;  // 亿元 per 万元: 0.5 亿元 = 5000 万元
  const auto ls = lines(io::binding_csv(f.s, f.run));
  REQUIRE(ls.size() == 1 + 2 * 8);
  CHECK(ls[1] == "test-two,ic,2023,capital,0,0,0,0");
  CHECK(ls[16] == "test-two,icv,2030,demand,5000,10000,15000,20000");
}

TEST_CASE("targets.csv quotes text fields and leaves undefined cells empty", "[io]") {
  Fixture f;
  const auto ls = lines(io::targets_csv(f.s, f.rows));
  REQUIRE(ls.size() == 3);
  CHECK(ls[0] ==
        "scenario,cluster,name,year,target,projected,gap_pct,reached,first_year_reached,"
        "cagr_required,cagr_projected,binding,measure,unit,source");
  CHECK(ls[1].rfind("test-two,ic,半导体与集成电路,2030,150,", 0) == 0);
  CHECK(ls[1].find(",true,2028,") != std::string::npos);
  CHECK(ls[1].find(",capital,output,亿元,\"test source, §1\"") != std::string::npos);
  // The "all" target in the baseline year: not reached, no growth rates.
  CHECK(ls[2].find(",false,,,,demand,") != std::string::npos);
  CHECK(io::csv_field("a\"b") == "\"a\"\"b\"");
}

TEST_CASE("summary.json holds the documented fields", "[io]") {
  Fixture f;
  const auto j = io::summary_json(f.s, f.run, f.rows, f.info);
  CHECK(j["scenario"] == "test-two");
  CHECK(j["title"] == "两个集群的测试情景");
  REQUIRE(j["targets"].size() == 2);
  const auto& t = j["targets"][0];
  for (const char* key : {"cluster", "year", "target", "projected", "gap_pct", "reached",
                          "first_year_reached", "cagr_required", "cagr_projected", "binding",
                          "measure", "unit", "source"})
    CHECK(t.contains(key));
  CHECK(t["cluster"] == "ic");
  CHECK(t["first_year_reached"] == 2028);
  CHECK(t["binding"] == "capital");
  CHECK(t["measure"] == "output");
  CHECK(t["cagr_projected"].get<double>() == Approx(0.1));
  const auto& all = j["targets"][1];
  CHECK(all["first_year_reached"].is_null());
  CHECK(all["cagr_required"].is_null());
  CHECK(all["reached"] == false);

  REQUIRE(j["clusters"].size() == 2);
  CHECK(j["clusters"][0]["id"] == "ic");
  CHECK(j["clusters"][0]["name"] == "半导体与集成电路");
  CHECK(j["clusters"][0]["name_en"] == "Semiconductors and integrated circuits");
  CHECK(j["clusters"][0]["measure"] == "output");
  CHECK(j["clusters"][0]["unit"] == "亿元");
  REQUIRE(j["potential_clusters"].size() == 1);
  CHECK(j["potential_clusters"][0]["name"] == "低空经济");

  CHECK(j["variables"].size() == kNumClusterVars + kNumRegionVars);
  CHECK(j["variables"]["output"]["unit"] == "亿元");
  CHECK(j["variables"]["capital"]["kind"] == "stock");
  CHECK(j["variables"]["skilled_pool"]["scope"] == "region");
  CHECK(j["variables"]["hires"]["meaning"].get<std::string>().size() > 10);

  const auto& r = j["run"];
  CHECK(r["clustersim_version"] == std::string(io::version()));
  CHECK(r["solver"] == "dopri5");
  CHECK(r["rtol"] == 1e-4);
  CHECK(r["rhs_evaluations"] == 1234);
  CHECK(r["steps"] == 200);
  CHECK(r["calibration_iterations"] == 4);
  CHECK(r["max_baseline_error"] == 2e-7);
  CHECK(r["wall_time_ms"] == 12.5);
  CHECK(r["start_year"] == 2023);
  CHECK(r["end_year"] == 2030);
  CHECK(r["scenario_files"] == nlohmann::ordered_json({"scenarios/test-two.yaml", "scenarios/base.yaml"}));
  CHECK(r["overrides"][0] == "levers.fund.ic.scale=2");

  const std::string text = io::dump_json(j);
  CHECK(text.find("半导体与集成电路") != std::string::npos);  // UTF-8, not \u escapes
  CHECK(text.back() == '\n');
}

TEST_CASE("output unit of mixed-unit scenarios points at the clusters", "[io]") {
  Fixture f;
  f.s.clusters[1].unit = "万元";
  const auto j = io::summary_json(f.s, f.run, f.rows, f.info);
  CHECK(j["variables"]["output"]["unit"] == "clusters[].unit");
}

TEST_CASE("non-finite values are named by cluster, variable and year", "[io]") {
  Fixture f;
  CHECK_NOTHROW(io::check_finite(f.s, f.run, f.rows));

  auto run = f.run;
  run.cluster[static_cast<int>(ClusterVar::Workforce)](1, 4) = std::numeric_limits<double>::quiet_NaN();
  try {
    io::check_finite(f.s, run, f.rows);
    FAIL("no error");
  } catch (const io::OutputError& e) {
    CHECK(std::string(e.what()) == "non-finite value: cluster icv, variable workforce, year 2027");
  }

  run = f.run;
  run.region[static_cast<int>(RegionVar::SkilledPool)](7) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(io::check_finite(f.s, run, f.rows),
                    "non-finite value: cluster region, variable skilled_pool, year 2030");

  auto rows = f.rows;
  rows[0].cagr_projected = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(io::check_finite(f.s, f.run, rows),
                    Catch::Contains("cluster ic") && Catch::Contains("cagr_projected") &&
                        Catch::Contains("year 2030"));
}

TEST_CASE("comparison csv and json", "[io]") {
  Fixture f;
  const auto rows = analysis::compare(f.rows, f.rows);
  const auto ls = lines(io::comparison_csv(rows));
  REQUIRE(ls.size() == 3);
  CHECK(ls[0] ==
        "cluster,name,year,measure,unit,target,projected_a,projected_b,difference,"
        "difference_pct,reached_a,reached_b");
  CHECK(ls[1].find(",0,0,true,true") != std::string::npos);
  const auto j = io::comparison_json(f.s, f.s, rows);
  CHECK(j["targets"].size() == 2);
  CHECK(j["targets"][0]["difference"] == 0.0);
  CHECK(j["a"]["scenario"] == "test-two");
}
