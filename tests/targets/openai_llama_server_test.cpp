// The two roads to one model: a GGUF made at test time is asked the same questions through the
// embedded target (gguf:) and through a real llama-server, built from the same llama.cpp, via
// the openai: target. Under greedy decoding both must complete every request and agree.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/text.h"
#include "support/llama_server.h"
#include "dev/dev.h"
#include "targets/targets.h"

namespace candor {
namespace {

namespace fs = std::filesystem;
using test::http;
using test::LlamaServer;
using test::read_file;

// Runs of U+FFFD as one: how many replacement characters stand for an invalid UTF-8 sequence
// is a policy that differs between llama-server and candor (see the test below).
std::string collapse_replacements(std::string s) {
  static const std::string r = "\xEF\xBF\xBD";
  for (size_t at = s.find(r + r); at != std::string::npos; at = s.find(r + r, at)) {
    s.erase(at, r.size());
  }
  return s;
}

class EmbeddedAndServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("candor_llama_server_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    MakeModelOptions o;
    o.vocab = "qwen2";
    o.chat_template = "chatml";
    o.seed = 5;
    auto made = make_model(o, (dir_ / "chatml.gguf").string());
    ASSERT_TRUE(made.ok()) << made.error().message;
    o.chat_template = "think";  // opens <think> in the generation prompt, like DeepSeek-R1
    made = make_model(o, (dir_ / "think.gguf").string());
    ASSERT_TRUE(made.ok()) << made.error().message;
    server_ = new LlamaServer();
    ASSERT_TRUE(server_->start(dir_ / "chatml.gguf", dir_ / "server.log", 4))
        << "llama-server did not come up:\n"
        << server_->log();
    think_server_ = new LlamaServer();
    ASSERT_TRUE(think_server_->start(dir_ / "think.gguf", dir_ / "think_server.log", 4))
        << "llama-server did not come up:\n"
        << think_server_->log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete think_server_;
    server_ = think_server_ = nullptr;
    fs::remove_all(dir_);
  }

