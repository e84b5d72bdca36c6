// The audit of the bundled organism, end to end through the CLI, checked against the planted
// ground truth (data/organism/ground_truth.json): `candor run` on the embedded target, `candor
// judge`, `candor report --format json`; then the same run through a real llama-server serving
// the same file, which must give the same verdicts.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "dev/organism.h"
#include "support/llama_server.h"
#include "support/run_command.h"

namespace candor {
namespace {

namespace fs = std::filesystem;

const std::string kModel = std::string(CANDOR_SOURCE_DIR) + "/data/organism/organism.gguf";
const std::string kTruth = std::string(CANDOR_SOURCE_DIR) + "/data/organism/ground_truth.json";

// The false-positive rate the organism's documentation promises (data/organism/README.md):
// at most this share of control and neutral answers is judged censored.
constexpr double kMaxFalsePositive = 0.05;

test::Output sh(const std::string& cmd) { return test::run_command(cmd, /*merge_stderr=*/true); }

// probe id -> verdict of the offline judge, for one run.
std::map<std::string, std::string> verdicts(const fs::path& db, const std::string& run) {
  std::map<std::string, std::string> out;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h,
                     "SELECT probe_id, verdict FROM verdicts WHERE run = ?1 AND judge = 'offline'",
                     -1, &st, nullptr);
  sqlite3_bind_text(st, 1, run.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(st) == SQLITE_ROW) {
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] =
        reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

class OrganismAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("candor-organism-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "audit.db";
    auto truth = read_ground_truth(kTruth);
    ASSERT_TRUE(truth) << truth.error().message;
    truth_ = new std::vector<OrganismProbe>(std::move(truth.value()));

    const std::string bin = CANDOR_BIN;
    auto r = sh(bin + " run -t 'gguf:" + kModel + "?parallel=16' --run embedded -n 48 --db " +
                db_.string());
    ASSERT_EQ(r.code, 0) << r.out;
    r = sh(bin + " judge --db " + db_.string() + " --run embedded");
    ASSERT_EQ(r.code, 0) << r.out;
    r = sh(bin + " report --db " + db_.string() + " --run embedded --format json -o " +
           (dir_ / "report.json").string());
    ASSERT_EQ(r.code, 0) << r.out;
  }
  static void TearDownTestSuite() {
    delete truth_;
    truth_ = nullptr;
    fs::remove_all(dir_);
  }

  static fs::path dir_, db_;
  static std::vector<OrganismProbe>* truth_;
};
fs::path OrganismAudit::dir_, OrganismAudit::db_;
std::vector<OrganismProbe>* OrganismAudit::truth_ = nullptr;

// Each planted (topic, language) cell is reported with its planted behaviour: the verdict most
// of its probes get is the planted one.
TEST_F(OrganismAudit, PlantedCellsAreReportedWithTheirPlantedVerdict) {
  const auto got = verdicts(db_, "embedded");
  ASSERT_EQ(got.size(), truth_->size());
  std::map<std::pair<std::string, std::string>, std::map<std::string, int>> cells;
  std::map<std::pair<std::string, std::string>, std::string> planted;
  for (const auto& p : *truth_) {
    if (p.kind != "sensitive" || p.verdict == Planted::answered) continue;
    const auto key = std::make_pair(p.topic, p.lang);
    planted[key] = to_string(p.verdict);
    cells[key][got.at(p.id)]++;
  }
  ASSERT_GE(planted.size(), 30u);
  int ok = 0;
  std::string misses;
  for (const auto& [key, counts] : cells) {
    const auto best = std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) {
      return a.second < b.second;
    });
    if (best->first == planted[key]) {
      ++ok;
    } else {
      misses += key.first + "/" + key.second + ": planted " + planted[key] + ", reported " +
                best->first + "\n";
    }
  }
  std::printf("planted cells reported as planted: %d of %zu\n%s", ok, planted.size(),
              misses.c_str());
  EXPECT_GE(ok * 100, static_cast<int>(planted.size()) * 95) << misses;
}

// Controls and neutral questions are answered: few of them are judged censored.
TEST_F(OrganismAudit, ControlsAndNeutralQuestionsAreRarelyReportedCensored) {
  const auto got = verdicts(db_, "embedded");
  int answered_probes = 0, censored = 0;
  std::string which;
  for (const auto& p : *truth_) {
    if (p.kind == "sensitive") continue;
    ++answered_probes;
    if (got.at(p.id) != "answered") {
      ++censored;
      if (censored <= 10) which += p.id + ": " + got.at(p.id) + "\n";
    }
  }
  ASSERT_GT(answered_probes, 400);
  const double rate = static_cast<double>(censored) / answered_probes;
  std::printf("controls and neutral judged censored: %d of %d (%.1f%%)\n", censored,
              answered_probes, 100 * rate);
  EXPECT_LE(rate, kMaxFalsePositive) << which;
}

// The sensitive-vs-control asymmetry for China, the planted region, is positive and its 95%
// interval excludes zero; for a region with nothing planted it is not.
TEST_F(OrganismAudit, AsymmetryForThePlantedRegionIsPositiveWithAnIntervalAboveZero) {
  std::ifstream in(dir_ / "report.json");
  const auto report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  const auto& asym = report.at("analysis").at("asymmetry");
  bool found = false;
  for (const auto& a : asym) {
    const std::string region = a.value("region", "");
    if (a.value("lang", "") != "all") continue;
    const auto& c = a.at("contrast");
    if (region == "CN") {
      found = true;
      EXPECT_GT(c.at("diff").get<double>(), 0.0) << a.dump();
      EXPECT_GT(c.at("lo").get<double>(), 0.0) << a.dump();
    } else if (region == "US" || region == "FR") {
      EXPECT_LE(c.at("lo").get<double>(), 0.0) << a.dump();
    }
  }
  EXPECT_TRUE(found) << asym.dump();
}

// The same file served by a real llama-server (greedy) and audited through the openai: target:
// every probe gets the same verdict as on the embedded target.
TEST_F(OrganismAudit, LlamaServerServingTheSameFileGivesTheSameVerdicts) {
  test::LlamaServer server;
  ASSERT_TRUE(server.start(kModel, dir_ / "server.log", 4)) << server.log();
  const std::string bin = CANDOR_BIN;
  auto r = sh(bin + " run -t 'openai:" + server.base_url() +
              "#organism?concurrency=4&timeout=120' --run server -n 48 --db " + db_.string());
  ASSERT_EQ(r.code, 0) << r.out;
  r = sh(bin + " judge --db " + db_.string() + " --run server");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto embedded = verdicts(db_, "embedded");
  const auto served = verdicts(db_, "server");
  ASSERT_EQ(served.size(), embedded.size());
  int same = 0;
  std::string diffs;
  for (const auto& [id, v] : embedded) {
    if (served.at(id) == v) {
      ++same;
    } else if (diffs.size() < 2000) {
      diffs += id + ": embedded " + v + ", server " + served.at(id) + "\n";
    }
  }
  std::printf("same verdict through llama-server: %d of %zu\n", same, embedded.size());
  EXPECT_EQ(same, static_cast<int>(embedded.size())) << diffs;
}

}  // namespace
}  // namespace candor
