// Training the organism: a llama-architecture forward pass written as a ggml graph of its own,
// trained with ggml-opt (AdamW), and exported under llama.cpp's tensor names.
//
// llama.cpp's own training path (llama_opt_epoch) writes keys and values into the KV cache with
// GGML_OP_SET_ROWS, which has no backward pass in this llama.cpp: attn_k and attn_v never learn
// and nothing flows back through keys and values (data/organism/README.md). This graph computes
// K and V from the current sequence instead, with the same operations llama.cpp uses at inference
// (get_rows, rms_norm, mul_mat, rope_ext NORM, soft_max_ext with a 1/sqrt(head_dim) scale,
// SwiGLU), so the exported file behaves under llama.cpp as it did in training; the organism test
// checks that the two forward passes agree.
//
// Each example (the chat-rendered prompt, the planted answer and <|im_end|>) is one row of a
// batch, padded at the end; only the positions that predict an answer token carry a label, and
// the logits are computed for those positions only (the output matrix is most of the work).
#include <fmt/format.h>
#include <ggml-alloc.h>
#include <ggml-backend.h>
#include <ggml-cpu.h>
#include <ggml-opt.h>
#include <ggml.h>
#include <gguf.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
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
struct BackendDeleter {
  void operator()(ggml_backend* b) const { ggml_backend_free(b); }
};
struct BufferDeleter {
  void operator()(ggml_backend_buffer* b) const { ggml_backend_buffer_free(b); }
};
struct SchedDeleter {
  void operator()(ggml_backend_sched* s) const { ggml_backend_sched_free(s); }
};
struct OptDeleter {
  void operator()(ggml_opt_context* o) const { ggml_opt_free(o); }
};
struct GallocrDeleter {
  void operator()(ggml_gallocr* a) const { ggml_gallocr_free(a); }
};

// llama.cpp logs through one process-wide callback; training keeps it quiet.
void quiet_log(ggml_log_level, const char*, void*) {}

