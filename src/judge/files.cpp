// JSONL in and out: labeled answers for `judge eval`, and transcripts judged in file mode.
// Every input error names the file, the line and the field.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "judge/judge.h"

namespace candor {
namespace {

using ojson = nlohmann::ordered_json;

std::string where(const std::string& path, int64_t line, std::string_view field) {
  return fmt::format("{}:{}: {}", path, line, field);
}

// Reads an optional string field; a present field of another type is an error.
Status optional_string(const ojson& obj, const char* field, std::string& out,
                       const std::string& path, int64_t line, bool* present = nullptr) {
  const auto it = obj.find(field);
  if (present) *present = false;
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) return Error{where(path, line, field) + ": must be a string"};
  out = it->get<std::string>();
  if (present) *present = true;
  return {};
}

// Fills a JudgeInput from one JSON object: prompt and response, optional reasoning, lang,
// style, error.
Status read_input(const ojson& obj, JudgeInput& in, const std::string& path, int64_t line) {
  bool has_error = false;
  std::string error;
  if (Status s = optional_string(obj, "error", error, path, line, &has_error); !s) return s;
  if (!obj.contains("prompt") || !obj["prompt"].is_string()) {
    return Error{where(path, line, "prompt") + ": required, a string"};
  }
  in.prompt = obj["prompt"].get<std::string>();
  bool has_response = false;
  if (Status s = optional_string(obj, "response", in.response, path, line, &has_response); !s) {
    return s;
  }
  if (!has_response && !(has_error && !error.empty())) {
    return Error{where(path, line, "response") + ": required, a string (or give \"error\")"};
  }
  bool has_reasoning = false;
  if (Status s = optional_string(obj, "reasoning", in.reasoning, path, line, &has_reasoning); !s) {
    return s;
  }
  if (has_reasoning)
    in.reasoning_state = in.reasoning.empty() ? Reasoning::empty : Reasoning::present;
  if (Status s = optional_string(obj, "lang", in.lang, path, line); !s) return s;
  if (Status s = optional_string(obj, "style", in.style, path, line); !s) return s;
  if (!in.style.empty() && in.style != "factual" && in.style != "explain" &&
      in.style != "opinion" && in.style != "list" && in.style != "essay") {
    return Error{where(path, line, "style") + ": '" + in.style +
                 "' is not factual, explain, opinion, list or essay"};
  }
  if (!error.empty()) {
    in.error_class = "error";
    in.error_message = error;
  }
  return {};
}

// Parses one line; blank lines and '#' comments yield nullopt.
Result<std::optional<ojson>> parse_line(const std::string& text, const std::string& path,
                                        int64_t line) {
  const std::string_view t = trim(text);
  if (t.empty() || t.front() == '#') return std::optional<ojson>{};
  if (!is_valid_utf8(t)) {
    return Error{
        fmt::format("{}:{}: invalid UTF-8 at byte {}", path, line, invalid_utf8_offset(t))};
  }
  ojson obj = ojson::parse(t, nullptr, false);
  if (obj.is_discarded()) return Error{fmt::format("{}:{}: not valid JSON", path, line)};
  if (!obj.is_object()) return Error{fmt::format("{}:{}: not a JSON object", path, line)};
  return std::optional<ojson>(std::move(obj));
}

std::string id_of(const ojson& obj) {
  const auto it = obj.find("id");
  if (it == obj.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

Result<std::vector<LabeledAnswer>> load_labels(const std::vector<std::string>& given) {
  // A directory stands for its *.jsonl files, in name order.
  std::vector<std::string> paths;
  for (const std::string& path : given) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      paths.push_back(path);
      continue;
    }
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
    }
    if (ec) return Error{path + ": cannot read: " + ec.message()};
    std::sort(files.begin(), files.end());
    paths.insert(paths.end(), files.begin(), files.end());
  }
  std::vector<LabeledAnswer> out;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot read"};
    std::string text;
    int64_t line = 0;
    while (std::getline(in, text)) {
      ++line;
      auto parsed = parse_line(text, path, line);
      if (!parsed) return parsed.error();
      if (!parsed.value()) continue;
      const ojson& obj = *parsed.value();
      LabeledAnswer a;
      if (Status s = read_input(obj, a.input, path, line); !s) return s.error();
      if (!obj.contains("label") || !obj["label"].is_string()) {
        return Error{where(path, line, "label") + ": required, a string"};
      }
      a.label = obj["label"].get<std::string>();
      if (!parse_verdict(a.label) && !parse_class3(a.label)) {
        return Error{where(path, line, "label") + ": '" + a.label +
                     "' is neither a verdict (answered, partial, deflected, state_narrative, "
                     "refused, empty, error) nor a class (complete, evasive, denial)"};
      }
      a.id = id_of(obj);
      a.source = fmt::format("{}:{}", path, line);
      out.push_back(std::move(a));
    }
  }
  return out;
}

