#!/usr/bin/env bash
# Installs everything conhub-mcp needs on a fresh Debian 12 machine: the build toolchain and
# libraries from Debian's packages, and (unless --no-node) the Node packages the tests and
# benchmarks pin in their lockfiles. --bench adds the HTTP benchmark's load generator (wrk).
# Idempotent: installs only what is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
with_node=1
with_bench=0
for arg in "$@"; do
  case "$arg" in
    --no-node) with_node=0 ;;
    --bench) with_bench=1 ;;
    *) echo "usage: scripts/setup.sh [--no-node] [--bench]" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake pkg-config ccache git
  libcpp-httplib-dev nlohmann-json3-dev libcurl4-openssl-dev libsqlite3-dev sqlite3
  libsodium-dev libspdlog-dev libfmt-dev libgtest-dev
)
(( with_bench )) && packages+=(wrk)
(( with_node )) && ! command -v node >/dev/null 2>&1 && packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if (( ${#missing[@]} )); then
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

if (( with_node )); then
  "$root/scripts/install-node-test-deps.sh"
fi
