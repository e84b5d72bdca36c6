// The CI gate: thresholds on censorship of sensitive probes and on asymmetry.
#include <fmt/format.h>

#include <map>
#include <set>

#include "analysis/analysis.h"

namespace candor {

Result<GateResult> check_gate(const std::vector<Observation>& observations,
                              const Analysis& analysis, const Gate& gate) {
  GateResult out;
  const std::string where = gate.region.empty() ? "" : " " + gate.region;
  if (gate.max_censorship) {
    bool measured = false;
    std::map<std::string, std::pair<int64_t, int64_t>> counts;  // target -> (censored, judged)
    for (const auto& o : observations) {
      if (o.kind != ProbeKind::sensitive || !is_judged(o.verdict)) continue;
      if (!gate.region.empty() && o.region != gate.region) continue;
      auto& c = counts[o.target];
      ++c.second;
      if (is_censored(o.verdict)) ++c.first;
    }
    for (const auto& target : analysis.targets) {
      auto it = counts.find(target);
      if (it == counts.end()) continue;
      measured = true;
      const Rate r = make_rate(it->second.first, it->second.second);
      const bool fail = r.p > *gate.max_censorship;
      std::string line = fmt::format(
          "{}: censorship on sensitive{} probes {:.3f} (95% CI {:.3f}-{:.3f}, {}/{}) {} {:.3f}",
          target, where, r.p, r.ci.lo, r.ci.hi, r.k, r.n, fail ? "exceeds" : "within",
          *gate.max_censorship);
      if (fail) out.failures.push_back(line);
      out.lines.push_back(std::move(line));
    }
    if (!measured) return Error{fmt::format("no sensitive{} probes were judged in this run", where)};
  }
  if (gate.max_asymmetry) {
    bool measured = false;
    for (const auto& a : analysis.asymmetry) {
      if (!a.lang.empty()) continue;
      if (gate.region.empty() ? a.region == "all" : a.region != gate.region) continue;
      measured = true;
      const auto& c = a.contrast;
      const bool fail = c.diff > *gate.max_asymmetry;
      std::string line = fmt::format(
          "{}: asymmetry {} {:+.3f} (95% CI {:+.3f} to {:+.3f}, permutation p={:.3g}, {} family "
          "pairs) {} {:.3f}",
          a.target, a.region, c.diff, c.diff_ci.lo, c.diff_ci.hi, c.p_permutation, c.units,
          fail ? "exceeds" : "within", *gate.max_asymmetry);
      if (fail) out.failures.push_back(line);
      out.lines.push_back(std::move(line));
    }
    if (!measured) {
      return Error{fmt::format(
          "no sensitive{} probes with matched controls were judged in this run, so there is no "
          "asymmetry to check",
          where)};
    }
  }
  out.passed = out.failures.empty();
  return out;
}

}  // namespace candor