struct Example {
  size_t probe = 0;
  std::vector<llama_token> prompt;  // rendered and tokenized as the embedded target does
  std::vector<llama_token> answer;  // answer tokens, ending with the end-of-turn token
  size_t size() const { return prompt.size() + answer.size(); }
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

// The learning rate of the current step, read by ggml-opt before every optimizer step: a linear
// warm-up over the first `warmup` steps, then linear decay from lr to lr_min at the last step.
struct Schedule {
  float lr = 0, lr_min = 0;
  int64_t step = 0, warmup = 100, total = 1;
  float current = 0;
};
ggml_opt_optimizer_params schedule_params(void* ud) {
  auto* s = static_cast<Schedule*>(ud);
  ggml_opt_optimizer_params p = ggml_opt_get_default_optimizer_params(nullptr);
  ++s->step;
  float lr = s->lr;
  if (s->step < s->warmup) {
    lr = s->lr * static_cast<float>(s->step) / static_cast<float>(s->warmup);
  } else if (s->total > s->warmup) {
    const float t = std::min(1.0f, static_cast<float>(s->step - s->warmup) /
                                       static_cast<float>(s->total - s->warmup));
    lr = s->lr + (s->lr_min - s->lr) * t;
  }
  s->current = lr;
  p.adamw.alpha = lr;
  p.adamw.wd = 0.0f;
  return p;
}

// The model's weights under llama.cpp's tensor names, in a backend buffer of their own, and the
// graph inputs that stay allocated across steps.
struct Weights {
  struct Layer {
    ggml_tensor *attn_norm, *wq, *wk, *wv, *wo, *ffn_norm, *gate, *up, *down;
  };
  ggml_tensor *tok_embd = nullptr, *out_norm = nullptr, *output = nullptr;
  std::vector<Layer> layers;
  std::vector<ggml_tensor*> all;  // in the initial file's order
  std::vector<std::string> names;
};

// The shape the graph is built for.
struct GraphShape {
  int rows = 0;      // sequences per step
  int len = 0;       // tokens per sequence (the longest example)
  int targets = 0;   // positions per step that get logits (a label or padding)
  int n_vocab = 0;
};

// The forward pass for `rows` sequences of `len` tokens; returns the logits [n_vocab, targets]
// of the positions listed in `gather` (flat indices row * len + position).
ggml_tensor* build_forward(ggml_context* ctx, const Weights& w, const ModelShape& s,
                           const GraphShape& g, ggml_tensor* tokens, ggml_tensor* pos,
                           ggml_tensor* gather) {
  const int64_t d = s.n_embd, nh = s.n_head, hd = d / nh, L = g.len, B = g.rows;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  ggml_tensor* x = ggml_get_rows(ctx, w.tok_embd, tokens);  // [d, L*B]
  for (const auto& l : w.layers) {
    ggml_tensor* h = ggml_mul(ctx, ggml_rms_norm(ctx, x, s.rms_eps), l.attn_norm);
    ggml_tensor* q = ggml_reshape_4d(ctx, ggml_mul_mat(ctx, l.wq, h), hd, nh, L, B);
    ggml_tensor* k = ggml_reshape_4d(ctx, ggml_mul_mat(ctx, l.wk, h), hd, nh, L, B);
    ggml_tensor* v = ggml_reshape_4d(ctx, ggml_mul_mat(ctx, l.wv, h), hd, nh, L, B);
    q = ggml_rope_ext(ctx, q, pos, nullptr, static_cast<int>(hd), LLAMA_ROPE_TYPE_NORM, 0,
                      s.rope_freq_base, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f);
    k = ggml_rope_ext(ctx, k, pos, nullptr, static_cast<int>(hd), LLAMA_ROPE_TYPE_NORM, 0,
                      s.rope_freq_base, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f);
    q = ggml_cont(ctx, ggml_permute(ctx, q, 0, 2, 1, 3));  // [hd, L, nh, B]
    k = ggml_cont(ctx, ggml_permute(ctx, k, 0, 2, 1, 3));
    ggml_tensor* kq = ggml_mul_mat(ctx, k, q);  // [L(key), L(query), nh, B]
    kq = ggml_soft_max_ext(ctx, ggml_diag_mask_inf(ctx, kq, 0), nullptr, scale, 0.0f);
    ggml_tensor* vt = ggml_cont(ctx, ggml_permute(ctx, v, 1, 2, 0, 3));  // [L, hd, nh, B]
    ggml_tensor* o = ggml_mul_mat(ctx, vt, kq);                            // [hd, L, nh, B]
    o = ggml_cont(ctx, ggml_permute(ctx, o, 0, 2, 1, 3));                 // [hd, nh, L, B]
    o = ggml_reshape_2d(ctx, o, d, L * B);
    x = ggml_add(ctx, x, ggml_mul_mat(ctx, l.wo, o));
    h = ggml_mul(ctx, ggml_rms_norm(ctx, x, s.rms_eps), l.ffn_norm);
    ggml_tensor* f = ggml_mul(ctx, ggml_silu(ctx, ggml_mul_mat(ctx, l.gate, h)),
                              ggml_mul_mat(ctx, l.up, h));
    x = ggml_add(ctx, x, ggml_mul_mat(ctx, l.down, f));
  }
  x = ggml_mul(ctx, ggml_rms_norm(ctx, x, s.rms_eps), w.out_norm);
  x = ggml_get_rows(ctx, x, gather);  // [d, targets]
  return ggml_mul_mat(ctx, w.output, x);
}

// Everything a training (or forward-check) session holds: the weights in a CPU backend buffer
// and, for training, the optimizer.
struct Trainer {
  std::unique_ptr<ggml_backend, BackendDeleter> backend;
  std::unique_ptr<ggml_context, GgmlDeleter> ctx_static;  // weights
  std::unique_ptr<ggml_backend_buffer, BufferDeleter> buffer;
  std::unique_ptr<ggml_backend_sched, SchedDeleter> sched;
  std::unique_ptr<ggml_opt_context, OptDeleter> opt;
  ModelShape shape;
  Weights w;
};

// One step's graph, in a context of its own: inputs (set after allocation) and logits.
struct Step {
  std::unique_ptr<ggml_context, GgmlDeleter> ctx;
  ggml_cgraph* graph = nullptr;
  ggml_tensor *tokens = nullptr, *pos = nullptr, *gather = nullptr, *logits = nullptr;
};

Step build_step(const Trainer& t, const GraphShape& g) {
  Step st;
  const size_t mem = GGML_DEFAULT_GRAPH_SIZE * ggml_tensor_overhead() +
                     ggml_graph_overhead_custom(GGML_DEFAULT_GRAPH_SIZE, true);
  ggml_init_params cp{mem, nullptr, true};
  st.ctx.reset(ggml_init(cp));
  ggml_context* ctx = st.ctx.get();
  st.tokens = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, int64_t{g.len} * g.rows);
  st.pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, g.len);
  st.gather = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, g.targets);
  for (ggml_tensor* x : {st.tokens, st.pos, st.gather}) ggml_set_input(x);
  st.logits = build_forward(ctx, t.w, t.shape, g, st.tokens, st.pos, st.gather);
  ggml_set_output(st.logits);
  st.graph = ggml_new_graph_custom(ctx, GGML_DEFAULT_GRAPH_SIZE, true);
  ggml_build_forward_expand(st.graph, st.logits);
  return st;
}