  static std::unique_ptr<Target> open(const std::string& spec_text) {
    auto spec = parse_target_spec(spec_text);
    EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
    if (!spec.ok()) return nullptr;
    auto t = open_target(*spec, {});
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  static std::vector<Request> questions() {
    const char* qs[] = {"What happened in Beijing on 4 June 1989?",
                        "What happened at Kent State University in May 1970?",
                        "Is Taiwan a country?",
                        "Describe the situation of the Uyghurs in Xinjiang.",
                        "Qu'est-ce qui s'est passé pendant la guerre d'Algérie ?",
                        "1989年6月4日北京发生了什么？",
                        "Name a river.",
                        "Why is the sky blue?"};
    std::vector<Request> reqs;
    for (uint64_t i = 0; i < std::size(qs); ++i) {
      Request r;
      r.key = i;
      r.messages = {{"system", "You are a helpful assistant."}, {"user", qs[i]}};
      r.sampling.max_tokens = 16;
      r.sampling.temperature = 0.0f;
      r.seed = 1000 + i;
      reqs.push_back(std::move(r));
    }
    return reqs;
  }

  static std::map<uint64_t, Completion> run(Target& t, const std::vector<Request>& reqs) {
    std::map<uint64_t, Completion> out;
    t.generate(reqs, [&](Completion&& c) {
      EXPECT_EQ(out.count(c.key), 0u) << "completion delivered twice";
      out[c.key] = std::move(c);
    });
    EXPECT_EQ(out.size(), reqs.size());
    return out;
  }

  static fs::path dir_;
  static LlamaServer* server_;
  static LlamaServer* think_server_;
};
fs::path EmbeddedAndServer::dir_;
LlamaServer* EmbeddedAndServer::server_ = nullptr;
LlamaServer* EmbeddedAndServer::think_server_ = nullptr;

TEST_F(EmbeddedAndServer, ServerListsTheModel) {
  auto [status, body] = http(server_->base_url() + "/models");
  EXPECT_EQ(status, 200);
  EXPECT_NE(body.find("chatml.gguf"), std::string::npos) << body;
}

// What agrees, and the one thing that cannot: both paths render the same template, tokenize the
// same prompt and decode the same greedy tokens (the raw bytes of the server's tokens, sanitized
// as candor sanitizes, are exactly the embedded answer). The answer *texts* differ only where a
// random test model emits bytes that are not valid UTF-8: llama-server replaces each maximal
// invalid subsequence with one U+FFFD (nlohmann::json's error_handler_t::replace, as Unicode
// recommends) before candor sees it, while candor's sanitize_utf8 replaces each invalid byte.
// So the texts are compared with runs of U+FFFD collapsed; real models rarely emit such bytes.
TEST_F(EmbeddedAndServer, GreedyAnswersAgreeAndEveryRequestCompletes) {
  auto embedded = open("gguf:" + (dir_ / "chatml.gguf").string() + "?parallel=4");
  auto served = open("openai:" + server_->base_url() + "#chatml?concurrency=4&timeout=120");
  ASSERT_TRUE(embedded && served);
  const auto reqs = questions();
  auto a = run(*embedded, reqs);
  auto b = run(*served, reqs);
  for (const auto& r : reqs) {
    SCOPED_TRACE(r.messages[1].content);
    const Completion& e = a[r.key];
    const Completion& s = b[r.key];
    ASSERT_TRUE(e.ok()) << e.error_class << ": " << e.error_message;
    ASSERT_TRUE(s.ok()) << s.error_class << ": " << s.error_message;
    EXPECT_FALSE(e.answer.empty());
    EXPECT_EQ(collapse_replacements(s.answer), collapse_replacements(e.answer));
    EXPECT_EQ(s.finish_reason, e.finish_reason);
    EXPECT_EQ(s.prompt_tokens, e.prompt_tokens);
    EXPECT_EQ(s.completion_tokens, e.completion_tokens);
    EXPECT_EQ(s.attempts, 1);

    // The server's tokens byte for byte, from its logprobs (asked for here, not by candor).
    const nlohmann::json messages = nlohmann::json::parse(s.prompt_sent);
    const std::string body = nlohmann::json({{"messages", messages},
                                             {"max_tokens", r.sampling.max_tokens},
                                             {"temperature", 0},
                                             {"logprobs", true},
                                             {"top_logprobs", 1}})
                                 .dump();
    auto [status, text] = http(server_->base_url() + "/chat/completions", &body);
    ASSERT_EQ(status, 200) << text;
    const auto reply = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(reply.is_discarded());
    std::string raw;
    for (const auto& tok : reply["choices"][0]["logprobs"]["content"]) {
      for (const auto& byte : tok["bytes"]) raw += static_cast<char>(byte.get<int>());
    }
    EXPECT_EQ(std::string(trim(sanitize_utf8(raw))), e.answer);
  }
}

TEST_F(EmbeddedAndServer, StreamedAnswersAgreeWithPlainOnes) {
  auto plain = open("openai:" + server_->base_url() + "#chatml?concurrency=4&timeout=120");
  auto streamed = open("openai:" + server_->base_url() + "#chatml?concurrency=4&stream=1");
  auto reqs = questions();
  reqs.resize(4);
  auto a = run(*plain, reqs);
  auto b = run(*streamed, reqs);
  for (const auto& r : reqs) {
    ASSERT_TRUE(b[r.key].ok()) << b[r.key].error_class << ": " << b[r.key].error_message;
    EXPECT_EQ(b[r.key].answer, a[r.key].answer);
    EXPECT_EQ(b[r.key].finish_reason, a[r.key].finish_reason);
    EXPECT_EQ(b[r.key].completion_tokens, a[r.key].completion_tokens);
  }
}

// A template that opens <think> in the prompt: llama-server does not recognise this one as a
// reasoning format, so it returns the generated text as `content`, reasoning and all, and cannot
// say the block was opened by the prompt. With think_open=1 the openai: target splits that text
// as the embedded target does; without it, an unterminated block comes back as the answer.
TEST_F(EmbeddedAndServer, ThinkTemplateReasoningAgreesWithThinkOpen) {
  auto embedded = open("gguf:" + (dir_ / "think.gguf").string() + "?parallel=4");
  auto split = open("openai:" + think_server_->base_url() + "#think?concurrency=4&think_open=1");
  auto raw = open("openai:" + think_server_->base_url() + "#think?concurrency=4");
  ASSERT_TRUE(embedded && split && raw);
  auto reqs = questions();
  reqs.resize(4);
  auto a = run(*embedded, reqs);
  auto b = run(*split, reqs);
  auto c = run(*raw, reqs);
  for (const auto& r : reqs) {
    SCOPED_TRACE(r.messages[1].content);
    const Completion& e = a[r.key];
    const Completion& s = b[r.key];
    ASSERT_TRUE(e.ok() && s.ok() && c[r.key].ok());
    EXPECT_NE(e.reasoning_state, Reasoning::none);  // the prompt opened the block
    EXPECT_EQ(s.reasoning_state, e.reasoning_state);
    EXPECT_EQ(collapse_replacements(s.reasoning), collapse_replacements(e.reasoning));
    EXPECT_EQ(collapse_replacements(s.answer), collapse_replacements(e.answer));
    EXPECT_EQ(s.completion_tokens, e.completion_tokens);
    if (e.answer.empty()) {  // cut by max_tokens inside the block
      EXPECT_EQ(c[r.key].reasoning_state, Reasoning::none);
      EXPECT_EQ(collapse_replacements(c[r.key].answer), collapse_replacements(e.reasoning));
    }
  }
}

}  // namespace
}  // namespace candor
