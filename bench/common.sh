# Sourced by run_stdio_bench.sh, run_http_bench.sh and run_files_bench.sh after they set
# `name` (stdio, http, files; it names the results) and define usage(): the options they all
# take, their paths, and the quiet release build and Node install, each with its log next to
# the results.

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
build="$root/build/release"
results="$bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/$name-$stamp.json"
mkdir -p "$results"

# --quick and --conhub PATH set `quick` and `conhub`; -h prints usage; anything else: exit 2.
bench_parse_args() {
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
      *) echo "run_${name}_bench.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
  done
}

# Configures the release preset and builds the given targets (-j2); exit 1 on failure.
bench_build() {
  local log="$results/$name-$stamp.build.log"
  echo "building $* (release; log: ${log#"$root"/})"
  if ! (cd "$root" && cmake --preset release && cmake --build "$build" --target "$@" -j2) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "run_${name}_bench.sh: the release build failed (full log: $log)" >&2
    exit 1
  fi
}

# The conhub-mcp to measure: --conhub's, else the release build's; exit 1 when it is missing.
bench_conhub() {
  [[ -n $conhub ]] || conhub="$build/cli/conhub-mcp"
  if [[ ! -x $conhub ]]; then
    echo "run_${name}_bench.sh: no conhub-mcp binary at $conhub" >&2
    exit 1
  fi
}

# The Node packages (peer servers, reference server), exactly as locked.
bench_install() {
  local log="$results/$name-$stamp.install.log"
  "$bench/install.sh" >"$log" 2>&1 || {
    cat "$log" >&2
    echo "run_${name}_bench.sh: bench/install.sh failed" >&2
    exit 1
  }
}
