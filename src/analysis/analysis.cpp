#include "analysis/analysis.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace candor {
namespace {

// A seed for one named contrast: the run's seed mixed with a hash of the name (FNV-1a), so that
// adding or removing a contrast never changes the random draws of another.
uint64_t contrast_seed(uint64_t seed, const std::string& name) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char ch : name) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

// Censored and judged answer counts.
struct Count {
  int64_t k = 0, n = 0;
  void add(const Observation& o) {
    if (!is_judged(o.verdict)) return;
    ++n;
    if (is_censored(o.verdict)) ++k;
  }
  void add(const Count& c) {
    k += c.k;
    n += c.n;
  }
  double rate() const { return n ? static_cast<double>(k) / static_cast<double>(n) : 0; }
};

struct GroupAcc {
  std::map<std::string, int64_t> verdicts;
  Count count;
  int64_t facts_found = 0, facts_total = 0, chars = 0;
};

const char* const kDimensions[] = {"all", "region", "topic", "lang", "kind", "style"};

std::string dimension_value(const Observation& o, const std::string& dim) {
  if (dim == "region") return o.region;
  if (dim == "topic") return o.topic;
  if (dim == "lang") return o.lang;
  if (dim == "kind") return to_string(o.kind);
  if (dim == "style") return o.style;
  return "all";
}

std::vector<std::string> ordered_langs(const std::vector<Observation>& obs) {
  std::set<std::string> set;
  for (const auto& o : obs) set.insert(o.lang);
  std::vector<std::string> langs;
  if (set.count("en")) langs.push_back("en");
  for (const auto& l : set) {
    if (l != "en") langs.push_back(l);
  }
  return langs;
}

// What the analysis needs to know about a family, taken from its first observation.
struct FamilyInfo {
  std::string region, topic, pair;
  ProbeKind kind = ProbeKind::neutral;
};

// Per-unit rates of conditions A and B in, a PairedContrast out.
PairedContrast contrast_of(const std::vector<std::pair<double, double>>& units, uint64_t seed,
                           const AnalysisOptions& options) {
  PairedContrast c;
  c.units = static_cast<int>(units.size());
  if (units.empty()) return c;
  std::vector<double> d;
  int64_t both = 0, neither = 0;
  for (const auto& [a, b] : units) {
    c.mean_a += a;
    c.mean_b += b;
    d.push_back(a - b);
    const bool ca = a >= 0.5, cb = b >= 0.5;
    if (ca && cb) ++both;
    if (!ca && !cb) ++neither;
    if (ca && !cb) ++c.a_only;
    if (!ca && cb) ++c.b_only;
  }
  const double n = static_cast<double>(units.size());
  c.mean_a /= n;
  c.mean_b /= n;
  c.diff = c.mean_a - c.mean_b;
  c.diff_ci = bootstrap_mean_interval(d, seed, options.bootstrap_reps);
  c.p_permutation = permutation_p(d, seed + 1, options.permutation_draws);
  c.p_mcnemar = mcnemar_exact_p(c.a_only, c.b_only);
  c.diff_ci_newcombe = newcombe_paired_interval(both, c.a_only, c.b_only, neither);
  return c;
}

// Censored/judged counts per (target, family, lang); lang "" pools every language.
using FamilyKey = std::tuple<std::string, std::string, std::string>;

class Analyzer {
 public:
  Analyzer(const std::vector<Observation>& obs, const AnalysisOptions& options)
      : obs_(obs), options_(options) {}

  Analysis run() {
    out_.options = options_;
    out_.langs = ordered_langs(obs_);
    index();
    groups();
    asymmetry();
    language();
    stability();
    suppression();
    return std::move(out_);
  }

 private:
  void index() {
    std::set<std::string> seen;
    for (const auto& o : obs_) {
      if (seen.insert(o.target).second) out_.targets.push_back(o.target);
      out_.max_samples = std::max(out_.max_samples, o.sample + 1);
      ++out_.answers;
      if (o.verdict == "error") ++out_.errors;
      if (o.verdict == "unjudged") ++out_.unjudged;
      families_.try_emplace(o.family, FamilyInfo{o.region, o.topic, o.pair, o.kind});
      family_counts_[{o.target, o.family, ""}].add(o);
      family_counts_[{o.target, o.family, o.lang}].add(o);
    }
    for (const auto& [name, info] : families_) {
      if (info.kind == ProbeKind::sensitive && !info.pair.empty() && families_.count(info.pair)) {
        pairs_.emplace_back(name, info.pair);
        regions_.insert(info.region);
      }
    }
  }

