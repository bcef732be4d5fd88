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
        "appendix_title": format_upper(title),
        "appendix_ref": (f"(Kèm theo {kind_title} số {number_text(plan, doc, notation, prefix=False)} "
                         f"{dv.reference_date(doc.date)} của {issuer.name}{co})"),
        "appendix_rows": rows,
    }


# --------------------------------------------------------------------------- body (ô 6)
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


def field(label: str, value: str) -> dict[str, str]:
    """``- Label: value.`` with the label and the value in separate runs."""
    value = value.rstrip(".") + "."
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
