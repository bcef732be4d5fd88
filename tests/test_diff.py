"""``hmtn diff``: what changed between two versions of a plan, for the approver, exactly as
printed; exit 0 when nothing changed, 1 when something did; ``--since REV`` reads the plan as
it was at a git revision."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess

import pytest

from hmtn_docs.cli import main

from conftest import MINIMAL

EXPECTED = """\
sau: thay đổi so với truoc
Đợt hiến máu đổi ngày:
  * 2021-03-09-an-thi (BCĐ vận động HMTN huyện Ân Thi): Thứ Ba, 09/3/2021 → Thứ Năm, 11/3/2021
Chỉ tiêu thay đổi:
  * 2021-07-14-so-y-te (Sở Y tế): 250 → 300 (+50)
  Tổng chỉ tiêu: 650 → 700 (+50)
Nội dung văn bản thay đổi:
  * Kế hoạch, mục I, khoản 1, ý 1 (ke_hoach.sections[0].items[0].bullets[0]):
      trước: Đẩy mạnh phong trào hiến máu tình nguyện.
      sau:   Đẩy mạnh phong trào hiến máu tình nguyện trong toàn tỉnh.
Nhắc:
  ! 2021-03-09-an-thi: đã công bố và đổi ngày nhưng revision vẫn là 0; hãy tăng lên 1 để lịch \
(.ics) của người đăng ký cập nhật
"""

EDITS = [("dates: 2021-03-09\n", "dates: 2021-03-11\n"),  # a drive moved
         ("quota: 250", "quota: 300"),  # a quota changed
         ("bullets: [Đẩy mạnh phong trào hiến máu tình nguyện.]",  # a paragraph edited
          "bullets: [Đẩy mạnh phong trào hiến máu tình nguyện trong toàn tỉnh.]")]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", *args])
    return code, out.getvalue(), err.getvalue()


def _edit(folder, edits) -> None:
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def two(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "truoc")
    shutil.copytree(MINIMAL, tmp_path / "sau")
    return tmp_path / "truoc", tmp_path / "sau"


def test_a_moved_drive_a_changed_quota_and_an_edited_paragraph_are_listed(two):
    before, after = two
    _edit(after, EDITS)
    assert run("truoc", "sau") == (1, EXPECTED, "")


def test_nothing_changed_exits_0(two):
    assert run("truoc", "sau") == (0, "sau: không có thay đổi so với truoc\n", "")


def test_added_removed_and_renamed_drives_and_units_and_a_raised_revision(two):
    before, after = two
    _edit(after, [("  - id: 2021-03-09-an-thi\n", "  - id: 2021-03-10-an-thi\n    revision: 1\n"),
                  ("    name: Sở Y tế\n", "    name: Sở Y tế tỉnh Mẫu\n")])
    code, out, _ = run("truoc", "sau")
    assert code == 1
    assert "Đợt hiến máu thêm:\n  + 2021-03-10-an-thi (BCĐ vận động HMTN huyện Ân Thi): Thứ " \
           "Ba, 09/3/2021, Nhà văn hóa huyện Ân Thi, chỉ tiêu 400\n" in out
    assert "Đợt hiến máu bỏ:\n  - 2021-03-09-an-thi" in out
    assert "Đơn vị thêm, bỏ hoặc đổi tên:\n  * so-y-te: 'Sở Y tế' → 'Sở Y tế tỉnh Mẫu'\n" in out
    assert "Nhắc:" not in out  # a new id is a new calendar entry


def test_since_a_git_revision_compares_the_plan_with_itself_then(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "plans" / "2021-mau"
    shutil.copytree(MINIMAL, plan)

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "kế hoạch")
    _edit(plan, EDITS)
    code, out, err = run("plans/2021-mau", "--since", "HEAD")
    assert (code, err) == (1, "")
    assert out == EXPECTED.replace("sau: thay đổi so với truoc",
                                   "plans/2021-mau: thay đổi so với plans/2021-mau ở HEAD")
    code, _, err = run("plans/2021-mau", "--since", "khong-co")
    assert (code, err) == (1, "git không có phiên bản 'khong-co' (hãy ghi như HEAD~1, một tag "
                              "hoặc mã commit)\n")


def test_a_documents_number_and_date_are_listed_when_they_change(two):
    before, after = two
    _edit(after, [("  number: 5\n  date: 2021-01-05\n", "  date: 2021-01\n")])
    code, out, _ = run("truoc", "sau")
    assert (code, out) == (1, "sau: thay đổi so với truoc\nNội dung văn bản thay đổi:\n"
                              "  * Kế hoạch: số 5, ngày 05/01/2021 → số (trống), ngày (trống) "
                              "tháng 1/2021\n")
