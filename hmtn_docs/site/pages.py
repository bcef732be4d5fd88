"""The generated pages, as finished HTML.

Every value typed in YAML goes through ``e()`` (``html.escape``) before it reaches the page, so a
``<script>`` in a place name shows literally and Markdown- or Jinja-looking text (``**x**``,
``{{ x }}``) is never interpreted: the HTML is handed to MkDocs after its Markdown step
(``on_page_content``), so no Markdown or template engine ever sees the plans' text.

Pages that are not in the navigation (one per drive, per month, per plan) are linked from the
calendar and the lists.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import Any

from .. import derive as dv
from .._similar import strip_marks
from ..vi import (
    format_day_with_weekday,
    format_number,
    format_short_date,
    format_weekday,
)
from . import directions, feeds, paths as P, results as site_results
from .catalogue import Catalogue, DocumentFile, Entry

NL, BR = "\n", "<br>\n"  # between blocks: search text keeps its words apart


def e(value) -> str:
    return escape(str(value), quote=True)


@dataclass
class Page:
    """A generated page: where it lives, its plain-text title and its finished HTML."""

    src: str
    title: str
    html: str
    description: str | None = None
    search: bool = True
    hide: tuple[str, ...] = ()
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, plain title)
    share: dict[str, str] = field(default_factory=dict)  # Open Graph / Twitter card, plain text

    def __post_init__(self):
        self.html = _h1_first(self.html)

    def meta(self) -> dict:
        """``page.meta`` for MkDocs/Material; Material prints these unescaped, so escape."""
        meta: dict = {"title": e(self.title)}
        if self.description:
            meta["description"] = e(self.description)
        if not self.search:
            meta["search"] = {"exclude": True}
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.share:  # site/overrides/main.html writes them as <meta> tags
            meta["hmtn_share"] = [(e(k), e(v)) for k, v in self.share.items()]
        return meta


_WRAPPED_H1 = re.compile(r'(<div class="[^"]*">)(<h1 [^>]*>.*?</h1>)', re.S)


def _h1_first(html: str) -> str:
    r"""Move a page's ``<h1>`` before its wrapper ``<div>``.

    Material's search index starts a page's entry at the first ``h1`` only when nothing comes
    before it; otherwise it adds an empty entry and sends results to ``#the-h1-id``.

    >>> _h1_first('<div class="hmtn-page"><h1 id="a">A &lt;b&gt;</h1><p>x</p></div>')
    '<h1 id="a">A &lt;b&gt;</h1>\n<div class="hmtn-page"><p>x</p></div>'
    """
    m = _WRAPPED_H1.match(html)
    return f"{m.group(2)}\n{m.group(1)}{html[m.end():]}" if m else html


class Anchors:
    """Unique heading ids within one page."""

    def __init__(self):
        self.seen: set[str] = set()

    def __call__(self, wanted: str) -> str:
        out, n = wanted, 1
        while out in self.seen:
            n += 1
            out = f"{wanted}-{n}"
        self.seen.add(out)
        return out


def _monday_names(style: str) -> list[str]:
    monday = dt.date(2024, 1, 1)  # a Monday
    return [format_weekday(monday + dt.timedelta(days=i), style) for i in range(7)]


STAFF_BADGE = "Nội bộ"
SITE_NAME = "Lịch hiến máu tình nguyện"  # as mkdocs.yml names the site
SHOWN = 6  # drives listed on the home page


def drive_heading(entry: Entry) -> str:
    """A drive's page title: the place and the day(s), so that drives at one place differ.

    (``Nhà văn hóa huyện Khoái Châu — Thứ Tư, 10/3/2021``)
    """
    return f"{entry.drive.place.name} — {dv.describe(entry.plan, entry.drive).dates_text}"


def _count(n: int) -> str:
    return f"{format_number(n)} đợt"


class Writer:
    """Builds the pages of one catalogue; ``src`` is the page being written (for links)."""

    def __init__(self, catalogue: Catalogue, router: P.Router, site_url: str | None = None):
        self.cat = catalogue
        self.router = router
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.src = P.HOME

    # ----------------------------------------------------------------- links
    def href(self, to_src: str, anchor: str | None = None) -> str:
        return self.router.link(self.src, to_src, anchor)

    def absolute(self, to_src: str) -> str | None:
        if not self.site_url:
            return None
        url = self.router.url(to_src)
        return self.site_url + ("" if url == "./" else url)

    def today_stamp(self) -> str:
        """The build's day; the script puts the visitor's day (in Vietnam) in its place."""
        weekdays = json.dumps(_monday_names("title"), ensure_ascii=False)
        return (f'<time data-hmtn-today datetime="{self.cat.today.isoformat()}" '
                f"data-weekdays='{e(weekdays)}'>{e(format_day_with_weekday(self.cat.today))}</time>")

    # ----------------------------------------------------------------- pieces
    def drive_item(self, entry: Entry, *, day: dt.date | None = None, province: bool = True,
                   organiser: bool = True, date: bool = True, place: bool = True,
                   filters: bool = False) -> str:
        """One row of a drive list: the whole row is the link (a large target on phones).

        The row's title is the place; with ``place=False`` (lists under a place) the organiser.
        """
        about = dv.describe(entry.plan, entry.drive)
        classes = []
        if entry.cancelled:
            classes.append("is-cancelled")
        if self.cat.is_past(entry):
            classes.append("is-past")
        meta = []
        if organiser and place:
            meta.append(about.organiser_short)
        if about.time_text:
            meta.append(about.time_text)
        if about.quota_text:  # never an invented quota
            meta.append(about.quota_text)
        if province:
            meta.append(about.province)
        stamp = ""
        if date:
            when = format_day_with_weekday(day) if day else about.dates_text
            stamp = f'<time datetime="{day.isoformat() if day else _datetime(entry)}">{e(when)}</time>'
        badge = '<span class="hmtn-badge">Đã hủy</span> ' if entry.cancelled else ""
        if about.tentative:
            badge += '<span class="hmtn-badge">Dự kiến</span> '
        if about.staff_only:  # lists say who may come
            badge += f'<span class="hmtn-badge hmtn-badge--staff">{STAFF_BADGE}</span> '
        cls = f' class="{" ".join(classes)}"' if classes else ""
        data = self.filter_data(entry) if filters else ""
        data += f' data-first="{entry.first.isoformat()}" data-last="{entry.last.isoformat()}"'
        return (f'<li{cls}{data}><a href="{self.href(P.drive_src(entry))}">{stamp} '
                f"<strong>{badge}{e(about.place if place else about.organiser_short)}</strong>"
                f" <small>{e(' · '.join(meta))}</small>"
                "</a></li>")

    def filter_data(self, entry: Entry) -> str:
        """What the list's filters (hmtn.js) match a row against."""
        d = entry.drive
        return (f' data-area="{self.place_anchor(entry)}"'
                f' data-organiser="{P.unit_anchor(entry.plan.id, d.organiser)}"'
                f' data-programme="{e(d.programme or "")}"'
                f' data-month="{entry.first.year:04d}-{entry.first.month:02d}"')

    def drive_list(self, entries, *, search: bool = False, **kw) -> str:
        exclude = "" if search else " data-search-exclude"
        items = "\n".join(self.drive_item(x, **kw) for x in entries)
        plain = "" if kw.get("date", True) else " hmtn-list--nodate"
        return f'<ul class="hmtn-list{plain}"{exclude}>{items}</ul>'

    def month_nav(self, year: int, month: int) -> str:
        months = self.cat.months
        i = months.index((year, month))
        prev_ = months[i - 1] if i > 0 else None
        next_ = months[i + 1] if i + 1 < len(months) else None

        def one(ym, rel, arrow_left):
            if ym is None:
                return f'<span class="hmtn-monthnav__{rel} is-disabled" aria-hidden="true"></span>'
            label = dv.month_label(*ym)
            text = f"‹ {label}" if arrow_left else f"{label} ›"
            return (f'<a class="hmtn-monthnav__{rel}" rel="{rel}" '
                    f'href="{self.href(P.month_src(*ym))}">{e(text)}</a>')

        # the list has a heading only for months with drives
        anchor = P.month_anchor(year, month) if self.cat.in_month(year, month) else None
        return (f'<nav class="hmtn-monthnav" aria-label="Chuyển tháng">{one(prev_, "prev", True)}'
                f'<a class="hmtn-monthnav__list" href="{self.href(P.AGENDA, anchor)}">'
                f'Danh sách</a>{one(next_, "next", False)}</nav>')

    def month_grid(self, year: int, month: int, *, local: bool) -> str:
        """The month as a table, Monday first. ``local``: day links point into this page."""
        long_names, short_names = _monday_names("title"), _monday_names("numeric")
        head = "\n".join(
            f'<th scope="col"><span class="hmtn-wd-long">{e(lg)}</span>'
            f'<span class="hmtn-wd-short" aria-hidden="true">{e(sh)}</span></th>'
            for lg, sh in zip(long_names, short_names))
        rows = []
        for week in _calendar.Calendar(0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                cls = ["hmtn-cal__day"]
                if day.month != month:
                    cells.append(f'<td class="hmtn-cal__day is-outside"><span class="hmtn-cal__num">'
                                 f'{day.day}</span></td>')
                    continue
                if day == self.cat.today:
                    cls.append("is-today")
                entries = self.cat.by_day.get(day, [])
                if not entries:
                    cells.append(f'<td class="{" ".join(cls)}" data-day="{day.isoformat()}">'
                                 f'<span class="hmtn-cal__num">{day.day}</span></td>')
                    continue
                cls.append("has-drives")
                if all(x.cancelled for x in entries):
                    cls.append("is-cancelled")
                # the visible day number is inside the link's name (WCAG 2.5.3): the rest of
                # the date and the count are read, not shown
                # ("Thứ Tư, ngày 10 tháng 3 năm 2021: 1 đợt hiến máu": the screen reader puts
                # a space around the hidden parts)
                label = (f'<span class="hmtn-vh">{e(format_weekday(day))}, ngày </span>{day.day}'
                         f'<span class="hmtn-vh"> tháng {day.month} năm {day.year}: '
                         f'{_count(len(entries))} hiến máu</span>')
                if len(entries) == 1:
                    target = self.href(P.drive_src(entries[0]))
                elif local:
                    target = f"#{P.day_anchor(day)}"
                else:
                    target = self.href(P.month_src(year, month), P.day_anchor(day))
                shown = entries[:3]
                names = "\n".join(
                    f'<li{" class=is-cancelled" if x.cancelled else ""}>'
                    f'<a href="{self.href(P.drive_src(x))}">{e(x.drive.place.name)}</a></li>'
                    for x in shown)
                if len(entries) > len(shown):
                    more = len(entries) - len(shown)
                    names += f'<li class="hmtn-cal__more"><a href="{target}">+{format_number(more)}</a></li>'
                count = (f'<span class="hmtn-cal__count" aria-hidden="true">'
                         f'{format_number(len(entries))}</span>' if len(entries) > 1 else "")
                cells.append(f'<td class="{" ".join(cls)}" data-day="{day.isoformat()}">'
                             f'<a class="hmtn-cal__num" href="{target}">'
                             f'{label}{count}</a>'
                             f'<ul class="hmtn-cal__drives">{names}</ul></td>')
            rows.append("<tr>" + "\n".join(cells) + "</tr>")
        caption = f"Lịch hiến máu {dv.month_label(year, month)}"
        return (f'<div class="hmtn-cal-wrap" data-search-exclude><table class="hmtn-cal">'
                f'<caption class="hmtn-vh">{e(caption)}</caption><thead><tr>{head}</tr></thead>'
                f'<tbody>{NL.join(rows)}</tbody></table></div>')

    def month_days(self, year: int, month: int, level: int = 2) -> str:
        days = self.cat.in_month(year, month)
        # drives known only by this month: listed under it, marked "dự kiến", on no day
        vague = [x for x in _entries_in_month(self.cat, year, month) if x.drive.tentative]
        if not days and not vague:
            return '<p class="hmtn-empty">Không có đợt hiến máu nào trong tháng này.</p>'
        out = []
        for day, entries in days:
            out.append(f'<h{level} id="{P.day_anchor(day)}" class="hmtn-dayhead">'
                       f'{e(format_day_with_weekday(day))}</h{level}>')
            out.append(self.drive_list(entries, day=day, date=False))
        if vague:
            out.append(f'<h{level} id="du-kien" class="hmtn-dayhead">Chưa có ngày cụ thể (dự '
                       f'kiến)</h{level}>')
            out.append(self.drive_list(vague))
        return "\n".join(out)

    # ----------------------------------------------------------------- pages
    def drive_page(self, entry: Entry) -> Page:
        self.src = P.drive_src(entry)
        d, p, plan = entry.drive, entry.drive.place, entry.plan
        about = dv.describe(plan, d)
        page_url = self.absolute(self.src)
        when = about.dates_text
        time = about.time_text or "Chưa có giờ cụ thể"
        parts = []
        # the heading comes first: Material's search starts the page's entry at the first h1
        page_title = drive_heading(entry)
        parts.append(f'<h1 id="dot-hien-mau">{e(p.name)} <span class="hmtn-h1-date">— '
                     f'{e(when)}</span></h1>')
        tentative = '<span class="hmtn-badge">Dự kiến</span> ' if about.tentative else ""
        parts.append(f'<p class="hmtn-when">{tentative}<time datetime="{_datetime(entry)}">{e(when)}</time>'
                     f'{"<span class=hmtn-sep> · </span>" + e(time) if about.time_text else ""}'
                     f'<br>\n<span class="hmtn-kicker">Hiến máu tình nguyện · {e(entry.province)}'
                     f'</span></p>')
        if entry.cancelled:
            parts.append('<div class="admonition danger hmtn-cancelled"><p class="admonition-title">'
                         'Đợt hiến máu này đã hủy</p><p>Ban tổ chức đã hủy đợt hiến máu này. Mời bạn '
                         f'xem <a href="{self.href(P.month_src(entry.first.year, entry.first.month))}">'
                         'các đợt khác trong tháng</a>.</p></div>')
        if about.staff_only:
            parts.append('<p class="hmtn-staff"><span class="hmtn-badge hmtn-badge--staff">'
                         f'{STAFF_BADGE}</span> Đợt hiến máu nội bộ: chỉ dành cho cán bộ, nhân viên '
                         f'của {e(about.organiser)}.</p>')
        past = self.cat.is_past(entry)
        # the script shows it (and moves the calendar buttons down) when the visitor's day is
        # after the drive, whatever the day of the build
        parts.append(f'<div class="admonition note hmtn-past" data-hmtn-past '
                     f'data-last="{entry.last.isoformat()}"{"" if past else " hidden"}>'
                     '<p class="admonition-title">Đợt hiến máu này đã diễn ra</p><p>Mời bạn xem '
                     f'<a href="{self.href(P.AGENDA, "sap-toi")}">các đợt hiến máu sắp tới</a>.'
                     '</p></div>')
        ics_name = f"{d.id}.ics"
        share_title = f"Hiến máu tình nguyện: {p.name}, {when}"
        # a drive known only by month has no day yet: nothing to add to a calendar
        calendar_links = "" if about.tentative else (
            f'<a class="md-button md-button--primary" href="{self.href(P.drive_ics(entry))}" '
            f'download="{e(ics_name)}" data-hmtn-ics>Thêm vào lịch (.ics)</a>'
            f'<a class="md-button" href="{self.href(P.drive_reminder_ics(entry))}" '
            f'download="{e(d.id)}-nhac-truoc.ics" data-hmtn-reminder>Thêm vào lịch, nhắc '
            'trước 1 ngày</a>'
            f'<a class="md-button" href="{e(feeds.google_calendar_link(entry, page_url))}" '
            'target="_blank" rel="noopener noreferrer" data-hmtn-gcal>Google Calendar</a>')
        actions_at = len(parts)
        parts.append(
            '<div class="hmtn-actions" data-hmtn-actions data-search-exclude>'
            f'{calendar_links}'
            f'<button class="md-button hmtn-share" type="button" hidden data-hmtn-share '
            f'data-title="{e(share_title)}">Chia sẻ</button>'
            '<span class="hmtn-share-status" role="status" aria-live="polite"></span></div>')
        facts = [("Ngày", f'<time datetime="{_datetime(entry)}">{e(when)}</time>'),
                 ("Giờ", e(time))]
        place = [f"<strong>{e(p.name)}</strong>"]
        if d.campus:
            place.append(e(d.campus[0].upper() + d.campus[1:]))
        if p.address:
            place.append(e(p.address))
        area = ", ".join(x for x in (p.commune, about.province)
                         if x and not (p.address and x in p.address))
        if area:
            place.append(e(area))
        if p.old_area:
            place.append(f'<span class="hmtn-old">Địa bàn cũ (trước 7/2025): {e(p.old_area)}</span>')
        exact = " (theo tọa độ)" if p.coordinates else ""
        place.append(f'<span class="hmtn-directions" data-search-exclude>Chỉ đường{exact}: '
                     f'<a href="{e(directions.osm_link(entry))}" target="_blank" '
                     f'rel="noopener noreferrer" data-hmtn-directions>OpenStreetMap</a>'
                     f'<span class="hmtn-sep"> · </span><a href="{e(directions.google_link(entry))}" '
                     'target="_blank" rel="noopener noreferrer">Google Maps</a></span>')
        places_link = self.href(P.PLACES, self.place_anchor(entry))
        place.append(f'<a class="hmtn-small" href="{places_link}" data-search-exclude>'
                     'Các đợt khác ở đây</a>')
        facts.append(("Địa điểm", "<br>\n".join(place)))
        org = (f'<a href="{self.href(P.ORGANISERS, P.unit_anchor(plan.id, d.organiser))}">'
               f'{e(about.organiser)}</a>')
        facts.append(("Đơn vị tổ chức", org))
        if d.audience:
            facts.append(("Đối tượng", e(d.audience)))
        facts.append(("Chỉ tiêu", e(about.quota_text)))
        if about.contact:
            facts.append(("Liên hệ", e(about.contact)))
        if about.registration:
            facts.append(("Đăng ký", f'<a href="{e(about.registration)}" rel="noopener noreferrer" '
                                     'data-hmtn-registration>Đăng ký hiến máu trực tuyến</a>'))
        prog = about.programme
        if prog:
            heading = dv.programme_heading(prog, entry.first.year)
            facts.append(("Chương trình",
                          f'<a href="{self.href(P.PROGRAMMES, d.programme)}">{e(prog.name)}</a>'
                          f'<br>\n<span class="hmtn-small">{e(heading)}</span>'))
        if d.note:
            facts.append(("Ghi chú", e(d.note)))
        quiet = {"Ngày", "Giờ"}  # left out of the search index: said above, or long and the
        # same on many pages
        for label, ids in (("Đơn vị phối hợp chỉ đạo", d.coordinators),
                           ("Đơn vị thực hiện", d.executors)):
            if ids:
                items = "\n".join(f"<li>{e(dv.unit_name(plan, u))}</li>" for u in ids)
                facts.append((label, f'<ul class="hmtn-plain">{items}</ul>'))
                quiet.add(label)
        facts.append(("Kế hoạch", f'<a href="{self.href(P.plan_src(plan.id))}">'
                                  f'{e(plan.data.plan.title)}</a>'))
        quiet.add("Kế hoạch")
        parts.append('<dl class="hmtn-facts">' + "\n".join(
            f'<div{" data-search-exclude" if k in quiet else ""}><dt>{e(k)}</dt>\n<dd>{v}</dd></div>'
            for k, v in facts) + "</dl>")
        if past:  # what matters now is that it happened: the calendar buttons come second
            parts.append(parts.pop(actions_at))
        if d.allocations:
            rows = "\n".join(
                f"<tr><td>{e(dv.unit_name(plan, a.unit))}</td>"
                f'<td class="hmtn-num">{e(format_number(a.quota))}</td>'
                f'<td class="hmtn-nowrap">{e(dv.window_text(a.slot) if a.slot else "")}</td></tr>'
                for a in d.allocations)
            parts.append(
                '<details class="hmtn-details" id="don-vi-tham-gia" data-search-exclude><summary>Chỉ tiêu và giờ '
                f'đến của {e(format_number(len(d.allocations)))} đơn vị</summary>'
                '<div class="hmtn-scroll"><table class="hmtn-table"><thead><tr><th>Đơn vị</th>'
                '<th class="hmtn-num">Chỉ tiêu</th><th>Giờ đến</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></div></details>")
        parts.append(site_results.drive_block(entry, self.cat.is_past(entry)))
        month = P.month_src(entry.first.year, entry.first.month)
        parts.append(
            '<p class="hmtn-more" data-search-exclude>'
            f'<a href="{self.href(month)}">Lịch {e(dv.month_label(entry.first.year, entry.first.month).lower())}</a>'
            f'<span class="hmtn-sep"> · </span><a href="{self.href(P.ELIGIBILITY)}">Ai có thể hiến máu?</a></p>')
        parts.append('<script type="application/ld+json">'
                     f"{feeds.script_json(feeds.json_ld(entry, page_url))}</script>")
        title = page_title
        desc = (f"Hiến máu tình nguyện {when} tại {p.name}, {entry.province}. "
                f"Đơn vị tổ chức: {entry.organiser}.")
        html = f'<div class="hmtn-page hmtn-drive">{NL.join(parts)}</div>'
        share = {"og:type": "website", "og:locale": "vi_VN", "og:site_name": SITE_NAME,
                 "og:title": title, "og:description": desc}
        if page_url:
            share["og:url"] = page_url
        share.update({"twitter:card": "summary", "twitter:title": title,
                      "twitter:description": desc})
        return Page(self.src, title, html, description=desc, hide=("toc",), share=share)

    def place_anchor_of(self, key: tuple[str, str]) -> str:
        return self._place_anchors[key]

    def place_anchor(self, entry: Entry) -> str:
        return self._place_anchors[(entry.province, _place_group(entry))]

    @cached_property
    def _place_anchors(self) -> dict:
        """An anchor per province and per (province, commune): names that differ only by tone
        marks ("Khoái Châu", "Khoai Châu") fold to one slug, so the later ones get -2, -3."""
        provinces = sorted({x.province for x in self.cat.entries}, key=lambda p: (strip_marks(p), p))
        ids, out = Anchors(), dict[Any, str]()
        for province in provinces:
            out[province] = ids(P.slug(province))
        groups = sorted({(x.province, _place_group(x)) for x in self.cat.entries},
                        key=lambda k: (provinces.index(k[0]), k[1] == _OTHER, strip_marks(k[1]), k[1]))
        for province, group in groups:
            out[(province, group)] = ids(f"{out[province]}--{P.slug(group)}")
        return out

    def month_page(self, year: int, month: int) -> Page:
        self.src = P.month_src(year, month)
        label = dv.month_label(year, month)
        html = (f'<div class="hmtn-page hmtn-month"><h1 id="lich">Lịch hiến máu {e(label.lower())}</h1>'
                f"{self.month_nav(year, month)}{self.month_grid(year, month, local=True)}"
                f'<p class="hmtn-more hmtn-noprint" data-search-exclude><a href="'
                f'{self.href(print_src(year, month))}">Bản in để dán bảng tin (A4 ngang)</a></p>'
                f'<h2 id="cac-dot">Các đợt hiến máu {e(label.lower())}</h2>'
                f"{self.month_days(year, month, level=3)}</div>")
        return Page(self.src, f"Lịch hiến máu {label.lower()}", html, hide=("toc",))

    def print_page(self, year: int, month: int) -> Page:
        """The month on one A4 landscape sheet, for a commune's notice board: every drive's
        place and time in its day's cell, the site's address at the foot."""
        self.src = print_src(year, month)
        label = dv.month_label(year, month)
        head = "".join(f'<th scope="col">{e(name)}</th>' for name in _monday_names("title"))
        rows = []
        for week in _calendar.Calendar(0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append('<td class="is-outside"></td>')
                    continue
                items = []
                for x in self.cat.by_day.get(day, []):
                    about = dv.describe(x.plan, x.drive)
                    bits = [f"<strong>{e(x.drive.place.name)}</strong>"]
                    if about.time_text:
                        bits.append(e(about.time_text))
                    if x.drive.open_to == "staff":
                        bits.append(STAFF_BADGE)
                    cls = ' class="is-cancelled"' if x.cancelled else ""
                    items.append(f"<li{cls}>{' · '.join(bits)}"
                                 f'{" (đã hủy)" if x.cancelled else ""}</li>')
                cells.append(f'<td><span class="hmtn-print__day">{day.day}</span>'
                             + (f'<ul>{"".join(items)}</ul>' if items else "") + "</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        where = ", ".join(sorted({x.province for x in _entries_in_month(self.cat, year, month)},
                                 key=strip_marks))
        site = self.absolute(P.HOME)
        foot = (f"Lịch đầy đủ, địa chỉ và chỉ đường: {e(site)}" if site else
                "Lịch đầy đủ, địa chỉ và chỉ đường: xem trang Lịch hiến máu tình nguyện")
        html = (f'<div class="hmtn-page hmtn-print"><h1 id="ban-in">Lịch hiến máu tình nguyện '
                f'{e(label.lower())}{" · " + e(where) if where else ""}</h1>'
                f'<p class="hmtn-noprint" data-search-exclude><button class="md-button '
                f'md-button--primary" type="button" data-hmtn-print hidden>In trang này</button> '
                f'<a href="{self.href(P.month_src(year, month))}">Về lịch {e(label.lower())}</a></p>'
                f'<table class="hmtn-print__grid"><caption class="hmtn-vh">{e(label)}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                f'<p class="hmtn-print__foot">{foot}. Mang theo giấy tờ tùy thân có ảnh; ăn nhẹ, '
                'không uống rượu, bia trước khi hiến máu.</p></div>')
        return Page(self.src, f"Bản in: lịch hiến máu {label.lower()}", html, search=False,
                    hide=("toc", "navigation"))

    def calendar_page(self) -> Page:
        self.src = P.CALENDAR
        y, m = self.cat.current_month()
        by_year: dict[int, list] = defaultdict(list)
        for ym in self.cat.months:
            by_year[ym[0]].append(ym)
        months = []
        for year, yms in by_year.items():
            items = []
            for ym in yms:
                n = sum(1 for _ in _entries_in_month(self.cat, *ym))
                cls = ' class="is-current"' if ym == (y, m) else ""
                count = f'<span class="hmtn-months__n">{e(_count(n))}</span>' if n else \
                    '<span class="hmtn-months__n is-zero">—</span>'
                items.append(f'<li{cls}><a href="{self.href(P.month_src(*ym))}">'
                             f'<span>{e(dv.month_label(*ym))}</span>{count}</a></li>')
            months.append(f'<h3 id="nam-{year}">Năm {year}</h3><ul class="hmtn-months">'
                          f'{NL.join(items)}</ul>')
        html = (
            '<div class="hmtn-page hmtn-month"><h1 id="lich">Lịch hiến máu</h1>'
            f'<p class="hmtn-today">Hôm nay: {self.today_stamp()}. '
            f'Bấm vào một ngày có đánh dấu để xem đợt hiến máu.</p>'
            f'<h2 id="thang-nay">{e(dv.month_label(y, m))}</h2>'
            f"{self.month_nav(y, m)}{self.month_grid(y, m, local=False)}"
            f'<p class="hmtn-more"><a href="{self.href(P.month_src(y, m))}">Các đợt trong '
            f'{e(dv.month_label(y, m).lower())}</a><span class="hmtn-sep"> · </span>'
            f'<a href="{self.href(P.AGENDA)}">Danh sách tất cả các đợt</a>'
            f'<span class="hmtn-sep"> · </span><a href="{self.href(P.FEED)}" download>Tải lịch (.ics)</a></p>'
            f'<h2 id="cac-thang">Các tháng</h2>{NL.join(months)}</div>')
        return Page(self.src, "Lịch hiến máu", html, search=False, hide=("toc",))

    def agenda_page(self) -> Page:
        self.src = P.AGENDA
        out = ['<div class="hmtn-page"><h1 id="danh-sach">Danh sách các đợt hiến máu</h1>']
        upcoming = self.cat.upcoming()
        first_up = upcoming[0].first if upcoming else None
        if first_up:
            out.append(f'<p class="hmtn-jump"><a class="md-button md-button--primary" href="#sap-toi">'
                       f'Đến các đợt sắp tới (từ {e(format_short_date(self.cat.today))})</a></p>')
        else:
            # the id stays: hand-written pages link to #sap-toi
            out.append('<p class="hmtn-empty" id="sap-toi">Chưa có đợt hiến máu nào sắp tới trong '
                       'các kế hoạch đã công bố.</p>')
        out.append(self.filter_form())
        marked = False
        for (y, m) in self.cat.months:
            entries = list(_entries_in_month(self.cat, y, m))
            if not entries:
                continue
            mark = ""
            if first_up and not marked and (y, m) >= (first_up.year, first_up.month):
                mark, marked = '<span id="sap-toi" class="hmtn-anchor"></span>', True
            out.append(f'<section class="hmtn-filter-group">{mark}<h2 id="{P.month_anchor(y, m)}">'
                       f'<a href="{self.href(P.month_src(y, m))}">{e(dv.month_label(y, m))}</a></h2>')
            out.append(self.drive_list(entries, filters=True) + "</section>")
        out.append('<p class="hmtn-empty" data-hmtn-filter-none hidden>Không có đợt hiến máu nào '
                   'như bạn chọn.</p>')
        out.append("</div>")
        toc = [(2, P.month_anchor(y, m), dv.month_label(y, m)) for (y, m) in self.cat.months
               if any(True for _ in _entries_in_month(self.cat, y, m))]
        return Page(self.src, "Danh sách các đợt hiến máu", "\n".join(out), search=False, toc=toc)

    # ----------------------------------------------------------------- filters and area pages
    def areas(self) -> list[tuple[tuple[str, str], str]]:
        """Every area drives are held in, ((province, commune or old district), label), in the
        order of the places page; the label names the province when there are several."""
        keys = sorted({(x.province, _place_group(x)) for x in self.cat.entries},
                      key=lambda k: (strip_marks(k[0]), k[1] == _OTHER, strip_marks(k[1]), k[1]))
        several = len({k[0] for k in keys}) > 1
        return [(k, f"{k[1]}, {k[0]}" if several else k[1]) for k in keys]

    def filter_form(self) -> str:
        """Filters by area, organiser, programme and month: a form the script shows and runs
        at once; without JavaScript, links to the pages per area, organiser and month."""
        def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
            opts = "".join(f'<option value="{e(v)}">{e(t)}</option>' for v, t in options)
            return (f'<p><label for="loc-{name}">{e(label)}</label>'
                    f'<select id="loc-{name}" name="{name}"><option value="">Tất cả</option>'
                    f"{opts}</select></p>")

        organisers = sorted({(P.unit_anchor(x.plan.id, x.drive.organiser), x.organiser)
                             for x in self.cat.entries}, key=lambda o: strip_marks(o[1]))
        programmes = sorted({(x.drive.programme, x.programme.name) for x in self.cat.entries
                             if x.programme}, key=lambda o: strip_marks(o[1]))
        months = [(f"{y:04d}-{m:02d}", dv.month_label(y, m)) for (y, m) in self.cat.months
                  if self.cat.in_month(y, m)]
        areas = [(self._place_anchors[k], label) for k, label in self.areas()]
        form = ('<form class="hmtn-filter" data-hmtn-filter hidden data-search-exclude '
                'aria-label="Lọc các đợt hiến máu">'
                + select("area", "Khu vực", areas) + select("organiser", "Đơn vị tổ chức", organisers)
                + select("programme", "Chương trình", programmes) + select("month", "Tháng", months)  # type: ignore[arg-type]  # only entries with a programme
                + '<p class="hmtn-filter__count" role="status" aria-live="polite" '
                  'data-hmtn-filter-count></p></form>')
        links = "\n".join(f'<li><a href="{self.href(area_src(self._place_anchors[k]))}">'
                          f"{e(label)}</a></li>" for k, label in self.areas())
        pages = (f'<details class="hmtn-details hmtn-areas" data-search-exclude><summary>Các đợt '
                 f'theo khu vực ({format_number(len(self.areas()))} trang)</summary>'
                 f'<ul class="hmtn-plain hmtn-area-links">{links}</ul>'
                 f'<p class="hmtn-small">Xem thêm theo <a href="{self.href(P.ORGANISERS)}">đơn vị tổ '
                 f'chức</a>, <a href="{self.href(P.PROGRAMMES)}">chương trình</a> hoặc '
                 f'<a href="{self.href(P.CALENDAR)}">tháng</a>.</p></details>')
        return form + pages

    def area_page(self, key: tuple[str, str], label: str) -> Page:
        anchor = self._place_anchors[key]
        self.src = area_src(anchor)
        entries = area_entries(self.cat, key)
        out = [f'<div class="hmtn-page"><h1 id="khu-vuc">Các đợt hiến máu: {e(label)}</h1>',
               f'<p><a href="{self.href(P.AGENDA)}">Tất cả các đợt</a><span class="hmtn-sep"> · '
               f'</span><a href="{self.href(P.PLACES, anchor)}">Các địa điểm ở đây</a></p>',
               f'<p class="hmtn-feed" data-search-exclude>'
               f'{self.subscribe(area_ics(anchor), "lịch khu vực này", anchor + ".ics")}</p>']
        for (y, m) in self.cat.months:
            mine = [x for x in entries if (x.first.year, x.first.month) == (y, m)]
            if mine:
                out.append(f'<h2 id="{P.month_anchor(y, m)}">{e(dv.month_label(y, m))}</h2>')
                out.append(self.drive_list(mine))
        out.append("</div>")
        return Page(self.src, f"Các đợt hiến máu: {label}", "\n".join(out), search=False,
                    hide=("toc",))

    def organisers_page(self) -> Page:
        self.src = P.ORGANISERS
        out = ['<div class="hmtn-page"><h1 id="don-vi">Các đợt hiến máu theo đơn vị tổ chức</h1>']
        toc = []
        for plan in self.cat.plans:
            mine: dict[str, list[Entry]] = defaultdict(list)
            for entry in self.cat.entries:
                if entry.plan is plan:
                    mine[entry.drive.organiser].append(entry)
            if not mine:
                continue
            title = plan.data.plan.title
            out.append(f'<h2 id="{e(plan.id)}">{e(title)}</h2>')
            toc.append((2, plan.id, title))
            for uid in plan.data.units:
                if uid not in mine:
                    continue
                unit = plan.data.units[uid]
                old = (f'<p class="hmtn-old">Tên cũ: {e("; ".join(unit.old_names))}</p>'
                       if unit.old_names else "")
                out.append(f'<h3 id="{P.unit_anchor(plan.id, uid)}">{e(unit.name)}</h3>{old}')
                out.append(site_results.organiser_progress(plan, uid))
                out.append(self.drive_list(mine[uid], organiser=False, province=False))
        out.append("</div>")
        return Page(self.src, "Theo đơn vị tổ chức", "\n".join(out), toc=toc)

    def places_page(self) -> Page:
        self.src = P.PLACES
        tree: dict[str, dict[str, dict[tuple, list[Entry]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list)))
        for entry in self.cat.entries:
            p = entry.drive.place
            tree[entry.province][_place_group(entry)][(p.name, p.address or "")].append(entry)
        out = ['<div class="hmtn-page"><h1 id="dia-diem">Các đợt hiến máu theo địa điểm</h1>',
               '<p>Theo tỉnh, thành phố và xã, phường (sau ngày 1/7/2025). Các địa điểm chưa ghi '
               'xã, phường được xếp theo địa bàn cũ (huyện, thị xã, thành phố trước 7/2025).</p>']
        toc = []
        for province in sorted(tree, key=strip_marks):
            pid = self._place_anchors[province]
            out.append(f'<h2 id="{pid}">{e(province)}</h2>')
            toc.append((2, pid, province))
            for group in sorted(tree[province], key=lambda g: (g == _OTHER, strip_marks(g))):
                out.append(f'<h3 id="{self._place_anchors[(province, group)]}">{e(group)}</h3>')
                for (name, address), entries in sorted(tree[province][group].items(),
                                                       key=lambda kv: strip_marks(kv[0][0])):
                    olds = sorted({x.drive.place.old_area for x in entries if x.drive.place.old_area})
                    communes = sorted({x.drive.place.commune for x in entries
                                       if x.drive.place.commune})
                    bits = [f"<strong>{e(name)}</strong>"]
                    if address:
                        bits.append(e(address))
                    if communes:
                        bits.append(e(", ".join(communes)))
                    if olds:
                        bits.append(f'<span class="hmtn-old">Địa bàn cũ: {e(", ".join(olds))}</span>')
                    out.append(f'<p class="hmtn-place">{BR.join(bits)}</p>')
                    out.append(self.drive_list(entries, province=False, place=False))
        out.append("</div>")
        return Page(self.src, "Theo địa điểm", "\n".join(out), toc=toc)

    def programmes_page(self) -> Page:
        self.src = P.PROGRAMMES
        groups: dict[str, list[Entry]] = {}
        for entry in self.cat.entries:
            groups.setdefault(entry.drive.programme or "", []).append(entry)
        out = ['<div class="hmtn-page"><h1 id="chuong-trinh">Các đợt hiến máu theo chương trình</h1>']
        toc = []
        for pid, entries in sorted(groups.items(), key=lambda kv: (kv[0] == "", 0)):
            if pid:
                names = list(dict.fromkeys(x.programme.name for x in entries))
                title = " / ".join(names)
                desc = next((x.programme.description for x in entries if x.programme.description),
                            None)
            else:
                title, desc = "Các đợt khác", None
            anchor = pid or "khac"
            out.append(f'<h2 id="{e(anchor)}">{e(title)}</h2>')
            toc.append((2, anchor, title))
            if desc:
                out.append(f"<p>{e(desc)}</p>")
            out.append(self.drive_list(entries))
        out.append("</div>")
        return Page(self.src, "Theo chương trình", "\n".join(out), toc=toc)

    def plans_page(self) -> Page:
        self.src = P.PLANS
        cards = []
        for plan in self.cat.plans:
            info = plan.data.plan
            live = [d for d in plan.data.drives if d.status == "planned"]
            docs = self.cat.documents.get(plan.id, [])
            cards.append(
                f'<li><a class="hmtn-card" href="{self.href(P.plan_src(plan.id))}">'
                f'<span class="hmtn-card__title">{e(info.title)}</span>'
                f'<span class="hmtn-card__meta">{e(info.committee or "")}</span>'
                f'<span class="hmtn-card__meta">{e(_period(plan))} · {e(_count(len(plan.data.drives)))}'
                f'{" · " + e(dv.total_quota_text(live)) if dv.total_quota_text(live) else ""}'
                f'{" · " + e(format_number(len(docs))) + " văn bản" if docs else ""}</span></a></li>')
        html = ('<div class="hmtn-page"><h1 id="ke-hoach">Kế hoạch và văn bản</h1>'
                '<p>Các kế hoạch hiến máu tình nguyện đã công bố, với văn bản (DOCX, PDF) và lịch '
                'của từng kế hoạch.</p>'
                f'<ul class="hmtn-cards">{NL.join(cards)}</ul></div>')
        return Page(self.src, "Kế hoạch và văn bản", html)

    def plan_page(self, plan) -> Page:
        self.src = P.plan_src(plan.id)
        info = plan.data.plan
        live = [d for d in plan.data.drives if d.status == "planned"]
        cancelled = len(plan.data.drives) - len(live)
        anchors = Anchors()
        out = [f'<div class="hmtn-page hmtn-plan"><h1 id="{anchors("ke-hoach")}">{e(info.title)}</h1>']
        # a plan of one organisation has no committee nor area: those lines are left out
        facts = [(label, e(value)) for label, value in (
            ("Ban Chỉ đạo", info.committee),
            ("Tỉnh, thành phố" if info.province_kind in ("tỉnh", "thành phố") else "Địa bàn",
             info.province if info.province_kind in ("tỉnh", "thành phố") or not info.province
             else f"{info.province_kind} {info.province}"),
            ("Năm học", info.school_year)) if value]
        facts += [("Thời gian", e(_period(plan))),
                 ("Số đợt hiến máu", e(_count(len(live)))
                  + (f" (và {e(format_number(cancelled))} đợt đã hủy)" if cancelled else "")),
                 ("Tổng chỉ tiêu", e(dv.total_quota_text(live) or "không ghi chỉ tiêu"))]
        out.append('<dl class="hmtn-facts">' + "\n".join(
            f"<div><dt>{k}</dt>\n<dd>{v}</dd></div>" for k, v in facts) + "</dl>")
        out.append(f'<div class="hmtn-actions"><a class="md-button md-button--primary" '
                   f'href="{self.href(P.plan_ics(plan.id))}" download="{e(plan.id)}.ics">'
                   'Tải lịch của kế hoạch (.ics)</a></div>')
        toc = []
        docs = self.cat.documents.get(plan.id, [])
        out.append(f'<h2 id="{anchors("van-ban")}">Văn bản</h2>')
        toc.append((2, "van-ban", "Văn bản"))
        if docs:
            def items(group: list[DocumentFile]) -> str:
                return "\n".join(
                    f'<li><a href="{self.href(P.plan_document(plan.id, doc.rel))}" download>'
                    f'{e(doc.title)}</a> <span class="hmtn-small">{e(doc.kind)}, '
                    f'{e(_size(doc))}</span></li>' for doc in group)

            # one copy per unit can be dozens of files: folded under the main documents
            main = [d for d in docs if "/" not in d.rel]
            per_unit = [d for d in docs if "/" in d.rel]
            out.append(f'<ul class="hmtn-docs">{items(main)}</ul>')
            if per_unit:
                out.append(f'<details class="hmtn-docs-units"><summary>Bản gửi từng đơn vị '
                           f'({len(per_unit)} tệp)</summary><ul class="hmtn-docs">'
                           f'{items(per_unit)}</ul></details>')
        else:
            out.append('<p class="hmtn-empty" data-hmtn-no-documents>Chưa có văn bản (DOCX, PDF) '
                       'nào của kế hoạch này trên trang.</p>')
        appendix = dv.quota_appendix(plan)
        if appendix:
            aid = anchors("chi-tieu")
            out.append(f'<h2 id="{aid}">Chỉ tiêu theo đơn vị tổ chức</h2>')
            toc.append((2, aid, "Chỉ tiêu theo đơn vị tổ chức"))
            rows = []
            for group in appendix:
                rows.append(f'<tr class="hmtn-group"><th colspan="3" scope="rowgroup">'
                            f"{e(group.title)}</th></tr>")
                for org in group.organisers:
                    rows.append(f'<tr><td><a href="{self.href(P.ORGANISERS, P.unit_anchor(plan.id, org.uid))}">'
                                f'{e(org.name)}</a></td><td class="hmtn-num">{e(org.quota_text)}'
                                f'</td><td class="hmtn-num">{e(format_number(len(org.days)))}</td></tr>')
                rows.append(f'<tr class="hmtn-subtotal"><td>Cộng</td><td class="hmtn-num">'
                            f'{e(group.quota_text)}</td><td class="hmtn-num">'
                            f'{e(format_number(group.days))}</td></tr>')
            out.append('<p class="hmtn-small">Chỉ tiêu tính bằng đơn vị máu; không tính các đợt '
                       'đã hủy.</p><div class="hmtn-scroll" data-search-exclude><table class="hmtn-table">'
                       '<thead><tr>'
                       '<th>Đơn vị tổ chức</th><th class="hmtn-num">Chỉ tiêu</th>'
                       f'<th class="hmtn-num">Số ngày</th></tr></thead><tbody>{NL.join(rows)}'
                       '</tbody></table></div>')
        did = anchors("cac-dot")
        out.append(f'<h2 id="{did}">Các đợt hiến máu</h2>')
        toc.append((2, did, "Các đợt hiến máu"))
        by_key = {(e_.plan.id, e_.drive.id): e_ for e_ in self.cat.entries}
        for month in dv.month_groups(plan):
            gid = anchors(P.month_anchor(month.year, month.month))
            out.append(f'<h3 id="{gid}">{e(month.title)}</h3>')
            out.append(self.drive_list([by_key[(plan.id, d.id)] for d in month.drives],
                                       province=False))
        out.append("</div>")
        return Page(self.src, info.title, "\n".join(out), toc=toc,
                    description=f"{info.title}: lịch các đợt hiến máu và văn bản.")

    # ----------------------------------------------------------------- blocks for hand-written pages
    def home_block(self) -> str:
        self.src = P.HOME
        upcoming = self.cat.upcoming()
        y, m = self.cat.current_month()
        live = [x for x in self.cat.entries if not x.cancelled]
        ends = format_short_date(max(p.data.plan.period.end for p in self.cat.plans))
        out = ['<section class="hmtn-home" data-search-exclude>']
        out.append('<h2 id="sap-toi">Các đợt hiến máu sắp tới</h2>')
        # every drive still to come at build time, the first SHOWN visible: the script shows the
        # first SHOWN still to come on the visitor's day (the page may be read months later)
        items = [self.drive_item(x) for x in upcoming]
        items = items[:SHOWN] + [item.replace("<li", "<li hidden", 1) for item in items[SHOWN:]]
        out.append(f'<ul class="hmtn-list" data-hmtn-upcoming data-shown="{SHOWN}">'
                   f'{NL.join(items)}</ul>')
        out.append(f'<p class="hmtn-empty" data-hmtn-none{"" if not upcoming else " hidden"}>'
                   'Hiện chưa có đợt hiến máu nào sắp tới trong các kế hoạch đã công bố: các kế '
                   f'hoạch này có lịch đến hết ngày {e(ends)}. Lịch mới sẽ có ở đây khi kế hoạch '
                   'tiếp theo được ban hành.</p>')
        out.append(
            '<p class="hmtn-actions">'
            f'<a class="md-button md-button--primary" href="{self.href(P.month_src(y, m))}">'
            f'Lịch {e(dv.month_label(y, m).lower())}</a>'
            f'<a class="md-button" href="{self.href(P.AGENDA, "sap-toi" if upcoming else None)}">'
            f'Tất cả các đợt{" sắp tới" if upcoming else ""}</a>'
            f'<a class="md-button" href="{self.href(P.FEED)}" download>Tải lịch (.ics)</a>'
            + (f'<a class="md-button" href="{e(self.webcal(P.FEED))}" data-hmtn-webcal>Theo dõi '
               'lịch (webcal)</a>' if self.webcal(P.FEED) else "") + '</p>')
        out.append(
            f'<p class="hmtn-stats">{e(format_number(len(self.cat.plans)))} kế hoạch · '
            f'{e(_count(len(live)))} hiến máu · '
            f'{e(dv.total_quota_text(x.drive for x in live) or "không ghi chỉ tiêu")} theo kế hoạch · '
            f'lịch đến hết ngày {e(ends)}</p>')
        out.append(site_results.year_progress(self.cat.plans))
        out.append("</section>")
        return "\n".join(out)

    def feeds_block(self) -> str:
        self.src = P.OPEN_DATA
        rows = [f'<li>{self.subscribe(P.FEED, "tất cả các đợt hiến máu")}'
                f'{self._abs_hint(P.FEED)}</li>']
        for plan in self.cat.plans:
            rows.append(f'<li>{self.subscribe(P.plan_ics(plan.id), plan.data.plan.title, plan.id + ".ics")}'
                        f'{self._abs_hint(P.plan_ics(plan.id))}</li>')
        areas = "\n".join(f'<li>{self.subscribe(area_ics(self._place_anchors[k]), label)}</li>'
                          for k, label in self.areas())
        lic = feeds.LICENCE
        data = [f'<li><a href="{self.href(P.JSON_DATA)}" data-hmtn-json>Dữ liệu các đợt hiến máu '
                f'(JSON)</a>{self._abs_hint(P.JSON_DATA)}</li>',
                f'<li><a href="{self.href(P.JSON_SCHEMA)}">Lược đồ của tệp JSON (JSON Schema)</a>'
                f'</li>',
                f'<li><a href="{self.href(P.CSV_DATA)}" download data-hmtn-csv>Cùng dữ liệu, mỗi '
                f'đợt một dòng (CSV, mở bằng Excel)</a>{self._abs_hint(P.CSV_DATA)}</li>']
        return (f'<ul class="hmtn-feeds">{NL.join(rows)}</ul>'
                f'<details class="hmtn-details"><summary>Lịch theo khu vực</summary>'
                f'<ul class="hmtn-feeds">{areas}</ul></details>'
                f'<ul class="hmtn-feeds">{NL.join(data)}</ul>'
                f'<p class="hmtn-licence" data-hmtn-licence>Giấy phép: dữ liệu được chia sẻ theo '
                f'<a href="{e(lic["url"])}" rel="license">{e(lic["name"])}</a>: bạn được dùng lại, '
                'kể cả cho mục đích thương mại, khi ghi rõ nguồn (các kế hoạch hiến máu tình nguyện '
                'đã công bố và trang này).</p>')

    def webcal(self, src: str) -> str | None:
        """A subscription address (``webcal://``) for a feed, when the site's address is known."""
        url = self.absolute(src)
        return "webcal://" + url.split("://", 1)[1] if url else None

    def subscribe(self, src: str, label: str, download: str | None = None) -> str:
        """A feed offered both ways: subscribe (updates itself) and download (a copy)."""
        name = f' download="{e(download)}"' if download else " download"
        link = self.webcal(src)
        sub = (f'<a href="{e(link)}" data-hmtn-webcal>Theo dõi {e(label)}</a> '
               '<span class="hmtn-small">(lịch tự cập nhật)</span> · ' if link else "")
        return (f"{sub}<a href=\"{self.href(src)}\"{name}>Tải {'tệp' if link else e(label)} "
                "(.ics)</a>")

    def _abs_hint(self, src: str) -> str:
        url = self.absolute(src)
        return f'<br><code class="hmtn-url">{e(url)}</code>' if url else ""

    def calculator_block(self) -> str:
        """The "when can I give again" form; the script only does date arithmetic."""
        self.src = P.ELIGIBILITY
        months = {f"{y:04d}-{m:02d}": {"url": self.router.link(self.src, P.month_src(y, m)),
                                       "label": dv.month_label(y, m)}
                  for (y, m) in self.cat.months}
        weekdays = _monday_names("title")
        today = self.cat.today.isoformat() if self.cat.today_fixed else ""
        return (
            '<form class="hmtn-calc" data-hmtn-calc '
            f"data-weekdays='{e(json.dumps(weekdays, ensure_ascii=False))}' "
            f"data-months='{e(json.dumps(months, ensure_ascii=False))}' "
            f'data-today="{e(today)}" data-search-exclude>'
            '<p><label for="hmtn-last">Ngày bạn hiến máu lần gần nhất</label><br>'
            '<input id="hmtn-last" name="last" type="date" required></p>'
            '<fieldset><legend>Lần đó bạn hiến</legend>'
            '<label><input type="radio" name="kind" value="84" checked> Máu toàn phần '
            '(chờ 12 tuần)</label><br>'
            '<label><input type="radio" name="kind" value="14"> Tiểu cầu hoặc huyết tương bằng '
            'gạn tách (chờ 2 tuần)</label></fieldset>'
            '<p><button class="md-button md-button--primary" type="submit">Tính ngày</button></p>'
            '<output class="hmtn-calc__out" name="result" for="hmtn-last" aria-live="polite">'
            '</output></form>'
            '<noscript><p>Trình duyệt của bạn đang tắt JavaScript: hãy cộng 12 tuần (84 ngày) vào '
            'ngày hiến máu toàn phần gần nhất, hoặc 2 tuần (14 ngày) nếu bạn hiến tiểu cầu hoặc '
            'huyết tương bằng gạn tách.</p></noscript>')


_OTHER = "Địa điểm khác"


def _place_group(entry: Entry) -> str:
    p = entry.drive.place
    if p.commune:
        return p.commune
    if p.old_area:
        return f"{p.old_area} (địa bàn cũ)"
    return _OTHER


def area_src(anchor: str) -> str:
    """The pre-built list of one area's drives (the list's filter without JavaScript)."""
    return f"lich/khu-vuc/{anchor}.md"


def print_src(year: int, month: int) -> str:
    return f"lich/in/{year:04d}-{month:02d}.md"


def area_ics(anchor: str) -> str:
    return f"lich/khu-vuc/{anchor}.ics"


def area_entries(cat: Catalogue, key: tuple[str, str]) -> list[Entry]:
    return [x for x in cat.entries if (x.province, _place_group(x)) == key]


def _entries_in_month(cat: Catalogue, year: int, month: int):
    return (x for x in cat.entries if (x.first.year, x.first.month) == (year, month))


def _period(plan) -> str:
    period = plan.data.plan.period
    return f"{format_short_date(period.start)} – {format_short_date(period.end)}"


def _size(doc: DocumentFile) -> str:
    kb = max(1, round(doc.size / 1024))
    return f"{format_number(kb)} kB"


def all_pages(writer: Writer) -> list[Page]:
    cat = writer.cat
    pages = [writer.calendar_page(), writer.agenda_page(), writer.organisers_page(),
             writer.places_page(), writer.programmes_page(), writer.plans_page()]
    pages += [writer.month_page(y, m) for (y, m) in cat.months]
    pages += [writer.print_page(y, m) for (y, m) in cat.months]
    pages += [writer.plan_page(plan) for plan in cat.plans]
    pages += [writer.drive_page(entry) for entry in cat.entries]
    pages += [writer.area_page(key, label) for key, label in writer.areas()]
    return pages


def _datetime(entry: Entry) -> str:
    """The ``datetime`` of a drive's <time>: its first day, or just its month ("2019-03") when it
    is known only by month (no day is invented)."""
    return entry.drive.month if entry.drive.tentative else entry.first.isoformat()  # type: ignore[return-value]  # a tentative drive has a month
