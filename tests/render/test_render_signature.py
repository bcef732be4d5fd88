"""The signature block (ô 7) and Nơi nhận (ô 9b)."""

from __future__ import annotations

from .docview import NS, cells, rows, text_of, twips_to_mm, w



def _closing_table(doc):
    # the last table of the main text: just before the section-break paragraph
    main_tables = []
    for el in doc.body:
        if el.tag == w("tbl"):
            main_tables.append(el)
        if el.find("w:pPr/w:sectPr", NS) is not None:
            break
    return main_tables[-1]


def _signature_table(doc):
    # nested in the closing table's only cell, after the body's last paragraph
    (cell,) = cells(rows(_closing_table(doc))[0])
    return cell.find(w("tbl"))


def test_last_paragraph_and_signature_share_a_row_that_cannot_split(any_doc, contexts):
    outer = _closing_table(any_doc)
    (tr,) = rows(outer)
    assert tr.find("w:trPr/w:cantSplit", NS) is not None
    (cell,) = cells(tr)
    # the outer grid is the inner one, so docxtpl's table fix-up (which counts nested rows)
    # leaves it alone: one cell spanning both columns
    inner_grid = [g.get(w("w")) for g in cell.find(w("tbl")).find(w("tblGrid"))]
    assert [g.get(w("w")) for g in outer.find(w("tblGrid"))] == inner_grid
    assert cell.find("w:tcPr/w:gridSpan", NS).get(w("val")) == "2"
    first = cell.find(w("p"))
    assert text_of(first) == "".join(s["text"] for s in contexts[any_doc.kind]["closing_spans"])
    assert any_doc.style_name(first) == "HMTN Đoạn cuối"
    assert any_doc.jc(first) == "both"
    assert cell[-1].tag == w("p"), "a cell must end with a paragraph"


def test_signature_block_is_a_borderless_row_that_cannot_split(any_doc):
    tbl = _signature_table(any_doc)
    (tr,) = rows(tbl)
    assert tr.find("w:trPr/w:cantSplit", NS) is not None
    for edge in tbl.find("w:tblPr/w:tblBorders", NS):
        assert edge.get(w("val")) in ("nil", "none")
    left, right = (twips_to_mm(g.get(w("w"))) for g in tbl.find(w("tblGrid")))
    assert left < right, "the signature sits in the wider right column"


def test_noi_nhan_label_is_12pt_bold_italic_flush_left(any_doc):
    left = cells(rows(_signature_table(any_doc))[0])[0]
    label = left.findall(w("p"))[0]
    assert text_of(label) == "Nơi nhận:"
    fmt = any_doc.text_fmt(label)
    assert (fmt.size, fmt.bold, fmt.italic) == (12, True, True)
    assert any_doc.jc(label) == "left" and any_doc.indent(label, "left") == 0


def test_noi_nhan_items_are_11pt_upright_one_per_line(any_doc, contexts):
    left = cells(rows(_signature_table(any_doc))[0])[0]
    items = left.findall(w("p"))[1:]
    assert [text_of(p) for p in items] == contexts[any_doc.kind]["recipients"]
    for p in items:
        fmt = any_doc.text_fmt(p)
        assert (fmt.size, fmt.bold, fmt.italic) == (11, False, False)
    assert text_of(items[-1]).startswith("- Lưu:") and text_of(items[-1]).endswith(".")


def test_signature_lines_and_name_are_bold_14pt_centred_with_room_to_sign(any_doc, contexts):
    ctx = contexts[any_doc.kind]
    right = cells(rows(_signature_table(any_doc))[0])[1]
    paras = right.findall(w("p"))
    texts = [text_of(p) for p in paras]
    n = len(ctx["sign_lines"])
    assert texts[:n] == ctx["sign_lines"]
    assert texts[-1] == ctx["signer_name"]
    for p in paras[:n] + [paras[-1]]:
        fmt = any_doc.text_fmt(p)
        assert (fmt.size, fmt.bold, fmt.italic) == (14, True, False)
        assert any_doc.jc(p) == "center"
    gap = paras[n:-1]
    assert len(gap) == 1 and text_of(gap[0]) == ""
    height = int(any_doc.ppr(gap[0], "spacing", "line"))
    assert any_doc.ppr(gap[0], "spacing", "lineRule") == "exact" and 20 <= twips_to_mm(height) <= 35


def test_noi_nhan_starts_level_with_the_authority_line(any_doc):
    left, right = cells(rows(_signature_table(any_doc))[0])
    first_left, first_right = left.findall(w("p"))[0], right.findall(w("p"))[0]
    before = lambda p: int(any_doc.ppr(p, "spacing", "before") or 0)
    assert before(first_left) == before(first_right)
