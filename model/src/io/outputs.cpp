#include "clustersim/io/outputs.hpp"

#include "clustersim/analysis/likelihood.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace clustersim::io {

std::string_view version() { return CLUSTERSIM_VERSION; }

namespace {

using analysis::TargetRow;
using nlohmann::ordered_json;

// The `output` series in the cluster's baseline unit; everything else stays canonical.
double reported(const scenario::Scenario& s, const RunResult& run, int var, int i, int col) {
  const double v = run.cluster[var](i, col);
  if (var == static_cast<int>(ClusterVar::Output)) return v / s.clusters[i].unit_factor;
  return v;
}

void check_cluster_ids(const RunResult& run) {
  for (const auto& id : run.cluster_ids)
    if (id == kRegionRow)
      throw OutputError("a cluster named '" + id +
                        "' clashes with the region rows of trajectories.csv");
}

template <class T>
ordered_json opt(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::string opt_csv(const std::optional<double>& v) { return v ? format_double(*v) : ""; }

// A figure that may be NaN (a run that failed): empty in CSV, null in JSON.
std::optional<double> finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

const char* const kOddsColumns =
    "probability,probability_low,probability_high,likelihood,likelihood_zh,sweep_p05,"
    "sweep_median,sweep_p95,at_input_medians";

std::string odds_csv(const std::optional<analysis::TargetOdds>& o) {
  if (!o) return ",,,,,,,,";
  const auto& w = analysis::info(analysis::likelihood(o->probability));
  return fmt::format("{},{},{},{},{},{},{},{},{}", format_double(o->probability),
                     format_double(o->low), format_double(o->high), csv_field(w.en),
                     csv_field(w.zh), opt_csv(finite(o->p05)), opt_csv(finite(o->median)),
                     opt_csv(finite(o->p95)), opt_csv(finite(o->at_input_medians)));
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string dump_json(const nlohmann::ordered_json& j) {
  // UTF-8 as is (names are Chinese); invalid bytes are replaced rather than failing the run.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string format_double(double v) {
  // fmt's default for double is the shortest round-trip representation.
  return fmt::format("{}", v == 0.0 ? 0.0 : v);
}

void check_finite(const scenario::Scenario& s, const RunResult& run,
                  const std::vector<TargetRow>& targets) {
  const int n = static_cast<int>(run.cluster_ids.size());
  for (int v = 0; v < kNumClusterVars; ++v)
    for (int i = 0; i < n; ++i)
      for (int y = 0; y < run.num_years(); ++y)
        if (!std::isfinite(reported(s, run, v, i, y)))
          throw OutputError(fmt::format("non-finite value: cluster {}, variable {}, year {}",
                                        run.cluster_ids[i], kClusterVarInfo[v].name,
                                        run.start_year + y));
  for (int v = 0; v < kNumRegionVars; ++v)
    for (int y = 0; y < run.num_years(); ++y)
      if (!std::isfinite(run.region[v](y)))
        throw OutputError(fmt::format("non-finite value: cluster {}, variable {}, year {}",
                                      kRegionRow, kRegionVarInfo[v].name, run.start_year + y));
  for (const auto& t : targets) {
    auto check = [&](std::string_view field, double value) {
      if (!std::isfinite(value))
        throw OutputError(fmt::format("non-finite value: cluster {}, variable target {}, year {}",
                                      t.cluster, field, t.year));
    };
    check("target", t.target);
    check("projected", t.projected);
    if (t.gap_pct) check("gap_pct", *t.gap_pct);
    if (t.cagr_required) check("cagr_required", *t.cagr_required);
    if (t.cagr_projected) check("cagr_projected", *t.cagr_projected);
  }
  if (!std::isfinite(run.stats.max_baseline_error))
    throw OutputError(fmt::format("non-finite value: cluster all, variable max_baseline_error, "
                                  "year {}",
                                  run.start_year));
}

std::string trajectories_csv(const scenario::Scenario& s, const RunResult& run) {
  check_cluster_ids(run);
  const int n = static_cast<int>(run.cluster_ids.size());
  const std::string name = csv_field(s.name);
  std::string out = "scenario,cluster,variable,year,value\n";
  out.reserve(static_cast<std::size_t>(n * kNumClusterVars + kNumRegionVars) *
              static_cast<std::size_t>(run.num_years()) * 48);
  for (int i = 0; i < n; ++i)
    for (int v = 0; v < kNumClusterVars; ++v)
      for (int y = 0; y < run.num_years(); ++y)
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", name,
                       csv_field(run.cluster_ids[i]), kClusterVarInfo[v].name,
                       run.start_year + y, format_double(reported(s, run, v, i, y)));
  for (int v = 0; v < kNumRegionVars; ++v)
    for (int y = 0; y < run.num_years(); ++y)
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", name, kRegionRow,
                     kRegionVarInfo[v].name, run.start_year + y,
                     format_double(run.region[v](y)));
  return out;
}

std::string binding_csv(const scenario::Scenario& s, const RunResult& run) {
  const std::string name = csv_field(s.name);
  std::string out = "scenario,cluster,year,binding,gain_capital,gain_labour,gain_space,gain_demand\n";
  const bool gains = run.marginal_binding();
  for (int i = 0; i < static_cast<int>(run.cluster_ids.size()); ++i) {
    const double unit = s.clusters[i].unit_factor;
    for (int y = 0; y < run.num_years(); ++y) {
      fmt::format_to(std::back_inserter(out), "{},{},{},{}", name, csv_field(run.cluster_ids[i]),
                     run.start_year + y,
                     clustersim::name(run.binding_at(i, run.start_year + y)));
      for (int f = 0; f < kNumFactors; ++f) {
        out += ',';
        if (gains) out += format_double(run.binding_gains[f](i, y) / unit);
      }
      out += '\n';
    }
  }
  return out;
}

std::string levers_csv(const scenario::Scenario& s, const RunResult& run,
                       const std::vector<analysis::LeverResponse>& levers) {
  const std::string name = csv_field(s.name);
  std::string out = "scenario,cluster,lever,year,step,gain,per_unit,unit\n";
  for (const auto& l : levers) {
    const auto& c = s.clusters[static_cast<std::size_t>(l.cluster)];
    const std::string unit = c.unit + " per " + std::string(analysis::lever_quote_label(l.lever));
    for (int y = 0; y < run.num_years(); ++y) {
      const int year = run.start_year + y;
      if (year < l.first_year) continue;
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", name, csv_field(c.id),
                     info(l.lever).key, year, format_double(l.step),
                     format_double(l.gain(y) / c.unit_factor),
                     format_double(l.per_unit(y) / c.unit_factor), csv_field(unit));
    }
  }
  return out;
}

