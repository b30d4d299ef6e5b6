// The simulator's run natively: app::Simulator::run on the Pingshan scenario (JSON state in,
// JSON result out), the same call the page makes in WebAssembly. bench/bench_simulator.mjs
// runs this and the page and prints both with their ratio.
//
//   build/bench/bench_app_native [runs]      prints "native_run_us <median> <p95>"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "clustersim/app/export.hpp"
#include "clustersim/app/simulator.hpp"

using namespace clustersim;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  const auto s = scenario::load(std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-2024.yaml");
  app::Simulator sim(app::export_document(s).dump());
  std::vector<double> us;
  using clock = std::chrono::steady_clock;
  for (int k = 0; k < runs + 20; ++k) {
    // The slider positions the page benchmark moves through: IC fund x1.00 .. x2.99.
    const std::string state = "{\"levers\": {\"fund.ic\": " + std::to_string(1.0 + (k % 200) * 0.01) + "}}";
    const auto t0 = clock::now();
    const std::string r = sim.run(state);
    const double t = std::chrono::duration<double, std::micro>(clock::now() - t0).count();
    if (r.find("\"error\"") != std::string::npos) {
      std::fprintf(stderr, "bench_app_native: %s\n", r.c_str());
      return 1;
    }
    if (k >= 20) us.push_back(t);  // after a warm-up
  }
  std::sort(us.begin(), us.end());
  std::printf("native_run_us %.1f %.1f\n", us[us.size() / 2], us[us.size() * 95 / 100]);
  return 0;
}
