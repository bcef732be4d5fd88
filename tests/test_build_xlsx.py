"""The .xlsx copies of the quota tables that ``hmtn build`` writes next to the DOCX.

Read back with openpyxl twice: as written (formulas) and as a reader that does not recalculate
sees it (``data_only=True``: the cached values). Totals are checked against the plan, and each
formula is evaluated here from the cells it names.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from hmtn_docs import derive as dv
from hmtn_docs import load_plan
from hmtn_docs.build import build_plans
from hmtn_docs.site.catalogue import find_documents

ROOT = Path(__file__).resolve().parent.parent
HUNG_YEN = ROOT / "plans" / "2021-hung-yen"
HAI_PHONG = ROOT / "plans" / "2022-hai-phong"
HEADER = 5  # the header row; data from row 6


@pytest.fixture(scope="module")
def plans():
    return {p.id: p for p in (load_plan(HUNG_YEN), load_plan(HAI_PHONG))}


@pytest.fixture(scope="module")
def out(plans, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("build")
    build_plans(list(plans.values()), root)
    return root


def sheets(path: Path):
    """(formulas, cached values) of the workbook's only sheet."""
    data = path.read_bytes()
    books = [openpyxl.load_workbook(io.BytesIO(data), data_only=d) for d in (False, True)]
    assert [b.sheetnames for b in books] == [books[0].sheetnames] * 2
    assert len(books[0].sheetnames) == 1
    return books[0].active, books[1].active


def evaluate(ws, ref: str) -> int:
    """A number cell's value: itself, or its =SUM(...) computed from the cells it names."""
    value = ws[ref].value
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"=SUM\((.*)\)", value)
    assert m, value
    total = 0
    for part in m[1].split(","):
        first, _, last = part.partition(":")
        col = re.match(r"[A-Z]+", first)[0]
        rows = range(int(first[len(col):]), int((last or first)[len(col):]) + 1)
        total += sum(evaluate(ws, f"{col}{r}") for r in rows)
    return total


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=HEADER + 1, values_only=True))


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_hai_phong_letter_quota_column_holds_numbers_summing_to_the_drive_total(plans, out):
    plan = plans["2022-hai-phong"]
    letter = next(x for x in plan.data.letters if plan.drive(x.drive).allocations)
    drive = plan.drive(letter.drive)
    ws, cached = sheets(out / plan.id / f"{plan.id}-{letter.id}.xlsx")
    assert [c.value for c in ws[HEADER]] == ["Số TT", "Đơn vị", "Chỉ tiêu hiến máu (đơn vị máu)",
                                            "Thời gian tham gia hiến máu"]
    *items, total = rows(ws)
    assert [r[1] for r in items] == [plan.unit_name(a.unit) for a in drive.allocations]
    assert [r[2] for r in items] == [a.quota for a in drive.allocations]
    assert all(type(r[2]) is int for r in items)
    assert total[1] == "Tổng cộng"
    total_ref = f"C{HEADER + len(items) + 1}"
    assert ws[total_ref].value == f"=SUM(C{HEADER + 1}:C{HEADER + len(items)})"
    assert evaluate(ws, total_ref) == drive.total == sum(r[2] for r in items)
    assert cached[total_ref].value == drive.total  # seen without recalculation


def test_hung_yen_appendix_has_one_row_per_organiser_and_the_subtotals(plans, out):
    plan = plans["2021-hung-yen"]
    groups = dv.quota_appendix(plan)
    ws, cached = sheets(out / plan.id / f"{plan.id}-ke-hoach.xlsx")
    expected = []
    for g in groups:
        expected.append(("group", g.title))
        # the bundled plan's quotas are exact: the sheet holds numbers that add up
        expected += [("item", o.name, _number(o.quota_text), len(o.days)) for o in g.organisers]
        expected.append(("subtotal", _number(g.quota_text), g.days))
    expected.append(("total", sum(_number(g.quota_text) for g in groups),
                     sum(g.days for g in groups)))
    got = []
    for r, row in enumerate(rows(ws), HEADER + 1):
        if isinstance(row[0], str):
            got.append(("group", row[1]))
        elif isinstance(row[0], int):
            got.append(("item", row[1], row[2], row[4]))
        else:
            kind = "total" if row[1].startswith("Tổng cộng") else "subtotal"
            got.append((kind, evaluate(ws, f"C{r}"), evaluate(ws, f"E{r}")))
            assert (cached[f"C{r}"].value, cached[f"E{r}"].value) == got[-1][1:]
    assert got == expected
    assert [row[1] for row in rows(ws) if row[1].startswith("Cộng mục")] == [
        "Cộng mục I", "Cộng mục II", "Cộng mục III"]


def test_sheet_names_the_document_freezes_its_header_and_sizes_its_columns(plans, out):
    ws, _ = sheets(out / "2021-hung-yen" / "2021-hung-yen-ke-hoach.xlsx")
    assert ws.title == "Phụ lục"
    assert ws["A1"].value.startswith("Kế hoạch số 10/KH-UBND: ")
    assert ws["A2"].value == plans["2021-hung-yen"].data.ke_hoach.appendix_title
    assert ws["A3"].value.startswith("(Kèm theo Kế hoạch số 10/KH-UBND ngày ")
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$5:$5"
    assert [ws.column_dimensions[c].width for c in "ABCDE"] == [6, 45, 14, 36, 9]
    assert ws["C7"].number_format == "#,##0"


def test_only_documents_with_quota_tables_get_a_spreadsheet(plans, out):
    hp = plans["2022-hai-phong"]
    assert sorted(p.name for p in (out / hp.id).rglob("*.xlsx")) == sorted(
        f"{hp.id}-{x.id}.xlsx" for x in hp.data.letters
        if hp.drive(x.drive) is not None and hp.drive(x.drive).allocations)
    assert [p.name for p in (out / "2021-hung-yen").rglob("*.xlsx")] == [
        "2021-hung-yen-ke-hoach.xlsx"]


def test_spreadsheets_are_in_the_manifest_and_on_the_site_list(plans, out):
    manifest = json.loads((out / "2021-hung-yen" / ".hmtn-manifest.json").read_text())
    (record,) = [f for f in manifest["files"] if f["format"] == "xlsx"]
    assert record["path"] == "2021-hung-yen-ke-hoach.xlsx"
    assert record["kind"] == "ke-hoach"
    assert record["title"].startswith("Kế hoạch số 10/KH-UBND")
    docs, warnings = find_documents(out, plans["2021-hung-yen"])
    assert warnings == []
    assert [d.rel for d in docs][:2] == ["2021-hung-yen-ke-hoach.docx",
                                         "2021-hung-yen-ke-hoach.xlsx"]
    assert docs[1].kind == "XLSX"


def test_the_same_plan_gives_the_same_spreadsheet_bytes(plans, out, tmp_path):
    build_plans([plans["2021-hung-yen"]], tmp_path)
    name = "2021-hung-yen/2021-hung-yen-ke-hoach.xlsx"
    assert (tmp_path / name).read_bytes() == (out / name).read_bytes()
