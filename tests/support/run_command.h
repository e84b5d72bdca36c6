// Runs a shell command line for tests that drive the candor binary: its exit code (128 + signal
// when killed) and its output, stderr either merged into stdout or kept apart.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace candor::test {

struct Output {
  int code = -1;
  std::string out;  // stdout (and stderr, when merged)
  std::string err;  // stderr, when kept apart
};

inline Output run_command(const std::string& cmd, bool merge_stderr) {
  static int n = 0;
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("candor_test_err_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
  const std::string line =
      cmd + (merge_stderr ? " 2>&1" : " 2>'" + err_file.string() + "'");
  Output o;
  FILE* p = ::popen(line.c_str(), "r");
  if (!p) return o;
  std::array<char, 4096> buf{};
  size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), got);
  const int status = ::pclose(p);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (!merge_stderr) {
    std::ifstream in(err_file);
    o.err.assign(std::istreambuf_iterator<char>(in), {});
    std::filesystem::remove(err_file);
  }
  return o;
}

}  // namespace candor::test
