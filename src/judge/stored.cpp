// Judging the answers a run stored: resumable (only answers without this judge's verdict),
// in batches, safe while the run is still writing.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "judge/judge.h"

namespace candor {

Result<int64_t> judge_stored_answers(Store& store, const std::string& run, const Suite& suite,
                                     const OfflineJudge& judge,
                                     const std::function<void(int64_t)>& on_progress) {
  if (auto info = store.run_info(run); !info) return info.error();
  constexpr size_t kBatch = 512;
  int64_t judged = 0;
  // Read a page of unjudged answers, judge and store it, repeat: never holds the whole run in
  // memory, and verdicts written so far survive an interruption.
  while (true) {
    std::vector<AnswerRow> page;
    Status read = store.for_each_unjudged(run, "offline", [&](const AnswerRow& r) {
      page.push_back(r);
      return page.size() < kBatch;
    });
    if (!read) return read.error();
    if (page.empty()) break;
    std::vector<JudgeInput> inputs(page.size());
    for (size_t i = 0; i < page.size(); ++i) {
      const Completion& c = page[i].completion;
      JudgeInput& in = inputs[i];
      in.response = c.answer;
      in.reasoning = c.reasoning;
      in.reasoning_state = c.reasoning_state;
      in.error_class = c.error_class;
      in.error_message = c.error_message;
      if (const Probe* p = suite.find(page[i].probe_id)) {
        in.prompt = p->prompt;
        in.lang = p->lang;
        in.style = p->style;
        in.facts = p->facts;
        in.narrative = p->narrative;
      } else {
        in.prompt = c.prompt_sent;
      }
    }
    std::vector<Judgement> out;
    judge.judge_batch(inputs, out);
    std::vector<VerdictRow> rows(page.size());
    for (size_t i = 0; i < page.size(); ++i) {
      VerdictRow& v = rows[i];
      v.run = run;
      v.target = page[i].target;
      v.probe_id = page[i].probe_id;
      v.sample = page[i].sample;
      v.judge = "offline";
      v.verdict = to_string(out[i].verdict);
      v.confidence = out[i].confidence;
      v.reasons_json = nlohmann::json(out[i].reasons).dump(-1, ' ', false,
                                                           nlohmann::json::error_handler_t::replace);
      v.facts_found = out[i].facts_found;
      v.facts_total = out[i].facts_total;
    }
    if (Status s = store.write_verdicts(rows); !s) return s.error();
    judged += static_cast<int64_t>(rows.size());
    if (on_progress) on_progress(judged);
  }
  return judged;
}

}  // namespace candor
