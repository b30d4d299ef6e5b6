// Scenario <-> resolved JSON (json.hpp gives the format).
#include "clustersim/scenario/json.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "clustersim/scenario/detail/json_reader.hpp"
#include "clustersim/scenario/paths.hpp"

namespace clustersim::scenario {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using Reader = detail::JsonReader;

using detail::json_number;

std::string_view method_key(SolverMethod m) {
  return solver_name(m);
}
std::string_view market_key(MarketKind m) {
  return m == MarketKind::Bass ? "bass" : "exponential";
}
std::string_view shape_key(EventShape s) {
  return s == EventShape::Ramp ? "ramp" : "step";
}
std::string_view op_key(EventOp o) {
  return o == EventOp::Scale ? "scale" : o == EventOp::Add ? "add" : "set";
}
std::string_view site_key(SpaceType t) { return t == SpaceType::Floor ? "floor" : "land"; }

ordered_json bound_json(const Bound& b) {
  ordered_json j = ordered_json::object();
  if (b.min) j["min"] = *b.min;
  if (b.max) j["max"] = *b.max;
  return j;
}
Bound read_bound(const Reader& r, const std::string& key) {
  Bound b;
  if (!r.has(key)) return b;
  const Reader v = r.at(key);
  v.object();
  if (v.has("min")) b.min = v.num("min");
  if (v.has("max")) b.max = v.num("max");
  return b;
}

// The measure at "measure" (default: output).
Measure measure_of(const Reader& r) {
  const std::string name = r.text_or("measure", "output");
  const auto m = parse_measure(name);
  if (!m) r.fail("measure", "unknown measure '" + name + "'");
  return *m;
}

// A published figure (a target or a total): year, canonical value and the unit it was written in.
template <class Figure>
ordered_json figure_json(const Figure& f) {
  return {{"year", f.year},
          {"value", f.value},
          {"measure", measure_name(f.measure)},
          {"unit", f.unit},
          {"unit_factor", f.unit_factor}};
}

template <class Figure>
void read_figure(const Reader& r, Figure& f) {
  f.year = static_cast<int>(r.integer("year"));
  f.value = r.num("value");
  f.measure = measure_of(r);
  f.unit = r.text_or("unit", "亿元");
  f.unit_factor = r.num_or("unit_factor", 1.0);
}

// A project (a scenario's event or a check's), cluster by id.
ordered_json project_json(const ProjectSpec& p, const ModelSpec& spec) {
  return {{"name", p.name},
          {"cluster", spec.clusters[static_cast<std::size_t>(p.cluster)].id},
          {"capex", p.capex},
          {"start", p.start},
          {"construction_time", p.construction_time},
          {"site", json_number(p.site)},
          {"site_type", site_key(p.site_type)},
          {"fund_share", p.fund_share}};
}

constexpr std::array<const char*, 3> kMatrixKeys{"io", "local_share", "spillover"};
std::array<const Eigen::SparseMatrix<double>*, 3> matrices_of(const ModelSpec& s) {
  return {&s.io, &s.local_share, &s.spillover};
}
std::array<Eigen::SparseMatrix<double>*, 3> matrices_of(ModelSpec& s) {
  return {&s.io, &s.local_share, &s.spillover};
}

// An event target as the path grammar of paths.hpp writes it.
std::string target_path(const EventTarget& t, const ModelSpec& spec) {
  const auto cluster = [&](int i) { return spec.clusters[static_cast<std::size_t>(i)].id; };
  switch (t.kind) {
    case EventTarget::Kind::ClusterParam:
      return "clusters." + cluster(t.cluster) + "." + std::string(kClusterParamInfo[t.index].key);
    case EventTarget::Kind::RegionParam:
      return "region." + std::string(kRegionParamInfo[t.index].key);
    case EventTarget::Kind::Lever:
      return "levers." + std::string(kLeverInfo[t.index].key) + "." +
             (t.cluster == spec.num_clusters() ? std::string("region") : cluster(t.cluster));
  }
  return {};
}

// A parameter's value: a number, null when derived at run time (NaN), "inf" or "-inf" for an
// unbounded default (e.g. no ceiling on an inflow); JSON has no such numbers.
ordered_json param_json(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return json_number(v);
}
double read_param(const Reader& r, const std::string& key) {
  const json& v = r.raw(key);
  if (v.is_string()) {
    const std::string text = v.get<std::string>();
    if (text == "inf") return std::numeric_limits<double>::infinity();
    if (text == "-inf") return -std::numeric_limits<double>::infinity();
    r.fail(key, "expected a number, null, \"inf\" or \"-inf\"");
  }
  return r.num(key);
}

ordered_json params_json(const double* values, const ParamInfo* table, int count) {
  ordered_json p = ordered_json::object();
  for (int k = 0; k < count; ++k) p[std::string(table[k].key)] = param_json(values[k]);
  return p;
}

// Parameters present in `r` replace the defaults already in `values`.
template <class Find>
void read_params(const Reader& r, double* values, Find find) {
  r.object();
  for (const auto& [key, v] : r.value().items()) {
    const auto p = find(key);
    if (!p) r.fail(key, "unknown parameter");
    values[static_cast<int>(*p)] = read_param(r, key);
  }
}

// The clusters' ids with their indices (a hash: matrices name ids n times over).
struct ClusterIds {
  std::vector<std::string> ids;
  std::unordered_map<std::string, int> index;
  void add(const std::string& id) {
    index.emplace(id, static_cast<int>(ids.size()));
    ids.push_back(id);
  }
};

int cluster_index(const Reader& r, const std::string& key, const std::string& id,
                  const ClusterIds& ids, bool allow_region) {
  if (const auto it = ids.index.find(id); it != ids.index.end()) return it->second;
  if (allow_region && id == "region") return static_cast<int>(ids.ids.size());
  r.fail(key, "unknown cluster '" + id + "'");
}

ordered_json relief_json(const std::array<double, kNumFactors>& relief) {
  ordered_json j = ordered_json::object();
  for (int f = 0; f < kNumFactors; ++f) j[std::string(kConstraintNames[f])] = relief[f];
  return j;
}

ordered_json check_json(const CheckSpec& c, const ModelSpec& spec) {
  ordered_json set = ordered_json::array();
  for (const auto& [path, value] : c.set) set.push_back({{"input", path}, {"value", value}});
  ordered_json base_set = ordered_json::array();
  for (const auto& [path, value] : c.base_set) {
    base_set.push_back({{"input", path}, {"value", value}});
  }
  ordered_json per;
  if (!c.per_variable.empty()) {
    per = bound_json(c.change_per);
    per["variable"] = c.per_variable;
  }
  ordered_json vary;
  if (!c.vary_input.empty()) vary = {{"input", c.vary_input}, {"values", c.vary_values}};
  return {{"name", c.name},
          {"describe", c.describe},
          {"describe_en", c.describe_en},
          {"source", c.source},
          {"set", set},
          {"base_set", base_set},
          {"project", c.project ? project_json(*c.project, spec) : ordered_json()},
          {"vary", vary},
          {"expect",
           {{"cluster", c.cluster},
            {"variable", c.variable},
            {"years", c.years},
            {"value", bound_json(c.value)},
            {"change", bound_json(c.change)},
            {"change_pct", bound_json(c.change_pct)},
            {"change_per", per},
            {"monotone", c.monotone},
            {"invariant", c.invariant}}}};
}

ProjectSpec read_project(const Reader& p, const ClusterIds& ids) {
  ProjectSpec ps;
  ps.name = p.text("name");
  ps.cluster = cluster_index(p, "cluster", p.text("cluster"), ids, false);
  ps.capex = p.num("capex");
  ps.start = p.num("start");
  ps.construction_time = p.num("construction_time");
  ps.site = p.num_or("site", kNaN);
  ps.site_type = detail::json_enum(p, "site_type", {SpaceType::Land, SpaceType::Floor}, site_key);
  ps.fund_share = p.num_or("fund_share", 0.0);
  return ps;
}

void read_relief(const Reader& r, std::array<double, kNumFactors>& relief) {
  r.object();
  for (const auto& item : r.value().items()) {
    const std::string key = item.key();
    const auto f = std::find(kConstraintNames.begin(), kConstraintNames.end(), key);
    if (f == kConstraintNames.end()) r.fail(key, "unknown factor");
    relief[static_cast<std::size_t>(f - kConstraintNames.begin())] = r.num(key);
  }
}

CheckSpec read_check(const Reader& c, const ClusterIds& ids) {
  CheckSpec check;
  check.name = c.text("name");
  check.describe = c.text_or("describe");
  check.describe_en = c.text_or("describe_en");
  check.source = c.text_or("source");
  c.each("set", "inputs", [&](const Reader& kv) {
    check.set.emplace_back(kv.text("input"), kv.num("value"));
    check.set_where.emplace_back();  // no file positions in the JSON
  });
  if (c.has("base_set")) {
    c.each("base_set", "inputs", [&](const Reader& kv) {
      check.base_set.emplace_back(kv.text("input"), kv.num("value"));
      check.base_set_where.emplace_back();
    });
  }
  if (c.has("project") && !c.raw("project").is_null()) {
    check.project = read_project(c.at("project"), ids);
  }
  if (c.has("vary") && !c.raw("vary").is_null()) {
    const Reader vary = c.at("vary");
    check.vary_input = vary.text("input");
    check.vary_values = vary.at("values").numbers("values");
  }
  const Reader ex = c.at("expect");
  check.cluster = ex.text_or("cluster");
  if (!check.cluster.empty() && check.cluster != "all" && check.cluster != "region") {
    check.cluster_index = cluster_index(ex, "cluster", check.cluster, ids, false);
  }
  check.variable = ex.text_or("variable", "output");
  if (ex.has("years")) {
    for (const double y : ex.at("years").numbers("years")) {
      if (y != std::floor(y)) ex.fail("years", "expected whole years");
      check.years.push_back(static_cast<int>(y));
    }
  }
  check.value = read_bound(ex, "value");
  check.change = read_bound(ex, "change");
  check.change_pct = read_bound(ex, "change_pct");
  if (ex.has("change_per") && !ex.raw("change_per").is_null()) {
    check.change_per = read_bound(ex, "change_per");
    check.per_variable = ex.at("change_per").text("variable");
  }
  check.monotone = ex.text_or("monotone");
  check.invariant = ex.text_or("invariant");
  return check;
}

}  // namespace

