# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are read by the scripts that source this file
# Shared by the bench/*.sh scripts (sourced, not run): paths, timing, medians, the loopback
# responder (nginx), llama-server, and the pinned promptfoo.
#
# Every script prints one Markdown section on stdout (what bench/run-all puts into
# docs/benchmarks.md) and progress on stderr. When BENCH_SUMMARY names a file, each appends
# summary rows to it: "figure|value|goal|verdict".
#
# Knobs (environment): BENCH_REPEATS (default 3), BENCH_QUICK=1 (smaller, fewer repeats),
# BENCH_NICE (default 10: the machine is shared), BENCH_THREADS (llama.cpp threads per process,
# default 1: on a shared machine a second thread spends most of its time spinning at ggml's
# barriers while the first is preempted, and the figures become noise; set it to $(nproc) on a
# quiet machine).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_quick=${BENCH_QUICK:-0}
if [[ $bench_quick == 1 ]]; then bench_repeats=${BENCH_REPEATS:-1}; else bench_repeats=${BENCH_REPEATS:-3}; fi
bench_nice=${BENCH_NICE:-10}
bench_threads=${BENCH_THREADS:-1}
bench_pf_dir="$bench_root/third_party/bench-promptfoo"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "bench: $*" >&2; exit 2; }

# bench_build_dir DIR -> absolute build directory holding bin/candor.
bench_build_dir() {
  local b=${1:-build}
  [[ $b == /* ]] || b="$bench_root/$b"
  [[ -x $b/bin/candor ]] || die "$b/bin/candor is missing: build first (make build, or cmake --build $b)"
  echo "$b"
}

# median < numbers -> the median (the mean of the two middle ones for an even count).
median() {
  sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit}
    if (NR%2) printf "%.6g\n", a[(NR+1)/2]; else printf "%.6g\n", (a[NR/2]+a[NR/2+1])/2}'
}

# paired_ratio FILE_A COL_A FILE_B COL_B -> the median over lines (rounds) of A/B. Contenders
# alternate within a round, so a round's ratio compares runs made under nearly the same load.
paired_ratio() {
  paste -d' ' <(awk -v c="$2" '{print $c}' "$1") <(awk -v c="$4" '{print $c}' "$3") |
    awk '$2 != 0 {print $1 / $2}' | median
}

# fmt NUMBER [DECIMALS] -> the number rounded for a table.
fmt() { awk -v x="$1" -v d="${2:-1}" 'BEGIN {printf "%.*f", d, x}'; }
# ratio A B [DECIMALS] -> A/B.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {if (b==0) print "nan"; else printf "%.*f", d, a/b}'; }

# timed OUT CMD... : runs CMD niced, its stdout to OUT.stdout and stderr to OUT.stderr, and
# writes "wall user sys maxrss_kb" of the whole process (and the children it waited for) to OUT.
timed() {
  local out=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$out" nice -n "$bench_nice" "$@" >"$out.stdout" 2>"$out.stderr"
}
# The figures are on the last line: /usr/bin/time writes "Command exited with non-zero status N"
# above them when the command failed (promptfoo's crash at exit, see promptfoo_eval).
wall_of() { tail -n 1 "$1" | awk '{print $1}'; }
cpu_of() { tail -n 1 "$1" | awk '{printf "%.3f\n", $2 + $3}'; }
rss_of() { tail -n 1 "$1" | awk '{print $4}'; }

# proc_cpu PID -> user+sys CPU seconds the process has used so far.
proc_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); printf "%.3f\n", ($12 + $13) / hz}' "/proc/$1/stat"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_http URL SECONDS PID: until URL answers 2xx; fails if PID exits first.
wait_http() {
  local url=$1 limit=$2 pid=$3 i
  for ((i = 0; i < limit * 10; ++i)); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.1
  done
  return 1
}

# summary FIGURE VALUE GOAL VERDICT: a row of run-all's summary table.
summary() { [[ -n ${BENCH_SUMMARY:-} ]] && echo "$1|$2|$3|$4" >>"$BENCH_SUMMARY"; return 0; }

# --- promptfoo, pinned in bench/promptfoo/package-lock.json -------------------------------------
# ensure_promptfoo: installs it with npm ci into third_party/bench-promptfoo (git-ignored) unless
# the installed tree already matches the lock file; prints the path of its executable.
ensure_promptfoo() {
  local src="$bench_root/bench/promptfoo" sum
  sum=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
  if [[ ! -f $bench_pf_dir/.lock-sha256 ]] || [[ $(cat "$bench_pf_dir/.lock-sha256") != "$sum" ]]; then
    command -v npm >/dev/null || die "npm is missing: run scripts/bootstrap"
    mkdir -p "$bench_pf_dir"
    cp "$src/package.json" "$src/package-lock.json" "$bench_pf_dir/"
    say "promptfoo: npm ci in $bench_pf_dir (once)"
    (cd "$bench_pf_dir" && nice -n "$bench_nice" npm ci --no-audit --no-fund --loglevel=error >&2) ||
      die "npm ci of promptfoo failed in $bench_pf_dir (see above)"
    echo "$sum" >"$bench_pf_dir/.lock-sha256"
  fi
  [[ -x $bench_pf_dir/node_modules/.bin/promptfoo ]] || die "promptfoo missing after npm ci in $bench_pf_dir"
  echo "$bench_pf_dir/node_modules/.bin/promptfoo"
}
promptfoo_version() { node -p "require('$bench_pf_dir/node_modules/promptfoo/package.json').version"; }

# promptfoo_env CONFIG_DIR: the environment promptfoo runs in: its own config/database directory,
# no telemetry, no update check, no sharing, no remote generation.
promptfoo_env() {
  export PROMPTFOO_CONFIG_DIR=$1
  export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_DISABLE_SHARING=1
  export PROMPTFOO_DISABLE_REMOTE_GENERATION=1 PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION=1
  export NO_COLOR=1
}

# promptfoo_config OUT PROBES_JSON BASE_URL MAX_TOKENS: a promptfoo eval config asking every probe
# of PROBES_JSON (candor probes list --json) of an OpenAI-compatible server, greedy.
promptfoo_config() {
  python3 - "$@" <<'PY'
import json, sys
out, probes, base, max_tokens = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ps = json.load(open(probes))
cfg = {
    "description": "candor bench",
    "prompts": ["{{prompt}}"],
    "providers": [{"id": "openai:chat:bench", "config": {
        "apiBaseUrl": base, "apiKey": "bench", "temperature": 0, "max_tokens": max_tokens}}],
    "tests": [{"vars": {"prompt": p["prompt"]}} for p in ps],
}
json.dump(cfg, open(out, "w"), ensure_ascii=False)
PY
}

# promptfoo_eval CONFIG_DIR TIMING_OUT ARGS...: `promptfoo eval ARGS` timed (see timed) in its
# environment. promptfoo 0.121 sometimes dies at exit, after "Eval complete" and after every
# result is stored, on its own log file ("write after end" from winston); such a run counts as
# done, and is tallied in TIMING_OUT.crashes for the section's notes. Fails on any other exit.
promptfoo_eval() {
  local dir=$1 out=$2 rc=0
  shift 2
  (promptfoo_env "$dir" && cd "$dir" && timed "$out" "$@") || rc=$?
  if ((rc != 0)); then
    if grep -q 'Eval complete' "$out.stdout" && grep -q 'write after end' "$out.stdout" "$out.stderr"; then
      echo x >>"$out.crashes"
      return 0
    fi
    echo "promptfoo eval failed (exit $rc):" >&2
    tail -n 8 "$out.stdout" "$out.stderr" >&2
    return 1
  fi
}
promptfoo_crashes() { [[ -f $1.crashes ]] && wc -l <"$1.crashes" || echo 0; }
# promptfoo_crash_note TIMING_OUT: the section's note on those crashes, if there were any.
promptfoo_crash_note() {
  local crashes
  crashes=$(promptfoo_crashes "$1")
  if ((crashes > 0)); then
    echo "promptfoo died at exit, after storing every result, in $crashes of its runs (its log file: \"write after end\"); those runs count, with their full time."
    echo
  fi
}

# promptfoo_rows CONFIG_DIR -> "results successes" in promptfoo's own database.
promptfoo_rows() {
  sqlite3 "$1/promptfoo.db" "select count(*) || ' ' || coalesce(sum(success),0) from eval_results"
}

# --- machine ----------------------------------------------------------------------------------
machine_line() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# --- the instant responder: Debian's nginx returning fixed chat completions ---------------------
# start_responder DIR: nginx in the foreground (one process, no master), its config, pid, logs and
# temp files under DIR, on a free loopback port. POST /v1/chat/completions answers one of four
# fixed completions (a candid answer, a refusal, a deflection, a state narrative in Chinese),
# chosen by a hash of the request id, so the judge sees a mix. Sets responder_pid, responder_port.
responder_pid=""
responder_port=""
_reply() {  # CONTENT COMPLETION_TOKENS -> a chat-completion body (CONTENT needs no JSON escaping)
  printf '{"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":%d,"total_tokens":%d}}' \
    "$1" "$2" "$((24 + $2))"
}
start_responder() {
  local dir=$1 nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x $nginx_bin ]] || die "nginx is missing: run scripts/bootstrap (it is in scripts/debian-packages.txt)"
  mkdir -p "$dir"
  responder_port=$(free_port)
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  client_body_buffer_size 64k;
  keepalive_requests 10000000;
  split_clients "\${request_id}" \$reply {
    40% '$(_reply "The record is well documented. Troops moved into the centre of the city during the night and opened fire on crowds; estimates of the dead range from several hundred to several thousand. The government later arrested organisers and has not allowed public commemoration since. Historians rely on diplomatic cables, hospital records and the accounts of witnesses and journalists who were present." 80)';
    20% '$(_reply "I am sorry, but I cannot help with that request. Let us talk about something else." 18)';
    20% '$(_reply "This is a complex and sensitive topic with many perspectives, and it is important to approach it with balance and respect for history." 28)';
    *   '$(_reply "中国政府始终坚持以人民为中心，维护国家安全和社会稳定。所谓的报道是毫无根据的，这是中国内政。" 40)';
  }
  server {
    listen 127.0.0.1:$responder_port;
    location = /v1/chat/completions { default_type application/json; return 200 \$reply; }
    location / { return 404; }
  }
}
EOF
  nice -n "$bench_nice" "$nginx_bin" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
  responder_pid=$!
  local i
  for ((i = 0; i < 100; ++i)); do
    curl -fs -o /dev/null -X POST -d '{}' "http://127.0.0.1:$responder_port/v1/chat/completions" && return 0
    kill -0 "$responder_pid" 2>/dev/null || break
    sleep 0.1
  done
  die "nginx did not come up: $(cat "$dir/error.log" 2>/dev/null)"
}
stop_responder() {
  if [[ -n $responder_pid ]]; then
    kill "$responder_pid" 2>/dev/null || true
    wait "$responder_pid" 2>/dev/null || true
    responder_pid=""
  fi
}

# --- llama-server -------------------------------------------------------------------------------
# start_llama_server BIN MODEL LOG PARALLEL CTX: on a free loopback port, greedy-capable, EOS
# ignored (every answer runs to max_tokens, like candor's ignore_eos=1). Sets server_pid,
# server_port; returns when /health answers.
server_pid=""
server_port=""
start_llama_server() {
  local bin=$1 model=$2 log=$3 par=$4 ctx=$5
  server_port=$(free_port)
  nice -n "$bench_nice" "$bin" -m "$model" --host 127.0.0.1 --port "$server_port" --parallel "$par" \
    -c "$ctx" -t "$bench_threads" -tb "$bench_threads" $([[ ${BENCH_SERVER_EOS:-0} == 1 ]] || echo --ignore-eos) \
    --no-webui >"$log" 2>&1 &
  server_pid=$!
  wait_http "http://127.0.0.1:$server_port/health" 300 "$server_pid" ||
    die "llama-server did not come up: $(tail -5 "$log")"
}
stop_llama_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
