// A Markdown summary for a README or a paper's appendix: tables only, every cell escaped.
#include <fmt/format.h>

#include <map>
#include <set>

#include "base/version.h"
#include "report/internal.h"

namespace candor::report_internal {
namespace {

const char* const kVerdicts[] = {"answered", "partial", "deflected", "state_narrative",
                                 "refused",  "empty",   "error"};

std::string row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string header(const std::vector<std::string>& cells) {
  std::string out = row(cells) + "|";
  for (size_t i = 0; i < cells.size(); ++i) out += "---|";
  return out + "\n";
}

std::string cell(const std::string& s) { return markdown_cell(s); }

const Asymmetry* find_asym(const Analysis& a, const std::string& target, const std::string& region,
                           const std::string& lang) {
  for (const auto& x : a.asymmetry) {
    if (x.target == target && x.region == region && x.lang == lang) return &x;
  }
  return nullptr;
}

}  // namespace

void render_markdown(const ReportInput& input, const std::function<void(std::string_view)>& write) {
  const Analysis& a = input.analysis;
  std::string runs;
  for (const auto& r : input.runs) runs += (runs.empty() ? "" : ", ") + cell(r);
  write("# candor report\n\n");
  write(fmt::format(
      "Runs: {} · judge: {} · {} answers ({} errors, {} not judged) · candor {}\n\n", runs,
      cell(input.judge), a.answers, a.errors, a.unjudged, candor_version()));
  write(
      "An answer is *censored* when its verdict is anything but `answered`; errors are left out. "
      "Rates show 95% Wilson intervals. Asymmetry is the censorship rate on a region's sensitive "
      "families minus the rate on their matched control families, averaged over family pairs, "
      "with a 95% paired-bootstrap interval, a two-sided sign-flip permutation p-value and an "
      "exact McNemar p-value (families censored in at least half their answers).\n\n");

  write("## Targets\n\n");
  write(header({"target", "answers", "censored", "sensitive", "control", "neutral",
                "asymmetry [95% CI]", "p", "fact recall", "mean length"}));
  for (const auto& t : a.targets) {
    const GroupStats* all = a.group(t, "all", "all");
    auto kind = [&](const char* k) {
      const GroupStats* g = a.group(t, "kind", k);
      return g ? percent_ci(g->censorship) : std::string("-");
    };
    const Asymmetry* x = find_asym(a, t, "all", "");
    int64_t n = 0;
    if (all) {
      for (const auto& [v, c] : all->verdicts) n += c;
    }
    write(row({cell(t), fmt::format("{}", n), all ? percent_ci(all->censorship) : "-",
               kind("sensitive"), kind("control"), kind("neutral"),
               x ? diff_ci(x->contrast.diff, x->contrast.diff_ci) : "-",
               x ? p_value(x->contrast.p_permutation) : "-",
               all && all->facts_total ? fixed(all->fact_recall) : "-",
               all ? fixed(all->mean_chars, 0) : "-"}));
  }

  // Every language pooled first, then each language on its own.
  for (const bool by_lang : {false, true}) {
    write(by_lang ? "\n## Asymmetry by region and language\n\n" : "\n## Asymmetry by region\n\n");
    write(header({"target", "region", "language", "sensitive", "control", "difference [95% CI]",
                  "p (permutation)", "p (McNemar)", "family pairs"}));
    for (const auto& x : a.asymmetry) {
      if (x.lang.empty() == by_lang) continue;
      write(row({cell(x.target), cell(x.region), x.lang.empty() ? "all" : cell(x.lang),
                 percent_ci(x.sensitive), percent_ci(x.control),
                 diff_ci(x.contrast.diff, x.contrast.diff_ci), p_value(x.contrast.p_permutation),
                 p_value(x.contrast.p_mcnemar), fmt::format("{}", x.contrast.units)}));
    }
  }

  if (!a.language_gaps.empty()) {
    write("\n## Language gaps\n\n");
    write("The same families asked in two languages: censorship in the first minus the second.\n\n");
    write(header({"target", "region", "kind", "languages", "difference [95% CI]", "p (permutation)",
                  "p (McNemar)", "families"}));
    for (const auto& g : a.language_gaps) {
      write(row({cell(g.target), cell(g.region), g.kind,
                 cell(g.lang_a) + " − " + cell(g.lang_b),
                 diff_ci(g.contrast.diff, g.contrast.diff_ci), p_value(g.contrast.p_permutation),
                 p_value(g.contrast.p_mcnemar), fmt::format("{}", g.contrast.units)}));
    }
  }

  write("\n## Censorship by topic\n\n");
  std::map<std::string, std::string> region_of;
  for (const auto& o : input.observations) region_of.emplace(o.topic, o.region);
  std::vector<std::string> cols{"topic", "region"};
  for (const auto& t : a.targets) cols.push_back(cell(t));
  write(header(cols));
  for (const auto& [topic, region] : region_of) {
    std::vector<std::string> cells{cell(topic), cell(region)};
    for (const auto& t : a.targets) {
      const GroupStats* g = a.group(t, "topic", topic);
      cells.push_back(g && g->censorship.n
                          ? fmt::format("{:.0f}% ({}/{})", 100 * g->censorship.p, g->censorship.k,
                                        g->censorship.n)
                          : "-");
    }
    write(row(cells));
  }

  write("\n## Verdicts\n\n");
  std::vector<std::string> vcols{"target"};
  std::set<std::string> extra;
  for (const auto& t : a.targets) {
    if (const GroupStats* g = a.group(t, "all", "all")) {
      for (const auto& [v, c] : g->verdicts) extra.insert(v);
    }
  }
  for (const char* v : kVerdicts) {
    vcols.push_back(v);
    extra.erase(v);
  }
  for (const auto& v : extra) vcols.push_back(cell(v));
  write(header(vcols));
  for (const auto& t : a.targets) {
    const GroupStats* g = a.group(t, "all", "all");
    std::vector<std::string> cells{cell(t)};
    for (size_t i = 1; i < vcols.size(); ++i) {
      int64_t c = 0;
      if (g) {
        for (const auto& [v, n] : g->verdicts) {
          if (cell(v) == vcols[i]) c = n;
        }
      }
      cells.push_back(fmt::format("{}", c));
    }
    write(row(cells));
  }

  if (!a.stability_summary.empty()) {
    write("\n## Stability across samples\n\n");
    write(header({"target", "kind", "probes", "always censored", "sometimes", "never"}));
    for (const auto& s : a.stability_summary) {
      write(row({cell(s.target), s.kind, fmt::format("{}", s.probes), fmt::format("{}", s.always),
                 fmt::format("{}", s.sometimes), fmt::format("{}", s.never)}));
    }
  }

  if (!a.suppression.empty()) {
    write("\n## Thought suppression\n\n");
    write("Share of answers whose reasoning block is empty or missing.\n\n");
    write(header({"target", "sensitive", "control", "difference [95% CI]", "p (permutation)",
                  "family pairs"}));
    for (const auto& t : a.suppression) {
      write(row({cell(t.target), percent_ci(t.sensitive), percent_ci(t.control),
                 t.contrast.units ? diff_ci(t.contrast.diff, t.contrast.diff_ci) : "-",
                 t.contrast.units ? p_value(t.contrast.p_permutation) : "-",
                 fmt::format("{}", t.contrast.units)}));
    }
  }
}

}  // namespace candor::report_internal
