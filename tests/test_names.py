"""Output names are checked before anything is written (hmtn_docs/_names.py): a plan that checks
also builds, and no document replaces another."""

from __future__ import annotations

import shutil

import pytest

from hmtn_docs import PlanError, load_plan
from hmtn_docs.build import build_plan

from conftest import MINIMAL

LETTER = """
letters:
  - id: {id}
    issuer: ubnd
    notation: UBND-VX
    date: 2021-02
    subject: phối hợp tổ chức hiến máu
    to: [Các Sở, ban, ngành]
    drive: 2021-03-09-an-thi
    signer: pct
    recipients: [Như trên]
    archive: [VT]
"""


def _errors(folder) -> list[str]:
    with pytest.raises(PlanError) as exc:
        load_plan(folder)
    return [str(p) for p in exc.value.errors]


def test_a_letter_named_like_the_ke_hoach_is_a_check_error(write_plan, minimal_text):
    folder = write_plan(minimal_text + LETTER.format(id="ke-hoach"))
    lines = (minimal_text + LETTER).splitlines()
    line, kh = lines.index("  - id: {id}") + 1, lines.index("ke_hoach:") + 2  # its first value
    assert _errors(folder) == [
        f"plan/plan.yaml:{line}:9: letters[0].id: văn bản này sẽ được ghi vào tệp "
        f"plan-ke-hoach.docx, trùng với văn bản khai báo ở plan/plan.yaml:{kh}; hãy đổi 'id'"]


def test_a_letter_named_like_another_letters_combined_copies_is_a_check_error(write_plan,
                                                                           minimal_text):
    personal = LETTER.format(id="cv") .replace(
        "    drive: 2021-03-09-an-thi\n", "    drive: 2021-07-14-so-y-te\n    personal: \"{unit}: {quota}\"\n")
    text = minimal_text.replace(
        "    quota: 250\n", "    allocations: [{unit: so-y-te, quota: 250}]\n")
    folder = write_plan(text + personal + LETTER.format(id="cv-tung-don-vi").replace("letters:\n", ""))
    (error,) = _errors(folder)
    assert "letters[1].id: văn bản này sẽ được ghi vào tệp plan-cv-tung-don-vi.docx, trùng với" in error


@pytest.mark.parametrize("name, message", [
    ("index", "tên thư mục kế hoạch 'index' trùng với trang danh sách kế hoạch của trang web "
              "(ke-hoach/index); hãy đổi tên thư mục, ví dụ '2021-hung-yen'"),
    ("site", "tên thư mục kế hoạch 'site' trùng với thư mục trang web trong thư mục văn bản "
             "(build/site); hãy đổi tên thư mục, ví dụ '2021-hung-yen'"),
    ("Hưng Yên 2021", "tên thư mục kế hoạch 'Hưng Yên 2021' không dùng được làm tên tệp và địa "
                      "chỉ trang web: hãy đổi tên thư mục, chỉ dùng chữ thường không dấu, chữ số "
                      "và '-' (tối đa 80 ký tự), ví dụ '2021-hung-yen'"),
])
def test_a_plan_folder_whose_name_cannot_be_an_output_name_is_a_check_error(tmp_path, monkeypatch,
                                                                           name, message):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / name)
    assert _errors(tmp_path / name) == [f"{name}/plan.yaml:1:1: {message}"]


def test_building_dot_names_the_outputs_after_the_plan_folder(tmp_path, monkeypatch):
    shutil.copytree(MINIMAL, tmp_path / "2021-thu")
    monkeypatch.chdir(tmp_path / "2021-thu")
    out = tmp_path / "out"
    paths = build_plan(load_plan("."), out)
    assert [p.relative_to(out).as_posix() for p in paths] == ["2021-thu/2021-thu-ke-hoach.docx",
                                                              "2021-thu/2021-thu-ke-hoach.xlsx"]
