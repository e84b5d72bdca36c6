// `candor judge`: verdicts for stored answers and for transcripts (file mode), offline or with an
// LLM judge; `candor judge eval`: a judge measured against labeled answers; `candor judge
// agree`: two judges compared. Wiring only; the judges are in src/judge.
#include "judge/judge.h"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/text.h"
#include "cli/cli.h"
#include "probes/probes.h"

namespace candor::cli {
namespace {

// Which judge gives the verdicts: the offline judge, or a model asked with the rubric.
struct JudgeChoice {
  std::string judge = "offline";  // offline or llm:TARGET_SPEC
  std::string cache;              // LLM verdict cache file (file mode and eval)
  int max_tokens = 512;
  size_t batch = 64;
  bool llm() const { return judge.starts_with("llm:"); }
};

struct JudgeOptions {
  std::string db, run;
  std::string input, output;
  std::vector<std::string> suites;
  bool no_bundled = false;
  bool quiet = false;
  JudgeChoice choice;
};

struct EvalOptions {
  std::vector<std::string> labels;
  bool json = false;
  bool misses = false;
  double min_macro_f1 = -1;
  std::string explain;  // write the offline judge's measurements of every item here
  JudgeChoice choice;
};

struct AgreeOptions {
  std::string db, run;
  std::string judge, with = "offline";
  bool json = false;
};

// Set by SIGINT/SIGTERM while an LLM judge works on stored answers: it stops asking, keeps the
// verdicts it has and exits.
std::atomic<bool> g_interrupted{false};
extern "C" void on_judge_interrupt(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

// The target behind --judge llm:SPEC, or an error message.
Result<std::unique_ptr<Target>> open_judge_target(const JudgeChoice& c) {
  if (!c.llm()) {
    return Error{
        "judge: --judge must be 'offline' or 'llm:TARGET_SPEC' (for example "
        "llm:openai:http://127.0.0.1:8080/v1#judge-model), not '" +
        c.judge + "'"};
  }
  auto spec = parse_target_spec(std::string_view(c.judge).substr(4));
  if (!spec) return Error{"judge: " + spec.error().message};
  auto target = open_target(spec.value(), TargetOptions{});
  if (!target) return Error{"judge: " + target.error().message};
  return std::move(target.value());
}

Status check_choice(const JudgeChoice& c) {
  if (c.judge != "offline" && !c.llm()) {
    return Error{"judge: --judge must be 'offline' or 'llm:TARGET_SPEC', not '" + c.judge + "'"};
  }
  if (!c.llm() && !c.cache.empty()) return Error{"judge: --cache needs --judge llm:SPEC"};
  return {};
}

LlmJudgeOptions llm_options(const JudgeChoice& c) {
  LlmJudgeOptions o;
  o.max_tokens = c.max_tokens;
  o.batch = c.batch;
  return o;
}

// Judges a stored run: only answers without a verdict from this judge, so it resumes and can
// follow a run that is still writing. With an LLM judge the offline verdicts are made first
// (they cost nothing), so that the two can be compared at the end.
int run_db_mode(const JudgeOptions& o) {
  if (o.run.empty()) return input_error("judge: --db needs --run NAME");
  auto suite = load_suites(SuiteOptions{o.suites, !o.no_bundled});
  if (!suite) return input_error(suite.error().message);
  std::unique_ptr<Target> target;
  if (o.choice.llm()) {
    auto t = open_judge_target(o.choice);
    if (!t) return input_error(t.error().message);
    target = std::move(t.value());
  }
  auto store = Store::open(o.db, /*create=*/false);
  if (!store) return input_error(store.error().message);
  auto judged = judge_stored_answers(*store.value(), o.run, suite.value(), offline_judge());
  if (!judged) return input_error(judged.error().message);
  if (!target) {
    if (!o.quiet) fmt::print("judged {} answers of run '{}' in {}\n", *judged, o.run, o.db);
    return kExitOk;
  }
  LlmJudge judge(*target, llm_options(o.choice));
  std::signal(SIGINT, on_judge_interrupt);
  std::signal(SIGTERM, on_judge_interrupt);
  auto stats = judge_stored_answers_llm(
      *store.value(), o.run, suite.value(), judge,
      [&](int64_t n) {
        if (!o.quiet) fmt::print(stderr, "\r{}: {} answers judged", terminal_safe(judge.id()), n);
      },
      &g_interrupted);
  if (!o.quiet) fmt::print(stderr, "\n");
  if (!stats) return input_error(stats.error().message);
  if (!o.quiet) {
    fmt::print("judged {} answers of run '{}' in {} with {} ({} requests)\n", stats->judged, o.run,
               o.db, terminal_safe(judge.id()), judge.requests());
    auto agreement = stored_agreement(*store.value(), o.run, "offline", judge.id());
    if (agreement) fmt::print("{}", format_agreement_text(agreement.value()));
  }
  if (g_interrupted.load()) {
    fmt::print(stderr, "interrupted: re-run the same command to continue where it stopped\n");
    return 130;
  }
  if (stats->unusable > 0) {
    fmt::print(stderr,
               "{} answers got no usable verdict from the judge model; re-run the same command to "
               "ask again. First problems:\n",
               stats->unusable);
    for (const std::string& p : stats->problems) fmt::print(stderr, "  {}\n", terminal_safe(p));
    return kExitGate;
  }
  return kExitOk;
}

std::string verdict_counts(const FileJudgeStats& stats) {
  std::string counts;
  for (int v = 0; v < kVerdictCount; ++v) {
    if (stats.by_verdict[v] == 0) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", stats.by_verdict[v],
                          to_string(static_cast<Verdict>(v)));
  }
  return counts;
}

// File mode with an LLM judge: verdicts cached in a file by content, the offline verdict for
// lines the model could not judge, and the agreement of the two judges at the end.
int run_file_mode_llm(const JudgeOptions& o, const ProbeLookup& lookup) {
  auto target = open_judge_target(o.choice);
  if (!target) return input_error(target.error().message);
  const std::string cache_path =
      o.choice.cache.empty() ? o.output + ".llm-cache.jsonl" : o.choice.cache;
  auto cache = LlmVerdictCache::open(cache_path);
  if (!cache) return input_error(cache.error().message);
  LlmJudge judge(*target.value(), llm_options(o.choice));
  LlmFileStats stats;
  const Status st =
      judge_file_llm(judge, offline_judge(), &cache.value(), o.input, o.output, lookup, &stats);
  if (!st) return input_error(st.error().message);
  if (!o.quiet) {
    const std::string counts = verdict_counts(stats.file);
    fmt::print("judged {} answers into {}{}{}\n", stats.file.judged, o.output,
               counts.empty() ? "" : ": ", counts);
    fmt::print(
        "{}: {} judged by the model ({} requests), {} from the cache ({}), {} decided "
        "without asking, {} fell back to the offline judge\n",
        terminal_safe(judge.id()), stats.from_model, judge.requests(), stats.from_cache, cache_path,
        stats.by_rule, stats.fallback);
    fmt::print("{}", format_agreement_text(stats.agreement));
  }
  if (stats.fallback > 0) {
    fmt::print(stderr,
               "answers with the offline verdict because the judge model gave no usable one: {} "
               "(see \"llm_problem\"); run again to ask for them\n",
               stats.fallback);
    return kExitGate;
  }
  return kExitOk;
}

int run_file_mode(const JudgeOptions& o) {
  if (Status s = check_choice(o.choice); !s) return input_error(s.error().message);
  if (!o.db.empty()) return run_db_mode(o);
  if (o.input.empty() || o.output.empty()) {
    return input_error(
        "judge: give --db PATH --run NAME, or --input IN.jsonl --output OUT.jsonl (or 'judge "
        "eval')");
  }
  // The suite, for lines that name a probe: its facts and narrative sharpen the verdict.
  auto suite = load_suites(SuiteOptions{o.suites, !o.no_bundled});
  if (!suite) return input_error(suite.error().message);
  const Suite& s = suite.value();
  const ProbeLookup lookup = [&s](std::string_view id) { return s.find(id); };
  if (o.choice.llm()) return run_file_mode_llm(o, lookup);
  FileJudgeStats stats;
  const Status st = judge_file(offline_judge(), o.input, o.output, lookup, &stats);
  if (!st) return input_error(st.error().message);
  if (!o.quiet) {
    const std::string counts = verdict_counts(stats);
    fmt::print("judged {} answers into {}{}{}\n", stats.judged, o.output,
               counts.empty() ? "" : ": ", counts);
  }
  return kExitOk;
}

// The LLM judge's verdicts for labeled answers; nullopt where it gave none (reported).
Result<std::vector<std::optional<Judgement>>> llm_predictions(
    const JudgeChoice& choice, const std::vector<LabeledAnswer>& items) {
  auto target = open_judge_target(choice);
  if (!target) return target.error();
  auto cache = LlmVerdictCache::open(choice.cache);
  if (!cache) return cache.error();
  LlmJudge judge(*target.value(), llm_options(choice));
  std::vector<JudgeInput> inputs;
  for (const LabeledAnswer& a : items) inputs.push_back(a.input);
  std::vector<LlmVerdict> verdicts;
  if (Status s = judge.judge(inputs, verdicts, &cache.value()); !s) return s.error();
  std::vector<std::optional<Judgement>> out;
  int64_t missing = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i].usable()) {
      out.emplace_back(verdicts[i].judgement);
    } else {
      out.emplace_back();
      if (++missing <= 5) {
        fmt::print(stderr, "{}: no usable verdict: {}\n", items[i].source,
                   terminal_safe(verdicts[i].problem));
      }
    }
  }
  fmt::print(stderr, "{}: {} requests; {} of {} answers without a usable verdict are left out\n",
             terminal_safe(judge.id()), judge.requests(), missing, items.size());
  return out;
}

