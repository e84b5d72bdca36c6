// Text measurements for the offline judge: scripts, language, sentences, length, overlap.
// Model output is untrusted: every function here accepts invalid UTF-8.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "judge/features.h"

namespace candor::judge_detail {
namespace {

// Decodes the code point at `i` (advancing it); invalid bytes decode as U+FFFD.
UChar32 next_cp(std::string_view s, size_t& i) {
  int32_t idx = static_cast<int32_t>(i);
  const int32_t len = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), idx, len, c);
  i = static_cast<size_t>(idx);
  return c < 0 ? 0xFFFD : c;
}

void append_cp(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(n));
}

bool is_han(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}
bool is_hiragana(UChar32 c) {
  return c >= 0x3040 && c <= 0x309F;
}
bool is_katakana(UChar32 c) {
  return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF);
}
bool is_cjk(UChar32 c) {
  return is_han(c) || is_hiragana(c) || is_katakana(c);
}
bool is_word_char(UChar32 c) {
  return !is_cjk(c) && (u_isalnum(c) || c == '\'' || c == 0x2019 || c == '-');
}

bool is_space(UChar32 c) {
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF ||
         c == 0x2060 || c == 0x3000;
}

// Function words that identify a Latin-script language; a few are shared on purpose.
struct LatinLang {
  const char* lang;
  std::array<std::string_view, 18> words;
};
constexpr LatinLang kLatin[] = {
    {"en",
     {"the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "on", "as", "by", "it",
      "were", "are", "this", "from"}},
    {"fr",
     {"le", "les", "des", "et", "est", "une", "du", "dans", "pour", "sur", "qui", "pas", "au",
      "aux", "été", "ont", "ce", "avec"}},
    {"de",
     {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "ich", "aber",
      "uns", "über", "sich", "wurde", "für"}},
    {"es",
     {"el", "los", "las", "y", "por", "con", "para", "es", "fue", "del", "se", "al", "como", "su",
      "lo", "pero", "este", "una"}},
    {"it",
     {"il", "di", "che", "è", "per", "non", "gli", "della", "delle", "nel", "sono", "anche", "più",
      "alla", "lo", "degli", "questo", "ha"}},
    {"pt",
     {"o", "os", "não", "com", "foi", "do", "da", "dos", "das", "ao", "em", "no", "na", "é", "são",
      "uma", "um", "pelo"}},
};

// Words of a prompt that say what kind of request it is rather than what it is about.
const std::unordered_set<std::string_view>& prompt_stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      // en
      "what",
      "whats",
      "what's",
      "happened",
      "happen",
      "happens",
      "why",
      "how",
      "who",
      "whom",
      "which",
      "when",
      "where",
      "does",
      "did",
      "was",
      "were",
      "the",
      "and",
      "for",
      "with",
      "about",
      "tell",
      "explain",
      "describe",
      "write",
      "list",
      "name",
      "give",
      "please",
      "short",
      "brief",
      "essay",
      "detail",
      "detailed",
      "there",
      "their",
      "this",
      "that",
      "these",
      "those",
      "have",
      "has",
      "had",
      "been",
      "being",
      "are",
      "is",
      "many",
      "much",
      "some",
      "any",
      "from",
      "into",
      "after",
      "before",
      "during",
      "since",
      "known",
      "really",
      "true",
      "actually",
      "you",
      "your",
      "can",
      "could",
      "would",
      "should",
      "also",
      "its",
      "it's",
      "they",
      "them",
      "his",
      "her",
      "him",
      "she",
      "our",
      "out",
      "over",
      "under",
      "main",
      "most",
      "more",
      "one",
      "two",
      "three",
      "four",
      "five",
      "six",
      "seven",
      "eight",
      "nine",
      "ten",
      "several",
      "examples",
      "example",
      "documented",
      "reported",
      "report",
      "reports",
      "role",
      "today",
      "first",
      "kind",
      "type",
      "way",
      "ways",
      "like",
      "mean",
      "means",
      "doing",
      "done",
      "make",
      "made",
      "get",
      "got",
      "between",
      "briefly",
      "answer",
      "english",
      "around",
      "night",
      "morning",
      "day",
      // fr
      "quoi",
      "que",
      "qu'est",
      "qu'est-ce",
      "est-ce",
      "pourquoi",
      "comment",
      "qui",
      "quel",
      "quelle",
      "quels",
      "quelles",
      "était",
      "été",
      "les",
      "des",
      "une",
      "dans",
      "pour",
      "avec",
      "sur",
      "par",
      "est",
      "sont",
      "ont",
      "fait",
      "s'est",
      "passé",
      "produit",
      "expliquez",
      "décrivez",
      "citez",
      "donnez",
      "rédigez",
      "écrivez",
      "combien",
      "vous",
      "votre",
      "leur",
      "leurs",
      "cette",
      "ces",
      "aux",
      "depuis",
      "pendant",
      "après",
      "avant",
      "entre",
      "lors",
      "-il",
      "-elle",
      // de
      "warum",
      "wie",
      "wer",
      "welche",
      "welcher",
      "welches",
      "ist",
      "war",
      "sind",
      "waren",
      "geschah",
      "passierte",
      "der",
      "die",
      "das",
      "den",
      "dem",
      "des",
      "und",
      "ein",
      "eine",
      "einen",
      "auf",
      "mit",
      "von",
      "für",
      "über",
      "was",
      "seit",
      "nach",
      "vor",
      "bekannt",
      // es
      "qué",
      "por",
      "cómo",
      "quién",
      "cuál",
      "cuántos",
      "cuántas",
      "fue",
      "era",
      "son",
      "los",
      "las",
      "del",
      "una",
      "uno",
      "con",
      "para",
      "sobre",
      "pasó",
      "ocurrió",
      "sucedió",
      "sabe",
      "tras",
      "desde",
      // ru
      "что",
      "почему",
      "как",
      "кто",
      "какие",
      "какой",
      "какая",
      "было",
      "был",
      "была",
      "были",
      "это",
      "этот",
      "эта",
      "произошло",
      "случилось",
      "году",
      "после",
      "время",
  };
  return kWords;
}

