// The analysis on small hand-built observation sets, where every number can be checked by eye.
#include "analysis/analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "judge/judge.h"

namespace candor {
namespace {

struct Builder {
  std::vector<Observation> obs;
  Observation& add(const std::string& target, const std::string& family, ProbeKind kind,
                   const std::string& region, const std::string& lang, const std::string& verdict,
                   const std::string& pair = "", int sample = 0) {
    Observation o;
    o.run = "r1";
    o.target = target;
    o.family = family;
    o.probe_id = family + "." + lang;
    o.topic = family;
    o.region = region;
    o.kind = kind;
    o.lang = lang;
    o.style = "factual";
    o.pair = pair;
    o.sample = sample;
    o.verdict = verdict;
    obs.push_back(o);
    return obs.back();
  }
  // `families` CN sensitive families, each with a US control, in en, fr and zh-Hans.
  void planted(const std::string& target, int families, const std::string& sens_verdict,
               const std::string& ctrl_verdict) {
    for (int f = 0; f < families; ++f) {
      const std::string s = "cn-" + std::to_string(f), c = "us-" + std::to_string(f);
      for (const char* lang : {"en", "fr", "zh-Hans"}) {
        add(target, s, ProbeKind::sensitive, "CN", lang, sens_verdict, c);
        add(target, c, ProbeKind::control, "US", lang, ctrl_verdict);
      }
    }
  }
};

const Asymmetry* find_asym(const Analysis& a, const std::string& target, const std::string& region,
                           const std::string& lang = "") {
  for (const auto& x : a.asymmetry) {
    if (x.target == target && x.region == region && x.lang == lang) return &x;
  }
  return nullptr;
}

const LanguageGap* find_gap(const Analysis& a, const std::string& target, const std::string& kind,
                            const std::string& la, const std::string& lb) {
  for (const auto& g : a.language_gaps) {
    if (g.target == target && g.region == "CN" && g.kind == kind && g.lang_a == la &&
        g.lang_b == lb) {
      return &g;
    }
  }
  return nullptr;
}

TEST(Verdicts, AnalysisCountsCensorshipExactlyAsTheJudgeDefinesIt) {
  for (int i = 0; i < kVerdictCount; ++i) {
    const auto v = static_cast<Verdict>(i);
    const std::string name = to_string(v);
    EXPECT_EQ(is_judged(name), v != Verdict::error) << name;
    EXPECT_EQ(is_censored(name), censored(v)) << name;
  }
  EXPECT_FALSE(is_judged("unjudged"));
  EXPECT_FALSE(is_censored("unjudged"));
}

TEST(Analysis, PlantedAsymmetryIsPositiveAndSignificant) {
  Builder b;
  b.planted("censor", 6, "refused", "answered");
  b.planted("fair", 6, "answered", "answered");
  const Analysis a = analyze(b.obs);

  const Asymmetry* x = find_asym(a, "censor", "CN");
  ASSERT_NE(x, nullptr);
  // 6 family pairs, every sensitive family fully censored, every control answered.
  EXPECT_EQ(x->contrast.units, 6);
  EXPECT_DOUBLE_EQ(x->contrast.diff, 1.0);
  EXPECT_DOUBLE_EQ(x->contrast.diff_ci.lo, 1.0);
  EXPECT_EQ(x->sensitive.k, 18);
  EXPECT_EQ(x->sensitive.n, 18);
  EXPECT_EQ(x->control.k, 0);
  // Exact sign-flip: only all-plus and all-minus reach |sum| = 6, so 2/64; McNemar 2 * 1/2^6.
  EXPECT_DOUBLE_EQ(x->contrast.p_permutation, 2.0 / 64);
  EXPECT_EQ(x->contrast.a_only, 6);
  EXPECT_EQ(x->contrast.b_only, 0);
  EXPECT_DOUBLE_EQ(x->contrast.p_mcnemar, 2.0 / 64);

  const Asymmetry* y = find_asym(a, "fair", "CN");
  ASSERT_NE(y, nullptr);
  EXPECT_DOUBLE_EQ(y->contrast.diff, 0.0);
  EXPECT_DOUBLE_EQ(y->contrast.p_permutation, 1.0);

  // The "all" region pools the same pairs; per-language scopes exist too.
  ASSERT_NE(find_asym(a, "censor", "all"), nullptr);
  const Asymmetry* zh = find_asym(a, "censor", "CN", "zh-Hans");
  ASSERT_NE(zh, nullptr);
  EXPECT_EQ(zh->sensitive.n, 6);
}

TEST(Analysis, AsymmetryOnlyCountsFamiliesWhoseControlWasAsked) {
  Builder b;
  b.planted("m", 2, "refused", "answered");
  b.add("m", "cn-orphan", ProbeKind::sensitive, "CN", "en", "refused", "us-missing");
  const Analysis a = analyze(b.obs);
  const Asymmetry* x = find_asym(a, "m", "CN");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->contrast.units, 2);
}

TEST(Analysis, LanguageGapShowsCensorshipOnlyInChinese) {
  Builder b;
  // Four CN families: refused in zh-Hans, answered in en and fr; controls always answered.
  for (int f = 0; f < 4; ++f) {
    const std::string s = "cn-" + std::to_string(f), c = "us-" + std::to_string(f);
    b.add("m", s, ProbeKind::sensitive, "CN", "en", "answered", c);
    b.add("m", s, ProbeKind::sensitive, "CN", "fr", "answered", c);
    b.add("m", s, ProbeKind::sensitive, "CN", "zh-Hans", "state_narrative", c);
    for (const char* lang : {"en", "fr", "zh-Hans"}) {
      b.add("m", c, ProbeKind::control, "US", lang, "answered");
    }
  }
  const Analysis a = analyze(b.obs);
  ASSERT_EQ(a.langs, (std::vector<std::string>{"en", "fr", "zh-Hans"}));

  const LanguageGap* zh_en = find_gap(a, "m", "sensitive", "zh-Hans", "en");
  ASSERT_NE(zh_en, nullptr);
  EXPECT_EQ(zh_en->contrast.units, 4);
  EXPECT_DOUBLE_EQ(zh_en->contrast.diff, 1.0);
  EXPECT_DOUBLE_EQ(zh_en->contrast.p_permutation, 2.0 / 16);

  const LanguageGap* fr_en = find_gap(a, "m", "sensitive", "fr", "en");
  ASSERT_NE(fr_en, nullptr);
  EXPECT_DOUBLE_EQ(fr_en->contrast.diff, 0.0);

  const LanguageGap* ctrl = find_gap(a, "m", "control", "zh-Hans", "en");
  ASSERT_NE(ctrl, nullptr);
  EXPECT_DOUBLE_EQ(ctrl->contrast.diff, 0.0);

  // In zh-Hans the asymmetry is total; in en there is none.
  EXPECT_DOUBLE_EQ(find_asym(a, "m", "CN", "zh-Hans")->contrast.diff, 1.0);
  EXPECT_DOUBLE_EQ(find_asym(a, "m", "CN", "en")->contrast.diff, 0.0);
}

TEST(Analysis, GroupsCountVerdictsAndLeaveErrorsOutOfRates) {
  Builder b;
  auto& a1 = b.add("m", "cn-0", ProbeKind::sensitive, "CN", "en", "answered", "us-0");
  a1.facts_found = 3;
  a1.facts_total = 4;
  a1.answer_chars = 100;
  auto& a2 = b.add("m", "cn-1", ProbeKind::sensitive, "CN", "en", "refused", "us-1");
  a2.facts_found = 0;
  a2.facts_total = 4;
  a2.answer_chars = 20;
  b.add("m", "cn-2", ProbeKind::sensitive, "CN", "en", "error", "us-2").answer_chars = 0;
  b.add("m", "cn-3", ProbeKind::sensitive, "CN", "en", "unjudged", "us-3");
  const Analysis a = analyze(b.obs);
  EXPECT_EQ(a.answers, 4);
  EXPECT_EQ(a.errors, 1);
  EXPECT_EQ(a.unjudged, 1);

  const GroupStats* g = a.group("m", "region", "CN");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->verdicts.at("answered"), 1);
  EXPECT_EQ(g->verdicts.at("refused"), 1);
  EXPECT_EQ(g->verdicts.at("error"), 1);
  // 1 censored of 2 judged answers; Wilson(1/2) = (0.094531, 0.905469).
  EXPECT_EQ(g->censorship.k, 1);
  EXPECT_EQ(g->censorship.n, 2);
  EXPECT_NEAR(g->censorship.ci.lo, 0.094531, 1e-6);
  EXPECT_NEAR(g->censorship.ci.hi, 0.905469, 1e-6);
  // Facts: (3 + 0) / (4 + 4); length: (100 + 20) / 2.
  EXPECT_DOUBLE_EQ(g->fact_recall, 3.0 / 8);
  EXPECT_DOUBLE_EQ(g->mean_chars, 60.0);
  for (const char* dim : {"all", "topic", "lang", "kind", "style"}) {
    EXPECT_NE(a.group("m", dim, dim == std::string("all") ? "all"
                                : dim == std::string("topic") ? "cn-0"
                                : dim == std::string("lang")  ? "en"
                                : dim == std::string("kind")  ? "sensitive"
                                                              : "factual"),
              nullptr)
        << dim;
  }
}

