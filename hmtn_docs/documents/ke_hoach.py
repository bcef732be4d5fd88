"""Kế hoạch: the year's plan, every drive under its month, and the quota appendix.

YAML key ``ke_hoach`` (one per plan). Notation ``KH-<issuer>``: ``Số: 10/KH-UBND``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import Field, model_validator

from .. import _placeholders as ph, derive as dv, quota as q
from ..errors import Problem
from ..model import (
    MAX_PARAGRAPHS,
    MAX_PERCENT_OF_PLAN,
    MAX_RESULT_DRIVES,
    MAX_RESULT_UNITS,
    MAX_SECTIONS,
    Count,
    Document,
    Line,
    Section,
    Strict,
    Text,
)
from ..plan import Broken, Plan, valid
from ..vi import format_days, format_number, format_percent, format_roman, format_short_date
from . import _nd30 as nd
from ._builder import (
    TEXT_W_LANDSCAPE,
    TemplateSpec,
    appendix_heading,
    body_blocks,
    cell,
    field_row,
    header_block,
    heading_row,
    row,
    signature_block,
    table,
    tag_row,
    text,
    type_name_block,
)
from ._kind import Kind, Output, first_context
from ._table import Column, Row, Table

NAME = "ke-hoach"
TITLE = "Kế hoạch"


# --------------------------------------------------------------------------- the format
class Basis(Strict):
    kind: Line = Field(description="Loại văn bản, ví dụ `Quyết định`.")
    number: Line = Field(description="Số, ký hiệu, ví dụ `103/QĐ-BCĐQG`.")
    date: dt.date
    issuer: Line = Field(description="Cơ quan ban hành.")
    about: Line | None = Field(default=None, description="Trích yếu, ví dụ `về việc ...`.")


class Results(Strict):
    year: int = Field(ge=1990, le=2100)
    start: dt.date
    end: dt.date
    participants: Text = Field(description="Ai đã tham gia, ví dụ `các cơ quan, ban, ngành; ...`.")
    drives: Count = Field(ge=0, le=MAX_RESULT_DRIVES)
    units: Count = Field(ge=0, le=MAX_RESULT_UNITS, description="Số đơn vị máu tiếp nhận.")
    plan_units: Count | None = Field(default=None, gt=0, le=MAX_RESULT_UNITS,
                                     description="Chỉ tiêu được giao (để tính % kế hoạch).")
    percent_of_plan: float | None = Field(
        default=None, gt=0, le=MAX_PERCENT_OF_PLAN, allow_inf_nan=False,
        description="% kế hoạch, chỉ khi không có plan_units.")
    plan_by: Line = Field(description="Cơ quan giao kế hoạch, ví dụ `Ủy ban nhân dân tỉnh`.")
    need_met_percent: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)

    @model_validator(mode="after")
    def _percent(self):
        if self.plan_units is not None and self.percent_of_plan is not None:
            raise ValueError("chỉ ghi plan_units hoặc percent_of_plan, không ghi cả hai: tỷ lệ "
                             "phần trăm được tính từ plan_units")
        return self


class KeHoach(Document):
    subject: Line = Field(description="Trích yếu, ví dụ `Tuyên truyền, vận động ... năm 2021`.")
    results: Results | None = None
    bases: list[Basis] = Field(default_factory=list, max_length=MAX_PARAGRAPHS,
                               description="Căn cứ (Thực hiện ...).")
    sections: list[Section] = Field(min_length=1, max_length=MAX_SECTIONS)
    appendix_title: Line = Field(description="Tên phụ lục, ví dụ `Bảng chỉ tiêu tổ chức hiến máu "
                                             "tình nguyện năm 2021`.")


# --------------------------------------------------------------------------- outputs
def notation(plan: Plan, kh: KeHoach) -> str:
    return nd.notation(plan, kh, "KH")


def outputs(plan: Plan) -> list[Output]:
    kh = plan.data.ke_hoach
    if kh is None:
        return []
    title = f"{nd.cited(TITLE, kh.number, notation(plan, kh), plan, kh)}: {kh.subject}"
    return [Output(f"{plan.id}-{NAME}", NAME, title, f"{NAME}.docx", lambda: context(plan),
                   where=("ke_hoach",))]


def context(plan: Plan) -> dict[str, Any]:
    kh = plan.data.ke_hoach
    assert kh is not None, "outputs() only asks when the plan has a ke_hoach"
    sign = notation(plan, kh)
    body = _body(plan, kh)
    return {
        **nd.header(plan, kh, sign),
        **nd.signature(plan, kh),
        **nd.type_name("KẾ HOẠCH", kh.subject),
        **nd.body_and_closing(body),
        **nd.appendix(plan, kh, TITLE, sign, kh.appendix_title, _quota_rows(plan)),
        "dates_header": ("Dự kiến thời gian tổ chức hiến máu (số đợt tổ chức/tháng/năm "
                         f"{plan.data.plan.year})"),
    }


def _body(plan: Plan, kh: KeHoach) -> list[dict[str, str]]:
    body = []
    if kh.results:
        body.append(nd.block("para", _results_text(kh, plan.data.plan.province_kind)))
    if kh.bases:
        issuer = plan.data.issuers[kh.issuer]
        cited = "; ".join(
            f"{b.kind} số {b.number} ngày {format_short_date(b.date)} của {b.issuer}"
            + (f" {b.about}" if b.about else "") for b in kh.bases)
        body.append(nd.block("para", f"Thực hiện {cited}, {issuer.name} ban hành Kế hoạch cụ thể "
                                     "như sau:"))
    filled = values(plan, kh)
    for n, section in enumerate(kh.sections, 1):
        body += nd.section_blocks(n, section, lambda text: ph.fill(text, filled),
                                  lambda k, item: _drives(plan, k, item))
    return nd.end_mark(nd.keep_dashes(body))


def _results_text(kh: KeHoach, area: str) -> str:
    r = kh.results
    assert r is not None
    percent: float | None
    if r.plan_units:
        percent = r.units / r.plan_units
    else:
        percent = r.percent_of_plan / 100 if r.percent_of_plan else None
    text = (f"Năm {r.year}, công tác vận động hiến máu tình nguyện (HMTN) trên địa bàn {area} đã thu "
            f"được nhiều kết quả tích cực. Tính từ ngày {format_short_date(r.start)} đến "
            f"{format_short_date(r.end)}, {r.participants} đã vận động được "
            f"{format_number(r.drives)} đợt hiến máu, tiếp nhận được {format_number(r.units)} "
            "đơn vị máu")
    if percent is not None:
        text += f", đạt {format_percent(percent)} kế hoạch {r.plan_by} giao"
    if r.need_met_percent is not None:
        text += (f", đáp ứng {format_percent(r.need_met_percent / 100)} nhu cầu máu cho cấp cứu "
                 f"và điều trị bệnh trên địa bàn {area}")
    return text + "."


def _drives(plan: Plan, k: int, item) -> list[dict[str, str]]:
    """The drives of the year under their month headings, where an item says ``drives: true``."""
    out: list[dict[str, str]] = []
    if not item.drives:
        return out
    for m, group in enumerate(dv.month_groups(plan), 1):
        live = [d for d in group.drives if d.status == "planned"]
        if not live:
            continue
        out.append(nd.block("month", f"{k}.{m}. {group.title}"))
        for drive in live:
            out += _drive_blocks(plan, drive)
    return out


def _drive_blocks(plan: Plan, drive) -> list[dict[str, str]]:
    facts = dv.describe(plan, drive)
    when = facts.dates_text + (f" ({facts.time_text})" if facts.time_text else "")
    out = [
        nd.block("drive", f"* {facts.organiser}"),
        nd.field("Địa điểm tổ chức", facts.place_line),
        nd.field("Thời gian tổ chức", when),
    ]
    if facts.quota_text:  # a drive without a quota prints none (never an invented one)
        out.append(nd.field("Chỉ tiêu", facts.quota_text))
    if drive.audience:
        out.append(nd.field("Đối tượng", drive.audience))
    if facts.registration:  # (the contact is printed by the notices, as before)
        out.append(nd.field("Đăng ký", facts.registration))
    for label, ids in (("Đơn vị phối hợp chỉ đạo", drive.coordinators),
                       ("Đơn vị thực hiện", drive.executors)):
        if ids:
            # full names in running text, as the seed; short names are for the tables
            out.append(nd.field(label, ", ".join(plan.unit_name(u) for u in ids)))
    return out


def _appendix_day(org: dv.OrganiserSummary, day) -> str:
    campus = org.campus(day)
    text = f"{dv.format_weekday(day)}, {format_short_date(day)}"
    return f"{text} ({campus})" if campus else text


def _quota_rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    groups = dv.quota_appendix(plan)
    numerals = []
    for g_no, group in enumerate(groups, 1):
        numeral = format_roman(g_no)
        numerals.append(numeral)
        rows.append({"kind": "group", "no": numeral, "name": group.title, "quota": "",
                     "dates": "", "days": ""})
        for o_no, org in enumerate(group.organisers, 1):
            rows.append({
                "kind": "unit", "no": str(o_no), "name": org.name,
                "quota": org.quota_text,
                # a drive known only by month: its month in the clerk's words, no day counted
                "dates": "\n".join([_appendix_day(org, d) for d in org.days] + list(org.vague)),
                "days": format_days(len(org.days)) if org.days or not org.vague else "",
            })
        rows.append({"kind": "subtotal", "no": "", "name": f"Cộng mục {numeral}",
                     "quota": group.quota_text, "dates": "",
                     "days": format_days(group.days) if group.days else ""})
    rows.append({"kind": "total", "no": "", "name": "Tổng cộng mục " + " + ".join(numerals),
                 "quota": q.total_number_text([a for g in groups for a, _ in g.amounts],
                                               [n for g in groups for _, n in g.amounts]),
                 "dates": "",
                 "days": format_days(sum(g.days for g in groups)) if any(g.days for g in groups) else ""})
    return rows


def values(plan: Plan, kh: KeHoach) -> dict[str, str]:
    """The plan's year (a Kế hoạch is about every drive: no one programme)."""
    return dv.year_values(plan.data.plan.year)


