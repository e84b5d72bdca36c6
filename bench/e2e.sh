#!/usr/bin/env bash
# End to end against the usual stack: the same audit (the first P probes of the bundled suite,
# N new tokens each, greedy, EOS ignored) of the same 60M-parameter Q8_0 model (bench/embedded.sh)
#   A. candor, embedded (gguf: target, parallel=S)
#   B. candor through llama-server (S parallel slots), openai: target, concurrency S
#   C. promptfoo through the same llama-server, concurrency S
# Wall time is the client process's, from start to exit (candor embedded: model load included;
# llama-server is started before and stopped after each B or C run, outside the timing).
# Contenders alternate (A B C A B C ...); medians of the repeats.
# With BENCH_E2E_MODEL=organism (bench/e2e-organism.sh) the audit is instead the one `candor
# demo` makes: the bundled organism (data/organism/organism.gguf), every probe, up to 48 tokens,
# each answer ending where the model stops (EOS honoured by every contender).
#   bench/e2e.sh [BUILD_DIR]
# Knobs: BENCH_E2E_PROBES (200, organism 849; quick 32), BENCH_NEW_TOKENS (64, organism 48;
#        quick 32), BENCH_PARALLEL (16), BENCH_E2E_MODEL (random | organism),
#        BENCH_REPEATS, BENCH_QUICK, BENCH_NICE, BENCH_THREADS (lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$(bench_build_dir "${1:-build}")
candor="$build/bin/candor"
server_bin="$build/bin/llama-server"
[[ -x $server_bin ]] || die "$server_bin is missing: cmake --build $build --target llama-server"
organism=0
[[ ${BENCH_E2E_MODEL:-random} == organism ]] && organism=1
[[ ${BENCH_E2E_MODEL:-random} =~ ^(random|organism)$ ]] || die "BENCH_E2E_MODEL is random or organism"
if [[ $bench_quick == 1 ]]; then
  probes=${BENCH_E2E_PROBES:-32}; ntg=${BENCH_NEW_TOKENS:-32}
elif ((organism)); then
  probes=${BENCH_E2E_PROBES:-849}; ntg=${BENCH_NEW_TOKENS:-48}
else
  probes=${BENCH_E2E_PROBES:-200}; ntg=${BENCH_NEW_TOKENS:-64}
fi
par=${BENCH_PARALLEL:-16}
threads=$bench_threads
ctx=8192  # llama-server: ctx/parallel per slot; candor: ctx/(parallel+1) per sequence
promptfoo=$(ensure_promptfoo)
work=$(mktemp -d)
trap 'stop_llama_server; rm -rf "$work"' EXIT

model_args=(--vocab llama-spm --template chatml --embd 512 --layers 8 --heads 8 --kv-heads 8 --ff 1536
  --ctx 2048 --type q8_0 --seed 1)
eos_opt="&ignore_eos=1"
if ((organism)); then
  cp "$bench_root/data/organism/organism.gguf" "$work/bench.gguf"
  eos_opt=""
  export BENCH_SERVER_EOS=1  # lib.sh start_llama_server: no --ignore-eos
else
  "$candor" dev mkmodel -o "$work/bench.gguf" "${model_args[@]}" >/dev/null
fi
"$candor" probes list --json | python3 -c 'import json,sys; json.dump(json.load(sys.stdin)[:'"$probes"'], sys.stdout)' >"$work/probes.json"

# check_candor -> total completion tokens, after checking every answer is stored without error
check_candor() {
  local rows
  rows=$(sqlite3 "$work/e.db" "select count(*) || ' ' || coalesce(sum(completion_tokens),0) from answers where error_class = ''")
  [[ ${rows%% *} == "$probes" ]] || die "candor stored ${rows%% *} good answers of $probes: $(tail -3 "$work/t.stderr")"
  echo "${rows##* }"
}
# Each prints "wall client_cpu server_cpu completion_tokens".
run_embedded() {
  rm -f "$work/e.db"*
  timed "$work/t" "$candor" run --db "$work/e.db" --run e2e --limit "$probes" -n "$ntg" \
    --target "gguf:$work/bench.gguf?parallel=$par&threads=$threads$eos_opt&ctx=$ctx" ||
    die "candor run (embedded) failed: $(tail -3 "$work/t.stderr")"
  echo "$(wall_of "$work/t") $(cpu_of "$work/t") 0 $(check_candor)"
}
run_candor_server() {
  local s0 s1
  rm -f "$work/e.db"*
  start_llama_server "$server_bin" "$work/bench.gguf" "$work/server.log" "$par" "$ctx"
  s0=$(proc_cpu "$server_pid")
  timed "$work/t" "$candor" run --db "$work/e.db" --run e2e --limit "$probes" -n "$ntg" \
    --target "openai:http://127.0.0.1:$server_port/v1#bench?concurrency=$par" ||
    die "candor run (llama-server) failed: $(tail -3 "$work/t.stderr")"
  s1=$(proc_cpu "$server_pid")
  stop_llama_server
  echo "$(wall_of "$work/t") $(cpu_of "$work/t") $(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}') $(check_candor)"
}
run_promptfoo_server() {
  local s0 s1 rows
  rm -rf "$work/pfdir"
  mkdir -p "$work/pfdir"
  start_llama_server "$server_bin" "$work/bench.gguf" "$work/server.log" "$par" "$ctx"
  promptfoo_config "$work/pf.json" "$work/probes.json" "http://127.0.0.1:$server_port/v1" "$ntg"
  s0=$(proc_cpu "$server_pid")
  promptfoo_eval "$work/pfdir" "$work/t" "$promptfoo" eval -c "$work/pf.json" --no-cache -j "$par" \
    --no-progress-bar --no-table || die "promptfoo eval failed"
  s1=$(proc_cpu "$server_pid")
  stop_llama_server
  rows=$(sqlite3 "$work/pfdir/promptfoo.db" "select count(*) || ' ' || coalesce(sum(json_extract(response, '\$.tokenUsage.completion')),0) from eval_results where success = 1")
  [[ ${rows%% *} == "$probes" ]] || die "promptfoo stored ${rows%% *} good results of $probes"
  echo "$(wall_of "$work/t") $(cpu_of "$work/t") $(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}') ${rows##* }"
}

