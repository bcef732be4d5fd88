"""Plan folder -> ``Plan`` (``hmtn_docs.load``): includes, marks, and pydantic error mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hmtn_docs._yaml import Mark
from hmtn_docs.errors import PlanError, Problem, display_path
from hmtn_docs.load import Plan, load_plan

SHARED_UNITS = """\
# shared across years
units:
  benh-vien-tinh:
    name: Bệnh viện Đa khoa tỉnh
    group: so-nganh
"""

SHARED_DRIVES = """\
drives:
  - id: 2021-05-05-benh-vien
    organiser: benh-vien-tinh
    place: Bệnh viện Đa khoa tỉnh
    dates: 2021-05-05
    quota: 120
"""


def with_include(text: str, *names: str) -> str:
    return text.replace("\nplan:\n", f"\ninclude: [{', '.join(names)}]\nplan:\n", 1)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PlanError) as info:
        load_plan(folder)
    return [str(p) for p in info.value.problems]


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


# --------------------------------------------------------------------------- success
def test_minimal_plan_loads_with_no_warnings(write_plan, minimal_text):
    plan = load_plan(write_plan(minimal_text))
    assert isinstance(plan, Plan)
    assert plan.id == "plan" and plan.warnings == []
    assert [d.id for d in plan.data.drives] == ["2021-03-09-an-thi", "2021-07-14-so-y-te"]
    assert [d.total for d in plan.data.drives] == [400, 250]


def test_the_plan_file_itself_can_be_named_instead_of_its_folder(write_plan, minimal_text):
    folder = write_plan(minimal_text)
    assert load_plan(folder / "plan.yaml").data == load_plan(folder).data


def test_marks_point_at_the_value_and_fall_back_to_the_nearest_ancestor(write_plan, minimal_text):
    plan = load_plan(write_plan(minimal_text))
    line = line_of(minimal_text, "    quota: 400")
    assert plan.mark(("drives", 0, "quota")) == Mark("plan/plan.yaml", line, 12)
    # allocations were not typed: the drive itself is the nearest typed place
    drive_line = line_of(minimal_text, "  - id: 2021-03-09-an-thi")
    assert plan.mark(("drives", 0, "allocations", 0)) == Mark("plan/plan.yaml", drive_line, 5)
    assert plan.mark(("nowhere",)) == plan.marks[()]


# --------------------------------------------------------------------------- includes
def test_included_units_keep_the_file_and_line_they_were_typed_at(write_plan, minimal_text):
    folder = write_plan(with_include(minimal_text, "chung.yaml"), {"chung.yaml": SHARED_UNITS})
    plan = load_plan(folder)
    assert plan.data.units["benh-vien-tinh"].name == "Bệnh viện Đa khoa tỉnh"
    assert plan.mark(("units", "benh-vien-tinh", "name")) == Mark("plan/chung.yaml", 4, 11)
    assert plan.key_marks[("units", "benh-vien-tinh")] == Mark("plan/chung.yaml", 3, 3)
    # the plan's own units keep theirs
    assert plan.mark(("units", "so-y-te", "name")).file == "plan/plan.yaml"


def test_included_drives_are_appended_and_their_marks_follow_them(write_plan, minimal_text):
    folder = write_plan(with_include(minimal_text, "chung.yaml", "dot.yaml"),
                        {"chung.yaml": SHARED_UNITS, "dot.yaml": SHARED_DRIVES})
    plan = load_plan(folder)
    assert [d.id for d in plan.data.drives][-1] == "2021-05-05-benh-vien"
    assert plan.mark(("drives", 2, "quota")) == Mark("plan/dot.yaml", 6, 12)
    assert plan.mark(("drives", 2)) == Mark("plan/dot.yaml", 2, 5)


def test_a_mistake_in_an_included_file_is_reported_in_that_file(write_plan, minimal_text):
    drives = SHARED_DRIVES.replace("quota: 120", "quota: 0").replace("organiser: benh-vien-tinh",
                                                                      "organiser: benh-vien")
    folder = write_plan(with_include(minimal_text, "dot.yaml"), {"dot.yaml": drives})
    assert problems_of(folder) == ["plan/dot.yaml:6:12: drives[2].quota: phải lớn hơn 0, "
                                   "không phải 0"]
    folder = write_plan(with_include(minimal_text, "dot.yaml"),
                        {"dot.yaml": SHARED_DRIVES.replace("organiser: benh-vien-tinh",
                                                           "organiser: benh-vien")})
    assert problems_of(folder) == ["plan/dot.yaml:3:16: drives[2].organiser: đơn vị "
                                   "'benh-vien' không có trong danh sách units"]


def test_a_key_defined_in_both_files_is_reported_in_the_included_file(write_plan, minimal_text):
    shared = SHARED_UNITS + "  so-y-te:\n    name: Sở Y tế tỉnh\n"
    folder = write_plan(with_include(minimal_text, "chung.yaml"), {"chung.yaml": shared})
    line = line_of(minimal_text, "  so-y-te:") + 1  # one line added for include:
    assert problems_of(folder) == [f"plan/chung.yaml:6:3: units.so-y-te: 'so-y-te' được khai "
                                   f"báo hai lần (đã có ở plan/plan.yaml:{line})"]


def test_keys_that_cannot_be_included_are_refused(write_plan, minimal_text):
    shared = "plan:\n  year: 2021\nke_hoach: {}\ninclude: [x.yaml]\n"
    folder = write_plan(with_include(minimal_text, "chung.yaml"), {"chung.yaml": shared})
    only = ("chỉ được ghi issuers, signers, groups, units, programmes, drives, results, letters, "
            "notices, invitations, reports")
    assert problems_of(folder) == [
        f"plan/chung.yaml:1:1: plan: không được ghi 'plan' trong tệp được include; {only}",
        f"plan/chung.yaml:3:1: ke_hoach: không được ghi 'ke_hoach' trong tệp được include; {only}",
        f"plan/chung.yaml:4:1: include: không được ghi 'include' trong tệp được include; {only}",
    ]


def test_a_registry_of_the_wrong_shape_in_an_included_file_is_refused(write_plan, minimal_text):
    folder = write_plan(with_include(minimal_text, "chung.yaml"),
                        {"chung.yaml": "units: [a, b]\ndrives: {a: 1}\n"})
    assert problems_of(folder) == ["plan/chung.yaml:1:1: units: 'units' phải là các cặp 'khóa: giá trị'",
                                   "plan/chung.yaml:2:1: drives: 'drives' phải là một danh sách"]


class _CountingDict(dict):
    """A dict that counts every entry read by iterating over it."""

    reads = 0

    def __iter__(self):
        for key in super().__iter__():
            _CountingDict.reads += 1
            yield key

    def keys(self):
        return list(iter(self))

    def items(self):
        return [(key, self[key]) for key in self]

    def values(self):
        return [self[key] for key in self]


def _many_drives(n: int) -> str:
    days = [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(n)]
    return "units:\n  to-chuc: {name: Công ty Chung, group: so-nganh}\ndrives:\n" + "".join(
        f"  - id: d-{i}\n    organiser: to-chuc\n    place: Nhà văn hóa số {i}\n"
        f"    dates: {day}\n    quota: 10\n" for i, day in enumerate(days))


def _many_units(n: int) -> str:
    return "units:\n" + "".join(f"  u-{i}:\n    name: Tổ dân phố số {i}\n    group: so-nganh\n"
                                 for i in range(n))


@pytest.mark.parametrize("content", [_many_drives(300), _many_units(300)],
                         ids=["drives", "units"])
def test_merging_an_included_file_reads_each_of_its_marks_a_bounded_number_of_times(
        write_plan, minimal_text, monkeypatch, content):
    # merging once scanned every mark of the included file for each drive or unit it merged:
    # 3,000 drives took ten times longer to check from an included file than inline
    import hmtn_docs.load as load_module

    real_load_yaml = load_module.load_yaml
    included_marks = []

    def counting_load_yaml(path):
        doc, problems = real_load_yaml(path)
        if doc is not None and path.name != "plan.yaml":
            doc.marks, doc.key_marks = _CountingDict(doc.marks), _CountingDict(doc.key_marks)
            included_marks.append(len(doc.marks) + len(doc.key_marks))
        return doc, problems

    monkeypatch.setattr(load_module, "load_yaml", counting_load_yaml)
    monkeypatch.setattr(_CountingDict, "reads", 0)
    plan = load_plan(write_plan(with_include(minimal_text, "chung.yaml"), {"chung.yaml": content}))
    assert len(plan.data.drives) + len(plan.data.units) >= 300
    assert included_marks and _CountingDict.reads <= 2 * sum(included_marks)


# an include reads only files inside the folder that holds the plan folders (here tmp_path)
def test_an_absolute_include_is_refused_even_inside_the_plans_folder(write_plan, minimal_text,
                                                                      tmp_path):
    shared = tmp_path / "chung" / "units.yaml"
    shared.parent.mkdir()
    shared.write_text(SHARED_UNITS, encoding="utf-8")
    text = with_include(minimal_text, str(shared))
    line = line_of(text, f"include: [{shared}]")
    assert problems_of(write_plan(text)) == [
        f"plan/plan.yaml:{line}:11: include[0]: '{shared}' là đường dẫn tuyệt đối; chỉ được "
        "include tệp trong thư mục chứa các kế hoạch (.), bằng đường dẫn tương đối như "
        "'units.yaml' hoặc '../chung/units.yaml'"]


def test_an_include_that_climbs_out_of_the_plans_folder_is_refused(write_plan, minimal_text,
                                                                   tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-ngoai.yaml"
    outside.write_text(SHARED_UNITS, encoding="utf-8")
    rel = f"../../{outside.name}"
    text = with_include(minimal_text, "../chung.yaml", rel)
    (tmp_path / "chung.yaml").write_text(SHARED_DRIVES, encoding="utf-8")  # allowed: shared
    try:
        line = line_of(text, f"include: [../chung.yaml, {rel}]")
        assert problems_of(write_plan(text)) == [
            # the drive of the shared file was read; its organiser was in the refused file
            "chung.yaml:3:16: drives[2].organiser: đơn vị 'benh-vien-tinh' không có trong danh "
            "sách units",
            f"plan/plan.yaml:{line}:26: include[1]: '{rel}' nằm ngoài thư mục chứa các kế hoạch "
            "(.); chỉ được include tệp trong thư mục này"]
    finally:
        outside.unlink()


def test_a_link_is_followed_only_to_a_file_inside_the_plans_folder(write_plan, minimal_text,
                                                                   tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-ngoai.yaml"
    outside.write_text(SHARED_DRIVES, encoding="utf-8")
    (tmp_path / "chung.yaml").write_text(SHARED_UNITS, encoding="utf-8")
    folder = write_plan(with_include(minimal_text, "units.yaml", "drives.yaml"))
    (folder / "units.yaml").symlink_to(tmp_path / "chung.yaml")
    (folder / "drives.yaml").symlink_to(outside)
    try:
        line = line_of(with_include(minimal_text, "units.yaml", "drives.yaml"),
                       "include: [units.yaml, drives.yaml]")
        assert problems_of(folder) == [
            f"plan/plan.yaml:{line}:23: include[1]: 'drives.yaml' là liên kết tới "
            f"'{outside}', nằm ngoài thư mục chứa các kế hoạch (.); chỉ được include tệp trong "
            "thư mục này"]
        (folder / "drives.yaml").unlink()
        (folder / "drives.yaml").write_text(SHARED_DRIVES, encoding="utf-8")
        assert load_plan(folder).data.units["benh-vien-tinh"].group == "so-nganh"
    finally:
        outside.unlink()


def test_a_file_is_included_once(write_plan, minimal_text):
    text = with_include(minimal_text, "chung.yaml", "./chung.yaml", "plan.yaml")
    folder = write_plan(text, {"chung.yaml": SHARED_UNITS})
    line = line_of(text, "include: [chung.yaml, ./chung.yaml, plan.yaml]")
    assert problems_of(folder) == [
        f"plan/plan.yaml:{line}:23: include[1]: './chung.yaml' đã được đọc (include[0]); mỗi tệp "
        "chỉ được include một lần",
        f"plan/plan.yaml:{line}:37: include[2]: 'plan.yaml' đã được đọc (chính tệp kế hoạch); "
        "mỗi tệp chỉ được include một lần"]


def test_at_most_twenty_files_are_included(write_plan, minimal_text, monkeypatch):
    import hmtn_docs.load as load_module

    names = [f"t{i}.yaml" for i in range(21)]
    folder = write_plan(with_include(minimal_text, *names),
                        {name: f"groups:\n  g{i}: {{title: Nhóm {i}}}\n"
                         for i, name in enumerate(names)})
    read = []
    real_load_yaml = load_module.load_yaml
    monkeypatch.setattr(load_module, "load_yaml", lambda path: read.append(path.name)
                        or real_load_yaml(path))
    line = line_of(with_include(minimal_text, *names), f"include: [{', '.join(names)}]")
    assert problems_of(folder) == [f"plan/plan.yaml:{line}:10: include: quá nhiều mục: 21, tối "
                                   "đa 20 (hãy gộp các tệp dùng chung)"]
    assert read == ["plan.yaml"] + names[:20]


def test_missing_included_file_is_reported_at_its_name(write_plan, minimal_text):
    folder = write_plan(with_include(minimal_text, "chung.yaml"))
    line = line_of(with_include(minimal_text, "chung.yaml"), "include: [chung.yaml]")
    assert problems_of(folder) == [f"plan/plan.yaml:{line}:11: include[0]: tệp 'chung.yaml' "
                                   "được include nhưng không tồn tại"]


@pytest.mark.parametrize(("content", "expected"), [
    ("", "plan/chung.yaml:1:1: tệp trống"),
    ("- a\n", "plan/chung.yaml:1:1: tệp được include phải gồm các cặp 'khóa: giá trị'"),
    ("units: {a: [}\n", "plan/chung.yaml:1:13: lỗi cú pháp YAML: while parsing a flow node: "
                        "did not find expected node content"),
])
def test_an_unusable_included_file_is_one_problem(write_plan, minimal_text, content, expected):
    folder = write_plan(with_include(minimal_text, "chung.yaml"), {"chung.yaml": content})
    assert problems_of(folder) == [expected]


def test_an_include_name_too_long_for_the_file_system_is_a_problem(write_plan, minimal_text):
    name = "t" * 300 + ".yaml"
    text = with_include(minimal_text, name)
    assert problems_of(write_plan(text)) == [
        f"plan/plan.yaml:{line_of(text, f'include: [{name}]')}:11: include[0]: không đọc được "
        f"tệp '{name}': File name too long"]


def test_include_must_be_a_list(write_plan, minimal_text):
    text = minimal_text.replace("\nplan:\n", "\ninclude: chung.yaml\nplan:\n", 1)
    line = line_of(text, "include: chung.yaml")
    assert problems_of(write_plan(text, {"chung.yaml": SHARED_UNITS})) == [
        f"plan/plan.yaml:{line}:10: include: phải là một danh sách, không phải một văn bản; "
        "hãy viết [chung.yaml] hoặc mỗi mục một dòng bắt đầu bằng '- ' (- chung.yaml)"]


# --------------------------------------------------------------------------- limits
def test_a_plan_holds_at_most_five_thousand_drives(write_plan, minimal_text):
    # far above a real plan (~50 drives): a plan that checks builds in bounded pages and time;
    # twenty organisers hold one drive a day each, so the count is the only error
    first = dt.date(2021, 1, 4)
    units = "".join(f"  to-chuc-{n}: {{name: Tổ chức số {n}, group: so-nganh}}\n"
                    for n in range(20))
    drives = "".join(f"  - {{id: d-{i}, organiser: to-chuc-{i % 20}, place: Nhà văn hóa số {i}, "
                     f"dates: {first + dt.timedelta(days=i // 20)}, quota: 10}}\n"
                     for i in range(4_999))
    text = minimal_text.replace("units:\n", "units:\n" + units, 1).replace(
        "\ndrives:\n", "\ndrives:\n" + drives, 1)
    line = line_of(text, "drives:")
    errors = [p for p in problems_of(write_plan(text)) if ": cảnh báo: " not in p]
    assert errors == [f"plan/plan.yaml:{line + 1}:3: drives: quá nhiều mục: 5.001, tối đa 5.000"]


# --------------------------------------------------------------------------- whole-file problems
def test_empty_plan_is_one_problem(write_plan):
    assert problems_of(write_plan("")) == ["plan/plan.yaml:1:1: tệp trống"]


def test_plan_that_is_a_list_is_one_problem(write_plan):
    assert problems_of(write_plan("- a\n- b\n")) == [
        "plan/plan.yaml:1:1: kế hoạch phải gồm các cặp 'khóa: giá trị' (plan:, units:, drives: ...)"]


def test_a_plan_name_too_long_for_the_file_system_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert problems_of(Path("k" * 300)) == [f"{'k' * 300}:1:1: không đọc được: File name too long"]


def test_missing_plan_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert problems_of(Path("empty")) == [
        "empty/plan.yaml:1:1: thư mục này không có plan.yaml: mỗi thư mục kế hoạch phải có tệp "
        "plan.yaml"]


# --------------------------------------------------------------------------- pydantic mapping
def mutate(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


ERRORS = [  # (old, new, line of the problem, expected "col: where: message")
    ("    quota: 400\n", "    quotaa: 400\n", "    quotaa: 400",
     "5: drives[0]: khóa lạ 'quotaa' (có phải ý bạn là 'quota'?)"),
    ('{title: "Các Sở, Ngành"}', "{title: Các Sở, Ngành}", "  so-nganh: {title: Các Sở, Ngành}",
     "29: groups.so-nganh: khóa lạ 'Ngành' (nếu đây là một phần của văn bản, hãy đặt cả văn "
     "bản trong dấu nháy: dấu phẩy bên trong {...} hoặc [...] cắt nó ra)"),
    ("  year: 2021\n", "", "  title: Kế hoạch hiến máu tình nguyện năm 2021 tỉnh Mẫu",
     "3: plan: thiếu khóa bắt buộc 'year'"),
    ("    quota: 400\n", '    quota: "nhiều"\n', '    quota: "nhiều"',
     "12: drives[0].quota: chỉ tiêu không đọc được: 'nhiều'; hãy viết một số nguyên (400), một "
     "khoảng (\"150 - 250\"), một mức tối thiểu (\"ít nhất 120\" hoặc \"từ 80 đơn vị trở lên\"); "
     "thêm \"người\" nếu tính theo người, \"/ngày\" nếu là chỉ tiêu mỗi ngày"),
    ("    quota: 400\n", "    quota: 1.5\n", "    quota: 1.5",
     "12: drives[0].quota: phải là số nguyên, không phải 1.5"),
    ("    quota: 400\n", "    quota: 400.0\n", "    quota: 400.0",
     "12: drives[0].quota: phải là số nguyên, không phải 400.0"),
    ("    quota: 400\n", "    quota: yes\n", "    quota: yes",
     "12: drives[0].quota: phải là số nguyên, không phải true"),
    ("    quota: 400\n", "    quota: .inf\n", "    quota: .inf",
     "12: drives[0].quota: phải là số nguyên, không phải inf"),
    ("    quota: 400\n", "    quota: 1000001\n", "    quota: 1000001",
     "12: drives[0].quota: phải tối đa là 1000000, không phải 1000001"),
    ("    quota: 400\n", "    quota: -5\n", "    quota: -5",
     "12: drives[0].quota: phải lớn hơn 0, không phải -5"),
    ("  year: 2021\n", "  year: 1900\n", "  year: 1900", "9: plan.year: phải tối thiểu là 1990, không phải 1900"),
    ("  - id: 2021-03-09-an-thi\n", "  - id: Khoái Châu\n", "  - id: Khoái Châu",
     "9: drives[0].id: 'Khoái Châu' không phải là mã hợp lệ: hãy dùng chữ thường không dấu, "
     "chữ số và '-', ví dụ 'bcd-khoai-chau'"),
    ("    name: Sở Y tế\n", "    name:\n", "    name:", "10: units.so-y-te.name: không được để trống"),
    ("    name: Sở Y tế\n", '    name: ""\n', '    name: ""',
     "11: units.so-y-te.name: không được để trống"),
    ("    name: Sở Y tế\n", "    name: 115\n", "    name: 115",
     '11: units.so-y-te.name: phải là văn bản, không phải 115; hãy đặt trong dấu nháy, ví dụ "115"'),
    ("    name: Sở Y tế\n", "    name: no\n", "    name: no",
     "11: units.so-y-te.name: phải là văn bản, không phải true/false (YAML đọc yes, no, on, off "
     "như vậy); hãy đặt trong dấu nháy"),
    ("    name: Sở Y tế\n", f"    name: {'x' * 501}\n", f"    name: {'x' * 501}",
     "11: units.so-y-te.name: quá dài (tối đa 500 ký tự)"),
    ("    dates: 2021-03-09\n", "    dates: []\n", "    dates: []",
     "12: drives[0].dates: không được để trống (khi chưa có ngày, bỏ dates và ghi month)"),
    ("    dates: 2021-03-09\n", "    dates: 9/3/2021\n", "    dates: 9/3/2021",
     "12: drives[0].dates[0]: phải là ngày viết dạng 2021-03-10, không phải '9/3/2021'"),
    ("    dates: 2021-03-09\n", "    dates: '2021-02-29'\n", "    dates: '2021-02-29'",
     "12: drives[0].dates[0]: ngày không tồn tại '2021-02-29': tháng 2/2021 chỉ có 28 ngày"),
    ("    authority: KT\n", "    authority: kt\n", "    authority: kt",
     "16: signers.pct.authority: phải là một trong 'KT', 'Q', 'TL' hoặc 'TUQ', không phải 'kt'"),
    ("    on_behalf_of_collective: true\n", "    on_behalf_of_collective: có\n",
     "    on_behalf_of_collective: có",
     "30: signers.pct.on_behalf_of_collective: phải là true hoặc false, không phải 'có'"),
    ("  archive: [VT, VP BCĐ tỉnh]\n", "  archive: []\n", "  archive: []",
     "12: ke_hoach.archive: không được để trống"),
    ("  date: 2021-01-05\n", "  date: tháng 1\n", "  date: tháng 1",
     "9: ke_hoach.date: phải là ngày viết dạng 2021-01-10 (hoặc 2021-01, hoặc 2021 để trống "
     "ngày), không phải 'tháng 1'"),
    ("  date: 2021-01-05\n", "  date:\n", "  date:", "8: ke_hoach.date: không được để trống"),
    ("  date: 2021-01-05\n", "  date: 2021-13\n", "  date: 2021-13",
     "9: ke_hoach.date.month: phải tối đa là 12, không phải 13"),
    ("    place: {name: Nhà văn hóa Liên đoàn lao động tỉnh, coordinates: {lat: 20.6466, lon: "
     "106.0513}}\n", "    place: [a, b]\n",
     "    place: [a, b]", "12: drives[1].place: phải là một văn bản (tên địa điểm) hoặc các cặp 'khóa: giá trị' "
     "(name, address...), không phải danh sách; có nhiều địa điểm thì ghi địa điểm chính ở "
     "place, các nơi khác ở other_places"),
    ('    time: "7h30 - 11h30"\n', "    time: 7:30\n", "    time: 7:30",
     '11: drives[0].time: giờ như 7:30 không có dấu nháy sẽ bị đọc thành một số; hãy đặt khung '
     'giờ trong dấu nháy, ví dụ "7h30 - 11h30"'),
    ('    time: "7h30 - 11h30"\n', '    time: "7h30 - 11h75"\n', '    time: "7h30 - 11h75"',
     "11: drives[0].time: '11h75' không phải giờ hợp lệ: giờ từ 0 đến 23, phút từ 00 đến 59"),
    ('    time: "7h30 - 11h30"\n', '    time: "sáng"\n', '    time: "sáng"',
     "11: drives[0].time: 'sáng' không phải khung giờ hợp lệ; hãy viết như \"7h30 - 11h30\""),
    ('    time: "7h30 - 11h30"\n', '    time: "7h30 - 7h30"\n', '    time: "7h30 - 7h30"',
     "11: drives[0].time: giờ kết thúc phải sau giờ bắt đầu"),
    # one-line fields end up in headers, table cells and calendar feeds
    ("  province: Mẫu\n", '  province: "Mẫu\\tMẫu"\n', '  province: "Mẫu\\tMẫu"',
     "13: plan.province: phải viết trên một dòng, không được có ký tự tab (văn bản sau '|' và "
     "\\n trong dấu nháy kép giữ dấu xuống dòng)"),
    ("    name: Sở Y tế\n", '    name: "Sở Y tế\\Ltỉnh"\n', '    name: "Sở Y tế\\Ltỉnh"',
     "11: units.so-y-te.name: phải viết trên một dòng, không được có dấu ngắt dòng (U+2028) "
     "(văn bản sau '|' và \\n trong dấu nháy kép giữ dấu xuống dòng)"),
]


@pytest.mark.parametrize(("old", "new", "line", "expected"), ERRORS,
                         ids=[e[3].split(": ", 2)[-1][:40] for e in ERRORS])
def test_pydantic_errors_become_one_clear_problem_at_the_typed_spot(write_plan, minimal_text, old,
                                                                    new, line, expected):
    text = mutate(minimal_text, old, new)
    assert problems_of(write_plan(text)) == [f"plan/plan.yaml:{line_of(text, line)}:{expected}"]


def test_format_errors_and_reference_errors_come_in_one_pass(write_plan, minimal_text):
    # a unit key that is not a valid id: the key is reported, and so is every reference to the
    # old id, in the same run (the checks run on the parts of the plan that did validate)
    text = mutate(minimal_text, "  bcd-tinh:\n", "  BCĐ tỉnh:\n")
    first_ref = line_of(text, "    coordinators: [bcd-tinh, bcd-an-thi]")
    second_ref = line_of(text, "    coordinators: [bcd-tinh, so-y-te]")
    assert problems_of(write_plan(text)) == [
        f"plan/plan.yaml:{line_of(text, '  BCĐ tỉnh:')}:3: units.BCĐ tỉnh: 'BCĐ tỉnh' không phải "
        "là mã hợp lệ: hãy dùng chữ thường không dấu, chữ số và '-', ví dụ 'bcd-khoai-chau'",
        f"plan/plan.yaml:{first_ref}:20: drives[0].coordinators[0]: đơn vị 'bcd-tinh' không có "
        "trong danh sách units",
        f"plan/plan.yaml:{second_ref}:20: drives[1].coordinators[0]: đơn vị 'bcd-tinh' không có "
        "trong danh sách units",
    ]


@pytest.mark.parametrize("key", ["0[", "list[int]", "function-x", "[key]"])
def test_an_unknown_key_that_looks_like_a_pydantic_tag_is_still_named(write_plan, minimal_text,
                                                                      key):
    text = minimal_text + f"'{key}': 1\n"
    assert problems_of(write_plan(text)) == [
        f"plan/plan.yaml:{len(text.splitlines())}:1: khóa lạ '{key}'"]


def test_a_file_that_is_only_an_unknown_key_lists_every_missing_part(write_plan):
    assert problems_of(write_plan("0[:\n")) == [
        "plan/plan.yaml:1:1: khóa lạ '0['",
        "plan/plan.yaml:1:1: thiếu khóa bắt buộc 'plan'",
    ]


@pytest.mark.parametrize(("old", "new"), [
    ("    dates: 2021-03-09\n", "    dates: 2021-02-30\n"),
    ("    quota: 400\n", "    quota: !!python/object:os.system x\n"),
    ("  date: 2021-01-05\n", "  date: 2021-02-30\n"),
    ("end: 2021-12-31}", "end: 2021-02-30}"),
])
def test_a_value_yaml_could_not_read_is_reported_once_not_again_by_pydantic(write_plan,
                                                                             minimal_text, old,
                                                                             new):
    problems = problems_of(write_plan(mutate(minimal_text, old, new)))
    assert len(problems) == 1
    assert "ngày không tồn tại" in problems[0] or "giá trị YAML không được hỗ trợ" in problems[0]


def test_all_format_errors_of_a_plan_come_in_one_error(write_plan, minimal_text):
    text = mutate(mutate(mutate(minimal_text, "  year: 2021\n", "  year: hai\n"),
                         "    quota: 400\n", "    quota: 0\n"),
                  "  number: 5\n", "  number: 0\n")
    problems = problems_of(write_plan(text))
    assert [p.split(": ")[1] for p in problems] == ["plan.year", "drives[0].quota",
                                                    "ke_hoach.number"]


# --------------------------------------------------------------------------- errors module
def test_problem_prints_as_file_line_col_where_message():
    assert str(Problem("a.yaml", 3, 5, "drives[0]", "bad")) == "a.yaml:3:5: drives[0]: bad"
    assert str(Problem("a.yaml", 3, 5, "", "bad")) == "a.yaml:3:5: bad"
    assert str(Problem("a.yaml", 3, 5, "x", "odd", "warning")) == "a.yaml:3:5: x: cảnh báo: odd"


def test_plan_error_sorts_problems_by_file_line_column_and_keeps_warnings_apart():
    w = Problem("a.yaml", 9, 1, "", "look", "warning")
    e1, e2 = Problem("a.yaml", 10, 2, "", "two"), Problem("a.yaml", 2, 7, "", "one")
    err = PlanError([w, e1, e2])
    assert err.problems == [e2, w, e1]
    assert err.errors == [e2, e1]
    assert str(err) == "a.yaml:2:7: one\na.yaml:9:1: cảnh báo: look\na.yaml:10:2: two"


def test_display_path_is_relative_inside_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "plans" / "x" / "plan.yaml") == "plans/x/plan.yaml"
    assert display_path("/elsewhere/plan.yaml") == "/elsewhere/plan.yaml"


def test_warnings_of_a_plan_without_errors_are_on_the_plan(write_plan, minimal_text):
    text = mutate(minimal_text, "    dates: 2021-03-09\n", "    dates: [2021-02-12, 2021-01-01]\n")
    plan = load_plan(write_plan(text))
    line = line_of(text, "    dates: [2021-02-12, 2021-01-01]")
    assert [str(w) for w in plan.warnings] == [
        f"plan/plan.yaml:{line}:13: drives[0].dates[0]: cảnh báo: 12/02/2021 là ngày lễ "
        "(Tết Nguyên Đán (mùng 1))",
        f"plan/plan.yaml:{line}:25: drives[0].dates[1]: cảnh báo: 01/01/2021 là ngày lễ "
        "(Tết Dương lịch)",
    ]
