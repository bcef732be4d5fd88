"""A plan marked ``plan.status: draft`` checks and builds like any other; ``hmtn check`` says it
is a draft (the site leaves it out: tests/site/test_site_results.py)."""

from __future__ import annotations

import contextlib
import io

from hmtn_docs.cli import main


def _draft(write_plan, minimal_text):
    return write_plan(minimal_text.replace("  period:", "  status: draft\n  period:", 1))


def test_check_passes_a_draft_and_says_it_is_one(write_plan, minimal_text):
    _draft(write_plan, minimal_text)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", "plan"]) == 0
    assert out.getvalue() == ("plan: hợp lệ, 2 đợt hiến máu, chỉ tiêu 650 đơn vị máu (bản nháp: "
                              "không lên trang web)\n")


def test_a_draft_builds_its_documents(write_plan, minimal_text, tmp_path):
    _draft(write_plan, minimal_text)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "plan", "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "plan" / "plan-ke-hoach.docx").is_file()
