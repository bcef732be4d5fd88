"""The header block (ô 1–5) and, for the công văn, the Kính gửi block."""

from __future__ import annotations

import pytest

from .docview import MM, NS, cells, rows, text_of, twips_to_mm, w

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def _header_table(doc):
    return doc.tables()[0]


def _cell_paragraphs(tc):
    return tc.findall(w("p"))


def test_header_block_is_the_first_thing_on_the_page(any_doc):
    assert any_doc.body[0].tag == w("tbl")


def test_header_table_is_borderless_fixed_and_two_columns(any_doc):
    tbl = _header_table(any_doc)
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    for edge in tbl.find("w:tblPr/w:tblBorders", NS):
        assert edge.get(w("val")) in ("nil", "none")
    for tc in tbl.iter(w("tc")):
        assert tc.find("w:tcPr/w:tcBorders", NS) is None
    left, right = (int(g.get(w("w"))) for g in tbl.find(w("tblGrid")))
    assert 60 <= twips_to_mm(left) <= 70 and 95 <= twips_to_mm(right) <= 105
    assert left + right <= 9354 + 1, "the table must fit the 165 mm text width"


def test_quoc_hieu_fits_its_cell_on_one_line(any_doc):
    # bold 13 pt Quốc hiệu is 95.7 mm wide in TNR (Liberation Serif metrics)
    tbl = _header_table(any_doc)
    right = int(tbl.find(w("tblGrid"))[1].get(w("w")))
    pad = tbl.find("w:tblPr/w:tblCellMar", NS)
    padding = sum(int(pad.find(w(s)).get(w("w"))) for s in ("left", "right")) if pad is not None else 216
    assert (right - padding) / MM > 95.7 + 1


def test_header_quoc_hieu_is_bold_13pt_centred_in_the_right_column(any_doc):
    top_right = cells(rows(_header_table(any_doc))[0])[1]
    p = _cell_paragraphs(top_right)[0]
    assert text_of(p) == QUOC_HIEU
    fmt = any_doc.text_fmt(p)
    assert (fmt.size, fmt.bold, fmt.italic) == (13, True, False)
    assert any_doc.jc(p) == "center"


def test_header_tieu_ngu_is_bold_14pt_right_under_the_quoc_hieu(any_doc):
    top_right = cells(rows(_header_table(any_doc))[0])[1]
    p = _cell_paragraphs(top_right)[1]
    assert text_of(p) == TIEU_NGU
    fmt = any_doc.text_fmt(p)
    assert (fmt.size, fmt.bold, fmt.italic) == (14, True, False)
    assert any_doc.jc(p) == "center"
    assert int(any_doc.ppr(p, "spacing", "before") or 0) == 0  # no blank line between the two


def _rule_width_mm(doc, p, cell_width):
    assert doc.ppr(p, "pBdr") is not None and doc.ppr(p, "pBdr").find(w("top")).get(w("val")) == "single"
    assert text_of(p) == ""
    left, right = doc.indent(p, "left"), doc.indent(p, "right")
    assert abs(left - right) <= 1, "the rule must be centred"
    return twips_to_mm(cell_width - left - right)


def test_rule_under_tieu_ngu_is_as_wide_as_the_text(any_doc):
    tbl = _header_table(any_doc)
    right = int(tbl.find(w("tblGrid"))[1].get(w("w")))
    rule = _cell_paragraphs(cells(rows(tbl)[0])[1])[2]
    # the Tiêu ngữ, bold 14 pt, is 60.5 mm wide
    assert abs(_rule_width_mm(any_doc, rule, right) - 60.5) < 1.5


def test_issuer_lines_are_bold_13pt_with_a_short_rule_under_them(any_doc, contexts):
    ctx = contexts[any_doc.kind]
    tbl = _header_table(any_doc)
    left = int(tbl.find(w("tblGrid"))[0].get(w("w")))
    paras = _cell_paragraphs(cells(rows(tbl)[0])[0])
    *lines, rule = paras
    parent, issuer = lines[:len(ctx["parent_lines"])], lines[len(ctx["parent_lines"]):]
    assert [text_of(p) for p in parent] == ctx["parent_lines"]
    assert [text_of(p) for p in issuer] == ctx["issuer_lines"]
    assert issuer and all(text_of(p) == text_of(p).upper() for p in lines)
    for p in lines:
        fmt = any_doc.text_fmt(p)
        assert (fmt.size, fmt.bold, fmt.italic) == (13, p in issuer, False)
        assert any_doc.jc(p) == "center"
    # 1/3 to 1/2 of the issuer line: "TỈNH HƯNG YÊN" is ~37.5 mm, "THÀNH PHỐ HẢI PHÒNG" ~55.9 mm
    assert 37.5 / 3 <= _rule_width_mm(any_doc, rule, left) <= 37.5 / 2 + 0.5


