"""Where every generated page and file lives. Slugs come from stable ids, never from names.

Material drops non-ASCII letters from heading anchors ("Điểm" becomes ``iem``), so every
address and anchor here is built from plan folder names, drive ids, unit ids and programme ids,
which the plan format already restricts to ``a-z0-9-``.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from mkdocs.utils import get_relative_url

from .._similar import strip_marks
from .catalogue import Entry

HOME = "index.md"
CALENDAR = "lich/index.md"
AGENDA = "lich/danh-sach.md"
ORGANISERS = "don-vi.md"
PLACES = "dia-diem.md"
PROGRAMMES = "chuong-trinh.md"
PLANS = "ke-hoach/index.md"
ELIGIBILITY = "hien-mau.md"
OPEN_DATA = "du-lieu.md"

FEED = "lich-hien-mau.ics"
JSON_DATA = "du-lieu/dot-hien-mau.json"
JSON_SCHEMA = "du-lieu/dot-hien-mau.schema.json"
CSV_DATA = "du-lieu/dot-hien-mau.csv"


def month_src(year: int, month: int) -> str:
    return f"lich/{year:04d}-{month:02d}.md"


def drive_src(entry: Entry) -> str:
    return f"dot/{entry.plan.id}/{entry.drive.id}.md"


def drive_ics(entry: Entry) -> str:
    return f"dot/{entry.plan.id}/{entry.drive.id}.ics"


def drive_reminder_ics(entry: Entry) -> str:
    """The drive's .ics with a reminder the day before (a calendar one adds by hand)."""
    return f"dot/{entry.plan.id}/{entry.drive.id}-nhac-truoc.ics"


def plan_src(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}.md"


def plan_ics(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}/lich.ics"


def plan_document(plan_id: str, rel: str) -> str:
    return f"ke-hoach/{plan_id}/van-ban/{rel}"


def day_anchor(day) -> str:
    return f"ngay-{day.isoformat()}"


def month_anchor(year: int, month: int) -> str:
    return f"thang-{year:04d}-{month:02d}"


def unit_anchor(plan_id: str, uid: str) -> str:
    return f"{plan_id}--{uid}"


def slug(text: str) -> str:
    """An ASCII anchor for a name that has no id (a commune, an old district).

    >>> slug("huyện Khoái Châu"), slug("Đường <Lê Lợi> & Đỏ")
    ('huyen-khoai-chau', 'duong-le-loi-do')
    """
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(text)).strip("-") or "x"


class Router:
    """Turns source paths into the addresses MkDocs gives them, and links between them."""

    def __init__(self, use_directory_urls: bool = True):
        self.dirs = use_directory_urls

    def url(self, src: str) -> str:
        """The address of ``src`` from the site root, as MkDocs computes it.

        >>> r = Router()
        >>> r.url("index.md"), r.url("lich/index.md"), r.url("dot/p/d.md"), r.url("a.ics")
        ('./', 'lich/', 'dot/p/d/', 'a.ics')
        >>> Router(False).url("dot/p/d.md"), r.url("ke-hoach/p/van-ban/Kế hoạch.pdf")
        ('dot/p/d.html', 'ke-hoach/p/van-ban/K%E1%BA%BF%20ho%E1%BA%A1ch.pdf')
        """
        if not src.endswith(".md"):
            return quote(src)
        stem = src[:-3]
        if not self.dirs:
            return stem + ".html"
        if stem == "index":
            return "./"
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def link(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative, HTML-escaped ``href`` value from one page to a page or file.

        >>> r = Router()
        >>> r.link("dot/p/d.md", "lich/2021-03.md", "ngay-2021-03-10")
        '../../../lich/2021-03/#ngay-2021-03-10'
        >>> r.link("index.md", "index.md"), r.link("lich/index.md", "dot/p/d.ics")
        ('./', '../dot/p/d.ics')
        """
        href = get_relative_url(self.url(to_src), self.url(from_src))
        if anchor:
            href += f"#{anchor}"
        return escape(href, quote=True)
