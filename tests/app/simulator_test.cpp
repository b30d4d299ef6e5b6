// The simulator's model side against the CLI's: sliders equal --set, the what-if file reproduces
// the state to the last bit, the page's Monte Carlo equals clustersim sweep with the same seed.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "clustersim/analysis/marginal.hpp"
#include "clustersim/analysis/run_analysis.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/app/controls.hpp"
#include "clustersim/app/export.hpp"
#include "clustersim/app/simulator.hpp"
#include "clustersim/sweep/engine.hpp"
#include "clustersim/sweep/summary.hpp"

namespace fs = std::filesystem;
using namespace clustersim;
using nlohmann::json;

namespace {

const fs::path kPingshan = fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/pingshan-2024.yaml";

const app::Control& control(const std::vector<app::Control>& cs, const std::string& id) {
  for (const auto& c : cs) {
    if (c.id == id) return c;
  }
  FAIL("no control " << id);
  throw std::logic_error("unreachable");
}

void require_identical(const RunResult& a, const RunResult& b) {
  for (std::size_t v = 0; v < a.cluster.size(); ++v) {
    INFO("cluster variable " << v);
    REQUIRE((a.cluster[v].array() == b.cluster[v].array()).all());
  }
  REQUIRE((a.binding.array() == b.binding.array()).all());
}

RunResult run(const scenario::Scenario& s) { return simulate(Model(s.spec), s.solver); }

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clustersim-app-test-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a slider per lever path: multipliers on the scenario's amounts, amounts elsewhere",
          "[app]") {
  const auto s = scenario::load(kPingshan);
  const auto cs = app::controls(s);
  // Fund, land, floor, talent for each of the 7 clusters (v2 adds "other"); land, floor, talent
  // pools of the region.
  CHECK(cs.size() == 7 * 4 + 3);
  const auto& fund = control(cs, "fund.ic");
  CHECK(fund.kind == app::Control::Kind::Scale);
  CHECK(fund.reference == 14.0);
  CHECK(fund.first_year == 2024);
  CHECK(fund.last_year == 2028);
  CHECK(fund.max == 3.0);
  const auto& meddev = control(cs, "fund.meddev");  // no fund in the scenario: 亿元/yr from 2024
  CHECK(meddev.kind == app::Control::Kind::Amount);
  CHECK(meddev.max == 42.0);  // 3 x the largest fund row (14)
  CHECK(meddev.step == 0.5);
  CHECK(meddev.first_year == 2024);
  CHECK(control(cs, "land.region").reference == 99.0);
  CHECK(control(cs, "talent.region").unit == "persons/yr");
  CHECK_THROWS_WITH(app::state_from_json(json::parse(R"({"levers": {"fund.region": 1}})"), s, cs),
                    "simulator state: levers.fund.region: no such lever");
  CHECK_THROWS_WITH(app::state_from_json(json::parse(R"({"levers": {"fund.ic": 4}})"), s, cs),
                    "simulator state: levers.fund.ic: outside the slider's range [0, 3]");
  CHECK_THROWS_WITH(app::state_from_json(json::parse(R"({"events": {"byd": false}})"), s, cs),
                    "simulator state: events.byd: no such event");
}

TEST_CASE("the IC fund slider at x2 is --set levers.fund.ic.scale=2, bit for bit", "[app]") {
  const auto s = scenario::load(kPingshan);
  const auto cs = app::controls(s);
  app::State state;
  state.levers["fund.ic"] = 2.0;
  const auto set = scenario::load(kPingshan, {scenario::parse_override("levers.fund.ic.scale=2")});
  require_identical(run(app::apply(s, cs, state)), run(set));
}

