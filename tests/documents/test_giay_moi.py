"""Giấy mời: the bundled example read as a reader would, the personal copies, the checks."""

from __future__ import annotations

import re

import pytest

from hmtn_docs.build import render_plan
from hmtn_docs.documents import plan_outputs
from hmtn_docs.documents.giay_moi import copy_name
from hmtn_docs.vi import format_date, format_short_date, format_upper

from render.docview import DocView, cells, rows, text_of, w

from .conftest import line_of

# in running text, after "Thời gian:": only the day word takes a capital (ND30 Phụ lục II)
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


@pytest.fixture(scope="module")
def plan(bundled):
    return bundled["2021-hung-yen"]


@pytest.fixture(scope="module")
def invitation(plan):
    return plan.data.invitations[0]


@pytest.fixture(scope="module")
def outputs(plan):
    return [o for o in plan_outputs(plan) if o.kind == "giay-moi"]


@pytest.fixture(scope="module")
def docs(plan):
    return {r.name.removesuffix(".docx"): DocView(r.data, "giay-moi")
            for r in render_plan(plan, combined=True)}


@pytest.fixture(scope="module")
def doc(docs, outputs) -> DocView:
    return docs[outputs[0].stem]


def _texts(doc: DocView) -> list[str]:
    return [text_of(p) for p in doc.paragraphs()]


def test_header_has_the_gm_number_and_place_date(doc, plan, invitation):
    issuer = plan.data.issuers[invitation.issuer]
    second = [text_of(c) for c in cells(rows(doc.tables()[0])[1])]
    assert second == [f"Số: {invitation.number:02d}/GM-{issuer.abbreviation}",
                      f"{issuer.place}, {format_date(invitation.date.full)}"]


def test_type_name_subject_then_kinh_gui_lists_every_invitee(doc, invitation):
    paras = [text_of(p) for p in doc.body_paragraphs() if text_of(p)]
    assert paras[:3] == ["GIẤY MỜI", invitation.subject, "Kính gửi:"]
    listed = paras[3:3 + len(invitation.to)]
    assert listed == [f"- {t};" for t in invitation.to[:-1]] + [f"- {invitation.to[-1]}."]
    assert {doc.style_name(doc.find(t)) for t in listed} == {"HMTN Kính gửi (mục)"}


def test_time_and_place_come_from_the_drive(doc, plan, invitation):
    drive = next(d for d in plan.data.drives if d.id == invitation.event.drive)
    day = min(drive.dates)
    t = invitation.event.time.start
    assert (f"- Thời gian: {t.hour}h{t.minute:02d}, {WEEKDAYS[day.weekday()]}, ngày "
            f"{format_short_date(day)}.") in _texts(doc)
    field = doc.find(f"- Địa điểm: {drive.place.name}.")
    labels = [text_of(r) for r in field.iter(w("r"))]
    assert labels == ["- Địa điểm: ", f"{drive.place.name}."]  # label and value, two runs


def test_invitation_sentence_programme_contact_and_closing(doc, plan, invitation):
    texts = _texts(doc)
    issuer = plan.data.issuers[invitation.issuer]
    assert f"{issuer.name} trân trọng kính mời tham dự {invitation.event.name}." in texts
    assert [f"- {item}" for item in invitation.event.programme] == \
        [t.replace("\xa0", " ") for t in texts
         if t.startswith("- ") and t[2:].replace("\xa0", " ") in invitation.event.programme]
    assert f"Mọi chi tiết xin liên hệ: {invitation.contact.name}." in texts
    closing = doc.find("Rất mong sự quan tâm tham dự của Quý đại biểu./.")
    assert doc.style_name(closing) == "HMTN Đoạn cuối"
    assert sum(t.count("./.") for t in texts) == 1


def test_noi_nhan_and_signature(doc, plan, invitation):
    texts = _texts(doc)
    assert [t for t in texts if t.startswith("- ") and t.endswith(";") and t[2:-1] in
            invitation.recipients] == [f"- {r};" for r in invitation.recipients]
    assert f"- Lưu: {', '.join(invitation.archive)}." in texts
    assert plan.data.signers[invitation.signer].name in texts


def test_no_appendix_and_page_numbers_from_page_two(doc):
    (sect,) = doc.sect_prs()
    assert sect.find(w("titlePg")) is not None
    assert "PAGE" in "".join(t.text for t in doc.header_part(sect, "default").iter(w("instrText")))
    assert text_of(doc.header_part(sect, "first")) == ""
    assert "Phụ lục" not in _texts(doc)


