"""The website in Chromium, as a citizen uses it: calendar, drive page, search, phone width.

Every page is opened with outside requests refused and recorded (``open_site_page``): the site
must work with no network but the local server.
"""

from __future__ import annotations

import os
import re

import pytest
from icalendar import Calendar
from site_fixtures import (  # noqa: F401 - fixtures, see site_fixtures.py
    built_site,
    open_site_page,
    site_base_url,
    site_browser,
    site_docs,
    site_plans,
    site_screenshots,
)
from site_support import AXE, CANCELLED_DRIVE, HOSTILE_DRIVE, HOSTILE_PLAN

pytestmark = pytest.mark.browser

KHOAI_CHAU = "dot/2021-hung-yen/2021-03-10-khoai-chau/"


def no_horizontal_overflow(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: {width}px wide in a {inner}px window"


def test_home_calendar_month_drive_and_its_ics(open_site_page, site_base_url):
    page = open_site_page("")
    assert "Lịch hiến máu" in page.title()
    upcoming = page.locator("#sap-toi + ul.hmtn-list li")
    assert upcoming.count() >= 1
    assert upcoming.first.locator("time").inner_text() == "Thứ Ba, 09/3/2021"

    page.get_by_role("link", name="Lịch tháng 3/2021").first.click()
    page.wait_for_url("**/lich/2021-03/")  # navigation may finish after the click returns
    assert page.locator("table.hmtn-cal tbody tr").count() >= 4

    page.locator(".hmtn-monthnav a[rel=next]").first.click()
    page.wait_for_url("**/lich/2021-04/")
    assert "tháng 4/2021" in page.locator("h1").inner_text()
    page.locator("table.hmtn-cal td.has-drives a.hmtn-cal__num").first.click()
    page.wait_for_url(re.compile(r".*/dot/2021-hung-yen/2021-04-01-an-thi/$"))

    assert page.locator("h1").inner_text() == "Nhà văn hóa huyện Ân Thi\n— Thứ Năm, 01/4/2021"
    facts = page.locator("dl.hmtn-facts").inner_text()
    for text in ("Thứ Năm, 01/4/2021", "Ban Chỉ đạo vận động hiến máu tình nguyện huyện Ân Thi",
                 "600 đơn vị máu", "Ngày toàn dân hiến máu tình nguyện 7/4",
                 "Viện Huyết học - Truyền máu Trung ương", "huyện Ân Thi"):
        assert text in facts
    gcal = page.locator("[data-hmtn-gcal]").get_attribute("href")
    assert gcal.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "dates=20210401%2F20210402" in gcal

    ics_link = page.locator("[data-hmtn-ics]")
    assert ics_link.get_attribute("download") == "2021-04-01-an-thi.ics"
    with page.expect_download() as download:
        ics_link.click()
    cal = Calendar.from_ical(open(download.value.path(), "rb").read())
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "2021-04-01-an-thi@2021-hung-yen.hmtn"
    assert event.decoded("DTSTART").isoformat() == "2021-04-01"
    assert "Ân Thi" in str(event["LOCATION"])


def test_search_without_accents_finds_khoai_chau(open_site_page):
    page = open_site_page("")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("hien mau khoai chau")
    field.press("End")  # Material searches on key events
    results = page.locator(".md-search-result__item a[href*='khoai-chau']")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("2021-03-10-khoai-chau" in h for h in hrefs), hrefs
    page.locator(".md-search-result__item a[href*='2021-03-10-khoai-chau']").first.click()
    page.wait_for_url(re.compile(r".*/dot/2021-hung-yen/2021-03-10-khoai-chau/.*"))
    assert page.locator("h1").inner_text() == "Nhà văn hóa huyện Khoái Châu\n— Thứ Tư, 10/3/2021"


PAGES = ["", "lich/", "lich/2021-03/", KHOAI_CHAU, "dot/2022-hai-phong/2022-12-17-ngay-hoi-so-nganh/",
         "hien-mau/", "lich/danh-sach/", "dia-diem/", "ke-hoach/2021-hung-yen/", "du-lieu/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_overflows_at_phone_and_desktop_width(open_site_page, site_base_url,
                                                      site_screenshots, width):
    page = open_site_page("", width=width, height=844 if width < 500 else 900)
    for path in PAGES:
        page.goto(site_base_url + path)
        no_horizontal_overflow(page)
        name = path.strip("/").replace("/", "_") or "home"
        # whole pages only when someone will look at them (HMTN_SCREENSHOTS): they are slow
        page.screenshot(path=str(site_screenshots / f"{name}-{width}.png"),
                        full_page=bool(os.environ.get("HMTN_SCREENSHOTS")))


def test_script_in_a_place_name_is_shown_not_run(open_site_page, site_base_url):
    dialogs = []
    path = f"dot/{HOSTILE_PLAN}/{HOSTILE_DRIVE}/"
    page = open_site_page(path)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    heading = page.locator("h1").inner_text()
    assert heading.startswith("<script>window.__hmtn_xss = 1</script> Nhà <b>văn</b> hóa **đậm**")
    assert "{{ config.site_name }}" in heading
    assert "<script>" in page.title()
    assert "<img src=x" in page.locator("dl.hmtn-facts").inner_text()
    for other in (path, "lich/2021-07/", "dia-diem/", f"ke-hoach/{HOSTILE_PLAN}/", "lich/danh-sach/"):
        page.goto(site_base_url + other)
        assert page.evaluate("typeof window.__hmtn_xss") == "undefined", other
    assert not dialogs


def test_calculator_says_when_one_can_give_again(open_site_page):
    page = open_site_page("hien-mau/")
    page.fill("#hmtn-last", "2021-01-05")
    page.locator("form.hmtn-calc button[type=submit]").click()
    out = page.locator("form.hmtn-calc output")
    assert "Thứ Ba, 30/3/2021" in out.inner_text()  # 12 weeks later
    assert out.get_attribute("data-next") == "2021-03-30"
    assert "Còn 29 ngày nữa." in out.inner_text()  # from HMTN_TODAY=2021-03-01
    page.locator("input[name=kind][value='14']").check()
    assert "đã có thể hiến máu lại (từ Thứ Ba, 19/01/2021)" in out.inner_text()
    out.get_by_role("link").click()
    page.wait_for_url("**/lich/2021-03/")  # navigation may finish after the click returns
    page.goto(page.url.replace("lich/2021-03/", "hien-mau/"))
    page.fill("#hmtn-last", "2021-03-10")
    page.locator("form.hmtn-calc button[type=submit]").click()
    assert "chưa tới" in page.locator("form.hmtn-calc output").inner_text()


def test_share_button_copies_the_link_without_web_share(open_site_page):
    page = open_site_page(KHOAI_CHAU, permissions=["clipboard-read", "clipboard-write"])
    if page.evaluate("typeof navigator.share") == "function":
        pytest.skip("this Chromium has the Web Share API; the fallback is not used")
    button = page.locator("[data-hmtn-share]")
    assert button.is_visible() and button.inner_text() == "Sao chép liên kết"
    button.click()
    page.locator(".hmtn-share-status", has_text="Đã sao chép").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith(KHOAI_CHAU)


def test_pages_work_without_javascript(open_site_page):
    page = open_site_page("lich/2021-03/", java_script_enabled=False)
    page.locator("table.hmtn-cal a[href$='2021-03-10-khoai-chau/']").first.click()
    page.wait_for_url(f"**/{KHOAI_CHAU}")
    assert page.locator("[data-hmtn-share]").is_hidden()


# one page of every kind the site has
PAGE_KINDS = ["", "lich/", "lich/2021-03/", "lich/danh-sach/", "don-vi/", "dia-diem/",
              "chuong-trinh/", "ke-hoach/", "ke-hoach/2021-hung-yen/", "ke-hoach/2022-hai-phong/",
              "hien-mau/", "du-lieu/", KHOAI_CHAU, f"dot/{HOSTILE_PLAN}/{CANCELLED_DRIVE}/",
              "dot/2022-hai-phong/2022-12-17-ngay-hoi-so-nganh/", "lich/in/2021-03/",
              "lich/khu-vuc/hung-yen--huyen-khoai-chau-dia-ban-cu/"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA, one line per rule and element."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup.sh (it installs axe-core with npm)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))", WCAG_AA)
    return found


@pytest.mark.parametrize("width", [390, 1366])
def test_axe_finds_no_wcag_aa_violation_on_any_kind_of_page(open_site_page, site_base_url, width):
    page = open_site_page("", width=width)
    problems = []
    for path in PAGE_KINDS:
        page.goto(site_base_url + path)
        problems += [f"/{path} {v}" for v in axe_violations(page)]
        skip = page.locator("a.md-skip")
        assert skip.count() == 1, f"/{path}: no skip link"
        target = skip.get_attribute("href").lstrip("#")
        assert page.locator(f"[id='{target}']").count() == 1, f"/{path}: skip link to nowhere"
    assert not problems, "\n".join(problems[:40])


def test_weekday_headers_are_named_on_phones(open_site_page):
    page = open_site_page("lich/2021-03/", width=390)
    shown = page.locator("table.hmtn-cal th .hmtn-wd-short").first
    assert shown.is_visible() and shown.inner_text() == "Thứ 2"  # short, to the eye
    for name in ("Thứ Hai", "Chủ nhật"):  # what is read
        assert page.get_by_role("columnheader", name=name).count() == 1
    day = page.get_by_role("link", name=re.compile(r"^Thứ Tư, ngày 10 tháng 3 năm 2021: [0-9]+ đợt hiến máu$"))
    assert day.evaluate("a => [...a.childNodes].filter(n => n.nodeType === 3)"
                        ".map(n => n.textContent).join('')") == "10"  # the rest is hidden


def test_no_page_of_the_site_scrolls_sideways_on_a_phone(open_site_page, site_base_url, built_site):
    paths = sorted(p.parent.relative_to(built_site).as_posix() + "/"
                   for p in built_site.rglob("index.html"))
    assert len(paths) > 80
    page = open_site_page("", width=390, height=844)
    wide = []
    for path in paths:
        page.goto(site_base_url + ("" if path == "./" else path), wait_until="domcontentloaded")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"/{path}: {width}px")
    assert wide == []


