"""``hmtn`` itself (hmtn_docs/cli/__init__.py, cli/_vi.py): one language, help, version, the
environment variables as options, progress lines only for a person watching a terminal."""

from __future__ import annotations

import argparse
import contextlib
import gettext
import importlib.metadata
import io
import tomllib

import pytest

from hmtn_docs.cli import main

from conftest import ROOT

BARE_HELP = """\
cách dùng: hmtn [-h] [--version] LỆNH ...

Kế hoạch hiến máu tình nguyện: kiểm tra, tạo văn bản (DOCX/PDF) và trang web
từ YAML.

tùy chọn:
  -h, --help      in hướng dẫn này rồi thoát
  --version       in phiên bản rồi thoát

các lệnh:
  check           kiểm tra kế hoạch và báo mọi lỗi
  build           kiểm tra rồi tạo văn bản của các kế hoạch
  site            tạo trang web công khai từ các kế hoạch
  new             kế hoạch năm sau (bản nháp) từ kế hoạch năm nay: đợt giữ thứ
                  trong tuần, số và ngày để trống, kết quả mang theo
  diff            những gì đã đổi giữa hai phiên bản của một kế hoạch, cho
                  người duyệt (thoát 1 khi có thay đổi)
  check-template  báo thẻ hỏng và biến lạ trong một mẫu .docx đã sửa tay
  init            tạo thư mục làm việc mới: plans/ với một kế hoạch mẫu,
                  mkdocs.yml và site/

Xem hướng dẫn của từng lệnh: hmtn LỆNH -h
"""


class Terminal(io.StringIO):
    """stderr as a person at a terminal sees it."""

    def isatty(self) -> bool:
        return True


def run(args: list[str], err: io.StringIO | None = None) -> tuple[int, str, str]:
    """``hmtn ARGS`` in-process: (exit code, stdout, stderr); argparse's exits are codes too."""
    out, err = io.StringIO(), err if err is not None else io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps help to the terminal's width


def test_bare_hmtn_prints_the_help_in_vietnamese_and_succeeds():
    assert run([]) == (0, BARE_HELP, "")
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]  # English again after


def test_an_unknown_option_is_refused_in_vietnamese_with_exit_2():
    assert run(["build", "--nope"]) == (
        2, "", "cách dùng: hmtn [-h] [--version] LỆNH ...\n"
               "hmtn: lỗi: không hiểu các tham số: --nope\n")


def test_missing_arguments_are_named_in_vietnamese():
    assert run(["new"]) == (
        2, "", "cách dùng: hmtn new [-h] --from KẾ_HOẠCH TÊN\n"
               "hmtn new: lỗi: thiếu các tham số bắt buộc: TÊN, --from\n")


def test_a_bad_option_value_is_refused_in_vietnamese():
    code, _, err = run(["build", "--jobs", "0"])
    assert code == 2
    assert err.endswith("hmtn build: lỗi: tham số --jobs: cần một số nguyên dương, không "
                        "phải '0'\n")


def test_a_verbs_help_has_vietnamese_headings():
    code, out, _ = run(["check", "-h"])
    assert code == 0
    assert out == """\
cách dùng: hmtn check [-h] [--strict] [KẾ_HOẠCH ...]

Kiểm tra kế hoạch và báo mọi lỗi.

tham số:
  KẾ_HOẠCH    thư mục kế hoạch (mặc định: mọi thư mục trong plans/)

tùy chọn:
  -h, --help  in hướng dẫn này rồi thoát
  --strict    coi cảnh báo là lỗi
"""


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_version_prints_the_package_name_and_version():
    assert run(["--version"]) == (0, f"hmtn-docs {pyproject_version()}\n", "")


