#!/usr/bin/env bash
# demo.sh SCENARIO [CHAINDOCTOR OPTIONS...]: builds chaindoctor, serves one TestChains scenario with a real
# mosquitto on a free loopback port, and probes it as a client that trusts the scenario's client-ca.crt and
# dials broker.test. Example: TestChains/demo.sh leaf-only --json
# Time-relative scenarios (expiring-soon) are judged at the tests' fixed clock, 2026-06-01T00:00:00Z, as their
# README says; an --at of your own, given after the scenario, wins.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario=${1:?usage: demo.sh SCENARIO [chaindoctor options]}
shift
[ -f "$here/$scenario/mosquitto.conf" ] || { echo "no scenario '$scenario'; try: $(cd "$here" && ls -d */ | tr -d / | tr '\n' ' ')" >&2; exit 2; }
export PATH="$PATH:/usr/sbin"
command -v mosquitto >/dev/null || { echo "mosquitto is not installed (bash .ci/test installs it)" >&2; exit 2; }
(cd "$here/.." && swift build -q --product chaindoctor)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
conf="$(mktemp /tmp/chaindoctor-demo.XXXXXX.conf)"
sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$here/$scenario|g" "$here/$scenario/mosquitto.conf" > "$conf"
mosquitto -c "$conf" >/dev/null 2>&1 &
broker=$!
disown $broker 2>/dev/null || true
trap 'kill -9 $broker 2>/dev/null; rm -f "$conf"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
set +e
at=()
case "$scenario" in
  expiring-soon) at=(--at 2026-06-01T00:00:00Z) ;;
esac
"$here/../.build/debug/chaindoctor" probe "127.0.0.1:$port" --servername broker.test \
  --cafile "$here/$scenario/client-ca.crt" ${at[@]+"${at[@]}"} "$@"
code=$?
echo "(exit code $code)" >&2
exit $code
