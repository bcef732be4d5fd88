"""Shared fixtures: the repository root, the minimal plan, the ``--regen`` flag, a cache folder.

House rule: every expected output has a regenerate flag. ``pytest --regen`` rewrites the
``expected.txt`` of each bad plan from what ``hmtn check`` prints now; review the diff by eye
(every message right, at the right line and column) before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "plans" / "minimal"
BAD_PLANS = ROOT / "tests" / "bad_plans"

# A Công văn for the minimal plan, which has none: tests add it to the plan's text.
LETTER = """\
letters:
  - id: cv-an-thi
    issuer: ubnd
    number: 12
    date: 2021-02-20
    signer: pct
    notation: UBND-VX
    subject: Tổ chức hiến máu tình nguyện tại huyện Ân Thi
    to: [Các cơ quan, đơn vị trên địa bàn huyện Ân Thi]
    drive: 2021-03-09-an-thi
    paragraphs: ["Vào {drive.weekday}, {drive.date} tại {drive.place}."]
    requests: ["Tổng chỉ tiêu {total} đơn vị máu."]
    recipients: [Như trên]
    archive: [VT]
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen", action="store_true", default=False,
                     help="rewrite expected outputs (tests/bad_plans/*/expected.txt) from the "
                          "actual output instead of comparing")


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory):
    """The LibreOffice profiles the PDF tests keep go to a cache of the test run's own, not to
    the developer's ~/.cache; later tests still find them made, as later builds would."""
    import os

    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so that paths print as ``tests/bad_plans/...``."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture(scope="session")
def minimal_text() -> str:
    return (MINIMAL / "plan.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a plan folder under ``tmp_path`` (cwd there): ``write_plan(text, {name: text})``.

    Returns the folder; problems print as ``plan/plan.yaml:line:col: ...``.
    """
    monkeypatch.chdir(tmp_path)

    def write(text: str | bytes, files: dict[str, str | bytes] | None = None) -> Path:
        folder = tmp_path / "plan"
        folder.mkdir(exist_ok=True)
        for name, content in {"plan.yaml": text, **(files or {})}.items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return write
