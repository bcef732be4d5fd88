"""The ND30 pieces every kind's render context shares, written once.

Nghị định 30/2020/NĐ-CP lays every administrative document out the same way (see
../shared/specs/nd30-format.md): the header block (ô 1-4: issuing body, Số/ký hiệu, Quốc hiệu,
place and date), the type name and trích yếu (ô 5), Kính gửi (ô 9a), the body (ô 6) ending with
``./.``, Nơi nhận (ô 9b), the signature block (ô 7), and appendices with their "Kèm theo" line.
Each function here returns the context keys of one piece; a kind's context is their union plus
what is its own. The template side of the same pieces is in ``_builder.py``.

Templates hold no logic: every string is finished here (numbered, capitalised, formatted the
Vietnamese way).
"""

from __future__ import annotations

import re
from typing import Any

from .. import derive as dv
from ..model import POINT_LETTERS  # the model bounds the points of an item by these letters
from ..plan import Plan
from ..vi import BLANK_NUMBER, format_doc_number, format_roman, format_upper

END_MARK = "./."
# body blocks that hold running text (the end mark and the closing slot take one of these)
TEXT_BLOCKS = ("para", "bullet", "field", "request")


def block(kind: str, text: str, **extra: str) -> dict[str, str]:
    """One paragraph of a body; the template picks its style by ``kind``."""
    return {"kind": kind, "text": text, **extra}


def style(plan: Plan, doc) -> str:
    """The header and numbering style of ``doc``: its issuer's (``nd30`` or ``party``)."""
    return plan.data.issuers[doc.issuer].style


def notation(plan: Plan, doc, code: str) -> str:
    """The ký hiệu of a kind whose code is ``code`` ("KH", "TB", "GM").

    ND30: ``KH-UBND``; joint (liên tịch): ``KHLT-UBND-HCTĐ``. Party style (docs/layout-party.md):
    ``KH/ĐTN``; joint: ``KHLT/ĐTN-HSV``.
    """
    issuers = plan.data.issuers
    abbr = issuers[doc.issuer].abbreviation
    if doc.co_issuer is not None:
        code, abbr = f"{code}LT", f"{abbr}-{issuers[doc.co_issuer].abbreviation}"
    return f"{code}/{abbr}" if style(plan, doc) == "party" else f"{code}-{abbr}"


def number_text(plan: Plan, doc, notation: str, prefix: bool = True) -> str:
    """``Số: 07/KH-UBND`` (ND30: two digits at least) or ``Số 7-KH/ĐTN`` (party style: the
    number as is, a hyphen before the ký hiệu); without ``prefix``, the number and notation."""
    if style(plan, doc) == "party":
        num = str(doc.number) if doc.number is not None else BLANK_NUMBER
        return f"{'Số ' if prefix else ''}{num}-{notation}"
    return format_doc_number(doc.number, notation, "Số: " if prefix else "")


def cited(kind_title: str, number: int | None, notation: str, plan: Plan | None = None,
          doc=None) -> str:
    """``Kế hoạch số 10/KH-UBND`` (``số 12-KH/ĐTN`` in party style, given ``plan`` and
    ``doc``); just the kind while the number is not registered yet."""
    if not number:
        return kind_title
    if plan is not None and doc is not None:
        return f"{kind_title} số {number_text(plan, doc, notation, prefix=False)}"
    return f"{kind_title} số {format_doc_number(number, notation, '')}"


# --------------------------------------------------------------------------- ô 1-4, 5
def header(plan: Plan, doc, notation: str) -> dict[str, Any]:
    """Issuing body (and its parent), Số/ký hiệu, place and date; in party style, the heading
    (tiêu đề) on the right instead of the Quốc hiệu. A joint document names both bodies, joined
    by a hyphen (ND30 Phụ lục I, văn bản liên tịch)."""
    issuer = plan.data.issuers[doc.issuer]
    parent, name = dv.header_lines(issuer)
    if doc.co_issuer is not None:
        co_parent, co_name = dv.header_lines(plan.data.issuers[doc.co_issuer])
        parent = []  # each body's own name says whose it is
        name = name[:-1] + [f"{name[-1]} -"] + co_name
    party = issuer.style == "party"
    return {
        "party": party,
        "heading_lines": [format_upper(x) for x in issuer.heading or []] if party else [],
        "parent_lines": parent,
        "issuer_lines": name,
        "number_line": number_text(plan, doc, notation),
        "place_date": dv.place_date(issuer, doc.date),
    }


