// `candor compare` output: differences between two sides, per region, topic and kind.
#include <fmt/format.h>

#include "report/internal.h"

namespace candor {

Result<std::string> render_comparison(const Comparison& c, std::string_view format) {
  using namespace report_internal;
  if (format == "json") {
    return to_json(c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  const bool md = format == "md";
  if (!md && format != "text") {
    return Error{fmt::format("--format: unknown format '{}' (expected text, md or json)", format)};
  }
  std::string out;
  const std::string a = c.a.label(), b = c.b.label();
  out += fmt::format("A = {}\nB = {}\n", md ? markdown_cell(a) : a, md ? markdown_cell(b) : b);
  out += "Censorship rates with 95% Wilson intervals; A - B averaged over paired probes with a 95% "
         "paired-bootstrap interval, a sign-flip permutation p and an exact McNemar p.\n\n";
  const std::vector<std::string> head{"group", "A", "B", "A - B [95% CI]", "p perm", "p McNemar",
                                      "probes"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : c.rows) {
    const std::string group = r.dimension == "all" ? "all" : r.dimension + " " + r.value;
    rows.push_back({md ? markdown_cell(group) : group, percent_ci(r.a), percent_ci(r.b),
                    diff_ci(r.contrast.diff, r.contrast.diff_ci), p_value(r.contrast.p_permutation),
                    p_value(r.contrast.p_mcnemar), fmt::format("{}", r.contrast.units)});
  }
  if (rows.empty()) {
    out += "No probe was answered on both sides, so there is nothing to compare.\n";
    return out;
  }
  if (md) {
    auto line = [](const std::vector<std::string>& cells) {
      std::string s = "|";
      for (const auto& x : cells) s += " " + x + " |";
      return s + "\n";
    };
    out += line(head) + "|";
    for (size_t i = 0; i < head.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& r : rows) out += line(r);
    return out;
  }
  // Text: columns padded to their widest cell (by code points).
  auto width = [](const std::string& s) {
    size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
  };
  std::vector<size_t> w(head.size());
  for (size_t i = 0; i < head.size(); ++i) w[i] = width(head[i]);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], width(r[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      s += cells[i] + std::string(w[i] - width(cells[i]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  out += line(head);
  for (const auto& r : rows) out += line(r);
  return out;
}

}  // namespace candor
