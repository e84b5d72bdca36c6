// The OpenAI-compatible target: one libcurl multi handle, driven by an event loop on the calling
// thread, keeps up to `concurrency` chat-completion requests in flight over keep-alive
// connections to one or more replicas.
//
// Each Request becomes a Job that is attempted until it succeeds, fails in a way another try
// cannot fix (a 4xx, a bad certificate), or runs out of retries; every Job ends in exactly one
// call of the sink. Between attempts a Job waits a jittered exponential backoff, or what the
// server asked for in Retry-After. A replica that fails is avoided for a while, so the retry
// goes elsewhere; one that answered 429/503 with Retry-After gets nothing until that time.
#include "targets/openai_target.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <random>
#include <tuple>

#include "base/text.h"
#include "base/version.h"
#include "targets/openai_parse.h"

namespace candor {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr double kMaxBackoffS = 30;
constexpr double kMaxRetryAfterS = 600;  // a server asking for more is not waited for longer
constexpr size_t kMaxBodyBytes = 32u << 20;
constexpr auto kPollSlice = std::chrono::milliseconds(50);  // how late a cancel may be seen

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// --- spec options -----------------------------------------------------------------------------

struct OptionReader {
  const TargetSpec& spec;
  const std::string& shown;  // the spec for messages, credentials masked
  std::string error;

  const std::string* find(const char* key) const {
    auto it = spec.options.find(key);
    return it == spec.options.end() ? nullptr : &it->second;
  }
  void fail(const char* key, const std::string& value, const char* what) {
    if (error.empty()) {
      error = fmt::format("target '{}': option {}={} {}", shown, key, value, what);
    }
  }
  void number(const char* key, double& out, double min, double max, const char* what) {
    const std::string* v = find(key);
    if (!v) return;
    double x = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc() || end != v->data() + v->size() || !(x >= min && x <= max)) {
      fail(key, *v, what);
      return;
    }
    out = x;
  }
  void integer(const char* key, int& out, int min, int max, const char* what) {
    const std::string* v = find(key);
    if (!v) return;
    int x = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc() || end != v->data() + v->size() || x < min || x > max) {
      fail(key, *v, what);
      return;
    }
    out = x;
  }
  void flag(const char* key, bool& out) {
    const std::string* v = find(key);
    if (!v) return;
    if (*v == "1" || *v == "true" || *v == "yes" || *v == "on") {
      out = true;
    } else if (*v == "0" || *v == "false" || *v == "no" || *v == "off") {
      out = false;
    } else {
      fail(key, *v, "is not a boolean (use 1 or 0)");
    }
  }
};

bool is_env_name(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// --- requests ---------------------------------------------------------------------------------

// A float as the short decimal a user wrote (0.7, not 0.699999988).
double clean_float(float f) {
  const std::string s = fmt::format("{}", f);
  double d = 0;
  std::from_chars(s.data(), s.data() + s.size(), d);
  return d;
}

json messages_json(const Request& r) {
  json messages = json::array();
  for (const auto& m : r.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  return messages;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Tokens a request may cost before the server says: the prompt at about four bytes a token
// plus per-message overhead, and all of max_tokens.
double estimate_tokens(const Request& r) {
  size_t bytes = 0;
  for (const auto& m : r.messages) bytes += m.content.size() + m.role.size();
  return static_cast<double>(bytes) / 4.0 + 4.0 * static_cast<double>(r.messages.size()) + 3.0 +
         std::max(0, r.sampling.max_tokens);
}

// --- one request's progress -------------------------------------------------------------------

struct Job {
  const Request* request = nullptr;
  std::string body;  // the JSON sent; must outlive every transfer (curl does not copy)
  double estimate = 0;
  int attempts = 0;
  int last_failed_replica = -1;
  Clock::time_point due;  // a retry may not start before this
};

struct Replica {
  std::string endpoint;  // BASE_URL/chat/completions
  std::string shown;     // base URL for messages, credentials masked
  int in_flight = 0;
  int failures = 0;                // consecutive failed attempts
  Clock::time_point avoid_until;   // prefer other replicas until then
  Clock::time_point paused_until;  // Retry-After: nothing is sent before then
};

// How one attempt ended.
struct Outcome {
  bool ok = false;
  ChatResponse response;
  std::string error_class;
  std::string message;
  bool retryable = false;
  std::optional<double> retry_after;  // seconds, from the server
  bool replica_fault = false;         // counts against the replica's health
};

struct Transfer {
  CURL* easy = nullptr;
  size_t job = 0;
  int replica = 0;
  Clock::time_point started;
  Clock::time_point last_byte;
  bool response_started = false;
  bool mode_known = false;
  bool sse = false;
  SseParser parser;
  std::string body;  // the raw body, when not parsed as a stream
  size_t received = 0;
  std::string retry_after;
  bool too_large = false;
  uint64_t rpm_id = 0;
  uint64_t tpm_id = 0;
  char errbuf[CURL_ERROR_SIZE] = {};
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  t->last_byte = Clock::now();
  t->response_started = true;
  std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) == 0) {
    t->retry_after.clear();  // a new response (after 100 Continue, say)
  } else if (line.size() > 12) {
    std::string name(line.substr(0, 12));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "retry-after:") t->retry_after = std::string(trim(line.substr(12)));
  }
  return len;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  t->last_byte = Clock::now();
  t->response_started = true;
  t->received += len;
  if (t->received > kMaxBodyBytes) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  if (!t->mode_known) {
    t->mode_known = true;
    long status = 0;
    char* type = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &type);
    t->sse = status / 100 == 2 && type && std::string_view(type).rfind("text/event-stream", 0) == 0;
  }
  if (t->sse) {
    (void)t->parser.feed(std::string_view(data, len));  // an error is kept and read at the end
  } else {
    t->body.append(data, len);
  }
  return len;
}

