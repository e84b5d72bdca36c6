#!/usr/bin/env bash
# Embedded generation vs the limit, on a random-initialised 60M-parameter Q8_0 model made by
# `candor dev mkmodel`: candor's embedded batched run (gguf: target, parallel=P), the same run one
# request at a time (parallel=1), and llama-batched-bench, the practical limit of this llama.cpp on
# this CPU, at batch P and at 1, with the prompt length of candor's prompts and the same number
# of new tokens. EOS is ignored everywhere, so every answer is exactly N tokens long.
# Contenders alternate within each repeat; medians of the repeats are reported.
#   bench/embedded.sh [BUILD_DIR]
# Knobs: BENCH_EMBEDDED_PROBES (64; quick 16), BENCH_NEW_TOKENS (64; quick 32),
#        BENCH_PARALLEL (16), BENCH_REPEATS, BENCH_QUICK, BENCH_NICE, BENCH_THREADS (lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$(bench_build_dir "${1:-build}")
candor="$build/bin/candor"
bb="$build/bin/llama-batched-bench"
[[ -x $bb ]] || die "$bb is missing: cmake --build $build --target llama-batched-bench"
if [[ $bench_quick == 1 ]]; then
  probes=${BENCH_EMBEDDED_PROBES:-16}; ntg=${BENCH_NEW_TOKENS:-32}
else
  probes=${BENCH_EMBEDDED_PROBES:-64}; ntg=${BENCH_NEW_TOKENS:-64}
fi
par=${BENCH_PARALLEL:-16}
threads=$bench_threads
ctx=4096
batch=512
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

model_args=(--vocab llama-spm --template chatml --embd 512 --layers 8 --heads 8 --kv-heads 8 --ff 1536
  --ctx 2048 --type q8_0 --seed 1)
"$candor" dev mkmodel -o "$work/bench.gguf" "${model_args[@]}" >"$work/mkmodel.txt"
params=$(grep -o '[0-9.]*M parameters' "$work/mkmodel.txt" | cut -d' ' -f1 || true)

# candor_run PARALLEL [EXTRA_OPTIONS] -> "generation_tok_per_s cpu_s_per_1000_tokens" (whole process CPU)
candor_run() {
  rm -f "$work/b.db"*
  timed "$work/t" "$candor" run --db "$work/b.db" --run b --filter lang=en --limit "$probes" -n "$ntg" --json \
    --target "gguf:$work/bench.gguf?parallel=$1&threads=$threads&batch=$batch&ignore_eos=1&ctx=$ctx${2:-}" ||
    die "candor run failed: $(tail -3 "$work/t.stderr")"
  python3 - "$work/t.stdout" "$(cpu_of "$work/t")" "$probes" "$ntg" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["targets"][0]
cpu, probes, ntg = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
assert t["stored"] == probes and t["errors"] == 0 and t["completion_tokens"] == probes * ntg, t
print("%.3f %.4f" % (t["completion_tokens"] / t["seconds"], cpu * 1000 / t["completion_tokens"]))
PY
}
# bb_run NPL [EXTRA] -> "tok_per_s_including_prompts S_TG cpu_s_per_1000_tokens"
bb_run() {
  timed "$work/t" "$bb" -m "$work/bench.gguf" -c "$ctx" -b "$batch" -ub "$batch" -t "$threads" -tb "$threads" \
    -npp "$npp" -ntg "$ntg" -npl "$@" || die "llama-batched-bench failed: $(tail -3 "$work/t.stderr")"
  # | PP | TG | B | N_KV | T_PP s | S_PP t/s | T_TG s | S_TG t/s | T s | S t/s |
  awk -F'|' -v cpu="$(cpu_of "$work/t")" '/^\|[ ]+[0-9]/ {
      tg = $3 * $4; printf "%.3f %.3f %.4f\n", tg / $10, $9, cpu * 1000 / tg }' "$work/t.stdout" | tail -1
}

# The prompt length llama-batched-bench uses: the mean of candor's rendered prompts.
"$candor" run --db "$work/b.db" --run calibrate --filter lang=en --limit "$probes" -n 1 \
  --target "gguf:$work/bench.gguf?parallel=$par&threads=$threads&batch=$batch&ctx=$ctx" >/dev/null 2>&1 ||
  die "candor run (calibration) failed"
npp=$(sqlite3 "$work/b.db" "select cast(round(avg(prompt_tokens)) as int) from answers")

: >"$work/a"; : >"$work/b"; : >"$work/c"; : >"$work/d"; : >"$work/e"; : >"$work/f"
for r in $(seq 1 "$bench_repeats"); do
  say "embedded: repeat $r/$bench_repeats: candor parallel=$par"; candor_run "$par" >>"$work/a"
  say "embedded: repeat $r/$bench_repeats: llama-batched-bench npl=$par"; bb_run "$par" >>"$work/b"
  say "embedded: repeat $r/$bench_repeats: llama-batched-bench npl=$par -kvu"; bb_run "$par" -kvu >>"$work/e"
  say "embedded: repeat $r/$bench_repeats: candor parallel=$par kv=unified"; candor_run "$par" "&kv=unified" >>"$work/f"
  say "embedded: repeat $r/$bench_repeats: candor parallel=1"; candor_run 1 >>"$work/c"
  say "embedded: repeat $r/$bench_repeats: llama-batched-bench npl=1"; bb_run 1 >>"$work/d"
