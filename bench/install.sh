#!/usr/bin/env bash
# Installs the peer server's Node packages (bench/package-lock.json, exact versions) into
# bench/node_modules when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.package-lock.json
if [[ -f "$stamp" && "$stamp" -nt package-lock.json && -d node_modules/@modelcontextprotocol/sdk ]]; then
  exit 0
fi
npm ci --no-audit --no-fund
