#include "uncertainty.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <map>
#include <stdexcept>

#include "clustersim/scenario/detail/format.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/inputs.hpp"

namespace clustersim::scenario {
namespace {

using detail::Node;

// The declared inputs of the section by path, in the order written.
std::map<std::string, int> input_index(const Node& section) {
  std::map<std::string, int> index;
  if (const Node* inputs = section.get("inputs")) {
    for (const auto& e : inputs->entries) index.emplace(e.key, static_cast<int>(index.size()));
  }
  return index;
}

// The correlation matrix of the section; with `check`, every problem is an error at its place.
Eigen::MatrixXd correlations(const Node& section, const std::map<std::string, int>& index,
                             bool check) {
  const auto d = static_cast<Eigen::Index>(index.size());
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(d, d);
  const Node* corr = section.get("correlations");
  if (corr == nullptr) return c;
  std::map<std::pair<int, int>, int> given;  // pair -> line
  for (std::size_t k = 0; k < corr->items.size(); ++k) {
    const Node& item = corr->items[k];
    const std::string path = "uncertainty.correlations[" + std::to_string(k) + "]";
    int ij[2] = {0, 0};
    for (int m = 0; m < 2; ++m) {
      const auto found = index.find(item.items[m].text);
      if (found == index.end()) {
        if (!check) throw std::logic_error(path + " names an undeclared input");
        std::vector<std::string> names;
        for (const auto& [name, _] : index) names.push_back(name);
        detail::fail(item.items[m].where, path,
                     "'" + item.items[m].text + "' is not a declared input" +
                         detail::did_you_mean(item.items[m].text, names));
      }
      ij[m] = found->second;
    }
    const double rho = detail::read_number(item.items[2], path);
    if (check) {
      if (ij[0] == ij[1]) detail::fail(item.where, path, "an input cannot correlate with itself");
      if (!(std::abs(rho) < 1.0)) {
        detail::fail(item.items[2].where, path, "a rank correlation must lie in (-1, 1)");
      }
      const auto pair = std::minmax(ij[0], ij[1]);
      if (const auto seen = given.find(pair); seen != given.end()) {
        detail::fail(item.where, path,
                     "the correlation of " + item.items[0].text + " and " + item.items[1].text +
                         " is also given at line " + std::to_string(seen->second) +
                         ": give each pair once");
      }
      given.emplace(pair, item.where.line);
    }
    c(ij[0], ij[1]) = c(ij[1], ij[0]) = rho;
  }
  if (check) {
    const Eigen::LLT<Eigen::MatrixXd> llt(c);
    if (llt.info() != Eigen::Success ||
        (llt.matrixL().toDenseMatrix().diagonal().array() <= 1e-10).any()) {
      detail::fail(corr->key_where, "uncertainty.correlations",
                   "these correlations cannot hold together (the matrix is not positive "
                   "definite): lower the largest ones");
    }
  }
  return c;
}

}  // namespace

Eigen::MatrixXd declared_correlations(const Scenario& s) {
  const Node* section = detail::tree_of(s).get("uncertainty");
  if (section == nullptr) return {};
  return correlations(*section, input_index(*section), false);
}

namespace detail {

void check_uncertainty(const Node& root, const Scenario& s) {
  const Node* section = root.get("uncertainty");
  if (section == nullptr) return;
  const Node* inputs = section->get("inputs");
  if (inputs->entries.empty()) {
    fail(inputs->anchor(), "uncertainty.inputs",
         "no inputs: declare at least one (or leave out the uncertainty section)");
  }
  for (const auto& e : inputs->entries) {
    try {
      (void)resolve_input(s, e.key);
    } catch (const std::invalid_argument& err) {
      fail(e.value.key_where, "uncertainty.inputs." + e.key, err.what());
    }
  }
  (void)correlations(*section, input_index(*section), true);
}

}  // namespace detail
}  // namespace clustersim::scenario
