// The simulator's run natively: app::Simulator::run on the Pingshan scenario (JSON state in,
// JSON result out), the same call the page makes in WebAssembly. bench/bench_simulator.mjs
// runs this and the page and prints both with their ratio. It also times Simulator::analyse (the
// marginal binding and what the levers buy, 8 x clusters + 2 perturbed runs), which the page runs
// in its worker once the sliders rest.
//
//   build/bench/bench_app_native [runs]   prints "native_run_us <median> <p95>" and
//                                          "native_analyse_ms <median> <p95>" (runs / 10 calls)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "clustersim/app/export.hpp"
#include "clustersim/app/simulator.hpp"

using namespace clustersim;

namespace {

using clock_type = std::chrono::steady_clock;

// The slider positions the page benchmark moves through: IC fund x1.00 .. x2.99.
std::string state(int k) {
  return "{\"levers\": {\"fund.ic\": " + std::to_string(1.0 + (k % 200) * 0.01) + "}}";
}

// Median and 95th percentile of `calls` timed calls (after `warm_up` untimed ones), in `Unit`.
template <class Unit, class F>
bool time_calls(const char* label, int calls, int warm_up, F&& call) {
  std::vector<double> t;
  for (int k = 0; k < calls + warm_up; ++k) {
    const auto t0 = clock_type::now();
    const std::string r = call(k);
    const double dt = std::chrono::duration<double, Unit>(clock_type::now() - t0).count();
    if (r.find("\"error\"") != std::string::npos) {
      std::fprintf(stderr, "bench_app_native: %s\n", r.c_str());
      return false;
    }
    if (k >= warm_up) t.push_back(dt);
  }
  std::sort(t.begin(), t.end());
  std::printf("%s %.1f %.1f\n", label, t[t.size() / 2], t[t.size() * 95 / 100]);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(argc > 1 ? std::atoi(argv[1]) : 200, 10);
  const auto s = scenario::load(std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-2024.yaml");
  app::Simulator sim(app::export_document(s).dump());
  const bool ok =
      time_calls<std::micro>("native_run_us", runs, 20, [&](int k) { return sim.run(state(k)); }) &&
      time_calls<std::milli>("native_analyse_ms", runs / 10, 2,
                             [&](int k) { return sim.analyse(state(k)); });
  return ok ? 0 : 1;
}
