// Scale of validation and model building (docs/hardening.md): generated scenarios of many
// clusters are loaded (YAML, validation, units, plausibility, conversion) and their model built;
// prints the time of each and the cost per cluster, which stays flat when the work is linear.
//
//   build/bench/bench_scale [N ...]          default: 1000 10000 100000
//   build/bench/bench_scale --check N        (ctest) a valid file of N clusters loads, and the same
//                                            file with one mistake at its end fails with it
//
// Each cluster has a name, a baseline, a parameter, an input-output coefficient to the next
// cluster and a fund; every tenth cluster a knowledge spillover. The failing file adds an unknown
// cluster id in `matrices.io`, the mistake that makes a loader compare a name against every id.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

std::string generate(int n, bool mistake) {
  std::string y;
  y.reserve(static_cast<std::size_t>(n) * 220);
  y += "scenario: {name: scale-" + std::to_string(n) + "}\n";
  y += "region: {name: 测试区}\n";
  y += "horizon: {start: 2023, end: 2030}\n";
  y += "clusters:\n";
  for (int i = 0; i < n; ++i) {
    const std::string id = "c" + std::to_string(i);
    y += "  " + id + ": {name: 集群" + std::to_string(i) + ", baseline: {year: 2023, value: " +
         std::to_string(100 + i % 50) + " 亿元}, params: {market_growth: " +
         std::to_string(5 + i % 5) + " %/yr}}\n";
  }
  y += "matrices:\n  io:\n";
  for (int i = 0; i + 1 < n; ++i) {
    y += "    c" + std::to_string(i) + ": {c" + std::to_string(i + 1) + ": 0.01}\n";
  }
  if (mistake) y += "    c0x: {c1: 0.01}\n";  // no cluster c0x
  y += "  spillover:\n";
  for (int i = 0; i + 10 < n; i += 10) {
    y += "    c" + std::to_string(i) + ": {c" + std::to_string(i + 10) + ": 0.001}\n";
  }
  y += "levers:\n  fund:\n";
  for (int i = 0; i < n; i += 7) y += "    c" + std::to_string(i) + ": 1 亿元/yr\n";
  return y;
}

fs::path write(int n, bool mistake) {
  const fs::path file = fs::temp_directory_path() /
                        ("clustersim-scale-" + std::to_string(::getpid()) + "-" +
                         std::to_string(n) + (mistake ? "-bad" : "") + ".yaml");
  std::ofstream(file, std::ios::binary) << generate(n, mistake);
  return file;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int check(int n) {
  const fs::path good = write(n, false), bad = write(n, true);
  int status = 0;
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const scenario::Scenario s = scenario::load(good);
    const Model model = scenario::build_model(s);
    if (static_cast<int>(s.clusters.size()) != n || model.num_clusters() != n) {
      std::fprintf(stderr, "bench_scale: %d clusters written, %zu loaded\n", n, s.clusters.size());
      status = 1;
    }
    std::printf("%d clusters: loaded and built in %.2f s\n", n, seconds_since(t0));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_scale: the valid file failed: %s\n", e.what());
    status = 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  try {
    (void)scenario::load(bad);
    std::fprintf(stderr, "bench_scale: the file with an unknown cluster id was accepted\n");
    status = 1;
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    const bool named = what.find("c0x") != std::string::npos;
    std::printf("%d clusters, one unknown id: refused in %.2f s: %s\n", n, seconds_since(t0),
                what.c_str());
    if (!named) {
      std::fprintf(stderr, "bench_scale: the message does not name the unknown id c0x\n");
      status = 1;
    }
  }
  fs::remove(good);
  fs::remove(bad);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--check") return check(std::atoi(argv[2]));
  std::vector<int> sizes;
  for (int k = 1; k < argc; ++k) sizes.push_back(std::atoi(argv[k]));
  if (sizes.empty()) sizes = {1000, 10000, 100000};
  std::printf("%10s %10s %10s %14s %14s\n", "clusters", "load s", "build s", "load us/cl",
              "build us/cl");
  for (const int n : sizes) {
    const fs::path file = write(n, false);
    const auto t0 = std::chrono::steady_clock::now();
    const scenario::Scenario s = scenario::load(file);
    const double load = seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    const Model model = scenario::build_model(s);
    const double build = seconds_since(t1);
    std::printf("%10d %10.3f %10.3f %14.1f %14.1f\n", model.num_clusters(), load, build,
                load / n * 1e6, build / n * 1e6);
    fs::remove(file);
  }
  return 0;
}
