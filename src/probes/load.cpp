// Loading and validating suite files: each line is checked on its own (UTF-8, JSON, fields),
// then the suite as a whole (duplicate ids and prompts, families, pairs, languages).
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "base/text.h"
#include "probes/internal.h"
#include "probes/probes.h"

namespace candor {
namespace probes_internal {
namespace {

using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kFields[] = {"id",    "family", "topic", "region",    "kind", "lang",
                                   "style", "prompt", "facts", "narrative", "pair", "note"};

// One problem, positioned so that problems can be listed in file order.
struct Problem {
  size_t text = 0;  // index into the inputs
  size_t line = 0;  // 0 for a problem with a file as a whole
  size_t seq = 0;   // discovery order, to keep sorting stable
  std::string message;
};

// A parsed probe and where it came from.
struct Located {
  Probe probe;
  size_t text = 0, line = 0;
};

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Problems found in a single line. Each is "file:line: field: problem".
class LineChecker {
 public:
  LineChecker(std::string_view file, size_t line, std::vector<std::string>& out)
      : file_(file), line_(line), out_(out) {}

  void fail(std::string_view field, const std::string& problem) {
    out_.push_back(fmt::format("{}:{}: {}: {}", file_, line_, field, problem));
  }
  size_t count() const { return out_.size(); }

  // A string field; nullopt when absent (reported if required) or not a string.
  // `label` names the field in messages (facts[2].id); it defaults to `key`.
  std::optional<std::string> string_field(const ojson& obj, const std::string& key,
                                          bool required, const std::string& label = {}) {
    const std::string& name = label.empty() ? key : label;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(name, "missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      fail(name, fmt::format("expected a string, got {}", it->type_name()));
      return std::nullopt;
    }
    std::string v = it->get<std::string>();
    if (required && trim(v).empty()) {
      fail(name, "empty");
      return std::nullopt;
    }
    return v;
  }

  std::vector<Fact> facts(const ojson& v) {
    std::vector<Fact> out;
    std::set<std::string> ids;
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string at = fmt::format("facts[{}]", i);
      const ojson& f = v[i];
      if (!f.is_object()) {
        fail(at, fmt::format("expected an object {{\"id\", \"forms\"}}, got {}", f.type_name()));
        continue;
      }
      for (const auto& [key, value] : f.items()) {
        if (key != "id" && key != "forms") fail(at + "." + key, "unknown field");
      }
      Fact fact;
      if (auto id = string_field(f, "id", true, at + ".id")) fact.id = *id;
      auto forms = f.find("forms");
      if (forms == f.end()) {
        fail(at + ".forms", "missing");
      } else if (!forms->is_array()) {
        fail(at + ".forms", fmt::format("expected an array of strings, got {}", forms->type_name()));
      } else if (forms->empty()) {
        fail(at + ".forms", "empty (a fact needs at least one form)");
      } else {
        for (size_t k = 0; k < forms->size(); ++k) {
          const ojson& form = (*forms)[k];
          const std::string fat = fmt::format("{}.forms[{}]", at, k);
          if (!form.is_string()) fail(fat, fmt::format("expected a string, got {}", form.type_name()));
          else if (trim(form.get<std::string>()).empty()) fail(fat, "empty");
          else fact.forms.push_back(form.get<std::string>());
        }
      }
      if (!fact.id.empty() && !ids.insert(fact.id).second) {
        fail(at + ".id", fmt::format("duplicate fact id '{}'", fact.id));
      }
      out.push_back(std::move(fact));
    }
    return out;
  }

