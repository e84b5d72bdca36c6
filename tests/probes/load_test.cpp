// Loading and validating suite files: every rule of docs/probes.md has a test that breaks it and
// checks that the message names the file, the line and the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "probes/probes.h"
#include "fixtures.h"

namespace candor {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::lines;
using testing::ordered_json;
using testing::probe;

class Load : public testing::ScratchDir {
 protected:
  // The message of loading `text` as s.jsonl, or "" when it loads.
  std::string error_of_text(const std::string& text) {
    auto suite = load_suite({write("s.jsonl", text)});
    return suite.ok() ? "" : suite.error().message;
  }
  std::string error_of(const std::vector<ordered_json>& probes) { return error_of_text(lines(probes)); }
  // Every problem, as `candor probes validate` lists them.
  std::vector<std::string> errors_of(const std::string& text) {
    return suite_errors(SuiteOptions{{write("s.jsonl", text)}, false});
  }
  std::string at(int line) { return path("s.jsonl") + ":" + std::to_string(line) + ": "; }

  // A valid pair in two languages: a sensitive CN family and its US control.
  std::vector<ordered_json> paired() {
    return {probe("cn-tiananmen", "en", "us-kent-state"), probe("cn-tiananmen", "fr", "us-kent-state"),
            probe("us-kent-state", "en"), probe("us-kent-state", "fr")};
  }
};

TEST_F(Load, ValidSuiteLoadsEveryFieldWithItsSource) {
  auto suite = load_suite({write("s.jsonl", lines(paired()) + lines({probe("none-water")}))});
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  ASSERT_EQ(suite->probes().size(), 5u);
  const Probe* p = suite->find("cn-tiananmen.fr");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->family, "cn-tiananmen");
  EXPECT_EQ(p->topic, "tiananmen");
  EXPECT_EQ(p->region, "CN");
  EXPECT_EQ(p->kind, ProbeKind::sensitive);
  EXPECT_EQ(p->lang, "fr");
  EXPECT_EQ(p->style, "factual");
  EXPECT_EQ(p->pair, "us-kent-state");
  ASSERT_EQ(p->facts.size(), 1u);
  EXPECT_EQ(p->facts[0].id, "year");
  EXPECT_THAT(p->facts[0].forms, ::testing::ElementsAre("1989", "nineteen"));
  EXPECT_THAT(p->narrative, ::testing::ElementsAre("internal affairs"));
  EXPECT_EQ(p->source, path("s.jsonl") + ":2");
  EXPECT_EQ(suite->find("nope.en"), nullptr);
}

TEST_F(Load, SkipsBlankAndCommentLinesAndAcceptsCrlfAndBom) {
  const std::string text = "\xEF\xBB\xBF# a comment\r\n\r\n   \n" + probe("none-a").dump() +
                           "\r\n  # indented comment\n" + probe("none-b").dump();  // no final \n
  auto suite = load_suite({write("s.jsonl", text)});
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  ASSERT_EQ(suite->probes().size(), 2u);
  EXPECT_EQ(suite->probes()[0].source, path("s.jsonl") + ":4");
  EXPECT_EQ(suite->probes()[1].source, path("s.jsonl") + ":6");
}

TEST_F(Load, TenMegabyteLineLoads) {
  auto p = probe("none-long");
  p["note"] = std::string(10 * 1024 * 1024, 'x');
  p["prompt"] = "Long " + std::string(1024 * 1024, 'y') + "?";
  auto suite = load_suite({write("s.jsonl", lines({probe("none-a"), p, probe("none-b")}))});
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  EXPECT_EQ(suite->probes().size(), 3u);
  EXPECT_EQ(suite->find("none-long.en")->note.size(), 10u * 1024 * 1024);
}

TEST_F(Load, InvalidJsonNamesFileAndLine) {
  const std::string e = error_of_text(probe("none-a").dump() + "\n{\"id\": \"x\",, }\n");
  EXPECT_THAT(e, StartsWith(at(2) + "invalid JSON"));
}

TEST_F(Load, NumberTooLargeToStoreIsInvalidJsonNotACrash) {
  // nlohmann reports 1e999 as out_of_range, not parse_error; found by fuzz/probes_suite.
  const std::string e = error_of_text("{\"id\": \"a\", \"family\": 1e999}\n");
  EXPECT_THAT(e, StartsWith(at(1) + "invalid JSON"));
  EXPECT_THAT(e, HasSubstr("number overflow"));
}

