"""The bundled plans, loaded once, and the ``check`` helper for one document of a kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmtn_docs.errors import PlanError
from hmtn_docs.load import load_plan

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"


@pytest.fixture(scope="session")
def bundled():
    """Every bundled plan, by id."""
    return {p.parent.name: load_plan(p.parent) for p in sorted(PLANS.glob("*/plan.yaml"))}


@pytest.fixture
def check_with(write_plan, minimal_text):
    """``check_with(yaml, (old, new), ...)``: the minimal plan (with those changes) plus ``yaml``
    (top-level keys), checked; every problem as ``line:col: where: message`` (the file is
    always plan.yaml)."""

    def run(extra: str, *subs: tuple[str, str]) -> list[str]:
        text = minimal_text
        for old, new in subs:  # changes to the minimal plan itself
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        text = text.rstrip("\n") + "\n\n" + extra
        run.text = text
        try:
            problems = load_plan(write_plan(text)).warnings
        except PlanError as exc:
            problems = exc.problems
        return [str(p).removeprefix("plan/plan.yaml:") for p in problems]

    return run


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1
