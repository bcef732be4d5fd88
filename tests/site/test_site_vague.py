"""The site shows a drive known only by month as such: under its month, marked "dự kiến", on no
day of the grid, with no calendar event and no day in its data (issue 11)."""

from __future__ import annotations

import json
import shutil

import pytest
from site_support import ROOT, run_build

PLAN = "2026-xa-hong-quang"  # examples/: one drive on a day, one "đầu tháng 5/2026"
VAGUE = "2026-05-dau-thang"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vague")
    shutil.copytree(ROOT / "examples" / PLAN, tmp / "plans" / PLAN)
    (tmp / "docs").mkdir()
    run = run_build(["hmtn_docs", "site", "-o", str(tmp / "out")], tmp / "plans", tmp / "docs")
    assert run.returncode == 0, run.stderr
    return tmp / "out"


def test_a_month_only_drive_is_listed_under_its_month_marked_du_kien_and_on_no_day(site):
    html = (site / "lich/2026-05/index.html").read_text(encoding="utf-8")
    grid = html[html.index('class="hmtn-cal"'):html.index("</table>")]
    assert VAGUE not in grid
    listed = html[html.index('id="du-kien"'):]
    assert f"dot/{PLAN}/{VAGUE}/" in listed
    assert '<time datetime="2026-05">đầu tháng 5/2026 (dự kiến)</time>' in listed
    assert '<span class="hmtn-badge">Dự kiến</span>' in listed


def test_a_month_only_drive_has_no_calendar_event_and_no_invented_day_or_quota(site):
    page = (site / f"dot/{PLAN}/{VAGUE}/index.html").read_text(encoding="utf-8")
    assert "data-hmtn-ics" not in page and "data-hmtn-gcal" not in page
    assert '"startDate": "2026-05"' in page  # JSON-LD: the month, not a day
    assert "BEGIN:VEVENT" not in (site / f"dot/{PLAN}/{VAGUE}.ics").read_text(encoding="utf-8")
    feed = (site / "lich-hien-mau.ics").read_text(encoding="utf-8")
    assert feed.count("BEGIN:VEVENT") == 1  # the drive that has a day
    data = json.loads((site / "du-lieu/dot-hien-mau.json").read_text(encoding="utf-8"))
    vague = next(d for d in data["drives"] if d["id"] == VAGUE)
    assert (vague["dates"], vague["month"], vague["when"], vague["quota"]) == \
        ([], "2026-05", "đầu tháng 5/2026 (dự kiến)", None)


def test_a_plan_without_committee_shows_its_area_and_no_empty_facts(site):
    page = (site / f"ke-hoach/{PLAN}/index.html").read_text(encoding="utf-8")
    facts = page[page.index('<dl class="hmtn-facts">'):page.index("</dl>")]
    assert "<dt>Địa bàn</dt>\n<dd>xã Hồng Quang</dd>" in facts
    assert "Ban Chỉ đạo" not in facts and "None" not in facts
    assert "<dt>Tổng chỉ tiêu</dt>\n<dd>không ghi chỉ tiêu</dd>" in facts
