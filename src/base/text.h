// Small text utilities shared by every stage: UTF-8 validation, trimming, escaping for
// terminals. Model output is untrusted; these functions never assume it is well formed.
#pragma once

#include <string>
#include <string_view>

namespace candor {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Byte offset of the first invalid UTF-8 sequence in `s`, or npos when valid.
size_t invalid_utf8_offset(std::string_view s);

// `s` with invalid UTF-8 sequences replaced by U+FFFD, so it can be stored and rendered.
std::string sanitize_utf8(std::string_view s);

// `s` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);

// `s` made safe to print on a terminal: C0/C1 control characters and escape sequences removed
// (newline and tab kept), invalid UTF-8 replaced.
std::string terminal_safe(std::string_view s);

}  // namespace candor
