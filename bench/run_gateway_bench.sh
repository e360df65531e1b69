#!/usr/bin/env bash
# The gateway's added latency in one run: the same stdio_driver calls conhub_echo on
# `conhub-mcp serve --stdio` directly, then `hub__conhub_echo` on a conhub-mcp whose
# gateway runs that same server as its child "hub". Prints both p50s of sequential
# tools/call and the overhead against the target of issue 6 (p50 overhead under 100 us
# plus at most 10% of the direct call). Raw lines go to bench/results/gateway-<stamp>.json.
# Exit status: 0 when both were measured, 1 when something broke, 2 on bad usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/run_gateway_bench.sh [--quick] [--build DIR]
  --quick       smaller counts for a smoke run
  --build DIR   use conhub-mcp and stdio_driver already built in DIR (skips the release build)
USAGE
}

quick=0
build=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --build) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; build="$2"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run_gateway_bench.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
results="$bench/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
if [[ -z $build ]]; then
  build="$root/build/release"
  (cd "$root" && cmake --preset release && cmake --build "$build" --target conhub-mcp stdio_driver -j2) \
    >"$results/gateway-$stamp.build.log" 2>&1 || { tail -n 40 "$results/gateway-$stamp.build.log" >&2; exit 1; }
fi
conhub="$build/cli/conhub-mcp"
driver="$build/bench/stdio_driver"
[[ -x $conhub && -x $driver ]] || { echo "run_gateway_bench.sh: need $conhub and $driver" >&2; exit 1; }

if [[ $quick == 1 ]]; then counts=(--cold-runs 3 --warmup 50 --seq 300 --seconds 0.5); else counts=(--cold-runs 5 --warmup 200 --seq 2000 --seconds 2); fi

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
config="$home/gateway.json"
# The gateway never passes CONHUB_* to a child: `env` gives the child its throwaway home.
printf '{"servers":{"hub":{"command":"env","args":["CONHUB_HOME=%s/child","%s","serve","--stdio","--log-level","warn"]}}}\n' \
  "$home" "$conhub" >"$config"
out="$results/gateway-$stamp.json"
export CONHUB_HOME="$home"
"$driver" --label direct "${counts[@]}" -- "$conhub" serve --stdio --log-level warn | tee "$out"
"$driver" --label gateway --tool hub__conhub_echo "${counts[@]}" -- \
  "$conhub" serve --stdio --log-level warn --gateway-config "$config" | tee -a "$out"

node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const [direct, gateway] = lines.map((l) => l.sequential.p50_us);
const overhead = gateway - direct;
const budget = 100 + 0.1 * direct;
console.log(`p50 direct ${direct.toFixed(1)} us, through the gateway ${gateway.toFixed(1)} us: ` +
            `overhead ${overhead.toFixed(1)} us (target < ${budget.toFixed(1)} us: ${overhead < budget ? "met" : "missed"})`);
' "$out"
