// Shared parts of the Python bindings (clustersim._core): the objects Python holds, zero-copy
// numpy views and the expose_<area>() functions that core.cpp calls, one file each.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/model.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/io/outputs.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::python {

namespace py = pybind11;

// A loaded scenario with its built model. Both are immutable once loaded, so runs on several
// Python threads share them without locks (Model is documented as safe to share).
struct LoadedScenario {
  std::shared_ptr<const scenario::Scenario> scenario;
  std::shared_ptr<const Model> model;
  std::string file;                    // as given
  std::vector<std::string> overrides;  // "path=value", as --set would take them
};

// One run: what `clustersim run` computes, kept together so that numpy views of its series can
// outlive the Python object that produced them (each view holds a reference to this).
struct RunData {
  std::shared_ptr<const scenario::Scenario> scenario;
  RunResult result;
  std::vector<analysis::TargetRow> targets;
  io::RunInfo info;
};

struct PyRun {
  std::shared_ptr<const RunData> data;
};

// Load and build as the CLI does (cli::load_checked): scenario, model, solver settings checked.
LoadedScenario load_scenario(const std::string& file, const std::vector<std::string>& overrides);

// Run as the CLI does (cli::load_and_run): simulate, analyse (marginal binding, lever
// responses, reality checks; skipped when !analyse, as `run --quick`), evaluate the targets,
// check finiteness. Call without the GIL.
// `sweep_runs`: runs of the uncertainty sweep behind the targets' probabilities; -1: as
// `clustersim run` (2,000 when the scenario declares uncertainty, none when quick), 0: none.
std::shared_ptr<const RunData> run_scenario(const LoadedScenario& s, bool analyse = true,
                                            long sweep_runs = 0);

// A read-only numpy view of `data` that keeps `owner` alive (no copy).
py::array readonly_view(const py::dtype& dtype, std::vector<py::ssize_t> shape,
                        std::vector<py::ssize_t> strides, const void* data,
                        std::shared_ptr<const void> owner);

py::dict target_row_dict(const analysis::TargetRow& row);
py::object optional_to_py(const std::optional<double>& v);
py::object optional_to_py(const std::optional<int>& v);

// {file name: bytes} for the files a command writes (sweep, calibrate, optimize), as Python gets them.
py::dict files_dict(const std::map<std::string, std::string>& files);

void expose_errors(py::module_& m);
void expose_tables(py::module_& m);
void expose_scenario(py::module_& m);
void expose_run(py::module_& m);
void expose_sweep(py::module_& m);
void expose_calibration(py::module_& m);

}  // namespace clustersim::python
