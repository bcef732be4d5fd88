"""The spreadsheet copy of a document's quota tables (``.xlsx``, written with openpyxl).

One sheet per table: the document's title (with its number) on row 1, the table's title and note
under it, the Vietnamese column headers on row 5 (frozen, repeated on each printed page), then
the rows. Numbers are real numbers (``#,##0``: Excel and LibreOffice show ``1.200`` in a
Vietnamese locale); subtotals and totals are ``SUM`` formulas.

openpyxl writes a formula without its value and cannot compute one, so a reader that does not
recalculate (a viewer, pandas, openpyxl with ``data_only=True``) would see an empty total. So the
writer computes each sum itself, checks it against the number the kind printed in the DOCX, and
puts it in the file as the formula's cached value; the workbook also asks spreadsheet programs to
recalculate on opening (``fullCalcOnLoad``), so an edited cell updates the totals.

The file is the same bytes for the same tables: fixed timestamps in the zip and the properties.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from .documents._table import Table

HEADER_ROW = 5
FONT = "Times New Roman"
_STAMP = "2000-01-01T00:00:00Z"  # document properties: a build's date would change the bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workbook(title: str, tables: Sequence[Table]) -> bytes:
    """The .xlsx bytes of ``tables`` (one sheet each) under the document title ``title``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "hmtn-docs"
    wb.properties.title = title
    cached: list[dict[str, int]] = []  # per sheet: cell -> the value of its formula
    for table in tables:
        cached.append(_sheet(wb.create_sheet(table.sheet), title, table))
    raw = io.BytesIO()
    wb.save(raw)
    return _finish(raw.getvalue(), cached)


def _plain(text: str) -> str:
    """Document text without its non-breaking spaces: they keep a date or a name on one printed
    line in the DOCX, but in a cell they only make searching and filtering miss."""
    return text.replace("\xa0", " ")


def _sheet(ws, title: str, table: Table) -> dict[str, int]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = _plain(title)
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    ws["A2"] = _plain(table.title)
    ws["A2"].font = Font(name=FONT, size=12, bold=True)
    if table.note:
        ws["A3"] = _plain(table.note)
        ws["A3"].font = Font(name=FONT, size=12, italic=True)
    for j, col in enumerate(table.columns, 1):
        cell = ws.cell(HEADER_ROW, j, col.header)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.border = box
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.row_dimensions[HEADER_ROW].height = 15.75 * max(
        _lines(c.header, c.width) for c in table.columns)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1).coordinate
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    if sum(c.width for c in table.columns) > 100:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    values: dict[tuple[int, int], int] = {}  # (row, column) -> number, of items and subtotals
    items: list[int] = []  # rows of every item
    since_group: list[int] = []  # rows of the items since the last heading
    subtotals: list[int] = []
    cached: dict[str, int] = {}
    r = HEADER_ROW
    for row in table.rows:
        r += 1
        strong = row.kind != "item"
        height = 1
        for j, (col, value) in enumerate(zip(table.columns, row.cells), 1):
            cell = ws.cell(r, j)
            if row.kind in ("subtotal", "total") and col.number and isinstance(value, int):
                summed = since_group if row.kind == "subtotal" else (subtotals or items)
                total = sum(values.get((s, j), 0) for s in summed)  # an empty cell counts 0
                assert total == value, f"{table.sheet}: {row.cells} sums to {total}, not {value}"
                cell.value = _sum_formula(get_column_letter(j), summed)
                cached[cell.coordinate] = total
                values[(r, j)] = total
            else:
                cell.value = _plain(value) if isinstance(value, str) else value
                if isinstance(value, int) and not isinstance(value, bool):
                    values[(r, j)] = value
                if isinstance(value, str):
                    height = max(height, _lines(value, col.width))
            cell.font = Font(name=FONT, size=12, bold=strong)
            cell.border = box
            cell.alignment = Alignment(
                horizontal="right" if col.number else ("center" if j == 1 else "left"),
                vertical="center", wrap_text=True)
            if col.number:
                cell.number_format = "#,##0"
        ws.row_dimensions[r].height = 15.75 * height
        if row.kind == "group":
            since_group = []
        elif row.kind == "item":
            items.append(r)
            since_group.append(r)
        elif row.kind == "subtotal":
            subtotals.append(r)
    return cached


def _lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a column ``width`` characters wide (row heights are
    not computed by the programs that open the file)."""
    return sum(max(1, -(-len(line) // max(1, int(width) - 1))) for line in text.split("\n"))


def _sum_formula(column: str, rows: list[int]) -> str:
    """``=SUM(C6:C9,C12)``: the rows, consecutive ones as ranges.

    >>> _sum_formula("C", [6, 7, 8, 9, 12]), _sum_formula("D", [])
    ('=SUM(C6:C9,C12)', '=0')
    """
    if not rows:
        return "=0"
    runs: list[list[int]] = []
    for n in rows:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{column}{run[0]}" + (f":{column}{run[-1]}" if len(run) > 1 else "")
             for run in runs]
    return f"=SUM({','.join(parts)})"


def _finish(data: bytes, cached: list[dict[str, int]]) -> bytes:
    """Put each formula's value into the file as its cached value; fix the timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            sheet = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if sheet:
                body = _fill_cached(body.decode("utf-8"), cached[int(sheet[1]) - 1]).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*", rb"\g<1>"
                              + _STAMP.encode(), body)
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), body,
                         zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fill_cached(xml: str, values: dict[str, int]) -> str:
    filled = set()

    def put(m: re.Match) -> str:
        ref = m["ref"]
        if ref not in values:
            return m[0]
        filled.add(ref)
        return f"{m['head']}<v>{values[ref]}</v></c>"

    xml = re.sub(r'(?P<head><c r="(?P<ref>[A-Z]+\d+)"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>|)</c>',
                 put, xml)
    assert filled == set(values), f"formulas without a cached value: {set(values) - filled}"
    return xml
