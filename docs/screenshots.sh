#!/usr/bin/env bash
# Re-makes the report screenshots of docs/report.md: headless Chromium renders a report.html,
# then Pillow (Debian python3-pil) reduces it to a 256-colour PNG to keep the repository small.
#   docs/screenshots.sh runs/demo/report.html docs/report-demo.png [WIDTH HEIGHT]
set -euo pipefail
page="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
width="${3:-1280}"
height="${4:-1700}"
profile="$(mktemp -d)"
raw="$(mktemp --suffix=.png)"
trap 'rm -rf "$profile" "$raw"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size="$width,$height" --screenshot="$raw" "file://$page" 2>/dev/null
/usr/bin/python3 - "$raw" "$out" <<'PY'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(sys.argv[2], optimize=True)
PY
echo "wrote $out ($(stat -c %s "$out") bytes)"
