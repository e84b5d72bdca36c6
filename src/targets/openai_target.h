// The OpenAI-compatible target (internal to src/targets; other stages use open_target()):
// chat-completions over HTTP to one or more replicas of llama-server, vLLM, SGLang, Ollama or a
// hosted API. One libcurl multi handle drives every request in flight from the calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "targets/targets.h"

namespace candor {

// The settings of one openai: target, read from its spec (`openai:URL[,URL]#MODEL?k=v&...`).
struct OpenAiConfig {
  std::string name;  // the spec as written, credentials in URLs masked
  std::vector<std::string> base_urls;
  std::string model;
  std::string key_env = "OPENAI_API_KEY";  // the variable holding the API key, never the key
  int concurrency = 16;                    // requests in flight at once, over all replicas
  int retries = 4;                         // further attempts after the first
  double rpm = 0;                          // requests per minute, 0 = unlimited
  double tpm = 0;                          // tokens per minute, 0 = unlimited
  double connect_timeout_s = 10;
  double timeout_s = 300;      // a whole attempt
  double idle_timeout_s = 60;  // no byte received for this long once the response began
  double backoff_s = 0.5;      // the first retry's delay; doubles per attempt, jittered
  bool insecure = false;       // TLS certificates not verified (recorded in `name`)
  bool http2 = false;          // HTTP/2: ALPN over TLS, prior knowledge over plain http
  bool stream = false;         // ask for `stream: true` and read Server-Sent Events
  // The server's chat template opens a <think> block in the generation prompt and the server
  // returns the raw text (no reasoning field): what precedes </think>, or all of an
  // unterminated block, is reasoning. The embedded target knows this from the prompt it renders.
  bool think_open = false;
};

// Reads and checks the options of an openai: spec. `options.concurrency` applies when the spec
// has no `concurrency=`. An Error names the spec and the bad option.
Result<OpenAiConfig> openai_config(const TargetSpec& spec, const TargetOptions& options);

// `text` with the user:password part of every URL in it replaced by "***".
std::string mask_credentials(std::string_view text);

class OpenAiTarget final : public Target {
 public:
  static Result<std::unique_ptr<OpenAiTarget>> open(const TargetSpec& spec,
                                                    const TargetOptions& options);
  explicit OpenAiTarget(OpenAiConfig config);
  ~OpenAiTarget() override;

  const std::string& name() const override;
  // Sends every request, at most `concurrency` at a time, spread over the replicas, within the
  // rate limits; retries what may succeed on another try. The API key is read from the
  // environment at each call. Not to be called from two threads at once.
  void generate(std::span<const Request> requests, const CompletionSink& sink,
                const std::atomic<bool>* cancel = nullptr) override;

  const OpenAiConfig& config() const;

 private:
  struct Impl;
  class Session;  // the state of one generate() call
  std::unique_ptr<Impl> impl_;
};

// A sliding one-minute window over amounts admitted (requests or tokens), enforcing a limit per
// minute. An amount larger than the whole limit is admitted when the window is empty, so no
// request waits forever.
class RateWindow {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateWindow(double per_minute) : limit_(per_minute) {}

  // The earliest time at or after `now` at which `amount` fits the window.
  Clock::time_point next_admission(Clock::time_point now, double amount);
  // Records `amount` as admitted at `now`; the returned id lets settle() correct it.
  uint64_t admit(Clock::time_point now, double amount);
  // Replaces an admitted amount by what was actually used (token counts known afterwards).
  void settle(uint64_t id, double actual);

 private:
  struct Entry {
    uint64_t id;
    Clock::time_point at;
    double amount;
  };
  void expire(Clock::time_point now);
  double limit_;
  double total_ = 0;
  uint64_t next_id_ = 1;
  std::deque<Entry> entries_;
};

}  // namespace candor
