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
        if not self.drive.dates:  # known only by month: upcoming until that month ends
            first = self.first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return max(self.drive.dates)

    @property
    def cancelled(self) -> bool:
        return self.drive.status == "cancelled"

    @property
    def province(self) -> str:
        return self.drive.place.province or self.plan.data.plan.province or ""

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
    warnings: list[str] = field(default_factory=list)  # documents left out, and why

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
        days = list(self.by_day) + [e.first for e in self.entries]  # months of drives without a day too
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


def published(plans: list[Plan], drafts: bool) -> tuple[list[Plan], list[str]]:
    """The plans the public site shows: drafts (``plan.status: draft``) only when asked, and
    a warning for each draft left out or put in."""
    out, warnings = [], []
    for plan in plans:
        if plan.data.plan.status != "draft":
            out.append(plan)
        elif drafts:
            out.append(plan)
            warnings.append(f"{display_path(plan.folder)}: kế hoạch nháp (status: draft) được đưa "
                            "lên trang web vì có --drafts")
        else:
            warnings.append(f"{display_path(plan.folder)}: kế hoạch nháp (status: draft) không "
                            "được đưa lên trang web; dùng 'hmtn site --drafts' để xem cả bản nháp")
    if plans and not out:
        raise SiteError("mọi kế hoạch đều là bản nháp (status: draft) nên trang web không có gì; "
                        "dùng 'hmtn site --drafts' để xem cả bản nháp")
    return out, warnings


def find_documents(docs_root: Path | None, plan: Plan) -> tuple[list[DocumentFile], list[str]]:
    """The documents of ``plan`` that its last build's manifest lists, and why any are left out.

    Only files hmtn-docs wrote for this very plan are offered: a folder without a manifest, a
    build made from another revision of the plan, a file missing or changed since the build
    are left out, each with a warning saying what to do.
    """
    from .._output import plan_revision, read_manifest, sha256_file

    if docs_root is None:
        return [], []
    folder = docs_root / plan.id
    if not folder.is_dir():
        return [], []
    rebuild = f"hãy chạy 'hmtn build {display_path(plan.folder)}'"
    manifest = read_manifest(folder)
    if manifest is None:
        return [], [f"{display_path(folder)}: không có danh sách tệp của hmtn-docs nên không "
                     f"đăng văn bản nào; {rebuild}"]
    if manifest.revision != plan_revision(plan):
        return [], [f"{display_path(folder)}: văn bản được tạo từ một phiên bản khác của kế hoạch "
                     f"{plan.id} nên không đăng; {rebuild}"]
    out, warnings = [], []
    for record in manifest.files:
        path = folder / record.path
        if (not path.is_file() or path.is_symlink() or path.stat().st_size != record.size
                or sha256_file(path) != record.sha256):
            warnings.append(f"{display_path(path)}: tệp đã bị xóa hoặc sửa sau lần tạo cuối nên "
                            f"không đăng; {rebuild}")
            continue
        out.append(DocumentFile(path, record.path, record.size, record.title))
    # in the build's order (Kế hoạch, letter, its copies, the combined file), DOCX before PDF
    order: dict[str, int] = {}
    for doc in out:
        order.setdefault(doc.rel.rsplit(".", 1)[0], len(order))
    out.sort(key=lambda d: (order[d.rel.rsplit(".", 1)[0]], d.path.suffix.lower() != ".docx"))
    return out, warnings


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


def load_catalogue(plans_root: Path, today: dt.date, docs_root: Path | None = None,
                   drafts: bool = False) -> Catalogue:
    plans, warnings = published(load_plans(plans_root), drafts)
    plans.sort(key=lambda p: (p.data.plan.year, p.id))
    documents = {}
    for plan in plans:
        documents[plan.id], more = find_documents(docs_root, plan)
        warnings += more
    return Catalogue(plans, today, documents, warnings=warnings)
