// The odds `clustersim run` gives its targets: a target the uncertainty cannot move is reached in
// every run (probability 1, "virtually certain") or in none (0, "exceptionally unlikely"); the
// same seed gives the same probabilities on any thread count; the run at the inputs' medians is
// the projection when the medians are the scenario's values; the outputs carry the words only
// when there was a sweep.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "clustersim/analysis/likelihood.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/io/outputs.hpp"
#include "clustersim/io/report.hpp"
#include "clustersim/sweep/odds.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

const std::string kGolden = std::string(CLUSTERSIM_SOURCE_DIR) + "/tests/golden/two-clusters.yaml";

// two-clusters.yaml with a narrow uncertainty on the IC market's growth (median = the
// scenario's 0.25, or `mode` for a skewed range) and targets far from the projection: the sum of
// 2026 (3,300 against ≈ 5,000: always reached), ICV 2027 at 9,000 (≈ 4,900: never), IC 2027
// (300 against ≈ 323: close).
fs::path write_scenario(const std::string& name, const std::string& growth) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim-odds-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << "extends: " << kGolden << "\n"
                      << "uncertainty:\n  inputs:\n    clusters.ic.market_growth: " << growth
                      << "\n"
                         "targets:\n"
                         "  - {cluster: all, year: 2026, value: 3300 亿元, measure: output, source: made up}\n"
                         "  - {cluster: icv, year: 2027, value: 9000 亿元, measure: output, source: made up}\n"
                         "  - {cluster: ic, year: 2027, value: 300 亿元, measure: output, source: made up}\n";
  return file;
}

struct Projected {
  scenario::Scenario scenario;
  std::vector<analysis::TargetRow> rows;
};

Projected project(const fs::path& file) {
  Projected p;
  p.scenario = scenario::load(file);
  const Model model = scenario::build_model(p.scenario);
  const RunResult run = simulate(model, p.scenario.solver);
  p.rows = analysis::evaluate_targets(p.scenario, run);
  return p;
}

}  // namespace

TEST_CASE("targets the uncertainty cannot move are certain: probability 1 and 0", "[odds]") {
  auto p = project(write_scenario("certain.yaml", "{distribution: uniform, low: 0.24, high: 0.26}"));
  sweep::OddsOptions o;
  o.runs = 200;
  const auto info = sweep::attach_odds(p.scenario, p.rows, o);
  CHECK(info.runs == 200);
  CHECK(info.failed == 0);
  CHECK(info.inputs == 1);
  CHECK(info.seed == sweep::kOddsSeed);
  CHECK(info.sampler == "lhs");
  REQUIRE(p.rows.size() == 3);
  for (const auto& r : p.rows) REQUIRE(r.odds.has_value());

  const auto& all = *p.rows[0].odds;
  CHECK(p.rows[0].reached);
  CHECK(all.probability == 1.0);
  CHECK(all.runs == 200);
  CHECK(analysis::likelihood(all.probability) == analysis::Likelihood::VirtuallyCertain);
  CHECK(all.low > 0.98);  // Wilson: 200 of 200 still leaves room below 1
  CHECK(all.high == Approx(1.0));

  const auto& icv = *p.rows[1].odds;
  CHECK_FALSE(p.rows[1].reached);
  CHECK(icv.probability == 0.0);
  CHECK(analysis::likelihood(icv.probability) == analysis::Likelihood::ExceptionallyUnlikely);
  CHECK(icv.high < 0.02);

  // The sweep's spread brackets its median, and the median lies near the projection: the range
  // is narrow and centred on the scenario's value.
  for (const auto& r : p.rows) {
    CHECK(r.odds->p05 <= r.odds->median);
    CHECK(r.odds->median <= r.odds->p95);
    CHECK(r.odds->median == Approx(r.projected).epsilon(0.01));
    // Every input at its median is the scenario itself (to the sweep's baseline tolerance).
    CHECK(r.odds->at_input_medians == Approx(r.projected).epsilon(1e-3));
  }
  CHECK(info.shifted.empty());
}

TEST_CASE("a skewed range moves the run at the inputs' medians and is named", "[odds]") {
  // Mode 0.12, far below the scenario's 0.25: the median growth is ≈ 0.15.
  auto p = project(write_scenario("skewed.yaml",
                                  "{distribution: triangular, low: 0.10, mode: 0.12, high: 0.26}"));
  sweep::OddsOptions o;
  o.runs = 100;
  const auto info = sweep::attach_odds(p.scenario, p.rows, o);
  REQUIRE(info.shifted.size() == 1);
  CHECK(info.shifted[0].path == "clusters.ic.market_growth");
  CHECK(info.shifted[0].base == Approx(0.25));
  CHECK(info.shifted[0].median < 0.2);
  const auto& ic = p.rows[2];
  // Slower market growth: IC 2027 lower at the inputs' medians, and in most runs.
  CHECK(ic.odds->at_input_medians < ic.projected);
  CHECK(ic.odds->median < ic.projected);
}

