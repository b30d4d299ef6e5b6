// Numeric causes traced to their place: inputs a run cannot compute with are refused before it,
// with file:line:column and key, even where implausible values are allowed; a run that still
// fails numerically is traced to the values farthest outside their plausible range.
#include <catch2/catch.hpp>
#include <cmath>

#include "clustersim/core/limits.hpp"
#include "support.hpp"

using namespace clustersim;
using namespace clustersim::scenario;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scenario::test::fixture;
using scenario::test::sets;

namespace {

// The ScenarioError building the model of valid.yaml with `overrides` throws, implausible values
// allowed; fails the test when there is none.
ScenarioError refused(const std::vector<std::string>& overrides) {
  const Scenario s = load(fixture("valid.yaml"), sets(overrides), {true});
  try {
    (void)build_model(s);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no ScenarioError for " << overrides.front());
  throw std::logic_error("unreachable");
}

bool builds(const std::vector<std::string>& overrides) {
  const Scenario s = load(fixture("valid.yaml"), sets(overrides), {true});
  (void)build_model(s);
  return true;
}

}  // namespace

TEST_CASE("limits: a fund of 1e308 is refused before the run, at its place", "[numeric]") {
  const ScenarioError e = refused({"levers.fund.ic=1e308"});
  CHECK(e.key() == "levers.fund.ic");
  CHECK(e.where().file == "<--set>");
  CHECK(e.where().line == 1);
  CHECK(e.where().column == 16);  // levers.fund.ic=|1e308
  CHECK_THAT(e.message(), Contains("a peak of 1e+308 亿元/yr"));
  CHECK_THAT(e.message(), Contains("lies beyond the range the model computes with"));
  CHECK_THAT(e.message(), Contains("below 1e+100"));
}

TEST_CASE("limits: the fund's total counts with its leverage", "[numeric]") {
  // 8 years (2023-2030) at 1e98 亿元/yr finance 8e98 x 3.3 = 2.64e99: computable.
  CHECK(builds({"levers.fund.ic=1e98"}));
  // At 1e99 亿元/yr the total is 8e99, below the limit, but it finances 2.64e100.
  const ScenarioError e = refused({"levers.fund.ic=1e99"});
  CHECK(e.key() == "levers.fund.ic");
  CHECK_THAT(e.message(), Contains("8e+99 亿元 over 2023–2030, financing 2.64e+100 亿元 at "
                                   "fund_leverage 3.3"));
}

TEST_CASE("limits: a parameter beyond 1e100 is refused, a ceiling is not", "[numeric]") {
  const ScenarioError e = refused({"clusters.biomed.params.labour_productivity=1e200"});
  CHECK(e.key() == "clusters.biomed.params.labour_productivity");
  CHECK(e.where().column == 44);
  CHECK_THAT(e.message(), StartsWith("labour_productivity = 1e+200 亿元/person/yr lies beyond"));
  // A ceiling whose default is "none" may be any size: it only caps.
  CHECK(builds({"region.params.worker_inflow_ceiling=1e300"}));
}

TEST_CASE("limits: a time constant of 1e-300 yr is refused before the run, at its place",
          "[numeric]") {
  const ScenarioError e = refused({"clusters.ic.params.construction_time=1e-300"});
  CHECK(e.key() == "clusters.ic.params.construction_time");
  CHECK(e.where().column == 38);
  CHECK_THAT(e.message(), StartsWith("a third of construction_time of ic = 3.33333e-301 yr is "
                                     "shorter than the model can integrate"));
  // The limit is 1e-4 yr on the stage's time constant, a third of construction_time.
  CHECK(builds({"clusters.ic.params.construction_time=3.1e-4"}));
  CHECK(refused({"clusters.ic.params.construction_time=2.9e-4"}).key() ==
        "clusters.ic.params.construction_time");
  // A region time constant (1e-100 yr used to spin through two million steps, minutes) and the
  // reciprocal of a rate.
  CHECK_THAT(refused({"region.params.talent_matching_time=1e-100"}).message(),
             StartsWith("talent_matching_time = 1e-100 yr is shorter"));
  CHECK_THAT(refused({"clusters.icv.params.knowledge_obsolescence=1e100"}).message(),
             StartsWith("1 / knowledge_obsolescence of icv = 1e-100 yr is shorter"));
}

TEST_CASE("limits: an event that sets an amount beyond the limit is refused at its value",
          "[numeric]") {
  const ScenarioError e = refused({"events.floor_programme_slows.to=1e200"});
  CHECK(e.key() == "events.floor_programme_slows.to");
  CHECK_THAT(e.message(), StartsWith("event 'floor_programme_slows' makes levers.floor.region "
                                     "1e+200 万m²/yr lies beyond"));
}

TEST_CASE("limits: the core refuses them too, whoever runs it", "[numeric]") {
  const Scenario s = load(fixture("valid.yaml"), sets({"levers.fund.ic=1e308"}), {true});
  const Model model(s.spec);  // the constructor checks consistency, not magnitudes
  CHECK_THROWS_AS(simulate(model, s.solver), ModelError);
  CHECK_THROWS_AS(check_computable(model), ModelError);
}

TEST_CASE("outside_decades: orders of magnitude outside a plausible range", "[numeric]") {
  CHECK(outside_decades(0.25, 5.0, 1.0) == 0.0);
  CHECK(outside_decades(0.25, 5.0, 50.0) == Approx(1.0));
  CHECK(outside_decades(0.25, 5.0, 0.0025) == Approx(2.0));
  CHECK(outside_decades(0.25, 5.0, 1e-300) == Approx(300.0 - std::log10(4.0)));
  // A range that includes zero: in range-widths, log10(1 + 9 widths) = 1.
  CHECK(outside_decades(-0.2, 0.5, 0.5 + 9 * 0.7) == Approx(1.0));
  CHECK(outside_decades(0.0, 2000.0, 2e6) == Approx(std::log10(1000.0)));
}

TEST_CASE("traced: a numerical failure names the values farthest outside their range",
          "[numeric]") {
  // construction_time 0.001 yr: 2.4 orders of magnitude below [0.25, 5]; market_growth 0.6/yr:
  // just above [-0.2, 0.5].
  const Scenario s = load(fixture("valid.yaml"),
                          sets({"clusters.biomed.params.market_growth=0.6",
                                "clusters.ic.params.construction_time=0.001"}),
                          {true});
  const NumericalError failure(2024.29,
                               "numerical failure: pipeline_1 of cluster ic became non-finite at "
                               "t = 2024.29",
                               "pipeline_1", "ic");
  const auto e = traced(s, failure);
  REQUIRE(e.has_value());
  CHECK(e->key() == "clusters.ic.params.construction_time");
  CHECK(e->where().file == "<--set>");
  CHECK(e->where().column == 38);
  CHECK_THAT(e->message(), StartsWith("the run failed: numerical failure: pipeline_1 of cluster "
                                      "ic became non-finite at t = 2024.29; the likeliest cause"));
  CHECK_THAT(e->message(), Contains("construction_time = 0.001 yr, 2 orders of magnitude below "
                                    "its plausible range [0.25, 5] yr"));
  CHECK_THAT(e->message(), Contains("; next: clusters.biomed.params.market_growth (<--set>:1:38, "
                                    "market_growth = 0.6 1/yr, above its plausible range "
                                    "[-0.2, 0.5] 1/yr)"));
}

TEST_CASE("traced: on a tie the failing stock's cluster comes first; nothing when all is plausible",
          "[numeric]") {
  const Scenario s = load(fixture("valid.yaml"),
                          sets({"clusters.ic.params.hiring_time=0.001",
                                "clusters.icv.params.hiring_time=0.001"}),
                          {true});
  const auto e = traced(s, NumericalError(2023.5, "x", "skilled", "icv"));
  REQUIRE(e.has_value());
  CHECK(e->key() == "clusters.icv.params.hiring_time");
  CHECK_THAT(e->message(), Contains("next: clusters.ic.params.hiring_time"));
  CHECK_FALSE(traced(load(fixture("valid.yaml")), NumericalError(2023.5, "x", "skilled", "ic"))
                  .has_value());
}