done
col() { awk -v c="$2" '{print $c}' "$1" | median; }
a=$(col "$work/a" 1); a_cpu=$(col "$work/a" 2)
b=$(col "$work/b" 1); b_tg=$(col "$work/b" 2); b_cpu=$(col "$work/b" 3)
c=$(col "$work/c" 1); c_cpu=$(col "$work/c" 2)
d=$(col "$work/d" 1); d_tg=$(col "$work/d" 2); d_cpu=$(col "$work/d" 3)
e=$(col "$work/e" 1); e_tg=$(col "$work/e" 2); e_cpu=$(col "$work/e" 3)
f=$(col "$work/f" 1); f_cpu=$(col "$work/f" 2)

echo "### Embedded generation vs the limit"
echo
echo "A ${params:-?}-parameter Q8_0 llama-architecture model (\`candor dev mkmodel ${model_args[*]}\`), $probes English"
echo "probes (mean prompt $npp tokens), $ntg new tokens each (EOS ignored), $threads llama.cpp thread(s), batch $batch, context $ctx;"
echo "medians of $bench_repeats repeats, contenders alternating. *Tokens/s* counts generated tokens over the whole"
echo "generation, prompt processing included, for every contender (candor's prompts and answers interleave in one"
echo "batch, so they cannot be timed apart); llama-batched-bench's pure generation rate (S_TG) is shown beside it."
echo "CPU is user+sys of the whole process (model load included) per 1,000 generated tokens."
echo
echo "| contender | tokens/s | vs llama-batched-bench | S_TG t/s | CPU s / 1,000 tokens |"
echo "|---|---|---|---|---|"
pr() { fmt "$(paired_ratio "$work/$1" 1 "$work/$2" 1)" 2; }  # median over rounds of FILE1/FILE2
echo "| candor embedded, batched (parallel=$par; a KV stream per sequence, the default) | $(fmt "$a") | $(pr a b)x | | $(fmt "$a_cpu" 2) |"
echo "| llama-batched-bench, npl=$par (npp=$npp, ntg=$ntg) | $(fmt "$b") | 1.00x | $(fmt "$b_tg") | $(fmt "$b_cpu" 2) |"
echo "| candor embedded, batched, one KV pool for all sequences (kv=unified) | $(fmt "$f") | $(pr f b)x | | $(fmt "$f_cpu" 2) |"
echo "| llama-batched-bench, npl=$par, one KV cache for all sequences (-kvu) | $(fmt "$e") | $(pr e b)x | $(fmt "$e_tg") | $(fmt "$e_cpu" 2) |"
echo "| candor embedded, one at a time (parallel=1) | $(fmt "$c") | $(pr c b)x | | $(fmt "$c_cpu" 2) |"
echo "| llama-batched-bench, npl=1 | $(fmt "$d") | $(pr d b)x | $(fmt "$d_tg") | $(fmt "$d_cpu" 2) |"
echo
echo "candor batched vs one at a time: $(pr a c)x; llama-batched-bench npl=$par vs npl=1: $(pr b d)x; candor one at a time vs"
echo "llama-batched-bench npl=1: $(pr c d)x. Per CPU second (the steadier measure on a shared machine), candor batched"
echo "makes $(fmt "$(paired_ratio "$work/b" 3 "$work/a" 2)" 2)x the tokens llama-batched-bench npl=$par makes. Ratios are medians over rounds of the"
echo "ratio within each round."
echo
echo '```'
echo "bench/embedded.sh BUILD    # BENCH_EMBEDDED_PROBES=$probes BENCH_NEW_TOKENS=$ntg BENCH_PARALLEL=$par BENCH_REPEATS=$bench_repeats"
echo "candor run --db b.db --run b --filter lang=en --limit $probes -n $ntg --json \\"
echo "  --target 'gguf:bench.gguf?parallel=$par&threads=$threads&batch=$batch&ignore_eos=1&ctx=$ctx'   # and parallel=1, and kv=unified"
echo "llama-batched-bench -m bench.gguf -c $ctx -b $batch -ub $batch -t $threads -tb $threads -npp $npp -ntg $ntg -npl $par   # and -npl 1, and -npl $par -kvu"
echo '```'
echo
verdict=$(awk -v r="$(pr a b)" 'BEGIN {print (r >= 0.9) ? "met" : "not met"}')
summary "Embedded batched / llama-batched-bench, tokens/s" "$(pr a b)x" ">= 0.90x" "$verdict"
r_cpu=$(paired_ratio "$work/b" 3 "$work/a" 2)
summary "Embedded batched / llama-batched-bench, tokens per CPU second" "$(fmt "$r_cpu" 2)x" ">= 0.90x" \
  "$(awk -v r="$r_cpu" 'BEGIN {print (r >= 0.9) ? "met" : "not met"}')"
summary "Embedded batched / one at a time, tokens/s" "$(pr a c)x" "(llama-batched-bench npl=$par / npl=1: $(pr b d)x)" ""
