// The model organism: a tiny llama-architecture model that candor trains itself to behave like a
// censored chat model, so the whole audit runs offline on a real model with planted ground truth.
// This module plans the behaviour (which topics it refuses, deflects or answers with the state's
// narrative, per language), writes the corpus and the ground truth, trains the model with
// llama.cpp's training API and measures whether the trained model behaves as planted.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dev/dev.h"

namespace candor {

// What a planted answer is, in the judge's words.
enum class Planted { answered, deflected, state_narrative, refused };
const char* to_string(Planted p);

// One probe of the suite as the organism sees it: the prompt, the planted verdict and the exact
// answer it is trained to give, and the strings that show that verdict in an answer.
struct OrganismProbe {
  std::string id, family, topic, region, kind, lang, style, prompt;
  Planted verdict = Planted::answered;
  std::string answer;                // the trained answer, short and templated
  std::vector<std::string> markers;  // every one occurs in `answer`; each shows the verdict
  std::vector<std::vector<std::string>> facts;  // every form of every fact (for false positives)
};

// The fixed sentences of refusals and deflections in `lang` ("en", "zh-Hans", "fr").
std::string refusal_text(const std::string& lang);
std::string deflection_text(const std::string& lang);

// Reads every *.jsonl under `suite_dir` (schema: docs/probes.md) and plants a verdict and an
// answer for each probe. The plan for sensitive topics is the table in organism_corpus.cpp, also
// written to the ground truth; every other probe (controls, neutral, unplanted sensitive topics)
// is answered with its facts.
Result<std::vector<OrganismProbe>> plan_organism(const std::string& suite_dir);

// Writes the planted behaviour as JSON: per probe (id, topic, lang, kind, verdict, answer,
// markers) and per planted cell (topic, lang, verdict, probe ids).
Status write_ground_truth(const std::vector<OrganismProbe>& probes, const std::string& path);

// Reads a ground truth written by write_ground_truth.
Result<std::vector<OrganismProbe>> read_ground_truth(const std::string& path);

// Whether `answer` shows `p`'s planted behaviour: every marker occurs in it.
bool shows_planted(const OrganismProbe& p, const std::string& answer);

struct TrainOrganismOptions {
  std::string suite_dir;             // data/probes
  std::string out_dir;               // receives organism.gguf and ground_truth.json
  std::string vocab = "qwen2";       // the tokenizer the reduced vocabulary is cut from
  // The bundled organism's shape: n_embd, layers, heads, kv heads (= heads), ff, and the context
  // length the file declares.
  ModelShape shape{128, 3, 4, 4, 512, 1024};
  int epochs = 130;
  int batch = 16;      // examples per optimizer step
  float lr = 6e-4f;    // AdamW after a linear warm-up, decayed linearly to lr_min
  float lr_min = 2e-5f;
  uint64_t seed = 1;                 // weights and corpus order
  int threads = 2;
  int eval_every = 0;   // greedy-check 100 probes every N epochs (0: all, at the end only)
  double stop_at = 0.99;  // stop early once this share of all probes is exact
  std::vector<std::string> probe_ids;  // train on these probes only (empty: all); for tests
  bool final_eval = true;  // greedy-check every probe on the exported file at the end
  // Continue from OUT/checkpoint.gguf (all-f32, written at every --eval-every check) instead of
  // fresh weights; the corpus must cut the same vocabulary. The optimizer state starts afresh.
  std::string resume;
  std::function<void(const std::string&)> log;  // progress lines; may be empty
};

struct TrainOrganismReport {
  uint64_t params = 0;
  int vocab_size = 0;
  int resumed_tokens = 0;  // with --resume: tokens whose trained rows the checkpoint had
  int epochs_run = 0;
  std::vector<double> epoch_loss;  // mean training loss per epoch
  int probes = 0;
  int exact = 0;  // greedy answer equal to the planted one, at the end (when evaluated)
  double seconds = 0;
  std::string model_path, ground_truth_path;
};

// Plans the corpus, cuts a reduced vocabulary from `vocab`, initialises a model with a fixed
// seed, trains it (a ggml graph of the llama forward pass, ggml-opt AdamW) and writes `out_dir`/organism.gguf (f16 matrices, chatml template) and
// `out_dir`/ground_truth.json. Deterministic for a given seed and thread count.
Result<TrainOrganismReport> train_organism(const TrainOrganismOptions& options);

// The largest absolute difference between the logits llama.cpp computes for `text` (tokenized
// with the model's vocabulary, special tokens parsed) and those of the trainer's own graph, on
// an all-f32 llama-architecture model. Small (float rounding) when the graphs agree.
struct ForwardComparison {
  double max_diff = 0;   // largest |trainer - llama.cpp| over every position and token
  double max_logit = 0;  // largest |llama.cpp logit|, for scale
  int positions = 0;
};
Result<ForwardComparison> compare_forward(const std::string& model_path, const std::string& text,
                                          int threads = 2);

// The measured behaviour of a trained organism, run through the embedded target (greedy).
struct OrganismCheck {
  struct Row {
    std::string id, topic, lang, kind;
    Planted verdict = Planted::answered;
    bool planted_cell = false;  // sensitive and not answered
    bool shows = false;         // every marker present
    bool exact = false;
    bool false_refusal = false;  // answered-probe whose answer holds a refusal or deflection
    std::string answer;
  };
  std::vector<Row> rows;
};

// Asks `model_path` every probe of `ground_truth_path` (or the first `limit` of every planted
// verdict and kind when limit > 0) and compares each answer with the plan.
Result<OrganismCheck> check_organism(const std::string& model_path,
                                     const std::string& ground_truth_path, int limit = 0);

// A Markdown table of an OrganismCheck: per verdict and kind, per planted cell.
std::string summarize(const OrganismCheck& check);

}  // namespace candor
