// The embedded llama.cpp target (internal to src/targets; other stages use open_target()).
#pragma once

#include <memory>

#include "targets/targets.h"

namespace candor {

class GgufTarget final : public Target {
 public:
  static Result<std::unique_ptr<GgufTarget>> open(const TargetSpec& spec,
                                                  const TargetOptions& options);
  ~GgufTarget() override;

  const std::string& name() const override;
  void generate(std::span<const Request> requests, const CompletionSink& sink,
                const std::atomic<bool>* cancel = nullptr) override;

  // The prompt exactly as the model's chat template renders it.
  struct Rendered {
    std::string prompt;
    std::vector<std::string> stops;
    bool starts_in_think = false;
  };
  Result<Rendered> render(const std::vector<ChatMessage>& messages) const;
  std::vector<int32_t> tokenize(const std::string& text) const;

 private:
  struct Impl;
  explicit GgufTarget(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor
