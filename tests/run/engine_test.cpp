// The run engine with an in-process fake target: planning, seeds, resume, error rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "run/run.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

// Answers deterministically from the prompt and the seed; fails the keys it is told to fail;
// can stop after a number of completions (as if the process were killed).
class FakeTarget : public Target {
 public:
  explicit FakeTarget(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  void generate(std::span<const Request> requests, const CompletionSink& sink,
                const std::atomic<bool>* cancel) override {
    for (const auto& r : requests) {
      Completion c;
      c.key = r.key;
      if ((cancel && cancel->load()) || (stop_after >= 0 && delivered >= stop_after)) {
        c.error_class = "cancelled";
        sink(std::move(c));
        continue;
      }
      ++delivered;
      seen_seeds.push_back(r.seed);
      if (fail_prompts.count(r.messages.back().content)) {
        c.error_class = "http_5xx";
        c.error_message = "HTTP 503";
        c.finish_reason = "error";
      } else {
        c.answer = r.messages.back().content + " / seed " + std::to_string(r.seed);
        c.finish_reason = "stop";
        c.completion_tokens = 3;
      }
      sink(std::move(c));
    }
  }
  int stop_after = -1;
  int delivered = 0;
  std::set<std::string> fail_prompts;
  std::vector<uint64_t> seen_seeds;

 private:
  std::string name_;
};

Suite make_suite() {
  std::vector<Probe> probes;
  for (int i = 0; i < 5; ++i) {
    Probe p;
    p.family = "none-q" + std::to_string(i);
    p.lang = "en";
    p.id = p.family + ".en";
    p.topic = "t";
    p.region = "none";
    p.kind = ProbeKind::neutral;
    p.style = "factual";
    p.prompt = "question " + std::to_string(i);
    probes.push_back(p);
  }
  return Suite(std::move(probes));
}

RunConfig make_config(const Suite& suite) {
  RunConfig c;
  c.name = "test";
  c.targets = {"fake:a"};
  c.suite_hash = suite.hash();
  for (const auto& p : suite.probes()) c.probe_ids.push_back(p.id);
  c.samples = 3;
  c.seed = 77;
  return c;
}

std::map<std::string, AnswerRow> table(const std::string& db) {
  auto store = Store::open(db);
  std::map<std::string, AnswerRow> rows;
  EXPECT_TRUE(store.value()->for_each_answer("test", [&](const AnswerRow& r) {
    const std::string key = r.target + "|" + r.probe_id + "|" + std::to_string(r.sample);
    EXPECT_EQ(rows.count(key), 0u) << "duplicate row " << key;
    rows[key] = r;
    return true;
  }).ok());
  return rows;
}

class Engine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("candor_engine_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string db(const char* n) const { return (dir_ / n).string(); }
  fs::path dir_;
};

TEST_F(Engine, SampleSeedsDependOnlyOnRunSeedProbeAndSample) {
  EXPECT_EQ(sample_seed(1, "a.en", 0), sample_seed(1, "a.en", 0));
  EXPECT_NE(sample_seed(1, "a.en", 0), sample_seed(1, "a.en", 1));
  EXPECT_NE(sample_seed(1, "a.en", 0), sample_seed(1, "b.en", 0));
  EXPECT_NE(sample_seed(1, "a.en", 0), sample_seed(2, "a.en", 0));
}

TEST_F(Engine, CleanRunStoresOneRowPerProbeTargetAndSample) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  FakeTarget a("fake:a"), b("fake:b");
  RunConfig two = cfg;
  two.targets = {"fake:a", "fake:b"};
  auto summary = execute_run(db("a.db"), two, suite, {&a, &b}, {});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(table(db("a.db")).size(), 5u * 3u * 2u);
  EXPECT_EQ(summary->targets[0].done, 15);
  EXPECT_EQ(summary->targets[1].total, 15);
}

