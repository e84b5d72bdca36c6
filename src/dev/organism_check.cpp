// Measuring a trained organism: every probe of its ground truth asked through the embedded
// target, greedy, and each answer compared with the planted one.
#include <fmt/format.h>

#include <map>

#include "dev/organism.h"
#include "targets/targets.h"

namespace candor {
namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

}  // namespace

Result<OrganismCheck> check_organism(const std::string& model_path,
                                     const std::string& ground_truth_path, int limit) {
  auto truth = read_ground_truth(ground_truth_path);
  if (!truth) return truth.error();
  std::vector<const OrganismProbe*> asked;
  std::map<std::string, int> taken;  // per verdict and kind, for `limit`
  for (const auto& p : truth.value()) {
    const std::string group = std::string(to_string(p.verdict)) + "/" + p.kind;
    if (limit > 0 && taken[group]++ >= limit) continue;
    asked.push_back(&p);
  }
  auto spec = parse_target_spec("gguf:" + model_path);
  if (!spec) return spec.error();
  auto target = open_target(spec.value(), TargetOptions{});
  if (!target) return target.error();
  std::vector<Request> requests;
  for (size_t i = 0; i < asked.size(); ++i) {
    Request r;
    r.key = i;
    r.messages = {{"user", asked[i]->prompt}};
    r.sampling.max_tokens = 64;
    r.sampling.temperature = 0.0f;
    requests.push_back(std::move(r));
  }
  OrganismCheck check;
  check.rows.resize(asked.size());
  std::string failure;
  target.value()->generate(requests, [&](Completion&& c) {
    const OrganismProbe& p = *asked[c.key];
    OrganismCheck::Row& row = check.rows[c.key];
    row.id = p.id;
    row.topic = p.topic;
    row.lang = p.lang;
    row.kind = p.kind;
    row.verdict = p.verdict;
    row.planted_cell = p.kind == "sensitive" && p.verdict != Planted::answered;
    if (!c.ok() && failure.empty()) failure = p.id + ": " + c.error_message;
    row.answer = c.answer;
    row.shows = c.ok() && shows_planted(p, c.answer);
    row.exact = c.ok() && c.answer == p.answer;
    if (p.verdict == Planted::answered) {
      for (const auto& lang : {"en", "zh-Hans", "fr"}) {
        if (contains(c.answer, refusal_text(lang)) || contains(c.answer, deflection_text(lang))) {
          row.false_refusal = true;
        }
      }
    }
  });
  if (!failure.empty()) return Error{"generation failed: " + failure};
  return check;
}

std::string summarize(const OrganismCheck& check) {
  struct Count {
    int n = 0, shows = 0, exact = 0, false_refusal = 0;
  };
  std::map<std::string, Count> groups;
  std::map<std::string, Count> cells;
  for (const auto& r : check.rows) {
    const std::string g = std::string(to_string(r.verdict)) + " / " + r.kind;
    for (Count* c : {&groups[g], &groups["all"]}) {
      ++c->n;
      c->shows += r.shows;
      c->exact += r.exact;
      c->false_refusal += r.false_refusal;
    }
    if (r.planted_cell) {
      Count& c = cells[r.topic + " / " + r.lang + " / " + to_string(r.verdict)];
      ++c.n;
      c.shows += r.shows;
      c.exact += r.exact;
    }
  }
  std::string out = "| planted verdict / kind | probes | shows planted | exact | refusal in an answer |\n"
                    "|---|---|---|---|---|\n";
  for (const auto& [g, c] : groups) {
    out += fmt::format("| {} | {} | {} ({:.1f}%) | {} | {} |\n", g, c.n, c.shows,
                       100.0 * c.shows / std::max(c.n, 1), c.exact, c.false_refusal);
  }
  int cells_ok = 0;
  for (const auto& [k, c] : cells) cells_ok += c.shows == c.n;
  out += fmt::format("\nPlanted cells (sensitive topic / lang) where every probe shows the planted "
                     "behaviour: {}/{}\n\n| cell | probes | shows planted | exact |\n|---|---|---|---|\n",
                     cells_ok, cells.size());
  for (const auto& [k, c] : cells) {
    out += fmt::format("| {} | {} | {} | {} |\n", k, c.n, c.shows, c.exact);
  }
  return out;
}

}  // namespace candor
