"""Báo cáo kết quả: the committee's report for a period (sơ kết 6 tháng, tổng kết năm, or given
dates): units collected against the quota with the percentage, a table per organiser, bag sizes
and the share of 350 ml and larger, the comparison with the previous year, and the drives
cancelled or not yet reported. Every figure is computed from ``results:`` (hmtn_docs/results.py);
the clerk writes only the text around them.

YAML key ``reports`` (a list). Notation ``BC-<issuer>``: ``Số: 25/BC-BCĐ``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .. import _placeholders as ph, derive as dv, results as rs
from ..errors import Problem
from ..model import MAX_PARAGRAPHS, MAX_SECTIONS, Document, Id, Line, Section, Strict, Text
from ..plan import Broken, Plan
from ..vi import format_number, format_percent, format_short_date
from . import _nd30 as nd
from ._builder import (
    TEXT_W,
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

NAME = "bao-cao"
TITLE = "Báo cáo"
HALF_YEAR = "6-thang"
YEAR = "nam"


# --------------------------------------------------------------------------- the format
class Dates(Strict):
    start: dt.date = Field(description="Từ ngày (tính các đợt có ngày đầu từ ngày này).")
    end: dt.date = Field(description="Đến ngày.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("ngày kết thúc (end) trước ngày bắt đầu (start)")
        return self


def _period(value):
    if isinstance(value, str):
        return value.strip()
    return value


class Report(Document):
    id: Id
    subject: Line = Field(description="Trích yếu dưới chữ BÁO CÁO, ví dụ `Sơ kết công tác vận "
                                      "động hiến máu tình nguyện 6 tháng đầu năm 2021`.")
    period: Annotated[Literal["6-thang", "nam"] | Dates,
                      BeforeValidator(_period, json_schema_input_type=str | Dates)] = Field(
        description="Kỳ báo cáo: `6-thang` (từ đầu kỳ kế hoạch đến 30/6), `nam` (cả kỳ kế "
                    "hoạch) hoặc `{start: 2021-01-01, end: 2021-09-30}`.")
    paragraphs: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS,
                                   description="Các đoạn mở đầu, trước phần kết quả. Có thể dùng "
                                               "`{year}`.")
    sections: list[Section] = Field(default_factory=list, max_length=MAX_SECTIONS,
                                    description="Các mục sau phần kết quả (đánh giá, phương hướng "
                                                "nhiệm vụ...), đánh số II., III.")


# --------------------------------------------------------------------------- figures
def period_dates(plan: Plan, report: Report) -> tuple[dt.date, dt.date]:
    span = plan.data.plan.period
    if report.period == YEAR:
        return span.start, span.end
    if report.period == HALF_YEAR:
        return span.start, min(span.end, dt.date(plan.data.plan.year, 6, 30))
    return report.period.start, report.period.end  # type: ignore[union-attr]  # neither word: a Dates


def _period_words(plan: Plan, report: Report) -> str:
    year = plan.data.plan.year
    if report.period == YEAR:
        return f"năm {year}"
    if report.period == HALF_YEAR:
        return f"6 tháng đầu năm {year}"
    start, end = period_dates(plan, report)
    return f"từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_plan(plan: Plan) -> Plan | None:
    """Last year's plan of the same place (``2020-hung-yen`` beside ``2021-hung-yen``), if it
    is there and loads; None otherwise."""
    from ..errors import PlanError
    from ..load import load_plan

    year, _, place = plan.id.partition("-")
    if not year.isdigit() or not place:
        return None
    folder = plan.folder.parent / f"{int(year) - 1}-{place}"
    if not (folder / "plan.yaml").is_file():
        return None
    key = f"bao_cao.previous:{folder}"
    if key not in plan.cache:
        try:
            plan.cache[key] = load_plan(folder)
        except PlanError:
            plan.cache[key] = None
    return plan.cache[key]


def organiser_rows(plan: Plan, start: dt.date, end: dt.date) -> list[dict[str, str]]:
    """One row per organiser of a drive in the period (in the order of ``units``), then the
    total: quota, units collected, percentage."""
    order = {uid: n for n, uid in enumerate(plan.data.units)}
    organisers = sorted({o.drive.organiser for o in rs.outcomes(plan).values()
                         if start <= min(o.drive.dates) <= end
                         and o.drive.status == "planned"},
                        key=lambda uid: (order.get(uid, len(order)), uid))
    rows = []
    for n, uid in enumerate(organisers, 1):
        s = rs.summarise(plan, start, end, organiser=uid)
        rows.append({"kind": "unit", "no": str(n), "name": plan.unit_name(uid, short=True),
                     **_figures(s)})
    total = rs.summarise(plan, start, end)
    rows.append({"kind": "total", "no": "", "name": "Tổng cộng", **_figures(total)})
    return rows


def _figures(s: rs.Summary) -> dict[str, str]:
    reported = s.reported > 0
    return {"quota": format_number(s.quota),
            "units": format_number(s.tally.units) if reported else "-",
            "percent": format_percent(s.percent) if reported and s.percent is not None else "-"}


def _results_blocks(plan: Plan, report: Report) -> tuple[list[dict], list[dict]]:
    """The generated part of the body: before the organisers' table, and after it."""
    start, end = period_dates(plan, report)
    s = rs.summarise(plan, start, end)
    area = f"{plan.data.plan.province_kind} {plan.data.plan.province}"
    top = [nd.block("muc", "I. KẾT QUẢ THỰC HIỆN"), nd.block("khoan", "1. Kết quả chung")]
    text = (f"Từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}, trên địa bàn "
            f"{area} đã tổ chức {format_number(s.drives)} đợt hiến máu tình nguyện, tiếp nhận "
            f"được {format_number(s.tally.units)} đơn vị máu")
    if s.quota:
        text += (f", đạt {format_percent(s.percent)} chỉ tiêu của các đợt trong kỳ "  # type: ignore[arg-type]
                 f"({format_number(s.quota)} đơn vị máu)")
    year = rs.summarise(plan)
    if report.period != YEAR and year.quota and year.quota != s.quota:
        text += (f", bằng {format_percent(s.tally.units / year.quota)} chỉ tiêu cả năm "
                 f"({format_number(year.quota)} đơn vị máu)")
    top.append(nd.block("para", text + "."))
    if s.tally.registered:
        gave = s.tally.registered - s.tally.deferred
        top.append(nd.block("para", f"Có {format_number(s.tally.registered)} lượt người đăng ký "
                                    f"hiến máu, {format_number(s.tally.deferred)} lượt không đủ "
                                    f"điều kiện hiến (tạm hoãn), {format_number(gave)} lượt "
                                    "người đủ điều kiện."))
    top.append(nd.block("khoan", "2. Kết quả theo đơn vị tổ chức"))
    top.append(nd.block("para", "Chỉ tiêu, số đơn vị máu tiếp nhận và tỷ lệ đạt của từng đơn vị "
                                "tổ chức tại Phụ lục kèm theo."))
    rest = [nd.block("khoan", "3. Thể tích túi máu")]
    t = s.tally
    if t.units:
        sizes = "; ".join(f"túi {ml} ml: {format_number(n)} đơn vị ({format_percent(n / t.units)})"
                          for ml, n in ((250, t.ml250), (350, t.ml350), (450, t.ml450)))
        rest.append(nd.block("para", f"{sizes[0].upper()}{sizes[1:]}. Tỷ lệ túi máu từ 350 ml "
                                     f"trở lên đạt {format_percent(t.large_share)}."))  # type: ignore[arg-type]
    else:
        rest.append(nd.block("para", "Chưa có kết quả tiếp nhận máu trong kỳ."))
    comparison = _comparison(plan, report, s, start, end)
    n = 4
    if comparison:
        rest += [nd.block("khoan", f"{n}. So sánh với cùng kỳ năm trước"),
                 nd.block("para", comparison)]
        n += 1
    if s.cancelled or s.not_reported or s.partial:
        rest.append(nd.block("khoan", f"{n}. Các đợt hiến máu đã hủy, chưa có kết quả"))
        for label, drives in (("Đã hủy", s.cancelled), ("Chưa báo cáo kết quả", s.not_reported),
                              ("Kết quả chưa đầy đủ", s.partial)):
            for d in drives:
                facts = dv.describe(plan, d)
                rest.append(nd.block("bullet", f"- {label}: {facts.organiser_short}, "
                                               f"{facts.dates_text} ({facts.place_line});"))
        rest[-1]["text"] = rest[-1]["text"].rstrip(";") + "."
    return top, rest


