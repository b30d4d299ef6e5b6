// The uncertainty section and --output specifications: what a good file gives, and one precise
// line (file:line:column: error: key: reason) for every kind of bad input.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/outputs.hpp"
#include "clustersim/sweep/spec.hpp"

namespace fs = std::filesystem;
using namespace clustersim;
using sweep::OutputSpec;

namespace {

const std::string kBase = std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-2024.yaml";
const std::string kSweep =
    std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/sweeps/pingshan-uncertainty.yaml";

// A sweep file extending the Pingshan scenario; `body` starts at line 2.
fs::path write_sweep(const std::string& name, const std::string& body) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim-spec-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << "extends: " << kBase << "\n" << body;
  return file;
}

// The message read_uncertainty (or the loader) gives for a bad file; empty when it is accepted.
std::string error_of(const fs::path& file) {
  try {
    const scenario::Scenario s = scenario::load(file);
    sweep::read_uncertainty(s);
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("the shipped Pingshan sweep file resolves every input", "[sweep][spec]") {
  const auto s = scenario::load(std::string(CLUSTERSIM_SOURCE_DIR) +
                                "/scenarios/sweeps/pingshan-uncertainty.yaml");
  const sweep::Uncertainty u = sweep::read_uncertainty(s);
  REQUIRE(u.inputs.size() == 29);
  CHECK(u.correlated);
  int fund_ic = -1, talent = -1, fund_icv = -1;
  for (std::size_t k = 0; k < u.inputs.size(); ++k) {
    const auto& in = u.inputs[k];
    CHECK_FALSE(in.source.empty());
    if (in.input.path == "levers.fund.ic") fund_ic = static_cast<int>(k);
    if (in.input.path == "levers.talent.region") talent = static_cast<int>(k);
    if (in.input.path == "levers.fund.icv") fund_icv = static_cast<int>(k);
  }
  REQUIRE(fund_ic >= 0);
  REQUIRE(talent >= 0);
  REQUIRE(fund_icv >= 0);
  const auto& lever = u.inputs[static_cast<std::size_t>(fund_ic)];
  CHECK(lever.input.base == 1.0);  // a lever path is a multiplier
  CHECK(lever.distribution.kind == sweep::Distribution::Kind::Triangular);
  CHECK(lever.distribution.mode == 1.0);
  CHECK(lever.distribution.high == 3.0);
  CHECK(u.rank_correlation(fund_ic, talent) == 0.5);
  CHECK(u.rank_correlation(talent, fund_ic) == 0.5);
  CHECK(u.rank_correlation(fund_ic, fund_icv) == 0.4);
  CHECK(u.rank_correlation(talent, fund_icv) == 0.0);
  CHECK(u.rank_correlation.diagonal().isOnes());
  // The model value the path names: clusters.ic.capital_output_ratio is 1.49 in the scenario.
  for (const auto& in : u.inputs) {
    if (in.input.path == "clusters.ic.capital_output_ratio") CHECK(in.input.base == Approx(1.49));
  }
}

TEST_CASE("a scenario without an uncertainty section is refused", "[sweep][spec]") {
  // shenzhen-ic-2025.yaml keeps its uncertainty in a sweep file (pingshan-2024.yaml declares its own).
  const auto s = scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/shenzhen-ic-2025.yaml");
  try {
    sweep::read_uncertainty(s);
    FAIL("accepted");
  } catch (const scenario::ScenarioError& e) {
    CHECK(e.key() == "uncertainty");
    CHECK(std::string(e.what()).find("shenzhen-ic-2025.yaml:1:1: error: uncertainty:") !=
          std::string::npos);
    // It points to the shipped sweep file that extends it.
    CHECK(std::string(e.what()).find("sweeps/shenzhen-ic-uncertainty.yaml extends it") !=
          std::string::npos);
  }
}

TEST_CASE("the Pingshan base case declares its own uncertainty", "[sweep][spec]") {
  const auto base = sweep::read_uncertainty(scenario::load(kBase));
  const auto file = sweep::read_uncertainty(scenario::load(kSweep));
  REQUIRE(base.inputs.size() == 29);
  REQUIRE(file.inputs.size() == base.inputs.size());
  for (std::size_t k = 0; k < base.inputs.size(); ++k) {
    CHECK(base.inputs[k].input.path == file.inputs[k].input.path);
  }
  CHECK(base.rank_correlation == file.rank_correlation);
}

TEST_CASE("bad uncertain inputs give file:line:column and the key", "[sweep][spec]") {
  SECTION("unknown input path, with a suggestion") {
    const auto f = write_sweep("unknown.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    clusters.ic.market_growt: {distribution: uniform, low: 0.1, high: 0.2}\n");
    const std::string e = error_of(f);
    CHECK(e.find(f.string() + ":4:5: error: uncertainty.inputs.clusters.ic.market_growt:") !=
          std::string::npos);
    CHECK(e.find("market_growth") != std::string::npos);  // did you mean
  }
  SECTION("unknown cluster in a path") {
    const auto f = write_sweep("cluster.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    clusters.icc.market_growth: {distribution: uniform, low: 0.1, high: 0.2}\n");
    const std::string e = error_of(f);
    CHECK(e.find(":4:5: error: uncertainty.inputs.clusters.icc.market_growth:") != std::string::npos);
    CHECK(e.find("'icv'") != std::string::npos);
  }
  SECTION("distribution parameters that do not make a distribution") {
    const auto f = write_sweep("params.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic:\n"
                               "      distribution: uniform\n"
                               "      low: 2\n"
                               "      high: 1\n");
    const std::string e = error_of(f);
    // Pointed at the parameter at fault (high or low), not at the input as a whole.
    const bool at_param = e.find(":7:13: error: uncertainty.inputs.levers.fund.ic.high:") != std::string::npos ||
                          e.find(":6:12: error: uncertainty.inputs.levers.fund.ic.low:") != std::string::npos;
    CHECK(at_param);
    INFO(e);
  }
  SECTION("triangular mode outside its range") {
    const auto f = write_sweep("mode.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: triangular, low: 0.5, mode: 4, high: 3}\n");
    const std::string e = error_of(f);
    CHECK(e.find(":4:") != std::string::npos);
    CHECK(e.find("uncertainty.inputs.levers.fund.ic.mode:") != std::string::npos);
  }
  SECTION("values outside the input's admissible range") {
    const auto f = write_sweep("range.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    clusters.ic.fund_additionality: {distribution: uniform, low: 0.5, high: 1.5}\n");
    const std::string e = error_of(f);
    CHECK(e.find(":4:5: error: uncertainty.inputs.clusters.ic.fund_additionality:") != std::string::npos);
    CHECK(e.find("admits only [0, 1]") != std::string::npos);
  }
  SECTION("an unbounded normal on a bounded input") {
    const auto f = write_sweep("normal.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: normal, mean: 1, sd: 0.3}\n");
    const std::string e = error_of(f);
    CHECK(e.find(":4:5: error: uncertainty.inputs.levers.fund.ic:") != std::string::npos);
    CHECK(e.find("give low and high") != std::string::npos);
  }
  SECTION("a correlation naming an input that is not declared") {
    const auto f = write_sweep("corr.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: uniform, low: 0.5, high: 2}\n"
                               "    levers.talent.region: {distribution: uniform, low: 0.5, high: 2}\n"
                               "  correlations:\n"
                               "    - [levers.fund.ic, levers.talent.regio, 0.5]\n");
    const std::string e = error_of(f);
    CHECK(e.find(":7:24: error: uncertainty.correlations[0]:") != std::string::npos);
    CHECK(e.find("levers.talent.region") != std::string::npos);  // did you mean
  }
  SECTION("a correlation outside (-1, 1)") {
    const auto f = write_sweep("rho.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: uniform, low: 0.5, high: 2}\n"
                               "    levers.talent.region: {distribution: uniform, low: 0.5, high: 2}\n"
                               "  correlations:\n"
                               "    - [levers.fund.ic, levers.talent.region, 1.0]\n");
    const std::string e = error_of(f);
    CHECK(e.find(":7:") != std::string::npos);
    CHECK(e.find("uncertainty.correlations[0]") != std::string::npos);
  }
  SECTION("correlations that cannot hold together") {
    const auto f = write_sweep("pd.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: uniform, low: 0.5, high: 2}\n"
                               "    levers.talent.region: {distribution: uniform, low: 0.5, high: 2}\n"
                               "    levers.land.region: {distribution: uniform, low: 0.5, high: 2}\n"
                               "  correlations:\n"
                               "    - [levers.fund.ic, levers.talent.region, 0.9]\n"
                               "    - [levers.fund.ic, levers.land.region, 0.9]\n"
                               "    - [levers.talent.region, levers.land.region, -0.9]\n");
    const std::string e = error_of(f);
    CHECK(e.find(":7:3: error: uncertainty.correlations:") != std::string::npos);
    CHECK(e.find("positive") != std::string::npos);
  }
  SECTION("an unknown distribution is caught by the scenario schema") {
    const auto f = write_sweep("kind.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: beta, low: 0.5, high: 2}\n");
    const std::string e = error_of(f);
    CHECK(e.find(":4:") != std::string::npos);
    CHECK(e.find("uncertainty.inputs.levers.fund.ic.distribution") != std::string::npos);
  }
  SECTION("a well-formed section is accepted") {
    const auto f = write_sweep("good.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.fund.ic: {distribution: uniform, low: 0.5, high: 2}\n"
                               "    events.byd_licence_moves.value: {distribution: discrete, values: [0.6, 0.8, 1], weights: [1, 2, 1]}\n");
    CHECK(error_of(f).empty());
  }
}

TEST_CASE("output specifications", "[sweep][spec]") {
  const auto s = scenario::load(kBase);
  SECTION("default: the projected value of every target, in its unit") {
    const auto outs = sweep::parse_outputs(s, {});
    REQUIRE(outs.size() == s.targets.size());
    CHECK(outs[1].name == "icv:2030");
    CHECK(outs[1].kind == OutputSpec::Kind::Value);
    CHECK(outs[1].target == 1);
  }
  SECTION("value, gap, reached and a per-year series") {
    const auto outs = sweep::parse_outputs(s, {"ic:2030", "gap:ic:2030", "reached:icv:2025", "ic"});
    REQUIRE(outs.size() == 3 + 8);  // the series: one per year 2023–2030
    CHECK(outs[0].kind == OutputSpec::Kind::Value);
    CHECK(outs[0].year == 2030);
    CHECK(outs[1].kind == OutputSpec::Kind::Gap);
    CHECK(outs[1].unit == "%");
    CHECK(s.targets[static_cast<std::size_t>(outs[1].target)].year == 2030);
    CHECK(outs[2].kind == OutputSpec::Kind::Reached);
    CHECK(outs[3].year == 2023);
    CHECK(outs[10].year == 2030);
    CHECK(outs[10].name == "ic");
  }
  SECTION("bad specifications") {
    CHECK_THROWS_WITH(sweep::parse_outputs(s, {"icc:2030"}),
                      Catch::Contains("unknown cluster 'icc'") && Catch::Contains("icv"));
    CHECK_THROWS_WITH(sweep::parse_outputs(s, {"ic:2040"}), Catch::Contains("2023–2030"));
    CHECK_THROWS_WITH(sweep::parse_outputs(s, {"gap:ic:2027"}), Catch::Contains("no target"));
    CHECK_THROWS_WITH(sweep::parse_outputs(s, {"delta:ic:2030"}), Catch::Contains("gap:CLUSTER:YEAR"));
  }
}

TEST_CASE("posterior draws: joint inputs read from a CSV next to the sweep file", "[sweep][spec]") {
  const fs::path csv = write_sweep("draws.csv", "").parent_path() / "draws.csv";
  auto with_draws = [&](const std::string& text) {
    std::ofstream(csv) << text;
    return write_sweep("posterior.yaml",
                       "uncertainty: !replace\n"
                       "  inputs:\n"
                       "    levers.land.region: {distribution: uniform, low: 0.5, high: 1.5}\n"
                       "  posterior: {file: draws.csv}\n");
  };
  SECTION("good draws") {
    const auto f = with_draws("draw,levers.fund.ic,clusters.ic.market_growth\n1,0.8,0.12\n2,1.5,0.2\n");
    const auto u = sweep::read_uncertainty(scenario::load(f));
    REQUIRE(u.inputs.size() == 3);
    CHECK(u.declared() == 1);
    CHECK(u.inputs[1].joint);
    CHECK(u.inputs[2].input.path == "clusters.ic.market_growth");
    REQUIRE(u.posterior.rows() == 2);
    CHECK(u.posterior(1, 0) == 1.5);
    CHECK(u.posterior(0, 1) == 0.12);
    CHECK(u.rank_correlation.rows() == 1);
    // summary.json's correlations are among the declared inputs only: the matrix is 1 x 1 here,
    // and reading it for the joint inputs read past its end (AddressSanitizer: heap-buffer-
    // overflow) and wrote correlations nobody declared.
    sweep::SweepInfo info;
    const auto j = sweep::sweep_settings(scenario::load(f), u, {}, info);
    CHECK(j["correlations"].empty());
    CHECK(j["inputs"].size() == 3);
  }
  SECTION("an unknown column, with file:line:column of the CSV") {
    const auto f = with_draws("draw,levers.fund.ic,clusters.ic.market_growht\n1,1,0.1\n");
    const std::string e = error_of(f);
    CHECK(e.find(csv.string() + ":1:21: error: uncertainty.posterior:") != std::string::npos);
    CHECK(e.find("market_growth") != std::string::npos);
  }
  SECTION("a value outside the input's range") {
    const auto f = with_draws("draw,levers.fund.ic\n1,-1\n");
    CHECK(error_of(f).find(csv.string() + ":2:3: error: uncertainty.posterior:") != std::string::npos);
  }
  SECTION("an input both declared and in the draws") {
    const auto f = with_draws("draw,levers.land.region\n1,1\n");
    CHECK(error_of(f).find("also declared") != std::string::npos);
  }
  SECTION("a missing file") {
    fs::remove(csv);
    const auto f = write_sweep("posterior-missing.yaml",
                               "uncertainty: !replace\n"
                               "  inputs:\n"
                               "    levers.land.region: {distribution: uniform, low: 0.5, high: 1.5}\n"
                               "  posterior: {file: nowhere.csv}\n");
    CHECK(error_of(f).find(":5:") != std::string::npos);
  }
}
