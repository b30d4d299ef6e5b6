#include "clustersim/sweep/spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "clustersim/scenario/detail/format.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/inputs.hpp"
#include "clustersim/scenario/paths.hpp"

namespace clustersim::sweep {

namespace detail = scenario::detail;
using scenario::ScenarioError;

namespace {

const std::map<std::string, Distribution::Kind>& kinds() {
  static const std::map<std::string, Distribution::Kind> k = {
      {"uniform", Distribution::Kind::Uniform},
      {"triangular", Distribution::Kind::Triangular},
      {"normal", Distribution::Kind::Normal},
      {"lognormal", Distribution::Kind::Lognormal},
      {"discrete", Distribution::Kind::Discrete}};
  return k;
}

// The key a distribution parameter's problem is best pointed at.
std::string blamed_field(const std::string& reason) {
  for (const char* f : {"weights", "values", "median", "sigma", "mode", "mean", "sd", "high", "low"}) {
    if (reason.rfind(f, 0) == 0) return f;
  }
  return "distribution";
}

std::string fmt(double v) { return detail::format_number(v); }

Distribution read_distribution(const detail::Node& node, const std::string& path) {
  Distribution d;
  d.kind = kinds().at(node.get("distribution")->text);
  auto number = [&](const char* key, double& out) {
    if (const detail::Node* n = node.get(key)) out = detail::read_number(*n, path + "." + key);
  };
  auto numbers = [&](const char* key, std::vector<double>& out) {
    if (const detail::Node* n = node.get(key)) {
      for (std::size_t k = 0; k < n->items.size(); ++k) {
        out.push_back(detail::read_number(n->items[k], path + "." + key));
      }
    }
  };
  number("low", d.low);
  number("high", d.high);
  number("mode", d.mode);
  number("mean", d.mean);
  number("sd", d.sd);
  number("median", d.median);
  number("sigma", d.sigma);
  numbers("values", d.values);
  numbers("weights", d.weights);
  const std::string problem = d.validate();
  if (!problem.empty()) {
    const std::string field = blamed_field(problem);
    const detail::Node* at = node.get(field);
    detail::fail(at ? at->where : node.key_where, path + "." + field, problem);
  }
  return d;
}

// "; scenarios/sweeps/x.yaml extends it" when a sweep file next to the scenario (in ./sweeps)
// extends it: the usual place for its uncertainty.
std::string sweep_files_extending(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = file.parent_path() / "sweeps";
  if (!fs::is_directory(dir, ec)) return {};
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("extends:", 0) != 0) continue;
      const std::string base(detail::trim(std::string_view(line).substr(8)));
      if (fs::weakly_canonical(dir / base, ec) == fs::weakly_canonical(file, ec)) {
        found.push_back(entry.path().string());
      }
      break;
    }
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) return {};
  return "; " + detail::join(found, ", ") + (found.size() == 1 ? " extends it" : " extend it");
}