std::string targets_csv(const scenario::Scenario& s, const std::vector<TargetRow>& targets) {
  // The probability columns only when the run swept the scenario's uncertainty: a run of a
  // scenario without an `uncertainty:` section says nothing about probabilities.
  const bool odds = std::any_of(targets.begin(), targets.end(),
                                [](const TargetRow& t) { return t.odds.has_value(); });
  std::string out =
      "scenario,cluster,name,year,target,projected,gap_pct,reached,first_year_reached,"
      "cagr_required,cagr_projected,binding,measure,unit,source";
  if (odds) {
    out += ',';
    out += kOddsColumns;
  }
  out += '\n';
  for (const auto& t : targets) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                   csv_field(s.name), csv_field(t.cluster), csv_field(t.name), t.year,
                   format_double(t.target), format_double(t.projected), opt_csv(t.gap_pct),
                   t.reached ? "true" : "false",
                   t.first_year_reached ? std::to_string(*t.first_year_reached) : "",
                   opt_csv(t.cagr_required), opt_csv(t.cagr_projected),
                   clustersim::name(t.binding), scenario::measure_name(t.measure),
                   csv_field(t.unit), csv_field(t.source));
    if (odds) out += "," + odds_csv(t.odds);
    out += '\n';
  }
  return out;
}

std::string checks_csv(const scenario::Scenario& s,
                       const std::vector<analysis::CheckResult>& checks) {
  std::string out = "scenario,check,passed,expected,got,describe,describe_en\n";
  for (const auto& c : checks)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{}\n", csv_field(s.name),
                   csv_field(c.name), c.passed ? "true" : "false", csv_field(c.expected),
                   csv_field(c.got), csv_field(c.describe), csv_field(c.describe_en));
  return out;
}

