#!/usr/bin/env bash
# Benchmarks/run.sh: times chaindoctor (release build) against the OpenSSL and mosquitto tools doing the same
# job, measured in the same run on the same machine, and prints one table: case, chaindoctor median ms, peer
# median ms, ratio (chaindoctor / peer), chaindoctor peak RSS. See Benchmarks/README.md for the cases and the
# targets.
#
#   bash Benchmarks/run.sh                 # RUNS=10 timed runs per command (BUNDLE_RUNS=5 for the 10,000-cert cases)
#   RUNS=20 BUNDLE_RUNS=10 bash Benchmarks/run.sh
#   STRICT=1 bash Benchmarks/run.sh        # exit 1 when a target is missed
#   TARGET_MS=1000 bash Benchmarks/run.sh  # the line a targeted case must stay under (default 500: "well under 1 s")
#   RATIO_RUNS=60 bash Benchmarks/run.sh   # runs of each command in a row with a ratio target (default 30)
#
# A row with a ratio target times chaindoctor and its peer alternately (Benchmarks/alternate.py, with python3):
# timed one after the other, each median takes whatever the machine was doing in its own second or two.
#
# Uses hyperfine when installed (installs it with apt-get when running as root), else (or with NO_HYPERFINE=1)
# a loop timed with date +%s.%N; peak RSS from /usr/bin/time -f %M (package "time", installed the same way).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
chains="$root/TestChains"
RUNS=${RUNS:-10}
BUNDLE_RUNS=${BUNDLE_RUNS:-5}
RATIO_RUNS=${RATIO_RUNS:-30}
STRICT=${STRICT:-0}
# "Well under 1 s": a case with a target is met when its median is below this.
TARGET_MS=${TARGET_MS:-500}
export PATH="$PATH:/usr/sbin"
export LC_ALL=C

# --- tools -------------------------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || need+=(prometheus-blackbox-exporter)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; } ||
    echo "could not install ${need[*]}; continuing with what is there" >&2
fi
for tool in openssl mosquitto mosquitto_pub; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Benchmarks/run.sh: $tool is required" >&2; exit 2; }
done
have_hyperfine=0; command -v hyperfine >/dev/null 2>&1 && [ "${NO_HYPERFINE:-0}" != 1 ] && have_hyperfine=1
have_time=0; [ -x /usr/bin/time ] && have_time=1

# --- build -------------------------------------------------------------------------------------------------
# As the README builds it: the Swift runtime and FoundationEssentials linked statically (half the start-up time).
echo "building: swift build -c release --static-swift-stdlib --product chaindoctor" >&2
(cd "$root" && swift build -c release --static-swift-stdlib --product chaindoctor >&2)
cd_bin="$root/.build/release/chaindoctor"
[ -x "$cd_bin" ] || { echo "Benchmarks/run.sh: $cd_bin was not built" >&2; exit 2; }
# How much of the code layout list the binary still has: a function renamed since Benchmarks/hot-functions.sh
# made the list is no longer placed with the others (README.md, "Code layout").
order="$root/Sources/chaindoctor/hot-functions.order"
layout="hot-functions.order: $(nm "$cd_bin" 2>/dev/null | awk 'NR == FNR { want[$1]; next } ($3 in want) { n++; delete want[$3] } END { print n + 0 }' "$order" -) of $(wc -l < "$order") functions found in the binary"

# --- inputs ------------------------------------------------------------------------------------------------
work="$(mktemp -d /tmp/chaindoctor-bench.XXXXXX)"
brokers=()
cleanup() {
  local pid
  for pid in "${brokers[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

healthy="$chains/healthy"
# The healthy certfile split into its leaf and its intermediate.
awk -v dir="$work" '/-----BEGIN CERTIFICATE-----/ { n++ } { print > (dir "/healthy-" n ".pem") }' "$healthy/broker.crt"
leaf="$work/healthy-1.pem"
intermediate="$work/healthy-2.pem"
# The 10,000-certificate bundle: the healthy leaf, then 9,999 copies of TestChains/ca/intermediate.crt.
bundle="$work/bundle-10000.crt"
{
  cat "$leaf"
  for _ in $(seq 9999); do cat "$chains/ca/intermediate.crt"; done
} > "$bundle"
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$bundle")" -eq 10000 ] || { echo "bundle is not 10,000 certificates" >&2; exit 2; }

