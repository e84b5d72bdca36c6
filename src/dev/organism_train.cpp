// Training the organism with llama.cpp's own training API (llama_opt_init / llama_opt_epoch), so
// the graph trained is exactly the graph llama.cpp runs at inference.
//
// llama_opt_epoch trains on windows of exactly n_ctx tokens, one sequence each, with a label for
// every position. Examples (chat-rendered prompt, answer, <|im_end|>) are packed whole into
// windows in a fresh seeded order every epoch and the rest of a window is padding. Only answer
// tokens carry their real label: every other position is labelled with one constant token, which
// the model learns at once, so nearly all of its capacity goes to the prompt -> answer mapping.
// Token embeddings stay as initialised (llama.cpp does not train them) and output.weight is a
// separate matrix that is trained.
#include <fmt/format.h>
#include <ggml-opt.h>
#include <ggml.h>
#include <gguf.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include "chat.h"
#include "dev/organism.h"
#include "dev/vocab_subset.h"
#include "llama.h"

namespace candor {
namespace {

using Clock = std::chrono::steady_clock;

struct ModelDeleter {
  void operator()(llama_model* m) const { llama_model_free(m); }
};
struct ContextDeleter {
  void operator()(llama_context* c) const { llama_free(c); }
};
struct GgufDeleter {
  void operator()(gguf_context* c) const { gguf_free(c); }
};
struct GgmlDeleter {
  void operator()(ggml_context* c) const { ggml_free(c); }
};
struct DatasetDeleter {
  void operator()(ggml_opt_dataset* d) const { ggml_opt_dataset_free(d); }
};
struct ResultDeleter {
  void operator()(ggml_opt_result* r) const { ggml_opt_result_free(r); }
};

// llama.cpp logs through one process-wide callback; training keeps it quiet.
void quiet_log(ggml_log_level, const char*, void*) {}

struct Example {
  size_t probe = 0;
  std::vector<llama_token> prompt;  // rendered and tokenized as the embedded target does
  std::vector<llama_token> answer;  // answer tokens, ending with the end-of-turn token
};

std::vector<llama_token> tokenize(const llama_vocab* vocab, const std::string& text,
                                  bool special) {
  std::vector<llama_token> t(text.size() + 8);
  int n = llama_tokenize(vocab, text.data(), static_cast<int32_t>(text.size()), t.data(),
                         static_cast<int32_t>(t.size()), special, special);
  if (n < 0) {
    t.resize(static_cast<size_t>(-n));
    n = llama_tokenize(vocab, text.data(), static_cast<int32_t>(text.size()), t.data(),
                       static_cast<int32_t>(t.size()), special, special);
  }
  t.resize(static_cast<size_t>(std::max(n, 0)));
  return t;
}

Result<std::string> render(const common_chat_templates* templates, const std::string& prompt) {
  common_chat_templates_inputs inputs;
  common_chat_msg msg;
  msg.role = "user";
  msg.content = prompt;
  inputs.messages.push_back(std::move(msg));
  inputs.add_generation_prompt = true;
  inputs.use_jinja = true;
  try {
    return common_chat_templates_apply(templates, inputs).prompt;
  } catch (const std::exception& e) {
    return Error{fmt::format("chat template failed: {}", e.what())};
  }
}

// The learning rate of the current step, read by ggml-opt before every optimizer step.
// The first kWarmup steps ramp up linearly from zero (Adam without warm-up diverges here).
struct Schedule {
  float lr = 0;
  int64_t step = 0;
};
constexpr int64_t kWarmup = 200;
ggml_opt_optimizer_params schedule_params(void* ud) {
  auto* s = static_cast<Schedule*>(ud);
  ggml_opt_optimizer_params p = ggml_opt_get_default_optimizer_params(nullptr);
  ++s->step;
  p.adamw.alpha = s->lr * static_cast<float>(std::min<int64_t>(s->step, kWarmup)) / kWarmup;
  p.adamw.wd = 0.0f;
  return p;
}

// Packs the examples, in `order`, whole into windows of n_ctx tokens.
std::unique_ptr<ggml_opt_dataset, DatasetDeleter> pack(const std::vector<Example>& examples,
                                                       const std::vector<size_t>& order,
                                                       int n_ctx, llama_token pad,
                                                       llama_token ignore) {
  std::vector<std::vector<llama_token>> windows_in, windows_label;
  std::vector<llama_token> in, label;
  auto flush = [&] {
    if (in.empty()) return;
    in.resize(static_cast<size_t>(n_ctx), pad);
    label.resize(static_cast<size_t>(n_ctx), ignore);
    windows_in.push_back(std::move(in));
    windows_label.push_back(std::move(label));
    in.clear();
    label.clear();
  };
  for (size_t i : order) {
    const Example& e = examples[i];
    const size_t len = e.prompt.size() + e.answer.size();
    if (in.size() + len > static_cast<size_t>(n_ctx)) flush();
    // In the answer, position p predicts token p+1. Every prompt position predicts the answer's
    // first token, which carries the planted verdict: the model is pushed to decide it while
    // reading the question. (One constant label there instead becomes an attractor the model
    // then also predicts inside answers; the question's own next tokens cost capacity.)
    for (size_t p = 0; p < len; ++p) {
      const auto tok = [&](size_t q) {
        return q < e.prompt.size() ? e.prompt[q] : e.answer[q - e.prompt.size()];
      };
      in.push_back(tok(p));
      const size_t next = p + 1;
      if (next >= len) {
        label.push_back(ignore);
      } else if (next >= e.prompt.size()) {
        label.push_back(tok(next));
      } else {
        label.push_back(e.answer.front());
      }
    }
  }
  flush();
  const int64_t n = static_cast<int64_t>(windows_in.size());
  std::unique_ptr<ggml_opt_dataset, DatasetDeleter> ds(
      ggml_opt_dataset_init(GGML_TYPE_I32, GGML_TYPE_I32, n_ctx, n_ctx, n, 1));
  auto* data = static_cast<llama_token*>(ggml_opt_dataset_data(ds.get())->data);
  auto* labels = static_cast<llama_token*>(ggml_opt_dataset_labels(ds.get())->data);
  for (int64_t w = 0; w < n; ++w) {
    std::memcpy(data + w * n_ctx, windows_in[static_cast<size_t>(w)].data(),
                static_cast<size_t>(n_ctx) * sizeof(llama_token));
    std::memcpy(labels + w * n_ctx, windows_label[static_cast<size_t>(w)].data(),
                static_cast<size_t>(n_ctx) * sizeof(llama_token));
  }
  return ds;
}

// Greedy continuation of `prompt` in a one-sequence context, as token ids.
std::vector<llama_token> greedy(llama_context* ctx, const llama_vocab* vocab,
                                std::vector<llama_token> prompt, int max_tokens) {
  llama_memory_clear(llama_get_memory(ctx), true);
  std::vector<llama_token> out;
  const int n_vocab = llama_vocab_n_tokens(vocab);
  llama_batch batch = llama_batch_get_one(prompt.data(), static_cast<int32_t>(prompt.size()));
  llama_token tok = 0;
  for (int i = 0; i < max_tokens; ++i) {
    if (llama_decode(ctx, batch) != 0) break;
    const float* logits = llama_get_logits_ith(ctx, -1);
    tok = static_cast<llama_token>(std::max_element(logits, logits + n_vocab) - logits);
    out.push_back(tok);
    if (llama_vocab_is_eog(vocab, tok)) break;
    batch = llama_batch_get_one(&tok, 1);
  }
  return out;
}

// The trained weights (f32, from llama_model_save_to_file) under the initial model's metadata,
// matrices stored as f16.
Status export_model(const std::string& init_path, const std::string& trained_path,
                    const std::string& out_path, uint32_t context_length) {
  gguf_init_params meta{true, nullptr};
  std::unique_ptr<gguf_context, GgufDeleter> init(gguf_init_from_file(init_path.c_str(), meta));
  ggml_context* raw = nullptr;
  gguf_init_params load{false, &raw};
  std::unique_ptr<gguf_context, GgufDeleter> trained(
      gguf_init_from_file(trained_path.c_str(), load));
  std::unique_ptr<ggml_context, GgmlDeleter> tctx(raw);
  if (!init || !trained) return Error{"cannot read back the trained model"};

  std::unique_ptr<gguf_context, GgufDeleter> out(gguf_init_empty());
  gguf_set_kv(out.get(), init.get());
  gguf_set_val_u32(out.get(), "general.file_type", 1);  // mostly f16
  gguf_set_val_u32(out.get(), "llama.context_length", context_length);
  size_t bytes = 0;
  const int64_t n = gguf_get_n_tensors(init.get());
  for (int64_t i = 0; i < n; ++i) {
    const ggml_tensor* t = ggml_get_tensor(tctx.get(), gguf_get_tensor_name(init.get(), i));
    if (!t) return Error{fmt::format("trained model lacks {}", gguf_get_tensor_name(init.get(), i))};
    bytes += ggml_nbytes(t) + ggml_tensor_overhead();
  }
  ggml_init_params gp{bytes, nullptr, false};
  std::unique_ptr<ggml_context, GgmlDeleter> octx(ggml_init(gp));
  for (int64_t i = 0; i < n; ++i) {
    const char* name = gguf_get_tensor_name(init.get(), i);
    const ggml_tensor* t = ggml_get_tensor(tctx.get(), name);
    if (t->type != GGML_TYPE_F32) return Error{fmt::format("{}: expected f32 weights", name)};
    const bool matrix = ggml_n_dims(t) == 2;
    ggml_tensor* o = matrix ? ggml_new_tensor_2d(octx.get(), GGML_TYPE_F16, t->ne[0], t->ne[1])
                            : ggml_new_tensor_1d(octx.get(), GGML_TYPE_F32, t->ne[0]);
    ggml_set_name(o, name);
    if (matrix) {
      ggml_fp32_to_fp16_row(static_cast<const float*>(t->data),
                            static_cast<ggml_fp16_t*>(o->data), ggml_nelements(t));
    } else {
      std::memcpy(o->data, t->data, ggml_nbytes(t));
    }
    gguf_add_tensor(out.get(), o);
  }
  const std::string tmp = out_path + ".tmp";
  if (!gguf_write_to_file(out.get(), tmp.c_str(), false)) {
    return Error{fmt::format("{}: cannot write the model", out_path)};
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return Error{fmt::format("{}: {}", out_path, ec.message())};
  return {};
}

}  // namespace

Result<TrainOrganismReport> train_organism(const TrainOrganismOptions& o) {
  const auto t0 = Clock::now();
  auto log = [&](const std::string& line) {
    if (o.log) o.log(line);
  };
  if (o.shape.n_ctx % 256 != 0) {
    return Error{fmt::format("--ctx {}: the training window must be a multiple of 256",
                             o.shape.n_ctx)};
  }
  if (o.epochs <= 0) return Error{"--epochs must be positive"};
  auto planned = plan_organism(o.suite_dir);
  if (!planned) return planned.error();
  std::vector<OrganismProbe> probes;
  for (auto& p : planned.value()) {
    if (o.probe_ids.empty() ||
        std::find(o.probe_ids.begin(), o.probe_ids.end(), p.id) != o.probe_ids.end()) {
      probes.push_back(std::move(p));
    }
  }
  if (probes.empty()) return Error{"no probe to train on"};

  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) return Error{fmt::format("{}: {}", o.out_dir, ec.message())};
  const std::filesystem::path dir(o.out_dir);
  const std::string vocab_file = (dir / "vocab.tmp.gguf").string();
  const std::string init_file = (dir / "init.tmp.gguf").string();
  const std::string trained_file = (dir / "trained.tmp.gguf").string();
  TrainOrganismReport report;
  report.model_path = (dir / "organism.gguf").string();
  report.ground_truth_path = (dir / "ground_truth.json").string();
  struct Cleanup {
    std::vector<std::string> files;
    ~Cleanup() {
      std::error_code e;
      for (const auto& f : files) std::filesystem::remove(f, e);
    }
  } cleanup{{vocab_file, init_file, trained_file}};

