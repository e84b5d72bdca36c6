#include "report/report.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "report/internal.h"

namespace candor {

namespace report_internal {

std::string fixed(double x, int digits) {
  if (!std::isfinite(x)) return "-";
  return fmt::format("{:.{}f}", x, digits);
}

std::string percent_ci(const Rate& r) {
  if (r.n == 0) return "-";
  return fmt::format("{:.0f}% ({:.0f}-{:.0f})", 100 * r.p, 100 * r.ci.lo, 100 * r.ci.hi);
}

std::string diff_ci(double diff, const Interval& ci) {
  return fmt::format("{:+.2f} [{:+.2f}, {:+.2f}]", diff, ci.lo, ci.hi);
}

std::string p_value(double p) {
  if (p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", p);
}

}  // namespace report_internal

Result<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "html") return ReportFormat::html;
  if (name == "md" || name == "markdown") return ReportFormat::md;
  if (name == "csv") return ReportFormat::csv;
  if (name == "json") return ReportFormat::json;
  return Error{fmt::format("--format: unknown format '{}' (expected html, md, csv or json)", name)};
}

void render_report(const ReportInput& input, ReportFormat format,
                   const std::function<void(std::string_view)>& write) {
  using namespace report_internal;
  switch (format) {
    case ReportFormat::html: render_html(input, write); break;
    case ReportFormat::md: render_markdown(input, write); break;
    case ReportFormat::csv: render_csv(input, write); break;
    case ReportFormat::json: {
      nlohmann::json j{{"meta", meta_json(input)}, {"analysis", to_json(input.analysis)}};
      write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      write("\n");
      break;
    }
  }
}

Status write_report_file(const ReportInput& input, ReportFormat format, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error{fmt::format("{}: cannot write the report", tmp)};
  bool ok = true;
  render_report(input, format, [&](std::string_view piece) {
    if (ok && std::fwrite(piece.data(), 1, piece.size(), f) != piece.size()) ok = false;
  });
  if (std::fclose(f) != 0) ok = false;
  if (!ok) {
    std::remove(tmp.c_str());
    return Error{fmt::format("{}: writing the report failed (disk full?)", tmp)};
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Error{fmt::format("{}: cannot move the report into place: {}", path, ec.message())};
  }
  return {};
}

}  // namespace candor
