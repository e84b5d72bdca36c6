// The judge's JSONL readers: file mode (`candor judge --in`), and labeled files for
// `candor judge eval`, on the same bytes.
#include <cstddef>
#include <cstdint>

#include "judge/judge.h"
#include "temp_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const candor::OfflineJudge judge;
  static const std::string in = candor_fuzz::scratch_path("-judge.jsonl");
  static const std::string out = candor_fuzz::scratch_path("-judged.jsonl");
  if (!candor_fuzz::write_file(in, data, size)) return 0;
  candor::FileJudgeStats stats;
  (void)candor::judge_file(judge, in, out, nullptr, &stats);
  (void)candor::load_labels({in});
  return 0;
}
