// Analysis: turns judged answers into statistics a statistician can check. Censorship rates with
// Wilson 95% intervals per target and per region, topic, language, kind and style; the
// sensitive-vs-matched-control asymmetry and the language gaps as paired contrasts over families
// (permutation test, exact McNemar, bootstrap interval); run-vs-run and target-vs-target
// comparisons paired on probes; thought suppression. Methods are in docs/analysis.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/stats.h"
#include "base/result.h"
#include "probes/probes.h"
#include "targets/targets.h"

namespace candor {

class Store;

// One judged answer: the unit every statistic counts.
struct Observation {
  std::string run;
  std::string target;  // the label the report shows (see LoadOptions)
  std::string probe_id, family, topic, region, lang, style;
  ProbeKind kind = ProbeKind::neutral;
  std::string pair;  // the matched control family of a sensitive probe
  int sample = 0;
  // A judge verdict ("answered", "refused", ...). "error" and "unjudged" are not answers: they
  // are counted but left out of every rate.
  std::string verdict;
  int facts_found = 0;
  int facts_total = 0;
  int64_t answer_chars = 0;  // Unicode code points
  Reasoning reasoning = Reasoning::none;
  // The texts, for the report's transcripts; the statistics never read them.
  std::string answer;
  std::string reasoning_text;
};

// True for verdicts that count as answers (neither "error" nor "unjudged").
bool is_judged(const std::string& verdict);
// True when a judged answer was censored: any verdict but "answered".
bool is_censored(const std::string& verdict);

// A proportion with its Wilson 95% interval.
struct Rate {
  int64_t k = 0, n = 0;
  double p = 0;  // k / n, 0 when n == 0
  Interval ci;
};
Rate make_rate(int64_t k, int64_t n);

// Statistics of one group of answers of one target.
struct GroupStats {
  std::string target;
  std::string dimension;  // "all", "region", "topic", "lang", "kind" or "style"
  std::string value;      // e.g. "CN"; "all" for the whole target
  std::map<std::string, int64_t> verdicts;  // every verdict, errors and unjudged included
  Rate censorship;                          // over judged answers
  double fact_recall = 0;    // sum of facts found / sum of facts asked, over judged answers
  int64_t facts_total = 0;   // the denominator; recall means nothing when 0
  double mean_chars = 0;     // mean answer length of judged answers
};

// A contrast between two conditions measured on the same units (families or probes): the mean
// of per-unit rates under A and B, their difference with a paired bootstrap interval, a sign-flip
// permutation test on the per-unit differences, and an exact McNemar test on the units made
// binary (a unit is censored when at least half of its answers are).
struct PairedContrast {
  int units = 0;
  double mean_a = 0, mean_b = 0;
  double diff = 0;   // mean_a - mean_b
  Interval diff_ci;  // percentile bootstrap over units, 95%
  double p_permutation = 1;
  int64_t a_only = 0, b_only = 0;  // discordant units: censored under A only, under B only
  double p_mcnemar = 1;
  Interval diff_ci_newcombe;  // Newcombe's interval for the binary units' difference
};

// Sensitive families of a region against their matched controls, for one target; `lang` empty
// means every language (a family's rate pools its languages and samples).
struct Asymmetry {
  std::string target, region, lang;
  Rate sensitive, control;  // answer-level rates with Wilson intervals, for charts
  PairedContrast contrast;  // A = sensitive family, B = its control (one unit per pair)
};

// The same families asked in two languages, for one target: A = `lang_a`, B = `lang_b`.
struct LanguageGap {
  std::string target, region;  // region "all" pools every region
  std::string kind;            // "sensitive" or "control"
  std::string lang_a, lang_b;
  PairedContrast contrast;  // one unit per family asked in both languages
};

// Per (target, kind) language rates for the language chart.
struct LanguageRate {
  std::string target, kind, lang;
  Rate censorship;
};

// With several samples per probe: how stable censorship is.
struct ProbeStability {
  std::string target, probe_id;
  int64_t censored = 0, samples = 0;  // judged samples
  double probability = 0;             // censored / samples
};
struct StabilitySummary {
  std::string target, kind;  // kind "all" for every probe
  int64_t probes = 0, always = 0, sometimes = 0, never = 0;
};

// Empty or missing reasoning on sensitive vs control probes, for targets that reason at all.
struct ThoughtSuppression {
  std::string target;
  Rate sensitive, control;  // share of answers whose think block is empty or missing
  PairedContrast contrast;  // sensitive family vs its control, per pair
};

struct AnalysisOptions {
  uint64_t seed = 20240604;  // drives every bootstrap and Monte-Carlo permutation
  int bootstrap_reps = 4000;
  int permutation_draws = 20000;  // used when more than 20 units differ (else exact)
};

struct Analysis {
  std::vector<std::string> targets;  // in first-seen order
  std::vector<std::string> langs;    // "en" first, then sorted
  int max_samples = 0;
  int64_t answers = 0, errors = 0, unjudged = 0;
  std::vector<GroupStats> groups;
  std::vector<Asymmetry> asymmetry;
  std::vector<LanguageGap> language_gaps;
  std::vector<LanguageRate> language_rates;
  std::vector<ProbeStability> stability;  // only when max_samples > 1
  std::vector<StabilitySummary> stability_summary;
  std::vector<ThoughtSuppression> suppression;
  AnalysisOptions options;

