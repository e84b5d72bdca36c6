#!/usr/bin/env bash
# Offline-judge throughput: bench/judge_bench.cpp (Google Benchmark) judges the labeled dev set
# over and over on one thread; answers per second of CPU time, the median of the repetitions.
#   bench/judge.sh [BUILD_DIR]
# Knobs: BENCH_REPEATS, BENCH_QUICK, BENCH_NICE (lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$(bench_build_dir "${1:-build}")
jb="$build/bin/judge_bench"
[[ -x $jb ]] || die "$jb is missing: cmake --build $build --target judge_bench"
reps=$((bench_repeats < 3 ? 3 : bench_repeats))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "judge: judge_bench, $reps repetitions"
nice -n "$bench_nice" "$jb" --benchmark_format=json --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true >"$work/j.json" 2>"$work/j.err" ||
  die "judge_bench failed: $(tail -3 "$work/j.err")"
echo "### Judge: answers per second"
echo
echo "The offline judge on one thread, per second of CPU time (medians of $reps repetitions):"
echo
python3 - "$work/j.json" "$bench_root/data/judge/dev" <<'PY'
import glob, json, sys
d = json.load(open(sys.argv[1]))
rows = [json.loads(l) for f in sorted(glob.glob(sys.argv[2] + "/*.jsonl")) for l in open(f, encoding="utf-8") if l.strip()]
size = sum(len(r.get("response", "").encode()) for r in rows) / max(len(rows), 1)
langs = len({r.get("lang") for r in rows})
med = {b["run_name"]: b for b in d["benchmarks"] if b.get("aggregate_name") == "median"}
names = {
    "BM_JudgeLabeledSet": f"labeled dev set ({len(rows):,} answers, {size:.0f} bytes on average, {langs} languages)",
    "BM_JudgeLongAnswers": "answers over 1,000 bytes only",
}
print("| answers | answers / CPU s | MB of answer text / CPU s |")
print("|---|---|---|")
for key, label in names.items():
    b = med.get(key)
    if not b:
        continue
    mbs = b.get("bytes_per_second")
    print(f"| {label} | {b['items_per_second']:,.0f} | {mbs / 1e6:.1f} |" if mbs else
          f"| {label} | {b['items_per_second']:,.0f} | |")
build = med.get("BM_BuildJudge")
if build:
    print(f"\nBuilding the judge (every pattern compiled) takes {build['cpu_time']:.0f} ms of CPU once per process.")
PY
echo
echo '```'
echo "build/bin/judge_bench --benchmark_repetitions=$reps --benchmark_report_aggregates_only=true"
echo '```'
echo
ips=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(b["items_per_second"] for b in d["benchmarks"] if b["run_name"]=="BM_JudgeLabeledSet" and b.get("aggregate_name")=="median"))' "$work/j.json")
summary "Judge, labeled dev set, one core" "$(fmt "$ips" 0) answers/s" "" ""
