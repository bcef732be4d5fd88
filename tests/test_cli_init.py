"""``hmtn init``: a working folder made from the package's data, where the other verbs work;
and ``hmtn site`` in a folder without ``mkdocs.yml`` (the packaged default site)."""

from __future__ import annotations

import shutil

from hmtn_docs._data import EXAMPLE_PLAN, SCHEMAS
from hmtn_docs.cli import main

from conftest import ROOT

SCHEMA_LINE = "# yaml-language-server: $schema="


def _texts(folder):
    """Each YAML file of a plan folder, without its first ($schema) line."""
    return {p.name: p.read_text(encoding="utf-8").split("\n", 1)[1]
            for p in sorted(folder.glob("*.yaml"))}


def test_the_packaged_example_is_the_hung_yen_plan():
    assert _texts(EXAMPLE_PLAN / "2021-hung-yen") == _texts(ROOT / "plans" / "2021-hung-yen"), \
        "hmtn_docs/data/example/2021-hung-yen/ differs from plans/2021-hung-yen/: copy it again"


def test_init_makes_a_folder_where_check_and_site_work(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HMTN_TODAY", "2021-03-01")
    for name in ("HMTN_PLANS", "HMTN_DOCS", "HMTN_SITE_URL", "HMTN_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    assert main(["init", "work"]) == 0
    assert capsys.readouterr().out == (
        "work: đã tạo thư mục làm việc (plans/2021-hung-yen, mkdocs.yml, site/); tiếp theo: "
        "cd work && hmtn check && hmtn build && hmtn site --preview\n")
    work = tmp_path / "work"
    assert sorted(p.name for p in work.iterdir()) == ["mkdocs.yml", "plans", "site"]
    plan = (work / "plans/2021-hung-yen/plan.yaml").read_text(encoding="utf-8")
    assert plan.startswith(f"{SCHEMA_LINE}{(SCHEMAS / 'plan.schema.json').as_uri()}\n")
    monkeypatch.chdir(work)
    assert main(["check"]) == 0
    assert main(["site", "--preview"]) == 0
    assert (work / "build/site/index.html").is_file()
    assert (work / "build/site/ke-hoach/2021-hung-yen/index.html").is_file()


def test_init_refuses_a_folder_that_has_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "ghi-chu.txt").write_text("của thư ký", encoding="utf-8")
    assert main(["init", "work"]) == 1
    assert capsys.readouterr().err == (
        "work: thư mục đã có tệp; hãy chọn một thư mục mới hoặc thư mục trống để hmtn init "
        "không ghi đè lên chúng\n")
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["ghi-chu.txt"]


def test_site_without_mkdocs_yml_uses_the_packaged_default_with_this_folders_plans(
        tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "tests/plans/minimal", tmp_path / "plans" / "minimal")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HMTN_TODAY", "2021-03-01")
    for name in ("HMTN_PLANS", "HMTN_DOCS", "HMTN_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["site", "--preview"]) == 0
    assert capsys.readouterr().out.startswith("build/site: 1 kế hoạch, ")
    assert (tmp_path / "build/site/ke-hoach/minimal/index.html").is_file()


def test_next_years_plan_in_an_init_folder_keeps_pointing_at_the_installed_schema(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "work"]) == 0
    monkeypatch.chdir(tmp_path / "work")
    main(["new", "2022-hung-yen", "--from", "plans/2021-hung-yen"])
    for name, schema in (("plan.yaml", "plan.schema.json"), ("units.yaml", "include.schema.json")):
        first = (tmp_path / "work/plans/2022-hung-yen" / name).read_text(encoding="utf-8")
        assert first.startswith(f"{SCHEMA_LINE}{(SCHEMAS / schema).as_uri()}\n"), name
