#!/usr/bin/env bash
# API keys and TLS, end to end. A run, judge, report and export with a recognisable key, read
# from OPENAI_API_KEY or from another variable named by key_env, against a server that echoes
# the Authorization header back (in a 401 body, a 500 body and an answer): no piece of the key
# may reach a file, a database row, stdout, stderr or an error message. TLS is verified unless
# the spec says insecure=1, and that choice is stored with the run and shown by `runs show`.
#
#   secrets_test.sh CANDOR CANDOR_FAULT_SERVER
candor=$1
fault_server=$2
source "$(dirname "$0")/../support/harness.sh"

# Keys as long as real project keys (well over the 200 characters an error message keeps, so a
# truncated echo would leave a piece of the key behind).
make_key() { printf 'sk-%s-' "$1"; head -c 96 /dev/urandom | od -An -v -tx1 | tr -d ' \n'; }
key=$(make_key canary)
other_key=$(make_key othercanary)
decoy=$(make_key decoy)
mkdir out logs
for i in 1 2 3 4; do neutral_probe "s$i" "Plain question $i?"; done > suite.jsonl
{
  neutral_probe e1 "Who am I? [[401 echo_auth]]"
  neutral_probe e2 "Retry me [[500 echo_auth times=1]]"
  neutral_probe e3 "Echo my header [[ok echo_auth]]"
  neutral_probe e4 "Stream echo [[403 echo_auth]]"
} >> suite.jsonl
start_fault_server --name echo
url="http://127.0.0.1:$FS_PORT/v1"

step() {  # NAME COMMAND...: runs a candor command, keeping its stdout and stderr in logs/
  local name=$1
  shift
  set +e
  "$@" > "logs/$name.out" 2> "logs/$name.err"
  local code=$?
  set -e
  echo "$code" > "logs/$name.code"
}

# The key from OPENAI_API_KEY (the default), plain and streamed.
export OPENAI_API_KEY=$key
step run1 "$candor" run --db out/audit.db --run default --suite suite.jsonl --no-bundled \
  --target "openai:$url#m?retries=1&backoff=0.01" --target "openai:$url#m?retries=1&backoff=0.01&stream=1"
# The key from a variable named by key_env; OPENAI_API_KEY then holds a decoy that must not be sent.
export OPENAI_API_KEY=$decoy
export CANDOR_TEST_OTHER_KEY=$other_key
step run2 "$candor" run --db out/audit.db --run other --suite suite.jsonl --no-bundled \
  --target "openai:$url#m?key_env=CANDOR_TEST_OTHER_KEY&retries=1&backoff=0.01"
step judge1 "$candor" judge --db out/audit.db --run default --suite suite.jsonl --no-bundled
step judge2 "$candor" judge --db out/audit.db --run other --suite suite.jsonl --no-bundled
for fmt in html md csv json; do
  step "report_$fmt" "$candor" report --db out/audit.db --run default --run other \
    --suite suite.jsonl --no-bundled --format "$fmt" -o "out/report.$fmt"
done
step export_jsonl "$candor" runs export default --db out/audit.db --format jsonl -o out/default.jsonl
step export_csv "$candor" runs export other --db out/audit.db --format csv -o out/other.csv
step export_stdout "$candor" runs export default --db out/audit.db --format jsonl
step show "$candor" runs show default --db out/audit.db
step list "$candor" runs list --db out/audit.db
step compare "$candor" compare --db out/audit.db --run default --run other --suite suite.jsonl --no-bundled
unset CANDOR_TEST_OTHER_KEY OPENAI_API_KEY
sqlite3 out/audit.db .dump > logs/dump.sql

# The runs did what they should: the failing rows failed (exit 1), the rest succeeded.
[[ $(cat logs/run1.code) == 1 && $(cat logs/run2.code) == 1 ]] || fail "the runs exited $(cat logs/run1.code), $(cat logs/run2.code); expected 1 (the 401 and 403 rows)"
for s in judge1 judge2 report_html report_md report_csv report_json export_jsonl export_csv export_stdout show list; do
  [[ $(cat "logs/$s.code") == 0 ]] || fail "$s exited $(cat "logs/$s.code"): $(cat "logs/$s.err")"
