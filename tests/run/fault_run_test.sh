#!/usr/bin/env bash
# The fault matrix through the whole `candor run` command, down to the rows in the database:
# every kind of server fault, plain and streamed, ends in a stored answer after bounded retries
# or in an error row that a re-run of the same command retries; a refused connection and a
# server that dies mid-run and comes back lose and duplicate nothing.
#
#   fault_run_test.sh CANDOR CANDOR_FAULT_SERVER
candor=$1
fault_server=$2
source "$(dirname "$0")/../support/harness.sh"

retries=3  # so at most 4 requests per row and invocation
opts="retries=$retries&timeout=1&backoff=0.05&concurrency=8"

# --- 1. Every fault, plain and streamed ------------------------------------------------------
# Faults limited by times=N; those with N > retries + 1 fail the first invocation and succeed
# on the re-run (the server counts attempts per prompt over its whole life).
faults=(
  "ok"
  "reset times=1" "cut times=1" "close times=2" "silent times=1" "stall times=1"
  "429 times=1" "429 retry_after=1 times=1" "429 retry_after_date=1 times=1"
  "500 times=3" "502 times=2" "503 retry_after=1 times=2"
  "truncated_json times=1" "malformed times=1" "wrong_shape times=1" "sse_cut times=1"
  # beyond the retries: error rows the first time
  "503 times=4" "reset times=4" "stall times=4" "400 times=1" "malformed times=4"
)
transient=16
for i in "${!faults[@]}"; do neutral_probe "f$i" "q$i [[${faults[$i]}]]"; done > suite.jsonl
total=${#faults[@]}

start_fault_server --name plain --log plain.log
plain_pid=$FS_PID plain_port=$FS_PORT
start_fault_server --name stream --log stream.log
stream_pid=$FS_PID stream_port=$FS_PORT
plain="openai:http://127.0.0.1:$plain_port/v1#fault-model?$opts"
stream="openai:http://127.0.0.1:$stream_port/v1#fault-model?$opts&stream=1"
args=(--db faults.db --run f --suite suite.jsonl --no-bundled --target "$plain" --target "$stream")

set +e
"$candor" run "${args[@]}" 2> run1.err
code=$?
set -e
[[ $code == 1 ]] || fail "first run: exit $code, expected 1 (some rows failed): $(cat run1.err)"
failed=$((2 * (total - transient)))
grep -q "^$failed requests failed (see 'candor runs show f'); re-run the same command to retry them$" run1.err ||
  fail "first run: no clear message about $failed failed rows: $(cat run1.err)"
integrity_ok faults.db
no_duplicates faults.db
q() { sqlite3 faults.db "$1"; }
[[ $(q "SELECT count(*) FROM answers") == $((2 * total)) ]] || fail "first run: $(q "SELECT count(*) FROM answers") rows, expected $((2 * total))"
[[ $(q "SELECT count(*) FROM answers WHERE error_class = ''") == $((2 * transient)) ]] ||
  fail "first run: $(q "SELECT count(*) FROM answers WHERE error_class = ''") answers, expected $((2 * transient))"
# Every answer is the server's echo of its own prompt, whole.
bad=$(q "SELECT count(*) FROM answers WHERE error_class = '' AND answer <> CASE WHEN target LIKE '%stream=1%' THEN 'stream' ELSE 'plain' END || ' echo: ' || json_extract(prompt_sent, '\$[#-1].content')")
[[ $bad == 0 ]] || fail "$bad answers are not their prompt's echo"
# The error rows name their class and say what happened, on one line.
expect_class() {  # PROBE_INDEX CLASS
  local got
  got=$(q "SELECT group_concat(error_class) FROM answers WHERE probe_id = 'none-f$1.en'")
  [[ $got == "$2,$2" ]] || fail "q$1 [[${faults[$1]}]]: error classes '$got', expected $2 for both targets"
}
expect_class 16 http_5xx
expect_class 17 bad_response
expect_class 18 timeout
expect_class 19 http_4xx
expect_class 20 bad_response
[[ $(q "SELECT count(*) FROM answers WHERE error_class <> '' AND (error_message = '' OR instr(error_message, char(10)) > 0)") == 0 ]] ||
  fail "an error message is empty or spans lines"
# Retries are bounded: never more than retries + 1 requests per row, and a 400 is not retried.
for log in plain.log stream.log; do
  over=$(jq -r .prompt "$log" | sort | uniq -c | awk -v max=$((retries + 1)) '$1 > max' | wc -l)
  [[ $over == 0 ]] || fail "$log: some prompt was sent more than $((retries + 1)) times"
done
[[ $(jq -r .prompt plain.log | grep -cF 'q19 [[400') == 1 ]] || fail "a 400 was retried"
[[ $(jq -r .prompt plain.log | grep -cF 'q9 [[500') == 4 ]] || fail "500 x3 did not take 4 requests"
[[ $(q "SELECT attempts FROM answers WHERE probe_id = 'none-f9.en' AND target NOT LIKE '%stream=1%'") == 4 ]] ||
  fail "the stored attempt count of q9 differs from the server's"

# Judged now, the failed rows get error verdicts; the re-run must not leave those behind.
"$candor" judge --db faults.db --run f --suite suite.jsonl --no-bundled -q || fail "judge failed"
[[ $(q "SELECT count(*) FROM verdicts WHERE verdict = 'error'") == "$failed" ]] || fail "the failed rows were not judged as errors"

# The re-run asks only the failed rows again, and completes the run.
q "SELECT target, probe_id, sample, answer, finished_at FROM answers WHERE error_class = '' ORDER BY 1,2,3" > ok_before.txt
plain_seen=$(wc -l < plain.log)
"$candor" run "${args[@]}" 2> run2.err || fail "the re-run failed: $(cat run2.err)"
integrity_ok faults.db
no_duplicates faults.db
[[ $(q "SELECT count(*) FROM answers WHERE error_class = ''") == $((2 * total)) ]] || fail "the re-run left failed rows"
[[ $(q "SELECT count(*) FROM answers") == $((2 * total)) ]] || fail "the re-run changed the row count"
q "SELECT target, probe_id, sample, answer, finished_at FROM answers ORDER BY 1,2,3" > ok_after.txt
[[ -z $(grep -Fxvf ok_after.txt ok_before.txt) ]] || fail "the re-run changed rows stored before"
asked_again=$(tail -n +$((plain_seen + 1)) plain.log | jq -r .prompt | sort -u | wc -l)
[[ $asked_again == $((total - transient)) ]] ||
  fail "the re-run asked $asked_again prompts again, expected only the $((total - transient)) failed ones"
bad=$(q "SELECT count(*) FROM answers WHERE answer <> CASE WHEN target LIKE '%stream=1%' THEN 'stream' ELSE 'plain' END || ' echo: ' || json_extract(prompt_sent, '\$[#-1].content')")
[[ $bad == 0 ]] || fail "$bad answers are not their prompt's echo after the re-run"
"$candor" judge --db faults.db --run f --suite suite.jsonl --no-bundled -q || fail "judge failed"
[[ $(q "SELECT count(*) FROM verdicts") == $((2 * total)) ]] || fail "not every answer has one verdict after the re-run"
stale=$(q "SELECT count(*) FROM answers a JOIN verdicts v USING (run, target, probe_id, sample) WHERE a.error_class = '' AND v.verdict = 'error'")
[[ $stale == 0 ]] || fail "$stale retried answers kept the error verdict of their failed attempt"
stop_fault_server "$plain_pid"
stop_fault_server "$stream_pid"
echo "ok: every fault, plain and streamed, ends in one row; the re-run completes"

# --- 2. Connection refused, then the server appears ------------------------------------------
for i in $(seq 1 12); do neutral_probe "c$i" "c$i [[delay ms=20]]"; done > slow.jsonl
start_fault_server --name late
late_port=$FS_PORT
stop_fault_server "$FS_PID"  # the port is now closed: connecting is refused
target="openai:http://127.0.0.1:$late_port/v1#fault-model?$opts"
cargs=(--db refused.db --run r --suite slow.jsonl --no-bundled --target "$target")
set +e
"$candor" run "${cargs[@]}" 2> refused.err
code=$?
set -e
[[ $code == 1 ]] || fail "refused: exit $code, expected 1: $(cat refused.err)"
grep -q "12 requests failed.*re-run the same command" refused.err || fail "refused: unclear message: $(cat refused.err)"
integrity_ok refused.db
[[ $(sqlite3 refused.db "SELECT DISTINCT error_class FROM answers") == connect ]] || fail "refused: rows are not connect errors"
start_fault_server --name late --port "$late_port"
late_pid=$FS_PID
"$candor" run "${cargs[@]}" 2> refused2.err || fail "refused: the re-run failed: $(cat refused2.err)"
integrity_ok refused.db
no_duplicates refused.db
[[ $(sqlite3 refused.db "SELECT count(*) FROM answers WHERE error_class = '' AND answer LIKE 'late echo: c%'") == 12 ]] ||
  fail "refused: the re-run did not store all 12 answers"
stop_fault_server "$late_pid"
echo "ok: refused connections are error rows; the re-run completes"

# --- 3. The server dies mid-run (kill -9) and comes back on the same port --------------------
for i in $(seq 1 60); do neutral_probe "d$i" "d$i [[delay ms=30]]"; done > dies.jsonl
start_fault_server --name phoenix
port=$FS_PORT pid=$FS_PID
# Retries over about 0.2 s against an outage of a second: rows in flight usually fail.
target="openai:http://127.0.0.1:$port/v1#fault-model?retries=2&timeout=2&backoff=0.05&concurrency=4"
dargs=(--db dies.db --run d --suite dies.jsonl --no-bundled --target "$target")
set +e
"$candor" run "${dargs[@]}" 2> dies.err &
run_pid=$!
count() { sqlite3 dies.db "SELECT count(*) FROM answers WHERE error_class = ''" 2>/dev/null || echo 0; }
for _ in $(seq 1 1000); do
  (( $(count) >= 8 )) && break
  sleep 0.01
done
stop_fault_server "$pid" KILL
sleep 1
start_fault_server --name phoenix --port "$port"
pid=$FS_PID
wait "$run_pid"
code=$?
set -e
(( $(count) >= 8 )) || fail "dies: the server was killed before 8 answers were stored"
# Either the retries outlasted the outage (exit 0), or some rows failed and the message says so.
if [[ $code == 1 ]]; then
  grep -q "requests failed.*re-run the same command" dies.err || fail "dies: unclear message: $(cat dies.err)"
elif [[ $code != 0 ]]; then
  fail "dies: exit $code: $(cat dies.err)"
fi
integrity_ok dies.db
no_duplicates dies.db
sqlite3 dies.db "SELECT probe_id, answer, finished_at FROM answers WHERE error_class = '' ORDER BY 1" > dies_before.txt
"$candor" run "${dargs[@]}" 2> dies2.err || fail "dies: the re-run failed: $(cat dies2.err)"
integrity_ok dies.db
no_duplicates dies.db
[[ $(sqlite3 dies.db "SELECT count(*) FROM answers WHERE error_class = '' AND answer = 'phoenix echo: ' || json_extract(prompt_sent, '\$[#-1].content')") == 60 ]] ||
  fail "dies: not every probe has its answer after the re-run"
sqlite3 dies.db "SELECT probe_id, answer, finished_at FROM answers ORDER BY 1" > dies_after.txt
[[ -z $(grep -Fxvf dies_after.txt dies_before.txt) ]] || fail "dies: rows stored before the outage changed"
stop_fault_server "$pid"
echo "ok: a server that dies and comes back loses and duplicates nothing (first exit $code)"