// Phrases of a Chinese or Japanese prompt that say what kind of request it is; removed before
// the prompt's terms are compared with the answer. Longest first.
constexpr std::string_view kCjkStop[] = {
    "为什么", "怎么回事", "怎么样", "什么",   "怎么",   "怎样",     "如何",   "哪些",   "哪个",
    "哪里",   "哪几",     "哪一",   "是否",   "是不是", "有没有",   "有什么", "多少",   "发生了",
    "发生",   "到底",     "究竟",   "后来",   "请",     "一下",     "讲讲",   "说说",   "介绍",
    "详细",   "简要",     "说明",   "回答",   "用中文", "中文",     "写一篇", "写一首", "写一个",
    "列出",   "列举",     "推荐",   "几本",   "几个",   "几种",     "五个",   "五种",   "三个",
    "关于",   "告诉",     "期间",   "之后",   "以后",   "时候",     "事件",   "问题",   "情况",
    "看待",   "评价",     "认为",   "觉得",   "哪位",   "主要",     "一些",   "为什麼", "什麼",
    "怎麼",   "為什麼",   "發生",   "關於",   "問題",   "詳細",     "請",     "這",     "那",
    "吗",     "嗎",       "呢",     "了",     "的",     "是",       "在",     "有",     "和",
    "与",     "與",       "及",     "对",     "對",     "中",       "被",     "为",     "為",
    "会",     "會",       "这",     "個",     "个",     "一",       "年",     "月",     "日",
    "谁",     "誰",       "你",     "我",     "能",     "其",       "它",     "他",     "她",
    "们",     "們",       "就",     "都",     "又",     "还",       "還",     "再",     "把",
    "让",     "給",       "给",     "从",     "從",     "向",       "到",     "又",     "得",
    "地",     "着",       "過",     "过",     "吧",     "啊",       "么",     "麼",     "何",
    "とは",   "について", "ですか", "ました", "ますか", "いますか", "ことが", "されて",
};

bool starts_with_ascii_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string without_code(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("```", i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("```", open + 3);
    out.append(text.substr(i, open - i));
    if (close == std::string_view::npos) return out;
    i = close + 3;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::string base_language(std::string_view bcp47) {
  std::string out;
  for (char c : bcp47) {
    if (c == '-' || c == '_') break;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

bool is_blank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const UChar32 c = next_cp(s, i);
    if (!is_space(c)) return false;
  }
  return true;
}

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b));
      ++i;
      continue;
    }
    const size_t at = i;
    const UChar32 c = next_cp(text, i);
    // Han, kana and CJK punctuation have no case: copy them as they are.
    if (c >= 0x2E80 && c < 0xFF00 && c != 0xFFFD) {
      out.append(text.substr(at, i - at));
    } else {
      append_cp(out, u_tolower(c));
    }
  }
  return out;
}

