// clustersim seek: the smallest level of one lever that reaches one target (docs/calibration.md).
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "clustersim/calibration/seek.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/sweep/spec.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

const char* kSeekFooter = R"(Finds the smallest level of one policy lever at which the scenario's target for
CLUSTER in YEAR is reached (assumes the target figure never falls when a lever rises):
  --mode scale   a multiplier on the lever's path as the scenario has it (1 = as is)
  --mode amount  a constant annual amount, in the lever's unit, replacing the scenario's path
Both act in the policy years, from the year after the baseline to the target year: the
baseline year is history. A land or floor answer beyond the top of the scenario's uncertainty
range for that row (the most it holds possible) carries a note.
The root of projected - target is bracketed (doubling up to --max) and refined with TOMS 748;
the level printed is the upper end of the final bracket, so a run at it reaches the target.
Levers: fund:CLUSTER (亿元/yr), land[:CLUSTER] (ha/yr), floor[:CLUSTER] (万m²/yr),
talent[:CLUSTER] (persons/yr); without a cluster, the region's shared pool.

Examples:
  clustersim seek scenarios/pingshan-2024.yaml --target ic:2030 --lever fund:ic
  clustersim seek scenarios/pingshan-2024.yaml --target ic:2030 --lever talent --mode amount --out results/seek
)";

struct SeekState {
  RunOptionsCli opts;
  std::string file, target, lever, mode = "scale", out_dir;
  std::string max;  // read once the lever, and so the unit, is known
};

std::string num(double v) { return scenario::detail::format_number(v); }
std::string fixed(double v, int digits) { return fmt::format("{:.{}f}", v, digits); }

nlohmann::ordered_json seek_json(const scenario::Scenario& s, const calibration::SeekResult& r,
                                 const scenario::Target& t) {
  nlohmann::ordered_json j;
  j["status"] = calibration::status_name(r.status);
  j["target"] = {{"cluster", t.cluster}, {"year", t.year}, {"value", r.target}, {"unit", t.unit},
                 {"measure", scenario::measure_name(t.measure)}};
  j["lever"] = calibration::lever_label(s, r.lever);
  j["lever_unit"] = info(r.lever.lever).unit;
  j["mode"] = calibration::mode_name(r.mode);
  if (r.mode == calibration::SeekMode::Amount) j["years"] = {r.first_year, r.last_year};
  j["level"] = r.level;
  j["current"] = r.current;
  j["max"] = r.max;
  j["bracket"] = {r.bracket_low, r.bracket_high};
  j["projected"] = r.projected;
  j["projected_current"] = r.projected_current;
  j["projected_scenario"] = r.projected_scenario;
  j["binding"] = name(r.binding);
  j["evaluations"] = r.evaluations;
  return j;
}

