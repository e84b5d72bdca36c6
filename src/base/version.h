// candor's own version and the llama.cpp commit it embeds, as printed by `candor --version`
// and recorded in every run's configuration.
#pragma once

#include <string>

namespace candor {

const char* candor_version();
const char* llama_commit();

}  // namespace candor
