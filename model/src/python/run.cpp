// Runs: the simulation (GIL released), zero-copy views of its series, the target table, the
// files and texts of `clustersim run`, and comparisons (`clustersim compare`).
#include <chrono>
#include <cmath>
#include <optional>

#include "clustersim/analysis/likelihood.hpp"
#include "clustersim/analysis/run_analysis.hpp"
#include "clustersim/io/report.hpp"
#include "clustersim/sweep/odds.hpp"
#include "common.hpp"

namespace clustersim::python {
namespace {

std::optional<ClusterVar> find_cluster_var(const std::string& name) {
  for (int v = 0; v < kNumClusterVars; ++v)
    if (kClusterVarInfo[v].name == name) return static_cast<ClusterVar>(v);
  return std::nullopt;
}

std::optional<RegionVar> find_region_var(const std::string& name) {
  for (int v = 0; v < kNumRegionVars; ++v)
    if (kRegionVarInfo[v].name == name) return static_cast<RegionVar>(v);
  return std::nullopt;
}

constexpr auto kDouble = static_cast<py::ssize_t>(sizeof(double));

// Cluster series: n x years (column-major in C++, so strides (8, 8n)); region series: years.
py::array series(const PyRun& r, const std::string& name) {
  const RunResult& res = r.data->result;
  if (const auto v = find_cluster_var(name)) {
    const Eigen::MatrixXd& m = res.cluster[static_cast<int>(*v)];
    return readonly_view(py::dtype::of<double>(), {m.rows(), m.cols()},
                         {kDouble, kDouble * m.rows()}, m.data(), r.data);
  }
  if (const auto v = find_region_var(name)) {
    const Eigen::VectorXd& x = res.region[static_cast<int>(*v)];
    return readonly_view(py::dtype::of<double>(), {x.size()}, {kDouble}, x.data(), r.data);
  }
  throw py::key_error("unknown variable '" + name + "' (clustersim.variables() lists them)");
}

py::array binding(const PyRun& r) {
  const Eigen::MatrixXi& m = r.data->result.binding;
  const auto sz = static_cast<py::ssize_t>(sizeof(int));
  return readonly_view(py::dtype::of<int>(), {m.rows(), m.cols()}, {sz, sz * m.rows()},
                       m.data(), r.data);
}

// Output gained in each year when one factor of each cluster is relieved by 1% (E10), n x years,
// 亿元; None when the run was quick (no marginal binding).
py::object binding_gains(const PyRun& r, const std::string& factor) {
  const RunResult& res = r.data->result;
  for (int f = 0; f < kNumFactors; ++f) {
    if (kConstraintNames[f] != factor) continue;
    if (!res.marginal_binding()) return py::none();
    const Eigen::MatrixXd& m = res.binding_gains[f];
    return readonly_view(py::dtype::of<double>(), {m.rows(), m.cols()},
                         {kDouble, kDouble * m.rows()}, m.data(), r.data);
  }
  throw py::key_error("unknown factor '" + factor + "' (capital, labour, space or demand)");
}

py::list checks(const PyRun& r) {
  py::list out;
  for (const auto& c : r.data->info.analysis.checks) {
    py::dict d;
    d["name"] = c.name;
    d["describe"] = c.describe;
    d["describe_en"] = c.describe_en;
    d["passed"] = c.passed;
    d["expected"] = c.expected;
    d["got"] = c.got;
    d["runs"] = c.runs;
    out.append(d);
  }
  return out;
}

py::list targets(const PyRun& r) {
  py::list out;
  for (const auto& row : r.data->targets) out.append(target_row_dict(row));
  return out;
}

py::dict stats(const PyRun& r) {
  const auto& s = r.data->result.stats;
  const auto& o = r.data->info.solver;
  py::dict d;
  d["solver"] = std::string(solver_name(o.method));
  d["rtol"] = o.rtol;
  d["atol"] = o.atol;
  d["dt"] = o.dt;
  d["rhs_evaluations"] = s.rhs_evaluations;
  d["steps"] = s.steps;
  d["rejected_steps"] = s.rejected_steps;
  d["segments"] = s.segments;
  d["calibration_iterations"] = s.calibration_iterations;
  d["max_baseline_error"] = s.max_baseline_error;
  d["wall_time_ms"] = r.data->info.wall_time_ms;
  return d;
}

py::dict comparison_row_dict(const analysis::ComparisonRow& c) {
  py::dict d;
  d["cluster"] = c.cluster;
  d["name"] = c.name;
  d["name_en"] = c.name_en;
  d["year"] = c.year;
  d["measure"] = std::string(scenario::measure_name(c.measure));
  d["unit"] = c.unit;
  d["target"] = c.target;
  d["projected_a"] = optional_to_py(c.projected_a);
  d["projected_b"] = optional_to_py(c.projected_b);
  d["difference"] = optional_to_py(c.difference);
  d["difference_pct"] = optional_to_py(c.difference_pct);
  d["reached_a"] = c.reached_a ? py::object(py::bool_(*c.reached_a)) : py::object(py::none());
  d["reached_b"] = c.reached_b ? py::object(py::bool_(*c.reached_b)) : py::object(py::none());
  return d;
}

}  // namespace

py::array readonly_view(const py::dtype& dtype, std::vector<py::ssize_t> shape,
                        std::vector<py::ssize_t> strides, const void* data,
                        std::shared_ptr<const void> owner) {
  // The capsule holds a reference to the owner for as long as numpy holds the capsule.
  auto* holder = new std::shared_ptr<const void>(std::move(owner));
  py::capsule base(holder, [](void* p) { delete static_cast<std::shared_ptr<const void>*>(p); });
  py::array a(dtype, std::move(shape), std::move(strides), data, base);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

py::object optional_to_py(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}
py::object optional_to_py(const std::optional<int>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}

py::dict files_dict(const std::map<std::string, std::string>& files) {
  py::dict d;
  for (const auto& [name, text] : files) d[py::str(name)] = py::bytes(text);
  return d;
}

py::dict target_row_dict(const analysis::TargetRow& t) {
  py::dict d;
  d["cluster"] = t.cluster;
  d["name"] = t.name;
  d["name_en"] = t.name_en;
  d["label"] = t.label;
  d["year"] = t.year;
  d["target"] = t.target;
  d["projected"] = t.projected;
  d["gap_pct"] = optional_to_py(t.gap_pct);
  d["reached"] = t.reached;
  d["first_year_reached"] = optional_to_py(t.first_year_reached);
  d["baseline_year"] = t.baseline_year;
  d["baseline"] = t.baseline;
  d["cagr_required"] = optional_to_py(t.cagr_required);
  d["cagr_projected"] = optional_to_py(t.cagr_projected);
  d["binding"] = std::string(name(t.binding));
  d["measure"] = std::string(scenario::measure_name(t.measure));
  d["unit"] = t.unit;
  d["unit_factor"] = t.unit_factor;
  d["source"] = t.source;
  // The odds under the scenario's uncertainty (None without a sweep).
  const auto& o = t.odds;
  auto field = [&o](double analysis::TargetOdds::*m) {
    return o && std::isfinite((*o).*m) ? py::object(py::float_((*o).*m)) : py::object(py::none());
  };
  d["probability"] = field(&analysis::TargetOdds::probability);
  d["probability_low"] = field(&analysis::TargetOdds::low);
  d["probability_high"] = field(&analysis::TargetOdds::high);
  if (o) {
    const auto& w = analysis::info(analysis::likelihood(o->probability));
    d["likelihood"] = std::string(w.key);
    d["likelihood_en"] = std::string(w.en);
    d["likelihood_zh"] = std::string(w.zh);
  } else {
    d["likelihood"] = py::none();
    d["likelihood_en"] = py::none();
    d["likelihood_zh"] = py::none();
  }
  d["sweep_p05"] = field(&analysis::TargetOdds::p05);
  d["sweep_median"] = field(&analysis::TargetOdds::median);
  d["sweep_p95"] = field(&analysis::TargetOdds::p95);
  d["at_input_medians"] = field(&analysis::TargetOdds::at_input_medians);
  return d;
}

std::shared_ptr<const RunData> run_scenario(const LoadedScenario& s, bool analyse,
                                            long sweep_runs) {
  auto d = std::make_shared<RunData>();
  d->scenario = s.scenario;
  const auto start = std::chrono::steady_clock::now();
  d->result = simulate(*s.model, s.scenario->solver);
  d->info.wall_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  d->info.solver = s.scenario->solver;
  d->info.overrides = s.overrides;
  // As `clustersim run` (cli::load_and_run): marginal binding, lever responses, reality checks,
  // unless quick (`run --quick`).
  analysis::AnalysisOptions options;
  if (!analyse) options = {false, false, false};
  d->info.analysis = analysis::analyse_run(*s.scenario, *s.model, d->result, options);
  d->targets = analysis::evaluate_targets(*s.scenario, d->result);
  io::check_finite(*s.scenario, d->result, d->targets);
  // As `clustersim run`: the targets' odds from a seeded sweep of the declared uncertainty.
  if (const long runs = sweep::odds_runs(*s.scenario, !analyse, sweep_runs); runs > 0) {
    sweep::OddsOptions odds;
    odds.runs = runs;
    d->info.sweep = sweep::attach_odds(*s.scenario, d->targets, odds);
  }
  return d;
}

void expose_run(py::module_& m) {
  py::class_<PyRun>(m, "RunData", "The results of one run (immutable).")
      .def_property_readonly("start_year", [](const PyRun& r) { return r.data->result.start_year; })
      .def_property_readonly("end_year", [](const PyRun& r) { return r.data->result.end_year; })
      .def_property_readonly("cluster_ids",
                             [](const PyRun& r) { return r.data->result.cluster_ids; })
      .def("series", &series, py::arg("variable"),
           "Read-only view (no copy) of a series in canonical units: cluster variables n x "
           "years, region variables years.")
      .def("binding", &binding, "Read-only int view, n x years: the binding constraint codes.")
      .def("binding_gains", &binding_gains, py::arg("factor"),
           "Read-only view, n x years, 亿元: output gained when `factor` (capital, labour, space, "
           "demand) of each cluster is relieved by 1% (E10); None for a quick run.")
      .def_property_readonly("marginal_binding",
                             [](const PyRun& r) { return r.data->result.marginal_binding(); })
      .def_property_readonly("analysis_runs",
                             [](const PyRun& r) { return r.data->info.analysis.extra_runs; })
      .def("checks", &checks, "The reality checks as `clustersim check` runs them (empty for a quick run).")
      .def("levers_csv",
           [](const PyRun& r) {
             return io::levers_csv(*r.data->scenario, r.data->result, r.data->info.analysis.levers);
           })
      .def("checks_csv",
           [](const PyRun& r) { return io::checks_csv(*r.data->scenario, r.data->info.analysis.checks); })
      .def_property_readonly(
          "initial_output",
          [](const PyRun& r) {
            const Eigen::VectorXd& x = r.data->result.initial_output;
            return readonly_view(py::dtype::of<double>(), {x.size()}, {kDouble}, x.data(), r.data);
          })
      .def("targets", &targets)
      .def_property_readonly("stats", &stats)
      .def_property_readonly("overrides", [](const PyRun& r) { return r.data->info.overrides; })
      .def("trajectories_csv",
           [](const PyRun& r) { return io::trajectories_csv(*r.data->scenario, r.data->result); })
      .def("binding_csv",
           [](const PyRun& r) { return io::binding_csv(*r.data->scenario, r.data->result); })
      .def("targets_csv",
           [](const PyRun& r) { return io::targets_csv(*r.data->scenario, r.data->targets); })
      .def("summary_json",
           [](const PyRun& r) {
             return io::dump_json(io::summary_json(*r.data->scenario, r.data->result,
                                                   r.data->targets, r.data->info));
           })
      .def("report_text",
           [](const PyRun& r) {
             return io::run_report(*r.data->scenario, r.data->result, r.data->targets,
                                   r.data->info);
           })
      .def(
          "write",
          [](const PyRun& r, const std::string& dir) {
            py::gil_scoped_release release;
            io::write_run(dir, *r.data->scenario, r.data->result, r.data->targets, r.data->info);
          },
          py::arg("dir"));

  m.def(
      "run",
      [](const LoadedScenario& s, bool quick, long sweep) {
        if (sweep < -1) throw py::value_error("sweep: runs must be >= 0 (or -1: the default)");
        std::shared_ptr<const RunData> d;
        {
          py::gil_scoped_release release;
          d = run_scenario(s, !quick, sweep);
        }
        return PyRun{std::move(d)};
      },
      py::arg("scenario"), py::arg("quick") = false, py::arg("sweep") = -1,
      "Run a loaded scenario as `clustersim run` does (quick: as `run --quick`, without the "
      "marginal binding, lever responses, reality checks and uncertainty sweep). sweep: runs of "
      "the uncertainty sweep behind the targets' probabilities (-1: as the command, 2,000 when "
      "the scenario declares uncertainty; 0: none). Releases the GIL while C++ runs.");
  m.def(
      "likelihood",
      [](double p) {
        const auto& w = analysis::info(analysis::likelihood(p));
        py::dict d;
        d["key"] = std::string(w.key);
        d["en"] = std::string(w.en);
        d["zh"] = std::string(w.zh);
        return d;
      },
      py::arg("probability"),
      "The IPCC likelihood term of a probability (key, en, zh), as every output uses it.");
  m.def("probability_text", &io::probability_cell, py::arg("probability"),
        "A probability as `clustersim run` prints it: '37%', '99.7%', '100%' (every run).");

  m.def(
      "compare",
      [](const PyRun& a, const PyRun& b) {
        py::list out;
        for (const auto& row : analysis::compare(a.data->targets, b.data->targets))
          out.append(comparison_row_dict(row));
        return out;
      },
      py::arg("a"), py::arg("b"), "Targets of two runs matched by cluster, year and measure.");
  m.def(
      "comparison_report",
      [](const PyRun& a, const std::string& a_label, const PyRun& b, const std::string& b_label) {
        const auto rows = analysis::compare(a.data->targets, b.data->targets);
        return io::comparison_report(*a.data->scenario, a.data->result, a.data->info, a_label,
                                     *b.data->scenario, b.data->result, b.data->info, b_label,
                                     rows);
      },
      py::arg("a"), py::arg("a_label"), py::arg("b"), py::arg("b_label"),
      "The text `clustersim compare` prints.");
  m.def(
      "comparison_csv",
      [](const PyRun& a, const PyRun& b) {
        return io::comparison_csv(analysis::compare(a.data->targets, b.data->targets));
      },
      py::arg("a"), py::arg("b"), "The CSV `clustersim compare --format csv` prints.");
}

}  // namespace clustersim::python
