#include <fmt/format.h>
#include <ggml.h>
#include <gguf.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <vector>

#include "dev/dev.h"

namespace candor {
namespace {

struct GgufDeleter {
  void operator()(gguf_context* c) const { gguf_free(c); }
};
struct GgmlDeleter {
  void operator()(ggml_context* c) const { ggml_free(c); }
};

// Deterministic normal variates from a seed (std::normal_distribution is not portable).
class Gaussian {
 public:
  explicit Gaussian(uint64_t seed) : rng_(seed) {}
  float next() {
    if (have_) {
      have_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = uniform() * 2.0 - 1.0;
      v = uniform() * 2.0 - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = static_cast<float>(v * f);
    have_ = true;
    return static_cast<float>(u * f);
  }

 private:
  double uniform() { return static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0); }
  std::mt19937_64 rng_;
  bool have_ = false;
  float spare_ = 0;
};

}  // namespace

std::string vocab_path(const std::string& name) {
  if (name.find('/') != std::string::npos || name.ends_with(".gguf")) return name;
  return fmt::format("{}/models/ggml-vocab-{}.gguf", CANDOR_LLAMA_DIR, name);
}

Result<std::string> chat_template_text(const std::string& name) {
  std::string path = name;
  if (name == "chatml" || name == "think") {
    path = fmt::format("{}/data/templates/{}.jinja", CANDOR_SOURCE_DIR, name);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot read the chat template", path)};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<uint64_t> make_model(const MakeModelOptions& o, const std::string& out_path) {
  const ModelShape& s = o.shape;
  if (s.n_embd <= 0 || s.n_layer <= 0 || s.n_head <= 0 || s.n_head_kv <= 0 || s.n_ff <= 0 ||
      s.n_ctx <= 0) {
    return Error{"model shape: every dimension must be positive"};
  }
  if (s.n_embd % s.n_head != 0 || s.n_head % s.n_head_kv != 0) {
    return Error{fmt::format("model shape: n_embd ({}) must divide by n_head ({}) and n_head by "
                             "n_head_kv ({})",
                             s.n_embd, s.n_head, s.n_head_kv)};
  }
  ggml_type wtype;
  if (s.type == "f32") {
    wtype = GGML_TYPE_F32;
  } else if (s.type == "f16") {
    wtype = GGML_TYPE_F16;
  } else if (s.type == "q8_0") {
    wtype = GGML_TYPE_Q8_0;
    if (s.n_embd % 32 != 0 || s.n_ff % 32 != 0) {
      return Error{"model shape: q8_0 needs n_embd and n_ff divisible by 32"};
    }
  } else {
    return Error{fmt::format("model type '{}': use f32, f16 or q8_0", s.type)};
  }

  const std::string vpath = vocab_path(o.vocab);
  gguf_init_params vparams{true, nullptr};
  std::unique_ptr<gguf_context, GgufDeleter> vocab(gguf_init_from_file(vpath.c_str(), vparams));
  if (!vocab) return Error{fmt::format("{}: cannot read the vocab GGUF", vpath)};
  const int64_t tokens_key = gguf_find_key(vocab.get(), "tokenizer.ggml.tokens");
  if (tokens_key < 0) return Error{fmt::format("{}: no tokenizer.ggml.tokens", vpath)};
  const int64_t n_vocab = static_cast<int64_t>(gguf_get_arr_n(vocab.get(), tokens_key));

  std::string tmpl;
  if (!o.chat_template.empty() && o.chat_template != "none") {
    auto t = chat_template_text(o.chat_template);
    if (!t) return t.error();
    tmpl = std::move(t.value());
  }

  std::unique_ptr<gguf_context, GgufDeleter> out(gguf_init_empty());
  // Copy the tokenizer keys only: a vocab file's general.* and architecture keys do not apply.
  for (int64_t k = 0; k < gguf_get_n_kv(vocab.get()); ++k) {
    const std::string key = gguf_get_key(vocab.get(), k);
    if (key.rfind("tokenizer.", 0) != 0 || key == "tokenizer.chat_template") continue;
    const gguf_type type = gguf_get_kv_type(vocab.get(), k);
    if (type == GGUF_TYPE_ARRAY) {
      const gguf_type at = gguf_get_arr_type(vocab.get(), k);
      const size_t n = gguf_get_arr_n(vocab.get(), k);
      if (at == GGUF_TYPE_STRING) {
        std::vector<const char*> strs(n);
        for (size_t i = 0; i < n; ++i) strs[i] = gguf_get_arr_str(vocab.get(), k, i);
        gguf_set_arr_str(out.get(), key.c_str(), strs.data(), n);
      } else {
        gguf_set_arr_data(out.get(), key.c_str(), at, gguf_get_arr_data(vocab.get(), k), n);
      }
    } else if (type == GGUF_TYPE_STRING) {
      gguf_set_val_str(out.get(), key.c_str(), gguf_get_val_str(vocab.get(), k));
    } else if (type == GGUF_TYPE_UINT32) {
      gguf_set_val_u32(out.get(), key.c_str(), gguf_get_val_u32(vocab.get(), k));
    } else if (type == GGUF_TYPE_INT32) {
      gguf_set_val_i32(out.get(), key.c_str(), gguf_get_val_i32(vocab.get(), k));
    } else if (type == GGUF_TYPE_BOOL) {
      gguf_set_val_bool(out.get(), key.c_str(), gguf_get_val_bool(vocab.get(), k));
    } else if (type == GGUF_TYPE_FLOAT32) {
      gguf_set_val_f32(out.get(), key.c_str(), gguf_get_val_f32(vocab.get(), k));
    }
  }
  gguf_set_val_str(out.get(), "general.architecture", "llama");
  gguf_set_val_str(out.get(), "general.name", o.name.c_str());
  gguf_set_val_u32(out.get(), "general.file_type", wtype == GGML_TYPE_F32 ? 0 : wtype == GGML_TYPE_F16 ? 1 : 7);
  gguf_set_val_u32(out.get(), "llama.vocab_size", static_cast<uint32_t>(n_vocab));
  gguf_set_val_u32(out.get(), "llama.context_length", static_cast<uint32_t>(s.n_ctx));
  gguf_set_val_u32(out.get(), "llama.embedding_length", static_cast<uint32_t>(s.n_embd));
  gguf_set_val_u32(out.get(), "llama.block_count", static_cast<uint32_t>(s.n_layer));
  gguf_set_val_u32(out.get(), "llama.feed_forward_length", static_cast<uint32_t>(s.n_ff));
  gguf_set_val_u32(out.get(), "llama.attention.head_count", static_cast<uint32_t>(s.n_head));
  gguf_set_val_u32(out.get(), "llama.attention.head_count_kv", static_cast<uint32_t>(s.n_head_kv));
  gguf_set_val_u32(out.get(), "llama.rope.dimension_count", static_cast<uint32_t>(s.n_embd / s.n_head));
  gguf_set_val_f32(out.get(), "llama.rope.freq_base", s.rope_freq_base);
  gguf_set_val_f32(out.get(), "llama.attention.layer_norm_rms_epsilon", s.rms_eps);
  if (!tmpl.empty()) gguf_set_val_str(out.get(), "tokenizer.chat_template", tmpl.c_str());

  const int64_t n_embd_kv = static_cast<int64_t>(s.n_embd) / s.n_head * s.n_head_kv;
  struct Spec {
    std::string name;
    int64_t ne0, ne1;
    bool matrix;
  };
  std::vector<Spec> specs;
  specs.push_back({"token_embd.weight", s.n_embd, n_vocab, true});
  specs.push_back({"output_norm.weight", s.n_embd, 1, false});
  specs.push_back({"output.weight", s.n_embd, n_vocab, true});
  for (int l = 0; l < s.n_layer; ++l) {
    const std::string b = fmt::format("blk.{}.", l);
    specs.push_back({b + "attn_norm.weight", s.n_embd, 1, false});
    specs.push_back({b + "attn_q.weight", s.n_embd, s.n_embd, true});
    specs.push_back({b + "attn_k.weight", s.n_embd, n_embd_kv, true});
    specs.push_back({b + "attn_v.weight", s.n_embd, n_embd_kv, true});
    specs.push_back({b + "attn_output.weight", s.n_embd, s.n_embd, true});
    specs.push_back({b + "ffn_norm.weight", s.n_embd, 1, false});
    specs.push_back({b + "ffn_gate.weight", s.n_embd, s.n_ff, true});
    specs.push_back({b + "ffn_up.weight", s.n_embd, s.n_ff, true});
    specs.push_back({b + "ffn_down.weight", s.n_ff, s.n_embd, true});
  }

  size_t bytes = 0;
  uint64_t params = 0;
  for (const auto& sp : specs) {
    const ggml_type t = sp.matrix ? wtype : GGML_TYPE_F32;
    bytes += ggml_row_size(t, sp.ne0) * static_cast<size_t>(sp.ne1) + 1024;
    params += static_cast<uint64_t>(sp.ne0 * sp.ne1);
  }
  ggml_init_params gparams{bytes + specs.size() * ggml_tensor_overhead(), nullptr, false};
  std::unique_ptr<ggml_context, GgmlDeleter> gctx(ggml_init(gparams));
  if (!gctx) return Error{"cannot allocate memory for the model"};

  Gaussian gauss(o.seed);
  std::vector<float> buf;
  for (const auto& sp : specs) {
    const ggml_type t = sp.matrix ? wtype : GGML_TYPE_F32;
    ggml_tensor* tensor = sp.ne1 == 1 && !sp.matrix
                              ? ggml_new_tensor_1d(gctx.get(), t, sp.ne0)
                              : ggml_new_tensor_2d(gctx.get(), t, sp.ne0, sp.ne1);
    ggml_set_name(tensor, sp.name.c_str());
    const size_t n = static_cast<size_t>(sp.ne0 * sp.ne1);
    buf.resize(n);
    if (!sp.matrix) {
      for (auto& x : buf) x = 1.0f;  // RMS norm weights
    } else {
      // Scale so activations keep unit variance through the layer: std = 1/sqrt(fan_in),
      // except embeddings, which are read directly.
      const float std_dev =
          sp.name == "token_embd.weight" ? 1.0f : 1.0f / std::sqrt(static_cast<float>(sp.ne0));
      for (auto& x : buf) x = gauss.next() * std_dev;
    }
    if (t == GGML_TYPE_F32) {
      std::memcpy(tensor->data, buf.data(), n * sizeof(float));
    } else if (t == GGML_TYPE_F16) {
      ggml_fp32_to_fp16_row(buf.data(), static_cast<ggml_fp16_t*>(tensor->data),
                            static_cast<int64_t>(n));
    } else {
      ggml_quantize_chunk(t, buf.data(), tensor->data, 0, sp.ne1, sp.ne0, nullptr);
    }
    gguf_add_tensor(out.get(), tensor);
  }
  std::error_code ec;
  const auto parent = std::filesystem::path(out_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const std::string tmp = out_path + ".tmp";
  if (!gguf_write_to_file(out.get(), tmp.c_str(), false)) {
    std::filesystem::remove(tmp, ec);
    return Error{fmt::format("{}: cannot write the model", out_path)};
  }
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return Error{fmt::format("{}: {}", out_path, ec.message())};
  return params;
}

}  // namespace candor
