"""Units and allocations kept in a spreadsheet (``.xlsx`` or ``.csv``) that a plan includes.

Committees exchange unit lists and quota tables in Excel. A plan may ``include:`` such a file;
each sheet is read as the YAML it stands for, and every value keeps the cell it came from, so
that a problem prints as ``units.xlsx:Đơn vị!C12: units.so-y-te.name: ...`` in the same list as
the YAML problems.

What a sheet holds is said by its name (a CSV file: by the file's name): one with "units" or
"đơn vị" in it lists units, one with "allocations", "phân bổ" or "chỉ tiêu" lists allocations.
The first row names the columns (``COLUMNS``; Vietnamese names accepted too), in any order.

What spreadsheets do to values is undone here or reported, never guessed silently: text is
trimmed; a number stored as text, or written ``1.200`` (Vietnamese thousands), is a number; a
whole number stored as 1200.0 is 1200; a merged cell gives its value to every cell it covers;
a formula gives the value the spreadsheet program last computed (a file written by a program that
does not compute formulas has none, which is reported); a hidden row is not read, and said so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._yaml import INVALID, MAX_BYTES, Mark, YamlDoc
from .errors import Problem, display_path
from .vi import format_number

SUFFIXES = (".xlsx", ".csv")
MAX_ROWS = 30_000  # the most units a plan may have (model.MAX_UNITS)
MAX_UNPACKED = 64 * 1024 * 1024

# the columns of each kind of sheet: key in the plan -> (required, names a header may use)
COLUMNS: dict[str, dict[str, tuple[bool, tuple[str, ...]]]] = {
    "units": {
        "id": (True, ("id", "mã", "mã đơn vị")),
        "name": (True, ("name", "tên", "tên đơn vị")),
        "short": (False, ("short", "tên ngắn")),
        "group": (False, ("group", "nhóm")),
        "old_names": (False, ("old_names", "tên cũ")),  # several separated by ';'
    },
    "allocations": {
        "drive": (True, ("drive", "đợt", "mã đợt")),
        "unit": (True, ("unit", "đơn vị", "mã đơn vị")),
        "quota": (True, ("quota", "chỉ tiêu")),
        "slot": (False, ("slot", "khung giờ", "thời gian")),
    },
}
_KIND_WORDS = {"units": ("units", "don vi"), "allocations": ("allocations", "phan bo", "chi tieu")}
_NUMBERS = ("quota",)
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")  # 1.200 and 12.345.678, as Vietnamese write them


def _fold(text: str) -> str:
    """Lower case without tone marks, '-' and '_' as spaces: 'Đơn vị' == 'don-vi'."""
    text = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", " ", text)


@dataclass
class Sheets:
    """What one spreadsheet file gives the plan."""

    units: YamlDoc  # ``{"units": {...}}`` with marks, merged like an included YAML file
    # rows of allocations: (drive id, {unit, quota, slot}, marks by key, mark of the row)
    allocations: list[tuple[str, dict[str, Any], dict[str, Mark], Mark]] = field(
        default_factory=list)


@dataclass
class _Cell:
    value: Any
    mark: Mark
    formula: str | None = None  # a formula whose value was never computed
    covered: bool = False  # inside a merge that starts in a column to its left


def load_sheets(path: Path) -> tuple[Sheets | None, list[Problem]]:
    """Read every sheet of ``path``; (None, problems) if the file itself cannot be read."""
    file = display_path(path)
    problems: list[Problem] = []
    if path.stat().st_size > MAX_BYTES:
        return None, [Problem(file, 1, 1, "", f"tệp quá lớn (tối đa {MAX_BYTES // 1024 // 1024} "
                                               "MB)")]
    try:
        tables = list(_xlsx_tables(path, file) if path.suffix.lower() == ".xlsx"
                      else _csv_tables(path, file))
    except _Unreadable as exc:
        return None, [Problem(file, 1, 1, "", str(exc))]
    out = Sheets(YamlDoc(file, {}))
    for name, rows, hidden in tables:
        kind = next((k for k, words in _KIND_WORDS.items()
                     if any(w in _fold(name) for w in words)), None)
        first = Mark(file, 1, 1, _cell_name(name, 1, 1, path))
        if kind is None:
            if rows:
                problems.append(Problem.at(first, "", (
                    f"không rõ trang '{name}' ghi gì: tên trang phải có chữ 'đơn vị' (units) hoặc "
                    "'phân bổ', 'chỉ tiêu' (allocations)")))
            continue
        for r in hidden:
            problems.append(Problem.at(Mark(file, r, 1, _cell_name(name, r, 1, path)), "",
                                       f"hàng {r} đang bị ẩn nên không được đọc; hãy hiện hàng "
                                       "hoặc xóa hẳn", "warning"))
        problems += _read_table(kind, rows, first, out)
    return out, problems


class _Unreadable(Exception):
    pass


def _cell_name(sheet: str | None, row: int, col: int, path: Path) -> str:
    from openpyxl.utils import get_column_letter

    ref = f"{get_column_letter(col)}{row}"
    if path.suffix.lower() == ".csv":
        return ref
    quoted = sheet if re.fullmatch(r"\w+", sheet or "") else "'" + (sheet or "").replace(
        "'", "''") + "'"
    return f"{quoted}!{ref}"


def _xlsx_tables(path: Path, file: str):
    """(sheet name, rows of cells, hidden row numbers) of each visible sheet."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(path) as z:  # a small file may unpack to gigabytes: look first
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise _Unreadable(f"tệp giải nén ra hơn {MAX_UNPACKED // 1024 // 1024} MB; một "
                                  "danh sách đơn vị không lớn như vậy")
        formulas = openpyxl.load_workbook(path, data_only=False)
        values = openpyxl.load_workbook(path, data_only=True)
    except _Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl finds wrong in the clerk's file
        raise _Unreadable(f"không đọc được tệp Excel này ({exc}); hãy lưu lại dạng .xlsx") from None
    for ws in formulas.worksheets:
        if ws.sheet_state != "visible":
            continue
        cached = values[ws.title]
        if ws.max_row > MAX_ROWS:
            raise _Unreadable(f"trang '{ws.title}' có {ws.max_row} hàng, tối đa {MAX_ROWS}")
        # a cell merged over rows (a drive or a time slot for several units) stands for each of
        # them; across columns, only its first column has the value
        merged: dict = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            top = cached.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                merged[(r, rng.min_col)] = (top, (rng.min_row, rng.min_col))
                covered.update((r, c) for c in range(rng.min_col + 1, rng.max_col + 1))
        hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden and r > 1]
        rows = []
        for r in range(1, ws.max_row + 1):
            if r in hidden:
                continue
            cells = []
            for c in range(1, ws.max_column + 1):
                mark = Mark(file, r, c, _cell_name(ws.title, r, c, path))
                if (r, c) in covered:
                    cells.append(_Cell(None, mark, covered=True))
                    continue
                if (r, c) in merged:
                    value, origin = merged[(r, c)]
                    f = ws.cell(*origin).value
                else:
                    value, f = cached.cell(r, c).value, ws.cell(r, c).value
                formula = f if isinstance(f, str) and f.startswith("=") and value is None else None
                cells.append(_Cell(value, mark, formula))
            rows.append(cells)
        yield ws.title, rows, hidden