# --- measuring ---------------------------------------------------------------------------------------------
q() { printf '%q ' "$@"; }

# median_ms RUNS COMMAND-STRING: the median wall time in milliseconds (failures, i.e. exit codes 1 and 2, are
# expected and ignored: the bundle is rejected on purpose).
median_ms() {
  local runs=$1 command=$2
  if [ "$have_hyperfine" -eq 1 ]; then
    hyperfine --style none --ignore-failure --warmup 1 --runs "$runs" --export-json "$work/h.json" -- "$command" >/dev/null 2>&1
    sed -n 's/^ *"median": *\([0-9.eE+-]*\),*$/\1/p' "$work/h.json" | head -1 | awk '{ printf "%.1f", $1 * 1000 }'
  else
    bash -c "$command" >/dev/null 2>&1 || true   # warm-up
    local i t0 t1
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s.%N)
      bash -c "$command" >/dev/null 2>&1 || true
      t1=$(date +%s.%N)
      echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) * 1000 }'
    done | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  fi
}

# peak_mb COMMAND-STRING: the peak resident set size of one run, in MB (the command itself, not a shell).
peak_mb() {
  if [ "$have_time" -eq 1 ]; then
    /usr/bin/time -f '%M' -o "$work/rss" bash -c "exec $1" >/dev/null 2>&1 || true
    awk '/^[0-9]+$/ { printf "%.1f", $1 / 1024 }' "$work/rss"
  else
    printf 'n/a'
  fi
}

exit_code() { bash -c "$1" >/dev/null 2>&1 && echo 0 || echo $?; }

rows=()
missed=()
# bench NAME RUNS CHAINDOCTOR-COMMAND PEER-NAME PEER-COMMAND [TARGET-MS] [TARGET-RATIO] [TARGET-RSS-MB]
# Each target given ("" for none) is checked: the median under TARGET-MS, chaindoctor/peer at most TARGET-RATIO,
# the peak RSS at most TARGET-RSS-MB.
bench() {
  local name=$1 runs=$2 mine=$3 peer_name=$4 peer=$5 target=${6:-} target_ratio=${7:-} target_rss=${8:-}
  echo "measuring: $name" >&2
  local my_exit peer_exit my_ms peer_ms rss ratio verdict=""
  my_exit=$(exit_code "$mine")
  peer_exit=$(exit_code "$peer")
  if [ -n "$target_ratio" ] && command -v python3 >/dev/null 2>&1; then
    read -r my_ms peer_ms < <(python3 "$here/alternate.py" "$RATIO_RUNS" "$mine" "$peer")
  else
    my_ms=$(median_ms "$runs" "$mine")
    peer_ms=$(median_ms "$runs" "$peer")
  fi
  rss=$(peak_mb "$mine")
  ratio=$(awk -v a="$my_ms" -v b="$peer_ms" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
  [ "$peer_name" != "(no peer)" ] || ratio="n/a"
  # A scrape is timed through curl: its RSS would be curl's; the exporter's is in the load table.
  case "$mine" in curl*) rss="n/a" ;; esac
  local checks=()
  if [ -n "$target" ]; then
    if awk -v a="$my_ms" -v t="$target" 'BEGIN { exit !(a < t) }'; then checks+=("met < $target ms")
    else checks+=("MISSED < $target ms"); missed+=("$name: $my_ms ms, target < $target ms"); fi
  fi
  if [ -n "$target_ratio" ]; then
    if awk -v a="$my_ms" -v b="$peer_ms" -v t="$target_ratio" 'BEGIN { exit !(b > 0 && a / b <= t) }'; then
      checks+=("met <= ${target_ratio}x")
    else checks+=("MISSED <= ${target_ratio}x"); missed+=("$name: $ratio of the peer, target <= ${target_ratio}x"); fi
  fi
  if [ -n "$target_rss" ]; then
    if awk -v a="$rss" -v t="$target_rss" 'BEGIN { exit !(a <= t) }'; then checks+=("met <= $target_rss MB")
    else checks+=("MISSED <= $target_rss MB"); missed+=("$name: $rss MB peak RSS, target <= $target_rss MB"); fi
  fi
  verdict=$(IFS=,; echo "${checks[*]}" | sed 's/,/, /g')
  rows+=("$name|$my_ms|$my_exit|$peer_name|$peer_ms|$peer_exit|$ratio|$rss|$verdict")
}

