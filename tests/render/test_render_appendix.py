"""The appendix (Phụ lục): heading block and the table."""

from __future__ import annotations

import copy

import pytest

from .docview import NS, cells, rows, text_of, w


def _appendix_elements(doc):
    """Body elements after the section break that ends the main text."""
    out, started = [], False
    for el in doc.body:
        if started and el.tag != w("sectPr"):
            out.append(el)
        if el.find("w:pPr/w:sectPr", NS) is not None:
            started = True
    return out


def _appendix_table(doc):
    (tbl,) = [el for el in _appendix_elements(doc) if el.tag == w("tbl")]
    return tbl


def test_appendix_heading_block(appendix_doc, contexts):
    any_doc = appendix_doc
    ctx = contexts[any_doc.kind]
    heading, title, ref, rule = _appendix_elements(any_doc)[:4]
    assert text_of(heading) == "Phụ lục"  # lower case, not "PHỤ LỤC"
    assert text_of(title) == ctx["appendix_title"] and text_of(title) == text_of(title).upper()
    assert text_of(ref) == ctx["appendix_ref"]
    expected = {heading: (14, True, False), title: (14, True, False), ref: (14, False, True)}
    for p, look in expected.items():
        fmt = any_doc.text_fmt(p)
        assert (fmt.size, fmt.bold, fmt.italic) == look, text_of(p)
        assert any_doc.jc(p) == "center"
    assert text_of(rule) == "" and any_doc.ppr(rule, "pBdr") is not None


def test_appendix_table_has_borders_and_a_header_row_repeated_on_each_page(appendix_doc):
    any_doc = appendix_doc
    tbl = _appendix_table(any_doc)
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert {e.tag.split("}")[1]: e.get(w("val")) for e in borders} == {
        k: "single" for k in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    header, *data = rows(tbl)
    assert header.find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in data)
    for p in header.iter(w("p")):
        fmt = any_doc.text_fmt(p)
        assert (fmt.size, fmt.bold) == (13, True)


def test_appendix_table_text_is_13pt(appendix_doc):
    for p in _appendix_table(appendix_doc).iter(w("p")):
        if text_of(p):
            assert appendix_doc.text_fmt(p).size == 13


def test_ke_hoach_appendix_columns_have_the_seeds_headings(kh):
    header = rows(_appendix_table(kh))[0]
    assert [text_of(c) for c in cells(header)] == [
        "TT",
        "Đơn vị tổ chức",
        "Số ĐVM dự kiến tiếp nhận",
        "Dự kiến thời gian tổ chức hiến máu (số đợt tổ chức/tháng/năm 2021)",
        "Số ngày BCĐ dự kiến",
    ]


def test_every_ke_hoach_appendix_row_is_present(kh, contexts):
    expected = contexts["ke-hoach"]["appendix_rows"]
    data = rows(_appendix_table(kh))[1:]
    assert len(data) == len(expected)
    for tr, r in zip(data, expected):
        got = [text_of(c) for c in cells(tr)]
        if r["kind"] == "group":
            assert got == [r["no"], r["name"]]
            assert cells(tr)[1].find("w:tcPr/w:gridSpan", NS).get(w("val")) == "4"
        elif r["kind"] == "unit":
            assert got == [r["no"], r["name"], r["quota"], r["dates"], r["days"]]
        else:
            assert got == ["", r["name"], r["quota"], "", r["days"]]


def test_unit_dates_are_line_breaks_in_one_paragraph(kh, contexts):
    row = next(r for r in contexts["ke-hoach"]["appendix_rows"] if r["kind"] == "unit" and "\n" in r["dates"])
    tr = next(tr for tr in rows(_appendix_table(kh)) if text_of(cells(tr)[1]) == row["name"])
    dates = cells(tr)[3]
    assert len(dates.findall(w("p"))) == 1
    assert len(list(dates.iter(w("br")))) == row["dates"].count("\n")


@pytest.mark.parametrize("kind", ["group", "subtotal", "total"])
def test_ke_hoach_group_subtotal_and_total_rows_are_bold(kh, contexts, kind):
    expected = contexts["ke-hoach"]["appendix_rows"]
    for tr, r in zip(rows(_appendix_table(kh))[1:], expected):
        if r["kind"] != kind:
            continue
        for p in tr.iter(w("p")):
            if text_of(p):
                assert kh.text_fmt(p).bold, text_of(p)


