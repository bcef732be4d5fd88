"""Facts computed from a plan, shared by the documents and the website.

Nothing here formats a whole document; it answers questions such as "which drives fall under
which month heading", "how many days does each organiser hold", "what does the signature block
say". Documents and site both ask here, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from . import _placeholders as ph, quota as q
from .model import Drive, Issuer, Programme, Signer, TimeWindow
from .plan import Plan
from .vi import (
    format_date,
    format_day_with_weekday,
    format_partial_date,
    format_place_date,
    format_roman,
    format_short_date,
    format_time,
    format_time_window,
    format_upper,
    format_weekday,
)


def first_day(drive: Drive) -> dt.date:
    """The drive's first day; for a drive known only by month, the 1st of that month (for
    ordering and month headings only: no output prints it as the drive's day)."""
    if drive.dates:
        return min(drive.dates)
    year, month = map(int, drive.month.split("-"))  # type: ignore[union-attr]  # no dates: the model requires a month
    return dt.date(year, month, 1)


def month_text(drive: Drive) -> str:
    """A drive known only by month, in the clerk's words: ``đầu tháng 5/2019 (dự kiến)``."""
    year, month = map(int, drive.month.split("-"))  # type: ignore[union-attr]  # called for month-only drives
    words = drive.when or f"tháng {month}/{year}"
    return words if "dự kiến" in words else f"{words} (dự kiến)"


def drives_by_date(plan: Plan) -> list[Drive]:
    """Drives in calendar order (first day, then id for a stable order)."""
    return sorted(plan.data.drives, key=lambda d: (first_day(d), d.id))


def unit_name(plan: Plan, uid: str, short: bool = False) -> str:
    return plan.unit_name(uid, short)


def year_values(year: int, programme: Programme | None = None) -> dict[str, str]:
    """What ``{year}``, and with a programme ``{years}`` (since it was founded) and ``{edition}``
    (Roman, counted from its first edition), stand for in that year.

    >>> from hmtn_docs.model import Programme
    >>> year_values(2021, Programme(name="x", heading="x", founded=1945, first_edition=2013))
    {'year': '2021', 'years': '76', 'edition': 'IX'}
    """
    values = {"year": str(year)}
    if programme is not None and programme.founded is not None:
        values["years"] = str(year - programme.founded)
    if programme is not None and programme.first_edition is not None \
            and year >= programme.first_edition:
        values["edition"] = format_roman(year - programme.first_edition + 1)
    return values


def programme_heading(programme: Programme, year: int) -> str:
    """The text after ``Tháng M/YYYY`` with anniversaries and editions computed."""
    return ph.fill(programme.heading, year_values(year, programme))


def month_label(year: int, month: int) -> str:
    """The month as headings and calendars name it.

    >>> month_label(2021, 3)
    'Tháng 3/2021'
    """
    return f"Tháng {month}/{year}"


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    programme: Programme | None
    drives: tuple[Drive, ...]

    @property
    def title(self) -> str:
        head = month_label(self.year, self.month)
        if self.programme is None:
            return head
        return f"{head} {programme_heading(self.programme, self.year)}"


def month_groups(plan: Plan) -> list[MonthGroup]:
    """Drives under their month-and-programme headings, in calendar order."""
    drives = drives_by_date(plan)
    out = []
    for (year, month, pid), group in groupby(
            drives, key=lambda d: (first_day(d).year, first_day(d).month, d.programme)):
        prog = plan.data.programmes.get(pid) if pid else None
        out.append(MonthGroup(year, month, prog, tuple(group)))
    return out


@dataclass(frozen=True)
class OrganiserSummary:
    uid: str
    name: str
    amounts: tuple  # (Amount | None, days) of each of its drives
    days: tuple[dt.date, ...]
    campuses: tuple[tuple[dt.date, str], ...] = ()  # (day, campus) where a drive names one
    vague: tuple[str, ...] = ()  # "tháng 3/2019 (dự kiến)" of each drive known only by month

    @property
    def quota_text(self) -> str:
        """``800``, ``150 – 250``: both bounds of ranges (docs/plan-format.md, Quotas)."""
        return q.total_number_text([a for a, _ in self.amounts], [n for _, n in self.amounts])

    def campus(self, day: dt.date) -> str | None:
        return dict(self.campuses).get(day)


