"""The one place where a plan becomes a template's render context.

Templates hold no logic: every string they show is finished here (numbered, capitalised,
formatted the Vietnamese way). The keys are the contract with ``templates/*.docx``.
"""

from __future__ import annotations

from typing import Any

from . import _placeholders as ph
from . import derive as dv
from .load import Plan
from .model import POINT_LETTERS, Drive, Item, KeHoach, Letter, Section
from .vi import (
    format_days,
    format_doc_number,
    format_number,
    format_percent,
    format_roman,
    format_short_date,
    format_upper,
)


def _block(kind: str, text: str, **extra: str) -> dict[str, str]:
    return {"kind": kind, "text": text, **extra}


def _common(plan: Plan, doc, notation: str) -> dict[str, Any]:
    issuer = plan.data.issuers[doc.issuer]
    signer = plan.data.signers[doc.signer]
    parent, name = dv.header_lines(issuer)
    return {
        "parent_lines": parent,
        "issuer_lines": name,
        "number_line": format_doc_number(doc.number, notation),
        "place_date": dv.place_date(issuer, doc.date),
        "recipients": dv.recipients_lines(doc.recipients, doc.archive),
        "sign_lines": dv.signature_lines(signer, issuer),
        "signer_name": signer.name,
        "appendix_heading": "Phụ lục",
    }


def ke_hoach_notation(plan: Plan, kh: KeHoach) -> str:
    return f"KH-{plan.data.issuers[kh.issuer].abbreviation}"


# --------------------------------------------------------------------------- Kế hoạch
def ke_hoach_context(plan: Plan) -> dict[str, Any]:
    kh = plan.data.ke_hoach
    assert kh is not None, "caller checks that the plan has a ke_hoach"
    notation = ke_hoach_notation(plan, kh)
    issuer = plan.data.issuers[kh.issuer]
    ctx = _common(plan, kh, notation)
    body = _ke_hoach_body(plan, kh)
    ctx.update(
        doc_type="KẾ HOẠCH",
        subject=kh.subject,
        body=body,
        closing=_pop_closing(body),
        appendix_title=format_upper(kh.appendix_title),
        appendix_ref=(f"(Kèm theo Kế hoạch số {format_doc_number(kh.number, notation, '')} "
                      f"{dv.reference_date(kh.date)} của {issuer.name})"),
        appendix_rows=_quota_rows(plan),
    )
    return ctx


def _ke_hoach_body(plan: Plan, kh: KeHoach) -> list[dict[str, str]]:
    body = []
    if kh.results:
        body.append(_block("para", _results_text(kh, plan.data.plan.province_kind)))
    if kh.bases:
        issuer = plan.data.issuers[kh.issuer]
        cited = "; ".join(
            f"{b.kind} số {b.number} ngày {format_short_date(b.date)} của {b.issuer}"
            + (f" {b.about}" if b.about else "") for b in kh.bases)
        body.append(_block("para", f"Thực hiện {cited}, {issuer.name} ban hành Kế hoạch cụ thể "
                                   "như sau:"))
    for n, section in enumerate(kh.sections, 1):
        body += _section_blocks(plan, n, section)
    return _end_mark(body)


END_MARK = "./."


def _pop_closing(blocks: list[dict[str, str]]) -> str:
    """Take the body's last paragraph out, for the template's "keep with signature" slot."""
    if blocks and blocks[-1]["kind"] in ("para", "bullet", "field", "request"):
        return blocks.pop()["text"]
    return ""


def _end_mark(blocks: list[dict[str, str]]) -> list[dict[str, str]]:
    """ND30 closes the body with ``./.``; it is added here, after whatever comes last."""
    for block in reversed(blocks):
        if block["kind"] in ("para", "bullet", "field", "request"):
            text = block["text"].rstrip().removesuffix(END_MARK).rstrip(" .;") + END_MARK
            block["text"] = text
            if "value" in block:
                block["value"] = text[len(block["label"]):]
            break
    return blocks


def _results_text(kh: KeHoach, area: str) -> str:
    r = kh.results
    assert r is not None
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


def _section_blocks(plan: Plan, n: int, section: Section) -> list[dict[str, str]]:
    out = [_block("muc", f"{format_roman(n)}. {format_upper(section.title)}")]
    out += [_block("para", p) for p in section.paragraphs]
    for k, item in enumerate(section.items, 1):
        out += _item_blocks(plan, k, item)
    return out


def _item_blocks(plan: Plan, k: int, item: Item) -> list[dict[str, str]]:
    out = []
    if item.title:
        out.append(_block("khoan", f"{k}. {item.title}"))
    out += [_block("para", p) for p in item.paragraphs]
    out += [_block("bullet", f"- {b}") for b in item.bullets]
    for j, point in enumerate(item.points):
        letter = POINT_LETTERS[j]  # the model allows no more points than letters
        out.append(_block("diem", f"{letter}) {point.title or ''}".rstrip()))
        out += [_block("para", p) for p in point.paragraphs]
        out += [_block("bullet", f"- {b}") for b in point.bullets]
    if item.drives:
        for m, group in enumerate(dv.month_groups(plan), 1):
            live = [d for d in group.drives if d.status == "planned"]
            if not live:
                continue
            out.append(_block("month", f"{k}.{m}. {group.title}"))
            for drive in live:
                out += _drive_blocks(plan, drive)
    return out


