// A per-process scratch file for fuzzers of APIs that read a path: each input is written there
// before the call, so the file-reading code runs as it does for a user's file.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace candor_fuzz {

inline std::string scratch_path(const char* suffix) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/candor-fuzz-" + std::to_string(getpid()) +
         suffix;
}

// Writes the input to `path`; false when the file cannot be written.
inline bool write_file(const std::string& path, const uint8_t* data, size_t size) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace candor_fuzz
