// The city scenario of the "20+8" policy (scenarios/shenzhen-20plus8-2025.yaml) against its data:
// every cluster of data/shenzhen-20plus8.csv is simulated or listed, each baseline follows the
// arithmetic its source text shows, each action-plan target is there in value added, the IC cluster
// carries the figures of shenzhen-ic-2025.yaml, the park split follows the districts, and the what-ifs
// move output the way they say.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/detail/csv.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

const fs::path kRoot = CLUSTERSIM_SOURCE_DIR;
constexpr double kVaRatio = 0.22;  // the scenario's revenue -> value-added ratio (header)

// data/<name> as rows of column -> text.
std::vector<std::map<std::string, std::string>> read_rows(const std::string& name) {
  const fs::path file = kRoot / "data" / name;
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto records = scenario::detail::parse_csv(file.string(), text.str());
  REQUIRE(records.size() > 1);
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < records[0].size() && c < records[r].size(); ++c) {
      row[records[0][c].text] = records[r][c].text;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::map<std::string, std::string>> clusters_csv() {
  return read_rows("shenzhen-20plus8.csv");
}

const scenario::Scenario& city() {
  static const scenario::Scenario s =
      scenario::load(kRoot / "scenarios/shenzhen-20plus8-2025.yaml");
  return s;
}

int index_of(const scenario::Scenario& s, const std::string& id) {
  for (int i = 0; i < s.spec.num_clusters(); ++i) {
    if (s.spec.clusters[i].id == id) return i;
  }
  return -1;
}

double output(const RunResult& r, int cluster, int year) {
  return r.value(ClusterVar::Output, cluster, year);
}

}  // namespace

TEST_CASE("city: every cluster, future industry and the 2024 addition of the policy is simulated or "
          "listed, by its Chinese and English names",
          "[city]") {
  const auto& s = city();
  std::map<std::string, std::pair<std::string, std::string>> seen;
  for (int i = 0; i < s.spec.num_clusters(); ++i) {
    seen[s.clusters[i].id] = {s.clusters[i].name, s.clusters[i].name_en};
  }
  for (const auto& p : s.potential_clusters) {
    CHECK(seen.count(p.id) == 0);  // simulated or listed, not both
    seen[p.id] = {p.name, p.name_en};
    CHECK_FALSE(p.note.empty());
    CHECK_FALSE(p.note_en.empty());
  }
  int clusters = 0, future = 0;
  for (const auto& row : clusters_csv()) {
    INFO(row.at("id"));
    REQUIRE(seen.count(row.at("id")) == 1);
    CHECK(seen.at(row.at("id")).first == row.at("name_zh"));
    CHECK_FALSE(seen.at(row.at("id")).second.empty());
    clusters += row.at("kind") == "cluster" ? 1 : 0;
    future += row.at("kind") == "future" ? 1 : 0;
  }
  CHECK(clusters == 20);
  CHECK(future == 8);
  CHECK(seen.size() == 29);
  // Every cluster with a published value-added or revenue baseline is simulated.
  for (const auto& row : clusters_csv()) {
    if (row.at("baseline_value").empty()) continue;
    INFO(row.at("id"));
    CHECK(index_of(s, row.at("id")) >= 0);
  }
  CHECK(s.spec.num_clusters() == 10);
}

