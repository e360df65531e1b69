#!/usr/bin/env bash
# Installs the benchmarks' Node packages (bench/package-lock.json, exact versions: the peer
# servers' SDK and the files benchmark's reference server) into bench/node_modules when
# they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.package-lock.json
if [[ -f "$stamp" && "$stamp" -nt package-lock.json && -d node_modules/@modelcontextprotocol/sdk &&
      -d node_modules/@modelcontextprotocol/server-filesystem ]]; then
  exit 0
fi
npm ci --no-audit --no-fund
