#include "base/version.h"

namespace candor {

const char* candor_version() { return CANDOR_VERSION; }
const char* llama_commit() { return CANDOR_LLAMA_COMMIT; }

}  // namespace candor