# ---------------------------------------------------------------- personal copies
def test_one_copy_per_invitee_addressed_to_them_alone(docs, outputs, invitation):
    copies = [o for o in outputs if o.group]
    assert [o.stem for o in copies] == [f"{invitation.id}/{copy_name(n, who)}"
                                        for n, who in enumerate(invitation.to, 1)]
    for output, who in zip(copies, invitation.to):
        texts = _texts(docs[output.stem])
        assert f"Kính gửi: {who}" in texts
        assert not any(t in texts for t in ("Kính gửi:",) + tuple(f"- {x};" for x in invitation.to))
        assert output.title.endswith(f" gửi {who}")


def test_combined_file_holds_every_copy_each_numbered_from_one(docs, outputs, invitation):
    (group,) = {o.group for o in outputs if o.group}
    combined = docs[group[0]]
    assert sum(t.startswith("Kính gửi: ") for t in _texts(combined)) == len(invitation.to)
    sects = combined.sect_prs()
    assert len(sects) == len(invitation.to)
    assert all(s.find(w("pgNumType")).get(w("start")) == "1" for s in sects)
    assert group[1].endswith(f"({len(invitation.to)} bản trong một tệp)")


def test_copy_names_are_ascii_numbered_and_short():
    assert copy_name(1, "Đồng chí Giám đốc Sở Y tế") == "01-dong-chi-giam-doc-so-y-te"
    assert copy_name(12, "“ ”") == "12"
    assert len(copy_name(3, "Ủy ban nhân dân " * 10)) <= 63


# ---------------------------------------------------------------- checks
INVITATION = """\
invitations:
  - id: gm-an-thi
    issuer: ubnd
    number: 7
    date: 2021-03-01
    signer: pct
    subject: Dự Lễ phát động hiến máu tình nguyện
    to: Đồng chí Chủ tịch UBND huyện Ân Thi
    event:
      drive: 2021-03-09-an-thi
    recipients: [Như trên]
    archive: [VT]
"""


def test_a_valid_invitation_passes(check_with):
    assert check_with(INVITATION) == []


def test_unknown_drive_of_an_event_is_reported_where_it_is_typed(check_with):
    problems = check_with(INVITATION.replace("drive: 2021-03-09-an-thi", "drive: 2021-03-09-anthi"))
    line = line_of(check_with.text, "      drive: 2021-03-09-anthi")
    assert problems == [f"{line}:14: invitations[0].event.drive: đợt hiến máu '2021-03-09-anthi' "
                        "không có trong danh sách drives (có phải ý bạn là '2021-03-09-an-thi'?)"]


def test_an_event_that_is_not_a_drive_needs_its_name_date_and_place(check_with):
    problems = check_with(INVITATION.replace("      drive: 2021-03-09-an-thi\n",
                                             "      name: Hội nghị tổng kết\n      date: 2021-12-20\n"))
    line = line_of(check_with.text, "    event:")
    assert problems == [f"{line + 1}:7: invitations[0].event: cần 'drive' (một đợt hiến máu), "
                        "hoặc đủ 'name', 'date' và 'place'"]


def test_an_event_with_its_own_date_place_and_time_window(check_with, write_plan):
    from hmtn_docs.load import load_plan

    text = INVITATION.replace("      drive: 2021-03-09-an-thi\n",
                              "      name: Hội nghị tổng kết công tác hiến máu năm {year}\n"
                              "      date: 2021-12-20\n      time: \"8h00 - 11h30\"\n"
                              "      place: {name: Hội trường tỉnh, address: Số 1 đường A}\n")
    assert check_with(text) == []
    plan = load_plan(write_plan(check_with.text))
    (output,) = [o for o in plan_outputs(plan) if o.kind == "giay-moi"]
    body = [b["text"] for b in output.context()["body"]]
    assert "- Thời gian: 8h00\xa0- 11h30, thứ Hai, ngày 20/12/2021." in body  # kept on one line
    assert "- Địa điểm: Hội trường tỉnh, Số 1 đường A." in body


def test_unknown_placeholder_in_an_invitation_lists_the_known_ones(check_with):
    problems = check_with(INVITATION.replace("    recipients:", "    notes: [\"Mang theo {giay}.\"]\n"
                                                              "    recipients:"))
    assert [re.sub(r"^\d+:\d+: ", "", p) for p in problems] == [
        "invitations[0].notes[0]: biến lạ '{giay}'; trường này chỉ có {year}, {years}, {edition}"]


def test_issuer_lines_are_the_bodys_own(doc, plan, invitation):
    issuer = plan.data.issuers[invitation.issuer]
    top_left = [text_of(p) for p in cells(rows(doc.tables()[0])[0])[0].iter(w("p")) if text_of(p)]
    assert top_left == [format_upper(x) for x in issuer.parent + issuer.header]
