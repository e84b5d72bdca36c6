// Executes runs: plans the (probe, sample) work, skips what is stored, drives every target
// concurrently and stores answers in batched transactions.
#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "run/run.h"

namespace candor {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Serialises writes of all target threads into one connection, in batched transactions.
class Writer {
 public:
  Writer(Store& store, const RunOptions& options, std::vector<RunProgress>& progress)
      : store_(store), options_(options), progress_(progress), last_flush_(Clock::now()) {}

  void add(size_t target, AnswerRow row) {
    std::lock_guard lock(mu_);
    auto& p = progress_[target];
    ++p.done;
    if (!row.completion.ok()) ++p.errors;
    p.completion_tokens += row.completion.completion_tokens;
    buffer_.push_back(std::move(row));
    const auto since = Clock::now() - last_flush_;
    if (static_cast<int>(buffer_.size()) >= options_.flush_rows ||
        since >= std::chrono::milliseconds(options_.flush_ms)) {
      flush_locked();
    }
  }

  void flush() {
    std::lock_guard lock(mu_);
    flush_locked();
  }

  // The first storage error, if any; once set, the run stops.
  std::optional<Error> failure() {
    std::lock_guard lock(mu_);
    return failure_;
  }

  void set_elapsed(size_t target, double s) {
    std::lock_guard lock(mu_);
    progress_[target].elapsed_s = s;
  }

 private:
  void flush_locked() {
    last_flush_ = Clock::now();
    if (!buffer_.empty() && !failure_) {
      Status s = store_.write_answers(buffer_);
      if (!s) failure_ = s.error();
    }
    buffer_.clear();
    if (options_.on_progress) options_.on_progress(progress_);
  }

  Store& store_;
  const RunOptions& options_;
  std::vector<RunProgress>& progress_;
  std::mutex mu_;
  std::vector<AnswerRow> buffer_;
  Clock::time_point last_flush_;
  std::optional<Error> failure_;
};

}  // namespace

uint64_t sample_seed(uint64_t run_seed, const std::string& probe_id, int sample) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the probe id
  for (unsigned char c : probe_id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return splitmix64(splitmix64(run_seed ^ h) + static_cast<uint64_t>(sample));
}

std::vector<ChatMessage> probe_messages(const RunConfig& config, const Probe& probe) {
  std::vector<ChatMessage> m;
  if (!config.system.empty()) m.push_back({"system", config.system});
  m.push_back({"user", probe.prompt});
  return m;
}

RunPlan plan_run(const RunConfig& config, const Suite& suite) {
  RunPlan plan;
  for (const auto& id : config.probe_ids) {
    const Probe* p = suite.find(id);
    if (!p) continue;
    for (int s = 0; s < config.samples; ++s) {
      plan.items.push_back({p, s, sample_seed(config.seed, p->id, s)});
    }
  }
  return plan;
}

