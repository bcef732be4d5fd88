"""Giấy mời: an invitation to an event (a drive, a launch ceremony, a meeting), with its time,
place and programme, whom to call, and, when asked, one copy per invitee.

YAML key ``invitations`` (a list). Notation ``GM-<issuer>``: ``Số: 45/GM-BCĐ``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from .. import _placeholders as ph, derive as dv
from .._similar import strip_marks
from ..errors import Problem
from ..model import (
    Document,
    Id,
    Line,
    Place,
    Strict,
    Text,
    TimeOfDay,
    _one_or_many,
    _place,
    _time_window,
)
from ..plan import Plan, unknown_reference
from ..vi import format_short_date, format_time, format_weekday
from . import _nd30 as nd
from ._builder import (
    TemplateSpec,
    body_blocks,
    header_block,
    kinh_gui_block,
    signature_block,
    text,
    type_name_block,
)
from ._kind import Kind, Output, first_context, programme_values

NAME = "giay-moi"
TITLE = "Giấy mời"


# --------------------------------------------------------------------------- the format
class EventTime(Strict):
    start: TimeOfDay
    end: TimeOfDay | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.end is not None and (self.end.hour, self.end.minute) <= (self.start.hour,
                                                                          self.start.minute):
            raise ValueError("giờ kết thúc phải sau giờ bắt đầu")
        return self


def _event_time(value):
    """``"7h30"`` (a start) or ``"7h30 - 11h00"`` (a window)."""
    if isinstance(value, str) and not re.search(r"-|–|đến", value):
        return {"start": TimeOfDay.parse(value.strip().removeprefix("Từ").strip())}
    return _time_window(value)


class Event(Strict):
    drive: Id | None = Field(default=None, description="Mã đợt hiến máu: ngày, giờ và địa điểm "
                                                       "lấy từ đợt này (có thể ghi đè).")
    name: Line | None = Field(default=None, description="Tên sự kiện sau `tham dự`, ví dụ `Lễ "
                                                        "phát động ...`. Mặc định: đợt hiến máu "
                                                        "của đơn vị tổ chức.")
    date: dt.date | None = Field(default=None, description="Ngày (mặc định: ngày đầu của đợt).")
    time: Annotated[EventTime, BeforeValidator(_event_time, json_schema_input_type=str)] | None = \
        Field(default=None, description='Giờ bắt đầu "7h30" hoặc khung giờ "7h30 - 11h00" '
                                        '(mặc định: giờ của đợt).')
    place: Annotated[Place, BeforeValidator(_place, json_schema_input_type=str | Place)] | None = \
        Field(default=None, description="Địa điểm (mặc định: địa điểm của đợt).")
    programme: list[Line] = Field(default_factory=list, description="Chương trình, mỗi dòng một "
                                                                    "mục, ví dụ `7h30: Đón tiếp "
                                                                    "đại biểu`.")

    @model_validator(mode="after")
    def _when_and_where(self):
        if self.drive is None and (self.date is None or self.place is None or self.name is None):
            raise ValueError("cần 'drive' (một đợt hiến máu), hoặc đủ 'name', 'date' và 'place'")
        return self


class Contact(Strict):
    name: Line = Field(description="Người hoặc nơi liên hệ, ví dụ `đồng chí Nguyễn Văn A, Văn "
                                   "phòng Ban Chỉ đạo`.")
    phone: Line | None = Field(default=None, description="Số điện thoại.")


class Invitation(Document):
    id: Id
    subject: Line = Field(description="Trích yếu dưới chữ GIẤY MỜI, ví dụ `Dự Lễ phát động ...`.")
    to: Annotated[list[Line], BeforeValidator(_one_or_many, json_schema_input_type=Line | list[Line])] \
        = Field(min_length=1, description="Kính gửi: người hoặc nơi được mời (một hoặc nhiều).")
    personal: bool = Field(default=False, description="In một bản riêng cho từng nơi trong `to`.")
    paragraphs: list[Text] = Field(
        default_factory=list, description="Các đoạn mở đầu (mặc định: \"<cơ quan> trân trọng kính "
                                          "mời tham dự <sự kiện>.\"). Có thể dùng `{year}`, "
                                          "`{years}`, `{edition}`.")
    event: Event
    notes: list[Text] = Field(default_factory=list, description="Các đoạn sau thời gian, địa điểm "
                                                                "(trang phục, giấy tờ mang theo...).")
    contact: Contact | None = Field(default=None, description="Liên hệ khi cần.")
    closing: Text | None = Field(default=None, description="Câu kết (mặc định: \"Rất mong sự "
                                                           "quan tâm tham dự của Quý đại biểu.\").")


# --------------------------------------------------------------------------- outputs
def notation(plan: Plan, inv: Invitation) -> str:
    return nd.notation(plan, inv, "GM")


def outputs(plan: Plan) -> list[Output]:
    out = []
    for i, inv in enumerate(plan.data.invitations):
        gm = nd.cited(TITLE, inv.number, notation(plan, inv), plan, inv)
        where = ("invitations", i, "id")
        out.append(Output(f"{plan.id}-{inv.id}", NAME, f"{gm}: {inv.subject}", f"{NAME}.docx",
                          lambda inv=inv: context(plan, inv), where=where))
        if not inv.personal:
            continue
        group = (f"{plan.id}-{inv.id}-tung-noi",
                 f"{gm} gửi từng nơi ({len(inv.to)} bản trong một tệp)")
        for n, who in enumerate(inv.to, 1):
            out.append(Output(f"{inv.id}/{copy_name(n, who)}", NAME, f"{gm} gửi {who}",
                              f"{NAME}.docx", lambda inv=inv, who=who: context(plan, inv, who),
                              group, where))
    return out


def copy_name(n: int, who: str) -> str:
    """The file name of a personal copy: its number (names may repeat) and the name in ASCII.

    >>> copy_name(2, "Đồng chí Chủ tịch UBND huyện Khoái Châu")
    '02-dong-chi-chu-tich-ubnd-huyen-khoai-chau'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", strip_marks(who)).strip("-")[:60].rstrip("-")
    return f"{n:02d}-{slug}" if slug else f"{n:02d}"


