#include "clustersim/sweep/engine.hpp"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>


namespace clustersim::sweep {

namespace fs = std::filesystem;

namespace {

// Chunk files: a small header, then per run the status, the values and the error text.
constexpr char kMagic[8] = {'C', 'S', 'S', 'W', 'E', 'E', 'P', '1'};

struct ChunkShape {
  std::int64_t begin, end, inputs, outputs, targets, bands;
};

ChunkShape shape_of(const RunTable& t, Eigen::Index begin, Eigen::Index end) {
  return {begin, end, t.inputs.cols(), t.outputs.cols(), t.projected.cols(), t.bands.cols()};
}

fs::path chunk_path(const fs::path& dir, Eigen::Index begin) {
  return dir / ("chunk-" + std::to_string(begin) + ".bin");
}

template <class T>
void put(std::string& buffer, const T& v) {
  buffer.append(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
bool get(std::ifstream& f, T& v) {
  return static_cast<bool>(f.read(reinterpret_cast<char*>(&v), sizeof(T)));
}

// The chunk is serialised into memory and written with one call (tens of MB per 100,000 runs:
// value-by-value stream writes cost more than the runs' bookkeeping), then renamed into place.
void write_chunk(const fs::path& dir, const RunTable& t, Eigen::Index begin, Eigen::Index end) {
  const fs::path final_path = chunk_path(dir, begin);
  const fs::path tmp = final_path.string() + ".tmp";
  std::string buffer;
  const auto per_run = static_cast<std::size_t>(
      1 + 8 * (t.inputs.cols() + t.outputs.cols() + t.projected.cols()) +
      4 * (t.first_year.cols() + t.bands.cols()) + 4);
  buffer.reserve(sizeof kMagic + sizeof(ChunkShape) + per_run * static_cast<std::size_t>(end - begin));
  buffer.append(kMagic, sizeof kMagic);
  put(buffer, shape_of(t, begin, end));
  for (Eigen::Index r = begin; r < end; ++r) {
    put(buffer, t.ok[r]);
    for (Eigen::Index c = 0; c < t.inputs.cols(); ++c) put(buffer, t.inputs(r, c));
    for (Eigen::Index c = 0; c < t.outputs.cols(); ++c) put(buffer, t.outputs(r, c));
    for (Eigen::Index c = 0; c < t.projected.cols(); ++c) put(buffer, t.projected(r, c));
    for (Eigen::Index c = 0; c < t.first_year.cols(); ++c) put(buffer, t.first_year(r, c));
    for (Eigen::Index c = 0; c < t.bands.cols(); ++c) put(buffer, t.bands(r, c));
    const auto len = static_cast<std::uint32_t>(t.errors[r].size());
    put(buffer, len);
    buffer.append(t.errors[r]);
  }
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, final_path);
}

// Read a finished chunk back; false when it is absent or does not belong to this sweep.
bool read_chunk(const fs::path& dir, RunTable& t, Eigen::Index begin, Eigen::Index end) {
  std::ifstream f(chunk_path(dir, begin), std::ios::binary);
  if (!f) return false;
  char magic[sizeof kMagic];
  ChunkShape s{};
  if (!f.read(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0 || !get(f, s)) {
    return false;
  }
  const ChunkShape want = shape_of(t, begin, end);
  if (std::memcmp(&s, &want, sizeof s) != 0) return false;
  for (Eigen::Index r = begin; r < end; ++r) {
    bool good = get(f, t.ok[r]);
    for (Eigen::Index c = 0; good && c < t.inputs.cols(); ++c) {
      double stored = 0;
      good = get(f, stored) && stored == t.inputs(r, c);  // the same design, bit for bit
    }
    for (Eigen::Index c = 0; good && c < t.outputs.cols(); ++c) good = get(f, t.outputs(r, c));
    for (Eigen::Index c = 0; good && c < t.projected.cols(); ++c) good = get(f, t.projected(r, c));
    for (Eigen::Index c = 0; good && c < t.first_year.cols(); ++c) good = get(f, t.first_year(r, c));
    for (Eigen::Index c = 0; good && c < t.bands.cols(); ++c) good = get(f, t.bands(r, c));
    std::uint32_t len = 0;
    good = good && get(f, len) && len < (1u << 20);
    if (!good) return false;
    t.errors[r].resize(len);
    if (len > 0 && !f.read(t.errors[r].data(), len)) return false;
  }
  return true;
}

}  // namespace

SweepResult run_sweep(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
                      const std::vector<OutputSpec>& outputs, const SweepOptions& options,
                      const fs::path& work_dir, const Progress& progress) {
  const std::string problem = options.validate();
  if (!problem.empty()) throw std::invalid_argument(problem);
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();

  SweepResult result;
  result.method = options.method;
  RunTable& t = result.table;
  t.inputs = make_design(uncertainty, options, &result.base_n);
  const Eigen::Index runs = t.inputs.rows();
  size_run_table(t, scenario, outputs.size(), options.method == Method::MonteCarlo);

  // The prototype (errors located in the scenario file); its baseline hint starts every run.
  (void)scenario::build_model(scenario);
  const RunOptions run_options = sweep_run_options(scenario, options, &result.prototype_run_us);
  const RunEvaluator evaluate(scenario, uncertainty, outputs, run_options,
                              options.method == Method::MonteCarlo);

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  result.threads = threads;
  tbb::task_arena arena(threads);
  if (!work_dir.empty()) fs::create_directories(work_dir);
  long done = 0;
  for (Eigen::Index begin = 0; begin < runs; begin += options.chunk) {
    const Eigen::Index end = std::min<Eigen::Index>(begin + options.chunk, runs);
    if (!work_dir.empty() && read_chunk(work_dir, t, begin, end)) {
      result.resumed_runs += end - begin;
    } else {
      if (progress.stop && progress.stop->load()) {
        throw std::runtime_error("stopped after " + std::to_string(done) + " of " +
                                 std::to_string(runs) + " runs");
      }
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<Eigen::Index>(begin, end, 8),
                          [&](const tbb::blocked_range<Eigen::Index>& range) {
                            for (Eigen::Index r = range.begin(); r < range.end(); ++r) {
                              if (progress.stop && progress.stop->load()) return;
                              evaluate(r, t);
                            }
                          });
      });
      if (progress.stop && progress.stop->load()) {
        throw std::runtime_error("stopped after " + std::to_string(done) + " of " +
                                 std::to_string(runs) + " runs");
      }
      if (!work_dir.empty()) write_chunk(work_dir, t, begin, end);
    }
    done = static_cast<long>(end);
    if (progress.report) progress.report(done, static_cast<long>(runs));
  }
  result.wall_seconds = std::chrono::duration<double>(clock::now() - started).count();
  return result;
}

}  // namespace clustersim::sweep