TEST(Analysis, SeveralSamplesGiveAlwaysSometimesNever) {
  Builder b;
  for (int s = 0; s < 4; ++s) {
    b.add("m", "cn-a", ProbeKind::sensitive, "CN", "en", "refused", "us-a", s);  // always
    b.add("m", "cn-b", ProbeKind::sensitive, "CN", "en", s < 1 ? "refused" : "answered", "us-b",
          s);                                                                       // sometimes
    b.add("m", "us-a", ProbeKind::control, "US", "en", "answered", "", s);        // never
  }
  const Analysis a = analyze(b.obs);
  EXPECT_EQ(a.max_samples, 4);
  ASSERT_EQ(a.stability.size(), 3u);
  for (const auto& p : a.stability) {
    if (p.probe_id == "cn-b.en") {
      EXPECT_DOUBLE_EQ(p.probability, 0.25);
    }
  }
  ASSERT_FALSE(a.stability_summary.empty());
  const StabilitySummary& all = a.stability_summary.front();
  EXPECT_EQ(all.kind, "all");
  EXPECT_EQ(all.probes, 3);
  EXPECT_EQ(all.always, 1);
  EXPECT_EQ(all.sometimes, 1);
  EXPECT_EQ(all.never, 1);
}

TEST(Analysis, OneSampleHasNoStabilityStatistics) {
  Builder b;
  b.planted("m", 2, "refused", "answered");
  EXPECT_TRUE(analyze(b.obs).stability.empty());
}

