// Content hashes: the suite's identity in a run's configuration, LLM-judge cache keys.
#pragma once

#include <string>
#include <string_view>

namespace candor {

// SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace candor