bool is_tls_verification(CURLcode code) {
  return code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
         code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_ISSUER_ERROR ||
         code == CURLE_SSL_PINNEDPUBKEYNOTMATCH || code == CURLE_SSL_CRL_BADFILE;
}

// Classifies a finished attempt: transport failure, HTTP status, or the body's content.
Outcome classify(Transfer& t, CURLcode code) {
  Outcome o;
  const std::string detail = t.errbuf[0] ? std::string(t.errbuf) : curl_easy_strerror(code);
  if (code != CURLE_OK) {
    o.retryable = true;
    o.replica_fault = true;
    if (t.too_large) {
      o.error_class = "bad_response";
      o.message = fmt::format("the response is larger than {} MiB", kMaxBodyBytes >> 20);
      o.retryable = false;
    } else if (is_tls_verification(code)) {
      o.error_class = "connect";
      o.message = fmt::format(
          "TLS certificate verification failed: {} (insecure=1 turns "
          "verification off)",
          detail);
      o.retryable = false;
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      // A reused connection reports a connect time of 0: a request that went out, or a
      // response that began, timed out after connecting.
      curl_off_t connected = 0;
      long sent = 0;
      curl_easy_getinfo(t.easy, CURLINFO_CONNECT_TIME_T, &connected);
      curl_easy_getinfo(t.easy, CURLINFO_REQUEST_SIZE, &sent);
      o.error_class = connected == 0 && sent == 0 && !t.response_started ? "connect" : "timeout";
      o.message = detail;
    } else if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
               code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_SSL_CONNECT_ERROR ||
               !t.response_started) {
      o.error_class = "connect";
      o.message = detail;
    } else {
      // The response began and then broke: reset, closed early, fewer bytes than announced.
      o.error_class = "bad_response";
      o.message = fmt::format("the response was cut short: {}", detail);
    }
    return o;
  }
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  if (status / 100 == 2) {
    Result<ChatResponse> r = t.sse ? t.parser.finish() : parse_chat_completion(t.body);
    if (r) {
      o.ok = true;
      o.response = std::move(r.value());
    } else {
      o.error_class = "bad_response";
      o.message = r.error().message;
      o.retryable = true;
      o.replica_fault = true;
    }
    return o;
  }
  const std::string summary = error_summary(t.body);
  o.message = fmt::format("HTTP {}{}{}", status, summary.empty() ? "" : ": ", summary);
  if (status == 429) {
    o.error_class = "rate_limited";
    o.retryable = true;
  } else if (status >= 500 && status < 600) {
    o.error_class = "http_5xx";
    o.retryable = true;
    o.replica_fault = true;
  } else if (status >= 400 && status < 500) {
    o.error_class = "http_4xx";
    o.retryable = status == 408;
  } else {
    o.error_class = "bad_response";
    o.message = fmt::format("unexpected HTTP status {}", status);
  }
  if ((status == 429 || status == 503) && !t.retry_after.empty()) {
    o.retry_after = parse_retry_after(t.retry_after, std::chrono::system_clock::now());
  }
  return o;
}

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
    s.replace(at, what.size(), with);
  }
}