def _field(label: str, value: str) -> dict[str, str]:
    value = value.rstrip(".") + "."
    return _block("field", f"- {label}: {value}", label=f"- {label}: ", value=value)


def _drive_blocks(plan: Plan, drive: Drive) -> list[dict[str, str]]:
    place = drive.place.name + (f" ({drive.campus})" if drive.campus else "") \
        + (f", {drive.place.address}" if drive.place.address else "")
    when = dv.drive_dates_text(drive)
    if drive.time:
        when += f" ({dv.window_text(drive.time)})"
    out = [
        _block("drive", f"* {dv.unit_name(plan, drive.organiser)}"),
        _field("Địa điểm tổ chức", place),
        _field("Thời gian tổ chức", when),
        _field("Chỉ tiêu", f"{format_number(drive.total)} đơn vị máu"),
    ]
    if drive.audience:
        out.append(_field("Đối tượng", drive.audience))
    for label, ids in (("Đơn vị phối hợp chỉ đạo", drive.coordinators),
                       ("Đơn vị thực hiện", drive.executors)):
        if ids:
            out.append(_field(label, ", ".join(dv.unit_name(plan, u, short=True) for u in ids)))
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
                "quota": format_number(org.quota),
                "dates": "\n".join(_appendix_day(org, d) for d in org.days),
                "days": format_days(len(org.days)),
            })
        rows.append({"kind": "subtotal", "no": "", "name": f"Cộng mục {numeral}",
                     "quota": format_number(group.quota), "dates": "",
                     "days": format_days(group.days)})
    rows.append({"kind": "total", "no": "", "name": "Tổng cộng mục " + " + ".join(numerals),
                 "quota": format_number(sum(g.quota for g in groups)), "dates": "",
                 "days": format_days(sum(g.days for g in groups))})
    return rows


# --------------------------------------------------------------------------- Công văn
def letter_values(plan: Plan, letter: Letter) -> dict[str, str]:
    """What the ``{drive.*}`` and ``{total}`` placeholders of a letter stand for."""
    values: dict[str, str] = {}
    drive = next((d for d in plan.data.drives if d.id == letter.drive), None)
    if drive is not None:
        values.update({
            "drive.date": dv.drive_dates_short(drive),
            "drive.weekday": dv.weekday_text(drive),
            "drive.time": dv.window_text(drive.time),
            "drive.place": drive.place.name,
            "drive.address": drive.place.address or drive.place.name,
            "total": format_number(drive.total),
        })
    return values


def letter_context(plan: Plan, letter: Letter, unit: str | None = None) -> dict[str, Any]:
    """The công văn; with ``unit``, the personalised copy addressed to that unit."""
    issuer = plan.data.issuers[letter.issuer]
    notation = letter.notation
    ctx = _common(plan, letter, notation)
    values = letter_values(plan, letter)
    drive = next((d for d in plan.data.drives if d.id == letter.drive), None)
    blocks = [_block("para", ph.fill(p, values)) for p in letter.paragraphs]
    blocks += [_block("request", f"{n}. {ph.fill(r, values)}")
               for n, r in enumerate(letter.requests, 1)]
    to = list(letter.to)
    if unit is not None:
        assert drive is not None
        alloc = next(a for a in drive.allocations if a.unit == unit)
        mine = dict(values, unit=dv.unit_name(plan, unit), quota=format_number(alloc.quota),
                    slot=dv.window_text(alloc.slot, "words").lower() if alloc.slot else "")
        if letter.personal:
            blocks.append(_block("para", ph.fill(letter.personal, mine)))
        to = [dv.unit_name(plan, unit)]
    closing = _pop_closing(_end_mark(blocks))
    ctx.update(
        subject_line=f"V/v {letter.subject}",
        to_inline=f"Kính gửi: {to[0]}" if len(to) == 1 else "",
        to_list=[] if len(to) == 1 else
        [f"- {t.rstrip(';.')};" for t in to[:-1]] + [f"- {to[-1].rstrip(';.')}."],
        # the template places intro paragraphs, numbered requests, then the closing paragraph
        paragraphs=[b["text"] for b in blocks if b["kind"] == "para"],
        requests=[b["text"] for b in blocks if b["kind"] == "request"],
        closing=closing,
        appendix_title=format_upper(letter.appendix_title or ""),
        appendix_ref=(f"(Kèm theo Công văn số {format_doc_number(letter.number, notation, '')} "
                      f"{dv.reference_date(letter.date)} của {issuer.name})"),
        appendix_rows=_allocation_rows(plan, drive) if drive is not None else [],
        total=format_number(drive.total) if drive is not None else "",
    )
    return ctx


def _allocation_rows(plan: Plan, drive: Drive) -> list[dict[str, str]]:
    rows = []
    previous = object()
    for n, alloc in enumerate(drive.allocations, 1):
        slot = dv.window_text(alloc.slot, "words") if alloc.slot else ""
        same = slot == previous
        rows.append({"no": str(n), "name": dv.unit_name(plan, alloc.unit),
                     "quota": format_number(alloc.quota), "slot": "" if same else slot,
                     "slot_merge": "continue" if same else "restart"})
        previous = slot
    return rows
