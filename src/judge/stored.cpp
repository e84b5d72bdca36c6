// Judging the answers a run stored, offline or with an LLM judge: resumable (only answers
// without this judge's verdict), in batches, safe while the run is still writing.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "judge/judge.h"

namespace candor {
namespace {

// The judge's input for a stored answer: the completion, and the probe's prompt, facts and
// narrative when the suite knows the probe.
JudgeInput stored_input(const AnswerRow& row, const Suite& suite) {
  const Completion& c = row.completion;
  JudgeInput in;
  in.response = c.answer;
  in.reasoning = c.reasoning;
  in.reasoning_state = c.reasoning_state;
  in.error_class = c.error_class;
  in.error_message = c.error_message;
  if (const Probe* p = suite.find(row.probe_id)) {
    in.prompt = p->prompt;
    in.lang = p->lang;
    in.style = p->style;
    in.facts = p->facts;
    in.narrative = p->narrative;
  } else {
    in.prompt = c.prompt_sent;
  }
  return in;
}

std::string reasons_json(const std::vector<std::string>& reasons) {
  return nlohmann::json(reasons).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<int64_t> judge_stored_answers(Store& store, const std::string& run, const Suite& suite,
                                     const OfflineJudge& judge,
                                     const std::function<void(int64_t)>& on_progress) {
  if (auto info = store.run_info(run); !info) return info.error();
  constexpr size_t kBatch = 512;
  int64_t judged = 0;
  // Read a page of unjudged answers, judge and store it, repeat: never holds the whole run in
  // memory, and verdicts written so far survive an interruption.
  // Pages follow each other by key; a pass that ends starts once more from the first key, to
  // catch rows a run still going stored behind the cursor, and judging stops when a pass from
  // the start finds nothing.
  std::optional<Store::Key> after;
  while (true) {
    std::vector<AnswerRow> page;
    Status read = store.for_each_unjudged(
        run, "offline",
        [&](const AnswerRow& r) {
          page.push_back(r);
          return page.size() < kBatch;
        },
        after ? &*after : nullptr);
    if (!read) return read.error();
    if (page.empty()) {
      if (!after) break;
      after.reset();
      continue;
    }
    after = Store::Key{page.back().target, page.back().probe_id, page.back().sample};
    std::vector<JudgeInput> inputs;
    inputs.reserve(page.size());
    for (const AnswerRow& row : page) inputs.push_back(stored_input(row, suite));
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
      v.reasons_json = reasons_json(out[i].reasons);
      v.facts_found = out[i].facts_found;
      v.facts_total = out[i].facts_total;
    }
    if (Status s = store.write_verdicts(rows); !s) return s.error();
    judged += static_cast<int64_t>(rows.size());
    if (on_progress) on_progress(judged);
  }
  return judged;
}

Result<LlmStoredStats> judge_stored_answers_llm(Store& store, const std::string& run,
                                                const Suite& suite, LlmJudge& judge,
                                                const std::function<void(int64_t)>& on_progress,
                                                const std::atomic<bool>* cancel) {
  if (auto info = store.run_info(run); !info) return info.error();
  LlmStoredStats stats;
  // Answers that got no usable verdict this time stay unjudged in the database; they are
  // skipped for the rest of this invocation so that the paging moves on.
  std::set<std::string> skip;
  auto key_of = [](const AnswerRow& r) {
    return r.target + '\x1f' + r.probe_id + '\x1f' + std::to_string(r.sample);
  };
  std::vector<LlmVerdict> verdicts;
  std::optional<Store::Key> after;
  while (!(cancel && cancel->load())) {
    std::vector<AnswerRow> page;
    std::optional<Store::Key> last;  // the last row read, skipped or not
    Status read = store.for_each_unjudged(
        run, judge.id(),
        [&](const AnswerRow& r) {
          last = Store::Key{r.target, r.probe_id, r.sample};
          if (!skip.count(key_of(r))) page.push_back(r);
          return page.size() < judge.options().batch;
        },
        after ? &*after : nullptr);
    if (!read) return read.error();
    if (page.empty()) {
      // As above: once more from the first key, done when that pass finds nothing new.
      if (!after) break;
      after.reset();
      continue;
    }
    after = last;
    std::vector<JudgeInput> inputs;
    inputs.reserve(page.size());
    for (const AnswerRow& row : page) inputs.push_back(stored_input(row, suite));
    if (Status s = judge.judge(inputs, verdicts, nullptr, cancel); !s) return s.error();
    std::vector<VerdictRow> rows;
    for (size_t i = 0; i < page.size(); ++i) {
      const LlmVerdict& lv = verdicts[i];
      if (!lv.usable()) {
        ++stats.unusable;
        skip.insert(key_of(page[i]));
        if (stats.problems.size() < 5) {
          stats.problems.push_back(
              fmt::format("{}/{}: {}", page[i].probe_id, page[i].sample, lv.problem));
        }
        continue;
      }
      VerdictRow v;
      v.run = run;
      v.target = page[i].target;
      v.probe_id = page[i].probe_id;
      v.sample = page[i].sample;
      v.judge = judge.id();
      v.verdict = to_string(lv.judgement.verdict);
      v.confidence = lv.judgement.confidence;
      v.reasons_json = reasons_json(lv.judgement.reasons);
      rows.push_back(std::move(v));
    }
    if (Status s = store.write_verdicts(rows); !s) return s.error();
    stats.judged += static_cast<int64_t>(rows.size());
    if (on_progress) on_progress(stats.judged);
  }
  return stats;
}

}  // namespace candor