def test_ke_hoach_unit_rows_are_not_bold(kh, contexts):
    for tr, r in zip(rows(_appendix_table(kh))[1:], contexts["ke-hoach"]["appendix_rows"]):
        if r["kind"] == "unit":
            assert not any(kh.text_fmt(p).bold for p in tr.iter(w("p")) if text_of(p))


def test_every_cong_van_appendix_row_is_present_and_the_total_last(cv, contexts):
    ctx = contexts["cong-van"]
    header, *data, total = rows(_appendix_table(cv))
    assert [text_of(c) for c in cells(header)] == [
        "Số TT",
        "Đơn vị",
        "Chỉ tiêu hiến máu (đơn vị máu)",
        "Thời gian tham gia hiến máu",
    ]
    assert [[text_of(c) for c in cells(tr)] for tr in data] == [
        [r["no"], r["name"], r["quota"], r["slot"]] for r in ctx["appendix_rows"]
    ]
    assert [text_of(c) for c in cells(total)] == ["", "Tổng cộng", ctx["total"], ""]
    for p in total.iter(w("p")):
        if text_of(p):
            assert cv.text_fmt(p).bold


def _vmerge(tc):
    vm = tc.find("w:tcPr/w:vMerge", NS)
    return None if vm is None else vm.get(w("val"), "continue")


def test_every_cong_van_row_shows_its_slot_in_a_cell_of_its_own(cv, contexts):
    """A merged cell that crosses a page prints its text on the first page only: each row
    carries its slot, and no cell is merged."""
    expected = contexts["cong-van"]["appendix_rows"]
    header, *data, total = rows(_appendix_table(cv))
    assert [text_of(cells(tr)[3]) for tr in data] == [r["slot"] for r in expected]
    assert all(r["slot"] for r in expected)
    assert not list(_appendix_table(cv).iter(w("vMerge")))


def _with_vmerge(tmp_path):
    """The Công văn template with the slot cell merged by our ``{% vmerge %}`` tag, as a clerk
    may still write it."""
    from hmtn_docs._docx import CompiledTemplate

    from .docview import edited_template

    return CompiledTemplate(edited_template("cong-van", tmp_path / "cv.docx", "{{ r.slot }}",
                                            "{% vmerge r.slot_merge %}{{ r.slot }}"))


def test_vmerge_sits_in_schema_order_inside_the_cell_properties(cv):
    order = ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"]
    for tc in _appendix_table(cv).iter(w("tc")):
        names = [c.tag.split("}")[1] for c in tc.find(w("tcPr"))]
        assert names == sorted(names, key=order.index), names


def test_vmerge_runs_follow_the_context_row_by_row(tmp_path, contexts):
    """Merging is driven by slot_merge row by row, not by the whole loop as docxtpl's {% vm %}."""
    from .docview import DocView

    pattern = ["restart", "continue", "restart", "", "restart", "continue", "continue"]
    ctx = copy.deepcopy(contexts["cong-van"])
    rows_ = ctx["appendix_rows"][: len(pattern)]
    for r, m in zip(rows_, pattern):
        r["slot_merge"] = m
        r["slot"] = "x" if m != "continue" else ""
    ctx["appendix_rows"] = rows_
    doc = DocView(_with_vmerge(tmp_path).render(ctx), "cong-van")
    _, *data, _ = rows(_appendix_table(doc))
    assert [_vmerge(cells(tr)[3]) for tr in data] == [m or None for m in pattern]
    names = [c.tag.split("}")[1] for c in cells(data[1])[3].find(w("tcPr"))]
    assert names == ["tcW", "vMerge", "vAlign"]


def test_a_missing_vmerge_key_is_an_error_not_an_unmerged_cell(tmp_path, contexts):
    from hmtn_docs.errors import TemplateError

    ctx = copy.deepcopy(contexts["cong-van"])
    for r in ctx["appendix_rows"]:
        r["slot_merge"] = "restart"
    del ctx["appendix_rows"][3]["slot_merge"]
    with pytest.raises(TemplateError, match="slot_merge"):
        _with_vmerge(tmp_path).render(ctx)