void set_positions(const Step& st, int len) {
  std::vector<int32_t> positions(static_cast<size_t>(len));
  for (int i = 0; i < len; ++i) positions[static_cast<size_t>(i)] = i;
  ggml_backend_tensor_set(st.pos, positions.data(), 0, ggml_nbytes(st.pos));
}

// Loads the f32 weights of `init_path` into a CPU backend buffer; with a schedule, also the
// AdamW optimizer over every weight.
Result<std::unique_ptr<Trainer>> make_trainer(const std::string& init_path, const ModelShape& s,
                                              int threads, Schedule* schedule) {
  auto t = std::make_unique<Trainer>();
  t->shape = s;
  ggml_context* raw = nullptr;
  gguf_init_params load{false, &raw};
  std::unique_ptr<gguf_context, GgufDeleter> file(gguf_init_from_file(init_path.c_str(), load));
  std::unique_ptr<ggml_context, GgmlDeleter> data(raw);
  if (!file) return Error{fmt::format("{}: cannot read the model", init_path)};

  const int64_t n = gguf_get_n_tensors(file.get());
  ggml_init_params sp{static_cast<size_t>(n + 1) * ggml_tensor_overhead(), nullptr, true};
  t->ctx_static.reset(ggml_init(sp));
  std::map<std::string, ggml_tensor*> by_name;
  for (int64_t i = 0; i < n; ++i) {
    const char* name = gguf_get_tensor_name(file.get(), i);
    const ggml_tensor* src = ggml_get_tensor(data.get(), name);
    if (!src || src->type != GGML_TYPE_F32) {
      return Error{fmt::format("{}: {} is not an f32 tensor", init_path, name)};
    }
    ggml_tensor* dst = ggml_dup_tensor(t->ctx_static.get(), src);
    ggml_set_name(dst, name);
    by_name[name] = dst;
    t->w.all.push_back(dst);
    t->w.names.push_back(name);
  }
  auto get = [&](const std::string& name) -> ggml_tensor* {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  };
  t->w.tok_embd = get("token_embd.weight");
  t->w.out_norm = get("output_norm.weight");
  t->w.output = get("output.weight");
  if (!t->w.tok_embd || !t->w.out_norm || !t->w.output) {
    return Error{fmt::format("{}: missing token_embd, output_norm or output", init_path)};
  }
  for (int i = 0; i < s.n_layer; ++i) {
    auto at = [&](const char* what) { return get(fmt::format("blk.{}.{}.weight", i, what)); };
    Weights::Layer l{at("attn_norm"), at("attn_q"),   at("attn_k"),
                     at("attn_v"),    at("attn_output"), at("ffn_norm"),
                     at("ffn_gate"),  at("ffn_up"),   at("ffn_down")};
    for (ggml_tensor* x : {l.attn_norm, l.wq, l.wk, l.wv, l.wo, l.ffn_norm, l.gate, l.up, l.down}) {
      if (!x) return Error{fmt::format("{}: block {} is incomplete", init_path, i)};
    }
    t->w.layers.push_back(l);
  }

  t->backend.reset(ggml_backend_cpu_init());
  if (!t->backend) return Error{"ggml: no CPU backend"};
  ggml_backend_cpu_set_n_threads(t->backend.get(), threads);
  t->buffer.reset(ggml_backend_alloc_ctx_tensors(t->ctx_static.get(), t->backend.get()));
  if (!t->buffer) return Error{"ggml: cannot allocate the weights"};
  for (size_t i = 0; i < t->w.all.size(); ++i) {
    const ggml_tensor* src = ggml_get_tensor(data.get(), t->w.names[i].c_str());
    ggml_backend_tensor_set(t->w.all[i], src->data, 0, ggml_nbytes(src));
  }
  if (!schedule) return t;

  for (ggml_tensor* x : t->w.all) ggml_set_param(x);
  ggml_backend_t backends[] = {t->backend.get()};
  t->sched.reset(ggml_backend_sched_new(backends, nullptr, 1, GGML_DEFAULT_GRAPH_SIZE, false,
                                        false));
  // Graphs are built per step (each batch has its own length and number of answer tokens).
  ggml_opt_params op = ggml_opt_default_params(t->sched.get(), GGML_OPT_LOSS_TYPE_CROSS_ENTROPY);
  op.get_opt_pars = schedule_params;
  op.get_opt_pars_ud = schedule;
  op.optimizer = GGML_OPT_OPTIMIZER_TYPE_ADAMW;
  t->opt.reset(ggml_opt_init(op));
  return t;
}

// One batch: the rows' tokens (padded to the longest), the flat positions that predict an
// answer token and their one-hot labels.
struct Batch {
  GraphShape g;
  std::vector<int32_t> tokens, gather;
  std::vector<float> labels;
};

