"""The body (ô 6): every block rendered, in order, each kind in its own style."""

from __future__ import annotations

import pytest

from .docview import NS, text_of, w

BODY_STYLE = {
    "para": "HMTN Body",
    "muc": "HMTN Mục",
    "khoan": "HMTN Khoản",
    "diem": "HMTN Điểm",
    "bullet": "HMTN Bullet",
    "month": "HMTN Tháng",
    "drive": "HMTN Đợt hiến máu",
    "field": "HMTN Thông tin đợt",
}
# (bold, italic) per kind
LOOK = {
    "para": (False, False),
    "muc": (True, False),
    "khoan": (True, False),
    "diem": (False, False),
    "bullet": (False, False),
    "month": (True, False),
    "drive": (True, True),
    "field": (False, False),
}


def _body_region(doc):
    """Top-level paragraphs between the trích yếu rule and the signature table."""
    out, started = [], False
    for el in doc.body:
        if el.tag == w("tbl") and started:
            break
        if el.tag == w("p") and started:
            out.append(el)
        if el.tag == w("p") and doc.style_name(el) == "HMTN Gạch dưới trích yếu":
            started = True
    return [p for p in out if doc.style_name(p) != "HMTN Khoảng cách"]


@pytest.fixture(scope="module")
def all_kinds(compiled, contexts):
    """The Kế hoạch with one block of every kind up front (the seed has no điểm)."""
    import copy

    from .docview import DocView

    ctx = copy.deepcopy(contexts["ke-hoach"])
    extra = [
        {"kind": "muc", "text": "IV. KINH PHÍ"},
        {"kind": "khoan", "text": "1. Nguồn kinh phí"},
        {"kind": "diem", "text": "a) Ngân sách tỉnh bố trí theo dự toán được giao;"},
        {"kind": "diem", "text": "b) Nguồn xã hội hóa và các nguồn hợp pháp khác."},
    ]
    ctx["body"] = extra + ctx["body"]
    return DocView(compiled["ke-hoach"].render(ctx), "ke-hoach"), ctx["body"]


def test_every_body_block_is_rendered_once_in_order(kh, contexts):
    blocks = contexts["ke-hoach"]["body"]
    assert [text_of(p) for p in _body_region(kh)] == [b["text"] for b in blocks]


@pytest.mark.parametrize("kind", sorted(BODY_STYLE))
def test_each_body_kind_has_its_named_style_and_look(all_kinds, kind):
    doc, blocks = all_kinds
    paras = _body_region(doc)
    seen = 0
    for p, b in zip(paras, blocks):
        if b["kind"] != kind:
            continue
        seen += 1
        assert doc.style_name(p) == BODY_STYLE[kind]
        italic = {s["text"] for s in b.get("spans", []) if s["italic"]}
        for r in p.iter(w("r")):
            if text_of(r):
                fmt = doc.run_fmt(p, r)
                bold, slanted = LOOK[kind]
                assert (fmt.bold, fmt.italic) == (bold, slanted or text_of(r) in italic), text_of(r)
                assert fmt.size == 14
    assert seen, f"no {kind} block in the sample"


def test_what_a_plan_writes_between_stars_is_italic_and_the_rest_upright(kh, contexts):
    """The seed's "(Có phụ biểu chi tiết kèm theo)" and the parenthesised note in a bullet."""
    found = []
    for p, b in zip(_body_region(kh), contexts["ke-hoach"]["body"]):
        for s in b.get("spans", []):
            if s["italic"]:
                found.append(s["text"])
                runs = [r for r in p.iter(w("r")) if text_of(r)]
                looks = {text_of(r): kh.run_fmt(p, r).italic for r in runs}
                assert looks[s["text"]] is True and "*" not in text_of(p)
                assert [t for t, it in looks.items() if not it]  # the rest is upright
    assert "(Có Phụ lục chi tiết kèm theo)." in found
    assert "số lượng cá nhân tham gia, số điện thoại riêng hoặc cơ quan nơi làm việc" in found


@pytest.mark.parametrize("kind", sorted(BODY_STYLE))
def test_body_text_is_justified_14pt_with_1_27cm_first_line_indent(all_kinds, kind):
    doc, blocks = all_kinds
    p = next(p for p, b in zip(_body_region(doc), blocks) if b["kind"] == kind)
    assert doc.jc(p) == "both"
    assert doc.indent(p, "firstLine") == 720  # 1.27 cm
    assert int(doc.ppr(p, "spacing", "after")) >= 120  # at least 6 pt between paragraphs
    line, rule = int(doc.ppr(p, "spacing", "line")), doc.ppr(p, "spacing", "lineRule")
    assert rule in ("auto", None) and 240 <= line <= 360  # single to 1.5 lines
    assert line == 264  # 1.1


def test_field_label_and_value_are_separate_upright_runs(kh, contexts):
    block = next(b for b in contexts["ke-hoach"]["body"] if b["kind"] == "field")
    p = kh.find(block["text"])
    runs = [r for r in p.iter(w("r")) if text_of(r)]
    assert [text_of(r) for r in runs] == [block["label"], block["value"]]
    assert all(r.find("w:rPr/w:rStyle", NS) is not None for r in runs)  # restylable apart
    for r in runs:
        fmt = kh.run_fmt(p, r)
        assert not fmt.italic and not fmt.bold


def test_headings_keep_with_the_next_paragraph(kh, contexts):
    for kind in ("muc", "khoan", "month", "drive"):
        block = next(b for b in contexts["ke-hoach"]["body"] if b["kind"] == kind)
        assert kh.ppr(kh.find(block["text"]), "keepNext") is not None, kind


def test_every_kinds_body_then_its_closing_in_order(any_doc, contexts):
    """Opening paragraphs (if the kind has them), the body blocks, then the closing paragraph
    that travels with the signature."""
    ctx = contexts[any_doc.kind]
    styles = set(BODY_STYLE.values()) | {"HMTN Đoạn cuối"}
    texts = [text_of(p) for p in any_doc.paragraphs()
             if any_doc.style_name(p) in styles and text_of(p)]
    closing = "".join(s["text"] for s in ctx["closing_spans"])
    expected = ctx.get("intro", []) + [b["text"] for b in ctx["body"]] + [closing]
    assert texts == expected and closing.endswith("./.")


def test_no_template_tag_survives_rendering(any_doc):
    for name, root in any_doc.xml.items():
        text = text_of(root)
        assert "{%" not in text and "{{" not in text and "%}" not in text, name
