#!/usr/bin/env bash
# kill -9 a run at random moments, several times, then resume: the final table must hold exactly
# one row per (probe, target, sample), with the answers a clean run gives under greedy decoding,
# and the database must pass SQLite's integrity check.
set -euo pipefail
candor=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$candor" dev mkmodel -o model.gguf --vocab llama-spm --template chatml --embd 128 --layers 4 \
  --heads 4 --kv-heads 4 --ff 256 --seed 3 >/dev/null
# A small suite of our own: 40 neutral questions.
for i in $(seq 1 40); do
  printf '{"id":"none-k%d.en","family":"none-k%d","topic":"kill","region":"none","kind":"neutral","lang":"en","style":"factual","prompt":"Question number %d: what is %d times %d?","facts":[],"narrative":[]}\n' \
    "$i" "$i" "$i" "$i" "$((i + 1))"
done > suite.jsonl

args=(--suite suite.jsonl --no-bundled --target "gguf:model.gguf?parallel=2&threads=2" --run k
      --samples 2 --max-tokens 40)
"$candor" run --db clean.db "${args[@]}" 2>/dev/null
dump() { sqlite3 "$1" "SELECT target, probe_id, sample, answer, error_class FROM answers WHERE run='k' ORDER BY 1,2,3"; }
dump clean.db > clean.txt
[[ $(wc -l < clean.txt) == 80 ]] || { echo "clean run stored $(wc -l < clean.txt) rows, expected 80"; exit 1; }

RANDOM=20261124
count() { sqlite3 killed.db "SELECT count(*) FROM answers" 2>/dev/null || echo 0; }
stored=0
mid=0
for attempt in 1 2 3 4 5 6; do
  "$candor" run --db killed.db "${args[@]}" 2>/dev/null &
  pid=$!
  if (( attempt == 1 )); then
    sleep 0.05  # before the model has even loaded
  else
    # Kill as soon as a few more rows are stored: the next batch is then mid-generation.
    want=$((stored + 1 + RANDOM % 8))
    for _ in $(seq 1 6000); do
      (( $(count) >= want )) && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
  fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  stored=$(count)
  (( stored > 0 && stored < 80 )) && mid=1
  echo "attempt $attempt: killed with $stored rows stored"
done
(( mid )) || { echo "no kill landed mid-run"; exit 1; }
"$candor" run --db killed.db "${args[@]}" 2>/dev/null
dump killed.db > killed.txt

[[ $(sqlite3 killed.db "PRAGMA integrity_check") == ok ]] || { echo "integrity check failed"; exit 1; }
dups=$(sqlite3 killed.db "SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY run, target, probe_id, sample HAVING count(*) > 1)")
[[ $dups == 0 ]] || { echo "$dups duplicated rows"; exit 1; }
if ! diff -u clean.txt killed.txt; then
  echo "the resumed run differs from the clean run"
  exit 1
fi
echo "ok: 80 rows, identical to the clean run, integrity ok"