std::function<int()> setup_seek(CLI::App& app) {
  auto st = std::make_shared<SeekState>();
  auto* cmd = app.add_subcommand("seek", "What would it take: the smallest lever level that reaches a target");
  cmd->add_option("scenario", st->file, "Scenario (YAML)")->required()->type_name("SCENARIO.yaml");
  cmd->add_option("--target", st->target, "The scenario's target to reach")->required()->type_name("CLUSTER:YEAR");
  cmd->add_option("--lever", st->lever, "Lever to move: fund|land|floor|talent, optionally :CLUSTER")
      ->required()->type_name("KIND[:CLUSTER]");
  cmd->add_option("--mode", st->mode, "scale (multiplier on the path) or amount (constant per year)")
      ->check(one_of({"scale", "amount"}))->capture_default_str();
  cmd->add_option("--max", st->max, "Upper bound of the search (default: scale 20; amount max(20 x current, a per-lever floor)); in amount mode in the lever's unit, e.g. '80 亿元/yr'")
      ->type_name("X");
  cmd->add_option("-o,--out", st->out_dir, "Write summary.json and the run's files at the level found into DIR")
      ->check(kPath)->type_name("DIR");
  add_set_option(cmd, st->opts, "Override a scenario key, e.g. targets.3.value=1200 (repeatable)");
  cmd->footer(kSeekFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded("seek", [&]() -> int {
      check_out_dir("--out", st->out_dir);
      auto [s, model] = load_checked(st->file, st->opts);
      const scenario::SourceLocation cli = scenario::command_line("seek");
      calibration::SeekRequest req;
      try {
        req.target = calibration::parse_target(s, st->target);
      } catch (const std::invalid_argument& e) {
        throw scenario::ScenarioError(cli, "--target", e.what());
      }
      try {
        req.lever = calibration::parse_lever(s, st->lever);
      } catch (const std::invalid_argument& e) {
        throw scenario::ScenarioError(cli, "--lever", e.what());
      }
      req.mode = st->mode == "amount" ? calibration::SeekMode::Amount : calibration::SeekMode::Scale;
      req.max = kNaN;
      if (!st->max.empty()) {
        // A multiplier in scale mode; an amount in the lever's unit (units as in scenarios).
        std::string text = st->max;
        const std::string unit = req.mode == calibration::SeekMode::Amount
                                     ? std::string(info(req.lever.lever).unit) : "1";
        if (const std::string problem = quantity_in(unit, 0.0, true)(text); !problem.empty())
          bad_option("--max", problem);
        req.max = std::stod(text);
      }
      calibration::SeekResult r;
      try {
        r = calibration::seek(s, req);
      } catch (const std::invalid_argument& e) {
        throw scenario::ScenarioError(cli, "--lever", e.what());
      }
      const scenario::Target& t = s.targets[req.target];
      const std::string cluster_name =
          t.cluster_index >= 0 ? fmt::format("{} ({})", s.clusters[t.cluster_index].name, t.cluster)
                               : std::string("各集群合计 (all)");
      const std::string unit(info(r.lever.lever).unit);
      const std::string label = calibration::lever_label(s, r.lever);
      auto level_text = [&](double x) {
        if (r.mode == calibration::SeekMode::Scale)
          return fmt::format("×{} the scenario's path in {}–{}", fixed(x, 4), r.first_year, r.last_year);
        return fmt::format("{} {} in {}–{}", num(x), unit, r.first_year, r.last_year);
      };
      std::string out = fmt::format("Target: {} {} {} {} ({}); scenario projects {} {}\n", cluster_name,
                                    t.year, num(r.target), t.unit, scenario::measure_name(t.measure),
                                    fixed(r.projected_scenario, 1), t.unit);
      out += fmt::format("Lever:  {} ({}), mode {}; scenario level {}{}\n", label, unit,
                         calibration::mode_name(r.mode), level_text(r.current),
                         r.mode == calibration::SeekMode::Amount
                             ? fmt::format(" on average (held flat at that mean it projects {} {})",
                                           fixed(r.projected_current, 1), t.unit)
                             : std::string());
      switch (r.status) {
        case calibration::SeekResult::Status::Found:
          out += fmt::format("Answer: the target is reached at {}", level_text(r.level));
          break;
        case calibration::SeekResult::Status::AlreadyReached:
          out += fmt::format("Answer: already reached at the scenario's level; the smallest level that "
                             "still reaches it is {}", level_text(r.level));
          break;
        case calibration::SeekResult::Status::Unreachable:
          out += fmt::format("Answer: unreachable even at the bound {}: projected {} {} < target {} {}; "
                             "binding constraint in {} at the bound: {}\n",
                             level_text(r.max), fixed(r.projected, 1), t.unit, num(r.target), t.unit,
                             t.year, name(r.binding));
          break;
      }
      if (r.status != calibration::SeekResult::Status::Unreachable) {
        if (r.current > 0.0 && r.mode == calibration::SeekMode::Amount)
          out += fmt::format(" ({} the scenario's level)", fixed(r.level / r.current, 4) + "×");
        if (r.mode == calibration::SeekMode::Scale) {
          // The same answer as annual amounts: the mean over the policy years.
          double sum = 0.0;
          const int first = std::min(s.spec.start_year + 1, t.year);
          for (int y = first; y <= t.year; ++y) sum += s.spec.lever(r.lever.lever, r.lever.row, y);
          const double mean = sum / (t.year - first + 1);
          out += fmt::format("\n        = {} {} on average in {}–{} (scenario {})", fixed(mean * r.level, 3),
                             unit, first, t.year, fixed(mean, 3));
        }
        out += fmt::format("\n        projected {} {} {} (target {}); binding constraint in {}: {}\n",
                           t.year, fixed(r.projected, 3), t.unit, num(r.target), t.year, name(r.binding));
        out += fmt::format("        bracket [{}, {}], {} runs\n", num(r.bracket_low), num(r.bracket_high),
                           r.evaluations);
      }
      // Land and floor are physically limited: say so when the answer lies beyond the top of the
      // scenario's uncertainty range for the row (the most it holds possible).
      double limit = kNaN;
      for (const auto& l : sweep::physical_lever_limits(s))
        if (l.lever == r.lever.lever && l.row == r.lever.row) limit = l.high;
      if (r.mode == calibration::SeekMode::Amount) limit *= r.current;
      const bool beyond = std::isfinite(limit) && r.status != calibration::SeekResult::Status::Unreachable &&
                          r.level > limit * (1 + 1e-12);
      if (beyond)
        out += fmt::format("Note:   beyond what the scenario holds possible: the top of its uncertainty range for "
                           "levers.{} is {}; `--max {}` tells whether the target is reachable within it\n",
                           fmt::format("{}.{}", info(r.lever.lever).key,
                                       r.lever.row == s.spec.num_clusters() ? std::string("region")
                                                                            : s.clusters[r.lever.row].id),
                           level_text(limit), num(limit));
      if (!st->out_dir.empty()) {
        io::RunInfo run_info;
        run_info.solver = s.solver;
        run_info.overrides = st->opts.sets;
        io::check_finite(s, r.run, r.targets);
        nlohmann::ordered_json summary;
        summary["seek"] = seek_json(s, r, t);
        summary["seek"]["declared_limit"] = std::isfinite(limit) ? nlohmann::ordered_json(limit) : nlohmann::ordered_json(nullptr);
        summary["seek"]["beyond_declared_limit"] = beyond;
        summary["run"] = io::summary_json(s, r.run, r.targets, run_info);
        io::write_atomic(st->out_dir,
                         {{"summary.json", io::dump_json(summary)},
                          {"trajectories.csv", io::trajectories_csv(s, r.run)},
                          {"binding.csv", io::binding_csv(s, r.run)},
                          {"targets.csv", io::targets_csv(s, r.targets)}});
        out += fmt::format("Wrote {} (summary.json, trajectories.csv, binding.csv, targets.csv at the level {})\n",
                           st->out_dir, r.status == calibration::SeekResult::Status::Unreachable ? "of the bound" : "found");
      }
      print(out);
      return 0;
    });
  };
}

const CommandRegistration kSeek({60, "seek", setup_seek});

}  // namespace
}  // namespace clustersim::cli
#endif  // CLUSTERSIM_HAVE_CALIBRATION