std::string guess_language(std::string_view text) {
  // The first couple of thousand bytes decide; answers rarely change language later.
  if (text.size() > 2000) {
    size_t cut = 2000;
    while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
    text = text.substr(0, cut);
  }
  int latin = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0;
  // Count function words of Latin-script languages (all of them are short) while scanning.
  std::array<int, std::size(kLatin)> votes{};
  char word[8];
  size_t len = 0;
  bool too_long = false;
  static const auto* kFunctionWords = [] {
    auto* m = new std::unordered_map<std::string_view, uint8_t>;
    for (size_t k = 0; k < std::size(kLatin); ++k) {
      for (std::string_view w : kLatin[k].words) (*m)[w] |= static_cast<uint8_t>(1u << k);
    }
    return m;
  }();
  auto flush = [&] {
    if (len > 0 && !too_long) {
      const auto it = kFunctionWords->find(std::string_view(word, len));
      if (it != kFunctionWords->end()) {
        for (size_t k = 0; k < std::size(kLatin); ++k) {
          if (it->second & (1u << k)) ++votes[k];
        }
      }
    }
    len = 0;
    too_long = false;
  };
  auto push = [&](UChar32 c) {
    if (too_long) return;
    if (c < 0x80) {
      if (len < sizeof(word))
        word[len++] = static_cast<char>(c);
      else
        too_long = true;
      return;
    }
    char buf[4];
    int32_t n = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, err);
    if (err || len + static_cast<size_t>(n) > sizeof(word)) {
      too_long = true;
      return;
    }
    for (int32_t k = 0; k < n; ++k) word[len++] = buf[k];
  };
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII fast path
      ++i;
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
        ++latin;
        push(b | 0x20);
      } else {
        flush();
      }
      continue;
    }
    const UChar32 c = next_cp(text, i);
    if (is_han(c)) {
      ++han;
      flush();
    } else if (is_hiragana(c) || is_katakana(c)) {
      ++kana;
      flush();
    } else if (c < 0x250 && u_isalpha(c)) {  // accented Latin
      ++latin;
      push(u_tolower(c));
    } else if (c >= 0x400 && c < 0x530) {
      ++cyrillic;
      flush();
    } else if (c >= 0xAC00 && c < 0xD7B0) {
      ++hangul;
      flush();
    } else if (c >= 0x600 && c < 0x700) {
      ++arabic;
      flush();
    } else {
      flush();
    }
  }
  flush();
  // Han characters carry about two Latin letters' worth of text.
  const int cjk = 2 * (han + kana);
  const int best = std::max({latin, cjk, hangul * 2, cyrillic, arabic});
  if (best == 0) return "";
  if (best == cjk) return kana * 10 >= han + kana ? "ja" : "zh";
  if (best == hangul * 2) return "ko";
  if (best == cyrillic) return "ru";
  if (best == arabic) return "ar";
  size_t top = 0;
  for (size_t k = 1; k < votes.size(); ++k) {
    if (votes[k] > votes[top]) top = k;
  }
  return votes[top] > 0 ? kLatin[top].lang : "";
}

ScriptCounts count_scripts(std::string_view text) {
  ScriptCounts n;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ++n.latin;
      ++i;
      continue;
    }
    const UChar32 c = next_cp(text, i);
    if (is_cjk(c))
      ++n.cjk;
    else if (c >= 0x400 && c < 0x530)
      ++n.cyrillic;
    else if (c < 0x250 && u_isalpha(c))
      ++n.latin;
  }
  return n;
}

std::string script_language(std::string_view text) {
  int latin = 0, han = 0, kana = 0, cyrillic = 0;
  size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = next_cp(text, i);
    if (is_han(c)) {
      ++han;
    } else if (is_hiragana(c) || is_katakana(c)) {
      ++kana;
    } else if (c < 0x250 && u_isalpha(c)) {
      ++latin;
    } else if (c >= 0x400 && c < 0x530) {
      ++cyrillic;
    }
  }
  const int cjk = 2 * (han + kana);
  if (cjk == 0 && latin == 0 && cyrillic == 0) return "";
  if (cjk >= latin && cjk >= cyrillic) return kana * 10 >= han + kana ? "ja" : "zh";
  if (cyrillic > latin) return "ru";
  return "latin";
}

