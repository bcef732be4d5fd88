"""Results and drafts on the built website: a past drive shows what it collected against its
quota, the home page and each organiser the year's progress, the open data the figures; a plan
marked ``status: draft`` stays off the public site unless ``hmtn site --drafts``."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from site_support import ROOT, run_build

DRAFT = "2022-nhap"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    plans = tmp_path_factory.mktemp("plans")
    shutil.copytree(ROOT / "plans" / "2021-hung-yen", plans / "2021-hung-yen")
    text = (ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8")
    text = text.replace("  period:", "  status: draft\n  period:", 1)
    (plans / DRAFT).mkdir()
    (plans / DRAFT / "plan.yaml").write_text(text, encoding="utf-8")
    return plans


def _build(tmp_path_factory, plans, *extra):
    out = tmp_path_factory.mktemp("site")
    docs = tmp_path_factory.mktemp("docs")
    run = run_build(["hmtn_docs", "site", "-o", str(out), *extra], plans, docs)
    assert run.returncode == 0, run.stderr
    return out, run.stderr


@pytest.fixture(scope="module")
def public(tmp_path_factory, plans):
    return _build(tmp_path_factory, plans)


def _results():
    return yaml.safe_load((ROOT / "plans/2021-hung-yen/results.yaml").read_text(encoding="utf-8"))


def test_a_past_drive_page_shows_its_units_against_its_quota(public):
    site, _ = public
    (r,) = [r for r in _results()["results"] if r["drive"] == "2021-02-26-so-y-te"]
    units = sum(r["bags"].values())
    html = (site / "dot/2021-hung-yen/2021-02-26-so-y-te/index.html").read_text(encoding="utf-8")
    pct = f"{round(units / 400 * 100, 1):g}".replace(".", ",")
    assert f"tiếp nhận {units}/400 đơn vị máu ({pct}%)" in html
    upcoming = (site / "dot/2021-hung-yen/2021-03-10-khoai-chau/index.html").read_text("utf-8")
    assert 'id="ket-qua"' not in upcoming  # HMTN_TODAY is 2021-03-01: not held yet


def test_the_home_page_and_the_open_data_give_the_years_progress(public):
    site, _ = public
    units = sum(sum(r["bags"].values()) for r in _results()["results"])
    shown = f"{units:,}".replace(",", ".")
    assert f"đã tiếp nhận {shown}/17.670 đơn vị máu" in (site / "index.html").read_text("utf-8")
    assert "Đã tiếp nhận" in (site / "don-vi/index.html").read_text("utf-8")
    data = json.loads((site / "du-lieu/dot-hien-mau.json").read_text("utf-8"))
    (plan,) = data["plans"]
    assert plan["results"]["units"] == units and plan["results"]["quota"] == 17670
    drive = next(d for d in data["drives"] if d["id"] == "2021-02-26-so-y-te")
    (r,) = [r for r in _results()["results"] if r["drive"] == "2021-02-26-so-y-te"]
    assert drive["results"]["units"] == sum(r["bags"].values()) and drive["results"]["complete"]


def test_a_draft_plan_is_left_out_of_the_public_site_and_the_build_says_so(public):
    site, stderr = public
    assert not (site / f"dot/{DRAFT}").exists()
    data = json.loads((site / "du-lieu/dot-hien-mau.json").read_text("utf-8"))
    assert [p["id"] for p in data["plans"]] == ["2021-hung-yen"]
    assert (f"{DRAFT}: kế hoạch nháp (status: draft) không được đưa lên trang web; dùng "
            "'hmtn site --drafts' để xem cả bản nháp") in stderr


def test_drafts_are_published_when_asked(tmp_path_factory, plans):
    site, stderr = _build(tmp_path_factory, plans, "--drafts")
    assert (site / f"dot/{DRAFT}/2021-03-09-an-thi/index.html").is_file()
    assert "được đưa lên trang web vì có --drafts" in stderr
