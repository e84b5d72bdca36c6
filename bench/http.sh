#!/usr/bin/env bash
# HTTP harness overhead: candor (`candor run`, openai: target, answers in SQLite) against promptfoo
# (`promptfoo eval`, openai:chat provider, results in its own database as usual), both asking an
# instant OpenAI-compatible responder on loopback: Debian's nginx returning fixed chat
# completions (one of four answers per request). Same 500 probes, same concurrency, no cache.
# Contenders alternate (candor, promptfoo, candor, ...); medians of the repeats are reported.
#   bench/http.sh [BUILD_DIR]
# Knobs: BENCH_HTTP_SIZES (default "1000 10000"; quick: 1000), BENCH_CONCURRENCY (16),
#        BENCH_REPEATS, BENCH_QUICK, BENCH_NICE (lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$(bench_build_dir "${1:-build}")
candor="$build/bin/candor"
if [[ $bench_quick == 1 ]]; then sizes=${BENCH_HTTP_SIZES:-1000}; else sizes=${BENCH_HTTP_SIZES:-1000 10000}; fi
conc=${BENCH_CONCURRENCY:-16}
probes=500  # requests = probes x samples
promptfoo=$(ensure_promptfoo)

work=$(mktemp -d)
trap 'stop_responder; rm -rf "$work"' EXIT

start_responder "$work/nginx"
base="http://127.0.0.1:$responder_port/v1"

"$candor" probes list --json | python3 -c 'import json,sys; json.dump(json.load(sys.stdin)[:'$probes'], sys.stdout)' >"$work/probes.json"
promptfoo_config "$work/pf.json" "$work/probes.json" "$base" 256

# run_candor N -> "wall cpu server_cpu" of one run of N requests into a fresh database
run_candor() {
  local n=$1 s0 s1
  rm -f "$work/c.db"*
  s0=$(proc_cpu "$responder_pid")
  timed "$work/t" "$candor" run --db "$work/c.db" --run http --limit "$probes" --samples "$((n / probes))" \
    --json --target "openai:$base#bench?concurrency=$conc" || die "candor run failed: $(tail -3 "$work/t.stderr")"
  s1=$(proc_cpu "$responder_pid")
  local stored
  stored=$(sqlite3 "$work/c.db" "select count(*) from answers where error_class = ''")
  [[ $stored == "$n" ]] || die "candor stored $stored of $n answers"
  echo "$(wall_of "$work/t") $(cpu_of "$work/t") $(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')"
}
# run_promptfoo N -> the same for promptfoo, with a fresh config directory (and so database)
run_promptfoo() {
  local n=$1 s0 s1
  rm -rf "$work/pfdir"
  mkdir -p "$work/pfdir"
  s0=$(proc_cpu "$responder_pid")
  promptfoo_eval "$work/pfdir" "$work/t" "$promptfoo" eval -c "$work/pf.json" --no-cache -j "$conc" \
    --repeat "$((n / probes))" --no-progress-bar --no-table || die "promptfoo eval failed"
  s1=$(proc_cpu "$responder_pid")
  local rows
  rows=$(promptfoo_rows "$work/pfdir")
  [[ $rows == "$n $n" ]] || die "promptfoo stored '$rows' results (count, successes) of $n"
  echo "$(wall_of "$work/t") $(cpu_of "$work/t") $(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')"
}

pf_version=$(promptfoo_version)
echo "### HTTP harness overhead: candor vs promptfoo $pf_version"
echo
echo "Against nginx on loopback returning fixed chat completions; $probes probes x samples, concurrency $conc, persistence on"
echo "(candor: its SQLite database; promptfoo: its own database, cache off); medians of $bench_repeats alternating runs"
echo "(candor, promptfoo, candor, ...); ratios are medians over rounds of the ratio within each round. Requests/s is"
echo "requests over the whole process's wall time (start-up included); CPU is user+sys of the client process; \"server"
echo "CPU\" is nginx's during the same run (on loopback the kernel's delivery work is partly charged to the sender)."
echo
echo "| requests | contender | requests/s | client CPU s / 1,000 req | server CPU s / 1,000 req |"
echo "|---|---|---|---|---|"
rows=()
for n in $sizes; do
  : >"$work/a"; : >"$work/b"
  for r in $(seq 1 "$bench_repeats"); do
    say "http: $n requests, repeat $r/$bench_repeats: candor"
    run_candor "$n" >>"$work/a"
    say "http: $n requests, repeat $r/$bench_repeats: promptfoo"
    run_promptfoo "$n" >>"$work/b"
  done
  col() { awk -v c="$2" -v n="$n" '{v[1]=n/$1; v[2]=$2*1000/n; v[3]=$3*1000/n; print v[c]}' "$1" | median; }
  a_rps=$(col "$work/a" 1); a_cpu=$(col "$work/a" 2); a_srv=$(col "$work/a" 3)
  b_rps=$(col "$work/b" 1); b_cpu=$(col "$work/b" 2); b_srv=$(col "$work/b" 3)
  printf '| %s | candor | %s | %s | %s |\n' "$n" "$(fmt "$a_rps" 0)" "$(fmt "$a_cpu" 3)" "$(fmt "$a_srv" 3)"
  printf '| %s | promptfoo | %s | %s | %s |\n' "$n" "$(fmt "$b_rps" 0)" "$(fmt "$b_cpu" 3)" "$(fmt "$b_srv" 3)"
  # Ratios: the median over rounds of the ratio within a round (same n, so walls compare directly).
  r_rps=$(paired_ratio "$work/b" 1 "$work/a" 1); r_cpu=$(paired_ratio "$work/b" 2 "$work/a" 2)
  rows+=("| $n | $(fmt "$r_rps" 1)x | $(fmt "$r_cpu" 1)x | $(ratio "$a_cpu" "$a_srv" 2) |")
  verdict=$(awk -v r="$r_rps" 'BEGIN {print (r >= 20) ? "met" : "not met"}')
  summary "HTTP, $n requests: candor / promptfoo throughput" "$(fmt "$r_rps" 1)x" ">= 20x" "$verdict"
done
echo
echo "| requests | candor / promptfoo, requests/s | promptfoo / candor, client CPU | candor client CPU / server CPU |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
promptfoo_crash_note "$work/t"
echo '```'
echo "bench/http.sh BUILD    # BENCH_HTTP_SIZES=\"$sizes\" BENCH_CONCURRENCY=$conc BENCH_REPEATS=$bench_repeats"
echo "candor run --db c.db --run http --limit $probes --samples N/$probes --json --target 'openai:http://127.0.0.1:PORT/v1#bench?concurrency=$conc'"
echo "promptfoo eval -c pf.json --no-cache -j $conc --repeat N/$probes --no-progress-bar --no-table   # pf.json: the same $probes prompts, openai:chat provider"
echo '```'
echo
