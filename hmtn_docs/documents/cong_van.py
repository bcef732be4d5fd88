"""Công văn: a letter about a drive, with its quota-and-time-slot appendix and, when asked, one
personal copy per unit of the drive's allocations.

YAML key ``letters`` (a list). A công văn has no type name: its notation is typed
(``Số: 12/UBND-VX``) and its trích yếu is the ``V/v`` line under the Số line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from .. import _placeholders as ph
from .. import derive as dv
from .._shared import Shared, with_shared
from ..errors import Problem
from ..model import MAX_PARAGRAPHS, MAX_PERSONAL_COPIES, Document, Id, Line, Section, Text
from ..plan import Broken, Plan, unknown_reference, valid
from ..vi import format_number
from . import _nd30 as nd
from ._builder import (
    TEXT_W,
    TemplateSpec,
    appendix_heading,
    body_blocks,
    cell,
    header_block,
    kinh_gui_block,
    row,
    signature_block,
    table,
    tag_row,
    text,
)
from ._kind import Kind, Output, first_context, programme_values

NAME = "cong-van"
TITLE = "Công văn"

TEXT_TOKENS = ("drive.date", "drive.weekday", "drive.time", "drive.place", "drive.address",
               "total") + ph.DOCUMENT
PERSONAL_TOKENS = TEXT_TOKENS + ("unit", "quota", "slot")


# --------------------------------------------------------------------------- the format
class Letter(Document):
    id: Id
    notation: Line = Field(description="Ký hiệu công văn (không có tên loại), ví dụ `UBND-VX`.")
    subject: Line = Field(description="Trích yếu sau `V/v`.")
    to: list[Line] = Field(min_length=1, max_length=MAX_PARAGRAPHS,
                           description="Kính gửi (một hoặc nhiều nơi).")
    drive: Id | None = Field(default=None, description="Mã đợt hiến máu mà công văn nói tới.")
    paragraphs: list[Text] = Field(
        default_factory=list, max_length=MAX_PARAGRAPHS,
        description="Các đoạn mở đầu. Có thể dùng `{drive.date}`, `{drive.weekday}`, "
                    "`{drive.time}`, `{drive.place}`, `{drive.address}`, `{total}`, `{year}`, "
                    "`{years}`, `{edition}`.")
    requests: list[Text] = Field(default_factory=list, max_length=MAX_PARAGRAPHS,
                                 description="Các yêu cầu, đánh số 1., 2.")
    sections: list[Section] = Field(default_factory=list, description="Các mục sau các yêu cầu, "
                                                                      "như trong Kế hoạch (I., 1., "
                                                                      "a), gạch đầu dòng).")
    personal: Text | None = Field(
        default=None, description="Đoạn riêng cho thư gửi từng đơn vị: `{unit}`, `{quota}`, "
                                  "`{slot}`.")
    appendix_title: Line | None = Field(default=None, description="Tên phụ lục chỉ tiêu.")


# --------------------------------------------------------------------------- outputs
def outputs(plan: Plan) -> list[Output]:
    out = []
    for i, letter in enumerate(plan.data.letters):
        cv = nd.cited(TITLE, letter.number, letter.notation)
        where = ("letters", i, "id")
        # computed at the first context asked for, then reused by the letter and every copy
        shared = functools.cache(lambda letter=letter: shared_context(plan, letter))
        out.append(Output(f"{plan.id}-{letter.id}", NAME, f"{cv} V/v {letter.subject}",
                          f"{NAME}.docx", lambda letter=letter, shared=shared: context(
                              plan, letter, shared=shared()), where=where))
        drive = plan.drive(letter.drive)
        if not (letter.personal and drive is not None):
            continue
        group = (f"{plan.id}-{letter.id}-tung-don-vi",
                 f"{cv} gửi từng đơn vị ({len(drive.allocations)} bản trong một tệp)")
        for alloc in drive.allocations:
            out.append(Output(f"{letter.id}/{alloc.unit}", NAME,
                              f"{cv} gửi {plan.unit_name(alloc.unit)}", f"{NAME}.docx",
                              lambda letter=letter, unit=alloc.unit, shared=shared: context(
                                  plan, letter, unit, shared()),
                              group, where))
    return out


def values(plan: Plan, letter: Letter) -> dict[str, str]:
    """What the placeholders of a letter stand for: ``{drive.*}`` and ``{total}`` from its
    drive, ``{year}`` (and ``{years}``, ``{edition}`` of the drive's programme)."""
    drive = plan.drive(letter.drive)
    common = programme_values(plan, [letter.drive] if letter.drive else [])
    if drive is None:
        return common
    return common | {
        "drive.date": dv.drive_dates_short(drive),
        "drive.weekday": dv.weekday_text(drive),
        "drive.time": dv.describe(plan, drive).time_text,
        "drive.place": drive.place.name,
        "drive.address": drive.place.address or drive.place.name,
        "total": format_number(drive.total),
    }


def shared_context(plan: Plan, letter: Letter) -> tuple[Shared, dict[str, str], list[dict], dict]:
    """What the letter and all its personal copies have in common, computed once: the header,
    signature and appendix values (a ``Shared``: rendered once, see ``_shared``), the
    placeholder values, the body blocks before a copy's own paragraph, the drive's allocations
    by unit."""
    filled = values(plan, letter)
    drive = plan.drive(letter.drive)
    blocks = [nd.block("para", ph.fill(p, filled)) for p in letter.paragraphs]
    blocks += [nd.block("request", f"{n}. {ph.fill(r, filled)}")
               for n, r in enumerate(letter.requests, 1)]
    for n, section in enumerate(letter.sections, 1):
        blocks += nd.section_blocks(n, section, lambda text: ph.fill(text, filled))
    shared = Shared({
        **nd.header(plan, letter, letter.notation),
        **nd.signature(plan, letter),
        "subject_line": f"V/v {letter.subject}",
        **nd.appendix(plan, letter, TITLE, letter.notation, letter.appendix_title or "",
                      _allocation_rows(plan, drive) if drive is not None else []),
        "total": format_number(drive.total) if drive is not None else "",
    })
    by_unit = {a.unit: a for a in drive.allocations} if drive is not None else {}
    return shared, filled, blocks, by_unit


def context(plan: Plan, letter: Letter, unit: str | None = None,
            shared: tuple | None = None) -> dict[str, Any]:
    """The công văn; with ``unit``, the personalised copy addressed to that unit. ``shared`` is
    ``shared_context(plan, letter)`` when the caller keeps it for all copies."""
    common, filled, shared_blocks, by_unit = shared or shared_context(plan, letter)
    drive = plan.drive(letter.drive)
    blocks = [dict(b) for b in shared_blocks]  # end_mark and pop_closing change the last ones
    to = list(letter.to)
    if unit is not None:
        assert drive is not None
        alloc = by_unit[unit]
        mine = dict(filled, unit=plan.unit_name(unit), quota=format_number(alloc.quota),
                    slot=dv.window_text(alloc.slot, "words").lower() if alloc.slot else "")
        if letter.personal:
            blocks.append(nd.block("para", ph.fill(letter.personal, mine)))
        to = [plan.unit_name(unit)]
    closing = nd.pop_closing(nd.end_mark(blocks))
    return with_shared(common, **nd.kinh_gui(to), body=blocks, closing=closing)


def _allocation_rows(plan: Plan, drive) -> list[dict[str, str]]:
    rows = []
    previous = object()
    for n, alloc in enumerate(drive.allocations, 1):
        slot = dv.window_text(alloc.slot, "words") if alloc.slot else ""
        same = slot == previous
        rows.append({"no": str(n), "name": plan.unit_name(alloc.unit),
                     "quota": format_number(alloc.quota), "slot": "" if same else slot,
                     "slot_merge": "continue" if same else "restart"})
        previous = slot
    return rows


# --------------------------------------------------------------------------- checks
def _check_personal_copies(plan: Plan) -> Iterator[Problem]:
    """Each unit of a letter's drive gets its own copy: bound the documents of a plan."""
    drives = {d.id: d for _, d in valid(plan.data.drives)}
    total = 0
    for i, letter in valid(plan.data.letters):
        drive = drives.get(letter.drive or "")
        if not letter.personal or drive is None:
            continue
        total += len(drive.allocations)
        if total > MAX_PERSONAL_COPIES:
            yield plan.problem(("letters", i, "personal"),
                               f"các công văn gửi từng đơn vị đã lên {format_number(total)} bản; "
                               f"tối đa {format_number(MAX_PERSONAL_COPIES)} bản cho một kế hoạch")
            return


def checks(plan: Plan) -> Iterator[Problem]:
    yield from _check_personal_copies(plan)
    d = plan.data
    drive_ids = {drive.id for drive in d.drives if drive.id}
    drives = {drive.id: drive for drive in d.drives}
    for base, letter in KIND.documents(plan):
        yield from unknown_reference(plan, base + ("drive",), letter.drive, drive_ids, "drives")
        for key in ("paragraphs", "requests", "sections"):
            for path, text in ph.texts(getattr(letter, key), base + (key,)):
                if "{drive." in text and not letter.drive:
                    yield plan.problem(path, "văn bản này dùng {drive...} nhưng công văn không "
                                             "ghi 'drive'")
        drive = drives.get(letter.drive or "")
        if isinstance(drive, Broken):
            continue
        if (letter.personal or letter.appendix_title) and (drive is None or not drive.allocations):
            key = "personal" if letter.personal else "appendix_title"
            yield plan.problem(base + (key,), "cần một 'drive' có 'allocations' (các đơn vị, chỉ "
                                              "tiêu và khung giờ)")


# --------------------------------------------------------------------------- template
CV_COLS = [794, 4536, 1871, 2153]  # 14 + 80 + 33 + 38 mm = portrait text width
assert sum(CV_COLS) == TEXT_W


def _template_body() -> str:
    return "".join(
        [
            header_block(subject_line=True),
            kinh_gui_block(),
            text("HMTNCach"),
            text("HMTNCach"),
            body_blocks("body", fields=False),
            signature_block(),
        ]
    )


def _template_appendix() -> str:
    c = CV_COLS
    hdr = ["Số TT", "Đơn vị", "Chỉ tiêu hiến máu (đơn vị máu)", "Thời gian tham gia hiến máu"]
    rows = [row([cell(w, text("HMTNBangTieuDe", h), valign="center") for w, h in zip(c, hdr)], header=True)]
    rows.append(tag_row(c, "{%tr for r in appendix_rows %}"))
    rows.append(
        row(
            [
                cell(c[0], text("HMTNBangGiua", "{{ r.no }}"), valign="center"),
                cell(c[1], text("HMTNBang", "{{ r.name }}"), valign="center"),
                cell(c[2], text("HMTNBangGiua", "{{ r.quota }}"), valign="center"),
                # our tag: vertical merge over the rows of one time slot (not docxtpl's {% vm %})
                cell(c[3], text("HMTNBangGiua", "{% vmerge r.slot_merge %}{{ r.slot }}"), valign="center"),
            ]
        )
    )
    rows.append(tag_row(c, "{%tr endfor %}"))
    rows.append(
        row(
            [
                cell(c[0], text("HMTNBangGiua")),
                cell(c[1], text("HMTNBangGiuaDam", "Tổng cộng")),
                cell(c[2], text("HMTNBangGiuaDam", "{{ total }}")),
                cell(c[3], text("HMTNBangGiua")),
            ]
        )
    )
    return appendix_heading() + table(c, rows, borders=True)


KIND = Kind(
    name=NAME,
    title=TITLE,
    key="letters",
    model=Letter,
    many=True,
    description="Các công văn (mỗi công văn một mục, có `id`): gửi các đơn vị về một đợt hiến "
                "máu, có thể kèm phụ lục chỉ tiêu và bản gửi riêng từng đơn vị.",
    # no allocations, no appendix: the letter ends with its signature
    template=TemplateSpec(NAME, TITLE, _template_body, _template_appendix, optional_appendix=True),
    outputs=outputs,
    checks=checks,
    placeholders={"paragraphs": TEXT_TOKENS, "requests": TEXT_TOKENS, "sections": TEXT_TOKENS,
                  "personal": PERSONAL_TOKENS},
    sample=first_context(NAME),
    values=values,
)
