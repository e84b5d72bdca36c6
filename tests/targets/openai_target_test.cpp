// The openai: target against the fault-injecting loopback server: every fault ends in a
// successful retry or a Completion with the right error class, exactly one per request.
#include "targets/openai_target.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/fault_server.h"

namespace candor {
namespace {

using fault::FaultServer;
using fault::FaultServerOptions;
using fault::RecordedRequest;
using fault::RefusingPort;
using Clock = std::chrono::steady_clock;

// Fast failure settings for tests: short waits, few retries.
constexpr const char* kFast =
    "retries=2&backoff=0.01&idle_timeout=0.5&timeout=10&connect_timeout=2";

std::unique_ptr<OpenAiTarget> make_target(const std::string& urls, const std::string& options,
                                          const TargetOptions& topts = {}) {
  auto spec = parse_target_spec("openai:" + urls + "#test-model?" + options);
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  if (!spec.ok()) return nullptr;
  auto t = OpenAiTarget::open(*spec, topts);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? std::move(t.value()) : nullptr;
}

Request ask(uint64_t key, std::string prompt, int max_tokens = 16) {
  Request r;
  r.key = key;
  r.messages = {{"system", "You are a helpful assistant."}, {"user", std::move(prompt)}};
  r.sampling.max_tokens = max_tokens;
  r.seed = key;
  return r;
}

// Runs the requests and checks the contract: one Completion per request, no stranger.
std::map<uint64_t, Completion> run(Target& t, const std::vector<Request>& reqs,
                                   const std::atomic<bool>* cancel = nullptr) {
  std::map<uint64_t, Completion> out;
  std::set<uint64_t> keys;
  for (const auto& r : reqs) keys.insert(r.key);
  t.generate(
      reqs,
      [&](Completion&& c) {
        EXPECT_TRUE(keys.count(c.key)) << "completion for an unknown key " << c.key;
        EXPECT_EQ(out.count(c.key), 0u) << "completion delivered twice for key " << c.key;
        out[c.key] = std::move(c);
      },
      cancel);
  EXPECT_EQ(out.size(), reqs.size()) << "a request got no completion";
  return out;
}

std::vector<RecordedRequest> for_prompt(const FaultServer& s, const std::string& prompt) {
  std::vector<RecordedRequest> out;
  for (auto& r : s.requests()) {
    if (r.prompt == prompt) out.push_back(r);
  }
  return out;
}

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

class OpenAi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto port = server_.start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    unsetenv("OPENAI_API_KEY");
  }
  FaultServer server_;
};

TEST_F(OpenAi, AnswersEveryRequestAndSendsTheChatFields) {
  auto t = make_target(server_.base_url(), kFast);
  ASSERT_TRUE(t);
  std::vector<Request> reqs;
  for (uint64_t i = 0; i < 5; ++i) reqs.push_back(ask(i, fmt::format("question {}", i)));
  reqs[2].sampling.temperature = 0.7f;
  reqs[2].sampling.top_p = 0.9f;
  reqs[2].seed = 0x100000002ull;
  auto out = run(*t, reqs);
  for (uint64_t i = 0; i < 5; ++i) {
    const Completion& c = out[i];
    ASSERT_TRUE(c.ok()) << c.error_class << ": " << c.error_message;
    EXPECT_EQ(c.answer, "fault-server echo: question " + std::to_string(i));
    EXPECT_EQ(c.finish_reason, "stop");
    EXPECT_EQ(c.attempts, 1);
    EXPECT_EQ(c.reasoning_state, Reasoning::none);
    EXPECT_EQ(c.prompt_tokens, 7);      // the fault server counts words
    EXPECT_EQ(c.completion_tokens, 4);  // "fault-server echo: question N"
    EXPECT_GT(c.latency_ms, 0);
    EXPECT_EQ(
        nlohmann::json::parse(c.prompt_sent),
        nlohmann::json::parse(R"([{"role":"system","content":"You are a helpful assistant."},)"
                              R"({"role":"user","content":"question )" +
                              std::to_string(i) + "\"}]"));
  }
  auto recorded = for_prompt(server_, "question 2");
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].path, "/v1/chat/completions");
  const auto body = nlohmann::json::parse(recorded[0].body);
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["max_tokens"], 16);
  EXPECT_EQ(body["temperature"], 0.7);
  EXPECT_EQ(body["top_p"], 0.9);
  EXPECT_EQ(body["seed"], 3u);  // 64-bit seeds fold to the 32 bits the embedded target uses
  EXPECT_EQ(body["messages"].size(), 2u);
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_EQ(recorded[0].headers.count("authorization"), 0u);  // no key in the environment
}

