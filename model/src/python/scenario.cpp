// Scenarios: loading (with --set style overrides) and the metadata reports need. The Python
// class clustersim.Scenario wraps the LoadedScenario exposed here.
#include <cmath>

#include "clustersim/analysis/inputs.hpp"
#include "clustersim/core/params.hpp"
#include "common.hpp"

namespace clustersim::python {
namespace {

const char* market_name(MarketKind k) { return k == MarketKind::Bass ? "bass" : "exponential"; }

std::string event_target_path(const scenario::Scenario& s, const EventTarget& t) {
  const int n = s.spec.num_clusters();
  switch (t.kind) {
    case EventTarget::Kind::ClusterParam:
      return "clusters." + s.spec.clusters[t.cluster].id + "." +
             std::string(kClusterParamInfo[t.index].key);
    case EventTarget::Kind::RegionParam:
      return "region." + std::string(kRegionParamInfo[t.index].key);
    case EventTarget::Kind::Lever:
      return "levers." + std::string(kLeverInfo[t.index].key) + "." +
             (t.cluster == n ? std::string("region") : s.spec.clusters[t.cluster].id);
  }
  return {};
}

const char* op_name(EventOp op) {
  switch (op) {
    case EventOp::Set: return "to";
    case EventOp::Scale: return "scale";
    case EventOp::Add: return "add";
  }
  return "to";
}

py::tuple location(const scenario::SourceLocation& w) {
  return py::make_tuple(w.file, w.line, w.column);
}

py::list clusters(const LoadedScenario& ls) {
  const auto& s = *ls.scenario;
  py::list out;
  for (std::size_t i = 0; i < s.clusters.size(); ++i) {
    const auto& c = s.clusters[i];
    const auto& spec = s.spec.clusters[i];
    py::dict d;
    d["id"] = c.id;
    d["name"] = c.name;
    d["name_en"] = c.name_en;
    d["measure"] = std::string(scenario::measure_name(c.measure));
    d["unit"] = c.unit;
    d["unit_factor"] = c.unit_factor;
    d["baseline_year"] = s.spec.start_year;
    d["baseline"] = spec.baseline_output / c.unit_factor;
    d["baseline_source"] = c.baseline_source;
    d["baseline_source_en"] = c.baseline_source_en;
    d["market"] = market_name(spec.market);
    out.append(d);
  }
  return out;
}

py::list targets(const LoadedScenario& ls) {
  py::list out;
  for (const auto& t : ls.scenario->targets) {
    py::dict d;
    d["cluster"] = t.cluster;
    d["year"] = t.year;
    d["value"] = t.value / t.unit_factor;
    d["unit"] = t.unit;
    d["measure"] = std::string(scenario::measure_name(t.measure));
    d["source"] = t.source;
    d["source_en"] = t.source_en;
    d["label"] = t.label;
    d["where"] = location(t.where);
    out.append(d);
  }
  return out;
}

py::list events(const LoadedScenario& ls) {
  const auto& s = *ls.scenario;
  py::list out;
  for (const auto& e : s.spec.events) {
    py::dict d;
    d["name"] = e.name;
    d["kind"] = e.shape == EventShape::Ramp ? "ramp" : "step";
    d["target"] = event_target_path(s, e.target);
    d["op"] = op_name(e.op);
    d["value"] = e.value;
    d["start"] = e.start;
    d["end"] = e.end;
    out.append(d);
  }
  for (const auto& p : s.spec.projects) {
    py::dict d;
    d["name"] = p.name;
    d["kind"] = "project";
    d["target"] = "clusters." + s.spec.clusters[p.cluster].id;
    d["op"] = "capex";
    d["value"] = p.capex;
    d["start"] = p.start;
    d["end"] = p.start + p.construction_time;
    out.append(d);
  }
  return out;
}

// n x kNumClusterParams, the effective values (defaults < defaults.params < cluster params).
py::array_t<double> cluster_params(const LoadedScenario& ls) {
  const auto& cs = ls.scenario->spec.clusters;
  py::array_t<double> out({static_cast<py::ssize_t>(cs.size()),
                           static_cast<py::ssize_t>(kNumClusterParams)});
  auto w = out.mutable_unchecked<2>();
  for (std::size_t i = 0; i < cs.size(); ++i)
    for (int p = 0; p < kNumClusterParams; ++p) w(i, p) = cs[i].params[p];
  return out;
}

py::dict region_params(const LoadedScenario& ls) {
  py::dict d;
  for (int p = 0; p < kNumRegionParams; ++p)
    d[py::str(std::string(kRegionParamInfo[p].key))] = ls.scenario->spec.region[p];
  return d;
}

// Lever amounts per year as a read-only view of the spec: (n + 1) x years, row n = region pool.
py::array lever(const LoadedScenario& ls, const std::string& key) {
  const auto l = find_lever(key);
  if (!l) throw py::key_error("unknown lever '" + key + "' (fund, land, floor, talent)");
  const Eigen::MatrixXd& m = ls.scenario->spec.levers[static_cast<int>(*l)];
  const auto sz = static_cast<py::ssize_t>(sizeof(double));
  return readonly_view(py::dtype::of<double>(), {m.rows(), m.cols()}, {sz, sz * m.rows()},
                       m.data(), ls.scenario);
}

py::dict input(const LoadedScenario& ls, const std::string& path) {
  const analysis::Input in = analysis::resolve_input(*ls.scenario, path);
  py::dict d;
  d["path"] = in.path;
  d["base"] = in.base;
  d["unit"] = in.unit;
  d["lower"] = in.lower;
  d["upper"] = in.upper;
  return d;
}

py::list cited_sources(const LoadedScenario& ls) {
  py::list out;
  for (const auto& d : ls.scenario->cited_sources) {
    py::dict row;
    row["id"] = d.id;
    row["title"] = d.title;
    row["publisher"] = d.publisher;
    row["address"] = d.address;
    row["date"] = d.date;
    row["tag"] = d.tag;
    row["note"] = d.note;
    out.append(row);
  }
  return out;
}

py::dict solver(const LoadedScenario& ls) {
  const auto& o = ls.scenario->solver;
  py::dict d;
  d["method"] = std::string(solver_name(o.method));
  d["rtol"] = o.rtol;
  d["atol"] = o.atol;
  d["dt"] = o.dt;
  d["max_steps"] = o.max_steps;
  return d;
}

}  // namespace

LoadedScenario load_scenario(const std::string& file, const std::vector<std::string>& overrides) {
  std::vector<scenario::Override> ov;
  ov.reserve(overrides.size());
  for (const auto& text : overrides) ov.push_back(scenario::parse_override(text));
  auto s = std::make_shared<scenario::Scenario>(scenario::load(file, ov));
  auto model = std::make_shared<const Model>(scenario::build_model(*s));
  if (const std::string problem = s->solver.validate(); !problem.empty())
    throw scenario::ScenarioError(s->locate("solver"), "solver", problem);
  return {std::move(s), std::move(model), file, overrides};
}

void expose_scenario(py::module_& m) {
  py::class_<LoadedScenario>(m, "LoadedScenario",
                             "A loaded, validated scenario and its model (immutable).")
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario->name; })
      .def_property_readonly("title", [](const LoadedScenario& s) { return s.scenario->title; })
      .def_property_readonly("description",
                             [](const LoadedScenario& s) { return s.scenario->description; })
      .def_property_readonly("region_name",
                             [](const LoadedScenario& s) { return s.scenario->region_name; })
      .def_property_readonly("region_name_en",
                             [](const LoadedScenario& s) { return s.scenario->region_name_en; })
      .def_property_readonly("file", [](const LoadedScenario& s) { return s.file; })
      .def_property_readonly("overrides", [](const LoadedScenario& s) { return s.overrides; })
      .def_property_readonly("chain",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> out;
                               for (const auto& p : s.scenario->chain) out.push_back(p.string());
                               return out;
                             })
      .def_property_readonly("start_year",
                             [](const LoadedScenario& s) { return s.scenario->spec.start_year; })
      .def_property_readonly("end_year",
                             [](const LoadedScenario& s) { return s.scenario->spec.end_year; })
      .def_property_readonly("cluster_ids",
                             [](const LoadedScenario& s) { return s.model->cluster_ids(); })
      .def_property_readonly("clusters", &clusters)
      .def_property_readonly("potential_clusters",
                             [](const LoadedScenario& s) {
                               py::list out;
                               for (const auto& p : s.scenario->potential_clusters) {
                                 py::dict d;
                                 d["id"] = p.id;
                                 d["name"] = p.name;
                                 d["name_en"] = p.name_en;
                                 d["note"] = p.note;
                                 d["note_en"] = p.note_en;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("targets", &targets)
      .def_property_readonly("events", &events)
      .def_property_readonly("notes",
                             [](const LoadedScenario& s) {
                               py::list out;
                               for (const auto& n : s.scenario->notes)
                                 out.append(py::make_tuple(n.key, n.text, n.text_en));
                               return out;
                             })
      .def_property_readonly("sources", [](const LoadedScenario& s) { return s.scenario->sources; })
      .def_property_readonly("title_en",
                             [](const LoadedScenario& s) { return s.scenario->title_en; })
      .def_property_readonly("description_en",
                             [](const LoadedScenario& s) { return s.scenario->description_en; })
      .def_property_readonly("sources_file",
                             [](const LoadedScenario& s) { return s.scenario->sources_file.string(); })
      .def_property_readonly("cited_sources", &cited_sources)
      .def_property_readonly("inputs_hash",
                             [](const LoadedScenario& s) { return scenario::inputs_hash(*s.scenario); })
      .def_property_readonly("solver", &solver)
      .def("cluster_params", &cluster_params)
      .def("region_params", &region_params)
      .def("lever", &lever, py::arg("key"))
      .def("input", &input, py::arg("path"))
      .def(
          "locate",
          [](const LoadedScenario& s, const std::string& path) {
            return location(s.scenario->locate(path));
          },
          py::arg("path"))
      .def("validate_line", [](const LoadedScenario& s) {
        const auto& sc = *s.scenario;
        // The line `clustersim validate` prints (without its newline).
        return sc.name + ": " + std::to_string(sc.clusters.size()) + " clusters, " +
               std::to_string(sc.targets.size()) + " targets, years " +
               std::to_string(sc.spec.start_year) + "–" + std::to_string(sc.spec.end_year);
      });

  m.def(
      "load",
      [](const std::string& file, const std::vector<std::string>& overrides) {
        py::gil_scoped_release release;
        return load_scenario(file, overrides);
      },
      py::arg("file"), py::arg("overrides") = std::vector<std::string>{},
      "Load, merge, validate and build a scenario; overrides are 'path=value' texts as given "
      "to --set. Raises ScenarioError with the CLI's message. Releases the GIL.");
}

}  // namespace clustersim::python
