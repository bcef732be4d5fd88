"""Công văn: what the bundled Hải Phòng letter does not show (the full letter is read in
tests/test_build.py): a letter without allocations, and a letter body with sections."""

from __future__ import annotations

import pytest

from hmtn_docs._docx import CompiledTemplate
from hmtn_docs.documents import plan_outputs
from hmtn_docs.load import load_plan

from conftest import LETTER
from render.docview import TEMPLATES, DocView, text_of


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


# --------------------------------------------------------------------------- personal copies
ALLOCATED = ("    quota: 400\n    coordinators: [bcd-tinh, bcd-an-thi]",
             "    allocations:\n"
             "      - {unit: bcd-an-thi, quota: 300, slot: \"7h30 - 9h00\"}\n"
             "      - {unit: vien-hhtm, quota: 100, slot: \"9h00 - 11h30\", note: \"Đơn vị mang "
             "theo danh sách người hiến máu.\"}\n"
             "    coordinators: [bcd-tinh, bcd-an-thi]")
PERSONAL = LETTER.replace("    requests: [\"Tổng chỉ tiêu {total} đơn vị máu.\"]\n", """\
    requests: ["Tổng chỉ tiêu {total} đơn vị máu.", "Giao Hội Chữ thập đỏ tỉnh chuẩn bị."]
    personal: "Chỉ tiêu giao cho {unit} là {quota} đơn vị máu; thời gian: {slot}."
""").replace("    recipients: [Như trên]", "    recipients: [Như trên (theo danh sách), Sở Y tế]")


@pytest.fixture
def copies(write_plan, minimal_text):
    """``copies(extra)``: the Công văn and its personal copies, by output stem, as texts."""

    def render(extra: str = "") -> dict[str, list[str]]:
        text = minimal_text.replace(*ALLOCATED).rstrip("\n") + "\n\n" + PERSONAL + extra
        plan = load_plan(write_plan(text))
        out = {}
        for o in plan_outputs(plan):
            if o.kind == "cong-van":
                doc = DocView(CompiledTemplate(TEMPLATES / o.template).render(o.context()),
                              "cong-van")
                out[o.stem] = [text_of(p) for p in doc.paragraphs() if text_of(p)]
        return out

    return render


def _body(texts: list[str]) -> list[str]:
    return texts[texts.index("Vào thứ Ba, 09/3/2021 tại Nhà văn hóa huyện Ân Thi."):
                 texts.index("Nơi nhận:")]


OWN = "Chỉ tiêu giao cho Ban Chỉ đạo vận động hiến máu tình nguyện huyện Ân Thi là 300 đơn vị " \
      "máu; thời gian: từ 7h30 đến 9h00."


@pytest.mark.parametrize(("at", "expected"), [
    ("", ["1. Tổng chỉ tiêu 400 đơn vị máu.", "2. Giao Hội Chữ thập đỏ tỉnh chuẩn bị.",
          f"3. {OWN[:-1]}./."]),
    ("before_requests", [OWN, "1. Tổng chỉ tiêu 400 đơn vị máu.",
                         "2. Giao Hội Chữ thập đỏ tỉnh chuẩn bị./."]),
    ("after_requests", ["1. Tổng chỉ tiêu 400 đơn vị máu.",
                        "2. Giao Hội Chữ thập đỏ tỉnh chuẩn bị.", f"{OWN[:-1]}./."]),
    ("1", [f"1. {OWN}", "2. Tổng chỉ tiêu 400 đơn vị máu.",
           "3. Giao Hội Chữ thập đỏ tỉnh chuẩn bị./."]),
])
def test_personal_at_places_the_units_paragraph_and_the_end_mark_closes_the_last(copies, at,
                                                                                   expected):
    docs = copies(f"    personal_at: {at}\n" if at else "")
    body = _body(docs["cv-an-thi/bcd-an-thi"])
    assert body[1:] == expected
    main = _body(docs["plan-cv-an-thi"])
    assert main[1:] == ["1. Tổng chỉ tiêu 400 đơn vị máu.", "2. Giao Hội Chữ thập đỏ tỉnh chuẩn bị./."]


def test_a_copy_is_addressed_to_its_unit_and_noi_nhan_says_just_nhu_tren(copies):
    texts = copies()["cv-an-thi/vien-hhtm"]
    assert "Kính gửi: Viện Huyết học\xa0- Truyền máu Trung ương" in texts
    i = texts.index("Nơi nhận:")
    assert texts[i + 1:i + 4] == ["- Như trên;", "- Sở Y tế;", "- Lưu: VT."]


def test_an_allocation_note_is_printed_in_its_units_copy_only(copies):
    docs = copies()
    note = "Đơn vị mang theo danh sách người hiến máu"
    assert any(t.endswith(f"từ 9h00 đến 11h30. {note}./.") for t in docs["cv-an-thi/vien-hhtm"])
    assert not any(note in t for k, texts in docs.items() if k != "cv-an-thi/vien-hhtm"
                   for t in texts)


def test_a_copy_may_have_a_number_of_its_own(copies):
    docs = copies("    unit_numbers: {vien-hhtm: 13}\n")
    assert "Số: 13/UBND-VX" in docs["cv-an-thi/vien-hhtm"]
    assert "Số: 12/UBND-VX" in docs["cv-an-thi/bcd-an-thi"]  # the letter's number
    assert any(t.startswith("(Kèm theo Công văn số\xa013/UBND-VX")
               for t in docs["cv-an-thi/vien-hhtm"])


def test_personal_at_past_the_requests_and_bad_unit_numbers_are_errors(check_with):
    problems = check_with(PERSONAL + "    personal_at: 4\n"
                          "    unit_numbers: {so-y-te: 14, vien-hhtm: 12}\n", ALLOCATED)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "letters[0].personal_at: công văn có 2 yêu cầu: đoạn riêng chỉ có thể là yêu cầu 1 đến 3",
        "letters[0].unit_numbers.so-y-te: 'so-y-te' không có trong 'allocations' của đợt hiến máu",
        "letters[0].unit_numbers.vien-hhtm: số 12 đã dùng cho công văn",
    ]
