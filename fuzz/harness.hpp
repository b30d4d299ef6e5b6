// Shared by the fuzz harnesses (docs/hardening.md): what every outcome must be, whatever the bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace clustersim::fuzz {

// A bad-input message is one printable line: no control characters (line breaks included) and no
// C1 controls. Anything else is a finding: the message is printed in hex and the run aborts.
inline void require_one_line(std::string_view message) {
  for (std::size_t k = 0; k < message.size(); ++k) {
    const auto c = static_cast<unsigned char>(message[k]);
    bool bad = c < 0x20 || c == 0x7F;
    if (c == 0xC2 && k + 1 < message.size()) {
      const auto next = static_cast<unsigned char>(message[k + 1]);
      bad = bad || (next >= 0x80 && next <= 0x9F);
    }
    if (bad) {
      std::fprintf(stderr, "fuzz: message with a control character at byte %zu:\n", k);
      for (const char ch : message) std::fprintf(stderr, "%02x", static_cast<unsigned char>(ch));
      std::fprintf(stderr, "\n");
      std::abort();
    }
  }
}

// The bytes as a file of this process's own (one per process, rewritten for every input), so that
// parallel fuzzing jobs (-jobs=N) never share one. Relative `extends:` resolve beside it.
inline std::filesystem::path write_input(const std::uint8_t* data, std::size_t size,
                                         const char* name) {
  namespace fs = std::filesystem;
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("clustersim-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  const fs::path file = dir / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return file;
}

}  // namespace clustersim::fuzz
