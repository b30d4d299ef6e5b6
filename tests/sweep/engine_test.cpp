// The sweep engine on the Pingshan model: the same bits on any thread count, failed runs kept,
// an interrupted sweep resumed to the same files, bands that converge, probabilities that are
// the share of runs, tornado swings equal to two direct runs, Sobol indices that behave.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/engine.hpp"
#include "clustersim/sweep/outputs.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

const std::string kBase = std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-2024.yaml";

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / ("clustersim-engine-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

// Four uncertain inputs (one pair correlated), plus `extra` lines under inputs.
fs::path write_sweep(const std::string& name, const std::string& extra = "",
                     bool correlated = true) {
  const fs::path file = temp_dir() / name;
  std::ofstream(file) << "extends: " << kBase << "\n"
                      << "uncertainty: !replace\n"
                         "  inputs:\n"
                         "    clusters.ic.market_growth: {distribution: triangular, low: 0.1, mode: 0.198, high: 0.25}\n"
                         "    levers.fund.ic: {distribution: triangular, low: 0.5, mode: 1, high: 3}\n"
                         "    events.byd_licence_moves.value: {distribution: uniform, low: 0.5, high: 1}\n"
                         "    levers.land.region: {distribution: uniform, low: 0.5, high: 1.5}\n"
                      << extra
                      << (correlated ? "  correlations:\n    - [levers.fund.ic, levers.land.region, 0.5]\n"
                                     : "");
  return file;
}

struct Sweep {
  scenario::Scenario scenario;
  sweep::Uncertainty uncertainty;
  std::vector<sweep::OutputSpec> outputs;
  sweep::SweepInfo info;
  sweep::SweepResult result;
  std::map<std::string, std::string> files;
};

Sweep run(const fs::path& file, sweep::SweepOptions options, std::vector<std::string> outputs = {},
          const fs::path& work = {}, const sweep::Progress& progress = {}) {
  Sweep s;
  s.scenario = scenario::load(file);
  s.uncertainty = sweep::read_uncertainty(s.scenario);
  s.outputs = sweep::parse_outputs(s.scenario, outputs);
  s.info.scenario_file = file.string();
  s.info.options = options;
  s.result = sweep::run_sweep(s.scenario, s.uncertainty, s.outputs, options, work, progress);
  for (auto& f : sweep::sweep_files(s.scenario, s.uncertainty, s.outputs, s.info, s.result)) {
    s.files[f.name] = std::move(f.content);
  }
  return s;
}

using Row = std::vector<std::string>;
// Rows of a CSV (RFC 4180 quoting, as io::csv_field writes it).
std::vector<Row> rows_of(const std::string& csv) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  for (std::size_t k = 0; k < csv.size(); ++k) {
    const char c = csv[k];
    if (quoted) {
      if (c == '"' && k + 1 < csv.size() && csv[k + 1] == '"') {
        field += '"';
        ++k;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

int column(const Row& header, const std::string& name) {
  for (std::size_t k = 0; k < header.size(); ++k) {
    if (header[k] == name) return static_cast<int>(k);
  }
  FAIL("no column " << name);
  return -1;
}

}  // namespace

TEST_CASE("a seed gives the same files on one thread and on two", "[sweep][engine]") {
  const auto file = write_sweep("threads.yaml");
  sweep::SweepOptions o;
  o.n = 300;
  o.chunk = 64;
  o.threads = 1;
  const Sweep one = run(file, o);
  o.threads = 2;
  const Sweep two = run(file, o);
  CHECK(one.result.threads == 1);
  CHECK(two.result.threads == 2);
  REQUIRE(one.files.size() == two.files.size());
  for (const auto& [name, content] : one.files) {
    if (name == "summary.json") continue;  // wall time and thread count differ
    CHECK(content == two.files.at(name));
  }
  // ...and another seed gives other draws.
  o.seed = 7;
  const Sweep other = run(file, o);
  CHECK(other.files.at("runs.csv") != one.files.at("runs.csv"));
}

TEST_CASE("a run that fails is recorded with its inputs and does not stop the sweep",
          "[sweep][engine]") {
  // A capital-output ratio of 0 passes the path's admissible range but not the model's check.
  const auto file = write_sweep(
      "fail.yaml", "    clusters.ic.capital_output_ratio: {distribution: discrete, values: [0, 3.3]}\n",
      false);
  sweep::SweepOptions o;
  o.n = 40;
  o.sampler = sweep::Sampler::LatinHypercube;
  const Sweep s = run(file, o);
  const long failed = s.result.table.failed();
  CHECK(failed > 0);
  CHECK(failed < 40);
  const auto rows = rows_of(s.files.at("runs.csv"));
  const int status = column(rows[0], "status"), ratio = column(rows[0], "clusters.ic.capital_output_ratio");
  const int out = column(rows[0], "ic:2030");
  long counted = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const bool zero = std::stod(rows[r][static_cast<std::size_t>(ratio)]) == 0.0;
    CHECK((rows[r][static_cast<std::size_t>(status)] == "failed") == zero);
    if (zero) {
      ++counted;
      CHECK(rows[r][2].find("capital_output_ratio") != std::string::npos);  // the error text
      CHECK(rows[r][static_cast<std::size_t>(out)].empty());
    }
  }
  CHECK(counted == failed);
  CHECK(s.files.at("summary.json").find("\"failed\": " + std::to_string(failed)) != std::string::npos);
  // Statistics use the successful runs only.
  const auto targets = rows_of(s.files.at("targets.csv"));
  CHECK(!targets[1][static_cast<std::size_t>(column(targets[0], "probability"))].empty());
}

TEST_CASE("an interrupted sweep resumed from its work directory gives the same files",
          "[sweep][engine]") {
  const auto file = write_sweep("resume.yaml");
  sweep::SweepOptions o;
  o.n = 250;
  o.chunk = 100;
  const Sweep whole = run(file, o);

  const fs::path work = temp_dir() / "resume.partial";
  fs::remove_all(work);
  std::atomic<bool> stop{false};
  sweep::Progress progress;
  progress.stop = &stop;
  progress.report = [&](long done, long) {
    if (done >= 100) stop.store(true);  // Ctrl-C after the first chunk
  };
  CHECK_THROWS(run(file, o, {}, work, progress));
  REQUIRE(fs::exists(work));

  o.threads = 1;  // the rest on another thread count
  const Sweep resumed = run(file, o, {}, work);
  CHECK(resumed.result.resumed_runs == 100);
  for (const auto& [name, content] : whole.files) {
    if (name == "summary.json") continue;
    CHECK(content == resumed.files.at(name));
  }
  // A finished work directory is read back whole: nothing is run again.
  const Sweep again = run(file, o, {}, work);
  CHECK(again.result.resumed_runs == 250);
  CHECK(again.files.at("runs.csv") == whole.files.at("runs.csv"));
  fs::remove_all(work);
}

TEST_CASE("the probability of a target is the share of runs at or above it", "[sweep][engine]") {
  const auto file = write_sweep("share.yaml");
  sweep::SweepOptions o;
  o.n = 400;
  const Sweep s = run(file, o);  // default outputs: each target's projected value
  const auto runs = rows_of(s.files.at("runs.csv"));
  const auto targets = rows_of(s.files.at("targets.csv"));
  REQUIRE(targets.size() == s.scenario.targets.size() + 1);
  const Row& h = targets[0];
  int some = 0;
  for (std::size_t k = 1; k < targets.size(); ++k) {
    const Row& t = targets[k];
    const std::string name = t[static_cast<std::size_t>(column(h, "cluster"))] + ":" +
                             t[static_cast<std::size_t>(column(h, "year"))];
    const double goal = std::stod(t[static_cast<std::size_t>(column(h, "target"))]);
    const int c = column(runs[0], name);
    long reached = 0, ok = 0;
    for (std::size_t r = 1; r < runs.size(); ++r) {
      if (runs[r][1] != "ok") continue;
      ++ok;
      if (std::stod(runs[r][static_cast<std::size_t>(c)]) >= goal) ++reached;
    }
    const double p = std::stod(t[static_cast<std::size_t>(column(h, "probability"))]);
    CHECK(p == Approx(static_cast<double>(reached) / static_cast<double>(ok)).margin(1e-12));
    const double lo = std::stod(t[static_cast<std::size_t>(column(h, "probability_low"))]);
    const double hi = std::stod(t[static_cast<std::size_t>(column(h, "probability_high"))]);
    CHECK(lo <= p + 1e-12);  // Wilson's bound at 0 or 1 successes is exact up to rounding
    CHECK(p <= hi + 1e-12);
    if (p > 0.0 && p < 1.0) ++some;
  }
  CHECK(some > 0);  // the sweep does straddle some targets, so the check above is not vacuous
  // first_years.csv: per target the shares of first years and of "never" sum to 1.
  std::map<std::string, double> sums;
  const auto years = rows_of(s.files.at("first_years.csv"));
  for (std::size_t r = 1; r < years.size(); ++r) sums[years[r][0] + years[r][1]] += std::stod(years[r][3]);
  for (const auto& [key, sum] : sums) CHECK(sum == Approx(1.0));
}

TEST_CASE("bands converge as the number of runs grows", "[sweep][engine]") {
  const auto file = write_sweep("bands.yaml");
  auto band = [&](long n) {
    sweep::SweepOptions o;
    o.n = n;
    o.sampler = sweep::Sampler::MonteCarlo;  // plain Monte Carlo: the 1/sqrt(N) rate holds
    o.seed = 11 + static_cast<std::uint64_t>(n);
    const Sweep s = run(file, o);
    for (const auto& r : rows_of(s.files.at("bands.csv"))) {
      if (r[1] == "ic" && r[2] == "output" && r[3] == "2030") {
        return std::array<double, 3>{std::stod(r[5]), std::stod(r[6]), std::stod(r[7])};
      }
    }
    FAIL("no band for ic output 2030");
    return std::array<double, 3>{};
  };
  const auto ref = band(12800);
  REQUIRE(ref[2] > ref[0]);
  for (long n : {200L, 800L, 3200L}) {
    const auto b = band(n);
    // The median's standard error is about 0.93 IQR / sqrt(N) (normal approximation); four of
    // them bound the difference from the reference, whose own error is half that at N = 3200.
    const double se = 0.93 * (ref[2] - ref[0]) / std::sqrt(static_cast<double>(n));
    INFO("N = " << n << ": median " << b[1] << " vs " << ref[1]);
    CHECK(std::abs(b[1] - ref[1]) <= 4.5 * se);
    // The interquartile width settles too.
    CHECK(std::abs((b[2] - b[0]) - (ref[2] - ref[0])) <= 6.0 * se);
  }
}

TEST_CASE("a tornado swing is the difference of two direct runs", "[sweep][engine]") {
  const auto file = write_sweep("oat.yaml");
  sweep::SweepOptions o;
  o.method = sweep::Method::Oat;
  const Sweep s = run(file, o, {"ic:2030"});
  const int d = static_cast<int>(s.uncertainty.inputs.size());
  REQUIRE(s.result.table.inputs.rows() == 1 + 2 * d);
  const auto rows = rows_of(s.files.at("tornado.csv"));
  REQUIRE(rows.size() == static_cast<std::size_t>(d + 1));
  int ic = -1;
  for (std::size_t k = 0; k < s.scenario.clusters.size(); ++k) {
    if (s.scenario.clusters[k].id == "ic") ic = static_cast<int>(k);
  }
  auto direct = [&](int moved, double value) {
    ModelSpec spec = s.scenario.spec;
    for (int j = 0; j < d; ++j) {
      const auto& in = s.uncertainty.inputs[static_cast<std::size_t>(j)];
      // The others at the design's base row: the scenario's values (checked below).
      in.input.apply(spec, j == moved ? value : s.result.table.inputs(0, j));
    }
    const Model model(std::move(spec));
    const RunResult r = simulate(model, s.scenario.solver);
    return r.value(ClusterVar::Output, ic, 2030) / s.scenario.clusters[static_cast<std::size_t>(ic)].unit_factor;
  };
  // The base row is the scenario as written, and its output the deterministic run (what
  // `clustersim run` prints): the tornado swings around the projection.
  for (int j = 0; j < d; ++j) {
    INFO(s.uncertainty.inputs[static_cast<std::size_t>(j)].input.path);
    CHECK(s.result.table.inputs(0, j) == s.uncertainty.inputs[static_cast<std::size_t>(j)].input.base);
  }
  {
    const RunResult projection = simulate(scenario::build_model(s.scenario), s.scenario.solver);
    const double base = projection.value(ClusterVar::Output, ic, 2030) /
                        s.scenario.clusters[static_cast<std::size_t>(ic)].unit_factor;
    CHECK(std::stod(rows[1][6]) == Approx(base).epsilon(3e-4));
  }
  double previous = INFINITY;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    int i = -1;
    for (int j = 0; j < d; ++j) {
      if (s.uncertainty.inputs[static_cast<std::size_t>(j)].input.path == rows[r][1]) i = j;
    }
    REQUIRE(i >= 0);
    const auto& dist = s.uncertainty.inputs[static_cast<std::size_t>(i)].distribution;
    CHECK(std::stod(rows[r][2]) == dist.lower_value());
    CHECK(std::stod(rows[r][3]) == dist.upper_value());
    const double lo = direct(i, dist.lower_value()), hi = direct(i, dist.upper_value());
    // The sweep reproduces baselines to 1e-4 (a single run to 1e-5): agreement to ~1e-4.
    CHECK(std::stod(rows[r][4]) == Approx(lo).epsilon(3e-4));
    CHECK(std::stod(rows[r][5]) == Approx(hi).epsilon(3e-4));
    const double swing = std::stod(rows[r][7]);
    CHECK(swing == Approx(std::abs(hi - lo)).margin(1e-3 * std::abs(lo)));
    CHECK(swing <= previous);  // sorted, largest first
    previous = swing;
  }
}

TEST_CASE("Sobol indices on the model: bounded, ST >= S1, zero for an input that does not vary",
          "[sweep][engine]") {
  const auto file = write_sweep(
      "sobol.yaml", "    levers.talent.region: {distribution: discrete, values: [1]}\n", false);
  sweep::SweepOptions o;
  o.method = sweep::Method::Sobol;
  o.sampler = sweep::Sampler::Sobol;
  o.n = 128;
  o.resamples = 200;
  const Sweep s = run(file, o, {"ic:2030", "icv"});
  const int d = static_cast<int>(s.uncertainty.inputs.size());
  CHECK(s.result.table.inputs.rows() == 128 * (d + 2));
  const auto rows = rows_of(s.files.at("sobol.csv"));
  const Row& h = rows[0];
  const int S1 = column(h, "S1"), S1_low = column(h, "S1_low"), S1_high = column(h, "S1_high");
  const int ST = column(h, "ST");
  REQUIRE(rows.size() == static_cast<std::size_t>(1 + (1 + 8) * d));  // ic:2030, icv per year
  double total_ic = 0.0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto v = [&](int c) { return std::stod(rows[r][static_cast<std::size_t>(c)]); };
    INFO(rows[r][0] << " " << rows[r][1] << " " << rows[r][2]);
    if (rows[r][0] == "icv" && rows[r][1] == "2023") {
      // The baseline year varies only by the baseline tolerance: no indices are written.
      CHECK(rows[r][static_cast<std::size_t>(S1)].empty());
      continue;
    }
    if (rows[r][2] == "levers.talent.region") {
      CHECK(v(S1) == Approx(0.0).margin(1e-9));
      CHECK(v(ST) == Approx(0.0).margin(1e-9));
      continue;
    }
    CHECK(v(S1) >= -0.15);
    CHECK(v(S1) <= 1.15);
    CHECK(v(ST) >= -0.01);
    CHECK(v(ST) <= 1.15);
    CHECK(v(ST) >= v(S1) - (v(S1_high) - v(S1_low)));
    CHECK(v(S1_low) <= v(S1));
    CHECK(v(S1) <= v(S1_high));
    if (rows[r][0] == "ic:2030") total_ic += v(ST);
  }
  CHECK(total_ic >= 0.8);  // total indices cover at least the variance (more with interactions)
  // Per-year rows for the series: the year column runs over the horizon.
  std::set<std::string> years;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r][0] == "icv") years.insert(rows[r][1]);
  }
  CHECK(years.size() == 8);
}

