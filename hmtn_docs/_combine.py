"""Join documents rendered from one template into a single .docx, one after another.

Used for "all personalised letters in one file" so a clerk prints a single document. Each
letter keeps its own sections (and so its own page numbering from 1, with no number on its
first page); since every part comes from the same template, styles, numbering and header
relationships are shared and only the bodies need joining.

The joined file is streamed: each letter is parsed, its body written into the zip entry
``word/document.xml`` and dropped before the next one arrives, so memory does not grow with
the number of letters (a plan of 1,000 units makes 1,000 letters, each with a 1,000-row
appendix). Only the first letter's other parts (styles, headers, relationships, ...) are kept.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any, BinaryIO

from lxml import etree

from .errors import UserError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY = f"{{{W}}}body"
_SECT = f"{{{W}}}sectPr"
DOCUMENT = "word/document.xml"
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False)
# Past this size a zip entry needs zip64 sizes, which a streamed entry must declare before its
# data, so word/document.xml would always carry them; Word is reported to reject zip64 headers
# on small files. A body this big (N letters of N units, N about 1,600; 1,000 make 840 MB)
# no word processor opens anyway.
BODY_LIMIT = zipfile.ZIP64_LIMIT


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def combine_docx(parts: list[bytes]) -> bytes:
    """One .docx holding ``parts`` in order, each starting on a new page at page 1."""
    out = io.BytesIO()
    with CombinedDocx(out) as combined:
        for part in parts:
            combined.add(part)
    return out.getvalue()


class CombinedDocx:
    """Write letters rendered from one template into one .docx on ``fh``, one at a time.

        with CombinedDocx(fh) as out:
            for data in letters:
                out.add(data)

    Each letter starts on a new page: its last section ends with a section-break paragraph,
    written only when the next letter arrives (the last letter's last section stays the
    body's own). Every section restarts its page numbers at 1. On a clean exit the zip is
    finished; after an error nothing more is written to ``fh`` and the caller discards it.
    """

    def __init__(self, fh: BinaryIO):
        self._sink = _Sink(fh)
        self._zip: zipfile.ZipFile | None = None
        self._document: Any = None  # the open word/document.xml entry
        self._after: list[tuple[zipfile.ZipInfo, bytes]] = []  # parts following document.xml
        self._head = self._tail = b""
        self._break = (b"", b"")  # the section-break paragraph around a letter's last sectPr
        self._pending: bytes | None = None  # the previous letter's last sectPr, not yet written
        # markers that cannot occur in a rendered letter: a processing instruction named by a
        # fresh random token (text and attribute values escape "<", so only a real PI could)
        self._marks = [f"hmtn-{m}-{uuid.uuid4().hex}" for m in ("start", "last", "end")]
        self._mark_bytes = [etree.tostring(etree.ProcessingInstruction(m)) for m in self._marks]
        self.count = 0
        self._size = 0  # bytes of word/document.xml written so far

    def __enter__(self) -> CombinedDocx:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self._abandon()

    def add(self, data: bytes) -> None:
        """Append one rendered .docx (the first one also gives every other part of the file)."""
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if self._zip is None:
                self._start(z)
            xml = z.read(DOCUMENT)
        head, children, last, tail = self._split(xml)
        if self.count == 0:
            self._head, self._tail = head, tail
            self._write(head, 1)
        elif head != self._head:
            raise ValueError("letters to combine come from different templates")
        if self._pending:  # the previous letter ends here: its last section becomes a break
            self._write(self._break[0] + self._pending + self._break[1], self.count)
        self._write(children, self.count + 1)
        self._pending = last
        self.count += 1

    def close(self) -> None:
        """Write the last letter's final section, the end of the body and the remaining parts."""
        if self._zip is None:
            raise ValueError("nothing to combine")
        try:
            self._write(self._pending + self._tail, self.count)  # type: ignore[operator]  # a letter was added: close() checked
            self._document.close()
            for info, data in self._after:
                self._zip.writestr(info, data)
            self._after = []
            self._zip.close()
        except BaseException:
            self._abandon()
            raise

    def _start(self, first: zipfile.ZipFile) -> None:
        # level 1 for the body: about 3x faster than zlib's default, as in _docx.render
        self._zip = zipfile.ZipFile(self._sink, "w", zipfile.ZIP_DEFLATED, compresslevel=1)  # type: ignore[call-overload]  # _Sink: write/tell/flush
        infos = first.infolist()
        names = [i.filename for i in infos]
        if DOCUMENT not in names:
            raise ValueError(f"not a .docx: no {DOCUMENT}")
        at = names.index(DOCUMENT)
        for info in infos[:at]:
            self._zip.writestr(info, first.read(info))
        self._after = [(info, first.read(info)) for info in infos[at + 1:]]
        self._document = self._zip.open(DOCUMENT, "w")

    def _write(self, data: bytes, letter: int) -> None:
        """Append to word/document.xml ``data`` of the ``letter``-th letter (from 1)."""
        self._size += len(data)
        if self._size > BODY_LIMIT:
            raise UserError(f"tệp gộp các bản công văn vượt quá 2 GB từ bản thứ {letter}, "
                            "Word không mở được tệp lớn như vậy; hãy bỏ --combined và in "
                            "từng tệp")
        self._document.write(data)

    def _split(self, xml: bytes) -> tuple[bytes, bytes, bytes, bytes]:
        """A letter's document.xml as: what precedes the body's content (XML declaration, root
        and body start tags), the body's content but its last sectPr, that sectPr (empty if the
        body has none), and the closing tags. Every sectPr restarts numbering at 1."""
        root = etree.fromstring(xml, _PARSER)
        body = root.find(_BODY)
        if body is None:
            raise ValueError(f"not a .docx: {DOCUMENT} has no body")
        for sect in body.iter(_SECT):
            restart_numbering(sect)
        if self.count == 0:
            w = f"{body.prefix}:" if body.prefix else ""
            self._break = (f"<{w}p><{w}pPr>".encode(), f"</{w}pPr></{w}p>".encode())
        start, last, end = (etree.ProcessingInstruction(m) for m in self._marks)
        final = body[-1] if len(body) and body[-1].tag == _SECT else None
        body.insert(0, start)
        if final is not None:
            final.addprevious(last)
        else:
            body.append(last)
        body.append(end)
        text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        at = [text.find(m) for m in self._mark_bytes]
        if -1 in at or at != sorted(at):
            raise ValueError("combined letters: lost a marker in the serialised body")
        (a, b, c), (na, nb, nc) = at, (len(m) for m in self._mark_bytes)
        return text[:a], text[a + na:b], text[b + nb:c], text[c + nc:]

    def _abandon(self) -> None:
        """Stop writing to ``fh``: the zip is left unfinished for the caller to discard."""
        self._sink.detach()
        try:
            if self._document is not None:
                self._document.close()
            if self._zip is not None:
                self._zip.close()
        except Exception:  # noqa: BLE001 -- writes go nowhere now; only the original error matters
            pass
        self._after = []


class _Sink:
    """The caller's file as zipfile sees it, until :meth:`detach`: then writes go nowhere, so
    closing an unfinished zip after an error never touches (a possibly closed) ``fh``."""

    def __init__(self, fh: BinaryIO):
        self._fh: BinaryIO | None = fh

    def detach(self) -> None:
        self._fh = None

    def write(self, data) -> int:
        return self._fh.write(data) if self._fh is not None else len(data)

    def tell(self) -> int:
        return self._fh.tell() if self._fh is not None else 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence) if self._fh is not None else 0

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()


def restart_numbering(sect) -> None:
    """Make the section ``sect`` (a w:sectPr) number its pages from 1."""
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
