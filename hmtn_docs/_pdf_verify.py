"""Is a PDF LibreOffice wrote whole, with a page? A full disk gives it a truncated file, exit 0.

Most PDFs pass a look at their structure, without a parser: the header, ``%%EOF`` at the end,
``startxref`` pointing at a cross-reference table that lies inside the file, and a page object.
That is what LibreOffice writes (classic tables, uncompressed page objects) and what a truncated
file cannot have. Anything else (a cross-reference stream, pages in object streams, damage) is
parsed with pypdf, strictly, which decides. Importing pypdf alone costs about 0.06 s, as much as
converting a letter, so the parser is loaded only for such a file.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .errors import OutputError, display_path

__all__ = ["looks_whole", "verify"]

_XREF = re.compile(rb"xref\s+0\s+(\d+)\s")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_ENTRY = 20  # bytes of a cross-reference entry, "0000000015 00000 n\r\n"


def looks_whole(data: bytes) -> bool:
    """Whether ``data`` has the structure of a whole PDF with a page (no parser involved).

    >>> looks_whole(b"%PDF-1.6\\n1 0 obj<</Type/Page>>endobj\\nxref\\n0 1\\n" + b"0" * 20 +
    ...             b"\\ntrailer<<>>\\nstartxref\\n37\\n%%EOF\\n")
    True
    >>> looks_whole(b"%PDF-1.6\\n1 0 obj<</Type/Pages>>endobj")  # cut off, no page
    False
    """
    if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
        return False
    at = data.rfind(b"startxref")
    try:
        offset = int(data[at + len(b"startxref"):].split(None, 1)[0])
    except (ValueError, IndexError):
        return False
    table = _XREF.match(data, offset) if 0 < offset < at else None
    if table is None or table.end() + int(table[1]) * _ENTRY > at:
        return False
    return _PAGE.search(data) is not None


def verify(pdf: Path, source: Path) -> None:
    """``OutputError`` unless ``pdf`` (made from ``source``) is whole and has a page."""
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise _damaged(source, exc) from exc
    if looks_whole(data):
        return
    # Strict parsing: LibreOffice writes exact cross-reference tables, and a lenient parse
    # would log its repairs to the user's terminal.
    from io import BytesIO

    from pypdf import PdfReader

    try:
        pages = len(PdfReader(BytesIO(data), strict=True).pages)
    except Exception as exc:  # noqa: BLE001 - whatever a parser meeting damage raises
        raise _damaged(source, exc) from exc
    if pages == 0:
        raise OutputError(f"PDF của {display_path(source)} hỏng (không có trang nào); "
                          "chưa thay PDF nào")


def _damaged(source: Path, exc: Exception) -> OutputError:
    return OutputError(f"PDF của {display_path(source)} hỏng (không đọc được: {exc}; "
                       f"thư mục tạm {tempfile.gettempdir()} còn chỗ trống không?); "
                       "chưa thay PDF nào")