TEST_F(OpenAi, ApiKeyComesFromTheEnvironmentAndAppearsNowhereElse) {
  const std::string key = "sk-candor-test-7d1f0c2a9b";
  setenv("CANDOR_TEST_KEY", key.c_str(), 1);
  auto t = make_target(server_.base_url(), std::string(kFast) + "&key_env=CANDOR_TEST_KEY");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name().find(key), std::string::npos);
  auto out = run(*t, {ask(1, "hello"), ask(2, "[[401 echo_auth]]"), ask(3, "[[500 echo_auth]]")});
  EXPECT_TRUE(out[1].ok());
  auto recorded = for_prompt(server_, "hello");
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].headers["authorization"], "Bearer " + key);
  // The server echoes the credentials in its error body; the message must not carry them.
  EXPECT_EQ(out[2].error_class, "http_4xx");
  EXPECT_EQ(out[2].attempts, 1);  // 401 is not retried
  EXPECT_EQ(out[3].error_class, "http_5xx");
  for (uint64_t k : {2, 3}) {
    EXPECT_EQ(out[k].error_message.find(key), std::string::npos) << out[k].error_message;
    EXPECT_NE(out[k].error_message.find("[redacted]"), std::string::npos) << out[k].error_message;
  }
  unsetenv("CANDOR_TEST_KEY");
}

