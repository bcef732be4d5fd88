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
from ..vi import format_doc_number, format_roman, format_upper

END_MARK = "./."
# body blocks that hold running text (the end mark and the closing slot take one of these)
TEXT_BLOCKS = ("para", "bullet", "field", "request")


def block(kind: str, text: str, **extra: str) -> dict[str, str]:
    """One paragraph of a body; the template picks its style by ``kind``."""
    return {"kind": kind, "text": text, **extra}


def cited(kind_title: str, number: int | None, notation: str) -> str:
    """``Kế hoạch số 10/KH-UBND``; just the kind while the number is not registered yet."""
    return f"{kind_title} số {format_doc_number(number, notation, '')}" if number else kind_title


# --------------------------------------------------------------------------- ô 1-4, 5
def header(plan: Plan, doc, notation: str) -> dict[str, Any]:
    """Issuing body (and its parent), Số/ký hiệu, place and date."""
    issuer = plan.data.issuers[doc.issuer]
    parent, name = dv.header_lines(issuer)
    return {
        "parent_lines": parent,
        "issuer_lines": name,
        "number_line": format_doc_number(doc.number, notation),
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
    return {
        "recipients": dv.recipients_lines(doc.recipients, doc.archive),
        "sign_lines": dv.signature_lines(signer, issuer),
        "signer_name": signer.name,
    }


# --------------------------------------------------------------------------- appendix
def appendix(plan: Plan, doc, kind_title: str, notation: str, title: str,
             rows: list[dict[str, str]]) -> dict[str, Any]:
    """The Phụ lục heading, its title, the "Kèm theo" line naming the document, and its rows.

    A kind whose template makes the appendix optional leaves it out when ``rows`` is empty.
    """
    issuer = plan.data.issuers[doc.issuer]
    return {
        "appendix_heading": "Phụ lục",
        "appendix_title": format_upper(title),
        "appendix_ref": (f"(Kèm theo {kind_title} số {format_doc_number(doc.number, notation, '')} "
                         f"{dv.reference_date(doc.date)} của {issuer.name})"),
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
