// Importing other tools' prompt lists: each format on a small fixture (tests/probes/fixtures),
// checking what is mapped, what is skipped and why, and that the output is a valid suite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixtures.h"
#include "probes/probes.h"

namespace candor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
  return std::string(CANDOR_SOURCE_DIR) + "/tests/probes/fixtures/" + name;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Import : public testing::ScratchDir {
 protected:
  // Imports and loads the result back; fails the test when either step fails.
  Suite imported(ImportFormat format, const std::string& in, const ImportOptions& options = {}) {
    auto report = import_probes(format, in, options, path("out.jsonl"));
    EXPECT_TRUE(report.ok()) << report.error().message;
    if (report.ok()) report_ = report.value();
    auto suite = load_suite({path("out.jsonl")});
    EXPECT_TRUE(suite.ok()) << suite.error().message;
    return suite.ok() ? suite.value() : Suite();
  }
  ImportReport report_;
};

TEST_F(Import, FormatNamesAreParsed) {
  EXPECT_EQ(parse_import_format("promptfoo-csv").value(), ImportFormat::promptfoo_csv);
  EXPECT_EQ(parse_import_format("jsonl").value(), ImportFormat::jsonl);
  EXPECT_EQ(parse_import_format("lines").value(), ImportFormat::lines);
  EXPECT_THAT(parse_import_format("csv").error().message, HasSubstr("unknown import format 'csv'"));
}

TEST_F(Import, PromptfooCsvMapsColumnsAndReportsSkippedRows) {
  const std::string in = fixture("promptfoo.csv");
  const Suite s = imported(ImportFormat::promptfoo_csv, in);
  ASSERT_EQ(s.probes().size(), 2u);
  const Probe& a = s.probes()[0];
  EXPECT_EQ(a.prompt, "What happened in Beijing, on 4 June 1989?");
  EXPECT_EQ(a.topic, "tiananmen-1989");
  EXPECT_EQ(a.kind, ProbeKind::neutral);
  EXPECT_EQ(a.region, "none");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.style, "factual");
  EXPECT_TRUE(a.facts.empty());
  EXPECT_TRUE(a.narrative.empty());
  EXPECT_THAT(a.family, ::testing::MatchesRegex("none-import-[0-9a-f]{10}"));
  EXPECT_EQ(a.id, a.family + ".en");
  EXPECT_EQ(a.note, "__expected: contains:troops; Source: wiki");
  // A quoted field keeps its commas, doubled quotes and line break.
  EXPECT_EQ(s.probes()[1].prompt, "A prompt on\r\ntwo lines with \"quotes\"");
  EXPECT_EQ(report_.written, 2u);
  EXPECT_THAT(report_.skipped, ElementsAre(in + ":5: empty prompt",
                                           in + ":6: 2 fields, the header has 4",
                                           in + ":7: duplicate prompt (the same as line 2)"));
  EXPECT_THAT(report_.unmapped, ElementsAre("__expected", "Source"));
}

TEST_F(Import, PromptfooCsvPrefersAPromptColumnAndReadsSuiteColumns) {
  const std::string in = write("t.csv",
                               "id,Prompt,kind,region,lang,style,family,pair\n"
                               "us-kent.en,What happened at Kent State?,control,us,,explain,,\n"
                               ",Que s'est-il passé à Kent State ?,control,US,fr,explain,us-kent,\n"
                               ",Why?,sensitive,CN,,,,\n"
                               ",Is it neutral?,neutral,FR,,,,\n"
                               ",Style?,,,,poem,,\n"
                               "\"never closed,x\n");
  const Suite s = imported(ImportFormat::promptfoo_csv, in);
  ASSERT_EQ(s.probes().size(), 2u);
  EXPECT_EQ(s.probes()[0].id, "us-kent.en");
  EXPECT_EQ(s.probes()[0].region, "US");
  EXPECT_EQ(s.probes()[0].kind, ProbeKind::control);
  EXPECT_EQ(s.probes()[0].style, "explain");
  EXPECT_EQ(s.probes()[1].id, "us-kent.fr");
  EXPECT_EQ(s.probes()[1].topic, "kent");
  EXPECT_THAT(report_.skipped,
              ElementsAre(in + ":4: a sensitive probe needs a pair (its control family)",
                          in + ":5: region 'FR' needs kind control or sensitive (neutral probes "
                               "have region none)",
                          in + ":6: style 'poem' is not factual, explain, opinion, list or essay",
                          in + ":7: a quoted field is never closed (the rest of the file is ignored)"));
  EXPECT_TRUE(report_.unmapped.empty());
}