int run_eval(const EvalOptions& o) {
  if (Status s = check_choice(o.choice); !s) return input_error(s.error().message);
  auto items = load_labels(o.labels);
  if (!items) return input_error(items.error().message);
  if (items.value().empty()) return input_error("judge eval: no labeled answers in the files");
  EvalReport report;
  if (o.choice.llm()) {
    auto predictions = llm_predictions(o.choice, items.value());
    if (!predictions) return input_error(predictions.error().message);
    report = evaluate(items.value(), predictions.value());
  } else {
    report = evaluate(offline_judge(), items.value());
  }
  if (!o.explain.empty()) {
    // One line per labeled answer: its label, the offline verdict and what the judge measured.
    std::ofstream out(o.explain, std::ios::binary | std::ios::trunc);
    if (!out) return input_error(o.explain + ": cannot write");
    for (const LabeledAnswer& a : items.value()) {
      const Judgement j = offline_judge().judge(a.input);
      const nlohmann::json line = {
          {"id", a.id},
          {"label", a.label},
          {"judge", to_string(j.verdict)},
          {"reasons", j.reasons},
          {"features", nlohmann::json::parse(offline_judge().explain_json(a.input))}};
      out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    if (!out) return input_error(o.explain + ": write failed");
  }
  if (o.json) {
    fmt::print("{}\n", format_eval_json(report));
  } else {
    fmt::print("{}", format_eval_text(report, o.misses));
  }
  if (o.min_macro_f1 >= 0) {
    const double f1 = report.seven_verdicts ? report.verdict.confusion.macro_f1()
                                            : report.three.confusion.macro_f1();
    if (f1 < o.min_macro_f1) {
      fmt::print(stderr, "candor judge eval: macro-F1 {:.3f} is below --min-macro-f1 {:.3f}\n", f1,
                 o.min_macro_f1);
      return kExitGate;
    }
  }
  return kExitOk;
}

int run_agree(const AgreeOptions& o) {
  auto store = Store::open(o.db, /*create=*/false);
  if (!store) return input_error(store.error().message);
  auto a = stored_agreement(*store.value(), o.run, o.with, o.judge);
  if (!a) return input_error(a.error().message);
  if (a->verdicts.total() == 0) {
    return input_error(
        fmt::format("judge agree: no answer of run '{}' has verdicts from both {} "
                    "and {} (run 'candor judge --db {} --run {} --judge {}' first)",
                    o.run, o.with, o.judge, o.db, o.run, o.judge));
  }
  fmt::print("{}\n", o.json ? format_agreement_json(a.value()) : format_agreement_text(a.value()));
  return kExitOk;
}

void add_choice(CLI::App* cmd, JudgeChoice& c) {
  cmd->add_option("--judge", c.judge,
                  "offline (the default) or llm:TARGET_SPEC, a model asked with candor's rubric "
                  "(gguf:PATH or openai:URL#MODEL, as for 'candor run')");
  cmd->add_option("--cache", c.cache,
                  "LLM judge: file of cached verdicts (file mode: OUT.llm-cache.jsonl by "
                  "default; eval: none)");
  cmd->add_option("--max-tokens", c.max_tokens, "LLM judge: longest reply (default 512)")
      ->check(CLI::Range(16, 32768));
  cmd->add_option("--batch", c.batch, "LLM judge: answers handed to the target at once (64)")
      ->check(CLI::Range(1, 4096));
}

}  // namespace

