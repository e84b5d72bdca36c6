// `candor probes`: list, show, validate, count and import probe suites. Wiring only; the suite
// logic is in src/probes.
#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>

#include "base/text.h"
#include "cli/cli.h"
#include "probes/probes.h"

namespace candor::cli {
namespace {

// Text from a suite (user data) made safe for one terminal line.
std::string one_line(std::string_view s) {
  std::string out = terminal_safe(s);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  return out;
}

// Columns a code point takes on a terminal: 2 for East Asian wide, 0 for combining marks.
int columns(UChar32 c) {
  const int8_t category = u_charType(c);
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) {
    return 0;
  }
  const int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 2 : 1;
}

// `s` (valid UTF-8, one line) cut to at most `width` columns, ending in "…" when cut, then padded
// to `width` unless `pad` is false.
std::string fit(const std::string& s, int width, bool pad = true) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  auto width_of = [&](int32_t& i) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    return c < 0 ? 1 : columns(c);
  };
  int total = 0;
  for (int32_t i = 0; i < n;) total += width_of(i);
  std::string out = s;
  int used = total;
  if (total > width) {
    used = 0;
    int32_t i = 0;
    while (i < n) {
      int32_t next = i;
      const int w = width_of(next);
      if (used + w > width - 1) break;
      used += w;
      i = next;
    }
    out = s.substr(0, static_cast<size_t>(i)) + "…";
    ++used;
  }
  if (pad && used < width) out.append(static_cast<size_t>(width - used), ' ');
  return out;
}

struct SuiteFlags {
  std::vector<std::string> suites;
  bool no_bundled = false;
  ProbeFilter filter;

  SuiteOptions options() const { return SuiteOptions{suites, !no_bundled}; }
};

void add_suite_flags(CLI::App* cmd, SuiteFlags& f, bool filters) {
  cmd->add_option("--suite", f.suites,
                  "a suite file, or a directory of *.jsonl (repeatable); added to the bundled suite")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--no-bundled,--suite-only", f.no_bundled, "use only the --suite files");
  if (!filters) return;
  cmd->add_option("--lang", f.filter.langs, "only these languages (en, zh-Hans, fr ...)")
      ->delimiter(',');
  cmd->add_option("--region", f.filter.regions, "only these regions (CN, US ... or none)")
      ->delimiter(',');
  cmd->add_option("--topic", f.filter.topics, "only these topics")->delimiter(',');
  cmd->add_option("--kind", f.filter.kinds, "only these kinds (sensitive, control, neutral)")
      ->delimiter(',')
      ->check(CLI::IsMember({"sensitive", "control", "neutral"}, CLI::ignore_case));
}

int run_list(const SuiteFlags& f, bool json) {
  auto suite = load_suites(f.options());
  if (!suite) return input_error(one_line(suite.error().message));
  const auto probes = select(*suite, f.filter);
  if (json) {
    fmt::print("[");
    for (size_t i = 0; i < probes.size(); ++i) {
      fmt::print("{}\n  {}", i ? "," : "", to_json(*probes[i]));
    }
    fmt::print("{}]\n", probes.empty() ? "" : "\n");
    return kExitOk;
  }
  int id_width = 2;
  for (const Probe* p : probes) id_width = std::max<int>(id_width, static_cast<int>(one_line(p->id).size()));
  id_width = std::min(id_width, 48);
  fmt::print("{} {} {} {} {}\n", fit("ID", id_width), fit("KIND", 9), fit("REGION", 6),
             fit("STYLE", 7), "PROMPT");
  for (const Probe* p : probes) {
    fmt::print("{} {} {} {} {}\n", fit(one_line(p->id), id_width), fit(to_string(p->kind), 9),
               fit(one_line(p->region), 6), fit(one_line(p->style), 7),
               fit(one_line(p->prompt), 64, false));
  }
  fmt::print("{} probes\n", probes.size());
  return kExitOk;
}

