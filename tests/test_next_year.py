"""``hmtn new 2022-hung-yen --from plans/2021-hung-yen``: a draft that passes ``hmtn check``,
each drive on the same weekday of the same ISO week, numbers and dates blanked, last year's
results opening the Kế hoạch, and what needs a human printed at its place."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil

import pytest
import yaml

from hmtn_docs.cli import main
from hmtn_docs.load import load_plan

from conftest import ROOT

# a drive on Tuesday of ISO week 5 of 2021 lands on Tuesday 1 February 2022: mùng 1 Tết
TET_DRIVE = """
  - id: 2021-02-02-tet-thu
    organiser: so-y-te
    place: Bệnh viện Đa khoa tỉnh
    dates: 2021-02-02
    quota: 100
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    plans = tmp_path_factory.mktemp("w") / "plans"
    shutil.copytree(ROOT / "plans" / "2021-hung-yen", plans / "2021-hung-yen")
    drives = plans / "2021-hung-yen" / "drives.yaml"
    drives.write_text(drives.read_text(encoding="utf-8") + TET_DRIVE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(plans.parent)
        code, out, err = run("new", "2022-hung-yen", "--from", "plans/2021-hung-yen")
        check = run("check", "plans/2022-hung-yen")
    assert (code, err) == (0, ""), err
    return plans, out, check


def test_the_new_plan_passes_check_and_is_a_draft(made):
    plans, _, (code, out, _) = made
    assert code == 0 and out.startswith("plans/2022-hung-yen: hợp lệ, 49 đợt hiến máu")
    plan = load_plan(plans / "2022-hung-yen")
    assert plan.data.plan.status == "draft" and plan.data.plan.year == 2022


def test_every_drive_keeps_its_weekday_and_iso_week(made):
    plans, _, _ = made
    old = load_plan(plans / "2021-hung-yen").data.drives
    new = load_plan(plans / "2022-hung-yen").data.drives
    assert len(old) == len(new)
    for a, b in zip(old, new):
        for d1, d2 in zip(sorted(a.dates), sorted(b.dates)):
            assert (d2.isocalendar().week, d2.weekday()) == (d1.isocalendar().week, d1.weekday())
            assert 362 <= (d2 - d1).days <= 371
        assert b.id.startswith(min(b.dates).isoformat())  # the id's date follows the drive
        assert b.revision == 0


def test_a_drive_landing_on_tet_and_sunday_drives_are_printed_at_their_place(made):
    _, out, _ = made
    lines = out.splitlines()
    (tet,) = [x for x in lines if "Tết" in x]
    assert tet == ("plans/2022-hung-yen/drives.yaml:414:12: drives[48].dates[0]: cảnh báo: Thứ Ba, "
                   "01/02/2022 là ngày lễ (Tết Nguyên Đán (mùng 1)) (năm trước: Thứ Ba, "
                   "02/02/2021)")
    sundays = [x for x in lines if "là Chủ nhật" in x]
    assert sundays and all("(năm trước: Chủ nhật," in x for x in sundays)


def test_numbers_and_dates_of_documents_are_blanked_and_references_follow(made):
    plans, out, _ = made
    plan = load_plan(plans / "2022-hung-yen")
    d = plan.data
    docs = [d.ke_hoach, *d.notices, *d.invitations, *d.reports]
    assert all(doc.number is None and (doc.date.year, doc.date.month) == (2022, None)
               for doc in docs)
    assert d.notices[0].month == "2022-03"
    assert plan.drive(d.invitations[0].event.drive) is not None
    assert "ke_hoach.bases[0].number: cảnh báo: căn cứ Quyết định số 103/QĐ-BCĐQG là của năm " \
           "trước" in out


def test_last_years_results_open_the_new_ke_hoach(made):
    plans, out, _ = made
    results = yaml.safe_load((ROOT / "plans/2021-hung-yen/results.yaml").read_text("utf-8"))
    drives = yaml.safe_load((ROOT / "plans/2021-hung-yen/drives.yaml").read_text("utf-8"))
    units = sum(sum(r["bags"].values()) for r in results["results"])
    quota = sum(x["quota"] for x in drives["drives"]) + 100  # and the drive the test added
    r = load_plan(plans / "2022-hung-yen").data.ke_hoach.results
    assert (r.year, r.units, r.plan_units, r.drives) == (2021, units, quota,
                                                         len(results["results"]))
    assert r.start == dt.date(2020, 12, 1) and r.percent_of_plan is None
    pct = f"{round(units / quota * 100, 1):g}".replace(".", ",")
    assert f"kết quả năm 2021: {units:,} đơn vị máu, đạt {pct}% kế hoạch".replace(",", ".", 1) \
        in out
    assert (plans / "2022-hung-yen" / "units.yaml").read_bytes() == \
        (ROOT / "plans/2021-hung-yen/units.yaml").read_bytes()  # unchanged: copied as typed


def test_an_existing_folder_is_not_overwritten(made):
    plans, _, _ = made
    code, out, err = run("new", "2022-hung-yen", "--from", str(plans / "2021-hung-yen"))
    assert code == 1 and "đã có" in err and out == ""


def test_the_new_ke_hoach_opens_with_the_computed_figures(made):
    from hmtn_docs.documents import ke_hoach

    plans, _, _ = made
    plan = load_plan(plans / "2022-hung-yen")
    r = plan.data.ke_hoach.results
    pct = f"{round(r.units / r.plan_units * 100, 1):g}".replace(".", ",")
    opening = ke_hoach.context(plan)["body"][0]["text"]
    assert (f"tiếp nhận được {r.units:,} đơn vị máu, đạt {pct}% kế hoạch Ủy ban nhân dân tỉnh "
            "giao.").replace(",", ".", 1) in opening
