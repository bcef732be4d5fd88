"""Join documents rendered from one template into a single .docx, one after another.

Used for "all personalised letters in one file" so a clerk prints a single document. Each
letter keeps its own sections (and so its own page numbering from 1, with no number on its
first page); since every part comes from the same template, styles, numbering and header
relationships are shared and only the bodies need joining.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY = f"{{{W}}}body"
_SECT = f"{{{W}}}sectPr"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def combine_docx(parts: list[bytes]) -> bytes:
    """One .docx holding ``parts`` in order, each starting on a new page at page 1."""
    if not parts:
        raise ValueError("nothing to combine")
    trees = [etree.fromstring(_read(p, "word/document.xml")) for p in parts]
    bodies = [list(tree.find(_BODY)) for tree in trees]  # taken before the first is emptied
    base = trees[0]
    body = base.find(_BODY)
    for child in bodies[0]:
        body.remove(child)
    for i, (tree, children) in enumerate(zip(trees, bodies)):
        final = children[-1] if children and children[-1].tag == _SECT else None
        for child in children:
            if child is not final:
                body.append(child)
        if final is None:
            continue
        if i < len(trees) - 1:  # a section break carrying this part's last section
            p = etree.SubElement(body, _q("p"))
            ppr = etree.SubElement(p, _q("pPr"))
            ppr.append(copy.deepcopy(final))
        else:
            body.append(final)
    for sect in body.iter(_SECT):
        _restart_numbering(sect)
    xml = etree.tostring(base, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace(parts[0], "word/document.xml", xml)


def _restart_numbering(sect) -> None:
    num = sect.find(_q("pgNumType"))
    if num is None:
        num = etree.Element(_q("pgNumType"))
        # schema order: pgNumType comes after pgSz/pgMar/paperSrc/pgBorders/lnNumType
        anchor = None
        for tag in ("lnNumType", "pgBorders", "paperSrc", "pgMar", "pgSz"):
            anchor = sect.find(_q(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(num)
        else:
            sect.insert(0, num)
    num.set(_q("start"), "1")


def _read(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name)


def _replace(docx: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == name else zin.read(item.filename))
    return out.getvalue()