// `text` with every run of at least 12 characters (or all of a shorter `secret`) that also occurs
// in `secret` replaced by "[redacted]". A server that echoes the Authorization header in an error
// body gets its message cut to a few hundred characters, which can leave a long key's first part
// behind: removing only whole occurrences would miss it.
std::string redact_pieces(std::string_view text, std::string_view secret) {
  const size_t min_run = std::min<size_t>(12, secret.size());
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    while (i + len < text.size() &&
           secret.find(text.substr(i, len + 1)) != std::string_view::npos) {
      ++len;
    }
    if (min_run > 0 && len >= min_run) {
      out += "[redacted]";
      i += len;
    } else {
      out += text[i++];
    }
  }
  return out;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

// --- RateWindow -------------------------------------------------------------------------------

void RateWindow::expire(Clock::time_point now) {
  while (!entries_.empty() && entries_.front().at + std::chrono::minutes(1) <= now) {
    total_ -= entries_.front().amount;
    entries_.pop_front();
  }
  if (entries_.empty()) total_ = 0;  // no drift from floating-point sums
}

RateWindow::Clock::time_point RateWindow::next_admission(Clock::time_point now, double amount) {
  if (limit_ <= 0) return now;
  expire(now);
  if (entries_.empty() || total_ + amount <= limit_) return now;
  double left = total_;
  for (const Entry& e : entries_) {
    left -= e.amount;
    if (left + amount <= limit_ + 1e-9) return e.at + std::chrono::minutes(1);
  }
  return entries_.back().at + std::chrono::minutes(1);
}

uint64_t RateWindow::admit(Clock::time_point now, double amount) {
  if (limit_ <= 0) return 0;
  expire(now);
  entries_.push_back({next_id_, now, amount});
  total_ += amount;
  return next_id_++;
}

void RateWindow::settle(uint64_t id, double actual) {
  for (Entry& e : entries_) {
    if (e.id == id) {
      total_ += actual - e.amount;
      e.amount = actual;
      return;
    }
  }
}

// --- config -----------------------------------------------------------------------------------

std::string mask_credentials(std::string_view text) {
  std::string out(text);
  size_t from = 0;
  while (true) {
    const size_t scheme = out.find("://", from);
    if (scheme == std::string::npos) break;
    const size_t host = scheme + 3;
    const size_t end = out.find_first_of("/,#?", host);
    const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= host && (end == std::string::npos || at < end)) {
      out.replace(host, at - host, "***");
    }
    from = host;
  }
  return out;
}

Result<OpenAiConfig> openai_config(const TargetSpec& spec, const TargetOptions& options) {
  OpenAiConfig c;
  c.name = mask_credentials(spec.text);
  c.base_urls = spec.base_urls;
  c.model = spec.model;
  if (c.base_urls.empty()) return Error{fmt::format("target '{}': no base URL", c.name)};
  if (options.concurrency > 0) c.concurrency = options.concurrency;
  OptionReader r{spec, c.name, {}};
  if (const std::string* v = r.find("key_env")) {
    if (!is_env_name(*v)) {
      r.fail("key_env", *v, "is not an environment variable name");
    } else if (!std::getenv(v->c_str())) {
      r.fail("key_env", *v, "names an environment variable that is not set");
    }
    c.key_env = *v;
  }
  r.integer("concurrency", c.concurrency, 1, 4096, "is not a whole number from 1 to 4096");
  r.integer("retries", c.retries, 0, 100, "is not a whole number from 0 to 100");
  r.number("rpm", c.rpm, 1e-3, 1e12, "is not a positive number of requests per minute");
  r.number("tpm", c.tpm, 1e-3, 1e15, "is not a positive number of tokens per minute");
  r.number("timeout", c.timeout_s, 1e-3, 1e6, "is not a positive number of seconds");
  r.number("connect_timeout", c.connect_timeout_s, 1e-3, 1e6,
           "is not a positive number of seconds");
  r.number("idle_timeout", c.idle_timeout_s, 1e-3, 1e6, "is not a positive number of seconds");
  r.number("backoff", c.backoff_s, 0, 3600, "is not a number of seconds from 0 to 3600");
  r.flag("insecure", c.insecure);
  r.flag("http2", c.http2);
  r.flag("stream", c.stream);
  r.flag("think_open", c.think_open);
  if (!r.error.empty()) return Error{r.error};
  return c;
}