ordered_json target_json(const TargetRow& t) {
  ordered_json j;
  j["cluster"] = t.cluster;
  j["name"] = t.name;
  j["name_en"] = t.name_en;
  j["label"] = t.label;
  j["year"] = t.year;
  j["target"] = t.target;
  j["projected"] = t.projected;
  j["gap_pct"] = opt(t.gap_pct);
  j["reached"] = t.reached;
  j["first_year_reached"] = opt(t.first_year_reached);
  j["baseline_year"] = t.baseline_year;
  j["baseline"] = t.baseline;
  j["cagr_required"] = opt(t.cagr_required);
  j["cagr_projected"] = opt(t.cagr_projected);
  j["binding"] = clustersim::name(t.binding);
  j["measure"] = scenario::measure_name(t.measure);
  j["unit"] = t.unit;
  j["source"] = t.source;
  if (t.odds) {
    const auto& o = *t.odds;
    const auto& w = analysis::info(analysis::likelihood(o.probability));
    j["probability"] = o.probability;
    j["probability_low"] = o.low;
    j["probability_high"] = o.high;
    j["likelihood"] = std::string(w.key);
    j["likelihood_en"] = std::string(w.en);
    j["likelihood_zh"] = std::string(w.zh);
    j["sweep_p05"] = opt(finite(o.p05));
    j["sweep_median"] = opt(finite(o.median));
    j["sweep_p95"] = opt(finite(o.p95));
    j["at_input_medians"] = opt(finite(o.at_input_medians));
    j["sweep_runs"] = o.runs;
  }
  return j;
}

ordered_json summary_json(const scenario::Scenario& s, const RunResult& run,
                          const std::vector<TargetRow>& targets, const RunInfo& run_info) {
  ordered_json j;
  j["scenario"] = s.name;
  j["title"] = s.title;
  j["description"] = s.description;
  j["region"] = {{"name", s.region_name}, {"name_en", s.region_name_en}};

  ordered_json tj = ordered_json::array();
  for (const auto& t : targets) tj.push_back(target_json(t));
  j["targets"] = std::move(tj);

  ordered_json cj = ordered_json::array();
  for (std::size_t i = 0; i < s.clusters.size(); ++i) {
    const auto& c = s.clusters[i];
    ordered_json e;
    e["id"] = c.id;
    e["name"] = c.name;
    e["name_en"] = c.name_en;
    e["measure"] = scenario::measure_name(c.measure);
    e["unit"] = c.unit;
    e["baseline_year"] = s.spec.start_year;
    e["baseline"] = s.spec.clusters[i].baseline_output / c.unit_factor;
    e["baseline_source"] = c.baseline_source;
    cj.push_back(std::move(e));
  }
  j["clusters"] = std::move(cj);

  ordered_json pj = ordered_json::array();
  for (const auto& p : s.potential_clusters)
    pj.push_back({{"id", p.id}, {"name", p.name}, {"name_en", p.name_en}, {"note", p.note}});
  j["potential_clusters"] = std::move(pj);

  // The output series is in each cluster's baseline unit: name it when all clusters share it.
  std::string output_unit = s.clusters.empty() ? std::string(info(ClusterVar::Output).unit)
                                               : s.clusters.front().unit;
  for (const auto& c : s.clusters)
    if (c.unit != output_unit) output_unit = "clusters[].unit";
  ordered_json vj = ordered_json::object();
  for (int v = 0; v < kNumClusterVars; ++v) {
    const auto& vi = kClusterVarInfo[v];
    vj[std::string(vi.name)] = {
        {"scope", "cluster"},
        {"unit", v == static_cast<int>(ClusterVar::Output) ? output_unit : std::string(vi.unit)},
        {"kind", vi.flow ? "flow" : "stock"},
        {"meaning", vi.meaning}};
  }
  for (const auto& vi : kRegionVarInfo)
    vj[std::string(vi.name)] = {{"scope", "region"},
                                {"unit", vi.unit},
                                {"kind", vi.flow ? "flow" : "stock"},
                                {"meaning", vi.meaning}};
  j["variables"] = std::move(vj);

  ordered_json r;
  r["clustersim_version"] = version();
  r["solver"] = solver_name(run_info.solver.method);
  r["rtol"] = run_info.solver.rtol;
  r["atol"] = run_info.solver.atol;
  r["dt"] = run_info.solver.dt;
  r["rhs_evaluations"] = run.stats.rhs_evaluations;
  r["steps"] = run.stats.steps;
  r["rejected_steps"] = run.stats.rejected_steps;
  r["calibration_iterations"] = run.stats.calibration_iterations;
  r["max_baseline_error"] = run.stats.max_baseline_error;
  r["wall_time_ms"] = run_info.wall_time_ms;
  r["start_year"] = run.start_year;
  r["end_year"] = run.end_year;
  ordered_json files = ordered_json::array();
  for (const auto& f : s.chain) files.push_back(f.generic_string());
  r["scenario_files"] = std::move(files);
  r["overrides"] = run_info.overrides;
  r["binding"] = run.marginal_binding() ? "marginal" : "static";
  r["analysis_runs"] = run_info.analysis.extra_runs;
  j["run"] = std::move(r);
  if (run_info.sweep) {
    const auto& w = *run_info.sweep;
    ordered_json sw;
    sw["method"] = "mc";
    sw["sampler"] = w.sampler;
    sw["seed"] = w.seed;
    sw["runs"] = w.runs;
    sw["failed"] = w.failed;
    sw["inputs"] = w.inputs;
    sw["threads"] = w.threads;
    sw["wall_time_s"] = w.wall_seconds;
    ordered_json shifted = ordered_json::array();
    for (const auto& x : w.shifted)
      shifted.push_back({{"input", x.path}, {"scenario", x.base}, {"median", x.median}});
    sw["inputs_off_centre"] = std::move(shifted);
    j["sweep"] = std::move(sw);
  }

  // Reported totals against the simulated sum of the clusters.
  ordered_json totals = ordered_json::array();
  for (const auto& t : s.totals) {
    const double sum = run.cluster[static_cast<int>(ClusterVar::Output)]
                           .col(t.year - run.start_year)
                           .sum();
    totals.push_back({{"label", t.label},
                      {"label_en", t.label_en},
                      {"year", t.year},
                      {"reported", t.value / t.unit_factor},
                      {"simulated", sum / t.unit_factor},
                      {"unit", t.unit},
                      {"source", t.source}});
  }
  j["totals"] = std::move(totals);

  ordered_json checks = ordered_json::array();
  for (const auto& c : run_info.analysis.checks) {
    checks.push_back({{"name", c.name},
                      {"describe", c.describe},
                      {"describe_en", c.describe_en},
                      {"passed", c.passed},
                      {"expected", c.expected},
                      {"got", c.got}});
  }
  j["checks"] = std::move(checks);
  return j;
}

