#!/usr/bin/env bash
# Installs the e2e tests' Node dependencies (tests/e2e) exactly as the lockfile pins them.
# Idempotent: runs `npm ci` only when node_modules is missing or older than the lockfile.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/e2e"
lock="$dir/package-lock.json"
stamp="$dir/node_modules/.package-lock.json"   # written by npm on every install

if ! command -v npm >/dev/null 2>&1; then
  echo "install-node-test-deps: npm not found; install Node.js >= 20 and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [[ ! -f "$lock" ]]; then
  echo "install-node-test-deps: $lock is missing" >&2
  exit 1
fi

if [[ -d "$dir/node_modules" && -f "$stamp" && ! "$lock" -nt "$stamp" ]]; then
  echo "install-node-test-deps: tests/e2e/node_modules is up to date"
  exit 0
fi

echo "install-node-test-deps: npm ci in tests/e2e"
(cd "$dir" && npm ci --no-audit --no-fund)