def context(plan: Plan, inv: Invitation, who: str | None = None) -> dict[str, Any]:
    """The invitation; with ``who``, the copy addressed to that one invitee."""
    sign = notation(plan, inv)
    body = _body(plan, inv)
    return {
        **nd.header(plan, inv, sign),
        **nd.type_name("GIẤY MỜI", inv.subject),
        **nd.kinh_gui([who] if who is not None else list(inv.to)),
        **nd.body_and_closing(body),
        **nd.signature(plan, inv),
    }


def _body(plan: Plan, inv: Invitation) -> list[dict[str, str]]:
    filled = values(plan, inv)

    def fill(text: str) -> str:
        return ph.fill(text, filled)

    ev = inv.event
    drive = plan.drive(ev.drive)
    issuer = plan.data.issuers[inv.issuer]
    if inv.paragraphs:
        body = [nd.block("para", fill(p)) for p in inv.paragraphs]
    else:
        name = ev.name or f"đợt hiến máu tình nguyện do {dv.describe(plan, drive).organiser} tổ chức"
        body = [nd.block("para", f"{issuer.name} trân trọng kính mời tham dự {name}.")]
    body.append(nd.field("Thời gian", _when(plan, ev, drive)))
    body.append(nd.field("Địa điểm", _where(plan, ev, drive)))
    if ev.programme:
        body.append(nd.block("para", "Chương trình:"))
        body += [nd.block("bullet", f"- {item}") for item in ev.programme]
    body += [nd.block("para", fill(p)) for p in inv.notes]
    if inv.contact:
        phone = f", điện thoại: {inv.contact.phone}" if inv.contact.phone else ""
        body.append(nd.block("para", f"Mọi chi tiết xin liên hệ: {inv.contact.name}{phone}."))
    body.append(nd.block("para", fill(inv.closing or "Rất mong sự quan tâm tham dự của Quý đại "
                                                     "biểu.")))
    return nd.end_mark(nd.keep_dashes(body))


def values(plan: Plan, inv: Invitation) -> dict[str, str]:
    """``{year}``, and ``{years}``/``{edition}`` of the programme of the event's drive."""
    return programme_values(plan, [inv.event.drive] if inv.event.drive else [])


def _when(plan: Plan, ev: Event, drive) -> str:
    time = ev.time
    if time is not None:
        clock = format_time(time.start.hour, time.start.minute)
        if time.end is not None:
            clock += f" - {format_time(time.end.hour, time.end.minute)}"
    else:
        clock = dv.describe(plan, drive).time_text if drive is not None else ""
    days = [ev.date] if ev.date else sorted(drive.dates)
    # running text after "Thời gian:": "thứ Hai" (ND30 Phụ lục II)
    when = "; ".join(f"{format_weekday(d, 'text')}, ngày {format_short_date(d)}" for d in days)
    return f"{clock}, {when}" if clock else when


def _where(plan: Plan, ev: Event, drive) -> str:
    if ev.place is not None:
        return ev.place.name + (f", {ev.place.address}" if ev.place.address else "")
    return dv.describe(plan, drive).place_line


# --------------------------------------------------------------------------- checks
def checks(plan: Plan) -> Iterator[Problem]:
    drive_ids = {drive.id for drive in plan.data.drives if drive.id}
    for base, inv in KIND.documents(plan):
        yield from unknown_reference(plan, base + ("event", "drive"), inv.event.drive, drive_ids,
                                     "drives")


# --------------------------------------------------------------------------- template
def _template_body() -> str:
    return (header_block() + type_name_block() + kinh_gui_block() + text("HMTNCach")
            + body_blocks("body") + signature_block())


KIND = Kind(
    name=NAME,
    title=TITLE,
    key="invitations",
    model=Invitation,
    many=True,
    description="Các giấy mời (mỗi giấy mời một mục, có `id`): mời dự một đợt hiến máu, lễ phát "
                "động, hội nghị; có thể in bản riêng cho từng nơi được mời.",
    template=TemplateSpec(NAME, TITLE, _template_body),
    outputs=outputs,
    checks=checks,
    placeholders={"paragraphs": ph.DOCUMENT, "notes": ph.DOCUMENT, "closing": ph.DOCUMENT},
    sample=first_context(NAME),
    values=values,
)
