#include "dev/vocab_subset.h"

#include <fmt/format.h>
#include <gguf.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "llama.h"

namespace candor {
namespace {

struct GgufDeleter {
  void operator()(gguf_context* c) const { gguf_free(c); }
};
struct ModelDeleter {
  void operator()(llama_model* m) const { llama_model_free(m); }
};
using ModelPtr = std::unique_ptr<llama_model, ModelDeleter>;

constexpr int32_t kTypeNormal = 1;  // llama_token_type values stored in GGUF
constexpr int32_t kTypeUnused = 5;

ModelPtr load_vocab(const std::string& path) {
  llama_model_params p = llama_model_default_params();
  p.vocab_only = true;
  p.n_gpu_layers = 0;
  return ModelPtr(llama_model_load_from_file(path.c_str(), p));
}

std::vector<llama_token> tokenize(const llama_vocab* vocab, const std::string& text) {
  std::vector<llama_token> t(text.size() + 8);
  int n = llama_tokenize(vocab, text.data(), static_cast<int32_t>(text.size()), t.data(),
                         static_cast<int32_t>(t.size()), true, true);
  if (n < 0) {
    t.resize(static_cast<size_t>(-n));
    n = llama_tokenize(vocab, text.data(), static_cast<int32_t>(text.size()), t.data(),
                       static_cast<int32_t>(t.size()), true, true);
  }
  t.resize(static_cast<size_t>(std::max(n, 0)));
  return t;
}

// GPT-2's byte-level BPE spells byte b as one code point: printable Latin-1 as itself, the
// others as 256 + n in order. Returns that code point as UTF-8.
std::string byte_piece(int b) {
  auto printable = [](int c) {
    return (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF);
  };
  int cp = b;
  if (!printable(b)) {
    int n = 0;
    for (int c = 0; c < b; ++c) n += printable(c) ? 0 : 1;
    cp = 256 + n;
  }
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

void copy_kv(gguf_context* out, const gguf_context* in, int64_t k) {
  const char* key = gguf_get_key(in, k);
  const gguf_type type = gguf_get_kv_type(in, k);
  switch (type) {
    case GGUF_TYPE_ARRAY: {
      const gguf_type at = gguf_get_arr_type(in, k);
      const size_t n = gguf_get_arr_n(in, k);
      if (at == GGUF_TYPE_STRING) {
        std::vector<const char*> strs(n);
        for (size_t i = 0; i < n; ++i) strs[i] = gguf_get_arr_str(in, k, i);
        gguf_set_arr_str(out, key, strs.data(), n);
      } else {
        gguf_set_arr_data(out, key, at, gguf_get_arr_data(in, k), n);
      }
      break;
    }
    case GGUF_TYPE_STRING: gguf_set_val_str(out, key, gguf_get_val_str(in, k)); break;
    case GGUF_TYPE_UINT32: gguf_set_val_u32(out, key, gguf_get_val_u32(in, k)); break;
    case GGUF_TYPE_INT32: gguf_set_val_i32(out, key, gguf_get_val_i32(in, k)); break;
    case GGUF_TYPE_BOOL: gguf_set_val_bool(out, key, gguf_get_val_bool(in, k)); break;
    case GGUF_TYPE_FLOAT32: gguf_set_val_f32(out, key, gguf_get_val_f32(in, k)); break;
    case GGUF_TYPE_UINT64: gguf_set_val_u64(out, key, gguf_get_val_u64(in, k)); break;
    default: break;  // other scalar types do not occur in vocab files
  }
}

}  // namespace

Result<int> cut_vocab(const std::string& vocab_path, const std::vector<std::string>& texts,
                      const std::string& out_path) {
  gguf_init_params gp{true, nullptr};
  std::unique_ptr<gguf_context, GgufDeleter> in(gguf_init_from_file(vocab_path.c_str(), gp));
  if (!in) return Error{fmt::format("{}: cannot read the vocab GGUF", vocab_path)};
  const int64_t k_tokens = gguf_find_key(in.get(), "tokenizer.ggml.tokens");
  const int64_t k_types = gguf_find_key(in.get(), "tokenizer.ggml.token_type");
  const int64_t k_scores = gguf_find_key(in.get(), "tokenizer.ggml.scores");
  const int64_t k_merges = gguf_find_key(in.get(), "tokenizer.ggml.merges");
  const int64_t k_model = gguf_find_key(in.get(), "tokenizer.ggml.model");
  if (k_tokens < 0 || k_types < 0 || k_model < 0) {
    return Error{fmt::format("{}: not a llama.cpp vocab file (tokens, token_type, model)",
                             vocab_path)};
  }
  const bool bpe = std::string(gguf_get_val_str(in.get(), k_model)) == "gpt2";
  const size_t n_old = gguf_get_arr_n(in.get(), k_tokens);
  std::vector<std::string> pieces(n_old);
  std::unordered_map<std::string, int32_t> id_of;
  for (size_t i = 0; i < n_old; ++i) {
    pieces[i] = gguf_get_arr_str(in.get(), k_tokens, i);
    id_of.emplace(pieces[i], static_cast<int32_t>(i));
  }
  const auto* types = static_cast<const int32_t*>(gguf_get_arr_data(in.get(), k_types));

  ModelPtr full = load_vocab(vocab_path);
  if (!full) return Error{fmt::format("{}: llama.cpp cannot load the vocab", vocab_path)};
  const llama_vocab* full_vocab = llama_model_get_vocab(full.get());

  std::set<int32_t> keep;
  std::vector<std::vector<llama_token>> expected;
  for (const auto& t : texts) {
    expected.push_back(tokenize(full_vocab, t));
    keep.insert(expected.back().begin(), expected.back().end());
  }
  for (size_t i = 0; i < n_old; ++i) {
    if (types[i] != kTypeNormal && types[i] != kTypeUnused) keep.insert(static_cast<int32_t>(i));
  }
  for (int64_t k = 0; k < gguf_get_n_kv(in.get()); ++k) {
    const std::string key = gguf_get_key(in.get(), k);
    if (key.ends_with("_token_id") && gguf_get_kv_type(in.get(), k) == GGUF_TYPE_UINT32) {
      keep.insert(static_cast<int32_t>(gguf_get_val_u32(in.get(), k)));
    }
  }
  // BPE: every byte, and everything a kept token is merged from.
  std::vector<std::pair<std::string, std::string>> merges;
  if (bpe && k_merges >= 0) {
    for (int b = 0; b < 256; ++b) {
      if (auto it = id_of.find(byte_piece(b)); it != id_of.end()) keep.insert(it->second);
    }
    const size_t n_merges = gguf_get_arr_n(in.get(), k_merges);
    std::unordered_multimap<std::string, size_t> made_by;
    for (size_t i = 0; i < n_merges; ++i) {
      const std::string m = gguf_get_arr_str(in.get(), k_merges, i);
      const size_t sp = m.find(' ', 1);
      if (sp == std::string::npos) continue;
      merges.emplace_back(m.substr(0, sp), m.substr(sp + 1));
      made_by.emplace(merges.back().first + merges.back().second, merges.size() - 1);
    }
    std::vector<int32_t> work(keep.begin(), keep.end());
    while (!work.empty()) {
      const int32_t id = work.back();
      work.pop_back();
      auto [lo, hi] = made_by.equal_range(pieces[static_cast<size_t>(id)]);
      for (auto it = lo; it != hi; ++it) {
        for (const auto* part : {&merges[it->second].first, &merges[it->second].second}) {
          auto found = id_of.find(*part);
          if (found != id_of.end() && keep.insert(found->second).second) {
            work.push_back(found->second);
          }
        }
      }
    }
  }

  std::vector<int32_t> old_of(keep.begin(), keep.end());
  std::unordered_map<int32_t, int32_t> new_of;
  for (size_t i = 0; i < old_of.size(); ++i) new_of[old_of[i]] = static_cast<int32_t>(i);

  std::unique_ptr<gguf_context, GgufDeleter> out(gguf_init_empty());
  for (int64_t k = 0; k < gguf_get_n_kv(in.get()); ++k) {
    const std::string key = gguf_get_key(in.get(), k);
    if (k == k_tokens || k == k_types || k == k_scores || k == k_merges) continue;
    if (key.ends_with("_token_id") && gguf_get_kv_type(in.get(), k) == GGUF_TYPE_UINT32) {
      gguf_set_val_u32(out.get(), key.c_str(), static_cast<uint32_t>(new_of.at(static_cast<int32_t>(
                                                   gguf_get_val_u32(in.get(), k)))));
      continue;
    }
    copy_kv(out.get(), in.get(), k);
  }
  std::vector<const char*> new_pieces;
  std::vector<int32_t> new_types;
  std::vector<float> new_scores;
  const auto* scores =
      k_scores >= 0 ? static_cast<const float*>(gguf_get_arr_data(in.get(), k_scores)) : nullptr;
  for (int32_t id : old_of) {
    new_pieces.push_back(pieces[static_cast<size_t>(id)].c_str());
    new_types.push_back(types[id]);
    if (scores) new_scores.push_back(scores[id]);
  }
  gguf_set_arr_str(out.get(), "tokenizer.ggml.tokens", new_pieces.data(), new_pieces.size());
  gguf_set_arr_data(out.get(), "tokenizer.ggml.token_type", GGUF_TYPE_INT32, new_types.data(),
                    new_types.size());
  if (scores) {
    gguf_set_arr_data(out.get(), "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, new_scores.data(),
                      new_scores.size());
  }
  if (k_merges >= 0) {
    std::vector<std::string> kept_merges;
    for (const auto& [a, b] : merges) {
      auto ia = id_of.find(a), ib = id_of.find(b), ir = id_of.find(a + b);
      if (ia == id_of.end() || ib == id_of.end() || ir == id_of.end()) continue;
      if (keep.count(ia->second) && keep.count(ib->second) && keep.count(ir->second)) {
        kept_merges.push_back(a + " " + b);
      }
    }
    std::vector<const char*> ptrs;
    for (const auto& m : kept_merges) ptrs.push_back(m.c_str());
    gguf_set_arr_str(out.get(), "tokenizer.ggml.merges", ptrs.data(), ptrs.size());
  }
  if (!gguf_write_to_file(out.get(), out_path.c_str(), true)) {
    return Error{fmt::format("{}: cannot write the reduced vocab", out_path)};
  }

  ModelPtr cut = load_vocab(out_path);
  if (!cut) return Error{fmt::format("{}: llama.cpp cannot load the reduced vocab", out_path)};
  const llama_vocab* cut_vocab = llama_model_get_vocab(cut.get());
  for (size_t i = 0; i < texts.size(); ++i) {
    std::vector<llama_token> got = tokenize(cut_vocab, texts[i]);
    for (auto& t : got) t = old_of[static_cast<size_t>(t)];
    if (got != expected[i]) {
      return Error{fmt::format("reduced vocab: text {} tokenizes differently ('{}')", i,
                               texts[i].substr(0, 60))};
    }
  }
  return static_cast<int>(old_of.size());
}

}  // namespace candor
