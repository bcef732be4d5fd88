"""Times New Roman: used where installed; where not, the build says so once."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmtn_docs import _fonts
from hmtn_docs.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_pdf_conversion(monkeypatch):
    """``build --pdf`` without LibreOffice: the note is printed before any conversion."""
    import hmtn_docs.build

    calls = []
    monkeypatch.setattr(hmtn_docs.build, "build_plans",
                        lambda plans, out, **kw: calls.append(kw) or {p.id: [] for p in plans})
    monkeypatch.chdir(ROOT)
    return calls


@pytest.mark.parametrize("has_font", [True, False])
def test_a_pdf_build_says_once_when_times_new_roman_is_missing(no_pdf_conversion, capsys,
                                                               monkeypatch, has_font):
    monkeypatch.setattr(_fonts, "installed", lambda font=_fonts.FONT: has_font)
    assert main(["build", "plans/2021-hung-yen", "plans/2022-hai-phong", "--pdf"]) == 0
    assert no_pdf_conversion[0]["pdf"] is True
    err = capsys.readouterr().err
    assert err.count("Liberation Serif") == (0 if has_font else 1)
    if not has_font:
        assert err == _fonts.MISSING_NOTE + "\n"


def test_a_docx_build_does_not_look_for_fonts(no_pdf_conversion, capsys, monkeypatch):
    monkeypatch.setattr(_fonts, "installed", lambda font=_fonts.FONT: pytest.fail("asked"))
    assert main(["build", "plans/2021-hung-yen"]) == 0
    assert capsys.readouterr().err == ""


def test_a_substituted_font_is_not_installed(monkeypatch):
    class Done:
        stdout = "Liberation Serif"

    monkeypatch.setattr(_fonts.shutil, "which", lambda name: "/usr/bin/fc-match")
    monkeypatch.setattr(_fonts.subprocess, "run", lambda *a, **kw: Done)
    assert not _fonts.installed()
    Done.stdout = "Times New Roman"
    assert _fonts.installed()
