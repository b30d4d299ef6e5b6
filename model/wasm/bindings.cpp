// The WebAssembly module of the simulator page: the app layer's Simulator, one line per method
// (JSON text in and out; see clustersim/app/simulator.hpp).
#include <emscripten/bind.h>

#include "clustersim/app/simulator.hpp"

EMSCRIPTEN_BINDINGS(clustersim) {
  using clustersim::app::Simulator;
  emscripten::class_<Simulator>("Simulator")
      .constructor<const std::string&>()
      .function("info", &Simulator::info)
      .function("run", &Simulator::run)
      .function("analyse", &Simulator::analyse)
      .function("whatif", &Simulator::whatif)
      .function("mcStart", &Simulator::mc_start)
      .function("mcStep", &Simulator::mc_step)
      .function("mcResult", &Simulator::mc_result);
}
