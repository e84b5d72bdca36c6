// One importer format (FORMAT, set by the build): the input is written to a file and converted
// to a suite file, which is then loaded back as `candor probes import` promises it can be.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "probes/probes.h"
#include "temp_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string in = candor_fuzz::scratch_path("-import.in");
  static const std::string out = candor_fuzz::scratch_path("-import.jsonl");
  if (!candor_fuzz::write_file(in, data, size)) return 0;
  std::remove(out.c_str());
  auto report = candor::import_probes(candor::ImportFormat::FORMAT, in, {}, out);
  if (report.ok()) {
    auto suite = candor::load_suite({out});
    if (!suite.ok()) {
      std::fprintf(stderr, "imported suite does not load: %s\n", suite.error().message.c_str());
      __builtin_trap();
    }
  }
  return 0;
}
