// The unit parser: equivalent spellings give the same canonical value, the core's canonical
// units parse with factor 1, and bad units say what is wrong.
#include "clustersim/scenario/units.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "clustersim/core/params.hpp"

using namespace clustersim;
using namespace clustersim::scenario;
using Catch::Matchers::Contains;

TEST_CASE("units: the same amount written in different units", "[units]") {
  CHECK(convert("500000 万元/年", "亿元/yr") == Approx(50.0));
  CHECK(convert("50 亿元/yr", "万元/年") == Approx(500000.0));
  CHECK(convert("10 km²", "ha") == Approx(1000.0));
  CHECK(convert("10 km2", "万m²") == Approx(1000.0));
  CHECK(convert("2.26 万元/m²", "亿元/万m²") == Approx(2.26));
  CHECK(convert("2.26 万元/m2", "亿元/ha") == Approx(2.26));
  CHECK(convert("15 亩", "ha") == Approx(1.0));
  CHECK(convert("1.5 万亿元", "亿元") == Approx(15000.0));
  CHECK(convert("100000000 元", "亿元") == Approx(1.0));
  CHECK(convert("2.38 万人/yr", "persons/yr") == Approx(23800.0));
  CHECK(convert("500 人/a", "persons/yr") == Approx(500.0));
  CHECK(convert("174 万元/person/yr", "亿元/person/yr") == Approx(0.0174));
  CHECK(convert("174 万元/人/年", "亿元/person/yr") == Approx(0.0174));
  CHECK(convert("15%", "1") == Approx(0.15));
  CHECK(convert("8 %/yr", "1/yr") == Approx(0.08));
  CHECK(convert("0.5", "1") == Approx(0.5));
  // Denominators in any order, spaces around '/'.
  CHECK(convert("3 亿元/yr/ha", "亿元/ha/yr") == Approx(3.0));
  CHECK(convert("3 亿元 / ha / yr", "亿元/ha/yr") == Approx(3.0));
  CHECK(convert("-2e1 ha", "ha") == Approx(-20.0));
}

TEST_CASE("units: every canonical unit of the core tables parses with factor 1", "[units]") {
  for (const auto& p : kClusterParamInfo) {
    INFO(p.key << " in " << p.unit);
    CHECK(parse_unit(p.unit).factor == Approx(1.0));
  }
  for (const auto& p : kRegionParamInfo) {
    INFO(p.key << " in " << p.unit);
    CHECK(parse_unit(p.unit).factor == Approx(1.0));
  }
  for (const auto& l : kLeverInfo) {
    INFO(l.key << " in " << l.unit);
    CHECK(parse_unit(l.unit).factor == Approx(1.0));
  }
}

TEST_CASE("units: dimensions and their names", "[units]") {
  const Dimension money_rate = parse_unit("亿元/yr").dimension;
  CHECK(parse_unit("万元/年").dimension == money_rate);
  CHECK(parse_unit("万m²/yr").dimension == parse_unit("ha/yr").dimension);
  CHECK(parse_unit("%").dimension.is_ratio());
  CHECK(parse_unit("1").dimension.is_ratio());
  CHECK(canonical_unit(parse_unit("万元/人/年").dimension) == "亿元/person/yr");
  CHECK(canonical_unit(parse_unit("%/a").dimension) == "1/yr");
  CHECK(canonical_unit(parse_unit("万人").dimension) == "persons");
  CHECK(describe(money_rate) == "money per year");
  CHECK(describe(parse_unit("ha/yr").dimension) == "area per year");
  CHECK(describe(parse_unit("亿元/ha/yr").dimension) == "money per area per year");
  CHECK(describe(parse_unit("1/yr").dimension) == "a rate per year");
  CHECK(describe(parse_unit("yr").dimension) == "a duration");
  CHECK(describe(parse_unit("亿元").dimension) == "money");
  CHECK(describe(parse_unit("%").dimension) == "a ratio");
}

TEST_CASE("units: bad units and quantities say what is wrong", "[units]") {
  CHECK_THROWS_WITH(parse_unit("亿"), "unknown unit '亿'; did you mean '亿元'?");
  CHECK_THROWS_WITH(parse_unit("万元/月"), Contains("unknown unit '月' in '万元/月'") &&
                                               Contains("known units: 亿元, 万元"));
  CHECK_THROWS_WITH(parse_unit("亿元/"), Contains("empty part"));
  CHECK_THROWS_WITH(parse_unit("亿元/1"), Contains("divides by '1'"));
  CHECK_THROWS_WITH(parse_unit(""), "empty unit");
  CHECK_THROWS_WITH(convert("20 ha", "亿元"), "'20 ha' is area, not money (亿元)");
  CHECK_THROWS_WITH(split_quantity("abc"), "'abc' does not start with a number");
  CHECK_THROWS_WITH(split_quantity("1,000 亿元"), Contains("without thousands separators"));
  const QuantityText q = split_quantity(" 150亿元 ");
  CHECK(q.number == 150.0);
  CHECK(q.unit == "亿元");
}
