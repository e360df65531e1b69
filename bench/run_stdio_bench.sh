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

quick=0
conhub=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --conhub)
      [[ $# -ge 2 ]] || { usage >&2; exit 2; }
      conhub="$2"
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run_stdio_bench.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
build="$root/build/release"
results="$bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/stdio-$stamp.json"
mkdir -p "$results"

if [[ $quick == 1 ]]; then
  cold_runs=5 warmup=50 seq=300 seconds=0.5
else
  cold_runs=20 warmup=200 seq=2000 seconds=3
fi

# 1. Build (release), quietly; the log is kept next to the results.
build_log="$results/stdio-$stamp.build.log"
targets=(stdio_driver floor_stub)
[[ -n $conhub ]] || targets+=(conhub-mcp)
echo "building ${targets[*]} (release; log: ${build_log#"$root"/})"
if ! (cd "$root" && cmake --preset release && cmake --build "$build" --target "${targets[@]}" -j2) >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  echo "run_stdio_bench.sh: the release build failed (full log: $build_log)" >&2
  exit 1
fi
[[ -n $conhub ]] || conhub="$build/cli/conhub-mcp"
if [[ ! -x $conhub ]]; then
  echo "run_stdio_bench.sh: no conhub-mcp binary at $conhub" >&2
  exit 1
fi
driver="$build/bench/stdio_driver"
floor="$build/bench/floor_stub"

# 2. The peer's Node packages, exactly as locked.
"$bench/install.sh" >"$results/stdio-$stamp.install.log" 2>&1 || {
  cat "$results/stdio-$stamp.install.log" >&2
  echo "run_stdio_bench.sh: bench/install.sh failed" >&2
  exit 1
}

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
