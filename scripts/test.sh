#!/usr/bin/env bash
# Set up, lint (ruff), type-check (mypy), then run the whole test suite (unit, doctests,
# DOCX/PDF, site build, browser).
# Extra arguments go to pytest, e.g. scripts/test.sh -k appendix
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# lint and types first: either failing fails the run (settings in pyproject.toml)
.venv/bin/ruff check hmtn_docs
.venv/bin/mypy hmtn_docs
exec .venv/bin/python -m pytest "$@"
