#include "clustersim/sweep/json.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "clustersim/scenario/detail/json_reader.hpp"

namespace clustersim::sweep {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using Reader = scenario::detail::JsonReader;
using scenario::detail::json_number;
using Kind = Distribution::Kind;

ordered_json distribution_json(const Distribution& d) {
  ordered_json j;
  j["kind"] = std::string(kind_name(d.kind));
  switch (d.kind) {
    case Kind::Uniform:
      j["low"] = d.low;
      j["high"] = d.high;
      break;
    case Kind::Triangular:
      j["low"] = d.low;
      j["mode"] = d.mode;
      j["high"] = d.high;
      break;
    case Kind::Normal:
      j["mean"] = d.mean;
      j["sd"] = d.sd;
      j["low"] = json_number(d.low);
      j["high"] = json_number(d.high);
      break;
    case Kind::Lognormal:
      j["median"] = d.median;
      j["sigma"] = d.sigma;
      j["low"] = json_number(d.low);
      j["high"] = json_number(d.high);
      break;
    case Kind::Discrete:
      j["values"] = d.values;
      j["weights"] = d.weights;
      break;
  }
  return j;
}

Distribution distribution_of(const Reader& r) {
  Distribution d;
  d.kind = scenario::detail::json_enum(
      r, "kind", {Kind::Uniform, Kind::Triangular, Kind::Normal, Kind::Lognormal, Kind::Discrete},
      kind_name);
  // An absent or null bound is unbounded.
  auto bound = [&](const char* key, double unbounded) {
    const double v = r.num_or(key, unbounded);
    return std::isnan(v) ? unbounded : v;
  };
  d.low = bound("low", -Distribution::kInf);
  d.high = bound("high", Distribution::kInf);
  d.mode = r.num_or("mode", 0.0);
  d.mean = r.num_or("mean", 0.0);
  d.sd = r.num_or("sd", 0.0);
  d.median = r.num_or("median", 0.0);
  d.sigma = r.num_or("sigma", 0.0);
  if (r.has("values")) d.values = r.at("values").numbers("values");
  if (r.has("weights")) d.weights = r.at("weights").numbers("weights");
  if (const std::string problem = d.validate(); !problem.empty()) r.fail("", problem);
  return d;
}

}  // namespace

ordered_json to_json(const Uncertainty& u) {
  ordered_json inputs = ordered_json::array();
  for (const UncertainInput& in : u.inputs) {
    ordered_json item;
    item["path"] = in.input.path;
    if (!in.joint) item["distribution"] = distribution_json(in.distribution);
    item["source"] = in.source;
    item["joint"] = in.joint;
    inputs.push_back(item);
  }
  ordered_json correlations = ordered_json::array();
  for (Eigen::Index a = 0; a < u.rank_correlation.rows(); ++a) {
    for (Eigen::Index b = a + 1; b < u.rank_correlation.cols(); ++b) {
      const double rho = u.rank_correlation(a, b);
      if (rho != 0.0) {
        correlations.push_back({u.inputs[static_cast<std::size_t>(a)].input.path,
                                u.inputs[static_cast<std::size_t>(b)].input.path, rho});
      }
    }
  }
  ordered_json j;
  j["inputs"] = inputs;
  j["correlations"] = correlations;
  if (u.posterior.size() > 0) {
    ordered_json draws = ordered_json::array();
    for (Eigen::Index r = 0; r < u.posterior.rows(); ++r) {
      ordered_json row = ordered_json::array();
      for (Eigen::Index c = 0; c < u.posterior.cols(); ++c) row.push_back(u.posterior(r, c));
      draws.push_back(row);
    }
    j["posterior"] = {{"file", u.posterior_file}, {"draws", draws}};
  }
  return j;
}

Uncertainty uncertainty_from_json(const json& doc, const scenario::Scenario& scenario,
                                  std::vector<std::string>* dropped) {
  const Reader root(doc, "", "uncertainty JSON");
  Uncertainty u;
  const Reader inputs = root.at("inputs");
  std::vector<int> kept_joint;     // columns of the draws that are kept
  int joint_column = 0;
  for (std::size_t k = 0; k < inputs.size("inputs"); ++k) {
    const Reader item = inputs.item(k);
    UncertainInput in;
    const std::string path = item.text("path");
    in.joint = item.has("joint") && item.raw("joint").is_boolean() && item.raw("joint").get<bool>();
    const int column = in.joint ? joint_column++ : -1;
    try {
      in.input = analysis::resolve_input(scenario, path);
    } catch (const std::invalid_argument& e) {
      if (dropped == nullptr) item.fail("path", e.what());
      dropped->push_back(path);
      continue;
    }
    if (!in.joint) in.distribution = distribution_of(item.at("distribution"));
    in.source = item.text_or("source");
    in.where = {scenario.file.string(), 0, 0};
    if (in.joint) kept_joint.push_back(column);
    u.inputs.push_back(std::move(in));
  }
  const int d = u.declared();
  u.rank_correlation = Eigen::MatrixXd::Identity(d, d);
  if (root.has("correlations")) {
    const Reader corr = root.at("correlations");
    auto index = [&](const std::string& path) {
      for (int k = 0; k < d; ++k) {
        if (u.inputs[static_cast<std::size_t>(k)].input.path == path) return k;
      }
      return -1;
    };
    for (std::size_t k = 0; k < corr.size("correlations"); ++k) {
      const Reader pair = corr.item(k);
      if (pair.size("path, path, correlation") != 3 || !pair.value()[0].is_string() ||
          !pair.value()[1].is_string() || !pair.value()[2].is_number()) {
        pair.fail("", "expected [path, path, rank correlation]");
      }
      const int a = index(pair.value()[0].get<std::string>());
      const int b = index(pair.value()[1].get<std::string>());
      if (a < 0 || b < 0) {
        if (dropped != nullptr) continue;  // the input was left out
        pair.fail("", "names an input that is not declared");
      }
      u.rank_correlation(a, b) = u.rank_correlation(b, a) = pair.value()[2].get<double>();
      u.correlated = true;
    }
  }
  if (root.has("posterior")) {
    const Reader posterior = root.at("posterior");
    u.posterior_file = posterior.text_or("file");
    const Reader draws = posterior.at("draws");
    const std::size_t rows = draws.size("draws");
    u.posterior.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(kept_joint.size()));
    for (std::size_t r = 0; r < rows; ++r) {
      const std::vector<double> row = draws.item(r).numbers("values");
      if (row.size() != static_cast<std::size_t>(joint_column)) {
        draws.item(r).fail("", "expected one value per joint input");
      }
      for (std::size_t c = 0; c < kept_joint.size(); ++c) {
        u.posterior(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
            row[static_cast<std::size_t>(kept_joint[c])];
      }
    }
  }
  return u;
}

}  // namespace clustersim::sweep
