#!/usr/bin/env bash
# Embedded generation vs the limit: candor's batched embedded run, the same run one request at
# a time, and llama-batched-bench (the practical limit of this llama.cpp on this CPU) at the same
# batch size, on a random-initialised ~60M-parameter Q8_0 model made by `candor dev mkmodel`.
# Contenders alternate (A B C A B C ...) and the median of the repeats is reported.
#   bench/embedded.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
repeats=${2:-3}
candor="$root/$build/bin/candor"
bb="$root/$build/bin/llama-batched-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
threads=$(nproc)
parallel=16
probes=64
ntg=64

"$candor" dev mkmodel -o "$work/bench.gguf" --vocab llama-spm --template chatml --embd 512 \
  --layers 8 --heads 8 --kv-heads 8 --ff 1536 --ctx 2048 --type q8_0 --seed 1 >&2

candor_tps() {  # PARALLEL -> completion tokens per second of generation
  rm -f "$work/b.db"*
  "$candor" run --db "$work/b.db" --run b --filter lang=en --limit "$probes" -n "$ntg" --json \
    --target "gguf:$work/bench.gguf?parallel=$1&threads=$threads&ignore_eos=1&ctx=8192" 2>/dev/null |
    python3 -c 'import json,sys; t=json.load(sys.stdin)["targets"][0]; print("%.1f" % (t["completion_tokens"] / t["seconds"]))'
}
batched_bench_tps() {  # -> S_TG t/s at npl=$parallel
  "$bb" -m "$work/bench.gguf" -c 8192 -b 2048 -ub 512 -t "$threads" -npp 32 -ntg "$ntg" \
    -npl "$parallel" 2>/dev/null | awk -F'|' '/^\|[ ]+[0-9]/ {gsub(/ /,"",$9); print $9}' | tail -1
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/a"; : > "$work/b"; : > "$work/c"
for _ in $(seq 1 "$repeats"); do
  candor_tps "$parallel" >> "$work/a"
  batched_bench_tps >> "$work/b"
  candor_tps 1 >> "$work/c"
done
a=$(median < "$work/a"); b=$(median < "$work/b"); c=$(median < "$work/c")
python3 - "$a" "$b" "$c" "$parallel" "$probes" "$ntg" "$threads" <<'PY'
import sys
a, b, c = map(float, sys.argv[1:4])
par, probes, ntg, threads = sys.argv[4:8]
print(f"| contender | generation tokens/s | vs llama-batched-bench |")
print(f"|---|---|---|")
print(f"| candor embedded, batched (parallel={par}) | {a:.1f} | {a/b:.2f}x |")
print(f"| llama-batched-bench (npl={par}) | {b:.1f} | 1.00x |")
print(f"| candor embedded, one at a time | {c:.1f} | {c/b:.2f}x |")
print(f"\nbatched vs one at a time: {a/c:.2f}x ({probes} English probes, {ntg} new tokens each, {threads} threads)")
PY