def issue_date(plan: Plan) -> dt.date | None:
    kh = plan.data.ke_hoach
    return kh.date.full if kh else None


# --------------------------------------------------------------------------- spreadsheet
def _sheet_quota(amounts) -> int | str | None:
    """A number a spreadsheet can add up when the quotas are exact đơn vị máu; else the words
    of the appendix (``150 – 250``), which a sheet shows as text."""
    sums = q.total([a for a, _ in amounts], [n for _, n in amounts])
    blood = sums.get(q.BLOOD)
    if list(sums) == [q.BLOOD] and blood is not None and blood.form == "exact":
        return blood.low
    return q.total_number_text([a for a, _ in amounts], [n for _, n in amounts]) or None


def tables(plan: Plan, kh: KeHoach) -> list[Table]:
    """The appendix as a sheet: one row per organiser under its group, subtotals, total."""
    groups = dv.quota_appendix(plan)
    if not groups:
        return []
    rows, numerals = [], []
    for g_no, group in enumerate(groups, 1):
        numerals.append(format_roman(g_no))
        rows.append(Row("group", (numerals[-1], group.title, None, None, None)))
        rows += [Row("item", (o_no, org.name, _sheet_quota(org.amounts),
                              "\n".join(_appendix_day(org, d) for d in org.days), len(org.days)))
                 for o_no, org in enumerate(group.organisers, 1)]
        rows.append(Row("subtotal", (None, f"Cộng mục {numerals[-1]}",
                                     _sheet_quota(group.amounts), None, group.days)))
    rows.append(Row("total", (None, "Tổng cộng mục " + " + ".join(numerals),
                              _sheet_quota(tuple(x for g in groups for x in g.amounts)), None,
                              sum(g.days for g in groups))))
    note = nd.appendix(plan, kh, TITLE, notation(plan, kh), kh.appendix_title, [])["appendix_ref"]
    return [Table("Phụ lục", kh.appendix_title, note, (
        Column("TT", 6), Column("Đơn vị tổ chức", 45), Column("Số ĐVM dự kiến tiếp nhận", 14, True),
        Column("Dự kiến thời gian tổ chức hiến máu", 36), Column("Số ngày", 9, True)),
        tuple(rows))]


