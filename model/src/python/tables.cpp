// The model's reference tables (variables, parameters, levers, constraints), the JSON Schema of
// the scenario format and the version: the same tables the CLI, the docs and the loader read.
#include <cmath>

#include "clustersim/core/params.hpp"
#include "clustersim/core/variables.hpp"
#include "common.hpp"

namespace clustersim::python {
namespace {

py::list variables() {
  py::list out;
  auto add = [&](const VarInfo& v, const char* scope) {
    py::dict d;
    d["name"] = std::string(v.name);
    d["scope"] = scope;
    d["unit"] = std::string(v.unit);
    d["kind"] = v.flow ? "flow" : "stock";
    d["meaning"] = std::string(v.meaning);
    out.append(d);
  };
  for (const auto& v : kClusterVarInfo) add(v, "cluster");
  for (const auto& v : kRegionVarInfo) add(v, "region");
  return out;
}

py::object finite_or_none(double v) {
  return std::isnan(v) ? py::none() : py::object(py::float_(v));
}

py::list parameters() {
  py::list out;
  auto add = [&](const ParamInfo& p, const char* scope) {
    py::dict d;
    d["key"] = std::string(p.key);
    d["scope"] = scope;
    d["unit"] = std::string(p.unit);
    d["default"] = finite_or_none(p.default_value);
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["lower_open"] = p.lower_open;
    d["meaning"] = std::string(p.meaning);
    d["source"] = std::string(p.source);
    d["label_zh"] = std::string(p.label_zh);
    d["label_en"] = std::string(p.label_en);
    out.append(d);
  };
  for (const auto& p : kClusterParamInfo) add(p, "cluster");
  for (const auto& p : kRegionParamInfo) add(p, "region");
  return out;
}

py::list levers() {
  py::list out;
  for (const auto& l : kLeverInfo) {
    py::dict d;
    d["key"] = std::string(l.key);
    d["unit"] = std::string(l.unit);
    d["region_allowed"] = l.region_allowed;
    d["meaning"] = std::string(l.meaning);
    d["label_zh"] = std::string(l.label_zh);
    d["label_en"] = std::string(l.label_en);
    out.append(d);
  }
  return out;
}

py::list constraints() {
  py::list out;
  for (const auto& c : kConstraintNames) out.append(std::string(c));
  return out;
}

}  // namespace

void expose_tables(py::module_& m) {
  m.def("variables", &variables,
        "Every series of a run: name, scope ('cluster' or 'region'), unit, kind ('flow': "
        "integral over the calendar year; 'stock': value on 31 December) and meaning, in the "
        "order of trajectories.csv.");
  m.def("parameters", &parameters,
        "Every cluster and region parameter: key, scope, canonical unit, default (None when "
        "derived at the start of a run), admissible range, meaning and source.");
  m.def("levers", &levers, "The policy levers: key, unit, region_allowed, meaning.");
  m.def("constraints", &constraints,
        "Names of the binding constraints, in the order of their integer codes.");
  m.def(
      "schema", [] { return scenario::json_schema(); },
      "The JSON Schema (draft 2020-12) of the scenario format, as `clustersim schema` prints it.");
  m.def(
      "version", [] { return std::string(io::version()); },
      "clustersim's version (the CMake project version).");
}

}  // namespace clustersim::python
