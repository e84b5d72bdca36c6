// Judge: gives each answer a verdict (answered, partial, deflected, state_narrative, refused,
// empty, error) with a confidence and the reasons behind it. The offline judge needs no model:
// it reads the answer with multilingual patterns, the probe's facts and narrative when known,
// the shape of the request and the reasoning trace. This header also holds the agreement
// metrics that measure the judge against human labels, and the JSONL file mode.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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
  // The matrix as indented text, headed "confusion (rows: ROWS, columns: COLUMNS)".
  std::string matrix_text(const std::string& rows, const std::string& columns) const;

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
// error, style); a directory stands for its *.jsonl files. Errors name file, line and field.
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
// The same for verdicts already given: `predictions[i]` is the verdict for `items[i]`; an item
// whose prediction is nullopt (no usable verdict) is left out.
EvalReport evaluate(const std::vector<LabeledAnswer>& items,
                    const std::vector<std::optional<Judgement>>& predictions);
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

// The verdict for one line of file mode, with string fields to add to the output line besides
// the usual ones (which judge decided, say).
struct FileVerdict {
  Judgement judgement;
  std::vector<std::pair<std::string, std::string>> extra;
};
// Judges a chunk of lines; `out` receives one FileVerdict per input, in order. An error stops
// the run (nothing is written).
using FileBatchJudge =
    std::function<Status(std::span<const JudgeInput> inputs, std::vector<FileVerdict>& out)>;
// judge_file with any judge: lines are read and judged `chunk` at a time (memory stays bounded
// by the chunk), otherwise as above.
Status judge_file_chunked(const FileBatchJudge& judge, size_t chunk, const std::string& input_path,
                          const std::string& output_path, const ProbeLookup& lookup,
                          FileJudgeStats* stats);

// --- Stored answers ---------------------------------------------------------------------------

// Judges the answers of `run` that have no "offline" verdict yet and stores the verdicts, a
// page at a time, so it resumes after an interruption and can follow a run still in progress.
// Probes are looked up in `suite` for facts and narrative. Returns how many were judged.
Result<int64_t> judge_stored_answers(Store& store, const std::string& run, const Suite& suite,
                                     const OfflineJudge& judge,
                                     const std::function<void(int64_t)>& on_progress = {});

// --- LLM judge --------------------------------------------------------------------------------
// A judge that asks a model (any Target: embedded `gguf:` or `openai:`) with candor's rubric and
// reads back a JSON verdict {verdict, confidence, reasons}. The question and the answer under
// judgement are untrusted text: each goes to the judge between marker lines that carry a fresh
// random nonce, as a JSON string literal, so nothing inside can close the fence or pass for the
// judge's own output. Replies that cannot be read are reported, never guessed. Verdicts are
// stored under the judge id "llm:" + the target's name, which makes the database a cache;
// file mode and `judge eval` keep a cache file keyed by content.

// The rubric's version: part of every cache key, so answers are judged again when it changes.
inline constexpr int kLlmRubricVersion = 1;

// The judge id of verdicts given through `target`: "llm:" + its name (credentials masked).
std::string llm_judge_id(const Target& target);

// 32 hex digits from the operating system's cryptographic random source.
std::string new_fence_nonce();

// The chat messages that ask a judge model about `input`: the rubric (system, the same for every
// request) and the fenced material (user). `nonce` must not occur in the fenced texts;
// llm_judge_messages picks a fresh one.
std::vector<ChatMessage> llm_judge_messages(const JudgeInput& input, const std::string& nonce);

// A judge model's reply, read.
struct LlmReply {
  bool ok = false;      // a verdict was read
  Judgement judgement;  // when ok: verdict, confidence in [0, 1], reasons
  std::string problem;  // when not ok: what was wrong ("no JSON object", "unknown verdict ...")
};
// Reads a reply: a JSON object alone, in a ``` fence or amid prose, after a <think> block or not.
// Verdict names are read leniently ("State narrative" is state_narrative); a missing confidence
// is 0.5. No object with a verdict, an unknown verdict, or several objects that disagree give
// ok = false. Never throws, whatever the input.
LlmReply parse_llm_reply(std::string_view reply);

// The verdict an LLM judge gave one answer, and how it was obtained.
struct LlmVerdict {
  enum class Source {
    model,  // asked the model
    cache,  // the model's earlier verdict, from the cache
    rule,   // decided without asking: a failed request is `error`, no answer text is `empty`
    none,   // no usable verdict: the request failed or the reply could not be read
  };
  Source source = Source::none;
  Judgement judgement;  // unless source is none
  std::string problem;  // when source is none
  bool usable() const { return source != Source::none; }
};