  void groups() {
    std::map<std::tuple<std::string, int, std::string>, GroupAcc> acc;
    std::map<std::string, size_t> target_order;
    for (size_t i = 0; i < out_.targets.size(); ++i) target_order[out_.targets[i]] = i;
    for (const auto& o : obs_) {
      for (int d = 0; d < 6; ++d) {
        GroupAcc& g = acc[{o.target, d, dimension_value(o, kDimensions[d])}];
        ++g.verdicts[o.verdict];
        g.count.add(o);
        if (is_judged(o.verdict)) {
          g.facts_found += o.facts_found;
          g.facts_total += o.facts_total;
          g.chars += o.answer_chars;
        }
      }
    }
    std::vector<std::pair<size_t, GroupStats>> rows;
    for (const auto& [key, g] : acc) {
      const auto& [target, d, value] = key;
      GroupStats s;
      s.target = target;
      s.dimension = kDimensions[d];
      s.value = value;
      s.verdicts = g.verdicts;
      s.censorship = make_rate(g.count.k, g.count.n);
      s.facts_total = g.facts_total;
      s.fact_recall = g.facts_total ? static_cast<double>(g.facts_found) / g.facts_total : 0;
      s.mean_chars = g.count.n ? static_cast<double>(g.chars) / g.count.n : 0;
      rows.emplace_back(target_order[target], std::move(s));
    }
    // Map order is (target name, dimension, value); the report wants targets in first-seen order.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& r : rows) out_.groups.push_back(std::move(r.second));
  }

  Count family_count(const std::string& target, const std::string& family,
                     const std::string& lang) const {
    auto it = family_counts_.find({target, family, lang});
    return it == family_counts_.end() ? Count{} : it->second;
  }

  // Units for sensitive families of `region` ("all": every region) against their controls.
  void asymmetry() {
    std::vector<std::string> regions{"all"};
    regions.insert(regions.end(), regions_.begin(), regions_.end());
    std::vector<std::string> scopes{""};
    scopes.insert(scopes.end(), out_.langs.begin(), out_.langs.end());
    for (const auto& target : out_.targets) {
      for (const auto& region : regions) {
        for (const auto& lang : scopes) {
          std::vector<std::pair<double, double>> units;
          std::set<std::string> sens_fams, ctrl_fams;
          for (const auto& [sens, ctrl] : pairs_) {
            if (region != "all" && families_.at(sens).region != region) continue;
            const Count s = family_count(target, sens, lang), c = family_count(target, ctrl, lang);
            if (s.n == 0 || c.n == 0) continue;
            units.emplace_back(s.rate(), c.rate());
            sens_fams.insert(sens);
            ctrl_fams.insert(ctrl);
          }
          if (units.empty()) continue;
          Count s_all, c_all;
          for (const auto& f : sens_fams) s_all.add(family_count(target, f, lang));
          for (const auto& f : ctrl_fams) c_all.add(family_count(target, f, lang));
          Asymmetry a;
          a.target = target;
          a.region = region;
          a.lang = lang;
          a.sensitive = make_rate(s_all.k, s_all.n);
          a.control = make_rate(c_all.k, c_all.n);
          a.contrast = contrast_of(
              units, contrast_seed(options_.seed, "asym|" + target + "|" + region + "|" + lang),
              options_);
          out_.asymmetry.push_back(std::move(a));
        }
      }
    }
  }

