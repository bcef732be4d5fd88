"""Units and allocations read from an included spreadsheet (``hmtn_docs._sheet``).

Each problem in a sheet prints as ``file:Sheet!C12: where: what``, in the same list as the YAML
problems; what spreadsheets do to values (numbers as text, ``1.200``, spaces, merged cells,
formulas, hidden rows) is undone or reported.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import yaml

from hmtn_docs.build import render_plan
from hmtn_docs.errors import PlanError
from hmtn_docs.load import load_plan

from conftest import MINIMAL

UNITS_HEADER = ["id", "name", "short", "group"]


def xlsx(sheets: dict[str, list[list]], *, merge: dict[str, list[str]] | None = None,
         hide: dict[str, list[int]] | None = None, cached: dict[str, str] | None = None) -> bytes:
    """A workbook with ``sheets`` (name -> rows); ``cached`` puts a value on formula cells as a
    spreadsheet program that computes formulas would ({"Sheet!C3": "300"})."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merge or {}).get(name, []):
            ws.merge_cells(rng)
        for r in (hide or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
    raw = io.BytesIO()
    wb.save(raw)
    data = raw.getvalue()
    for spot, value in (cached or {}).items():
        sheet, ref = spot.split("!")
        n = wb.sheetnames.index(sheet) + 1
        src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename == f"xl/worksheets/sheet{n}.xml":
                    body = re.sub(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>|(<c r="{ref}"[^>]*>'
                                  rf'<f>[^<]*</f>)<v></v>'.encode(),
                                  lambda m: (m[1] or m[2]) + f"<v>{value}</v>".encode(), body)
                dst.writestr(info, body)
        data = out.getvalue()
    return data


def minimal_units() -> dict:
    return yaml.safe_load((MINIMAL / "plan.yaml").read_text(encoding="utf-8"))["units"]


def without_units(text: str, include: str) -> str:
    start, end = text.index("\nunits:\n"), text.index("\nprogrammes:")
    return text[:start] + f"\ninclude: [{include}]\n" + text[end:]


def units_rows() -> list[list]:
    return [UNITS_HEADER] + [[k, u["name"], u.get("short"), u.get("group")]
                             for k, u in minimal_units().items()]


def problems(write_plan, text: str, files: dict) -> list[str]:
    try:
        plan = load_plan(write_plan(text, files))
    except PlanError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in plan.warnings]


def test_units_from_a_sheet_build_the_same_docx_as_from_yaml(write_plan, minimal_text):
    folder = write_plan(without_units(minimal_text, "units.xlsx"),
                        {"units.xlsx": xlsx({"Đơn vị": units_rows()})})
    from_sheet = render_plan(load_plan(folder))
    from_yaml = render_plan(load_plan(MINIMAL))
    assert [d.data for d in from_sheet] == [d.data for d in from_yaml]


def test_units_from_a_csv_file(write_plan, minimal_text):
    text = "\n".join(";".join(str(v or "") for v in row) for row in units_rows())
    plan = load_plan(write_plan(without_units(minimal_text, "don-vi.csv"), {"don-vi.csv": text}))
    assert {k: (u.name, u.group) for k, u in plan.data.units.items()} == {
        k: (u["name"], u.get("group")) for k, u in minimal_units().items()}


ALLOC_HEADER = ["drive", "unit", "quota", "slot"]
SO_Y_TE = "2021-07-14-so-y-te"


def with_allocations(text: str) -> str:
    assert text.count("    quota: 250\n") == 1
    return text.replace("    quota: 250\n", "").replace(
        "\nunits:\n", "\ninclude: [chi-tieu.xlsx]\n\nunits:\n", 1)


def allocation_problems(write_plan, minimal_text, rows, **kw) -> list[str]:
    return problems(write_plan, with_allocations(minimal_text),
                    {"chi-tieu.xlsx": xlsx({"Phân bổ": rows}, **kw)})


def test_allocations_from_a_sheet_with_spreadsheet_habits(write_plan, minimal_text):
    rows = [["Đợt", "Đơn vị ", "Chỉ tiêu", "Khung giờ"],
            [SO_Y_TE, "so-y-te  ", "1.200", "7h30 - 9h00"],
            [None, "bcd-tinh", 35.0, None],  # the drive and the slot merged from the row above
            [SO_Y_TE, "vien-hhtm", "=20+5", "9h00 - 11h00"],
            [SO_Y_TE, "bcd-an-thi", 99, "9h00 - 11h00"]]  # hidden: not read
    folder = write_plan(with_allocations(minimal_text), {"chi-tieu.xlsx": xlsx(
        {"Phân bổ": rows}, merge={"Phân bổ": ["A2:A3", "D2:D3"]}, hide={"Phân bổ": [5]},
        cached={"Phân bổ!C4": "25"})})
    plan = load_plan(folder)
    drive = plan.drive(SO_Y_TE)
    assert [(a.unit, a.quota, a.slot.start.hour) for a in drive.allocations] == [
        ("so-y-te", 1200, 7), ("bcd-tinh", 35, 7), ("vien-hhtm", 25, 9)]
    assert [str(p) for p in plan.warnings] == [
        "plan/chi-tieu.xlsx:'Phân bổ'!A5: cảnh báo: hàng 5 đang bị ẩn nên không được đọc; hãy "
        "hiện hàng hoặc xóa hẳn"]


def test_text_in_a_number_column_is_reported_at_its_cell(write_plan, minimal_text):
    rows = [ALLOC_HEADER, [SO_Y_TE, "so-y-te", 200], [SO_Y_TE, "vien-hhtm", "năm mươi"]]
    assert allocation_problems(write_plan, minimal_text, rows) == [
        "plan/chi-tieu.xlsx:'Phân bổ'!C3: drives[1].allocations[1].quota: phải là số nguyên, "
        "không phải 'năm mươi'"]


def test_a_missing_column_is_reported_at_the_sheet_top(write_plan, minimal_text):
    rows = [["id", "short", "group"], ["so-y-te", "Sở Y tế", "so-nganh"]]
    text = minimal_text.replace("\nunits:\n", "\ninclude: [them.xlsx]\n\nunits:\n", 1)
    assert problems(write_plan, text, {"them.xlsx": xlsx({"Đơn vị": rows})}) == [
        "plan/them.xlsx:'Đơn vị'!A1: thiếu cột 'name' ở hàng đầu (tên cột: 'name' hoặc 'tên' "
        "hoặc 'tên đơn vị')"]


def test_an_unknown_unit_is_reported_at_its_cell(write_plan, minimal_text):
    rows = [ALLOC_HEADER, [SO_Y_TE, "so-y-te", 200], [SO_Y_TE, "vien-hhtn", 50]]
    assert allocation_problems(write_plan, minimal_text, rows) == [
        "plan/chi-tieu.xlsx:'Phân bổ'!B3: drives[1].allocations[1].unit: đơn vị 'vien-hhtn' "
        "không có trong danh sách units (có phải ý bạn là 'vien-hhtm'?)"]


def test_sheet_and_yaml_problems_come_in_one_list(write_plan, minimal_text):
    rows = [ALLOC_HEADER, [SO_Y_TE, "so-y-te", "nhiều"], ["2021-07-41-so-y-te", "so-y-te", 5]]
    text = with_allocations(minimal_text).replace("    time: \"7h30 - 11h30\"\n",
                                                  "    time: \"7h30 - 11h70\"\n")
    got = problems(write_plan, text, {"chi-tieu.xlsx": xlsx({"Phân bổ": rows})})
    # in reading order: by file, then row
    assert [p.split(": ", 1)[0] for p in got] == [
        "plan/chi-tieu.xlsx:'Phân bổ'!C2", "plan/chi-tieu.xlsx:'Phân bổ'!A3", got[2].split(": ")[0]]
    assert got[1].endswith("không có đợt hiến máu '2021-07-41-so-y-te' trong danh sách drives "
                           "(có phải ý bạn là '2021-07-14-so-y-te'?)")
    assert got[2].startswith("plan/plan.yaml:")


def test_a_formula_without_a_computed_value_is_reported(write_plan, minimal_text):
    rows = [ALLOC_HEADER, [SO_Y_TE, "so-y-te", "=100+100"]]
    assert allocation_problems(write_plan, minimal_text, rows) == [
        "plan/chi-tieu.xlsx:'Phân bổ'!C2: ô có công thức =100+100 nhưng tệp không lưu giá trị đã "
        "tính của nó (tệp được ghi bởi một chương trình không tính công thức); hãy mở tệp bằng "
        "Excel hoặc LibreOffice rồi lưu lại"]


def test_a_unit_listed_in_a_sheet_and_in_yaml_is_reported_at_the_cell(write_plan, minimal_text):
    rows = [UNITS_HEADER, ["so-y-te", "Sở Y tế"]]
    text = minimal_text.replace("\nunits:\n", "\ninclude: [them.xlsx]\n\nunits:\n", 1)
    line = text.splitlines().index("  so-y-te:") + 1
    assert problems(write_plan, text, {"them.xlsx": xlsx({"Đơn vị": rows})}) == [
        f"plan/them.xlsx:'Đơn vị'!A2: units.so-y-te: 'so-y-te' được khai báo hai lần (đã có ở "
        f"plan/plan.yaml:{line})"]


def test_an_unknown_column_and_an_unnamed_sheet_are_reported(write_plan, minimal_text):
    text = minimal_text.replace("\nunits:\n", "\ninclude: [them.xlsx]\n\nunits:\n", 1)
    got = problems(write_plan, text, {"them.xlsx": xlsx({
        "Đơn vị": [UNITS_HEADER + ["ghi chú"], ["so-y-te-2", "Sở Y tế 2"]],
        "Sheet1": [["a"]]})})
    assert got == [
        "plan/them.xlsx:Sheet1!A1: không rõ trang 'Sheet1' ghi gì: tên trang phải có chữ 'đơn "
        "vị' (units) hoặc 'phân bổ', 'chỉ tiêu' (allocations)",
        "plan/them.xlsx:'Đơn vị'!E1: cột lạ 'ghi chú'; trang units có các cột: id, name, short, "
        "group, old_names"]


def test_1_200_read_as_a_decimal_by_the_spreadsheet_is_explained(write_plan, minimal_text):
    rows = [ALLOC_HEADER, [SO_Y_TE, "so-y-te", 1.2]]
    assert allocation_problems(write_plan, minimal_text, rows) == [
        "plan/chi-tieu.xlsx:'Phân bổ'!C2: 1,2 không phải số nguyên: nếu ý là 1.200 thì bảng tính "
        "đã đọc dấu chấm là dấu thập phân; hãy gõ 1200, không có dấu chấm"]


def test_a_header_merged_over_two_columns_is_reported(write_plan, minimal_text):
    rows = [["drive", "unit", None, "quota"], [SO_Y_TE, "so-y-te", None, 250]]
    assert allocation_problems(write_plan, minimal_text, rows, merge={"Phân bổ": ["B1:C1"]}) == [
        "plan/chi-tieu.xlsx:'Phân bổ'!C1: ô này được gộp với ô bên trái; ở hàng đầu mỗi cột cần "
        "một tên riêng"]


def test_a_row_merged_across_columns_gives_its_value_to_its_first_column_only(write_plan,
                                                                             minimal_text):
    rows = [UNITS_HEADER, ["so-y-te-2", "Sở Y tế (cơ sở 2)", None, None]]
    text = minimal_text.replace("\nunits:\n", "\ninclude: [them.xlsx]\n\nunits:\n", 1)
    plan = load_plan(write_plan(text, {"them.xlsx": xlsx({"Đơn vị": rows},
                                                          merge={"Đơn vị": ["B2:C2"]})}))
    assert plan.data.units["so-y-te-2"].short is None


def test_a_problem_in_a_csv_file_names_its_cell(write_plan, minimal_text):
    text = minimal_text.replace("    quota: 250\n", "").replace(
        "\nunits:\n", "\ninclude: [phan-bo.csv]\n\nunits:\n", 1)
    csv_text = f"drive,unit,quota\n{SO_Y_TE},so-y-te,1.200\n{SO_Y_TE},vien-hhtm,abc\n"
    assert problems(write_plan, text, {"phan-bo.csv": csv_text}) == [
        "plan/phan-bo.csv:C3: drives[1].allocations[1].quota: phải là số nguyên, không phải 'abc'"]


def test_a_file_that_is_not_a_workbook_is_reported_not_raised(write_plan, minimal_text):
    text = minimal_text.replace("\nunits:\n", "\ninclude: [them.xlsx]\n\nunits:\n", 1)
    got = problems(write_plan, text, {"them.xlsx": b"not a zip"})
    assert got == ["plan/them.xlsx:1:1: không đọc được tệp Excel này (File is not a zip file); "
                   "hãy lưu lại dạng .xlsx"]