ordered_json to_json(const SourceDoc& d) {
  return {{"id", d.id},         {"title", d.title}, {"publisher", d.publisher},
          {"address", d.address}, {"date", d.date},   {"tag", d.tag},
          {"note", d.note}};
}

ordered_json to_json(const Scenario& s) {
  const ModelSpec& spec = s.spec;
  const int n = spec.num_clusters();
  ordered_json j;
  j["format"] = "clustersim-scenario";
  j["version"] = kScenarioJsonVersion;
  ordered_json chain = ordered_json::array();
  for (const auto& f : s.chain) chain.push_back(f.generic_string());
  ordered_json cited = ordered_json::array();
  for (const SourceDoc& d : s.cited_sources) cited.push_back(to_json(d));
  j["scenario"] = {{"name", s.name},
                   {"title", s.title},
                   {"title_en", s.title_en},
                   {"description", s.description},
                   {"description_en", s.description_en},
                   {"file", s.file.generic_string()},
                   {"chain", chain},
                   {"sources", s.sources},
                   {"sources_file", s.sources_file.generic_string()},
                   {"cited_sources", cited}};
  j["region"] = {
      {"name", s.region_name},
      {"name_en", s.region_name_en},
      {"params", params_json(spec.region.data(), kRegionParamInfo.data(), kNumRegionParams)}};
  j["horizon"] = {{"start", spec.start_year}, {"end", spec.end_year}};
  j["solver"] = {{"method", method_key(s.solver.method)},
                 {"rtol", s.solver.rtol},
                 {"atol", s.solver.atol},
                 {"dt", s.solver.dt},
                 {"max_steps", s.solver.max_steps}};

  ordered_json clusters = ordered_json::array();
  for (int i = 0; i < n; ++i) {
    const ClusterSpec& c = spec.clusters[static_cast<std::size_t>(i)];
    const ClusterInfo& info = s.clusters[static_cast<std::size_t>(i)];
    clusters.push_back(
        {{"id", c.id},
         {"name", info.name},
         {"name_en", info.name_en},
         {"measure", measure_name(info.measure)},
         {"unit", info.unit},
         {"unit_factor", info.unit_factor},
         {"baseline", c.baseline_output},
         {"baseline_source", info.baseline_source},
         {"baseline_source_en", info.baseline_source_en},
         {"market", market_key(c.market)},
         {"share_market", c.share_market},
         {"relief", relief_json(c.relief)},
         {"params", params_json(c.params.data(), kClusterParamInfo.data(), kNumClusterParams)}});
  }
  j["clusters"] = clusters;
  ordered_json potential = ordered_json::array();
  for (const auto& p : s.potential_clusters) {
    potential.push_back({{"id", p.id},
                         {"name", p.name},
                         {"name_en", p.name_en},
                         {"note", p.note},
                         {"note_en", p.note_en}});
  }
  j["potential_clusters"] = potential;

  ordered_json matrices = ordered_json::object();
  const auto mats = matrices_of(spec);
  for (std::size_t k = 0; k < kMatrixKeys.size(); ++k) {
    ordered_json m = ordered_json::object();
    for (int col = 0; col < mats[k]->outerSize(); ++col) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(*mats[k], col); it; ++it) {
        m[spec.clusters[static_cast<std::size_t>(it.row())].id]
         [spec.clusters[static_cast<std::size_t>(it.col())].id] = it.value();
      }
    }
    matrices[kMatrixKeys[k]] = m;
  }
  j["matrices"] = matrices;

  ordered_json levers = ordered_json::object();
  for (int l = 0; l < kNumLevers; ++l) {
    const Eigen::MatrixXd& m = spec.levers[static_cast<std::size_t>(l)];
    ordered_json rows = ordered_json::object();
    for (int row = 0; row <= n; ++row) {
      if ((m.row(row).array() == 0.0).all()) continue;
      ordered_json amounts = ordered_json::array();
      for (int y = 0; y < m.cols(); ++y) amounts.push_back(m(row, y));
      rows[row == n ? std::string("region") : spec.clusters[static_cast<std::size_t>(row)].id] =
          amounts;
    }
    levers[std::string(kLeverInfo[l].key)] = rows;
  }
  j["levers"] = levers;

  ordered_json events = ordered_json::array();
  for (const EventSpec& e : spec.events) {
    events.push_back({{"name", e.name},
                      {"target", target_path(e.target, spec)},
                      {"shape", shape_key(e.shape)},
                      {"op", op_key(e.op)},
                      {"value", e.value},
                      {"start", e.start},
                      {"end", e.end}});
  }
  j["events"] = events;
  ordered_json projects = ordered_json::array();
  for (const ProjectSpec& p : spec.projects) projects.push_back(project_json(p, spec));
  j["projects"] = projects;

  ordered_json targets = ordered_json::array();
  for (const Target& t : s.targets) {
    ordered_json row = {{"cluster", t.cluster}};
    row.update(figure_json(t));
    row["source"] = t.source;
    row["source_en"] = t.source_en;
    row["label"] = t.label;
    targets.push_back(row);
  }
  j["targets"] = targets;
  ordered_json totals = ordered_json::array();
  for (const Total& t : s.totals) {
    ordered_json row = {{"label", t.label}, {"label_en", t.label_en}};
    row.update(figure_json(t));
    row["source"] = t.source;
    totals.push_back(row);
  }
  j["totals"] = totals;
  ordered_json checks = ordered_json::array();
  for (const CheckSpec& c : s.checks) checks.push_back(check_json(c, spec));
  j["checks"] = checks;
  ordered_json notes = ordered_json::array();
  for (const Note& note : s.notes) {
    notes.push_back({{"key", note.key}, {"text", note.text}, {"text_en", note.text_en}});
  }
  j["notes"] = notes;
  return j;
}