def type_name(doc_type: str, subject: str) -> dict[str, str]:
    """The type name in capitals and the trích yếu under it (not for a công văn)."""
    return {"doc_type": doc_type, "subject": subject}


# --------------------------------------------------------------------------- ô 9a
def kinh_gui(to: list[str]) -> dict[str, Any]:
    """One addressee on the "Kính gửi:" line; several, one per line under the colon."""
    if not to:
        return {"to_inline": "", "to_list": []}
    to = [keep_dash(t) for t in to]
    return {
        "to_inline": f"Kính gửi: {to[0]}" if len(to) == 1 else "",
        "to_list": [] if len(to) == 1 else
        [f"- {t.rstrip(';.')};" for t in to[:-1]] + [f"- {to[-1].rstrip(';.')}."],
    }


# --------------------------------------------------------------------------- ô 7, 9b
def signature(plan: Plan, doc) -> dict[str, Any]:
    """Nơi nhận (with Lưu) on the left; authority, title and name on the right."""
    issuer = plan.data.issuers[doc.issuer]
    signer = plan.data.signers[doc.signer]
    out = {
        "recipients": dv.recipients_lines(doc.recipients, doc.archive),
        "sign_lines": dv.signature_lines(signer, issuer),
        "signer_name": signer.name,
        "one_signer": doc.co_issuer is None,
        "co_sign_lines": [],
        "co_signer_name": "",
    }
    if doc.co_issuer is not None:  # liên tịch: the co-issuer signs on the left, the lead on the right
        co = plan.data.signers[doc.co_signer]
        out["co_sign_lines"] = dv.signature_lines(co, plan.data.issuers[doc.co_issuer])
        out["co_signer_name"] = co.name
    return out


# --------------------------------------------------------------------------- appendix
def appendix(plan: Plan, doc, kind_title: str, notation: str, title: str,
             rows: list[dict[str, str]]) -> dict[str, Any]:
    """The Phụ lục heading, its title, the "Kèm theo" line naming the document, and its rows.

    A kind whose template makes the appendix optional leaves it out when ``rows`` is empty.
    """
    issuer = plan.data.issuers[doc.issuer]
    co = f" và {plan.data.issuers[doc.co_issuer].name}" if doc.co_issuer is not None else ""
    return {
        "appendix_heading": "Phụ lục",
        "appendix_title": keep_names(format_upper(title)),
        "appendix_ref": keep_names(
            f"(Kèm theo {kind_title} số {number_text(plan, doc, notation, prefix=False)} "
            f"{dv.reference_date(doc.date)} của {issuer.name}{co})"),
        "appendix_rows": rows,
    }


# --------------------------------------------------------------------------- line breaks
NBSP = "\u00a0"
# a dash between two words ("Viện Huyết học - Truyền máu", "HTX – Doanh nghiệp"): a line that
# wraps at the space before it would start with "- " and read as a new bullet
_SPACED_DASH = re.compile(r"(?<=\S) ([-–]) ")
# a date or a number kept with its word ("ngày 17/01/2022", "tháng 11", "số 07/KH-BCĐ"), and
# names that read badly broken: a title line must not end on "NGÀY" or "Ủy ban"
_KEEP_NUMBER = re.compile(r"\b(ngày|NGÀY|số|SỐ|Số|tháng|THÁNG|năm|NĂM) (?=\d)")
_KEEP_NAMES = ("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN", "Ban Chỉ đạo", "BAN CHỈ ĐẠO")


def keep_dash(text: str) -> str:
    """A non-breaking space before a dash inside a text, so no line starts with it.

    >>> keep_dash("Viện Huyết học - Truyền máu Trung ương") == "Viện Huyết học\u00a0- Truyền máu Trung ương"
    True
    >>> keep_dash("- Như trên;")
    '- Như trên;'
    """
    return _SPACED_DASH.sub(NBSP + r"\1 ", text)


def keep_dashes(blocks: list[dict[str, str]]) -> list[dict[str, str]]:
    """``keep_dash`` on every paragraph of a body (a leading bullet dash is left alone)."""
    for b in blocks:
        for key in ("text", "value"):
            if key in b:
                b[key] = keep_dash(b[key])
    return blocks


def keep_names(text: str) -> str:
    """A title or a name that breaks only where the next words can start a line: a date or a
    number with its word, "Ủy ban nhân dân", "Ban Chỉ đạo", and a dash with the word before it.

    >>> keep_names("NGÀY 17/01/2022 CỦA ỦY BAN NHÂN DÂN").split(" ")
    ['NGÀY\xa017/01/2022', 'CỦA', 'ỦY\xa0BAN\xa0NHÂN\xa0DÂN']
    """
    for name in _KEEP_NAMES:
        text = text.replace(name, name.replace(" ", NBSP))
    return keep_dash(_KEEP_NUMBER.sub(r"\1" + NBSP, text))