# --- a. the 10,000-certificate bundle ----------------------------------------------------------------------
bench "10k bundle: certfile + cafile" "$BUNDLE_RUNS" \
  "$(q "$cd_bin" check "$bundle" --cafile "$bundle")" \
  "openssl verify -CAfile bundle bundle" \
  "$(q openssl verify -CAfile "$bundle" "$bundle")" "$TARGET_MS"
bench "10k bundle: certfile" "$BUNDLE_RUNS" \
  "$(q "$cd_bin" check "$bundle" --cafile "$healthy/client-ca.crt")" \
  "openssl crl2pkcs7 -certfile bundle + pkcs7 -print_certs" \
  "$(q openssl crl2pkcs7 -nocrl -certfile "$bundle") | openssl pkcs7 -print_certs -noout" "$TARGET_MS"
bench "10k bundle: cafile" "$BUNDLE_RUNS" \
  "$(q "$cd_bin" check "$healthy/broker.crt" --cafile "$bundle")" \
  "openssl verify -CAfile bundle leaf" \
  "$(q openssl verify -CAfile "$bundle" -untrusted "$intermediate" "$leaf")" "$TARGET_MS"

# --- b. a typical certfile ---------------------------------------------------------------------------------
bench "startup floor: --version" "$RUNS" \
  "$(q "$cd_bin" --version)" \
  "openssl version" \
  "$(q openssl version)"
bench "healthy certfile" "$RUNS" \
  "$(q "$cd_bin" check "$healthy/broker.crt" --cafile "$healthy/client-ca.crt" --hostname broker.test)" \
  "openssl verify -untrusted int leaf" \
  "$(q openssl verify -CAfile "$healthy/client-ca.crt" -untrusted "$intermediate" -verify_hostname broker.test "$leaf")"

# --- c. a local mosquitto serving TestChains/healthy -------------------------------------------------------
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    shuf -i 20000-60000 -n 1
}
# start_broker NAME [EXTRA-CONFIG-LINE]: serves TestChains/healthy as TestChains/demo.sh does, on a free port
# (left in port_of_last_broker; not $(...), so that the broker is this shell's child and is killed at exit).
start_broker() {
  local name=$1 extra=${2:-} port
  port=$(free_port)
  { sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$healthy|g" "$healthy/mosquitto.conf"; [ -z "$extra" ] || echo "$extra"; } > "$work/$name.conf"
  /usr/sbin/mosquitto -c "$work/$name.conf" > "$work/$name.log" 2>&1 &
  brokers+=($!)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "mosquitto did not listen on $port:" >&2; cat "$work/$name.log" >&2; exit 2; }
  port_of_last_broker=$port
}
start_broker healthy
port=$port_of_last_broker

