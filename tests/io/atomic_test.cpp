// Atomic output directories: all files or none, no temporary directory left behind.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "analysis/support.hpp"
#include "clustersim/io/outputs.hpp"

using namespace clustersim;
namespace fs = std::filesystem;

namespace {

// A fresh scratch directory per test case, removed afterwards.
struct Scratch {
  fs::path root;
  Scratch() {
    static int counter = 0;
    root = fs::temp_directory_path() /
           ("clustersim-io-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  // Names in root, to spot stray temporary directories.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(root)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kTooLong(300, 'x');  // longer than NAME_MAX: creating it fails

}  // namespace

TEST_CASE("a new directory appears with all its files", "[io][atomic]") {
  Scratch t;
  const fs::path dir = t.root / "results" / "run1";  // parent missing too
  io::write_atomic(dir, {{"a.csv", "x,y\n1,2\n"}, {"b.json", "{}\n"}});
  CHECK(slurp(dir / "a.csv") == "x,y\n1,2\n");
  CHECK(slurp(dir / "b.json") == "{}\n");
  CHECK(t.entries() == std::vector<std::string>{"results"});
  std::vector<std::string> inside;
  for (const auto& e : fs::directory_iterator(t.root / "results"))
    inside.push_back(e.path().filename().string());
  CHECK(inside == std::vector<std::string>{"run1"});
  // Not the private mode of mkdtemp.
  CHECK((fs::status(dir).permissions() & fs::perms::others_read) != fs::perms::none);
}

TEST_CASE("an existing directory gets its files replaced, other files kept", "[io][atomic]") {
  Scratch t;
  const fs::path dir = t.root / "out";
  fs::create_directories(dir);
  std::ofstream(dir / "a.csv") << "old\n";
  std::ofstream(dir / "notes.txt") << "mine\n";
  io::write_atomic(dir, {{"a.csv", "new\n"}, {"b.csv", "b\n"}});
  CHECK(slurp(dir / "a.csv") == "new\n");
  CHECK(slurp(dir / "b.csv") == "b\n");
  CHECK(slurp(dir / "notes.txt") == "mine\n");
  CHECK(t.entries() == std::vector<std::string>{"out"});
}

TEST_CASE("a failing write leaves no directory behind", "[io][atomic]") {
  Scratch t;
  const fs::path dir = t.root / "a" / "b" / "out";
  CHECK_THROWS_AS(io::write_atomic(dir, {{"good.csv", "1\n"}, {kTooLong, "2\n"}}), io::OutputError);
  CHECK_FALSE(fs::exists(dir));
  CHECK_FALSE(fs::exists(t.root / "a"));  // parents created for it are gone too
  CHECK(t.entries().empty());              // and so is the temporary directory
}

TEST_CASE("a failing write leaves an existing directory unchanged", "[io][atomic]") {
  Scratch t;
  const fs::path dir = t.root / "out";
  fs::create_directories(dir);
  std::ofstream(dir / "good.csv") << "old\n";
  CHECK_THROWS_AS(io::write_atomic(dir, {{"good.csv", "new\n"}, {kTooLong, "2\n"}}),
                  io::OutputError);
  CHECK(slurp(dir / "good.csv") == "old\n");
  CHECK(t.entries() == std::vector<std::string>{"out"});
}

TEST_CASE("output into a path that is a file is refused", "[io][atomic]") {
  Scratch t;
  std::ofstream(t.root / "file") << "x";
  CHECK_THROWS_WITH(io::write_atomic(t.root / "file", {{"a.csv", "1\n"}}),
                    Catch::Contains("not a directory"));
  CHECK(slurp(t.root / "file") == "x");
  CHECK(t.entries() == std::vector<std::string>{"file"});
}

TEST_CASE("file names must be plain names", "[io][atomic]") {
  Scratch t;
  CHECK_THROWS_AS(io::write_atomic(t.root / "out", {{"../escape.csv", "1\n"}}), io::OutputError);
  CHECK_THROWS_AS(io::write_atomic(t.root / "out", {{"", "1\n"}}), io::OutputError);
  CHECK(t.entries().empty());
}

TEST_CASE("a directory given with a trailing slash or dots", "[io][atomic]") {
  Scratch t;
  fs::create_directories(t.root / "x");
  io::write_atomic(t.root / "x" / ".." / "out/", {{"a.csv", "1\n"}});
  CHECK(slurp(t.root / "out" / "a.csv") == "1\n");
  CHECK(t.entries() == std::vector<std::string>{"out", "x"});
}

TEST_CASE("write_run writes the four files, or nothing when a value is not finite", "[io][atomic]") {
  Scratch t;
  auto s = test::two_cluster_scenario();
  s.targets = {test::make_target("ic", 0, 2030, 150.0)};
  auto run = test::two_cluster_run();
  const auto rows = analysis::evaluate_targets(s, run);
  io::write_run(t.root / "ok", s, run, rows, {});
  for (const char* f : {"trajectories.csv", "binding.csv", "targets.csv", "summary.json"})
    CHECK(fs::is_regular_file(t.root / "ok" / f));

  run.cluster[static_cast<int>(ClusterVar::Output)](0, 3) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(io::write_run(t.root / "bad", s, run, rows, {}),
                    "non-finite value: cluster ic, variable output, year 2026");
  CHECK(t.entries() == std::vector<std::string>{"ok"});
}
