// The SQLite store: schema versioning, refusing what it must not touch, round trips.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "run/run.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("candor_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

RunConfig config(const std::string& name) {
  RunConfig c;
  c.name = name;
  c.targets = {"gguf:m.gguf"};
  c.suite_hash = "abc";
  c.probe_ids = {"p1.en", "p2.en"};
  c.samples = 2;
  return c;
}

AnswerRow row(const std::string& probe, int sample, const std::string& answer,
              const std::string& error_class = "") {
  AnswerRow r;
  r.run = "r";
  r.target = "gguf:m.gguf";
  r.probe_id = probe;
  r.sample = sample;
  r.completion.answer = answer;
  r.completion.error_class = error_class;
  r.completion.finish_reason = error_class.empty() ? "stop" : "error";
  return r;
}

TEST_F(StoreTest, NewDatabaseGetsTheCurrentSchemaVersion) {
  ASSERT_TRUE(Store::open(path("a.db")).ok());
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path("a.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), Store::kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_TRUE(Store::open(path("a.db")).ok());  // reopening migrates nothing and succeeds
}

TEST_F(StoreTest, DatabaseFromANewerCandorIsRefused) {
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path("new.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto s = Store::open(path("new.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("schema version 99"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(path("new.db")), std::string::npos);
}

TEST_F(StoreTest, NonDatabaseAndForeignDatabaseAreRefused) {
  std::ofstream(path("text.db")) << "this is a text file, not a database, honestly\n";
  auto a = Store::open(path("text.db"));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("not a candor database"), std::string::npos) << a.error().message;
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path("other.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto b = Store::open(path("other.db"));
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("not candor's"), std::string::npos) << b.error().message;
  EXPECT_FALSE(Store::open(path("missing.db"), /*create=*/false).ok());
}

TEST_F(StoreTest, ChangingTheConfigOfAnExistingRunIsRefusedWithTheField) {
  auto store = Store::open(path("a.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store.value()->begin_run(config("r")).ok());
  EXPECT_TRUE(store.value()->begin_run(config("r")).ok());  // same config: resume
  RunConfig changed = config("r");
  changed.samples = 5;
  Status s = store.value()->begin_run(changed);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("samples: was 2, now 5"), std::string::npos) << s.error().message;
  RunConfig version_only = config("r");
  version_only.candor_version = "9.9.9";  // versions are recorded, not compared
  EXPECT_TRUE(store.value()->begin_run(version_only).ok());
}

TEST_F(StoreTest, AnswersRoundTripAndReplaceByKey) {
  auto store = Store::open(path("a.db"));
  ASSERT_TRUE(store.value()->begin_run(config("r")).ok());
  AnswerRow a = row("p1.en", 0, "first");
  a.completion.reasoning = "thought";
  a.completion.reasoning_state = Reasoning::present;
  a.completion.prompt_tokens = 12;
  ASSERT_TRUE(store.value()->write_answers({a, row("p1.en", 1, "", "timeout")}).ok());
  ASSERT_TRUE(store.value()->write_answers({row("p1.en", 1, "second")}).ok());  // retried
  std::vector<AnswerRow> got;
  ASSERT_TRUE(store.value()->for_each_answer("r", [&](const AnswerRow& r) {
    got.push_back(r);
    return true;
  }).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].completion.answer, "first");
  EXPECT_EQ(got[0].completion.reasoning, "thought");
  EXPECT_EQ(got[0].completion.reasoning_state, Reasoning::present);
  EXPECT_EQ(got[0].completion.prompt_tokens, 12);
  EXPECT_EQ(got[1].completion.answer, "second");
  EXPECT_TRUE(got[1].completion.ok());
  auto info = store.value()->run_info("r");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->answers, 2);
  EXPECT_EQ(info->errors, 0);
}

TEST_F(StoreTest, OnlySuccessfulRowsCountAsFinished) {
  auto store = Store::open(path("a.db"));
  ASSERT_TRUE(store.value()->begin_run(config("r")).ok());
  ASSERT_TRUE(store.value()->write_answers({row("p1.en", 0, "ok"), row("p2.en", 0, "", "http_5xx")}).ok());
  auto keys = store.value()->finished_keys("r", "gguf:m.gguf");
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0], "gguf:m.gguf\x1fp1.en\x1f" "0");
}

TEST_F(StoreTest, UnjudgedAnswersShrinkAsVerdictsAreWritten) {
  auto store = Store::open(path("a.db"));
  ASSERT_TRUE(store.value()->begin_run(config("r")).ok());
  ASSERT_TRUE(store.value()->write_answers({row("p1.en", 0, "a"), row("p2.en", 0, "b")}).ok());
  auto count = [&](const std::string& judge) {
    int n = 0;
    EXPECT_TRUE(store.value()->for_each_unjudged("r", judge, [&](const AnswerRow&) {
      ++n;
      return true;
    }).ok());
    return n;
  };
  EXPECT_EQ(count("offline"), 2);
  VerdictRow v;
  v.run = "r";
  v.target = "gguf:m.gguf";
  v.probe_id = "p1.en";
  v.judge = "offline";
  v.verdict = "refused";
  v.reasons_json = "[]";
  ASSERT_TRUE(store.value()->write_verdicts({v}).ok());
  EXPECT_EQ(count("offline"), 1);
  EXPECT_EQ(count("llm:x"), 2);  // another judge's verdicts do not count
}

}  // namespace
}  // namespace candor
