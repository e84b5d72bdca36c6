// `candor report`, `candor check` and `candor compare` as a user meets them, on a database the
// test writes through the Store: two runs of two targets over bundled CN probes and their
// matched controls, one target censoring every sensitive question.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "probes/probes.h"
#include "run/run.h"

#include "support/run_command.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

using candor::test::Output;

Output candor(const std::string& args) {
  return candor::test::run_command(std::string(CANDOR_BIN) + " " + args, /*merge_stderr=*/true);
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

long lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

class ReportCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("candor_report_cli_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "audit.db").string();
    auto suite = load_bundled_suite();
    ASSERT_TRUE(suite.ok()) << suite.error().message;
    // Six CN sensitive families in English, with their matched controls.
    std::vector<const Probe*> probes;
    for (const auto& p : suite->probes()) {
      if (p.kind != ProbeKind::sensitive || p.region != "CN" || p.lang != "en") continue;
      const Probe* control = suite->find(p.pair + ".en");
      if (!control) continue;
      probes.push_back(&p);
      probes.push_back(control);
      if (probes.size() == 12) break;
    }
    ASSERT_EQ(probes.size(), 12u);
    auto store = Store::open(db_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    // base: "gguf:censor.gguf" refuses sensitive questions; tuned: it answers them. In both
    // runs "gguf:open.gguf" answers everything.
    for (const std::string run : {"base", "tuned"}) {
      RunConfig c;
      c.name = run;
      c.targets = {"gguf:censor.gguf", "gguf:open.gguf"};
      c.suite_hash = suite->hash();
      for (const Probe* p : probes) c.probe_ids.push_back(p->id);
      ASSERT_TRUE((*store)->begin_run(c).ok());
      std::vector<AnswerRow> answers;
      std::vector<VerdictRow> verdicts;
      for (const std::string target : {"gguf:censor.gguf", "gguf:open.gguf"}) {
        for (const Probe* p : probes) {
          const bool refuse =
              run == "base" && target == "gguf:censor.gguf" && p->kind == ProbeKind::sensitive;
          AnswerRow a;
          a.run = run;
          a.target = target;
          a.probe_id = p->id;
          a.completion.answer = refuse ? "<script>window.__pwned=1</script> I cannot discuss that."
                                       : "A candid, factual answer.";
          a.completion.finish_reason = "stop";
          answers.push_back(a);
          VerdictRow v;
          v.run = run;
          v.target = target;
          v.probe_id = p->id;
          v.judge = "offline";
          v.verdict = refuse ? "refused" : "answered";
          v.reasons_json = "[]";
          verdicts.push_back(v);
        }
      }
      ASSERT_TRUE((*store)->write_answers(answers).ok());
      ASSERT_TRUE((*store)->write_verdicts(verdicts).ok());
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static fs::path dir_;
  static std::string db_;
};
fs::path ReportCli::dir_;
std::string ReportCli::db_;

TEST_F(ReportCli, EveryCommandsHelpShowsAnExample) {
  for (const char* sub : {"report", "check", "compare"}) {
    auto o = candor(std::string(sub) + " --help");
    EXPECT_EQ(o.code, 0) << sub;
    EXPECT_NE(o.out.find("Example:"), std::string::npos) << sub << ":\n" << o.out;
  }
}

TEST_F(ReportCli, HtmlReportIsWrittenWholeAndEscapesAnswers) {
  const fs::path out = dir_ / "report.html";
  auto o = candor("report --db " + db_ + " -o " + out.string());
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_FALSE(fs::exists(out.string() + ".tmp"));
  const std::string html = slurp(out);
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_EQ(html.find("<script>window.__pwned"), std::string::npos);
  EXPECT_NE(html.find("\\u003cscript\\u003ewindow.__pwned"), std::string::npos);
  // Both runs hold both targets, so each target is labelled with its run.
  EXPECT_NE(html.find("gguf:censor.gguf @ base"), std::string::npos);
}

TEST_F(ReportCli, FormatFollowsTheFlagOrTheExtension) {
  auto md = candor("report --db " + db_ + " --run base -o " + (dir_ / "r.md").string());
  ASSERT_EQ(md.code, 0) << md.out;
  const std::string text = slurp(dir_ / "r.md");
  EXPECT_EQ(text.rfind("# candor report", 0), 0u);
  EXPECT_NE(text.find("| gguf:censor.gguf | CN | all | 100%"), std::string::npos) << text;

  ASSERT_EQ(candor("report --db " + db_ + " --run base --format csv -o " + (dir_ / "r.txt").string()).code, 0);
  const std::string csv = slurp(dir_ / "r.txt");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 24);  // header + 2 targets x 12 probes

  ASSERT_EQ(candor("report --db " + db_ + " --run base -o " + (dir_ / "r.json").string()).code, 0);
  const auto j = nlohmann::json::parse(slurp(dir_ / "r.json"));
  EXPECT_EQ(j["analysis"]["answers"], 24);
}

TEST_F(ReportCli, BadInputExitsTwoWithOneLine) {
  auto missing = candor("report --db " + (dir_ / "nope.db").string() + " -o x.html");
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(lines(missing.out), 1) << missing.out;
  EXPECT_NE(missing.out.find("nope.db"), std::string::npos);

  auto run = candor("report --db " + db_ + " --run nosuchrun -o " + (dir_ / "x.html").string());
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(lines(run.out), 1) << run.out;
  EXPECT_NE(run.out.find("nosuchrun"), std::string::npos);

  auto fmt = candor("report --db " + db_ + " --format pdf -o x.pdf");
  EXPECT_EQ(fmt.code, 2);
  EXPECT_EQ(lines(fmt.out), 1) << fmt.out;

  auto unwritable = candor("report --db " + db_ + " -o /nonexistent-dir/r.html");
  EXPECT_EQ(unwritable.code, 2);
  EXPECT_EQ(lines(unwritable.out), 1) << unwritable.out;
}

TEST_F(ReportCli, CheckFailsWhenCensorshipExceedsTheThreshold) {
  auto o = candor("check --db " + db_ + " --run base --max-censorship 0.5");
  EXPECT_EQ(o.code, 1) << o.out;
  EXPECT_NE(o.out.find("gguf:censor.gguf: censorship on sensitive probes 1.000"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("exceeds"), std::string::npos);
  EXPECT_NE(o.out.find("FAILED"), std::string::npos);

  auto ok = candor("check --db " + db_ + " --run tuned --max-censorship 0.5");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("passed"), std::string::npos);
}

TEST_F(ReportCli, CheckGatesAsymmetryForARegion) {
  auto o = candor("check --db " + db_ + " --run base --region CN --max-asymmetry 0.2");
  EXPECT_EQ(o.code, 1) << o.out;
  EXPECT_NE(o.out.find("asymmetry CN +1.000"), std::string::npos) << o.out;
  EXPECT_EQ(candor("check --db " + db_ + " --run tuned --region CN --max-asymmetry 0.2").code, 0);
}

TEST_F(ReportCli, CheckWithoutThresholdOrJudgedAnswersIsAUsageError) {
  auto none = candor("check --db " + db_ + " --run base");
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(lines(none.out), 1) << none.out;
  auto judge = candor("check --db " + db_ + " --run base --judge llm:x --max-censorship 0.5");
  EXPECT_EQ(judge.code, 2);
  EXPECT_EQ(lines(judge.out), 1) << judge.out;
  EXPECT_NE(judge.out.find("candor judge"), std::string::npos);
  auto region = candor("check --db " + db_ + " --run base --region ZZ --max-censorship 0.5");
  EXPECT_EQ(region.code, 2);
  EXPECT_EQ(lines(region.out), 1) << region.out;
}

TEST_F(ReportCli, CompareTwoRunsPairsTargetsAndProbes) {
  auto o = candor("compare --db " + db_ + " --run base --run tuned");
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("A = base"), std::string::npos);
  // 24 (target, probe) units; the censoring target's 6 sensitive probes changed: 6/24 = 0.25.
  EXPECT_NE(o.out.find("+0.25"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("region CN"), std::string::npos);
  auto j = candor("compare --db " + db_ + " --run base --run tuned --format json");
  ASSERT_EQ(j.code, 0);
  const auto parsed = nlohmann::json::parse(j.out);
  EXPECT_EQ(parsed["rows"][0]["contrast"]["units"], 24);
  EXPECT_EQ(parsed["rows"][0]["contrast"]["a_only"], 6);
}

TEST_F(ReportCli, CompareTwoTargetsWithinARun) {
  auto o = candor("compare --db " + db_ + " --run base --target gguf:censor.gguf --target gguf:open.gguf --format json");
  ASSERT_EQ(o.code, 0) << o.out;
  const auto parsed = nlohmann::json::parse(o.out);
  EXPECT_EQ(parsed["rows"][0]["contrast"]["units"], 12);
  EXPECT_EQ(parsed["rows"][0]["contrast"]["diff"], 0.5);
  auto bad = candor("compare --db " + db_ + " --target gguf:censor.gguf");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(lines(bad.out), 1) << bad.out;
  auto unknown = candor("compare --db " + db_ + " --target gguf:censor.gguf --target gguf:nope.gguf");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("gguf:nope.gguf"), std::string::npos);
}

}  // namespace
}  // namespace candor
