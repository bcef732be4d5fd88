"""The built website without a browser: pages, navigation, feeds, open data, escaping, search."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar

from hmtn_docs.load import load_plan
from hmtn_docs.vi import format_day_with_weekday, format_short_date
from site_fixtures import (  # noqa: F401 - fixtures, see site_fixtures.py
    built_site,
    built_site_again,
    site_docs,
    site_plans,
)
from site_support import (
    CANCELLED_DRIVE,
    HOSTILE_DRIVE,
    HOSTILE_PLAN,
    REGISTRATION,
    ROOT,
    SITE_URL,
    STAFF_DRIVE,
    run_build,
)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def drive_page(site: Path, plan: str, drive: str) -> str:
    return read(site, f"dot/{plan}/{drive}/index.html")


@pytest.fixture(scope="session")
def plans(site_plans):
    return [load_plan(p) for p in sorted(site_plans.iterdir()) if (p / "plan.yaml").exists()]


class Links(HTMLParser):
    """hrefs inside the element matching (tag, class part)."""

    def __init__(self, tag: str, cls: str):
        super().__init__()
        self.want, self.depth, self.hrefs = (tag, cls), 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            if tag == self.want[0]:
                self.depth += 1
            if tag == "a" and a.get("href"):
                self.hrefs.append(a["href"])
        elif tag == self.want[0] and self.want[1] in (a.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == self.want[0]:
            self.depth -= 1


def nav_links(html: str) -> list[str]:
    p = Links("nav", "md-nav--primary")
    p.feed(html)
    return p.hrefs


# --------------------------------------------------------------------------- pages
def test_every_drive_has_a_page_and_an_ics(built_site, plans):
    for plan in plans:
        for drive in plan.data.drives:
            assert (built_site / f"dot/{plan.id}/{drive.id}/index.html").is_file()
            assert (built_site / f"dot/{plan.id}/{drive.id}.ics").is_file()


def test_main_pages_exist(built_site):
    for rel in ("index.html", "lich/index.html", "lich/danh-sach/index.html",
                "lich/2021-03/index.html", "don-vi/index.html", "dia-diem/index.html",
                "chuong-trinh/index.html", "ke-hoach/index.html", "hien-mau/index.html",
                "du-lieu/index.html", "lich-hien-mau.ics", "du-lieu/dot-hien-mau.json",
                "ke-hoach/2021-hung-yen/index.html", "ke-hoach/2021-hung-yen/lich.ics"):
        assert (built_site / rel).is_file(), rel


def test_one_page_per_month_with_prev_and_next(built_site):
    months = sorted(p.name for p in (built_site / "lich").iterdir() if re.fullmatch(r"\d{4}-\d\d", p.name))
    assert months[0] == "2020-12" and months[-1] == "2022-12"
    assert len(months) == 25  # every month in between, empty ones too
    march = read(built_site, "lich/2021-03/index.html")
    assert 'rel="prev" href="../2021-02/"' in march
    assert 'rel="next" href="../2021-04/"' in march
    assert march.count("<th scope=\"col\">") == 7
    assert 'href="../../dot/2021-hung-yen/2021-03-10-khoai-chau/"' in march
    # 9/3/2021 has two drives (two plans): the day links to its list on the month page
    assert 'href="#ngay-2021-03-09"' in march and 'id="ngay-2021-03-09"' in march


def test_drive_pages_are_not_in_the_navigation(built_site):
    for rel in ("index.html", "lich/2021-03/index.html",
                "dot/2021-hung-yen/2021-03-10-khoai-chau/index.html"):
        links = nav_links(read(built_site, rel))
        assert links, f"no navigation found in {rel}"
        assert not [h for h in links if "dot/" in h or re.search(r"lich/\d{4}-\d\d", h)], rel
    home = nav_links(read(built_site, "index.html"))
    assert "lich/" in home and "hien-mau/" in home


def test_home_lists_drives_after_hmtn_today(built_site):
    home = read(built_site, "index.html")
    block = home[home.index('id="sap-toi"'):]
    first = re.search(r'<time datetime="([\d-]+)"', block).group(1)
    assert first == "2021-03-09"  # the first drive on or after HMTN_TODAY=2021-03-01
    assert "2020-12-11" not in block[:block.index("</ul>")]


def test_drive_page_details(built_site):
    html = drive_page(built_site, "2022-hai-phong", "2022-12-17-ngay-hoi-so-nganh")
    assert "Thứ Bảy, 17/12/2022" in html
    assert "7h30 - 11h00" in html
    assert "Số 06 đường Hồng Bàng" in html
    assert "1.780 đơn vị máu" in html
    assert "Bệnh viện Hữu nghị Việt Tiệp" in html or "Việt Tiệp" in html
    assert 'href="../2022-12-17-ngay-hoi-so-nganh.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "data-hmtn-share" in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                              re.S).group(1))
    assert ld["@type"] == "Event"
    assert ld["startDate"] == "2022-12-17T07:30:00+07:00"
    assert ld["endDate"] == "2022-12-17T11:00:00+07:00"
    assert ld["location"]["@type"] == "Place" and ld["location"]["address"]["addressRegion"]
    assert ld["organizer"]["name"]
    assert ld["eventStatus"] == "https://schema.org/EventScheduled"


def test_plan_page_offers_the_documents_its_build_listed_and_no_other_file(built_site,
                                                                          site_docs):
    html = read(built_site, "ke-hoach/2021-hung-yen/index.html")
    offered = re.findall(r'href="van-ban/([^"]+)"', html)
    built = json.loads((site_docs / "2021-hung-yen" / ".hmtn-manifest.json").read_text())
    assert sorted(offered) == sorted(f["path"] for f in built["files"])
    assert "2021-hung-yen-ke-hoach.docx" in offered
    assert "ghi-chu.txt" not in html and "don-vi-1" not in html
    folder = built_site / "ke-hoach/2021-hung-yen/van-ban"
    published = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert published == sorted(offered)
    other = read(built_site, "ke-hoach/2022-hai-phong/index.html")
    assert "data-hmtn-no-documents" in other and "Chưa có văn bản" in other


# --------------------------------------------------------------------------- feeds and data
def events_of(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def test_feed_parses_back_with_every_drive_day(built_site, plans):
    events = events_of(built_site / "lich-hien-mau.ics")
    assert len(events) == sum(len(d.dates) for p in plans for d in p.data.drives)
    uids = [str(ev["UID"]) for ev in events]
    assert len(set(uids)) == len(uids)
    assert "2021-03-10-khoai-chau@2021-hung-yen.hmtn" in uids
    cal = Calendar.from_ical((built_site / "lich-hien-mau.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    by_uid = {str(ev["UID"]): ev for ev in events}
    timed = by_uid["2022-12-17-ngay-hoi-so-nganh@2022-hai-phong.hmtn"]
    assert timed.decoded("DTSTART").isoformat() == "2022-12-17T07:30:00+07:00"
    allday = by_uid["2021-03-10-khoai-chau@2021-hung-yen.hmtn"]
    assert allday.decoded("DTSTART").isoformat() == "2021-03-10"
    assert allday.decoded("DTSTAMP").isoformat() == "2021-01-10T00:00:00+00:00"  # plan date
    two_days = [u for u in uids if u.startswith(HOSTILE_DRIVE)]
    assert sorted(two_days) == [f"{HOSTILE_DRIVE}-ngay-2@{HOSTILE_PLAN}.hmtn",
                                f"{HOSTILE_DRIVE}@{HOSTILE_PLAN}.hmtn"]
    cancelled = by_uid[f"{CANCELLED_DRIVE}@{HOSTILE_PLAN}.hmtn"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2


def test_single_drive_ics(built_site):
    events = events_of(built_site / "dot/2021-hung-yen/2021-03-10-khoai-chau.ics")
    assert [str(ev["UID"]) for ev in events] == ["2021-03-10-khoai-chau@2021-hung-yen.hmtn"]
    assert "Khoái Châu" in str(events[0]["SUMMARY"])


def test_builds_are_byte_identical(built_site, built_site_again):
    names = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.ics"))
    assert len(names) > 50
    for name in names + ["du-lieu/dot-hien-mau.json"]:
        assert (built_site / name).read_bytes() == (built_site_again / name).read_bytes(), name


def test_drive_page_names_the_campus_beside_the_place(built_site):
    html = drive_page(built_site, "2021-hung-yen", "2021-05-18-dh-spkt")
    assert "<strong>Trường Đại học Sư phạm Kỹ thuật Hưng Yên</strong><br>\nCơ sở 2<br>" in html
    event = Calendar.from_ical(read(built_site, "dot/2021-hung-yen/2021-05-18-dh-spkt.ics")
                               ).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Trường Đại học Sư phạm Kỹ thuật Hưng Yên, cơ sở 2"


def test_a_drives_contact_is_on_its_page_in_its_ics_and_in_open_data(built_site, plans):
    drive = next(d for p in plans for d in p.data.drives if d.contact)
    html = drive_page(built_site, "2021-hung-yen", drive.id)
    assert f"<dt>Liên hệ</dt>\n<dd>{drive.contact}</dd>" in html
    event = Calendar.from_ical(read(built_site, f"dot/2021-hung-yen/{drive.id}.ics")).walk("VEVENT")[0]
    assert f"Liên hệ: {drive.contact}" in str(event["DESCRIPTION"]).splitlines()
    data = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))
    (record,) = [r for r in data["drives"] if r["id"] == drive.id]
    assert record["contact"] == drive.contact


def test_open_data_matches_the_plans(built_site, plans):
    data = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))
    records = {(r["plan"], r["id"]): r for r in data["drives"]}
    expected = {(p.id, d.id): (p, d) for p in plans for d in p.data.drives}
    assert set(records) == set(expected)
    for key, (plan, drive) in expected.items():
        r = records[key]
        assert r["dates"] == [day.isoformat() for day in sorted(drive.dates)]
        assert r["quota"] == drive.total
        assert r["status"] == drive.status and r["revision"] == drive.revision
        assert r["organiser"]["name"] == plan.data.units[drive.organiser].name
        assert r["place"]["name"] == drive.place.name
        assert r["place"]["campus"] == drive.campus
        assert (built_site / r["page"] / "index.html").is_file()
        assert (built_site / r["ics"]).is_file()
    assert [p["id"] for p in data["plans"]] == [p.id for p in sorted(
        plans, key=lambda p: (p.data.plan.year, p.id))]


# --------------------------------------------------------------------------- escaping
def test_text_from_yaml_is_shown_literally(built_site):
    html = drive_page(built_site, HOSTILE_PLAN, HOSTILE_DRIVE)
    assert "&lt;script&gt;window.__hmtn_xss = 1&lt;/script&gt;" in html
    assert "<script>window.__hmtn_xss" not in html
    assert "<img" not in html and "&lt;img src=x onerror=&quot;window" in html
    assert "<b>văn</b>" not in html and "&lt;b&gt;văn&lt;/b&gt;" in html
    assert "**đậm**" in html and "<strong>đậm</strong>" not in html
    assert "{{ config.site_name }}" in html and "{% if true %}x{% endif %}" in html
    assert "[liên kết](http://x)" in html and 'href="http://x"' not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;script&gt;" in title and "<script" not in title
    # JSON-LD cannot be closed from inside
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in ld and "\\u003cscript\\u003e" in ld
    assert json.loads(ld)["location"]["name"].startswith("<script>")
    for rel in ("lich/2021-07/index.html", "dia-diem/index.html", "lich/danh-sach/index.html",
                f"ke-hoach/{HOSTILE_PLAN}/index.html"):
        assert "<script>window.__hmtn_xss" not in read(built_site, rel), rel
    index = read(built_site, "search/search_index.json")
    assert "<script>window.__hmtn_xss" not in index


# --------------------------------------------------------------------------- search
def test_search_index_has_accent_folded_fields(built_site):
    index = json.loads(read(built_site, "search/search_index.json"))
    fields = index["config"]["fields"]
    assert fields["folded_title"]["boost"] == fields["title"]["boost"]
    assert "folded_text" in fields
    assert index["config"]["lang"] == ["vi"]
    docs = {d["location"]: d for d in index["docs"]}
    khoai = docs["dot/2021-hung-yen/2021-03-10-khoai-chau/"]
    assert "khoai chau" in khoai["folded_title"]
    assert "hien mau" in khoai["folded_text"]
    assert khoai["title"] == "Nhà văn hóa huyện Khoái Châu — Thứ Tư, 10/3/2021"  # shown in results


def test_month_pages_are_in_the_search_index_without_their_drive_lists(built_site):
    docs = {d["location"]: d for d in json.loads(read(built_site, "search/search_index.json"))["docs"]}
    march = docs["lich/2021-03/"]
    assert march["title"] == "Lịch hiến máu tháng 3/2021"
    assert "Khoái Châu" not in march["text"]  # the drive pages are the results for drives


# --------------------------------------------------------------------------- findable
def test_every_drive_page_has_the_date_in_its_heading_and_title(built_site, plans):
    for plan in plans:
        for drive in plan.data.drives:
            html = drive_page(built_site, plan.id, drive.id)
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
            day = min(drive.dates)
            assert f"— {format_day_with_weekday(day)}" in h1, h1
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert format_short_date(day) in title, title


def test_a_staff_only_drive_is_marked_in_every_list_and_on_its_page(built_site):
    page = drive_page(built_site, HOSTILE_PLAN, STAFF_DRIVE)
    assert "Đợt hiến máu nội bộ: chỉ dành cho cán bộ, nhân viên" in page
    href = f"dot/{HOSTILE_PLAN}/{STAFF_DRIVE}/"
    for rel in ("lich/danh-sach/index.html", "dia-diem/index.html", "don-vi/index.html",
                f"ke-hoach/{HOSTILE_PLAN}/index.html"):
        row = re.search(rf'<li[^>]*><a href="[./]*{re.escape(href)}">.*?</li>',
                        read(built_site, rel), re.S).group(0)
        assert "Nội bộ" in row, rel
    others = read(built_site, "lich/danh-sach/index.html").count("hmtn-badge--staff")
    assert others == 1


def test_the_list_has_filters_and_a_prebuilt_page_per_area(built_site):
    html = read(built_site, "lich/danh-sach/index.html")
    for name in ("area", "organiser", "programme", "month"):
        assert f'<select id="loc-{name}" name="{name}">' in html
    rows = re.findall(r'<li[^>]* data-area="([^"]+)"[^>]*><a href="[./]*dot/([^"]+)/"', html)
    assert len(rows) > 40
    area = "hung-yen--huyen-khoai-chau-dia-ban-cu"
    page = read(built_site, f"lich/khu-vuc/{area}/index.html")
    listed = set(re.findall(r'<a href="[./]*dot/([^"]+)/"', page))
    assert listed == {drive for a, drive in rows if a == area}
    assert f'href="../khu-vuc/{area}/"' in html  # the no-JavaScript way in


# --------------------------------------------------------------------------- failures
def test_a_bad_plan_fails_the_build_with_its_position(tmp_path, site_plans, site_docs):
    plans = tmp_path / "plans"
    shutil.copytree(site_plans / "2022-hai-phong", plans / "2022-hai-phong")
    text = (plans / "2022-hai-phong/plan.yaml").read_text(encoding="utf-8")
    text = text.replace('time: "7h30 - 11h00"', 'time: "7h30 - 25h00"', 1)
    (plans / "2022-hai-phong/plan.yaml").write_text(text, encoding="utf-8")
    line = text[:text.index("25h00")].count("\n") + 1
    for args in (["mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
                 ["hmtn_docs", "site", "-o", str(tmp_path / "out")]):
        run = run_build(args, plans, site_docs)
        assert run.returncode != 0
        assert re.search(rf"2022-hai-phong/plan\.yaml:{line}:\d+: drives\[0\]\.time", run.stderr), \
            run.stderr
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_mkdocs_config_keeps_drive_pages_generated():
    # the packaged default site; the repository's mkdocs.yml inherits it
    config = (ROOT / "hmtn_docs/data/mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^plugins:\n  - search\b.*\n  - hmtn\b", config, re.M)  # search first
    assert not (ROOT / "hmtn_docs/data/site/dot").exists()  # no hand-kept copies of generated pages


# --------------------------------------------------------------------------- links and anchors
class _Refs(HTMLParser):
    """Every id and every link target (href, src) of a page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.refs.append(a[key])