def test_version_falls_back_to_pyproject_when_not_installed(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert run(["--version"]) == (0, f"hmtn-docs {pyproject_version()}\n", "")


@pytest.mark.parametrize("verb, variable, option", [
    ("build", "HMTN_TEMPLATES", "--templates"),
    ("site", "HMTN_PLANS", "--plans"),
    ("site", "HMTN_DOCS", "--docs"),
    ("site", "HMTN_DRAFTS", "--drafts"),
    ("site", "HMTN_SITE_URL", "--site-url"),
    ("site", "HMTN_TODAY", "--today"),
])
def test_every_environment_variable_is_an_option_listed_in_its_verbs_help(verb, variable, option):
    code, out, _ = run([verb, "-h"])
    assert code == 0
    entry = out[out.index(f"  {option}"):]
    entry = entry[:entry.index("\n  -", 1)] if "\n  -" in entry[1:] else entry
    assert variable in " ".join(entry.split())


def test_every_environment_variable_the_code_reads_is_in_some_verbs_help():
    import re

    read = set()
    for path in (ROOT / "hmtn_docs").rglob("*.py"):
        text = path.read_text(encoding="utf-8")  # os.environ.get("X"), env.get("X"), env["X"]
        read |= set(re.findall(r"(?:\.get\(|\[)\"(HMTN_\w+)\"", text))
    packaged = (ROOT / "hmtn_docs/data/mkdocs.yml").read_text(encoding="utf-8")
    read |= set(re.findall(r"!ENV \[(HMTN_\w+)", packaged))
    helps = " ".join(run([verb, "-h"])[1] for verb in ("check", "build", "site", "new", "diff"))
    assert len(read) >= 6
    assert {name for name in read if name not in helps} == set()


def test_site_today_option_reaches_the_site_build(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("HMTN_TODAY", raising=False)
    code, _, err = run(["site", "--preview", "--today", "2021-13-01", "-o", str(tmp_path / "s"),
                        "--plans", "tests/plans"])
    assert code == 1
    assert "HMTN_TODAY='2021-13-01' không phải ngày" in err


def test_a_build_says_what_it_is_doing_only_on_a_terminal(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    code, _, err = run(["build", "plans/2021-hung-yen", "tests/plans/minimal", "-o",
                        str(tmp_path)], Terminal())
    assert code == 0
    assert err == ("kế hoạch 1/2: 2021-hung-yen: đang tạo văn bản\n"
                   "2021-hung-yen: 2021-hung-yen-gm-le-phat-dong-tung-noi: đang tạo 3 bản\n"
                   "kế hoạch 2/2: minimal: đang tạo văn bản\n")
    # not on a terminal (tests, CI, a log file): quiet
    assert run(["build", "plans/2021-hung-yen", "tests/plans/minimal", "-o", str(tmp_path)]) \
        == (0, f"plans/2021-hung-yen: đã ghi 9 tệp vào {tmp_path}/2021-hung-yen\n"
               f"tests/plans/minimal: đã ghi 2 tệp vào {tmp_path}/minimal\n", "")


@pytest.mark.pdf
def test_a_pdf_build_on_a_terminal_says_when_it_converts(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    code, _, err = run(["build", "tests/plans/minimal", "--pdf", "-o", str(tmp_path)], Terminal())
    assert code == 0
    assert err.endswith("kế hoạch 1/1: minimal: đang tạo văn bản\n"
                        "đang chuyển 1 văn bản sang PDF bằng LibreOffice\n")


def test_site_options_stand_for_their_environment_variables(monkeypatch, tmp_path):
    import os

    monkeypatch.chdir(ROOT)
    for name in ("HMTN_PLANS", "HMTN_DOCS", "HMTN_TODAY", "HMTN_SITE_URL", "HMTN_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    code, out, _ = run(["site", "--plans", "tests/plans", "--site-url", "https://x.example/",
                        "--today", "2021-03-01", "--docs", str(tmp_path / "none"),
                        "-o", str(tmp_path / "site")])
    assert (code, out.split(":", 1)[1]) == (0, " 1 kế hoạch, 2 đợt hiến máu, 21 trang được tạo\n")
    assert "<loc>https://x.example/</loc>" in (tmp_path / "site/sitemap.xml").read_text()
    assert not {name for name in os.environ if name.startswith("HMTN_")}  # set only while building
