"""Results on the site: a drive's collected units against its quota once it is over, the year's
progress of each plan (home page) and of each organiser, and results in the open data.

Kept apart from ``pages.py`` and ``feeds.py``, which call these functions at one place each:
every figure comes from ``hmtn_docs.results`` like the Báo cáo's.
"""

from __future__ import annotations

import html
from typing import Any

from .. import results as rs
from ..vi import format_number, format_percent
from .catalogue import Entry


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _meter(units: int, quota: int) -> str:
    """A bar of ``units`` against ``quota`` (capped at the bar's end), readable without CSS."""
    value = min(units, quota) if quota else 0
    return (f'<meter class="hmtn-progress" min="0" max="{quota}" value="{value}">'
            f'{_e(rs.figure_text(units, quota))}</meter>')


def drive_block(entry: Entry, past: bool) -> str:
    """After the drive: what it collected against its quota, or that results are not in yet."""
    if not past or entry.cancelled:
        return ""
    o = rs.outcomes(entry.plan).get(entry.drive.id)
    if o is None or not o.reported:
        return ('<p class="hmtn-result hmtn-result-none" id="ket-qua"><strong>Kết quả:</strong> '
                'chưa có số liệu.</p>')
    t = o.tally
    more = "" if o.complete else " (chưa đầy đủ)"
    sizes = ""
    if t.units:
        sizes = (f'<br>\n<span class="hmtn-small">Túi 350 ml trở lên: '
                 f'{_e(format_percent(t.large_share))}'  # type: ignore[arg-type]  # guarded by t.units
                 + (f" · {_e(format_number(t.registered))} người đăng ký" if t.registered else "")
                 + "</span>")
    return (f'<p class="hmtn-result" id="ket-qua"><strong>Kết quả{_e(more)}:</strong> tiếp nhận '
            f'{_e(rs.figure_text(t.units, entry.drive.total or 0))} '
            f'{_meter(t.units, entry.drive.total or 0)}'
            f'{sizes}</p>')


def year_progress(plans) -> str:
    """One line per plan that has results: units so far against the year's quota."""
    lines = []
    for plan in plans:
        if not rs.has_results(plan):
            continue
        s = rs.summarise(plan)
        lines.append(f'<p class="hmtn-year-progress"><strong>{_e(plan.data.plan.title)}:</strong> '
                     f'đã tiếp nhận {_e(rs.figure_text(s.tally.units, s.quota))} '
                     f'{_meter(s.tally.units, s.quota)}</p>')
    if not lines:
        return ""
    return '<h2 id="ket-qua-nam">Kết quả trong năm</h2>\n' + "\n".join(lines)


def organiser_progress(plan, uid: str) -> str:
    """An organiser's units so far against its quota in the plan (nothing before any result)."""
    if not rs.has_results(plan):
        return ""
    s = rs.summarise(plan, organiser=uid)
    if not s.reported:
        return ""
    return (f'<p class="hmtn-result">Đã tiếp nhận {_e(rs.figure_text(s.tally.units, s.quota))} '
            f'{_meter(s.tally.units, s.quota)}</p>')


def drive_data(entry: Entry) -> dict[str, Any] | None:
    """A drive's results for the open data, or None before any is in."""
    o = rs.outcomes(entry.plan).get(entry.drive.id)
    if o is None or not o.reported:
        return None
    t = o.tally
    return {"units": t.units, "bags": {"250ml": t.ml250, "350ml": t.ml350, "450ml": t.ml450},
            "registered": t.registered or None, "deferred": t.deferred or None,
            "days": [d.isoformat() for d in sorted(o.days)], "complete": o.complete}


def plan_data(plan) -> dict[str, Any] | None:
    if not rs.has_results(plan):
        return None
    s = rs.summarise(plan)
    return {"units": s.tally.units, "quota": s.quota,
            "percent": round(s.percent * 100, 1) if s.percent is not None else None,
            "drives_reported": s.reported, "drives_without_results": len(s.not_reported)}