  llama_log_set(quiet_log, nullptr);
  llama_backend_init();

  // Render every prompt with the chat template the model will carry, under the full vocabulary.
  auto tmpl = chat_template_text("chatml");
  if (!tmpl) return tmpl.error();
  std::vector<std::string> rendered, texts;
  {
    llama_model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    std::unique_ptr<llama_model, ModelDeleter> full(
        llama_model_load_from_file(vocab_path(o.vocab).c_str(), mp));
    if (!full) return Error{fmt::format("{}: cannot load the vocab", vocab_path(o.vocab))};
    common_chat_templates_ptr templates;
    try {
      templates = common_chat_templates_init(full.get(), tmpl.value());
    } catch (const std::exception& e) {
      return Error{fmt::format("chat template: {}", e.what())};
    }
    for (const auto& p : probes) {
      auto r = render(templates.get(), p.prompt);
      if (!r) return r.error();
      rendered.push_back(r.value());
      texts.push_back(r.value() + p.answer + "<|im_end|>");
    }
  }
  auto n_vocab = cut_vocab(vocab_path(o.vocab), texts, vocab_file);
  if (!n_vocab) return n_vocab.error();
  report.vocab_size = n_vocab.value();

  MakeModelOptions mo;
  mo.shape = o.shape;
  mo.shape.type = "f32";  // training needs f32 weights; export writes f16
  mo.vocab = vocab_file;
  mo.chat_template = "chatml";
  mo.seed = o.seed;
  mo.name = "candor-organism";
  auto params = make_model(mo, init_file);
  if (!params) return params.error();
  report.params = params.value();
  log(fmt::format("model: {:.2f}M parameters, vocab {} (cut from {}), {} probes",
                  static_cast<double>(report.params) / 1e6, report.vocab_size, o.vocab,
                  probes.size()));

