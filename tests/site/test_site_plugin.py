"""The ``hmtn`` MkDocs plugin: typed options in ``mkdocs.yml``, the environment as their defaults,
and its state on the plugin instance (two builds in one process do not share it)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from site_support import ROOT

MINIMAL = ROOT / "tests/plans/minimal"


def _project(folder: Path, plugin_options: str = "") -> Path:
    """A bare MkDocs project in ``folder`` with the hmtn plugin; returns its mkdocs.yml."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(f"site_name: Thử\ndocs_dir: docs\nplugins:\n  - hmtn{plugin_options}\n",
                      encoding="utf-8")
    return config


def _plans(folder: Path, *names: str) -> Path:
    for name in names:
        shutil.copytree(MINIMAL, folder / name)
    return folder


def _loaded(config_file: Path):
    config = load_config(str(config_file))
    plugin = config.plugins["hmtn"]
    plugin.on_config(config)
    return plugin


@pytest.fixture
def environment(tmp_path, monkeypatch):
    """Every setting given by the environment, pointing somewhere else than mkdocs.yml will."""
    env_plans = _plans(tmp_path / "env-plans", "2021-tu-bien")
    monkeypatch.setenv("HMTN_PLANS", str(env_plans))
    monkeypatch.setenv("HMTN_DOCS", str(tmp_path / "env-docs"))
    monkeypatch.setenv("HMTN_TODAY", "2030-01-01")
    monkeypatch.setenv("HMTN_DRAFTS", "1")
    return env_plans


def test_an_option_in_mkdocs_yml_wins_over_its_environment_variable(tmp_path, environment):
    project = tmp_path / "project"
    _plans(project / "ke-hoach", "2021-tu-mkdocs-yml")
    config_file = _project(project, ":\n      plans: ke-hoach\n      documents: van-ban\n"
                                    "      today: 2021-03-01\n      drafts: false")
    plugin = _loaded(config_file)
    settings = plugin.settings(project)
    assert settings.plans == project / "ke-hoach"  # relative to mkdocs.yml
    assert settings.documents == project / "van-ban"
    assert settings.today == dt.date(2021, 3, 1)
    assert settings.drafts is False
    assert [plan.id for plan in plugin.built.catalogue.plans] == ["2021-tu-mkdocs-yml"]
    assert plugin.built.catalogue.today == dt.date(2021, 3, 1)


def test_an_option_left_out_of_mkdocs_yml_is_read_from_its_environment_variable(tmp_path,
                                                                                environment):
    project = tmp_path / "project"
    plugin = _loaded(_project(project))
    settings = plugin.settings(project)
    assert settings.plans == environment
    assert settings.documents == tmp_path / "env-docs"
    assert settings.today == dt.date(2030, 1, 1)
    assert settings.drafts is True
    assert [plan.id for plan in plugin.built.catalogue.plans] == ["2021-tu-bien"]


def test_with_neither_option_nor_variable_the_folders_are_next_to_mkdocs_yml(tmp_path,
                                                                             monkeypatch):
    for name in ("HMTN_PLANS", "HMTN_DOCS", "HMTN_TODAY", "HMTN_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    project = tmp_path / "project"
    _plans(project / "plans", "2021-mac-dinh")
    plugin = _loaded(_project(project))
    settings = plugin.settings(project)
    assert (settings.plans, settings.documents) == (project / "plans", project / "build")
    assert (settings.today, settings.drafts) == (None, False)
    assert [plan.id for plan in plugin.built.catalogue.plans] == ["2021-mac-dinh"]


def test_a_day_in_mkdocs_yml_that_is_not_a_date_is_refused(tmp_path, caplog):
    config_file = _project(tmp_path, ":\n      today: hôm nay")
    with pytest.raises(Abort):
        load_config(str(config_file))
    assert ("Plugin 'hmtn' option 'today': 'hôm nay' không phải ngày; hãy viết như 2021-03-01"
            in caplog.text)


def test_two_builds_in_one_process_keep_their_own_plans(tmp_path, monkeypatch):
    monkeypatch.delenv("HMTN_PLANS", raising=False)
    first = tmp_path / "a"
    second = tmp_path / "b"
    _plans(first / "plans", "2021-mot")
    _plans(second / "plans", "2021-hai")
    one = _loaded(_project(first))
    two = _loaded(_project(second))
    assert [plan.id for plan in one.built.catalogue.plans] == ["2021-mot"]
    assert [plan.id for plan in two.built.catalogue.plans] == ["2021-hai"]


# --------------------------------------------------------------------------- hmtn site
def test_hmtn_site_options_win_over_mkdocs_yml(tmp_path, monkeypatch, capsys):
    from hmtn_docs.cli import main

    for name in ("HMTN_PLANS", "HMTN_DOCS", "HMTN_TODAY", "HMTN_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    project = tmp_path / "project"
    plan = _plans(project / "plans", "2021-du-thao") / "2021-du-thao" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("plan:\n", "plan:\n  status: draft\n",
                                                             1), encoding="utf-8")
    _project(project, ":\n      today: 2021-03-01\n      drafts: false")
    monkeypatch.chdir(project)
    assert main(["site", "--drafts", "--preview", "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "ke-hoach" / "2021-du-thao" / "index.html").is_file()
    assert "1 kế hoạch" in capsys.readouterr().out


def test_hmtn_site_without_the_plugin_in_mkdocs_yml_says_so(tmp_path, monkeypatch, capsys):
    from hmtn_docs.cli import main

    project = tmp_path / "project"
    (_project(project)).write_text("site_name: Thử\ndocs_dir: docs\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["site", "--preview", "-o", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "mkdocs.yml không dùng plugin hmtn: hãy thêm '- hmtn' vào mục plugins (sau '- search')")
