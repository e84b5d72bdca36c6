// Escaping for every format a report writes. Model text is untrusted: these are the only places
// it is turned into markup.
#include "report/report.h"

namespace candor {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;  // NUL is not allowed in HTML text
      default: out += c;
    }
  }
  return out;
}

std::string script_safe_json(std::string_view json) {
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    // In JSON these characters occur only inside strings, where a \u escape means the same.
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '|': out += "\\|"; break;
      case '`': out += "\\`"; break;
      case '\\': out += "\\\\"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '[': out += "\\["; break;
      case ']': out += "\\]"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += ' ';
        break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view raw) {
  // NUL ends a cell early in many CSV readers: it is shown as U+FFFD.
  std::string no_nul;
  if (raw.find('\0') != std::string_view::npos) {
    for (char c : raw) {
      if (c == '\0') {
        no_nul += "\xEF\xBF\xBD";
      } else {
        no_nul += c;
      }
    }
    raw = no_nul;
  }
  const std::string_view s = raw;
  // A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can
  // send data away); a leading apostrophe makes it text, and the apostrophe is not shown.
  const bool formula =
      !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos;
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    std::string plain;
    plain.reserve(s.size() + 1);
    if (formula) plain.push_back('\'');
    plain.append(s);  // (not "'" + std::string(s): GCC 12 -O3 raises a false -Wrestrict)
    return plain;
  }
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace candor
