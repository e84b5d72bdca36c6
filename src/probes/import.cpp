// Importing prompt lists from other tools (promptfoo's CSV test files, generic JSONL, plain
// lines) into suite files. Each input row becomes one probe; rows that cannot are reported.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/text.h"
#include "probes/internal.h"
#include "probes/probes.h"

namespace candor {
namespace {

using ojson = nlohmann::ordered_json;
using namespace probes_internal;

// Suite fields that an input column or field may fill directly.
constexpr const char* kStringFields[] = {"id",    "family", "topic", "region", "kind",
                                         "lang",  "style",  "pair",  "note"};

bool is_string_field(std::string_view name) {
  return std::find(std::begin(kStringFields), std::end(kStringFields), name) !=
         std::end(kStringFields);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// FNV-1a, 64 bits: a stable, platform-independent hash for generated family ids.
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// "Tiananmen 1989!" -> "tiananmen-1989".
std::string slugify(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// One input row, before it becomes a probe.
struct Row {
  size_t line = 0;
  std::string prompt;
  std::map<std::string, std::string> fields;  // suite string fields given by the row
  std::optional<ojson> facts, narrative;      // jsonl only
  std::vector<std::pair<std::string, std::string>> extra;  // kept in `note`
};

// The probe a row describes, or why it cannot be one.
Result<Probe> to_probe(const Row& row, const ImportOptions& options) {
  auto get = [&](const char* name) -> std::string {
    auto it = row.fields.find(name);
    return it == row.fields.end() ? std::string() : std::string(trim(it->second));
  };
  Probe p;
  p.prompt = std::string(trim(row.prompt));
  if (p.prompt.empty()) return Error{"empty prompt"};

  p.lang = get("lang").empty() ? options.lang : get("lang");
  if (!is_lang_tag(p.lang)) return Error{fmt::format("lang '{}' is not a BCP-47 tag", p.lang)};

  p.region = get("region").empty() ? "none" : get("region");
  if (lower(p.region) == "none") p.region = "none";
  else if (p.region.size() == 2) p.region = {static_cast<char>(std::toupper(p.region[0])),
                                             static_cast<char>(std::toupper(p.region[1]))};
  if (!is_region(p.region)) {
    return Error{fmt::format("region '{}' is not an ISO 3166-1 alpha-2 code or 'none'", p.region)};
  }

  const std::string kind = get("kind").empty() ? "neutral" : lower(get("kind"));
  auto parsed_kind = parse_kind(kind);
  if (!parsed_kind) {
    return Error{fmt::format("kind '{}' is not sensitive, control or neutral", kind)};
  }
  p.kind = *parsed_kind;
  if (p.kind == ProbeKind::neutral && p.region != "none") {
    return Error{fmt::format("region '{}' needs kind control or sensitive (neutral probes have "
                             "region none)", p.region)};
  }
  if (p.kind != ProbeKind::neutral && p.region == "none") {
    return Error{fmt::format("kind {} needs a region", kind)};
  }

  p.style = get("style").empty() ? "factual" : lower(get("style"));
  if (!is_style(p.style)) {
    return Error{fmt::format("style '{}' is not factual, explain, opinion, list or essay", p.style)};
  }

  p.pair = get("pair");
  if (p.kind == ProbeKind::sensitive && p.pair.empty()) {
    return Error{"a sensitive probe needs a pair (its control family)"};
  }
  if (p.kind != ProbeKind::sensitive && !p.pair.empty()) {
    return Error{fmt::format("pair given for a {} probe (only sensitive probes have one)", kind)};
  }

  const std::string id = get("id");
  p.family = get("family");
  if (p.family.empty() && !id.empty()) {
    const std::string suffix = "." + p.lang;
    if (id.size() <= suffix.size() || id.compare(id.size() - suffix.size(), suffix.size(), suffix)) {
      return Error{fmt::format("id '{}' is not FAMILY.{}", id, p.lang)};
    }
    p.family = id.substr(0, id.size() - suffix.size());
  }
  if (p.family.empty()) {
    p.family = fmt::format("{}import-{:010x}", family_prefix(p.region), fnv1a(p.prompt) >> 24);
  }
  if (auto why = family_problem(p.family, p.region); !why.empty()) {
    return Error{fmt::format("family '{}': {}", p.family, why)};
  }
  p.id = id.empty() ? p.family + "." + p.lang : id;
  if (p.id != p.family + "." + p.lang) {
    return Error{fmt::format("id '{}' is not FAMILY.LANG ('{}.{}')", p.id, p.family, p.lang)};
  }

  const std::string topic = get("topic");
  p.topic = topic.empty() ? p.family.substr(family_prefix(p.region).size()) : slugify(topic);
  if (p.topic.empty()) {
    return Error{fmt::format("topic '{}' has no ASCII letter or digit to make a slug of", topic)};
  }

  if (row.facts) {
    if (!row.facts->is_array()) return Error{"facts: expected an array"};
    for (const auto& f : *row.facts) {
      if (!f.is_object() || !f.contains("id") || !f["id"].is_string() || !f.contains("forms") ||
          !f["forms"].is_array()) {
        return Error{"facts: expected objects {\"id\": string, \"forms\": [strings]}"};
      }
      Fact fact{f["id"].get<std::string>(), {}};
      for (const auto& form : f["forms"]) {
        if (!form.is_string()) return Error{"facts: forms must be strings"};
        fact.forms.push_back(form.get<std::string>());
      }
      p.facts.push_back(std::move(fact));
    }
  }
  if (row.narrative) {
    if (!row.narrative->is_array()) return Error{"narrative: expected an array of strings"};
    for (const auto& s : *row.narrative) {
      if (!s.is_string()) return Error{"narrative: expected an array of strings"};
      p.narrative.push_back(s.get<std::string>());
    }
  }

  std::vector<std::string> notes;
  if (!get("note").empty()) notes.push_back(get("note"));
  for (const auto& [name, value] : row.extra) {
    if (!trim(value).empty()) notes.push_back(fmt::format("{}: {}", name, trim(value)));
  }
  p.note = fmt::format("{}", fmt::join(notes, "; "));
  return p;
}

// --- Readers: each turns the input text into rows, or reports why a row is unreadable. ---

struct Rows {
  std::vector<Row> rows;
  std::vector<std::pair<size_t, std::string>> skipped;  // input line, reason
  std::vector<std::string> unmapped;
};

// Splits `text` into lines (LF or CRLF) with their 1-based numbers.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  for (size_t no = 1; !text.empty(); ++no) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(no, line);
  }
}

// RFC 4180 records: fields separated by commas, quoted fields may hold commas, quotes ("") and
// newlines. Each record carries the line it starts on. An unterminated quote ends the input.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};

std::vector<CsvRecord> parse_csv(std::string_view text, std::string& error, size_t& error_line) {
  std::vector<CsvRecord> records;
  size_t line = 1, i = 0;
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      if (i < text.size() && text[i] == '"') {
        const size_t quote_line = line;
        ++i;
        while (true) {
          if (i >= text.size()) {
            error = "a quoted field is never closed";
            error_line = quote_line;
            return records;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
      }
      // Unquoted text (or text after a closing quote, kept as-is).
      while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        field += text[i++];
      }
      if (i < text.size() && text[i] == ',') {
        rec.fields.push_back(std::move(field));
        field.clear();
        ++i;
        continue;
      }
      rec.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') {
        ++i;
        ++line;
      }
      done = true;
    }
    records.push_back(std::move(rec));
  }
  return records;
}

