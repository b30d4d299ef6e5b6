// Calibration from Python, by the same C++ code as the command, the GIL released while it works:
//   seek       `clustersim seek` (calibration::seek), a dict with the fields of its summary.json;
//   calibrate  `clustersim calibrate` (calibration::run_calibration and calibration_files), the
//              files --out writes as {name: bytes}, plus report.txt (the printed text);
//   optimize   `clustersim optimize` (calibration::optimize_request, run_optimize and
//              optimize_files), likewise.
#ifdef CLUSTERSIM_HAVE_CALIBRATION  // compiled only when the build has the layer (model/src/python/CMakeLists.txt)
#include <cmath>
#include <map>
#include <optional>

#include "clustersim/calibration/outputs.hpp"
#include "clustersim/calibration/seek.hpp"
#include "clustersim/sweep/spec.hpp"
#include "common.hpp"

namespace clustersim::python {

namespace {

struct SeekOut {
  calibration::SeekResult r;
  scenario::Target target;
  std::string lever;
};

SeekOut do_seek(const LoadedScenario& s, const std::string& target, const std::string& lever,
                const std::string& mode, double max) {
  const scenario::Scenario& sc = *s.scenario;
  const scenario::SourceLocation cli = scenario::command_line("seek");
  calibration::SeekRequest req;
  try {
    req.target = calibration::parse_target(sc, target);
  } catch (const std::invalid_argument& e) {
    throw scenario::ScenarioError(cli, "--target", e.what());
  }
  try {
    req.lever = calibration::parse_lever(sc, lever);
  } catch (const std::invalid_argument& e) {
    throw scenario::ScenarioError(cli, "--lever", e.what());
  }
  if (mode != "scale" && mode != "amount")
    throw scenario::ScenarioError(cli, "--mode", "must be scale or amount, got '" + mode + "'");
  req.mode = mode == "amount" ? calibration::SeekMode::Amount : calibration::SeekMode::Scale;
  req.max = max;
  SeekOut out;
  try {
    out.r = calibration::seek(sc, req);
  } catch (const std::invalid_argument& e) {
    throw scenario::ScenarioError(cli, "--lever", e.what());
  }
  out.target = sc.targets[static_cast<std::size_t>(req.target)];
  out.lever = calibration::lever_label(sc, out.r.lever);
  return out;
}

using Files = std::map<std::string, std::string>;

Files to_map(std::vector<io::OutputFile> files, std::string report) {
  Files out;
  for (auto& f : files) out[f.name] = std::move(f.content);
  out["report.txt"] = std::move(report);
  return out;
}

}  // namespace

void expose_calibration(py::module_& m) {
  m.def(
      "seek",
      [](const LoadedScenario& s, const std::string& target, const std::string& lever,
         const std::string& mode, double max) {
        SeekOut o;
        {
          py::gil_scoped_release release;
          o = do_seek(s, target, lever, mode, max);
        }
        const auto& r = o.r;
        py::dict d;
        d["status"] = std::string(calibration::status_name(r.status));
        d["cluster"] = o.target.cluster;
        d["year"] = o.target.year;
        d["target"] = r.target;
        d["unit"] = o.target.unit;
        d["lever"] = o.lever;
        d["lever_unit"] = std::string(info(r.lever.lever).unit);
        d["mode"] = std::string(calibration::mode_name(r.mode));
        d["level"] = r.level;
        d["current"] = r.current;
        d["max"] = r.max;
        d["bracket"] = py::make_tuple(r.bracket_low, r.bracket_high);
        d["projected"] = r.projected;
        d["projected_current"] = r.projected_current;
        d["binding"] = std::string(name(r.binding));
        d["evaluations"] = r.evaluations;
        return d;
      },
      py::arg("scenario"), py::arg("target"), py::arg("lever"), py::arg("mode") = "scale",
      py::arg("max") = std::nan(""),
      "`clustersim seek`: the smallest lever level reaching a target (summary.json's fields). "
      "Releases the GIL.");

  // The command's defaults, from the layer's option structs.
  const calibration::CalibrateOptions cal_defaults;
  const calibration::OptimizeRequest opt_defaults;
  m.def(
      "calibrate",
      [](const std::string& spec, std::optional<int> until, bool mcmc, int walkers, int steps, int burn,
         int thin, std::optional<unsigned long long> seed, std::optional<int> starts, int threads,
         const std::string& out_dir) {
        calibration::CalibrateOptions o;
        o.until = until;
        o.mcmc = mcmc;
        o.walkers = walkers;
        o.steps = steps;
        o.burn = burn;
        o.thin = thin;
        o.seed = seed;
        o.starts = starts;
        o.threads = threads;
        Files files;
        {
          py::gil_scoped_release release;
          const calibration::Calibration c = calibration::run_calibration(spec, o);
          files = to_map(calibration::calibration_files(c, out_dir), calibration::calibration_report(c));
        }
        return files_dict(files);
      },
      py::arg("spec"), py::arg("until") = py::none(), py::arg("mcmc") = false,
      py::arg("walkers") = cal_defaults.walkers, py::arg("steps") = cal_defaults.steps,
      py::arg("burn") = cal_defaults.burn, py::arg("thin") = cal_defaults.thin, py::arg("seed") = py::none(),
      py::arg("starts") = py::none(), py::arg("threads") = 0, py::arg("out_dir") = "",
      "`clustersim calibrate SPEC`: {file name: bytes} of what --out writes (fitted.yaml's extends: "
      "relative to out_dir, absolute when empty), plus report.txt, the printed text. Releases the GIL.");

  m.def(
      "optimize",
      [](const LoadedScenario& s, const std::vector<std::string>& targets, double budget,
         const std::string& objective, double max_multiplier, int max_evaluations, int starts,
         double cost_land, double cost_floor, double cost_talent, const std::vector<std::string>& bounds) {
        calibration::OptimizeRequest req;
        req.max_multiplier = max_multiplier;
        req.max_evaluations = max_evaluations;
        req.starts = starts;
        req.costs.land = cost_land;
        req.costs.floor = cost_floor;
        req.costs.talent = cost_talent;
        Files files;
        {
          py::gil_scoped_release release;
          const scenario::Scenario& sc = *s.scenario;
          req = calibration::optimize_request(sc, req, objective, budget, targets, bounds);
          // As the command: land and floor bounded at the top of the scenario's declared range.
          for (const auto& l : sweep::physical_lever_limits(sc)) req.declared_bounds.push_back({{l.lever, l.row}, l.high});
          const calibration::OptimizeResult r = calibration::run_optimize(sc, req);
          files = to_map(calibration::optimize_files(sc, req, r, s.file, s.overrides),
                         calibration::optimize_report(sc, req, r));
        }
        return files_dict(files);
      },
      py::arg("scenario"), py::arg("targets") = std::vector<std::string>{},
      py::arg("budget") = std::nan(""), py::arg("objective") = "cost",
      py::arg("max_multiplier") = opt_defaults.max_multiplier,
      py::arg("max_evaluations") = opt_defaults.max_evaluations, py::arg("starts") = opt_defaults.starts,
      py::arg("cost_land") = opt_defaults.costs.land, py::arg("cost_floor") = opt_defaults.costs.floor,
      py::arg("cost_talent") = opt_defaults.costs.talent, py::arg("bounds") = std::vector<std::string>{},
      "`clustersim optimize`: {file name: bytes} of what --out writes (allocation.csv, targets.csv, "
      "summary.json), plus report.txt, the printed text. budget NaN: none. Releases the GIL.");
  // The request's defaults, which clustersim.optimize repeats in its signature (checked by a test).
  py::dict optimize_defaults;
  optimize_defaults["max_multiplier"] = opt_defaults.max_multiplier;
  optimize_defaults["max_evaluations"] = opt_defaults.max_evaluations;
  optimize_defaults["starts"] = opt_defaults.starts;
  optimize_defaults["cost_land"] = opt_defaults.costs.land;
  optimize_defaults["cost_floor"] = opt_defaults.costs.floor;
  optimize_defaults["cost_talent"] = opt_defaults.costs.talent;
  m.attr("optimize_defaults") = optimize_defaults;
}

}  // namespace clustersim::python

#endif  // CLUSTERSIM_HAVE_CALIBRATION
