// Offline-judge throughput: every answer of the labeled dev set, judged over and over on one
// thread. Reports answers per second (items_per_second) and bytes per second of answer text.
//   build/bin/judge_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "judge/judge.h"

namespace {

const std::vector<candor::JudgeInput>& answers() {
  static const std::vector<candor::JudgeInput> inputs = [] {
    std::vector<std::string> paths;
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(CANDOR_SOURCE_DIR) + "/data/judge/dev")) {
      if (e.path().extension() == ".jsonl") paths.push_back(e.path().string());
    }
    std::sort(paths.begin(), paths.end());
    auto items = candor::load_labels(paths);
    std::vector<candor::JudgeInput> out;
    if (!items) {
      std::fprintf(stderr, "judge_bench: %s\n", items.error().message.c_str());
      return out;
    }
    for (auto& item : items.value()) out.push_back(std::move(item.input));
    return out;
  }();
  return inputs;
}

// The labeled set as it is: refusals, long answers, errors, several languages.
void BM_JudgeLabeledSet(benchmark::State& state) {
  const auto& inputs = answers();
  if (inputs.empty()) {
    state.SkipWithError("no labeled answers");
    return;
  }
  const candor::OfflineJudge& judge = candor::offline_judge();
  int64_t bytes = 0;
  for (const auto& in : inputs) bytes += static_cast<int64_t>(in.response.size());
  for (auto _ : state) {
    for (const auto& in : inputs) benchmark::DoNotOptimize(judge.judge(in));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(inputs.size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_JudgeLabeledSet)->Unit(benchmark::kMillisecond);

// Long candid answers only (over 1,000 bytes), the slowest kind.
void BM_JudgeLongAnswers(benchmark::State& state) {
  std::vector<candor::JudgeInput> longs;
  for (const auto& in : answers()) {
    if (in.response.size() > 1000) longs.push_back(in);
  }
  if (longs.empty()) {
    state.SkipWithError("no long answers");
    return;
  }
  const candor::OfflineJudge& judge = candor::offline_judge();
  for (auto _ : state) {
    for (const auto& in : longs) benchmark::DoNotOptimize(judge.judge(in));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(longs.size()));
}
BENCHMARK(BM_JudgeLongAnswers)->Unit(benchmark::kMillisecond);

// Building the judge: every pattern compiled once.
void BM_BuildJudge(benchmark::State& state) {
  for (auto _ : state) {
    candor::OfflineJudge judge;
    benchmark::DoNotOptimize(&judge);
  }
}
BENCHMARK(BM_BuildJudge)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
