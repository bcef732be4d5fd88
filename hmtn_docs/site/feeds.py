"""Calendar feeds (.ics), open data (JSON) and schema.org markup for the drives.

Everything here is a pure function of the plans: no ``now()``, no random UID, keys in a fixed
order, so two builds of the same plans give byte-identical files and a subscriber's calendar
only changes when a drive does.

* UID: ``<drive id>@<plan id>.hmtn`` (a second, third... day of the same drive adds
  ``-ngay-2``, ``-ngay-3``); never changes when a drive is moved.
* DTSTAMP: the plan's issue date (as its documents give it, else the start of its period).
* SEQUENCE: ``drive.revision``; a cancelled drive stays in the feed with ``STATUS:CANCELLED``.
* Times in ``Asia/Ho_Chi_Minh`` with its VTIMEZONE; a drive without a time is all-day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
from typing import Any
from urllib.parse import urlencode

from icalendar import Alarm, Calendar, Event, Timezone

from .. import derive as dv, quota as q
from ..documents import plan_issue_date
from ..model import TimeOfDay
from ..plan import Plan
from . import results as site_results
from .catalogue import TZ, Catalogue, Entry

PRODID = "-//hmtn-docs//Lich hien mau tinh nguyen//VI"
TZID = "Asia/Ho_Chi_Minh"
DOMAIN = "hmtn"


# --------------------------------------------------------------------------- shared text
def summary(entry: Entry) -> str:
    return f"Hiến máu tình nguyện: {entry.drive.place.name}"


def location_text(entry: Entry) -> str:
    p = entry.drive.place
    parts = [p.name, entry.drive.campus, p.address, p.commune,
             dv.describe(entry.plan, entry.drive).province]
    out: list[str] = []
    for part in parts:
        if part and not any(part in o for o in out):
            out.append(part)
    return ", ".join(out)


def description_lines(entry: Entry) -> list[str]:
    d, facts = entry.drive, dv.describe(entry.plan, entry.drive)
    lines = [f"Đơn vị tổ chức: {facts.organiser}"]
    if len(facts.days) > 1:
        lines.append(f"Các ngày: {facts.dates_text}")
    if facts.time_text:
        lines.append(f"Thời gian: {facts.time_text}")
    if d.audience:
        lines.append(f"Đối tượng: {d.audience}")
    if facts.quota_text:
        lines.append(f"Chỉ tiêu: {facts.quota_text}")
    if facts.contact:
        lines.append(f"Liên hệ: {facts.contact}")
    if facts.registration:
        lines.append(f"Đăng ký: {facts.registration}")
    if facts.staff_only:
        lines.append(f"Chỉ dành cho cán bộ, nhân viên của {facts.organiser}")
    if facts.programme:
        lines.append(f"Chương trình: {facts.programme.name}")
    if d.note:
        lines.append(f"Ghi chú: {d.note}")
    if entry.cancelled:
        lines.insert(0, "ĐỢT HIẾN MÁU NÀY ĐÃ HỦY.")
    return lines


def _at(day: dt.date, t: TimeOfDay) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, t.hour, t.minute, tzinfo=TZ)


def plan_stamp(plan: Plan) -> dt.datetime:
    """The fixed DTSTAMP of a plan's events: its issue date, at midnight UTC."""
    day = plan_issue_date(plan) or plan.data.plan.period.start
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def uid(entry: Entry, day_number: int = 1) -> str:
    extra = f"-ngay-{day_number}" if day_number > 1 else ""
    return f"{entry.drive.id}{extra}@{entry.plan.id}.{DOMAIN}"