TEST_F(OpenAi, NamedKeyVariableThatIsUnsetIsAnOpenErrorNamingTheVariable) {
  unsetenv("CANDOR_TEST_MISSING_KEY");
  auto spec =
      parse_target_spec("openai:" + server_.base_url() + "#m?key_env=CANDOR_TEST_MISSING_KEY");
  ASSERT_TRUE(spec.ok());
  auto t = open_target(*spec, {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("CANDOR_TEST_MISSING_KEY"), std::string::npos);
  EXPECT_NE(t.error().message.find("not set"), std::string::npos);
}

struct FaultCase {
  const char* directive;
  const char* error_class;  // when the fault persists
  bool retried;
  // A connection closed with no response at all may have been a stale keep-alive connection:
  // libcurl itself re-sends the request on a fresh one, at most 5 times (CONN_MAX_RETRIES),
  // so the server can see more requests than the target made attempts.
  bool resent_by_libcurl = false;
};

// Each fault once (then the server answers) and for good (it never does), all in one call.
void check_fault_matrix(FaultServer& server, const std::string& options,
                        const std::vector<FaultCase>& cases) {
  auto t = make_target(server.base_url(), options);
  ASSERT_TRUE(t);
  std::vector<Request> reqs;
  for (size_t i = 0; i < cases.size(); ++i) {
    reqs.push_back(ask(2 * i, fmt::format("[[{} times=1]] once", cases[i].directive)));
    reqs.push_back(ask(2 * i + 1, fmt::format("[[{}]] always", cases[i].directive)));
  }
  auto out = run(*t, reqs);
  for (size_t i = 0; i < cases.size(); ++i) {
    const FaultCase& fc = cases[i];
    const Completion& once = out[2 * i];
    const Completion& always = out[2 * i + 1];
    if (fc.retried) {
      EXPECT_TRUE(once.ok()) << fc.directive << ": " << once.error_class << " "
                             << once.error_message;
      EXPECT_EQ(once.attempts, 2) << fc.directive;
      EXPECT_NE(once.answer.find("echo:"), std::string::npos) << fc.directive;
    } else {
      EXPECT_EQ(once.error_class, fc.error_class) << fc.directive;
      EXPECT_EQ(once.attempts, 1) << fc.directive;
    }
    EXPECT_EQ(always.error_class, fc.error_class) << fc.directive << ": " << always.error_message;
    EXPECT_EQ(always.finish_reason, "error");
    EXPECT_FALSE(always.error_message.empty());
    EXPECT_EQ(always.attempts, fc.retried ? 3 : 1) << fc.directive;
    // The server saw exactly the attempts the Completion reports: retries are bounded.
    const int seen =
        static_cast<int>(for_prompt(server, reqs[2 * i + 1].messages[1].content).size());
    if (fc.resent_by_libcurl) {
      EXPECT_GE(seen, always.attempts) << fc.directive;
      EXPECT_LE(seen, always.attempts * 6) << fc.directive;
    } else {
      EXPECT_EQ(seen, always.attempts) << fc.directive;
    }
  }
}

TEST_F(OpenAi, EveryFaultEndsInARetryOrTheRightErrorClass) {
  check_fault_matrix(server_, kFast,
                     {
                         {"500", "http_5xx", true},
                         {"502", "http_5xx", true},
                         {"503", "http_5xx", true},
                         {"429", "rate_limited", true},
                         {"408", "http_4xx", true},
                         {"400", "http_4xx", false},
                         {"404", "http_4xx", false},
                         {"close", "connect", true, /*resent_by_libcurl=*/true},
                         {"cut", "bad_response", true},
                         {"reset", "bad_response", true},
                         {"malformed", "bad_response", true},
                         {"truncated_json", "bad_response", true},
                         {"wrong_shape", "bad_response", true},
                         {"stall", "timeout", true},
                     });
}

TEST_F(OpenAi, StreamedFaultsEndInARetryOrTheRightErrorClass) {
  check_fault_matrix(server_, std::string(kFast) + "&stream=1",
                     {
                         {"503", "http_5xx", true},
                         {"sse_cut", "bad_response", true},
                         {"stall", "timeout", true},
                         {"malformed", "bad_response", true},
                     });
}

TEST_F(OpenAi, SilentServerEndsInATimeoutAfterTheTotalTimeout) {
  auto t = make_target(server_.base_url(), "retries=1&backoff=0.01&timeout=0.5");
  auto out = run(*t, {ask(1, "[[silent]]")});
  EXPECT_EQ(out[1].error_class, "timeout") << out[1].error_message;
  EXPECT_EQ(out[1].attempts, 2);
  EXPECT_EQ(for_prompt(server_, "[[silent]]").size(), 2u);
}

TEST_F(OpenAi, RefusedConnectionIsRetriedThenReportedAsConnect) {
  RefusingPort refusing;
  auto t = make_target(refusing.base_url(), kFast);
  auto out = run(*t, {ask(1, "anyone there?")});
  EXPECT_EQ(out[1].error_class, "connect");
  EXPECT_EQ(out[1].attempts, 3);
  EXPECT_NE(out[1].error_message.find(std::to_string(refusing.port())), std::string::npos)
      << out[1].error_message;
}

TEST_F(OpenAi, RetryAfterSecondsAndDatesAreHonoured) {
  auto t = make_target(server_.base_url(), kFast);
  auto out = run(*t, {ask(1, "[[429 retry_after=1 times=1]] a"),
                      ask(2, "[[503 retry_after_date=2 times=1]] b")});
  ASSERT_TRUE(out[1].ok()) << out[1].error_message;
  ASSERT_TRUE(out[2].ok()) << out[2].error_message;
  EXPECT_EQ(out[1].attempts, 2);
  EXPECT_EQ(out[2].attempts, 2);
  // Measured on the server: from sending the 429/503 to receiving the retry.
  auto a = for_prompt(server_, "[[429 retry_after=1 times=1]] a");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_GE(seconds_between(a[0].responded, a[1].arrived), 1.0);
  auto b = for_prompt(server_, "[[503 retry_after_date=2 times=1]] b");
  ASSERT_EQ(b.size(), 2u);
  // The date has whole seconds, so "2 s ahead" may be as little as 1 s ahead.
  EXPECT_GE(seconds_between(b[0].responded, b[1].arrived), 1.0);
}

TEST_F(OpenAi, RetriesAreBoundedByTheRetriesOption) {
  for (int retries : {0, 3}) {
    auto t = make_target(server_.base_url(), fmt::format("retries={}&backoff=0.001", retries));
    const std::string prompt = fmt::format("[[503]] retries {}", retries);
    auto out = run(*t, {ask(1, prompt)});
    EXPECT_EQ(out[1].error_class, "http_5xx");
    EXPECT_EQ(out[1].attempts, retries + 1);
    EXPECT_EQ(static_cast<int>(for_prompt(server_, prompt).size()), retries + 1);
  }
}

TEST_F(OpenAi, ReplicasBothReceiveTrafficAndAnswersComeFromWhereTheyWereSent) {
  FaultServerOptions b_opts;
  b_opts.name = "replica-b";
  FaultServer b(b_opts);
  ASSERT_TRUE(b.start().ok());
  auto t = make_target(server_.base_url() + "," + b.base_url(), kFast);
  std::vector<Request> reqs;
  for (uint64_t i = 0; i < 10; ++i) reqs.push_back(ask(i, fmt::format("q{}", i)));
  auto out = run(*t, reqs);
  EXPECT_GT(server_.requests().size(), 0u);
  EXPECT_GT(b.requests().size(), 0u);
  EXPECT_EQ(server_.requests().size() + b.requests().size(), 10u);
  for (uint64_t i = 0; i < 10; ++i) {
    const std::string prompt = fmt::format("q{}", i);
    const bool on_b = !for_prompt(b, prompt).empty();
    EXPECT_EQ(out[i].answer,
              (on_b ? "replica-b" : "fault-server") + std::string(" echo: ") + prompt);
  }
}

TEST_F(OpenAi, AFailingReplicasRetriesGoElsewhere) {
  RefusingPort dead;
  auto t = make_target(dead.base_url() + "," + server_.base_url(), kFast);
  std::vector<Request> reqs;
  for (uint64_t i = 0; i < 8; ++i) reqs.push_back(ask(i, fmt::format("r{}", i)));
  auto out = run(*t, reqs);
  for (uint64_t i = 0; i < 8; ++i) {
    EXPECT_TRUE(out[i].ok()) << out[i].error_class << ": " << out[i].error_message;
    EXPECT_LE(out[i].attempts, 2);
  }
  EXPECT_EQ(server_.requests().size(), 8u);
}

TEST_F(OpenAi, ConcurrencyCapIsReachedAndNeverExceeded) {
  for (int cap : {1, 3}) {
    FaultServer s;
    ASSERT_TRUE(s.start().ok());
    auto t = make_target(s.base_url(), fmt::format("concurrency={}", cap));
    std::vector<Request> reqs;
    // Each request waits at the server until `cap` are in flight (or 2 s), so a client that
    // respects the cap fills it, and one that does not is caught.
    for (uint64_t i = 0; i < 9; ++i) {
      reqs.push_back(ask(i, fmt::format("[[hold n={} max_ms=2000]] c{}", cap, i)));
    }
    auto out = run(*t, reqs);
    for (auto& [k, c] : out) EXPECT_TRUE(c.ok()) << c.error_message;
    EXPECT_EQ(s.max_concurrent(), cap);
  }
}

TEST_F(OpenAi, ConcurrencyComesFromTargetOptionsWhenTheSpecHasNone) {
  TargetOptions topts;
  topts.concurrency = 5;
  auto t = make_target(server_.base_url(), kFast, topts);
  EXPECT_EQ(t->config().concurrency, 5);
  auto u = make_target(server_.base_url(), "concurrency=2", topts);
  EXPECT_EQ(u->config().concurrency, 2);
  auto d = make_target(server_.base_url(), kFast);
  EXPECT_EQ(d->config().concurrency, 16);
}

TEST_F(OpenAi, SequentialRequestsReuseOneKeepAliveConnection) {
  auto t = make_target(server_.base_url(), "concurrency=1");
  std::vector<Request> reqs;
  for (uint64_t i = 0; i < 6; ++i) reqs.push_back(ask(i, fmt::format("k{}", i)));
  run(*t, reqs);
  run(*t, {ask(99, "another call")});  // connections outlive a generate() call
  EXPECT_EQ(server_.requests().size(), 7u);
  EXPECT_EQ(server_.connections(), 1);
}

TEST_F(OpenAi, ReasoningIsKeptApartFromTheAnswer) {
  for (const char* options : {"", "stream=1"}) {
    auto t = make_target(server_.base_url(), options);
    auto out = run(*t, {ask(1, "[[reasoning]] r"), ask(2, "[[reasoning field=reasoning]] f"),
                        ask(3, "[[reasoning text=]] e"), ask(4, "[[think]] t"),
                        ask(5, "[[empty_think]] z"), ask(6, "[[length]] l")});
    SCOPED_TRACE(options);
    EXPECT_EQ(out[1].reasoning_state, Reasoning::present);
    EXPECT_EQ(out[1].reasoning, "reasoning about: [[reasoning]] r");
    EXPECT_EQ(out[1].answer, "fault-server echo: [[reasoning]] r");
    EXPECT_EQ(out[2].reasoning_state, Reasoning::present);
    EXPECT_EQ(out[2].reasoning, "reasoning about: [[reasoning field=reasoning]] f");
    EXPECT_EQ(out[3].reasoning_state, Reasoning::empty);
    EXPECT_EQ(out[3].reasoning, "");
    EXPECT_EQ(out[4].reasoning_state, Reasoning::present);
    EXPECT_EQ(out[4].reasoning, "reasoning about: [[think]] t");
    EXPECT_EQ(out[4].answer, "fault-server echo: [[think]] t");
    EXPECT_EQ(out[5].reasoning_state, Reasoning::empty);
    EXPECT_EQ(out[5].answer, "fault-server echo: [[empty_think]] z");
    EXPECT_EQ(out[6].finish_reason, "length");
    for (auto& [k, c] : out) EXPECT_GT(c.completion_tokens, 0) << k;
  }
}

TEST_F(OpenAi, StreamingAsksForAStreamAndReadsIt) {
  auto t = make_target(server_.base_url(), "stream=1");
  auto out = run(*t, {ask(1, "stream me, 天安门 please")});
  ASSERT_TRUE(out[1].ok()) << out[1].error_message;
  EXPECT_EQ(out[1].answer, "fault-server echo: stream me, 天安门 please");
  EXPECT_EQ(out[1].prompt_tokens, 9);
  auto rec = for_prompt(server_, "stream me, 天安门 please");
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_TRUE(rec[0].stream);
  EXPECT_EQ(nlohmann::json::parse(rec[0].body)["stream_options"]["include_usage"], true);
}

TEST_F(OpenAi, CancelFinishesInFlightAndQueuedRequestsAsCancelled) {
  auto t = make_target(server_.base_url(), "concurrency=2");
  std::atomic<bool> cancel{false};
  std::vector<Request> reqs = {ask(1, "quick")};
  for (uint64_t i = 2; i <= 5; ++i)
    reqs.push_back(ask(i, fmt::format("[[delay ms=20000]] slow{}", i)));
  std::map<uint64_t, Completion> out;
  t->generate(
      reqs,
      [&](Completion&& c) {
        EXPECT_EQ(out.count(c.key), 0u);
        out[c.key] = std::move(c);
        cancel = true;  // the first completion interrupts the run
      },
      &cancel);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_TRUE(out[1].ok());
  for (uint64_t i = 2; i <= 5; ++i) EXPECT_EQ(out[i].error_class, "cancelled") << i;
  // Only "quick" was answered; the slow one sent beside it is still held by the server.
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(OpenAi, ServerThatDiesAndComesBackLosesNothing) {
  auto t = make_target(server_.base_url(), "retries=30&backoff=0.05&connect_timeout=2");
  const int port = server_.port();
  server_.stop();
  std::map<uint64_t, Completion> out;
  std::thread runner([&] {
    std::vector<Request> reqs;
    for (uint64_t i = 0; i < 6; ++i) reqs.push_back(ask(i, fmt::format("back{}", i)));
    out = run(*t, reqs);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_TRUE(server_.start(port).ok());
  runner.join();
  ASSERT_EQ(out.size(), 6u);
  int retried = 0;
  for (auto& [k, c] : out) {
    EXPECT_TRUE(c.ok()) << c.error_class << ": " << c.error_message;
    retried += c.attempts > 1;
  }
  EXPECT_GT(retried, 0);
  EXPECT_EQ(server_.requests().size(), 6u);
}

TEST_F(OpenAi, ManyRequestsWithScatteredFaultsGetExactlyOneCompletionEach) {
  FaultServer b;
  ASSERT_TRUE(b.start().ok());
  auto t = make_target(server_.base_url() + "," + b.base_url(),
                       "concurrency=16&retries=3&backoff=0.001&idle_timeout=0.3");
  // `times` counts per server and retries go to the other replica, so a fault with times=1
  // can cost two attempts here; four are allowed.
  const char* faults[] = {"",
                          "[[500 times=1]]",
                          "[[close times=1]]",
                          "[[cut times=1]]",
                          "[[reset times=1]]",
                          "[[malformed times=1]]",
                          "[[429 times=1]]",
                          "[[stall times=1]]",
                          "[[think]]"};
  std::vector<Request> reqs;
  for (uint64_t i = 0; i < 180; ++i) {
    reqs.push_back(ask(i, fmt::format("{} m{}", faults[i % std::size(faults)], i)));
  }
  auto out = run(*t, reqs);
  for (auto& [k, c] : out) {
    const std::string& prompt = reqs[k].messages[1].content;
    EXPECT_TRUE(c.ok()) << k << ": " << c.error_class << " " << c.error_message << "; servers saw "
                        << for_prompt(server_, prompt).size() + for_prompt(b, prompt).size();
  }
}

TEST(OpenAiConfig, ReadsOptionsAndRejectsBadOnesByName) {
  auto spec = parse_target_spec(
      "openai:https://a.example/v1#m?rpm=600&tpm=90000&timeout=30&idle_timeout=5&connect_timeout=2"
      "&retries=0&concurrency=64&insecure=1&http2=1&stream=1&backoff=0.2");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  auto c = openai_config(*spec, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->rpm, 600);
  EXPECT_EQ(c->tpm, 90000);
  EXPECT_EQ(c->timeout_s, 30);
  EXPECT_EQ(c->idle_timeout_s, 5);
  EXPECT_EQ(c->connect_timeout_s, 2);
  EXPECT_EQ(c->retries, 0);
  EXPECT_EQ(c->concurrency, 64);
  EXPECT_TRUE(c->insecure);
  EXPECT_TRUE(c->http2);
  EXPECT_TRUE(c->stream);
  EXPECT_EQ(c->backoff_s, 0.2);

  struct Bad {
    const char* option;
    const char* says;
  } bad[] = {{"rpm=fast", "rpm=fast"},
             {"retries=-1", "retries=-1"},
             {"concurrency=0", "concurrency=0"},
             {"timeout=0", "timeout=0"},
             {"insecure=maybe", "insecure=maybe"},
             {"key_env=1BAD", "key_env=1BAD"}};
  for (const auto& b : bad) {
    auto s = parse_target_spec(std::string("openai:http://h/v1#m?") + b.option);
    ASSERT_TRUE(s.ok()) << b.option;
    auto r = openai_config(*s, {});
    ASSERT_FALSE(r.ok()) << b.option;
    EXPECT_NE(r.error().message.find(b.says), std::string::npos) << r.error().message;
  }
}

TEST(OpenAiConfig, InsecureIsVisibleInTheNameAndCredentialsInUrlsAreNot) {
  auto spec = parse_target_spec("openai:https://user:hunter2@gpu1/v1,http://gpu2/v1#m?insecure=1");
  ASSERT_TRUE(spec.ok());
  auto t = OpenAiTarget::open(*spec, {});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ((*t)->name(), "openai:https://***@gpu1/v1,http://gpu2/v1#m?insecure=1");
  EXPECT_EQ(mask_credentials("http://h/v1"), "http://h/v1");
  EXPECT_EQ(mask_credentials("x http://a@b/c, https://p:q@r"), "x http://***@b/c, https://***@r");
}

TEST(RateWindow, AdmitsUpToTheLimitPerMinute) {
  const auto t0 = RateWindow::Clock::time_point{} + std::chrono::hours(1);
  RateWindow rpm(2);
  EXPECT_EQ(rpm.next_admission(t0, 1), t0);
  rpm.admit(t0, 1);
  rpm.admit(t0 + std::chrono::seconds(10), 1);
  // The third must wait until the first leaves the one-minute window.
  EXPECT_EQ(rpm.next_admission(t0 + std::chrono::seconds(20), 1), t0 + std::chrono::seconds(60));
  EXPECT_EQ(rpm.next_admission(t0 + std::chrono::seconds(60), 1), t0 + std::chrono::seconds(60));
  RateWindow unlimited(0);
  for (int i = 0; i < 1000; ++i) unlimited.admit(t0, 1);
  EXPECT_EQ(unlimited.next_admission(t0, 1), t0);
}

TEST(RateWindow, TokenEstimatesAreSettledToActualUsage) {
  const auto t0 = RateWindow::Clock::time_point{} + std::chrono::hours(1);
  RateWindow tpm(1000);
  const uint64_t a = tpm.admit(t0, 800);
  EXPECT_GT(tpm.next_admission(t0, 300), t0);
  tpm.settle(a, 100);  // the request used far fewer tokens than estimated
  EXPECT_EQ(tpm.next_admission(t0, 300), t0);
  // A request larger than the whole limit still goes, alone.
  RateWindow small(10);
  EXPECT_EQ(small.next_admission(t0, 500), t0);
  small.admit(t0, 500);
  EXPECT_EQ(small.next_admission(t0, 1), t0 + std::chrono::seconds(60));
}

// TLS is verified by default; insecure=1 turns verification off and shows in the name.
TEST(OpenAiTls, CertificatesAreVerifiedUnlessInsecure) {
  FaultServerOptions opts;
  opts.tls = true;  // a self-signed certificate no client trusts
  FaultServer server(opts);
  ASSERT_TRUE(server.start().ok());
  ASSERT_EQ(server.base_url().rfind("https://", 0), 0u);
  auto strict = make_target(server.base_url(), "retries=2&backoff=0.01");
  auto out = run(*strict, {ask(1, "hi")});
  EXPECT_EQ(out[1].error_class, "connect");
  EXPECT_EQ(out[1].attempts, 1);  // a bad certificate is not retried
  EXPECT_NE(out[1].error_message.find("certificate"), std::string::npos) << out[1].error_message;
  EXPECT_NE(out[1].error_message.find("insecure=1"), std::string::npos) << out[1].error_message;
  EXPECT_TRUE(server.requests().empty());

  for (const char* options : {"insecure=1", "insecure=1&http2=1", "insecure=1&stream=1"}) {
    auto lax = make_target(server.base_url(), options);
    EXPECT_NE(lax->name().find("insecure=1"), std::string::npos);
    auto lax_out = run(*lax, {ask(1, "over TLS")});
    // http2=1 offers h2 by ALPN; this server speaks HTTP/1.1 only, so that is what is used.
    EXPECT_TRUE(lax_out[1].ok()) << options << ": " << lax_out[1].error_message;
    EXPECT_EQ(lax_out[1].answer, "fault-server echo: over TLS");
  }
}

}  // namespace
}  // namespace candor
