// Developer tools: tiny GGUF models made by candor itself, for tests and benchmarks (no real
// weights can be downloaded here), and the chat templates bundled with them.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"

namespace candor {

// The shape and content of a random-initialised llama-architecture model.
struct ModelShape {
  int n_embd = 64;
  int n_layer = 2;
  int n_head = 4;
  int n_head_kv = 2;
  int n_ff = 128;
  int n_ctx = 1024;
  float rope_freq_base = 10000.0f;
  float rms_eps = 1e-5f;
  std::string type = "f32";  // tensor type of the matrices: f32, f16 or q8_0
};

struct MakeModelOptions {
  ModelShape shape;
  std::string vocab = "llama-spm";  // "llama-spm", "qwen2", ... or a path to a vocab GGUF
  std::string chat_template = "chatml";  // "chatml", "think", "none" or a Jinja file path
  uint64_t seed = 1;
  std::string name = "candor-test-model";
};

// Writes a seeded, deterministic, random-initialised model to `out_path`: the same options
// always give the same bytes. The tokenizer (every tokenizer.* key) is copied from the vocab
// GGUF. Returns the number of parameters.
Result<uint64_t> make_model(const MakeModelOptions& options, const std::string& out_path);

// Path of a vocab-only GGUF shipped with llama.cpp ("llama-spm" -> .../ggml-vocab-llama-spm.gguf),
// or `name` itself when it is a path.
std::string vocab_path(const std::string& name);

// A chat template bundled with candor ("chatml" or "think"), or the contents of the file
// `name_or_path`.
Result<std::string> chat_template_text(const std::string& name_or_path);

}  // namespace candor
