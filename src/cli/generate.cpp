#include <fmt/format.h>

#include <iostream>

#include "base/text.h"
#include "cli/cli.h"
#include "targets/targets.h"

namespace candor::cli {
namespace {

struct GenerateOptions {
  std::string model;
  std::string prompt;
  std::string system;
  std::string chat_template;
  int max_tokens = 128;
  float temperature = 0.0f;
  float top_p = 1.0f;
  uint64_t seed = 0;
  int threads = 0;
  bool verbose = false;
};

int run_generate(const GenerateOptions& o) {
  std::string spec_text = "gguf:" + o.model;
  if (o.threads > 0) spec_text += fmt::format("?threads={}", o.threads);
  auto spec = parse_target_spec(spec_text);
  if (!spec) return input_error(spec.error().message);
  TargetOptions topts;
  topts.verbose = o.verbose;
  if (!o.chat_template.empty()) {
    std::string error;
    auto text = read_chat_template(o.chat_template, error);
    if (!text) return input_error(error);
    topts.chat_template_override = std::move(*text);
  }
  auto target = open_target(*spec, topts);
  if (!target) return input_error(target.error().message);
  Request req;
  if (!o.system.empty()) req.messages.push_back({"system", o.system});
  req.messages.push_back({"user", o.prompt});
  req.sampling.max_tokens = o.max_tokens;
  req.sampling.temperature = o.temperature;
  req.sampling.top_p = o.top_p;
  req.seed = o.seed;
  Completion result;
  target.value()->generate({&req, 1}, [&](Completion&& c) { result = std::move(c); });
  if (!result.ok()) {
    fmt::print(stderr, "candor generate: {}: {}\n", result.error_class, result.error_message);
    return kExitInput;
  }
  if (result.reasoning_state != Reasoning::none) {
    fmt::print("[reasoning]\n{}\n[answer]\n", terminal_safe(result.reasoning));
  }
  fmt::print("{}\n", terminal_safe(result.answer));
  return kExitOk;
}

}  // namespace

void add_generate(CLI::App& app, Action& action) {
  auto o = std::make_shared<GenerateOptions>();
  CLI::App* cmd = app.add_subcommand("generate", "Ask one question of a local GGUF model");
  cmd->footer(
      "Example:\n"
      "  candor generate -m model.gguf -p \"What happened in Beijing on 4 June 1989?\"\n"
      "  candor generate -m model.gguf -p \"...\" --temperature 0.8 --seed 7\n"
      "The model's own chat template is applied; a reasoning block (<think>...</think>) is\n"
      "printed apart from the answer.");
  cmd->add_option("-m,--model", o->model, "GGUF model file")->required();
  cmd->add_option("-p,--prompt", o->prompt, "the user message")->required();
  cmd->add_option("--system", o->system, "a system message");
  cmd->add_option("--chat-template", o->chat_template, "Jinja file replacing the model's template");
  cmd->add_option("-n,--max-tokens", o->max_tokens, "tokens to generate at most")
      ->capture_default_str()->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--temperature", o->temperature, "0 = greedy")
      ->capture_default_str()->check(CLI::Range(0.0, 5.0));
  cmd->add_option("--top-p", o->top_p, "nucleus sampling")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seed", o->seed, "sampling seed")->capture_default_str();
  cmd->add_option("-t,--threads", o->threads, "CPU threads (default: all)");
  cmd->add_flag("-v,--verbose", o->verbose, "show llama.cpp's log");
  cmd->callback([o, &action] { action = [o] { return run_generate(*o); }; });
}

}  // namespace candor::cli