TEST_CASE("the what-if file reproduces the state with clustersim's loader, bit for bit", "[app]") {
  const auto s = scenario::load(kPingshan);
  const auto cs = app::controls(s);
  app::State state;
  state.levers["fund.ic"] = 2.35;
  state.levers["fund.icv"] = 0.0;      // deleted
  state.levers["land.ic"] = 12.5;      // earmarked land from 2024
  state.levers["talent.region"] = 0.8;
  state.levers["floor.region"] = 1.0;  // unchanged: not written
  state.events["byd_licence_moves"] = false;
  const auto u = sweep::read_uncertainty(s);
  const std::string yaml = app::whatif_yaml(s, cs, state, &u, "pingshan-whatif", "测试方案");
  CHECK(yaml.find("extends: pingshan-2024.yaml\n") != std::string::npos);
  CHECK(yaml.find("    ic: !replace\n      by_year: {2024: 32.9, 2025: 32.9, 2026: 32.9, 2027: 32.9, 2028: 32.9}\n") != std::string::npos);
  CHECK(yaml.find("    icv: null\n") != std::string::npos);
  CHECK(yaml.find("      steps: {2024: 12.5}\n") != std::string::npos);
  CHECK(yaml.find("floor:") == std::string::npos);
  CHECK(yaml.find("  byd_licence_moves: null\n") != std::string::npos);
  CHECK(yaml.find("    events.byd_licence_moves.value: null\n") != std::string::npos);

  TempDir dir;  // the scenario's layout: scenarios/ beside data/ (scenario.sources_file: ../data/sources.csv)
  fs::create_directories(dir.path / "scenarios");
  fs::create_directories(dir.path / "data");
  fs::copy_file(kPingshan, dir.path / "scenarios/pingshan-2024.yaml");
  fs::copy_file(fs::path(CLUSTERSIM_SOURCE_DIR) / "data/sources.csv", dir.path / "data/sources.csv");
  std::ofstream(dir.path / "scenarios/whatif.yaml") << yaml;
  const auto loaded = scenario::load(dir.path / "scenarios/whatif.yaml");
  require_identical(run(loaded), run(app::apply(s, cs, state)));
  CHECK(loaded.title == "测试方案");
  // The uncertainty of the what-if still sweeps: the removed event's inputs are gone, the rest stay.
  const auto on_event = std::count_if(u.inputs.begin(), u.inputs.end(), [](const auto& in) {
    return in.input.path.rfind("events.byd_licence_moves.", 0) == 0;
  });
  CHECK(u.inputs.size() == 29);
  CHECK(on_event == 2);
  CHECK(sweep::read_uncertainty(loaded).inputs.size() == 27);  // 29 of the base less the event's 2
}

