#!/usr/bin/env bash
# The HTTP benchmark in one run: builds the release conhub-mcp, the floor stub and the session
# helper, installs wrk (scripts/setup.sh --bench) and the peer's pinned Node packages, drives
# the three Streamable HTTP servers with the same wrk script and prints the table and target
# ratios (bench/README.md). Raw results go to bench/results/http-<timestamp>.json.
# Exit status: 0 when every server was measured (targets met or missed; conhub skipped with
# BENCH_SKIP_CONHUB=1 counts as measured), 1 when something broke, 2 on bad usage.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run_http_bench.sh [--quick] [--conhub PATH]
  --quick         2 s per level, 1 s warm-up (results are not comparable with full runs)
  --conhub PATH   measure this conhub-mcp binary instead of building build/release's
environment:
  BENCH_SECONDS=N        seconds per throughput level (integer >= 1; default 10, --quick 2)
  BENCH_IDLE_SESSIONS=N  sessions opened for the idle-memory phase (default 1000)
  BENCH_SKIP_CONHUB=1    measure only the peer and the floor (conhub's row says "skipped")
EOF
}

name=http
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args "$@"

if [[ $quick == 1 ]]; then
  seconds="${BENCH_SECONDS:-2}" warmup=1
else
  seconds="${BENCH_SECONDS:-10}" warmup=2
fi
idle_sessions="${BENCH_IDLE_SESSIONS:-1000}"
skip_conhub="${BENCH_SKIP_CONHUB:-0}"
[[ $skip_conhub == 0 || $skip_conhub == 1 ]] || { echo "run_http_bench.sh: BENCH_SKIP_CONHUB must be 0 or 1" >&2; exit 2; }
# wrk takes whole seconds only.
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "run_http_bench.sh: BENCH_SECONDS must be an integer >= 1" >&2; exit 2; }
[[ $idle_sessions =~ ^[1-9][0-9]*$ ]] || { echo "run_http_bench.sh: BENCH_IDLE_SESSIONS must be an integer >= 1" >&2; exit 2; }

# 1. wrk (Debian package) and the rest of the toolchain.
setup_log="$results/http-$stamp.setup.log"
if ! "$root/scripts/setup.sh" --bench >"$setup_log" 2>&1; then
  cat "$setup_log" >&2
  echo "run_http_bench.sh: scripts/setup.sh --bench failed" >&2
  exit 1
fi

# 2. Build (release), quietly; the log is kept next to the results.
targets=(http_floor_stub http_sessions)
[[ -n $conhub || $skip_conhub == 1 ]] || targets+=(conhub-mcp)
bench_build "${targets[@]}"
[[ $skip_conhub == 1 ]] || bench_conhub
floor="$build/bench/http_floor_stub"
sessions_tool="$build/bench/http_sessions"
lua="$bench/wrk/tools_call.lua"

# 3. The peer's Node packages, exactly as locked.
bench_install

# conhub-mcp gets a throwaway home so the bench never touches a real one.
conhub_home="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -z $server_pid ]] || kill -KILL "$server_pid" 2>/dev/null || true
  rm -rf "$conhub_home"
}
trap cleanup EXIT

git_commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD 2>/dev/null || git_commit="$git_commit+dirty"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
printf '{"meta":{"kind":"http","timestamp":"%s","commit":"%s","quick":%s,"loadavg":"%s","nproc":%s,"kernel":"%s","node":"%s","wrk":"%s","seconds":%s,"warmup_s":%s,"idle_sessions":%s}}\n' \
  "$stamp" "$git_commit" "$([[ $quick == 1 ]] && echo true || echo false)" "$(loadavg)" "$(nproc)" \
  "$(uname -r)" "$(node --version)" "$(wrk -v 2>&1 | head -n1 | cut -d' ' -f2)" \
  "$seconds" "$warmup" "$idle_sessions" >"$out"