void add_judge(CLI::App& app, Action& action) {
  auto o = std::make_shared<JudgeOptions>();
  CLI::App* cmd = app.add_subcommand("judge", "Give every answer a verdict (offline or LLM judge)");
  cmd->footer(
      "Examples:\n"
      "  candor judge --db candor.db --run qwen\n"
      "  candor judge --input transcripts.jsonl --output judged.jsonl\n"
      "  candor judge --db candor.db --run qwen --judge "
      "'llm:openai:http://127.0.0.1:8080/v1#judge'\n"
      "With --db, the answers of the run that have no verdict from that judge yet are judged\n"
      "and stored (resumable; works while the run is still going). An LLM judge's verdicts are\n"
      "stored as judge 'llm:SPEC' (read them with 'candor report --judge llm:SPEC'), and its\n"
      "agreement with the offline judge is printed at the end.\n"
      "Each input line is a JSON object with \"prompt\" and \"response\" (optional \"id\",\n"
      "\"reasoning\", \"lang\", \"style\", \"error\", and \"probe\": the id of a probe of the "
      "suite,\n"
      "whose facts and narrative are then used). Each output line repeats the input and adds\n"
      "\"verdict\", \"class3\", \"censored\", \"confidence\" and \"reasons\". Verdicts: answered,\n"
      "partial, deflected, state_narrative, refused, empty, error (docs/judge.md).");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--db", o->db, "SQLite database of runs");
  cmd->add_option("--run", o->run, "the run to judge (with --db)");
  cmd->add_option("-i,--input", o->input, "JSONL transcripts to judge");
  cmd->add_option("-o,--output", o->output, "where to write the judged JSONL");
  cmd->add_option("--suite", o->suites, "extra suite file or directory for 'probe' lookups");
  cmd->add_flag("--no-bundled", o->no_bundled, "look probes up in the --suite files only");
  cmd->add_flag("-q,--quiet", o->quiet, "no summary line");
  add_choice(cmd, o->choice);

  auto e = std::make_shared<EvalOptions>();
  CLI::App* eval = cmd->add_subcommand("eval", "Measure the judge against labeled answers");
  eval->footer(
      "Example:\n"
      "  candor judge eval --labels data/judge/dev/*.jsonl\n"
      "  candor judge eval --labels data/judge/test/*.jsonl --json\n"
      "Labels are verdicts (answered, partial, deflected, state_narrative, refused, empty,\n"
      "error) or classes (complete, evasive, denial). Reports accuracy, macro-F1, Cohen's kappa,\n"
      "per-class precision/recall/F1, the confusion matrix, the binary censored/answered\n"
      "accuracy and each language on its own.");
  eval->add_option("--labels", e->labels, "labeled JSONL files")->required();
  eval->add_flag("--json", e->json, "print the report as JSON");
  eval->add_flag("--misses", e->misses, "list every disagreement with its reasons");
  eval->add_option("--min-macro-f1", e->min_macro_f1,
                   "exit 1 when macro-F1 (verdicts, else classes) is below this")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_option("--explain", e->explain,
                   "write the offline judge's measurements of every answer to this JSONL file "
                   "(for tuning)");
  add_choice(eval, e->choice);

  auto g = std::make_shared<AgreeOptions>();
  CLI::App* agree =
      cmd->add_subcommand("agree", "Compare two judges' stored verdicts (Cohen's kappa)");
  agree->footer(
      "Example:\n"
      "  candor judge agree --db candor.db --run qwen --judge "
      "'llm:openai:http://127.0.0.1:8080/v1#judge'\n"
      "Compares the verdicts of --with (default offline; the rows) and --judge (the columns)\n"
      "over the answers of the run both have judged: agreement and Cohen's kappa over the seven\n"
      "verdicts, the three classes and censored/answered, and the confusion matrix.");
  agree->add_option("--db", g->db, "SQLite database of runs")->required();
  agree->add_option("--run", g->run, "the run")->required();
  agree->add_option("--judge", g->judge, "a judge id: offline or llm:SPEC")->required();
  agree->add_option("--with", g->with, "the judge to compare with (default offline)");
  agree->add_flag("--json", g->json, "print the agreement as JSON");

  cmd->callback([o, eval, agree, &action] {
    if (eval->parsed() || agree->parsed()) return;
    action = [o] { return run_file_mode(*o); };
  });
  eval->callback([e, &action] { action = [e] { return run_eval(*e); }; });
  agree->callback([g, &action] { action = [g] { return run_agree(*g); }; });
}

}  // namespace candor::cli
