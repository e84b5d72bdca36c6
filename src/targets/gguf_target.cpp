// The embedded target: a GGUF model run in-process by llama.cpp, with batched generation.
//
// Many requests decode together: each active request owns one sequence id, every step submits
// one llama_decode with the next token of every active sequence (and prompt chunks of newly
// admitted ones), and a finished sequence's slot is refilled at once from the queue. A token
// prefix common to all prompts (system prompt and template header) is decoded once into a
// reserved sequence and copied with llama_memory_seq_cp.
//
// The KV cache is split by default: every sequence has a stream of its own (ctx/(parallel+1)
// cells), so a token attends over its own sequence only. With kv=unified all sequences share
// one pool of ctx cells (less memory when answers vary in length, but every token's attention
// then spans every occupied cell, other sequences' masked out: measured 5-10% slower on a 60M
// model, docs/benchmarks.md).
#include <fmt/format.h>
#include <gguf.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "chat.h"
#include "llama.h"
#include "targets/gguf_target.h"

namespace candor {
namespace {

using Clock = std::chrono::steady_clock;

// llama.cpp has one process-wide log callback. candor installs this one once: it keeps the first
// error line of the calling thread since install_llama_log (to explain a failed load: the first
// line names the problem, later ones only say that loading failed) and prints everything only
// when verbose output was asked for.
thread_local std::string t_last_llama_error;
std::atomic<bool> g_llama_verbose{false};

void llama_log(ggml_log_level level, const char* text, void*) {
  if (level == GGML_LOG_LEVEL_ERROR && t_last_llama_error.empty()) {
    // "gguf_init_from_file_impl: tensor 'x' has ..." -> "tensor 'x' has ...": the function
    // name means nothing to a user.
    std::string_view line = trim(text);
    const size_t colon = line.find(": ");
    if (colon != std::string_view::npos &&
        line.substr(0, colon).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
            std::string_view::npos) {
      line.remove_prefix(colon + 2);
    }
    t_last_llama_error = terminal_safe(line);
    for (char& c : t_last_llama_error) {
      if (c == '\n' || c == '\t') c = ' ';
    }
  }
  if (g_llama_verbose.load()) std::fputs(text, stderr);
}

void install_llama_log(bool verbose) {
  static std::once_flag once;
  std::call_once(once, [] {
    llama_log_set(llama_log, nullptr);
    llama_backend_init();
  });
  if (verbose) g_llama_verbose.store(true);
  t_last_llama_error.clear();
}

int option_int(const TargetSpec& spec, const char* key, int fallback, std::string* err) {
  auto it = spec.options.find(key);
  if (it == spec.options.end()) return fallback;
  try {
    size_t used = 0;
    const int v = std::stoi(it->second, &used);
    if (used != it->second.size() || v <= 0) throw std::invalid_argument("");
    return v;
  } catch (...) {
    *err = fmt::format("target '{}': option {}={} is not a positive integer", spec.text, key,
                       it->second);
    return fallback;
  }
}

// Checks that `path` is a readable, complete GGUF file before llama.cpp sees it, so a bad file
// becomes a one-line message rather than whatever the loader does with it.
Status check_gguf_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Error{fmt::format("{}: no such model file", path)};
  }
  const auto file_size = std::filesystem::file_size(path, ec);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error{fmt::format("{}: cannot open the model file", path)};
  char magic[4] = {};
  const size_t got = std::fread(magic, 1, 4, f);
  std::fclose(f);
  if (got != 4 || std::string_view(magic, 4) != "GGUF") {
    return Error{fmt::format("{}: not a GGUF file (bad magic)", path)};
  }
  gguf_init_params params{/*no_alloc=*/true, /*ctx=*/nullptr};
  gguf_context* ctx = gguf_init_from_file(path.c_str(), params);
  if (!ctx) {
    return Error{fmt::format("{}: corrupt GGUF header or metadata{}{}", path,
                             t_last_llama_error.empty() ? "" : ": ", t_last_llama_error)};
  }
  uint64_t end = gguf_get_data_offset(ctx);
  std::string last_tensor;
  const int64_t n = gguf_get_n_tensors(ctx);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t tensor_end =
        gguf_get_data_offset(ctx) + gguf_get_tensor_offset(ctx, i) + gguf_get_tensor_size(ctx, i);
    if (tensor_end > end) {
      end = tensor_end;
      last_tensor = gguf_get_tensor_name(ctx, i);
    }
  }
  gguf_free(ctx);
  if (n == 0) return Error{fmt::format("{}: the GGUF file holds no tensors (vocab only?)", path)};
  if (end > file_size) {
    return Error{fmt::format(
        "{}: truncated or corrupt: tensor '{}' needs the file to hold {} bytes, it has {}", path,
        terminal_safe(last_tensor), end, file_size)};
  }
  return {};
}