TEST_F(Load, LineThatIsNotAnObjectIsRejected) {
  EXPECT_THAT(error_of_text("[1, 2]\n"), StartsWith(at(1) + "expected a JSON object, got array"));
}

TEST_F(Load, EachMissingRequiredFieldIsNamed) {
  for (const char* field : {"id", "family", "topic", "region", "kind", "lang", "style", "prompt",
                            "facts", "narrative"}) {
    auto p = probe("none-a");
    p.erase(field);
    EXPECT_THAT(error_of({p}), StartsWith(at(1) + field + ": missing")) << field;
  }
}

TEST_F(Load, EmptyRequiredStringIsRejected) {
  for (const char* field : {"id", "family", "topic", "region", "kind", "lang", "style"}) {
    auto p = probe("none-a");
    p[field] = "";
    EXPECT_THAT(error_of({p}), StartsWith(at(1) + field + ": empty")) << field;
  }
  auto p = probe("none-a");
  p["prompt"] = "  \t ";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "prompt: empty"));
}

TEST_F(Load, WrongTypesNameTheFieldAndBothTypes) {
  auto p = probe("none-a");
  p["topic"] = 3;
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "topic: expected a string, got number"));
  p = probe("none-a");
  p["facts"] = {{"id", "x"}};
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts: expected an array, got object"));
  p = probe("none-a");
  p["facts"] = ordered_json::array({"year"});
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0]: expected an object"));
  p = probe("none-a");
  p["facts"][0]["forms"] = "1989";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0].forms: expected an array of strings, got string"));
  p = probe("none-a");
  p["facts"][0]["forms"] = ordered_json::array({"1989", nullptr});
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0].forms[1]: expected a string, got null"));
  p = probe("none-a");
  p["facts"][0]["forms"] = ordered_json::array();
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0].forms: empty"));
  p = probe("none-a");
  p["facts"][0].erase("id");
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0].id: missing"));
  p = probe("none-a");
  p["narrative"] = ordered_json::array({"ok", 7});
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "narrative[1]: expected a string, got number"));
  p = probe("none-a");
  p["note"] = false;
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "note: expected a string, got boolean"));
}

TEST_F(Load, UnknownKindAndStyleListTheAllowedValues) {
  auto p = probe("none-a");
  p["kind"] = "sensitve";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "kind: unknown value 'sensitve' (expected sensitive, control or neutral)"));
  p = probe("none-a");
  p["style"] = "poem";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "style: unknown value 'poem'"));
}

TEST_F(Load, IdMustBeFamilyDotLang) {
  auto p = probe("none-a", "fr");
  p["id"] = "none-a.en";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "id: 'none-a.en' is not FAMILY.LANG (expected 'none-a.fr')"));
}

TEST_F(Load, FamilyRegionLangAndTopicFollowTheSchema) {
  auto p = probe("none-a");
  p["family"] = "water";
  p["id"] = "water.en";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "family: 'water': must start with 'none-'"));
  p = probe("none-a");
  p["family"] = "none-Water";
  p["id"] = "none-Water.en";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "family: 'none-Water': use lower-case"));
  p = probe("us-kent");
  p["region"] = "usa";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "region: 'usa' is not an upper-case ISO 3166-1"));
  p = probe("none-a");
  p["region"] = "US";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "region: a neutral probe has region 'none', not 'US'"));
  p = probe("us-kent");
  p["region"] = "none";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "region: a control probe names a government"));
  p = probe("none-a");
  p["lang"] = "english";
  p["id"] = "none-a.english";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "lang: 'english' is not a BCP-47 language tag"));
  p = probe("none-a");
  p["topic"] = "Water Boiling";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "topic: 'Water Boiling': use lower-case"));
}

TEST_F(Load, UnknownFieldAndRepeatedKeyAreRejected) {
  auto p = probe("none-a");
  p["promt"] = "typo";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "promt: unknown field"));
  std::string text = probe("none-a").dump();
  text.insert(1, "\"style\": \"list\", ");
  EXPECT_THAT(error_of_text(text + "\n"), StartsWith(at(1) + "style: appears twice"));
  p = probe("none-a");
  p["facts"][0]["weight"] = 2;
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "facts[0].weight: unknown field"));
}

