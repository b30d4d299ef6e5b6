#include "clustersim/calibration/spec.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/paths.hpp"

namespace clustersim::calibration {

namespace d = scenario::detail;
using d::Node;

namespace {

void check_keys(const Node& n, const std::string& path, const std::vector<std::string>& allowed) {
  for (const auto& e : n.entries)
    if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end())
      d::fail(e.value.key_where, d::join_path(path, e.key),
              "unknown key" + d::did_you_mean(e.key, allowed) + " (allowed: " + d::join(allowed, ", ") + ")");
}

const Node& need(const Node& n, const std::string& path, std::string_view key) {
  const Node* v = n.get(key);
  if (!v) d::fail(n.anchor(), d::join_path(path, key), "missing (required)");
  return *v;
}

double number(const Node& n, const std::string& key) {
  if (!n.is_scalar()) d::fail(n.anchor(), key, "expected a number, got " + d::describe(n));
  const auto v = d::parse_number(d::trim(n.text));
  if (!v) d::fail(n.where, key, "expected a finite number, got " + d::quote(n.text));
  return *v;
}

std::string text(const Node& n, const std::string& key) {
  if (!n.is_scalar()) d::fail(n.anchor(), key, "expected text, got " + d::describe(n));
  return n.text;
}

Prior read_prior(const Node& n, const std::string& key) {
  if (!n.is_map()) d::fail(n.anchor(), key, "expected a map {distribution, ...}, got " + d::describe(n));
  Prior p;
  const std::string dist = text(need(n, key, "distribution"), key + ".distribution");
  if (dist == "normal") {
    check_keys(n, key, {"distribution", "mean", "sd"});
    p.kind = Prior::Kind::Normal;
    p.a = number(need(n, key, "mean"), key + ".mean");
    p.b = number(need(n, key, "sd"), key + ".sd");
  } else if (dist == "lognormal") {
    check_keys(n, key, {"distribution", "mu", "sigma"});
    p.kind = Prior::Kind::Lognormal;
    p.a = number(need(n, key, "mu"), key + ".mu");
    p.b = number(need(n, key, "sigma"), key + ".sigma");
  } else if (dist == "uniform") {
    check_keys(n, key, {"distribution"});
  } else {
    d::fail(n.get("distribution")->where, key + ".distribution",
            "expected normal, lognormal or uniform, got " + d::quote(dist) +
                d::did_you_mean(dist, {"normal", "lognormal", "uniform"}));
  }
  if (p.kind != Prior::Kind::None && !(p.b > 0))
    d::fail(n.anchor(), key, "the prior's spread must be positive");
  return p;
}

}  // namespace