TEST_F(Import, JsonlUsesThePromptFieldAndMapsFieldsByName) {
  const std::string in = fixture("prompts.jsonl");
  ImportOptions options;
  options.prompt_field = "question";
  const Suite s = imported(ImportFormat::jsonl, in, options);
  ASSERT_EQ(s.probes().size(), 3u);
  const Probe& fr = s.probes()[0];
  EXPECT_EQ(fr.lang, "fr");
  EXPECT_EQ(fr.note, "category: geography; difficulty: 2");
  const Probe& cn = s.probes()[1];
  EXPECT_EQ(cn.kind, ProbeKind::sensitive);
  EXPECT_EQ(cn.region, "CN");
  EXPECT_EQ(cn.pair, "ru-term-reset");
  ASSERT_EQ(cn.facts.size(), 1u);
  EXPECT_EQ(cn.facts[0].forms, std::vector<std::string>{"two terms"});
  EXPECT_EQ(cn.narrative, std::vector<std::string>{"will of the people"});
  EXPECT_EQ(s.probes()[2].family, "ru-term-reset");
  EXPECT_EQ(s.probes()[2].topic, "term-limits");
  EXPECT_THAT(report_.skipped, ElementsAre(in + ":4: invalid JSON", in + ":5: no 'question' field",
                                           in + ":6: kind 'weird' is not sensitive, control or neutral",
                                           in + ":7: question: expected a string, got number"));
  EXPECT_THAT(report_.unmapped, ElementsAre("category", "difficulty", "prompt"));
}

TEST_F(Import, LinesTakeTheGivenLanguageAndSkipDuplicates) {
  const std::string in = fixture("questions.txt");
  ImportOptions options;
  options.lang = "fr";
  const Suite s = imported(ImportFormat::lines, in, options);
  ASSERT_EQ(s.probes().size(), 2u);
  EXPECT_EQ(s.probes()[1].prompt, "Who wrote Les Misérables?");
  EXPECT_EQ(s.probes()[1].lang, "fr");
  EXPECT_THAT(report_.skipped, ElementsAre(in + ":5: duplicate prompt (the same as line 1)"));
}

TEST_F(Import, IdsAreStableAcrossImports) {
  const std::string in = fixture("questions.txt");
  ASSERT_TRUE(import_probes(ImportFormat::lines, in, {}, path("a.jsonl")).ok());
  ASSERT_TRUE(import_probes(ImportFormat::lines, in, {}, path("b.jsonl")).ok());
  EXPECT_EQ(read(path("a.jsonl")), read(path("b.jsonl")));
  // The id depends on the prompt alone, not on its position.
  const std::string moved = write("moved.txt", "A new first line?\nWho wrote Les Misérables?\n");
  ASSERT_TRUE(import_probes(ImportFormat::lines, moved, {}, path("c.jsonl")).ok());
  auto a = load_suite({path("a.jsonl")});
  auto c = load_suite({path("c.jsonl")});
  ASSERT_TRUE(a.ok() && c.ok());
  EXPECT_EQ(a->probes()[1].id, c->probes()[1].id);
}

TEST_F(Import, InvalidUtf8RowIsSkippedAndTheRestImported) {
  const std::string in = write("bad.txt", "Good question?\nBad \xFF question?\n");
  const Suite s = imported(ImportFormat::lines, in);
  EXPECT_EQ(s.probes().size(), 1u);
  EXPECT_THAT(report_.skipped, ElementsAre(in + ":2: invalid UTF-8"));
}

