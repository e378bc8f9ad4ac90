#!/bin/sh
# The README's screenshot of an SOP page: build the examples, photograph
# sops/CS-001.html with Debian's headless Chromium (apt-get install chromium).
# Usage: sh docs/screenshot.sh [PAGE] [OUTPUT.png]
set -eu
cd "$(dirname "$0")/.."
page=${1:-sops/CS-001.html}
shot=${2:-docs/screenshot-sop.png}
command -v chromium >/dev/null || { echo "needs Debian's chromium: apt-get install chromium" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/sopc build examples --out "$work/site" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1400,1900 \
    --screenshot="$PWD/$shot" "file://$work/site/$page" 2>/dev/null
echo "wrote $shot"