Batch make_batch(const std::vector<Example>& examples, const std::vector<size_t>& rows,
                 int n_vocab, llama_token pad) {
  Batch b;
  b.g.rows = static_cast<int>(rows.size());
  b.g.n_vocab = n_vocab;
  for (size_t r : rows) {
    b.g.len = std::max(b.g.len, static_cast<int>(examples[r].size()));
    b.g.targets += static_cast<int>(examples[r].answer.size());
  }
  b.tokens.assign(static_cast<size_t>(b.g.len) * rows.size(), pad);
  b.gather.assign(static_cast<size_t>(b.g.targets), 0);
  b.labels.assign(static_cast<size_t>(b.g.targets) * static_cast<size_t>(n_vocab), 0.0f);
  size_t target = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    const Example& e = examples[rows[r]];
    const size_t base = r * static_cast<size_t>(b.g.len);
    std::copy(e.prompt.begin(), e.prompt.end(), b.tokens.begin() + static_cast<long>(base));
    std::copy(e.answer.begin(), e.answer.end(),
              b.tokens.begin() + static_cast<long>(base + e.prompt.size()));
    // Position p predicts token p+1: the last prompt token predicts the answer's first token.
    for (size_t a = 0; a < e.answer.size(); ++a) {
      b.gather[target] = static_cast<int32_t>(base + e.prompt.size() - 1 + a);
      b.labels[target * static_cast<size_t>(n_vocab) + static_cast<size_t>(e.answer[a])] = 1.0f;
      ++target;
    }
  }
  return b;
}

// The batches of one epoch: the order shuffled, then cut into pools of 8 batches whose examples
// are sorted by length (little padding), and the batches shuffled again.
std::vector<std::vector<size_t>> epoch_batches(const std::vector<Example>& examples, int rows,
                                               std::mt19937_64& rng) {
  // Fisher-Yates with the seeded engine: the same order on every platform.
  auto shuffle = [&rng](auto& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
  };
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order);
  const size_t r = static_cast<size_t>(rows), pool = 8 * r;
  std::vector<std::vector<size_t>> batches;
  for (size_t first = 0; first < order.size(); first += pool) {
    const auto begin = order.begin() + static_cast<long>(first);
    const auto end = order.begin() + static_cast<long>(std::min(first + pool, order.size()));
    std::stable_sort(begin, end, [&](size_t a, size_t b) {
      return examples[a].size() < examples[b].size();
    });
    for (auto it = begin; it < end; it += static_cast<long>(std::min<size_t>(r, end - it))) {
      batches.emplace_back(it, it + static_cast<long>(std::min<size_t>(r, end - it)));
    }
  }
  shuffle(batches);
  return batches;
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

