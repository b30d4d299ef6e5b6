// docs/outputs.md documents every variable of trajectories.csv with the kind and unit the code
// reports, and every column of the CSV headers the code writes.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "analysis/support.hpp"
#include "clustersim/io/outputs.hpp"

using namespace clustersim;

namespace {

std::string outputs_md() {
  std::ifstream in(std::string(CLUSTERSIM_SOURCE_DIR) + "/docs/outputs.md");
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_row(const std::string& doc, const VarInfo& v, bool is_output) {
  const std::string unit = is_output ? "cluster's baseline unit" : std::string(v.unit);
  const std::string row = "| `" + std::string(v.name) + "` | " + (v.flow ? "flow" : "stock") +
                          " | " + unit + " |";
  INFO(row);
  CHECK(doc.find(row) != std::string::npos);
}

}  // namespace

TEST_CASE("docs/outputs.md lists every variable with its kind and unit", "[io][docs]") {
  const std::string doc = outputs_md();
  for (int v = 0; v < kNumClusterVars; ++v)
    check_row(doc, kClusterVarInfo[v], v == static_cast<int>(ClusterVar::Output));
  for (const auto& v : kRegionVarInfo) check_row(doc, v, false);
}

TEST_CASE("docs/outputs.md shows the CSV headers the code writes", "[io][docs]") {
  const std::string doc = outputs_md();
  auto s = test::two_cluster_scenario();
  const auto run = test::two_cluster_run();
  for (const std::string& csv :
       {io::trajectories_csv(s, run), io::binding_csv(s, run), io::targets_csv(s, {})}) {
    const std::string header = csv.substr(0, csv.find('\n'));
    INFO(header);
    CHECK(doc.find("\n" + header + "\n") != std::string::npos);
  }
}

TEST_CASE("docs/outputs.md names every field of summary.json", "[io][docs]") {
  const std::string doc = outputs_md();
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2030, 150.0)};
  const auto run = test::two_cluster_run();
  const auto j = io::summary_json(s, run, analysis::evaluate_targets(s, run), {});
  auto documented = [&](const std::string& key) {
    INFO(key);
    CHECK(doc.find("`" + key + "`") != std::string::npos);
  };
  for (const auto& [key, value] : j.items()) documented(key);
  for (const auto& [key, value] : j["targets"][0].items()) documented(key);
  for (const auto& [key, value] : j["clusters"][0].items()) documented(key);
  for (const auto& [key, value] : j["variables"]["output"].items()) documented(key);
  for (const auto& [key, value] : j["run"].items()) documented(key);
}