// --- the target -------------------------------------------------------------------------------

struct OpenAiTarget::Impl {
  OpenAiConfig config;
  CURLM* multi = nullptr;  // kept across generate() calls so connections stay open
  std::vector<Replica> replicas;
  size_t round_robin = 0;
  RateWindow rpm{0};
  RateWindow tpm{0};
  std::mt19937_64 rng{std::random_device{}()};

  ~Impl() {
    if (multi) curl_multi_cleanup(multi);
  }
};

// The state of one generate() call: jobs, transfers in flight, and the loop that drives them.
class OpenAiTarget::Session {
 public:
  Session(Impl& m, std::span<const Request> requests, const CompletionSink& sink,
          const std::atomic<bool>* cancel)
      : m_(m), sink_(sink), cancel_(cancel), jobs_(requests.size()), done_(requests.size()) {
    if (const char* key = std::getenv(m_.config.key_env.c_str()); key && *key) key_ = key;
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    headers_ = curl_slist_append(
        headers_, m_.config.stream ? "Accept: text/event-stream" : "Accept: application/json");
    headers_ = curl_slist_append(headers_, "Expect:");  // no 100-continue round trip
    if (!key_.empty()) {
      std::string auth = "Authorization: Bearer " + key_;
      headers_ = curl_slist_append(headers_, auth.c_str());
      std::fill(auth.begin(), auth.end(), '\0');
    }
    for (size_t i = 0; i < requests.size(); ++i) {
      jobs_[i].request = &requests[i];
      jobs_[i].estimate = estimate_tokens(requests[i]);
      ready_.push_back(i);
    }
  }

  ~Session() {
    for (auto& [easy, t] : in_flight_) {
      curl_multi_remove_handle(m_.multi, easy);
      curl_easy_cleanup(easy);
    }
    curl_slist_free_all(headers_);
    std::fill(key_.begin(), key_.end(), '\0');
  }

