// Agreement between the judge and human labels: confusion matrices, per-class precision,
// recall and F1, macro-F1, Cohen's kappa, and the evaluation report over labeled files.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "judge/judge.h"

namespace candor {

Confusion::Confusion(std::vector<std::string> labels) : labels_(std::move(labels)) {
  m_.assign(labels_.size(), std::vector<int64_t>(labels_.size(), 0));
}

size_t Confusion::index(std::string_view label) {
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == label) return i;
  }
  labels_.emplace_back(label);
  for (auto& row : m_) row.push_back(0);
  m_.emplace_back(labels_.size(), 0);
  return labels_.size() - 1;
}

void Confusion::add(std::string_view gold, std::string_view predicted) {
  const size_t g = index(gold);
  const size_t p = index(predicted);
  ++m_[g][p];
  ++total_;
}

int64_t Confusion::count(size_t gold, size_t predicted) const {
  return m_[gold][predicted];
}

int64_t Confusion::support(size_t label) const {
  int64_t n = 0;
  for (size_t p = 0; p < labels_.size(); ++p) n += m_[label][p];
  return n;
}

double Confusion::accuracy() const {
  if (total_ == 0) return 0;
  int64_t hit = 0;
  for (size_t i = 0; i < labels_.size(); ++i) hit += m_[i][i];
  return static_cast<double>(hit) / static_cast<double>(total_);
}

double Confusion::precision(size_t label) const {
  int64_t predicted = 0;
  for (size_t g = 0; g < labels_.size(); ++g) predicted += m_[g][label];
  return predicted == 0 ? 0 : static_cast<double>(m_[label][label]) / predicted;
}

double Confusion::recall(size_t label) const {
  const int64_t gold = support(label);
  return gold == 0 ? 0 : static_cast<double>(m_[label][label]) / gold;
}

