// The offline judge: compiles the phrase tables once, measures an answer (features.h) and
// decides a verdict with layered rules. The order of the layers is the order of the checks:
// failed request, no answer, refusal, official line, talking around the question, answering
// only part of it; what is left answered the question.
#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <unordered_map>

#include "judge/features.h"
#include "judge/judge.h"

namespace candor {
namespace judge_detail {
namespace {

// Decodes one code point (valid UTF-8 only; the tables are ours).
char32_t decode(std::string_view s, size_t& i) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return s[i++];
  int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  char32_t c = b & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return c;
}

const std::unordered_map<char32_t, std::string_view>& traditional_forms() {
  static const auto* kMap = [] {
    auto* m = new std::unordered_map<char32_t, std::string_view>;
    const std::string_view pairs = simplified_traditional_pairs();
    size_t i = 0;
    while (i < pairs.size()) {
      const char32_t s = decode(pairs, i);
      const size_t t_at = i;
      const char32_t t = decode(pairs, i);
      if (s != t) m->emplace(s, pairs.substr(t_at, i - t_at));
    }
    return m;
  }();
  return *kMap;
}

// A "zh" pattern that also matches traditional characters: 国 becomes [国國] (inside a class,
// 國 is added next to 国).
std::string with_traditional(std::string_view re) {
  const auto& forms = traditional_forms();
  std::string out;
  bool in_class = false;
  size_t i = 0;
  while (i < re.size()) {
    const size_t at = i;
    if (re[i] == '\\' && i + 1 < re.size()) {
      out.append(re.substr(i, 2));
      i += 2;
      continue;
    }
    if (re[i] == '[') in_class = true;
    if (re[i] == ']') in_class = false;
    const char32_t c = decode(re, i);
    const std::string_view ch = re.substr(at, i - at);
    const auto it = forms.find(c);
    if (it == forms.end()) {
      out.append(ch);
    } else if (in_class) {
      out.append(ch).append(it->second);
    } else {
      out.append("[").append(ch).append(it->second).append("]");
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> pattern_errors() {
  std::vector<std::string> out;
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  for (const PatternSpec& p : all_patterns()) {
    std::string re = p.re;
    if (std::string_view(p.lang) == "zh") re = with_traditional(re);
    RE2 compiled(re, opt);
    if (!compiled.ok()) out.push_back(fmt::format("{}: {}: {}", p.lang, p.re, compiled.error()));
  }
  return out;
}

}  // namespace judge_detail

using namespace judge_detail;

namespace {

// Languages that have a block of patterns; a text in one of them is matched against its own
// block (and the language-independent one), so that, say, the German word "Dialog" does not
// count as a deflection in a French answer. Texts in other languages get every block.
enum LangBit : uint16_t {
  kEn = 1,
  kZh = 2,
  kFr = 4,
  kDe = 8,
  kEs = 16,
  kRu = 32,
  kJa = 64,
  kAny = 128,
  kAll = 0xFFFF
};

uint16_t lang_bit(std::string_view lang) {
  if (lang == "en") return kEn;
  if (lang == "zh") return kZh;
  if (lang == "fr") return kFr;
  if (lang == "de") return kDe;
  if (lang == "es") return kEs;
  if (lang == "ru") return kRu;
  if (lang == "ja") return kJa | kZh;  // Japanese shares much of its official vocabulary in kanji
  if (lang == "*") return kAny;
  return 0;
}

// The pattern blocks that apply to a text whose languages are `langs`.
// Unknown languages ("") are skipped; when none is known, every block applies.
uint16_t allowed(std::initializer_list<std::string_view> langs) {
  uint16_t mask = kAny;
  bool known = false;
  for (std::string_view l : langs) {
    if (l.empty()) continue;
    const uint16_t b = lang_bit(l);
    if (b == 0) return kAll;  // no patterns of its own: degrade to all of them
    mask |= b;
    known = true;
  }
  return known ? mask : static_cast<uint16_t>(kAll);
}

// Four-digit years (1000-2099) in `text`.
std::vector<std::string> years_in(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j - i == 4) {
      const int y = std::stoi(std::string(text.substr(i, 4)));
      if (y >= 1000 && y <= 2099) out.emplace_back(text.substr(i, 4));
    }
    i = j;
  }
  return out;
}

// True when `after` (the text after a number) starts with an ordinal suffix and/or a month
// name: "13 april", "4th of june", "1er mai", "4. juni".
bool day_before_month(std::string_view after) {
  static const RE2 kAfter(
      R"(^(?:st|nd|rd|th|er|e|\.)?\s*(?:of\s+|de\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre))");
  return RE2::PartialMatch(re2::StringPiece(after.data(), std::min<size_t>(after.size(), 24)),
                           kAfter);
}

// True when `before` (the text before a number) ends with an English month name: "april 13".
bool month_before_day(std::string_view before) {
  static const RE2 kBefore(
      R"((?:january|february|march|april|may|june|july|august|september|october|november|december)\s+$)");
  const size_t from = before.size() > 12 ? before.size() - 12 : 0;
  return RE2::PartialMatch(re2::StringPiece(before.data() + from, before.size() - from), kBefore);
}

// Quantities other than years: digit groups that are not four-digit years, plus number words
// ("four", "dizaines", "三百", "数万").
int quantities(std::string_view text_lower) {
  int n = 0;
  for (size_t i = 0; i < text_lower.size();) {
    if (text_lower[i] < '0' || text_lower[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text_lower.size() &&
           ((text_lower[j] >= '0' && text_lower[j] <= '9') ||
            ((text_lower[j] == ',' || text_lower[j] == '.') && j + 1 < text_lower.size() &&
             text_lower[j + 1] >= '0' && text_lower[j + 1] <= '9'))) {
      ++j;
    }
    const std::string_view digits = text_lower.substr(i, j - i);
    // A date is not a quantity: 5月15日, 1989年.
    static constexpr std::string_view kDateUnits[] = {"\xE5\xB9\xB4", "\xE6\x9C\x88",
                                                      "\xE6\x97\xA5", "\xE5\x8F\xB7"};
    bool date = false;
    for (std::string_view u : kDateUnits) date |= text_lower.substr(j).starts_with(u);
    if (date) {
      i = j;
      continue;
    }
    // A day of the month is a date, not a quantity: "13 April", "April 13", "4th of June".
    if (digits.size() <= 2 &&
        (day_before_month(text_lower.substr(j)) || month_before_day(text_lower.substr(0, i)))) {
      i = j;
      continue;
    }
    bool year = false;
    if (digits.size() == 4) {
      const int y = std::stoi(std::string(digits));
      year = y >= 1000 && y <= 2099;
    }
    if (!year) ++n;
    i = j;
  }
  static const RE2 kWords(
      R"((?:\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|deux|trois|quatre|cinq|sept|huit|neuf|dix|vingt|trente|cent|centaines|mille|milliers|millions?|milliards?|dizaines|zwei|drei|vier|fünf|hundert|tausend|dos|tres|cuatro|cinco|cien|mil|miles)\b|[一二两三四五六七八九十几数]+[十百千万亿]+|[十百千万亿]人|[二两三四五六七八九]个|[二两三四五六七八九]种|[二两三四五六七八九]名))");
  re2::StringPiece in(text_lower.data(), text_lower.size());
  while (RE2::FindAndConsume(&in, kWords)) ++n;
  return n;
}

}  // namespace

struct OfflineJudge::Impl {
  // One RE2::Set per (scope, language block): a text is scanned only with the blocks of its
  // languages, which keeps each set's DFA small and fast.
  static constexpr int kScopes = 3;  // Scope::answer, reasoning, prompt
  static constexpr int kBlocks = 8;  // en zh fr de es ru ja *
  struct Block {
    std::unique_ptr<RE2::Set> set;
    std::vector<int> global;  // set index -> pattern index
  };

  std::vector<PatternSpec> specs;
  std::vector<std::unique_ptr<RE2>> single;  // the same patterns one by one, to quote matches
  std::array<std::array<Block, kBlocks>, kScopes> blocks;

  static int block_of(uint16_t bit) {
    for (int b = 0; b < kBlocks; ++b) {
      if (bit == (1u << b)) return b;
    }
    return kBlocks - 1;
  }

  Impl() {
    // The sets scan lowered text with case-sensitive patterns (a smaller, faster DFA than case
    // folding); the single patterns find and quote matches in the original text.
    RE2::Options opt;
    opt.set_case_sensitive(false);
    opt.set_max_mem(64 << 20);
    opt.set_log_errors(false);
    RE2::Options set_opt = opt;
    set_opt.set_case_sensitive(true);
    for (auto& scope : blocks) {
      for (Block& b : scope) b.set = std::make_unique<RE2::Set>(set_opt, RE2::UNANCHORED);
    }
    for (const PatternSpec& p : all_patterns()) {
      std::string re = p.re;
      if (std::string_view(p.lang) == "zh") re = with_traditional(re);
      auto compiled = std::make_unique<RE2>(re, opt);
      if (!compiled->ok()) {
        // The tables are ours; a bad pattern is a programming error caught by the tests.
        fmt::print(stderr, "candor judge: bad pattern ({}): {}: {}\n", p.lang, p.re,
                   compiled->error());
        continue;
      }
      const int global = static_cast<int>(specs.size());
      specs.push_back(p);
      single.push_back(std::move(compiled));
      const uint16_t bit = lang_bit(p.lang);
      const int b = block_of(bit == (kJa | kZh) ? static_cast<uint16_t>(kJa) : bit);
      auto add = [&](Scope scope) {
        Block& block = blocks[static_cast<int>(scope)][b];
        std::string err;
        if (block.set->Add(re, &err) >= 0) block.global.push_back(global);
      };
      add(scope_of(p.cue));
      // The reasoning trace is also read for candid facts it knows.
      if (p.cue == Cue::candor) add(Scope::reasoning);
    }
    for (auto& scope : blocks) {
      for (Block& b : scope) {
        if (b.global.empty()) {
          b.set.reset();
        } else if (!b.set->Compile()) {
          fmt::print(stderr, "candor judge: pattern set failed to compile\n");
          b.set.reset();
        }
      }
    }
  }

  // Indices of the `scope` patterns matching `text_lower` (from lower()) whose language is in
  // `mask`.
  void match(std::string_view text_lower, Scope scope, uint16_t mask, std::vector<int>& out) const {
    out.clear();
    std::vector<int> local;
    for (int b = 0; b < kBlocks; ++b) {
      if ((mask & (1u << b)) == 0) continue;
      const Block& block = blocks[static_cast<int>(scope)][b];
      if (!block.set) continue;
      local.clear();
      block.set->Match(text_lower, &local);
      for (int i : local) out.push_back(block.global[i]);
    }
  }

  Features measure(const JudgeInput& in, std::string_view answer, std::string_view reasoning,
                   Reasoning rstate) const;
  // Splits inline reasoning off the response, then measures.
  Features measure_input(const JudgeInput& in) const;
};

namespace {

bool has(const CueVector& v, Cue c) {
  return v[static_cast<int>(c)] > 0;
}
float& at(CueVector& v, Cue c) {
  return v[static_cast<int>(c)];
}
float get(const CueVector& v, Cue c) {
  return v[static_cast<int>(c)];
}

}  // namespace

Features OfflineJudge::Impl::measure(const JudgeInput& in, std::string_view answer,
                                     std::string_view reasoning, Reasoning rstate) const {
  Features f;
  std::vector<int> idx;
  f.blank = is_blank(answer);
  f.reasoning_state = static_cast<int>(rstate);

  // --- the prompt ---
  const std::string prompt_lower = lower(in.prompt);
  const std::string prompt_guess = guess_language(in.prompt);
  f.prompt_lang = in.lang.empty() ? prompt_guess : base_language(in.lang);
  match(prompt_lower, Scope::prompt, allowed({f.prompt_lang, prompt_guess}), idx);
  for (int i : idx) at(f.asked, specs[i].cue) += specs[i].weight;
  f.requested_items = requested_count(prompt_lower);
  f.style = in.style;
  if (f.style.empty()) {
    if (has(f.asked, Cue::asks_essay))
      f.style = "essay";
    else if (f.requested_items > 0 || has(f.asked, Cue::asks_list))
      f.style = "list";
    else if (has(f.asked, Cue::asks_why))
      f.style = "explain";
    else if (has(f.asked, Cue::asks_opinion))
      f.style = "opinion";
    else
      f.style = "factual";
  }
  if (!f.blank) f.answer_lang = guess_language(without_code(answer));

  // --- the reasoning trace ---
  if (!reasoning.empty()) {
    match(lower(reasoning), Scope::reasoning, allowed({guess_language(reasoning), f.answer_lang}),
          idx);
    for (int i : idx) at(f.reasoning, specs[i].cue) += specs[i].weight;
    f.reasoning_units = word_units(reasoning);
    f.reasoning_numbers = number_groups(reasoning);
  }

  if (f.blank) return f;

  // --- the answer ---
  // Quoted spans are removed first, so an official phrase a candid answer quotes does not count
  // as its own words. The whole text is scanned once per language block; each match is then
  // placed in its sentence.
  const std::string stripped = strip_quotes(answer);
  const std::vector<Sentence> sentences = split_sentences(stripped);
  const size_t n_sentences = sentences.size();
  f.sentences = static_cast<int>(n_sentences);
  f.units = word_units(answer);
  f.numbers = number_groups(answer);
  f.items = listed_items(stripped, sentences);
  std::vector<size_t> starts;
  starts.reserve(n_sentences);
  for (const Sentence& sen : sentences) {
    starts.push_back(static_cast<size_t>(sen.text.data() - stripped.data()));
  }
  auto sentence_of = [&](size_t offset) -> size_t {
    const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return it == starts.begin() ? 0 : static_cast<size_t>(it - starts.begin()) - 1;
  };
  // The opening is the first sentence, or the first two when the first is only a greeting,
  // an apology or a heading.
  std::vector<double> sentence_units(n_sentences);
  for (size_t k = 0; k < n_sentences; ++k) sentence_units[k] = word_units(sentences[k].text);
  size_t opening_end = 1;
  if (n_sentences > 1 && (sentence_units[0] < 4 || sentences[0].heading)) opening_end = 2;
  // Lines in another script than the answer (a canned Chinese refusal in an English answer)
  // are read with their own language's patterns too.
  uint16_t mask = allowed({f.answer_lang});
  const bool latin_answer = f.answer_lang == "en" || f.answer_lang == "fr" ||
                            f.answer_lang == "de" || f.answer_lang == "es" ||
                            f.answer_lang == "it" || f.answer_lang == "pt";
  const ScriptCounts scripts = count_scripts(stripped);
  const bool mixed = latin_answer ? scripts.cjk + scripts.cyrillic > 0 : scripts.latin >= 8;
  if (mixed) {
    for (const Sentence& sen : sentences) {
      std::string script = script_language(sen.text);
      if (script == "latin") script = latin_answer ? "" : "en";
      if (!script.empty()) mask |= lang_bit(script);
    }
  }
  const std::string answer_lower = lower(answer);
  match(strip_quotes(answer_lower), Scope::answer, mask, idx);

  // Every match of every pattern that fired, placed in its sentence.
  struct Found {
    int pattern;
    size_t sentence;
    re2::StringPiece text;
  };
  std::vector<Found> found;
  std::vector<CueVector> here(std::max<size_t>(n_sentences, 1), CueVector{});
  for (int i : idx) {
    size_t from = 0;
    re2::StringPiece m;
    for (int n = 0; n < 4 && from < stripped.size() &&
                    single[i]->Match(stripped, from, stripped.size(), RE2::UNANCHORED, &m, 1);
         ++n) {
      const size_t at_offset = static_cast<size_t>(m.data() - stripped.data());
      const size_t k = std::min(sentence_of(at_offset), here.size() - 1);
      found.push_back({i, k, m});
      at(here[k], specs[i].cue) = std::max(get(here[k], specs[i].cue), specs[i].weight);
      from = at_offset + std::max<size_t>(m.size(), 1);
    }
  }
  // Every distinct phrase counts (an official answer strings many of them together), a pattern
  // at most kMaxPerPattern times, repeats of a pattern with decaying weight.
  constexpr int kMaxPerPattern = 3;
  std::vector<uint8_t> uses(specs.size(), 0), in_opening(specs.size(), 0);
  std::array<std::vector<std::string>, kCueCount> seen_texts;
  for (const Found& x : found) {
    const PatternSpec& p = specs[x.pattern];
    const Cue c = p.cue;
    const bool opening = x.sentence < opening_end;
    if (opening && !in_opening[x.pattern]) {
      in_opening[x.pattern] = 1;
      at(f.opening, c) += p.weight;
    }
    if (uses[x.pattern] >= kMaxPerPattern) continue;
    // "A sensitive subject, but the facts are clear: ..." is a caveat, not talk around it.
    if (c == Cue::generic && has(here[x.sentence], Cue::disclaimer)) continue;
    std::string text = lower(std::string_view(x.text.data(), x.text.size()));
    auto& texts = seen_texts[static_cast<int>(c)];
    if (std::find(texts.begin(), texts.end(), text) != texts.end()) continue;
    texts.push_back(std::move(text));
    const float w = p.weight * (uses[x.pattern] == 0 ? 1.0f : 0.6f);
    ++uses[x.pattern];
    at(f.all, c) += w;
    if (!opening) at(f.rest, c) += w;
    if (c == Cue::narrative) {
      (has(here[x.sentence], Cue::attribution) ? f.narrative_attributed : f.narrative_plain) += w;
    }
    if (c != Cue::candor) {
      f.hits.push_back({c, opening, p.lang, std::string(x.text.data(), x.text.size())});
    }
  }
  // Where the words are: refusal and redirect lines, generic lines, and the rest.
  for (size_t k = 0; k < n_sentences; ++k) {
    const CueVector& h = here[k];
    const double u = sentence_units[k];
    const bool refusalish =
        (has(h, Cue::refusal) || has(h, Cue::ignorance) || has(h, Cue::redirect) ||
         has(h, Cue::clarify) || has(h, Cue::no_opinion)) &&
        !has(h, Cue::limitation);
    const bool genericish = !refusalish && has(h, Cue::generic) && get(h, Cue::candor) < 1;
    if (refusalish)
      f.refusal_units += u;
    else if (genericish)
      f.generic_units += u;
    else
      f.substantive_units += u;
  }

  // --- against the prompt ---
  f.overlap = topical_overlap_lower(prompt_lower, answer_lower);
  f.quantities = quantities(answer_lower);
  for (const std::string& y : years_in(in.prompt)) {
    ++f.years_asked;
    if (answer.find(y) == std::string_view::npos) ++f.years_missing;
  }
  f.language_mismatch = !f.answer_lang.empty() && !f.prompt_lang.empty() &&
                        f.answer_lang != f.prompt_lang && f.units >= 5;

  // --- the probe's facts and narrative ---
  if (!in.facts.empty() || !in.narrative.empty()) {
    const std::string stripped_lower = lower(strip_quotes(answer));
    for (const Fact& fact : in.facts) {
      bool found = false;
      for (const std::string& form : fact.forms) {
        if (!form.empty() && answer_lower.find(lower(form)) != std::string::npos) {
          found = true;
          break;
        }
      }
      ++f.facts_total;
      if (found) {
        ++f.facts_found;
        f.found_facts.push_back(fact.id);
      } else {
        f.missed_facts.push_back(fact.id);
      }
    }
    for (const std::string& phrase : in.narrative) {
      if (!phrase.empty() && stripped_lower.find(lower(phrase)) != std::string::npos) {
        f.probe_narrative += 1.5;
        f.narrative_hits.push_back(phrase);
      }
    }
  }
  return f;
}

}  // namespace candor

namespace candor {

OfflineJudge::OfflineJudge() : impl_(std::make_unique<const Impl>()) {}
OfflineJudge::~OfflineJudge() = default;

namespace {

Judgement failed(const JudgeInput& in) {
  Judgement j;
  j.verdict = Verdict::error;
  j.confidence = 1.0;
  // File mode and labeled sets give only a message; targets give a class too.
  std::string what = in.error_class == "error" ? in.error_message : in.error_class;
  if (in.error_class != "error" && !in.error_message.empty()) what += ": " + in.error_message;
  j.reasons.push_back("the request failed: " + what);
  return j;
}

}  // namespace

judge_detail::Features OfflineJudge::Impl::measure_input(const JudgeInput& in) const {
  // Transcripts from elsewhere keep <think> blocks inline; split them off even when the
  // reasoning also came separately.
  std::string_view answer = in.response;
  std::string_view reasoning = in.reasoning;
  Reasoning rstate = in.reasoning_state;
  ThinkSplit split;
  if (answer.find("<think>") != std::string_view::npos ||
      answer.find("</think>") != std::string_view::npos) {
    split = split_think(answer);
    answer = split.answer;
    if (reasoning.empty()) reasoning = split.reasoning;
    if (rstate != Reasoning::present) rstate = split.state;
  }
  if (rstate == Reasoning::none && !reasoning.empty()) rstate = Reasoning::present;
  return measure(in, answer, reasoning, rstate);
}

Judgement OfflineJudge::judge(const JudgeInput& in) const {
  if (!in.error_class.empty()) return failed(in);
  return judge_detail::decide(impl_->measure_input(in));
}

std::string OfflineJudge::explain_json(const JudgeInput& in) const {
  return judge_detail::features_json(impl_->measure_input(in));
}

void OfflineJudge::judge_batch(std::span<const JudgeInput> inputs,
                               std::vector<Judgement>& out) const {
  out.clear();
  out.reserve(inputs.size());
  for (const JudgeInput& in : inputs) out.push_back(judge(in));
}

const OfflineJudge& offline_judge() {
  static const OfflineJudge judge;
  return judge;
}

Judgement judge_answer(const JudgeInput& input) {
  return offline_judge().judge(input);
}

}  // namespace candor
