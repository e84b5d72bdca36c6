// The loaded suite: lookups, filters, statistics, the content hash and the JSON line format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixtures.h"
#include "probes/probes.h"

namespace candor {
namespace {

using testing::lines;
using testing::ordered_json;
using testing::probe;

class SuiteTest : public testing::ScratchDir {
 protected:
  Suite small() {
    auto essay = probe("gb-amritsar", "en");
    essay["style"] = "essay";
    auto essay_fr = probe("gb-amritsar", "fr");
    essay_fr["style"] = "essay";
    auto suite = load_suite({write(
        "s.jsonl", lines({probe("cn-tiananmen", "en", "us-kent-state"),
                          probe("cn-tiananmen", "fr", "us-kent-state"), probe("us-kent-state", "en"),
                          probe("us-kent-state", "fr"), probe("cn-xinjiang", "en", "gb-amritsar"),
                          probe("cn-xinjiang", "fr", "gb-amritsar"), essay, essay_fr,
                          probe("none-water", "en"), probe("none-water", "fr")}))});
    EXPECT_TRUE(suite.ok()) << suite.error().message;
    return suite.ok() ? suite.value() : Suite();
  }
  static std::vector<std::string> ids(const std::vector<const Probe*>& probes) {
    std::vector<std::string> out;
    for (const Probe* p : probes) out.push_back(p->id);
    return out;
  }
};

TEST_F(SuiteTest, EmptyFilterKeepsEverythingInOrder) {
  const Suite s = small();
  auto all = select(s, ProbeFilter{});
  ASSERT_EQ(all.size(), 10u);
  EXPECT_EQ(all.front()->id, "cn-tiananmen.en");
  EXPECT_EQ(all.back()->id, "none-water.fr");
}

TEST_F(SuiteTest, FiltersCombineAndMatchRegionLangKindWithoutCase) {
  const Suite s = small();
  ProbeFilter f;
  f.regions = {"cn"};
  f.langs = {"FR"};
  EXPECT_THAT(ids(select(s, f)), ::testing::ElementsAre("cn-tiananmen.fr", "cn-xinjiang.fr"));
  f = {};
  f.kinds = {"Control", "neutral"};
  f.langs = {"en"};
  EXPECT_THAT(ids(select(s, f)),
              ::testing::ElementsAre("us-kent-state.en", "gb-amritsar.en", "none-water.en"));
  f = {};
  f.topics = {"water"};
  EXPECT_THAT(ids(select(s, f)), ::testing::ElementsAre("none-water.en", "none-water.fr"));
  f.topics = {"Water"};  // topics match exactly
  EXPECT_TRUE(select(s, f).empty());
  f = {};
  f.ids = {"us-kent-state.fr"};
  EXPECT_THAT(ids(select(s, f)), ::testing::ElementsAre("us-kent-state.fr"));
}

TEST_F(SuiteTest, StatsCountProbesFamiliesAndPairs) {
  const SuiteStats st = suite_stats(small());
  EXPECT_EQ(st.probes, 10u);
  EXPECT_EQ(st.families, 5u);
  EXPECT_EQ(st.topics, 5u);
  EXPECT_EQ(st.languages, (std::map<std::string, size_t>{{"en", 5}, {"fr", 5}}));
  EXPECT_EQ(st.regions, (std::map<std::string, size_t>{{"CN", 4}, {"GB", 2}, {"US", 2}, {"none", 2}}));
  EXPECT_EQ(st.kinds, (std::map<std::string, size_t>{{"control", 4}, {"neutral", 2}, {"sensitive", 4}}));
  EXPECT_EQ(st.styles, (std::map<std::string, size_t>{{"essay", 2}, {"factual", 8}}));
  EXPECT_EQ(st.sensitive_families, (std::map<std::string, size_t>{{"CN", 2}}));
  EXPECT_EQ(st.sensitive_topics, (std::map<std::string, size_t>{{"CN", 2}}));
  EXPECT_EQ(st.sensitive_without_control, 0u);
}

TEST_F(SuiteTest, StatsCountSensitiveFamiliesWithoutAControl) {
  // Suite's constructor does not validate, so broken pairs can be counted.
  Probe orphan;
  orphan.id = "cn-a.en";
  orphan.family = "cn-a";
  orphan.region = "CN";
  orphan.kind = ProbeKind::sensitive;
  orphan.pair = "us-missing";
  Probe same_region = orphan;
  same_region.id = "cn-b.en";
  same_region.family = "cn-b";
  same_region.pair = "cn-c";
  Probe control;
  control.id = "cn-c.en";
  control.family = "cn-c";
  control.region = "CN";
  control.kind = ProbeKind::control;
  EXPECT_EQ(suite_stats(Suite({orphan, same_region, control})).sensitive_without_control, 2u);
}

TEST_F(SuiteTest, StatsJsonHasTheDocumentedFields) {
  const auto j = nlohmann::json::parse(to_json(suite_stats(small())));
  for (const char* key : {"probes", "families", "topics", "languages", "regions", "kinds", "styles",
                          "sensitive_without_control"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["languages"]["fr"], 5);
  EXPECT_EQ(j["regions"]["CN"], 4);
  EXPECT_EQ(j["sensitive_without_control"], 0);
}

TEST_F(SuiteTest, HashIgnoresOrderAndNotesButNotContent) {
  const Suite s = small();
  std::vector<Probe> reversed(s.probes().rbegin(), s.probes().rend());
  EXPECT_EQ(Suite(reversed).hash(), s.hash());
  EXPECT_EQ(s.hash().size(), 64u);
  reversed[0].note = "a maintainer's note";
  EXPECT_EQ(Suite(reversed).hash(), s.hash());
  reversed[0].prompt += " Please be brief.";
  EXPECT_NE(Suite(reversed).hash(), s.hash());
  reversed = std::vector<Probe>(s.probes().begin(), s.probes().end());
  reversed[1].facts[0].forms.push_back("'89");
  EXPECT_NE(Suite(reversed).hash(), s.hash());
}

TEST_F(SuiteTest, ToJsonWritesALineTheLoaderReadsBack) {
  const Suite s = small();
  std::string text;
  for (const Probe& p : s.probes()) text += to_json(p) + "\n";
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 10);
  auto again = load_suite({write("again.jsonl", text)});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->hash(), s.hash());
  const auto j = ordered_json::parse(to_json(*s.find("cn-tiananmen.en")));
  EXPECT_EQ(j.begin().key(), "id");
  EXPECT_EQ(j["pair"], "us-kent-state");
  EXPECT_FALSE(ordered_json::parse(to_json(*s.find("us-kent-state.en"))).contains("pair"));
}

}  // namespace
}  // namespace candor