void print_probe(const Probe& p) {
  auto field = [](std::string_view name, const std::string& value) {
    if (!value.empty()) fmt::print("{:<10}{}\n", name, one_line(value));
  };
  field("id", p.id);
  field("family", p.family);
  field("topic", p.topic);
  field("region", p.region);
  field("kind", to_string(p.kind));
  field("lang", p.lang);
  field("style", p.style);
  field("pair", p.pair);
  field("source", p.source);
  fmt::print("prompt\n  {}\n", one_line(p.prompt));
  fmt::print("facts{}\n", p.facts.empty() ? "     (none)" : "");
  for (const Fact& fact : p.facts) {
    std::string forms;
    for (const auto& form : fact.forms) forms += (forms.empty() ? "" : " | ") + one_line(form);
    fmt::print("  {}: {}\n", one_line(fact.id), forms);
  }
  fmt::print("narrative{}\n", p.narrative.empty() ? " (none)" : "");
  for (const auto& n : p.narrative) fmt::print("  - {}\n", one_line(n));
  if (!p.note.empty()) fmt::print("note\n  {}\n", one_line(p.note));
}

int run_show(const SuiteFlags& f, const std::string& id, bool json) {
  auto suite = load_suites(f.options());
  if (!suite) return input_error(one_line(suite.error().message));
  // An id names one probe; a family id shows the family in every language.
  std::vector<const Probe*> found;
  if (const Probe* p = suite->find(id)) {
    found.push_back(p);
  } else {
    for (const Probe& p : suite->probes()) {
      if (p.family == id) found.push_back(&p);
    }
  }
  if (found.empty()) {
    return input_error(fmt::format("no probe or family '{}' in the suite (see 'candor probes list')",
                                   one_line(id)));
  }
  for (size_t i = 0; i < found.size(); ++i) {
    if (json) {
      fmt::print("{}\n", to_json(*found[i], 2));
    } else {
      if (i) fmt::print("\n");
      print_probe(*found[i]);
    }
  }
  return kExitOk;
}

std::string counts(const std::map<std::string, size_t>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", one_line(k), v);
  return out.empty() ? "-" : out;
}

int run_validate(const std::vector<std::string>& files, bool with_bundled) {
  const SuiteOptions options{files, with_bundled};
  const auto errors = suite_errors(options);
  if (!errors.empty()) {
    for (const auto& e : errors) fmt::print(stderr, "candor: {}\n", one_line(e));
    return kExitInput;
  }
  auto suite = load_suites(options);
  if (!suite) return input_error(one_line(suite.error().message));
  const SuiteStats s = suite_stats(*suite);
  fmt::print("ok: {} probes in {} families ({}), {} topics\n", s.probes, s.families,
             counts(s.languages), s.topics);
  return kExitOk;
}

int run_stats(const SuiteFlags& f, bool json) {
  auto suite = load_suites(f.options());
  if (!suite) return input_error(one_line(suite.error().message));
  std::vector<Probe> kept;
  for (const Probe* p : select(*suite, f.filter)) kept.push_back(*p);
  const SuiteStats s = suite_stats(Suite(std::move(kept)));
  if (json) {
    fmt::print("{}\n", to_json(s));
    return kExitOk;
  }
  fmt::print("probes                     {}\n", s.probes);
  fmt::print("families                   {}\n", s.families);
  fmt::print("topics                     {}\n", s.topics);
  fmt::print("languages                  {}\n", counts(s.languages));
  fmt::print("kinds                      {}\n", counts(s.kinds));
  fmt::print("styles                     {}\n", counts(s.styles));
  fmt::print("regions (probes)           {}\n", counts(s.regions));
  fmt::print("sensitive families         {}\n", counts(s.sensitive_families));
  fmt::print("sensitive topics           {}\n", counts(s.sensitive_topics));
  fmt::print("sensitive without control  {}\n", s.sensitive_without_control);
  fmt::print("suite hash                 {}\n", suite->hash());
  return kExitOk;
}

struct ImportFlags {
  std::string format, in, out;
  ImportOptions options;
};

int run_import(const ImportFlags& f) {
  auto format = parse_import_format(f.format);
  if (!format) return input_error(format.error().message);
  auto report = import_probes(*format, f.in, f.options, f.out);
  if (!report) return input_error(one_line(report.error().message));
  fmt::print(stderr, "wrote {} probes to {}; skipped {} rows\n", report->written, f.out,
             report->skipped.size());
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < report->skipped.size() && i < kShown; ++i) {
    fmt::print(stderr, "  skipped {}\n", one_line(report->skipped[i]));
  }
  if (report->skipped.size() > kShown) {
    fmt::print(stderr, "  ... and {} more\n", report->skipped.size() - kShown);
  }
  if (!report->unmapped.empty()) {
    fmt::print(stderr, "kept in note (no suite field of that name): {}\n",
               one_line(fmt::format("{}", fmt::join(report->unmapped, ", "))));
  }
  return kExitOk;
}

}  // namespace