: >"$work/a"; : >"$work/b"; : >"$work/c"
for r in $(seq 1 "$bench_repeats"); do
  say "e2e: repeat $r/$bench_repeats: candor embedded"; run_embedded >>"$work/a"
  say "e2e: repeat $r/$bench_repeats: candor + llama-server"; run_candor_server >>"$work/b"
  say "e2e: repeat $r/$bench_repeats: promptfoo + llama-server"; run_promptfoo_server >>"$work/c"
done
col() { awk -v c="$2" '{print $c}' "$1" | median; }
for f in a b c; do awk '{print $0, $2 + $3}' "$work/$f" >"$work/$f.x"; done  # column 5: client + server CPU
if ((organism)); then
  echo "### End to end: the demo audit of the bundled organism, $threads llama.cpp thread(s)"
  echo
  echo "The audit \`candor demo\` makes: $probes probes of the bundled suite, at most $ntg new tokens each (greedy; each answer"
  echo "ends where the model stops, for every contender), of the bundled organism (data/organism/organism.gguf); $par"
  echo "sequences at once everywhere (candor parallel=$par; llama-server --parallel $par,"
  echo "context $ctx; client concurrency $par); $threads llama.cpp thread(s)."
else
  echo "### End to end: candor vs the usual stack"
  echo
  echo "The first $probes probes of the bundled suite (en, fr, zh-Hans), $ntg new tokens each (greedy, EOS ignored), on the"
  echo "model of the previous section; $par sequences at once everywhere (candor parallel=$par; llama-server --parallel $par,"
  echo "context $ctx; client concurrency $par); $threads llama.cpp thread(s)."
fi
echo "Wall time of the client process from start to"
echo "exit, medians of $bench_repeats rounds (A B C in each); llama-server is started before each run and is not timed."
echo "*Speed vs promptfoo* is the median over rounds of promptfoo + llama-server's wall time over the contender's in the"
echo "same round; *CPU* is user+sys of client and server together."
echo
echo "| contender | wall s | answers/s | generated tokens/s | client CPU s | server CPU s | speed vs promptfoo + llama-server | CPU, share of promptfoo + llama-server's |"
echo "|---|---|---|---|---|---|---|---|"
row() {  # NAME FILE
  local w
  w=$(col "$2.x" 1)
  printf '| %s | %s | %s | %s | %s | %s | %sx | %sx |\n' "$1" "$(fmt "$w")" "$(fmt "$(awk -v w="$w" -v p="$probes" 'BEGIN {print p / w}')" 2)" \
    "$(fmt "$(awk '{print $4 / $1}' "$2.x" | median)")" "$(fmt "$(col "$2.x" 2)")" "$(fmt "$(col "$2.x" 3)")" \
    "$(fmt "$(paired_ratio "$work/c.x" 1 "$2.x" 1)" 2)" "$(fmt "$(paired_ratio "$2.x" 5 "$work/c.x" 5)" 2)"
}
row "candor, embedded" "$work/a"
row "candor + llama-server" "$work/b"
row "promptfoo + llama-server" "$work/c"
echo
echo "Generated tokens per run (median): candor embedded $(col "$work/a" 4), candor + llama-server $(col "$work/b" 4),"
echo "promptfoo + llama-server $(col "$work/c" 4) (of $((probes * ntg)) at most)."
echo
promptfoo_crash_note "$work/t"
echo '```'
((organism)) && echo "# BENCH_E2E_MODEL=organism (bench/e2e-organism.sh): bench.gguf is data/organism/organism.gguf"
echo "bench/e2e.sh BUILD    # BENCH_E2E_PROBES=$probes BENCH_NEW_TOKENS=$ntg BENCH_PARALLEL=$par BENCH_REPEATS=$bench_repeats"
echo "candor run --db e.db --run e2e --limit $probes -n $ntg --target 'gguf:bench.gguf?parallel=$par&threads=$threads$eos_opt&ctx=$ctx'"
echo "llama-server -m bench.gguf --host 127.0.0.1 --port PORT --parallel $par -c $ctx -t $threads -tb $threads$( ((organism)) || echo " --ignore-eos") --no-webui"
echo "candor run --db e.db --run e2e --limit $probes -n $ntg --target 'openai:http://127.0.0.1:PORT/v1#bench?concurrency=$par'"
echo "promptfoo eval -c pf.json --no-cache -j $par --no-progress-bar --no-table   # the same $probes prompts, max_tokens $ntg"
echo '```'
echo
r_ac=$(paired_ratio "$work/c.x" 1 "$work/a.x" 1)
what="End to end"
((organism)) && what="End to end, demo audit of the organism ($probes probes, $threads llama.cpp thread(s))"
summary "$what: candor embedded vs promptfoo + llama-server, speed" "$(fmt "$r_ac" 2)x" ">= 2x" \
  "$(awk -v r="$r_ac" 'BEGIN {print (r >= 2) ? "met" : "not met"}')"
summary "$what: candor + llama-server vs promptfoo + llama-server, speed" "$(fmt "$(paired_ratio "$work/c.x" 1 "$work/b.x" 1)" 2)x" "" ""
