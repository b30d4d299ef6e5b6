#include "clustersim/sweep/engine.hpp"

#include <boost/crc.hpp>
#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>


namespace clustersim::sweep {

namespace fs = std::filesystem;

double design_runs(const Uncertainty& u, const SweepOptions& o) {
  const double n = static_cast<double>(o.n), d = u.declared();
  switch (o.method) {
    case Method::MonteCarlo: return n;
    case Method::Oat: return 1 + 2 * d;
    case Method::Morris: return n * (d + 1);
    case Method::Sobol: return n * (d + 2);
  }
  return n;
}

double sweep_bytes(const scenario::Scenario& s, const Uncertainty& u, std::size_t outputs,
                   const SweepOptions& o) {
  const double inputs = static_cast<double>(u.inputs.size());
  const double targets = static_cast<double>(s.targets.size());
  const double m = static_cast<double>(outputs);
  double per_run = 8 * 2 * inputs                // the design (unit sample and values)
                   + 8 * (m + targets) + 4 * targets  // outputs, projected, first years
                   + 1 + sizeof(std::string)          // status, error text
                   + 24 * (inputs + m + 3);           // a row of runs.csv as text
  if (o.method == Method::MonteCarlo) {
    per_run += 4.0 * static_cast<double>(s.clusters.size() * kBandVariables.size()) *
               s.spec.num_years();
  }
  return per_run * design_runs(u, o);
}

std::string memory_problem(const scenario::Scenario& s, const Uncertainty& u, std::size_t outputs,
                           const SweepOptions& o) {
  const double need = sweep_bytes(s, u, outputs, o);
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  const double have = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
  if (have <= 0.0 || need <= 0.5 * have) return {};
  const double gib = 1024.0 * 1024.0 * 1024.0;
  char text[200];
  std::snprintf(text, sizeof text,
                "%.0f runs would need about %.1f GiB for their results; this machine has %.1f GiB: "
                "use a smaller -n",
                design_runs(u, o), need / gib, have / gib);
  return text;
}

namespace {

// Chunk files: a small header, then per run the status, the values and the error text, then the
// CRC-32 of everything before it.
constexpr char kMagic[8] = {'C', 'S', 'S', 'W', 'E', 'E', 'P', '2'};

std::uint32_t crc32(const char* data, std::size_t size) {
  boost::crc_32_type crc;
  crc.process_bytes(data, size);
  return crc.checksum();
}

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
// Reads values out of a chunk held in memory; false once it would read past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  bool get(T& v) {
    if (bytes_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool get(std::string& s, std::size_t length) {
    if (bytes_.size() - pos_ < length) return false;
    s.assign(bytes_.data() + pos_, length);
    pos_ += length;
    return true;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

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
  put(buffer, crc32(buffer.data(), buffer.size()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, final_path);
}

enum class Chunk { Absent, Read, Foreign, Damaged };

// Read a finished chunk back: Foreign when it belongs to another design (another seed, size or
// input set: it is run again), Damaged when its bytes do not match their checksum.
Chunk read_chunk(const fs::path& dir, RunTable& t, Eigen::Index begin, Eigen::Index end) {
  std::ifstream f(chunk_path(dir, begin), std::ios::binary);
  if (!f) return Chunk::Absent;
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) return Chunk::Damaged;
  std::uint32_t stored_crc = 0;
  if (bytes.size() < sizeof kMagic + sizeof(ChunkShape) + sizeof stored_crc) return Chunk::Damaged;
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return Chunk::Foreign;
  const std::size_t payload = bytes.size() - sizeof stored_crc;
  std::memcpy(&stored_crc, bytes.data() + payload, sizeof stored_crc);
  if (crc32(bytes.data(), payload) != stored_crc) return Chunk::Damaged;

  Reader in(std::string_view(bytes).substr(sizeof kMagic, payload - sizeof kMagic));
  ChunkShape s{};
  const ChunkShape want = shape_of(t, begin, end);
  if (!in.get(s) || std::memcmp(&s, &want, sizeof s) != 0) return Chunk::Foreign;
  // Read into a copy: a chunk of another design must leave the table as it was.
  RunTable c;
  const Eigen::Index rows = end - begin;
  c.inputs.resize(rows, t.inputs.cols());
  c.outputs.resize(rows, t.outputs.cols());
  c.projected.resize(rows, t.projected.cols());
  c.first_year.resize(rows, t.first_year.cols());
  c.bands.resize(t.bands.cols() > 0 ? rows : 0, t.bands.cols());
  c.ok.assign(static_cast<std::size_t>(rows), 0);
  c.errors.assign(static_cast<std::size_t>(rows), std::string());
  for (Eigen::Index r = 0; r < rows; ++r) {
    bool good = in.get(c.ok[r]) && c.ok[r] <= 1;
    for (Eigen::Index k = 0; good && k < c.inputs.cols(); ++k) {
      good = in.get(c.inputs(r, k)) && c.inputs(r, k) == t.inputs(begin + r, k);
      if (!good) return Chunk::Foreign;  // the same design, bit for bit, or not this sweep's
    }
    for (Eigen::Index k = 0; good && k < c.outputs.cols(); ++k) good = in.get(c.outputs(r, k));
    for (Eigen::Index k = 0; good && k < c.projected.cols(); ++k) good = in.get(c.projected(r, k));
    for (Eigen::Index k = 0; good && k < c.first_year.cols(); ++k) good = in.get(c.first_year(r, k));
    for (Eigen::Index k = 0; good && k < c.bands.cols(); ++k) good = in.get(c.bands(r, k));
    std::uint32_t len = 0;
    good = good && in.get(len) && in.get(c.errors[r], len);
    if (!good) return Chunk::Damaged;
  }
  if (!in.done()) return Chunk::Damaged;
  t.outputs.middleRows(begin, rows) = c.outputs;
  t.projected.middleRows(begin, rows) = c.projected;
  t.first_year.middleRows(begin, rows) = c.first_year;
  if (c.bands.rows() > 0) t.bands.middleRows(begin, rows) = c.bands;
  for (Eigen::Index r = 0; r < rows; ++r) {
    t.ok[begin + r] = c.ok[r];
    t.errors[begin + r] = std::move(c.errors[r]);
  }
  return Chunk::Read;
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
    const Chunk stored = work_dir.empty() ? Chunk::Absent : read_chunk(work_dir, t, begin, end);
    if (stored == Chunk::Damaged && progress.warn) {
      progress.warn(chunk_path(work_dir, begin).string() +
                    " is damaged (its checksum does not match): its runs are done again");
    }
    if (stored == Chunk::Read) {
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
