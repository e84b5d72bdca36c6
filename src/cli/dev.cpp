#include <fmt/format.h>

#include "cli/cli.h"
#include "dev/dev.h"

namespace candor::cli {

void add_dev(CLI::App& app, Action& action) {
  CLI::App* dev = app.add_subcommand("dev", "Developer tools: test models and the model organism");
  dev->require_subcommand(1);
  dev->footer("Example:\n  candor dev mkmodel -o tiny.gguf --vocab llama-spm --template chatml");

  auto o = std::make_shared<MakeModelOptions>();
  o->vocab = "llama-spm";
  o->chat_template = "chatml";
  auto out = std::make_shared<std::string>();
  CLI::App* mk = dev->add_subcommand(
      "mkmodel", "Write a seeded, random-initialised llama-architecture GGUF for tests");
  mk->footer(
      "Example:\n"
      "  candor dev mkmodel -o tiny.gguf --vocab qwen2 --template think --seed 3\n"
      "  candor dev mkmodel -o bench.gguf --embd 512 --layers 8 --heads 8 --kv-heads 8 \\\n"
      "      --ff 1536 --type q8_0\n"
      "The tokenizer is copied from llama.cpp's vocab-only files (models/ggml-vocab-NAME.gguf).\n"
      "The same options always write the same bytes.");
  mk->add_option("-o,--output", *out, "where to write the GGUF")->required();
  mk->add_option("--vocab", o->vocab, "llama-spm, qwen2, ... or a vocab GGUF path")
      ->capture_default_str();
  mk->add_option("--template", o->chat_template, "chatml, think, none or a Jinja file")
      ->capture_default_str();
  mk->add_option("--seed", o->seed, "weights seed")->capture_default_str();
  mk->add_option("--embd", o->shape.n_embd, "embedding width")->capture_default_str();
  mk->add_option("--layers", o->shape.n_layer, "transformer blocks")->capture_default_str();
  mk->add_option("--heads", o->shape.n_head, "attention heads")->capture_default_str();
  mk->add_option("--kv-heads", o->shape.n_head_kv, "key/value heads")->capture_default_str();
  mk->add_option("--ff", o->shape.n_ff, "feed-forward width")->capture_default_str();
  mk->add_option("--ctx", o->shape.n_ctx, "training context length")->capture_default_str();
  mk->add_option("--type", o->shape.type, "f32, f16 or q8_0")->capture_default_str();
  mk->callback([o, out, &action] {
    action = [o, out] {
      auto params = make_model(*o, *out);
      if (!params) return input_error(params.error().message);
      fmt::print("wrote {} ({:.2f}M parameters, vocab {}, template {})\n", *out,
                 static_cast<double>(params.value()) / 1e6, o->vocab, o->chat_template);
      return kExitOk;
    };
  });
}

}  // namespace candor::cli