TEST_CASE("the Simulator's run gives the CLI's target rows", "[app]") {
  const auto s = scenario::load(kPingshan);
  app::Simulator sim(app::export_document(s).dump());
  const std::string state = R"({"levers": {"fund.ic": 2}})";
  const json r = json::parse(sim.run(state));
  REQUIRE_FALSE(r.contains("error"));
  // `clustersim run --set levers.fund.ic.scale=2`: the projection, then (analysis::analyse_run)
  // the marginal binding and what the levers buy.
  const auto set = scenario::load(kPingshan, {scenario::parse_override("levers.fund.ic.scale=2")});
  const Model model = scenario::build_model(set);
  RunResult cli = simulate(model, set.solver);
  const auto quick = analysis::evaluate_targets(set, cli);  // `run --quick`
  const auto analysis = analysis::analyse_run(set, model, cli, {true, true, false});
  const auto rows = analysis::evaluate_targets(set, cli);
  REQUIRE(r["targets"].size() == rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(r["targets"][k]["projected"].get<double>() == rows[k].projected);
    CHECK(r["targets"][k]["projected"].get<double>() == quick[k].projected);
    CHECK(r["targets"][k]["reached"].get<bool>() == rows[k].reached);
  }
  const int n = 7, years = 8, ic = 1;
  CHECK(r["output"].size() == n);
  CHECK(r["output"][ic].size() == years);
  CHECK(r["output"][ic][0].get<double>() == Approx(150.0).epsilon(1e-5));  // the baseline
  // Model v2's stocks: the IC share of the China IC market and the fund money not yet deployed.
  const auto value = [&](ClusterVar v, int y) { return cli.cluster[static_cast<int>(v)](ic, y); };
  for (int y = 0; y < years; ++y) {
    CHECK(r["market_share"][ic][y].get<double>() == value(ClusterVar::MarketShare, y));
    CHECK(r["fund_undeployed"][ic][y].get<double>() == value(ClusterVar::FundUndeployed, y));
    CHECK(r["fund_deployed"][ic][y].get<double>() == value(ClusterVar::FundDeployed, y));
    CHECK(r["fund_committed"][ic][y].get<double>() == value(ClusterVar::FundCommitted, y));
  }
  CHECK(r["fund_committed"][ic][1].get<double>() == Approx(28.0));  // 2 x 14 亿元 in 2024
  CHECK(r["market_share"][ic][0].get<double>() > 0.0);
  CHECK(r["market_share"][ic][0].get<double>() < 1.0);
  CHECK_FALSE(r["targets"][0].contains("binding"));  // the binding factor needs the perturbed runs

  // The binding factor, its gains and what the levers buy: the CLI's, bit for bit.
  const json a = json::parse(sim.analyse(state));
  REQUIRE_FALSE(a.contains("error"));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(a["targets"][k]["binding"] == std::string(name(rows[k].binding)));
  }
  for (int i = 0; i < n; ++i) {
    for (int y = 0; y < years; ++y) {
      CHECK(a["binding"][i][y] == std::string(name(static_cast<Constraint>(cli.binding(i, y)))));
      for (int f = 0; f < kNumFactors; ++f) {
        CHECK(a["gains"][i][y][f].get<double>() == cli.binding_gains[f](i, y));  // unit: 亿元
      }
    }
  }
  REQUIRE(a["levers"].size() == analysis.levers.size());
  for (std::size_t k = 0; k < analysis.levers.size(); ++k) {
    const auto& l = analysis.levers[k];
    CHECK(a["levers"][k]["cluster"] == set.clusters[static_cast<std::size_t>(l.cluster)].id);
    CHECK(a["levers"][k]["lever"] == std::string(info(l.lever).key));
    for (int y = 1; y < years; ++y) CHECK(a["levers"][k]["per_unit"][y].get<double>() == l.per_unit(y));
  }
  CHECK(a["runs"] == 2 * (4 * n + 1) + 1);

  const json bad = json::parse(sim.run(R"({"levers": {"fund.ic": -1}})"));
  CHECK(bad["error"] == "simulator state: levers.fund.ic: outside the slider's range [0, 3]");
  CHECK(json::parse(sim.analyse(R"({"levers": {"fund.ic": -1}})"))["error"] == bad["error"]);
  const json info = json::parse(sim.info());
  CHECK(info["controls"].size() == 31);
  CHECK(info["targets"][3]["source"] == "深坪府[2024]1号 三(一)2(2): 至2030年实现产值1000亿元");
  CHECK(info["clusters"][ic]["share_market"] == true);
  CHECK(info["lever_quotes"]["talent"]["unit"] == 1000.0);
  CHECK(info["likelihood"][1]["zh"] == "很可能");
}

TEST_CASE("what the levers buy: IC fund money buys IC output by 2030", "[app]") {
  const auto s = scenario::load(kPingshan);
  app::Simulator sim(app::export_document(s).dump());
  const json a = json::parse(sim.analyse("{}"));
  REQUIRE_FALSE(a.contains("error"));
  REQUIRE(a["levers"].size() == 7 * 4);
  int seen = 0;
  for (const auto& l : a["levers"]) {
    INFO(l["cluster"] << " " << l["lever"]);
    CHECK(l["first_year"] == 2024);
    CHECK(l["per_unit"][0] == 0.0);  // nothing is added in the baseline year
    for (const auto& v : l["per_unit"]) CHECK(v.is_number());
    if (l["cluster"] == "ic" && l["lever"] == "fund") {
      CHECK(l["per_unit"][7].get<double>() > 0.0);  // 2030
      ++seen;
    }
  }
  CHECK(seen == 1);
}