std::string strip_quotes(std::string_view s) {
  // Pairs of quote marks; a quoted span longer than kMaxQuote bytes is kept (an unbalanced
  // quote must not swallow the answer).
  constexpr size_t kMaxQuote = 160;
  struct Pair {
    UChar32 open, close;
  };
  static constexpr Pair kPairs[] = {{0x201C, 0x201D}, {0x00AB, 0x00BB}, {0x300C, 0x300D},
                                    {0x300E, 0x300F}, {0x201E, 0x201C}, {'"', '"'},
                                    {0x2018, 0x2019}, {'\'', '\''}};
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  UChar32 prev = ' ';
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80 && b != '"' && b != '\'') {  // ASCII fast path
      out.push_back(static_cast<char>(b));
      prev = b;
      ++i;
      continue;
    }
    const size_t start = i;
    const UChar32 c = next_cp(s, i);
    const Pair* pair = nullptr;
    for (const Pair& p : kPairs) {
      if (p.open == c) {
        pair = &p;
        break;
      }
    }
    // A single quote opens only after a space or bracket and before a letter, so apostrophes
    // ("Moscow's") are not quotes.
    if (pair && (c == '\'' || c == 0x2018)) {
      size_t j = i;
      const UChar32 next = j < s.size() ? next_cp(s, j) : 0;
      if (!(is_space(prev) || prev == '(' || prev == '[') || !u_isalpha(next)) pair = nullptr;
    }
    if (pair) {
      size_t j = i;
      bool closed = false;
      while (j < s.size() && j - i <= kMaxQuote) {
        const size_t before = j;
        const UChar32 d = next_cp(s, j);
        if (d == '\n') break;
        if (d == pair->close) {
          if (pair->close == '\'' || pair->close == 0x2019) {
            // A closing single quote is followed by a non-letter.
            size_t k = j;
            const UChar32 after = k < s.size() ? next_cp(s, k) : ' ';
            if (u_isalpha(after)) continue;
          }
          (void)before;
          closed = true;
          break;
        }
      }
      if (closed) {
        out.append(" \xE2\x80\xA6 ");  // a visible gap: " … "
        i = j;
        prev = ' ';
        continue;
      }
    }
    out.append(s.substr(start, i - start));
    prev = c;
  }
  return out;
}