Result<RunSummary> execute_run(const std::string& db_path, const RunConfig& config,
                               const Suite& suite, const std::vector<Target*>& targets,
                               const RunOptions& options) {
  auto store = Store::open(db_path);
  if (!store) return store.error();
  if (Status s = store.value()->begin_run(config); !s) return s.error();
  const RunPlan plan = plan_run(config, suite);

  RunSummary summary;
  summary.targets.resize(targets.size());
  std::vector<std::vector<Request>> requests(targets.size());
  std::vector<std::vector<const RunPlan::Item*>> items(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    const std::string& name = targets[t]->name();
    summary.targets[t].target = name;
    auto finished = store.value()->finished_keys(config.name, name);
    if (!finished) return finished.error();
    std::unordered_set<std::string> done(finished->begin(), finished->end());
    for (const auto& item : plan.items) {
      if (done.count(fmt::format("{}\x1f{}\x1f{}", name, item.probe->id, item.sample))) {
        ++summary.targets[t].skipped;
        continue;
      }
      Request r;
      r.key = items[t].size();
      r.messages = probe_messages(config, *item.probe);
      r.sampling = config.sampling;
      r.seed = item.seed;
      requests[t].push_back(std::move(r));
      items[t].push_back(&item);
    }
    summary.targets[t].total = static_cast<int64_t>(requests[t].size());
  }

  Writer writer(*store.value(), options, summary.targets);
  std::atomic<bool> stop{false};
  std::atomic<bool> finished_all{false};
  // Stops the targets when the user cancels or storage fails.
  std::thread watcher([&] {
    while (!finished_all.load()) {
      if ((options.cancel && options.cancel->load()) || writer.failure()) stop.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::vector<std::thread> threads;
  for (size_t t = 0; t < targets.size(); ++t) {
    threads.emplace_back([&, t] {
      const auto start = Clock::now();
      targets[t]->generate(
          requests[t],
          [&](Completion&& c) {
            if (c.error_class == "cancelled") return;  // not asked: redone on resume
            const RunPlan::Item* item = items[t][c.key];
            AnswerRow row;
            row.run = config.name;
            row.target = targets[t]->name();
            row.probe_id = item->probe->id;
            row.sample = item->sample;
            row.finished_at_ms = wall_ms();
            row.started_at_ms = row.finished_at_ms - static_cast<int64_t>(c.latency_ms);
            row.completion = std::move(c);
            writer.add(t, std::move(row));
            writer.set_elapsed(t, std::chrono::duration<double>(Clock::now() - start).count());
          },
          &stop);
      writer.set_elapsed(t, std::chrono::duration<double>(Clock::now() - start).count());
    });
  }
  for (auto& th : threads) th.join();
  finished_all.store(true);
  watcher.join();
  writer.flush();
  if (auto failure = writer.failure()) return *failure;
  summary.cancelled = options.cancel && options.cancel->load();
  return summary;
}

Status export_run(Store& store, const std::string& run, const std::string& format,
                  const std::function<void(const std::string&)>& write) {
  if (format != "jsonl" && format != "csv") {
    return Error{fmt::format("export format '{}': use jsonl or csv", format)};
  }
  if (auto info = store.run_info(run); !info) return info.error();
  static const char* kColumns[] = {"run",          "target",         "probe_id",
                                   "sample",       "prompt_sent",    "answer",
                                   "reasoning",    "reasoning_state", "finish_reason",
                                   "prompt_tokens", "completion_tokens", "latency_ms",
                                   "attempts",     "error_class",    "error_message",
                                   "started_at_ms", "finished_at_ms"};
  // RFC 4180. Text that starts like a formula (= + - @ tab CR) gets a leading apostrophe so a
  // spreadsheet shows it instead of evaluating it (CSV injection); NUL, which ends a cell early
  // in many readers, becomes U+FFFD. Numbers are left alone. (The JSONL export is exact.)
  auto csv_field = [](const std::string& s, bool text) {
    const bool formula = text && !s.empty() &&
                         std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos;
    const bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
    std::string q = quote ? "\"" : "";
    if (formula) q += '\'';
    for (char c : s) {
      if (c == '"') q += '"';
      if (c == '\0') {
        q += "\xEF\xBF\xBD";
      } else {
        q += c;
      }
    }
    return quote ? q + "\"" : q;
  };
  if (format == "csv") write(fmt::format("{}\r\n", fmt::join(kColumns, ",")));
  return store.for_each_answer(run, [&](const AnswerRow& r) {
    const Completion& c = r.completion;
    nlohmann::json j;
    j["run"] = r.run;
    j["target"] = r.target;
    j["probe_id"] = r.probe_id;
    j["sample"] = r.sample;
    j["prompt_sent"] = c.prompt_sent;
    j["answer"] = c.answer;
    j["reasoning"] = c.reasoning;
    j["reasoning_state"] = to_string(c.reasoning_state);
    j["finish_reason"] = c.finish_reason;
    j["prompt_tokens"] = c.prompt_tokens;
    j["completion_tokens"] = c.completion_tokens;
    j["latency_ms"] = c.latency_ms;
    j["attempts"] = c.attempts;
    j["error_class"] = c.error_class;
    j["error_message"] = c.error_message;
    j["started_at_ms"] = r.started_at_ms;
    j["finished_at_ms"] = r.finished_at_ms;
    if (format == "jsonl") {
      write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else {
      std::vector<std::string> fields;
      for (const char* col : kColumns) {
        const auto& v = j[col];
        fields.push_back(v.is_string() ? csv_field(v.get<std::string>(), true)
                                       : csv_field(v.dump(), false));
      }
      write(fmt::format("{}\r\n", fmt::join(fields, ",")));
    }
    return true;
  });
}

}  // namespace candor