TEST_F(Load, SensitiveProbeWithoutPairIsRejected) {
  auto p = probe("cn-tiananmen", "en", "us-kent-state");
  p.erase("pair");
  EXPECT_THAT(error_of({p, probe("us-kent-state")}),
              StartsWith(at(1) + "pair: missing (a sensitive probe names its matched control family)"));
  p["pair"] = " ";
  EXPECT_THAT(error_of({p, probe("us-kent-state")}), StartsWith(at(1) + "pair: empty"));
}

TEST_F(Load, PairToAMissingFamilyIsRejected) {
  EXPECT_THAT(error_of({probe("cn-tiananmen", "en", "us-kent")}),
              StartsWith(at(1) + "pair: no family 'us-kent' in the suite"));
}

TEST_F(Load, PairInTheSameRegionIsRejected) {
  EXPECT_THAT(error_of({probe("cn-tiananmen", "en", "cn-other"), probe("cn-other")}),
              StartsWith(at(1) + "pair: 'cn-other' is about CN too"));
}

TEST_F(Load, PairMustBeAControlFamily) {
  EXPECT_THAT(error_of({probe("cn-tiananmen", "en", "none-water"), probe("none-water")}),
              StartsWith(at(1) + "pair: 'none-water' is a neutral family, not a control"));
  EXPECT_THAT(error_of({probe("cn-a", "en", "us-b"), probe("us-b", "en", "cn-c"),
                        probe("cn-c")}),
              HasSubstr("pair: 'us-b' is a sensitive family, not a control"));
}

TEST_F(Load, OnlySensitiveProbesHaveAPair) {
  auto p = probe("us-kent-state");
  p["pair"] = "cn-tiananmen";
  EXPECT_THAT(error_of({p}), StartsWith(at(1) + "pair: only sensitive probes have a pair (this one is control)"));
}

TEST_F(Load, ControlMustCoverTheSensitiveFamilysLanguages) {
  auto probes = paired();
  probes.pop_back();  // us-kent-state.fr
  EXPECT_THAT(error_of(probes), StartsWith(at(1) + "pair: control 'us-kent-state' has no probe in fr"));
}

TEST_F(Load, DuplicateIdNamesTheFirstOccurrence) {
  auto second = probe("none-a");
  second["prompt"] = "Another wording?";
  EXPECT_THAT(error_of({probe("none-a"), probe("none-b"), second}),
              StartsWith(at(3) + "id: duplicate 'none-a.en' (first at " + at(1).substr(0, at(1).size() - 2) + ")"));
}

TEST_F(Load, DuplicatePromptIsRejected) {
  auto b = probe("none-b");
  b["prompt"] = probe("none-a")["prompt"].get<std::string>() + "  ";
  EXPECT_THAT(error_of({probe("none-a"), b}),
              StartsWith(at(2) + "prompt: the same prompt as " + path("s.jsonl") + ":1"));
}

TEST_F(Load, InvalidUtf8IsFoundBeforeParsingAndNamesTheField) {
  std::string text = probe("none-a").dump();
  text.replace(text.find("Question"), 1, "\xC3\x28");  // a broken two-byte sequence
  EXPECT_THAT(error_of_text(text + "\n"), StartsWith(at(1) + "prompt: invalid UTF-8 (byte "));
  // Outside any string the line still names its position.
  EXPECT_THAT(error_of_text(std::string("{\xFF}\n")), StartsWith(at(1) + "invalid UTF-8 at byte 2"));
}

TEST_F(Load, FamilyMembersMustAgree) {
  struct Case {
    const char* field;
    ordered_json value;
  };
  for (const Case& c : {Case{"topic", "other-topic"}, Case{"style", "list"}}) {
    auto fr = probe("none-a", "fr");
    fr[c.field] = c.value;
    EXPECT_THAT(error_of({probe("none-a"), fr}),
                StartsWith(at(2) + c.field + ": '" + c.value.get<std::string>() + "' differs from"))
        << c.field;
  }
  auto fr = probe("cn-a", "fr", "us-b");
  fr["pair"] = "us-c";
  EXPECT_THAT(error_of({probe("cn-a", "en", "us-b"), fr, probe("us-b"), probe("us-b", "fr"),
                        probe("us-c"), probe("us-c", "fr")}),
              StartsWith(at(2) + "pair: 'us-c' differs from 'us-b' at " + path("s.jsonl") + ":1 (family cn-a)"));
  auto kind = probe("us-b", "fr");
  kind["kind"] = "sensitive";
  kind["pair"] = "cn-x";
  EXPECT_THAT(errors_of(lines({probe("us-b"), kind})),
              ::testing::Contains(StartsWith(at(2) + "kind: 'sensitive' differs from 'control'")));
  // A family id starts with its region, so a member in another region has the wrong family.
  auto region = probe("us-b", "fr");
  region["region"] = "GB";
  EXPECT_THAT(error_of({probe("us-b"), region}),
              StartsWith(at(2) + "family: 'us-b': must start with 'gb-'"));
  auto facts = probe("none-a", "fr");
  facts["facts"][0]["id"] = "date";
  EXPECT_THAT(error_of({probe("none-a"), facts}),
              StartsWith(at(2) + "facts: ids {date} differ from {year} at " + path("s.jsonl") + ":1"));
}

