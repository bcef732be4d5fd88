"""``hmtn check`` end to end: the bad-plan corpus, exit codes, and a check that touches nothing.

Each folder under ``tests/bad_plans/`` is a plan with one mistake (or, for ``warning-*``, one
thing that deserves a second look) and ``expected.txt``, the exact stderr of ``hmtn check`` run
from the repository root. ``pytest --regen`` rewrites the expected files from the actual output.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hmtn_docs._yaml import MAX_BYTES
from hmtn_docs.cli import main

from conftest import BAD_PLANS, MINIMAL, ROOT

OK_MINIMAL = re.compile(r"tests/plans/minimal: hợp lệ, \d+ đợt hiến máu, chỉ tiêu [\d.]+ đơn vị "
                        r"máu\n")
CASES = sorted(p for p in BAD_PLANS.iterdir() if (p / "plan.yaml").exists())


def run_check(*args: str) -> tuple[int, str, str]:
    """``hmtn check ARGS`` in-process; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *args])
    return code, out.getvalue(), err.getvalue()


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_plan_prints_exactly_the_expected_problems(case: Path, at_root, regen):
    code, out, err = run_check(str(case.relative_to(ROOT)))
    expected_file = case / "expected.txt"
    if regen:
        expected_file.write_text(err, encoding="utf-8")
    assert "Traceback" not in err
    assert err == expected_file.read_text(encoding="utf-8")
    if case.name.startswith("warning-"):
        assert code == 0, "a plan with warnings only passes"
        assert err and all(": cảnh báo: " in line for line in err.splitlines())
        assert out.endswith(" đơn vị máu\n")
    else:
        assert code == 1
        assert err and out == ""


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_printed_problem_has_file_line_col_and_message(case: Path, at_root):
    _, _, err = run_check(str(case.relative_to(ROOT)))
    for line in err.splitlines():
        file, lineno, col, rest = line.split(":", 3)
        assert Path(file).is_file() and file.startswith(f"tests/bad_plans/{case.name}/")
        assert int(lineno) >= 1 and int(col) >= 1
        assert rest.startswith(" ") and rest.strip()


def test_bad_plans_are_reported_together_and_in_file_order(at_root):
    # several folders in one run: every plan is checked, one failing does not stop the rest
    a, b = "tests/bad_plans/unknown-signer", "tests/bad_plans/quota-zero"
    code, out, err = run_check(a, "tests/plans/minimal", b)
    assert code == 1
    assert err == ((ROOT / a / "expected.txt").read_text(encoding="utf-8")
                   + (ROOT / b / "expected.txt").read_text(encoding="utf-8"))
    assert OK_MINIMAL.fullmatch(out)


@pytest.mark.parametrize("case", ["several-errors", "several-check-errors"])
def test_several_errors_come_together_in_line_order(case, at_root):
    _, _, err = run_check(f"tests/bad_plans/{case}")
    lines = [int(line.split(":")[1]) for line in err.splitlines()]
    assert len(lines) == 4 and lines == sorted(lines)


def test_alias_bomb_is_refused_with_a_clear_message(at_root):
    # how fast: benchmarks/yaml_limits.py (timings are not asserted in tests)
    code, _, err = run_check("tests/bad_plans/alias-bomb")
    assert code == 1 and "billion laughs" in err


def test_strict_turns_warnings_into_failure(at_root):
    code, out, err = run_check("--strict", "tests/bad_plans/warning-drive-on-tet")
    assert code == 1
    assert ": cảnh báo: " in err and out == ""


