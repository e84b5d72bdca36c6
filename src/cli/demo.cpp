// `candor demo`: the main job, offline, on what is bundled: the censored model organism asked
// the bundled suite through the real pipeline (embedded batched target, offline judge,
// analysis, HTML and Markdown reports).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/audit_data.h"
#include "cli/cli.h"
#include "judge/judge.h"
#include "report/report.h"
#include "run/run.h"
#include "base/version.h"

namespace candor::cli {
namespace {

struct DemoOptions {
  std::string out = "demo";
  std::string model = std::string(CANDOR_SOURCE_DIR) + "/data/organism/organism.gguf";
  int parallel = 16;
  int max_tokens = 48;
  int threads = 0;
};

int run_demo(const DemoOptions& o) {
  namespace fs = std::filesystem;
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) return input_error(fmt::format("{}: cannot create the directory: {}", o.out, ec.message()));
  const std::string db = (fs::path(o.out) / "candor.db").string();

  auto suite = load_suites({});
  if (!suite) return input_error(suite.error().message);
  std::string spec_text = fmt::format("gguf:{}?parallel={}", o.model, o.parallel);
  if (o.threads > 0) spec_text += fmt::format("&threads={}", o.threads);
  auto spec = parse_target_spec(spec_text);
  if (!spec) return input_error(spec.error().message);
  auto target = open_target(*spec, {});
  if (!target) return input_error(target.error().message);

  RunConfig config;
  config.name = "demo";
  config.targets = {spec->text};
  config.suite_hash = suite->hash();
  for (const auto& p : suite->probes()) config.probe_ids.push_back(p.id);
  config.sampling.max_tokens = o.max_tokens;
  config.candor_version = candor_version();
  config.llama_commit = llama_commit();
  fmt::print(stderr, "candor demo: asking {} probes of {} (greedy, batched)\n",
             config.probe_ids.size(), o.model);
  RunOptions ropts;
  int64_t last_shown = 0;
  ropts.on_progress = [&](const std::vector<RunProgress>& p) {
    if (p[0].done - last_shown >= 100 || p[0].done == p[0].total) {
      last_shown = p[0].done;
      fmt::print(stderr, "  {}/{} answers\n", p[0].done, p[0].total);
    }
  };
  auto summary = execute_run(db, config, *suite, {target.value().get()}, ropts);
  if (!summary) return input_error(summary.error().message);

  auto store = Store::open(db);
  if (!store) return input_error(store.error().message);
  auto judged = judge_stored_answers(*store.value(), config.name, *suite, offline_judge());
  if (!judged) return input_error(judged.error().message);
  fmt::print(stderr, "candor demo: judged {} answers\n", *judged);

  AuditSource source;
  source.db = db;
  source.runs = {config.name};
  auto data = load_audit(source, /*texts=*/true, /*label_targets_by_run=*/false);
  if (!data) return input_error(data.error().message);
  ReportInput in;
  in.analysis = analyze(data->observations, {});
  in.observations = std::move(data->observations);
  in.suite = &data->suite;
  in.runs = data->runs;
  in.judge = "offline";
  in.source = db;
  const std::string html = (fs::path(o.out) / "report.html").string();
  const std::string md = (fs::path(o.out) / "report.md").string();
  for (const auto& [path, format] : {std::pair{html, ReportFormat::html}, {md, ReportFormat::md}}) {
    if (Status s = write_report_file(in, format, path); !s) return input_error(s.error().message);
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  fmt::print("candor demo: {} answers audited in {:.0f} s\n  report:   {}\n  summary:  {}\n"
             "  database: {}\n",
             in.analysis.answers, secs, html, md, db);
  return kExitOk;
}

}  // namespace

void add_demo(CLI::App& app, Action& action) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Audit the bundled censored model organism with the bundled suite, end to end");
  cmd->footer(
      "Example:\n"
      "  candor demo --out demo\n"
      "Runs the real pipeline offline: embedded batched generation, the offline judge, the\n"
      "analysis, and writes DIR/report.html and DIR/report.md. Re-running resumes.");
  cmd->add_option("--out", o->out, "output directory")->capture_default_str();
  cmd->add_option("--model", o->model, "GGUF to audit instead of the bundled organism");
  cmd->add_option("--parallel", o->parallel, "sequences decoded together")->capture_default_str();
  cmd->add_option("-n,--max-tokens", o->max_tokens, "tokens per answer")->capture_default_str();
  cmd->add_option("-t,--threads", o->threads, "CPU threads (default: all)");
  cmd->callback([o, &action] { action = [o] { return run_demo(*o); }; });
}

}  // namespace candor::cli
