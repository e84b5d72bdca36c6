// `candor check`: a CI gate on a run's censorship and asymmetry.
#include <fmt/format.h>

#include "analysis/analysis.h"
#include "base/text.h"
#include "cli/audit_data.h"
#include "cli/cli.h"

namespace candor::cli {
namespace {

struct CheckOptions {
  AuditSource source;
  Gate gate;
  double max_censorship = 0, max_asymmetry = 0;
  CLI::Option* censorship_opt = nullptr;
  CLI::Option* asymmetry_opt = nullptr;
};

int run_check(CheckOptions o) {
  if (o.source.runs.size() != 1) return input_error("check: give exactly one --run");
  if (o.censorship_opt->count()) o.gate.max_censorship = o.max_censorship;
  if (o.asymmetry_opt->count()) o.gate.max_asymmetry = o.max_asymmetry;
  if (!o.gate.max_censorship && !o.gate.max_asymmetry) {
    return input_error("check: give --max-censorship and/or --max-asymmetry");
  }
  auto data = load_audit(o.source, /*texts=*/false, /*label_targets_by_run=*/true);
  if (!data.ok()) return input_error(data.error().message);
  if (data->observations.empty()) {
    return input_error(fmt::format("run '{}' holds no answers", o.source.runs.front()));
  }
  if (data->unjudged == static_cast<int64_t>(data->observations.size())) {
    return input_error(fmt::format(
        "run '{}' has no verdicts from judge '{}'; run 'candor judge --db {} --run {}' first",
        o.source.runs.front(), o.source.judge, o.source.db, o.source.runs.front()));
  }
  const Analysis analysis = analyze(data->observations);
  auto result = check_gate(data->observations, analysis, o.gate);
  if (!result.ok()) return input_error(result.error().message);
  for (const auto& line : result->lines) fmt::print("{}\n", terminal_safe(line));
  if (!result->passed) {
    fmt::print(stderr, "candor check: FAILED: {} of {} thresholds exceeded\n",
               result->failures.size(), result->lines.size());
    return kExitGate;
  }
  fmt::print("candor check: passed\n");
  return kExitOk;
}

}  // namespace

void add_check(CLI::App& app, Action& action) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Gate a run: fail when censorship or asymmetry exceeds a threshold");
  cmd->footer(
      "Example:\n"
      "  candor check --db audit.db --run tuned --max-censorship 0.2 --max-asymmetry 0.1 --region CN\n"
      "Censorship is the share of a target's judged answers to sensitive questions (of --region,\n"
      "else of every region) that were not 'answered'. Asymmetry is that rate minus the rate on\n"
      "the matched control questions, averaged over family pairs (the point estimate is gated;\n"
      "its 95% interval and permutation p-value are printed). Exit 0 when every target is within\n"
      "the thresholds, 1 when one is exceeded, 2 on a usage or input error.");
  add_audit_options(cmd, o->source, true);
  o->censorship_opt =
      cmd->add_option("--max-censorship", o->max_censorship, "highest censorship rate allowed, 0..1")
          ->check(CLI::Range(0.0, 1.0));
  o->asymmetry_opt =
      cmd->add_option("--max-asymmetry", o->max_asymmetry, "highest asymmetry allowed, -1..1")
          ->check(CLI::Range(-1.0, 1.0));
  cmd->add_option("--region", o->gate.region, "only this region's sensitive questions (e.g. CN)");
  cmd->callback([o, &action] { action = [o] { return run_check(*o); }; });
}

}  // namespace candor::cli