# --------------------------------------------------------------------------- checks
def _check_results(plan: Plan) -> Iterator[Problem]:
    kh = plan.data.ke_hoach
    r = kh.results if kh is not None else None
    if r is None or not r.plan_units:
        return
    if r.units * 100 > r.plan_units * MAX_PERCENT_OF_PLAN:
        yield plan.problem(("ke_hoach", "results", "units"),
                           f"{format_number(r.units)} đơn vị máu là hơn "
                           f"{format_number(MAX_PERCENT_OF_PLAN)}% "
                           f"của kế hoạch {format_number(r.plan_units)} (plan_units); hãy kiểm "
                           "tra lại hai số này")


def checks(plan: Plan) -> Iterator[Problem]:
    d = plan.data
    if not d.ke_hoach:
        return
    yield from _check_results(plan)
    drives = valid(d.drives)
    for uid in sorted({drive.organiser for _, drive in drives}):
        unit = d.units.get(uid)
        if unit is not None and not isinstance(unit, Broken) and unit.group is None:
            i = next(i for i, dr in drives if dr.organiser == uid)
            groups = [g for g in d.groups if not isinstance(d.groups[g], Broken)]
            fix = (f"hãy thêm 'group: {groups[0]}' (hoặc mã nhóm khác trong groups: "
                   f"{', '.join(groups)}) vào units.{uid}" if groups else
                   "hãy khai báo groups (ví dụ 'groups: {huyen: {title: Các huyện}}') rồi thêm "
                   f"'group: huyen' vào units.{uid}")
            yield plan.problem(("drives", i, "organiser"),
                               f"đơn vị tổ chức '{uid}' không có 'group' nên không thể "
                               f"đưa vào phụ lục chỉ tiêu của Kế hoạch; {fix}")
    if not any(item.drives for s in d.ke_hoach.sections for item in s.items):
        yield plan.problem(("ke_hoach", "sections"), "không mục nào có 'drives: true' nên "
                                                     "Kế hoạch sẽ không có các đợt hiến máu",
                           "warning")


