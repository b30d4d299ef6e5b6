// clustersim calibrate: fit scenario inputs to history, backtest, MCMC (docs/calibration.md).
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <sstream>

#include "clustersim/calibration/fit.hpp"
#include "clustersim/calibration/mcmc.hpp"
#include "clustersim/calibration/spec.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

namespace fs = std::filesystem;
namespace cal = clustersim::calibration;
using io::format_double;

struct CalibrateState {
  std::string file;
  std::optional<int> until;
  bool mcmc = false;
  int walkers = 32, steps = 2000, burn = 500, thin = 1;
  std::optional<unsigned long long> seed;
  std::optional<int> starts;
  int threads = 0;
  std::string out_dir;
  bool quiet = false;
};

std::string pct(double v) { return std::isfinite(v) ? fmt::format("{:.1f}%", 100 * v) : "-"; }
std::string num(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "-"; }
std::string dbl(double v) { return std::isfinite(v) ? format_double(v) : ""; }

// The fitted values as a scenario that extends the calibrated one; a scenario can extend it in
// turn. Lever multipliers, event and baseline inputs have no scenario key and are listed as comments.
std::string fitted_yaml(const cal::CalibrationSpec& spec, const cal::FitResult& r, const fs::path& out_dir) {
  std::ostringstream y;
  y << "# Fitted by `clustersim calibrate " << spec.file.string() << "`"
    << (spec.sets.empty() ? "" : " (history fitted with the spec's set: overrides, not written here)") << "\n";
  y << "# n = " << r.n << " observations, p = " << r.p << " parameters, SSR (log) = " << format_double(r.ssr)
    << ", sigma = " << (std::isfinite(r.sigma) ? format_double(r.sigma) : std::string("n/a")) << "\n";
  fs::path base = fs::absolute(spec.scenario_file).lexically_normal();
  fs::path rel = out_dir.empty() ? base : base.lexically_relative(fs::absolute(out_dir).lexically_normal());
  y << "extends: " << rel.generic_string() << "\n";
  std::ostringstream clusters, region, skipped;
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

std::function<int()> setup_calibrate(CLI::App& app) {
  auto st = std::make_shared<CalibrateState>();
  auto* cmd = app.add_subcommand("calibrate", "Fit scenario inputs to history (least squares, backtests, MCMC)");
  cmd->add_option("spec", st->file, "Calibration spec (YAML)")->type_name("SPEC.yaml")->required();
  cmd->add_option("--until", st->until, "Fit on observations up to YEAR; report the later ones out of sample")
      ->type_name("YEAR");
  cmd->add_flag("--mcmc", st->mcmc, "Also draw a posterior sample (affine-invariant ensemble sampler)");
  cmd->add_option("--walkers", st->walkers, "MCMC walkers (even)")->capture_default_str();
  cmd->add_option("--steps", st->steps, "MCMC steps per walker")->capture_default_str();
  cmd->add_option("--burn", st->burn, "MCMC burn-in steps")->capture_default_str();
  cmd->add_option("--thin", st->thin, "Keep every THIN-th step")->capture_default_str();
  cmd->add_option("--seed", st->seed, "Seed of the starts and the sampler (default: the spec's, else 1)");
  cmd->add_option("--starts", st->starts, "Local searches from a Latin hypercube (default: the spec's, else 8)");
  cmd->add_option("--threads", st->threads, "Threads for the starts (0: all cores)")->capture_default_str();
  cmd->add_option("-o,--out", st->out_dir, "Write estimates, fitted values, statistics and fitted.yaml into DIR")
      ->type_name("DIR");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on stdout");
  cmd->footer(R"(Writes with --out: estimates.csv, correlation.csv, fitted.csv (series,year,observed,fitted,
residual,in_sample), series.csv (MAPE, Theil U, U^M, U^S, U^C), backtest.csv (with --until),
posterior.csv (with --mcmc; header draw,<input path>,...), summary.json and fitted.yaml
(a scenario extending the calibrated one with the fitted values).

Example:
  clustersim calibrate calibration/shenzhen-ic.yaml --out results/ic-fit
  clustersim calibrate calibration/shenzhen-ic.yaml --until 2017
  clustersim calibrate calibration/shenzhen-ic.yaml --mcmc --walkers 16 --steps 1000 --burn 300)");
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded([&]() -> int {
      auto bad = [](const std::string& key, const std::string& msg) {
        throw scenario::ScenarioError({"<command line>", 0, 0}, key, msg);
      };
      if (st->walkers < 4 || st->walkers % 2) bad("--walkers", "must be even and at least 4");
      if (st->burn < 0 || st->steps <= st->burn) bad("--steps", "must exceed --burn");
      if (st->thin < 1) bad("--thin", "must be at least 1");
      if (st->starts && (*st->starts < 1 || *st->starts > 1000)) bad("--starts", "must be 1–1000");
      const cal::CalibrationSpec spec = cal::load_spec(st->file);
      if (st->until && *st->until <= spec.scenario.spec.start_year)
        bad("--until", "must be after the calibration's start year " + std::to_string(spec.scenario.spec.start_year));
      cal::FitOptions fo;
      fo.until = st->until;
      fo.starts = st->starts.value_or(spec.starts);
      fo.seed = st->seed.value_or(spec.seed);
      fo.threads = st->threads;
      const cal::Problem problem(spec, st->until);
      if (problem.num_in_sample() == 0) bad("--until", "no observation on or before " + std::to_string(*st->until));
      const cal::FitResult r = cal::fit(spec, fo);
      if (!r.estimate.allFinite()) throw std::runtime_error("non-finite estimate");

      std::ostringstream out;
      out << fmt::format("calibration of {} to {} observation(s) in {} series{}\n", spec.scenario.name, r.n,
                         spec.series.size(), st->until ? fmt::format(" up to {}", *st->until) : "");
      out << fmt::format("simulated from {} (baseline) with {} start(s), {} model runs; SSR (log) {:.4g}, sigma {}\n\n",
                         spec.scenario.spec.start_year, fo.starts, r.evaluations, r.ssr, num(r.sigma));
      out << fmt::format("{:<36} {:>11} {:>11} {:>25}\n", "parameter", "estimate", "std. err.", "approx. 95% interval");
      out << std::string(86, '-') << "\n";
      for (int j = 0; j < r.p; ++j) {
        const bool edge = std::find(r.at_bound.begin(), r.at_bound.end(), j) != r.at_bound.end();
        out << fmt::format("{:<36} {:>11} {:>11} {:>25}{}\n", r.paths[j], num(r.estimate[j]), num(r.se[j]),
                           std::isfinite(r.lower95[j]) ? fmt::format("{} to {}", num(r.lower95[j]), num(r.upper95[j])) : "-",
                           edge ? "  at bound" : "");
      }
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
      std::ostringstream backtest;
      if (st->until) {
        backtest << "series,year,observed,predicted,error_pct\n";
        out << fmt::format("\nout of sample (after {}):\n{:<24} {:>5} {:>11} {:>11} {:>8}\n", *st->until, "series",
                           "year", "observed", "predicted", "error");
        int k = 0;
        for (const auto& pnt : r.points) {
          if (pnt.in_sample) continue;
          ++k;
          const double e = pnt.fitted / pnt.observed - 1;
          out << fmt::format("{:<24} {:>5} {:>11.1f} {:>11.1f} {:>8}\n", pnt.series, pnt.year, pnt.observed,
                             pnt.fitted, pct(e));
          backtest << io::csv_field(pnt.series) << "," << pnt.year << "," << dbl(pnt.observed) << ","
                   << dbl(pnt.fitted) << "," << dbl(100 * e) << "\n";
        }
        if (k == 0) out << "(no observation after " << *st->until << ")\n";
        for (const auto& s : r.series)
          if (s.out_of_sample.n > 0)
            out << fmt::format("{}: out-of-sample MAPE {} over {} observation(s), Theil U {}\n", s.series,
                               pct(s.out_of_sample.mape), s.out_of_sample.n, num(s.out_of_sample.u));
      }

      nlohmann::ordered_json summary;
      summary["spec"] = spec.file.string();
      summary["scenario"] = spec.scenario_file.string();
      summary["start_year"] = spec.scenario.spec.start_year;
      summary["until"] = st->until ? nlohmann::ordered_json(*st->until) : nlohmann::ordered_json();
      summary["seed"] = fo.seed;
      summary["starts"] = fo.starts;
      summary["n"] = r.n;
      summary["p"] = r.p;
      summary["ssr"] = r.ssr;
      summary["sigma"] = std::isfinite(r.sigma) ? nlohmann::ordered_json(r.sigma) : nlohmann::ordered_json();
      summary["model_runs"] = r.evaluations;
      summary["start_ssr"] = r.start_ssr;
      auto jnum = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
      for (int j = 0; j < r.p; ++j)
        summary["parameters"].push_back({{"path", r.paths[j]}, {"estimate", r.estimate[j]}, {"se", jnum(r.se[j])},
                                         {"lower95", jnum(r.lower95[j])}, {"upper95", jnum(r.upper95[j])},
                                         {"unit", spec.parameters[j].input.unit}});
      for (const auto& s : r.series)
        summary["series"].push_back({{"series", s.series}, {"scope", s.scope}, {"n", s.in_sample.n},
                                     {"mape", jnum(s.in_sample.mape)}, {"theil_u", jnum(s.in_sample.u)},
                                     {"um", jnum(s.in_sample.um)}, {"us", jnum(s.in_sample.us)},
                                     {"uc", jnum(s.in_sample.uc)}, {"out_of_sample_n", s.out_of_sample.n},
                                     {"out_of_sample_mape", jnum(s.out_of_sample.mape)}});
      if (!r.note.empty()) summary["note"] = r.note;

      std::string posterior;
      if (st->mcmc) {
        double sigma = spec.sigma.value_or(r.sigma);
        if (!std::isfinite(sigma) || sigma <= 0)
          bad("sigma", "cannot be estimated from the fit (n ≤ p or a perfect fit): give sigma: in the spec");
        const auto logp = cal::log_posterior(problem, sigma);
        // Walkers start in a small ball around the estimate, inside the bounds.
        std::mt19937_64 rng(fo.seed + 1);
        std::normal_distribution<double> N(0.0, 1.0);
        std::vector<Eigen::VectorXd> start;
        for (int w = 0; w < st->walkers; ++w) {
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
        cal::EnsembleOptions eo;
        eo.walkers = st->walkers;
        eo.steps = st->steps;
        eo.burn = st->burn;
        eo.thin = st->thin;
        eo.seed = fo.seed;
        const bool tty = isatty(STDERR_FILENO) != 0 && !st->quiet;
        if (tty)
          eo.progress = [&](int step) {
            if (step % 20 == 0 || step + 1 == eo.steps)
              fmt::print(stderr, "\rmcmc: step {}/{}", step + 1, eo.steps);
            if (step + 1 == eo.steps) fmt::print(stderr, "\n");
          };
        const cal::Chains ch = cal::sample_ensemble(logp, start, eo);
        const Eigen::MatrixXd draws = ch.pooled();
        std::ostringstream pc;
        pc << "draw";
        for (const auto& p : r.paths) pc << "," << p;
        pc << "\n";
        for (Eigen::Index i = 0; i < draws.rows(); ++i) {
          pc << i + 1;
          for (int j = 0; j < r.p; ++j) pc << "," << format_double(draws(i, j));
          pc << "\n";
        }
        posterior = pc.str();
        out << fmt::format("\nposterior ({} walkers x {} kept steps, sigma {:.4g}{}; acceptance {:.2f}):\n",
                           st->walkers, draws.rows() / st->walkers, sigma, spec.sigma ? " given" : " from the fit",
                           ch.acceptance);
        out << fmt::format("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7} {:>8}\n", "parameter", "mean", "sd", "2.5%",
                           "97.5%", "R-hat", "ESS");
        for (int j = 0; j < r.p; ++j) {
          std::vector<double> c(draws.col(j).data(), draws.col(j).data() + draws.rows());
          std::sort(c.begin(), c.end());
          const double mean = draws.col(j).mean();
          const double sd = std::sqrt((draws.col(j).array() - mean).square().sum() / static_cast<double>(draws.rows() - 1));
          auto q = [&](double p) { return c[static_cast<std::size_t>(p * static_cast<double>(c.size() - 1))]; };
          out << fmt::format("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7.3f} {:>8.0f}\n", r.paths[j], num(mean), num(sd),
                             num(q(0.025)), num(q(0.975)), ch.rhat[j], ch.ess[j]);
          summary["mcmc"]["parameters"].push_back({{"path", r.paths[j]}, {"mean", mean}, {"sd", sd},
                                                   {"rhat", jnum(ch.rhat[j])}, {"ess", jnum(ch.ess[j])}});
          if (ch.rhat[j] > 1.05)
            out << fmt::format("warning: R-hat of {} is {:.3f} > 1.05: run longer (--steps)\n", r.paths[j], ch.rhat[j]);
        }
        summary["mcmc"]["walkers"] = st->walkers;
        summary["mcmc"]["steps"] = st->steps;
        summary["mcmc"]["burn"] = st->burn;
        summary["mcmc"]["thin"] = st->thin;
        summary["mcmc"]["sigma"] = sigma;
        summary["mcmc"]["acceptance"] = ch.acceptance;
      }
      if (!st->quiet) print(out.str());

      if (!st->out_dir.empty()) {
        std::ostringstream est, corr, fitted, ser;
        est << "path,estimate,se,lower95,upper95,unit,at_bound\n";
        for (int j = 0; j < r.p; ++j)
          est << io::csv_field(r.paths[j]) << "," << dbl(r.estimate[j]) << "," << dbl(r.se[j]) << ","
              << dbl(r.lower95[j]) << "," << dbl(r.upper95[j]) << "," << io::csv_field(spec.parameters[j].input.unit)
              << "," << (std::find(r.at_bound.begin(), r.at_bound.end(), j) != r.at_bound.end() ? "true" : "false")
              << "\n";
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
                                          {"summary.json", io::dump_json(summary)},
                                          {"fitted.yaml", fitted_yaml(spec, r, st->out_dir)}};
        if (st->until) files.push_back({"backtest.csv", backtest.str()});
        if (st->mcmc) files.push_back({"posterior.csv", posterior});
        io::write_atomic(st->out_dir, files);
      }
      return 0;
    });
  };
}

const CommandRegistration kCalibrate({50, "calibrate", setup_calibrate});

}  // namespace
}  // namespace clustersim::cli
#endif
