// Parsing what an OpenAI-compatible chat-completions server sends back: a plain JSON response,
// a `stream: true` Server-Sent-Events stream, an error body, a Retry-After header. Internal to
// src/targets. Everything here is pure (no I/O, no clock of its own) and total: any byte string
// gives a value or an Error, never an exception or a crash, so it can be fuzzed directly.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace candor {

// The parts of one chat completion candor keeps. `content` is the message content as the
// server sent it (inline <think> blocks still in it); `reasoning` is a separate
// `reasoning_content` / `reasoning` field when the server sent one.
struct ChatResponse {
  std::string content;
  std::string reasoning;
  bool has_reasoning_field = false;  // a string reasoning field was present (possibly empty)
  std::string finish_reason;         // as sent ("stop", "length", "content_filter", ...)
  int prompt_tokens = -1;            // from `usage`; -1 when the server sent none
  int completion_tokens = -1;
};

// Parses a non-streamed chat.completion body. An `{"error": ...}` body, invalid JSON or a
// response without `choices[0].message` is an Error saying what was wrong.
Result<ChatResponse> parse_chat_completion(std::string_view body);

// Incremental parser for a streamed completion (`text/event-stream` of chat.completion.chunk
// objects ending in `data: [DONE]`). Feed bytes as they arrive, split anywhere; call finish()
// when the body ended. After an Error from feed() the parser stays failed.
class SseParser {
 public:
  // Bytes of content + reasoning one stream may accumulate before it is refused.
  static constexpr size_t kMaxText = 16u << 20;

  Status feed(std::string_view bytes);
  // The assembled completion. An Error when the stream failed, or ended before `[DONE]` and
  // before any choice said why it finished (a body cut short).
  Result<ChatResponse> finish();
  bool done() const { return done_; }

 private:
  Status line(std::string_view text);
  Status event();

  ChatResponse out_;
  std::string pending_;  // bytes of an unfinished line
  std::string data_;     // `data:` lines of the current event, joined by '\n'
  bool has_data_ = false;
  bool event_is_error_ = false;  // the current event is `event: error`
  bool skip_lf_ = false;         // the previous chunk ended in '\r'
  bool done_ = false;
  bool saw_chunk_ = false;
  std::string error_;
};

// A short, printable summary of an error body (`{"error": {"message": ...}}` and the common
// variants, else the start of the text), at most `max_len` bytes, safe for a terminal.
std::string error_summary(std::string_view body, size_t max_len = 200);

// Seconds to wait from a Retry-After header value: delta-seconds ("120", also "1.5") or an
// HTTP date, relative to `now`. nullopt when the value is neither; a date in the past is 0.
std::optional<double> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now);

}  // namespace candor