 private:
  std::string_view file_;
  size_t line_;
  std::vector<std::string>& out_;
};

// The JSON parser's complaint without its prefix and without the text it last read (which may be
// long or hold control characters).
std::string json_reason(const std::string& what) {
  std::string r = what;
  if (auto pos = r.find("parse error at "); pos != std::string::npos) r = r.substr(pos + 15);
  if (r.rfind("line 1, ", 0) == 0) r = r.substr(8);  // the JSON text is one line
  if (auto pos = r.find("; last read"); pos != std::string::npos) r = r.substr(0, pos);
  if (r.size() > 160) r = r.substr(0, 160) + "...";
  return terminal_safe(r);
}

// The top-level field holding the first invalid UTF-8 byte of `line`, or "" when unknown.
std::string field_with_bad_utf8(std::string_view line) {
  const std::string repaired = sanitize_utf8(line);
  ojson j = ojson::parse(repaired, nullptr, false);
  if (!j.is_object()) return {};
  for (const auto& [key, value] : j.items()) {
    const std::string dumped = ojson(key).dump() + value.dump();
    if (dumped.find("\xEF\xBF\xBD") != std::string::npos && key.find("\xEF\xBF\xBD") == std::string::npos) {
      return key;
    }
  }
  return {};
}

// Parses one non-blank line into `out`; returns false (with problems reported) when the line is
// not a valid probe on its own, leaving in out.family the family it names, if any.
bool parse_line(std::string_view file, size_t line_no, std::string_view line, Probe& out,
                std::vector<std::string>& problems) {
  LineChecker check(file, line_no, problems);
  if (const size_t bad = invalid_utf8_offset(line); bad != std::string_view::npos) {
    const std::string field = field_with_bad_utf8(line);
    if (field.empty()) {
      problems.push_back(fmt::format("{}:{}: invalid UTF-8 at byte {} of the line", file,
                                     line_no, bad + 1));
    } else {
      check.fail(field, fmt::format("invalid UTF-8 (byte {} of the line)", bad + 1));
    }
    return false;
  }
  std::vector<std::string> duplicate_keys;
  ojson j;
  try {
    j = ojson::parse(line, [&](int depth, ojson::parse_event_t event, ojson& parsed) {
      if (event == ojson::parse_event_t::key && depth == 1) {
        duplicate_keys.push_back(parsed.get<std::string>());
      }
      return true;
    });
  } catch (const ojson::exception& e) {
    // parse_error for bad syntax, out_of_range for numbers too large to store (1e999).
    problems.push_back(fmt::format("{}:{}: invalid JSON: {}", file, line_no, json_reason(e.what())));
    return false;
  }
  const size_t before = check.count();
  {
    std::set<std::string> seen;
    for (const auto& key : duplicate_keys) {
      if (!seen.insert(key).second) check.fail(key, "appears twice in the object");
    }
  }
  if (!j.is_object()) {
    problems.push_back(fmt::format("{}:{}: expected a JSON object, got {}", file, line_no,
                                   j.type_name()));
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      check.fail(terminal_safe(key), "unknown field (see docs/probes.md)");
    }
  }

  Probe p;
  auto id = check.string_field(j, "id", true);
  auto family = check.string_field(j, "family", true);
  auto topic = check.string_field(j, "topic", true);
  auto region = check.string_field(j, "region", true);
  auto kind_text = check.string_field(j, "kind", true);
  auto lang = check.string_field(j, "lang", true);
  auto style = check.string_field(j, "style", true);
  auto prompt = check.string_field(j, "prompt", true);
  auto pair = check.string_field(j, "pair", false);
  auto note = check.string_field(j, "note", false);