done
[[ $(sqlite3 out/audit.db "SELECT count(*) FROM answers WHERE error_class = ''") == 18 ]] ||
  fail "expected 18 answers: $(sqlite3 out/audit.db "SELECT run, probe_id, error_class, error_message FROM answers")"
# The server did receive each key: the echoes were there and were redacted. The 401 of run
# 'other' shows the key_env key was sent, not the decoy in OPENAI_API_KEY.
redacted=$(sqlite3 out/audit.db "SELECT count(*) FROM answers WHERE (error_message LIKE '%Bearer [redacted]%' OR answer LIKE '%Bearer [redacted]%')")
[[ $redacted == 9 ]] || fail "expected 9 redacted echoes of the key, found $redacted: $(sqlite3 out/audit.db "SELECT run, probe_id, error_message, answer FROM answers WHERE probe_id LIKE 'none-e%'")"

# No piece of any key anywhere: each key's whole text and every 16-character piece of it.
for k in "$key" "$other_key" "$decoy"; do
  for ((at = 0; at + 16 <= ${#k}; at += 8)); do
    piece=${k:at:16}
    if hits=$(grep -rlaF -- "$piece" out logs); then
      fail "a piece of a key ('$piece') was written to: $hits"
    fi
  done
done
echo "ok: $(ls out logs | wc -l) files, the database and every output line hold no piece of the keys"
stop_fault_server "$FS_PID"

# --- TLS ---------------------------------------------------------------------------------------
start_fault_server --name tls --tls
url="https://127.0.0.1:$FS_PORT/v1"
neutral_probe t1 "Over TLS?" > tls.jsonl
targs=(--db tls.db --suite tls.jsonl --no-bundled)
# Verified by default: the self-signed certificate is refused, and the row says how to proceed.
set +e
"$candor" run "${targs[@]}" --run verified --target "openai:$url#m?retries=0" 2> verified.err
code=$?
set -e
[[ $code == 1 ]] || fail "an unverifiable certificate: exit $code: $(cat verified.err)"
msg=$(sqlite3 tls.db "SELECT error_message FROM answers WHERE run = 'verified'")
[[ $msg == *"TLS certificate verification failed"*"insecure=1"* ]] || fail "unclear TLS error: $msg"
# An existing verified run cannot be resumed with verification off.
set +e
"$candor" run "${targs[@]}" --run verified --target "openai:$url#m?retries=0&insecure=1" 2> resumed.err
code=$?
set -e
[[ $code == 2 ]] && grep -q "another configuration" resumed.err ||
  fail "turning verification off on an existing run was not refused (exit $code): $(cat resumed.err)"
# Off only when asked for, and then recorded with the run.
"$candor" run "${targs[@]}" --run insecure --target "openai:$url#m?retries=0&insecure=1" 2> insecure.err ||
  fail "insecure=1 did not connect: $(cat insecure.err)"
[[ $(sqlite3 tls.db "SELECT answer FROM answers WHERE run = 'insecure'") == "tls echo: Over TLS?" ]] ||
  fail "insecure=1 stored no answer"
"$candor" runs show insecure --db tls.db > show_insecure.txt
[[ $(jq -r '.targets[]' < <(sed -n '/^{/,/^}/p' show_insecure.txt)) == *"insecure=1"* ]] ||
  fail "runs show does not record insecure=1: $(cat show_insecure.txt)"
"$candor" runs show verified --db tls.db > show_verified.txt
! grep -q insecure show_verified.txt || fail "a verified run is shown as insecure"
"$candor" runs list --db tls.db | grep -q "^insecure .*insecure=1" || fail "runs list does not show insecure=1"
stop_fault_server "$FS_PID"
echo "ok: TLS is verified by default; insecure=1 is stored with the run and shown"
