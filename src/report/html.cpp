// The self-contained HTML page: page.html with page.css, the data as JSON, and the chart
// libraries and page.js inlined as scripts carrying a per-page CSP nonce.
#include <fmt/format.h>

#include <map>
#include <random>

#include "base/version.h"
#include "report/internal.h"

namespace candor::report_internal {
namespace {

using nlohmann::json;

// The data the page script reads: answers column-wise (a 50,000-answer report would otherwise
// repeat every key 50,000 times), probes and targets by index.
json page_data(const ReportInput& input) {
  std::vector<std::string> targets = input.analysis.targets;
  std::map<std::string, int> target_index, probe_index, verdict_index;
  for (size_t i = 0; i < targets.size(); ++i) target_index[targets[i]] = static_cast<int>(i);
  std::vector<std::string> verdicts{"answered", "partial", "deflected", "state_narrative",
                                    "refused",  "empty",   "error",     "unjudged"};
  for (size_t i = 0; i < verdicts.size(); ++i) verdict_index[verdicts[i]] = static_cast<int>(i);

  json probes = json::array();
  json t = json::array(), p = json::array(), s = json::array(), v = json::array(),
       ff = json::array(), ft = json::array(), n = json::array(), r = json::array(),
       a = json::array(), th = json::array();
  for (const auto& o : input.observations) {
    auto [pit, new_probe] = probe_index.try_emplace(o.probe_id, static_cast<int>(probes.size()));
    if (new_probe) {
      const Probe* sp = input.suite ? input.suite->find(o.probe_id) : nullptr;
      json facts = json::array();
      if (sp) {
        for (const auto& f : sp->facts) facts.push_back(f.forms);
      }
      probes.push_back({{"id", o.probe_id}, {"family", o.family}, {"topic", o.topic},
                        {"region", o.region}, {"kind", to_string(o.kind)}, {"lang", o.lang},
                        {"style", o.style}, {"pair", o.pair},
                        {"prompt", sp ? sp->prompt : std::string()}, {"facts", facts}});
    }
    auto tit = target_index.find(o.target);
    if (tit == target_index.end()) {
      tit = target_index.emplace(o.target, static_cast<int>(targets.size())).first;
      targets.push_back(o.target);
    }
    auto vit = verdict_index.find(o.verdict);
    if (vit == verdict_index.end()) {
      vit = verdict_index.emplace(o.verdict, static_cast<int>(verdicts.size())).first;
      verdicts.push_back(o.verdict);
    }
    t.push_back(tit->second);
    p.push_back(pit->second);
    s.push_back(o.sample);
    v.push_back(vit->second);
    ff.push_back(o.facts_found);
    ft.push_back(o.facts_total);
    n.push_back(o.answer_chars);
    r.push_back(static_cast<int>(o.reasoning));
    a.push_back(o.answer);
    th.push_back(o.reasoning_text);
  }
  return {{"meta", meta_json(input)},
          {"analysis", to_json(input.analysis)},
          {"targets", targets},
          {"verdicts", verdicts},
          {"probes", probes},
          {"answers",
           {{"t", t}, {"p", p}, {"s", s}, {"v", v}, {"ff", ff}, {"ft", ft}, {"n", n}, {"r", r},
            {"a", a}, {"th", th}}}};
}

// A fresh nonce per page: the CSP then runs only the scripts candor wrote, whatever a model's
// answer contains.
std::string make_nonce() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}{:08x}{:08x}", rd(), rd(), rd(), rd());
}

}  // namespace

void render_html(const ReportInput& input, const std::function<void(std::string_view)>& write) {
  const std::string nonce = make_nonce();
  const std::string data = script_safe_json(
      page_data(input).dump(-1, ' ', false, json::error_handler_t::replace));
  std::string title = "candor report";
  for (size_t i = 0; i < input.runs.size(); ++i) title += (i ? ", " : ": ") + input.runs[i];

  std::string_view page = asset("page.html");
  // Placeholders are replaced in order, writing the large pieces straight through.
  const std::pair<std::string_view, std::function<void()>> parts[] = {
      {"@NONCE@", [&] { write(nonce); }},
      {"@VERSION@", [&] { write(html_escape(candor_version())); }},
      {"@TITLE@", [&] { write(html_escape(title)); }},
      {"@CSS@", [&] { write(asset("page.css")); }},
      {"@DATA@", [&] { write(data); }},
      {"@SCRIPTS@",
       [&] {
         for (const char* js : {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "page.js"}) {
           write(fmt::format("<script nonce=\"{}\">", nonce));
           write(asset(js));
           write("</script>\n");
         }
       }},
  };
  for (const auto& [marker, emit] : parts) {
    const size_t at = page.find(marker);
    if (at == std::string_view::npos) continue;
    write(page.substr(0, at));
    emit();
    page.remove_prefix(at + marker.size());
  }
  write(page);
}

}  // namespace candor::report_internal