TEST_CASE("city: baselines are the published figures brought to 2023 as their sources show",
          "[city]") {
  const auto& s = city();
  // id -> the arithmetic of the file's header, from the published figures (亿元 of value added).
  const std::map<std::string, double> expected{
      {"ic", 2136.8 * kVaRatio},
      {"icv", 1066.1 * 1.456 * (173.3 / 87.47) * kVaRatio},
      {"sensors", 40 * 1.031 * 1.031},
      {"software", 2300 * 1.183 * 1.183},
      {"machine_tools", 217 * 1.062 * 1.062},
      {"materials", 352.57},
      {"meddev", 332 * 1.124},
      {"biomed", 146.15 * 1.055 * 1.055},
      {"health", 168.1 * 1.106 * 1.106},
      {"ocean", 783.20}};
  REQUIRE(static_cast<int>(expected.size()) == s.spec.num_clusters());
  double sum = 0.0;
  for (int i = 0; i < s.spec.num_clusters(); ++i) {
    const auto& c = s.spec.clusters[i];
    INFO(c.id);
    REQUIRE(expected.count(c.id) == 1);
    CHECK(s.clusters[i].measure == scenario::Measure::ValueAdded);
    CHECK(std::abs(c.baseline_output - expected.at(c.id)) <= 0.05);  // written to 0.1 亿元
    sum += c.baseline_output;
  }
  // The SEI total of 2023 (the seven groups) and the part the ten clusters cover, as the totals say.
  REQUIRE(s.totals.size() == 5);
  CHECK(s.totals[0].value == Approx(14489.67));
  CHECK(sum == Approx(6530.0).margin(0.1));
  CHECK(s.totals[3].value == Approx(15000 - (14489.67 - 6530.0)).margin(0.1));
  CHECK(s.totals[4].value == Approx(16000 - (14489.67 - 6530.0)).margin(0.1));
}

TEST_CASE("city: each action-plan target of a simulated cluster is a target in value added", "[city]") {
  const auto& s = city();
  std::multimap<std::string, double> targets;
  for (const auto& t : s.targets) {
    CHECK(t.year == 2025);
    CHECK(t.measure == scenario::Measure::ValueAdded);
    targets.emplace(t.cluster, t.value);
  }
  int found = 0;
  for (const auto& row : clusters_csv()) {
    if (row.at("target_value").empty() || index_of(s, row.at("id")) < 0) continue;
    INFO(row.at("id"));
    const double value = std::stod(row.at("target_value"));
    // A revenue target is converted with 0.22 (ic, icv); a value-added target is kept.
    const double va = row.at("target_measure") == "revenue" ? value * kVaRatio : value;
    bool there = false;
    for (auto [it, end] = targets.equal_range(row.at("id")); it != end; ++it) {
      there = there || std::abs(it->second - va) < 0.5;
    }
    CHECK(there);
    ++found;
  }
  CHECK(found == 6);  // ic, sensors, machine_tools, icv, meddev, biomed
  // The medical-device revenue target, converted with the cluster's own 2021 value-added ratio.
  bool meddev_revenue = false;
  for (auto [it, end] = targets.equal_range("meddev"); it != end; ++it) {
    meddev_revenue = meddev_revenue || std::abs(it->second - 2000 * 275.36 / 889.4) < 0.5;
  }
  CHECK(meddev_revenue);
  CHECK(s.targets.size() == 7);
}

TEST_CASE("city: park land and floor follow the split of data/shenzhen-20plus8-parks.csv", "[city]") {
  const auto& s = city();
  std::map<std::string, double> share;  // cluster -> % of the programme
  double total = 0.0;
  for (const auto& row : read_rows("shenzhen-20plus8-parks.csv")) {
    if (row.at("item") != "park_programme_share") continue;
    share[row.at("scope")] = std::stod(row.at("value"));
    total += std::stod(row.at("value"));
  }
  CHECK(share.size() == 20);                // one row per cluster
  CHECK(total == Approx(100.0).margin(0.05));  // the whole programme, rounded to 0.01%
  double simulated = 0.0;
  for (int i = 0; i < s.spec.num_clusters(); ++i) {
    const std::string& id = s.spec.clusters[i].id;
    INFO(id);
    REQUIRE(share.count(id) == 1);
    const double f = share.at(id) / 100.0;
    simulated += f;
    // Land: >= 32 km² in 2022-25 = 800 ha/yr, then (5,900 - 3,200) / 10 = 270 ha/yr.
    // Levers are written to 0.1, shares to 0.01% (800 x 0.005% = 0.04).
    CHECK(std::abs(s.spec.lever(Lever::Land, i, 2023) - 800 * f) <= 0.1);
    CHECK(std::abs(s.spec.lever(Lever::Land, i, 2026) - 270 * f) <= 0.1);
    // Floor: 2,000 万m² a year in 2023-27, none after; service clusters have office floor instead.
    if (f > 0) {
      CHECK(std::abs(s.spec.lever(Lever::Floor, i, 2027) - 2000 * f) <= 0.16);
      CHECK(s.spec.lever(Lever::Floor, i, 2028) == 0.0);
    }
  }
  CHECK(simulated == Approx(0.4896).margin(1e-4));
  // Nothing goes to the shared pools: the split is the whole allocation.
  CHECK(s.spec.lever(Lever::Land, s.spec.num_clusters(), 2024) == 0.0);
  CHECK(s.spec.lever(Lever::Floor, s.spec.num_clusters(), 2024) == 0.0);
}

