#!/usr/bin/env bash
# A full disk, simulated with a file size limit (RLIMIT_FSIZE, `ulimit -f`): `candor run` stops
# with a non-zero exit and one clear line, the database stays consistent, and once the limit is
# lifted the same command completes the run without losing or duplicating a row. The judge and
# the writers of exports and reports meet the same limit the same way.
#
#   full_disk_test.sh CANDOR CANDOR_FAULT_SERVER
candor=$1
fault_server=$2
source "$(dirname "$0")/../support/harness.sh"

# 100 probes x 40 samples: 4000 answers of about 200 bytes (the server echoes the prompt), stored
# with the prompt sent: about 3 MB in the WAL, against a limit of 1 MiB per file. The run stores
# rows in transactions of up to 256 rows, so a few commit before the limit is hit.
filler=$(printf 'a long question about rivers, mountains and the weather in spring, %.0s' $(seq 1 2))
for i in $(seq 1 100); do neutral_probe "d$i" "Question $i: $filler?"; done > suite.jsonl
total=4000
start_fault_server --name echo
args=(--db full.db --run d --suite suite.jsonl --no-bundled --samples 40
      --target "openai:http://127.0.0.1:$FS_PORT/v1#m?concurrency=4")

set +e
(ulimit -f 1024 && exec "$candor" run "${args[@]}") > limited.out 2> limited.err
code=$?
set -e
msg=$(cat limited.err)
(( code != 0 && code < 128 )) || fail "under the limit: exit $code (expected an error exit, not a signal): $msg"
# The progress lines aside, the error is one line naming the database and the cause.
err=$(grep '^candor: ' limited.err || true)
one_line "$err"
[[ $err == "candor: full.db: "*"full.db-wal reached the file size limit (1048576 bytes, ulimit -f); what is stored is intact"* ]] ||
  fail "unclear message under the limit: $err"
integrity_ok full.db
stored=$(sqlite3 full.db "SELECT count(*) FROM answers")
(( stored > 0 && stored < total )) || fail "the limit should stop the run midway; $stored rows stored"
sqlite3 full.db "SELECT target, probe_id, sample, answer, finished_at FROM answers ORDER BY 1,2,3" > before.txt
echo "under the limit: exit $code with $stored of $total rows stored: $err"

"$candor" run "${args[@]}" 2> resumed.err || fail "the resumed run failed: $(cat resumed.err)"
integrity_ok full.db
no_duplicates full.db
[[ $(sqlite3 full.db "SELECT count(*) FROM answers WHERE error_class = '' AND answer = 'echo echo: ' || json_extract(prompt_sent, '\$[#-1].content')") == "$total" ]] ||
  fail "the resumed run does not hold the $total answers"
sqlite3 full.db "SELECT target, probe_id, sample, answer, finished_at FROM answers ORDER BY 1,2,3" > after.txt
[[ -z $(grep -Fxvf after.txt before.txt) ]] || fail "rows stored before the limit changed or were lost"
grep -q "$stored already there" resumed.err || fail "the resumed run did not skip the $stored stored rows: $(cat resumed.err)"
echo "ok: the resumed run completed with $total rows, the $stored stored before unchanged"

# The judge under a limit smaller than its verdicts (about 1 MB in the WAL): the same kind of
# message, then it resumes.
cp full.db judge.db
set +e
(ulimit -f 256 && exec "$candor" judge --db judge.db --run d --suite suite.jsonl --no-bundled) > judge.out 2> judge.err
code=$?
set -e
jerr=$(cat judge.err)
one_line "$jerr"
[[ $code == 2 && $jerr == "candor: judge.db: "*"reached the file size limit"* ]] || fail "judge under the limit: exit $code: $jerr"
integrity_ok judge.db
judged=$(sqlite3 judge.db "SELECT count(*) FROM verdicts")
(( judged < total )) || fail "the judge under the limit stored every verdict"
"$candor" judge --db judge.db --run d --suite suite.jsonl --no-bundled > /dev/null || fail "the judge did not resume"
[[ $(sqlite3 judge.db "SELECT count(*) FROM verdicts") == "$total" ]] || fail "the resumed judge did not judge every answer"
no_duplicates judge.db

# Exports and reports are written whole or not at all.
for what in "runs export d --format jsonl -o export.jsonl" "runs export d --format csv -o export.csv" \
            "report --run d --suite suite.jsonl --no-bundled --format csv -o report.csv" \
            "report --run d --suite suite.jsonl --no-bundled -o report.html"; do
  out=${what##* }
  set +e
  # shellcheck disable=SC2086
  (ulimit -f 64 && exec "$candor" $what --db judge.db) > w.out 2> w.err
  code=$?
  set -e
  werr=$(grep '^candor: ' w.err || true)
  one_line "$werr"
  [[ $code == 2 && $werr == *"failed (disk full?)" ]] || fail "$what under the limit: exit $code: $(cat w.err)"
  [[ ! -e $out && ! -e $out.tmp ]] || fail "$what under the limit left a partial file"
  "$candor" $what --db judge.db 2> /dev/null || fail "$what failed without the limit"
  [[ -s $out ]] || fail "$what wrote nothing"
done
echo "ok: the judge, exports and reports fail cleanly at the limit and succeed without it"
stop_fault_server "$FS_PID"