TEST_CASE("the same seed gives the same odds on any thread count", "[odds]") {
  const fs::path file = write_scenario("threads.yaml",
                                       "{distribution: uniform, low: 0.15, high: 0.35}");
  auto a = project(file);
  auto b = project(file);
  sweep::OddsOptions o;
  o.runs = 120;
  o.threads = 1;
  sweep::attach_odds(a.scenario, a.rows, o);
  o.threads = 2;
  sweep::attach_odds(b.scenario, b.rows, o);
  for (std::size_t k = 0; k < a.rows.size(); ++k) {
    CHECK(a.rows[k].odds->probability == b.rows[k].odds->probability);
    CHECK(a.rows[k].odds->median == b.rows[k].odds->median);
  }
  // A wide range around the close IC target: neither certain nor impossible.
  CHECK(a.rows[2].odds->probability > 0.0);
  CHECK(a.rows[2].odds->probability < 1.0);
  // Another seed, other runs.
  auto c = project(file);
  o.seed = 7;
  sweep::attach_odds(c.scenario, c.rows, o);
  CHECK(c.rows[2].odds->median != a.rows[2].odds->median);
}

TEST_CASE("how many runs a run's sweep takes", "[odds]") {
  const auto with = scenario::load(write_scenario("runs.yaml", "{distribution: uniform, low: 0.2, high: 0.3}"));
  const auto without = scenario::load(kGolden);
  CHECK(sweep::declares_uncertainty(with));
  CHECK_FALSE(sweep::declares_uncertainty(without));
  CHECK(sweep::odds_runs(with, false, -1) == sweep::kOddsRuns);
  CHECK(sweep::kOddsRuns == 2000);
  CHECK(sweep::odds_runs(with, true, -1) == 0);     // --quick
  CHECK(sweep::odds_runs(with, true, 300) == 300);  // --quick --quick-sweep 300
  CHECK(sweep::odds_runs(with, false, 0) == 0);     // --no-sweep
  CHECK(sweep::odds_runs(without, false, -1) == 0);
  CHECK(sweep::odds_runs(without, false, 500) == 0);
}

TEST_CASE("the outputs carry probabilities and words only with a sweep", "[odds]") {
  auto p = project(write_scenario("outputs.yaml", "{distribution: uniform, low: 0.24, high: 0.26}"));
  const std::string plain_csv = io::targets_csv(p.scenario, p.rows);
  const std::string plain_table = io::target_table(p.rows);
  CHECK(plain_csv.find("probability") == std::string::npos);
  CHECK(plain_table.find("P(reach)") == std::string::npos);
  CHECK(io::target_json(p.rows[0]).count("probability") == 0);

  sweep::OddsOptions o;
  o.runs = 50;
  io::RunInfo info;
  info.sweep = sweep::attach_odds(p.scenario, p.rows, o);
  const std::string csv = io::targets_csv(p.scenario, p.rows);
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.size() > 20);
  CHECK(header.substr(header.size() - 16) == "at_input_medians");
  CHECK(csv.find(",1,") != std::string::npos);
  CHECK(csv.find("virtually certain,几乎确定") != std::string::npos);
  CHECK(csv.find("exceptionally unlikely,极不可能") != std::string::npos);
  const auto j = io::target_json(p.rows[1]);
  CHECK(j["probability"] == 0.0);
  CHECK(j["likelihood"] == "exceptionally_unlikely");
  CHECK(j["likelihood_zh"] == "极不可能");
  const std::string table = io::target_table(p.rows);
  CHECK(table.find("P(reach)") != std::string::npos);
  CHECK(table.find("100%") != std::string::npos);
  CHECK(table.find("virtually certain") != std::string::npos);
  const std::string notes = io::odds_notes(p.rows, info);
  CHECK(notes.find("sweep: 50 runs of 1 uncertain inputs") != std::string::npos);
  CHECK(notes.find("可能性约为一半") != std::string::npos);
}

TEST_CASE("probabilities print as whole percent, with a decimal near the ends", "[odds]") {
  CHECK(io::probability_cell(0.37) == "37%");
  CHECK(io::probability_cell(1.0) == "100%");
  CHECK(io::probability_cell(0.0) == "0%");
  CHECK(io::probability_cell(1999.0 / 2000.0) == "99.9%");  // not "100%": one run missed
  CHECK(io::probability_cell(1.0 / 2000.0) == "0.1%");      // not "0%": one run reached
  CHECK(io::probability_cell(0.66) == "66%");      // on the boundary: "likely"
  CHECK(io::probability_cell(0.012) == "1.2%");    // "very unlikely", not "1%"
  CHECK(io::probability_cell(0.0104) == "1.1%");   // rounded away from the boundary
  CHECK(io::probability_cell(0.3296) == "32.9%");  // "unlikely"
  CHECK(io::probability_cell(0.3304) == "33.1%");  // "about as likely as not"
  CHECK(io::probability_cell(0.095) == "9.5%");
  CHECK(io::probability_cell(0.6) == "60%");
}
