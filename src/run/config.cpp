#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "run/run.h"

namespace candor {

using nlohmann::json;

std::string RunConfig::to_json() const {
  json j;
  j["name"] = name;
  j["targets"] = targets;
  j["suite_hash"] = suite_hash;
  j["probe_ids"] = probe_ids;
  j["samples"] = samples;
  j["max_tokens"] = sampling.max_tokens;
  j["temperature"] = sampling.temperature;
  j["top_p"] = sampling.top_p;
  j["seed"] = seed;
  j["system"] = system;
  j["chat_template"] = chat_template;
  j["filter"] = filter;
  j["candor_version"] = candor_version;
  j["llama_commit"] = llama_commit;
  return j.dump();
}

Result<RunConfig> RunConfig::from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    RunConfig c;
    c.name = j.at("name").get<std::string>();
    c.targets = j.at("targets").get<std::vector<std::string>>();
    c.suite_hash = j.at("suite_hash").get<std::string>();
    c.probe_ids = j.at("probe_ids").get<std::vector<std::string>>();
    c.samples = j.at("samples").get<int>();
    c.sampling.max_tokens = j.at("max_tokens").get<int>();
    c.sampling.temperature = j.at("temperature").get<float>();
    c.sampling.top_p = j.at("top_p").get<float>();
    c.seed = j.at("seed").get<uint64_t>();
    c.system = j.value("system", "");
    c.chat_template = j.value("chat_template", "");
    c.filter = j.value("filter", "");
    c.candor_version = j.value("candor_version", "");
    c.llama_commit = j.value("llama_commit", "");
    return c;
  } catch (const std::exception& e) {
    return Error{fmt::format("stored run configuration is unreadable: {}", e.what())};
  }
}

std::string RunConfig::difference(const RunConfig& o) const {
  auto list = [](const std::vector<std::string>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); };
  if (targets != o.targets) return fmt::format("targets: was {}, now {}", list(targets), list(o.targets));
  if (suite_hash != o.suite_hash) return "the probe suite changed (suite hash differs)";
  if (probe_ids != o.probe_ids) {
    return fmt::format("the selected probes changed (was {}, now {})", probe_ids.size(),
                       o.probe_ids.size());
  }
  if (samples != o.samples) return fmt::format("samples: was {}, now {}", samples, o.samples);
  if (sampling.max_tokens != o.sampling.max_tokens) {
    return fmt::format("max-tokens: was {}, now {}", sampling.max_tokens, o.sampling.max_tokens);
  }
  if (sampling.temperature != o.sampling.temperature) {
    return fmt::format("temperature: was {}, now {}", sampling.temperature, o.sampling.temperature);
  }
  if (sampling.top_p != o.sampling.top_p) {
    return fmt::format("top-p: was {}, now {}", sampling.top_p, o.sampling.top_p);
  }
  if (seed != o.seed) return fmt::format("seed: was {}, now {}", seed, o.seed);
  if (system != o.system) return "the system prompt changed";
  if (chat_template != o.chat_template) return "the chat template changed";
  return {};
}

}  // namespace candor