  std::optional<ProbeKind> kind;
  if (kind_text) {
    kind = parse_kind(*kind_text);
    if (!kind) {
      check.fail("kind", fmt::format("unknown value '{}' (expected sensitive, control or neutral)",
                                     terminal_safe(*kind_text)));
    }
  }
  if (style && !is_style(*style)) {
    check.fail("style", fmt::format(
                            "unknown value '{}' (expected factual, explain, opinion, list or essay)",
                            terminal_safe(*style)));
  }
  bool region_ok = false;
  if (region) {
    if (!is_region(*region)) {
      check.fail("region", fmt::format("'{}' is not an upper-case ISO 3166-1 alpha-2 code or 'none'",
                                       terminal_safe(*region)));
    } else if (kind && *kind == ProbeKind::neutral && *region != "none") {
      check.fail("region", fmt::format("a neutral probe has region 'none', not '{}'", *region));
    } else if (kind && *kind != ProbeKind::neutral && *region == "none") {
      check.fail("region", fmt::format("a {} probe names a government, not 'none'",
                                       to_string(*kind)));
    } else {
      region_ok = true;
    }
  }
  if (lang && !is_lang_tag(*lang)) {
    check.fail("lang", fmt::format("'{}' is not a BCP-47 language tag (en, zh-Hans, fr ...)",
                                   terminal_safe(*lang)));
  }
  if (family && region_ok) {
    if (auto why = family_problem(*family, *region); !why.empty()) {
      check.fail("family", fmt::format("'{}': {}", terminal_safe(*family), why));
    }
  }
  if (id && family && lang && *id != *family + "." + *lang) {
    check.fail("id", fmt::format("'{}' is not FAMILY.LANG (expected '{}.{}')", terminal_safe(*id),
                                 terminal_safe(*family), terminal_safe(*lang)));
  }
  if (topic && !is_slug(*topic)) {
    check.fail("topic", fmt::format("'{}': use lower-case ASCII letters, digits and '-'",
                                    terminal_safe(*topic)));
  }
  const bool has_pair = j.contains("pair");
  if (kind && *kind == ProbeKind::sensitive) {
    if (!has_pair) check.fail("pair", "missing (a sensitive probe names its matched control family)");
    else if (pair && trim(*pair).empty()) check.fail("pair", "empty (a sensitive probe names its matched control family)");
  } else if (kind && has_pair) {
    check.fail("pair", fmt::format("only sensitive probes have a pair (this one is {})",
                                   to_string(*kind)));
  }

  if (auto facts = j.find("facts"); facts == j.end()) {
    check.fail("facts", "missing (use [] when there is none)");
  } else if (!facts->is_array()) {
    check.fail("facts", fmt::format("expected an array, got {}", facts->type_name()));
  } else {
    p.facts = check.facts(*facts);
  }
  if (auto narrative = j.find("narrative"); narrative == j.end()) {
    check.fail("narrative", "missing (use [] when there is none)");
  } else if (!narrative->is_array()) {
    check.fail("narrative", fmt::format("expected an array of strings, got {}",
                                        narrative->type_name()));
  } else {
    for (size_t i = 0; i < narrative->size(); ++i) {
      const ojson& s = (*narrative)[i];
      const std::string at = fmt::format("narrative[{}]", i);
      if (!s.is_string()) check.fail(at, fmt::format("expected a string, got {}", s.type_name()));
      else if (trim(s.get<std::string>()).empty()) check.fail(at, "empty");
      else p.narrative.push_back(s.get<std::string>());
    }
  }
  if (check.count() != before) {
    if (family) out.family = *family;
    return false;
  }

