#!/usr/bin/env bash
# Benchmarks/hot-functions.sh: regenerates Sources/chaindoctor/hot-functions.order, the list of the functions a
# probe runs, which the linker places side by side at the start of chaindoctor's code (lld
# --symbol-ordering-file, Package.swift). Unordered, the functions of a quick probe lie across 9 MB of the 15 MB
# of code, and the kernel maps them 64 kB at a time: 140 page faults and 9.4 MB of mapped code, each page unmapped
# again at exit; placed first, 95 faults and 6 MB (Benchmarks/README.md, "Code layout").
#
#   bash Benchmarks/hot-functions.sh      # needs valgrind (callgrind) and mosquitto; run it after large changes
#
# The functions are what callgrind saw run inside the chaindoctor binary, by their symbol names (mangled), in
# the order of these workloads: the quick probe first, then what the default probe, the JSON report and `check`
# add, each workload's additions sorted by name. A name the linker no longer finds (a function renamed since) is
# skipped without a warning, so a stale list costs speed, never the build; run.sh says how much of the list the
# binary still has.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
healthy="$root/TestChains/healthy"
out="$root/Sources/chaindoctor/hot-functions.order"
export PATH="$PATH:/usr/sbin"

for tool in valgrind callgrind_annotate mosquitto python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Benchmarks/hot-functions.sh: $tool is required" >&2; exit 2; }
done

work="$(mktemp -d /tmp/chaindoctor-hot.XXXXXX)"
broker=""
finished=0
cleanup() {
  [ -z "$broker" ] || { kill -9 "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; }
  # A run that did not finish leaves the list as it found it (and the binary to be linked with it again).
  if [ "$finished" -eq 0 ] && [ -f "$work/previous" ]; then
    cp "$work/previous" "$out"
    rm -f "$root/.build/release/chaindoctor"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# Traced in plain link order: callgrind writes a binary's functions roughly in address order, so tracing a binary
# laid out by the previous list would hand that layout on (an emptied list, and the binary removed, relink it so).
cp "$out" "$work/previous"
: > "$out"
rm -f "$root/.build/release/chaindoctor"
echo "building: swift build -c release --static-swift-stdlib --product chaindoctor" >&2
(cd "$root" && swift build -c release --static-swift-stdlib --product chaindoctor >&2)
# valgrind cannot read the DWARF 5 that swiftc writes; symbols are all it needs.
binary="$work/chaindoctor"
strip --strip-debug -o "$binary" "$root/.build/release/chaindoctor"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$healthy|g" "$healthy/mosquitto.conf" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

probe=(probe "127.0.0.1:$port" --servername broker.test --cafile "$healthy/client-ca.crt")
workloads=(
  "${probe[*]} --quick --no-mqtt"
  "${probe[*]}"
  "${probe[*]} --json"
  "check $healthy/broker.crt --key $healthy/broker.key --cafile $healthy/client-ca.crt --hostname broker.test"
)
n=0
for workload in "${workloads[@]}"; do
  n=$((n + 1))
  echo "tracing: chaindoctor $workload" >&2
  # shellcheck disable=SC2086 # the workloads are word lists without spaces inside a word
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/trace.$n" "$binary" $workload \
    >/dev/null 2>"$work/valgrind.$n" || true
  [ -s "$work/trace.$n" ] || { cat "$work/valgrind.$n" >&2; exit 2; }
done

# Each trace names a function once as "fn=(id) name" and then by its id; the functions of the binary are those
# under "ob=(id) .../chaindoctor". Recursion levels ("name'2") are one function; unnamed code ("0x...") is left.
python3 - "$binary" "$out" "$work"/trace.* <<'EOF'
import re, sys
binary, out, traces = sys.argv[1], sys.argv[2], sys.argv[3:]
ordered, seen = [], set()
for trace in sorted(traces, key=lambda t: int(t.rsplit(".", 1)[1])):
    objects, functions, current, added = {}, {}, None, []
    for line in open(trace, errors="replace"):
        match = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if match:
            if match.group(3):
                objects[match.group(2)] = match.group(3)
            if match.group(1) == "ob":
                current = objects.get(match.group(2))
            continue
        match = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not match:
            continue
        if match.group(3):
            functions[match.group(2)] = re.sub(r"'\d+$", "", match.group(3))
        name = functions.get(match.group(2))
        if match.group(1) != "fn" or current != binary or not name or name.startswith(("0x", "(")):
            continue
        if name not in seen:
            seen.add(name)
            added.append(name)
    # Sorted by name within a workload: callgrind's own order changes from one build to the next, and placed no
    # better (95 page faults in the code of a quick probe either way); sorted, the list changes, when it is made
    # again, only by the functions that came or went.
    ordered += sorted(added)
with open(out, "w") as file:
    file.write("\n".join(ordered) + "\n")
print(f"{out}: {len(ordered)} functions", file=sys.stderr)
EOF
finished=1
# The list is not an input SwiftPM knows of: remove the binary, so that the next build links it again.
rm -f "$root/.build/release/chaindoctor"
