// `candor probes` as a user meets it: tables and JSON on stdout, exit codes, one-line errors
// naming file and line, import summaries.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;

using candor::test::Output;

// Runs candor with `args` (shell words) in directory `cwd`.
Output candor(const std::string& args, const std::string& cwd = ".") {
  return candor::test::run_command("cd '" + cwd + "' && " + std::string(CANDOR_BIN) + " " + args,
                           /*merge_stderr=*/false);
}

size_t line_count(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

class ProbesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("candor_probes_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    write("good.jsonl", good_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  std::string path(const std::string& name) { return (dir_ / name).string(); }

  fs::path dir_;
  const std::string good_ =
      R"({"id":"none-water.en","family":"none-water","topic":"water","region":"none","kind":"neutral","lang":"en","style":"factual","prompt":"At what temperature does water boil?","facts":[{"id":"c100","forms":["100"]}],"narrative":[]})"
      "\n"
      R"({"id":"none-water.fr","family":"none-water","topic":"water","region":"none","kind":"neutral","lang":"fr","style":"factual","prompt":"À quelle température l'eau bout-elle ?","facts":[{"id":"c100","forms":["100"]}],"narrative":[],"note":"101.325 kPa"})"
      "\n";
};

TEST_F(ProbesCli, EveryProbesSubcommandHelpShowsAnExample) {
  for (const char* sub : {"probes", "probes list", "probes show", "probes validate", "probes stats",
                          "probes import"}) {
    auto o = candor(std::string(sub) + " --help");
    EXPECT_EQ(o.code, 0) << sub;
    EXPECT_NE(o.out.find("Example"), std::string::npos) << sub << ":\n" << o.out;
  }
}

TEST_F(ProbesCli, ValidateGoodFileExitsZeroWithASummary) {
  auto o = candor("probes validate " + path("good.jsonl"));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "ok: 2 probes in 1 families (en 1, fr 1), 1 topics\n");
}

TEST_F(ProbesCli, ValidateInvalidFileExitsTwoWithFileLineAndField) {
  std::string bad = good_;
  bad.replace(bad.find("\"kind\":\"neutral\",\"lang\":\"fr\""), 16, "\"kind\":\"neutrl\"");
  write("bad.jsonl", bad);
  auto o = candor("probes validate " + path("bad.jsonl"));
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(line_count(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find(path("bad.jsonl") + ":2: kind: unknown value 'neutrl'"), std::string::npos)
      << o.err;
  // Several problems: one line each.
  write("worse.jsonl", bad + "not json\n");
  o = candor("probes validate " + path("worse.jsonl"));
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(line_count(o.err), 2u) << o.err;
  EXPECT_NE(o.err.find(path("worse.jsonl") + ":3: invalid JSON"), std::string::npos) << o.err;
}

TEST_F(ProbesCli, ListWithABrokenSuiteExitsTwoWithOneLine) {
  write("broken.jsonl", "{\"id\": 1}\n{oops\n");
  auto o = candor("probes list --no-bundled --suite " + path("broken.jsonl"));
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(line_count(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find(path("broken.jsonl") + ":1: id: expected a string, got number"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("more errors"), std::string::npos) << o.err;
  EXPECT_EQ(candor("probes list --no-bundled").code, 2);
  EXPECT_EQ(candor("probes list --no-bundled --suite " + path("absent.jsonl")).code, 2);
}

TEST_F(ProbesCli, ListPrintsATableAndFilters) {
  auto o = candor("probes list --suite-only --suite " + path("good.jsonl") + " --lang FR");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("ID"), std::string::npos);
  EXPECT_NE(o.out.find("none-water.fr"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("none-water.en"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("À quelle température"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 probes"), std::string::npos) << o.out;
  o = candor("probes list --no-bundled --suite " + path("good.jsonl") + " --json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[1]["note"], "101.325 kPa");
  EXPECT_EQ(candor("probes list --kind weird").code, 2);
}

TEST_F(ProbesCli, ListKeepsTheTerminalSafe) {
  std::string evil = good_;
  evil.replace(evil.find("At what"), 7, "\\u001b[31mAt\\nwhat");
  write("evil.jsonl", evil);
  auto o = candor("probes list --no-bundled --suite " + path("evil.jsonl"));
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.find('\x1b'), std::string::npos) << o.out;
  EXPECT_EQ(line_count(o.out), 4u) << o.out;  // header, two probes, count
}

TEST_F(ProbesCli, ShowPrintsAProbeOrAFamily) {
  auto o = candor("probes show none-water.fr --no-bundled --suite " + path("good.jsonl"));
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("c100: 100"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("101.325 kPa"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(path("good.jsonl") + ":2"), std::string::npos) << o.out;
  o = candor("probes show none-water --json --no-bundled --suite " + path("good.jsonl"));
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("\"id\": \"none-water.en\""), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"id\": \"none-water.fr\""), std::string::npos) << o.out;
  o = candor("probes show nothing.en --no-bundled --suite " + path("good.jsonl"));
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(line_count(o.err), 1u) << o.err;
}

TEST_F(ProbesCli, StatsJsonHasTheDocumentedCounts) {
  auto o = candor("probes stats --json --no-bundled --suite " + path("good.jsonl"));
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["probes"], 2);
  EXPECT_EQ(j["families"], 1);
  EXPECT_EQ(j["topics"], 1);
  EXPECT_EQ(j["languages"]["fr"], 1);
  EXPECT_EQ(j["regions"]["none"], 2);
  EXPECT_EQ(j["kinds"]["neutral"], 2);
  EXPECT_EQ(j["styles"]["factual"], 2);
  EXPECT_EQ(j["sensitive_without_control"], 0);
}

TEST_F(ProbesCli, ImportWritesASuiteAndSummarisesOnStderr) {
  write("t.csv", "prompt,category\nWhat is 2+2?,math\n,empty\nWhat is 3+3?,math\n");
  auto o = candor("probes import --format promptfoo-csv " + path("t.csv") + " -o " + path("t.jsonl"));
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("wrote 2 probes"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("skipped 1 rows"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(path("t.csv") + ":3: empty prompt"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("category"), std::string::npos) << o.err;
  EXPECT_EQ(candor("probes validate " + path("t.jsonl")).code, 0);
  auto bad = candor("probes import --format xml " + path("t.csv") + " -o " + path("x.jsonl"));
  EXPECT_EQ(bad.code, 2);
  bad = candor("probes import --format lines " + path("absent.txt") + " -o " + path("x.jsonl"));
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(line_count(bad.err), 1u) << bad.err;
}

TEST_F(ProbesCli, BundledSuiteListsFromAnyDirectory) {
  auto o = candor("probes stats --json", fs::temp_directory_path().string());
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_GT(nlohmann::json::parse(o.out)["probes"].get<int>(), 0);
}

}  // namespace
