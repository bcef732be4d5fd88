"""End to end: the bundled plans become documents that say what the YAML says.

These tests read the generated .docx as a reader would (text, table cells, merges, sections)
and check it against the plan data, never against numbers typed into the test.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from hmtn_docs import OutputError, TemplateError, load_plan
from hmtn_docs.build import build_plan, render_plan
from hmtn_docs.cli import main
from hmtn_docs.documents import plan_outputs
from hmtn_docs.vi import format_number

from render.docview import DocView, NS, edited_template, text_of, w

ROOT = Path(__file__).resolve().parent.parent
HUNG_YEN = ROOT / "plans" / "2021-hung-yen"
HAI_PHONG = ROOT / "plans" / "2022-hai-phong"
GOLDEN = ROOT / "tests" / "golden"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
# "Thứ Sáu" at the start of a table cell, "thứ Sáu" after a colon in running text
DATED = re.compile(r"([Tt]hứ Hai|[Tt]hứ Ba|[Tt]hứ Tư|[Tt]hứ Năm|[Tt]hứ Sáu|[Tt]hứ Bảy|Chủ nhật), "
                   r"(\d{2})/(\d{1,2})/(\d{4})")


def _number(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.fixture(scope="module")
def hung_yen():
    return load_plan(HUNG_YEN)


@pytest.fixture(scope="module")
def hai_phong():
    return load_plan(HAI_PHONG)


@pytest.fixture(scope="module")
def kh_docs(hung_yen):
    return {r.name: r for r in render_plan(hung_yen)}


@pytest.fixture(scope="module")
def kh(kh_docs) -> DocView:
    return DocView(kh_docs["2021-hung-yen-ke-hoach.docx"].data, "ke-hoach")


@pytest.fixture(scope="module")
def cv_docs(hai_phong):
    return {r.name: r for r in render_plan(hai_phong, combined=True)}


@pytest.fixture(scope="module")
def cv(cv_docs) -> DocView:
    return DocView(cv_docs["2022-hai-phong-cv-ngay-hoi-2022-12-17.docx"].data, "cong-van")


def _rows(table) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.findall(w("tc"))] for tr in table.findall(w("tr"))]


def _all_text(doc: DocView) -> str:
    return "\n".join(text_of(p) for p in doc.paragraphs())


def normalised_text(doc: DocView) -> str:
    """The document as a reader sees it: paragraphs in order, a table row per line with its
    cells joined by ' | ' (a nested table is shown in [ ]), lines inside a cell by ' / '."""
    def cell_text(tc) -> str:
        parts = []
        for el in tc:
            if el.tag == w("p") and (t := text_of(el).strip()):
                parts.append(t.replace("\n", " / "))
            elif el.tag == w("tbl"):
                parts += [f"[{row}]" for row in table_lines(el)]
        return " / ".join(parts)

    def table_lines(tbl) -> list[str]:
        return [" | ".join(cell_text(tc) for tc in tr.findall(w("tc")))
                for tr in tbl.findall(w("tr"))]

    out = []
    for el in doc.body:
        if el.tag == w("p"):
            t = text_of(el).strip()
            if t:
                out.append(t)
        elif el.tag == w("tbl"):
            out += table_lines(el)
    return "\n".join(out).replace("\u00a0", "~") + "\n"


# ------------------------------------------------------------------ Kế hoạch
def test_every_drive_appears_with_its_date_and_quota(kh, hung_yen):
    paras = [text_of(p) for p in kh.body_paragraphs()]
    headings = [i for i, t in enumerate(paras) if t.startswith("* ")]
    live = [d for d in hung_yen.data.drives if d.status == "planned"]
    assert len(headings) == len(live)
    shown = []
    for i in headings:
        block = paras[i:i + 8]
        when = next(t for t in block if t.startswith("- Thời gian tổ chức: "))
        quota = next(t for t in block if t.startswith("- Chỉ tiêu: "))
        days = {dt.date(int(y), int(m), int(d)) for _, d, m, y in DATED.findall(when)}
        shown.append((paras[i][2:].replace("\xa0", " "), frozenset(days),
                      _number(re.search(r"Chỉ tiêu: ([\d.]+)", quota).group(1))))
    expected = [(hung_yen.data.units[d.organiser].name, frozenset(d.dates), d.total) for d in live]
    assert sorted(shown, key=str) == sorted(expected, key=str)


def test_every_weekday_matches_its_date(kh, cv):
    found = 0
    for doc in (kh, cv):
        for name, d, m, y in DATED.findall(_all_text(doc)):
            weekday = WEEKDAYS[dt.date(int(y), int(m), int(d)).weekday()]
            assert weekday == name[0].upper() + name[1:], f"{name} {d}/{m}/{y}"
            found += 1
    assert found >= 2 * 48  # every drive in the body and again in the appendix


def test_appendix_subtotals_and_total_are_the_sums_of_the_drives(kh, hung_yen):
    rows = _rows(kh.tables()[-1])
    groups, current = [], None
    for row in rows[1:]:
        name = row[1]
        if re.fullmatch(r"[IVX]+", row[0]):
            current = {"units": [], "days": 0}
            groups.append(current)
        elif name.startswith("Cộng mục"):
            assert _number(row[2]) == sum(current["units"])
            assert row[-1] == f"{current['days']:02d} ngày"
            current["subtotal"] = _number(row[2])
        elif name.startswith("Tổng cộng"):
            total = _number(row[2])
        else:
            dates = [x for x in row[3].split("\n") if x.strip()]
            assert row[-1] == f"{len(dates):02d} ngày"
            current["units"].append(_number(row[2]))
            current["days"] += len(dates)
    assert total == sum(g["subtotal"] for g in groups)
    assert total == sum(d.total for d in hung_yen.data.drives if d.status == "planned")
    assert rows[-1][1] == "Tổng cộng mục I + II + III"


def test_appendix_reference_line_is_built_from_the_header(kh):
    assert kh.find("Số: 10/KH-UBND") is not None
    assert "(Kèm theo Kế hoạch số 10/KH-UBND ngày 10 tháng 01 năm 2021 của Ủy ban nhân dân tỉnh " \
        "Hưng Yên)" in _all_text(kh).replace("\xa0", " ")


def test_appendix_title_lines_keep_a_date_and_a_name_on_one_line(kh, cv):
    """Non-breaking spaces: no title line ends on "NGÀY" or "Ủy ban"."""
    assert "NGÀY\xa017/01/2022" in _all_text(cv)
    for doc in (kh, cv):
        assert "Ủy\xa0ban\xa0nhân\xa0dân" in _all_text(doc)
        assert "ngày\xa0" in _all_text(doc) or "ngày \xa0" in _all_text(doc)


def test_ke_hoach_body_uses_full_names_and_lower_case_weekdays_after_a_colon(kh, hung_yen):
    """Short names (BCĐ, TP, TC-QTKD) are for the tables; "thứ Sáu" in running text, "Thứ Sáu"
    at the start of a table cell."""
    text = _all_text(kh)
    body = text[:text.index("Nơi nhận:")]
    for short in ("BCĐ ", "TP Hưng Yên", "TC-QTKD", "SPKT"):  # never defined in the body
        assert short not in body, short
    assert "Trường Đại học Tài chính\xa0- Quản trị kinh doanh" in body
    assert "- Thời gian tổ chức: thứ Sáu, 11/12/2020." in body
    assert not re.search(r": Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)", body)
    cells = [text_of(tc) for tc in kh.tables()[-1].iter(w("tc"))]
    assert any(c.startswith("Thứ Sáu, ") for c in cells)


def test_anniversaries_and_editions_are_computed(kh):
    text = _all_text(kh)
    assert "Hành trình Đỏ lần thứ IX" in text  # 2013 was the first
    assert "76 năm Ngày Quốc khánh" in text    # 2/9/1945 -> 2021
    assert "75 năm Ngày thành lập Hội Chữ thập đỏ Việt Nam" in text  # 1946 -> 2021


def test_body_ends_with_the_end_mark_once(kh):
    text = _all_text(kh)
    assert text.count("./.") == 1


def test_every_section_hides_the_page_number_on_its_first_page(kh, cv):
    for doc in (kh, cv):
        sects = doc.sect_prs()
        assert len(sects) == 2  # body, then the appendix numbered on its own
        for sect in sects:
            assert sect.find(w("titlePg")) is not None
        assert sects[1].find(w("pgNumType")).get(w("start")) == "1"


def test_ke_hoach_reads_as_the_golden_text(kh, regen):
    _golden(kh, "2021-hung-yen-ke-hoach.txt", regen)


def _golden(doc: DocView, name: str, regen: bool) -> None:
    path = GOLDEN / name
    actual = normalised_text(doc)
    if regen or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not regen:
            pytest.fail(f"{path} did not exist; written now, review it and commit it")
    assert actual == path.read_text(encoding="utf-8"), \
        f"{name} differs; if the change is intended, rerun with --regen and review the diff"


# ------------------------------------------------------------------ Công văn
def test_cong_van_appendix_lists_every_unit_and_the_total(cv, hai_phong):
    rows = _rows(cv.tables()[-1])
    drive = hai_phong.data.drives[0]
    body = rows[1:-1]
    units = hai_phong.data.units
    assert [r[1].replace("\xa0", " ") for r in body] == \
        [units[a.unit].short or units[a.unit].name for a in drive.allocations]
    assert [_number(r[2]) for r in body] == [a.quota for a in drive.allocations]
    assert rows[-1][1:3] == ["Tổng cộng", format_number(drive.total)]
    assert format_number(drive.total) == "1.780"


def test_every_appendix_row_shows_its_own_slot(cv, hai_phong):
    rows = _rows(cv.tables()[-1])[1:-1]
    slots = [a.slot for a in hai_phong.data.drives[0].allocations]
    assert [r[3] for r in rows] == [
        f"Từ {s.start.hour}h{s.start.minute:02d} đến {s.end.hour}h{s.end.minute:02d}" for s in slots]
    assert cv.tables()[-1].find(".//w:vMerge", NS) is None


def test_hai_phong_units_have_legal_names_and_the_seeds_labels_for_the_table(hai_phong):
    allocated = [hai_phong.data.units[a.unit] for a in hai_phong.data.drives[0].allocations]
    assert sum(u.short is not None and u.short != u.name for u in allocated) >= 30
    for unit in allocated:
        assert not re.search(r"\b(UBND|HĐND|TP|HP|QH|ĐT|TB)\b|&|^Ngành ", unit.name), unit.name


def test_ampersand_in_a_unit_name_renders_literally(cv):
    assert "Ngành Giáo dục & ĐT Hải Phòng" in _all_text(cv)


def test_each_personal_letter_is_addressed_to_its_unit_and_says_its_quota_in_its_place(
        cv_docs, hai_phong):
    drive = hai_phong.data.drives[0]
    letter = hai_phong.data.letters[0]
    assert letter.personal_at == 2
    for alloc in drive.allocations:
        doc = DocView(cv_docs[f"{letter.id}/{alloc.unit}.docx"].data, "cong-van")
        texts = [text_of(p).replace("\xa0", " ") for p in doc.paragraphs()]
        name = hai_phong.data.units[alloc.unit].name
        assert f"Kính gửi: {name}" in texts
        start, end = alloc.slot.start, alloc.slot.end
        own = (f"2. Chỉ tiêu giao cho {name} là {format_number(alloc.quota)} đơn vị máu; thời gian "
               f"tham gia hiến máu: từ {start.hour}h{start.minute:02d} đến "
               f"{end.hour}h{end.minute:02d}.")
        i = texts.index(own)
        assert texts[i - 1].startswith("1. Các Sở, ngành") and texts[i + 1].startswith("3. Giao Hội")
        body_end = texts.index("Nơi nhận:")
        closing = [t for t in texts[:body_end] if t][-1]
        assert closing.endswith("được giao./.") and "\n".join(texts).count("./.") == 1
        recipients = texts[body_end + 1:body_end + 1 + len(letter.recipients) + 1]
        assert recipients[0] == "- Như trên;" and recipients[-1] == "- Lưu: VT, VX."
        assert not any("theo danh sách" in t for t in texts)


def test_combined_letters_restart_page_numbers_for_each_unit(cv_docs, hai_phong):
    n = len(hai_phong.data.drives[0].allocations)
    doc = DocView(cv_docs["2022-hai-phong-cv-ngay-hoi-2022-12-17-tung-don-vi.docx"].data,
                  "cong-van")
    assert sum(text_of(p).startswith("Kính gửi: ") for p in doc.paragraphs()) == n
    sects = doc.sect_prs()
    assert len(sects) == 2 * n
    assert all(s.find(w("pgNumType")).get(w("start")) == "1" for s in sects)


def test_cong_van_reads_as_the_golden_text(cv, regen):
    _golden(cv, "2022-hai-phong-cong-van.txt", regen)


# ------------------------------------------------------------------ writing
def test_build_writes_docx_files_that_open(tmp_path, hung_yen):
    paths = build_plan(hung_yen, tmp_path)
    assert [p.relative_to(tmp_path / hung_yen.id).as_posix() for p in paths
            if p.suffix == ".docx"] == [f"{o.stem}.docx" for o in plan_outputs(hung_yen)]
    for path in paths:
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None


def test_failed_render_leaves_previous_outputs_intact(tmp_path, hung_yen):
    build_plan(hung_yen, tmp_path)
    before = _files_under(tmp_path / hung_yen.id)  # the manifest too
    broken = tmp_path / "templates"
    shutil.copytree(ROOT / "hmtn_docs" / "data" / "templates", broken)
    # a template that asks for a value the context does not have
    src = broken / "ke-hoach.docx"
    with zipfile.ZipFile(ROOT / "hmtn_docs" / "data" / "templates" / "ke-hoach.docx") as zin, \
            zipfile.ZipFile(src, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ subject }}", b"{{ subjekt }}")
            zout.writestr(item, data)
    with pytest.raises(TemplateError, match="subjekt"):
        build_plan(hung_yen, tmp_path, templates=broken)
    assert _files_under(tmp_path / hung_yen.id) == before


def test_build_refuses_a_template_that_would_run_a_command_and_runs_nothing(tmp_path, capsys):
    # a template from e-mail with one paragraph retyped (issue 9, finding 2)
    marker = tmp_path / "ran"
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "hmtn_docs" / "data" / "templates", templates)
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    edited_template("cong-van", templates / "cong-van.docx", "{{ signer_name }}", payload)
    out = tmp_path / "out"
    assert main(["build", str(HAI_PHONG), "-o", str(out), "--templates", str(templates)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{templates / 'cong-van.docx'}: word/document.xml: mẫu bị từ chối: "
                          "'__init__': mẫu không được đọc tên bắt đầu bằng '_' (phần bên trong "
                          "của Python, không phải dữ liệu) (tại \"{{ cycler.__init__.")
    assert "Traceback" not in err
    assert not marker.exists()
    assert not (out.exists() and any(out.rglob("*.docx")))


def test_unwritable_output_is_a_user_error_and_keeps_the_old_file(tmp_path, hung_yen,
                                                                   monkeypatch):
    build_plan(hung_yen, tmp_path)
    before = _files_under(tmp_path / hung_yen.id)  # the manifest too

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    monkeypatch.setattr("os.sync", full_disk)  # a batch of files is synced at once
    with pytest.raises(OutputError, match="No space left on device"):
        build_plan(hung_yen, tmp_path)
    assert _files_under(tmp_path / hung_yen.id) == before


def _files(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def _files_under(folder: Path) -> dict[Path, bytes]:
    """Every file under ``folder`` (temporary ones too) with its bytes."""
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_into_one_folder_at_once_both_leave_valid_files(tmp_path, hung_yen):
    errors = []

    def run():
        try:
            build_plan(hung_yen, tmp_path)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    files = sorted(p for p in (tmp_path / "2021-hung-yen").rglob("*") if p.is_file() and p.name != ".hmtn-manifest.json")
    assert [f.relative_to(tmp_path / "2021-hung-yen").as_posix() for f in files] == \
        sorted([f"{o.stem}.docx" for o in plan_outputs(hung_yen)]
               + ["2021-hung-yen-ke-hoach.xlsx"])
    for f in files:
        with zipfile.ZipFile(f) as z:
            assert z.testzip() is None


def test_cli_build_of_a_bad_plan_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert main(["build", "tests/bad_plans/unknown-organiser", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.endswith("chưa ghi tệp nào: hãy sửa các lỗi ở trên trước\n")
    assert not out.exists()


def test_cli_build_prints_where_the_files_went(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["build", "plans/2021-hung-yen", "-o", str(tmp_path)]) == 0
    n = len(plan_outputs(load_plan(HUNG_YEN))) + 1  # and the Kế hoạch's appendix as .xlsx
    assert capsys.readouterr().out == f"plans/2021-hung-yen: đã ghi {n} tệp vào {tmp_path}/2021-hung-yen\n"


def test_full_disk_during_a_mail_merge_replaces_no_letter(tmp_path, hai_phong, monkeypatch):
    paths = build_plan(hai_phong, tmp_path)
    before = {p: p.read_bytes() for p in paths}
    assert len(before) == 37  # the letter, its allocations as .xlsx and one copy per unit

    def full_disk():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.sync", full_disk)
    with pytest.raises(OutputError, match="No space left on device; chưa thay tệp nào"):
        build_plan(hai_phong, tmp_path)
    assert {p: p.read_bytes() for p in paths} == before
    leftovers = [p for p in (tmp_path / "2022-hai-phong").rglob(".hmtn-*")
                 if p.name != ".hmtn-manifest.json"]
    assert leftovers == []


def test_a_build_never_modifies_the_plan_files(tmp_path):
    files = sorted(p for p in HAI_PHONG.iterdir() if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    build_plan(load_plan(HAI_PHONG), tmp_path, combined=True)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert sorted(p for p in HAI_PHONG.iterdir() if p.is_file()) == files


def test_every_rendered_document_has_a_title_for_the_website(cv_docs, hung_yen,
                                                              hai_phong):
    from hmtn_docs.build import document_titles

    hung_yen_docs = {r.name: r for r in render_plan(hung_yen, combined=True)}
    for plan, docs in ((hung_yen, hung_yen_docs), (hai_phong, cv_docs)):
        titles = document_titles(plan)
        assert sorted(titles) == sorted(name.removesuffix(".docx") for name in docs)
    titles = document_titles(hai_phong)
    assert titles["cv-ngay-hoi-2022-12-17/nganh-giao-duc"] == \
        "Công văn gửi Sở Giáo dục và Đào tạo thành phố Hải Phòng"  # not yet numbered: no "số"
    assert document_titles(hung_yen)["2021-hung-yen-ke-hoach"] == (
        "Kế hoạch số 10/KH-UBND: Tuyên truyền, vận động và tổ chức hiến máu tình nguyện năm 2021")
