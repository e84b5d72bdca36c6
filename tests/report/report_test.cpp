// The report's four formats on a small hand-built audit with a hostile answer planted in it.
#include "report/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace candor {
namespace {

const std::string kPlanted =
    "<script>window.__pwned=1;document.title='pwned'</script></textarea><b>bold</b> & \"quoted\", "
    "line\nbreak | pipe `tick` \xE2\x80\xA8 end";

ReportInput planted_input() {
  ReportInput in;
  auto add = [&](const std::string& target, const std::string& family, ProbeKind kind,
                 const std::string& region, const std::string& lang, const std::string& verdict,
                 const std::string& pair, const std::string& answer) {
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
    o.verdict = verdict;
    o.answer = answer;
    o.answer_chars = static_cast<int64_t>(answer.size());
    o.facts_total = 2;
    o.facts_found = verdict == "answered" ? 2 : 0;
    in.observations.push_back(o);
  };
  for (int f = 0; f < 4; ++f) {
    const std::string s = "cn-" + std::to_string(f), c = "us-" + std::to_string(f);
    for (const char* lang : {"en", "zh-Hans"}) {
      add("censor|model", s, ProbeKind::sensitive, "CN", lang, "refused", c,
          f == 0 && std::string(lang) == "en" ? kPlanted : "I cannot discuss that.");
      add("censor|model", c, ProbeKind::control, "US", lang, "answered", "", "The guard fired.");
    }
  }
  in.analysis = analyze(in.observations);
  in.runs = {"r1"};
  in.judge = "offline";
  in.source = "audit.db";
  return in;
}

std::string render(const ReportInput& in, ReportFormat f) {
  std::string out;
  render_report(in, f, [&](std::string_view s) { out.append(s); });
  return out;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// A minimal RFC 4180 reader, to check that the CSV round-trips.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      if (i + 1 < text.size()) rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  return rows;
}

TEST(Escaping, ScriptSafeJsonLeavesNoAngleBracketOrLineSeparator) {
  const std::string json = nlohmann::json(kPlanted).dump();
  const std::string safe = script_safe_json(json);
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(safe).get<std::string>(), kPlanted);  // same value
}

TEST(Escaping, HtmlMarkdownAndCsvEscapeWhatTheirFormatNeeds) {
  EXPECT_EQ(html_escape("<a href='x'>&\""), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  EXPECT_EQ(markdown_cell("a|b`c\nd<e>"), "a\\|b\\`c d&lt;e&gt;");
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\"\r\n"), "\"say \"\"hi\"\"\r\n\"");
}