probe=(probe "127.0.0.1:$port" --servername broker.test --cafile "$healthy/client-ca.crt")
s_client="$(q openssl s_client -connect "127.0.0.1:$port" -servername broker.test -CAfile "$healthy/client-ca.crt" -verify_hostname broker.test -verify_return_error) </dev/null"
mosquitto_pub="$(q mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$healthy/client-ca.crt" -t chaindoctor/bench -m x)"
# The default probe also surveys the TLS versions and a handshake without SNI; --quick is the one handshake
# s_client and mosquitto_pub do.
bench "probe --no-mqtt" "$RUNS" "$(q "$cd_bin" "${probe[@]}" --no-mqtt)" \
  "openssl s_client -verify_hostname" "$s_client" "$TARGET_MS"
bench "probe --quick --no-mqtt" "$RUNS" "$(q "$cd_bin" "${probe[@]}" --quick --no-mqtt)" \
  "openssl s_client -verify_hostname" "$s_client" "$TARGET_MS" 2 25
bench "probe (TLS + MQTT)" "$RUNS" "$(q "$cd_bin" "${probe[@]}")" \
  "mosquitto_pub --cafile -h 127.0.0.1" "$mosquitto_pub" "$TARGET_MS" "" 25
# Issue 13's yardstick: the default probe (TLS, verify, client families, MQTT, the version survey) against one
# s_client handshake.
bench "probe (TLS + MQTT) vs one handshake" "$RUNS" "$(q "$cd_bin" "${probe[@]}")" \
  "openssl s_client -verify_hostname" "$s_client" "$TARGET_MS" 3 25
bench "probe --quick (TLS + MQTT)" "$RUNS" "$(q "$cd_bin" "${probe[@]}" --quick)" \
  "mosquitto_pub --cafile -h 127.0.0.1" "$mosquitto_pub" "$TARGET_MS"

# The same with a broker that sets TCP_NODELAY: mosquitto's default (set_tcp_nodelay false) holds the CONNACK
# back for a delayed ACK (~40 ms on Linux loopback) behind the TLS 1.3 session tickets it has just sent, a
# stall every MQTT client pays; this row shows what is left when the broker does not stall.
start_broker nodelay "set_tcp_nodelay true"
port=$port_of_last_broker
bench "probe (TLS + MQTT), nodelay broker" "$RUNS" \
  "$(q "$cd_bin" probe "127.0.0.1:$port" --servername broker.test --cafile "$healthy/client-ca.crt")" \
  "mosquitto_pub --cafile -h 127.0.0.1" \
  "$(q mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$healthy/client-ca.crt" -t chaindoctor/bench -m x)" "$TARGET_MS"

# --- d. an audit of 1,000 loopback endpoints, 5% of them tarpits ---------------------------------------------
# 950 entries of the healthy broker and 50 of a port that accepts TCP and never answers, default options (each
# tarpit costs its whole --timeout). Target: 15 s. No peer tool audits MQTT brokers; the peer column is empty.
tarpit_port=$(free_port)
python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $tarpit_port)); s.listen(1024)
held = []
while True:
    c, _ = s.accept(); held.append(c)
" > /dev/null 2>&1 &
brokers+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$tarpit_port") 2>/dev/null && break; sleep 0.05; done
audit_file="$work/audit-1000.txt"
for i in $(seq 1000); do
  if [ $((i % 20)) -eq 0 ]; then echo "127.0.0.1:$tarpit_port broker.test"; else echo "127.0.0.1:$port broker.test"; fi
done > "$audit_file"
bench "audit of 1,000 (5% tarpits)" 1 \
  "$(q "$cd_bin" audit "$audit_file" --cafile "$healthy/client-ca.crt")" \
  "(no peer)" "true" 15000 "" 150

# --- e. a --capath of 20,000 CAs ---------------------------------------------------------------------------
# 20,000 distinct self-signed CAs (Benchmarks/make-capath.py, Python's cryptography package) plus the healthy
# root, named by `openssl rehash`; check the healthy certfile against it. Target: 2 s. The peer, `openssl verify
# -CApath`, looks CAs up lazily by subject hash and reads two files; chaindoctor lists the directory and then reads
# it the same way, by the hash of each name the chain leads to (Sources/ChainDoctorKit/Trust/HashedDirectory.swift).
if ! python3 -c 'import cryptography' 2>/dev/null; then
  python3 -m pip install -q cryptography >/dev/null 2>&1 || true
