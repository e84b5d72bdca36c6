// Internals of the probes stage shared by its source files: the schema's value rules, the
// embedded bundled files, and validation of suite text held in memory. Not for other stages.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "probes/probes.h"

namespace candor::probes_internal {

// --- Value rules of docs/probes.md ---
std::optional<ProbeKind> parse_kind(std::string_view s);
bool is_style(std::string_view s);         // factual, explain, opinion, list, essay
bool is_region(std::string_view s);        // "none" or two upper-case ASCII letters
bool is_lang_tag(std::string_view s);      // BCP-47 shape: en, zh-Hans, pt-BR, ...
bool is_slug(std::string_view s);          // lower-case ASCII letters, digits and '-'
std::string family_prefix(std::string_view region);  // "cn-" for CN, "none-" for none
// Empty when `family` is a valid family id for `region`, else what is wrong with it.
std::string family_problem(std::string_view family, std::string_view region);

// --- The bundled suite, embedded by the build (generated source, see src/CMakeLists.txt) ---
struct BundledFile {
  const char* name;  // file name in data/probes
  const char* begin;
  const char* end;
};
std::span<const BundledFile> bundled_files();

// --- Validation of suite text ---
struct SuiteText {
  std::string name;  // as shown in messages
  std::string_view text;
};
struct CheckedSuite {
  std::vector<Probe> probes;        // the probes that parsed, in order
  std::vector<std::string> errors;  // every problem, in file order; empty when valid
};
CheckedSuite check_suite_texts(const std::vector<SuiteText>& texts);

}  // namespace candor::probes_internal
