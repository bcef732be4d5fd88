#!/usr/bin/env bash
# The main job on the bundled plans: check them, write every document (DOCX and PDF, the
# personalised letters and their combined copy) to build/, then build the public site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/hmtn check
.venv/bin/hmtn build --pdf --combined -o build
# a public build needs its address (HMTN_SITE_URL); without one this is a local preview
if [ -n "${HMTN_SITE_URL:-}" ]; then
  .venv/bin/hmtn site --docs build
else
  .venv/bin/hmtn site --docs build --preview
fi
echo
echo "Documents: build/<plan>/   Site: build/site/index.html (serve: .venv/bin/python -m http.server -d build/site)"
