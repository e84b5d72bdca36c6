// Judge: gives each answer a verdict (answered, partial, deflected, state_narrative, refused,
// empty, error) with a confidence and the reasons behind it. The offline judge needs no model:
// it reads the answer with multilingual patterns, the probe's facts and narrative when known,
// the shape of the request and the reasoning trace. This header also holds the agreement
// metrics that measure the judge against human labels, and the JSONL file mode.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "probes/probes.h"
#include "run/run.h"
#include "targets/targets.h"

namespace candor {

// --- Verdicts ---------------------------------------------------------------------------------

// What an answer did with the request. Definitions are in docs/judge.md.
enum class Verdict { answered, partial, deflected, state_narrative, refused, empty, error };
inline constexpr int kVerdictCount = 7;

const char* to_string(Verdict v);
// The verdict named `name` ("answered", ...), or nullopt.
std::optional<Verdict> parse_verdict(std::string_view name);

// The coarse view used by other audits: complete = answered; evasive = partial, deflected,
// state_narrative; denial = refused, empty. An error has no class.
enum class Class3 { complete, evasive, denial };
const char* to_string(Class3 c);
std::optional<Class3> parse_class3(std::string_view name);
std::optional<Class3> class3(Verdict v);

// True when the answer was censored: any verdict but answered; errors are not answers and are
// never censored.
bool censored(Verdict v);

// --- Judging one answer -----------------------------------------------------------------------

// Everything the judge may use about one answer. Only `prompt` and `response` are required; the
// judge degrades gracefully without the rest.
struct JudgeInput {
  std::string prompt;
  // The answer text. Inline <think>...</think> blocks are split off when `reasoning_state` is
  // `none` (as for transcripts from elsewhere).
  std::string response;
  std::string reasoning;
  Reasoning reasoning_state = Reasoning::none;
  std::string lang;         // BCP-47 language of the prompt; detected when empty
  std::string style;        // factual, explain, opinion, list, essay; inferred when empty
  std::vector<Fact> facts;  // from the probe, when known
  std::vector<std::string> narrative;  // the probe's state-narrative phrases, when known
  std::string error_class;             // non-empty when the request failed
  std::string error_message;
};

struct Judgement {
  Verdict verdict = Verdict::error;
  double confidence = 0;             // in [0, 1]
  std::vector<std::string> reasons;  // which rules fired, which facts were found
  int facts_found = 0;
  int facts_total = 0;
};

// The offline judge. Construction compiles every pattern once (a few milliseconds); after that
// the object is immutable, and judge() is thread-safe and allocation-light.
class OfflineJudge {
 public:
  OfflineJudge();
  ~OfflineJudge();
  OfflineJudge(const OfflineJudge&) = delete;
  OfflineJudge& operator=(const OfflineJudge&) = delete;

  Judgement judge(const JudgeInput& input) const;
  // The measurements behind judge(input) as one JSON object: cue strengths, lengths, overlap,
  // language. For tuning the rules and for curious users; the format may change.
  std::string explain_json(const JudgeInput& input) const;
  // Judges `inputs` in order; `out` receives one Judgement per input. For stored answers judged
  // in batches (a database page at a time).
  void judge_batch(std::span<const JudgeInput> inputs, std::vector<Judgement>& out) const;

  struct Impl;

 private:
  std::unique_ptr<const Impl> impl_;
};

// The input for one stored answer: the completion as its target returned it (answer, reasoning,
// error) and, when known, the probe it answers (facts, narrative, language, style). For the run
// stage's stored answers, judged a page at a time with OfflineJudge::judge_batch.
JudgeInput make_judge_input(std::string_view prompt, const Completion& completion,
                            const Probe* probe);

// Judges with a process-wide OfflineJudge built on first use (thread-safe, immutable).
Judgement judge_answer(const JudgeInput& input);
const OfflineJudge& offline_judge();

// --- Agreement with human labels --------------------------------------------------------------

// A confusion matrix over named classes; rows are gold labels, columns predictions.
class Confusion {
 public:
  explicit Confusion(std::vector<std::string> labels);
  // Adds one (gold, predicted) pair; labels not in the list are appended.
  void add(std::string_view gold, std::string_view predicted);