std::string comparison_csv(const std::vector<analysis::ComparisonRow>& rows) {
  auto ob = [](const std::optional<bool>& b) -> std::string {
    return b ? (*b ? "true" : "false") : "";
  };
  std::string out =
      "cluster,name,year,measure,unit,target,projected_a,projected_b,difference,difference_pct,"
      "reached_a,reached_b\n";
  for (const auto& r : rows)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{}\n",
                   csv_field(r.cluster), csv_field(r.name), r.year,
                   scenario::measure_name(r.measure), csv_field(r.unit), format_double(r.target),
                   opt_csv(r.projected_a), opt_csv(r.projected_b), opt_csv(r.difference),
                   opt_csv(r.difference_pct), ob(r.reached_a), ob(r.reached_b));
  return out;
}

ordered_json comparison_json(const scenario::Scenario& a, const scenario::Scenario& b,
                             const std::vector<analysis::ComparisonRow>& rows) {
  ordered_json j;
  j["a"] = {{"scenario", a.name}, {"title", a.title}};
  j["b"] = {{"scenario", b.name}, {"title", b.title}};
  ordered_json rj = ordered_json::array();
  for (const auto& r : rows) {
    ordered_json e;
    e["cluster"] = r.cluster;
    e["name"] = r.name;
    e["name_en"] = r.name_en;
    e["year"] = r.year;
    e["measure"] = scenario::measure_name(r.measure);
    e["unit"] = r.unit;
    e["target"] = r.target;
    e["projected_a"] = opt(r.projected_a);
    e["projected_b"] = opt(r.projected_b);
    e["difference"] = opt(r.difference);
    e["difference_pct"] = opt(r.difference_pct);
    e["reached_a"] = opt(r.reached_a);
    e["reached_b"] = opt(r.reached_b);
    rj.push_back(std::move(e));
  }
  j["targets"] = std::move(rj);
  return j;
}

void write_run(const std::filesystem::path& dir, const scenario::Scenario& s,
               const RunResult& run, const std::vector<TargetRow>& targets, const RunInfo& run_info) {
  // Everything is rendered before anything touches the disk.
  check_finite(s, run, targets);
  std::vector<OutputFile> files;
  files.push_back({"trajectories.csv", trajectories_csv(s, run)});
  files.push_back({"binding.csv", binding_csv(s, run)});
  files.push_back({"targets.csv", targets_csv(s, targets)});
  if (!run_info.analysis.levers.empty()) {
    files.push_back({"levers.csv", levers_csv(s, run, run_info.analysis.levers)});
  }
  files.push_back({"summary.json", dump_json(summary_json(s, run, targets, run_info))});
  write_atomic(dir, files);
}

}  // namespace clustersim::io