CalibrationSpec load_spec(const std::filesystem::path& file) {
  const Node root = d::load_file(file);
  const std::string fname = file.string();
  if (!root.is_map()) d::fail({fname, 1, 1}, "", "expected a map at the top of the calibration spec");
  check_keys(root, "", {"scenario", "set", "parameters", "series", "starts", "seed", "sigma"});
  CalibrationSpec s;
  s.file = file;
  const auto dir = file.parent_path();
  const Node& sc = need(root, "", "scenario");
  s.scenario_file = dir / text(sc, "scenario");
  if (const Node* set = root.get("set")) {
    if (!set->is_map()) d::fail(set->anchor(), "set", "expected a map of scenario keys to values");
    for (const auto& e : set->entries) {
      if (!e.value.is_scalar())
        d::fail(e.value.anchor(), "set." + e.key, "expected one value (use dotted keys)");
      // Errors in these overrides point into the spec, not at a "<--set>" argument.
      s.sets.push_back({e.key, e.value.text, e.value.key_where, e.value.where});
    }
  }
  try {
    s.scenario = scenario::load(s.scenario_file, s.sets);
    (void)scenario::build_model(s.scenario);
  } catch (const scenario::ScenarioError& e) {
    // The scenario's own location is more useful than the spec's; keep its message whole.
    throw;
  }
  if (const Node* n = root.get("starts")) {
    const double v = number(*n, "starts");
    if (v < 1 || v > 1000 || v != std::floor(v)) d::fail(n->where, "starts", "expected a whole number 1–1000");
    s.starts = static_cast<int>(v);
  }
  if (const Node* n = root.get("seed")) {
    const double v = number(*n, "seed");
    if (v < 0 || v != std::floor(v)) d::fail(n->where, "seed", "expected a whole number ≥ 0");
    s.seed = static_cast<unsigned long long>(v);
  }
  if (const Node* n = root.get("sigma")) {
    const double v = number(*n, "sigma");
    if (!(v > 0)) d::fail(n->where, "sigma", "expected a positive number (sd of log residuals)");
    s.sigma = v;
  }

  const Node& params = need(root, "", "parameters");
  if (!params.is_map() || params.entries.empty())
    d::fail(params.anchor(), "parameters", "expected a map of input paths to {lower, upper, prior}");
  for (const auto& e : params.entries) {
    const std::string key = "parameters." + e.key;
    Parameter p;
    p.path = e.key;
    p.where = e.value.key_where;
    try {
      p.input = analysis::resolve_input(s.scenario, e.key);
    } catch (const std::invalid_argument& ex) {
      d::fail(e.value.key_where, key, ex.what());
    }
    if (!e.value.is_map()) d::fail(e.value.anchor(), key, "expected {lower, upper[, prior]}, got " + d::describe(e.value));
    check_keys(e.value, key, {"lower", "upper", "prior"});
    p.lower = number(need(e.value, key, "lower"), key + ".lower");
    p.upper = number(need(e.value, key, "upper"), key + ".upper");
    if (!(p.lower < p.upper)) d::fail(e.value.get("upper")->where, key + ".upper", "must be above lower");
    if (p.lower < p.input.lower || p.upper > p.input.upper)
      d::fail(e.value.anchor(), key, "bounds outside the admissible range [" + d::format_number(p.input.lower) +
                                         ", " + d::format_number(p.input.upper) + "]");
    if (const Node* pr = e.value.get("prior")) p.prior = read_prior(*pr, key + ".prior");
    for (const auto& q : s.parameters)
      if (q.path == p.path) d::fail(p.where, key, "fitted twice");
    s.parameters.push_back(std::move(p));
  }

  const Node& series = need(root, "", "series");
  if (!series.is_seq() || series.items.empty())
    d::fail(series.anchor(), "series", "expected a list of {file, series, scope, cluster, ...}");
  std::map<std::string, History> histories;
  const scenario::ClusterNames clusters = scenario::cluster_names(s.scenario);
  std::vector<std::string> var_names;
  for (const auto& v : kClusterVarInfo) var_names.emplace_back(v.name);
  for (std::size_t i = 0; i < series.items.size(); ++i) {
    const Node& n = series.items[i];
    const std::string key = "series." + std::to_string(i);
    if (!n.is_map()) d::fail(n.anchor(), key, "expected a map, got " + d::describe(n));
    check_keys(n, key, {"file", "series", "scope", "cluster", "variable", "weight", "scale"});
    Series se;
    se.where = n.where;
    se.file = dir / text(need(n, key, "file"), key + ".file");
    const auto fkey = se.file.string();
    if (!histories.count(fkey)) histories.emplace(fkey, load_history(se.file));
    const History& h = histories.at(fkey);
    se.name = text(need(n, key, "series"), key + ".series");
    std::vector<std::string> names, scopes;
    for (const auto& o : h.rows) {
      if (std::find(names.begin(), names.end(), o.series) == names.end()) names.push_back(o.series);
      if (o.series == se.name && std::find(scopes.begin(), scopes.end(), o.scope) == scopes.end())
        scopes.push_back(o.scope);
    }
    if (scopes.empty())
      d::fail(n.get("series")->where, key + ".series",
              "no series " + d::quote(se.name) + " in " + fkey + d::did_you_mean(se.name, names));
    const Node* scope = n.get("scope");
    if (!scope && scopes.size() > 1)
      d::fail(n.anchor(), key + ".scope", "the series has several scopes; choose one: '" + d::join(scopes, "', '") + "'");
    se.scope = scope ? text(*scope, key + ".scope") : scopes[0];
    if (std::find(scopes.begin(), scopes.end(), se.scope) == scopes.end())
      d::fail(scope->where, key + ".scope", "no rows with scope " + d::quote(se.scope) + "; the series has '" +
                                                d::join(scopes, "', '") + "'");
    se.cluster_id = text(need(n, key, "cluster"), key + ".cluster");
    const auto c = scenario::find_cluster(clusters, se.cluster_id);
    if (!c) d::fail(n.get("cluster")->where, key + ".cluster", scenario::unknown_cluster(clusters, se.cluster_id));
    se.cluster = *c;
    se.cluster_id = clusters.ids[static_cast<std::size_t>(*c)];
    if (const Node* v = n.get("variable")) {
      const std::string name = text(*v, key + ".variable");
      const auto vi = std::find(var_names.begin(), var_names.end(), name);
      if (vi == var_names.end())
        d::fail(v->where, key + ".variable", "unknown variable " + d::quote(name) + d::did_you_mean(name, var_names));
      if (!kClusterVarInfo[vi - var_names.begin()].flow || kClusterVarInfo[vi - var_names.begin()].unit != "亿元")
        d::fail(v->where, key + ".variable", "only money flows (亿元 over the year) can be fitted");
      se.variable = static_cast<ClusterVar>(vi - var_names.begin());
    }
    if (const Node* w = n.get("weight")) {
      se.weight = number(*w, key + ".weight");
      if (!(se.weight > 0)) d::fail(w->where, key + ".weight", "must be positive");
    }
    if (const Node* w = n.get("scale")) {
      se.scale = number(*w, key + ".scale");
      if (!(se.scale > 0)) d::fail(w->where, key + ".scale", "must be positive");
    }
    const auto& spec = s.scenario.spec;
    for (const auto& o : h.rows) {
      if (o.series != se.name || o.scope != se.scope) continue;
      if (o.canonical_unit != "亿元")
        d::fail(o.value_where, "unit", "series " + d::quote(se.name) + " is in " + d::quote(o.unit) +
                                          "; only money (亿元 over the year) can be fitted");
      // The baseline year is reproduced by construction: it carries no information.
      const bool usable = o.year && (o.qualifier == "=" || o.qualifier == "≈") &&
                          *o.year > spec.start_year && *o.year <= spec.end_year && o.canonical > 0;
      if (usable)
        se.observations.push_back(o);
      else
        ++se.skipped;
    }
    if (se.observations.empty())
      d::fail(n.anchor(), key, "no usable observations of " + d::quote(se.name) + " (scope " + d::quote(se.scope) +
                                   ") after the start year " + std::to_string(spec.start_year));
    s.series.push_back(std::move(se));
  }
  return s;
}

}  // namespace clustersim::calibration
