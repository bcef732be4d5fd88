"""Công văn: a letter about a drive, with its quota-and-time-slot appendix and, when asked, one
personal copy per unit of the drive's allocations.

YAML key ``letters`` (a list). A công văn has no type name: its notation is typed
(``Số: 12/UBND-VX``) and its trích yếu is the ``V/v`` line under the Số line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from .. import _placeholders as ph, derive as dv, quota as q
from .._shared import Shared, with_shared
from ..errors import Problem
from ..model import MAX_PARAGRAPHS, MAX_PERSONAL_COPIES, Count, Document, Id, Line, Section, Text
from ..plan import Broken, Plan, unknown_reference, valid
from ..vi import format_number
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
    kinh_gui_block,
    row,
    signature_block,
    table,
    tag_row,
    text,
)
from ._kind import Kind, Output, first_context, programme_values
from ._table import Column, Row, Table

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
        default=None, description="Đoạn riêng cho thư gửi từng đơn vị: `{unit}` (tên đầy đủ), "
                                  "`{quota}`, `{slot}`. Có `note` của đơn vị thì in tiếp sau "
                                  "đoạn này.")
    personal_at: Literal["before_requests", "after_requests", "last_request"] | Count = Field(
        default="last_request",
        description="Chỗ của đoạn `personal`: `before_requests` (đoạn riêng trước yêu cầu 1.), "
                    "`after_requests` (đoạn riêng sau yêu cầu cuối), `last_request` (một yêu cầu "
                    "đánh số, sau cùng) hoặc một số n (thành yêu cầu n., các yêu cầu sau lùi "
                    "xuống).")
    unit_numbers: dict[Id, Count] = Field(
        default_factory=dict,
        description="Số riêng của bản gửi từng đơn vị, khi văn thư vào sổ mỗi bản một số (mã đơn "
                    "vị: số). Đơn vị không có ở đây mang số của công văn.")
    appendix_title: Line | None = Field(default=None, description="Tên phụ lục chỉ tiêu.")


# --------------------------------------------------------------------------- outputs
def outputs(plan: Plan) -> list[Output]:
    out = []
    for i, letter in enumerate(plan.data.letters):
        cv = nd.cited(TITLE, letter.number, letter.notation, plan, letter)
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
        "total": q.number_text(drive.amount) if drive.amount else "",
    }


def shared_context(plan: Plan, letter: Letter) -> tuple[Shared, dict[str, str], dict]:
    """What the letter and all its personal copies have in common, computed once: the subject
    and the appendix (a ``Shared``: rendered once, see ``_shared``; it grows with the number of
    units), the placeholder values, the drive's allocations by unit. A copy's header, body and
    Nơi nhận are its own (its number, its sentence, "Như trên") and cost the same at any N."""
    filled = values(plan, letter)
    drive = plan.drive(letter.drive)
    appendix = nd.appendix(plan, letter, TITLE, letter.notation, letter.appendix_title or "",
                           _allocation_rows(plan, drive) if drive is not None else [])
    shared = Shared({
        "subject_line": f"V/v {letter.subject}",
        **appendix,
        "total": q.number_text(drive.amount) if drive is not None and drive.amount else "",
    })
    by_unit = {a.unit: a for a in drive.allocations} if drive is not None else {}
    return shared, filled, by_unit


def context(plan: Plan, letter: Letter, unit: str | None = None,
            shared: tuple | None = None) -> dict[str, Any]:
    """The công văn; with ``unit``, the personalised copy addressed to that unit. ``shared`` is
    ``shared_context(plan, letter)`` when the caller keeps it for all copies (the appendix is
    then built, and rendered, once for all of them)."""
    common, filled, by_unit = shared or shared_context(plan, letter)
    to, doc, own = list(letter.to), letter, None
    if unit is not None:
        own = _own_paragraph(plan, letter, by_unit[unit], filled)
        to = [plan.unit_name(unit)]
        doc = letter.model_copy(update={"number": letter.unit_numbers.get(unit, letter.number),
                                        "recipients": as_above(letter.recipients)})
    blocks = _body(letter, filled, own)
    nd.end_mark(nd.keep_dashes(blocks))
    if doc.number != letter.number:  # a copy registered under its own number: its appendix
        # names that number, so this copy renders the appendix again (unit_numbers only)
        ref = nd.appendix(plan, doc, TITLE, letter.notation, "", [])["appendix_ref"]
        common = Shared(common, appendix_ref=ref)
    return with_shared(common, **nd.header(plan, doc, letter.notation), **nd.signature(plan, doc),
                       **nd.kinh_gui(to), **nd.body_and_closing(blocks))


def _own_paragraph(plan: Plan, letter: Letter, alloc, filled: dict[str, str]) -> str:
    """The copy's sentence about its unit (legal name, quota, slot), then its allocation's
    ``note``."""
    mine = dict(filled, unit=plan.unit_name(alloc.unit), quota=format_number(alloc.quota),
                slot=dv.window_text(alloc.slot, "words").lower() if alloc.slot else "")
    return " ".join(t for t in (ph.fill(letter.personal or "", mine), alloc.note) if t)


def _body(letter: Letter, filled: dict[str, str], own: str | None) -> list[dict[str, str]]:
    """Opening paragraphs, numbered requests, sections; a personal copy's ``own`` paragraph
    where ``personal_at`` puts it (a request number renumbers the requests after it)."""
    requests = [ph.fill(r, filled) for r in letter.requests]
    at = letter.personal_at if own else None
    if at == "last_request":
        at = len(requests) + 1
    before = [own] if at == "before_requests" else []
    after = [own] if at == "after_requests" else []
    if isinstance(at, int):
        requests.insert(min(at, len(requests) + 1) - 1, own)  # type: ignore[arg-type]  # at is set only with own
    blocks = [nd.block("para", ph.fill(p, filled)) for p in letter.paragraphs]
    blocks += [nd.block("para", t) for t in before]  # type: ignore[arg-type]
    blocks += [nd.block("request", f"{n}. {r}") for n, r in enumerate(requests, 1)]
    blocks += [nd.block("para", t) for t in after]  # type: ignore[arg-type]
    for n, section in enumerate(letter.sections, 1):
        blocks += nd.section_blocks(n, section, lambda text: ph.fill(text, filled))
    return blocks


def as_above(recipients: list[str]) -> list[str]:
    """Nơi nhận of a copy with one addressee: "Như trên" is its Kính gửi line, nothing more (a
    "Như trên (theo danh sách ...)" of the letter sent to many becomes plain "Như trên").

    >>> as_above(["Như trên (theo danh sách tại Phụ lục)", "Sở Y tế"])
    ['Như trên', 'Sở Y tế']
    >>> as_above(["Sở Y tế"])
    ['Như trên', 'Sở Y tế']
    """
    rest = [r for r in recipients if not r.startswith("Như trên")]
    return ["Như trên", *rest]


def _allocation_rows(plan: Plan, drive) -> list[dict[str, str]]:
    """One row per unit, by its short name (the table's label), each with its own slot.

    Not a merged cell over the rows of one slot: Word and LibreOffice print a merged cell's text
    on its first page only, and where a page breaks is not known when the DOCX is written, so a
    page could show rows without their slot. Nor boxes joined by leaving out the rules between
    them: the column would then stand open at the foot of a page.
    """
    return [{"no": str(n), "name": nd.keep_dash(plan.unit_name(alloc.unit, short=True)),
             "quota": format_number(alloc.quota),
             "slot": dv.window_text(alloc.slot, "words") if alloc.slot else ""}
            for n, alloc in enumerate(drive.allocations, 1)]


# --------------------------------------------------------------------------- spreadsheet
def tables(plan: Plan, letter: Letter) -> list[Table]:
    """The allocations of the letter's drive as a sheet (unit, quota, time slot), with the
    total; none when the drive has no allocations (nor does the DOCX)."""
    drive = plan.drive(letter.drive)
    if drive is None or not drive.allocations:
        return []
    rows = [Row("item", (n, plan.unit_name(a.unit), a.quota,
                         dv.window_text(a.slot, "words") if a.slot else None))
            for n, a in enumerate(drive.allocations, 1)]
    rows.append(Row("total", (None, "Tổng cộng", drive.total, None)))
    note = nd.appendix(plan, letter, TITLE, letter.notation, "", [])["appendix_ref"]
    return [Table("Chỉ tiêu", letter.appendix_title or f"Chỉ tiêu hiến máu {drive.place.name}",
                  note, (Column("Số TT", 7), Column("Đơn vị", 50),
                         Column("Chỉ tiêu hiến máu (đơn vị máu)", 16, True),
                         Column("Thời gian tham gia hiến máu", 30)), tuple(rows))]


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
            for path, written in ph.texts(getattr(letter, key), base + (key,)):
                if "{drive." in written and not letter.drive:
                    yield plan.problem(path, "văn bản này dùng {drive...} nhưng công văn không "
                                             "ghi 'drive'")
        drive = drives.get(letter.drive or "")
        if isinstance(drive, Broken):
            continue
        if (letter.personal or letter.appendix_title) and (drive is None or not drive.allocations):
            key = "personal" if letter.personal else "appendix_title"
            yield plan.problem(base + (key,), "cần một 'drive' có 'allocations' (các đơn vị, chỉ "
                                              "tiêu và khung giờ)")
        yield from _personal_checks(plan, base, letter, drive)


def _personal_checks(plan: Plan, base: tuple, letter: Letter, drive) -> Iterator[Problem]:
    """``personal_at`` names a request that can exist; ``unit_numbers`` are the drive's units,
    each with its own number."""
    at = letter.personal_at
    if isinstance(at, int) and at > len(letter.requests) + 1:
        yield plan.problem(base + ("personal_at",),
                           f"công văn có {len(letter.requests)} yêu cầu: đoạn riêng chỉ có thể là "
                           f"yêu cầu 1 đến {len(letter.requests) + 1}")
    allocated = {a.unit for a in drive.allocations} if drive is not None else set()
    seen: dict[int, str] = {letter.number: "công văn"} if letter.number else {}
    for uid, number in letter.unit_numbers.items():
        where = base + ("unit_numbers", uid)
        if not letter.personal:
            yield plan.problem(where, "chỉ dùng khi công văn có 'personal' (bản gửi từng đơn vị)")
            return
        if uid not in allocated:
            yield plan.problem(where, f"'{uid}' không có trong 'allocations' của đợt hiến máu")
        elif number in seen:
            yield plan.problem(where, f"số {number} đã dùng cho {seen[number]}")
        else:
            seen[number] = uid


# --------------------------------------------------------------------------- template
# 14 + 73 + 33 + 45 mm = portrait text width; "Từ 8h30 đến 11h00" holds on one line
CV_COLS = [794, 4137, 1871, 2552]
assert sum(CV_COLS) == TEXT_W


def _template_body() -> str:
    return "".join(
        [
            header_block(subject_line=True),
            kinh_gui_block(),
            text("HMTNCach"),
            body_blocks("body", fields=False),
            signature_block(),
        ]
    )


def _template_appendix() -> str:
    c = CV_COLS
    hdr = ["Số TT", "Đơn vị", "Chỉ tiêu hiến máu (đơn vị máu)", "Thời gian tham gia hiến máu"]
    rows = [heading_row(c, hdr)]
    rows.append(tag_row(c, "{%tr for r in appendix_rows %}"))
    # every row shows its slot, in its own box (see _allocation_rows)
    rows.append(
        field_row(c, [("HMTNBangGiua", "no"), ("HMTNBang", "name"), ("HMTNBangGiua", "quota"), ("HMTNBangGiua", "slot")])
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
    tables=tables,
)