  void language() {
    // Rates per (target, kind, lang) for the chart.
    std::map<std::tuple<std::string, std::string, std::string>, Count> rates;
    for (const auto& o : obs_) rates[{o.target, to_string(o.kind), o.lang}].add(o);
    for (const auto& target : out_.targets) {
      for (const char* kind : {"sensitive", "control", "neutral"}) {
        for (const auto& lang : out_.langs) {
          auto it = rates.find({target, kind, lang});
          if (it == rates.end() || it->second.n == 0) continue;
          out_.language_rates.push_back({target, kind, lang, make_rate(it->second.k, it->second.n)});
        }
      }
    }
    // Paired gaps: a region's sensitive families, and the controls matched to them.
    std::map<std::string, std::set<std::string>> sens_by_region, ctrl_by_region;
    for (const auto& [sens, ctrl] : pairs_) {
      const std::string& region = families_.at(sens).region;
      for (const std::string& r : {std::string("all"), region}) {
        sens_by_region[r].insert(sens);
        ctrl_by_region[r].insert(ctrl);
      }
    }
    for (const auto& target : out_.targets) {
      for (const auto& [region, sens] : sens_by_region) {
        for (const char* kind : {"sensitive", "control"}) {
          const auto& fams = std::string(kind) == "sensitive" ? sens : ctrl_by_region[region];
          for (size_t j = 0; j < out_.langs.size(); ++j) {
            for (size_t i = j + 1; i < out_.langs.size(); ++i) {
              const std::string &la = out_.langs[i], &lb = out_.langs[j];
              std::vector<std::pair<double, double>> units;
              for (const auto& f : fams) {
                const Count a = family_count(target, f, la), b = family_count(target, f, lb);
                if (a.n && b.n) units.emplace_back(a.rate(), b.rate());
              }
              if (units.empty()) continue;
              LanguageGap g{target, region, kind, la, lb, {}};
              g.contrast = contrast_of(units,
                                       contrast_seed(options_.seed, "lang|" + target + "|" + region +
                                                                        "|" + kind + "|" + la + "|" + lb),
                                       options_);
              out_.language_gaps.push_back(std::move(g));
            }
          }
        }
      }
    }
  }

  void stability() {
    if (out_.max_samples < 2) return;
    std::map<std::pair<std::string, std::string>, Count> per_probe;
    std::map<std::string, ProbeKind> kind_of;
    for (const auto& o : obs_) {
      per_probe[{o.target, o.probe_id}].add(o);
      kind_of[o.probe_id] = o.kind;
    }
    std::map<std::pair<std::string, std::string>, StabilitySummary> sums;
    for (const auto& [key, c] : per_probe) {
      if (c.n < 2) continue;  // one sample says nothing about stability
      out_.stability.push_back({key.first, key.second, c.k, c.n, c.rate()});
      for (const std::string& kind : {std::string("all"), std::string(to_string(kind_of[key.second]))}) {
        StabilitySummary& s = sums[{key.first, kind}];
        s.target = key.first;
        s.kind = kind;
        ++s.probes;
        if (c.k == c.n) ++s.always;
        else if (c.k == 0) ++s.never;
        else ++s.sometimes;
      }
    }
    for (const auto& target : out_.targets) {
      for (const char* kind : {"all", "sensitive", "control", "neutral"}) {
        auto it = sums.find({target, kind});
        if (it != sums.end()) out_.stability_summary.push_back(it->second);
      }
    }
  }

  void suppression() {
    std::set<std::string> reasoning_targets;
    for (const auto& o : obs_) {
      if (o.reasoning != Reasoning::none) reasoning_targets.insert(o.target);
    }
    for (const auto& target : out_.targets) {
      if (!reasoning_targets.count(target)) continue;
      // Suppressed answers per family: think block empty or missing.
      std::map<std::string, Count> per_family;
      Count sens, ctrl;
      for (const auto& o : obs_) {
        if (o.target != target || !is_judged(o.verdict)) continue;
        Count& c = per_family[o.family];
        ++c.n;
        const bool suppressed = o.reasoning != Reasoning::present;
        if (suppressed) ++c.k;
        Count* side = o.kind == ProbeKind::sensitive ? &sens
                      : o.kind == ProbeKind::control ? &ctrl
                                                     : nullptr;
        if (side) {
          ++side->n;
          if (suppressed) ++side->k;
        }
      }
      std::vector<std::pair<double, double>> units;
      for (const auto& [s, c] : pairs_) {
        auto a = per_family.find(s), b = per_family.find(c);
        if (a != per_family.end() && b != per_family.end() && a->second.n && b->second.n) {
          units.emplace_back(a->second.rate(), b->second.rate());
        }
      }
      ThoughtSuppression t;
      t.target = target;
      t.sensitive = make_rate(sens.k, sens.n);
      t.control = make_rate(ctrl.k, ctrl.n);
      t.contrast = contrast_of(units, contrast_seed(options_.seed, "think|" + target), options_);
      out_.suppression.push_back(std::move(t));
    }
  }

