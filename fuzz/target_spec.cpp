// A target spec as a user writes it after --target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view spec(reinterpret_cast<const char*>(data), size);
  auto parsed = candor::parse_target_spec(spec);
  if (parsed.ok() && parsed->kind != "gguf" && parsed->kind != "openai") __builtin_trap();
  return 0;
}
