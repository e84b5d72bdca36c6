// `candor run` and `candor runs`: wiring of the probes, targets and run stages.
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "base/version.h"
#include "cli/cli.h"
#include "probes/probes.h"
#include "run/run.h"

namespace candor::cli {
namespace {

// Set by SIGINT/SIGTERM: the run stops taking new work, stores what finished and exits.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct RunCliOptions {
  std::string db = "candor.db";
  std::string run;
  std::vector<std::string> targets;
  std::vector<std::string> suites;
  bool no_bundled = false;
  std::vector<std::string> filters;
  int limit = 0;
  int samples = 1;
  int max_tokens = 256;
  float temperature = 0.0f;
  float top_p = 1.0f;
  uint64_t seed = 0;
  std::string system;
  std::string chat_template;
  bool dry_run = false;
  bool json = false;
  bool verbose = false;
};

Status apply_filters(const std::vector<std::string>& filters, ProbeFilter& f) {
  for (const auto& spec : filters) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      return Error{fmt::format("--filter '{}': expected KEY=VALUE[,VALUE...]", spec)};
    }
    const std::string key = spec.substr(0, eq);
    std::vector<std::string>* field = key == "lang"     ? &f.langs
                                      : key == "region" ? &f.regions
                                      : key == "topic"  ? &f.topics
                                      : key == "kind"   ? &f.kinds
                                      : key == "id"     ? &f.ids
                                                        : nullptr;
    if (!field) {
      return Error{fmt::format("--filter '{}': unknown key '{}' (use lang, region, topic, kind, id)",
                               spec, key)};
    }
    std::string_view values(spec);
    values.remove_prefix(eq + 1);
    while (!values.empty()) {
      const size_t comma = values.find(',');
      field->emplace_back(values.substr(0, comma));
      if (comma == std::string_view::npos) break;
      values.remove_prefix(comma + 1);
    }
  }
  return {};
}

std::string default_run_name() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "run-%Y%m%d-%H%M%S", &tm);
  return buf;
}