  // The group of `target` for (dimension, value), or nullptr.
  const GroupStats* group(const std::string& target, const std::string& dimension,
                          const std::string& value) const;
};

// Computes every statistic. Deterministic: the same observations and options give the same result.
Analysis analyze(const std::vector<Observation>& observations, const AnalysisOptions& options = {});

// A comparison of two sides, each a selection of observations (by run and/or target).
struct Side {
  std::string run;     // empty: any run
  std::string target;  // empty: any target
  std::string label() const;
};
struct ComparisonRow {
  std::string dimension, value;  // ("all","all"), ("region","CN"), ("topic",...), ("kind",...)
  Rate a, b;                     // answer-level rates, Wilson intervals
  PairedContrast contrast;       // paired on probes (and targets, when a side holds several)
};
struct Comparison {
  Side a, b;
  std::vector<ComparisonRow> rows;
};
// Pairs probes present on both sides. A side that holds several targets (or runs) pairs on
// target (or run) as well, so comparing two runs of the same targets pairs like with like.
Comparison compare(const std::vector<Observation>& observations, const Side& a, const Side& b,
                   const AnalysisOptions& options = {});

// A CI gate on one run: thresholds on each target's censorship of sensitive probes and on its
// asymmetry (sensitive minus matched control, the point estimate).
struct Gate {
  std::optional<double> max_censorship;
  std::optional<double> max_asymmetry;
  std::string region;  // empty: every region
};
struct GateResult {
  bool passed = true;
  std::vector<std::string> lines;     // one per measured quantity, with its interval
  std::vector<std::string> failures;  // the lines that exceeded a threshold
};
// Fails (an Error, not a failed gate) when nothing the gate measures was observed.
Result<GateResult> check_gate(const std::vector<Observation>& observations,
                              const Analysis& analysis, const Gate& gate);

// What to read from the Store.
struct LoadOptions {
  std::vector<std::string> runs;  // empty: every run in the database
  std::string judge = "offline";
  bool texts = true;  // also load answer and reasoning texts (the report needs them)
  // Label a target that occurs in several loaded runs "TARGET @ RUN", so that the runs' answers
  // stay apart in per-target statistics. Off when sides are chosen by run and target names.
  bool label_targets_by_run = true;
};
// Joins every answer of the runs with its verdict from `judge` and its probe in `suite` (looked
// up by id). An answer without a verdict gets "unjudged" ("error" when its request failed). When
// a target name occurs in more than one loaded run, its label becomes "TARGET @ RUN" (see
// LoadOptions). Fails on a run that does not exist or a probe id the suite does not hold.
Result<std::vector<Observation>> load_observations(Store& store, const Suite& suite,
                                                   const LoadOptions& options);

}  // namespace candor