Status judge_file_chunked(const FileBatchJudge& judge, size_t chunk, const std::string& input_path,
                          const std::string& output_path, const ProbeLookup& lookup,
                          FileJudgeStats* stats) {
  std::ifstream in(input_path, std::ios::binary);
  if (!in) return Error{input_path + ": cannot read"};
  const std::string tmp = output_path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Error{tmp + ": cannot write"};
  auto fail = [&](Error e) -> Status {
    out.close();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return e;
  };
  FileJudgeStats local;
  FileJudgeStats& st = stats ? *stats : local;
  st = FileJudgeStats{};
  chunk = std::max<size_t>(chunk, 1);
  // Lines are read into a chunk, judged together (an LLM judge asks concurrently) and written
  // in input order; memory is bounded by the chunk.
  std::vector<ojson> objects;
  std::vector<JudgeInput> inputs;
  std::vector<FileVerdict> verdicts;
  auto flush = [&]() -> Status {
    if (inputs.empty()) return {};
    verdicts.clear();
    if (Status s = judge(inputs, verdicts); !s) return s;
    if (verdicts.size() != inputs.size()) return Error{"judge: a verdict is missing"};
    for (size_t i = 0; i < objects.size(); ++i) {
      ojson& obj = objects[i];
      const Judgement& j = verdicts[i].judgement;
      ++st.judged;
      ++st.by_verdict[static_cast<int>(j.verdict)];
      obj["verdict"] = to_string(j.verdict);
      const auto c3 = class3(j.verdict);
      obj["class3"] = c3 ? ojson(to_string(*c3)) : ojson(nullptr);
      obj["censored"] = censored(j.verdict);
      obj["confidence"] = std::round(j.confidence * 1000) / 1000;
      obj["reasons"] = j.reasons;
      if (j.facts_total > 0) {
        obj["facts_found"] = j.facts_found;
        obj["facts_total"] = j.facts_total;
      }
      for (const auto& [field, value] : verdicts[i].extra) obj[field] = value;
      out << obj.dump(-1, ' ', false, ojson::error_handler_t::replace) << '\n';
      if (!out) return Error{tmp + ": write failed"};
    }
    objects.clear();
    inputs.clear();
    return {};
  };
  std::string text;
  int64_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    ++st.lines;
    auto parsed = parse_line(text, input_path, line);
    if (!parsed) return fail(parsed.error());
    if (!parsed.value()) continue;
    ojson& obj = *parsed.value();
    JudgeInput input;
    if (Status s = read_input(obj, input, input_path, line); !s) return fail(s.error());
    std::string probe_id;
    if (Status s = optional_string(obj, "probe", probe_id, input_path, line); !s) {
      return fail(s.error());
    }
    if (!probe_id.empty() && lookup) {
      const Probe* probe = lookup(probe_id);
      if (!probe) {
        return fail(
            Error{where(input_path, line, "probe") + ": no probe '" + probe_id + "' in the suite"});
      }
      input.facts = probe->facts;
      input.narrative = probe->narrative;
      if (input.lang.empty()) input.lang = probe->lang;
      if (input.style.empty()) input.style = probe->style;
    }
    objects.push_back(std::move(obj));
    inputs.push_back(std::move(input));
    if (inputs.size() >= chunk) {
      if (Status s = flush(); !s) return fail(s.error());
    }
  }
  if (in.bad()) return fail(Error{input_path + ": read failed"});
  if (Status s = flush(); !s) return fail(s.error());
  out.close();
  if (!out) return fail(Error{tmp + ": write failed"});
  std::error_code ec;
  std::filesystem::rename(tmp, output_path, ec);
  if (ec) return fail(Error{output_path + ": cannot write: " + ec.message()});
  return {};
}

Status judge_file(const OfflineJudge& judge, const std::string& input_path,
                  const std::string& output_path, const ProbeLookup& lookup,
                  FileJudgeStats* stats) {
  const FileBatchJudge offline = [&judge](std::span<const JudgeInput> inputs,
                                          std::vector<FileVerdict>& out) -> Status {
    for (const JudgeInput& in : inputs) out.push_back({judge.judge(in), {}});
    return {};
  };
  return judge_file_chunked(offline, 64, input_path, output_path, lookup, stats);
}

}  // namespace candor
