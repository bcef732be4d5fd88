"""Every plan of the site and every drive in calendar order, with the facts the pages share."""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import derive as dv
from ..errors import PlanError, Problem, UserError, display_path
from ..load import PLAN_FILE, Plan, load_plan
from ..model import Drive

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOCUMENT_TYPES = (".docx", ".pdf")


class SiteError(UserError):
    """The site cannot be built as asked (no plans, a bad setting); the message says why."""


@dataclass(frozen=True, eq=False)
class Entry:
    """One drive of one plan: what a drive page, a calendar cell or a feed event shows."""

    plan: Plan
    drive: Drive

    @property
    def key(self) -> str:
        return f"{self.plan.id}/{self.drive.id}"

    @property
    def first(self) -> dt.date:
        return dv.first_day(self.drive)

    @property
    def last(self) -> dt.date:
        return max(self.drive.dates)

    @property
    def cancelled(self) -> bool:
        return self.drive.status == "cancelled"

    @property
    def province(self) -> str:
        return self.drive.place.province or self.plan.data.plan.province

    @property
    def organiser(self) -> str:
        return dv.unit_name(self.plan, self.drive.organiser)

    @property
    def organiser_short(self) -> str:
        return dv.unit_name(self.plan, self.drive.organiser, short=True)

    @property
    def programme(self):
        pid = self.drive.programme
        return self.plan.data.programmes.get(pid) if pid else None


@dataclass(frozen=True)
class DocumentFile:
    """A generated DOCX/PDF of a plan, offered for download."""

    path: Path  # on disk
    rel: str  # inside the plan's documents folder, with '/'
    size: int
    title: str  # what a reader calls it (from the build's own naming); the file name if unknown

    @property
    def kind(self) -> str:
        return self.path.suffix.lstrip(".").upper()


@dataclass
class Catalogue:
    plans: list[Plan]
    today: dt.date
    documents: dict[str, list[DocumentFile]] = field(default_factory=dict)
    today_fixed: bool = False  # HMTN_TODAY was given: pages may tell scripts which day it is

    @cached_property
    def entries(self) -> list[Entry]:
        """All drives of all plans by first day, then plan, then drive id."""
        per_plan = [[Entry(p, d) for d in dv.drives_by_date(p)] for p in self.plans]
        return list(heapq.merge(*per_plan, key=lambda e: (e.first, e.plan.id, e.drive.id)))

    @cached_property
    def by_day(self) -> dict[dt.date, list[Entry]]:
        days: dict[dt.date, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for day in sorted(set(entry.drive.dates)):
                days[day].append(entry)
        return dict(days)

    @cached_property
    def months(self) -> list[tuple[int, int]]:
        """Every month from the first drive's to the last drive's, empty months included."""
        if not self.entries:
            return [(self.today.year, self.today.month)]
        days = list(self.by_day)
        first, last = min(days), max(days)
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def current_month(self) -> tuple[int, int]:
        """Today's month, or the nearest month that has a page."""
        here = (self.today.year, self.today.month)
        return min(max(here, self.months[0]), self.months[-1])

    def in_month(self, year: int, month: int) -> list[tuple[dt.date, list[Entry]]]:
        return [(day, entries) for day, entries in sorted(self.by_day.items())
                if (day.year, day.month) == (year, month)]

    def upcoming(self, limit: int | None = None) -> list[Entry]:
        """Planned drives whose last day is today or later, soonest first."""
        out = [e for e in self.entries if e.last >= self.today and not e.cancelled]
        return out[:limit] if limit is not None else out

    def is_past(self, entry: Entry) -> bool:
        return entry.last < self.today


# --------------------------------------------------------------------------- loading
def plan_folders(root: Path) -> list[Path]:
    """The plan folders under ``root`` (those holding a ``plan.yaml``), by name."""
    if not root.is_dir():
        raise SiteError(f"{display_path(root)}: không có thư mục kế hoạch này (hãy đặt "
                        "HMTN_PLANS là thư mục chứa các thư mục kế hoạch)")
    found = sorted(p.parent for p in root.glob(f"*/{PLAN_FILE}"))
    if not found:
        raise SiteError(f"không tìm thấy kế hoạch nào: không có {display_path(root)}/*/{PLAN_FILE}")
    for folder in found:
        if not _ID.match(folder.name):
            raise SiteError(f"{display_path(folder)}: tên thư mục kế hoạch là mã của kế hoạch "
                            "trong địa chỉ web; hãy dùng chữ thường không dấu, chữ số và '-', "
                            "ví dụ '2021-hung-yen'")
    return found


def load_plans(root: Path) -> list[Plan]:
    """Load every plan under ``root``; all problems of all plans in one ``PlanError``."""
    plans: list[Plan] = []
    problems: list[Problem] = []
    for folder in plan_folders(root):
        try:
            plans.append(load_plan(folder))
        except PlanError as exc:
            problems += exc.problems
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    return plans


def find_documents(docs_root: Path | None, plan: Plan) -> list[DocumentFile]:
    """DOCX and PDF files under ``docs_root/<plan id>/``, by path; none if it does not exist."""
    if docs_root is None:
        return []
    from ..build import document_titles

    folder = docs_root / plan.id
    if not folder.is_dir():
        return []
    titles = document_titles(plan)
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if (path.is_file() and path.suffix.lower() in DOCUMENT_TYPES
                and not any(part.startswith((".", "~$")) for part in rel.split("/"))):
            title = titles.get(rel.rsplit(".", 1)[0], rel)
            out.append(DocumentFile(path, rel, path.stat().st_size, title))
    # in the build's order (Kế hoạch, letter, its copies, the combined file), DOCX before PDF
    order = {stem: i for i, stem in enumerate(titles)}
    out.sort(key=lambda d: (order.get(d.rel.rsplit(".", 1)[0], len(order)), d.rel))
    return out


def resolve_today(value: str | None) -> dt.date:
    """``HMTN_TODAY`` if given (for reproducible builds), else today in Vietnam.

    >>> resolve_today("2021-03-01")
    datetime.date(2021, 3, 1)
    """
    if value:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise SiteError(f"HMTN_TODAY={value!r} không phải ngày; hãy viết như "
                            "2021-03-01") from None
    return dt.datetime.now(TZ).date()


def load_catalogue(plans_root: Path, today: dt.date, docs_root: Path | None = None) -> Catalogue:
    plans = load_plans(plans_root)
    plans.sort(key=lambda p: (p.data.plan.year, p.id))
    documents = {p.id: find_documents(docs_root, p) for p in plans}
    return Catalogue(plans, today, documents)
