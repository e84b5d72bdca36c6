// Targets: the models candor asks. A Target takes chat requests and returns completions; two
// kinds exist, the embedded llama.cpp model (`gguf:PATH`) and any OpenAI-compatible server
// (`openai:BASE_URL#MODEL`). Targets know nothing of probes or runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace candor {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct SamplingParams {
  int max_tokens = 256;
  float temperature = 0.0f;  // 0 means greedy decoding
  float top_p = 1.0f;
};

// One generation asked of a target. `seed` drives sampling for this request alone, so results
// do not depend on scheduling or on which other requests share a batch.
struct Request {
  uint64_t key = 0;  // the caller's handle, echoed in the Completion
  std::vector<ChatMessage> messages;
  SamplingParams sampling;
  uint64_t seed = 0;
};

// Whether the model produced a reasoning block, and whether it was empty (an empty think block
// is itself a censorship signal).
enum class Reasoning { none, empty, present };
const char* to_string(Reasoning r);

// The result of one Request. `error_class` is empty on success; otherwise one of
// "connect", "timeout", "rate_limited", "http_4xx", "http_5xx", "bad_response",
// "context_overflow", "cancelled", "internal".
struct Completion {
  uint64_t key = 0;
  std::string prompt_sent;  // the rendered prompt (embedded) or the messages as JSON (server)
  std::string answer;
  std::string reasoning;
  Reasoning reasoning_state = Reasoning::none;
  std::string finish_reason;  // "stop", "length" or "error"
  int prompt_tokens = 0;
  int completion_tokens = 0;
  double latency_ms = 0;
  int attempts = 1;
  std::string error_class;
  std::string error_message;
  bool ok() const { return error_class.empty(); }
};

using CompletionSink = std::function<void(Completion&&)>;

class Target {
 public:
  virtual ~Target() = default;
  // The target's spec as the user wrote it, without secrets; stored with every run.
  virtual const std::string& name() const = 0;
  // Generates every request and calls `sink` exactly once per request (in completion order,
  // from the calling thread). Returns when all are done or `cancel` became true; requests not
  // finished by then get a Completion with error_class "cancelled".
  virtual void generate(std::span<const Request> requests, const CompletionSink& sink,
                        const std::atomic<bool>* cancel = nullptr) = 0;
};

// A parsed target spec: `gguf:PATH?k=v&...` or `openai:URL[,URL...]#MODEL?k=v&...`.
struct TargetSpec {
  std::string kind;                  // "gguf" or "openai"
  std::string path;                  // gguf: model file
  std::vector<std::string> base_urls;  // openai: one or more replicas
  std::string model;                 // openai: model name
  std::map<std::string, std::string> options;
  std::string text;  // the spec as written
};
Result<TargetSpec> parse_target_spec(std::string_view spec);

struct TargetOptions {
  std::string chat_template_override;  // a Jinja chat template replacing the model's own
  bool verbose = false;                // let llama.cpp log to stderr
  int concurrency = 0;  // openai: requests in flight when the spec has no concurrency= (0: 16)
};
Result<std::unique_ptr<Target>> open_target(const TargetSpec& spec, const TargetOptions& options);

// A model's answer split from its reasoning: `<think>...</think>` blocks are moved to
// `reasoning`. `starts_in_think` is true when the prompt itself opened the block (templates
// that end the generation prompt with "<think>\n"). An unterminated block is reasoning to the
// end of the text, and the answer is empty.
struct ThinkSplit {
  std::string answer;
  std::string reasoning;
  Reasoning state = Reasoning::none;
};
ThinkSplit split_think(std::string_view text, bool starts_in_think = false);

}  // namespace candor
