// Atomic output directories with POSIX calls: std::ofstream cannot fsync, and a file that is
// renamed into place must be on disk first or a crash could leave an empty file under its name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "clustersim/io/outputs.hpp"

namespace clustersim::io {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err) {
  throw OutputError("cannot " + what + " " + path.string() + ": " + std::strerror(err));
}

void write_file(const fs::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail("create", path, errno);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail("write", path, err);
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("flush", path, err);
  }
  if (::close(fd) != 0) fail("close", path, errno);
}

// Make a rename durable: fsync the directory that holds the new entry. Some file systems do not
// support it on directories (EINVAL); that is not an error of ours.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("open", dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL && err != EROFS) fail("flush", dir, err);
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

void write_atomic(const fs::path& requested, const std::vector<OutputFile>& files) {
  for (const auto& f : files)
    if (f.name.empty() || f.name == "." || f.name == ".." ||
        f.name.find('/') != std::string::npos)
      throw OutputError("invalid output file name '" + f.name + "'");

  // Resolve "." and ".." so that the directory has a name and a parent to put a sibling in.
  std::error_code ec;
  const fs::path absolute = fs::absolute(requested, ec);
  if (ec) fail("resolve", requested, ec.value());
  fs::path dir = fs::weakly_canonical(absolute, ec);
  if (ec) fail("resolve", requested, ec.value());
  if (!dir.has_filename()) dir = dir.parent_path();
  if (dir == dir.root_path()) throw OutputError("cannot write into the root directory");
  const fs::path parent = dir.parent_path();

  const bool existed = fs::exists(dir, ec);
  if (existed && !fs::is_directory(dir, ec))
    throw OutputError("cannot write " + requested.string() + ": exists and is not a directory");
  if (existed)
    for (const auto& f : files)
      if (fs::is_directory(dir / f.name, ec))
        throw OutputError("cannot write " + (requested / f.name).string() +
                          ": a directory of that name exists");

  // Parents created here are removed again on failure, innermost first.
  std::vector<fs::path> created;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created.push_back(p);
    if (p == p.root_path()) break;
  }
  fs::path tmp;
  auto cleanup = [&] {
    std::error_code ignore;
    if (!tmp.empty()) fs::remove_all(tmp, ignore);
    for (const auto& p : created) fs::remove(p, ignore);  // only removes empty directories
  };

  try {
    for (auto it = created.rbegin(); it != created.rend(); ++it)
      if (::mkdir(it->c_str(), 0777) != 0 && errno != EEXIST) fail("create", *it, errno);

    std::string templ = (parent / fmt::format(".{}.tmp-XXXXXX", dir.filename().string())).string();
    if (::mkdtemp(templ.data()) == nullptr) fail("create a temporary directory in", parent, errno);
    tmp = templ;
    // mkdtemp makes the directory private (0700); a result directory gets the usual mode.
    if (::chmod(tmp.c_str(), 0777 & ~current_umask()) != 0) fail("set the mode of", tmp, errno);

    for (const auto& f : files) write_file(tmp / f.name, f.content);
    sync_dir(tmp);

    if (!existed) {
      if (::rename(tmp.c_str(), dir.c_str()) != 0) fail("rename into", requested, errno);
      tmp.clear();
    } else {
      for (const auto& f : files)
        if (::rename((tmp / f.name).c_str(), (dir / f.name).c_str()) != 0)
          fail("rename into", requested / f.name, errno);
      std::error_code ignore;
      fs::remove(tmp, ignore);
      tmp.clear();
    }
  } catch (...) {
    cleanup();
    throw;
  }
  // The files are on disk and in place; making their directory entries durable is best effort,
  // since failing now could no longer leave "nothing behind".
  try {
    sync_dir(existed ? dir : parent);
  } catch (const OutputError&) {
  }
}

}  // namespace clustersim::io
