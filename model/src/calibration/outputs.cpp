// What `clustersim calibrate` prints and writes (docs/calibration.md): the fit with its checks,
// the MCMC sample, the report text and the --out files. The command and clustersim._core call it.
#include "clustersim/calibration/outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::calibration {
namespace {

namespace fs = std::filesystem;
using io::format_double;

std::string pct(double v) { return std::isfinite(v) ? fmt::format("{:.1f}%", 100 * v) : "-"; }
std::string num(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "-"; }
std::string dbl(double v) { return std::isfinite(v) ? format_double(v) : ""; }
nlohmann::ordered_json jnum(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

[[noreturn]] void bad(const std::string& key, const std::string& msg) {
  throw scenario::ScenarioError(scenario::command_line("calibrate"), key, msg);
}

bool at_bound(const FitResult& r, int j) {
  return std::find(r.at_bound.begin(), r.at_bound.end(), j) != r.at_bound.end();
}

// The posterior sample: walkers start in a small ball around the estimate, inside the bounds.
PosteriorSummary sample_posterior(const Problem& problem, const CalibrationSpec& spec,
                                  const FitResult& r, const FitOptions& fo,
                                  const CalibrateOptions& o) {
  PosteriorSummary post;
  post.sigma = spec.sigma.value_or(r.sigma);
  post.sigma_given = spec.sigma.has_value();
  if (!std::isfinite(post.sigma) || post.sigma <= 0)
    bad("sigma", "cannot be estimated from the fit (n ≤ p or a perfect fit): give sigma: in the spec");
  const auto logp = log_posterior(problem, post.sigma);
  std::mt19937_64 rng(fo.seed + 1);
  std::normal_distribution<double> N(0.0, 1.0);
  std::vector<Eigen::VectorXd> start;
  for (int w = 0; w < o.walkers; ++w) {
    for (int tries = 0;; ++tries) {
      Eigen::VectorXd x = r.estimate;
      for (int j = 0; j < r.p; ++j) {
        const double width = spec.parameters[j].upper - spec.parameters[j].lower;
        x[j] = std::clamp(x[j] + 1e-3 * width * N(rng), spec.parameters[j].lower, spec.parameters[j].upper);
      }
      if (std::isfinite(logp(x))) {
        start.push_back(x);
        break;
      }
      if (tries > 100) throw std::runtime_error("cannot place the MCMC walkers near the estimate");
    }
  }
  EnsembleOptions eo;
  eo.walkers = o.walkers;
  eo.steps = o.steps;
  eo.burn = o.burn;
  eo.thin = o.thin;
  eo.seed = fo.seed;
  if (o.progress) eo.progress = [&o](int step) { o.progress(step, o.steps); };
  post.chains = sample_ensemble(logp, start, eo);
  post.draws = post.chains.pooled();
  const Eigen::MatrixXd& draws = post.draws;
  post.mean.resize(r.p);
  post.sd.resize(r.p);
  post.q025.resize(r.p);
  post.q975.resize(r.p);
  for (int j = 0; j < r.p; ++j) {
    std::vector<double> c(draws.col(j).data(), draws.col(j).data() + draws.rows());
    std::sort(c.begin(), c.end());
    const double mean = draws.col(j).mean();
    auto q = [&](double p) { return c[static_cast<std::size_t>(p * static_cast<double>(c.size() - 1))]; };
    post.mean[j] = mean;
    post.sd[j] = std::sqrt((draws.col(j).array() - mean).square().sum() / static_cast<double>(draws.rows() - 1));
    post.q025[j] = q(0.025);
    post.q975[j] = q(0.975);
  }
  return post;
}

// The fitted values as a scenario that extends the calibrated one; a scenario can extend it in
// turn. Lever multipliers, event and baseline inputs have no scenario key and are listed as comments.
std::string fitted_yaml(const CalibrationSpec& spec, const FitResult& r, const fs::path& out_dir) {
  std::ostringstream y;
  y << "# Fitted by `clustersim calibrate " << spec.file.string() << "`"
    << (spec.sets.empty() ? "" : " (history fitted with the spec's set: overrides, not written here)") << "\n";
  y << "# n = " << r.n << " observations, p = " << r.p << " parameters, SSR (log) = " << format_double(r.ssr)
    << ", sigma = " << (std::isfinite(r.sigma) ? format_double(r.sigma) : std::string("n/a")) << "\n";
  fs::path base = fs::absolute(spec.scenario_file).lexically_normal();
  fs::path rel = out_dir.empty() ? base : base.lexically_relative(fs::absolute(out_dir).lexically_normal());
  y << "extends: " << rel.generic_string() << "\n";
  std::ostringstream region, skipped;
  std::map<std::string, std::vector<std::string>> cl;
  for (int j = 0; j < r.p; ++j) {
    const auto& in = spec.parameters[j].input;
    const auto parts = scenario::detail::split(in.path, '.');
    std::string value = format_double(r.estimate[j]);
    if (in.unit != "1" && !in.unit.empty()) value += " " + in.unit;
    const std::string interval = std::isfinite(r.lower95[j])
        ? "95% interval " + format_double(r.lower95[j]) + " to " + format_double(r.upper95[j])
        : std::string("no interval");
    if (in.kind == analysis::Input::Kind::ClusterParam && parts.size() == 3) {
      cl[parts[1]].push_back("      " + parts[2] + ": " + value + "  # fitted, " + interval);
    } else if (in.kind == analysis::Input::Kind::RegionParam && parts.size() == 2) {
      region << "    " << parts[1] << ": " << value << "  # fitted, " << interval << "\n";
    } else {
      skipped << "# " << in.path << " = " << format_double(r.estimate[j]) << " (" << interval
              << "): no scenario key; set it by hand if wanted\n";
    }
  }
  if (!cl.empty()) {
    y << "clusters:\n";
    for (const auto& [id, lines] : cl) {
      y << "  " << id << ":\n    params:\n";
      for (const auto& l : lines) y << l << "\n";
    }
  }
  if (!region.str().empty()) y << "region:\n  params:\n" << region.str();
  y << skipped.str();
  return y.str();
}

nlohmann::ordered_json calibration_summary(const Calibration& c) {
  const auto& spec = c.spec;
  const auto& r = c.result;
  const auto& o = c.options;
  nlohmann::ordered_json summary;
  summary["spec"] = spec.file.string();
  summary["scenario"] = spec.scenario_file.string();
  summary["start_year"] = spec.scenario.spec.start_year;
  summary["until"] = o.until ? nlohmann::ordered_json(*o.until) : nlohmann::ordered_json();
  summary["seed"] = c.fit_options.seed;
  summary["starts"] = c.fit_options.starts;
  summary["n"] = r.n;
  summary["p"] = r.p;
  summary["ssr"] = r.ssr;
  summary["sigma"] = jnum(r.sigma);
  summary["model_runs"] = r.evaluations;
  summary["start_ssr"] = r.start_ssr;
  for (int j = 0; j < r.p; ++j)
    summary["parameters"].push_back({{"path", r.paths[j]}, {"estimate", r.estimate[j]}, {"se", jnum(r.se[j])},
                                     {"lower95", jnum(r.lower95[j])}, {"upper95", jnum(r.upper95[j])},
                                     {"unit", spec.parameters[j].input.unit}});
  for (std::size_t k = 0; k < r.series.size(); ++k) {
    const auto& s = r.series[k];
    // What the chart labels the series with: the model variable compared, the cluster's
    // measure (产值, 增加值, 营收) for output, the observations' unit.
    const auto it = std::find_if(spec.series.begin(), spec.series.end(),
                                 [&](const auto& x) { return x.name == s.series && x.scope == s.scope; });
    nlohmann::ordered_json meta;
    if (it != spec.series.end()) {
      const auto& cluster = spec.scenario.clusters[static_cast<std::size_t>(it->cluster)];
      meta["cluster"] = it->cluster_id;
      meta["variable"] = std::string(kClusterVarInfo[static_cast<int>(it->variable)].name);
      meta["measure"] = it->variable == ClusterVar::Output
                            ? std::string(scenario::measure_name(cluster.measure))
                            : std::string();
      meta["unit"] = it->observations.empty()
                         ? std::string(kClusterVarInfo[static_cast<int>(it->variable)].unit)
                         : it->observations.front().canonical_unit;
    }
    summary["series"].push_back({{"series", s.series}, {"scope", s.scope}, {"n", s.in_sample.n},
                                 {"mape", jnum(s.in_sample.mape)}, {"theil_u", jnum(s.in_sample.u)},
                                 {"um", jnum(s.in_sample.um)}, {"us", jnum(s.in_sample.us)},
                                 {"uc", jnum(s.in_sample.uc)}, {"out_of_sample_n", s.out_of_sample.n},
                                 {"out_of_sample_mape", jnum(s.out_of_sample.mape)}});
    for (auto& [key, value] : meta.items()) summary["series"].back()[key] = value;
  }
  if (!r.note.empty()) summary["note"] = r.note;
  if (c.posterior) {
    const auto& post = *c.posterior;
    for (int j = 0; j < r.p; ++j)
      summary["mcmc"]["parameters"].push_back({{"path", r.paths[j]}, {"mean", post.mean[j]}, {"sd", post.sd[j]},
                                               {"rhat", jnum(post.chains.rhat[j])},
                                               {"ess", jnum(post.chains.ess[j])}});
    summary["mcmc"]["walkers"] = o.walkers;
    summary["mcmc"]["steps"] = o.steps;
    summary["mcmc"]["burn"] = o.burn;
    summary["mcmc"]["thin"] = o.thin;
    summary["mcmc"]["sigma"] = post.sigma;
    summary["mcmc"]["acceptance"] = post.chains.acceptance;
  }
  return summary;
}

}  // namespace

Calibration run_calibration(const fs::path& spec_file, const CalibrateOptions& options) {
  const CalibrateOptions& o = options;
  if (o.walkers < 4 || o.walkers % 2) bad("--walkers", "must be even and at least 4");
  if (o.burn < 0 || o.steps <= o.burn) bad("--steps", "must exceed --burn");
  if (o.thin < 1) bad("--thin", "must be at least 1");
  if (o.starts && (*o.starts < 1 || *o.starts > 1000)) bad("--starts", "must be 1–1000");
  Calibration c{load_spec(spec_file), options, {}, {}, std::nullopt};
  const CalibrationSpec& spec = c.spec;
  if (o.until && *o.until <= spec.scenario.spec.start_year)
    bad("--until", "must be after the calibration's start year " + std::to_string(spec.scenario.spec.start_year));
  FitOptions& fo = c.fit_options;
  fo.until = o.until;
  fo.starts = o.starts.value_or(spec.starts);
  fo.seed = o.seed.value_or(spec.seed);
  fo.threads = o.threads;
  const Problem problem(spec, o.until);
  if (problem.num_in_sample() == 0) bad("--until", "no observation on or before " + std::to_string(*o.until));
  c.result = fit(spec, fo);
  if (!c.result.estimate.allFinite()) throw std::runtime_error("non-finite estimate");
  if (o.mcmc) c.posterior = sample_posterior(problem, spec, c.result, fo, o);
  return c;
}

std::string calibration_report(const Calibration& c) {
  const auto& spec = c.spec;
  const auto& r = c.result;
  const auto& until = c.options.until;
  std::ostringstream out;
  out << fmt::format("calibration of {} to {} observation(s) in {} series{}\n", spec.scenario.name, r.n,
                     spec.series.size(), until ? fmt::format(" up to {}", *until) : "");
  out << fmt::format("simulated from {} (baseline) with {} start(s), {} model runs; SSR (log) {:.4g}, sigma {}\n\n",
                     spec.scenario.spec.start_year, c.fit_options.starts, r.evaluations, r.ssr, num(r.sigma));
  out << fmt::format("{:<36} {:>11} {:>11} {:>25}\n", "parameter", "estimate", "std. err.", "approx. 95% interval");
  out << std::string(86, '-') << "\n";
  for (int j = 0; j < r.p; ++j)
    out << fmt::format("{:<36} {:>11} {:>11} {:>25}{}\n", r.paths[j], num(r.estimate[j]), num(r.se[j]),
                       std::isfinite(r.lower95[j]) ? fmt::format("{} to {}", num(r.lower95[j]), num(r.upper95[j])) : "-",
                       at_bound(r, j) ? "  at bound" : "");
  if (!r.note.empty()) out << "note: " << r.note << "\n";
  for (const auto& [a, b] : r.inseparable)
    out << fmt::format("warning: {} and {} are correlated (r = {:.3f}): the data cannot separate them\n",
                       r.paths[a], r.paths[b], r.correlation(a, b));
  out << fmt::format("\n{:<24} {:<40} {:>3} {:>7} {:>7} {:>6} {:>6} {:>6}\n", "series", "scope", "n", "MAPE",
                     "Theil U", "U^M", "U^S", "U^C");
  out << std::string(106, '-') << "\n";
  for (const auto& s : r.series)
    out << fmt::format("{:<24} {:<40} {:>3} {:>7} {:>7} {:>6} {:>6} {:>6}\n", s.series,
                       s.scope.substr(0, 40), s.in_sample.n, pct(s.in_sample.mape), num(s.in_sample.u),
                       num(s.in_sample.um), num(s.in_sample.us), num(s.in_sample.uc));
  if (until) {
    out << fmt::format("\nout of sample (after {}):\n{:<24} {:>5} {:>11} {:>11} {:>8}\n", *until, "series",
                       "year", "observed", "predicted", "error");
    int k = 0;
    for (const auto& pnt : r.points) {
      if (pnt.in_sample) continue;
      ++k;
      out << fmt::format("{:<24} {:>5} {:>11.1f} {:>11.1f} {:>8}\n", pnt.series, pnt.year, pnt.observed,
                         pnt.fitted, pct(pnt.fitted / pnt.observed - 1));
    }
    if (k == 0) out << "(no observation after " << *until << ")\n";
    for (const auto& s : r.series)
      if (s.out_of_sample.n > 0)
        out << fmt::format("{}: out-of-sample MAPE {} over {} observation(s), Theil U {}\n", s.series,
                           pct(s.out_of_sample.mape), s.out_of_sample.n, num(s.out_of_sample.u));
  }
  if (c.posterior) {
    const auto& post = *c.posterior;
    const int walkers = c.options.walkers;
    out << fmt::format("\nposterior ({} walkers x {} kept steps, sigma {:.4g}{}; acceptance {:.2f}):\n", walkers,
                       post.draws.rows() / walkers, post.sigma, post.sigma_given ? " given" : " from the fit",
                       post.chains.acceptance);
    out << fmt::format("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7} {:>8}\n", "parameter", "mean", "sd", "2.5%",
                       "97.5%", "R-hat", "ESS");
    for (int j = 0; j < r.p; ++j) {
      out << fmt::format("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7.3f} {:>8.0f}\n", r.paths[j], num(post.mean[j]),
                         num(post.sd[j]), num(post.q025[j]), num(post.q975[j]), post.chains.rhat[j],
                         post.chains.ess[j]);
      if (post.chains.rhat[j] > 1.05)
        out << fmt::format("warning: R-hat of {} is {:.3f} > 1.05: run longer (--steps)\n", r.paths[j],
                           post.chains.rhat[j]);
    }
  }
  return out.str();
}

std::vector<io::OutputFile> calibration_files(const Calibration& c, const fs::path& out_dir) {
  const auto& spec = c.spec;
  const auto& r = c.result;
  std::ostringstream est, corr, fitted, ser;
  est << "path,estimate,se,lower95,upper95,unit,at_bound\n";
  for (int j = 0; j < r.p; ++j)
    est << io::csv_field(r.paths[j]) << "," << dbl(r.estimate[j]) << "," << dbl(r.se[j]) << ","
        << dbl(r.lower95[j]) << "," << dbl(r.upper95[j]) << "," << io::csv_field(spec.parameters[j].input.unit)
        << "," << (at_bound(r, j) ? "true" : "false") << "\n";
  corr << "path";
  for (const auto& p : r.paths) corr << "," << io::csv_field(p);
  corr << "\n";
  for (int a = 0; a < r.p; ++a) {
    corr << io::csv_field(r.paths[a]);
    for (int b = 0; b < r.p; ++b) corr << "," << dbl(r.correlation(a, b));
    corr << "\n";
  }
  fitted << "series,year,observed,fitted,residual,in_sample\n";
  for (const auto& p : r.points)
    fitted << io::csv_field(p.series) << "," << p.year << "," << dbl(p.observed) << "," << dbl(p.fitted) << ","
           << dbl(p.residual) << "," << (p.in_sample ? "true" : "false") << "\n";
  ser << "series,scope,sample,n,mape,theil_u,um,us,uc\n";
  for (const auto& s : r.series)
    for (const auto& [name, t] : {std::pair{"in", s.in_sample}, std::pair{"out", s.out_of_sample}}) {
      if (t.n == 0) continue;
      ser << io::csv_field(s.series) << "," << io::csv_field(s.scope) << "," << name << "," << t.n << ","
          << dbl(t.mape) << "," << dbl(t.u) << "," << dbl(t.um) << "," << dbl(t.us) << "," << dbl(t.uc) << "\n";
    }
  std::vector<io::OutputFile> files{{"estimates.csv", est.str()},   {"correlation.csv", corr.str()},
                                    {"fitted.csv", fitted.str()},   {"series.csv", ser.str()},
                                    {"summary.json", io::dump_json(calibration_summary(c))},
                                    {"fitted.yaml", fitted_yaml(spec, r, out_dir)}};
  if (c.options.until) {
    std::ostringstream backtest;
    backtest << "series,year,observed,predicted,error_pct\n";
    for (const auto& pnt : r.points) {
      if (pnt.in_sample) continue;
      const double e = pnt.fitted / pnt.observed - 1;
      backtest << io::csv_field(pnt.series) << "," << pnt.year << "," << dbl(pnt.observed) << ","
               << dbl(pnt.fitted) << "," << dbl(100 * e) << "\n";
    }
    files.push_back({"backtest.csv", backtest.str()});
  }
  if (c.posterior) {
    const Eigen::MatrixXd& draws = c.posterior->draws;
    std::ostringstream pc;
    pc << "draw";
    for (const auto& p : r.paths) pc << "," << p;
    pc << "\n";
    for (Eigen::Index i = 0; i < draws.rows(); ++i) {
      pc << i + 1;
      for (int j = 0; j < r.p; ++j) pc << "," << format_double(draws(i, j));
      pc << "\n";
    }
    files.push_back({"posterior.csv", pc.str()});
  }
  return files;
}

}  // namespace clustersim::calibration
