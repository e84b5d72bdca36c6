// A model's raw output split into answer and reasoning; the first byte chooses whether the
// prompt opened the think block.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto split = candor::split_think(text, data[0] & 1);
  // Nothing is invented: answer and reasoning come from the text.
  if (split.answer.size() + split.reasoning.size() > text.size()) __builtin_trap();
  return 0;
}
