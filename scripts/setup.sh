#!/usr/bin/env bash
# Set up everything hmtn-docs needs on a fresh Debian/Ubuntu machine; safe to run again.
#   - Debian packages: LibreOffice Writer (DOCX -> PDF), Liberation fonts (Times New Roman
#     metrics), poppler-utils (PDF -> PNG for looking at pages), Chromium (browser tests).
#   - A virtual environment in .venv with hmtn-docs and its test tools.
#   - axe-core (WCAG checks the browser tests run in pages) from the npm registry, pinned in
#     tests/site/js/package-lock.json, into tests/site/js/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"hmtn-docs needs Python 3.11 or newer; this is {sys.version.split()[0]}")
PY

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
if [ ! -f tests/site/js/node_modules/axe-core/axe.min.js ]; then
  echo "setup: installing axe-core (npm)"
  npm ci --prefix tests/site/js --no-audit --no-fund --silent
fi
echo "setup: ready (.venv/bin/hmtn)"
