// The IPCC likelihood scale: every boundary on the side the IPCC's ranges put it.
#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>

#include "clustersim/analysis/likelihood.hpp"

using namespace clustersim::analysis;

TEST_CASE("probabilities get the narrowest IPCC term, boundaries included", "[likelihood]") {
  CHECK(likelihood(1.0) == Likelihood::VirtuallyCertain);
  CHECK(likelihood(0.99) == Likelihood::VirtuallyCertain);
  CHECK(likelihood(0.9899) == Likelihood::VeryLikely);
  CHECK(likelihood(0.90) == Likelihood::VeryLikely);
  CHECK(likelihood(0.8999) == Likelihood::Likely);
  CHECK(likelihood(0.66) == Likelihood::Likely);
  CHECK(likelihood(0.6599) == Likelihood::AboutAsLikelyAsNot);
  CHECK(likelihood(0.5) == Likelihood::AboutAsLikelyAsNot);
  CHECK(likelihood(0.3301) == Likelihood::AboutAsLikelyAsNot);
  CHECK(likelihood(0.33) == Likelihood::Unlikely);  // "unlikely: 0-33 %"
  CHECK(likelihood(0.1001) == Likelihood::Unlikely);
  CHECK(likelihood(0.10) == Likelihood::VeryUnlikely);
  CHECK(likelihood(0.0101) == Likelihood::VeryUnlikely);
  CHECK(likelihood(0.01) == Likelihood::ExceptionallyUnlikely);
  CHECK(likelihood(0.0) == Likelihood::ExceptionallyUnlikely);
  // Shares of a 2,000-run sweep on the boundaries land on the same side as the decimals.
  CHECK(likelihood(1980.0 / 2000.0) == Likelihood::VirtuallyCertain);
  CHECK(likelihood(1979.0 / 2000.0) == Likelihood::VeryLikely);
  CHECK(likelihood(1320.0 / 2000.0) == Likelihood::Likely);
  CHECK(likelihood(1319.0 / 2000.0) == Likelihood::AboutAsLikelyAsNot);
  CHECK(likelihood(660.0 / 2000.0) == Likelihood::Unlikely);
  CHECK(likelihood(661.0 / 2000.0) == Likelihood::AboutAsLikelyAsNot);
  CHECK(likelihood(200.0 / 2000.0) == Likelihood::VeryUnlikely);
  CHECK(likelihood(20.0 / 2000.0) == Likelihood::ExceptionallyUnlikely);
  CHECK(likelihood(21.0 / 2000.0) == Likelihood::VeryUnlikely);
  CHECK(likelihood(-0.2) == Likelihood::ExceptionallyUnlikely);
  CHECK(likelihood(1.7) == Likelihood::VirtuallyCertain);
  CHECK_THROWS_AS(likelihood(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

TEST_CASE("each term's range contains the probabilities that get it", "[likelihood]") {
  for (int k = 0; k <= 1000; ++k) {
    const double p = k / 1000.0;
    const LikelihoodInfo& w = info(likelihood(p));
    INFO(p << " -> " << w.en);
    CHECK(p >= w.low);
    CHECK(p <= w.high);
  }
}

TEST_CASE("the scale's words in both languages", "[likelihood]") {
  CHECK(info(Likelihood::VeryLikely).en == "very likely");
  CHECK(info(Likelihood::VeryLikely).zh == "很可能");
  CHECK(info(Likelihood::VirtuallyCertain).zh == "几乎确定");
  CHECK(info(Likelihood::Likely).zh == "可能");
  CHECK(info(Likelihood::AboutAsLikelyAsNot).zh == "可能性约为一半");
  CHECK(info(Likelihood::Unlikely).zh == "不太可能");
  CHECK(info(Likelihood::VeryUnlikely).zh == "很不可能");
  CHECK(info(Likelihood::ExceptionallyUnlikely).zh == "极不可能");
  for (const auto& w : kLikelihoodInfo) {
    CHECK(!w.key.empty());
    CHECK(!w.zh.empty());
    CHECK(w.low < w.high);
  }
}
