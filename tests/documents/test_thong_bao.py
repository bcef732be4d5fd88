"""Thông báo: the bundled example read as a reader would, the long-table appendix, the checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from hmtn_docs.build import render_plan
from hmtn_docs.documents import kind, plan_outputs
from hmtn_docs.documents import thong_bao as tb
from hmtn_docs.load import load_plan
from hmtn_docs.vi import format_date, format_roman, format_upper

from render.docview import TEMPLATES, DocView, cells, rows, text_of, w

from .conftest import ROOT, line_of

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@pytest.fixture(scope="module")
def plan(bundled):
    return bundled["2021-hung-yen"]


@pytest.fixture(scope="module")
def notice(plan):
    return plan.data.notices[0]


@pytest.fixture(scope="module")
def doc(plan, notice) -> DocView:
    (out,) = [o for o in plan_outputs(plan) if o.kind == "thong-bao"]
    docs = {r.name: r.data for r in render_plan(plan)}
    return DocView(docs[f"{out.stem}.docx"], "thong-bao")


def _texts(doc: DocView) -> list[str]:
    return [text_of(p) for p in doc.paragraphs()]


def test_header_has_the_issuer_number_and_place_date_from_the_plan(doc, plan, notice):
    issuer = plan.data.issuers[notice.issuer]
    header = doc.tables()[0]
    top_left = [text_of(p) for p in cells(rows(header)[0])[0].iter(w("p")) if text_of(p)]
    assert top_left == [format_upper(x) for x in issuer.parent + issuer.header]
    second = [text_of(c) for c in cells(rows(header)[1])]
    assert second == [f"Số: {notice.number:02d}/TB-{issuer.abbreviation}",
                      f"{issuer.place}, {format_date(notice.date.full)}"]


def test_type_name_and_subject_follow_the_header_with_no_kinh_gui(doc, notice):
    paras = [text_of(p) for p in doc.body_paragraphs() if text_of(p)]
    assert paras[:2] == ["THÔNG BÁO", notice.subject]
    assert doc.style_name(doc.find("THÔNG BÁO")) == "HMTN Tên loại"
    assert not notice.to and not any(t.startswith("Kính gửi") for t in _texts(doc))


def test_table_lists_the_months_live_drives_in_calendar_order(doc, plan, notice):
    year, month = map(int, notice.month.split("-"))
    expected = sorted((d for d in plan.data.drives if d.status == "planned"
                       and (min(d.dates).year, min(d.dates).month) == (year, month)),
                      key=lambda d: (min(d.dates), d.id))
    table = doc.tables()[1]
    header, *body = [[text_of(c) for c in cells(r)] for r in rows(table)]
    # the seed's drives of March give no hours: no "Thời gian" column, not an empty one
    assert not any(d.time for d in expected)
    assert header == ["TT", "Ngày", "Địa điểm", "Đơn vị tổ chức", "Liên hệ"]
    assert len(body) == len(expected) >= 2
    for n, (row, drive) in enumerate(zip(body, expected), 1):
        weekday, day = row[1].split(", ")
        date = dt.datetime.strptime(day, "%d/%m/%Y").date()
        assert row[0] == str(n) and date == drive.dates[0] == min(drive.dates)
        assert weekday == WEEKDAYS[date.weekday()]
        assert row[2].startswith(drive.place.name)
        assert row[3] == (plan.data.units[drive.organiser].short or plan.data.units[drive.organiser].name)
        assert row[4] == (drive.contact or "")


def test_a_drive_with_hours_gives_the_table_its_time_column():
    plan = load_plan(ROOT / "examples" / "2026-xa-hong-quang")  # one drive with hours, one without
    (out,) = [o for o in plan_outputs(plan) if o.kind == "thong-bao"]
    docs = {r.name: r.data for r in render_plan(plan)}
    table = DocView(docs[f"{out.stem}.docx"], "thong-bao").tables()[1]
    header, *body = [[text_of(c) for c in cells(r)] for r in rows(table)]
    assert header == ["TT", "Ngày", "Thời gian", "Địa điểm", "Đơn vị tổ chức", "Liên hệ"]
    assert [row[2] for row in body] == ["7h00 - 11h00, 13h30 - 16h30", ""]


def test_sections_are_numbered_and_the_body_ends_with_the_end_mark(doc, notice, plan):
    texts = _texts(doc)
    for n, section in enumerate(notice.sections, 1):
        assert f"{format_roman(n)}. {format_upper(section.title)}" in texts
    issuer = plan.data.issuers[notice.issuer]
    closing = doc.find(f"{issuer.name} thông báo để các cơ quan, đơn vị và nhân dân biết, tham gia./.")
    assert doc.style_name(closing) == "HMTN Đoạn cuối"
    assert sum(t.count("./.") for t in texts) == 1


def test_placeholders_are_filled(doc, plan):
    text = "\n".join(_texts(doc))
    assert "{year}" not in text and f"năm {plan.data.plan.year}" in text


def test_noi_nhan_and_signature(doc, notice, plan):
    texts = _texts(doc)
    assert "Nơi nhận:" in texts
    for r in notice.recipients:
        assert f"- {r};" in texts
    assert f"- Lưu: {', '.join(notice.archive)}." in texts
    signer = plan.data.signers[notice.signer]
    assert signer.name in texts
    i = texts.index(signer.name)
    assert texts.index("TM. BAN CHỈ ĐẠO") < i and "PHÓ TRƯỞNG BAN THƯỜNG TRỰC" in texts


def test_one_section_with_page_numbers_from_page_two(doc):
    (sect,) = doc.sect_prs()
    assert sect.find(w("titlePg")) is not None
    default = doc.header_part(sect, "default")
    assert "PAGE" in "".join(t.text for t in default.iter(w("instrText")))
    assert text_of(doc.header_part(sect, "first")) == ""


# ---------------------------------------------------------------- a long table
def test_more_drives_than_fit_the_body_go_to_an_appendix(plan, notice):
    from hmtn_docs._docx import CompiledTemplate

    everything = notice.model_copy(update={"month": None,
                                           "drives": [d.id for d in plan.data.drives]})
    ctx = tb.context(plan, everything)
    doc = DocView(CompiledTemplate(TEMPLATES / "thong-bao.docx").render(ctx), "thong-bao")
    assert len(plan.data.drives) > tb.BODY_ROWS
    main, appendix = doc.sect_prs()
    assert appendix.find(w("pgNumType")).get(w("start")) == "1"
    assert len(doc.tables()) == 3  # header, the closing and signature, the appendix table
    texts = _texts(doc)
    assert "(Có danh sách các đợt hiến máu tại Phụ lục kèm theo.)" in texts
    issuer = plan.data.issuers[notice.issuer]
    assert (f"(Kèm theo Thông báo số {notice.number:02d}/TB-{issuer.abbreviation} "
            f"{format_date(notice.date.full)} của {issuer.name})") in \
        [t.replace("\xa0", " ") for t in texts]  # a date and a name kept on one line
    listed = rows(doc.tables()[-1])[1:]
    assert len(listed) == len(plan.data.drives)
    cancelled = [d for d in plan.data.drives if d.status == "cancelled"]
    assert sum(text_of(cells(r)[2]) == "Đã hủy" for r in listed) == len(cancelled)


def test_a_short_table_leaves_no_appendix_and_no_empty_page(doc):
    assert not any(text_of(p) == "Phụ lục" for p in doc.paragraphs())


# ---------------------------------------------------------------- checks
NOTICE = """\
notices:
  - id: tb-an-thi
    issuer: ubnd
    number: 3
    date: 2021-03-01
    signer: pct
    subject: Lịch hiến máu tháng 3 năm 2021
    drives: [2021-03-09-an-thi]
    recipients: [Các đơn vị]
    archive: [VT]
