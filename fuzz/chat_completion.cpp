// A non-streamed chat-completion body, and the same bytes as an error body and a Retry-After
// value: all of openai_parse.h that takes a whole response.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets/openai_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)candor::parse_chat_completion(body);
  // At most max_len bytes, plus the "..." that marks a cut.
  if (candor::error_summary(body, 200).size() > 200 + 3) __builtin_trap();
  (void)candor::parse_retry_after(body, std::chrono::system_clock::time_point{});
  return 0;
}