# --------------------------------------------------------------------------- iCalendar
def events(entry: Entry, page_url: str | None = None) -> list[Event]:
    """One VEVENT per day of the drive."""
    d = entry.drive
    text = "\n".join(description_lines(entry) + ([page_url] if page_url else []))
    out = []
    for n, day in enumerate(sorted(d.dates), 1):
        ev = Event()
        ev.add("uid", uid(entry, n))
        ev.add("dtstamp", plan_stamp(entry.plan))
        ev.add("sequence", d.revision)
        ev.add("summary", summary(entry))
        window = d.day_times.get(day, d.time)
        if window:
            ev.add("dtstart", _at(day, window.start))
            if window.end is not None:  # a start time only: an event without an end
                ev.add("dtend", _at(day, window.end))
        else:
            ev.add("dtstart", day)
            ev.add("dtend", day + dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
        ev.add("location", location_text(entry))
        ev.add("description", text)
        ev.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        if page_url:
            ev.add("url", page_url)
        out.append(ev)
    return out


_END = b"END:VCALENDAR\r\n"
# a line of its own: a folded line starts with a space, and text values escape line breaks
_EVENT_END = b"\r\nEND:VEVENT\r\n"


def _head(name: str) -> bytes:
    """The calendar's own properties, up to END:VCALENDAR, as icalendar writes them."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    return cal.to_ical()


def _name_line(name: str) -> bytes:
    """X-WR-CALNAME with ``name``, escaped and folded as icalendar does."""
    cal = Calendar()
    cal.add("x-wr-calname", name)
    return cal.to_ical()[len(b"BEGIN:VCALENDAR\r\n"):-len(_END)]


@functools.cache
def _head_around_name() -> tuple[bytes, bytes]:
    """``_head`` before and after the name line: the same for every file (3,000 files of a
    national site made their whole head each, a tenth of the plugin's work)."""
    probe = "HMTN-NAME"
    head, line = _head(probe), _name_line(probe)
    assert head.count(line) == 1 and head.endswith(_END)
    at = head.index(line)
    return head[:at], head[at + len(line):-len(_END)]


@functools.cache
def _alarm() -> bytes:
    """A display alarm the day before the event starts, serialised once for every drive's
    reminder file."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Ngày mai có đợt hiến máu tình nguyện")
    alarm.add("trigger", dt.timedelta(days=-1))
    return alarm.to_ical()


@functools.cache
def _vtimezone() -> bytes:
    """The VTIMEZONE of Asia/Ho_Chi_Minh, computed once (icalendar takes ~50 ms for it)."""
    return Timezone.from_tzid(TZID).to_ical()


class FeedWriter:
    """Writes .ics files; each drive's events are serialised once, whatever the files."""

    def __init__(self, urls: dict[str, str | None] | None = None):
        self.urls = urls or {}
        self._events: dict[str, bytes] = {}

    def event_bytes(self, entry: Entry) -> bytes:
        if entry.key not in self._events:
            self._events[entry.key] = b"".join(
                ev.to_ical() for ev in events(entry, self.urls.get(entry.key)))
        return self._events[entry.key]

    def calendar(self, entries: list[Entry], name: str, remind: bool = False) -> bytes:
        before, after = _head_around_name()
        head = before + _name_line(name) + after
        if remind:  # one drive's file, its alarm where icalendar puts a subcomponent: last
            body = b"".join(self.event_bytes(x) if x.cancelled else
                            self.event_bytes(x).replace(_EVENT_END, b"\r\n" + _alarm() +
                                                        _EVENT_END[2:])
                            for x in entries)
        else:
            body = b"".join(self.event_bytes(x) for x in entries)
        return head + (_vtimezone() if entries else b"") + body + _END


def calendar_bytes(entries: list[Entry], name: str,
                   urls: dict[str, str | None] | None = None) -> bytes:
    """An .ics file of ``entries``; ``urls`` maps an entry key to its absolute page address."""
    return FeedWriter(urls).calendar(entries, name)


# --------------------------------------------------------------------------- Google Calendar
def google_calendar_link(entry: Entry, page_url: str | None = None) -> str:
    """A "create event" template link (first day only: the template holds one range)."""
    d = entry.drive
    day = entry.first
    if d.time:
        fmt = "%Y%m%dT%H%M%S"
        end = d.time.end or d.time.start
        dates = f"{_at(day, d.time.start).strftime(fmt)}/{_at(day, end).strftime(fmt)}"
    else:
        dates = f"{day.strftime('%Y%m%d')}/{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}"
    details = "\n".join(description_lines(entry) + ([page_url] if page_url else []))
    query = urlencode({"action": "TEMPLATE", "text": summary(entry), "dates": dates,
                       "ctz": TZID, "details": details, "location": location_text(entry)})
    return f"https://calendar.google.com/calendar/render?{query}"


# --------------------------------------------------------------------------- schema.org
def _iso(day: dt.date, t: TimeOfDay | None) -> str:
    return _at(day, t).isoformat() if t else day.isoformat()


def json_ld(entry: Entry, page_url: str | None = None) -> dict[str, Any]:
    d, p = entry.drive, entry.drive.place
    address: dict[str, Any] = {"@type": "PostalAddress", "addressRegion": entry.province,
                               "addressCountry": "VN"}
    if p.address:
        address["streetAddress"] = p.address
    if p.commune or p.old_area:
        address["addressLocality"] = p.commune or p.old_area
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": summary(entry),
        # a drive known only by month gives its month (ISO 8601 "2019-03"), never a day
        "startDate": d.month if d.tentative else _iso(entry.first, d.time.start if d.time else None),
        "endDate": d.month if d.tentative else _iso(entry.last, d.time.end if d.time and d.time.end else None),
        "eventStatus": "https://schema.org/" + ("EventCancelled" if entry.cancelled
                                                else "EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": p.name, "address": address,
                     **({"geo": {"@type": "GeoCoordinates", "latitude": p.coordinates.lat,
                                 "longitude": p.coordinates.lon}} if p.coordinates else {})},
        "organizer": {"@type": "Organization", "name": entry.organiser},
        "description": ". ".join(line.rstrip(".") for line in description_lines(entry)) + ".",
        "isAccessibleForFree": True,
    }
    if page_url:
        data["url"] = page_url
    return data


def script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


# --------------------------------------------------------------------------- open data
def _time(t: TimeOfDay) -> str:
    return dt.time(t.hour, t.minute).isoformat(timespec="minutes")


def _unit(plan: Plan, uid_: str) -> dict[str, Any]:
    u = plan.data.units[uid_]
    return {"id": uid_, "name": u.name, "short": u.short}


def drive_record(entry: Entry, page: str, ics: str) -> dict[str, Any]:
    d, p, plan = entry.drive, entry.drive.place, entry.plan
    prog = entry.programme
    return {
        "plan": plan.id,
        "id": d.id,
        "status": d.status,
        "revision": d.revision,
        "dates": [day.isoformat() for day in sorted(d.dates)],
        "time": {"start": _time(d.time.start), "end": _time(d.time.end) if d.time.end else None}
        if d.time else None,
        "organiser": _unit(plan, d.organiser),
        "place": {"name": p.name, "address": p.address, "commune": p.commune,
                  "province": entry.province, "old_area": p.old_area, "campus": d.campus,
                  "coordinates": {"lat": p.coordinates.lat, "lon": p.coordinates.lon}
                  if p.coordinates else None},
        "quota": q.json_value(d.amount),
        **({"month": d.month, "when": dv.month_text(d)} if d.tentative else {}),
        **({"other_places": [o.name for o in d.other_places]} if d.other_places else {}),
        "audience": d.audience,
        "contact": d.contact,
        "registration": d.registration,
        "open_to": d.open_to or "public",
        "programme": {"id": d.programme, "name": prog.name} if prog else None,
        "coordinators": [_unit(plan, u) for u in d.coordinators],
        "executors": [_unit(plan, u) for u in d.executors],
        "allocations": [{"unit": _unit(plan, a.unit), "quota": a.quota,
                         "slot": {"start": _time(a.slot.start),
                                  "end": _time(a.slot.end)}  # type: ignore[arg-type]
                         if a.slot else None} for a in d.allocations],
        "note": d.note,
        "results": site_results.drive_data(entry),
        "page": page,
        "ics": ics,
    }


LICENCE = {"id": "CC-BY-4.0", "name": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
           "url": "https://creativecommons.org/licenses/by/4.0/deed.vi"}
FORMAT = "hmtn-docs/drives/2"


def generated_at(catalogue: Catalogue) -> str:
    """When the data was made, the same on every rebuild of the same plans: SOURCE_DATE_EPOCH
    (the reproducible-builds convention) if set, else the newest plan's issue date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        when = max(plan_stamp(p) for p in catalogue.plans)
    return when.isoformat().replace("+00:00", "Z")


CSV_COLUMNS = ["plan", "id", "status", "revision", "dates", "time_start", "time_end",
               "organiser_id", "organiser", "place", "address", "commune", "province", "old_area",
               "campus", "lat", "lon", "quota", "audience", "contact", "registration", "open_to",
               "programme_id", "programme", "note", "page", "ics"]


def csv_rows(records: list[dict[str, Any]]) -> bytes:
    """The drives of the JSON, one row each (dates joined by ``;``), UTF-8 with a byte order
    mark so that spreadsheet programs read the Vietnamese letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        place, time, prog, coords = r["place"], r["time"] or {}, r["programme"] or {}, \
            r["place"]["coordinates"] or {}
        writer.writerow([
            r["plan"], r["id"], r["status"], r["revision"], ";".join(r["dates"]),
            time.get("start", ""), time.get("end", ""), r["organiser"]["id"],
            r["organiser"]["name"], place["name"], place["address"] or "", place["commune"] or "",
            place["province"], place["old_area"] or "", place["campus"] or "",
            coords.get("lat", ""), coords.get("lon", ""), _csv_quota(r["quota"]),
            r["audience"] or "",
            r["contact"] or "", r["registration"] or "", r["open_to"], prog.get("id", ""),
            prog.get("name", ""), r["note"] or "", r["page"], r["ics"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_quota(quota) -> str:
    """A number as it is; a quota in the clerk's words as its text; none as an empty cell."""
    if quota is None:
        return ""
    if isinstance(quota, dict):
        return quota["text"]
    return str(quota)


def open_data(catalogue: Catalogue, pages: dict[str, str], icss: dict[str, str],
              plan_pages: dict[str, str], plan_icss: dict[str, str],
              schema: str | None = None, csv_url: str | None = None) -> bytes:
    """All plans and drives as one JSON document (addresses relative to the site root)."""
    plans = []
    for plan in catalogue.plans:
        info = plan.data.plan
        live = [d for d in plan.data.drives if d.status == "planned"]
        plans.append({
            "id": plan.id, "title": info.title, "year": info.year, "province": info.province,
            "committee": info.committee,
            "period": {"start": info.period.start.isoformat(), "end": info.period.end.isoformat()},
            "drives": len(plan.data.drives),
            "quota": q.total_json([d.amount for d in live], [len(d.dates) for d in live]),
            "page": plan_pages[plan.id], "ics": plan_icss[plan.id],
            "status": info.status,
            "results": site_results.plan_data(plan),
        })
    data = {
        **({"$schema": schema} if schema else {}),
        "format": FORMAT,
        "licence": LICENCE,
        "generated": generated_at(catalogue),
        **({"csv": csv_url} if csv_url else {}),
        "timezone": TZID,
        "plans": plans,
        "drives": [drive_record(e, pages[e.key], icss[e.key]) for e in catalogue.entries],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