def _comparison(plan: Plan, report: Report, s: rs.Summary, start: dt.date,
                end: dt.date) -> str | None:
    """The same period of last year's plan where it is beside this one; else, for the whole
    year, last year's figures the Kế hoạch opened with."""
    before = previous_plan(plan)
    if before is not None and rs.has_results(before):
        p = rs.summarise(before, _shift_year(start, -1), _shift_year(end, -1))
        if p.tally.units:
            return _compare_text(s.tally.units, p.tally.units, before.data.plan.year,
                                 _period_words(before, report))
    kh = getattr(plan.data, "ke_hoach", None)
    last = kh.results if kh is not None else None
    if report.period == YEAR and last is not None and last.units:
        return _compare_text(s.tally.units, last.units, last.year, f"năm {last.year}")
    return None


def _compare_text(now: int, then: int, year: int, words: str) -> str:
    change = now - then
    how = ("tăng" if change > 0 else "giảm") + f" {format_number(abs(change))} đơn vị máu " \
          f"({format_percent(abs(change) / then)})" if change else "bằng"
    return (f"So với {words} ({format_number(then)} đơn vị máu), số đơn vị máu tiếp nhận "
            f"{how}.")


# --------------------------------------------------------------------------- outputs
def notation(plan: Plan, report: Report) -> str:
    return f"BC-{plan.data.issuers[report.issuer].abbreviation}"


