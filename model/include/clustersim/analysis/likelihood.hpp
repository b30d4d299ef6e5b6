// The words a report uses for a probability: the IPCC's calibrated likelihood scale (Mastrandrea
// et al. 2010, "Guidance Note for Lead Authors of the IPCC Fifth Assessment Report on Consistent
// Treatment of Uncertainties", Table 1), so that "likely" means the same in the simulator, the
// CLI and the review pack.
//
//   virtually certain       p >= 99 %        几乎确定
//   very likely             p >= 90 %        很可能
//   likely                  p >= 66 %        可能
//   about as likely as not  33 % < p < 66 %  可能性约为一半
//   unlikely                p <= 33 %        不太可能
//   very unlikely           p <= 10 %        很不可能
//   exceptionally unlikely  p <= 1 %         极不可能
//
// The IPCC's ranges nest (a 95 % outcome is also "likely"); a probability gets the narrowest
// term that holds. The Chinese words are the IPCC's Chinese terms where a general reader takes
// them as meant; two differ (docs/outputs.md, "Probabilities"): 可能性约为一半 ("a probability of
// about one half") for "about as likely as not", which 或许可能 ("perhaps possible") would
// understate, and 不太可能 for "unlikely", where a bare 不可能 reads as "impossible".
#pragma once

#include <array>
#include <string_view>

namespace clustersim::analysis {

enum class Likelihood : int {
  VirtuallyCertain,
  VeryLikely,
  Likely,
  AboutAsLikelyAsNot,
  Unlikely,
  VeryUnlikely,
  ExceptionallyUnlikely,
  kCount
};
inline constexpr int kNumLikelihoods = static_cast<int>(Likelihood::kCount);

struct LikelihoodInfo {
  std::string_view key;  // "very_likely": stable identifier for files and CSS classes
  std::string_view en;   // "very likely"
  std::string_view zh;   // "很可能"
  double low;            // the term's range of probabilities, as the IPCC defines it
  double high;
};

// clang-format off
inline constexpr std::array<LikelihoodInfo, kNumLikelihoods> kLikelihoodInfo{{
  {"virtually_certain", "virtually certain", "几乎确定", 0.99, 1.0},
  {"very_likely", "very likely", "很可能", 0.90, 1.0},
  {"likely", "likely", "可能", 0.66, 1.0},
  {"about_as_likely_as_not", "about as likely as not", "可能性约为一半", 0.33, 0.66},
  {"unlikely", "unlikely", "不太可能", 0.0, 0.33},
  {"very_unlikely", "very unlikely", "很不可能", 0.0, 0.10},
  {"exceptionally_unlikely", "exceptionally unlikely", "极不可能", 0.0, 0.01},
}};
// clang-format on

constexpr const LikelihoodInfo& info(Likelihood l) { return kLikelihoodInfo[static_cast<int>(l)]; }

// The narrowest term whose range holds `probability`. Values below 0 count as 0 and above 1 as
// 1; NaN throws std::invalid_argument (a probability that could not be estimated has no word).
Likelihood likelihood(double probability);

}  // namespace clustersim::analysis
