#include "targets/openai_parse.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "base/text.h"

namespace candor {
namespace {

using json = nlohmann::json;

// nlohmann's non-throwing parse: a discarded value on invalid input. Bytes that are not UTF-8
// (a server sending Latin-1, or a model's broken bytes passed on) become U+FFFD first: the
// answer is kept with the bad bytes marked, instead of the whole response failing as not JSON.
json parse_json(std::string_view text) {
  if (!is_valid_utf8(text)) {
    const std::string clean = sanitize_utf8(text);
    return json::parse(clean.begin(), clean.end(), nullptr, /*allow_exceptions=*/false);
  }
  return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

// A token count from `usage`: a non-negative integer that fits an int, else -1.
int token_count(const json& usage, const char* key) {
  auto it = usage.find(key);
  if (it == usage.end()) return -1;
  if (it->is_number_unsigned()) {
    return static_cast<int>(
        std::min<uint64_t>(it->get<uint64_t>(), std::numeric_limits<int>::max()));
  }
  if (it->is_number_integer() && it->get<int64_t>() >= 0) {
    return static_cast<int>(std::min<int64_t>(it->get<int64_t>(), std::numeric_limits<int>::max()));
  }
  return -1;
}

void read_usage(const json& j, ChatResponse& out) {
  auto usage = j.find("usage");
  if (usage == j.end() || !usage->is_object()) return;
  out.prompt_tokens = token_count(*usage, "prompt_tokens");
  out.completion_tokens = token_count(*usage, "completion_tokens");
}

// Message content: a string, null (no text), or an array of parts whose `text` strings are
// concatenated (the multimodal form some servers answer in). False when it is anything else.
bool append_content(const json& value, std::string& out) {
  if (value.is_null()) return true;
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
    return true;
  }
  if (!value.is_array()) return false;
  for (const auto& part : value) {
    if (!part.is_object()) return false;
    auto text = part.find("text");
    if (text != part.end() && text->is_string()) out += text->get_ref<const std::string&>();
  }
  return true;
}

// A `reasoning_content` or `reasoning` field of a message or delta.
void append_reasoning(const json& msg, ChatResponse& out) {
  for (const char* key : {"reasoning_content", "reasoning"}) {
    auto it = msg.find(key);
    if (it != msg.end() && it->is_string()) {
      out.reasoning += it->get_ref<const std::string&>();
      out.has_reasoning_field = true;
      return;
    }
  }
}

// The error object of a response, if it has one that is not null.
const json* error_of(const json& j) {
  if (!j.is_object()) return nullptr;
  auto it = j.find("error");
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

// The first choice (`index` 0 when the server numbers them), or null.
const json* first_choice(const json& j) {
  auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array() || choices->empty()) return nullptr;
  for (const auto& c : *choices) {
    if (!c.is_object()) continue;
    auto index = c.find("index");
    if (index == c.end() || !index->is_number_integer() || index->get<int64_t>() == 0) return &c;
  }
  return nullptr;
}

// Keeps a finish reason printable and short; servers may send anything.
std::string clean_reason(const std::string& s) {
  std::string out;
  for (char ch : s.substr(0, 32)) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '_' || ch == '-') {
      out += ch;
    }
  }
  return out.empty() ? "unknown" : out;
}

std::string error_message_of(const json& err) {
  if (err.is_string()) return err.get<std::string>();
  if (err.is_object()) {
    for (const char* key : {"message", "detail", "type", "code"}) {
      auto it = err.find(key);
      if (it != err.end() && it->is_string()) return it->get<std::string>();
    }
  }
  return "unspecified error";
}

std::string one_line(std::string_view text, size_t max_len) {
  std::string s = terminal_safe(text);
  for (char& ch : s) {
    if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
  }
  s = std::string(trim(s));
  if (s.size() > max_len) {
    size_t cut = max_len;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    s += "...";
  }
  return s;
}

}  // namespace

Result<ChatResponse> parse_chat_completion(std::string_view body) try {
  const json j = parse_json(body);
  if (j.is_discarded()) {
    return Error{fmt::format("the response is not valid JSON ({} bytes: {})", body.size(),
                             one_line(body.substr(0, 80), 80))};
  }
  if (!j.is_object()) return Error{"the response is not a JSON object"};
  if (const json* err = error_of(j)) {
    return Error{"the server reported an error: " + one_line(error_message_of(*err), 200)};
  }
  const json* choice = first_choice(j);
  if (!choice) return Error{"the response has no choices"};
  auto msg = choice->find("message");
  if (msg == choice->end() || !msg->is_object()) return Error{"the first choice has no message"};
  ChatResponse out;
  auto content = msg->find("content");
  if (content != msg->end() && !append_content(*content, out.content)) {
    return Error{"the message content is neither text nor a list of parts"};
  }
  append_reasoning(*msg, out);
  auto reason = choice->find("finish_reason");
  if (reason != choice->end() && reason->is_string()) {
    out.finish_reason = clean_reason(reason->get<std::string>());
  }
  read_usage(j, out);
  return out;
} catch (const std::exception& e) {
  return Error{fmt::format("the response could not be read: {}", e.what())};
}

