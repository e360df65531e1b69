#!/usr/bin/env bash
# Installs conhub_mcp from BUILD_DIR into a temporary prefix, builds tests/install/consumer
# against it with find_package, and checks the resulting server answers a tools/call.
set -euo pipefail
build_dir=$1
extra_flags=${2:-}   # e.g. -fsanitize=address,undefined when the library was built so
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log="$work/log"
step() { "$@" >>"$log" 2>&1 || { cat "$log" >&2; echo "failed: $*" >&2; exit 1; }; }

step cmake --install "$build_dir" --prefix "$work/prefix"
step cmake -S "$here/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$extra_flags" -DCMAKE_EXE_LINKER_FLAGS="$extra_flags"
step cmake --build "$work/build" -j 2

reply=$(printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_weather","arguments":{"city":"Oslo"}}}' \
  | "$work/build/weather_server" 2>/dev/null)
if ! grep -q '"text":"Sunny in Oslo"' <<<"$reply"; then
  echo "consumer server did not answer the tools/call; got:" >&2
  echo "$reply" >&2
  exit 1
fi
echo "installed package works: find_package(conhub_mcp) consumer answered tools/call"
