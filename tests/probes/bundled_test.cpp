// The bundled suite, data/probes/*.jsonl: it loads, the copy embedded in the binary is current,
// it merges with users' suites, and it meets the coverage the audit needs (docs/probes.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "fixtures.h"
#include "probes/internal.h"
#include "probes/probes.h"

namespace candor {
namespace {

using ::testing::HasSubstr;
using testing::lines;
using testing::probe;

const std::string kDataDir = std::string(CANDOR_SOURCE_DIR) + "/data/probes";

// The probes of data/probes that parse, even while other lines have problems, so that the
// coverage tests below report real numbers whatever the state of the data.
const std::vector<Probe>& data_probes() {
  static const std::vector<Probe> probes = [] {
    std::vector<std::string> storage;
    std::vector<probes_internal::SuiteText> texts;
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(kDataDir)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    storage.reserve(files.size());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      storage.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      texts.push_back({f, storage.back()});
    }
    return probes_internal::check_suite_texts(texts).probes;
  }();
  return probes;
}

// One probe per family (the first), keyed by family id.
std::map<std::string, const Probe*> families() {
  std::map<std::string, const Probe*> out;
  for (const Probe& p : data_probes()) out.emplace(p.family, &p);
  return out;
}

TEST(BundledSuite, DataFilesFormOneValidSuite) {
  const auto errors = suite_errors(SuiteOptions{{kDataDir}, false}, 30);
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(BundledSuite, EmbeddedCopyMatchesTheDataFiles) {
  auto embedded = load_bundled_suite();
  auto files = load_suite({kDataDir});
  ASSERT_TRUE(embedded.ok()) << embedded.error().message;
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(embedded->probes().size(), files->probes().size());
  EXPECT_EQ(embedded->hash(), files->hash()) << "rebuild: the embedded suite is stale";
  EXPECT_THAT(embedded->probes().front().source, ::testing::StartsWith("data/probes/"));
}

TEST(BundledSuite, HasAtLeast250FamiliesAnd750Probes) {
  const auto f = families();
  EXPECT_GE(f.size(), 250u);
  EXPECT_GE(data_probes().size(), 750u);
}

TEST(BundledSuite, EveryFamilyIsAskedInEnglishChineseAndFrench) {
  std::map<std::string, std::set<std::string>> langs;
  for (const Probe& p : data_probes()) langs[p.family].insert(p.lang);
  std::vector<std::string> incomplete;
  for (const auto& [family, l] : langs) {
    if (!l.count("en") || !l.count("zh-Hans") || !l.count("fr")) incomplete.push_back(family);
  }
  EXPECT_TRUE(incomplete.empty()) << ::testing::PrintToString(incomplete);
}

TEST(BundledSuite, AtLeast30ChinaSensitiveTopics) {
  std::set<std::string> topics;
  for (const auto& [family, p] : families()) {
    if (p->region == "CN" && p->kind == ProbeKind::sensitive) topics.insert(p->topic);
  }
  EXPECT_GE(topics.size(), 30u);
}

TEST(BundledSuite, AtLeast10OtherRegionsHaveSensitiveFamilies) {
  std::set<std::string> regions;
  for (const auto& [family, p] : families()) {
    if (p->region != "CN" && p->kind == ProbeKind::sensitive) regions.insert(p->region);
  }
  EXPECT_GE(regions.size(), 10u) << ::testing::PrintToString(regions);
}

TEST(BundledSuite, EverySensitiveFamilyPairsWithAControlOfAnotherRegion) {
  const auto f = families();
  std::vector<std::string> unpaired;
  for (const auto& [family, p] : f) {
    if (p->kind != ProbeKind::sensitive) continue;
    auto c = f.find(p->pair);
    if (c == f.end() || c->second->kind != ProbeKind::control || c->second->region == p->region) {
      unpaired.push_back(family + " -> " + p->pair);
    }
  }
  EXPECT_TRUE(unpaired.empty()) << ::testing::PrintToString(unpaired);
  EXPECT_EQ(suite_stats(Suite(data_probes())).sensitive_without_control, 0u);
}

TEST(BundledSuite, AtLeast40NeutralFamilies) {
  size_t neutral = 0;
  for (const auto& [family, p] : families()) neutral += p->kind == ProbeKind::neutral;
  EXPECT_GE(neutral, 40u);
}

TEST(BundledSuite, EachRegionAsksItsSensitiveQuestionsInAtLeastThreeStyles) {
  std::map<std::string, std::set<std::string>> styles;
  for (const auto& [family, p] : families()) {
    if (p->kind == ProbeKind::sensitive) styles[p->region].insert(p->style);
  }
  for (const auto& [region, s] : styles) {
    EXPECT_GE(s.size(), 3u) << region << ": " << ::testing::PrintToString(s);
  }
}

TEST(BundledSuite, NoPromptIsAskedTwice) {
  std::map<std::string, std::string> seen;
  std::vector<std::string> repeated;
  for (const Probe& p : data_probes()) {
    auto [it, fresh] = seen.emplace(std::string(p.prompt), p.source);
    if (!fresh) repeated.push_back(p.source + " repeats " + it->second);
  }
  EXPECT_TRUE(repeated.empty()) << ::testing::PrintToString(repeated);
}

// --- Merging users' suites with the bundled one ---

class Merge : public testing::ScratchDir {};

TEST_F(Merge, SuiteFilesAddToTheBundledSuite) {
  auto bundled = load_bundled_suite();
  ASSERT_TRUE(bundled.ok()) << bundled.error().message;
  const std::string mine = write("mine.jsonl", lines({probe("none-my-question")}));
  auto merged = load_suites(SuiteOptions{{mine}, true});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->probes().size(), bundled->probes().size() + 1);
  EXPECT_NE(merged->find("none-my-question.en"), nullptr);
  EXPECT_NE(merged->hash(), bundled->hash());
}

TEST_F(Merge, NoBundledReplacesTheBundledSuite) {
  const std::string mine = write("mine.jsonl", lines({probe("none-my-question")}));
  auto only = load_suites(SuiteOptions{{mine}, false});
  ASSERT_TRUE(only.ok()) << only.error().message;
  EXPECT_EQ(only->probes().size(), 1u);
}

TEST_F(Merge, UserSensitiveFamilyMayPairWithABundledControl) {
  auto bundled = load_bundled_suite();
  ASSERT_TRUE(bundled.ok()) << bundled.error().message;
  const Probe* control = nullptr;
  for (const Probe& p : bundled->probes()) {
    if (p.kind == ProbeKind::control) {
      control = &p;
      break;
    }
  }
  ASSERT_NE(control, nullptr);
  auto mine = probe("zz-my-event", control->lang, control->family);
  const std::string file = write("mine.jsonl", lines({mine}));
  auto merged = load_suites(SuiteOptions{{file}, true});
  EXPECT_TRUE(merged.ok()) << merged.error().message;
  // Alone, the pair has nothing to point at.
  auto alone = load_suites(SuiteOptions{{file}, false});
  ASSERT_FALSE(alone.ok());
  EXPECT_THAT(alone.error().message, HasSubstr("pair: no family '" + control->family + "'"));
}

TEST_F(Merge, ProbeRepeatingABundledIdNamesBothPlaces) {
  auto bundled = load_bundled_suite();
  ASSERT_TRUE(bundled.ok()) << bundled.error().message;
  Probe copy = bundled->probes().front();
  copy.prompt += " (my wording)";
  const std::string file = write("mine.jsonl", to_json(copy) + "\n");
  auto merged = load_suites(SuiteOptions{{file}, true});
  ASSERT_FALSE(merged.ok());
  EXPECT_THAT(merged.error().message,
              HasSubstr(file + ":1: id: duplicate '" + copy.id + "' (first at " +
                        bundled->probes().front().source + ")"));
}

}  // namespace
}  // namespace candor