def outputs(plan: Plan) -> list[Output]:
    out = []
    for i, report in enumerate(plan.data.reports):
        bc = nd.cited(TITLE, report.number, notation(plan, report))
        out.append(Output(f"{plan.id}-{report.id}", NAME, f"{bc}: {report.subject}",
                          f"{NAME}.docx", lambda report=report: context(plan, report),
                          where=("reports", i, "id")))
    return out


def context(plan: Plan, report: Report) -> dict[str, Any]:
    sign = notation(plan, report)
    filled = values(plan, report)

    def fill(value: str) -> str:
        return ph.fill(value, filled)

    top, rest = _results_blocks(plan, report)
    body = [nd.block("para", fill(p)) for p in report.paragraphs] + top + rest
    for n, section in enumerate(report.sections, 2):
        body += nd.section_blocks(n, section, fill)
    body = nd.end_mark(body)
    start, end = period_dates(plan, report)
    return {
        **nd.header(plan, report, sign),
        **nd.type_name("BÁO CÁO", report.subject),
        **nd.body_and_closing(body),
        **nd.signature(plan, report),
        **nd.appendix(plan, report, TITLE, sign, f"Kết quả theo đơn vị tổ chức "
                      f"{_period_words(plan, report)}", organiser_rows(plan, start, end)),
    }


def values(plan: Plan, report: Report) -> dict[str, str]:
    return dv.year_values(plan.data.plan.year)


# --------------------------------------------------------------------------- checks
def checks(plan: Plan) -> Iterator[Problem]:
    if plan.data.plan is None:
        return
    span = plan.data.plan.period
    for base, report in KIND.documents(plan):
        if isinstance(report.period, Dates):
            p = report.period
            if p.end < span.start or p.start > span.end:
                yield plan.problem(base + ("period",),
                                   f"kỳ báo cáo ({format_short_date(p.start)} - "
                                   f"{format_short_date(p.end)}) nằm ngoài kỳ kế hoạch "
                                   f"({format_short_date(span.start)} - "
                                   f"{format_short_date(span.end)})")
        if not any(not isinstance(r, Broken) for r in plan.data.results):
            yield plan.problem(base + ("period",), "kế hoạch chưa có kết quả đợt hiến máu nào "
                                                   "(results) nên báo cáo chỉ có chỉ tiêu",
                               "warning")


# --------------------------------------------------------------------------- template
COLS = [680, 4494, 1400, 1400, 1380]  # 12 + 79 + 25 + 25 + 24 mm = portrait width
assert sum(COLS) == TEXT_W


def _organiser_table() -> str:
    c = COLS
    hdr = ["TT", "Đơn vị tổ chức", "Chỉ tiêu (đơn vị máu)", "Tiếp nhận (đơn vị máu)", "Tỷ lệ"]
    rows = [heading_row(c, hdr)]
    rows.append(tag_row(c, "{%tr for r in appendix_rows %}"))
    rows.append(tag_row(c, "{%tr if r.kind == 'unit' %}"))
    rows.append(field_row(c, [("HMTNBangGiua", "no"), ("HMTNBang", "name"),
                              ("HMTNBangGiua", "quota"), ("HMTNBangGiua", "units"),
                              ("HMTNBangGiua", "percent")]))
    rows.append(tag_row(c, "{%tr elif r.kind == 'total' %}"))
    rows.append(row([
        cell(c[0], text("HMTNBangGiua")),
        cell(c[1], text("HMTNBangDam", "{{ r.name }}")),
        cell(c[2], text("HMTNBangGiuaDam", "{{ r.quota }}")),
        cell(c[3], text("HMTNBangGiuaDam", "{{ r.units }}")),
        cell(c[4], text("HMTNBangGiuaDam", "{{ r.percent }}")),
    ]))
    rows.append(tag_row(c, "{%tr endif %}"))
    rows.append(tag_row(c, "{%tr endfor %}"))
    return table(c, rows, borders=True)


def _template_body() -> str:
    return "".join([
        header_block(),
        type_name_block(),
        body_blocks("body", fields=False),
        signature_block(),
    ])


def _template_appendix() -> str:
    return appendix_heading() + _organiser_table()


KIND = Kind(
    name=NAME,
    title=TITLE,
    key="reports",
    model=Report,
    many=True,
    description="Các báo cáo kết quả (mỗi báo cáo một mục, có `id`): sơ kết 6 tháng, tổng kết "
                "năm hoặc một khoảng ngày; mọi số liệu được tính từ `results`.",
    template=TemplateSpec(NAME, TITLE, _template_body, _template_appendix),
    outputs=outputs,
    checks=checks,
    placeholders={"paragraphs": ph.DOCUMENT, "sections": ph.DOCUMENT},
    sample=first_context(NAME),
    values=values,
)