TEST_CASE("city: the IC cluster carries the baseline and market of shenzhen-ic-2025.yaml", "[city]") {
  const auto& s = city();
  const scenario::Scenario ic = scenario::load(kRoot / "scenarios/shenzhen-ic-2025.yaml");
  const int a = index_of(s, "ic");
  const int b = index_of(ic, "ic");
  REQUIRE(a >= 0);
  REQUIRE(b >= 0);
  const ClusterSpec& city_ic = s.spec.clusters[a];
  const ClusterSpec& ic_ic = ic.spec.clusters[b];
  // Same baseline, converted to value added (written to 0.1 亿元).
  CHECK(std::abs(city_ic.baseline_output - ic_ic.baseline_output * kVaRatio) <= 0.05);
  // Same market: China IC sales, its size and growth, no share drift.
  CHECK(city_ic.share_market);
  CHECK(ic_ic.share_market);
  CHECK(city_ic[ClusterParam::MarketSize] == ic_ic[ClusterParam::MarketSize]);
  CHECK(city_ic[ClusterParam::MarketGrowth] == ic_ic[ClusterParam::MarketGrowth]);
  CHECK(city_ic[ClusterParam::ShareTrend] == ic_ic[ClusterParam::ShareTrend]);
  // Same target, converted alike: the verdict is that of the revenue figures.
  double city_target = 0.0, ic_target = 0.0;
  for (const auto& t : s.targets) city_target = t.cluster == "ic" ? t.value : city_target;
  for (const auto& t : ic.targets) ic_target = t.cluster == "ic" ? t.value : ic_target;
  CHECK(city_target == Approx(ic_target * kVaRatio));
}

TEST_CASE("city: the what-ifs lower output where they say and leave the rest", "[city]") {
  const auto& s = city();
  const RunResult base = simulate(scenario::build_model(s), s.solver);
  const int ocean = index_of(s, "ocean");
  const int icv = index_of(s, "icv");
  REQUIRE(ocean >= 0);
  REQUIRE(icv >= 0);
  {
    const auto w = scenario::load(kRoot / "scenarios/shenzhen-20plus8-third-batch-never.yaml");
    const RunResult r = simulate(scenario::build_model(w), w.solver);
    // Only the marine fund (batch 3, from 2025) is in a simulated cluster: nothing moves before it,
    // marine output is lower after it, and the fund-less clusters do not gain.
    for (int i = 0; i < s.spec.num_clusters(); ++i) {
      INFO(s.spec.clusters[i].id);
      CHECK(output(r, i, 2024) == Approx(output(base, i, 2024)).epsilon(1e-6));
    }
    CHECK(output(r, ocean, 2030) < output(base, ocean, 2030));
  }
  {
    const auto w = scenario::load(kRoot / "scenarios/shenzhen-20plus8-land-late.yaml");
    const RunResult r = simulate(scenario::build_model(w), w.solver);
    // Vehicles, which need ground-floor land, lose output once the late land is missed.
    CHECK(output(r, icv, 2025) < output(base, icv, 2025));
    CHECK(output(r, icv, 2030) < output(base, icv, 2030));
    double sum_base = 0.0, sum_late = 0.0;
    for (int i = 0; i < s.spec.num_clusters(); ++i) {
      sum_base += output(base, i, 2030);
      sum_late += output(r, i, 2030);
    }
    CHECK(sum_late < sum_base);
  }
}
