// Report: renders judged answers and their analysis for people and for other programs. HTML is
// one self-contained page (charts inlined, no network when opened) with a side-by-side view and
// a transcript browser; Markdown is a summary for a README or a paper's appendix; CSV has one row
// per answer (RFC 4180); JSON is the full analysis. Model text is untrusted everywhere: it is
// escaped for the format it lands in and never interpreted.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.h"
#include "base/result.h"
#include "probes/probes.h"

namespace candor {

enum class ReportFormat { html, md, csv, json };
Result<ReportFormat> parse_report_format(std::string_view name);

// Everything a report shows.
struct ReportInput {
  std::vector<Observation> observations;
  Analysis analysis;
  const Suite* suite = nullptr;  // prompts and facts for the side-by-side view; may be null
  std::vector<std::string> runs;
  std::string judge;
  std::string source;  // where the answers came from (the database path), shown in the header
};

// Calls `write` with consecutive pieces of the report. Never fails on model text.
void render_report(const ReportInput& input, ReportFormat format,
                   const std::function<void(std::string_view)>& write);

// Renders to `path` through `path.tmp`, renamed into place once complete, so a reader never sees
// half a report.
Status write_report_file(const ReportInput& input, ReportFormat format, const std::string& path);

// The analysis alone as JSON (what `--format json` holds under "analysis").
std::string analysis_json(const Analysis& analysis, int indent = 2);

// A comparison of two sides for a terminal ("text"), Markdown ("md") or JSON ("json").
Result<std::string> render_comparison(const Comparison& comparison, std::string_view format);

// `s` as text inside HTML (escapes & < > " '; NUL becomes U+FFFD).
std::string html_escape(std::string_view s);
// `json` made safe inside <script type="application/json">: '<', '>', '&', U+2028 and U+2029
// become \u escapes (valid JSON, the same value), so no model text can close the element.
std::string script_safe_json(std::string_view json);
// `s` as one Markdown table cell: '|', '`', '\', '<', '>' escaped, line breaks as spaces.
std::string markdown_cell(std::string_view s);
// `s` as one CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. A field that
// starts with '=', '+', '-', '@', tab or CR gets a leading "'" so that spreadsheets show it as
// text instead of evaluating it as a formula (CSV injection). NUL becomes U+FFFD.
std::string csv_field(std::string_view s);

}  // namespace candor