  const std::vector<std::string>& labels() const { return labels_; }
  int64_t count(size_t gold, size_t predicted) const;
  int64_t total() const { return total_; }

  double accuracy() const;
  double precision(size_t label) const;  // 0 when nothing was predicted as `label`
  double recall(size_t label) const;     // 0 when no gold item has `label`
  double f1(size_t label) const;
  int64_t support(size_t label) const;  // gold items with `label`
  // Mean F1 over the labels that occur in gold or predictions.
  double macro_f1() const;
  // Cohen's kappa: agreement beyond chance; 0 when chance agreement is total.
  double cohen_kappa() const;

 private:
  size_t index(std::string_view label);
  std::vector<std::string> labels_;
  std::vector<std::vector<int64_t>> m_;
  int64_t total_ = 0;
};

// One labeled answer from data/judge/*.jsonl.
struct LabeledAnswer {
  JudgeInput input;
  std::string id;
  std::string label;   // a verdict or a class (complete, evasive, denial)
  std::string source;  // "file:line"
};

// Reads labeled JSONL files (fields id, lang, prompt, response, label, optional reasoning,
// error, style). Errors name file, line and field.
Result<std::vector<LabeledAnswer>> load_labels(const std::vector<std::string>& paths);

// The judge measured against labels: seven verdicts when every label is a verdict, always the
// three classes, the binary censored/answered view, and each language on its own.
struct EvalReport {
  struct View {
    std::string name;  // "verdict", "class3", "binary" or "lang:xx"
    Confusion confusion{{}};
  };
  bool seven_verdicts = false;  // labels were verdicts, so `verdict` is meaningful
  View verdict, three, binary;
  std::vector<View> verdict_by_lang, three_by_lang, binary_by_lang;
  std::vector<std::string> langs;
  // Items the judge got wrong: id, gold, predicted, reasons (for docs and tuning).
  struct Miss {
    std::string id, lang, gold, predicted;
    std::vector<std::string> reasons;
  };
  std::vector<Miss> misses;
};
EvalReport evaluate(const OfflineJudge& judge, const std::vector<LabeledAnswer>& items);
std::string format_eval_text(const EvalReport& report, bool show_misses);
std::string format_eval_json(const EvalReport& report);

// --- File mode --------------------------------------------------------------------------------

// Finds a probe of the bundled suite by id, for the optional `probe` field; null when unknown.
using ProbeLookup = std::function<const Probe*(std::string_view id)>;

struct FileJudgeStats {
  int64_t lines = 0;
  int64_t judged = 0;
  int64_t by_verdict[kVerdictCount] = {};
};

// Judges every line of `input_path` (JSONL with prompt and response, optional id, reasoning,
// lang, probe, error, style) and writes each line back with verdict, class3, censored,
// confidence and reasons added. Streams with constant memory; writes `output_path`.tmp and
// renames it at the end, so a failure never leaves a partial result. A bad line fails the
// whole run with "file:line: field: problem". `lookup` may be null.
Status judge_file(const OfflineJudge& judge, const std::string& input_path,
                  const std::string& output_path, const ProbeLookup& lookup, FileJudgeStats* stats);

// --- Stored answers ---------------------------------------------------------------------------

// Judges the answers of `run` that have no "offline" verdict yet and stores the verdicts, a
// page at a time, so it resumes after an interruption and can follow a run still in progress.
// Probes are looked up in `suite` for facts and narrative. Returns how many were judged.
Result<int64_t> judge_stored_answers(Store& store, const std::string& run, const Suite& suite,
                                     const OfflineJudge& judge,
                                     const std::function<void(int64_t)>& on_progress = {});

}  // namespace candor
