#!/bin/sh
# The README's picture of the PDF manual: build it, render the first three pages
# of CS-001 (control block, landscape flowchart, step table) with poppler's
# pdftoppm, and lay them side by side (Pillow, which WeasyPrint brings).
# Usage: sh docs/screenshot-pdf.sh [OUTPUT.png]
set -eu
cd "$(dirname "$0")/.."
shot=${1:-docs/screenshot-pdf.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/sopc build examples --format pdf --out "$work/site" >/dev/null
pdf=$(ls "$work"/site/*.pdf)
first=$(pdftotext -layout -f 2 -l 2 "$pdf" - | sed -n "s/^CS-001 .*[^0-9]\([0-9][0-9]*\)$/\1/p")
pdftoppm -r 45 -png -f "$first" -l $((first + 2)) "$pdf" "$work/page"
.venv/bin/python - "$work" "$shot" <<'PY'
import sys
from pathlib import Path
from PIL import Image
pages = [Image.open(p).convert("RGB") for p in sorted(Path(sys.argv[1]).glob("page-*.png"))]
gap = 12
sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) + 1),
                          max(p.height for p in pages) + 2 * gap), "#d0d7de")
x = gap
for page in pages:
    sheet.paste(page, (x, gap))
    x += page.width + gap
sheet.save(sys.argv[2], optimize=True)
PY
echo "wrote $shot"