def _csv_tables(path: Path, file: str):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _Unreadable("tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: 'CSV UTF-8')") \
            from None
    try:  # Excel writes ';' where ',' is the decimal mark, as in Vietnamese
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or nothing
        dialect = csv.excel
    rows = [[_Cell(v, Mark(file, r, c, _cell_name(None, r, c, path))) for c, v in enumerate(row, 1)]
            for r, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)]
    if len(rows) > MAX_ROWS:
        raise _Unreadable(f"tệp có {len(rows)} hàng, tối đa {MAX_ROWS}")
    yield path.stem, rows, []


def _read_table(kind: str, rows: list[list[_Cell]], first: Mark, out: Sheets) -> list[Problem]:
    problems: list[Problem] = []
    if not rows:
        return [Problem.at(first, "", "trang trống: hàng đầu phải là tên các cột")]
    columns = COLUMNS[kind]
    names = {_fold(n): key for key, (_, ns) in columns.items() for n in ns}
    header: dict[int, str] = {}
    for i, cell in enumerate(rows[0]):
        text = _text(cell.value)
        if cell.covered:
            problems.append(Problem.at(cell.mark, "", "ô này được gộp với ô bên trái; ở hàng "
                                                      "đầu mỗi cột cần một tên riêng"))
        if not text:
            continue
        key = names.get(_fold(text))
        if key is None:
            problems.append(Problem.at(cell.mark, "", (
                f"cột lạ '{text}'; trang {kind} có các cột: " + ", ".join(columns))))
        elif key in header.values():
            problems.append(Problem.at(cell.mark, "", f"cột '{text}' có hai lần"))
        else:
            header[i] = key
    missing = [k for k, (required, _) in columns.items() if required and k not in header.values()]
    for key in missing:
        problems.append(Problem.at(first, "", f"thiếu cột '{key}' ở hàng đầu (tên cột: "
                                              + " hoặc ".join(f"'{n}'" for n in columns[key][1])
                                              + ")"))
    if missing:
        return problems
    units = out.units.data.setdefault("units", {})
    for cells in rows[1:]:
        record: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        for i, key in header.items():
            if i >= len(cells):
                continue
            cell = cells[i]
            if cell.formula is not None:
                problems.append(Problem.at(cell.mark, "", (
                    f"ô có công thức {cell.formula} nhưng tệp không lưu giá trị đã tính của nó "
                    "(tệp được ghi bởi một chương trình không tính công thức); hãy mở tệp bằng "
                    "Excel hoặc LibreOffice rồi lưu lại")))
                record[key], marks[key] = INVALID, cell.mark  # reported here, not again as missing
                continue
            value = _value(cell.value, key)
            if value is None:
                continue
            if key in _NUMBERS and isinstance(value, float) and (value * 1000).is_integer():
                # "1.200" typed into a spreadsheet that reads '.' as the decimal point
                problems.append(Problem.at(cell.mark, "", (
                    f"{str(value).replace('.', ',')} không phải số nguyên: nếu ý là "
                    f"{format_number(round(value * 1000))} thì bảng tính đã đọc dấu chấm là "
                    f"dấu thập phân; hãy gõ {round(value * 1000)}, không có dấu chấm")))
                value = INVALID
            record[key], marks[key] = value, cell.mark
        if not record:
            continue  # an empty line
        row_mark = cells[0].mark
        if kind == "units":
            uid = record.pop("id", None)
            if uid is None:
                problems.append(Problem.at(row_mark, "", "hàng thiếu mã đơn vị (cột 'id')"))
                continue
            uid = str(uid)
            id_mark = marks.pop("id")
            if uid in units:
                problems.append(Problem.at(id_mark, f"units.{uid}", (
                    f"'{uid}' được khai báo hai lần (đã có ở "
                    f"{out.units.key_marks[('units', uid)].place})")))
                continue
            if isinstance(record.get("old_names"), str):
                record["old_names"] = [n.strip() for n in record["old_names"].split(";")
                                       if n.strip()]
            units[uid] = record
            out.units.key_marks[("units", uid)] = id_mark
            out.units.marks[("units", uid)] = id_mark
            for key, m in marks.items():
                out.units.marks[("units", uid, key)] = m
            for j in range(len(record.get("old_names", []))):
                out.units.marks[("units", uid, "old_names", j)] = marks["old_names"]
        else:
            drive = record.pop("drive", None)
            if drive is None:
                problems.append(Problem.at(row_mark, "", "hàng thiếu mã đợt (cột 'drive')"))
                continue
            out.allocations.append((str(drive), record, marks, marks.pop("drive")))
    if "units" in out.units.data:
        out.units.marks.setdefault(("units",), first)
        out.units.key_marks.setdefault(("units",), first)
    return problems


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _value(value: Any, key: str) -> Any:
    """The cell's value as the plan's YAML would hold it (None: empty)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if key in _NUMBERS:
            if value.isdigit():
                return int(value)
            if _THOUSANDS.fullmatch(value):
                return int(value.replace(".", ""))
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if key not in _NUMBERS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # an id or a name Excel took for a number: text, as typed
    if isinstance(value, dt.time) and key == "slot":
        return value  # reported by the model: a time slot is text like "7h30 - 11h30"
    return value
