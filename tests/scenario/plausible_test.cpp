// Plausibility guards: a value outside its plausible range warns, naming where it was written;
// one orders of magnitude outside it is refused unless allowed; defaults are not judged.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clustersim;
using namespace clustersim::scenario;
using Catch::Matchers::Contains;
using scenario::test::fixture;
using scenario::test::sets;

namespace {

const Implausible* find(const std::vector<Implausible>& v, const std::string& key) {
  for (const auto& w : v)
    if (w.key == key) return &w;
  return nullptr;
}

}  // namespace

TEST_CASE("plausible: the fixture's own values and every default pass without a word",
          "[plausible]") {
  CHECK(implausible_values(load(fixture("valid.yaml"))).empty());
  CHECK(implausible_values(load(fixture("minimal.yaml"))).empty());
}

TEST_CASE("plausible: a value outside its range warns with location, key and range",
          "[plausible]") {
  // market_growth's plausible range is [-0.2, 0.5] /yr: 0.6 is unusual, not absurd.
  const Scenario s = load(fixture("valid.yaml"), sets({"clusters.biomed.params.market_growth=0.6"}));
  const auto v = implausible_values(s);
  REQUIRE(v.size() == 1);
  CHECK(v[0].key == "clusters.biomed.params.market_growth");
  CHECK_FALSE(v[0].absurd);
  CHECK(v[0].where.file == "<--set>");
  CHECK(v[0].where.line == 1);
  CHECK(v[0].where.column == 38);
  CHECK_THAT(v[0].message, Contains("0.6 lies outside the plausible range [-0.2, 0.5] 1/yr"));
  CHECK_THAT(v[0].text(), Contains("<--set>:1:38: warning: clusters.biomed.params.market_growth: "));
}

TEST_CASE("plausible: a growth rate written as a percentage is refused with the fix",
          "[plausible]") {
  try {
    (void)load(fixture("valid.yaml"), sets({"clusters.biomed.params.market_growth=19.8"}));
    FAIL("19.8 /yr loaded");
  } catch (const ScenarioError& e) {
    CHECK(e.key() == "clusters.biomed.params.market_growth");
    CHECK(e.where().column == 38);
    CHECK_THAT(e.message(), Contains("orders of magnitude outside the plausible range"));
    CHECK_THAT(e.message(), Contains("write 0.198 for 19.8%"));
    CHECK_THAT(e.message(), Contains("--allow-implausible"));
  }
  // Allowed, it loads and is still reported as absurd.
  const Scenario s = load(fixture("valid.yaml"),
                          sets({"clusters.biomed.params.market_growth=19.8"}), {true});
  const auto all = implausible_values(s);
  const Implausible* w = find(all, "clusters.biomed.params.market_growth");
  REQUIRE(w != nullptr);
  CHECK(w->absurd);
}

TEST_CASE("plausible: levers above their plausible yearly amount", "[plausible]") {
  // The fund's plausible ceiling is 2,000 亿元/yr for one cluster.
  const Scenario big = load(fixture("valid.yaml"), sets({"levers.fund.ic=3000 亿元/yr"}));
  const auto big_values = implausible_values(big);
  const Implausible* w = find(big_values, "levers.fund.ic");
  REQUIRE(w != nullptr);
  CHECK_FALSE(w->absurd);
  CHECK_THAT(w->message, Contains("a peak of 3000 亿元/yr"));
  CHECK_THROWS_WITH(load(fixture("valid.yaml"), sets({"levers.fund.ic=1e12 亿元/yr"})),
                    Contains("levers.fund.ic: a peak of 1e+12 亿元/yr lies orders of magnitude"));
  // A year-by-year schedule is judged by its peak, located at the lever's entry in the file.
  const Scenario sched = load(fixture("valid.yaml"),
                              sets({"levers.fund.biomed.by_year.2025=2500"}));
  const auto sched_values = implausible_values(sched);
  const Implausible* b = find(sched_values, "levers.fund.biomed");
  REQUIRE(b != nullptr);
  CHECK(b->where.file != "<--set>");
}
