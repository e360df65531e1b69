#!/usr/bin/env bash
# The files benchmark in one run (bench/README.md): builds the release conhub-mcp, the
# files driver and the floor stub, installs the pinned Node packages, writes a throwaway
# directory of 2,000 small files, connects conhub-mcp's files connector to it in a throwaway
# CONHUB_HOME, and drives three servers with the same client (bench/files_driver): the
# official filesystem server (reference), the floor stub (read only) and conhub-mcp. Each
# reads a file, lists the directory and finds files by a glob; the report prints p50/p99
# and the target ratios. Raw results go to bench/results/files-<timestamp>.json.
# Exit status: 0 when every server was measured (targets met or missed), 1 when something
# broke, 2 on bad usage.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run_files_bench.sh [--quick] [--conhub PATH]
  --quick         smaller counts for a smoke run (results are not comparable with full runs)
  --conhub PATH   measure this conhub-mcp binary instead of building build/release's
EOF
}

name=files
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args "$@"

# Sequential calls per operation, after the warm-up calls (both checked).
if [[ $quick == 1 ]]; then
  read_warmup=50 reads=200 list_warmup=10 lists=50 find_warmup=5 finds=30
else
  read_warmup=200 reads=1000 list_warmup=30 lists=300 find_warmup=10 finds=150
fi

# 1. Build (release), quietly; the log is kept next to the results.
targets=(files_driver floor_stub)
[[ -n $conhub ]] || targets+=(conhub-mcp)
bench_build "${targets[@]}"
bench_conhub
driver="$build/bench/files_driver"
floor="$build/bench/floor_stub"

# 2. The reference server's Node packages, exactly as locked.
bench_install
reference="$bench/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"

# 3. The directory and conhub-mcp's home, both thrown away at the end. The tree's path is
# canonical (the servers report canonical paths) and must not hold the tokens the checks count.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
work="$(cd "$work" && pwd -P)"
tree="$work/tree"
conhub_home="$work/home"
case "$tree" in
  *entry-* | *.md* | *\"* | *\\*)
    echo "run_files_bench.sh: the temporary path $tree contains 'entry-', '.md', a quote or a backslash; set TMPDIR elsewhere" >&2
    exit 1
    ;;
esac
read_file="$(node "$bench/make_files_tree.mjs" "$tree")"
files="$(find "$tree" -type f | wc -l)"
entries="$(find "$tree" -mindepth 1 -maxdepth 1 | wc -l)"
md_files="$(find "$tree" -name '*.md' | wc -l)"
if [[ $files != 2000 || ! -f $read_file ]]; then
  echo "run_files_bench.sh: make_files_tree.mjs wrote $files files (expected 2000) or named no read file" >&2
  exit 1
fi
read_bytes="$(wc -c <"$read_file")"
mkdir -m 700 "$conhub_home"
if ! CONHUB_HOME="$conhub_home" "$conhub" connect files --root "$tree" >"$results/files-$stamp.connect.log" 2>&1; then
  cat "$results/files-$stamp.connect.log" >&2
  echo "run_files_bench.sh: conhub-mcp connect files failed" >&2
  exit 1
fi

# 4. Measure. One driver run per server, one JSON line each, after a line of context.
git_commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD 2>/dev/null || git_commit="$git_commit+dirty"
printf '{"meta":{"timestamp":"%s","commit":"%s","quick":%s,"loadavg":"%s","nproc":%s,"kernel":"%s","node":"%s","files":%s,"entries":%s,"md_files":%s,"read_bytes":%s,"reads":%s,"read_warmup":%s,"lists":%s,"list_warmup":%s,"finds":%s,"find_warmup":%s}}\n' \
  "$stamp" "$git_commit" "$([[ $quick == 1 ]] && echo true || echo false)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$(uname -r)" "$(node --version)" \
  "$files" "$entries" "$md_files" "$read_bytes" \
  "$reads" "$read_warmup" "$lists" "$list_warmup" "$finds" "$find_warmup" >"$out"

# The same operations for every server; only tool names and argument shapes differ.
# read: the text must be the file's bytes; list: one "entry-" per top-level entry;
# find: one ".md" per match of **/*.md anywhere below the root. Two more, for reading the
# numbers and not in the targets: the reference's listing with sizes (sizes: what conhub's
# listing returns too, one stat per entry) and conhub's echo tool (echo: the framework's
# round trip without the connector).
read_op=(--args "{\"path\":\"$read_file\"}" --calls "$reads" --warmup "$read_warmup" --expect-file "$read_file")
failed=0
measure() {
  local label="$1"
  shift
  echo "measuring $label"
  if ! "$driver" --label "$label" --server-log "$results/files-$stamp.$label.stderr.log" "$@" >>"$out"; then
    failed=1
  fi
}
# The floor runs right before conhub: the read ratio compares those two, and this shared
# machine's background load drifts over minutes.
measure reference \
  --op read --tool read_text_file "${read_op[@]}" \
  --op list --tool list_directory --args "{\"path\":\"$tree\"}" --calls "$lists" --warmup "$list_warmup" \
  --expect-count entry- "$entries" \
  --op find --tool search_files --args "{\"path\":\"$tree\",\"pattern\":\"**/*.md\"}" --calls "$finds" \
  --warmup "$find_warmup" --expect-count .md "$md_files" \
  --op sizes --tool list_directory_with_sizes --args "{\"path\":\"$tree\"}" --calls "$lists" \
  --warmup "$list_warmup" --expect-count entry- "$entries" \
  -- node "$reference" "$tree"
measure floor --op read --tool files_read_text "${read_op[@]}" -- "$floor" --reply-file "$read_file"
CONHUB_HOME="$conhub_home" measure conhub \
  --op read --tool files_read_text "${read_op[@]}" \
  --op list --tool files_list_directory --args "{\"path\":\"$tree\"}" --calls "$lists" --warmup "$list_warmup" \
  --expect-count entry- "$entries" \
  --op find --tool files_find --args "{\"path\":\"$tree\",\"pattern\":\"**/*.md\",\"max_results\":5000}" \
  --calls "$finds" --warmup "$find_warmup" --expect-count .md "$md_files" \
  --op echo --tool conhub_echo --args '{"text":"conhub-bench-echo"}' --calls "$reads" --warmup "$read_warmup" \
  --expect-count conhub-bench-echo 1 \
  -- "$conhub" serve --stdio

# 5. Report.
echo ""
node "$bench/report_files.mjs" "$out" || failed=1
echo ""
echo "raw results: ${out#"$root"/}"
exit "$failed"
