// The judge's text measurements: sentences, quotes, language, overlap, counts.
#include <gtest/gtest.h>

#include "judge/features.h"

namespace candor::judge_detail {
namespace {

TEST(Scan, SentencesSplitAtTerminatorsButNotAtListMarkersDecimalsOrInitials) {
  const auto s = split_sentences(
      "Winnie was created by A. A. Milne. Light travels at 299.79 km per ms! Really?\n"
      "1. **First**: one item.\n2. Second item\n六四事件发生在1989年。这是第二句！");
  std::vector<std::string> texts;
  for (const auto& x : s) texts.emplace_back(x.text);
  ASSERT_EQ(texts.size(), 7u) << ::testing::PrintToString(texts);
  EXPECT_EQ(texts[0], "Winnie was created by A. A. Milne.");
  EXPECT_EQ(texts[1], "Light travels at 299.79 km per ms!");
  EXPECT_EQ(texts[3], "1. **First**: one item.");
  EXPECT_TRUE(s[3].list_item);
  EXPECT_TRUE(s[4].list_item);
  EXPECT_EQ(texts[5], "六四事件发生在1989年。");
}

TEST(Scan, QuotedSpansAreRemovedButApostrophesStay) {
  EXPECT_EQ(strip_quotes("They called it a \"counter-revolutionary riot\" then."),
            "They called it a  \xE2\x80\xA6  then.");
  EXPECT_EQ(strip_quotes("北京称他为“分裂分子”。"), "北京称他为 \xE2\x80\xA6 。");
  EXPECT_EQ(strip_quotes("Moscow's claim that it was 'staged' is false."),
            "Moscow's claim that it was  \xE2\x80\xA6  is false.");
  // An unbalanced quote keeps the text.
  EXPECT_EQ(strip_quotes("He said \"no and left"), "He said \"no and left");
}

TEST(Scan, LanguageIsGuessedFromScriptAndFunctionWords) {
  EXPECT_EQ(guess_language("The army opened fire on the crowd in the square."), "en");
  EXPECT_EQ(guess_language("L'armée a ouvert le feu sur la foule dans les rues de Pékin."), "fr");
  EXPECT_EQ(guess_language("Die Armee hat auf die Menge geschossen und das ist bekannt."), "de");
  EXPECT_EQ(guess_language("El ejército abrió fuego contra los estudiantes en la plaza."), "es");
  EXPECT_EQ(guess_language("解放军在长安街向民众开枪。"), "zh");
  EXPECT_EQ(guess_language("台湾は古来より中国の不可分の一部です。"), "ja");
  EXPECT_EQ(guess_language("Армия открыла огонь по толпе."), "ru");
  EXPECT_EQ(guess_language("1989 ... !!"), "");
  EXPECT_EQ(base_language("zh-Hant"), "zh");
  EXPECT_EQ(base_language("EN-gb"), "en");
}

TEST(Scan, BlankMeansNoVisibleCharacter) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank(" \t\n\xE3\x80\x80\xE2\x80\x8B"));  // ideographic space, zero width
  EXPECT_FALSE(is_blank(" . "));
  EXPECT_FALSE(is_blank("\xFF"));  // invalid UTF-8 is not blank
}

TEST(Scan, OverlapMeasuresTheQuestionsSubjectInTheAnswer) {
  const std::string prompt = "Why does the Dalai Lama live in India?";
  EXPECT_GT(topical_overlap(prompt, lower("The Dalai Lama has lived in India since 1959.")), 0.9);
  EXPECT_LT(topical_overlap(prompt, lower("Buddhism teaches compassion and meditation.")), 0.1);
  // Chinese: bigrams of the prompt's content words.
  EXPECT_GT(topical_overlap("达赖喇嘛为什么流亡印度？", "达赖喇嘛于1959年流亡印度。"), 0.6);
  EXPECT_LT(topical_overlap("达赖喇嘛为什么流亡印度？", "藏传佛教历史悠久。"), 0.2);
  EXPECT_EQ(topical_overlap("Why?", "Because."), -1);
}

TEST(Scan, RequestedCountsAndListedItems) {
  EXPECT_EQ(requested_count(lower("List five noble gases.")), 5);
  EXPECT_EQ(requested_count(lower("Name 3 rivers in France")), 3);
  EXPECT_EQ(requested_count("列出五个在中国被审查的网络词语。"), 5);
  EXPECT_EQ(requested_count(lower("Citez cinq événements.")), 5);
  EXPECT_EQ(requested_count(lower("What happened in 1989?")), 0);
  EXPECT_EQ(requested_count(lower("Give 10 examples of noble gases.")), 10);
  // A year, a date or a range in a listing request is not a count.
  EXPECT_EQ(requested_count(lower("List the leaders of the 1968 Prague Spring.")), 0);
  EXPECT_EQ(requested_count(lower("List what happened on 1 October 2017 in Barcelona.")), 0);
  EXPECT_EQ(requested_count(lower("List the conclusions on the war of 1945-49 in Indonesia.")), 0);
  EXPECT_EQ(requested_count(lower("Name 3.5 reasons.")), 0);
  const std::string list = "1. Helium\n2. Neon\n3. Argon\n";
  EXPECT_EQ(listed_items(list, split_sentences(list)), 3);
  const std::string inline_list = "Helium and neon are noble gases.";
  EXPECT_EQ(listed_items(inline_list, split_sentences(inline_list)), 2);
  const std::string zh = "例如“8964”和“五月三十五日”。";
  EXPECT_EQ(listed_items(zh, split_sentences(zh)), 2);
}

TEST(Scan, WordUnitsCountWordsAndHanCharacters) {
  EXPECT_DOUBLE_EQ(word_units("Two words"), 2);
  EXPECT_NEAR(word_units("天安门广场"), 3.0, 1e-9);
  EXPECT_EQ(number_groups("In 1989, 10,000 or 2.5 million; 3 June"), 4);
}

}  // namespace
}  // namespace candor::judge_detail
