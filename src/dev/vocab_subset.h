// A reduced vocabulary cut from one of llama.cpp's vocab files (internal to src/dev): the
// organism's output layer is as wide as its vocabulary, so it keeps only the tokens its corpus
// uses and stays a few megabytes.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace candor {

// Writes to `out_path` a vocab GGUF with the tokens that `texts` tokenize to under `vocab_path`
// (special tokens parsed), every control and byte token, and for BPE vocabularies every token
// a kept token is merged from, with the merges among them. Under the new vocabulary every text
// tokenizes to the same pieces as under the full one; that is checked, and a difference is an
// error. Returns the new vocabulary size.
Result<int> cut_vocab(const std::string& vocab_path, const std::vector<std::string>& texts,
                      const std::string& out_path);

}  // namespace candor
