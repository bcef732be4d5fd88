"""CompiledTemplate: the same document as docxtpl, faster, with clear errors."""

from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from hmtn_docs._docx import CompiledTemplate, HmtnDocxTemplate, patch_vmerge
from hmtn_docs.errors import TemplateError, UserError

from .docview import KINDS, TEMPLATES


def normalised(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx; XML parts as canonical XML (C14N), so that attribute order,
    redundant namespace declarations and character references do not count."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            blob = z.read(name)
            if name.endswith((".xml", ".rels")):
                blob = etree.tostring(etree.fromstring(blob), method="c14n")
            out[name] = blob
    return out


def plain_docxtpl(kind: str, ctx: dict) -> bytes:
    # Plain docxtpl, except for a template with our {% vmerge %} tag, which HmtnDocxTemplate
    # adds to docxtpl's patch_xml (changing nothing else).
    path = TEMPLATES / f"{kind}.docx"
    with zipfile.ZipFile(path) as z:
        uses_vmerge = b"vmerge" in z.read("word/document.xml")
    tpl = (HmtnDocxTemplate if uses_vmerge else DocxTemplate)(path)
    tpl.render(ctx, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def _awkward(kind: str, ctx: dict) -> dict:
    """Values with every character docxtpl post-processes: \\n \\t \\a \\f and XML specials."""
    ctx = copy.deepcopy(ctx)
    ctx["recipients"][0] = "- Dòng một\ndòng hai\tcột & <ba>;"
    ctx["closing_spans"] = [{"text": "Đoạn có\nxuống dòng,\ttab,\ađoạn mới và\fsang trang.",
                             "italic": False}]
    # and the first text of every list of blocks or rows (body, table and appendix rows)
    for value in ctx.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            key = next(k for k, v in value[0].items() if isinstance(v, str) and k != "kind")
            value[0][key] = 'Giá trị "có" ngoặc & <thẻ>\nxuống dòng.'
    return ctx


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", ["sample", "awkward values"])
def test_compiled_render_is_the_same_document_as_docxtpl(compiled, contexts, kind, variant):
    ctx = contexts[kind] if variant == "sample" else _awkward(kind, contexts[kind])
    ours, theirs = normalised(compiled[kind].render(ctx)), normalised(plain_docxtpl(kind, ctx))
    assert sorted(ours) == sorted(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], f"{name} differs"


def test_rendering_is_repeatable_and_deterministic(compiled, contexts):
    ct = compiled["cong-van"]
    a = contexts["cong-van"]
    b = copy.deepcopy(a)
    b["signer_name"] = "Nguyễn Văn Tùng"
    first, other, again = ct.render(a), ct.render(b), ct.render(a)
    assert first == again  # byte for byte: fixed zip timestamps, nothing left from the last call
    assert first != other and "Nguyễn Văn Tùng".encode() not in normalised(first)["word/document.xml"]


def test_render_does_not_change_the_context(compiled, contexts):
    ctx = copy.deepcopy(contexts["ke-hoach"])
    compiled["ke-hoach"].render(ctx)
    assert ctx == contexts["ke-hoach"]


def test_rendered_document_opens_in_python_docx(rendered):
    for data in rendered.values():
        assert docx.Document(io.BytesIO(data)).paragraphs


def test_variables_are_the_context_keys(compiled, contexts):
    for kind in KINDS:
        assert compiled[kind].variables() == set(contexts[kind])


def test_missing_context_key_raises_template_error_naming_it(compiled, contexts):
    ctx = copy.deepcopy(contexts["ke-hoach"])
    del ctx["signer_name"]
    with pytest.raises(TemplateError, match="signer_name") as exc:
        compiled["ke-hoach"].render(ctx)
    assert isinstance(exc.value, UserError)
    assert "templates/ke-hoach.docx" in str(exc.value) or "ke-hoach.docx" in str(exc.value)


def test_missing_key_of_a_block_raises_template_error_naming_it(compiled, contexts):
    ctx = copy.deepcopy(contexts["ke-hoach"])
    field = next(b for b in ctx["body"] if b["kind"] == "field")
    del field["label"]
    with pytest.raises(TemplateError, match=r"'label'.*b\.label"):
        compiled["ke-hoach"].render(ctx)


def test_a_list_that_is_not_a_list_is_a_template_error(compiled, contexts):
    ctx = copy.deepcopy(contexts["cong-van"])
    ctx["recipients"] = None
    with pytest.raises(TemplateError, match="recipients"):
        compiled["cong-van"].render(ctx)


def test_control_character_in_a_value_is_reported_not_written(compiled, contexts):
    ctx = copy.deepcopy(contexts["cong-van"])
    ctx["signer_name"] = "Lê\x0bKhắc Nam"
    with pytest.raises(TemplateError, match="U\\+000B"):
        compiled["cong-van"].render(ctx)


def _docx_with(tmp_path, *texts, name="t.docx"):
    d = docx.Document()
    for t in texts:
        d.add_paragraph(t)
    path = tmp_path / name
    d.save(path)
    return path


def test_broken_tag_in_a_template_is_a_template_error(tmp_path):
    path = _docx_with(tmp_path, "Xin chào {{ name ", "{% for x in items %}")
    with pytest.raises(TemplateError, match="t.docx"):
        CompiledTemplate(path)


def test_missing_or_non_docx_template_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="không đọc được mẫu"):
        CompiledTemplate(tmp_path / "nope.docx")
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match="không phải tệp .docx dùng được"):
        CompiledTemplate(bad)