void add_probes(CLI::App& app, Action& action) {
  CLI::App* probes = app.add_subcommand("probes", "List, show, validate and import probe suites");
  probes->require_subcommand(1);
  probes->footer(
      "Example:\n"
      "  candor probes list --region CN --lang en\n"
      "  candor probes validate my-suite.jsonl\n"
      "Suites are JSONL files, one probe per line (docs/probes.md).");

  {
    auto f = std::make_shared<SuiteFlags>();
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = probes->add_subcommand("list", "List the probes of the suite");
    cmd->footer(
        "Example:\n"
        "  candor probes list --region CN --kind sensitive --lang zh-Hans\n"
        "  candor probes list --suite mine.jsonl --no-bundled --json\n"
        "Filters take several values separated by commas (--lang en,fr).");
    add_suite_flags(cmd, *f, true);
    cmd->add_flag("--json", *json, "a JSON array of probes instead of a table");
    cmd->callback([f, json, &action] { action = [f, json] { return run_list(*f, *json); }; });
  }
  {
    auto f = std::make_shared<SuiteFlags>();
    auto id = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = probes->add_subcommand("show", "Show every field of a probe, or of a family");
    cmd->footer(
        "Example:\n"
        "  candor probes show none-water-boiling-point.en\n"
        "  candor probes show none-water-boiling-point --json   # the family, every language");
    cmd->add_option("ID", *id, "a probe id (FAMILY.LANG) or a family id")->required();
    add_suite_flags(cmd, *f, false);
    cmd->add_flag("--json", *json, "print the probe as JSON");
    cmd->callback([f, id, json, &action] {
      action = [f, id, json] { return run_show(*f, *id, *json); };
    });
  }
  {
    auto files = std::make_shared<std::vector<std::string>>();
    auto bundled = std::make_shared<bool>(false);
    CLI::App* cmd = probes->add_subcommand(
        "validate", "Check suite files: exit 0 with a summary, or 2 with every problem");
    cmd->footer(
        "Example:\n"
        "  candor probes validate my-suite.jsonl\n"
        "  candor probes validate my-dir/ --bundled   # with the bundled suite, for pairs to it\n"
        "Problems read FILE:LINE: FIELD: PROBLEM, one per line (at most 50).");
    cmd->add_option("FILE", *files, "suite files or directories")->required();
    cmd->add_flag("--bundled", *bundled,
                  "validate together with the bundled suite (as --suite does)");
    cmd->callback([files, bundled, &action] {
      action = [files, bundled] { return run_validate(*files, *bundled); };
    });
  }
  {
    auto f = std::make_shared<SuiteFlags>();
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = probes->add_subcommand("stats", "Count probes, families, languages, regions");
    cmd->footer(
        "Example:\n"
        "  candor probes stats\n"
        "  candor probes stats --json --suite mine.jsonl");
    add_suite_flags(cmd, *f, true);
    cmd->add_flag("--json", *json, "print the counts as JSON");
    cmd->callback([f, json, &action] { action = [f, json] { return run_stats(*f, *json); }; });
  }
  {
    auto f = std::make_shared<ImportFlags>();
    CLI::App* cmd = probes->add_subcommand("import", "Convert other tools' prompt lists to a suite");
    cmd->footer(
        "Example:\n"
        "  candor probes import --format promptfoo-csv tests.csv -o mine.jsonl\n"
        "  candor probes import --format jsonl prompts.jsonl --prompt-field question -o mine.jsonl\n"
        "  candor probes import --format lines questions.txt --lang fr -o mine.jsonl\n"
        "Columns named like suite fields (id, family, topic, region, kind, lang, style, pair, note)\n"
        "fill them; other columns are kept in the probe's note. A summary goes to stderr.");
    cmd->add_option("--format", f->format, "promptfoo-csv, jsonl or lines")
        ->required()
        ->check(CLI::IsMember({"promptfoo-csv", "jsonl", "lines"}));
    cmd->add_option("IN", f->in, "the file to import")->required();
    cmd->add_option("-o,--output", f->out, "the suite file to write")->required();
    cmd->add_option("--lang", f->options.lang, "language of rows that do not name one")
        ->capture_default_str();
    cmd->add_option("--prompt-field", f->options.prompt_field, "jsonl: the field with the prompt")
        ->capture_default_str();
    cmd->callback([f, &action] { action = [f] { return run_import(*f); }; });
  }
}

}  // namespace candor::cli
