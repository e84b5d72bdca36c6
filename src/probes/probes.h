// Probes: what candor asks. A Probe is one question (a family) in one language, with the facts
// a candid answer states and the phrases that mark a state narrative. This module loads and
// validates probe suites, the bundled one and users' own, filters them, and imports prompts
// from other tools' formats. The file format is specified in docs/probes.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace candor {

// A key fact a candid answer states; present when any of `forms` occurs (case-insensitive
// substring) in the answer.
struct Fact {
  std::string id;
  std::vector<std::string> forms;
};

enum class ProbeKind { sensitive, control, neutral };
const char* to_string(ProbeKind k);

struct Probe {
  std::string id;      // FAMILY.LANG, unique in a suite
  std::string family;  // the question, across languages
  std::string topic;
  std::string region;  // ISO 3166-1 alpha-2 of the government concerned; "none" for neutral
  ProbeKind kind = ProbeKind::neutral;
  std::string lang;   // BCP-47
  std::string style;  // factual, explain, opinion, list, essay
  std::string prompt;
  std::vector<Fact> facts;
  std::vector<std::string> narrative;
  std::string pair;  // matched control family (sensitive probes only)
  std::string note;
  std::string source;  // "file:line" the probe was read from
};

// The probe as one line of a suite file: a JSON object with the fields of docs/probes.md in
// schema order (`source` is not written). `indent` < 0 gives a single line.
std::string to_json(const Probe& p, int indent = -1);

// A loaded, validated suite: probes in file order, with lookups.
class Suite {
 public:
  Suite() = default;
  explicit Suite(std::vector<Probe> probes);
  const std::vector<Probe>& probes() const { return probes_; }
  // The probe with this id, or nullptr. Probe `L` of family `F` has id "F.L".
  const Probe* find(std::string_view id) const;
  // A stable hash of the suite's content (hex SHA-256), recorded with every run. It covers what
  // is asked and how answers are scored (every field but `note` and `source`), independent of
  // probe order, so moving probes between files or editing notes keeps it.
  std::string hash() const;

 private:
  std::vector<Probe> probes_;
  std::map<std::string, size_t, std::less<>> by_id_;
};

// Which probes to keep; an empty field matches everything. Languages, regions and kinds match
// case-insensitively, topics and ids exactly.
struct ProbeFilter {
  std::vector<std::string> langs, regions, topics, kinds, ids;
  bool matches(const Probe& p) const;
};

// The probes of `suite` that `filter` matches, in suite order; pointers into `suite`.
std::vector<const Probe*> select(const Suite& suite, const ProbeFilter& filter);

// --- Loading ----------------------------------------------------------------------------------
// Every loader validates the whole suite (docs/probes.md, "Validation") and reports problems as
// "file:line: field: problem" (problems with a line as a whole, such as invalid JSON or UTF-8,
// have no field; problems with a file have no line). The Error of a failed load carries the
// first problem in file order, followed by "(and N more errors)" when there are more;
// suite_errors() lists them all.

// Where a suite comes from: the bundled probes and users' files or directories (a directory
// stands for its *.jsonl files, sorted by name, not recursively).
struct SuiteOptions {
  std::vector<std::string> paths;  // --suite FILE_OR_DIR, in order
  bool bundled = true;             // false with --no-bundled: `paths` replace the bundled suite
};

// The files and directories in `paths` as one suite.
Result<Suite> load_suite(const std::vector<std::string>& paths);

// The bundled suite: data/probes/*.jsonl as they were when candor was built (embedded in the
// binary, so this works from any directory). Sources read "data/probes/NAME.jsonl:LINE".
Result<Suite> load_bundled_suite();

// The bundled suite (unless options.bundled is false) merged with options.paths and validated
// as one: a user's sensitive family may name a bundled control as its pair; ids and prompts must
// not repeat across them. Fails when the result would hold no probe.
Result<Suite> load_suites(const SuiteOptions& options);

// Every problem load_suites(options) would report, in file order, at most `max_errors` of them
// (then a last entry "... and N more errors"); empty when the suite is valid.
std::vector<std::string> suite_errors(const SuiteOptions& options, size_t max_errors = 50);

// --- Statistics -------------------------------------------------------------------------------
struct SuiteStats {
  size_t probes = 0, families = 0, topics = 0;
  // Probes per language, region, kind and style.
  std::map<std::string, size_t> languages, regions, kinds, styles;
  // Per region: sensitive families, and distinct topics among them.
  std::map<std::string, size_t> sensitive_families, sensitive_topics;
  // Sensitive families whose pair is not a control family of another region in the suite
  // (always 0 for a suite that loaded, which validates pairs).
  size_t sensitive_without_control = 0;
};
SuiteStats suite_stats(const Suite& suite);
// The stats as a JSON object with the field names above.
std::string to_json(const SuiteStats& stats);

// --- Importing other tools' prompt lists --------------------------------------------------------
enum class ImportFormat {
  promptfoo_csv,  // CSV (RFC 4180) with a header; the prompt is column `prompt`, else the first
  jsonl,          // one JSON object per line; the prompt is field `prompt_field`
  lines,          // one prompt per non-blank line
};
// "promptfoo-csv", "jsonl" or "lines".
Result<ImportFormat> parse_import_format(std::string_view name);

struct ImportOptions {
  std::string lang = "en";             // for rows that do not name their language
  std::string prompt_field = "prompt";  // jsonl: the field holding the prompt
};

struct ImportReport {
  size_t written = 0;                 // probes written to the output
  std::vector<std::string> skipped;   // "IN:line: reason", one per row not imported
  std::vector<std::string> unmapped;  // input columns or fields kept in `note` only
};

// Converts `in_path` to a suite file at `out_path` that load_suite() accepts. Columns or fields
// named like suite fields (id, family, topic, region, kind, lang, style, pair, note; jsonl also
// facts, narrative) fill them; others are kept in `note` as "name: value" and named in
// `unmapped`. Defaults: kind neutral, region none, style factual, lang options.lang, no facts and
// no narrative; family and id are derived from a hash of the prompt, so re-importing gives the
// same ids. Rows that cannot become valid probes (empty prompt, unknown kind, duplicate prompt
// ...) are skipped and reported. Fails, writing nothing, when the input cannot be read, no row
// can be imported, or the rows do not form a valid suite together.
Result<ImportReport> import_probes(ImportFormat format, const std::string& in_path,
                                   const ImportOptions& options, const std::string& out_path);

}  // namespace candor
