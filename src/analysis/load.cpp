// Reading observations from the Store: answers joined with one judge's verdicts and the suite.
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "analysis/analysis.h"
#include "base/text.h"
#include "run/run.h"

namespace candor {
namespace {

int64_t code_points(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<std::vector<Observation>> load_observations(Store& store, const Suite& suite,
                                                   const LoadOptions& options) {
  std::vector<std::string> runs = options.runs;
  if (runs.empty()) {
    auto all = store.list_runs();
    if (!all.ok()) return all.error();
    for (const auto& info : *all) runs.push_back(info.name);
  }
  if (runs.empty()) return Error{fmt::format("{}: the database holds no runs", store.path())};
  for (const auto& run : runs) {
    auto info = store.run_info(run);
    if (!info.ok()) return info.error();
  }

  std::vector<Observation> out;
  std::map<std::string, std::set<std::string>> runs_of_target;
  for (const auto& run : runs) {
    using Key = std::tuple<std::string, std::string, int>;
    struct Judged {
      std::string verdict;
      int found = 0, total = 0;
    };
    std::map<Key, Judged> verdicts;
    Status st = store.for_each_verdict(run, options.judge, [&](const VerdictRow& v) {
      verdicts[{v.target, v.probe_id, v.sample}] = {v.verdict, v.facts_found, v.facts_total};
      return true;
    });
    if (!st.ok()) return st.error();

    std::string missing_probe;
    st = store.for_each_answer(run, [&](const AnswerRow& a) {
      const Probe* p = suite.find(a.probe_id);
      if (!p) {
        missing_probe = a.probe_id;
        return false;
      }
      Observation o;
      o.run = run;
      o.target = a.target;
      o.probe_id = p->id;
      o.family = p->family;
      o.topic = p->topic;
      o.region = p->region;
      o.lang = p->lang;
      o.style = p->style;
      o.kind = p->kind;
      o.pair = p->pair;
      o.sample = a.sample;
      auto it = verdicts.find({a.target, a.probe_id, a.sample});
      if (it != verdicts.end()) {
        o.verdict = it->second.verdict;
        o.facts_found = it->second.found;
        o.facts_total = it->second.total;
      } else {
        o.verdict = a.completion.ok() ? "unjudged" : "error";
      }
      o.answer_chars = code_points(a.completion.answer);
      o.reasoning = a.completion.reasoning_state;
      if (options.texts) {
        o.answer = sanitize_utf8(a.completion.answer);
        o.reasoning_text = sanitize_utf8(a.completion.reasoning);
      }
      runs_of_target[o.target].insert(run);
      out.push_back(std::move(o));
      return true;
    });
    if (!st.ok()) return st.error();
    if (!missing_probe.empty()) {
      return Error{fmt::format(
          "{}: run '{}' asked probe '{}', which the suite does not hold; pass the --suite the run "
          "used",
          store.path(), run, missing_probe)};
    }
  }
  if (options.label_targets_by_run) {
    for (auto& o : out) {
      if (runs_of_target[o.target].size() > 1) o.target += " @ " + o.run;
    }
  }
  return out;
}

}  // namespace candor