# ---------------------------------------------------------------- the {% vmerge %} tag
def _cell(tcpr: str, text: str = "{% vmerge r.m %}{{ r.s }}") -> str:
    return f'<w:tc>{tcpr}<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


@pytest.mark.parametrize(
    "tcpr, expected_before",
    [
        ('<w:tcPr><w:tcW w:w="9"/><w:shd w:fill="FF0000"/><w:vAlign w:val="center"/></w:tcPr>', "<w:shd"),
        ('<w:tcPr><w:tcW w:w="9"/><w:gridSpan w:val="2"/></w:tcPr>', "</w:tcPr>"),
        ("<w:tcPr/>", "</w:tcPr>"),
        ("", "</w:tcPr>"),
    ],
    ids=["before shd", "after gridSpan", "empty tcPr", "no tcPr"],
)
def test_vmerge_goes_into_tcpr_in_schema_order(tcpr, expected_before):
    out = patch_vmerge(_cell(tcpr))
    assert "vmerge" not in out
    assert out.index("<w:vMerge") < out.index(expected_before)
    if "tcW" in tcpr:
        assert out.index("<w:tcW") < out.index("<w:vMerge")


def test_vmerge_replaces_an_existing_vmerge_and_drops_an_emptied_run():
    cell = (
        '<w:tc><w:tcPr><w:tcW w:w="9"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>{% vmerge r.m %}</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">{{ r.s }}</w:t></w:r></w:p></w:tc>'
    )
    out = patch_vmerge(cell)
    assert out.count("<w:vMerge") == 2  # the restart and continue branches, nothing else
    assert "<w:t></w:t>" not in out


def test_vmerge_values_other_than_restart_and_continue_leave_the_cell_unmerged():
    import jinja2

    src = patch_vmerge(_cell('<w:tcPr><w:tcW w:w="9"/></w:tcPr>'))
    tpl = jinja2.Environment(autoescape=True).from_string(src)
    assert '<w:vMerge w:val="restart"/>' in tpl.render(r={"m": "restart", "s": "a"})
    assert '<w:vMerge w:val="continue"/>' in tpl.render(r={"m": "continue", "s": ""})
    for value in ("", "yes", None):
        assert "vMerge" not in tpl.render(r={"m": value, "s": "a"})


# Speed is measured in benchmarks/letters.py (a ratio against plain docxtpl in the same run),
# never asserted here: a timed assertion on a shared 2-core runner is noise.


def test_lone_surrogate_in_a_value_is_a_template_error(compiled, contexts):
    ctx = copy.deepcopy(contexts["ke-hoach"])
    ctx["body"][3]["text"] = "mất dữ liệu \udc8f"
    with pytest.raises(TemplateError, match="U\\+DC8F"):
        compiled["ke-hoach"].render(ctx)


# ---------------------------------------------------------------- well-formedness, proven once
@pytest.mark.parametrize(
    "src, proven",
    [
        ("<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>", True),
        ("{% for b in body %}<w:p>{% if b.k == 'x' %}<w:r/>{% elif b.k %}<w:r></w:r>{% endif %}</w:p>{% endfor %}", True),
        ('<w:tc><w:tcPr>{% if r.m == "restart" %}<w:vMerge w:val="restart"/>{% endif %}</w:tcPr></w:tc>', True),
        ('<w:gridSpan w:val="{{ n }}"/>', True),
        # skipping "a</w:t></w:r></w:p><w:p><w:r><w:t>b" still leaves balanced XML
        ("<w:p><w:r><w:t>{% if x %}a</w:t></w:r></w:p><w:p><w:r><w:t>b{% endif %}</w:t></w:r></w:p>", True),
        ("<w:p>{% if x %}<w:r>{% endif %}</w:r></w:p>", False),
        ("{% for i in xs %}<w:p>{% endfor %}</w:p>", False),
        ('<w:p w:x="{% if a %}1{% endif %}"/>', False),
        ("{% macro m() %}<w:p/>{% endmacro %}", False),
        ("<w:p><w:r></w:p></w:r>", False),
    ],
)
def test_template_output_is_proven_well_formed_only_when_it_is(src, proven):
    from hmtn_docs._docx import _always_well_formed

    assert _always_well_formed(src) is proven


def test_unproven_template_is_still_checked_at_every_render(tmp_path):
    d = docx.Document()
    d.add_paragraph("{% if x %}mở")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "đóng{% endif %}"
    d.add_paragraph("cuối")
    path = tmp_path / "crossing.docx"
    d.save(path)
    ct = CompiledTemplate(path)
    assert not ct._body.proven
    ct.render({"x": True})  # balanced this way
    with pytest.raises(TemplateError, match="XML sau khi điền mẫu không hợp lệ"):
        ct.render({"x": False})


@pytest.mark.parametrize("kind", KINDS)
def test_bundled_templates_render_without_docxtpl_table_fixups(compiled, contexts, kind,
                                                               monkeypatch):
    # docxtpl's fix_tables re-parses the whole body (and counts nested rows as the outer
    # table's); the bundled templates are laid out so that it never has anything to do
    def refuse(*args, **kwargs):
        raise AssertionError("fix_tables was needed")

    monkeypatch.setattr(HmtnDocxTemplate, "fix_tables", refuse)
    compiled[kind].render(contexts[kind])