# --------------------------------------------------------------------------- body (ô 6)
# blocks whose text may hold *italic* parts (the seed's "(Có phụ biểu chi tiết kèm theo)")
SPAN_BLOCKS = ("para", "bullet", "request")


def spans(text: str) -> list[dict[str, Any]]:
    """A text as runs: what a plan writes between ``*`` is italic (as in Markdown); a lone
    ``*`` is kept as it is.

    >>> spans("như sau: *(Có Phụ lục kèm theo).*")
    [{'text': 'như sau: ', 'italic': False}, {'text': '(Có Phụ lục kèm theo).', 'italic': True}]
    >>> spans("5 * 3")
    [{'text': '5 * 3', 'italic': False}]
    """
    parts = text.split("*")
    if len(parts) % 2 == 0:  # an odd number of stars: not emphasis
        return [{"text": text, "italic": False}]
    return [{"text": p, "italic": i % 2 == 1} for i, p in enumerate(parts) if p]


def plain(text: str) -> str:
    return "".join(s["text"] for s in spans(text))


def body_and_closing(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """The context keys of a finished body: ``body`` (each text block with its ``spans``),
    and its last paragraph apart as ``closing_spans`` (the template keeps it with the
    signature). A block's ``text`` is its plain text, without the ``*`` marks."""
    for b in blocks:
        if b["kind"] in SPAN_BLOCKS:
            b["spans"] = spans(b["text"])
            b["text"] = plain(b["text"])
    closing = pop_closing(blocks)
    return {"body": blocks, "closing_spans": spans(closing)}


def pop_closing(blocks: list[dict[str, str]]) -> str:
    """Take the body's last paragraph out, for the template's "keep with signature" slot."""
    if blocks and blocks[-1]["kind"] in TEXT_BLOCKS:
        return blocks.pop()["text"]
    return ""


def end_mark(blocks: list[dict[str, str]]) -> list[dict[str, str]]:
    """ND30 closes the body with ``./.``; it is added here, after whatever comes last."""
    for b in reversed(blocks):
        if b["kind"] in TEXT_BLOCKS:
            text = b["text"].rstrip().removesuffix(END_MARK).rstrip(" .;") + END_MARK
            b["text"] = text
            if "value" in b:
                b["value"] = text[len(b["label"]):]
            break
    return blocks


def after_colon(text: str) -> str:
    """Running text after a colon: a weekday is "thứ Sáu" (ND30 Phụ lục II: only the day word
    takes a capital); "Thứ Sáu" stays at the start of a sentence or of a table cell.

    >>> after_colon("Thứ Sáu, 11/12/2020; Thứ Bảy, 12/12/2020")
    'thứ Sáu, 11/12/2020; thứ Bảy, 12/12/2020'
    """
    return re.sub(r"(^|; )Thứ ", r"\1thứ ", text)


def field(label: str, value: str) -> dict[str, str]:
    """``- Label: value.`` with the label and the value in separate runs."""
    value = after_colon(value.rstrip(".") + ".")
    return block("field", f"- {label}: {value}", label=f"- {label}: ", value=value)


def section_blocks(n: int, section, fill=lambda text: text, items_hook=None) -> list[dict]:
    """A mục ``I. TITLE`` with its paragraphs and khoản (``1.``, điểm ``a)``, ``-`` bullets).

    ``fill`` finishes each text (placeholders); ``items_hook(k, item)`` adds what a kind puts
    inside a khoản besides text (the Kế hoạch's list of drives).
    """
    out = [block("muc", f"{format_roman(n)}. {format_upper(fill(section.title))}")]
    out += [block("para", fill(p)) for p in section.paragraphs]
    for k, item in enumerate(section.items, 1):
        if item.title:
            out.append(block("khoan", f"{k}. {fill(item.title)}"))
        out += [block("para", fill(p)) for p in item.paragraphs]
        out += [block("bullet", f"- {fill(b)}") for b in item.bullets]
        for j, point in enumerate(item.points):
            out.append(block("diem", f"{POINT_LETTERS[j]}) {fill(point.title or '')}".rstrip()))
            out += [block("para", fill(p)) for p in point.paragraphs]
            out += [block("bullet", f"- {fill(b)}") for b in point.bullets]
        if items_hook is not None:
            out += items_hook(k, item)
    return out
