// The fuzzers load only the text they are fed: an empty bundled suite stands in for the
// generated data/probes embedding of src/CMakeLists.txt.
#include "probes/internal.h"

namespace candor::probes_internal {
std::span<const BundledFile> bundled_files() { return {}; }
}  // namespace candor::probes_internal
