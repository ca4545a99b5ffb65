#!/usr/bin/env bash
# serve.sh SCENARIO PORT: runs mosquitto in the foreground serving a TestChains scenario on 127.0.0.1:PORT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario=${1:?usage: serve.sh SCENARIO PORT}
port=${2:?usage: serve.sh SCENARIO PORT}
dir="$here/$scenario"
[ -f "$dir/mosquitto.conf" ] || { echo "no scenario '$scenario' in $here" >&2; exit 2; }
conf="$(mktemp /tmp/chaindoctor-mosquitto.XXXXXX.conf)"
sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" "$dir/mosquitto.conf" > "$conf"
exec mosquitto -c "$conf"