def test_the_list_filters_at_once_and_keeps_the_choice_in_its_address(open_site_page):
    page = open_site_page("lich/danh-sach/", width=390)
    rows = page.locator("ul.hmtn-list > li[data-area]")
    total = rows.count()
    page.get_by_label("Khu vực").select_option(label="huyện Khoái Châu (địa bàn cũ), Hưng Yên")
    visible = page.locator("ul.hmtn-list > li[data-area]:visible")
    assert 0 < visible.count() < total
    assert all("khoai-chau" in visible.nth(i).get_attribute("data-area")
               for i in range(visible.count()))
    assert page.get_by_role("status").filter(has_text="như bạn chọn").inner_text() == \
        f"Có {visible.count()} đợt hiến máu như bạn chọn."
    assert "area=hung-yen--huyen-khoai-chau-dia-ban-cu" in page.url
    page.get_by_label("Tháng").select_option(label="Tháng 12/2022")
    assert visible.count() == 0 and page.locator("[data-hmtn-filter-none]").is_visible()
    page.get_by_label("Khu vực").select_option(label="Tất cả")
    assert visible.count() > 0
    assert all(visible.nth(i).get_attribute("data-month") == "2022-12"
               for i in range(visible.count()))


def test_the_list_offers_pages_per_area_without_javascript(open_site_page):
    page = open_site_page("lich/danh-sach/", java_script_enabled=False)
    assert page.locator("form[data-hmtn-filter]").is_hidden()
    page.get_by_text("Các đợt theo khu vực").click()
    page.get_by_role("link", name="huyện Khoái Châu (địa bàn cũ), Hưng Yên").click()
    page.wait_for_url("**/lich/khu-vuc/hung-yen--huyen-khoai-chau-dia-ban-cu/")
    assert "huyện Khoái Châu" in page.locator("h1").inner_text()
    assert page.locator("ul.hmtn-list > li").count() >= 1


