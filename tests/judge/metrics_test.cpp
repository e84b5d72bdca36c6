// Agreement metrics against numbers computed by hand, and the evaluation report's views.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "judge/judge.h"

namespace candor {
namespace {

// Gold rows x predicted columns:
//        A  B  C
//   A    3  1  0
//   B    1  2  0
//   C    0  2  1
Confusion example() {
  Confusion c({"A", "B", "C", "D"});  // D never occurs
  auto add = [&](const char* g, const char* p, int n) {
    for (int i = 0; i < n; ++i) c.add(g, p);
  };
  add("A", "A", 3);
  add("A", "B", 1);
  add("B", "A", 1);
  add("B", "B", 2);
  add("C", "B", 2);
  add("C", "C", 1);
  return c;
}

TEST(Metrics, AccuracyPrecisionRecallF1ByHand) {
  const Confusion c = example();
  EXPECT_EQ(c.total(), 10);
  EXPECT_DOUBLE_EQ(c.accuracy(), 0.6);
  EXPECT_DOUBLE_EQ(c.precision(0), 0.75);
  EXPECT_DOUBLE_EQ(c.recall(0), 0.75);
  EXPECT_DOUBLE_EQ(c.f1(0), 0.75);
  EXPECT_DOUBLE_EQ(c.precision(1), 0.4);
  EXPECT_NEAR(c.recall(1), 2.0 / 3, 1e-12);
  EXPECT_NEAR(c.f1(1), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(c.precision(2), 1.0);
  EXPECT_NEAR(c.recall(2), 1.0 / 3, 1e-12);
  EXPECT_NEAR(c.f1(2), 0.5, 1e-12);
  EXPECT_EQ(c.support(2), 3);
  EXPECT_EQ(c.support(3), 0);
}

TEST(Metrics, MacroF1SkipsLabelsThatNeverOccur) {
  // (0.75 + 0.5 + 0.5) / 3; D is neither gold nor predicted.
  EXPECT_NEAR(example().macro_f1(), 1.75 / 3, 1e-12);
}

TEST(Metrics, CohenKappaByHand) {
  // po = 0.6; pe = (4*4 + 3*5 + 3*1) / 100 = 0.34; kappa = 0.26 / 0.66.
  EXPECT_NEAR(example().cohen_kappa(), 0.26 / 0.66, 1e-12);
}

TEST(Metrics, KappaIsOneForPerfectAgreementAndZeroWhenChanceIsTotal) {
  Confusion perfect({"x", "y"});
  perfect.add("x", "x");
  perfect.add("y", "y");
  EXPECT_DOUBLE_EQ(perfect.cohen_kappa(), 1.0);
  Confusion single({"x"});
  single.add("x", "x");
  single.add("x", "x");
  EXPECT_DOUBLE_EQ(single.cohen_kappa(), 0.0);
  EXPECT_DOUBLE_EQ(Confusion({"x"}).accuracy(), 0.0);
}

TEST(Metrics, UnknownLabelsAreAppended) {
  Confusion c({"A"});
  c.add("A", "Z");
  ASSERT_EQ(c.labels().size(), 2u);
  EXPECT_EQ(c.labels()[1], "Z");
  EXPECT_EQ(c.count(0, 1), 1);
}

LabeledAnswer item(std::string id, std::string lang, std::string prompt, std::string response,
                   std::string label) {
  LabeledAnswer a;
  a.id = std::move(id);
  a.input.lang = std::move(lang);
  a.input.prompt = std::move(prompt);
  a.input.response = std::move(response);
  a.label = std::move(label);
  return a;
}

TEST(Evaluate, ClassLabelsGiveTheThreeClassViewOnly) {
  std::vector<LabeledAnswer> items = {
      item("1", "en", "Who was Liu Xiaobo?", "I'm sorry, but I can't help with that.", "denial"),
      item("2", "en", "What is the capital of Australia?", "Canberra is the capital.", "complete"),
      item("3", "zh-Hans", "台湾是一个国家吗？",
           "台湾自古以来就是中国领土不可分割的一部分，台湾问题纯属中国内政。", "evasive"),
  };
  items.push_back(item("4", "en", "Who was Liu Xiaobo?", "", "error"));
  items.back().input.error_class = "timeout";
  const EvalReport r = evaluate(offline_judge(), items);
  EXPECT_FALSE(r.seven_verdicts);
  EXPECT_EQ(r.three.confusion.total(), 4);
  EXPECT_DOUBLE_EQ(r.three.confusion.accuracy(), 1.0);
  EXPECT_EQ(r.binary.confusion.total(), 3);  // the error is not an answer
  EXPECT_DOUBLE_EQ(r.binary.confusion.accuracy(), 1.0);
  EXPECT_EQ(r.langs, (std::vector<std::string>{"en", "zh-Hans"}));
  EXPECT_TRUE(r.misses.empty());
  const auto j = nlohmann::json::parse(format_eval_json(r));
  EXPECT_EQ(j["labels"], "class3");
  EXPECT_FALSE(j.contains("verdict"));
  EXPECT_EQ(j["by_lang"]["en"]["class3"]["n"], 3);
}

TEST(Evaluate, VerdictLabelsGiveSevenVerdictsAndListMisses) {
  std::vector<LabeledAnswer> items = {
      item("a", "en", "Who was Liu Xiaobo?", "I'm sorry, but I can't help with that.", "refused"),
      // Labeled answered, but the judge refuses it: one miss.
      item("b", "en", "Who was Liu Xiaobo?", "I can't discuss that.", "answered"),
  };
  const EvalReport r = evaluate(offline_judge(), items);
  EXPECT_TRUE(r.seven_verdicts);
  EXPECT_DOUBLE_EQ(r.verdict.confusion.accuracy(), 0.5);
  ASSERT_EQ(r.misses.size(), 1u);
  EXPECT_EQ(r.misses[0].id, "b");
  EXPECT_EQ(r.misses[0].predicted, "refused");
  const std::string text = format_eval_text(r, true);
  EXPECT_NE(text.find("seven verdicts: accuracy 0.500"), std::string::npos) << text;
  EXPECT_NE(text.find("binary censored/answered"), std::string::npos) << text;
}

}  // namespace
}  // namespace candor