"""


def test_a_valid_notice_passes(check_with):
    assert check_with(NOTICE) == []


def test_unknown_drive_of_a_notice_is_reported_where_it_is_typed(check_with):
    problems = check_with(NOTICE.replace("[2021-03-09-an-thi]", "[2021-03-10-an-thi]"))
    line = line_of(check_with.text, "    drives: [2021-03-10-an-thi]")
    assert problems == [f"{line}:14: notices[0].drives[0]: đợt hiến máu '2021-03-10-an-thi' không "
                        "có trong danh sách drives (có phải ý bạn là '2021-03-09-an-thi'?)"]


def test_a_month_without_drives_is_an_error(check_with):
    problems = check_with(NOTICE.replace("    drives: [2021-03-09-an-thi]\n",
                                         "    month: 2021-05\n"))
    line = line_of(check_with.text, "    month: 2021-05")
    assert problems == [f"{line}:12: notices[0].month: không có đợt hiến máu nào (chưa hủy) trong "
                        "tháng 5/2021"]


@pytest.mark.parametrize("old, new, message", [
    ("    drives: [2021-03-09-an-thi]\n", "",
     "cần 'drives' (các mã đợt hiến máu) hoặc 'month' (ví dụ 2021-03)"),
    ("    drives: [2021-03-09-an-thi]\n", "    drives: [2021-03-09-an-thi]\n    month: 2021-03\n",
     "chỉ ghi 'drives' hoặc 'month', không ghi cả hai"),
])
def test_a_notice_names_its_drives_one_way(check_with, old, new, message):
    problems = check_with(NOTICE.replace(old, new))
    assert [p.split(": ", 2)[2] for p in problems] == [message]


def test_a_cancelled_drive_in_a_notice_is_a_warning(check_with):
    text = NOTICE.replace("    drives: [2021-03-09-an-thi]\n", "    drives: 2021-07-14-so-y-te\n")
    assert check_with(text) == []
    problems = check_with(text, ("    audience: Cán bộ, nhân viên ngành y tế\n",
                                 "    audience: Cán bộ, nhân viên ngành y tế\n    status: cancelled\n"))
    line = line_of(check_with.text, "    drives: 2021-07-14-so-y-te")
    assert problems == [f"{line}:13: notices[0].drives[0]: cảnh báo: đợt hiến máu "
                        "'2021-07-14-so-y-te' đã hủy; thông báo sẽ ghi 'Đã hủy'"]


def test_unknown_placeholder_in_a_notice_lists_the_known_ones(check_with):
    problems = check_with(NOTICE.replace("    recipients:", "    paragraphs: [\"Năm {year}, "
                                                          "tháng {month}.\"]\n    recipients:"))
    assert [re.sub(r"^\d+:\d+: ", "", p) for p in problems] == [
        "notices[0].paragraphs[0]: biến lạ '{month}'; trường này chỉ có {year}, {years}, {edition}"]


def test_the_sample_context_is_the_bundled_notice(plan, notice):
    assert kind("thong-bao").sample(plan)["subject"] == notice.subject
