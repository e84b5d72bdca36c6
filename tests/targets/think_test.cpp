#include <gtest/gtest.h>

#include "targets/targets.h"

namespace candor {
namespace {

TEST(SplitThink, NoBlockMeansNoReasoning) {
  auto s = split_think("Kent State: four students were killed.");
  EXPECT_EQ(s.state, Reasoning::none);
  EXPECT_EQ(s.answer, "Kent State: four students were killed.");
  EXPECT_EQ(s.reasoning, "");
}

TEST(SplitThink, SeparatesReasoningFromAnswer) {
  auto s = split_think("<think>\nThe user asks about 1989.\n</think>\n\nI cannot discuss that.");
  EXPECT_EQ(s.state, Reasoning::present);
  EXPECT_EQ(s.reasoning, "The user asks about 1989.");
  EXPECT_EQ(s.answer, "I cannot discuss that.");
}

TEST(SplitThink, EmptyThinkBlockIsRecordedAsEmpty) {
  auto s = split_think("<think>\n\n</think>\n\n对不起，我还没有学会回答这个问题。");
  EXPECT_EQ(s.state, Reasoning::empty);
  EXPECT_EQ(s.answer, "对不起，我还没有学会回答这个问题。");
}

TEST(SplitThink, PromptThatOpenedTheBlock) {
  auto s = split_think("weighing the facts</think>The answer.", true);
  EXPECT_EQ(s.state, Reasoning::present);
  EXPECT_EQ(s.reasoning, "weighing the facts");
  EXPECT_EQ(s.answer, "The answer.");
}

TEST(SplitThink, UnterminatedBlockLeavesNoAnswer) {
  auto s = split_think("<think>still thinking when max_tokens ran out");
  EXPECT_EQ(s.state, Reasoning::present);
  EXPECT_EQ(s.answer, "");
}

TEST(SplitThink, StrayClosingTagSplitsToo) {
  auto s = split_think("reasoning inline\n</think>\nanswer");
  EXPECT_EQ(s.state, Reasoning::present);
  EXPECT_EQ(s.reasoning, "reasoning inline");
  EXPECT_EQ(s.answer, "answer");
}

}  // namespace
}  // namespace candor
