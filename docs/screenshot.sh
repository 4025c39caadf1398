#!/usr/bin/env bash
# Makes docs/findings.png from a real run of `apidoctor demo` under tmux:
# capture-pane keeps the colours, aha turns them into HTML, headless
# Chromium takes the picture. Needs tmux, aha and chromium (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-tls-inspection}
tmp=$(mktemp -d)
trap 'tmux -L shot kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/apidoctor" .
tmux -L shot -f /dev/null new-session -d -s shot -x 100 -y 30 \
  "TERM=xterm-256color COLORTERM=truecolor $tmp/apidoctor demo $scenario; sleep 30"
tmux -L shot set -g default-terminal xterm-256color >/dev/null
sleep 1.5
tmux -L shot send-keys -t shot Enter
sleep 2
tmux -L shot capture-pane -e -p -t shot > "$tmp/screen.ans"
aha --black --title apidoctor < "$tmp/screen.ans" > "$tmp/screen.html"
sed -i 's#<pre>#<pre style="font-family:DejaVu Sans Mono,monospace;font-size:15px;line-height:1.2;margin:12px">#' "$tmp/screen.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/chrome" --hide-scrollbars --window-size=950,590 \
  --screenshot="$PWD/docs/findings.png" "file://$tmp/screen.html" 2>/dev/null
echo "wrote docs/findings.png"