struct Slot {
  bool active = false;
  size_t request = 0;
  llama_seq_id seq = 0;
  std::vector<llama_token> prompt;
  size_t prompt_done = 0;  // prompt tokens already in the KV cache for this sequence
  int generated = 0;
  llama_token last = 0;
  bool needs_logits = false;  // last token submitted wants sampling
  int32_t batch_index = -1;
  std::string text;
  llama_sampler* sampler = nullptr;
  Clock::time_point started;
  int reserved_cells = 0;
};

}  // namespace

struct GgufTarget::Impl {
  std::string name;
  llama_model* model = nullptr;
  llama_context* ctx = nullptr;
  const llama_vocab* vocab = nullptr;
  common_chat_templates_ptr templates;
  int n_parallel = 8;
  int n_batch = 512;
  int n_ctx = 0;      // KV cells in all
  int n_ctx_seq = 0;  // KV cells one sequence can use (n_ctx when unified)
  bool kv_unified = false;
  bool ignore_eos = false;  // benchmarks: always generate max_tokens

  ~Impl() {
    if (ctx) llama_free(ctx);
    if (model) llama_model_free(model);
  }
};

GgufTarget::GgufTarget(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GgufTarget::~GgufTarget() = default;
const std::string& GgufTarget::name() const { return impl_->name; }

Result<std::unique_ptr<GgufTarget>> GgufTarget::open(const TargetSpec& spec,
                                                     const TargetOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->name = spec.text;
  install_llama_log(options.verbose);
  if (Status s = check_gguf_file(spec.path); !s) return s.error();

  std::string err;
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = option_int(spec, "threads", hw, &err);
  impl->n_parallel = option_int(spec, "parallel", 8, &err);
  impl->n_batch = option_int(spec, "batch", 512, &err);
  const int ubatch = option_int(spec, "ubatch", impl->n_batch, &err);
  int n_ctx = option_int(spec, "ctx", 0, &err);
  impl->ignore_eos = option_int(spec, "ignore_eos", 0, &err) > 0;
  if (auto kv = spec.options.find("kv"); kv != spec.options.end()) {
    if (kv->second == "unified") {
      impl->kv_unified = true;
    } else if (kv->second != "split") {
      err = fmt::format("target '{}': option kv={} is not split or unified", spec.text, kv->second);
    }
  }
  if (!err.empty()) return Error{err};

  llama_model_params mparams = llama_model_default_params();
  mparams.n_gpu_layers = 0;
  t_last_llama_error.clear();
  impl->model = llama_model_load_from_file(spec.path.c_str(), mparams);
  if (!impl->model) {
    return Error{fmt::format("{}: llama.cpp could not load the model{}{}", spec.path,
                             t_last_llama_error.empty() ? "" : ": ", t_last_llama_error)};
  }
  impl->vocab = llama_model_get_vocab(impl->model);
  if (n_ctx == 0) {
    const int train = std::max(256, llama_model_n_ctx_train(impl->model));
    n_ctx = impl->kv_unified ? std::min(train, 2048) * std::min(impl->n_parallel, 4)
                             : std::min(train, 2048) * (impl->n_parallel + 1);
  }
  llama_context_params cparams = llama_context_default_params();
  cparams.n_ctx = static_cast<uint32_t>(n_ctx);
  cparams.n_batch = static_cast<uint32_t>(impl->n_batch);
  cparams.n_ubatch = static_cast<uint32_t>(std::min(ubatch, impl->n_batch));
  cparams.n_seq_max = static_cast<uint32_t>(impl->n_parallel + 1);  // +1: the shared prefix
  cparams.n_threads = threads;
  cparams.n_threads_batch = threads;
  cparams.kv_unified = impl->kv_unified;
  cparams.no_perf = true;
  t_last_llama_error.clear();
  impl->ctx = llama_init_from_model(impl->model, cparams);
  if (!impl->ctx) {
    return Error{fmt::format("{}: llama.cpp could not create a context (ctx={}, parallel={}){}{}",
                             spec.path, n_ctx, impl->n_parallel,
                             t_last_llama_error.empty() ? "" : ": ", t_last_llama_error)};
  }
  impl->n_ctx = static_cast<int>(llama_n_ctx(impl->ctx));
  impl->n_ctx_seq = static_cast<int>(llama_n_ctx_seq(impl->ctx));
  try {
    impl->templates = common_chat_templates_init(impl->model, options.chat_template_override);
  } catch (const std::exception& e) {
    return Error{fmt::format("{}: chat template: {}", spec.path, e.what())};
  }
  if (!impl->templates) return Error{fmt::format("{}: no usable chat template", spec.path)};
  return std::unique_ptr<GgufTarget>(new GgufTarget(std::move(impl)));
}

Result<GgufTarget::Rendered> GgufTarget::render(const std::vector<ChatMessage>& messages) const {
  common_chat_templates_inputs inputs;
  for (const auto& m : messages) {
    common_chat_msg msg;
    msg.role = m.role;
    msg.content = m.content;
    inputs.messages.push_back(std::move(msg));
  }
  inputs.add_generation_prompt = true;
  inputs.use_jinja = true;
  Rendered out;
  try {
    common_chat_params params = common_chat_templates_apply(impl_->templates.get(), inputs);
    out.prompt = std::move(params.prompt);
    out.stops = std::move(params.additional_stops);
  } catch (const std::exception& e) {
    return Error{fmt::format("chat template failed: {}", e.what())};
  }
  // Templates of reasoning models open the think block in the generation prompt itself.
  const std::string_view tail = trim(out.prompt);
  out.starts_in_think = tail.size() >= 7 && tail.substr(tail.size() - 7) == "<think>";
  return out;
}

std::vector<int32_t> GgufTarget::tokenize(const std::string& text) const {
  std::vector<llama_token> tokens(text.size() + 8);
  int n = llama_tokenize(impl_->vocab, text.data(), static_cast<int32_t>(text.size()),
                         tokens.data(), static_cast<int32_t>(tokens.size()), true, true);
  if (n < 0) {
    tokens.resize(static_cast<size_t>(-n));
    n = llama_tokenize(impl_->vocab, text.data(), static_cast<int32_t>(text.size()),
                       tokens.data(), static_cast<int32_t>(tokens.size()), true, true);
  }
  tokens.resize(static_cast<size_t>(std::max(n, 0)));
  return tokens;
}

void GgufTarget::generate(std::span<const Request> requests, const CompletionSink& sink,
                          const std::atomic<bool>* cancel) {
  Impl& m = *impl_;
  llama_memory_t mem = llama_get_memory(m.ctx);
  llama_memory_clear(mem, true);

  // Render and tokenize every prompt up front; failures complete at once.
  struct Prepared {
    Rendered rendered;
    std::vector<llama_token> tokens;
  };
  std::vector<Prepared> prepared(requests.size());
  std::deque<size_t> queue;
  for (size_t i = 0; i < requests.size(); ++i) {
    auto r = render(requests[i].messages);
    if (!r) {
      Completion c;
      c.key = requests[i].key;
      c.finish_reason = "error";
      c.error_class = "internal";
      c.error_message = r.error().message;
      sink(std::move(c));
      continue;
    }
    prepared[i].rendered = std::move(r.value());
    prepared[i].tokens = tokenize(prepared[i].rendered.prompt);
    const int need = static_cast<int>(prepared[i].tokens.size()) + requests[i].sampling.max_tokens;
    if (prepared[i].tokens.empty() || need > m.n_ctx_seq) {
      Completion c;
      c.key = requests[i].key;
      c.prompt_sent = prepared[i].rendered.prompt;
      c.prompt_tokens = static_cast<int>(prepared[i].tokens.size());
      c.finish_reason = "error";
      c.error_class = "context_overflow";
      c.error_message = fmt::format(
          "prompt ({} tokens) + max_tokens ({}) exceeds the context of a sequence ({} tokens); "
          "raise ctx={}",
          prepared[i].tokens.size(), requests[i].sampling.max_tokens, m.n_ctx_seq,
          m.kv_unified ? "" : fmt::format(" (split into parallel+1 = {} streams)", m.n_parallel + 1));
      sink(std::move(c));
      continue;
    }
    queue.push_back(i);
  }
  if (queue.empty()) return;

  // The token prefix every queued prompt shares, decoded once into the reserved sequence.
  const llama_seq_id prefix_seq = m.n_parallel;
  size_t prefix_len = 0;
  if (queue.size() > 1) {
    const auto& first = prepared[queue.front()].tokens;
    prefix_len = first.size() - 1;
    for (size_t qi : queue) {
      const auto& t = prepared[qi].tokens;
      size_t k = 0;
      const size_t lim = std::min(prefix_len, t.size() - 1);
      while (k < lim && t[k] == first[k]) ++k;
      prefix_len = k;
    }
    if (prefix_len < 8) prefix_len = 0;
  }
  llama_batch batch = llama_batch_init(std::max<int32_t>(m.n_batch, 1), 0, 1);
  auto batch_add = [&](llama_token tok, llama_pos pos, llama_seq_id seq, bool logits) {
    batch.token[batch.n_tokens] = tok;
    batch.pos[batch.n_tokens] = pos;
    batch.n_seq_id[batch.n_tokens] = 1;
    batch.seq_id[batch.n_tokens][0] = seq;
    batch.logits[batch.n_tokens] = logits;
    return batch.n_tokens++;
  };
  std::string fatal;
  if (prefix_len > 0) {
    const auto& first = prepared[queue.front()].tokens;
    for (size_t done = 0; done < prefix_len && fatal.empty();) {
      batch.n_tokens = 0;
      while (done < prefix_len && batch.n_tokens < m.n_batch) {
        batch_add(first[done], static_cast<llama_pos>(done), prefix_seq, false);
        ++done;
      }
      if (llama_decode(m.ctx, batch) != 0) fatal = "llama_decode failed on the shared prefix";
    }
  }
  const int prefix_cells = static_cast<int>(prefix_len);

  std::vector<Slot> slots(static_cast<size_t>(m.n_parallel));
  for (size_t s = 0; s < slots.size(); ++s) slots[s].seq = static_cast<llama_seq_id>(s);
  int reserved = prefix_cells;

  auto finish = [&](Slot& slot, const char* reason, std::string error_class = {},
                    std::string error_message = {}) {
    const Prepared& p = prepared[slot.request];
    Completion c;
    c.key = requests[slot.request].key;
    c.prompt_sent = p.rendered.prompt;
    c.prompt_tokens = static_cast<int>(p.tokens.size());
    c.completion_tokens = slot.generated;
    c.latency_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - slot.started).count();
    std::string text = sanitize_utf8(slot.text);
    for (const auto& stop : p.rendered.stops) {
      const size_t at = stop.empty() ? std::string::npos : text.find(stop);
      if (at != std::string::npos) text.erase(at);
    }
    ThinkSplit split = split_think(text, p.rendered.starts_in_think);
    c.answer = std::move(split.answer);
    c.reasoning = std::move(split.reasoning);
    c.reasoning_state = split.state;
    c.finish_reason = reason;
    c.error_class = std::move(error_class);
    c.error_message = std::move(error_message);
    llama_memory_seq_rm(mem, slot.seq, -1, -1);
    llama_sampler_free(slot.sampler);
    slot.sampler = nullptr;
    slot.active = false;
    reserved -= slot.reserved_cells;
    sink(std::move(c));
  };

  auto make_sampler = [](const Request& r) {
    auto chain_params = llama_sampler_chain_default_params();
    chain_params.no_perf = true;
    llama_sampler* chain = llama_sampler_chain_init(chain_params);
    if (r.sampling.temperature <= 0.0f) {
      llama_sampler_chain_add(chain, llama_sampler_init_greedy());
    } else {
      if (r.sampling.top_p < 1.0f) {
        llama_sampler_chain_add(chain, llama_sampler_init_top_p(r.sampling.top_p, 1));
      }
      llama_sampler_chain_add(chain, llama_sampler_init_temp(r.sampling.temperature));
      llama_sampler_chain_add(chain,
                              llama_sampler_init_dist(static_cast<uint32_t>(r.seed ^ (r.seed >> 32))));
    }
    return chain;
  };

  while (fatal.empty()) {
    const bool cancelled = cancel && cancel->load();
    // Admit queued requests into free slots while the KV cache has room for them.
    for (auto& slot : slots) {
      if (cancelled || queue.empty()) break;
      if (slot.active) continue;
      const size_t ri = queue.front();
      const int cells = static_cast<int>(prepared[ri].tokens.size() - prefix_len) +
                        requests[ri].sampling.max_tokens;
      if (m.kv_unified && reserved + cells > m.n_ctx) break;  // split: each has its stream
      queue.pop_front();
      slot.active = true;
      slot.request = ri;
      slot.prompt = prepared[ri].tokens;
      slot.prompt_done = 0;
      if (prefix_len > 0) {
        // The whole prefix sequence (a copy between streams must take all of it).
        llama_memory_seq_cp(mem, prefix_seq, slot.seq, -1, -1);
        slot.prompt_done = prefix_len;
      }
      slot.generated = 0;
      slot.text.clear();
      slot.sampler = make_sampler(requests[ri]);
      slot.started = Clock::now();
      slot.reserved_cells = cells;
      reserved += cells;
    }
    // Build one batch: the next token of every generating sequence first (cheap and latency
    // bound), then prompt chunks of new sequences in the room left.
    batch.n_tokens = 0;
    bool any = false;
    for (auto& slot : slots) {
      slot.batch_index = -1;
      if (!slot.active || slot.prompt_done < slot.prompt.size()) continue;
      if (cancelled) {
        finish(slot, "error", "cancelled", "the run was interrupted");
        continue;
      }
      slot.batch_index = batch_add(
          slot.last, static_cast<llama_pos>(slot.prompt.size() + slot.generated - 1), slot.seq,
          true);
      any = true;
    }
    for (auto& slot : slots) {
      if (!slot.active || slot.prompt_done >= slot.prompt.size()) continue;
      if (cancelled) {
        finish(slot, "error", "cancelled", "the run was interrupted");
        continue;
      }
      while (slot.prompt_done < slot.prompt.size() && batch.n_tokens < m.n_batch) {
        const bool last = slot.prompt_done + 1 == slot.prompt.size();
        const int32_t idx = batch_add(slot.prompt[slot.prompt_done],
                                      static_cast<llama_pos>(slot.prompt_done), slot.seq, last);
        if (last) slot.batch_index = idx;
        ++slot.prompt_done;
      }
      any = true;
    }
    if (!any) {
      if (queue.empty() || cancelled) break;
      continue;  // slots are free but nothing fit: cannot happen, admission checked need <= ctx
    }
    if (batch.n_tokens == 0) continue;
    const int rc = llama_decode(m.ctx, batch);
    if (rc != 0) {
      fatal = fmt::format("llama_decode failed (code {})", rc);
      break;
    }
    for (auto& slot : slots) {
      if (!slot.active || slot.batch_index < 0) continue;
      const llama_token tok = llama_sampler_sample(slot.sampler, m.ctx, slot.batch_index);
      if (!m.ignore_eos && llama_vocab_is_eog(m.vocab, tok)) {
        finish(slot, "stop");
        continue;
      }
      char buf[256];
      const int n = llama_token_to_piece(m.vocab, tok, buf, sizeof buf, 0, true);
      if (n > 0) slot.text.append(buf, static_cast<size_t>(n));
      slot.last = tok;
      ++slot.generated;
      bool stopped = false;
      for (const auto& stop : prepared[slot.request].rendered.stops) {
        if (!stop.empty() && slot.text.find(stop) != std::string::npos) stopped = true;
      }
      if (stopped) {
        finish(slot, "stop");
      } else if (slot.generated >= requests[slot.request].sampling.max_tokens) {
        finish(slot, "length");
      }
    }
  }
  for (auto& slot : slots) {
    if (slot.active) finish(slot, "error", fatal.empty() ? "cancelled" : "internal",
                            fatal.empty() ? "the run was interrupted" : fatal);
  }
  for (size_t ri : queue) {
    Completion c;
    c.key = requests[ri].key;
    c.finish_reason = "error";
    c.error_class = fatal.empty() ? "cancelled" : "internal";
    c.error_message = fatal.empty() ? "the run was interrupted" : fatal;
    sink(std::move(c));
  }
  llama_memory_clear(mem, true);
  llama_batch_free(batch);
}

}  // namespace candor
