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

ordered_json params_json(const double* values, const ParamInfo* table, int count) {
  ordered_json p = ordered_json::object();
  for (int k = 0; k < count; ++k) p[std::string(table[k].key)] = json_number(values[k]);
  return p;
}

// Parameters present in `r` replace the defaults already in `values`.
template <class Find>
void read_params(const Reader& r, double* values, Find find) {
  r.object();
  for (const auto& [key, v] : r.value().items()) {
    const auto p = find(key);
    if (!p) r.fail(key, "unknown parameter");
    values[static_cast<int>(*p)] = r.num(key);
  }
}

// The measure at "measure" (default: output).
Measure measure_of(const Reader& r) {
  const std::string name = r.text_or("measure", "output");
  const auto m = parse_measure(name);
  if (!m) r.fail("measure", "unknown measure '" + name + "'");
  return *m;
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

}  // namespace

ordered_json to_json(const Scenario& s) {
  const ModelSpec& spec = s.spec;
  const int n = spec.num_clusters();
  ordered_json j;
  j["format"] = "clustersim-scenario";
  j["version"] = kScenarioJsonVersion;
  ordered_json chain = ordered_json::array();
  for (const auto& f : s.chain) chain.push_back(f.generic_string());
  j["scenario"] = {{"name", s.name},
                   {"title", s.title},
                   {"description", s.description},
                   {"file", s.file.generic_string()},
                   {"chain", chain},
                   {"sources", s.sources}};
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
         {"market", market_key(c.market)},
         {"params", params_json(c.params.data(), kClusterParamInfo.data(), kNumClusterParams)}});
  }
  j["clusters"] = clusters;
  ordered_json potential = ordered_json::array();
  for (const auto& p : s.potential_clusters) {
    potential.push_back({{"id", p.id}, {"name", p.name}, {"name_en", p.name_en}, {"note", p.note}});
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
  for (const ProjectSpec& p : spec.projects) {
    projects.push_back({{"name", p.name},
                        {"cluster", spec.clusters[static_cast<std::size_t>(p.cluster)].id},
                        {"capex", p.capex},
                        {"start", p.start},
                        {"construction_time", p.construction_time}});
  }
  j["projects"] = projects;

  ordered_json targets = ordered_json::array();
  for (const Target& t : s.targets) {
    targets.push_back({{"cluster", t.cluster},
                       {"year", t.year},
                       {"value", t.value},
                       {"measure", measure_name(t.measure)},
                       {"unit", t.unit},
                       {"unit_factor", t.unit_factor},
                       {"source", t.source},
                       {"label", t.label}});
  }
  j["targets"] = targets;
  ordered_json notes = ordered_json::array();
  for (const Note& note : s.notes) notes.push_back({{"key", note.key}, {"text", note.text}});
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
  s.description = meta.text_or("description");
  s.file = meta.text_or("file");
  if (meta.has("chain")) {
    for (const auto& f : meta.at("chain").texts("files")) s.chain.emplace_back(f);
  }
  if (meta.has("sources")) s.sources = meta.at("sources").texts("sources");

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
    s.clusters.push_back(std::move(info));
    ids.add(cs.id);
  }
  const ClusterNames names = cluster_names(s);
  root.each("potential_clusters", "clusters", [&](const Reader& p) {
    s.potential_clusters.push_back(
        {p.text("id"), p.text_or("name"), p.text_or("name_en"), p.text_or("note")});
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
  root.each("projects", "projects", [&](const Reader& p) {
    ProjectSpec ps;
    ps.name = p.text("name");
    ps.cluster = cluster_index(p, "cluster", p.text("cluster"), ids, false);
    ps.capex = p.num("capex");
    ps.start = p.num("start");
    ps.construction_time = p.num("construction_time");
    spec.projects.push_back(std::move(ps));
  });

  root.each("targets", "targets", [&](const Reader& t) {
    Target target;
    target.cluster = t.text("cluster");
    target.cluster_index =
        target.cluster == "all" ? -1 : cluster_index(t, "cluster", target.cluster, ids, false);
    target.year = static_cast<int>(t.integer("year"));
    if (target.year < start || target.year > end) t.fail("year", "outside the horizon");
    target.value = t.num("value");
    target.measure = measure_of(t);
    target.unit = t.text_or("unit", "亿元");
    target.unit_factor = t.num_or("unit_factor", 1.0);
    target.source = t.text_or("source");
    target.label = t.text_or("label");
    s.targets.push_back(std::move(target));
  });
  root.each("notes", "notes", [&](const Reader& note) {
    s.notes.push_back({note.text("key"), note.text("text")});
  });
  return s;
}

}  // namespace clustersim::scenario