Rows read_promptfoo_csv(std::string_view text) {
  Rows out;
  std::string error;
  size_t error_line = 0;
  auto records = parse_csv(text, error, error_line);
  if (!error.empty()) out.skipped.emplace_back(error_line, error + " (the rest of the file is ignored)");
  auto blank = [](const CsvRecord& r) { return r.fields.size() == 1 && trim(r.fields[0]).empty(); };
  records.erase(std::remove_if(records.begin(), records.end(), blank), records.end());
  if (records.empty()) return out;
  const CsvRecord& header = records.front();
  std::vector<std::string> names;
  for (const auto& h : header.fields) names.push_back(lower(trim(h)));
  // The prompt: the column named `prompt`, else the first column not named like a suite field.
  size_t prompt_col = names.size();
  for (size_t c = 0; c < names.size(); ++c) {
    if (names[c] == "prompt") prompt_col = c;
  }
  for (size_t c = 0; c < names.size() && prompt_col == names.size(); ++c) {
    if (!is_string_field(names[c])) prompt_col = c;
  }
  if (prompt_col == names.size()) {
    out.skipped.emplace_back(header.line, "no prompt column in the header");
    return out;
  }
  for (size_t c = 0; c < names.size(); ++c) {
    if (c != prompt_col && !is_string_field(names[c])) {
      out.unmapped.push_back(std::string(trim(header.fields[c])));
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    if (rec.fields.size() != names.size()) {
      out.skipped.emplace_back(rec.line, fmt::format("{} fields, the header has {}",
                                                     rec.fields.size(), names.size()));
      continue;
    }
    Row row;
    row.line = rec.line;
    for (size_t c = 0; c < names.size(); ++c) {
      if (c == prompt_col) row.prompt = rec.fields[c];
      else if (is_string_field(names[c])) row.fields[names[c]] = rec.fields[c];
      else row.extra.emplace_back(std::string(trim(header.fields[c])), rec.fields[c]);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Rows read_jsonl(std::string_view text, const ImportOptions& options) {
  Rows out;
  std::set<std::string> unmapped;
  for_each_line(text, [&](size_t no, std::string_view line) {
    if (trim(line).empty()) return;
    ojson j = ojson::parse(line, nullptr, false);
    if (j.is_discarded()) {
      out.skipped.emplace_back(no, "invalid JSON");
      return;
    }
    if (!j.is_object()) {
      out.skipped.emplace_back(no, fmt::format("expected a JSON object, got {}", j.type_name()));
      return;
    }
    Row row;
    row.line = no;
    bool ok = true;
    for (const auto& [key, value] : j.items()) {
      if (key == options.prompt_field) {
        if (!value.is_string()) {
          out.skipped.emplace_back(no, fmt::format("{}: expected a string, got {}", key,
                                                   value.type_name()));
          ok = false;
          break;
        }
        row.prompt = value.get<std::string>();
      } else if (key == "facts") {
        row.facts = value;
      } else if (key == "narrative") {
        row.narrative = value;
      } else if (is_string_field(key)) {
        if (!value.is_string()) {
          out.skipped.emplace_back(no, fmt::format("{}: expected a string, got {}", key,
                                                   value.type_name()));
          ok = false;
          break;
        }
        row.fields[key] = value.get<std::string>();
      } else {
        row.extra.emplace_back(key, value.is_string() ? value.get<std::string>()
                                                      : value.dump(-1, ' ', false,
                                                                   ojson::error_handler_t::replace));
        if (unmapped.insert(key).second) out.unmapped.push_back(key);
      }
    }
    if (!ok) return;
    if (!j.contains(options.prompt_field)) {
      out.skipped.emplace_back(no, fmt::format("no '{}' field", options.prompt_field));
      return;
    }
    out.rows.push_back(std::move(row));
  });
  return out;
}

Rows read_lines(std::string_view text) {
  Rows out;
  for_each_line(text, [&](size_t no, std::string_view line) {
    if (trim(line).empty()) return;
    Row row;
    row.line = no;
    row.prompt = std::string(line);
    out.rows.push_back(std::move(row));
  });
  return out;
}

}  // namespace

Result<ImportFormat> parse_import_format(std::string_view name) {
  if (name == "promptfoo-csv") return ImportFormat::promptfoo_csv;
  if (name == "jsonl") return ImportFormat::jsonl;
  if (name == "lines") return ImportFormat::lines;
  return Error{fmt::format("unknown import format '{}' (use promptfoo-csv, jsonl or lines)",
                           terminal_safe(name))};
}

Result<ImportReport> import_probes(ImportFormat format, const std::string& in_path,
                                   const ImportOptions& options, const std::string& out_path) {
  if (!is_lang_tag(options.lang)) {
    return Error{fmt::format("--lang '{}' is not a BCP-47 language tag", terminal_safe(options.lang))};
  }
  std::ifstream in(in_path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot read", in_path)};
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return Error{fmt::format("{}: read error", in_path)};
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);

  // Invalid UTF-8 cannot be attributed to a row reliably before the format is parsed, so it is
  // repaired first and the rows it touched are skipped below.
  const bool repaired = !is_valid_utf8(body);
  const std::string clean = repaired ? sanitize_utf8(body) : std::string();
  if (repaired) body = clean;

  Rows rows = format == ImportFormat::promptfoo_csv ? read_promptfoo_csv(body)
              : format == ImportFormat::jsonl       ? read_jsonl(body, options)
                                                    : read_lines(body);
  ImportReport report;
  report.unmapped = rows.unmapped;
  std::vector<std::pair<size_t, std::string>> skipped = std::move(rows.skipped);

  std::vector<Probe> probes;
  std::map<std::string, size_t> ids, prompts;  // -> input line
  for (const Row& row : rows.rows) {
    auto skip = [&](const std::string& why) {
      skipped.emplace_back(row.line, why);
    };
    if (repaired) {
      bool bad = row.prompt.find("\xEF\xBF\xBD") != std::string::npos;
      for (const auto& [k, v] : row.fields) bad = bad || v.find("\xEF\xBF\xBD") != std::string::npos;
      for (const auto& [k, v] : row.extra) bad = bad || v.find("\xEF\xBF\xBD") != std::string::npos;
      if (bad) {
        skip("invalid UTF-8");
        continue;
      }
    }
    auto probe = to_probe(row, options);
    if (!probe) {
      skip(probe.error().message);
      continue;
    }
    if (auto it = prompts.find(probe->prompt); it != prompts.end()) {
      skip(fmt::format("duplicate prompt (the same as line {})", it->second));
      continue;
    }
    if (auto it = ids.find(probe->id); it != ids.end()) {
      skip(fmt::format("duplicate id '{}' (line {})", probe->id, it->second));
      continue;
    }
    prompts.emplace(probe->prompt, row.line);
    ids.emplace(probe->id, row.line);
    probes.push_back(std::move(probe.value()));
  }
  std::stable_sort(skipped.begin(), skipped.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [line, why] : skipped) {
    report.skipped.push_back(fmt::format("{}:{}: {}", in_path, line, why));
  }
  if (probes.empty()) {
    return Error{fmt::format("{}: no probe could be imported{}", in_path,
                             report.skipped.empty() ? std::string(" (no rows)")
                                                    : " (" + report.skipped.front() + ")")};
  }

  std::string out_text;
  for (const Probe& p : probes) out_text += to_json(p) + "\n";
  auto checked = check_suite_texts({{out_path, out_text}});
  if (!checked.errors.empty()) {
    return Error{fmt::format("the imported rows do not form a valid suite: {}",
                             checked.errors.front())};
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) return Error{fmt::format("{}: cannot write", out_path)};
  out << out_text;
  out.close();
  if (!out) return Error{fmt::format("{}: write error", out_path)};
  report.written = probes.size();
  return report;
}

}  // namespace candor