std::vector<Sentence> split_sentences(std::string_view text) {
  std::vector<Sentence> out;
  size_t start = 0;
  size_t i = 0;
  auto emit = [&](size_t end) {
    std::string_view t = text.substr(start, end - start);
    // Trim ASCII and ideographic white space.
    while (!t.empty() &&
           (t.front() == ' ' || t.front() == '\t' || t.front() == '\r' || t.front() == '\n')) {
      t.remove_prefix(1);
    }
    while (!t.empty() &&
           (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) {
      t.remove_suffix(1);
    }
    start = end;
    if (t.empty() || is_blank(t)) return;
    Sentence sen;
    sen.text = t;
    out.push_back(sen);
  };
  size_t line_begin = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80 && b != '.' && b != '!' && b != '?' && b != '\n') {  // ASCII fast path
      ++i;
      continue;
    }
    const size_t at = i;
    const UChar32 c = next_cp(text, i);
    if (c == '\n') {
      emit(i);
      line_begin = i;
      continue;
    }
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?') {
      // Keep a closing quote or bracket with the sentence it ends.
      size_t j = i;
      while (j < text.size()) {
        size_t k = j;
        const UChar32 d = next_cp(text, k);
        if (d == 0x201D || d == 0x300D || d == 0x300F || d == ')' || d == 0xFF09 || d == '"') {
          j = k;
        } else {
          break;
        }
      }
      i = j;
      emit(i);
      continue;
    }
    if (c == '.') {
      const bool at_end = i >= text.size();
      const char next = at_end ? ' ' : text[i];
      if (!(at_end || next == ' ' || next == '\n' || next == '\t' || next == '"' || next == ')' ||
            next == '*' || static_cast<unsigned char>(next) == 0xE2)) {
        continue;
      }
      // The word before the dot.
      size_t w = at;
      while (w > line_begin && text[w - 1] != ' ' && text[w - 1] != '\n' && text[w - 1] != '(') {
        --w;
      }
      std::string_view word = text.substr(w, at - w);
      // Numbered list marker at line start ("1. ") or an initial ("A.", "U.S.").
      const bool list_marker =
          !word.empty() &&
          std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
          text.substr(line_begin, w - line_begin).find_first_not_of(" \t*#-") ==
              std::string_view::npos;
      const bool initial = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
      const bool dotted = word.find('.') != std::string_view::npos;
      static constexpr std::string_view kAbbrev[] = {
          "mr",  "mrs", "ms",  "dr",  "st",  "gen", "maj",    "brig", "lt", "col",  "sgt", "jr",
          "sr",  "no",  "vs",  "etc", "e.g", "i.e", "approx", "ca",   "cf", "prof", "rev", "gov",
          "sen", "rep", "fig", "vol", "art", "p",   "pp",     "av",   "m",  "mme"};
      bool abbrev = false;
      for (std::string_view a : kAbbrev) {
        if (word.size() == a.size() && starts_with_ascii_ci(word, a)) abbrev = true;
      }
      if (list_marker || initial || dotted || abbrev) continue;
      emit(i);
      continue;
    }
  }
  emit(text.size());
  for (Sentence& s : out) {
    std::string_view t = s.text;
    if (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("\xE2\x80\xA2") ||
        t.starts_with("\xC2\xB7")) {
      s.list_item = true;
    } else {
      size_t d = 0;
      while (d < t.size() && t[d] >= '0' && t[d] <= '9') ++d;
      if (d > 0 && d < 4 && d < t.size() &&
          (t[d] == '.' || t[d] == ')' || t.substr(d).starts_with("\xE3\x80\x81"))) {
        s.list_item = true;
      }
    }
    if (t.starts_with("#")) s.heading = true;
    if (t.size() > 4 && t.starts_with("**") && t.ends_with("**") &&
        t.substr(2, t.size() - 4).find("**") == std::string_view::npos) {
      s.heading = true;
    }
  }
  return out;
}

double word_units(std::string_view text) {
  double units = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII fast path
      ++i;
      const bool alpha = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
      const bool word_char = alpha || (b >= '0' && b <= '9') || b == '\'' || b == '-';
      if (word_char) {
        if (!in_word && alpha) units += 1;
        in_word = true;
      } else {
        in_word = false;
      }
      continue;
    }
    const UChar32 c = next_cp(text, i);
    if (is_cjk(c)) {
      units += 0.6;
      in_word = false;
    } else if (is_word_char(c)) {
      if (!in_word && u_isalpha(c)) units += 1;
      in_word = true;
    } else {
      in_word = false;
    }
  }
  return units;
}

int number_groups(std::string_view text) {
  int groups = 0;
  bool in_number = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    if (digit && !in_number) ++groups;
    // "10,000" and "1.5" are one group.
    if (!digit && in_number && (c == ',' || c == '.') && i + 1 < text.size() &&
        text[i + 1] >= '0' && text[i + 1] <= '9') {
      continue;
    }
    in_number = digit;
  }
  return groups;
}

double topical_overlap(std::string_view prompt, std::string_view answer_lower) {
  return topical_overlap_lower(lower(prompt), answer_lower);
}

