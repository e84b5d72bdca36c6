// Run: asks every probe of every target and stores each answer in SQLite. A run has a name and
// a fixed configuration; re-running the same name continues where it stopped (finished rows
// are never redone, duplicated or lost, even after kill -9). Later stages read answers and
// write verdicts through the Store.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "probes/probes.h"
#include "targets/targets.h"

namespace candor {

// Everything that determines a run's answers. Two invocations with the same name must agree on
// all of it (versions are recorded but may differ).
struct RunConfig {
  std::string name;
  std::vector<std::string> targets;  // specs as written (they never hold secrets)
  std::string suite_hash;
  std::vector<std::string> probe_ids;  // the selected probes, in order
  int samples = 1;
  SamplingParams sampling;
  uint64_t seed = 0;
  std::string system;             // system prompt, empty for none
  std::string chat_template;      // override template text, empty for the model's own
  std::string filter;             // human-readable description of --filter/--limit
  std::string candor_version;
  std::string llama_commit;

  std::string to_json() const;
  static Result<RunConfig> from_json(const std::string& json);
  // Empty when `other` asks for the same answers; otherwise says which field differs.
  std::string difference(const RunConfig& other) const;
};

// One stored answer: a (probe, target, sample) row.
struct AnswerRow {
  std::string run;
  std::string target;
  std::string probe_id;
  int sample = 0;
  Completion completion;  // completion.key unused
  int64_t started_at_ms = 0;
  int64_t finished_at_ms = 0;
};

// A verdict row written by a judge for one answer.
struct VerdictRow {
  std::string run, target, probe_id;
  int sample = 0;
  std::string judge;  // "offline" or "llm:SPEC"
  std::string verdict;
  double confidence = 0;
  std::string reasons_json;  // JSON array of strings
  int facts_found = 0;
  int facts_total = 0;
};

struct RunInfo {
  std::string name;
  RunConfig config;
  int64_t created_at_ms = 0;
  int64_t answers = 0;
  int64_t errors = 0;
};

// The SQLite database of runs, answers and verdicts. Schema versioned with migrations; a
// database written by a newer candor is refused. One Store per thread of use.
class Store {
 public:
  static constexpr int kSchemaVersion = 1;
  static Result<std::unique_ptr<Store>> open(const std::string& path, bool create = true);
  ~Store();

  // Creates the run, or checks that an existing run of that name has the same configuration.
  Status begin_run(const RunConfig& config);
  Result<RunInfo> run_info(const std::string& name);
  Result<std::vector<RunInfo>> list_runs();

  // Keys "target\x1fprobe\x1fsample" of rows that hold a successful answer.
  Result<std::vector<std::string>> finished_keys(const std::string& run, const std::string& target);
  // Inserts or replaces rows in one transaction.
  Status write_answers(const std::vector<AnswerRow>& rows);
  // Calls `fn` for every answer of `run` in (target, probe, sample) order; stops early on false.
  Status for_each_answer(const std::string& run, const std::function<bool(const AnswerRow&)>& fn);

  // Answers of `run` that `judge` has not judged yet (for resumable judging), in (target, probe,
  // sample) order; with `after`, only those whose key comes after it, so that reading page after
  // page costs the pages read, not the rows judged before them.
  struct Key {
    std::string target, probe_id;
    int sample = 0;
  };
  Status for_each_unjudged(const std::string& run, const std::string& judge,
                           const std::function<bool(const AnswerRow&)>& fn,
                           const Key* after = nullptr);
  Status write_verdicts(const std::vector<VerdictRow>& rows);
  Status for_each_verdict(const std::string& run, const std::string& judge,
                          const std::function<bool(const VerdictRow&)>& fn);

  const std::string& path() const { return path_; }

 private:
  struct Db;
  Store(std::string path, std::unique_ptr<Db> db);
  std::string path_;
  std::unique_ptr<Db> db_;
};

// Progress of a run, reported as answers are stored.
struct RunProgress {
  std::string target;
  int64_t done = 0;     // rows stored this invocation (ok + error)
  int64_t errors = 0;   // of which failed
  int64_t total = 0;    // rows this invocation set out to produce
  int64_t skipped = 0;  // rows already finished before this invocation
  double elapsed_s = 0;
  int64_t completion_tokens = 0;
};

struct RunOptions {
  std::function<void(const std::vector<RunProgress>&)> on_progress;  // called from run threads
  const std::atomic<bool>* cancel = nullptr;
  int flush_rows = 256;   // rows buffered before a transaction
  int flush_ms = 250;     // ... or time since the last one
};

struct RunSummary {
  std::vector<RunProgress> targets;
  bool cancelled = false;
};

// The (probe, sample) work of a run, before anything is asked.
struct RunPlan {
  struct Item {
    const Probe* probe;
    int sample;
    uint64_t seed;
  };
  std::vector<Item> items;
};
RunPlan plan_run(const RunConfig& config, const Suite& suite);
// The seed of sample `sample` of probe `probe_id`: depends only on these and the run seed.
uint64_t sample_seed(uint64_t run_seed, const std::string& probe_id, int sample);
// The chat messages sent for a probe.
std::vector<ChatMessage> probe_messages(const RunConfig& config, const Probe& probe);

// Executes (or resumes) a run: every target gets every planned item not already finished.
// Targets run concurrently, one thread each, and stay owned by the caller. Rows are stored in
// batched transactions.
Result<RunSummary> execute_run(const std::string& db_path, const RunConfig& config,
                               const Suite& suite, const std::vector<Target*>& targets,
                               const RunOptions& options);

// Writes every answer of a run as JSONL or CSV to `out` (a FILE*-like sink of text).
Status export_run(Store& store, const std::string& run, const std::string& format,
                  const std::function<void(const std::string&)>& write);

}  // namespace candor
