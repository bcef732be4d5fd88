"""PDF through LibreOffice: what a clerk prints, page by page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from hmtn_docs import OutputError, ToolMissing, load_plan
from hmtn_docs._pdf import convert_to_pdf
from hmtn_docs.build import render_plan

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "plans" / "minimal"
needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and pdftotext are needed: apt-get install "
           "libreoffice-writer-nogui poppler-utils")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    docs = []
    for plan_dir in ("2021-hung-yen", "2022-hai-phong"):
        for doc in render_plan(load_plan(ROOT / "plans" / plan_dir), personal=False):
            path = folder / doc.name
            path.write_bytes(doc.data)
            docs.append(path)
    with convert_to_pdf(docs) as batch:  # the PDFs outlive the batch as copies beside the DOCX
        for docx, pdf in zip(docs, batch.pdfs):
            shutil.copyfile(pdf, docx.with_suffix(".pdf"))
    return {p.stem: p.with_suffix(".pdf") for p in docs}


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    return [[" ".join(line.split()) for line in p.splitlines() if line.strip()] for p in pages]


@pytest.mark.pdf
@needs_soffice
def test_one_soffice_start_converts_every_document(pdfs):
    from hmtn_docs.documents import plan_outputs

    plans = [load_plan(ROOT / "plans" / name) for name in ("2021-hung-yen", "2022-hai-phong")]
    expected = sorted(o.stem for p in plans for o in plan_outputs(p) if o.group is None)
    assert sorted(pdfs) == expected
    assert {"2021-hung-yen-ke-hoach", "2022-hai-phong-cv-ngay-hoi-2022-12-17"} < set(expected)


@pytest.mark.pdf
@needs_soffice
def test_page_numbers_start_on_page_two_of_the_body_and_of_the_appendix(pdfs):
    pages = _pages(pdfs["2021-hung-yen-ke-hoach"])
    appendix = next(i for i, p in enumerate(pages) if p[0] == "Phụ lục")
    assert pages[0][0] == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for i in range(1, appendix):
        assert pages[i][0] == str(i + 1), f"page {i + 1} starts with {pages[i][0]!r}"
    for j in range(appendix + 1, len(pages)):
        assert pages[j][0] == str(j - appendix + 1)


@pytest.mark.pdf
@needs_soffice
def test_printed_letter_has_the_total_and_blank_number(pdfs):
    text = "\n".join(" ".join(p) for p in _pages(pdfs["2022-hai-phong-cv-ngay-hoi-2022-12-17"]))
    assert "Tổng cộng 1.780" in text
    assert re.search(r"Số:\s+/UBND-VX", text)
    assert "Ngành Giáo dục & ĐT Hải Phòng" in text


def test_missing_libreoffice_is_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    f = tmp_path / "a.docx"
    f.write_bytes(b"x")
    with pytest.raises(ToolMissing, match="cần LibreOffice để tạo PDF nhưng máy chưa cài"):
        with convert_to_pdf([f]):
            pass


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """The system temporary folder, for one test: staging folders show up there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.pdf
@needs_soffice
def test_a_file_libreoffice_cannot_read_fails_the_whole_batch(tmp_path, private_tmp):
    good = tmp_path / "good.docx"
    shutil.copy(ROOT / "hmtn_docs" / "data" / "templates" / "cong-van.docx", good)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 this is not a document")
    with pytest.raises(OutputError, match=r"LibreOffice không chuyển được \S*broken\.docx \("):
        with convert_to_pdf([good, tmp_path / "broken.docx"]):
            pytest.fail("a batch with a missing PDF must not be handed out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "good.docx", "tmp"]
    assert list(private_tmp.iterdir()) == []


@pytest.mark.pdf
@needs_soffice
def test_relative_paths_convert(tmp_path, monkeypatch, private_tmp):
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    shutil.copy(ROOT / "hmtn_docs" / "data" / "templates" / "cong-van.docx", "out/a.docx")
    with convert_to_pdf([Path("out/a.docx")]) as batch:
        assert len(PdfReader(batch.pdfs[0]).pages) > 0
    assert os.listdir("out") == ["a.docx"]


@pytest.mark.pdf
@needs_soffice
def test_two_real_documents_give_pdfs_that_parse_in_input_order(tmp_path, private_tmp):
    (doc,) = render_plan(load_plan(MINIMAL), personal=False)
    ke_hoach = tmp_path / doc.name
    ke_hoach.write_bytes(doc.data)
    template = tmp_path / "cong-van.docx"
    shutil.copy(ROOT / "hmtn_docs" / "data" / "templates" / "cong-van.docx", template)
    with convert_to_pdf([template, ke_hoach]) as batch:
        first, second = (PdfReader(p) for p in batch.pdfs)
        assert len(first.pages) > 0 and len(second.pages) > 0
        assert "{{" in first.pages[0].extract_text()  # the template, tags unrendered
        assert "KẾ HOẠCH" in second.pages[0].extract_text()
        assert [p.name for p in private_tmp.iterdir()] == [batch.pdfs[0].parents[2].name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cong-van.docx", doc.name, "tmp"]
    assert list(private_tmp.iterdir()) == []
