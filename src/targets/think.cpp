#include <string>

#include "base/text.h"
#include "targets/targets.h"

namespace candor {

const char* to_string(Reasoning r) {
  switch (r) {
    case Reasoning::none:
      return "none";
    case Reasoning::empty:
      return "empty";
    case Reasoning::present:
      return "present";
  }
  return "none";
}

ThinkSplit split_think(std::string_view text, bool starts_in_think) {
  static constexpr std::string_view kOpen = "<think>";
  static constexpr std::string_view kClose = "</think>";
  ThinkSplit out;
  std::string answer;
  std::string reasoning;
  bool saw_block = false;
  bool in_think = starts_in_think;
  std::string_view rest = text;
  if (in_think) saw_block = true;
  while (!rest.empty()) {
    if (in_think) {
      const size_t close = rest.find(kClose);
      if (close == std::string_view::npos) {
        reasoning.append(rest);
        rest = {};
        break;
      }
      reasoning.append(rest.substr(0, close));
      rest.remove_prefix(close + kClose.size());
      in_think = false;
    } else {
      const size_t open = rest.find(kOpen);
      if (open == std::string_view::npos) {
        answer.append(rest);
        break;
      }
      answer.append(rest.substr(0, open));
      rest.remove_prefix(open + kOpen.size());
      in_think = true;
      saw_block = true;
    }
  }
  // A stray closing tag with no opening (servers that strip "<think>" but keep "</think>").
  if (!saw_block) {
    const size_t close = answer.find(kClose);
    if (close != std::string::npos) {
      reasoning = answer.substr(0, close);
      answer.erase(0, close + kClose.size());
      saw_block = true;
    }
  }
  out.answer = std::string(trim(answer));
  out.reasoning = std::string(trim(reasoning));
  if (saw_block) out.state = out.reasoning.empty() ? Reasoning::empty : Reasoning::present;
  return out;
}

}  // namespace candor