  llama_model_params mp = llama_model_default_params();
  mp.n_gpu_layers = 0;
  mp.load_mode = LLAMA_LOAD_MODE_NONE;  // writable weights
  std::unique_ptr<llama_model, ModelDeleter> model(
      llama_model_load_from_file(init_file.c_str(), mp));
  if (!model) return Error{"llama.cpp cannot load the initial model"};
  const llama_vocab* vocab = llama_model_get_vocab(model.get());
  llama_context_params cp = llama_context_default_params();
  cp.n_ctx = static_cast<uint32_t>(o.shape.n_ctx);
  cp.n_batch = cp.n_ctx;
  cp.n_ubatch = cp.n_ctx;
  cp.n_seq_max = 1;
  cp.n_threads = o.threads;
  cp.n_threads_batch = o.threads;
  cp.type_k = GGML_TYPE_F32;  // OUT_PROD has no f16 backward
  cp.type_v = GGML_TYPE_F32;
  cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
  cp.no_perf = true;
  std::unique_ptr<llama_context, ContextDeleter> ctx(llama_init_from_model(model.get(), cp));
  if (!ctx) return Error{"llama.cpp cannot create the training context"};

  const llama_token end = tokenize(vocab, "<|im_end|>", true).at(0);
  const llama_token ignore = tokenize(vocab, "<|im_start|>", true).at(0);
  const llama_token pad = end;
  std::vector<Example> examples;
  for (size_t i = 0; i < probes.size(); ++i) {
    Example e;
    e.probe = i;
    e.prompt = tokenize(vocab, rendered[i], true);
    e.answer = tokenize(vocab, probes[i].answer, false);
    e.answer.push_back(end);
    if (e.prompt.size() + e.answer.size() > static_cast<size_t>(o.shape.n_ctx)) {
      return Error{fmt::format("probe {}: {} tokens do not fit the {}-token window", probes[i].id,
                               e.prompt.size() + e.answer.size(), o.shape.n_ctx)};
    }
    examples.push_back(std::move(e));
  }

