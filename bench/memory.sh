#!/usr/bin/env bash
# Memory and time of the whole pipeline as the database grows: `candor run` (openai: target against
# the nginx responder of bench/http.sh, so the answers are real rows written the real way), then
# `candor judge` and `candor report` (HTML) over 10,000, 50,000 and 100,000 stored answers.
# Peak RSS is /usr/bin/time's maximum resident set size of each process.
#   bench/memory.sh [BUILD_DIR]
# Knobs: BENCH_MEMORY_SIZES (default "10000 50000 100000"; quick: "10000"), BENCH_CONCURRENCY (16),
#        BENCH_REPEATS, BENCH_QUICK, BENCH_NICE (lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$(bench_build_dir "${1:-build}")
candor="$build/bin/candor"
if [[ $bench_quick == 1 ]]; then sizes=${BENCH_MEMORY_SIZES:-10000}; else sizes=${BENCH_MEMORY_SIZES:-10000 50000 100000}; fi
conc=${BENCH_CONCURRENCY:-16}
probes=500
work=$(mktemp -d)
trap 'stop_responder; rm -rf "$work"' EXIT
start_responder "$work/nginx"
base="http://127.0.0.1:$responder_port/v1"

echo "### Memory: run, judge and report as answers grow"
echo
echo "\`candor run\` ($probes probes x samples against the nginx responder of the HTTP section, concurrency $conc),"
echo "then \`candor judge\` and \`candor report\` (HTML) of the same run; peak RSS of each process (/usr/bin/time %M),"
echo "wall and CPU (user+sys) seconds; medians of $bench_repeats repeats. The responder's answers are a fixed mix"
echo "(40% candid, 20% refusals, 20% deflections, 20% a state narrative in Chinese)."
echo
echo "| stored answers | run: peak RSS | judge: peak RSS | report: peak RSS | run s (CPU s) | judge s (CPU s) | judge answers / CPU s | report s (CPU s) | report size | database size |"
echo "|---|---|---|---|---|---|---|---|---|---|"
mb() { awk -v k="$1" 'BEGIN {printf "%.0f MB", k / 1024}'; }
for n in $sizes; do
  : >"$work/run"; : >"$work/judge"; : >"$work/report"
  for r in $(seq 1 "$bench_repeats"); do
    say "memory: $n answers, repeat $r/$bench_repeats"
    rm -f "$work/m.db"* "$work/report.html"
    timed "$work/t" "$candor" run --db "$work/m.db" --run mem --limit "$probes" --samples "$((n / probes))" \
      --json --target "openai:$base#bench?concurrency=$conc" || die "candor run failed: $(tail -3 "$work/t.stderr")"
    echo "$(rss_of "$work/t") $(wall_of "$work/t") $(cpu_of "$work/t")" >>"$work/run"
    timed "$work/t" "$candor" judge --db "$work/m.db" --run mem || die "candor judge failed: $(tail -3 "$work/t.stderr")"
    echo "$(rss_of "$work/t") $(wall_of "$work/t") $(cpu_of "$work/t")" >>"$work/judge"
    judged=$(sqlite3 "$work/m.db" "select count(*) from verdicts")
    [[ $judged -ge $n ]] || die "candor judge stored $judged verdicts of $n"
    timed "$work/t" "$candor" report --db "$work/m.db" --run mem -o "$work/report.html" ||
      die "candor report failed: $(tail -3 "$work/t.stderr")"
    echo "$(rss_of "$work/t") $(wall_of "$work/t") $(cpu_of "$work/t")" >>"$work/report"
  done
  col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
  printf '| %s | %s | %s | %s | %s (%s) | %s (%s) | %s | %s (%s) | %s | %s |\n' "$n" \
    "$(mb "$(col run 1)")" "$(mb "$(col judge 1)")" "$(mb "$(col report 1)")" \
    "$(fmt "$(col run 2)" 2)" "$(fmt "$(col run 3)" 2)" "$(fmt "$(col judge 2)" 2)" "$(fmt "$(col judge 3)" 2)" \
    "$(fmt "$(awk -v n="$n" '{print n / $3}' "$work/judge" | median) " 0)" \
    "$(fmt "$(col report 2)" 2)" "$(fmt "$(col report 3)" 2)" \
    "$(mb "$(($(stat -c %s "$work/report.html") / 1024))")" "$(mb "$(($(stat -c %s "$work/m.db") / 1024))")"
  summary "Peak RSS at $n answers: run / judge / report" "$(mb "$(col run 1)") / $(mb "$(col judge 1)") / $(mb "$(col report 1)")" "small, flat" ""
done
echo
echo "Verdicts of the last run: $(sqlite3 "$work/m.db" "select group_concat(verdict || ' ' || n, ', ') from (select verdict, count(*) n from verdicts group by verdict order by n desc)")."
echo
echo '```'
echo "bench/memory.sh BUILD    # BENCH_MEMORY_SIZES=\"$sizes\" BENCH_REPEATS=$bench_repeats"
echo "candor run --db m.db --run mem --limit $probes --samples N/$probes --json --target 'openai:http://127.0.0.1:PORT/v1#bench?concurrency=$conc'"
echo "candor judge --db m.db --run mem"
echo "candor report --db m.db --run mem -o report.html"
echo '```'
echo
