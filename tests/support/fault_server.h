// A fault-injecting OpenAI-compatible HTTP server on 127.0.0.1, for tests. It answers
// POST /v1/chat/completions (plain JSON or `stream: true` SSE), GET /v1/models and GET /health,
// and misbehaves on request: what each request gets is scripted by directives in the last user
// message, or by a sequence given at construction for the Nth request overall.
//
// Directives are written `[[KIND key=value ...]]` in the prompt; `times=N` limits one to the
// first N attempts of that prompt (counted by exact prompt text), so `[[503 times=2]]` fails
// twice and then answers. The first directive that applies decides the response; `hold` and
// `delay` are modifiers and apply in addition. Kinds:
//   ok                   a normal answer: "<name> echo: <prompt>" (the default)
//   400..599             that status with a JSON error body; `retry_after=S` (seconds) or
//                        `retry_after_date=S` (an HTTP date S seconds ahead) adds Retry-After;
//                        `echo_auth` puts the request's Authorization header in the body
//                        (on an answer, `echo_auth` appends it to the answer text)
//   stall                headers, then nothing until the client gives up
//   silent               no response at all (not even headers)
//   close                the connection closed without a response
//   cut                  Content-Length larger than the body sent, then close
//   reset                headers and half the body, then a TCP reset
//   malformed            200 with a body that is not JSON
//   truncated_json       200 with a JSON body cut in half (Content-Length matches)
//   wrong_shape          200 with valid JSON that has no choices
//   sse_cut              (streamed) some chunks, then close before [DONE]
//   reasoning            the answer plus a `reasoning_content` field (`field=reasoning` renames
//                        it; `text=` sets it, `text=` empty gives an empty field)
//   think / empty_think  the answer with an inline <think> block, full or empty
//   length               finish_reason "length"
//   answer hex=H         the answer is exactly the bytes H (hex) says, written into the JSON
//                        string as they are: only '"', '\\' and control bytes are escaped, so
//                        invalid UTF-8 reaches the client raw (plain and streamed)
//   hold n=N [max_ms=M]  wait until N requests are in flight at once (or M ms, default 3000)
//   delay ms=M           wait M ms before answering
// The server records every request (arrival and response times, headers, body) for tests to
// inspect, and the largest number of requests in flight at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace candor::fault {

struct RecordedRequest {
  using Clock = std::chrono::steady_clock;
  int index = 0;                // 0-based, in arrival order
  int connection = 0;           // which TCP connection carried it (0-based, in accept order)
  Clock::time_point arrived;    // the request was fully read
  Clock::time_point responded;  // the first byte of the response was about to be sent
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string prompt;  // content of the last user message
  bool stream = false;
  int attempt = 0;        // how many times this prompt has been seen, this one included
  std::string behaviour;  // the directive applied, "ok" when none
};

struct FaultServerOptions {
  std::string name = "fault-server";  // starts every answer, to tell replicas apart
  std::string model = "fault-model";  // listed by GET /v1/models
  std::vector<std::string> sequence;  // directives (without brackets) for requests 1, 2, ...
  // Called for each chat request once its response is decided (from a connection thread).
  std::function<void(const RecordedRequest&)> on_request;
  // When set, gives the content of a normal ("ok") answer instead of the echo: a test plays a
  // model (an LLM judge, say) by computing its reply from the request.
  std::function<std::string(const RecordedRequest&)> reply;
  // Serve HTTPS with a self-signed certificate for CN=localhost made at start(): clients that
  // verify certificates refuse it.
  bool tls = false;
};

class FaultServer {
 public:
  explicit FaultServer(FaultServerOptions options = {});
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  // Listens on 127.0.0.1:`port` (0 picks a free one) and returns the port. May be called again
  // after stop(), with the same port, to bring a "dead" server back.
  Result<int> start(int port = 0);
  // Closes the listener and every connection and joins all threads. Records are kept.
  void stop();

  int port() const { return port_; }
  std::string base_url() const;  // http(s)://127.0.0.1:PORT/v1

  std::vector<RecordedRequest> requests() const;
  int max_concurrent() const;
  int connections() const;

  struct Link;  // one connection (internal)

 private:
  void accept_loop();
  void serve(int fd, int connection);
  bool handle(Link& link, int connection, const std::string& head, std::string body);

  FaultServerOptions options_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::thread acceptor_;
  ::ssl_ctx_st* tls_ = nullptr;  // OpenSSL's SSL_CTX, when options_.tls

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;
  std::vector<RecordedRequest> records_;
  std::map<std::string, int> attempts_;  // by prompt
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  int connections_ = 0;
  int requests_ = 0;
};

// A port on 127.0.0.1 that is bound but not listening while this object lives: connecting to
// it is refused at once.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }
  std::string base_url() const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace candor::fault