Scenario scenario_from_json(const json& doc) {
  const Reader root(doc, "", "scenario JSON");
  if (root.text("format") != "clustersim-scenario")
    root.fail("format", "not a clustersim scenario");
  if (root.integer("version") != kScenarioJsonVersion) {
    root.fail("version", "this build reads version " + std::to_string(kScenarioJsonVersion));
  }
  Scenario s;
  const Reader meta = root.at("scenario");
  s.name = meta.text("name");
  s.title = meta.text_or("title", s.name);
  s.title_en = meta.text_or("title_en");
  s.description = meta.text_or("description");
  s.description_en = meta.text_or("description_en");
  s.file = meta.text_or("file");
  if (meta.has("chain")) {
    for (const auto& f : meta.at("chain").texts("files")) s.chain.emplace_back(f);
  }
  if (meta.has("sources")) s.sources = meta.at("sources").texts("sources");
  s.sources_file = meta.text_or("sources_file");
  meta.each("cited_sources", "sources", [&](const Reader& d) {
    SourceDoc cited;
    cited.id = d.text("id");
    cited.title = d.text_or("title");
    cited.publisher = d.text_or("publisher");
    cited.address = d.text_or("address");
    cited.date = d.text_or("date");
    cited.tag = d.text_or("tag");
    cited.note = d.text_or("note");
    s.cited_sources.push_back(std::move(cited));
  });

  const Reader horizon = root.at("horizon");
  const auto start = static_cast<int>(horizon.integer("start"));
  const auto end = static_cast<int>(horizon.integer("end"));
  if (end < start) horizon.fail("end", "the horizon ends before it starts");

  const Reader clusters = root.at("clusters");
  const std::size_t n = clusters.size("clusters");
  if (n == 0) clusters.fail("", "the scenario needs at least one cluster");
  s.spec = default_spec(static_cast<int>(n), start, end);
  ModelSpec& spec = s.spec;
  ClusterIds ids;
  for (std::size_t i = 0; i < n; ++i) {
    const Reader c = clusters.item(i);
    ClusterSpec& cs = spec.clusters[i];
    cs.id = c.text("id");
    cs.baseline_output = c.num("baseline");
    cs.market =
        detail::json_enum(c, "market", {MarketKind::Exponential, MarketKind::Bass}, market_key);
    if (c.has("share_market")) {
      const json& share = c.raw("share_market");
      if (!share.is_boolean()) c.fail("share_market", "expected true or false");
      cs.share_market = share.get<bool>();
    }
    if (c.has("relief")) read_relief(c.at("relief"), cs.relief);
    if (c.has("params")) {
      read_params(c.at("params"), cs.params.data(),
                  [](const std::string& key) { return find_cluster_param(key); });
    }
    ClusterInfo info;
    info.id = cs.id;
    info.name = c.text_or("name", cs.id);
    info.name_en = c.text_or("name_en");
    info.measure = measure_of(c);
    info.unit = c.text_or("unit", "亿元");
    info.unit_factor = c.num_or("unit_factor", 1.0);
    info.baseline_source = c.text_or("baseline_source");
    info.baseline_source_en = c.text_or("baseline_source_en");
    s.clusters.push_back(std::move(info));
    ids.add(cs.id);
  }
  const ClusterNames names = cluster_names(s);
  root.each("potential_clusters", "clusters", [&](const Reader& p) {
    s.potential_clusters.push_back(
        {p.text("id"), p.text_or("name"), p.text_or("name_en"), p.text_or("note"),
         p.text_or("note_en")});
  });

  const Reader region = root.at("region");
  s.region_name = region.text_or("name");
  s.region_name_en = region.text_or("name_en");
  if (region.has("params")) {
    read_params(region.at("params"), spec.region.data(),
                [](const std::string& key) { return find_region_param(key); });
  }
  if (root.has("solver")) {
    const Reader solver = root.at("solver");
    SolverOptions& o = s.solver;
    o.method = detail::json_enum(solver, "method",
                                 {SolverMethod::Dopri5, SolverMethod::Rk4, SolverMethod::Euler},
                                 method_key);
    o.rtol = solver.num_or("rtol", o.rtol);
    o.atol = solver.num_or("atol", o.atol);
    o.dt = solver.num_or("dt", o.dt);
    if (solver.has("max_steps")) o.max_steps = solver.integer("max_steps");
    if (const std::string problem = o.validate(); !problem.empty()) solver.fail("", problem);
  }

  if (root.has("matrices")) {
    const Reader matrices = root.at("matrices");
    const auto mats = matrices_of(spec);
    for (const auto& [key, value] : matrices.value().items()) {
      const auto k = std::find(kMatrixKeys.begin(), kMatrixKeys.end(), key);
      if (k == kMatrixKeys.end()) matrices.fail(key, "unknown matrix");
      const Reader m = matrices.at(key);
      m.object();
      std::vector<Eigen::Triplet<double>> entries;
      for (const auto& [row_id, row] : value.items()) {
        const Reader r = m.at(row_id);
        r.object();
        const int i = cluster_index(m, row_id, row_id, ids, false);
        for (const auto& [col_id, v] : row.items()) {
          entries.emplace_back(i, cluster_index(r, col_id, col_id, ids, false), r.num(col_id));
        }
      }
      mats[static_cast<std::size_t>(k - kMatrixKeys.begin())]->setFromTriplets(entries.begin(),
                                                                               entries.end());
    }
  }

  if (root.has("levers")) {
    const Reader levers = root.at("levers");
    levers.object();
    for (const auto& [key, rows] : levers.value().items()) {
      const auto lever = find_lever(key);
      if (!lever) levers.fail(key, "unknown lever");
      const Reader lr = levers.at(key);
      lr.object();
      Eigen::MatrixXd& m = spec.levers[static_cast<std::size_t>(*lever)];
      for (const auto& [row_id, amounts] : rows.items()) {
        (void)amounts;
        const int row = cluster_index(lr, row_id, row_id, ids, info(*lever).region_allowed);
        const Reader a = lr.at(row_id);
        const std::vector<double> v = a.numbers("amounts");
        if (v.size() != static_cast<std::size_t>(spec.num_years())) {
          a.fail("", "expected one amount per year " + std::to_string(start) + "-" +
                         std::to_string(end));
        }
        for (int y = 0; y < spec.num_years(); ++y) m(row, y) = v[static_cast<std::size_t>(y)];
      }
    }
  }

  root.each("events", "events", [&](const Reader& e) {
    EventSpec ev;
    ev.name = e.text("name");
    const InputPathResult target = parse_input_path(e.text("target"), names);
    if (!target.path) e.fail("target", target.error);
    ev.target = target.path->target;
    ev.shape = detail::json_enum(e, "shape", {EventShape::Step, EventShape::Ramp}, shape_key);
    ev.op = detail::json_enum(e, "op", {EventOp::Set, EventOp::Scale, EventOp::Add}, op_key);
    ev.value = e.num("value");
    ev.start = e.num("start");
    ev.end = e.num_or("end", ev.start);
    spec.events.push_back(std::move(ev));
  });
  root.each("projects", "projects",
            [&](const Reader& p) { spec.projects.push_back(read_project(p, ids)); });

  root.each("targets", "targets", [&](const Reader& t) {
    Target target;
    target.cluster = t.text("cluster");
    target.cluster_index =
        target.cluster == "all" ? -1 : cluster_index(t, "cluster", target.cluster, ids, false);
    read_figure(t, target);
    if (target.year < start || target.year > end) t.fail("year", "outside the horizon");
    target.source = t.text_or("source");
    target.source_en = t.text_or("source_en");
    target.label = t.text_or("label");
    s.targets.push_back(std::move(target));
  });
  root.each("totals", "totals", [&](const Reader& t) {
    Total total;
    total.label = t.text_or("label");
    total.label_en = t.text_or("label_en");
    read_figure(t, total);
    total.source = t.text_or("source");
    s.totals.push_back(std::move(total));
  });
  root.each("checks", "checks", [&](const Reader& c) { s.checks.push_back(read_check(c, ids)); });
  root.each("notes", "notes", [&](const Reader& note) {
    s.notes.push_back({note.text("key"), note.text("text"), note.text_or("text_en")});
  });
  return s;
}

}  // namespace clustersim::scenario
