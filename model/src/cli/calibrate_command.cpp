// clustersim calibrate: fit scenario inputs to history, backtest, MCMC (docs/calibration.md).
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include <fmt/format.h>
#include <unistd.h>

#include <memory>

#include "clustersim/calibration/outputs.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

namespace cal = clustersim::calibration;

struct CalibrateState {
  std::string file;
  cal::CalibrateOptions o;
  std::string out_dir;
  bool quiet = false;
};

std::function<int()> setup_calibrate(CLI::App& app) {
  auto st = std::make_shared<CalibrateState>();
  auto* cmd = app.add_subcommand("calibrate", "Fit scenario inputs to history (least squares, backtests, MCMC)");
  cmd->add_option("spec", st->file, "Calibration spec (YAML)")->type_name("SPEC.yaml")->required();
  cmd->add_option("--until", st->o.until, "Fit on observations up to YEAR; report the later ones out of sample")
      ->check(whole_number(1000, 9999))->type_name("YEAR");
  cmd->add_flag("--mcmc", st->o.mcmc, "Also draw a posterior sample (affine-invariant ensemble sampler)");
  cmd->add_option("--walkers", st->o.walkers, "MCMC walkers (even)")->check(whole_number(4, 10'000))->capture_default_str();
  cmd->add_option("--steps", st->o.steps, "MCMC steps per walker")->check(whole_number(1, 10'000'000))->capture_default_str();
  cmd->add_option("--burn", st->o.burn, "MCMC burn-in steps")->check(whole_number(0, 10'000'000))->capture_default_str();
  cmd->add_option("--thin", st->o.thin, "Keep every THIN-th step")->check(whole_number(1, 10'000'000))->capture_default_str();
  cmd->add_option("--seed", st->o.seed, "Seed of the starts and the sampler (default: the spec's, else 1)")->check(kSeed);
  cmd->add_option("--starts", st->o.starts, "Local searches from a Latin hypercube (default: the spec's, else 8)")
      ->check(whole_number(1, 1000));
  cmd->add_option("--threads", st->o.threads, "Threads for the starts (0: all cores)")->check(whole_number(0, 1024))->capture_default_str();
  cmd->add_option("-o,--out", st->out_dir, "Write estimates, fitted values, statistics and fitted.yaml into DIR")
      ->check(kPath)->type_name("DIR");
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
    return guarded("calibrate", [&]() -> int {
      cal::CalibrateOptions& o = st->o;
      check_out_dir("--out", st->out_dir);
      // The chain is kept whole in memory (walkers x steps x parameters).
      if (o.mcmc && static_cast<double>(o.walkers) * o.steps > 1e8)
        bad_option("--steps", fmt::format("--walkers {} x --steps {} is more than 100,000,000 "
                                          "states to keep: use fewer steps or walkers",
                                          o.walkers, o.steps));
      if (isatty(STDERR_FILENO) != 0 && !st->quiet)
        o.progress = [](int step, int steps) {
          if (step % 20 == 0 || step + 1 == steps) fmt::print(stderr, "\rmcmc: step {}/{}", step + 1, steps);
          if (step + 1 == steps) fmt::print(stderr, "\n");
        };
      const cal::Calibration c = cal::run_calibration(st->file, o);
      if (!st->quiet) print(cal::calibration_report(c));
      if (!st->out_dir.empty()) io::write_atomic(st->out_dir, cal::calibration_files(c, st->out_dir));
      return 0;
    });
  };
}

const CommandRegistration kCalibrate({50, "calibrate", setup_calibrate});

}  // namespace
}  // namespace clustersim::cli
#endif
