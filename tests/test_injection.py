"""Text is data, never code: what a clerk pastes shows literally in every document."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from hmtn_docs import load_plan
from hmtn_docs._pdf import convert_to_pdf
from hmtn_docs.build import render_plan

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "plans" / "minimal" / "plan.yaml"
HOSTILE = "A&B <i>x</i> <script>alert(1)</script> \"q\" 'a' {{ 7*7 }} {% if 1 %}y{% endif %} **m** ]]>"


def _hostile(value):
    """Append the hostile text to every free-text value of the plan (ids and numbers untouched)."""
    skip = {"id", "organiser", "programme", "group", "issuer", "signer", "drive", "unit",
            "authority", "status", "include", "coordinators", "executors", "time", "heading"}

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: (v if k in skip else walk(v, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str):
            return f"{node} {HOSTILE}"
        return node

    return walk(value)


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data = _hostile(data)
    # keep registries' keys; drive places, unit names, titles, recipients... all carry the text
    folder = tmp_path_factory.mktemp("hostile") / "2021-hostile"
    folder.mkdir()
    (folder / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_plan(folder)


@pytest.fixture(scope="module")
def docx(hostile_plan) -> bytes:
    (doc,) = render_plan(hostile_plan)
    return doc.data


def _texts(docx: bytes) -> list[str]:
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))  # raises if not well-formed
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_hostile_text_shows_literally_in_every_kind_of_paragraph(docx, hostile_plan):
    texts = _texts(docx)
    carrying = [t for t in texts if HOSTILE in t or HOSTILE.upper() in t]
    # header, title, drives, bullets, Nơi nhận, signature, appendix rows...
    assert len(carrying) >= 15
    assert not any("49" in t and "7*7" not in t for t in texts)  # {{ 7*7 }} was not evaluated
    assert any(t == f"* {hostile_plan.data.units['so-y-te'].name}" for t in texts)


def test_hostile_document_is_valid_and_opens_in_libreoffice(docx, tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice and pdftotext are needed for this check")
    path = tmp_path / "hostile.docx"
    path.write_bytes(docx)
    with convert_to_pdf([path]) as batch:
        (pdf,) = batch.pdfs
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text
