#include "targets/gguf_target.h"
#include "targets/openai_target.h"
#include "targets/targets.h"

namespace candor {

Result<std::unique_ptr<Target>> open_target(const TargetSpec& spec, const TargetOptions& options) {
  if (spec.kind == "gguf") {
    auto t = GgufTarget::open(spec, options);
    if (!t) return t.error();
    return std::unique_ptr<Target>(std::move(t.value()));
  }
  if (spec.kind == "openai") {
    auto t = OpenAiTarget::open(spec, options);
    if (!t) return t.error();
    return std::unique_ptr<Target>(std::move(t.value()));
  }
  return Error{"target '" + spec.text + "': unknown kind '" + spec.kind + "'"};
}

}  // namespace candor