TEST_F(Engine, ResumeAfterAnInterruptionLosesAndDuplicatesNothing) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  // Reference: one uninterrupted run.
  {
    FakeTarget clean("fake:a");
    ASSERT_TRUE(execute_run(db("clean.db"), cfg, suite, {&clean}, {}).ok());
  }
  // The same run stopped three times part-way, then finished.
  int asked_in_total = 0;
  for (int stop_after : {4, 0, 6, -1}) {
    FakeTarget f("fake:a");
    f.stop_after = stop_after;
    RunOptions opts;
    opts.flush_rows = 1;
    ASSERT_TRUE(execute_run(db("resumed.db"), cfg, suite, {&f}, opts).ok());
    asked_in_total += f.delivered;
  }
  EXPECT_EQ(asked_in_total, 15) << "a finished row was asked again";
  const auto clean = table(db("clean.db"));
  const auto resumed = table(db("resumed.db"));
  ASSERT_EQ(resumed.size(), clean.size());
  for (const auto& [key, r] : clean) {
    ASSERT_TRUE(resumed.count(key)) << key;
    EXPECT_EQ(resumed.at(key).completion.answer, r.completion.answer) << key;
  }
}

TEST_F(Engine, FailedRowsAreStoredWithTheirClassAndRetriedOnResume) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  FakeTarget failing("fake:a");
  failing.fail_prompts = {"question 2"};
  auto first = execute_run(db("a.db"), cfg, suite, {&failing}, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->targets[0].errors, 3);
  auto rows = table(db("a.db"));
  ASSERT_EQ(rows.size(), 15u);
  EXPECT_EQ(rows["fake:a|none-q2.en|0"].completion.error_class, "http_5xx");
  // The server recovers: only the failed rows are asked again.
  FakeTarget healthy("fake:a");
  auto second = execute_run(db("a.db"), cfg, suite, {&healthy}, {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(healthy.delivered, 3);
  EXPECT_EQ(second->targets[0].skipped, 12);
  rows = table(db("a.db"));
  ASSERT_EQ(rows.size(), 15u);
  EXPECT_TRUE(rows["fake:a|none-q2.en|0"].completion.ok());
}

TEST_F(Engine, RetriedRowLosesTheVerdictsOfItsFailedAnswer) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  FakeTarget failing("fake:a");
  failing.fail_prompts = {"question 2"};
  ASSERT_TRUE(execute_run(db("a.db"), cfg, suite, {&failing}, {}).ok());
  // Every answer judged, the failed ones as errors, by two judges.
  {
    auto store = Store::open(db("a.db"));
    std::vector<VerdictRow> verdicts;
    for (const auto& [key, r] : table(db("a.db"))) {
      for (const char* judge : {"offline", "llm:x"}) {
        VerdictRow v;
        v.run = r.run;
        v.target = r.target;
        v.probe_id = r.probe_id;
        v.sample = r.sample;
        v.judge = judge;
        v.verdict = r.completion.ok() ? "answered" : "error";
        v.reasons_json = "[]";
        verdicts.push_back(v);
      }
    }
    ASSERT_TRUE(store.value()->write_verdicts(verdicts).ok());
  }
  FakeTarget healthy("fake:a");
  ASSERT_TRUE(execute_run(db("a.db"), cfg, suite, {&healthy}, {}).ok());
  auto store = Store::open(db("a.db"));
  for (const char* judge : {"offline", "llm:x"}) {
    std::vector<std::string> unjudged;
    ASSERT_TRUE(store.value()->for_each_unjudged("test", judge, [&](const AnswerRow& r) {
      EXPECT_TRUE(r.completion.ok());
      unjudged.push_back(r.probe_id + "|" + std::to_string(r.sample));
      return true;
    }).ok());
    // The three retried rows wait for a verdict; the twelve others keep theirs.
    EXPECT_EQ(unjudged, (std::vector<std::string>{"none-q2.en|0", "none-q2.en|1", "none-q2.en|2"}))
        << judge;
    int kept = 0;
    ASSERT_TRUE(store.value()->for_each_verdict("test", judge, [&](const VerdictRow& v) {
      EXPECT_EQ(v.verdict, "answered") << v.probe_id;
      ++kept;
      return true;
    }).ok());
    EXPECT_EQ(kept, 12) << judge;
  }
}

