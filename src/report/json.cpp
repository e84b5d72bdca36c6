// The analysis as JSON: the `--format json` output and the data inside the HTML page.
#include <cmath>

#include "base/version.h"
#include "report/internal.h"

namespace candor::report_internal {
namespace {

using nlohmann::json;

// Rounded so that the files stay readable and stable across platforms' last-bit differences.
double r6(double x) { return std::isfinite(x) ? std::round(x * 1e6) / 1e6 : 0.0; }

json rate(const Rate& r) {
  return {{"k", r.k}, {"n", r.n}, {"p", r6(r.p)}, {"lo", r6(r.ci.lo)}, {"hi", r6(r.ci.hi)}};
}

json contrast(const PairedContrast& c) {
  return {{"units", c.units},
          {"mean_a", r6(c.mean_a)},
          {"mean_b", r6(c.mean_b)},
          {"diff", r6(c.diff)},
          {"lo", r6(c.diff_ci.lo)},
          {"hi", r6(c.diff_ci.hi)},
          {"p_permutation", r6(c.p_permutation)},
          {"a_only", c.a_only},
          {"b_only", c.b_only},
          {"p_mcnemar", r6(c.p_mcnemar)},
          {"newcombe_lo", r6(c.diff_ci_newcombe.lo)},
          {"newcombe_hi", r6(c.diff_ci_newcombe.hi)}};
}

}  // namespace

json to_json(const Analysis& a) {
  json groups = json::array();
  for (const auto& g : a.groups) {
    groups.push_back({{"target", g.target},
                      {"dimension", g.dimension},
                      {"value", g.value},
                      {"verdicts", g.verdicts},
                      {"censorship", rate(g.censorship)},
                      {"fact_recall", r6(g.fact_recall)},
                      {"facts_total", g.facts_total},
                      {"mean_chars", r6(g.mean_chars)}});
  }
  json asym = json::array();
  for (const auto& x : a.asymmetry) {
    asym.push_back({{"target", x.target},
                    {"region", x.region},
                    {"lang", x.lang.empty() ? "all" : x.lang},
                    {"sensitive", rate(x.sensitive)},
                    {"control", rate(x.control)},
                    {"contrast", contrast(x.contrast)}});
  }
  json gaps = json::array();
  for (const auto& g : a.language_gaps) {
    gaps.push_back({{"target", g.target},
                    {"region", g.region},
                    {"kind", g.kind},
                    {"lang_a", g.lang_a},
                    {"lang_b", g.lang_b},
                    {"contrast", contrast(g.contrast)}});
  }
  json lrates = json::array();
  for (const auto& l : a.language_rates) {
    lrates.push_back({{"target", l.target}, {"kind", l.kind}, {"lang", l.lang},
                      {"censorship", rate(l.censorship)}});
  }
  json stab = json::array();
  for (const auto& s : a.stability) {
    stab.push_back({{"target", s.target}, {"probe", s.probe_id}, {"censored", s.censored},
                    {"samples", s.samples}, {"probability", r6(s.probability)}});
  }
  json stab_sum = json::array();
  for (const auto& s : a.stability_summary) {
    stab_sum.push_back({{"target", s.target}, {"kind", s.kind}, {"probes", s.probes},
                        {"always", s.always}, {"sometimes", s.sometimes}, {"never", s.never}});
  }
  json supp = json::array();
  for (const auto& t : a.suppression) {
    supp.push_back({{"target", t.target}, {"sensitive", rate(t.sensitive)},
                    {"control", rate(t.control)}, {"contrast", contrast(t.contrast)}});
  }
  return {{"targets", a.targets},
          {"langs", a.langs},
          {"max_samples", a.max_samples},
          {"answers", a.answers},
          {"errors", a.errors},
          {"unjudged", a.unjudged},
          {"groups", groups},
          {"asymmetry", asym},
          {"language_gaps", gaps},
          {"language_rates", lrates},
          {"stability", stab},
          {"stability_summary", stab_sum},
          {"thought_suppression", supp},
          {"method",
           {{"seed", a.options.seed},
            {"bootstrap_reps", a.options.bootstrap_reps},
            {"permutation_draws", a.options.permutation_draws},
            {"rate_interval", "Wilson score, 95%"},
            {"contrast_interval", "percentile bootstrap over paired units, 95%"},
            {"contrast_test", "sign-flip permutation over paired units (exact up to 20 units)"},
            {"binary_test", "exact McNemar on units censored in at least half their answers"}}}};
}

json to_json(const Comparison& c) {
  json rows = json::array();
  for (const auto& r : c.rows) {
    rows.push_back({{"dimension", r.dimension}, {"value", r.value}, {"a", rate(r.a)},
                    {"b", rate(r.b)}, {"contrast", contrast(r.contrast)}});
  }
  return {{"a", c.a.label()}, {"b", c.b.label()}, {"rows", rows}};
}

json meta_json(const ReportInput& input) {
  return {{"tool", "candor"},
          {"version", candor_version()},
          {"source", input.source},
          {"runs", input.runs},
          {"judge", input.judge}};
}

}  // namespace candor::report_internal

namespace candor {

std::string analysis_json(const Analysis& analysis, int indent) {
  return report_internal::to_json(analysis).dump(indent, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
}

}  // namespace candor
