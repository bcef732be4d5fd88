"""A build's folder holds exactly that build (hmtn_docs/build.py through hmtn_docs/_output.py):
nothing stale, partial or foreign is left for a clerk to print or for the site to publish."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from hmtn_docs import load_plan
from hmtn_docs.build import build_plan
from hmtn_docs.cli import main
from hmtn_docs.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
HAI_PHONG = ROOT / "plans" / "2022-hai-phong"


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _drop_unit(plan_dir: Path, unit: str) -> None:
    text = (plan_dir / "plan.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if f"unit: {unit}," not in line]
    assert len(kept) == len(text.splitlines()) - 1, "the allocation line of the unit"
    (plan_dir / "plan.yaml").write_text("".join(kept), encoding="utf-8")


@pytest.mark.pdf
def test_rebuilding_without_a_unit_pdf_or_combined_leaves_only_the_new_files(tmp_path,
                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(HAI_PHONG, tmp_path / "plans" / "2022-hai-phong")
    plan_dir = tmp_path / "plans" / "2022-hai-phong"
    out = tmp_path / "out"
    assert main(["build", str(plan_dir), "-o", str(out), "--pdf", "--combined"]) == 0
    first = _files(out / "2022-hai-phong")
    letter = "cv-ngay-hoi-2022-12-17"
    assert f"{letter}/cang-vu.pdf" in first
    assert f"2022-hai-phong-{letter}-tung-don-vi.pdf" in first

    _drop_unit(plan_dir, "cang-vu")
    assert main(["build", str(plan_dir), "-o", str(out)]) == 0
    plan = load_plan(plan_dir)
    drive = next(d for d in plan.data.drives if d.allocations)
    expected = ({f"2022-hai-phong-{letter}.docx", f"2022-hai-phong-{letter}.xlsx",
                 ".hmtn-manifest.json"}
                | {f"{letter}/{a.unit}.docx" for a in drive.allocations})
    assert _files(out / "2022-hai-phong") == expected
    manifest = json.loads((out / "2022-hai-phong" / ".hmtn-manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} == expected - {".hmtn-manifest.json"}

    site = tmp_path / "site"
    monkeypatch.setenv("HMTN_PLANS", str(tmp_path / "plans"))
    monkeypatch.setenv("HMTN_TODAY", "2022-12-01")
    assert main(["site", "-o", str(site), "--docs", str(out), "--preview"]) == 0
    html = (site / "ke-hoach" / "2022-hai-phong" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="van-ban/([^"]+)"', html))
    assert linked == expected - {".hmtn-manifest.json"}
    published = _files(site / "ke-hoach" / "2022-hai-phong" / "van-ban")
    assert published == linked


def test_building_into_a_plan_folder_is_refused_and_changes_nothing(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    plans = tmp_path / "plans"
    shutil.copytree(HAI_PHONG, plans / "2022-hai-phong")
    before = {p: p.read_bytes() for p in plans.rglob("*") if p.is_file()}
    assert main(["build", "plans/2022-hai-phong", "-o", "plans"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("không ghi vào plans/2022-hai-phong: thư mục này có tệp không do "
                          "hmtn-docs tạo (plan.yaml, units.yaml) và không có .hmtn-manifest.json")
    assert {p: p.read_bytes() for p in plans.rglob("*") if p.is_file()} == before


def test_a_failed_build_of_a_second_plan_leaves_the_first_plans_folder_as_it_was(tmp_path):
    from hmtn_docs.build import build_plans

    hai_phong = load_plan(HAI_PHONG)
    build_plans([hai_phong], tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    (tmp_path / "2021-hung-yen").write_bytes(b"a file where the folder should go")
    with pytest.raises(OutputError, match="đó là một tệp, không phải thư mục"):
        build_plans([hai_phong, load_plan(ROOT / "plans" / "2021-hung-yen")], tmp_path)
    before[tmp_path / "2021-hung-yen"] = b"a file where the folder should go"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_documents_do_not_depend_on_the_day_they_are_built(tmp_path, monkeypatch):
    plan = load_plan(HAI_PHONG)
    first = {p.name: p.read_bytes() for p in build_plan(plan, tmp_path / "a")}
    monkeypatch.setenv("HMTN_TODAY", "2030-01-01")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 400 * 86400)
    second = {p.name: p.read_bytes() for p in build_plan(plan, tmp_path / "b")}
    assert first == second


def test_build_jobs_option_reaches_the_pdf_conversion(tmp_path, monkeypatch):
    from contextlib import contextmanager

    from hmtn_docs import _pdf

    asked = []

    @contextmanager
    def converting(files, *, timeout=None, jobs=None):
        asked.append(jobs)
        raise OutputError("dừng ở đây")
        yield

    monkeypatch.setattr(_pdf, "convert_to_pdf", converting)
    assert main(["build", str(HAI_PHONG), "-o", str(tmp_path / "out"), "--pdf",
                 "--jobs", "1"]) == 1
    assert asked == [1]
    assert not (tmp_path / "out").exists() or _files(tmp_path / "out") == set()


def test_build_refuses_a_jobs_count_that_is_not_positive(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(HAI_PHONG), "-o", str(tmp_path / "out"), "--jobs", "0"])
    assert exit_.value.code == 2
    assert "--jobs: cần một số nguyên dương, không phải '0'" in capsys.readouterr().err