// uncertainty.posterior.file: a CSV "draw,<input path>,..." of joint draws.
void read_posterior(const scenario::Scenario& scenario, const detail::Node& node, Uncertainty& u,
                    const std::map<std::string, int>& declared) {
  namespace fs = std::filesystem;
  const detail::Node* file_node = node.get("file");
  const std::string key = "uncertainty.posterior.file";
  const fs::path csv = fs::path(file_node->where.file).parent_path() / file_node->text;
  std::ifstream in(csv);
  if (!in) detail::fail(file_node->where, key, "cannot open the posterior draws " + csv.string());
  u.posterior_file = csv.string();
  auto at = [&](int line, int column) {
    return scenario::SourceLocation{csv.string(), line, column};
  };
  std::string line;
  std::vector<std::vector<double>> rows;
  std::vector<analysis::Input> columns;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = detail::split(line, ',');
    if (number == 1) {
      if (fields.empty() || detail::trim(fields[0]) != "draw" || fields.size() < 2) {
        throw ScenarioError(at(1, 1), "uncertainty.posterior",
                            "the header must be draw,<input path>,... (e.g. draw,levers.fund.ic)");
      }
      int column = static_cast<int>(fields[0].size()) + 2;
      for (std::size_t k = 1; k < fields.size(); ++k) {
        const std::string path(detail::trim(fields[k]));
        if (declared.count(path) > 0) {
          throw ScenarioError(at(1, column), "uncertainty.posterior",
                              "'" + path + "' is also declared in uncertainty.inputs: give it one "
                              "source of uncertainty");
        }
        try {
          columns.push_back(analysis::resolve_input(scenario, path));
        } catch (const std::invalid_argument& e) {
          throw ScenarioError(at(1, column), "uncertainty.posterior", e.what());
        }
        column += static_cast<int>(fields[k].size()) + 1;
      }
      continue;
    }
    if (fields.size() != columns.size() + 1) {
      throw ScenarioError(at(number, 1), "uncertainty.posterior",
                          "expected " + std::to_string(columns.size() + 1) + " fields, got " +
                              std::to_string(fields.size()));
    }
    std::vector<double> row;
    int column = static_cast<int>(fields[0].size()) + 2;
    for (std::size_t k = 1; k < fields.size(); ++k) {
      const auto v = detail::parse_number(detail::trim(fields[k]));
      const analysis::Input& in_k = columns[k - 1];
      if (!v || !std::isfinite(*v)) {
        throw ScenarioError(at(number, column), "uncertainty.posterior",
                            "'" + fields[k] + "' is not a finite number (" + in_k.path + ")");
      }
      if (*v < in_k.lower || *v > in_k.upper) {
        throw ScenarioError(at(number, column), "uncertainty.posterior",
                            in_k.path + " = " + fmt(*v) + " is outside its admissible range [" +
                                fmt(in_k.lower) + ", " + fmt(in_k.upper) + "]");
      }
      row.push_back(*v);
      column += static_cast<int>(fields[k].size()) + 1;
    }
    rows.push_back(std::move(row));
  }
  if (columns.empty() || rows.empty()) {
    throw ScenarioError(at(std::max(number, 1), 1), "uncertainty.posterior",
                        "no draws: the file needs a header and at least one row");
  }
  u.posterior.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      u.posterior(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
    }
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    UncertainInput j;
    j.input = columns[c];
    j.joint = true;
    // Described by its range of draws; the values themselves come from the joint rows.
    j.distribution.kind = Distribution::Kind::Discrete;
    j.distribution.values = {u.posterior.col(static_cast<Eigen::Index>(c)).minCoeff(),
                             u.posterior.col(static_cast<Eigen::Index>(c)).maxCoeff()};
    j.source = "posterior draws (" + std::to_string(rows.size()) + " rows): " + csv.string();
    j.where = file_node->where;
    u.inputs.push_back(std::move(j));
  }
}

}  // namespace

bool declares_uncertainty(const scenario::Scenario& scenario) {
  return detail::tree_of(scenario).get("uncertainty") != nullptr;
}

std::vector<LeverLimit> physical_lever_limits(const scenario::Scenario& scenario) {
  std::vector<LeverLimit> out;
  if (!declares_uncertainty(scenario)) return out;
  for (const auto& in : read_uncertainty(scenario).inputs) {
    if (in.joint || in.input.kind != analysis::Input::Kind::LeverScale) continue;
    const auto lever = static_cast<Lever>(in.input.index);
    const double high = in.distribution.support_high();
    if ((lever == Lever::Land || lever == Lever::Floor) && std::isfinite(high) && high >= 0.0)
      out.push_back({lever, in.input.cluster, high});
  }
  return out;
}

Uncertainty read_uncertainty(const scenario::Scenario& scenario) {
  const detail::Node& root = detail::tree_of(scenario);
  const detail::Node* section = root.get("uncertainty");
  if (section == nullptr) {
    throw ScenarioError({scenario.file.string(), 1, 1}, "uncertainty",
                        "the scenario declares no uncertain inputs: add an `uncertainty:` "
                        "section, here or in a file that extends it (docs/sensitivity.md)" +
                            sweep_files_extending(scenario.file));
  }
  Uncertainty u;
  const detail::Node* inputs = section->get("inputs");
  std::map<std::string, int> index;
  for (const auto& e : inputs->entries) {
    const std::string path = "uncertainty.inputs." + e.key;
    UncertainInput in;
    try {
      in.input = analysis::resolve_input(scenario, e.key);
    } catch (const std::invalid_argument& err) {
      detail::fail(e.value.key_where, path, err.what());
    }
    in.distribution = read_distribution(e.value, path);
    in.where = e.value.key_where;
    if (const detail::Node* s = e.value.get("source")) in.source = s->text;
    const double lo = in.distribution.support_low(), hi = in.distribution.support_high();
    if (lo < in.input.lower || hi > in.input.upper) {
      detail::fail(e.value.key_where, path,
                   "the distribution reaches [" + fmt(lo) + ", " + fmt(hi) +
                       "] but the input admits only [" + fmt(in.input.lower) + ", " +
                       fmt(in.input.upper) + "]" +
                       (std::isfinite(lo) && std::isfinite(hi) ? "" : ": give low and high"));
    }
    index[e.key] = static_cast<int>(u.inputs.size());
    u.inputs.push_back(std::move(in));
  }
  // The correlations were checked when the scenario was loaded.
  u.rank_correlation = scenario::declared_correlations(scenario);
  const detail::Node* corr = section->get("correlations");
  u.correlated = corr != nullptr && !corr->items.empty();
  if (const detail::Node* posterior = section->get("posterior")) {
    read_posterior(scenario, *posterior, u, index);
  }
  return u;
}

