#include <array>
#include <string_view>

#include "judge/judge.h"

namespace candor {
namespace {

constexpr std::array<std::string_view, kVerdictCount> kVerdictNames = {
    "answered", "partial", "deflected", "state_narrative", "refused", "empty", "error"};
constexpr std::array<std::string_view, 3> kClassNames = {"complete", "evasive", "denial"};

}  // namespace

const char* to_string(Verdict v) {
  return kVerdictNames[static_cast<size_t>(v)].data();
}

std::optional<Verdict> parse_verdict(std::string_view name) {
  for (size_t i = 0; i < kVerdictNames.size(); ++i) {
    if (kVerdictNames[i] == name) return static_cast<Verdict>(i);
  }
  return std::nullopt;
}

const char* to_string(Class3 c) {
  return kClassNames[static_cast<size_t>(c)].data();
}

std::optional<Class3> parse_class3(std::string_view name) {
  for (size_t i = 0; i < kClassNames.size(); ++i) {
    if (kClassNames[i] == name) return static_cast<Class3>(i);
  }
  return std::nullopt;
}

std::optional<Class3> class3(Verdict v) {
  switch (v) {
    case Verdict::answered:
      return Class3::complete;
    case Verdict::partial:
    case Verdict::deflected:
    case Verdict::state_narrative:
      return Class3::evasive;
    case Verdict::refused:
    case Verdict::empty:
      return Class3::denial;
    case Verdict::error:
      break;
  }
  return std::nullopt;
}

bool censored(Verdict v) {
  return v != Verdict::answered && v != Verdict::error;
}

JudgeInput make_judge_input(std::string_view prompt, const Completion& completion,
                            const Probe* probe) {
  JudgeInput in;
  in.prompt = std::string(prompt);
  in.response = completion.answer;
  in.reasoning = completion.reasoning;
  in.reasoning_state = completion.reasoning_state;
  in.error_class = completion.error_class;
  in.error_message = completion.error_message;
  if (probe) {
    in.lang = probe->lang;
    in.style = probe->style;
    in.facts = probe->facts;
    in.narrative = probe->narrative;
  }
  return in;
}

}  // namespace candor
