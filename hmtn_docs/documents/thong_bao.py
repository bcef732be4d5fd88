"""Thông báo: a notice of one drive or a list of drives (a month's), as a table of date and
weekday, time, place, organiser and contact, with optional sections of text (who may give,
what to bring, what donors receive). No quota needed; Kính gửi only when given.

YAML key ``notices`` (a list). Notation ``TB-<issuer>``: ``Số: 12/TB-BCĐ``. A table longer than
``BODY_ROWS`` drives goes to an appendix instead of the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from .. import _placeholders as ph, derive as dv
from ..errors import Problem
from ..model import Document, Id, Line, Section, Text, _one_or_many
from ..plan import Broken, Plan, unknown_reference
from . import _nd30 as nd
from ._builder import (
    TEXT_W,
    TemplateSpec,
    appendix_heading,
    body_blocks,
    field_row,
    header_block,
    heading_row,
    kinh_gui_block,
    signature_block,
    table,
    tag,
    tag_row,
    text,
    type_name_block,
)
from ._kind import Kind, Output, first_context, programme_values

NAME = "thong-bao"
TITLE = "Thông báo"
BODY_ROWS = 10  # more drives than this: the table goes to an appendix


# --------------------------------------------------------------------------- the format
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
                  Field(description="Tháng, ví dụ `2021-03`: mọi đợt hiến máu (chưa hủy) có ngày "
                                    "đầu trong tháng.")]


class Notice(Document):
    id: Id
    subject: Line = Field(description="Trích yếu dưới chữ THÔNG BÁO, ví dụ `Lịch hiến máu tình "
                                      "nguyện tháng 3 năm 2021`.")
    to: Annotated[list[Line], BeforeValidator(_one_or_many, json_schema_input_type=Line | list[Line])] \
        = Field(default_factory=list, description="Kính gửi (nếu có; một hoặc nhiều nơi).")
    paragraphs: list[Text] = Field(
        default_factory=list, description="Các đoạn trước bảng các đợt hiến máu. Có thể dùng "
                                          "`{year}`, `{years}`, `{edition}`.")
    drives: Annotated[list[Id], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[Id])] \
        = Field(default_factory=list, description="Mã các đợt hiến máu được thông báo (một hoặc "
                                                  "nhiều), theo thứ tự ngày.")
    month: Month | None = None
    sections: list[Section] = Field(default_factory=list, description="Các mục sau bảng (ai có "
                                                                      "thể hiến máu, mang theo gì, "
                                                                      "quyền lợi...).")
    closing: Text | None = Field(default=None, description="Câu kết (mặc định: \"<cơ quan> thông "
                                                           "báo để các cơ quan, đơn vị và nhân dân "
                                                           "biết, tham gia.\").")
    appendix_title: Line = Field(default="Các đợt hiến máu tình nguyện",
                                 description="Tên phụ lục khi bảng dài quá "
                                             f"{BODY_ROWS} đợt và được đưa ra phụ lục.")

    @model_validator(mode="after")
    def _which_drives(self):
        if not self.drives and self.month is None:
            raise ValueError("cần 'drives' (các mã đợt hiến máu) hoặc 'month' (ví dụ 2021-03)")
        if self.drives and self.month is not None:
            raise ValueError("chỉ ghi 'drives' hoặc 'month', không ghi cả hai")
        return self


# --------------------------------------------------------------------------- outputs
def notation(plan: Plan, notice: Notice) -> str:
    return nd.notation(plan, notice, "TB")


def outputs(plan: Plan) -> list[Output]:
    out = []
    for i, notice in enumerate(plan.data.notices):
        tb = nd.cited(TITLE, notice.number, notation(plan, notice), plan, notice)
        out.append(Output(f"{plan.id}-{notice.id}", NAME, f"{tb}: {notice.subject}",
                          f"{NAME}.docx", lambda notice=notice: context(plan, notice),
                          where=("notices", i, "id")))
    return out


def drives_of(plan: Plan, notice: Notice) -> list:
    """The drives the notice lists, in calendar order."""
    if notice.month is not None:
        year, month = (int(x) for x in notice.month.split("-"))
        return [d for d in dv.drives_by_date(plan) if d.status == "planned"
                and (dv.first_day(d).year, dv.first_day(d).month) == (year, month)]
    wanted = set(notice.drives)
    return [d for d in dv.drives_by_date(plan) if d.id in wanted]


def context(plan: Plan, notice: Notice) -> dict[str, Any]:
    sign = notation(plan, notice)
    issuer = plan.data.issuers[notice.issuer]
    filled = values(plan, notice)

    def fill(text: str) -> str:
        return ph.fill(text, filled)

    rows = _rows(plan, drives_of(plan, notice))
    in_appendix = len(rows) > BODY_ROWS
    intro = [fill(p) for p in notice.paragraphs]
    if in_appendix:
        intro.append("(Có danh sách các đợt hiến máu tại Phụ lục kèm theo.)")
    body = []
    for n, section in enumerate(notice.sections, 1):
        body += nd.section_blocks(n, section, fill)
    closing = notice.closing or (f"{issuer.name} thông báo để các cơ quan, đơn vị và nhân dân "
                                 "biết, tham gia.")
    body = nd.end_mark(nd.keep_dashes(body + [nd.block("para", fill(closing))]))
    return {
        **nd.header(plan, notice, sign),
        **nd.type_name("THÔNG BÁO", notice.subject),
        **nd.kinh_gui(list(notice.to)),
        "intro": intro,
        # a drive may give no hours ("cả ngày", or not yet known): when none does, the table
        # has no "Thời gian" column rather than an empty one
        "with_time": any(row["time"] for row in rows),
        "table_rows": [] if in_appendix else rows,
        **nd.body_and_closing(body),
        **nd.signature(plan, notice),
        **nd.appendix(plan, notice, TITLE, sign, notice.appendix_title,
                      rows if in_appendix else []),
    }


def values(plan: Plan, notice: Notice) -> dict[str, str]:
    """``{year}``, and ``{years}``/``{edition}`` of the programme its drives share."""
    if notice.month is not None and any(isinstance(d, Broken) for d in plan.data.drives):
        return programme_values(plan, [])  # an invalid plan: its errors are reported
    return programme_values(plan, [d.id for d in drives_of(plan, notice)])


def _rows(plan: Plan, drives: list) -> list[dict[str, str]]:
    rows = []
    for n, drive in enumerate(drives, 1):
        facts = dv.describe(plan, drive)
        rows.append({"no": str(n), "when": "\n".join(facts.day_texts),
                     "time": "Đã hủy" if facts.cancelled else facts.time_text,
                     "place": facts.place_line
                     + (" (chỉ dành cho cán bộ, nhân viên của đơn vị)" if facts.staff_only else ""),
                     "organiser": facts.organiser_short,
                     "contact": "\n".join(x for x in (facts.contact, facts.registration) if x)})
    return rows


# --------------------------------------------------------------------------- checks
def checks(plan: Plan) -> Iterator[Problem]:
    d = plan.data
    drives = {drive.id: drive for drive in d.drives if drive.id}
    for base, notice in KIND.documents(plan):
        for j, did in enumerate(notice.drives):
            yield from unknown_reference(plan, base + ("drives", j), did, drives, "drives")
            drive = drives.get(did)
            if drive is not None and not isinstance(drive, Broken) and drive.status == "cancelled":
                yield plan.problem(base + ("drives", j), f"đợt hiến máu '{did}' đã hủy; thông báo "
                                                         "sẽ ghi 'Đã hủy'", "warning")
        if notice.month is not None and not any(isinstance(x, Broken) for x in d.drives) \
                and not drives_of(plan, notice):
            year, month = notice.month.split("-")
            yield plan.problem(base + ("month",), f"không có đợt hiến máu nào (chưa hủy) trong "
                                                  f"tháng {int(month)}/{year}")


# --------------------------------------------------------------------------- template
COLS = [567, 1531, 1134, 2268, 2041, 1813]  # 10 + 27 + 20 + 40 + 36 + 32 mm = portrait width
NO_TIME_COLS = [567, 1531, 3402, 2041, 1813]  # the place takes the time's width
assert sum(COLS) == sum(NO_TIME_COLS) == TEXT_W


def _drive_table(rows_var: str, with_time: bool) -> str:
    c = COLS if with_time else NO_TIME_COLS
    hdr = ["TT", "Ngày", "Thời gian", "Địa điểm", "Đơn vị tổ chức", "Liên hệ"]
    cells = [("HMTNBangGiua", "no"), ("HMTNBangGiua", "when"), ("HMTNBangGiua", "time"),
             ("HMTNBang", "place"), ("HMTNBang", "organiser"), ("HMTNBang", "contact")]
    if not with_time:
        del hdr[2], cells[2]
    rows = [heading_row(c, hdr)]
    rows.append(tag_row(c, f"{{%tr for r in {rows_var} %}}"))
    rows.append(field_row(c, cells))
    rows.append(tag_row(c, "{%tr endfor %}"))
    return table(c, rows, borders=True)


def _drive_tables(rows_var: str) -> str:
    """The table with a "Thời gian" column where a drive has hours, else without."""
    return "".join([tag("{%p if with_time %}"), _drive_table(rows_var, True),
                    tag("{%p else %}"), _drive_table(rows_var, False), tag("{%p endif %}")])


def _template_body() -> str:
    return "".join([
        header_block(),
        type_name_block(),
        kinh_gui_block(),
        text("HMTNCach"),
        tag("{%p for p in intro %}"),
        text("HMTNBody", "{{ p }}"),
        tag("{%p endfor %}"),
        tag("{%p if table_rows %}"),
        _drive_tables("table_rows"),
        text("HMTNCach"),
        tag("{%p endif %}"),
        body_blocks("body", fields=False),
        signature_block(),
    ])


def _template_appendix() -> str:
    return appendix_heading() + _drive_tables("appendix_rows")


KIND = Kind(
    name=NAME,
    title=TITLE,
    key="notices",
    model=Notice,
    many=True,
    description="Các thông báo (mỗi thông báo một mục, có `id`): lịch một hoặc nhiều đợt hiến "
                "máu (hoặc các đợt của một tháng) cho các đơn vị và nhân dân.",
    template=TemplateSpec(NAME, TITLE, _template_body, _template_appendix,
                          optional_appendix=True),
    outputs=outputs,
    checks=checks,
    placeholders={"paragraphs": ph.DOCUMENT, "sections": ph.DOCUMENT, "closing": ph.DOCUMENT},
    sample=first_context(NAME),
    values=values,
)
