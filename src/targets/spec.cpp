#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "targets/targets.h"

namespace candor {
namespace {

const std::set<std::string>& known_options(const std::string& kind) {
  static const std::set<std::string> gguf = {"threads", "ctx",    "batch",
                                              "parallel", "ubatch", "ignore_eos", "kv"};
  static const std::set<std::string> openai = {
      "key_env",         "rpm",          "tpm",     "concurrency", "timeout",
      "connect_timeout", "idle_timeout", "retries", "insecure",    "http2",
      "stream",          "backoff",      "think_open"};
  return kind == "gguf" ? gguf : openai;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

}  // namespace

Result<TargetSpec> parse_target_spec(std::string_view text) {
  TargetSpec spec;
  spec.text = std::string(text);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Error{fmt::format(
        "target '{}': expected 'gguf:PATH' or 'openai:BASE_URL#MODEL'", text)};
  }
  spec.kind = std::string(text.substr(0, colon));
  if (spec.kind != "gguf" && spec.kind != "openai") {
    return Error{fmt::format("target '{}': unknown kind '{}' (use gguf: or openai:)", text,
                             spec.kind)};
  }
  std::string_view rest = text.substr(colon + 1);
  std::string_view query;
  if (spec.kind == "openai") {
    const size_t hash = rest.find('#');
    if (hash == std::string_view::npos) {
      return Error{fmt::format("target '{}': missing '#MODEL' after the base URL", text)};
    }
    std::string_view model = rest.substr(hash + 1);
    const size_t q = model.find('?');
    if (q != std::string_view::npos) {
      query = model.substr(q + 1);
      model = model.substr(0, q);
    }
    spec.model = std::string(model);
    for (auto& url : split(rest.substr(0, hash), ',')) {
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return Error{fmt::format("target '{}': base URL '{}' must start with http:// or https://",
                                 text, url)};
      }
      while (!url.empty() && url.back() == '/') url.pop_back();
      spec.base_urls.push_back(url);
    }
    if (spec.model.empty()) return Error{fmt::format("target '{}': empty model name", text)};
  } else {
    const size_t q = rest.find('?');
    if (q != std::string_view::npos) {
      query = rest.substr(q + 1);
      rest = rest.substr(0, q);
    }
    spec.path = std::string(rest);
    if (spec.path.empty()) return Error{fmt::format("target '{}': empty model path", text)};
  }
  if (!query.empty()) {
    for (const auto& pair : split(query, '&')) {
      const size_t eq = pair.find('=');
      const std::string key = pair.substr(0, eq);
      if (!known_options(spec.kind).count(key)) {
        return Error{fmt::format("target '{}': unknown option '{}' for {}: targets", text, key,
                                 spec.kind)};
      }
      spec.options[key] = eq == std::string::npos ? "1" : pair.substr(eq + 1);
    }
  }
  return spec;
}

}  // namespace candor
