// `candor report`: judged answers and their analysis as HTML, Markdown, CSV or JSON.
#include "report/report.h"

#include <fmt/format.h>

#include "cli/audit_data.h"
#include "cli/cli.h"

namespace candor::cli {
namespace {

struct ReportOptions {
  AuditSource source;
  std::string format;
  std::string output;
  uint64_t seed = AnalysisOptions{}.seed;
};

// The format from --format, else from the output's extension, else HTML.
Result<ReportFormat> choose_format(const ReportOptions& o) {
  if (!o.format.empty()) return parse_report_format(o.format);
  const auto dot = o.output.rfind('.');
  if (dot != std::string::npos) {
    const std::string ext = o.output.substr(dot + 1);
    if (ext == "md" || ext == "csv" || ext == "json") return parse_report_format(ext);
  }
  return ReportFormat::html;
}

int run_report(const ReportOptions& o) {
  auto format = choose_format(o);
  if (!format.ok()) return input_error(format.error().message);
  auto data = load_audit(o.source, /*texts=*/*format == ReportFormat::html ||
                                        *format == ReportFormat::csv,
                         /*label_targets_by_run=*/true);
  if (!data.ok()) return input_error(data.error().message);
  if (data->observations.empty()) return input_error(o.source.db + ": the runs hold no answers");
  if (data->unjudged > 0) {
    fmt::print(stderr,
               "candor report: {} answers have no verdict from judge '{}' and are left out of "
               "rates; run 'candor judge --db {} --run RUN' first\n",
               data->unjudged, o.source.judge, o.source.db);
  }
  ReportInput in;
  AnalysisOptions ao;
  ao.seed = o.seed;
  in.analysis = analyze(data->observations, ao);
  in.observations = std::move(data->observations);
  in.suite = &data->suite;
  in.runs = data->runs;
  in.judge = o.source.judge;
  in.source = o.source.db;
  if (Status st = write_report_file(in, *format, o.output); !st.ok()) {
    return input_error(st.error().message);
  }
  fmt::print(stderr, "candor report: {} answers, {} targets -> {}\n", in.analysis.answers,
             in.analysis.targets.size(), o.output);
  return kExitOk;
}

}  // namespace

void add_report(CLI::App& app, Action& action) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand("report", "Write a report of judged runs: HTML, Markdown, CSV or JSON");
  cmd->footer(
      "Example:\n"
      "  candor report --db audit.db -o report.html\n"
      "  candor report --db audit.db --run qwen --run qwen-tuned --format md -o REPORT.md\n"
      "HTML is one self-contained file (charts inlined, no network when opened) with summary\n"
      "cards, a topic heatmap, sensitive-vs-control asymmetry, language gaps, a side-by-side view\n"
      "and a transcript browser. CSV has one row per answer; JSON holds the full analysis.\n"
      "Without --format the format follows the extension of -o (.md, .csv, .json; else HTML).");
  add_audit_options(cmd, o->source, false);
  cmd->add_option("--format", o->format, "html, md, csv or json")
      ->check(CLI::IsMember({"html", "md", "csv", "json"}));
  cmd->add_option("-o,--output", o->output, "the report file (written whole, then renamed)")
      ->required();
  cmd->add_option("--seed", o->seed, "seed of the bootstrap and permutation draws")
      ->capture_default_str();
  cmd->callback([o, &action] { action = [o] { return run_report(*o); }; });
}

}  // namespace candor::cli
