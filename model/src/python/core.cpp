// clustersim._core: the C++ half of the Python module `clustersim` (docs/python.md). One
// expose_<area>() per file; the Python package (model/python/clustersim) builds the friendly
// API (pandas frames, charts, the review pack) on top of these objects.
#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  using namespace clustersim::python;
  m.doc() = "clustersim's C++ core: scenarios, runs, sweeps and calibration (see clustersim).";
  expose_errors(m);
  expose_tables(m);
  expose_scenario(m);
  expose_run(m);
#ifdef CLUSTERSIM_HAVE_SWEEP
  expose_sweep(m);
#endif
#ifdef CLUSTERSIM_HAVE_CALIBRATION
  expose_calibration(m);
#endif
  m.attr("have_sweep") = py::bool_(
#ifdef CLUSTERSIM_HAVE_SWEEP
      true
#else
      false
#endif
  );
  m.attr("have_calibration") = py::bool_(
#ifdef CLUSTERSIM_HAVE_CALIBRATION
      true
#else
      false
#endif
  );
}