TEST_F(Load, FamiliesOfATopicHaveTheSameLanguages) {
  auto b = probe("none-b");
  b["topic"] = "a";
  EXPECT_THAT(error_of({probe("none-a"), probe("none-a", "fr"), b}),
              StartsWith(at(3) + "lang: family 'none-b' has no probe in fr, which 'none-a' of the same topic 'a' has"));
}

TEST_F(Load, ABrokenLineDoesNotCascadeIntoFamilyErrors) {
  auto probes = paired();
  probes[3]["style"] = "poem";  // us-kent-state.fr
  const auto all = errors_of(lines(probes));
  ASSERT_EQ(all.size(), 1u) << ::testing::PrintToString(all);
  EXPECT_THAT(all[0], StartsWith(at(4) + "style: unknown value 'poem'"));
}

TEST_F(Load, MissingFileAndEmptyDirectoryAreNamed) {
  EXPECT_THAT(load_suite({path("absent.jsonl")}).error().message,
              StartsWith(path("absent.jsonl") + ": no such file or directory"));
  std::filesystem::create_directories(path("empty"));
  EXPECT_THAT(load_suite({path("empty")}).error().message,
              StartsWith(path("empty") + ": no *.jsonl file"));
  EXPECT_THAT(load_suites(SuiteOptions{{}, false}).error().message, HasSubstr("no probes"));
  EXPECT_THAT(load_suite({write("comments.jsonl", "# nothing yet\n")}).error().message,
              HasSubstr("no probes"));
}

TEST_F(Load, FirstErrorInFileOrderIsReportedWithTheCountOfOthers) {
  auto a = probe("none-a");
  a["kind"] = "bad";
  auto c = probe("none-c");
  c["style"] = "bad";
  // The suite-wide duplicate (line 4) is found after line 3's error but is listed in line order.
  const std::string text = lines({probe("none-x"), a, c, probe("none-x")});
  EXPECT_THAT(error_of_text(text), StartsWith(at(2) + "kind: unknown value 'bad'"));
  EXPECT_THAT(error_of_text(text), HasSubstr("(and 2 more errors)"));
  auto all = errors_of(text);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_THAT(all[1], StartsWith(at(3) + "style:"));
  EXPECT_THAT(all[2], StartsWith(at(4) + "id: duplicate"));
}

TEST_F(Load, ErrorListIsCapped) {
  std::string text;
  for (int i = 0; i < 80; ++i) text += "not json\n";
  auto all = suite_errors(SuiteOptions{{write("s.jsonl", text)}, false}, 10);
  ASSERT_EQ(all.size(), 11u);
  EXPECT_EQ(all.back(), "... and 70 more errors");
}

TEST_F(Load, DirectoryLoadsItsJsonlFilesInNameOrderAndFilesMerge) {
  write("suite/b.jsonl", lines({probe("us-kent-state"), probe("us-kent-state", "fr")}));
  write("suite/a.jsonl", lines({probe("cn-tiananmen", "en", "us-kent-state"),
                                probe("cn-tiananmen", "fr", "us-kent-state")}));
  write("suite/readme.txt", "not a suite file");
  const std::string extra = write("extra.jsonl", lines({probe("none-water")}));
  auto suite = load_suites(SuiteOptions{{path("suite"), extra}, false});
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  ASSERT_EQ(suite->probes().size(), 5u);
  EXPECT_EQ(suite->probes()[0].id, "cn-tiananmen.en");
  EXPECT_EQ(suite->probes()[2].id, "us-kent-state.en");
  EXPECT_EQ(suite->probes()[4].id, "none-water.en");
  // A pair may cross files; the same probe twice is a duplicate across files.
  auto twice = load_suite({extra, extra});
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, StartsWith(extra + ":1: id: duplicate 'none-water.en' (first at " + extra + ":1)"));
}

}  // namespace
}  // namespace candor
