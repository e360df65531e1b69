#!/usr/bin/env bash
# The stdio benchmark in one run: builds the release conhub-mcp, the driver and the floor
# stub, installs the peer's pinned Node packages, drives the three servers with the same
# client (bench/stdio_driver) and prints the table and target ratios (bench/README.md).
# Raw results go to bench/results/stdio-<timestamp>.json. Exit status: 0 when every
# server was measured (targets met or missed), 1 when something broke, 2 on bad usage.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run_stdio_bench.sh [--quick] [--conhub PATH]
  --quick         smaller counts for a smoke run (results are not comparable with full runs)
  --conhub PATH   measure this conhub-mcp binary instead of building build/release's
EOF
}

name=stdio
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args "$@"

if [[ $quick == 1 ]]; then
  cold_runs=5 warmup=50 seq=300 seconds=0.5
else
  cold_runs=20 warmup=200 seq=2000 seconds=3
fi

# 1. Build (release), quietly; the log is kept next to the results.
targets=(stdio_driver floor_stub)
[[ -n $conhub ]] || targets+=(conhub-mcp)
bench_build "${targets[@]}"
bench_conhub
driver="$build/bench/stdio_driver"
floor="$build/bench/floor_stub"

# 2. The peer's Node packages, exactly as locked.
bench_install

# conhub-mcp gets a throwaway home so the bench never touches a real one.
conhub_home="$(mktemp -d)"
trap 'rm -rf "$conhub_home"' EXIT

# 3. Measure. One driver run per server, one JSON line each, after a line of context.
git_commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD 2>/dev/null || git_commit="$git_commit+dirty"
printf '{"meta":{"timestamp":"%s","commit":"%s","quick":%s,"loadavg":"%s","nproc":%s,"kernel":"%s","node":"%s","cold_runs":%s,"warmup":%s,"seq":%s,"seconds":%s}}\n' \
  "$stamp" "$git_commit" "$([[ $quick == 1 ]] && echo true || echo false)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$(uname -r)" "$(node --version)" \
  "$cold_runs" "$warmup" "$seq" "$seconds" >"$out"

failed=0
measure() {
  local label="$1"
  shift
  echo "measuring $label: $*"
  if ! "$driver" --label "$label" --cold-runs "$cold_runs" --warmup "$warmup" --seq "$seq" --seconds "$seconds" \
    --server-log "$results/stdio-$stamp.$label.stderr.log" -- "$@" >>"$out"; then
    failed=1
  fi
}
# The floor runs right before conhub: the two tight ratios compare those two, and this
# shared machine's background load drifts over minutes.
measure peer node "$bench/peer/echo_server.mjs"
measure floor "$floor"
CONHUB_HOME="$conhub_home" measure conhub "$conhub" serve --stdio

# 4. Report.
echo ""
node "$bench/report.mjs" "$out" || failed=1
echo ""
echo "raw results: ${out#"$root"/}"
exit "$failed"
