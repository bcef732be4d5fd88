"""A quota table as a kind declares it for the spreadsheet copy of a document (``Kind.tables``).

The kind gives the real values: numbers as ``int``, text as ``str``. In subtotal and total rows
it gives the sums it printed in the DOCX; the workbook writer (``hmtn_docs/_xlsx.py``) writes a
SUM formula there instead and checks that the formula's range adds up to that very number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Cell = str | int | None
RowKind = Literal["group", "item", "subtotal", "total"]


@dataclass(frozen=True)
class Column:
    header: str  # Vietnamese, as in the DOCX table
    width: float  # in characters, as spreadsheets count column width
    number: bool = False  # holds numbers; summed by subtotal and total rows


@dataclass(frozen=True)
class Row:
    # "group": a heading (its items follow); "item": one line; "subtotal": sums the items since
    # the last heading; "total": sums the subtotals, or every item when there are none
    kind: RowKind
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    sheet: str  # the sheet's name (at most 31 characters, none of []:*?/\)
    title: str  # the table's own title, e.g. the appendix title
    note: str  # a line under it, e.g. "(Kèm theo Kế hoạch số ... của ...)"; may be ""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def __post_init__(self):
        assert len(self.sheet) <= 31 and not set(self.sheet) & set("[]:*?/\\"), self.sheet
        assert all(len(r.cells) == len(self.columns) for r in self.rows), self.sheet