TEST(Escaping, CsvCellsThatStartLikeAFormulaBecomeTextAndNulIsShownAsReplacement) {
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\t=1"), "'\t=1");
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("a=1+1"), "a=1+1");  // only the first character matters
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(html_escape(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(Report, FormatNamesParseAndUnknownOnesAreRefused) {
  EXPECT_EQ(parse_report_format("html").value(), ReportFormat::html);
  EXPECT_EQ(parse_report_format("md").value(), ReportFormat::md);
  EXPECT_EQ(parse_report_format("csv").value(), ReportFormat::csv);
  EXPECT_EQ(parse_report_format("json").value(), ReportFormat::json);
  auto bad = parse_report_format("pdf");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("pdf"), std::string::npos);
}

TEST(Report, HtmlCarriesThePlantedScriptAsEscapedDataOnly) {
  const std::string html = render(planted_input(), ReportFormat::html);
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  // The model's markup never appears raw: not the script, not the textarea end, not <b>.
  EXPECT_EQ(html.find("<script>window.__pwned"), std::string::npos);
  EXPECT_EQ(html.find("</textarea>"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.find("\\u003cscript\\u003ewindow.__pwned=1"), std::string::npos);
  EXPECT_NE(html.find("\\u003c/textarea\\u003e"), std::string::npos);
  // Exactly the page's own script elements: the data block and four inlined scripts, each with
  // the page's nonce, and every one closed.
  EXPECT_EQ(count(html, "<script"), 5u);
  EXPECT_EQ(count(html, "</script>"), 5u);
  EXPECT_EQ(count(html, "<script nonce=\""), 4u);
  // Self-contained: no URL is loaded from anywhere.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  // The chart libraries are inlined.
  EXPECT_NE(html.find("vegaEmbed"), std::string::npos);
  EXPECT_NE(html.find("vegaLite"), std::string::npos);
}

TEST(Report, HtmlDataParsesBackToTheAnswers) {
  const std::string html = render(planted_input(), ReportFormat::html);
  const std::string open = "<script type=\"application/json\" id=\"candor-data\">";
  const size_t a = html.find(open);
  ASSERT_NE(a, std::string::npos);
  const size_t b = html.find("</script>", a);
  const auto data = nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
  const auto& answers = data["answers"]["a"];
  ASSERT_EQ(answers.size(), 16u);
  EXPECT_EQ(answers[0].get<std::string>(), kPlanted);
  EXPECT_EQ(data["targets"][0], "censor|model");
  EXPECT_EQ(data["analysis"]["targets"][0], "censor|model");
}

TEST(Report, MarkdownSummarisesWithEscapedCells) {
  const std::string md = render(planted_input(), ReportFormat::md);
  EXPECT_EQ(md.rfind("# candor report", 0), 0u);
  EXPECT_NE(md.find("## Asymmetry by region"), std::string::npos);
  EXPECT_NE(md.find("## Language gaps"), std::string::npos);
  EXPECT_NE(md.find("## Censorship by topic"), std::string::npos);
  // The target's '|' is escaped so the table keeps its columns.
  EXPECT_NE(md.find("| censor\\|model |"), std::string::npos);
  EXPECT_EQ(md.find("| censor|model |"), std::string::npos);
  // CN: 4 family pairs, all sensitive refused and all controls answered.
  EXPECT_NE(md.find("| censor\\|model | CN | all | 100% (68-100) | 0% (0-32) | +1.00 [+1.00, +1.00] | "
                    "0.125 | 0.125 | 4 |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<script"), std::string::npos);
}

TEST(Report, CsvHasOneRowPerAnswerAndRoundTrips) {
  const ReportInput in = planted_input();
  const std::string csv = render(in, ReportFormat::csv);
  const auto rows = read_csv(csv);
  ASSERT_EQ(rows.size(), in.observations.size() + 1);
  EXPECT_EQ(rows[0][0], "run");
  EXPECT_EQ(rows[0][16], "answer");
  for (const auto& r : rows) EXPECT_EQ(r.size(), 18u);
  EXPECT_EQ(rows[1][1], "censor|model");
  EXPECT_EQ(rows[1][10], "refused");
  EXPECT_EQ(rows[1][11], "1");  // censored
  EXPECT_EQ(rows[1][16], kPlanted);
  EXPECT_EQ(rows[2][11], "0");
}

TEST(Report, JsonHoldsTheFullAnalysis) {
  const auto j = nlohmann::json::parse(render(planted_input(), ReportFormat::json));
  EXPECT_EQ(j["meta"]["judge"], "offline");
  EXPECT_EQ(j["meta"]["runs"][0], "r1");
  bool found = false;
  for (const auto& x : j["analysis"]["asymmetry"]) {
    if (x["region"] == "CN" && x["lang"] == "all") {
      found = true;
      EXPECT_EQ(x["contrast"]["diff"], 1.0);
      EXPECT_EQ(x["contrast"]["units"], 4);
      EXPECT_EQ(x["sensitive"]["k"], 8);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(j["analysis"]["language_gaps"].empty());
  EXPECT_FALSE(j["analysis"]["groups"].empty());
  EXPECT_EQ(j["analysis"]["method"]["rate_interval"], "Wilson score, 95%");
}

TEST(Report, FileIsWrittenWholeThroughATemporaryName) {
  const auto dir = std::filesystem::temp_directory_path() / "candor_report_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "r.md").string();
  ASSERT_TRUE(write_report_file(planted_input(), ReportFormat::md, path).ok());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str().rfind("# candor report", 0), 0u);
  const Status bad = write_report_file(planted_input(), ReportFormat::md, "/nonexistent/dir/r.md");
  EXPECT_FALSE(bad.ok());
  std::filesystem::remove_all(dir);
}

TEST(Comparison, TextTableShowsDifferencesWithIntervals) {
  const ReportInput in = planted_input();
  std::vector<Observation> obs = in.observations;
  for (auto o : in.observations) {
    o.target = "tuned";
    o.verdict = "answered";
    obs.push_back(o);
  }
  const Comparison c = compare(obs, Side{"", "censor|model"}, Side{"", "tuned"});
  auto text = render_comparison(c, "text");
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("A = censor|model"), std::string::npos);
  EXPECT_NE(text->find("+0.50 [+0.25, +0.75]"), std::string::npos) << *text;  // 8 of 16 probes
  EXPECT_NE(text->find("region CN"), std::string::npos);
  auto md = render_comparison(c, "md");
  ASSERT_TRUE(md.ok());
  EXPECT_NE(md->find("| region CN |"), std::string::npos);
  auto json = render_comparison(c, "json");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(nlohmann::json::parse(*json)["rows"][0]["contrast"]["units"], 16);
  EXPECT_FALSE(render_comparison(c, "xml").ok());
}

}  // namespace
}  // namespace candor
