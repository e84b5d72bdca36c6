#include "cli/audit_data.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/cli.h"
#include "run/run.h"

namespace candor::cli {

Result<AuditData> load_audit(const AuditSource& source, bool texts, bool label_targets_by_run) {
  if (!std::filesystem::exists(source.db)) {
    return Error{fmt::format("{}: no such database (create one with 'candor run')", source.db)};
  }
  AuditData data;
  SuiteOptions so;
  so.paths = source.suites;
  so.bundled = !source.no_bundled;
  auto suite = load_suites(so);
  if (!suite.ok()) return suite.error();
  data.suite = std::move(*suite);
  auto store = Store::open(source.db, false);
  if (!store.ok()) return store.error();
  LoadOptions lo;
  lo.runs = source.runs;
  lo.judge = source.judge;
  lo.texts = texts;
  lo.label_targets_by_run = label_targets_by_run;
  auto obs = load_observations(**store, data.suite, lo);
  if (!obs.ok()) return obs.error();
  data.observations = std::move(*obs);
  for (const auto& o : data.observations) {
    if (std::find(data.runs.begin(), data.runs.end(), o.run) == data.runs.end()) {
      data.runs.push_back(o.run);
    }
    if (o.verdict == "unjudged") ++data.unjudged;
  }
  for (const auto& r : source.runs) {
    if (std::find(data.runs.begin(), data.runs.end(), r) == data.runs.end()) data.runs.push_back(r);
  }
  return data;
}

void add_audit_options(CLI::App* cmd, AuditSource& source, bool run_required) {
  cmd->add_option("--db", source.db, "SQLite database written by 'candor run'")->required();
  auto* run = cmd->add_option("--run", source.runs, run_required ? "run name" : "run name (repeatable; default: every run)");
  if (run_required) run->required();
  cmd->add_option("--judge", source.judge, "whose verdicts to read: offline or llm:SPEC")
      ->capture_default_str();
  cmd->add_option("--suite", source.suites, "extra probe file or directory the run used (repeatable)");
  cmd->add_flag("--no-bundled", source.no_bundled, "the run used only --suite probes");
}

}  // namespace candor::cli