@dataclass(frozen=True)
class AppendixGroup:
    gid: str
    title: str
    organisers: tuple[OrganiserSummary, ...]

    @property
    def amounts(self) -> tuple:
        return tuple(x for o in self.organisers for x in o.amounts)

    @property
    def quota_text(self) -> str:
        return q.total_number_text([a for a, _ in self.amounts], [n for _, n in self.amounts])

    @property
    def days(self) -> int:
        return sum(len(o.days) for o in self.organisers)


def quota_appendix(plan: Plan) -> list[AppendixGroup]:
    """Quota and days per organiser, grouped as the units registry orders them.

    Cancelled drives are left out: they neither collect blood nor take a day.
    """
    live = [d for d in plan.data.drives if d.status == "planned"]
    out = []
    for gid, group in plan.data.groups.items():
        rows = []
        for uid, unit in plan.data.units.items():
            if unit.group != gid:
                continue
            mine = [d for d in live if d.organiser == uid]
            if not mine:
                continue
            days = tuple(sorted({day for d in mine for day in d.dates}))
            campuses = tuple(sorted((day, d.campus) for d in mine if d.campus for day in d.dates))
            rows.append(OrganiserSummary(uid, unit.short or unit.name,
                                         tuple((d.amount, len(d.dates)) for d in mine),
                                         days, campuses,
                                         tuple(month_text(d) for d in mine if not d.dates)))
        if rows:
            out.append(AppendixGroup(gid, group.title, tuple(rows)))
    return out


def signature_lines(signer: Signer, issuer: Issuer) -> list[str]:
    """The capitalised authority and title lines above the signature (ND30 ô 7a/7b).

    >>> from hmtn_docs.model import Signer, Issuer
    >>> s = Signer(name="Nguyễn Duy Hưng", title="Phó Chủ tịch", authority="KT",
    ...            head_title="Chủ tịch", on_behalf_of_collective=True)
    >>> i = Issuer(name="Ủy ban nhân dân tỉnh Hưng Yên", abbreviation="UBND",
    ...            collective="Ủy ban nhân dân", place="Hưng Yên")
    >>> signature_lines(s, i)
    ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']
    """
    party = issuer.style == "party"  # Hướng dẫn 36-HD/VPTW: T/M, K/T, T/L, T/UQ (docs/layout-party.md)
    mark = {"TM": "T/M", "KT": "K/T", "TL": "T/L", "TUQ": "T/UQ"} if party else {}
    lines = []
    if signer.on_behalf_of_collective:
        lines.append(f"{mark.get('TM', 'TM.')} {format_upper(issuer.collective or issuer.name)}")
    title = format_upper(signer.title or "")
    if signer.authority in ("KT", "TL", "TUQ"):
        lines.append(f"{mark.get(signer.authority, signer.authority + '.')} "
                     f"{format_upper(signer.head_title or '')}")
        lines.append(title)
    elif signer.authority == "Q":
        lines.append(f"Q. {title}")
    elif title:  # a collective's signer may be named without a title
        lines.append(title)
    return lines


def header_lines(issuer: Issuer) -> tuple[list[str], list[str]]:
    """(parent body lines, issuing body lines), capitalised."""
    parent = [format_upper(x) for x in issuer.parent or []]
    name = [format_upper(x) for x in issuer.header or [issuer.name]]
    return parent, name


def place_date(issuer: Issuer, date) -> str:
    return format_place_date(issuer.place, date.year, date.month, date.day)


def reference_date(date) -> str:
    """The issue date as cited in an appendix line; blanks where not yet registered."""
    if date.full:
        return format_date(date.full)
    return format_partial_date(date.year, date.month, date.day)


def window_text(window: TimeWindow | None, style: str = "range") -> str:
    if window is None:
        return ""
    if window.end is None:  # a start time only
        return format_time(window.start.hour, window.start.minute)
    return format_time_window((window.start.hour, window.start.minute),
                              (window.end.hour, window.end.minute), style)