// Verdicts of one LLM judge by content, in memory, optionally backed by a JSONL file that each
// new verdict is appended to (so an interrupted run keeps what it paid for). Keys cover the
// judge id, the rubric version and everything sent about the answer.
class LlmVerdictCache {
 public:
  // An empty cache; with `path`, loads it when the file exists and appends to it. A corrupt line
  // is an error naming file and line; a last line cut short by a crash is ignored.
  static Result<LlmVerdictCache> open(const std::string& path);
  LlmVerdictCache() = default;

  static std::string key(const std::string& judge_id, const JudgeInput& input);
  const Judgement* find(const std::string& key) const;
  Status put(const std::string& key, const Judgement& judgement);
  size_t size() const { return entries_.size(); }

 private:
  std::string path_;
  std::unordered_map<std::string, Judgement> entries_;
};

struct LlmJudgeOptions {
  int max_tokens = 512;  // room for a reasoning model's thinking before the JSON
  size_t batch = 64;     // answers handed to the target at once (it runs them concurrently)
};

// Judges answers by asking a model. Holds a reference to the target, which must outlive it; not
// thread-safe (one generate() at a time, as Target requires).
class LlmJudge {
 public:
  explicit LlmJudge(Target& target, LlmJudgeOptions options = {});
  const std::string& id() const { return id_; }
  const LlmJudgeOptions& options() const { return options_; }

  // One LlmVerdict per input in `out`. Inputs found in `cache` (may be null) are not asked; new
  // usable verdicts are put in it. Stops asking when `cancel` becomes true (the rest get
  // source none).
  Status judge(std::span<const JudgeInput> inputs, std::vector<LlmVerdict>& out,
               LlmVerdictCache* cache = nullptr, const std::atomic<bool>* cancel = nullptr);
  // Requests sent to the model so far.
  int64_t requests() const { return requests_; }

 private:
  Target& target_;
  LlmJudgeOptions options_;
  std::string id_;
  int64_t requests_ = 0;
};

// Agreement between two judges over the same answers: rows are the first judge, columns the
// second; the seven verdicts, the three classes and censored/answered (errors left out).
struct JudgeAgreement {
  std::string first, second;  // judge ids
  Confusion verdicts{{}}, classes{{}}, binary{{}};
  JudgeAgreement(std::string first_judge, std::string second_judge);
  void add(Verdict first_verdict, Verdict second_verdict);
};
// Percentage agreement, Cohen's kappa and the confusion matrices, as text or JSON.
std::string format_agreement_text(const JudgeAgreement& a);
std::string format_agreement_json(const JudgeAgreement& a);
// The agreement of judges `first` and `second` over the answers of `run` both have judged.
Result<JudgeAgreement> stored_agreement(Store& store, const std::string& run,
                                        const std::string& first, const std::string& second);

struct LlmStoredStats {
  int64_t judged = 0;                 // verdicts stored (asked or decided by rule)
  int64_t unusable = 0;               // left without a verdict this time; judged again next time
  std::vector<std::string> problems;  // the first few, "probe/sample: problem"
};
// Judges the answers of `run` that have no verdict from `judge` yet and stores the usable
// verdicts a page at a time under judge.id(); answers without a usable verdict stay unjudged, so
// running again asks only for them.
Result<LlmStoredStats> judge_stored_answers_llm(
    Store& store, const std::string& run, const Suite& suite, LlmJudge& judge,
    const std::function<void(int64_t)>& on_progress = {},
    const std::atomic<bool>* cancel = nullptr);

struct LlmFileStats {
  FileJudgeStats file;
  int64_t from_model = 0, from_cache = 0, by_rule = 0, fallback = 0;
  JudgeAgreement agreement{"offline", ""};  // the offline judge against the LLM judge
};
// File mode with an LLM judge: as judge_file, chunked; each output line also gets "judge" (the
// id that decided). A line the model could not judge gets the offline verdict, "judge":
// "offline" and "llm_problem". `cache` may be null.
Status judge_file_llm(LlmJudge& judge, const OfflineJudge& fallback, LlmVerdictCache* cache,
                      const std::string& input_path, const std::string& output_path,
                      const ProbeLookup& lookup, LlmFileStats* stats);

}  // namespace candor
