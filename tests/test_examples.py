"""The corpus of example plans (examples/): one per kind of issuer and shape of drive. Each is
checked and built; its DOCX is opened and its header style, number, dates and quotas are read
back as the clerk wrote them (docs/layout-party.md, ../shared/specs/nd30-format.md)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from hmtn_docs import build_plan, load_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

# folder -> (style, number line, heading on the right (party), texts the body must hold)
EXPECTED = {
    "2019-huyen-tien-lu": ("nd30", "Số: 08/KH-UBND", None, [
        "- Thời gian tổ chức: tháng 3/2019 (dự kiến).",
        "- Chỉ tiêu: 150 – 250 đơn vị máu/ngày.",
        "- Thời gian tổ chức: thứ Tư, 18/9/2019 (7h30).",
        "- Chỉ tiêu: ít nhất 120 đơn vị máu.",
    ]),
    "2026-xa-hong-quang": ("nd30", "Số: 21/TB-UBND", None, [
        "7h00 - 11h00, 13h30 - 16h30",
        "đầu tháng 5/2026 (dự kiến)",
        "Hội trường Ủy ban nhân dân xã Hồng Quang; Nhà văn hóa thôn Đào Xá, thôn Đào Xá",
    ]),
    "2019-2020-hsv-dai-hoc": ("party", "Số 27-CV/HSV", "HỘI SINH VIÊN VIỆT NAM", [
        "với mục tiêu tiếp nhận ít nhất 800 đơn vị máu.",
        "T/M BAN THƯ KÝ",
    ]),
    "2023-benh-vien-da-khoa": ("nd30", "Số: 112/TB-BVĐK", None, [
        "(chỉ dành cho cán bộ, nhân viên của đơn vị)",
        "https://example.org/bvdk/hien-mau",
    ]),
    "2024-doan-truong-cao-dang": ("party", "Số 12-TB/ĐTN", "ĐOÀN TNCS HỒ CHÍ MINH", [
        "T/M BAN CHẤP HÀNH", "K/T BÍ THƯ", "PHÓ BÍ THƯ",
    ]),
    "2022-lien-tich-nam-dinh": ("nd30", "Số: 05/KHLT-HCTĐ-SYT", None, [
        "- Chỉ tiêu: 300 – 400 đơn vị máu/ngày.",
        "900 – 1.200",  # the appendix total of a per-day range over three days: both bounds
        "của Hội Chữ thập đỏ tỉnh Nam Định và Sở Y tế tỉnh Nam Định)",
    ]),
}


def test_every_example_folder_is_in_the_table():
    assert sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()) == sorted(EXPECTED)


def _texts(document) -> list[str]:
    """Every paragraph of the body, tables (nested too) included."""
    return [p.text for p in document.element.body.iter(docx.oxml.ns.qn("w:p"))
            for p in [docx.text.paragraph.Paragraph(p, document)]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples")
    docs = {}
    for name in EXPECTED:
        plan = load_plan(EXAMPLES / name)
        assert not plan.warnings, plan.warnings
        build_plan(plan, out)
        (path,) = sorted((out / name).glob("*.docx"))  # one document each
        docs[name] = docx.Document(str(path))
    return docs


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_builds_with_its_header_style_number_dates_and_quotas(built, name):
    style, number, heading, wanted = EXPECTED[name]
    document = built[name]
    header = document.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    number_cell = [p.text for p in header.rows[1].cells[0].paragraphs if p.text]
    assert number_cell[0] == number
    if style == "party":  # Hướng dẫn 36: heading on the right, *** under the issuing body
        assert right == [heading] and left[-1] == "***"
        assert re.fullmatch(r"Số \d+-[A-ZĐ]+(LT)?/[A-ZĐ-]+", number)
        assert QUOC_HIEU not in "\n".join(_texts(document))
    else:
        assert right == [QUOC_HIEU, "Độc lập - Tự do - Hạnh phúc"] and "***" not in left
        assert re.fullmatch(r"Số: \d{2,}/[A-ZĐ]+(LT)?-[A-ZĐ-]+", number)
    text = "\n".join(_texts(document)).replace("\xa0", " ")  # kept-together words read as words
    for piece in wanted:
        assert piece in text


def test_a_joint_document_names_both_bodies_and_has_two_signatures_side_by_side(built):
    document = built["2022-lien-tich-nam-dinh"]
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left == ["HỘI CHỮ THẬP ĐỎ", "TỈNH NAM ĐỊNH -", "SỞ Y TẾ", "TỈNH NAM ĐỊNH"]
    rows = [r for t in document.tables for tt in [t, *[c for row in t.rows for cell in row.cells
                                                         for c in cell.tables]]
            for r in tt.rows]
    names = {"Hoàng Văn Sơn", "Vũ Thị Lan"}
    side_by_side = [r for r in rows if len(r.cells) == 2
                    and {r.cells[0].paragraphs[-1].text, r.cells[1].paragraphs[-1].text} == names]
    assert side_by_side, "the two signers' names must be in one row, one per column"
    co, lead = side_by_side[0].cells
    assert "KT. GIÁM ĐỐC" in [p.text for p in co.paragraphs]  # the co-issuer signs on the left
    assert "TM. BAN THƯỜNG VỤ" in [p.text for p in lead.paragraphs]