# --- helpers over /proc of the server (a child of this shell: a dead one is a zombie,
# whose status has no VmRSS line, so "has VmRSS" means "alive").
status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
alive() { [[ -n "$(status_field "$1" VmRSS)" ]]; }
# utime + stime in microseconds (fields 14 and 15, counted after the ")" closing comm).
cpu_us() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }"
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) * 1000000 / hz }' <<<"$stat"
}
# Polls VmRSS for up to 5 s until it is within max(2 MiB, 10 %) of $2; prints "rss ms".
settle_rss() {
  local pid="$1" base="$2" tol rss start now
  tol=$((base / 10 > 2048 ? base / 10 : 2048))
  start=$(date +%s%N)
  while :; do
    rss="$(status_field "$pid" VmRSS)"
    [[ -n $rss ]] || { echo "0 0"; return; }
    now=$(date +%s%N)
    if (((rss - base) <= tol && (base - rss) <= tol)) || ((now - start >= 5000000000)); then
      echo "$rss $(((now - start) / 1000000))"
      return
    fi
    sleep 0.1
  done
}
json_string() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' -- "$1"; }

failed=0
# measure LABEL CMD... : starts the server, runs every phase, appends one JSON line to $out
# ({"label":…,…} or {"label":…,"error":…}) and stops the server.
measure() {
  local label="$1"
  shift
  local log="$results/http-$stamp.$label.stderr.log" wrk_log="$results/http-$stamp.$label.wrk.log"
  local error="" line="" port="" url pid i
  echo "measuring $label: $*"
  "$@" 2>"$log" </dev/null >/dev/null &
  pid=$!
  server_pid=$pid
  for ((i = 0; i < 200; i++)); do
    port="$(sed -n 's|.*listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$log" | head -n1)"
    [[ -z $port ]] || break
    alive "$pid" || break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    error="the server printed no 'listening on http://HOST:PORT' line within 20 s (see ${log#"$root"/})"
    alive "$pid" || error="the server exited before listening (see ${log#"$root"/})"
  fi
  url="http://127.0.0.1:$port"

  local rss_start="" rss_base="" rss_64="" rss_after="" settle_ms="" sids="" phases="" idle="" threads=""
  [[ -n $error ]] || rss_start="$(status_field "$pid" VmRSS)"
  # One session per wrk thread (at most 2), opened beforehand and reused by every wrk run.
  if [[ -z $error ]] && ! sids="$(timeout 60 "$sessions_tool" "$url" create 2 2>>"$wrk_log")"; then
    error="opening the wrk sessions failed: $(tail -n1 "$wrk_log")"
  fi
  # Phases: idle sessions first, on a server that has done little else (so the new sessions
  # cannot reuse memory freed by the load, nor a GC collect the load's garbage meanwhile);
  # then a warm-up at 64 connections (threads, stacks, malloc arenas and the JIT are warm
  # after it: RSS then is the load's baseline), then 1 (the sequential round trip), 8 and 64.
  local phase c t secs base json cpu0 cpu1 per_call entry requests
  local -a plan=(idle "warmup 64 $warmup" "c1 1 $seconds" "c8 8 $seconds" "c64 64 $seconds")
  base=0
  for entry in "${plan[@]}"; do
    [[ -z $error ]] || break
    if [[ $entry == idle ]]; then
      # Memory per idle session, then DELETE them all: RSS must come back near where it was.
      idle="$(timeout 300 "$sessions_tool" "$url" idle --pid "$pid" --count "$idle_sessions" 2>>"$wrk_log")" || true
      if ! alive "$pid"; then
        error="idle sessions: the server died (see ${log#"$root"/})"
      elif [[ -z $idle ]]; then
        error="idle sessions: no result (see ${wrk_log#"$root"/})"
      elif [[ $idle == '{"error":'* ]]; then
        error="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).error)' -- "$idle")"
      fi
      continue
    fi
    read -r phase c secs <<<"$entry"
    t=$((c < 2 ? c : 2))
    base=$((base + 1000000000))  # each run its own id range within the sessions
    cpu0="$(cpu_us "$pid")"
    echo "== $phase: wrk -t$t -c$c -d${secs}s" >>"$wrk_log"
    # shellcheck disable=SC2086  # sids: one word per session
    if ! timeout $((secs + 60)) wrk -t"$t" -c"$c" -d"${secs}s" --timeout 10s -s "$lua" "$url/mcp" -- "$base" $sids >>"$wrk_log" 2>&1; then
      error="$phase: wrk failed (see ${wrk_log#"$root"/})"
    fi
    cpu1="$(cpu_us "$pid")"
    if ! alive "$pid"; then
      error="$phase: the server died (see ${log#"$root"/})"
      break
    fi
    [[ -z $error ]] || break
    json="$(sed -n 's/^WRK_JSON //p' "$wrk_log" | tail -n1)"
    sed -i 's/^WRK_JSON /WRK_JSON_SEEN /' "$wrk_log"
    [[ -n $json ]] || { error="$phase: wrk printed no result line (see ${wrk_log#"$root"/})"; break; }
    requests=0
    [[ $json =~ \"requests\":([0-9]+) ]] && requests="${BASH_REMATCH[1]}"
    per_call="$(awk -v a="$cpu0" -v b="$cpu1" -v n="$requests" 'BEGIN { printf("%.1f", n > 0 ? (b - a) / n : 0) }')"
    phases+="${phases:+,}\"$phase\":${json%\}},\"connections\":$c,\"wrk_threads\":$t,\"server_cpu_us_per_call\":$per_call,\"loadavg_after\":\"$(loadavg)\"}"
    if [[ $phase == warmup ]]; then rss_base="$(status_field "$pid" VmRSS)"; fi
    if [[ $phase == c64 ]]; then
      rss_64="$(status_field "$pid" VmRSS)"
      threads="$(status_field "$pid" Threads)"
    fi
  done
  # End the wrk sessions, then RSS must come back near the baseline too.
  # shellcheck disable=SC2086
  if [[ -z $error ]] && ! timeout 60 "$sessions_tool" "$url" delete $sids 2>>"$wrk_log"; then
    error="closing the wrk sessions failed: $(tail -n1 "$wrk_log")"
  fi
  [[ -n $error ]] || read -r rss_after settle_ms < <(settle_rss "$pid" "$rss_base")
  [[ -n $error ]] || alive "$pid" || error="the server died after the load (see ${log#"$root"/})"
  local health=""
  [[ -n $error ]] || health="$(timeout 20 "$sessions_tool" "$url" health 2>>"$wrk_log")" || true
  local hwm
  hwm="$(status_field "$pid" VmHWM)"

  # Stop: SIGTERM, 5 s to exit, then SIGKILL. A server that died earlier is a crash.
  local stopped="" status=0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      stopped="killed: still running 5 s after SIGTERM"
    fi
  elif [[ -z $error ]]; then
    error="the server died (see ${log#"$root"/})"
  fi
  wait "$pid" 2>/dev/null || status=$?
  server_pid=""
  [[ -n $stopped ]] || stopped="$( ((status > 128)) && echo "signal $((status - 128))" || echo "exit $status")"

  if [[ -n $error ]]; then
    line="{\"label\":\"$label\",\"error\":$(json_string "$error"),\"stopped\":\"$stopped\"}"
    failed=1
  else
    line="{\"label\":\"$label\",\"loadavg_at_start\":\"$la_start\",\"threads\":${threads:-0},\"phases\":{$phases},"
    line+="\"rss_kib\":{\"start\":$rss_start,\"baseline\":$rss_base,\"after_c64\":$rss_64,\"after_load\":$rss_after,"
    line+="\"after_load_settle_ms\":$settle_ms,\"hwm\":${hwm:-0}},\"idle\":$idle,\"health_final\":${health:-0},\"stopped\":\"$stopped\"}"
  fi
  echo "$line" >>"$out"
}

# The floor runs right before conhub, as in the stdio bench: the floor ratio compares those
# two, and this shared machine's background load drifts over minutes.
la_start="$(loadavg)"
measure peer node "$bench/peer/echo_http_server.mjs"
la_start="$(loadavg)"
measure floor "$floor"
if [[ $skip_conhub == 1 ]]; then
  echo "conhub: skipped (BENCH_SKIP_CONHUB=1)"
  echo '{"label":"conhub","skipped":"BENCH_SKIP_CONHUB=1"}' >>"$out"
else
  la_start="$(loadavg)"
  CONHUB_HOME="$conhub_home" measure conhub "$conhub" serve --http 127.0.0.1:0 --no-auth
fi

# 4. Report.
echo ""
node "$bench/report_http.mjs" "$out" || failed=1
echo ""
echo "raw results: ${out#"$root"/}"
exit "$failed"
