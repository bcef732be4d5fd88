"""Results of the drives: what each collected, and the totals a report or a page shows.

The clerk types one entry per drive and day of collection (``results:``, usually in its own
``results.yaml``); everything else (a drive's total, an organiser's or a period's, the
percentage of the quota, the share of 350 ml and larger bags) is computed here, so that the
Báo cáo, the site and the next year's Kế hoạch cannot disagree. ``checks`` holds the rules that
span a result and its drive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import Problem
from .plan import Broken, Plan, unknown_reference, valid
from .vi import format_number, format_percent, format_short_date

if TYPE_CHECKING:
    from .model import Drive

SIZES = ("250ml", "350ml", "450ml")


@dataclass
class Tally:
    """Units by bag size, and donors, summed over any set of results."""

    ml250: int = 0
    ml350: int = 0
    ml450: int = 0
    registered: int = 0
    deferred: int = 0
    # results that gave no donor counts (registered/deferred are then lower bounds)
    without_donors: int = 0

    @property
    def units(self) -> int:
        return self.ml250 + self.ml350 + self.ml450

    @property
    def large_share(self) -> float | None:
        """Share of 350 ml and 450 ml bags, or None when nothing was collected."""
        return (self.ml350 + self.ml450) / self.units if self.units else None

    def add_bags(self, bags) -> None:
        self.ml250 += bags.ml250
        self.ml350 += bags.ml350
        self.ml450 += bags.ml450

    def add(self, other: Tally) -> None:
        for name in ("ml250", "ml350", "ml450", "registered", "deferred", "without_donors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def result_tally(result) -> Tally:
    """What one result entry adds up to (its units' figures where it lists units)."""
    t = Tally()
    if result.bags is not None:
        t.add_bags(result.bags)
    for u in result.units:
        t.add_bags(u.bags)
    registered = result.registered
    deferred = result.deferred
    if result.units and registered is None and all(u.registered is not None for u in result.units):
        registered = sum(u.registered for u in result.units)
    if result.units and deferred is None and all(u.deferred is not None for u in result.units):
        deferred = sum(u.deferred for u in result.units)
    if registered is None:
        t.without_donors = 1
    t.registered = registered or 0
    t.deferred = deferred or 0
    return t


@dataclass
class DriveOutcome:
    """A drive's results so far: its tally, the days reported, and whether more are to come."""

    drive: Drive
    tally: Tally = field(default_factory=Tally)
    days: list[dt.date] = field(default_factory=list)
    partial: bool = False
    by_unit: dict[str, Tally] = field(default_factory=dict)

    @property
    def reported(self) -> bool:
        return bool(self.days)

    @property
    def complete(self) -> bool:
        """Every day of the drive reported and no entry marked partial."""
        return self.reported and not self.partial and set(self.drive.dates) <= set(self.days)

    @property
    def percent(self) -> float | None:
        return self.tally.units / self.drive.total if self.drive.total else None


def outcomes(plan: Plan) -> dict[str, DriveOutcome]:
    """Every valid drive's outcome (reported or not), by drive id, in the plan's order."""
    cached = plan.cache.get("results.outcomes")
    if cached is not None:
        return cached
    out = {d.id: DriveOutcome(d) for _, d in valid(plan.data.drives)}
    for _, r in valid(plan.data.results):
        o = out.get(r.drive)
        if o is None:
            continue  # an unknown drive: reported by checks
        o.tally.add(result_tally(r))
        o.days.append(r.date)
        o.partial = o.partial or r.partial
        for u in r.units:
            t = o.by_unit.setdefault(u.unit, Tally())
            t.add_bags(u.bags)
            t.registered += u.registered or 0
            t.deferred += u.deferred or 0
    plan.cache["results.outcomes"] = out
    return out


def has_results(plan: Plan) -> bool:
    return any(True for _ in valid(plan.data.results))


@dataclass
class Summary:
    """Totals of a set of drives: quota of the drives that took place, what they collected."""

    quota: int = 0
    tally: Tally = field(default_factory=Tally)
    drives: int = 0  # drives that took place (not cancelled)
    reported: int = 0  # ...of which some result is in
    cancelled: list = field(default_factory=list)
    not_reported: list = field(default_factory=list)
    partial: list = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return self.tally.units / self.quota if self.quota else None


def summarise(plan: Plan, start: dt.date | None = None, end: dt.date | None = None,
              organiser: str | None = None, today: dt.date | None = None) -> Summary:
    """Totals of the drives whose first day lies in ``[start, end]`` (all when not given).

    ``not_reported`` lists drives without results whose first day is before ``today`` (every
    such drive when ``today`` is None).
    """
    s = Summary()
    for o in outcomes(plan).values():
        d = o.drive
        first = min(d.dates)
        if (start and first < start) or (end and first > end):
            continue
        if organiser is not None and d.organiser != organiser:
            continue
        if d.status == "cancelled":
            s.cancelled.append(d)
            continue
        s.drives += 1
        s.quota += d.total or 0  # a range, a minimum or no quota: no figure to reach
        s.tally.add(o.tally)
        if o.reported:
            s.reported += 1
            if not o.complete:
                s.partial.append(d)
        elif today is None or first < today:
            s.not_reported.append(d)
    return s


def figure_text(units: int, quota: int) -> str:
    """``1.096/1.000 đơn vị máu (109,6%)``: collected against quota.

    >>> figure_text(1096, 1000)
    '1.096/1.000 đơn vị máu (109,6%)'
    """
    if not quota:  # no single figure to reach (none, a range, a minimum)
        return f"{format_number(units)} đơn vị máu"
    return f"{format_number(units)}/{format_number(quota)} đơn vị máu ({format_percent(units / quota)})"


# --------------------------------------------------------------------------- checks
def checks(plan: Plan) -> Iterator[Problem]:
    """A result for an unknown or cancelled drive, dated before it or off its days, counted
    twice; more deferred donors than registered, more units than donors who gave; a unit not
    allocated in the drive."""
    drives = {d.id: d for d in plan.data.drives if d.id}
    seen: dict[tuple[str, dt.date], int] = {}
    for i, r in valid(plan.data.results):
        base = ("results", i)
        yield from unknown_reference(plan, base + ("drive",), r.drive, drives, "drives")
        drive = drives.get(r.drive)
        if drive is not None and not isinstance(drive, Broken):
            yield from _against_drive(plan, base, r, drive)
        key = (r.drive, r.date)
        if key in seen:
            first = plan.mark(("results", seen[key], "date"))
            yield plan.problem(base + ("date",), f"kết quả ngày {format_short_date(r.date)} của "
                                                 f"đợt '{r.drive}' được ghi hai lần (đã có ở "
                                                 f"{first.file}:{first.line})")
        seen.setdefault(key, i)
        yield from _donors(plan, base, r.registered, r.deferred, result_tally(r).units)
        units_seen: dict[str, int] = {}
        for j, u in enumerate(r.units):
            ub = base + ("units", j)
            if u.unit in units_seen:
                yield plan.problem(ub + ("unit",), f"đơn vị '{u.unit}' được ghi hai lần (đã có ở "
                                                   f"units[{units_seen[u.unit]}])")
            units_seen.setdefault(u.unit, j)
            yield from _donors(plan, ub, u.registered, u.deferred, u.bags.total)


def _against_drive(plan: Plan, base: tuple, r, drive) -> Iterator[Problem]:
    first = min(drive.dates)
    if drive.status == "cancelled":
        yield plan.problem(base + ("drive",), f"đợt hiến máu '{r.drive}' đã hủy nên không có kết "
                                              "quả")
    if r.date < first:
        yield plan.problem(base + ("date",), f"kết quả ngày {format_short_date(r.date)} trước "
                                             f"đợt hiến máu '{r.drive}' (ngày "
                                             f"{format_short_date(first)})")
    elif r.date not in drive.dates:
        days = ", ".join(format_short_date(d) for d in sorted(drive.dates))
        yield plan.problem(base + ("date",), f"{format_short_date(r.date)} không phải ngày của "
                                             f"đợt hiến máu '{r.drive}' ({days})", "warning")
    if r.units and not drive.allocations:
        yield plan.problem(base + ("units",), f"đợt hiến máu '{r.drive}' không giao chỉ tiêu cho "
                                              "từng đơn vị (allocations); hãy ghi bags")
        return
    allocated = {a.unit for a in drive.allocations}
    for j, u in enumerate(r.units):
        if u.unit not in allocated:
            yield plan.problem(base + ("units", j, "unit"),
                               f"đơn vị '{u.unit}' không có trong allocations của đợt hiến máu "
                               f"'{r.drive}'")


def _donors(plan: Plan, base: tuple, registered, deferred, units: int) -> Iterator[Problem]:
    if deferred is not None and registered is None:
        yield plan.problem(base + ("deferred",), "có deferred (số người hoãn hiến) thì cần "
                                                 "registered (số người đăng ký)")
        return
    if registered is None:
        return
    if deferred is not None and deferred > registered:
        yield plan.problem(base + ("deferred",), f"số người hoãn hiến ({format_number(deferred)}) "
                                                 "lớn hơn số người đăng ký "
                                                 f"({format_number(registered)})")
        return
    gave = registered - (deferred or 0)
    if units > gave:
        yield plan.problem(base + ("registered",),
                           f"{format_number(units)} đơn vị máu nhiều hơn số người đã hiến "
                           f"({format_number(registered)} đăng ký"
                           + (f" - {format_number(deferred)} hoãn hiến" if deferred else "")
                           + f" = {format_number(gave)}); mỗi người hiến một đơn vị")
