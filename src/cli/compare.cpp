// `candor compare`: two runs or two targets, paired on probes.
#include <fmt/format.h>

#include <iostream>

#include "analysis/analysis.h"
#include "base/text.h"
#include "cli/audit_data.h"
#include "cli/cli.h"
#include "report/report.h"

namespace candor::cli {
namespace {

struct CompareOptions {
  AuditSource source;
  std::vector<std::string> targets;
  std::string format = "text";
};

int run_compare(const CompareOptions& o) {
  const auto& runs = o.source.runs;
  const auto& targets = o.targets;
  Side a, b;
  if (runs.size() == 2 && targets.size() <= 2) {
    a.run = runs[0];
    b.run = runs[1];
    if (!targets.empty()) {
      a.target = targets[0];
      b.target = targets.back();
    }
  } else if (targets.size() == 2 && runs.size() <= 1) {
    a.target = targets[0];
    b.target = targets[1];
    if (!runs.empty()) a.run = b.run = runs[0];
  } else {
    return input_error("compare: give two --run, or two --target (optionally with one --run)");
  }
  auto data = load_audit(o.source, /*texts=*/false, /*label_targets_by_run=*/false);
  if (!data.ok()) return input_error(data.error().message);
  for (const Side* s : {&a, &b}) {
    const bool present = std::any_of(data->observations.begin(), data->observations.end(),
                                     [&](const Observation& x) {
                                       return (s->run.empty() || x.run == s->run) &&
                                              (s->target.empty() || x.target == s->target);
                                     });
    if (!present) {
      return input_error(fmt::format("compare: no answers for {} in {}", s->label(), o.source.db));
    }
  }
  const Comparison c = compare(data->observations, a, b);
  auto text = render_comparison(c, o.format);
  if (!text.ok()) return input_error(text.error().message);
  std::cout << (o.format == "json" ? *text : terminal_safe(*text));
  return kExitOk;
}

}  // namespace

void add_compare(CLI::App& app, Action& action) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare two runs or two targets: differences per region and topic, paired on probes");
  cmd->footer(
      "Example:\n"
      "  candor compare --db audit.db --run base --run tuned\n"
      "  candor compare --db audit.db --run audit --target gguf:base.gguf --target gguf:tuned.gguf\n"
      "Each row gives both censorship rates (95% Wilson intervals) and A - B averaged over the\n"
      "probes both sides answered, with a 95% paired-bootstrap interval, a sign-flip permutation\n"
      "p-value and an exact McNemar p-value.");
  cmd->add_option("--db", o->source.db, "SQLite database written by 'candor run'")->required();
  cmd->add_option("--run", o->source.runs, "run name: two to compare runs, or one to pick the run");
  cmd->add_option("--target", o->targets, "target name: two to compare targets");
  cmd->add_option("--judge", o->source.judge, "whose verdicts to read: offline or llm:SPEC")
      ->capture_default_str();
  cmd->add_option("--suite", o->source.suites, "extra probe file or directory the runs used");
  cmd->add_flag("--no-bundled", o->source.no_bundled, "the runs used only --suite probes");
  cmd->add_option("--format", o->format, "text, md or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "md", "json"}));
  cmd->callback([o, &action] { action = [o] { return run_compare(*o); }; });
}

}  // namespace candor::cli