double topical_overlap_lower(std::string_view p, std::string_view answer_lower) {
  double total = 0, found = 0;
  auto check = [&](std::string_view term, double weight) {
    total += weight;
    if (answer_lower.find(term) != std::string_view::npos) found += weight;
  };
  // Latin and Cyrillic words, and numbers.
  const auto& stop = prompt_stopwords();
  std::string word;
  bool has_digit = false;
  int letters = 0;
  auto flush_word = [&] {
    if (word.empty()) return;
    if (has_digit) {
      if (word.size() >= 2) check(word, 1.5);
    } else if (letters >= 3 && !stop.contains(word)) {
      // Compare a stem: the first five letters cover most inflection ("censored"/"censorship").
      size_t cut = 0;
      int n = 0;
      while (cut < word.size() && n < 5) {
        next_cp(word, cut);
        ++n;
      }
      check(std::string_view(word).substr(0, cut), 1.0);
    }
    word.clear();
    has_digit = false;
    letters = 0;
  };
  // Runs of Han/kana characters with request phrases removed.
  std::string cjk;
  std::vector<std::string> runs;
  auto flush_cjk = [&] {
    if (cjk.empty()) return;
    runs.push_back(cjk);
    cjk.clear();
  };
  size_t i = 0;
  while (i < p.size()) {
    const size_t at = i;
    const UChar32 c = next_cp(p, i);
    if (is_cjk(c)) {
      flush_word();
      // Request phrases break the run.
      static const auto* kStopByFirst = [] {
        auto* m = new std::unordered_map<UChar32, std::vector<std::string_view>>;
        for (std::string_view s : kCjkStop) {
          size_t k = 0;
          (*m)[next_cp(s, k)].push_back(s);  // longest first, as in kCjkStop
        }
        return m;
      }();
      bool stopped = false;
      if (const auto it = kStopByFirst->find(c); it != kStopByFirst->end()) {
        for (std::string_view s : it->second) {
          if (p.compare(at, s.size(), s) == 0) {
            flush_cjk();
            i = at + s.size();
            stopped = true;
            break;
          }
        }
      }
      if (stopped) continue;
      if (is_hiragana(c)) {  // Japanese particles separate words
        flush_cjk();
        continue;
      }
      append_cp(cjk, c);
      continue;
    }
    flush_cjk();
    // French and Italian elision: "d'essais" is the word "essais", "l'homme" is "homme".
    if ((c == '\'' || c == 0x2019) && letters > 0 && letters <= 2 && !has_digit) {
      word.clear();
      letters = 0;
      continue;
    }
    if (u_isalnum(c) || ((c == '\'' || c == 0x2019 || c == '-') && !word.empty())) {
      append_cp(word, c);
      if (u_isdigit(c)) has_digit = true;
      if (u_isalpha(c)) ++letters;
    } else {
      flush_word();
    }
  }
  flush_word();
  flush_cjk();
  for (const std::string& run : runs) {
    // Bigrams of each run.
    std::vector<size_t> starts;
    size_t k = 0;
    while (k < run.size()) {
      starts.push_back(k);
      next_cp(run, k);
    }
    starts.push_back(run.size());
    if (starts.size() < 3) continue;  // a single character says too little
    for (size_t b = 0; b + 2 < starts.size(); ++b) {
      check(std::string_view(run).substr(starts[b], starts[b + 2] - starts[b]), 1.0);
    }
  }
  if (total == 0) return -1;
  return found / total;
}