  void run() {
    while (true) {
      if (cancel_ && cancel_->load()) {
        cancel_all();
        return;
      }
      const auto now = Clock::now();
      promote_due(now);
      Clock::time_point wake = now + kPollSlice;
      start_ready(now, wake);
      if (in_flight_.empty() && ready_.empty() && waiting_.empty()) return;
      check_idle(Clock::now(), wake);
      const auto wait = std::max(Clock::duration::zero(), wake - Clock::now());
      const int wait_ms = static_cast<int>(std::clamp<int64_t>(
          std::chrono::ceil<std::chrono::milliseconds>(wait).count(), 0, kPollSlice.count()));
      if (!in_flight_.empty() || wait_ms > 0) {
        curl_multi_poll(m_.multi, nullptr, 0, wait_ms, nullptr);
      }
      int running = 0;
      curl_multi_perform(m_.multi, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(m_.multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* easy = msg->easy_handle;
        const CURLcode code = msg->data.result;
        finish_attempt(easy, code);
      }
    }
  }

 private:
  // Retries whose wait is over go before new work, so old requests finish first.
  void promote_due(Clock::time_point now) {
    while (!waiting_.empty() && waiting_.top().first <= now) {
      ready_.push_front(waiting_.top().second);
      waiting_.pop();
    }
  }

  void start_ready(Clock::time_point now, Clock::time_point& wake) {
    if (!waiting_.empty()) wake = std::min(wake, waiting_.top().first);
    while (!ready_.empty() && static_cast<int>(in_flight_.size()) < m_.config.concurrency) {
      const size_t j = ready_.front();
      const int replica = pick_replica(jobs_[j], now, wake);
      if (replica < 0) return;
      const auto at =
          std::max(m_.rpm.next_admission(now, 1), m_.tpm.next_admission(now, jobs_[j].estimate));
      if (at > now) {
        wake = std::min(wake, at);
        return;
      }
      ready_.pop_front();
      start(j, replica, now);
    }
  }

  // The replica for the next attempt of `job`: not paused by Retry-After, healthy before
  // failing, not the one this job just failed on, fewest in flight, then round-robin.
  int pick_replica(const Job& job, Clock::time_point now, Clock::time_point& wake) {
    const int n = static_cast<int>(m_.replicas.size());
    int best = -1;
    std::tuple<bool, bool, int, int> best_key;
    for (int i = 0; i < n; ++i) {
      const Replica& r = m_.replicas[static_cast<size_t>(i)];
      if (r.paused_until > now) {
        wake = std::min(wake, r.paused_until);
        continue;
      }
      const int rr = static_cast<int>(
          (static_cast<size_t>(i) + m_.replicas.size() - m_.round_robin % m_.replicas.size()) %
          m_.replicas.size());
      const std::tuple<bool, bool, int, int> key = {
          r.avoid_until > now, n > 1 && i == job.last_failed_replica, r.in_flight, rr};
      if (best < 0 || key < best_key) {
        best = i;
        best_key = key;
      }
    }
    if (best >= 0) ++m_.round_robin;
    return best;
  }

  // The JSON sent for a job, made at its first attempt and dropped when it completes, so a
  // long list of requests does not hold every body at once.
  void build_body(Job& job) {
    const Request& r = *job.request;
    json body = {
        {"model", m_.config.model},
        {"messages", messages_json(r)},
        {"max_tokens", r.sampling.max_tokens},
        {"temperature", clean_float(r.sampling.temperature)},
        {"top_p", clean_float(r.sampling.top_p)},
        // The same 32-bit seed the embedded target derives, in a range every server accepts.
        {"seed", static_cast<uint32_t>(r.seed ^ (r.seed >> 32))},
    };
    if (m_.config.stream) {
      body["stream"] = true;
      body["stream_options"] = {{"include_usage", true}};
    }
    job.body = dump(body);
  }

  void start(size_t j, int replica, Clock::time_point now) {
    Job& job = jobs_[j];
    if (job.body.empty()) build_body(job);
    Replica& rep = m_.replicas[static_cast<size_t>(replica)];
    const OpenAiConfig& c = m_.config;
    auto t = std::make_unique<Transfer>();
    t->easy = curl_easy_init();
    t->job = j;
    t->replica = replica;
    t->started = now;
    t->last_byte = now;
    t->rpm_id = m_.rpm.admit(now, 1);
    t->tpm_id = m_.tpm.admit(now, job.estimate);
    ++job.attempts;
    CURL* e = t->easy;
    if (!e) {
      Outcome o;
      o.error_class = "connect";
      o.message = "libcurl could not create a transfer";
      complete_with_error(j, o, 0);
      return;
    }
    curl_easy_setopt(e, CURLOPT_URL, rep.endpoint.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, job.body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(job.body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent().c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::ceil(c.connect_timeout_s * 1000)));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::ceil(c.timeout_s * 1000)));
    const bool tls = rep.endpoint.rfind("https://", 0) == 0;
    long version = CURL_HTTP_VERSION_1_1;
    if (c.http2) version = tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, version);
    if (c.http2) curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c.insecure ? 0L : 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c.insecure ? 0L : 2L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    if (curl_multi_add_handle(m_.multi, e) != CURLM_OK) {
      curl_easy_cleanup(e);
      Outcome o;
      o.error_class = "connect";
      o.message = "libcurl could not start the transfer";
      complete_with_error(j, o, 0);
      return;
    }
    ++rep.in_flight;
    in_flight_.emplace(e, std::move(t));
  }

  static const std::string& user_agent() {
    static const std::string ua = std::string("candor/") + candor_version();
    return ua;
  }

  // Aborts transfers whose response began and then went silent for idle_timeout.
  void check_idle(Clock::time_point now, Clock::time_point& wake) {
    const auto idle = seconds(m_.config.idle_timeout_s);
    std::vector<CURL*> stalled;
    for (auto& [easy, t] : in_flight_) {
      if (!t->response_started) continue;
      if (now - t->last_byte >= idle) {
        stalled.push_back(easy);
      } else {
        wake = std::min(wake, t->last_byte + idle);
      }
    }
    for (CURL* easy : stalled) {
      Outcome o;
      o.error_class = "timeout";
      o.message = fmt::format("no data for {} s after the response began (idle_timeout)",
                              m_.config.idle_timeout_s);
      o.retryable = true;
      o.replica_fault = true;
      end_attempt(easy, std::move(o));
    }
  }

  void finish_attempt(CURL* easy, CURLcode code) {
    auto it = in_flight_.find(easy);
    if (it == in_flight_.end()) return;
    end_attempt(easy, classify(*it->second, code));
  }

  // Takes a finished or aborted transfer out of the loop and decides what follows it.
  void end_attempt(CURL* easy, Outcome o) {
    auto it = in_flight_.find(easy);
    std::unique_ptr<Transfer> t = std::move(it->second);
    in_flight_.erase(it);
    curl_multi_remove_handle(m_.multi, easy);
    const auto now = Clock::now();
    const double latency_ms = seconds_between(t->started, now) * 1000.0;
    curl_easy_cleanup(easy);
    t->easy = nullptr;
    Replica& rep = m_.replicas[static_cast<size_t>(t->replica)];
    --rep.in_flight;
    Job& job = jobs_[t->job];
    if (o.ok && o.response.prompt_tokens >= 0 && o.response.completion_tokens >= 0) {
      m_.tpm.settle(t->tpm_id, o.response.prompt_tokens + o.response.completion_tokens);
    }
    if (o.replica_fault) {
      ++rep.failures;
      rep.avoid_until = now + seconds(std::min(kMaxBackoffS, static_cast<double>(rep.failures)));
    } else {
      rep.failures = 0;
    }
    if (!o.ok) job.last_failed_replica = t->replica;
    if (o.retry_after) {
      rep.paused_until =
          std::max(rep.paused_until, now + seconds(std::min(*o.retry_after, kMaxRetryAfterS)));
    }
    if (o.ok) {
      complete_ok(t->job, std::move(o.response), latency_ms);
      return;
    }
    o.message = fmt::format("{} ({})", o.message, rep.shown);
    if (o.retryable && job.attempts <= m_.config.retries) {
      double delay = backoff(job.attempts);
      if (o.retry_after) delay = std::min(*o.retry_after, kMaxRetryAfterS) + jitter(0.1);
      job.due = now + seconds(delay);
      waiting_.emplace(job.due, t->job);
      return;
    }
    complete_with_error(t->job, o, latency_ms);
  }

  // Jittered exponential backoff: half the doubled delay fixed, half random.
  double backoff(int attempts) {
    const double full =
        std::min(kMaxBackoffS, m_.config.backoff_s * std::pow(2.0, std::max(0, attempts - 1)));
    return full / 2 + jitter(full / 2);
  }

  double jitter(double up_to) {
    if (up_to <= 0) return 0;
    return std::uniform_real_distribution<double>(0, up_to)(m_.rng);
  }

  void complete_ok(size_t j, ChatResponse r, double latency_ms) {
    const Job& job = jobs_[j];
    Completion c;
    c.key = job.request->key;
    ThinkSplit split =
        split_think(sanitize_utf8(r.content), m_.config.think_open && !r.has_reasoning_field);
    c.answer = std::move(split.answer);
    Reasoning state = split.state;
    std::string field = std::string(trim(sanitize_utf8(r.reasoning)));
    if (r.has_reasoning_field) {
      if (!field.empty()) {
        state = Reasoning::present;
      } else if (state == Reasoning::none) {
        state = Reasoning::empty;
      }
    }
    if (!field.empty() && !split.reasoning.empty()) field += "\n\n";
    c.reasoning = field + split.reasoning;
    c.reasoning_state = state;
    c.finish_reason = r.finish_reason.empty() ? "stop" : r.finish_reason;
    c.prompt_tokens = std::max(0, r.prompt_tokens);
    c.completion_tokens = std::max(0, r.completion_tokens);
    c.latency_ms = latency_ms;
    c.attempts = job.attempts;
    deliver(j, std::move(c));
  }

  void complete_with_error(size_t j, const Outcome& o, double latency_ms) {
    const Job& job = jobs_[j];
    Completion c;
    c.key = job.request->key;
    c.finish_reason = "error";
    c.latency_ms = latency_ms;
    c.attempts = std::max(1, job.attempts);
    c.error_class = o.error_class;
    c.error_message = o.message;
    if (job.attempts > 1) c.error_message += fmt::format(" (after {} attempts)", job.attempts);
    deliver(j, std::move(c));
  }

  // The one place a Completion leaves: at most once per job, and never with the key in it.
  void deliver(size_t j, Completion c) {
    if (done_[j]) return;
    done_[j] = true;
    std::string().swap(jobs_[j].body);
    c.prompt_sent = dump(messages_json(*jobs_[j].request));
    if (!key_.empty()) {
      // Error messages quote servers, which may echo the key whole or cut; answers may quote it
      // whole (a proxy that reflects the request). Neither may be stored.
      c.error_message = redact_pieces(c.error_message, key_);
      replace_all(c.answer, key_, "[redacted]");
      replace_all(c.reasoning, key_, "[redacted]");
    }
    c.error_message = terminal_safe(c.error_message);
    sink_(std::move(c));
  }

  void cancel_all() {
    Outcome o;
    o.error_class = "cancelled";
    o.message = "the run was interrupted";
    std::vector<std::pair<size_t, double>> stopped;
    for (auto& [easy, t] : in_flight_) {
      curl_multi_remove_handle(m_.multi, easy);
      curl_easy_cleanup(easy);
      --m_.replicas[static_cast<size_t>(t->replica)].in_flight;
      stopped.emplace_back(t->job, seconds_between(t->started, Clock::now()) * 1000.0);
    }
    in_flight_.clear();
    for (auto& [j, latency] : stopped) complete_with_error(j, o, latency);
    for (size_t j : ready_) complete_with_error(j, o, 0);
    ready_.clear();
    while (!waiting_.empty()) {
      complete_with_error(waiting_.top().second, o, 0);
      waiting_.pop();
    }
  }

  Impl& m_;
  const CompletionSink& sink_;
  const std::atomic<bool>* cancel_;
  std::string key_;
  curl_slist* headers_ = nullptr;
  std::vector<Job> jobs_;
  std::vector<bool> done_;
  std::deque<size_t> ready_;
  using Due = std::pair<Clock::time_point, size_t>;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> waiting_;
  std::map<CURL*, std::unique_ptr<Transfer>> in_flight_;
};