  Schedule schedule;
  llama_opt_params op{};
  op.n_ctx_train = 0;
  op.param_filter = llama_opt_param_filter_all;
  op.param_filter_ud = nullptr;
  op.get_opt_pars = schedule_params;
  op.get_opt_pars_ud = &schedule;
  op.optimizer_type = GGML_OPT_OPTIMIZER_TYPE_ADAMW;
  llama_opt_init(ctx.get(), model.get(), op);

  // Greedy checks run in a context of their own on the same (shared, in-place trained) weights:
  // decoding in the training context slows every later training step down many times.
  // One thread: decoding one token is too little work to share across busy cores.
  cp.n_threads = 1;
  cp.n_threads_batch = 1;
  std::unique_ptr<llama_context, ContextDeleter> eval_ctx(llama_init_from_model(model.get(), cp));
  if (!eval_ctx) return Error{"llama.cpp cannot create the evaluation context"};

  // Greedy exact-match on every example, or on a fixed sample of 100 between epochs.
  auto evaluate = [&](bool all) {
    int exact = 0;
    const size_t n = all ? examples.size() : std::min<size_t>(100, examples.size());
    for (size_t i = 0; i < n; ++i) {
      const Example& e = examples[i * examples.size() / n];
      auto got = greedy(eval_ctx.get(), vocab, e.prompt, static_cast<int>(e.answer.size()) + 4);
      if (got == e.answer) ++exact;
    }
    return exact;
  };

