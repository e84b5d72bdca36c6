// One row per answer, RFC 4180: comma-separated, CRLF line ends, fields quoted when needed.
#include <fmt/format.h>

#include "report/internal.h"

namespace candor::report_internal {

void render_csv(const ReportInput& input, const std::function<void(std::string_view)>& write) {
  write(
      "run,target,probe_id,family,topic,region,kind,lang,style,sample,verdict,censored,"
      "facts_found,facts_total,answer_chars,reasoning_state,answer,reasoning\r\n");
  std::string line;
  for (const auto& o : input.observations) {
    line.clear();
    for (const std::string* f : {&o.run, &o.target, &o.probe_id, &o.family, &o.topic, &o.region}) {
      line += csv_field(*f);
      line += ',';
    }
    line += to_string(o.kind);
    line += ',';
    line += csv_field(o.lang) + ',' + csv_field(o.style) + ',';
    line += fmt::format("{},{},{},{},{},{},{},", o.sample, csv_field(o.verdict),
                        is_judged(o.verdict) ? (is_censored(o.verdict) ? "1" : "0") : "",
                        o.facts_found, o.facts_total, o.answer_chars, to_string(o.reasoning));
    line += csv_field(o.answer) + ',' + csv_field(o.reasoning_text) + "\r\n";
    write(line);
  }
}

}  // namespace candor::report_internal
