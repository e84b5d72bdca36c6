// Judging the answers a run stored, offline or with an LLM judge: resumable (only answers
// without this judge's verdict), in batches, safe while the run is still writing.
#include <fmt/format.h>

#include <atomic>
#include <functional>
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

// Hands `on_page` the answers of `run` that have no verdict from `judge_id` and that `keep`
// accepts, in pages of at most `batch`: never the whole run in memory, and verdicts written so
// far survive an interruption. Pages follow each other by key; a pass that ends starts once more
// from the first key, to catch rows a run still going stored behind the cursor, and the paging
// stops when a pass from the start finds nothing to keep (or `cancel` is set).
Status for_each_unjudged_page(Store& store, const std::string& run, const std::string& judge_id,
                              size_t batch, const std::function<bool(const AnswerRow&)>& keep,
                              const std::function<Status(std::vector<AnswerRow>&)>& on_page,
                              const std::atomic<bool>* cancel = nullptr) {
  std::optional<Store::Key> after;
  bool kept_in_pass = false;
  while (!(cancel && cancel->load())) {
    std::vector<AnswerRow> page;
    std::optional<Store::Key> last;  // the last row read, kept or not
    Status read = store.for_each_unjudged(
        run, judge_id,
        [&](const AnswerRow& r) {
          last = Store::Key{r.target, r.probe_id, r.sample};
          if (keep(r)) page.push_back(r);
          return page.size() < batch;
        },
        after ? &*after : nullptr);
    if (!read) return read;
    if (!last) {  // the end of a pass
      if (!kept_in_pass) break;
      after.reset();
      kept_in_pass = false;
      continue;
    }
    after = last;
    if (page.empty()) continue;
    kept_in_pass = true;
    if (Status s = on_page(page); !s) return s;
  }
  return {};
}

}  // namespace

Result<int64_t> judge_stored_answers(Store& store, const std::string& run, const Suite& suite,
                                     const OfflineJudge& judge,
                                     const std::function<void(int64_t)>& on_progress) {
  if (auto info = store.run_info(run); !info) return info.error();
  constexpr size_t kBatch = 512;
  int64_t judged = 0;
  Status paged = for_each_unjudged_page(
      store, run, "offline", kBatch, [](const AnswerRow&) { return true; },
      [&](std::vector<AnswerRow>& page) -> Status {
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
        if (Status s = store.write_verdicts(rows); !s) return s;
        judged += static_cast<int64_t>(rows.size());
        if (on_progress) on_progress(judged);
        return {};
      });
  if (!paged) return paged.error();
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
  Status paged = for_each_unjudged_page(
      store, run, judge.id(), judge.options().batch,
      [&](const AnswerRow& r) { return !skip.count(key_of(r)); },
      [&](std::vector<AnswerRow>& page) -> Status {
        std::vector<JudgeInput> inputs;
        inputs.reserve(page.size());
        for (const AnswerRow& row : page) inputs.push_back(stored_input(row, suite));
        if (Status s = judge.judge(inputs, verdicts, nullptr, cancel); !s) return s;
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
        if (Status s = store.write_verdicts(rows); !s) return s;
        stats.judged += static_cast<int64_t>(rows.size());
        if (on_progress) on_progress(stats.judged);
        return {};
      },
      cancel);
  if (!paged) return paged.error();
  return stats;
}

}  // namespace candor
