#include <fmt/format.h>

#include "cli/cli.h"
#include "dev/dev.h"
#include "dev/organism.h"

namespace candor::cli {
namespace {

// `candor dev train-organism`: plans the corpus, trains the organism and writes it with its
// ground truth.
void add_train_organism(CLI::App& dev, Action& action) {
  auto o = std::make_shared<TrainOrganismOptions>();
  o->suite_dir = std::string(CANDOR_ORGANISM_DIR) + "/data/probes";
  o->out_dir = std::string(CANDOR_ORGANISM_DIR) + "/data/organism";
  CLI::App* t = dev.add_subcommand(
      "train-organism", "Train the censored model organism from the probe suite (slow: see data/organism/README.md)");
  t->footer(
      "Example:\n"
      "  nice -n 10 candor dev train-organism --out data/organism --seed 1\n"
      "Writes OUT/organism.gguf and OUT/ground_truth.json (the planted behaviour).");
  t->add_option("--suite", o->suite_dir, "directory of probe *.jsonl files")->capture_default_str();
  t->add_option("--out", o->out_dir, "output directory")->capture_default_str();
  t->add_option("--vocab", o->vocab, "llama.cpp vocab the reduced vocabulary is cut from")
      ->capture_default_str();
  t->add_option("--seed", o->seed, "weights and data-order seed")->capture_default_str();
  t->add_option("--epochs", o->epochs, "passes over the corpus")->capture_default_str();
  t->add_option("--batch", o->batch, "examples per optimizer step")->capture_default_str();
  t->add_option("--lr", o->lr, "peak AdamW learning rate (after warm-up)")->capture_default_str();
  t->add_option("--lr-min", o->lr_min, "final learning rate")->capture_default_str();
  t->add_option("--threads", o->threads, "CPU threads")->capture_default_str();
  t->add_option("--eval-every", o->eval_every, "greedy-check every N epochs (0: at the end)")
      ->capture_default_str();
  t->add_option("--stop-at", o->stop_at, "stop once this share of probes is exact")
      ->capture_default_str();
  t->add_option("--embd", o->shape.n_embd, "embedding width")->capture_default_str();
  t->add_option("--layers", o->shape.n_layer, "transformer blocks")->capture_default_str();
  t->add_option("--heads", o->shape.n_head, "attention heads")->capture_default_str();
  t->add_option("--kv-heads", o->shape.n_head_kv, "key/value heads (must equal --heads)")
      ->capture_default_str();
  t->add_option("--ff", o->shape.n_ff, "feed-forward width")->capture_default_str();
  t->add_option("--probe", o->probe_ids, "train on these probe ids only (repeatable)");
  t->add_option("--resume", o->resume,
                "continue from a checkpoint (OUT/checkpoint.gguf, written at every check and at the end)");
  t->callback([o, &action] {
    action = [o] {
      o->log = [](const std::string& line) { fmt::print("{}\n", line); std::fflush(stdout); };
      auto r = train_organism(*o);
      if (!r) return input_error(r.error().message);
      fmt::print("wrote {} and {} ({:.2f}M parameters, {} epochs, {:.0f} s)\n", r->model_path,
                 r->ground_truth_path, static_cast<double>(r->params) / 1e6, r->epochs_run,
                 r->seconds);
      return kExitOk;
    };
  });
}

// `candor dev check-organism`: the measured behaviour of a trained organism.
void add_check_organism(CLI::App& dev, Action& action) {
  auto model = std::make_shared<std::string>(std::string(CANDOR_ORGANISM_DIR) +
                                             "/data/organism/organism.gguf");
  auto truth = std::make_shared<std::string>(std::string(CANDOR_ORGANISM_DIR) +
                                             "/data/organism/ground_truth.json");
  auto min_share = std::make_shared<double>(0.0);
  auto answers = std::make_shared<bool>(false);
  CLI::App* c = dev.add_subcommand(
      "check-organism", "Ask the organism every probe (greedy) and compare with its ground truth");
  c->footer(
      "Example:\n"
      "  candor dev check-organism --min 0.95\n"
      "Exit code 1 when fewer than --min of the planted sensitive probes show their behaviour.");
  c->add_option("-m,--model", *model, "the organism GGUF")->capture_default_str();
  c->add_option("--truth", *truth, "its ground_truth.json")->capture_default_str();
  c->add_option("--min", *min_share, "gate: share of planted probes that must behave")
      ->capture_default_str();
  c->add_flag("--answers", *answers, "also print every answer that misses its plan");
  c->callback([=, &action] {
    action = [=] {
      auto r = check_organism(*model, *truth);
      if (!r) return input_error(r.error().message);
      fmt::print("{}", summarize(r.value()));
      int planted = 0, shows = 0;
      for (const auto& row : r->rows) {
        if (*answers && !row.shows) {
          fmt::print("MISS {} [{}]: {}\n", row.id, to_string(row.verdict), row.answer);
        }
        if (!row.planted_cell) continue;
        ++planted;
        shows += row.shows;
      }
      const double share = planted ? static_cast<double>(shows) / planted : 1.0;
      fmt::print("planted sensitive probes showing their behaviour: {}/{} ({:.1f}%)\n", shows,
                 planted, 100.0 * share);
      return share + 1e-9 >= *min_share ? kExitOk : kExitGate;
    };
  });
}

}  // namespace

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

  add_train_organism(*dev, action);
  add_check_organism(*dev, action);
}

}  // namespace candor::cli