def test_a_drive_page_says_it_has_happened_when_the_visitors_day_is_after_it(open_site_page):
    page = open_site_page(KHOAI_CHAU)  # built on 1/3/2021: still to come then
    assert page.locator("[data-hmtn-past]").is_hidden()
    buttons_first = "a => a.compareDocumentPosition(document.querySelector('dl.hmtn-facts')) & 4"
    assert page.locator("[data-hmtn-actions]").evaluate(buttons_first)
    page = open_site_page(KHOAI_CHAU, now="2021-03-11T08:00:00+07:00")
    notice = page.locator("[data-hmtn-past]")
    assert notice.is_visible() and "Đợt hiến máu này đã diễn ra" in notice.inner_text()
    assert not page.locator("[data-hmtn-actions]").evaluate(buttons_first)  # now second


def test_the_home_page_and_calendar_follow_the_visitors_day(open_site_page):
    page = open_site_page("", now="2021-03-12T08:00:00+07:00")
    shown = page.locator("[data-hmtn-upcoming] > li:visible time")
    assert shown.count() == 6
    assert shown.first.inner_text() == "Thứ Ba, 16/3/2021"  # 9/3 and 10/3 have passed
    page = open_site_page("lich/", now="2021-03-12T08:00:00+07:00")
    assert page.locator("[data-hmtn-today]").inner_text() == "Thứ Sáu, 12/3/2021"
    assert page.locator("td.is-today").get_attribute("data-day") == "2021-03-12"
    page = open_site_page("", now="2030-01-01T08:00:00+07:00")
    assert page.locator("[data-hmtn-upcoming] > li:visible").count() == 0
    assert "có lịch đến hết ngày 31/12/2022" in page.locator("[data-hmtn-none]").inner_text()


@pytest.mark.parametrize("month", ["2021-03", "2021-07"])
def test_the_printable_month_is_one_a4_landscape_page(open_site_page, month):
    page = open_site_page(f"lich/in/{month}/")
    assert page.locator("[data-hmtn-print]").is_visible()  # the script offers to print
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
