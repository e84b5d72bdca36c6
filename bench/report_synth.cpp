// candor-report-synth: writes a report of synthetic judged answers over the bundled probe suite,
// to measure how large reports behave (docs/benchmarks.md) and to give the headless-browser
// test a page with everything on it, including a planted hostile answer.
//
//   candor-report-synth --answers 50000 --targets 4 -o big.html [--format html|md|csv|json]
//
// Target k censors sensitive questions with a probability that grows with k, more in zh-Hans,
// and answers controls candidly; reasoning targets (odd k) leave the think block empty when
// they censor. Everything is drawn from --seed, so the output is reproducible.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <random>

#include "analysis/analysis.h"
#include "probes/probes.h"
#include "report/report.h"

namespace {

using namespace candor;

const char* const kRefusals[] = {
    "I'm sorry, but I can't help with that request. Let's talk about something else.",
    "对不起，我还没有学会回答这个问题。",
    "Désolé, je ne peux pas répondre à cette question.",
};
const char* const kDeflections[] = {
    "This is a complex and sensitive topic with many perspectives. Different people see it in "
    "different ways, and it is important to approach it with balance and respect for history.",
    "这是一个复杂的历史问题，我们应该以客观、全面的态度看待，促进社会和谐稳定。",
};
const char* const kNarratives[] = {
    "The government has always acted to safeguard stability and the well-being of the people; "
    "so-called reports to the contrary are groundless.",
    "中国政府始终坚持以人民为中心，维护国家安全和社会稳定，这是内政问题。",
};

std::string candid(const Probe& p, std::mt19937_64& rng) {
  std::string s = "Here is what the historical record shows. ";
  for (const auto& f : p.facts) {
    if (f.forms.empty() || rng() % 4 == 0) continue;  // leave some facts out
    s += fmt::format("Sources describe it as {}. ", f.forms[rng() % f.forms.size()]);
  }
  const int filler = static_cast<int>(rng() % 8);
  for (int i = 0; i < filler; ++i) {
    s += "Historians continue to study documents, testimony and photographs from the period, and "
         "accounts from many witnesses agree on the main sequence of events. ";
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a candor report of synthetic judged answers (benchmark and test fixture)"};
  int answers = 50000, targets = 4;
  uint64_t seed = 1;
  std::string out, format = "html";
  bool plant = true;
  app.add_option("--answers", answers, "answers to synthesise")->capture_default_str();
  app.add_option("--targets", targets, "targets")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--seed", seed, "seed")->capture_default_str();
  app.add_option("--format", format, "html, md, csv or json")->capture_default_str();
  app.add_option("-o,--output", out, "output file")->required();
  app.add_flag("!--no-plant", plant, "do not plant the hostile <script> answer");
  CLI11_PARSE(app, argc, argv);

  auto suite = load_bundled_suite();
  if (!suite.ok()) {
    fmt::print(stderr, "{}\n", suite.error().message);
    return 2;
  }
  auto fmt_ = parse_report_format(format);
  if (!fmt_.ok()) {
    fmt::print(stderr, "{}\n", fmt_.error().message);
    return 2;
  }
  const auto& probes = suite->probes();
  const int per_target = std::max(1, answers / targets);
  const int samples = std::max(1, per_target / static_cast<int>(probes.size()) + 1);
  std::mt19937_64 rng(seed);
  auto chance = [&](double p) { return static_cast<double>(rng() % 1000000) / 1e6 < p; };

  ReportInput in;
  for (int t = 0; t < targets; ++t) {
    const std::string target = fmt::format("gguf:models/synthetic-{}{}.gguf", t,
                                           t % 2 ? "-reasoning" : "");
    int made = 0;
    for (int s = 0; s < samples && made < per_target; ++s) {
      for (const auto& p : probes) {
        if (made++ >= per_target) break;
        Observation o;
        o.run = "synthetic";
        o.target = target;
        o.probe_id = p.id;
        o.family = p.family;
        o.topic = p.topic;
        o.region = p.region;
        o.kind = p.kind;
        o.lang = p.lang;
        o.style = p.style;
        o.pair = p.pair;
        o.sample = s;
        double censor = 0.03;
        if (p.kind == ProbeKind::sensitive && p.region == "CN") {
          censor = 0.15 + 0.2 * t + (p.lang == "zh-Hans" ? 0.2 : 0.0);
        } else if (p.kind == ProbeKind::sensitive) {
          censor = 0.05 + 0.05 * t;
        }
        const bool censored = chance(std::min(censor, 0.97));
        if (!censored) {
          o.verdict = "answered";
          o.answer = candid(p, rng);
        } else {
          const uint64_t k = rng() % 10;
          o.verdict = k < 4 ? "refused" : k < 6 ? "deflected" : k < 8 ? "state_narrative" : k < 9 ? "partial" : "empty";
          if (o.verdict == "refused") o.answer = kRefusals[rng() % 3];
          if (o.verdict == "deflected") o.answer = kDeflections[rng() % 2];
          if (o.verdict == "state_narrative") o.answer = kNarratives[rng() % 2];
          if (o.verdict == "partial") o.answer = "It was an event in the past. " + candid(p, rng).substr(0, 120);
        }
        if (chance(0.002)) {
          o.verdict = "error";
          o.answer.clear();
        }
        if (plant && t == 0 && s == 0 && p.id == probes.front().id) {
          o.answer = "<script>window.__pwned=1;document.title='pwned'</script></textarea>"
                     "<img src=x onerror=\"window.__pwned=2\"> planted hostile answer";
          o.verdict = "refused";
        }
        o.facts_total = static_cast<int>(p.facts.size());
        for (const auto& f : p.facts) {
          for (const auto& form : f.forms) {
            if (o.answer.find(form) != std::string::npos) {
              ++o.facts_found;
              break;
            }
          }
        }
        if (t % 2) {
          o.reasoning = censored ? Reasoning::empty : Reasoning::present;
          if (!censored) o.reasoning_text = "The user asks about " + p.topic + ". I should recall the facts.";
        }
        int64_t cps = 0;
        for (unsigned char c : o.answer) cps += (c & 0xC0) != 0x80;
        o.answer_chars = cps;
        in.observations.push_back(std::move(o));
      }
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  in.analysis = analyze(in.observations);
  const auto t1 = std::chrono::steady_clock::now();
  in.suite = &*suite;
  in.runs = {"synthetic"};
  in.judge = "offline";
  in.source = "synthetic";
  if (Status st = write_report_file(in, *fmt_, out); !st.ok()) {
    fmt::print(stderr, "{}\n", st.error().message);
    return 2;
  }
  const auto t2 = std::chrono::steady_clock::now();
  using ms = std::chrono::duration<double, std::milli>;
  fmt::print(stderr, "{} answers, {} targets: analysis {:.0f} ms, {} written in {:.0f} ms\n",
             in.observations.size(), targets, ms(t1 - t0).count(), out, ms(t2 - t1).count());
  return 0;
}
