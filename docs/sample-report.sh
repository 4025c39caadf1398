#!/usr/bin/env bash
# Makes docs/sample-report.{md,html} from a real wizard session against the
# loopback lab: corporate TLS inspection, the CA fix applied, the re-check.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'tmux -L sample kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/apidoctor" .
for ext in md html; do
  rm -f "docs/sample-report.$ext"
  tmux -L sample -f /dev/null new-session -d -s s -x 100 -y 30 \
    "$tmp/apidoctor demo tls-inspection --report $PWD/docs/sample-report.$ext; sleep 5"
  for keys in Enter f Enter Enter a y Enter q; do
    sleep 1.2
    tmux -L sample send-keys -t s "$keys"
  done
  sleep 1.5
  tmux -L sample kill-server
done
ls -l docs/sample-report.*