TEST_F(Engine, SeedsSentAreTheDerivedOnesWhateverTheOrder) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  FakeTarget f("fake:a");
  ASSERT_TRUE(execute_run(db("a.db"), cfg, suite, {&f}, {}).ok());
  std::set<uint64_t> expected;
  for (const auto& p : suite.probes()) {
    for (int s = 0; s < 3; ++s) expected.insert(sample_seed(77, p.id, s));
  }
  EXPECT_EQ(std::set<uint64_t>(f.seen_seeds.begin(), f.seen_seeds.end()), expected);
}

TEST_F(Engine, ChangedConfigurationIsRefusedBeforeAnythingIsAsked) {
  const Suite suite = make_suite();
  RunConfig cfg = make_config(suite);
  {
    FakeTarget first("fake:a");
    ASSERT_TRUE(execute_run(db("a.db"), cfg, suite, {&first}, {}).ok());
  }
  cfg.sampling.temperature = 0.7f;
  FakeTarget f("fake:a");
  auto r = execute_run(db("a.db"), cfg, suite, {&f}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("temperature"), std::string::npos);
  EXPECT_EQ(f.delivered, 0);
}

TEST_F(Engine, ExportWritesEveryRowAsJsonlAndCsv) {
  const Suite suite = make_suite();
  const RunConfig cfg = make_config(suite);
  FakeTarget f("fake:a");
  ASSERT_TRUE(execute_run(db("a.db"), cfg, suite, {&f}, {}).ok());
  auto store = Store::open(db("a.db"));
  std::string jsonl, csv;
  ASSERT_TRUE(export_run(*store.value(), "test", "jsonl", [&](const std::string& s) { jsonl += s; }).ok());
  ASSERT_TRUE(export_run(*store.value(), "test", "csv", [&](const std::string& s) { csv += s; }).ok());
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 15);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 16);  // header + rows
  EXPECT_NE(jsonl.find("\"answer\":\"question 0 / seed"), std::string::npos);
  EXPECT_FALSE(export_run(*store.value(), "nope", "jsonl", [](const std::string&) {}).ok());
  EXPECT_FALSE(export_run(*store.value(), "test", "xml", [](const std::string&) {}).ok());
}

TEST_F(Engine, ExportCsvNeutralisesFormulasAndNulWhileJsonlKeepsTheAnswersExact) {
  const Suite suite = make_suite();
  RunConfig cfg = make_config(suite);
  auto store = Store::open(db("a.db"));
  ASSERT_TRUE(store.value()->begin_run(cfg).ok());
  const std::vector<std::string> answers = {
      "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)",     "+1", "-2",
      std::string("a\0b", 3),           "plain, quoted"};
  std::vector<AnswerRow> rows;
  for (size_t i = 0; i < answers.size(); ++i) {
    AnswerRow r;
    r.run = "test";
    r.target = "fake:a";
    r.probe_id = "none-q0.en";
    r.sample = static_cast<int>(i);
    r.completion.answer = answers[i];
    r.completion.finish_reason = "stop";
    r.completion.latency_ms = -1;  // a number: never given an apostrophe
    rows.push_back(r);
  }
  ASSERT_TRUE(store.value()->write_answers(rows).ok());
  std::string jsonl, csv;
  ASSERT_TRUE(
      export_run(*store.value(), "test", "jsonl", [&](const std::string& s) { jsonl += s; }).ok());
  ASSERT_TRUE(
      export_run(*store.value(), "test", "csv", [&](const std::string& s) { csv += s; }).ok());
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@SUM(A1),"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'+1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-2,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",a\xEF\xBF\xBD"
                     "b,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",\"plain, quoted\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",-1.0,"), std::string::npos) << csv;  // latency_ms
  EXPECT_EQ(csv.find('\0'), std::string::npos);
  size_t n = 0;
  for (size_t at = 0, next; (next = jsonl.find('\n', at)) != std::string::npos; at = next + 1) {
    EXPECT_EQ(nlohmann::json::parse(jsonl.substr(at, next - at))["answer"].get<std::string>(),
              answers[n]);
    ++n;
  }
  EXPECT_EQ(n, answers.size());
}

}  // namespace
}  // namespace candor