  p.id = *id;
  p.family = *family;
  p.topic = *topic;
  p.region = *region;
  p.kind = *kind;
  p.lang = *lang;
  p.style = *style;
  p.prompt = *prompt;
  if (pair) p.pair = *pair;
  if (note) p.note = *note;
  p.source = fmt::format("{}:{}", file, line_no);
  out = std::move(p);
  return true;
}

std::string fact_ids(const Probe& p) {
  std::set<std::string> ids;
  for (const Fact& f : p.facts) ids.insert(f.id);
  return fmt::format("{{{}}}", join(ids));
}

// Suite-wide rules over the probes that parsed. Families with a line that did not parse
// (`broken`) are not checked for languages or as pairs: their problem is already reported.
void check_suite(std::vector<Located>& probes, const std::set<std::string>& broken,
                 std::vector<Problem>& problems, size_t& seq) {
  auto report = [&](const Located& at, std::string_view field, const std::string& problem) {
    problems.push_back({at.text, at.line, seq++,
                        fmt::format("{}: {}: {}", at.probe.source, field, problem)});
  };

  // Duplicate ids (the later probe is dropped) and prompts.
  {
    std::unordered_map<std::string, size_t> ids, prompts;
    std::vector<Located> kept;
    for (auto& l : probes) {
      auto [it, fresh] = ids.emplace(l.probe.id, kept.size());
      if (!fresh) {
        report(l, "id", fmt::format("duplicate '{}' (first at {})", l.probe.id,
                                    kept[it->second].probe.source));
        continue;
      }
      auto [pt, fresh_prompt] = prompts.emplace(std::string(trim(l.probe.prompt)), kept.size());
      if (!fresh_prompt) {
        report(l, "prompt", fmt::format("the same prompt as {}", kept[pt->second].probe.source));
      }
      kept.push_back(std::move(l));
    }
    probes = std::move(kept);
  }

  // Families: the first probe of a family is its reference.
  std::map<std::string, const Located*> first;
  std::map<std::string, std::set<std::string>> langs;
  for (const auto& l : probes) {
    const Probe& p = l.probe;
    langs[p.family].insert(p.lang);
    auto [it, fresh] = first.emplace(p.family, &l);
    if (fresh) continue;
    const Probe& r = it->second->probe;
    auto differ = [&](std::string_view field, const std::string& mine, const std::string& theirs) {
      if (mine == theirs) return;
      report(l, field, fmt::format("'{}' differs from '{}' at {} (family {})", mine, theirs,
                                   r.source, p.family));
    };
    differ("topic", p.topic, r.topic);
    differ("region", p.region, r.region);
    differ("kind", to_string(p.kind), to_string(r.kind));
    differ("style", p.style, r.style);
    differ("pair", p.pair, r.pair);
    if (fact_ids(p) != fact_ids(r)) {
      report(l, "facts", fmt::format("ids {} differ from {} at {} (family {})", fact_ids(p),
                                     fact_ids(r), r.source, p.family));
    }
  }

  // Pairs: a sensitive family names a control family of another government, which is asked in
  // every language the sensitive family is.
  for (const auto& [family, ref] : first) {
    const Probe& p = ref->probe;
    if (p.kind != ProbeKind::sensitive || broken.count(family) || broken.count(p.pair)) continue;
    auto control = first.find(p.pair);
    if (control == first.end()) {
      report(*ref, "pair", fmt::format("no family '{}' in the suite", terminal_safe(p.pair)));
      continue;
    }
    const Probe& c = control->second->probe;
    if (c.kind != ProbeKind::control) {
      report(*ref, "pair", fmt::format("'{}' is a {} family, not a control", c.family,
                                       to_string(c.kind)));
    } else if (c.region == p.region) {
      report(*ref, "pair", fmt::format("'{}' is about {} too; a control is about another government",
                                       c.family, c.region));
    } else {
      std::set<std::string> missing;
      for (const auto& lang : langs[family]) {
        if (!langs[c.family].count(lang)) missing.insert(lang);
      }
      if (!missing.empty()) {
        report(*ref, "pair", fmt::format("control '{}' has no probe in {}", c.family, join(missing)));
      }
    }
  }

  // Siblings: the families of a topic are asked in the same languages.
  std::map<std::string, std::vector<std::string>> by_topic;
  for (const auto& [family, ref] : first) by_topic[ref->probe.topic].push_back(family);
  for (const auto& [topic, families] : by_topic) {
    for (const auto& family : families) {
      if (broken.count(family)) continue;
      for (const auto& sibling : families) {
        if (broken.count(sibling)) continue;
        std::set<std::string> missing;
        for (const auto& lang : langs[sibling]) {
          if (!langs[family].count(lang)) missing.insert(lang);
        }
        if (missing.empty()) continue;
        report(*first[family], "lang",
               fmt::format("family '{}' has no probe in {}, which '{}' of the same topic '{}' has",
                           family, join(missing), sibling, topic));
        break;
      }
    }
  }
}

}  // namespace