def crawl(site: Path) -> tuple[int, list[str]]:
    """(links followed, broken ones) over every page of the built site."""
    from urllib.parse import unquote, urlsplit

    pages: dict[Path, _Refs] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    followed, broken = 0, []
    for path, parser in pages.items():
        for ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("data:"):
                continue  # outside addresses, webcal:, mailto:, tel:
            followed += 1
            if parts.path.startswith("/"):  # 404.html: from the root the site is served at
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(site)}: {ref}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    return followed, broken


def test_no_link_or_anchor_on_the_site_is_broken(built_site):
    followed, broken = crawl(built_site)
    assert followed > 1000
    assert broken == [], f"{len(broken)} broken of {followed}:\n" + "\n".join(broken[:30])


def test_a_drive_past_at_build_time_says_so_and_puts_its_calendar_buttons_second(built_site):
    past = drive_page(built_site, "2021-hung-yen", "2021-02-26-so-y-te")
    notice = re.search(r"<div [^>]*data-hmtn-past[^>]*>", past).group(0)
    assert "hidden" not in notice and "Đợt hiến máu này đã diễn ra" in past
    assert past.index("data-hmtn-actions") > past.index('class="hmtn-facts"')
    coming = drive_page(built_site, "2021-hung-yen", "2021-03-10-khoai-chau")
    assert re.search(r"<div [^>]*data-hmtn-past[^>]*hidden>", coming)
    assert coming.index("data-hmtn-actions") < coming.index('class="hmtn-facts"')