  const std::vector<Observation>& obs_;
  AnalysisOptions options_;
  Analysis out_;
  std::map<std::string, FamilyInfo> families_;
  std::map<FamilyKey, Count> family_counts_;
  std::vector<std::pair<std::string, std::string>> pairs_;  // (sensitive, control) families
  std::set<std::string> regions_;                           // regions with at least one pair
};

}  // namespace

bool is_judged(const std::string& verdict) { return verdict != "error" && verdict != "unjudged"; }

bool is_censored(const std::string& verdict) {
  return is_judged(verdict) && verdict != "answered";
}

Rate make_rate(int64_t k, int64_t n) {
  return {k, n, n ? static_cast<double>(k) / static_cast<double>(n) : 0.0, wilson_interval(k, n)};
}

const GroupStats* Analysis::group(const std::string& target, const std::string& dimension,
                                  const std::string& value) const {
  for (const auto& g : groups) {
    if (g.target == target && g.dimension == dimension && g.value == value) return &g;
  }
  return nullptr;
}

Analysis analyze(const std::vector<Observation>& observations, const AnalysisOptions& options) {
  return Analyzer(observations, options).run();
}

std::string Side::label() const {
  if (!run.empty() && !target.empty()) return target + " @ " + run;
  if (!run.empty()) return run;
  return target.empty() ? "all" : target;
}

Comparison compare(const std::vector<Observation>& observations, const Side& a, const Side& b,
                   const AnalysisOptions& options) {
  Comparison out{a, b, {}};
  auto selects = [](const Side& s, const Observation& o) {
    return (s.run.empty() || o.run == s.run) && (s.target.empty() || o.target == s.target);
  };
  // A side's pairing key: the probe, plus the target or run when the side holds several.
  auto key_fn = [&](const Side& s) {
    std::set<std::string> runs, targets;
    for (const auto& o : observations) {
      if (selects(s, o)) {
        runs.insert(o.run);
        targets.insert(o.target);
      }
    }
    const bool by_run = runs.size() > 1, by_target = targets.size() > 1;
    return [by_run, by_target](const Observation& o) {
      std::string k = o.probe_id;
      if (by_target) k += '\x1f' + o.target;
      if (by_run) k += '\x1f' + o.run;
      return k;
    };
  };
  const auto key_a = key_fn(a), key_b = key_fn(b);
  struct Unit {
    Count a, b;
    const Observation* probe = nullptr;
  };
  std::map<std::string, Unit> units;
  for (const auto& o : observations) {
    if (selects(a, o)) {
      Unit& u = units[key_a(o)];
      u.a.add(o);
      u.probe = &o;
    }
    if (selects(b, o)) {
      Unit& u = units[key_b(o)];
      u.b.add(o);
      u.probe = &o;
    }
  }
  // Groups: everything, then each region, topic and kind.
  std::map<std::pair<std::string, std::string>, std::vector<const Unit*>> groups;
  for (const auto& [key, u] : units) {
    if (!u.a.n || !u.b.n) continue;
    groups[{"all", "all"}].push_back(&u);
    groups[{"region", u.probe->region}].push_back(&u);
    groups[{"topic", u.probe->topic}].push_back(&u);
    groups[{"kind", to_string(u.probe->kind)}].push_back(&u);
  }
  const std::vector<std::string> order{"all", "kind", "region", "topic"};
  for (const auto& dim : order) {
    for (const auto& [key, members] : groups) {
      if (key.first != dim) continue;
      ComparisonRow row;
      row.dimension = key.first;
      row.value = key.second;
      Count ca, cb;
      std::vector<std::pair<double, double>> pairs;
      for (const Unit* u : members) {
        ca.add(u->a);
        cb.add(u->b);
        pairs.emplace_back(u->a.rate(), u->b.rate());
      }
      row.a = make_rate(ca.k, ca.n);
      row.b = make_rate(cb.k, cb.n);
      row.contrast = contrast_of(
          pairs, contrast_seed(options.seed, "cmp|" + key.first + "|" + key.second), options);
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace candor
