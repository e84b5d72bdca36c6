// A probe suite file's text: every line parsed and validated (docs/probes.md), as load_suite()
// does after reading the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto checked = candor::probes_internal::check_suite_texts({{"fuzz.jsonl", text}});
  // A valid suite must also build and hash, as every run does with it.
  if (checked.errors.empty()) {
    candor::Suite suite(std::move(checked.probes));
    (void)suite.hash();
    for (const auto& p : suite.probes()) (void)candor::to_json(p);
  }
  return 0;
}