def test_every_drive_page_has_directions_and_shows_registration_when_given(built_site, plans):
    for plan in plans:
        for drive in plan.data.drives:
            html = drive_page(built_site, plan.id, drive.id)
            assert re.search(r'<a href="https://www\.openstreetmap\.org/directions\?[^"]+"[^>]*'
                             r"data-hmtn-directions>OpenStreetMap</a>", html), drive.id
            assert 'href="https://www.google.com/maps/dir/?api=1&amp;destination=' in html
    page = drive_page(built_site, HOSTILE_PLAN, HOSTILE_DRIVE)
    assert f'<a href="{escape(REGISTRATION)}" rel="noopener noreferrer" data-hmtn-registration>' \
        in page
    data = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))
    (record,) = [d for d in data["drives"] if d["id"] == HOSTILE_DRIVE]
    assert record["registration"] == REGISTRATION and record["open_to"] == "staff"



# --------------------------------------------------------------------------- share and subscribe
def test_every_drive_page_has_a_share_card(built_site, plans):
    for plan in plans:
        for drive in plan.data.drives:
            html = drive_page(built_site, plan.id, drive.id)
            title = re.search(r'<meta property="og:title" content="([^"]*)">', html).group(1)
            assert format_day_with_weekday(min(drive.dates)) in title
            assert f'<meta property="og:url" content="{SITE_URL}dot/{plan.id}/{drive.id}/">' in html
            assert '<meta name="twitter:card" content="summary">' in html
    hostile = drive_page(built_site, HOSTILE_PLAN, HOSTILE_DRIVE)
    card = re.search(r'<meta property="og:title" content="([^"]*)">', hostile).group(1)
    assert card.startswith("&lt;script&gt;window.__hmtn_xss = 1&lt;/script&gt;")