# --------------------------------------------------------------------------- generated files
def test_oversized_file_is_refused_without_parsing(write_plan, minimal_text):
    filler = "# " + "x" * 1000 + "\n"
    text = minimal_text + filler * (MAX_BYTES // len(filler) + 1)
    folder = write_plan(text)
    code, _, err = run_check(str(folder.name))
    size = len(text.encode("utf-8"))
    assert code == 1
    shown = f"{size:,}".replace(",", ".")
    assert err == f"plan/plan.yaml:1:1: tệp có {shown} byte; tệp kế hoạch tối đa 2.097.152 " \
                  "byte\n"


def test_non_utf8_file_is_reported_at_the_line_of_the_first_bad_byte(write_plan, minimal_text):
    # a line saved in Windows-1252 by an old editor: "nhân dân" with a single byte for â
    line = minimal_text.splitlines().index("    name: Ủy ban nhân dân tỉnh Mẫu") + 1
    raw = minimal_text.encode("utf-8").replace("Ủy ban nhân dân tỉnh Mẫu\n".encode(),
                                               "Uy ban nhân dân tinh Mau\n".encode("cp1252"))
    folder = write_plan(raw)
    code, _, err = run_check(folder.name)
    assert code == 1
    assert err == f"plan/plan.yaml:{line}:1: tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng " \
                  "UTF-8\n"


def test_utf16_file_is_reported_as_not_utf8(write_plan, minimal_text):
    folder = write_plan(minimal_text.encode("utf-16"))
    code, _, err = run_check(folder.name)
    assert (code, err) == (1, "plan/plan.yaml:1:1: tệp không phải văn bản UTF-8; hãy lưu lại dưới "
                              "dạng UTF-8\n")


def test_utf8_file_with_byte_order_mark_is_accepted(write_plan, minimal_text):
    folder = write_plan(b"\xef\xbb\xbf" + minimal_text.encode("utf-8"))
    code, _, err = run_check(folder.name)
    assert (code, err) == (0, "")


def test_windows_line_endings_keep_line_numbers(write_plan, minimal_text):
    text = minimal_text.replace("    quota: 400\n", "    quota: 0\n").replace("\n", "\r\n")
    folder = write_plan(text)
    _, _, err = run_check(folder.name)
    line = minimal_text.splitlines().index("    quota: 400") + 1
    assert err == f"plan/plan.yaml:{line}:12: drives[0].quota: phải lớn hơn 0, không phải 0\n"


def test_missing_plan_folder_is_a_user_error(write_plan):
    write_plan("")
    code, out, err = run_check("nowhere")
    assert (code, out) == (1, "")
    assert err == "nowhere:1:1: không có thư mục hoặc tệp kế hoạch này\n"


# --------------------------------------------------------------------------- the good plan
def test_minimal_plan_passes_in_process(at_root):
    code, out, err = run_check("tests/plans/minimal")
    assert (code, err) == (0, "")
    assert OK_MINIMAL.fullmatch(out)


def test_minimal_plan_passes_as_a_subprocess():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "hmtn_docs", "check", "tests/plans/minimal"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert OK_MINIMAL.fullmatch(proc.stdout)


def test_bad_plan_as_a_subprocess_exits_1_without_traceback():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    case = BAD_PLANS / "deep-nesting"
    proc = subprocess.run([sys.executable, "-m", "hmtn_docs", "check",
                           str(case.relative_to(ROOT))],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == (case / "expected.txt").read_text(encoding="utf-8")


def test_check_never_modifies_the_plan_files(at_root):
    watched = [MINIMAL / "plan.yaml", BAD_PLANS / "include-redefines-key" / "plan.yaml",
               BAD_PLANS / "include-redefines-key" / "chung.yaml"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in watched}
    listing = {p.parent: sorted(os.listdir(p.parent)) for p in watched}
    run_check("tests/plans/minimal")
    run_check("tests/bad_plans/include-redefines-key")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in watched} == before
    assert {d: sorted(os.listdir(d)) for d in listing} == listing


def test_the_cli_leaves_the_callers_sigterm_handler_as_it_found_it(monkeypatch):
    import signal

    from hmtn_docs.cli import main

    monkeypatch.chdir(ROOT)
    before = signal.getsignal(signal.SIGTERM)
    assert main(["check", "tests/plans/minimal"]) == 0
    assert signal.getsignal(signal.SIGTERM) is before
