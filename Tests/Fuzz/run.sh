#!/usr/bin/env bash
# Tests/Fuzz/run.sh: builds the libFuzzer targets (swiftc -sanitize=fuzzer,address, -DFUZZING) in .build-fuzz and
# runs each on its seed corpus (Tests/Fuzz/corpus/<target>), which libFuzzer grows in a scratch copy.
#
#   bash Tests/Fuzz/run.sh                  # every target, 1,000,000 runs each
#   RUNS=10000000 bash Tests/Fuzz/run.sh    # the count issue 13 asks for before closing it
#   SECONDS_EACH=600 bash Tests/Fuzz/run.sh mqtt pem
#
# A crash leaves crash-* in the work folder and stops the script; copy the file into Tests/Fuzz/corpus/<target>
# and Tests/Fuzz/crashes/<target>, where FuzzCorpusTests replays it in every test run from then on.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
RUNS=${RUNS:-1000000}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mqtt websocket handshake pem)
product() {
  case "$1" in
    mqtt) echo FuzzMQTT ;; websocket) echo FuzzWebSocket ;; handshake) echo FuzzHandshakeFailure ;; pem) echo FuzzPEM ;;
    *) echo "unknown target $1 (mqtt, websocket, handshake, pem)" >&2; exit 2 ;;
  esac
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  name=$(product "$target")
  swift build -c release --scratch-path .build-fuzz --product "$name" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/dev/null
  mkdir -p "$work/$target"
  cp -r "Tests/Fuzz/corpus/$target/." "$work/$target/" 2>/dev/null || true
  limit=(-runs="$RUNS")
  [ -z "${SECONDS_EACH:-}" ] || limit=(-max_total_time="$SECONDS_EACH")
  echo "fuzzing $target ($name): ${limit[*]}"
  (cd "$work" && "$root/.build-fuzz/release/$name" "${limit[@]}" -max_len=4096 -print_final_stats=1 "$work/$target" \
    2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|Done|crash-" || true)
  if ls "$work"/crash-* >/dev/null 2>&1; then
    mkdir -p "Tests/Fuzz/crashes/$target"; cp "$work"/crash-* "Tests/Fuzz/crashes/$target/"
    echo "CRASH in $target: copied to Tests/Fuzz/crashes/$target" >&2
    exit 1
  fi
done
