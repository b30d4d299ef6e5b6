// Names of the measures a baseline or target is in. Kept apart from scenario.cpp (which reads
// YAML) so that the WebAssembly build, which has no YAML parser, can use them.
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario {

std::string_view measure_name(Measure m) {
  switch (m) {
    case Measure::Output:
      return "output";
    case Measure::ValueAdded:
      return "value_added";
    case Measure::Revenue:
      return "revenue";
  }
  return "output";
}

std::optional<Measure> parse_measure(std::string_view name) {
  for (Measure m : {Measure::Output, Measure::ValueAdded, Measure::Revenue}) {
    if (measure_name(m) == name) return m;
  }
  return std::nullopt;
}

}  // namespace clustersim::scenario
