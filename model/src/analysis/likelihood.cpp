#include "clustersim/analysis/likelihood.hpp"

#include <cmath>
#include <stdexcept>

namespace clustersim::analysis {

Likelihood likelihood(double p) {
  if (std::isnan(p)) throw std::invalid_argument("likelihood of a NaN probability");
  if (p >= 0.99) return Likelihood::VirtuallyCertain;
  if (p >= 0.90) return Likelihood::VeryLikely;
  if (p >= 0.66) return Likelihood::Likely;
  if (p > 0.33) return Likelihood::AboutAsLikelyAsNot;
  if (p > 0.10) return Likelihood::Unlikely;
  if (p > 0.01) return Likelihood::VeryUnlikely;
  return Likelihood::ExceptionallyUnlikely;
}

}  // namespace clustersim::analysis