@dataclass(frozen=True)
class DriveFacts:
    """A drive as every output describes it, computed once: the documents (Kế hoạch, notices,
    invitations), the drive pages and lists, the .ics feeds and the open data all read it here,
    so a new fact (a campus, a contact) is added in one place."""

    drive: Drive
    days: tuple[dt.date, ...]  # in calendar order
    day_texts: tuple[str, ...]  # "Thứ Tư, 10/3/2021", one per day
    time_text: str  # "7h30 - 11h30", or "" without a time
    place: str  # the place's name
    place_line: str  # "Name (campus), address", as documents write it
    province: str  # the place's province, else the plan's
    organiser: str
    organiser_short: str
    quota_text: str  # "800 đơn vị máu", "150 – 250 đơn vị máu/ngày"; "" without a quota
    programme: Programme | None
    contact: str | None  # where to register
    registration: str | None = None  # a registration page's address
    staff_only: bool = False  # only the organiser's own staff may come

    @property
    def dates_text(self) -> str:
        """``Thứ Tư, 10/3/2021`` (and more days joined by ``;``)."""
        return "; ".join(self.day_texts)

    @property
    def first(self) -> dt.date:
        return self.days[0] if self.days else first_day(self.drive)

    @property
    def last(self) -> dt.date:
        return self.days[-1] if self.days else first_day(self.drive)

    @property
    def tentative(self) -> bool:
        """Known only by month ("dự kiến"): no day, no calendar event."""
        return not self.days

    @property
    def cancelled(self) -> bool:
        return self.drive.status == "cancelled"


def describe(plan: Plan, drive: Drive) -> DriveFacts:
    """The one description of ``drive`` (kept on the plan, computed on first use)."""
    facts = plan.cache.setdefault("drive-facts", {})
    if drive.id not in facts:
        place = drive.place
        days = tuple(sorted(drive.dates))
        line = place.name + (f" ({drive.campus})" if drive.campus else "") \
            + (f", {place.address}" if place.address else "")
        for other in drive.other_places:  # several places: one after another
            line += f"; {other.name}" + (f", {other.address}" if other.address else "")
        unit = plan.data.units[drive.organiser]
        facts[drive.id] = DriveFacts(
            drive=drive,
            days=days,
            day_texts=tuple(format_day_with_weekday(d) + (f" ({window_text(drive.day_times[d])})"
                                                          if d in drive.day_times else "")
                            for d in days) or (month_text(drive),),
            time_text=window_text(drive.time) or ", ".join(window_text(w) for w in drive.times),
            place=place.name,
            place_line=line,
            province=place.province or plan.data.plan.province or "",
            organiser=unit.name,
            organiser_short=unit.short or unit.name,
            quota_text=q.amount_text(drive.amount),
            programme=plan.data.programmes.get(drive.programme) if drive.programme else None,
            contact=drive.contact,
            registration=drive.registration,
            staff_only=drive.open_to == "staff",
        )
    return facts[drive.id]


def drive_dates_short(drive: Drive) -> str:
    if not drive.dates:
        return month_text(drive)
    return ", ".join(format_short_date(d) for d in sorted(drive.dates))


def weekday_text(drive: Drive) -> str:
    return ", ".join(format_weekday(d, "text") for d in sorted(drive.dates))


def recipients_lines(recipients: list[str], archive: list[str]) -> list[str]:
    """Nơi nhận items: ``- X;`` each, then ``- Lưu: VT, ....``.

    >>> recipients_lines(["Như trên", "Sở Y tế."], ["VT", "VX"])
    ['- Như trên;', '- Sở Y tế;', '- Lưu: VT, VX.']
    """
    lines = [f"- {r.rstrip(';.')};" for r in recipients]
    lines.append(f"- Lưu: {', '.join(a.rstrip(';.') for a in archive)}.")
    return lines


def total_quota_text(drives) -> str:
    """The sum of the drives' quotas with its unit (ranges keep both bounds); "" if none has
    one."""
    drives = list(drives)
    return q.total_text([d.amount for d in drives], [len(d.dates) for d in drives])