fi
capath="$work/capath-20000"
python3 "$here/make-capath.py" "$capath" 20000 "$healthy/client-ca.crt"
openssl rehash "$capath" 2>/dev/null || c_rehash "$capath" >/dev/null
bench "capath of 20,000 CAs" 3 \
  "$(q "$cd_bin" check "$healthy/broker.crt" --capath "$capath" --hostname broker.test)" \
  "openssl verify -CApath" \
  "$(q openssl verify -CApath "$capath" -untrusted "$intermediate" -verify_hostname broker.test "$leaf")" 2000

# --- g. the HTML page of the 1,000-endpoint audit ------------------------------------------------------------
# The audit of d. written with --format html, opened in headless Chromium (Tests/Browser/cdp.py: navigation to the
# load event). Targets: under 2 s to open, under 5 MB.
html_row=""
if command -v chromium >/dev/null 2>&1 && python3 -c 'import websocket' 2>/dev/null; then
  "$cd_bin" audit "$audit_file" --cafile "$healthy/client-ca.crt" --format html > "$work/audit-1000.html" 2>/dev/null || true
  html_bytes=$(wc -c < "$work/audit-1000.html")
  # The screenshot of the page's top only: a full-page one of a 1,000-broker page is a million pixels tall.
  html_load=$(CDP_CLIP_HEIGHT=1400 python3 "$root/Tests/Browser/cdp.py" "$work/audit-1000.html" "$work/audit-1000.png" \
    "document.querySelectorAll('svg.timeline circle.expiry').length" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.2f %s" % (d["loadSeconds"], list(d["values"].values())[0]))')
  html_row="audit page, 1,000 brokers: $(awk -v b="$html_bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), opens in ${html_load% *} s in Chromium (${html_load#* } timeline marks); targets 5 MB and 2 s"
else
  echo "HTML case skipped: chromium and websocket-client (PyPI) are needed" >&2
fi

# --- f. the exporter under Prometheus-style scrapes ---------------------------------------------------------
# chaindoctor exporter probing the healthy mosquitto of c., against blackbox_exporter's tcp prober with TLS (one
# handshake, chain and name verified) on the same broker. Latency: the median of one scrape (curl, the same for
# both). Load: wrk with 64 connections for 10 s, the scrapes per second sustained, the non-2xx answers, and the
# exporter's peak RSS (VmHWM) after the load.
exporter_rows=()
if command -v wrk >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
  exporter_port=$(free_port)
  printf 'modules:\n  handshake:\n    cafile: %s\n    quick: true\n    no-mqtt: true\n    clients: openssl\n' \
    "$healthy/client-ca.crt" > "$work/exporter.yml"
  "$cd_bin" exporter --listen "127.0.0.1:$exporter_port" --cafile "$healthy/client-ca.crt" --clients openssl \
    --max-concurrent-probes 64 --config "$work/exporter.yml" > "$work/exporter.log" 2>&1 &
  brokers+=($!)
  exporter_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$exporter_port") 2>/dev/null && break; sleep 0.05; done
  scrape="http://127.0.0.1:$exporter_port/probe?target=127.0.0.1:$port&servername=broker.test"
  blackbox_url=""
  if command -v prometheus-blackbox-exporter >/dev/null 2>&1; then
    blackbox_port=$(free_port)
    cat > "$work/blackbox.yml" <<EOF_BLACKBOX
modules:
  tls_connect:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        ca_file: $healthy/client-ca.crt
        server_name: broker.test
EOF_BLACKBOX
    prometheus-blackbox-exporter --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$blackbox_port" \
      > "$work/blackbox.log" 2>&1 &
    brokers+=($!)
    blackbox_pid=$!
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$blackbox_port") 2>/dev/null && break; sleep 0.05; done
    blackbox_url="http://127.0.0.1:$blackbox_port/probe?module=tls_connect&target=127.0.0.1:$port"
  fi
  bench "exporter scrape (full probe)" "$RUNS" "$(q curl -s -o /dev/null "$scrape")" \
    "blackbox_exporter tcp+tls scrape" "$(q curl -s -o /dev/null "${blackbox_url:-http://127.0.0.1:1/}")"
  bench "exporter scrape (quick, no MQTT)" "$RUNS" "$(q curl -s -o /dev/null "$scrape&module=handshake")" \
    "blackbox_exporter tcp+tls scrape" "$(q curl -s -o /dev/null "${blackbox_url:-http://127.0.0.1:1/}")"
  # load URL PID: "requests/s non-2xx peak-RSS-MB" under wrk -c 64 for 10 s.
  load() {
    local out rate errors hwm
    out=$(wrk -t 2 -c 64 -d 10s "$1" 2>&1)
    rate=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    errors=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
    hwm=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$2/status" 2>/dev/null)
    echo "${rate:-?} ${errors:-0} ${hwm:-?}"
  }
  read -r my_rate my_errors my_hwm < <(load "$scrape&module=handshake" "$exporter_pid")
  exporter_rows+=("exporter, 64 concurrent scrapes (quick, no MQTT)|$my_rate/s|$my_errors|$my_hwm")
  read -r my_rate my_errors my_hwm < <(load "$scrape" "$exporter_pid")
  exporter_rows+=("exporter, 64 concurrent scrapes (full probe)|$my_rate/s|$my_errors|$my_hwm")
  if [ -n "$blackbox_url" ]; then
    read -r bb_rate bb_errors bb_hwm < <(load "$blackbox_url" "$blackbox_pid")
    exporter_rows+=("blackbox_exporter, 64 concurrent scrapes (tcp+tls)|$bb_rate/s|$bb_errors|$bb_hwm")
  fi
else
  echo "exporter case skipped: wrk and curl are needed (apt-get install wrk curl)" >&2
fi

# --- report ------------------------------------------------------------------------------------------------
echo
echo "chaindoctor $("$cd_bin" --version 2>/dev/null || echo '?') (release), $(openssl version | cut -d' ' -f1-2), $(mosquitto -h 2>/dev/null | head -1 | awk '{print $1, $3}')"
echo "$layout"
echo "$(nproc) CPUs, $(uname -sr), timing: $([ "$have_hyperfine" -eq 1 ] && hyperfine --version || echo 'date +%s.%N loop'), runs: $RUNS ($BUNDLE_RUNS for the 10k bundle; $RATIO_RUNS alternated with the peer for a ratio target)"
echo
{
  echo "case|chaindoctor ms|exit|peer|peer ms|exit|ratio|chaindoctor RSS MB|target"
  printf '%s\n' "${rows[@]}"
} | awk -F'|' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; if (NF > nf) nf = NF }
  END {
    for (r = 1; r <= n; r++) {
      line = ""
      for (i = 1; i <= nf; i++) {
        numeric = (i == 2 || i == 3 || i == 5 || i == 6 || i == 7 || i == 8)
        fmt = numeric ? "%" w[i] "s" : "%-" w[i] "s"
        line = line (i > 1 ? "  " : "") sprintf(fmt, cell[r, i])
      }
      sub(/ +$/, "", line); print line
    }
  }'
[ -z "$html_row" ] || { echo; echo "$html_row"; }
if [ ${#exporter_rows[@]} -gt 0 ]; then
  echo
  {
    echo "load (wrk -t 2 -c 64 -d 10s)|scrapes answered|non-2xx|peak RSS MB"
    printf '%s\n' "${exporter_rows[@]}"
  } | column -t -s'|'
fi
echo
if [ ${#missed[@]} -gt 0 ]; then
  echo "targets missed:"
  printf '  %s\n' "${missed[@]}"
  [ "$STRICT" = 1 ] && exit 1
else
  echo "all targets met"
fi
exit 0