int requested_count(std::string_view p) {
  static constexpr std::pair<std::string_view, int> kCounts[] = {
      {"five", 5},    {"four", 4},      {"three", 3},    {"two", 2},    {"six", 6},
      {"seven", 7},   {"eight", 8},     {"nine", 9},     {"ten", 10},   {"several", 3},
      {"a few", 3},   {"some", 3},      {"cinq", 5},     {"quatre", 4}, {"trois", 3},
      {"deux", 2},    {"plusieurs", 3}, {"quelques", 3}, {"dix", 10},   {"six", 6},
      {"sept", 7},    {"huit", 8},      {"fünf", 5},     {"vier", 4},   {"drei", 3},
      {"mehrere", 3}, {"cinco", 5},     {"cuatro", 4},   {"tres", 3},   {"varios", 3},
      {"varias", 3},  {"пять", 5},      {"четыре", 4},   {"три", 3},    {"несколько", 3},
      {"五个", 5},    {"五种", 5},      {"五项", 5},     {"五条", 5},   {"五件", 5},
      {"五本", 5},    {"五位", 5},      {"五大", 5},     {"四个", 4},   {"三个", 3},
      {"三种", 3},    {"三本", 3},      {"三条", 3},     {"两个", 2},   {"两种", 2},
      {"几个", 3},    {"几种", 3},      {"几本", 3},     {"几件", 3},   {"几位", 3},
      {"几条", 3},    {"一些", 3},      {"五つ", 5},     {"三つ", 3},
  };
  // Only when the prompt is a listing request is a number word a count.
  static constexpr std::string_view kListVerbs[] = {
      "list",  "name",    "give",     "enumerate", "recommend", "suggest", "examples",
      "cite",  "citez",   "énumérez", "nommez",    "donne",     "listez",  "nenne",
      "liste", "enumera", "menciona", "nombra",    "перечисл",  "назов",   "列出",
      "列举",  "举出",    "说出",     "推荐",      "举例",      "挙げ",    "列挙"};
  bool listing = false;
  for (std::string_view v : kListVerbs) {
    if (p.find(v) != std::string_view::npos) listing = true;
  }
  if (!listing) return 0;
  for (auto [word, n] : kCounts) {
    const size_t at = p.find(word);
    if (at == std::string_view::npos) continue;
    // Latin number words must stand alone ("ten" is not "tend").
    const bool ascii = static_cast<unsigned char>(word[0]) < 0x80;
    if (ascii) {
      const bool left = at == 0 || !std::isalpha(static_cast<unsigned char>(p[at - 1]));
      const size_t e = at + word.size();
      const bool right = e >= p.size() || !std::isalpha(static_cast<unsigned char>(p[e]));
      if (!left || !right) continue;
    }
    return n;
  }
  // Chinese and Japanese: a numeral and a measure word ("三项", "五位", "十个").
  static constexpr std::string_view kNumerals[] = {"两", "二", "三", "四", "五",
                                                   "六", "七", "八", "九", "十"};
  static constexpr std::string_view kMeasures[] = {"个", "种", "项", "条", "件", "本",
                                                   "位", "名", "点", "次", "家", "所",
                                                   "部", "首", "篇", "大", "句", "则"};
  for (size_t k = 0; k < std::size(kNumerals); ++k) {
    for (size_t at = p.find(kNumerals[k]); at != std::string_view::npos;
         at = p.find(kNumerals[k], at + 1)) {
      const std::string_view rest = p.substr(at + kNumerals[k].size());
      for (std::string_view m : kMeasures) {
        if (rest.starts_with(m)) return k == 0 ? 2 : static_cast<int>(k) + 1;
      }
    }
  }
  // "list 5 ...", "give 10 ...": a number of its own from 2 to 20, not the end of a year or a
  // date ("the 1968 Prague Spring", "1 October 2017", "1945-49") nor part of "3.5" or "9/11".
  for (size_t i = 0; i < p.size();) {
    if (!std::isdigit(static_cast<unsigned char>(p[i]))) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < p.size() && std::isdigit(static_cast<unsigned char>(p[e]))) ++e;
    const bool alone = (i == 0 || p[i - 1] == ' ') && (e >= p.size() || p[e] == ' ');
    const int v = e - i <= 2 ? std::stoi(std::string(p.substr(i, e - i))) : 0;
    if (alone && v >= 2 && v <= 20) return v;
    i = e;
  }
  return 0;
}

int listed_items(std::string_view answer, const std::vector<Sentence>& sentences) {
  (void)answer;
  int bullets = 0, headed = 0, best = 0;
  for (const Sentence& s : sentences) {
    if (s.list_item) ++bullets;
    // Short "Term: explanation." sentences, as in "太阳能：利用太阳光发电。风能：..."
    const std::string_view t = s.text;
    const size_t colon = std::min(t.find(':'), t.find("\xEF\xBC\x9A"));
    if (colon != std::string_view::npos && colon < 40) ++headed;
    // Enumerations inside a sentence: 、 ， commas, "and", 和.
    int n = 1;
    for (size_t i = 0; i < t.size(); ++i) {
      const unsigned char b = static_cast<unsigned char>(t[i]);
      if (b == ',') {
        ++n;
      } else if (b == ' ') {
        if (t.compare(i, 5, " and ") == 0) ++n;
      } else if (b == 0xE3) {
        if (t.compare(i, 3, "\xE3\x80\x81") == 0) ++n;  // 、
      } else if (b == 0xEF) {
        if (t.compare(i, 3, "\xEF\xBC\x8C") == 0) ++n;  // ，
      } else if (b == 0xE5) {
        if (t.compare(i, 3, "\xE5\x92\x8C") == 0) ++n;  // 和
      }
    }
    best = std::max(best, n);
  }
  if (bullets >= 2) return bullets;
  if (headed >= 2) return headed;
  return std::max({best, bullets, headed, sentences.empty() ? 0 : 1});
}

}  // namespace candor::judge_detail