TEST_F(Import, TenMegabyteRowsImportWholeInEveryFormat) {
  const std::string big = "Long " + std::string(10 * 1024 * 1024, 'y') + ", with a comma?";
  const std::string csv_cell = "\"" + big + "\"";  // quoted: it holds a comma
  const struct {
    ImportFormat format;
    std::string file, text;
  } cases[] = {
      {ImportFormat::lines, "big.txt", "Short?\n" + big + "\nLast?\n"},
      {ImportFormat::jsonl, "big.jsonl",
       "{\"prompt\": \"Short?\"}\n{\"prompt\": \"" + big + "\"}\n{\"prompt\": \"Last?\"}\n"},
      {ImportFormat::promptfoo_csv, "big.csv", "prompt\nShort?\n" + csv_cell + "\nLast?\n"},
  };
  for (const auto& c : cases) {
    const Suite s = imported(c.format, write(c.file, c.text));
    ASSERT_EQ(s.probes().size(), 3u) << c.file;
    EXPECT_EQ(s.probes()[1].prompt, big) << c.file;
    EXPECT_TRUE(report_.skipped.empty()) << c.file << ": " << report_.skipped.front();
  }
}

TEST_F(Import, InvalidUtf8SkipsOnlyItsRowInEveryFormatEvenAtTheEndOfALongLine) {
  const std::string tail = std::string(10 * 1024 * 1024, 'z') + "\xC3(";  // a cut sequence
  const struct {
    ImportFormat format;
    std::string file, text, skipped;
  } cases[] = {
      {ImportFormat::lines, "bad.txt", "Good?\nLong " + tail + "\nAlso good?\n",
       ":2: invalid UTF-8"},
      {ImportFormat::jsonl, "bad.jsonl",
       "{\"prompt\": \"Good?\"}\n{\"prompt\": \"Caf\xE9?\"}\n{\"prompt\": \"Also good?\"}\n",
       ":2: invalid UTF-8"},
      {ImportFormat::promptfoo_csv, "bad.csv", "prompt\nGood?\n\"Bad \xFF\xFE\"\nAlso good?\n",
       ":3: invalid UTF-8"},
  };
  for (const auto& c : cases) {
    const std::string in = write(c.file, c.text);
    const Suite s = imported(c.format, in);
    ASSERT_EQ(s.probes().size(), 2u) << c.file;
    EXPECT_EQ(s.probes()[1].prompt, "Also good?") << c.file;
    EXPECT_THAT(report_.skipped, ElementsAre(in + c.skipped)) << c.file;
  }
}

TEST_F(Import, NothingImportableIsAnErrorAndWritesNothing) {
  const std::string in = write("empty.csv", "prompt,kind\n,neutral\n");
  auto r = import_probes(ImportFormat::promptfoo_csv, in, {}, path("out.jsonl"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr(in + ": no probe could be imported (" + in + ":2: empty prompt)"));
  EXPECT_FALSE(std::filesystem::exists(path("out.jsonl")));
  EXPECT_THAT(import_probes(ImportFormat::lines, path("absent.txt"), {}, path("out.jsonl")).error().message,
              HasSubstr("absent.txt: cannot read"));
  ImportOptions bad_lang;
  bad_lang.lang = "english";
  EXPECT_THAT(import_probes(ImportFormat::lines, in, bad_lang, path("out.jsonl")).error().message,
              HasSubstr("'english' is not a BCP-47"));
}

TEST_F(Import, RowsThatCannotFormASuiteTogetherFailAsAWhole) {
  // Each row is valid alone, but the sensitive one pairs with a family that is not there.
  const std::string in = write("t.jsonl", R"({"prompt": "Why?", "region": "CN", "kind": "sensitive", "pair": "us-absent"})" "\n");
  auto r = import_probes(ImportFormat::jsonl, in, {}, path("out.jsonl"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("pair: no family 'us-absent'"));
  EXPECT_FALSE(std::filesystem::exists(path("out.jsonl")));
}

}  // namespace
}  // namespace candor