def test_feeds_can_be_subscribed_to_for_all_each_plan_and_each_area(built_site, plans):
    data_page = read(built_site, "du-lieu/index.html")
    host = SITE_URL.split("://", 1)[1]
    assert f'href="webcal://{host}lich-hien-mau.ics"' in read(built_site, "index.html")
    for plan in plans:
        assert f'href="webcal://{host}ke-hoach/{plan.id}/lich.ics"' in data_page
    area = "hung-yen--huyen-khoai-chau-dia-ban-cu"
    assert f'href="webcal://{host}lich/khu-vuc/{area}.ics"' in data_page
    cal = Calendar.from_ical((built_site / f"lich/khu-vuc/{area}.ics").read_bytes())
    assert {str(ev["UID"]).split("@")[0] for ev in cal.walk("VEVENT")} >= {"2021-03-10-khoai-chau"}
    for ev in Calendar.from_ical((built_site / "lich-hien-mau.ics").read_bytes()).walk("VEVENT"):
        assert str(ev["URL"]).startswith(SITE_URL + "dot/")
        assert not ev.walk("VALARM")  # a subscribed feed does not ring


def test_a_drive_can_be_added_with_a_reminder_the_day_before(built_site):
    base = "dot/2021-hung-yen/2021-03-10-khoai-chau"
    (event,) = Calendar.from_ical((built_site / f"{base}-nhac-truoc.ics").read_bytes()).walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(days=-1)
    assert 'href="../2021-03-10-khoai-chau-nhac-truoc.ics"' in read(built_site, f"{base}/index.html")


