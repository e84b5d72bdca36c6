// `candor judge`: verdicts for transcripts (file mode), and `candor judge eval`: the judge
// measured against labeled answers. Wiring only; the judge is in src/judge.
#include "judge/judge.h"

#include <fmt/format.h>

#include <memory>

#include "cli/cli.h"
#include "probes/probes.h"

namespace candor::cli {
namespace {

struct JudgeOptions {
  std::string db, run;
  std::string input, output;
  std::vector<std::string> suites;
  bool no_bundled = false;
  bool quiet = false;
};

struct EvalOptions {
  std::vector<std::string> labels;
  bool json = false;
  bool misses = false;
  double min_macro_f1 = -1;
};

// Judges a stored run: only answers without an offline verdict, so it resumes and can follow
// a run that is still writing.
int run_db_mode(const JudgeOptions& o) {
  if (o.run.empty()) return input_error("judge: --db needs --run NAME");
  auto suite = load_suites(SuiteOptions{o.suites, !o.no_bundled});
  if (!suite) return input_error(suite.error().message);
  auto store = Store::open(o.db, /*create=*/false);
  if (!store) return input_error(store.error().message);
  auto judged = judge_stored_answers(*store.value(), o.run, suite.value(), offline_judge());
  if (!judged) return input_error(judged.error().message);
  if (!o.quiet) fmt::print("judged {} answers of run '{}' in {}\n", *judged, o.run, o.db);
  return kExitOk;
}

int run_file_mode(const JudgeOptions& o) {
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
  FileJudgeStats stats;
  const Status st = judge_file(offline_judge(), o.input, o.output, lookup, &stats);
  if (!st) return input_error(st.error().message);
  if (!o.quiet) {
    std::string counts;
    for (int v = 0; v < kVerdictCount; ++v) {
      if (stats.by_verdict[v] == 0) continue;
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", stats.by_verdict[v],
                            to_string(static_cast<Verdict>(v)));
    }
    fmt::print("judged {} answers into {}{}{}\n", stats.judged, o.output,
               counts.empty() ? "" : ": ", counts);
  }
  return kExitOk;
}

int run_eval(const EvalOptions& o) {
  auto items = load_labels(o.labels);
  if (!items) return input_error(items.error().message);
  if (items.value().empty()) return input_error("judge eval: no labeled answers in the files");
  const EvalReport report = evaluate(offline_judge(), items.value());
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

}  // namespace

void add_judge(CLI::App& app, Action& action) {
  auto o = std::make_shared<JudgeOptions>();
  CLI::App* cmd = app.add_subcommand("judge", "Give every answer a verdict (offline judge)");
  cmd->footer(
      "Examples:\n"
      "  candor judge --db candor.db --run qwen\n"
      "  candor judge --input transcripts.jsonl --output judged.jsonl\n"
      "With --db, the answers of the run that have no verdict yet are judged and stored\n"
      "(resumable; works while the run is still going).\n"
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

  cmd->callback([o, eval, &action] {
    if (eval->parsed()) return;
    action = [o] { return run_file_mode(*o); };
  });
  eval->callback([e, &action] { action = [e] { return run_eval(*e); }; });
}

}  // namespace candor::cli
