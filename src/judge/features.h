// What the offline judge measures in one answer before it decides: cue strengths by position,
// length and structure against what was asked, topical overlap, language, reasoning signals and
// fact recall. Internal to the judge; exposed for its tests and for tuning.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "judge/judge.h"
#include "judge/patterns.h"

namespace candor::judge_detail {

// The main language of a text, from its scripts and (for Latin script) function words:
// "en", "fr", "de", "es", "it", "pt", "zh", "ja", "ko", "ru", "ar", or "" when unknown.
std::string guess_language(std::string_view text);
// Letters of each script in a text.
struct ScriptCounts {
  int latin = 0, cjk = 0, cyrillic = 0;
};
ScriptCounts count_scripts(std::string_view text);
// The script a text is mostly written in: "zh", "ja", "ru", "latin", or "".
std::string script_language(std::string_view text);
// `text` without fenced code blocks (```...```), whose keywords say nothing of its language.
std::string without_code(std::string_view text);
// "zh-Hant" -> "zh", "en-GB" -> "en", "" -> "".
std::string base_language(std::string_view bcp47);
// True when `s` holds no visible character (Unicode white space, including U+3000 and
// zero-width characters, counts as blank).
bool is_blank(std::string_view s);
// `s` with quoted spans (“...”, "...", «...», 「...」, '...') removed, so quoted official phrases
// do not count as the answer's own words.
std::string strip_quotes(std::string_view s);

struct Sentence {
  std::string_view text;   // the original text of the sentence
  bool list_item = false;  // starts a bullet or numbered line
  bool heading = false;    // markdown heading or a bold line on its own
};
// Splits into sentences at . ! ? 。！？ and line breaks, keeping list markers, decimals and
// common abbreviations inside their sentence.
std::vector<Sentence> split_sentences(std::string_view text);

// Word-equivalent length: Latin/Cyrillic words, plus 0.6 per Han or kana character.
double word_units(std::string_view text);
// Number of digit groups ("1989", "10,000" counts once).
int number_groups(std::string_view text);
// Lower case (Unicode simple case mapping); invalid UTF-8 is replaced.
std::string lower(std::string_view text);
// Fraction (0..1) of the prompt's salient terms that the answer contains; -1 when the prompt
// has no salient term. `answer_lower` must come from lower().
double topical_overlap(std::string_view prompt, std::string_view answer_lower);
// The same with the prompt already lowered.
double topical_overlap_lower(std::string_view prompt_lower, std::string_view answer_lower);
// The number of items a prompt asks for ("list five" -> 5, "几种" -> 3), or 0.
int requested_count(std::string_view prompt_lower);
// Number of items an answer lists: bullet or numbered lines, else enumerations in its longest
// sentence.
int listed_items(std::string_view answer, const std::vector<Sentence>& sentences);

using CueVector = std::array<float, kCueCount>;

struct Features {
  // Answer.
  bool blank = true;
  int sentences = 0;
  double units = 0;              // word-equivalents of the whole answer
  double substantive_units = 0;  // in sentences that are neither refusal, redirect nor generic
  double generic_units = 0;
  double refusal_units = 0;
  int numbers = 0;     // digit groups
  int quantities = 0;  // numbers that are not years, digits or words ("four", "三百")
  int items = 0;
  int years_asked = 0;              // years named in the prompt
  int years_missing = 0;            // ... that the answer does not name
  CueVector all{};                  // distinct cue weights over the answer
  CueVector opening{};              // the first sentence (two, when the first is a greeting)
  CueVector rest{};                 // after the opening
  double narrative_plain = 0;       // narrative cues in sentences that do not attribute them
  double narrative_attributed = 0;  // narrative cues in sentences that report a claim
  double overlap = -1;
  std::string answer_lang, prompt_lang;
  bool language_mismatch = false;
  // Prompt.
  CueVector asked{};
  int requested_items = 0;
  std::string style;  // given or inferred: factual, explain, opinion, list, essay
  // Reasoning.
  int reasoning_state = 0;  // Reasoning as int: 0 none, 1 empty, 2 present
  CueVector reasoning{};
  double reasoning_units = 0;
  int reasoning_numbers = 0;
  // Probe.
  int facts_found = 0, facts_total = 0;
  double probe_narrative = 0;
  std::vector<std::string> found_facts, missed_facts, narrative_hits;
  // The patterns that fired, for reasons: (cue, language, matched text).
  struct Hit {
    Cue cue;
    bool opening;
    std::string lang;
    std::string text;
  };
  std::vector<Hit> hits;
};

// The layered rules: a verdict, a confidence and the reasons, from the measurements.
Judgement decide(const Features& f);

// The measurements as one JSON object (for tuning and tests).
std::string features_json(const Features& f);

}  // namespace candor::judge_detail
