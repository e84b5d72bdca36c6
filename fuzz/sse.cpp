// A streamed chat completion (Server-Sent Events), fed in chunks split where the input's first
// bytes say: the parser must give the same result however the stream is cut.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets/openai_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t step = data[0] % 16 + 1;  // chunk length, 1..16 bytes
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  candor::SseParser whole;
  (void)whole.feed(stream);
  auto a = whole.finish();

  candor::SseParser chunked;
  for (size_t i = 0; i < stream.size(); i += step) {
    if (!chunked.feed(stream.substr(i, step)).ok()) break;
  }
  auto b = chunked.finish();

  if (a.ok() != b.ok()) __builtin_trap();
  if (a.ok() && (a->content != b->content || a->reasoning != b->reasoning ||
                 a->finish_reason != b->finish_reason)) {
    __builtin_trap();
  }
  return 0;
}