double Confusion::f1(size_t label) const {
  const double p = precision(label);
  const double r = recall(label);
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

double Confusion::macro_f1() const {
  double sum = 0;
  int n = 0;
  for (size_t l = 0; l < labels_.size(); ++l) {
    int64_t predicted = 0;
    for (size_t g = 0; g < labels_.size(); ++g) predicted += m_[g][l];
    if (support(l) == 0 && predicted == 0) continue;
    sum += f1(l);
    ++n;
  }
  return n == 0 ? 0 : sum / n;
}

double Confusion::cohen_kappa() const {
  if (total_ == 0) return 0;
  const double n = static_cast<double>(total_);
  double agree = 0, chance = 0;
  for (size_t l = 0; l < labels_.size(); ++l) {
    int64_t predicted = 0;
    for (size_t g = 0; g < labels_.size(); ++g) predicted += m_[g][l];
    agree += static_cast<double>(m_[l][l]);
    chance += static_cast<double>(support(l)) * static_cast<double>(predicted);
  }
  const double po = agree / n;
  const double pe = chance / (n * n);
  if (pe >= 1) return 0;
  return (po - pe) / (1 - pe);
}

std::string Confusion::matrix_text(const std::string& rows, const std::string& columns) const {
  std::string out = fmt::format("  confusion (rows: {}, columns: {})\n", terminal_safe(rows),
                                terminal_safe(columns));
  out += fmt::format("  {:<16}", "");
  for (const std::string& l : labels_) out += fmt::format(" {:>6}", l.substr(0, 6));
  out += "\n";
  for (size_t g = 0; g < labels_.size(); ++g) {
    out += fmt::format("  {:<16}", labels_[g]);
    for (size_t p = 0; p < labels_.size(); ++p) out += fmt::format(" {:>6}", count(g, p));
    out += "\n";
  }
  return out;
}

namespace {

std::vector<std::string> verdict_names() {
  std::vector<std::string> v;
  for (int i = 0; i < kVerdictCount; ++i) v.emplace_back(to_string(static_cast<Verdict>(i)));
  return v;
}

std::vector<std::string> class_names() {
  return {"complete", "evasive", "denial"};
}

// The three-class name of a verdict or class label; "error" for errors.
std::string to_class(std::string_view label) {
  if (auto v = parse_verdict(label)) {
    auto c = class3(*v);
    return c ? to_string(*c) : "error";
  }
  return std::string(label);
}

EvalReport::View* view_for(std::vector<EvalReport::View>& views, const std::string& name,
                           std::vector<std::string> labels) {
  for (auto& v : views) {
    if (v.name == name) return &v;
  }
  views.push_back({name, Confusion(std::move(labels))});
  return &views.back();
}

}  // namespace

EvalReport evaluate(const OfflineJudge& judge, const std::vector<LabeledAnswer>& items) {
  std::vector<std::optional<Judgement>> predictions;
  predictions.reserve(items.size());
  for (const LabeledAnswer& item : items) predictions.emplace_back(judge.judge(item.input));
  return evaluate(items, predictions);
}

EvalReport evaluate(const std::vector<LabeledAnswer>& items,
                    const std::vector<std::optional<Judgement>>& predictions) {
  EvalReport r;
  r.seven_verdicts = std::all_of(items.begin(), items.end(), [](const LabeledAnswer& a) {
    return parse_verdict(a.label).has_value();
  });
  r.verdict = {"verdict", Confusion(verdict_names())};
  r.three = {"class3", Confusion(class_names())};
  r.binary = {"binary", Confusion({"answered", "censored"})};
  std::map<std::string, int> langs;
  for (size_t i = 0; i < items.size() && i < predictions.size(); ++i) {
    if (!predictions[i]) continue;
    const LabeledAnswer& item = items[i];
    const Judgement& j = *predictions[i];
    const std::string predicted = to_string(j.verdict);
    const std::string lang = item.input.lang.empty() ? "und" : item.input.lang;
    ++langs[lang];
    const std::string gold3 = to_class(item.label);
    const std::string pred3 = to_class(predicted);
    r.three.confusion.add(gold3, pred3);
    view_for(r.three_by_lang, lang, class_names())->confusion.add(gold3, pred3);
    if (r.seven_verdicts) {
      r.verdict.confusion.add(item.label, predicted);
      view_for(r.verdict_by_lang, lang, verdict_names())->confusion.add(item.label, predicted);
    }
    if (gold3 != "error") {
      const std::string gold_b = gold3 == "complete" ? "answered" : "censored";
      const std::string pred_b =
          j.verdict == Verdict::error ? "error" : (censored(j.verdict) ? "censored" : "answered");
      r.binary.confusion.add(gold_b, pred_b);
      view_for(r.binary_by_lang, lang, {"answered", "censored"})->confusion.add(gold_b, pred_b);
    }
    const bool miss = r.seven_verdicts ? item.label != predicted : gold3 != pred3;
    if (miss) {
      r.misses.push_back(
          {item.id, lang, item.label, r.seven_verdicts ? predicted : pred3, j.reasons});
    }
  }
  for (const auto& [lang, n] : langs) r.langs.push_back(lang);
  return r;
}

namespace {

const Confusion* find_view(const std::vector<EvalReport::View>& views, const std::string& lang) {
  for (const auto& v : views) {
    if (v.name == lang) return &v.confusion;
  }
  return nullptr;
}

void print_view(std::string& out, const std::string& title, const Confusion& c) {
  out += fmt::format("{}: accuracy {:.3f}  macro-F1 {:.3f}  kappa {:.3f}  (n={})\n", title,
                     c.accuracy(), c.macro_f1(), c.cohen_kappa(), c.total());
  out += fmt::format("  {:<16} {:>9} {:>7} {:>6} {:>8}\n", "class", "precision", "recall", "F1",
                     "support");
  for (size_t l = 0; l < c.labels().size(); ++l) {
    out += fmt::format("  {:<16} {:>9.3f} {:>7.3f} {:>6.3f} {:>8}\n", c.labels()[l], c.precision(l),
                       c.recall(l), c.f1(l), c.support(l));
  }
  out += c.matrix_text("label", "judge");
}

nlohmann::json view_json(const Confusion& c) {
  nlohmann::json j;
  j["n"] = c.total();
  j["accuracy"] = c.accuracy();
  j["macro_f1"] = c.macro_f1();
  j["kappa"] = c.cohen_kappa();
  j["labels"] = c.labels();
  nlohmann::json per = nlohmann::json::object();
  nlohmann::json matrix = nlohmann::json::array();
  for (size_t l = 0; l < c.labels().size(); ++l) {
    per[c.labels()[l]] = {{"precision", c.precision(l)},
                          {"recall", c.recall(l)},
                          {"f1", c.f1(l)},
                          {"support", c.support(l)}};
    nlohmann::json row = nlohmann::json::array();
    for (size_t p = 0; p < c.labels().size(); ++p) row.push_back(c.count(l, p));
    matrix.push_back(row);
  }
  j["per_class"] = per;
  j["confusion"] = matrix;
  return j;
}

}  // namespace

std::string format_eval_text(const EvalReport& r, bool show_misses) {
  std::string out;
  if (r.seven_verdicts) {
    print_view(out, "seven verdicts", r.verdict.confusion);
    out += "\n";
  }
  print_view(out, "three classes", r.three.confusion);
  out += fmt::format("\nbinary censored/answered: accuracy {:.3f}  (n={}, errors excluded)\n",
                     r.binary.confusion.accuracy(), r.binary.confusion.total());
  out += "\nby language\n";
  out += fmt::format("  {:<8} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n", "lang", "n", "acc",
                     "F1", "kappa", "acc-3", "F1-3", "binary");
  for (const std::string& lang : r.langs) {
    const Confusion* v = find_view(r.verdict_by_lang, lang);
    const Confusion* t = find_view(r.three_by_lang, lang);
    const Confusion* b = find_view(r.binary_by_lang, lang);
    const auto num = [](const Confusion* c, double (Confusion::*m)() const) {
      return c ? fmt::format("{:.3f}", (c->*m)()) : std::string("-");
    };
    out += fmt::format(
        "  {:<8} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n", lang, t ? t->total() : 0,
        num(v, &Confusion::accuracy), num(v, &Confusion::macro_f1), num(v, &Confusion::cohen_kappa),
        num(t, &Confusion::accuracy), num(t, &Confusion::macro_f1), num(b, &Confusion::accuracy));
  }
  if (show_misses) {
    out += fmt::format("\nmisses ({})\n", r.misses.size());
    for (const auto& m : r.misses) {
      std::string reasons;
      for (const std::string& s : m.reasons) reasons += (reasons.empty() ? "" : "; ") + s;
      out += fmt::format("  {:<16} {:<8} label {:<16} judge {:<16} {}\n", m.id, m.lang, m.gold,
                         m.predicted, reasons);
    }
  }
  return out;
}

std::string format_eval_json(const EvalReport& r) {
  nlohmann::json j;
  j["labels"] = r.seven_verdicts ? "verdict" : "class3";
  if (r.seven_verdicts) j["verdict"] = view_json(r.verdict.confusion);
  j["class3"] = view_json(r.three.confusion);
  j["binary"] = view_json(r.binary.confusion);
  nlohmann::json by = nlohmann::json::object();
  for (const std::string& lang : r.langs) {
    nlohmann::json l;
    if (const Confusion* v = find_view(r.verdict_by_lang, lang)) l["verdict"] = view_json(*v);
    if (const Confusion* t = find_view(r.three_by_lang, lang)) l["class3"] = view_json(*t);
    if (const Confusion* b = find_view(r.binary_by_lang, lang)) l["binary"] = view_json(*b);
    by[lang] = l;
  }
  j["by_lang"] = by;
  nlohmann::json misses = nlohmann::json::array();
  for (const auto& m : r.misses) {
    misses.push_back({{"id", m.id},
                      {"lang", m.lang},
                      {"label", m.gold},
                      {"judge", m.predicted},
                      {"reasons", m.reasons}});
  }
  j["misses"] = misses;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace candor