TEST_CASE("Morris ranks an input that does not vary last", "[sweep][engine]") {
  const auto file = write_sweep(
      "morris.yaml", "    levers.talent.region: {distribution: discrete, values: [1]}\n", false);
  sweep::SweepOptions o;
  o.method = sweep::Method::Morris;
  o.n = 10;
  const Sweep s = run(file, o, {"ic:2030"});
  const int d = static_cast<int>(s.uncertainty.inputs.size());
  CHECK(s.result.table.inputs.rows() == 10 * (d + 1));
  const auto rows = rows_of(s.files.at("morris.csv"));
  REQUIRE(rows.size() == static_cast<std::size_t>(d + 1));
  for (std::size_t r = 1; r < rows.size(); ++r) {
    CHECK(std::stoi(rows[r][7]) == static_cast<int>(r));  // ranked by mu*, 1 = largest
    if (rows[r][1] == "levers.talent.region") {
      CHECK(std::stod(rows[r][3]) == Approx(0.0).margin(1e-12));
      CHECK(rows[r][7] == std::to_string(d));
    } else {
      CHECK(std::stod(rows[r][3]) > 0.0);
    }
  }
}

TEST_CASE("posterior draws enter mc runs whole rows at a time", "[sweep][engine]") {
  const fs::path dir = temp_dir();
  std::ofstream(dir / "joint.csv") << "draw,levers.fund.ic,clusters.ic.market_growth\n"
                                      "1,0.8,0.12\n2,1.5,0.2\n3,2.5,0.24\n";
  const fs::path file = dir / "joint.yaml";
  std::ofstream(file) << "extends: " << kBase << "\n"
                      << "uncertainty: !replace\n  inputs:\n"
                         "    levers.land.region: {distribution: uniform, low: 0.5, high: 1.5}\n"
                         "  posterior: {file: joint.csv}\n";
  sweep::SweepOptions o;
  o.n = 60;
  const Sweep s = run(file, o);
  const auto& x = s.result.table.inputs;
  REQUIRE(x.cols() == 3);
  std::set<double> used;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const bool row1 = x(r, 1) == 0.8 && x(r, 2) == 0.12;
    const bool row2 = x(r, 1) == 1.5 && x(r, 2) == 0.2;
    const bool row3 = x(r, 1) == 2.5 && x(r, 2) == 0.24;
    CHECK((row1 || row2 || row3));  // never a mix of two draws
    used.insert(x(r, 1));
  }
  CHECK(used.size() == 3);  // 60 draws with replacement from 3 rows use them all
  o.method = sweep::Method::Oat;
  CHECK_THROWS_WITH(run(file, o), Catch::Contains("mc only"));
}