TEST_CASE("the page's Monte Carlo equals clustersim sweep with the same seed", "[app]") {
  const auto s = scenario::load(kPingshan);
  app::Simulator sim(app::export_document(s).dump());
  const json start = json::parse(sim.mc_start("{}", 40, 7));
  REQUIRE_FALSE(start.contains("error"));
  CHECK(sim.mc_step(15) == 15);
  CHECK(sim.mc_step(1000) == 40);
  const json mc = json::parse(sim.mc_result());
  REQUIRE_FALSE(mc.contains("error"));

  sweep::SweepOptions o;
  o.n = 40;
  o.seed = 7;
  o.threads = 2;
  const auto u = sweep::read_uncertainty(s);
  const auto result = sweep::run_sweep(s, u, {}, o);
  const auto probs = sweep::target_probabilities(s, result, o.confidence);
  REQUIRE(mc["targets"].size() == probs.size());
  for (std::size_t k = 0; k < probs.size(); ++k) {
    CHECK(mc["targets"][k]["probability"].get<double>() == probs[k].probability.estimate);
    CHECK(mc["targets"][k]["p50"].get<double>() == probs[k].p50);
  }
  const auto bands = sweep::bands(s, result);
  // bands[cluster][year] = p05, p25, p50, p75, p95, mean of output
  for (const auto& b : bands) {
    if (b.variable != ClusterVar::Output) continue;
    const auto& q = mc["bands"][static_cast<std::size_t>(b.cluster)]
                      [static_cast<std::size_t>(b.year - s.spec.start_year)];
    CHECK(q[0].get<double>() == b.percentiles(0));
    CHECK(q[4].get<double>() == b.percentiles(4));
  }
}

TEST_CASE("sources are cited by the document's name", "[app]") {
  scenario::Scenario s;
  s.sources = {"seed 004: 深坪府[2024]1号 坪山区人民政府关于…"};
  CHECK(app::cite("seed 004, 三(一)2(2): 力争", s) == "深坪府[2024]1号 三(一)2(2): 力争");
  CHECK(app::cite("seed 004: text", s) == "深坪府[2024]1号: text");
  CHECK(app::cite("seed 004 四(十): 充分用好", s) == "深坪府[2024]1号 四(十): 充分用好");
  CHECK(app::cite("seed 004，三(一)", s) == "深坪府[2024]1号 三(一)");
  CHECK(app::cite("seed 005, x", s) == "seed 005, x");
  CHECK(app::cite("seed 0040, x", s) == "seed 0040, x");
  CHECK(app::cite("assumption", s) == "assumption");
  // Model v2's scenarios cite by [id]: each [id] a source names becomes its document.
  s.sources = {"[ps-6plus3-2024] 深坪府[2024]1号 坪山区人民政府关于…", "[other] 某文件"};
  CHECK(app::cite("[ps-6plus3-2024] 三(一)2(2): 至2030年", s) == "深坪府[2024]1号 三(一)2(2): 至2030年");
  CHECK(app::cite("derived: [ps-6plus3-2024] 一 and [other]", s) == "derived: 深坪府[2024]1号 一 and 某文件");
  CHECK(app::cite("[csia-ic-sales]", s) == "[csia-ic-sales]");
  // ... or a document of the sources file whose title ends with its number.
  s.sources = {"[ps-6plus3-2024]"};
  s.cited_sources = {{"ps-6plus3-2024", "坪山区人民政府关于…的意见（深坪府[2024]1号）", "", "", "", "", "", {}},
                     {"news", "某报道 (2024)", "", "", "", "", "", {}}};
  CHECK(app::cite("[ps-6plus3-2024] 三(一)2(2): 至2030年", s) == "深坪府[2024]1号 三(一)2(2): 至2030年");
  CHECK(app::cite("[news]", s) == "[news]");
}

TEST_CASE("the page template takes the document, escaped", "[app]") {
  nlohmann::ordered_json doc = {{"text", "a </script> b"}};
  const std::string page = app::page_with_scenario(
      "<script id=\"scenario\" type=\"application/json\">\"@CLUSTERSIM_SCENARIO_JSON@\"</script>", doc);
  CHECK(page == "<script id=\"scenario\" type=\"application/json\">{\"text\":\"a <\\/script> b\"}</script>");
  CHECK_THROWS(app::page_with_scenario("<html></html>", doc));
}
