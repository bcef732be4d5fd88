"""A PDF is checked whole before it replaces anything (hmtn_docs/_pdf_verify.py)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from hmtn_docs import OutputError
from hmtn_docs._pdf_verify import looks_whole, verify


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_whole_pdf_passes_without_loading_the_parser(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(_pdf(2))
    code = ("import sys; from pathlib import Path; from hmtn_docs._pdf_verify import verify; "
            f"verify(Path({str(pdf)!r}), Path('a.docx')); print('pypdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "False\n"


@pytest.mark.parametrize("cut", [100, 400, -10])
def test_a_cut_off_pdf_fails_the_quick_look_and_the_parser(tmp_path, monkeypatch, cut):
    monkeypatch.chdir(tmp_path)
    data = _pdf(1)[:cut]
    assert not looks_whole(data)
    (tmp_path / "a.pdf").write_bytes(data)
    with pytest.raises(OutputError, match=r"^PDF của a\.docx hỏng \(không đọc được: "):
        verify(tmp_path / "a.pdf", tmp_path / "a.docx")


def test_a_pdf_without_pages_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.pdf").write_bytes(_pdf(0))
    assert not looks_whole((tmp_path / "a.pdf").read_bytes())
    with pytest.raises(OutputError) as err:
        verify(tmp_path / "a.pdf", tmp_path / "a.docx")
    assert str(err.value) == "PDF của a.docx hỏng (không có trang nào); chưa thay PDF nào"


def test_a_pdf_the_quick_look_does_not_know_is_left_to_the_parser(tmp_path):
    data = _pdf(1) + b"% a comment after the end, as some writers add\n"
    assert not looks_whole(data)
    (tmp_path / "a.pdf").write_bytes(data)
    verify(tmp_path / "a.pdf", Path("a.docx"))  # pypdf reads it: accepted
