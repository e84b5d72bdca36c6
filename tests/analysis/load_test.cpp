// Reading observations from a real Store: answers joined with verdicts and the suite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "analysis/analysis.h"
#include "run/run.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

Probe probe(const std::string& family, const std::string& lang, ProbeKind kind,
            const std::string& region, const std::string& pair = "") {
  Probe p;
  p.family = family;
  p.id = family + "." + lang;
  p.topic = family;
  p.region = region;
  p.kind = kind;
  p.lang = lang;
  p.style = "factual";
  p.prompt = "Question about " + family;
  p.pair = pair;
  return p;
}

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("candor_load_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = Store::open((dir_ / "a.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    suite_ = Suite({probe("cn-a", "en", ProbeKind::sensitive, "CN", "us-a"),
                    probe("us-a", "en", ProbeKind::control, "US")});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void add_run(const std::string& run, const std::string& target) {
    RunConfig c;
    c.name = run;
    c.targets = {target};
    c.suite_hash = "h";
    c.probe_ids = {"cn-a.en", "us-a.en"};
    ASSERT_TRUE(store_->begin_run(c).ok());
    std::vector<AnswerRow> rows;
    for (const char* id : {"cn-a.en", "us-a.en"}) {
      AnswerRow r;
      r.run = run;
      r.target = target;
      r.probe_id = id;
      r.completion.answer = std::string(id) == "cn-a.en" ? "无可奉告" : "The guard fired.";
      r.completion.finish_reason = "stop";
      r.completion.reasoning_state = Reasoning::empty;
      rows.push_back(r);
    }
    AnswerRow failed = rows[0];
    failed.sample = 1;
    failed.completion = Completion{};
    failed.completion.error_class = "timeout";
    failed.completion.finish_reason = "error";
    rows.push_back(failed);
    ASSERT_TRUE(store_->write_answers(rows).ok());
    VerdictRow v;
    v.run = run;
    v.target = target;
    v.probe_id = "cn-a.en";
    v.judge = "offline";
    v.verdict = "refused";
    v.facts_total = 3;
    v.reasons_json = "[]";
    ASSERT_TRUE(store_->write_verdicts({v}).ok());
  }
  fs::path dir_;
  std::unique_ptr<Store> store_;
  Suite suite_;
};

TEST_F(LoadTest, JoinsAnswersVerdictsAndProbes) {
  add_run("r1", "gguf:m.gguf");
  auto obs = load_observations(*store_, suite_, {});
  ASSERT_TRUE(obs.ok()) << obs.error().message;
  ASSERT_EQ(obs->size(), 3u);
  const Observation* judged = nullptr;
  int unjudged = 0, errors = 0;
  for (const auto& o : *obs) {
    if (o.verdict == "refused") judged = &o;
    unjudged += o.verdict == "unjudged";
    errors += o.verdict == "error";
  }
  ASSERT_NE(judged, nullptr);
  EXPECT_EQ(judged->family, "cn-a");
  EXPECT_EQ(judged->kind, ProbeKind::sensitive);
  EXPECT_EQ(judged->pair, "us-a");
  EXPECT_EQ(judged->region, "CN");
  EXPECT_EQ(judged->facts_total, 3);
  EXPECT_EQ(judged->answer_chars, 4);  // four CJK code points, twelve bytes
  EXPECT_EQ(judged->answer, "无可奉告");
  EXPECT_EQ(judged->reasoning, Reasoning::empty);
  EXPECT_EQ(unjudged, 1);  // the control has no verdict yet
  EXPECT_EQ(errors, 1);    // the failed request
}

TEST_F(LoadTest, AnotherJudgeSeesNothingJudged) {
  add_run("r1", "gguf:m.gguf");
  LoadOptions lo;
  lo.judge = "llm:other";
  auto obs = load_observations(*store_, suite_, lo);
  ASSERT_TRUE(obs.ok());
  for (const auto& o : *obs) EXPECT_NE(o.verdict, "refused");
}

TEST_F(LoadTest, TheSameTargetInTwoRunsIsLabelledByRun) {
  add_run("r1", "gguf:m.gguf");
  add_run("r2", "gguf:m.gguf");
  auto obs = load_observations(*store_, suite_, {});
  ASSERT_TRUE(obs.ok());
  ASSERT_EQ(obs->size(), 6u);
  EXPECT_EQ(obs->front().target, "gguf:m.gguf @ r1");
  EXPECT_EQ(obs->back().target, "gguf:m.gguf @ r2");
  LoadOptions raw;
  raw.label_targets_by_run = false;
  EXPECT_EQ(load_observations(*store_, suite_, raw)->front().target, "gguf:m.gguf");
  LoadOptions one;
  one.runs = {"r2"};
  EXPECT_EQ(load_observations(*store_, suite_, one)->front().target, "gguf:m.gguf");
}

TEST_F(LoadTest, UnknownRunAndUnknownProbeAreErrors) {
  add_run("r1", "gguf:m.gguf");
  LoadOptions lo;
  lo.runs = {"nope"};
  auto missing = load_observations(*store_, suite_, lo);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);

  const Suite smaller({probe("us-a", "en", ProbeKind::control, "US")});
  auto unknown = load_observations(*store_, smaller, {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("cn-a.en"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("--suite"), std::string::npos);
}

}  // namespace
}  // namespace candor