CheckedSuite check_suite_texts(const std::vector<SuiteText>& texts) {
  std::vector<Problem> problems;
  std::vector<Located> probes;
  std::set<std::string> broken;  // families with a line that did not parse
  size_t seq = 0;
  for (size_t t = 0; t < texts.size(); ++t) {
    std::string_view rest = texts[t].text;
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // a byte-order mark
    for (size_t line_no = 1; !rest.empty(); ++line_no) {
      const size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::string_view content = trim(line);
      if (content.empty() || content.front() == '#') continue;
      std::vector<std::string> line_problems;
      Probe p;
      if (parse_line(texts[t].name, line_no, line, p, line_problems)) {
        probes.push_back({std::move(p), t, line_no});
      } else if (!p.family.empty()) {
        broken.insert(p.family);
      }
      for (auto& m : line_problems) problems.push_back({t, line_no, seq++, std::move(m)});
    }
  }
  check_suite(probes, broken, problems, seq);
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.text, a.line, a.seq) < std::tie(b.text, b.line, b.seq);
  });
  CheckedSuite out;
  for (auto& l : probes) out.probes.push_back(std::move(l.probe));
  for (auto& p : problems) out.errors.push_back(std::move(p.message));
  return out;
}

}  // namespace probes_internal

namespace {

using probes_internal::SuiteText;
namespace fs = std::filesystem;

// The suite's text: bundled files first, then each path (a directory's *.jsonl sorted by name).
// Files are read into `storage`; problems reading them go to `errors`.
std::vector<SuiteText> gather(const SuiteOptions& options, std::vector<std::string>& storage,
                              std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const auto& path : options.paths) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(fmt::format("{}: no such file or directory", path));
    } else if (fs::is_directory(status)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".jsonl" && !fs::is_directory(entry.status())) {
          found.push_back(entry.path().string());
        }
      }
      if (ec) errors.push_back(fmt::format("{}: cannot list: {}", path, ec.message()));
      else if (found.empty()) errors.push_back(fmt::format("{}: no *.jsonl file in this directory", path));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  storage.reserve(files.size());
  std::vector<SuiteText> texts;
  if (options.bundled) {
    for (const auto& f : probes_internal::bundled_files()) {
      texts.push_back({std::string("data/probes/") + f.name,
                       std::string_view(f.begin, static_cast<size_t>(f.end - f.begin))});
    }
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      errors.push_back(fmt::format("{}: cannot read: {}", file, std::strerror(errno)));
      continue;
    }
    std::string content;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (!ec) content.reserve(size);
    content.assign(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) {
      errors.push_back(fmt::format("{}: read error", file));
      continue;
    }
    storage.push_back(std::move(content));
    texts.push_back({file, storage.back()});
  }
  return texts;
}

struct Loaded {
  std::vector<Probe> probes;
  std::vector<std::string> errors;
};

Loaded load(const SuiteOptions& options) {
  Loaded out;
  std::vector<std::string> storage;
  const auto texts = gather(options, storage, out.errors);
  auto checked = probes_internal::check_suite_texts(texts);
  out.probes = std::move(checked.probes);
  out.errors.insert(out.errors.end(), checked.errors.begin(), checked.errors.end());
  if (out.errors.empty() && out.probes.empty()) {
    out.errors.push_back(options.paths.empty() ? "no probes: the suite is empty"
                                               : fmt::format("no probes in {}", fmt::join(options.paths, ", ")));
  }
  return out;
}

}  // namespace

Result<Suite> load_suites(const SuiteOptions& options) {
  if (!options.bundled && options.paths.empty()) {
    return Error{"no probes: without the bundled suite, name a suite file or directory"};
  }
  Loaded l = load(options);
  if (!l.errors.empty()) {
    std::string message = l.errors.front();
    if (l.errors.size() > 1) message += fmt::format(" (and {} more errors)", l.errors.size() - 1);
    return Error{std::move(message)};
  }
  return Suite(std::move(l.probes));
}

Result<Suite> load_suite(const std::vector<std::string>& paths) {
  return load_suites(SuiteOptions{paths, false});
}

Result<Suite> load_bundled_suite() { return load_suites(SuiteOptions{{}, true}); }

std::vector<std::string> suite_errors(const SuiteOptions& options, size_t max_errors) {
  if (!options.bundled && options.paths.empty()) {
    return {"no probes: without the bundled suite, name a suite file or directory"};
  }
  std::vector<std::string> errors = load(options).errors;
  if (errors.size() > max_errors) {
    const size_t more = errors.size() - max_errors;
    errors.resize(max_errors);
    errors.push_back(fmt::format("... and {} more errors", more));
  }
  return errors;
}

}  // namespace candor
