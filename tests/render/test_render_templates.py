"""The committed templates: plain .docx files a clerk can restyle, holding no computation."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile

import pytest

from hmtn_docs._docx import CompiledTemplate
from hmtn_docs.documents import kind as registry_kind
from hmtn_docs.documents._builder import build

from .docview import KINDS, ROOT, TEMPLATES, DocView, load_context, text_of, w

# The Jinja a template may hold: placing a value, loops, dispatch on a block's kind, presence
# tests for optional parts (Kính gửi, a table, a table's time column, the appendix), the runs
# of a paragraph with italic parts, the header style and joint signatures, and our
# vertical-merge cell tag.
ALLOWED_TAGS = [
    r"\{\{ [a-z_]+(\.[a-z_]+)? \}\}",
    r"\{%(p|tr) for [a-z]+ in [a-z_]+ %\}",
    r"\{%(p|tr) endfor %\}",
    r"\{%(p|tr) (if|elif) [a-z]\.kind == '[a-z]+' %\}",
    r"\{%(p|tr) endif %\}",
    r"\{%p if (to_inline|to_list|closing|table_rows|appendix_rows|with_time) %\}",
    r"\{%r for s in (b\.spans|closing_spans) %\}",
    r"\{%r (if s\.italic|else|endif|endfor) %\}",
    # the header and signature styles (ND30 or party; one issuer or two)
    r"\{%p if (party|one_signer) %\}",
    r"\{%p else %\}",
    r"\{% vmerge r\.slot_merge %\}",
]
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def _template(kind):
    return DocView((TEMPLATES / f"{kind}.docx").read_bytes(), kind)


@pytest.mark.parametrize("kind", KINDS)
def test_template_uses_only_placement_loops_and_kind_dispatch(kind):
    doc = _template(kind)
    for name, root in doc.xml.items():
        for p in root.iter(w("p")):
            for tag in _TAG.findall(text_of(p)):
                assert any(re.fullmatch(a, tag) for a in ALLOWED_TAGS), f"{name}: {tag}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_tag_sits_whole_in_one_run(kind):
    """So that Word shows each tag as one piece and the template lint stays quiet."""
    doc = _template(kind)
    for p in doc.paragraphs():
        for r in p.iter(w("r")):
            t = text_of(r)
            assert t.count("{") == t.count("}"), t


@pytest.mark.parametrize("kind", KINDS)
def test_template_paragraphs_carry_no_direct_formatting(kind):
    """Every look comes from a named style, so restyling a style restyles all its paragraphs."""
    doc = _template(kind)
    for p in doc.paragraphs():
        ppr = p.find(w("pPr"))
        if ppr is not None:
            assert {c.tag for c in ppr} <= {w("pStyle"), w("sectPr")}, text_of(p)
        for r in p.iter(w("r")):
            rpr = r.find(w("rPr"))
            if rpr is not None:
                assert [c.tag for c in rpr] == [w("rStyle")], text_of(r)


@pytest.mark.parametrize("kind", KINDS)
def test_template_styles_are_named_hmtn(kind):
    doc = _template(kind)
    used = {doc.style_name(p) for p in doc.paragraphs() if text_of(p) and "{%" not in text_of(p)}
    assert used and all(name.startswith("HMTN ") for name in used), used


@pytest.mark.parametrize("kind", KINDS)
def test_restyling_a_style_restyles_every_paragraph_of_that_kind(kind, tmp_path):
    """A clerk changes "HMTN Body" to 13 pt in Word; every body paragraph follows."""
    import docx
    from docx.shared import Pt

    d = docx.Document(TEMPLATES / f"{kind}.docx")
    d.styles["HMTN Body"].font.size = Pt(13)
    path = tmp_path / f"{kind}.docx"
    d.save(path)
    out = DocView(CompiledTemplate(path).render(load_context(kind)), kind)
    body = [p for p in out.body_paragraphs() if out.style_name(p) == "HMTN Body"]
    assert body and all(out.run_fmt(p, r).size == 13 for p in body for r in p.iter(w("r"))
                        if text_of(r))


def test_make_templates_builds_usable_templates(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_templates", mod)
    spec.loader.exec_module(mod)
    assert mod.main(["--out", str(tmp_path)]) == 0
    for kind in KINDS:
        data = (tmp_path / f"{kind}.docx").read_bytes()
        assert data == build(registry_kind(kind).template), "the build is deterministic"
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert {"word/document.xml", "word/styles.xml", "[Content_Types].xml"} <= set(z.namelist())
        CompiledTemplate(tmp_path / f"{kind}.docx").render(load_context(kind))
