#!/usr/bin/env bash
# Set up, then run the whole test suite (unit, doctests, DOCX/PDF, site build, browser).
# Extra arguments go to pytest, e.g. scripts/test.sh -k appendix
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
