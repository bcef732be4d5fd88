"""Công văn: what the bundled Hải Phòng letter does not show (the full letter is read in
tests/test_build.py): a letter without allocations, and a letter body with sections."""

from __future__ import annotations

import pytest

from hmtn_docs._docx import CompiledTemplate
from hmtn_docs.documents import plan_outputs
from hmtn_docs.load import load_plan

from render.docview import TEMPLATES, DocView, text_of

LETTER = """\
letters:
  - id: cv-an-thi
    issuer: ubnd
    number: 12
    date: 2021-02-20
    signer: pct
    notation: UBND-VX
    subject: Tổ chức hiến máu tình nguyện tại huyện Ân Thi
    to: [Các cơ quan, đơn vị trên địa bàn huyện Ân Thi]
    drive: 2021-03-09-an-thi
    paragraphs: ["Vào {drive.weekday}, {drive.date} tại {drive.place}."]
    requests: ["Tổng chỉ tiêu {total} đơn vị máu."]
    recipients: [Như trên]
    archive: [VT]
"""


@pytest.fixture
def letter_doc(write_plan, minimal_text):
    def render(extra: str = "", letter: str = LETTER) -> DocView:
        plan = load_plan(write_plan(minimal_text.rstrip("\n") + "\n\n" + letter + extra))
        (output,) = [o for o in plan_outputs(plan) if o.kind == "cong-van"]
        return DocView(CompiledTemplate(TEMPLATES / output.template).render(output.context()),
                       "cong-van")

    return render


def test_a_letter_without_allocations_has_no_appendix_page(letter_doc):
    doc = letter_doc()
    texts = [text_of(p) for p in doc.paragraphs()]
    assert len(doc.sect_prs()) == 1
    assert "Phụ lục" not in texts and "Tổng cộng" not in texts
    assert "1. Tổng chỉ tiêu 400 đơn vị máu./." in texts


def test_a_letter_body_may_have_sections_like_the_ke_hoach(letter_doc):
    doc = letter_doc("""\
    sections:
      - title: Tổ chức thực hiện
        items:
          - title: Ban Chỉ đạo huyện
            bullets: ["Chuẩn bị địa điểm tại {drive.place};", "Báo cáo kết quả."]
""")
    texts = [text_of(p) for p in doc.paragraphs()]
    i = texts.index("I. TỔ CHỨC THỰC HIỆN")
    assert texts[i + 1:i + 4] == ["1. Ban Chỉ đạo huyện",
                                  "- Chuẩn bị địa điểm tại Nhà văn hóa huyện Ân Thi;",
                                  "- Báo cáo kết quả./."]
    styles = [doc.style_name(doc.find(t)) for t in texts[i:i + 3]]
    assert styles == ["HMTN Mục", "HMTN Khoản", "HMTN Bullet"]



def test_year_and_the_drives_programme_edition_fill_a_letter(letter_doc):
    hanh_trinh = LETTER.replace("drive: 2021-03-09-an-thi", "drive: 2021-07-14-so-y-te")
    doc = letter_doc("", hanh_trinh.replace(
        "Tổng chỉ tiêu {total} đơn vị máu.",
        "Hưởng ứng Hành trình Đỏ lần thứ {edition} năm {year}, tổng chỉ tiêu {total} đơn vị máu."))
    assert "1. Hưởng ứng Hành trình Đỏ lần thứ IX năm 2021, tổng chỉ tiêu 250 đơn vị máu./." in \
        [text_of(p) for p in doc.paragraphs()]  # first edition 2013


def test_years_in_a_letter_whose_drive_programme_has_no_founding_year_is_an_error(check_with):
    problems = check_with(LETTER.replace("Tổng chỉ tiêu {total}", "Kỷ niệm {years} năm, {total}"))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "letters[0].requests[0]: {years} cần đợt hiến máu của một chương trình có 'founded' (năm "
        "bắt đầu tính số năm kỷ niệm)"]
