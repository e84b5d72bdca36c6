// Pieces shared by the report's formats; not part of the stage's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "report/report.h"

namespace candor::report_internal {

nlohmann::json to_json(const Analysis& analysis);
nlohmann::json to_json(const Comparison& comparison);
// Run names, judge, counts: the header every format starts with.
nlohmann::json meta_json(const ReportInput& input);

// "0.42" style numbers for tables; "-" for a NaN.
std::string fixed(double x, int digits = 2);
// "42% (35-49)" for a rate with its interval.
std::string percent_ci(const Rate& r);
// "+0.42 [+0.20, +0.61]" for a difference with its interval.
std::string diff_ci(double diff, const Interval& ci);
// "0.031" / "<0.001" for a p-value.
std::string p_value(double p);

void render_html(const ReportInput& input, const std::function<void(std::string_view)>& write);
void render_markdown(const ReportInput& input, const std::function<void(std::string_view)>& write);
void render_csv(const ReportInput& input, const std::function<void(std::string_view)>& write);

// A bundled asset by file name ("vega.min.js", "page.js", ...); empty when unknown.
std::string_view asset(std::string_view name);

}  // namespace candor::report_internal