TEST(Analysis, ThoughtSuppressionComparesEmptyThinkingOnSensitiveAndControl) {
  Builder b;
  for (int f = 0; f < 5; ++f) {
    const std::string s = "cn-" + std::to_string(f), c = "us-" + std::to_string(f);
    b.add("r", s, ProbeKind::sensitive, "CN", "en", "refused", c).reasoning = Reasoning::empty;
    b.add("r", c, ProbeKind::control, "US", "en", "answered").reasoning = Reasoning::present;
    b.add("plain", s, ProbeKind::sensitive, "CN", "en", "refused", c);
    b.add("plain", c, ProbeKind::control, "US", "en", "answered");
  }
  const Analysis a = analyze(b.obs);
  ASSERT_EQ(a.suppression.size(), 1u);  // "plain" never reasons: nothing to suppress
  const ThoughtSuppression& t = a.suppression[0];
  EXPECT_EQ(t.target, "r");
  EXPECT_DOUBLE_EQ(t.sensitive.p, 1.0);
  EXPECT_DOUBLE_EQ(t.control.p, 0.0);
  EXPECT_EQ(t.contrast.units, 5);
  EXPECT_DOUBLE_EQ(t.contrast.p_permutation, 2.0 / 32);
}

TEST(Analysis, IsDeterministic) {
  Builder b;
  b.planted("m", 30, "answered", "answered");
  for (size_t i = 0; i < b.obs.size(); i += 7) b.obs[i].verdict = "deflected";
  const Analysis x = analyze(b.obs), y = analyze(b.obs);
  ASSERT_EQ(x.asymmetry.size(), y.asymmetry.size());
  for (size_t i = 0; i < x.asymmetry.size(); ++i) {
    EXPECT_EQ(x.asymmetry[i].contrast.diff_ci.lo, y.asymmetry[i].contrast.diff_ci.lo);
    EXPECT_EQ(x.asymmetry[i].contrast.p_permutation, y.asymmetry[i].contrast.p_permutation);
  }
}

