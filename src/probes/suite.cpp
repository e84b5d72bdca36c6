// The Suite type, filters, statistics, JSON output and the schema's value rules.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "base/hash.h"
#include "probes/internal.h"
#include "probes/probes.h"

namespace candor {
namespace {

using ojson = nlohmann::ordered_json;

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

bool matches_any(const std::vector<std::string>& wanted, std::string_view value, bool fold_case) {
  if (wanted.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return fold_case ? iequals(w, value) : w == value;
  });
}

}  // namespace

const char* to_string(ProbeKind k) {
  switch (k) {
    case ProbeKind::sensitive: return "sensitive";
    case ProbeKind::control: return "control";
    case ProbeKind::neutral: return "neutral";
  }
  return "neutral";
}

std::string to_json(const Probe& p, int indent) {
  ojson j;
  j["id"] = p.id;
  j["family"] = p.family;
  j["topic"] = p.topic;
  j["region"] = p.region;
  j["kind"] = to_string(p.kind);
  j["lang"] = p.lang;
  j["style"] = p.style;
  j["prompt"] = p.prompt;
  j["facts"] = ojson::array();
  for (const Fact& f : p.facts) j["facts"].push_back({{"id", f.id}, {"forms", f.forms}});
  j["narrative"] = p.narrative;
  if (!p.pair.empty()) j["pair"] = p.pair;
  if (!p.note.empty()) j["note"] = p.note;
  return j.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

Suite::Suite(std::vector<Probe> probes) : probes_(std::move(probes)) {
  for (size_t i = 0; i < probes_.size(); ++i) by_id_.emplace(probes_[i].id, i);
}

const Probe* Suite::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &probes_[it->second];
}

std::string Suite::hash() const {
  std::vector<const Probe*> sorted;
  for (const Probe& p : probes_) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(),
            [](const Probe* a, const Probe* b) { return a->id < b->id; });
  std::string canonical;
  for (const Probe* p : sorted) {
    Probe q = *p;
    q.note.clear();
    canonical += to_json(q);
    canonical += '\n';
  }
  return sha256_hex(canonical);
}

bool ProbeFilter::matches(const Probe& p) const {
  return matches_any(langs, p.lang, true) && matches_any(regions, p.region, true) &&
         matches_any(topics, p.topic, false) && matches_any(kinds, to_string(p.kind), true) &&
         matches_any(ids, p.id, false);
}

std::vector<const Probe*> select(const Suite& suite, const ProbeFilter& filter) {
  std::vector<const Probe*> out;
  for (const Probe& p : suite.probes()) {
    if (filter.matches(p)) out.push_back(&p);
  }
  return out;
}

SuiteStats suite_stats(const Suite& suite) {
  SuiteStats s;
  struct FamilyInfo {
    ProbeKind kind;
    std::string region, topic, pair;
  };
  std::map<std::string, FamilyInfo> families;
  std::set<std::string> topics;
  std::map<std::string, std::set<std::string>> sensitive_topics;
  for (const Probe& p : suite.probes()) {
    ++s.probes;
    ++s.languages[p.lang];
    ++s.regions[p.region];
    ++s.kinds[to_string(p.kind)];
    ++s.styles[p.style];
    topics.insert(p.topic);
    families.emplace(p.family, FamilyInfo{p.kind, p.region, p.topic, p.pair});
  }
  s.families = families.size();
  s.topics = topics.size();
  for (const auto& [name, f] : families) {
    if (f.kind != ProbeKind::sensitive) continue;
    ++s.sensitive_families[f.region];
    sensitive_topics[f.region].insert(f.topic);
    auto control = families.find(f.pair);
    if (control == families.end() || control->second.kind != ProbeKind::control ||
        control->second.region == f.region) {
      ++s.sensitive_without_control;
    }
  }
  for (const auto& [region, t] : sensitive_topics) s.sensitive_topics[region] = t.size();
  return s;
}

std::string to_json(const SuiteStats& s) {
  ojson j;
  j["probes"] = s.probes;
  j["families"] = s.families;
  j["topics"] = s.topics;
  j["languages"] = s.languages;
  j["regions"] = s.regions;
  j["kinds"] = s.kinds;
  j["styles"] = s.styles;
  j["sensitive_families"] = s.sensitive_families;
  j["sensitive_topics"] = s.sensitive_topics;
  j["sensitive_without_control"] = s.sensitive_without_control;
  return j.dump(2, ' ', false, ojson::error_handler_t::replace);
}

namespace probes_internal {

std::optional<ProbeKind> parse_kind(std::string_view s) {
  if (s == "sensitive") return ProbeKind::sensitive;
  if (s == "control") return ProbeKind::control;
  if (s == "neutral") return ProbeKind::neutral;
  return std::nullopt;
}

bool is_style(std::string_view s) {
  return s == "factual" || s == "explain" || s == "opinion" || s == "list" || s == "essay";
}

bool is_region(std::string_view s) {
  return s == "none" || (s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z');
}

bool is_lang_tag(std::string_view s) {
  // language (2-3 letters) then subtags of 1-8 letters or digits: en, zh-Hans, pt-BR, es-419.
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    const size_t start = ++i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i - start < 1 || i - start > 8) return false;
  }
  return true;
}

bool is_slug(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string family_prefix(std::string_view region) {
  std::string p(region);
  for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return p + "-";
}

std::string family_problem(std::string_view family, std::string_view region) {
  if (!is_slug(family)) return "use lower-case ASCII letters, digits and '-'";
  const std::string prefix = family_prefix(region);
  if (family.size() <= prefix.size() || family.substr(0, prefix.size()) != prefix) {
    return fmt::format("must start with '{}' (its region in lower case) and name the question",
                       prefix);
  }
  return {};
}

}  // namespace probes_internal
}  // namespace candor