Status SseParser::feed(std::string_view bytes) try {
  if (!error_.empty()) return Error{error_};
  size_t start = 0;
  if (skip_lf_ && !bytes.empty() && bytes.front() == '\n') start = 1;
  skip_lf_ = false;
  for (size_t i = start; i < bytes.size(); ++i) {
    const char ch = bytes[i];
    if (ch != '\n' && ch != '\r') continue;
    pending_.append(bytes.substr(start, i - start));
    if (Status s = line(pending_); !s) {
      error_ = s.error().message;
      return s;
    }
    pending_.clear();
    if (ch == '\r') {
      if (i + 1 < bytes.size()) {
        if (bytes[i + 1] == '\n') ++i;
      } else {
        skip_lf_ = true;
      }
    }
    start = i + 1;
  }
  pending_.append(bytes.substr(start));
  if (pending_.size() > kMaxText) {
    error_ = "a stream line is longer than 16 MiB";
    return Error{error_};
  }
  return {};
} catch (const std::exception& e) {
  error_ = fmt::format("the stream could not be read: {}", e.what());
  return Error{error_};
}

Status SseParser::line(std::string_view text) {
  if (text.empty()) return event();
  if (text.front() == ':') return {};  // a comment (keep-alive)
  const size_t colon = text.find(':');
  const std::string_view field = text.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
    if (data_.size() > kMaxText) return Error{"a stream event is larger than 16 MiB"};
  } else if (field == "event" && value == "error") {
    event_is_error_ = true;
  }
  return {};
}

Status SseParser::event() {
  const bool is_error = event_is_error_;
  event_is_error_ = false;
  if (!has_data_) return {};
  has_data_ = false;
  const std::string data = std::move(data_);
  data_.clear();
  if (done_) return {};  // nothing after [DONE] counts
  if (trim(data) == "[DONE]") {
    done_ = true;
    return {};
  }
  const json j = parse_json(data);
  if (is_error) {
    const json* err = j.is_discarded() ? nullptr : error_of(j);
    return Error{"the server reported an error in the stream: " +
                 (err ? one_line(error_message_of(*err), 200) : one_line(data, 200))};
  }
  if (j.is_discarded() || !j.is_object()) {
    return Error{fmt::format("a stream event is not a JSON object: {}", one_line(data, 80))};
  }
  if (const json* err = error_of(j)) {
    return Error{"the server reported an error in the stream: " +
                 one_line(error_message_of(*err), 200)};
  }
  saw_chunk_ = true;
  read_usage(j, out_);
  const json* choice = first_choice(j);
  if (!choice) return {};  // e.g. the final usage-only chunk
  auto delta = choice->find("delta");
  if (delta == choice->end()) delta = choice->find("message");
  if (delta != choice->end() && delta->is_object()) {
    auto content = delta->find("content");
    if (content != delta->end() && !append_content(*content, out_.content)) {
      return Error{"a stream delta's content is neither text nor a list of parts"};
    }
    append_reasoning(*delta, out_);
  }
  auto reason = choice->find("finish_reason");
  if (reason != choice->end() && reason->is_string()) {
    out_.finish_reason = clean_reason(reason->get<std::string>());
  }
  if (out_.content.size() + out_.reasoning.size() > kMaxText) {
    return Error{"the streamed completion is larger than 16 MiB"};
  }
  return {};
}

Result<ChatResponse> SseParser::finish() try {
  if (error_.empty()) {
    // A last line without its newline still counts; an event without its blank line does
    // only when it is the end marker (anything else may be a half-sent chunk).
    if (!pending_.empty()) {
      if (Status s = line(pending_); !s) error_ = s.error().message;
      pending_.clear();
    }
    if (error_.empty() && has_data_ && trim(data_) == "[DONE]") {
      if (Status s = event(); !s) error_ = s.error().message;
    }
  }
  if (!error_.empty()) return Error{error_};
  if (!done_ && out_.finish_reason.empty()) {
    return Error{saw_chunk_ ? "the stream ended before [DONE] (cut short)"
                            : "the stream ended without a completion chunk"};
  }
  return out_;
} catch (const std::exception& e) {
  return Error{fmt::format("the stream could not be read: {}", e.what())};
}

std::string error_summary(std::string_view body, size_t max_len) try {
  const json j = parse_json(body);
  if (!j.is_discarded()) {
    if (const json* err = error_of(j)) return one_line(error_message_of(*err), max_len);
    if (j.is_object()) {
      for (const char* key : {"message", "detail"}) {
        auto it = j.find(key);
        if (it != j.end() && it->is_string()) return one_line(it->get<std::string>(), max_len);
      }
    }
  }
  return one_line(body.substr(0, std::min(body.size(), max_len * 4)), max_len);
} catch (const std::exception&) {
  return "unreadable error body";
}

std::optional<double> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty() || value.size() > 64) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    double seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return seconds;
  }
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  // In double seconds: from_time_t overflows the clock's nanoseconds for dates past 2262.
  const double delta = static_cast<double>(when) -
                       std::chrono::duration<double>(now.time_since_epoch()).count();
  return std::max(0.0, delta);
}

}  // namespace candor
