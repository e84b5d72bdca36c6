# Shared by the integration scripts that drive the candor binary (sourced, not run): a scratch
# directory, the fault-injecting server as a process, small suites and checks on the database.
# The sourcing script sets `candor` (and `fault_server` when it uses one) before sourcing.
# KEEP_WORK=1 keeps the scratch directory for a look after a failure.

set -euo pipefail
candor=$(realpath "$candor")
if [[ -n ${fault_server:-} ]]; then fault_server=$(realpath "$fault_server"); fi
work=$(mktemp -d)
FS_PIDS=()
cleanup() {
  local pid
  for pid in "${FS_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n ${KEEP_WORK:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"

fail() {
  echo "FAIL: $*"
  exit 1
}

# start_fault_server ARGS...: starts candor-fault-server in the background; sets FS_PID and
# FS_PORT. Pass --port N to bring a server back on a port used before.
start_fault_server() {
  local out
  out=$(mktemp -p "$work" fs.XXXXXX)
  "$fault_server" "$@" > "$out" &
  FS_PID=$!
  FS_PIDS+=("$FS_PID")
  for _ in $(seq 1 1000); do
    [[ -s $out ]] && break
    kill -0 "$FS_PID" 2>/dev/null || fail "candor-fault-server $* did not start"
    sleep 0.01
  done
  FS_PORT=$(head -1 "$out")
  [[ $FS_PORT =~ ^[0-9]+$ ]] || fail "candor-fault-server printed no port"
}

# stop_fault_server PID [SIGNAL]: stops one server and waits for it.
stop_fault_server() {
  kill "-${2:-TERM}" "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# neutral_probe ID_SUFFIX PROMPT: one valid neutral probe line (the prompt is a JSON string body,
# already escaped).
neutral_probe() {
  printf '{"id":"none-%s.en","family":"none-%s","topic":"faults","region":"none","kind":"neutral","lang":"en","style":"factual","prompt":"%s","facts":[],"narrative":[]}\n' \
    "$1" "$1" "$2"
}

# integrity_ok DB: SQLite's own consistency check passes.
integrity_ok() {
  [[ $(sqlite3 "$1" "PRAGMA integrity_check") == ok ]] || fail "$1: PRAGMA integrity_check failed"
}

# no_duplicates DB: at most one row per (run, target, probe, sample), and per verdict key.
no_duplicates() {
  local dups
  dups=$(sqlite3 "$1" "SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY run, target, probe_id, sample HAVING count(*) > 1)")
  [[ $dups == 0 ]] || fail "$1: $dups duplicated answer rows"
  dups=$(sqlite3 "$1" "SELECT count(*) FROM (SELECT 1 FROM verdicts GROUP BY run, target, probe_id, sample, judge HAVING count(*) > 1)")
  [[ $dups == 0 ]] || fail "$1: $dups duplicated verdict rows"
}

# one_line TEXT: exactly one line.
one_line() {
  [[ $(printf '%s\n' "$1" | wc -l) == 1 && -n $1 ]] || fail "expected one line, got: $1"
}