std::vector<OutputSpec> parse_outputs(const scenario::Scenario& scenario,
                                      const std::vector<std::string>& texts) {
  const int first = scenario.spec.start_year, last = scenario.spec.end_year;
  const scenario::ClusterNames clusters = scenario::cluster_names(scenario);
  auto cluster_of = [&](const std::string& id, const std::string& text) {
    if (id == "all") return -1;
    if (const auto c = scenario::find_cluster(clusters, id)) return *c;
    throw std::invalid_argument("output '" + text + "': " + scenario::unknown_cluster(clusters, id));
  };
  auto value_spec = [&](int cluster, int year, std::string name) {
    OutputSpec o;
    o.kind = OutputSpec::Kind::Value;
    o.cluster = cluster;
    o.year = year;
    o.name = std::move(name);
    o.unit_factor = cluster >= 0 ? scenario.clusters[cluster].unit_factor : 1.0;
    o.unit = cluster >= 0 ? scenario.clusters[cluster].unit : "亿元";
    return o;
  };
  std::vector<OutputSpec> out;
  if (texts.empty()) {
    for (std::size_t k = 0; k < scenario.targets.size(); ++k) {
      const auto& t = scenario.targets[k];
      OutputSpec o = value_spec(t.cluster_index, t.year, t.cluster + ":" + std::to_string(t.year));
      o.unit_factor = t.unit_factor > 0 ? t.unit_factor : 1.0;
      o.unit = t.unit;
      o.target = static_cast<int>(k);
      out.push_back(o);
    }
    return out;
  }
  for (const std::string& text : texts) {
    const auto parts = detail::split(text, ':');
    if (parts.size() == 1) {
      const int c = cluster_of(parts[0], text);
      for (int y = first; y <= last; ++y) out.push_back(value_spec(c, y, text));
      continue;
    }
    const bool kinded = parts.size() == 3;
    if (parts.size() > 3 || (kinded && parts[0] != "gap" && parts[0] != "reached")) {
      throw std::invalid_argument("output '" + text +
                                  "': write CLUSTER:YEAR, gap:CLUSTER:YEAR, reached:CLUSTER:YEAR "
                                  "or CLUSTER");
    }
    const std::string& id = parts[kinded ? 1 : 0];
    const auto year = detail::parse_number(parts[kinded ? 2 : 1]);
    if (!year || *year != std::floor(*year) || *year < first || *year > last) {
      throw std::invalid_argument("output '" + text + "': the year must be one of " +
                                  std::to_string(first) + "–" + std::to_string(last));
    }
    const int c = cluster_of(id, text);
    OutputSpec o = value_spec(c, static_cast<int>(*year), text);
    if (kinded) {
      o.kind = parts[0] == "gap" ? OutputSpec::Kind::Gap : OutputSpec::Kind::Reached;
      o.unit = parts[0] == "gap" ? "%" : "1";
      for (std::size_t k = 0; k < scenario.targets.size(); ++k) {
        const auto& t = scenario.targets[k];
        if (t.cluster_index == c && t.year == o.year) o.target = static_cast<int>(k);
      }
      if (o.target < 0) {
        throw std::invalid_argument("output '" + text + "': the scenario has no target for " +
                                    id + " in " + parts[2]);
      }
    }
    out.push_back(o);
  }
  return out;
}

}  // namespace clustersim::sweep
