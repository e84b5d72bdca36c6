// Embedded generation on models made at test time by candor's own mkmodel.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "bad_gguf.h"
#include "dev/dev.h"
#include "targets/gguf_target.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

class Generate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("candor_generate_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    MakeModelOptions o;
    o.vocab = "llama-spm";
    o.chat_template = "chatml";
    o.seed = 11;
    ASSERT_TRUE(make_model(o, (dir_ / "chatml.gguf").string()).ok());
    o.vocab = "qwen2";
    o.chat_template = "think";
    o.shape.n_embd = 32;
    ASSERT_TRUE(make_model(o, (dir_ / "think.gguf").string()).ok());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static std::unique_ptr<Target> open(const std::string& file, const std::string& opts = "") {
    auto spec = parse_target_spec("gguf:" + (dir_ / file).string() + opts);
    EXPECT_TRUE(spec.ok());
    auto t = open_target(*spec, {});
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  static Request ask(uint64_t key, std::string q, float temperature, uint64_t seed) {
    Request r;
    r.key = key;
    r.messages = {{"system", "You are a helpful assistant."}, {"user", std::move(q)}};
    r.sampling.max_tokens = 24;
    r.sampling.temperature = temperature;
    r.seed = seed;
    return r;
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
};
fs::path Generate::dir_;

TEST_F(Generate, SameSeedGivesIdenticalOutputAndAnotherSeedChangesIt) {
  auto t = open("chatml.gguf");
  ASSERT_TRUE(t);
  auto a = run(*t, {ask(1, "Tell me about the weather.", 1.0f, 42)});
  auto b = run(*t, {ask(1, "Tell me about the weather.", 1.0f, 42)});
  auto c = run(*t, {ask(1, "Tell me about the weather.", 1.0f, 43)});
  ASSERT_TRUE(a[1].ok()) << a[1].error_message;
  EXPECT_FALSE(a[1].answer.empty());
  EXPECT_EQ(a[1].answer, b[1].answer);
  EXPECT_NE(a[1].answer, c[1].answer);
  EXPECT_EQ(a[1].completion_tokens, 24);
  EXPECT_EQ(a[1].finish_reason, "length");
  EXPECT_NE(a[1].prompt_sent.find("<|im_start|>user\nTell me about the weather."),
            std::string::npos);
}

TEST_F(Generate, BatchedGreedyMatchesOneAtATime) {
  auto batched = open("chatml.gguf", "?parallel=4");
  auto single = open("chatml.gguf", "?parallel=1");
  std::vector<Request> reqs;
  const char* questions[] = {"What is the capital of France?", "Name a river.",
                             "How do plants grow?", "What is 2 + 2?", "Who wrote Hamlet?",
                             "Describe a cat.", "Why is the sky blue?"};
  for (uint64_t i = 0; i < 7; ++i) reqs.push_back(ask(i, questions[i], 0.0f, i));
  auto together = run(*batched, reqs);
  for (const auto& r : reqs) {
    auto alone = run(*single, {r});
    EXPECT_EQ(together[r.key].answer, alone[r.key].answer) << "request " << r.key;
    EXPECT_EQ(together[r.key].completion_tokens, alone[r.key].completion_tokens);
  }
}

// The same with one KV pool shared by all sequences (kv=unified) instead of a stream each, and
// with more requests than slots so that finished slots are refilled.
TEST_F(Generate, UnifiedKvCacheGivesTheSameGreedyAnswers) {
  auto split = open("chatml.gguf", "?parallel=3");
  auto unified = open("chatml.gguf", "?parallel=3&kv=unified");
  std::vector<Request> reqs;
  const char* questions[] = {"What is the capital of Peru?", "Name a mountain.",
                             "How do birds fly?", "What is 3 + 5?", "Who painted Guernica?"};
  for (uint64_t i = 0; i < 5; ++i) reqs.push_back(ask(i, questions[i], 0.0f, i));
  auto a = run(*split, reqs);
  auto b = run(*unified, reqs);
  for (const auto& r : reqs) {
    ASSERT_TRUE(a[r.key].ok()) << a[r.key].error_message;
    EXPECT_FALSE(a[r.key].answer.empty());
    EXPECT_EQ(a[r.key].answer, b[r.key].answer) << "request " << r.key;
  }
}

TEST_F(Generate, UnknownKvLayoutIsRejected) {
  auto spec = parse_target_spec("gguf:" + (dir_ / "chatml.gguf").string() + "?kv=shared");
  ASSERT_TRUE(spec.ok());
  auto t = open_target(*spec, {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("kv=shared is not split or unified"), std::string::npos)
      << t.error().message;
}

TEST_F(Generate, ThinkTemplateSeparatesReasoning) {
  auto t = open("think.gguf");
  ASSERT_TRUE(t);
  auto out = run(*t, {ask(7, "Why?", 0.0f, 1)});
  ASSERT_TRUE(out[7].ok()) << out[7].error_message;
  // The template opens <think> in the prompt, so generation starts inside the block.
  EXPECT_NE(out[7].prompt_sent.find("<think>"), std::string::npos);
  EXPECT_NE(out[7].reasoning_state, Reasoning::none);
}

TEST_F(Generate, PromptLongerThanTheContextIsARowErrorNotACrash) {
  auto t = open("chatml.gguf", "?ctx=256&parallel=1");
  std::string long_q;
  for (int i = 0; i < 400; ++i) long_q += "word ";
  auto out = run(*t, {ask(3, long_q, 0.0f, 1), ask(4, "Short question.", 0.0f, 1)});
  EXPECT_EQ(out[3].error_class, "context_overflow");
  EXPECT_TRUE(out[4].ok());
}

TEST_F(Generate, CancelledRunCompletesEveryRequestAsCancelled) {
  auto t = open("chatml.gguf");
  std::atomic<bool> cancel{true};
  std::vector<Request> reqs = {ask(1, "a", 0.0f, 1), ask(2, "b", 0.0f, 1)};
  std::map<uint64_t, Completion> out;
  t->generate(reqs, [&](Completion&& c) { out[c.key] = std::move(c); }, &cancel);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].error_class, "cancelled");
  EXPECT_EQ(out[2].error_class, "cancelled");
}

std::string open_error(const fs::path& path) {
  auto spec = parse_target_spec("gguf:" + path.string());
  auto t = open_target(*spec, {});
  return t.ok() ? "" : t.error().message;
}

TEST_F(Generate, BadModelFilesGiveAClearError) {
  // Not a GGUF at all.
  {
    std::ofstream(dir_ / "text.gguf") << "this is not a model";
  }
  EXPECT_NE(open_error(dir_ / "text.gguf").find("not a GGUF file"), std::string::npos);
  // Truncated: the header is intact but tensor data is cut off.
  const auto full = fs::file_size(dir_ / "chatml.gguf");
  fs::copy_file(dir_ / "chatml.gguf", dir_ / "cut.gguf", fs::copy_options::overwrite_existing);
  fs::resize_file(dir_ / "cut.gguf", full / 2);
  EXPECT_NE(open_error(dir_ / "cut.gguf").find("truncated"), std::string::npos);
  // Header garbage after the magic.
  {
    std::ofstream f(dir_ / "garbage.gguf", std::ios::binary);
    f << "GGUF";
    for (int i = 0; i < 1000; ++i) f.put(static_cast<char>((i * 37) & 0xFF));
  }
  EXPECT_NE(open_error(dir_ / "garbage.gguf").find("corrupt"), std::string::npos);
  EXPECT_NE(open_error(dir_ / "missing.gguf").find("no such model file"), std::string::npos);
  // A vocab-only file has a tokenizer but no weights.
  EXPECT_NE(open_error(vocab_path("llama-spm")).find("no tensors"), std::string::npos);
}

TEST_F(Generate, BadTensorsAndAbsurdSizesGiveOneLineNamingFileAndProblem) {
  // Each bad variant of a good model: a missing tensor, a wrong shape, absurd dimensions,
  // counts, types, offsets and string lengths. None may crash, hang or allocate absurdly (the
  // ASan twin of this test would abort on an allocation of 2^62 bytes); each must say what.
  const auto bad = testing::write_bad_ggufs((dir_ / "chatml.gguf").string(), dir_.string());
  ASSERT_EQ(bad.size(), 11u);
  for (const auto& b : bad) {
    const std::string message = open_error(b.file);
    EXPECT_EQ(message.rfind(b.file + ": ", 0), 0u) << b.file << ": " << message;
    EXPECT_NE(message.find(b.expect), std::string::npos)
        << b.file << ": expected '" << b.expect << "' in: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(MakeModel, SameOptionsWriteTheSameBytes) {
  const auto dir = fs::temp_directory_path();
  MakeModelOptions o;
  o.seed = 5;
  o.shape.type = "q8_0";
  const auto a = (dir / "candor_mk_a.gguf").string();
  const auto b = (dir / "candor_mk_b.gguf").string();
  auto made = make_model(o, a);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(make_model(o, b).ok());
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::string sa((std::istreambuf_iterator<char>(fa)), {}), sb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_EQ(sa, sb);
  o.seed = 6;
  ASSERT_TRUE(make_model(o, b).ok());
  std::ifstream fc(b, std::ios::binary);
  std::string sc((std::istreambuf_iterator<char>(fc)), {});
  EXPECT_NE(sa, sc);
  fs::remove(a);
  fs::remove(b);
}

TEST(MakeModel, RejectsImpossibleShapes) {
  MakeModelOptions heads;
  heads.shape.n_head = 3;  // 64 % 3 != 0
  EXPECT_FALSE(make_model(heads, "/tmp/candor_never.gguf").ok());
  MakeModelOptions vocab;
  vocab.vocab = "/nonexistent/vocab.gguf";
  EXPECT_FALSE(make_model(vocab, "/tmp/candor_never.gguf").ok());
}

}  // namespace
}  // namespace candor