std::string format_duration(double s) {
  if (s < 0 || s > 1e7) return "--:--";
  const auto t = static_cast<long>(s);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

// Progress on stderr: one self-rewriting line per update on a terminal, a plain line every
// few seconds otherwise.
class ProgressDisplay {
 public:
  ProgressDisplay() : tty_(isatty(STDERR_FILENO) != 0) {}
  void update(const std::vector<RunProgress>& all, bool final = false) {
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (!final && !tty_ && now - last_ < std::chrono::seconds(5)) return;
    if (!final && tty_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::string line;
    for (const auto& p : all) {
      const double rate = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
      const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : -1;
      if (!line.empty()) line += " | ";
      line += fmt::format("{} {}/{} {:.1f}/s ETA {} errors {}", short_name(p.target), p.done,
                          p.total, rate, format_duration(eta), p.errors);
    }
    if (tty_) {
      fmt::print(stderr, "\r\x1b[2K{}", line);
      if (final) fmt::print(stderr, "\n");
    } else {
      fmt::print(stderr, "{}\n", line);
    }
  }

 private:
  static std::string short_name(const std::string& target) {
    const size_t slash = target.find_last_of('/');
    std::string s = slash == std::string::npos ? target : target.substr(slash + 1);
    return s.size() > 28 ? s.substr(0, 27) + "~" : s;
  }
  bool tty_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_{};
};

int run_run(const RunCliOptions& o) {
  SuiteOptions so;
  so.paths = o.suites;
  so.bundled = !o.no_bundled;
  auto suite = load_suites(so);
  if (!suite) return input_error(suite.error().message);
  ProbeFilter filter;
  if (Status s = apply_filters(o.filters, filter); !s) return input_error(s.error().message);

  RunConfig config;
  config.name = o.run.empty() ? default_run_name() : o.run;
  config.suite_hash = suite->hash();
  for (const auto& p : suite->probes()) {
    if (!filter.matches(p)) continue;
    if (o.limit > 0 && static_cast<int>(config.probe_ids.size()) >= o.limit) break;
    config.probe_ids.push_back(p.id);
  }
  if (config.probe_ids.empty()) return input_error("no probe matches the --filter given");
  config.samples = o.samples;
  config.sampling.max_tokens = o.max_tokens;
  config.sampling.temperature = o.temperature;
  config.sampling.top_p = o.top_p;
  config.seed = o.seed;
  config.system = o.system;
  config.filter = fmt::format("{}", fmt::join(o.filters, " "));
  if (o.limit > 0) config.filter += fmt::format(" limit={}", o.limit);
  config.candor_version = candor_version();
  config.llama_commit = llama_commit();
  TargetOptions topts;
  topts.verbose = o.verbose;
  if (!o.chat_template.empty()) {
    std::string error;
    auto text = read_chat_template(o.chat_template, error);
    if (!text) return input_error(error);
    topts.chat_template_override = std::move(*text);
    config.chat_template = topts.chat_template_override;
  }
  std::vector<TargetSpec> specs;
  for (const auto& t : o.targets) {
    auto spec = parse_target_spec(t);
    if (!spec) return input_error(spec.error().message);
    config.targets.push_back(spec->text);
    specs.push_back(std::move(spec.value()));
  }

  if (o.dry_run) {
    const RunPlan plan = plan_run(config, *suite);
    int64_t prompt_bytes = 0;
    for (const auto& item : plan.items) {
      for (const auto& m : probe_messages(config, *item.probe)) prompt_bytes += static_cast<int64_t>(m.content.size());
    }
    // About 3.5 bytes per token over English, Chinese and French text, plus template overhead.
    const int64_t prompt_tokens = prompt_bytes * 2 / 7 + 12 * static_cast<int64_t>(plan.items.size());
    const int64_t new_tokens = static_cast<int64_t>(plan.items.size()) * o.max_tokens;
    nlohmann::json j;
    j["run"] = config.name;
    j["probes"] = config.probe_ids.size();
    j["samples"] = o.samples;
    j["targets"] = config.targets;
    j["requests_per_target"] = plan.items.size();
    j["requests"] = plan.items.size() * specs.size();
    j["estimated_prompt_tokens_per_target"] = prompt_tokens;
    j["max_new_tokens_per_target"] = new_tokens;
    if (o.json) {
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("run {}: {} probes x {} samples = {} requests per target, {} target(s), {} in all\n",
                 config.name, config.probe_ids.size(), o.samples, plan.items.size(), specs.size(),
                 plan.items.size() * specs.size());
      fmt::print("tokens per target: about {} prompt tokens (estimated), at most {} new tokens\n",
                 prompt_tokens, new_tokens);
    }
    return kExitOk;
  }

  std::vector<std::unique_ptr<Target>> targets;
  config.targets.clear();
  for (const auto& spec : specs) {
    auto t = open_target(spec, topts);
    if (!t) return input_error(t.error().message);
    config.targets.push_back(t.value()->name());  // as the target names itself: credentials masked
    targets.push_back(std::move(t.value()));
  }
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  ProgressDisplay display;
  RunOptions ropts;
  ropts.cancel = &g_interrupted;
  ropts.on_progress = [&](const std::vector<RunProgress>& p) { display.update(p); };
  std::vector<Target*> target_ptrs;
  for (auto& t : targets) target_ptrs.push_back(t.get());
  auto summary = execute_run(o.db, config, *suite, target_ptrs, ropts);
  if (!summary) return input_error(summary.error().message);
  display.update(summary->targets, true);

  int64_t errors = 0, done = 0, skipped = 0, total = 0;
  for (const auto& p : summary->targets) {
    errors += p.errors;
    done += p.done;
    skipped += p.skipped;
    total += p.total;
  }
  if (o.json) {
    nlohmann::json j;
    j["run"] = config.name;
    j["db"] = o.db;
    j["cancelled"] = summary->cancelled;
    for (const auto& p : summary->targets) {
      j["targets"].push_back({{"target", p.target},
                              {"stored", p.done},
                              {"errors", p.errors},
                              {"planned", p.total},
                              {"already_done", p.skipped},
                              {"seconds", p.elapsed_s},
                              {"completion_tokens", p.completion_tokens}});
    }
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print(stderr, "run '{}' in {}: {} answers stored, {} already there, {} failed\n",
               config.name, o.db, done - errors, skipped, errors);
  }
  if (summary->cancelled) {
    fmt::print(stderr, "interrupted: re-run the same command to continue where it stopped\n");
    return 130;
  }
  if (errors > 0) {
    fmt::print(stderr,
               "{} requests failed (see 'candor runs show {}'); re-run the same command to retry "
               "them\n",
               errors, config.name);
    return kExitGate;
  }
  return kExitOk;
}

}  // namespace

void add_run(CLI::App& app, Action& action) {
  auto o = std::make_shared<RunCliOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Ask every probe of every target and store the answers");
  cmd->footer(
      "Examples:\n"
      "  candor run --target gguf:qwen2.5-7b-q4.gguf --run qwen --samples 3\n"
      "  candor run --target 'openai:http://gpu1:8000/v1,http://gpu2:8000/v1#Qwen/QwQ-32B' \\\n"
      "      --target 'openai:https://api.example.org/v1#model?key_env=EXAMPLE_KEY&rpm=600' \\\n"
      "      --filter region=CN,US --filter lang=zh-Hans --run cn-vs-us\n"
      "  candor run --target gguf:model.gguf --dry-run\n"
      "Re-running the same command continues where it stopped; failed rows are retried.\n"
      "Targets: gguf:PATH[?threads=N&ctx=N&batch=N&parallel=N&kv=split|unified]\n"
      "         openai:URL[,URL...]#MODEL[?key_env=VAR&concurrency=N&rpm=N&tpm=N&timeout=S]\n"
      "Exit codes: 0 all answers stored, 1 some requests failed, 2 bad input, 130 interrupted.");
  cmd->add_option("-t,--target", o->targets, "a target spec (repeatable)")->required();
  cmd->add_option("--db", o->db, "SQLite database")->capture_default_str();
  cmd->add_option("--run", o->run, "run name (default: run-DATE-TIME)");
  cmd->add_option("--suite", o->suites, "extra probe file or directory (repeatable)");
  cmd->add_flag("--no-bundled", o->no_bundled, "use only --suite probes");
  cmd->add_option("--filter", o->filters, "KEY=V[,V] with KEY lang|region|topic|kind|id");
  cmd->add_option("--limit", o->limit, "ask only the first N probes after filtering");
  cmd->add_option("--samples", o->samples, "answers per probe")->capture_default_str()->check(CLI::Range(1, 10000));
  cmd->add_option("-n,--max-tokens", o->max_tokens, "tokens per answer at most")->capture_default_str()->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--temperature", o->temperature, "0 = greedy")->capture_default_str()->check(CLI::Range(0.0, 5.0));
  cmd->add_option("--top-p", o->top_p, "nucleus sampling")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seed", o->seed, "run seed; sample i of probe p uses a seed derived from both")->capture_default_str();
  cmd->add_option("--system", o->system, "system prompt");
  cmd->add_option("--chat-template", o->chat_template, "Jinja file replacing embedded models' templates");
  cmd->add_flag("--dry-run", o->dry_run, "say how many requests and tokens the run would take");
  cmd->add_flag("--json", o->json, "print a JSON summary on stdout");
  cmd->add_flag("-v,--verbose", o->verbose, "show llama.cpp's log");
  cmd->callback([o, &action] { action = [o] { return run_run(*o); }; });
}

void add_runs(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("runs", "List runs, show one, export its transcripts");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  candor runs list --db candor.db\n"
      "  candor runs show qwen\n"
      "  candor runs export qwen --format csv -o qwen.csv");
  auto db = std::make_shared<std::string>("candor.db");
  cmd->add_option("--db", *db, "SQLite database")->capture_default_str();

  CLI::App* list = cmd->add_subcommand("list", "List the runs in a database");
  list->fallthrough();  // --db may come after the subcommand
  list->footer("Example:\n  candor runs list --db candor.db");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "JSON output");
  list->callback([db, list_json, &action] {
    action = [db, list_json] {
      auto store = Store::open(*db, false);
      if (!store) return input_error(store.error().message);
      auto runs = store.value()->list_runs();
      if (!runs) return input_error(runs.error().message);
      nlohmann::json j = nlohmann::json::array();
      for (const auto& r : *runs) {
        if (*list_json) {
          j.push_back({{"name", r.name}, {"answers", r.answers}, {"errors", r.errors},
                       {"targets", r.config.targets}, {"probes", r.config.probe_ids.size()},
                       {"samples", r.config.samples}});
        } else {
          fmt::print("{:<24} {:>7} answers {:>5} errors  {} probes x {} samples  {}\n", r.name,
                     r.answers, r.errors, r.config.probe_ids.size(), r.config.samples,
                     fmt::join(r.config.targets, ", "));
        }
      }
      if (*list_json) fmt::print("{}\n", j.dump(2));
      return kExitOk;
    };
  });

  CLI::App* show = cmd->add_subcommand("show", "Show a run's configuration and progress");
  show->fallthrough();
  show->footer("Example:\n  candor runs show qwen --db candor.db");
  auto show_name = std::make_shared<std::string>();
  show->add_option("name", *show_name, "run name")->required();
  show->callback([db, show_name, &action] {
    action = [db, show_name] {
      auto store = Store::open(*db, false);
      if (!store) return input_error(store.error().message);
      auto info = store.value()->run_info(*show_name);
      if (!info) return input_error(info.error().message);
      const int64_t planned = static_cast<int64_t>(info->config.probe_ids.size()) *
                              info->config.samples *
                              static_cast<int64_t>(info->config.targets.size());
      nlohmann::json j = nlohmann::json::parse(info->config.to_json());
      j.erase("probe_ids");
      j["probes"] = info->config.probe_ids.size();
      j["answers"] = info->answers;
      j["errors"] = info->errors;
      j["planned"] = planned;
      fmt::print("{}\n", j.dump(2));
      std::map<std::string, int> error_classes;
      Status s = store.value()->for_each_answer(*show_name, [&](const AnswerRow& r) {
        if (!r.completion.ok()) ++error_classes[r.completion.error_class];
        return true;
      });
      if (!s) return input_error(s.error().message);
      for (const auto& [cls, n] : error_classes) fmt::print("errors of class {}: {}\n", cls, n);
      return kExitOk;
    };
  });

  CLI::App* exp = cmd->add_subcommand("export", "Write a run's raw transcripts as JSONL or CSV");
  exp->fallthrough();
  exp->footer("Example:\n  candor runs export qwen --format jsonl -o qwen.jsonl");
  auto exp_name = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("jsonl");
  auto out = std::make_shared<std::string>("-");
  exp->add_option("name", *exp_name, "run name")->required();
  exp->add_option("--format", *format, "jsonl or csv")->capture_default_str()->check(CLI::IsMember({"jsonl", "csv"}));
  exp->add_option("-o,--output", *out, "output file ('-' for stdout)")->capture_default_str();
  exp->callback([db, exp_name, format, out, &action] {
    action = [db, exp_name, format, out] {
      auto store = Store::open(*db, false);
      if (!store) return input_error(store.error().message);
      if (*out == "-") {
        // On a terminal, model text must not move the cursor, retitle the window or hide lines:
        // escape sequences and control characters are dropped. A pipe gets the bytes as stored.
        const bool tty = isatty(STDOUT_FILENO) != 0;
        Status s = export_run(*store.value(), *exp_name, *format, [tty](const std::string& text) {
          const std::string shown = tty ? terminal_safe(text) : text;
          std::fwrite(shown.data(), 1, shown.size(), stdout);
        });
        return s ? kExitOk : input_error(s.error().message);
      }
      const std::string tmp = *out + ".tmp";
      std::ofstream f(tmp, std::ios::binary);
      if (!f) return input_error(*out + ": cannot write");
      Status s = export_run(*store.value(), *exp_name, *format,
                            [&](const std::string& text) { f << text; });
      f.close();
      if (!s || !f) {
        std::remove(tmp.c_str());
        return input_error(s ? *out + ": writing the export failed (disk full?)"
                             : s.error().message);
      }
      if (std::rename(tmp.c_str(), out->c_str()) != 0) return input_error(*out + ": cannot rename");
      return kExitOk;
    };
  });
}

}  // namespace candor::cli