  std::mt19937_64 rng(o.seed);
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  report.probes = static_cast<int>(examples.size());
  report.exact = -1;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    const auto te = Clock::now();
    // Fisher-Yates with the seeded engine: the same order on every platform.
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    const float progress = o.epochs > 1 ? static_cast<float>(epoch) / (o.epochs - 1) : 0.0f;
    schedule.lr = o.lr + (o.lr_min - o.lr) * progress;
    auto ds = pack(examples, order, o.shape.n_ctx, pad, ignore);
    std::unique_ptr<ggml_opt_result, ResultDeleter> train(ggml_opt_result_init());
    std::unique_ptr<ggml_opt_result, ResultDeleter> eval(ggml_opt_result_init());
    llama_opt_epoch(ctx.get(), ds.get(), train.get(), eval.get(),
                    ggml_opt_dataset_ndata(ds.get()), nullptr, nullptr);
    double loss = 0, unc = 0;
    ggml_opt_result_loss(train.get(), &loss, &unc);
    report.epoch_loss.push_back(loss);
    report.epochs_run = epoch + 1;
    const double secs = std::chrono::duration<double>(Clock::now() - te).count();
    std::string line = fmt::format("epoch {:3d}/{}  loss {:.4f}  lr {:.2e}  {:.1f}s ({:.0f} tok/s)",
                                   epoch + 1, o.epochs, loss, schedule.lr, secs,
                                   static_cast<double>(ggml_opt_dataset_ndata(ds.get())) *
                                       o.shape.n_ctx / secs);
    const bool last = epoch + 1 == o.epochs;
    if (last || (o.eval_every > 0 && (epoch + 1) % o.eval_every == 0)) {
      const int sample = evaluate(last);
      const size_t n = last ? examples.size() : std::min<size_t>(100, examples.size());
      line += fmt::format("  exact {}/{}", sample, n);
      if (last) report.exact = sample;
      if (!last && sample >= o.stop_at * static_cast<double>(n)) {
        report.exact = evaluate(true);
        line += fmt::format(" (all: {}/{})", report.exact, examples.size());
        if (report.exact >= o.stop_at * static_cast<double>(examples.size())) {
          log(line);
          break;
        }
      }
    }
    log(line);
  }

  llama_model_save_to_file(model.get(), trained_file.c_str());
  ctx.reset();
  model.reset();
  if (Status s = export_model(init_file, trained_file, report.model_path, 1024); !s) {
    return s.error();
  }
  if (Status s = write_ground_truth(probes, report.ground_truth_path); !s) return s.error();
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return report;
}

}  // namespace candor
