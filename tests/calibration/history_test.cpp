// History files and calibration specs: the shipped data loads with the published values; every
// kind of bad input is refused with "<file>:<line>:<column>: error: <key>: ..." (exit code 2 in
// the CLI, which maps ScenarioError to 2).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "clustersim/calibration/history.hpp"
#include "clustersim/calibration/spec.hpp"

using namespace clustersim;
using namespace clustersim::calibration;
namespace fs = std::filesystem;

namespace {
const fs::path kSrc = CLUSTERSIM_SOURCE_DIR;
const fs::path kData = kSrc / "tests/calibration/data";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("history: every shipped calibration/*.csv loads; values and units as published") {
  int files = 0;
  for (const auto& e : fs::directory_iterator(kSrc / "calibration")) {
    if (e.path().extension() != ".csv") continue;
    ++files;
    const History h = load_history(e.path());
    CHECK_FALSE(h.rows.empty());
  }
  CHECK(files == 11);
  const History ic = load_history(kSrc / "calibration/shenzhen-ic-revenue.csv");
  const auto& first = ic.rows.front();
  CHECK(first.series == "ic_revenue");
  CHECK(*first.year == 2014);
  CHECK(first.value == 265.1);
  CHECK(first.canonical == 265.1);
  CHECK(first.canonical_unit == "亿元");
  CHECK(first.scope == "design only");
  CHECK(first.where.line == 2);
  // A quoted field with a comma inside ("主营业务收入, ...") stays one field.
  bool found = false;
  for (const auto& o : ic.rows)
    if (o.year && *o.year == 2021 && o.series == "ic_revenue") {
      found = true;
      CHECK(o.qualifier == ">");
      CHECK(o.value == 1100);
    }
  CHECK(found);
  // 万元/person converts to 亿元/person: 174 万元 = 0.0174 亿元.
  for (const auto& o : ic.rows)
    if (o.series == "ic_labour_productivity" && *o.year == 2021) CHECK(o.canonical == Approx(0.0174));
  // US dollars stay US dollars (no exchange rate is assumed); 万人 converts to persons.
  const History global = load_history(kSrc / "calibration/markets-global.csv");
  CHECK(global.rows.front().series == "semiconductor_sales");
  CHECK(global.rows.front().canonical == 338.9);
  CHECK(global.rows.front().canonical_unit == "US$ bn");
  const History labour = load_history(kSrc / "calibration/shenzhen-labour.csv");
  CHECK(labour.rows.front().series == "resident_population");
  CHECK(labour.rows.front().canonical == Approx(11378700.0));
  CHECK(labour.rows.front().canonical_unit == "persons");
}

TEST_CASE("history: bad files give file:line:column and the column name") {
  const std::string d = (kData).string();
  CHECK(error_of([&] { load_history(kData / "bad-value.csv"); }) ==
        d + "/bad-value.csv:3:21: error: value: expected a finite number, got '5９0'");
  CHECK(error_of([&] { load_history(kData / "bad-header.csv"); })
            .find(d + "/bad-header.csv:1:20: error: value: expected column 'value', got 'valeu'; did you mean 'value'?") == 0);
  const std::string unit = error_of([&] { load_history(kData / "bad-unit.csv"); });
  CHECK(unit.find(d + "/bad-unit.csv:3:27: error: unit: ") == 0);
  CHECK(error_of([&] { load_history(kData / "bad-fields.csv"); }).find(d + "/bad-fields.csv:2:") == 0);
  CHECK(error_of([&] { load_history(kData / "bad-fields.csv"); }).find("expected 10 fields, got 9") != std::string::npos);
  CHECK(error_of([&] { load_history(kData / "bad-tag.csv"); }) ==
        d + "/bad-tag.csv:2:27: error: qualifier: expected one of =, >, ≈, range; got '~'");
  CHECK(error_of([&] { load_history(kData / "missing.csv"); }) ==
        d + "/missing.csv:0:0: error: cannot open the history file");
}

TEST_CASE("spec: the shipped Shenzhen IC spec loads with its start moved back to 2014") {
  const CalibrationSpec s = load_spec(kSrc / "calibration/shenzhen-ic.yaml");
  CHECK(s.scenario.spec.start_year == 2014);
  CHECK(s.scenario.spec.clusters[0].baseline_output == Approx(265.1));
  REQUIRE(s.parameters.size() == 1);
  CHECK(s.parameters[0].input.base == Approx(0.0));  // share_trend: the scenario assumes no drift
  CHECK(s.parameters[0].prior.kind == Prior::Kind::Normal);
  REQUIRE(s.series.size() == 1);
  // 2017, 2018, 2022, 2023 of the design-only series; 2014 is the baseline itself.
  REQUIRE(s.series[0].observations.size() == 4);
  CHECK(s.series[0].observations[0].canonical == 590.0);
  CHECK(s.series[0].observations[1].canonical == 758.7);
  CHECK(s.series[0].skipped == 1);
}

TEST_CASE("spec: bad specs name file, line, column and key") {
  const std::string d = kData.string();
  CHECK(error_of([&] { load_spec(kData / "bad-spec-key.yaml"); })
            .find(d + "/bad-spec-key.yaml:6:1: error: strats: unknown key; did you mean 'starts'?") == 0);
  const std::string path = error_of([&] { load_spec(kData / "bad-spec-path.yaml"); });
  CHECK(path.find(d + "/bad-spec-path.yaml:3:3: error: parameters.clusters.ic.market_grwoth: ") == 0);
  CHECK(path.find("market_growth") != std::string::npos);
  CHECK(error_of([&] { load_spec(kData / "bad-spec-bounds.yaml"); })
            .find(d + "/bad-spec-bounds.yaml:3:50: error: parameters.clusters.ic.market_growth.upper: must be above lower") == 0);
  const std::string scope = error_of([&] { load_spec(kData / "bad-spec-scope.yaml"); });
  CHECK(scope.find(d + "/bad-spec-scope.yaml:5:5: error: series.0.scope: the series has several scopes") == 0);
  CHECK(scope.find("'design only'") != std::string::npos);
}