OpenAiTarget::OpenAiTarget(OpenAiConfig config) : impl_(std::make_unique<Impl>()) {
  static CurlGlobal global;  // curl_global_init, once per process
  impl_->config = std::move(config);
  impl_->rpm = RateWindow(impl_->config.rpm);
  impl_->tpm = RateWindow(impl_->config.tpm);
  for (const auto& url : impl_->config.base_urls) {
    Replica r;
    r.endpoint = url + "/chat/completions";
    r.shown = mask_credentials(url);
    impl_->replicas.push_back(std::move(r));
  }
}

OpenAiTarget::~OpenAiTarget() = default;

Result<std::unique_ptr<OpenAiTarget>> OpenAiTarget::open(const TargetSpec& spec,
                                                         const TargetOptions& options) {
  auto config = openai_config(spec, options);
  if (!config) return config.error();
  return std::make_unique<OpenAiTarget>(std::move(config.value()));
}

const std::string& OpenAiTarget::name() const {
  return impl_->config.name;
}
const OpenAiConfig& OpenAiTarget::config() const {
  return impl_->config;
}

void OpenAiTarget::generate(std::span<const Request> requests, const CompletionSink& sink,
                            const std::atomic<bool>* cancel) {
  if (requests.empty()) return;
  if (!impl_->multi) {
    impl_->multi = curl_multi_init();
    if (!impl_->multi) {
      for (const auto& r : requests) {
        Completion c;
        c.key = r.key;
        c.finish_reason = "error";
        c.error_class = "internal";
        c.error_message = "libcurl could not be initialised";
        sink(std::move(c));
      }
      return;
    }
    curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(
        impl_->multi, CURLMOPT_MAXCONNECTS,
        static_cast<long>(std::max<size_t>(static_cast<size_t>(impl_->config.concurrency) * 2,
                                           impl_->replicas.size() * 4)));
  }
  Session session(*impl_, requests, sink, cancel);
  session.run();
}

}  // namespace candor
