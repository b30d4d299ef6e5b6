// Calibration from Python: `clustersim seek` (the smallest lever level that reaches a target) by
// the same C++ code (calibration::seek), as a dict with the fields of seek's summary.json. The GIL
// is released while it searches. (calibrate/optimize: clustersim.calibration runs the command.)
#ifdef CLUSTERSIM_HAVE_CALIBRATION  // compiled only when the build has the layer (model/src/python/CMakeLists.txt)
#include <cmath>

#include "clustersim/calibration/seek.hpp"
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
  const scenario::SourceLocation cli{"<command line>", 0, 0};
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
}

}  // namespace clustersim::python

#endif  // CLUSTERSIM_HAVE_CALIBRATION
