"""The workbook writer (``hmtn_docs._xlsx``): formulas with their cached values."""

from __future__ import annotations

import io

import openpyxl
import pytest

from hmtn_docs._xlsx import workbook
from hmtn_docs.documents._table import Column, Row, Table

COLUMNS = (Column("TT", 5), Column("Đơn vị", 30), Column("Chỉ tiêu", 10, True))


def book(rows, data_only):
    data = workbook("Công văn số 1/UBND-VX", [Table("Chỉ tiêu", "Bảng", "", COLUMNS, rows)])
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only).active


def test_a_total_without_subtotals_sums_every_item_and_keeps_its_value():
    rows = (Row("item", (1, "A", 1200)), Row("item", (2, "B", 35)),
            Row("total", (None, "Tổng cộng", 1235)))
    assert book(rows, False)["C8"].value == "=SUM(C6:C7)"
    assert book(rows, True)["C8"].value == 1235


def test_a_total_the_rows_do_not_add_up_to_is_a_bug_not_a_file():
    rows = (Row("item", (1, "A", 1200)), Row("total", (None, "Tổng cộng", 1000)))
    with pytest.raises(AssertionError, match="sums to 1200, not 1000"):
        book(rows, False)


def test_an_empty_number_cell_stays_empty_and_counts_as_zero():
    rows = (Row("item", (1, "A", 5)), Row("item", (2, "B", None)),
            Row("total", (None, "Tổng cộng", 5)))
    ws = book(rows, True)
    assert (ws["C7"].value, ws["C8"].value) == (None, 5)