@pytest.mark.parametrize("name", ["Hiến máu: Nhà văn hóa thôn Đông; xã Tân Dân, huyện Khoái "
                                  "Châu, tỉnh Hưng Yên", "a\\b;c,d", ""])
def test_a_calendars_head_is_what_icalendar_writes_for_its_name(name):
    from icalendar import Calendar as Cal

    from hmtn_docs.site import feeds

    whole = Cal()
    for key, value in (("prodid", feeds.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                       ("method", "PUBLISH"), ("x-wr-calname", name),
                       ("x-wr-timezone", feeds.TZID)):
        whole.add(key, value)
    assert feeds.calendar_bytes([], name) == whole.to_ical()  # escaped and folded alike


def test_each_day_of_a_drive_rings_and_a_cancelled_drive_does_not(built_site):
    def events(drive: str) -> list:
        path = built_site / f"dot/{HOSTILE_PLAN}/{drive}-nhac-truoc.ics"
        return Calendar.from_ical(path.read_bytes()).walk("VEVENT")

    two_days = events(HOSTILE_DRIVE)
    assert [ev.decoded("DTSTART").day for ev in two_days] == [14, 15]
    assert [len(ev.walk("VALARM")) for ev in two_days] == [1, 1]
    (cancelled,) = events(CANCELLED_DRIVE)
    assert str(cancelled["STATUS"]) == "CANCELLED" and not cancelled.walk("VALARM")


def test_a_public_build_without_the_site_address_is_refused(tmp_path, site_plans, site_docs):
    env = {"HMTN_SITE_URL": ""}
    run = run_build(["hmtn_docs", "site", "-o", str(tmp_path / "out")], site_plans, site_docs,
                    env)
    assert run.returncode == 1
    assert "chưa có địa chỉ của trang web: hãy đặt HMTN_SITE_URL" in run.stderr
    assert "hãy thêm --preview" in run.stderr
    assert not (tmp_path / "out").exists()



# --------------------------------------------------------------------------- open data
def test_open_data_names_its_licence_and_validates_against_its_published_schema(built_site):
    import jsonschema

    data = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))
    assert data["licence"]["id"] == "CC-BY-4.0"
    assert data["$schema"] == "dot-hien-mau.schema.json"
    schema = json.loads(read(built_site, "du-lieu/dot-hien-mau.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    page = read(built_site, "du-lieu/index.html")
    assert 'rel="license">Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)</a>' in page
    for name in ("dot-hien-mau.json", "dot-hien-mau.schema.json", "dot-hien-mau.csv"):
        assert f'href="../du-lieu/{name}"' in page or f'href="{name}"' in page, name


def test_the_csv_has_the_same_drives_as_the_json(built_site):
    import csv as csv_

    data = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))
    raw = (built_site / "du-lieu/dot-hien-mau.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv_.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [(r["plan"], r["id"]) for r in rows] == [(d["plan"], d["id"]) for d in data["drives"]]
    khoai = next(r for r in rows if r["id"] == "2021-03-10-khoai-chau")
    assert khoai["place"] == "Nhà văn hóa huyện Khoái Châu" and khoai["quota"] == "800"
    assert khoai["dates"] == "2021-03-10"


def test_the_generated_stamp_comes_from_the_data_not_the_clock(built_site, built_site_again):
    first = json.loads(read(built_site, "du-lieu/dot-hien-mau.json"))["generated"]
    assert first == json.loads(read(built_site_again, "du-lieu/dot-hien-mau.json"))["generated"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", first)  # the newest plan's issue date