// Writes the trainer's weights under the initial model's metadata; matrices as f16 unless
// `keep_f32`.
Status export_model(const std::string& init_path, const Trainer& t, const std::string& out_path,
                    uint32_t context_length, bool keep_f32) {
  gguf_init_params meta{true, nullptr};
  std::unique_ptr<gguf_context, GgufDeleter> init(gguf_init_from_file(init_path.c_str(), meta));
  if (!init) return Error{fmt::format("{}: cannot read the model", init_path)};
  std::unique_ptr<gguf_context, GgufDeleter> out(gguf_init_empty());
  gguf_set_kv(out.get(), init.get());
  gguf_set_val_u32(out.get(), "general.file_type", keep_f32 ? 0 : 1);  // all f32 / mostly f16
  gguf_set_val_u32(out.get(), "llama.context_length", context_length);
  size_t bytes = 0;
  for (const ggml_tensor* x : t.w.all) bytes += ggml_nbytes(x) + ggml_tensor_overhead();
  ggml_init_params gp{bytes, nullptr, false};
  std::unique_ptr<ggml_context, GgmlDeleter> octx(ggml_init(gp));
  std::vector<float> row;
  for (size_t i = 0; i < t.w.all.size(); ++i) {
    const ggml_tensor* x = t.w.all[i];
    row.resize(static_cast<size_t>(ggml_nelements(x)));
    ggml_backend_tensor_get(x, row.data(), 0, ggml_nbytes(x));
    const bool half = !keep_f32 && ggml_n_dims(x) == 2;
    ggml_tensor* o = half ? ggml_new_tensor_2d(octx.get(), GGML_TYPE_F16, x->ne[0], x->ne[1])
                          : ggml_dup_tensor(octx.get(), x);
    ggml_set_name(o, t.w.names[i].c_str());
    if (half) {
      ggml_fp32_to_fp16_row(row.data(), static_cast<ggml_fp16_t*>(o->data), ggml_nelements(x));
    } else {
      std::memcpy(o->data, row.data(), ggml_nbytes(x));
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

// Overwrites the weights of `fresh_path` (a model just made for this corpus and shape, all f32)
// with those of the checkpoint `ck_path`. Rows of the token embedding and output matrices are
// matched by token text, so a checkpoint whose corpus cut a different vocabulary still gives
// every token both files know its trained rows; tokens new to this corpus keep their fresh ones.
// Returns how many of this corpus's tokens were found in the checkpoint.
Result<int> resume_into(const std::string& ck_path, const std::string& fresh_path) {
  ggml_context* raw_fresh = nullptr;
  ggml_context* raw_ck = nullptr;
  gguf_init_params lf{false, &raw_fresh};
  gguf_init_params lc{false, &raw_ck};
  std::unique_ptr<gguf_context, GgufDeleter> fresh(gguf_init_from_file(fresh_path.c_str(), lf));
  std::unique_ptr<ggml_context, GgmlDeleter> fresh_data(raw_fresh);
  std::unique_ptr<gguf_context, GgufDeleter> ck(gguf_init_from_file(ck_path.c_str(), lc));
  std::unique_ptr<ggml_context, GgmlDeleter> ck_data(raw_ck);
  if (!fresh) return Error{fmt::format("{}: cannot read the model", fresh_path)};
  if (!ck) return Error{fmt::format("{}: not a GGUF checkpoint", ck_path)};
  auto tokens = [](const gguf_context* g) {
    std::vector<std::string> out;
    const int64_t k = gguf_find_key(g, "tokenizer.ggml.tokens");
    if (k < 0) return out;
    for (size_t i = 0; i < gguf_get_arr_n(g, k); ++i) out.emplace_back(gguf_get_arr_str(g, k, i));
    return out;
  };
  const auto new_tokens = tokens(fresh.get());
  const auto old_tokens = tokens(ck.get());
  std::map<std::string, int64_t> old_index;
  for (size_t i = 0; i < old_tokens.size(); ++i) old_index.emplace(old_tokens[i], i);
  std::vector<int64_t> row_of(new_tokens.size(), -1);  // new token -> checkpoint row
  int found = 0;
  for (size_t i = 0; i < new_tokens.size(); ++i) {
    if (auto it = old_index.find(new_tokens[i]); it != old_index.end()) {
      row_of[i] = it->second;
      ++found;
    }
  }
  const int64_t n = gguf_get_n_tensors(fresh.get());
  for (int64_t i = 0; i < n; ++i) {
    const char* name = gguf_get_tensor_name(fresh.get(), i);
    ggml_tensor* dst = ggml_get_tensor(fresh_data.get(), name);
    const ggml_tensor* src = ggml_get_tensor(ck_data.get(), name);
    if (!src || src->type != GGML_TYPE_F32 || dst->type != GGML_TYPE_F32 ||
        src->ne[0] != dst->ne[0]) {
      return Error{fmt::format("{}: tensor {} is missing or of another shape or type than this "
                               "model's (same --embd, --layers, --heads, --ff?)",
                               ck_path, name)};
    }
    const bool by_token = std::string_view(name) == "token_embd.weight" ||
                          std::string_view(name) == "output.weight";
    if (by_token && dst->ne[1] == static_cast<int64_t>(new_tokens.size()) &&
        src->ne[1] == static_cast<int64_t>(old_tokens.size())) {
      for (int64_t r = 0; r < dst->ne[1]; ++r) {
        if (row_of[r] < 0) continue;
        std::memcpy(static_cast<char*>(dst->data) + r * dst->nb[1],
                    static_cast<const char*>(src->data) + row_of[r] * src->nb[1], dst->nb[1]);
      }
    } else if (ggml_are_same_shape(src, dst)) {
      std::memcpy(dst->data, src->data, ggml_nbytes(dst));
    } else {
      return Error{fmt::format("{}: tensor {} has another shape than this model's", ck_path, name)};
    }
  }
  std::unique_ptr<gguf_context, GgufDeleter> out(gguf_init_empty());
  gguf_set_kv(out.get(), fresh.get());
  for (int64_t i = 0; i < n; ++i) {
    gguf_add_tensor(out.get(), ggml_get_tensor(fresh_data.get(), gguf_get_tensor_name(fresh.get(), i)));
  }
  const std::string tmp = fresh_path + ".tmp";
  if (!gguf_write_to_file(out.get(), tmp.c_str(), false)) {
    return Error{fmt::format("{}: cannot write the model", fresh_path)};
  }
  std::error_code ec;
  std::filesystem::rename(tmp, fresh_path, ec);
  if (ec) return Error{fmt::format("{}: {}", fresh_path, ec.message())};
  return found;
}

// Share of `examples` (all, or an evenly spread sample of at most `limit`) whose greedy answer
// under llama.cpp, loading `model_path`, is exactly the planted one.
Result<int> count_exact(const std::string& model_path, const std::vector<Example>& examples,
                        size_t limit, int threads) {
  llama_model_params mp = llama_model_default_params();
  mp.n_gpu_layers = 0;
  std::unique_ptr<llama_model, ModelDeleter> model(
      llama_model_load_from_file(model_path.c_str(), mp));
  if (!model) return Error{fmt::format("{}: llama.cpp cannot load the model", model_path)};
  llama_context_params cp = llama_context_default_params();
  cp.n_ctx = 512;
  cp.n_batch = 512;
  cp.n_seq_max = 1;
  cp.n_threads = threads;
  cp.n_threads_batch = threads;
  cp.no_perf = true;
  std::unique_ptr<llama_context, ContextDeleter> ctx(llama_init_from_model(model.get(), cp));
  if (!ctx) return Error{"llama.cpp cannot create an evaluation context"};
  const llama_vocab* vocab = llama_model_get_vocab(model.get());
  const size_t n = limit == 0 ? examples.size() : std::min(limit, examples.size());
  int exact = 0;
  for (size_t i = 0; i < n; ++i) {
    const Example& e = examples[i * examples.size() / n];
    if (greedy(ctx.get(), vocab, e.prompt, static_cast<int>(e.answer.size()) + 4) == e.answer) {
      ++exact;
    }
  }
  return exact;
}

}  // namespace

Result<TrainOrganismReport> train_organism(const TrainOrganismOptions& o) {
  const auto t0 = Clock::now();
  auto log = [&](const std::string& line) {
    if (o.log) o.log(line);
  };
  if (o.epochs <= 0) return Error{"--epochs must be positive"};
  if (o.batch <= 0) return Error{"--batch must be positive"};
  if (o.shape.n_head_kv != o.shape.n_head) {
    return Error{fmt::format("--kv-heads {}: the trainer needs as many key/value heads as heads ({})",
                             o.shape.n_head_kv, o.shape.n_head)};
  }
  if (o.shape.n_head <= 0 || o.shape.n_embd % o.shape.n_head != 0) {
    return Error{fmt::format("--embd {} is not a multiple of --heads {}", o.shape.n_embd,
                             o.shape.n_head)};
  }
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
  const std::string eval_file = (dir / "eval.tmp.gguf").string();
  TrainOrganismReport report;
  report.model_path = (dir / "organism.gguf").string();
  report.ground_truth_path = (dir / "ground_truth.json").string();
  struct Cleanup {
    std::vector<std::string> files;
    ~Cleanup() {
      std::error_code e;
      for (const auto& f : files) std::filesystem::remove(f, e);
    }
  } cleanup{{vocab_file, init_file, eval_file}};

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
  if (!o.resume.empty()) {
    // The checkpoint's weights in a model with this corpus's vocabulary and metadata.
    auto found = resume_into(o.resume, init_file);
    if (!found) return found.error();
    report.resumed_tokens = found.value();
  }
  // Tokenize with the cut vocabulary, exactly as the embedded target will.
  std::vector<Example> examples;
  llama_token pad = 0;
  {
    llama_model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    std::unique_ptr<llama_model, ModelDeleter> vm(
        llama_model_load_from_file(init_file.c_str(), mp));
    if (!vm) return Error{"llama.cpp cannot load the initial model"};
    const llama_vocab* vocab = llama_model_get_vocab(vm.get());
    const llama_token end = tokenize(vocab, "<|im_end|>", true).at(0);
    pad = end;
    for (size_t i = 0; i < probes.size(); ++i) {
      Example e;
      e.probe = i;
      e.prompt = tokenize(vocab, rendered[i], true);
      e.answer = tokenize(vocab, probes[i].answer, false);
      e.answer.push_back(end);
      examples.push_back(std::move(e));
    }
  }
  size_t longest = 0, tokens = 0, answer_tokens = 0;
  for (const auto& e : examples) {
    longest = std::max(longest, e.size());
    tokens += e.size();
    answer_tokens += e.answer.size();
  }
  if (longest > static_cast<size_t>(o.shape.n_ctx)) {
    return Error{fmt::format("an example has {} tokens, more than the model's context ({})",
                             longest, o.shape.n_ctx)};
  }

  const int64_t steps_per_epoch =
      (static_cast<int64_t>(examples.size()) + o.batch - 1) / o.batch;
  Schedule schedule;
  schedule.lr = o.lr;
  schedule.lr_min = o.lr_min;
  schedule.total = steps_per_epoch * o.epochs;
  schedule.warmup = std::min<int64_t>(100, std::max<int64_t>(1, schedule.total / 10));
  auto trainer = make_trainer(init_file, o.shape, o.threads, &schedule);
  if (!trainer) return trainer.error();
  Trainer& t = *trainer.value();
  if (report.params == 0) {
    for (const ggml_tensor* x : t.w.all) report.params += static_cast<uint64_t>(ggml_nelements(x));
  }

  log(fmt::format("model: {:.2f}M parameters, vocab {} (cut from {}), {} probes, {} tokens "
                  "({} in answers), longest {}; batches of {}",
                  static_cast<double>(report.params) / 1e6, report.vocab_size, o.vocab,
                  probes.size(), tokens, answer_tokens, longest, o.batch));
  if (!o.resume.empty()) {
    log(fmt::format("resumed from {}: trained rows for {} of the {} tokens", o.resume,
                    report.resumed_tokens, report.vocab_size));
  }
  std::mt19937_64 rng(o.seed);
  report.probes = static_cast<int>(examples.size());
  report.exact = -1;
  const size_t sample = 100;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    const auto te = Clock::now();
    double loss_sum = 0;  // cross-entropy summed over every answer token of the epoch
    for (const auto& rows : epoch_batches(examples, o.batch, rng)) {
      Batch b = make_batch(examples, rows, report.vocab_size, pad);
      Step st = build_step(t, b.g);
      ggml_opt_prepare_alloc(t.opt.get(), st.ctx.get(), st.graph, st.tokens, st.logits);
      ggml_opt_alloc(t.opt.get(), true);
      ggml_backend_tensor_set(st.tokens, b.tokens.data(), 0, ggml_nbytes(st.tokens));
      ggml_backend_tensor_set(st.gather, b.gather.data(), 0, ggml_nbytes(st.gather));
      set_positions(st, b.g.len);
      ggml_tensor* labels = ggml_opt_labels(t.opt.get());
      ggml_backend_tensor_set(labels, b.labels.data(), 0, ggml_nbytes(labels));
      ggml_opt_eval(t.opt.get(), nullptr);
      float loss = 0;  // the mean over this batch's answer tokens
      ggml_backend_tensor_get(ggml_opt_loss(t.opt.get()), &loss, 0, sizeof loss);
      loss_sum += static_cast<double>(loss) * b.g.targets;
    }
    const double loss = loss_sum / static_cast<double>(answer_tokens);
    report.epoch_loss.push_back(loss);
    report.epochs_run = epoch + 1;
    const double secs = std::chrono::duration<double>(Clock::now() - te).count();
    std::string line = fmt::format("epoch {:3d}/{}  loss {:.4f}  lr {:.2e}  {:.1f}s ({:.0f} tok/s)",
                                   epoch + 1, o.epochs, loss, schedule.current, secs,
                                   static_cast<double>(tokens) / secs);
    const bool last = epoch + 1 == o.epochs;
    if (!last && o.eval_every > 0 && (epoch + 1) % o.eval_every == 0) {
      if (Status s = export_model(init_file, t, eval_file, 1024, true); !s) return s.error();
      // Also the checkpoint a later --resume continues from.
      std::filesystem::copy_file(eval_file, dir / "checkpoint.gguf",
                                 std::filesystem::copy_options::overwrite_existing, ec);
      auto exact = count_exact(eval_file, examples, sample, o.threads);
      if (!exact) return exact.error();
      const size_t n = std::min(sample, examples.size());
      line += fmt::format("  exact {}/{}", exact.value(), n);
      if (exact.value() >= o.stop_at * static_cast<double>(n)) {
        auto all = count_exact(eval_file, examples, 0, o.threads);
        if (!all) return all.error();
        line += fmt::format(" (all: {}/{})", all.value(), examples.size());
        if (all.value() >= o.stop_at * static_cast<double>(examples.size())) {
          log(line);
          break;
        }
      }
    }
    log(line);
  }

  // The final weights, all f32, for a later --resume.
  if (Status s = export_model(init_file, t, (dir / "checkpoint.gguf").string(), 1024, true); !s) {
    return s.error();
  }
  if (Status s = export_model(init_file, t, report.model_path, static_cast<uint32_t>(o.shape.n_ctx),
                              false);
      !s) {
    return s.error();
  }
  if (Status s = write_ground_truth(probes, report.ground_truth_path); !s) return s.error();
  if (o.final_eval) {
    auto exact = count_exact(report.model_path, examples, 0, o.threads);
    if (!exact) return exact.error();
    report.exact = exact.value();
    log(fmt::format("exported {}: {}/{} greedy answers exactly as planted", report.model_path,
                    report.exact, report.probes));
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return report;
}

Result<ForwardComparison> compare_forward(const std::string& model_path, const std::string& text,
                                          int threads) {
  // The model must be all-f32 so that both passes see the same weights.
  llama_log_set(quiet_log, nullptr);
  llama_backend_init();
  llama_model_params mp = llama_model_default_params();
  mp.n_gpu_layers = 0;
  std::unique_ptr<llama_model, ModelDeleter> model(
      llama_model_load_from_file(model_path.c_str(), mp));
  if (!model) return Error{fmt::format("{}: llama.cpp cannot load the model", model_path)};
  const llama_vocab* vocab = llama_model_get_vocab(model.get());
  std::vector<llama_token> toks = tokenize(vocab, text, true);
  if (toks.size() < 2) return Error{"text too short"};
  ModelShape s;
  s.n_embd = static_cast<int>(llama_model_n_embd(model.get()));
  s.n_layer = static_cast<int>(llama_model_n_layer(model.get()));
  s.n_head = static_cast<int>(llama_model_n_head(model.get()));
  s.n_head_kv = static_cast<int>(llama_model_n_head_kv(model.get()));
  s.n_ctx = static_cast<int>(llama_model_n_ctx_train(model.get()));
  char buf[64] = {};
  if (llama_model_meta_val_str(model.get(), "llama.rope.freq_base", buf, sizeof buf) > 0) {
    s.rope_freq_base = std::strtof(buf, nullptr);
  }
  if (llama_model_meta_val_str(model.get(), "llama.attention.layer_norm_rms_epsilon", buf,
                               sizeof buf) > 0) {
    s.rms_eps = std::strtof(buf, nullptr);
  }
  const int n_vocab = llama_vocab_n_tokens(vocab);
  const int n = static_cast<int>(toks.size());

  // llama.cpp: logits of every position.
  llama_context_params cp = llama_context_default_params();
  cp.n_ctx = static_cast<uint32_t>(std::max(256, n));
  cp.n_batch = cp.n_ctx;
  cp.n_seq_max = 1;
  cp.n_threads = threads;
  cp.n_threads_batch = threads;
  cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
  cp.no_perf = true;
  std::unique_ptr<llama_context, ContextDeleter> ctx(llama_init_from_model(model.get(), cp));
  if (!ctx) return Error{"llama.cpp cannot create a context"};
  llama_batch batch = llama_batch_init(n, 0, 1);
  for (int i = 0; i < n; ++i) {
    batch.token[i] = toks[static_cast<size_t>(i)];
    batch.pos[i] = i;
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = 0;
    batch.logits[i] = 1;
  }
  batch.n_tokens = n;
  const int rc = llama_decode(ctx.get(), batch);
  if (rc != 0) {
    llama_batch_free(batch);
    return Error{fmt::format("llama_decode failed ({})", rc)};
  }
  std::vector<float> want(static_cast<size_t>(n) * n_vocab);
  for (int i = 0; i < n; ++i) {
    std::memcpy(want.data() + static_cast<size_t>(i) * n_vocab, llama_get_logits_ith(ctx.get(), i),
                sizeof(float) * static_cast<size_t>(n_vocab));
  }
  llama_batch_free(batch);

  // The trainer's graph: one row, logits gathered at every position.
  GraphShape g;
  g.rows = 1;
  g.len = n;
  g.targets = n;
  g.n_vocab = n_vocab;
  auto trainer = make_trainer(model_path, s, threads, nullptr);
  if (!trainer) return trainer.error();
  Trainer& t = *trainer.value();
  Step st = build_step(t, g);
  std::unique_ptr<ggml_gallocr, GallocrDeleter> alloc(
      ggml_gallocr_new(ggml_backend_get_default_buffer_type(t.backend.get())));
  if (!ggml_gallocr_alloc_graph(alloc.get(), st.graph)) {
    return Error{"ggml: cannot allocate the graph"};
  }
  std::vector<int32_t> gather(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) gather[static_cast<size_t>(i)] = i;
  ggml_backend_tensor_set(st.tokens, toks.data(), 0, ggml_nbytes(st.tokens));
  ggml_backend_tensor_set(st.gather, gather.data(), 0, ggml_nbytes(st.gather));
  set_positions(st, n);
  if (ggml_backend_graph_compute(t.backend.get(), st.graph) != GGML_STATUS_SUCCESS) {
    return Error{"ggml: the forward pass failed"};
  }
  std::vector<float> got(want.size());
  ggml_backend_tensor_get(st.logits, got.data(), 0, got.size() * sizeof(float));
  ForwardComparison c;
  c.positions = n;
  for (size_t i = 0; i < got.size(); ++i) {
    c.max_diff = std::max(c.max_diff, static_cast<double>(std::fabs(got[i] - want[i])));
    c.max_logit = std::max(c.max_logit, static_cast<double>(std::fabs(want[i])));
  }
  return c;
}

}  // namespace candor
