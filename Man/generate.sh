#!/usr/bin/env bash
# Regenerates Man/chaindoctor.1 from the command-line parser with swift-argument-parser's generate-manual
# plugin. A fixed date keeps the page reproducible. `--check` fails when the committed page is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swift package --allow-writing-to-directory "$out" generate-manual --configuration debug \
  --date 2026-11-25 --authors "chaindoctor developers" --output-directory "$out" >/dev/null
if [ "${1:-}" = "--check" ]; then
  if ! diff -u Man/chaindoctor.1 "$out/chaindoctor.1"; then
    echo "Man/chaindoctor.1 is stale: run bash Man/generate.sh and commit it" >&2
    exit 1
  fi
  echo "Man/chaindoctor.1 is up to date"
else
  cp "$out/chaindoctor.1" Man/chaindoctor.1
  echo "wrote Man/chaindoctor.1"
fi