def test_parent_body_lines_come_first_in_13pt_not_bold(render_with):
    def change(ctx):
        ctx["parent_lines"] = ["UBND TỈNH HƯNG YÊN"]
        ctx["issuer_lines"] = ["BAN CHỈ ĐẠO VẬN ĐỘNG", "HIẾN MÁU TÌNH NGUYỆN"]

    doc = render_with("ke-hoach", change)
    paras = _cell_paragraphs(cells(rows(_header_table(doc))[0])[0])
    assert [text_of(p) for p in paras] == ["UBND TỈNH HƯNG YÊN", "BAN CHỈ ĐẠO VẬN ĐỘNG", "HIẾN MÁU TÌNH NGUYỆN", ""]
    parent = doc.text_fmt(paras[0])
    assert (parent.size, parent.bold) == (13, False)
    assert doc.text_fmt(paras[1]).bold


def test_so_line_is_13pt_upright_on_the_same_row_as_the_place_date(any_doc, contexts):
    ctx = contexts[any_doc.kind]
    second = rows(_header_table(any_doc))[1]
    left, right = cells(second)
    so, place = _cell_paragraphs(left)[0], _cell_paragraphs(right)[0]
    assert text_of(so) == ctx["number_line"]
    assert text_of(place) == ctx["place_date"]
    fmt = any_doc.text_fmt(so)
    assert (fmt.size, fmt.bold, fmt.italic) == (13, False, False)
    # same row, same space above: the two lines sit side by side
    assert any_doc.ppr(so, "spacing", "before") == any_doc.ppr(place, "spacing", "before")


def test_place_date_is_italic_14pt_centred(any_doc):
    place = _cell_paragraphs(cells(rows(_header_table(any_doc))[1])[1])[0]
    fmt = any_doc.text_fmt(place)
    assert (fmt.size, fmt.bold, fmt.italic) == (14, False, True)
    assert any_doc.jc(place) == "center"


def test_ke_hoach_type_name_and_subject_are_bold_14pt_centred_with_a_rule(kh, contexts):
    after_header = kh.body[1:4]
    name, subject, rule = after_header
    assert text_of(name) == "KẾ HOẠCH" and text_of(subject) == contexts["ke-hoach"]["subject"]
    for p in (name, subject):
        fmt = kh.text_fmt(p)
        assert (fmt.size, fmt.bold, fmt.italic) == (14, True, False)
        assert kh.jc(p) == "center"
    width = _rule_width_mm(kh, rule, 9354)
    assert 30 <= width <= 80  # 1/3–1/2 of a trích yếu line (~140 mm here)


def test_cong_van_has_no_type_name_and_puts_vv_under_the_so_line(cv, contexts):
    texts = [text_of(p) for p in cv.body_paragraphs()]
    assert "CÔNG VĂN" not in texts and "KẾ HOẠCH" not in texts
    left = cells(rows(_header_table(cv))[1])[0]
    so, vv = _cell_paragraphs(left)
    assert text_of(vv) == contexts["cong-van"]["subject_line"]
    fmt = cv.text_fmt(vv)
    assert (fmt.size, fmt.bold, fmt.italic) == (13, False, False)
    assert cv.jc(vv) == "center"
    assert int(cv.ppr(vv, "spacing", "before")) == 120  # 6 pt under the Số line


def test_kinh_gui_with_one_addressee_is_one_14pt_line(cv, contexts):
    p = cv.find(contexts["cong-van"]["to_inline"])
    assert text_of(p).startswith("Kính gửi: ")
    assert cv.text_fmt(p).size == 14 and not cv.text_fmt(p).bold


def test_kinh_gui_with_several_addressees_lists_them_under_the_colon(render_with):
    addressees = ["- Sở Y tế;", "- Sở Giáo dục và Đào tạo;", "- Hội Chữ thập đỏ thành phố."]

    def change(ctx):
        ctx["to_inline"] = ""
        ctx["to_list"] = addressees

    doc = render_with("cong-van", change)
    paras = doc.body_paragraphs()
    texts = [text_of(p) for p in paras]
    i = texts.index("Kính gửi:")
    assert texts[i + 1 : i + 4] == addressees
    label_indent = doc.indent(paras[i], "firstLine")
    items = paras[i + 1 : i + 4]
    assert len({doc.indent(p, "left") for p in items}) == 1, "the dashes line up"
    assert doc.indent(items[0], "left") > label_indent, "the dashes sit under the colon"
    for p in (paras[i], *items):
        assert doc.text_fmt(p).size == 14
    # no leftover empty line from the one-addressee form: the label follows the header table
    assert doc.body[1] is paras[i]


def test_kinh_gui_one_addressee_leaves_no_list_behind(cv):
    assert "Kính gửi:" not in [text_of(p) for p in cv.body_paragraphs()]

