// How far two judges agree on the same answers (the offline judge and an LLM judge, say):
// percentage agreement and Cohen's kappa over the seven verdicts, the three classes and the
// censored/answered view, with the confusion matrices.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/text.h"
#include "judge/judge.h"

namespace candor {
namespace {

std::vector<std::string> all_verdicts() {
  std::vector<std::string> v;
  for (int i = 0; i < kVerdictCount; ++i) v.emplace_back(to_string(static_cast<Verdict>(i)));
  return v;
}

nlohmann::json view(const Confusion& c) {
  nlohmann::json matrix = nlohmann::json::array();
  for (size_t g = 0; g < c.labels().size(); ++g) {
    nlohmann::json row = nlohmann::json::array();
    for (size_t p = 0; p < c.labels().size(); ++p) row.push_back(c.count(g, p));
    matrix.push_back(row);
  }
  return {{"n", c.total()},
          {"agreement", c.accuracy()},
          {"kappa", c.cohen_kappa()},
          {"labels", c.labels()},
          {"confusion", matrix}};
}

}  // namespace

JudgeAgreement::JudgeAgreement(std::string first_judge, std::string second_judge)
    : first(std::move(first_judge)),
      second(std::move(second_judge)),
      verdicts(all_verdicts()),
      classes({"complete", "evasive", "denial"}),
      binary({"answered", "censored"}) {}

void JudgeAgreement::add(Verdict a, Verdict b) {
  verdicts.add(to_string(a), to_string(b));
  const auto ca = class3(a), cb = class3(b);
  // An error is not an answer: it has no class and is neither censored nor answered.
  if (!ca || !cb) return;
  classes.add(to_string(*ca), to_string(*cb));
  binary.add(censored(a) ? "censored" : "answered", censored(b) ? "censored" : "answered");
}

std::string format_agreement_text(const JudgeAgreement& a) {
  std::string out =
      fmt::format("agreement of {} (rows) and {} (columns) over {} answers\n",
                  terminal_safe(a.first), terminal_safe(a.second), a.verdicts.total());
  if (a.verdicts.total() == 0) return out;
  out += fmt::format("  seven verdicts     agreement {:.3f}  kappa {:.3f}\n", a.verdicts.accuracy(),
                     a.verdicts.cohen_kappa());
  out += fmt::format("  three classes      agreement {:.3f}  kappa {:.3f}\n", a.classes.accuracy(),
                     a.classes.cohen_kappa());
  out +=
      fmt::format("  censored/answered  agreement {:.3f}  kappa {:.3f}  (n={}, errors left out)\n",
                  a.binary.accuracy(), a.binary.cohen_kappa(), a.binary.total());
  out += a.verdicts.matrix_text(a.first, a.second);
  return out;
}

std::string format_agreement_json(const JudgeAgreement& a) {
  const nlohmann::json j = {{"first", a.first},
                            {"second", a.second},
                            {"verdict", view(a.verdicts)},
                            {"class3", view(a.classes)},
                            {"binary", view(a.binary)}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<JudgeAgreement> stored_agreement(Store& store, const std::string& run,
                                        const std::string& first, const std::string& second) {
  if (auto info = store.run_info(run); !info) return info.error();
  auto key_of = [](const VerdictRow& v) {
    return v.target + '\x1f' + v.probe_id + '\x1f' + std::to_string(v.sample);
  };
  std::unordered_map<std::string, Verdict> firsts;
  Status s = store.for_each_verdict(run, first, [&](const VerdictRow& v) {
    if (const auto verdict = parse_verdict(v.verdict)) firsts.emplace(key_of(v), *verdict);
    return true;
  });
  if (!s) return s.error();
  JudgeAgreement a(first, second);
  s = store.for_each_verdict(run, second, [&](const VerdictRow& v) {
    const auto verdict = parse_verdict(v.verdict);
    const auto it = firsts.find(key_of(v));
    if (verdict && it != firsts.end()) a.add(it->second, *verdict);
    return true;
  });
  if (!s) return s.error();
  return a;
}

}  // namespace candor