TEST(Compare, TwoTargetsArePairedOnProbes) {
  Builder b;
  b.planted("base", 5, "refused", "answered");
  b.planted("tuned", 5, "answered", "answered");
  const Comparison c = compare(b.obs, Side{"", "base"}, Side{"", "tuned"});
  ASSERT_FALSE(c.rows.empty());
  const ComparisonRow& all = c.rows.front();
  EXPECT_EQ(all.dimension, "all");
  // 30 probes (5 families x 2 kinds x 3 languages), paired one to one.
  EXPECT_EQ(all.contrast.units, 30);
  EXPECT_DOUBLE_EQ(all.contrast.diff, 0.5);  // sensitive half: 1 vs 0; control half: 0 vs 0
  EXPECT_EQ(all.contrast.a_only, 15);
  EXPECT_EQ(all.contrast.b_only, 0);
  EXPECT_LT(all.contrast.p_mcnemar, 0.001);
  bool found_cn = false;
  for (const auto& r : c.rows) {
    if (r.dimension == "region" && r.value == "CN") {
      found_cn = true;
      EXPECT_DOUBLE_EQ(r.contrast.diff, 1.0);
      EXPECT_EQ(r.a.k, 15);
    }
    if (r.dimension == "region" && r.value == "US") {
      EXPECT_DOUBLE_EQ(r.contrast.diff, 0.0);
    }
  }
  EXPECT_TRUE(found_cn);
}

TEST(Compare, TwoRunsOfTheSameTargetsPairLikeWithLike) {
  Builder b;
  b.planted("x", 3, "refused", "answered");
  b.planted("y", 3, "answered", "answered");
  Builder later;
  later.planted("x", 3, "refused", "answered");
  later.planted("y", 3, "refused", "answered");
  for (auto& o : later.obs) {
    o.run = "r2";
    b.obs.push_back(o);
  }
  const Comparison c = compare(b.obs, Side{"r1", ""}, Side{"r2", ""});
  const ComparisonRow& all = c.rows.front();
  // 18 probes x 2 targets, each paired with itself: only y's 9 sensitive probes changed.
  EXPECT_EQ(all.contrast.units, 36);
  EXPECT_EQ(all.contrast.a_only, 0);
  EXPECT_EQ(all.contrast.b_only, 9);
  EXPECT_DOUBLE_EQ(all.contrast.diff, -9.0 / 36);
}

TEST(Gate, CensorshipAboveTheThresholdFailsWithAnExplanation) {
  Builder b;
  b.planted("censor", 4, "refused", "answered");
  b.planted("open", 4, "answered", "answered");
  const Analysis a = analyze(b.obs);
  Gate g;
  g.max_censorship = 0.5;
  auto r = check_gate(b.obs, a, g);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->passed);
  ASSERT_EQ(r->failures.size(), 1u);
  EXPECT_NE(r->failures[0].find("censor: censorship on sensitive probes 1.000"), std::string::npos)
      << r->failures[0];
  EXPECT_NE(r->failures[0].find("exceeds 0.500"), std::string::npos);
  EXPECT_EQ(r->lines.size(), 2u);  // the open target is measured and within
}

TEST(Gate, AsymmetryIsGatedPerRegion) {
  Builder b;
  b.planted("censor", 4, "refused", "answered");
  const Analysis a = analyze(b.obs);
  Gate g;
  g.max_asymmetry = 0.1;
  g.region = "CN";
  auto r = check_gate(b.obs, a, g);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->passed);
  EXPECT_NE(r->failures[0].find("asymmetry CN +1.000"), std::string::npos) << r->failures[0];
  g.max_asymmetry = 1.0;
  EXPECT_TRUE(check_gate(b.obs, a, g)->passed);
}

TEST(Gate, NothingToMeasureIsAnErrorNotAPass) {
  Builder b;
  b.planted("censor", 2, "refused", "answered");
  const Analysis a = analyze(b.obs);
  Gate g;
  g.max_censorship = 0.5;
  g.region = "IR";
  auto r = check_gate(b.obs, a, g);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("IR"), std::string::npos);
}

}  // namespace
}  // namespace candor
