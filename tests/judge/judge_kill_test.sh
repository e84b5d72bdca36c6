#!/usr/bin/env bash
# kill -9 `candor judge --db --run` at random moments, several times, then judge again: every
# answer ends with exactly one verdict, the verdicts are those of an uninterrupted judge, and the
# database passes SQLite's integrity check.
#
#   judge_kill_test.sh CANDOR CANDOR_FAULT_SERVER
candor=$1
fault_server=$2
source "$(dirname "$0")/../support/harness.sh"

# Answers to judge, stored by a real run against the loopback server: 150 probes x 40 samples.
# Each answer echoes a prompt of a few hundred bytes, so judging takes long enough to be hit.
filler=$(printf 'and what did the government say about it afterwards, %.0s' $(seq 1 6))
for i in $(seq 1 150); do neutral_probe "j$i" "Question $i: what happened in year $((1900 + i)) $filler?"; done > suite.jsonl
start_fault_server --name echo
"$candor" run --db answers.db --run j --suite suite.jsonl --no-bundled --samples 40 \
  --target "openai:http://127.0.0.1:$FS_PORT/v1#m?concurrency=32" 2> run.err || fail "the run failed: $(cat run.err)"
stop_fault_server "$FS_PID"
answers=$(sqlite3 answers.db "SELECT count(*) FROM answers WHERE run = 'j'")
[[ $answers == 6000 ]] || fail "the run stored $answers answers, expected 6000"

jargs=(--run j --suite suite.jsonl --no-bundled)
dump() {
  sqlite3 "$1" "SELECT target, probe_id, sample, judge, verdict, confidence, reasons, facts_found, facts_total FROM verdicts WHERE run = 'j' ORDER BY 1,2,3,4"
}
cp answers.db clean.db
"$candor" judge --db clean.db "${jargs[@]}" -q || fail "the uninterrupted judge failed"
dump clean.db > clean.txt
[[ $(wc -l < clean.txt) == "$answers" ]] || fail "the uninterrupted judge stored $(wc -l < clean.txt) verdicts"

cp answers.db killed.db
RANDOM=20261125
count() { sqlite3 killed.db "SELECT count(*) FROM verdicts" 2>/dev/null || echo 0; }
judged=0
mid=0
for attempt in 1 2 3 4 5 6 7 8; do
  "$candor" judge --db killed.db "${jargs[@]}" -q 2>/dev/null &
  pid=$!
  if (( attempt == 1 )); then
    sleep 0.02  # before the first batch is stored
  elif (( attempt % 2 == 0 )); then
    sleep "0.0$((1 + RANDOM % 6))"  # anywhere: starting, reading, judging or committing a batch
  else
    # Kill as soon as at least one more batch is stored: the next one is then being judged.
    want=$((judged + 1 + RANDOM % 600))
    for _ in $(seq 1 3000); do
      (( $(count) >= want )) && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.005
    done
  fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  judged=$(count)
  (( judged > 0 && judged < answers )) && mid=1
  echo "attempt $attempt: killed with $judged of $answers answers judged"
  integrity_ok killed.db
done
(( mid )) || fail "no kill landed in the middle of judging"
"$candor" judge --db killed.db "${jargs[@]}" -q || fail "the judge after the kills failed"

integrity_ok killed.db
no_duplicates killed.db
unjudged=$(sqlite3 killed.db "SELECT count(*) FROM answers a WHERE NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.run = a.run AND v.target = a.target AND v.probe_id = a.probe_id AND v.sample = a.sample)")
[[ $unjudged == 0 ]] || fail "$unjudged answers have no verdict"
orphans=$(sqlite3 killed.db "SELECT count(*) FROM verdicts v WHERE NOT EXISTS (SELECT 1 FROM answers a WHERE v.run = a.run AND v.target = a.target AND v.probe_id = a.probe_id AND v.sample = a.sample)")
[[ $orphans == 0 ]] || fail "$orphans verdicts judge no stored answer"
[[ $(sqlite3 killed.db "SELECT count(*) FROM answers") == "$answers" ]] || fail "answers were lost or added"
dump killed.db > killed.txt
diff -q clean.txt killed.txt > /dev/null || fail "the verdicts differ from an uninterrupted judge"
# Judging again finds nothing left to do and changes nothing.
[[ $("$candor" judge --db killed.db "${jargs[@]}") == "judged 0 answers of run 'j' in killed.db" ]] ||
  fail "a second judge found answers left"
echo "ok: $answers answers, one verdict each, identical to an uninterrupted judge, integrity ok"