# --------------------------------------------------------------------------- template
KH_COLS = [680, 5386, 2041, 4309, 1870]  # 12 + 95 + 36 + 76 + 33 mm = landscape text width
assert sum(KH_COLS) == TEXT_W_LANDSCAPE


def _template_body() -> str:
    return header_block() + type_name_block() + body_blocks("body") + signature_block()


def _template_appendix() -> str:
    c = KH_COLS
    # the seed's column headings (the year comes from the plan)
    hdr = ["TT", "Đơn vị tổ chức", "Số ĐVM dự kiến tiếp nhận", "{{ dates_header }}", "Số ngày BCĐ dự kiến"]
    rows = [heading_row(c, hdr)]
    rows.append(tag_row(c, "{%tr for r in appendix_rows %}"))
    rows.append(tag_row(c, "{%tr if r.kind == 'group' %}"))
    rows.append(
        row(
            [
                cell(c[0], text("HMTNBangGiuaDam", "{{ r.no }}")),
                cell(sum(c[1:]), text("HMTNBangDam", "{{ r.name }}"), span=4),
            ]
        )
    )
    rows.append(tag_row(c, "{%tr elif r.kind == 'unit' %}"))
    rows.append(
        field_row(c, [("HMTNBangGiua", "no"), ("HMTNBang", "name"), ("HMTNBangGiua", "quota"),
                      ("HMTNBangGiua", "dates"), ("HMTNBangGiua", "days")])
    )
    for kind in ("subtotal", "total"):
        rows.append(tag_row(c, f"{{%tr elif r.kind == '{kind}' %}}"))
        rows.append(
            row(
                [
                    cell(c[0], text("HMTNBangGiua")),
                    cell(c[1], text("HMTNBangDam", "{{ r.name }}")),
                    cell(c[2], text("HMTNBangGiuaDam", "{{ r.quota }}")),
                    cell(c[3], text("HMTNBangGiua")),
                    cell(c[4], text("HMTNBangGiuaDam", "{{ r.days }}")),
                ]
            )
        )
    rows.append(tag_row(c, "{%tr endif %}"))
    rows.append(tag_row(c, "{%tr endfor %}"))
    return appendix_heading() + table(c, rows, borders=True)


KIND = Kind(
    name=NAME,
    title=TITLE,
    key="ke_hoach",
    model=KeHoach,
    many=False,
    description="Kế hoạch của năm (một văn bản): các mục, các đợt hiến máu theo tháng và phụ "
                "lục chỉ tiêu.",
    template=TemplateSpec(NAME, TITLE, _template_body, _template_appendix,
                          landscape_appendix=True),
    outputs=outputs,
    checks=checks,
    placeholders={"sections": ph.DOCUMENT},
    sample=first_context(NAME),
    values=values,
    issue_date=issue_date,
    tables=tables,
)
