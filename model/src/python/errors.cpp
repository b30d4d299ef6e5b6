// C++ exceptions -> Python exceptions, with the message the clustersim command prints for the
// same failure (cli::guarded in model/src/cli/common.cpp) and the parts as attributes.
//
//   Error                            base of everything below
//   ScenarioError(Error, ValueError) bad scenario or override: file, line, column, key, message
//   ModelError(Error, ValueError)    inconsistent model: path, message
//   InputError(Error, ValueError)    an input path or argument that names nothing: message
//   NumericalError(Error, RuntimeError)  the integration failed: time, message
//   OutputError(Error, RuntimeError)     a file cannot be written, a non-finite value: message
#include <fmt/format.h>

#include <stdexcept>

#include "clustersim/core/errors.hpp"
#include "common.hpp"

namespace clustersim::python {
namespace {

// Exception types live as long as the interpreter (module attributes hold them too).
PyObject* g_error = nullptr;
PyObject* g_scenario_error = nullptr;
PyObject* g_model_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_numerical_error = nullptr;
PyObject* g_output_error = nullptr;

PyObject* new_type(py::module_& m, const char* name, PyObject* base, PyObject* builtin,
                   const char* doc) {
  const std::string qualified = std::string("clustersim.") + name;
  py::tuple bases = base && builtin ? py::make_tuple(py::handle(base), py::handle(builtin))
                                    : py::make_tuple(py::handle(base ? base : builtin));
  PyObject* type =
      PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module keeps a reference; so do we
  Py_INCREF(type);
  return type;
}

// Raise `type(message)` with extra attributes.
void raise(PyObject* type, const std::string& message, const py::dict& attributes) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message);
  for (auto item : attributes) exc.attr(item.first) = item.second;
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void expose_errors(py::module_& m) {
  g_error = new_type(m, "Error", nullptr, PyExc_Exception,
                     "Base class of clustersim's errors. str(e) is the line the clustersim "
                     "command prints on stderr for the same failure.");
  g_scenario_error = new_type(
      m, "ScenarioError", g_error, PyExc_ValueError,
      "Bad input in a scenario file or an override: str(e) is '<file>:<line>:<column>: error: "
      "<key>: <message>'; attributes file, line, column, key, message.");
  g_model_error = new_type(m, "ModelError", g_error, PyExc_ValueError,
                           "The assembled model is inconsistent; attributes path, message.");
  g_input_error = new_type(m, "InputError", g_error, PyExc_ValueError,
                           "An input path or argument that names nothing (e.g. an unknown "
                           "event in a sweep input); attribute message.");
  g_numerical_error = new_type(
      m, "NumericalError", g_error, PyExc_RuntimeError,
      "The integration failed (a value became non-finite, the step size underflowed, the "
      "baseline could not be reproduced); attributes time (decimal year), message.");
  g_output_error = new_type(m, "OutputError", g_error, PyExc_RuntimeError,
                            "A value to be written is not finite, or a file cannot be written; "
                            "attribute message.");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const scenario::ScenarioError& e) {
      py::dict a;
      a["file"] = e.where().file;
      a["line"] = e.where().line;
      a["column"] = e.where().column;
      a["key"] = e.key();
      a["message"] = e.message();
      raise(g_scenario_error, e.what(), a);
    } catch (const ModelError& e) {
      py::dict a;
      a["path"] = e.path();
      a["message"] = std::string(e.what());
      raise(g_model_error, fmt::format("clustersim: error: {}: {}", e.path(), e.what()), a);
    } catch (const NumericalError& e) {
      py::dict a;
      a["time"] = e.time();
      a["message"] = std::string(e.what());
      raise(g_numerical_error, fmt::format("clustersim: error: the run failed: {}", e.what()), a);
    } catch (const io::OutputError& e) {
      py::dict a;
      a["message"] = std::string(e.what());
      raise(g_output_error, fmt::format("clustersim: error: {}", e.what()), a);
    } catch (const std::invalid_argument& e) {
      py::dict a;
      a["message"] = std::string(e.what());
      raise(g_input_error, fmt::format("clustersim: error: {}", e.what()), a);
    }
  });
}

}  // namespace clustersim::python
