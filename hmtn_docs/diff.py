"""What changed between two versions of a plan, in words an approver reads (``hmtn diff``).

Drives are matched by id (an id does not change when a drive moves), units by id, documents by
their kind and id. Each change is one line or, for text, the paragraph before and after; the
list ends with a reminder for every drive already published whose calendar entry changed while
its ``revision`` did not rise (subscribers' calendars keep the old entry otherwise).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from . import _placeholders as ph, derive as dv
from .documents import KINDS
from .plan import Plan, valid, valid_values
from .vi import format_day_with_weekday, format_number

# what a calendar subscriber sees of a drive: a change here needs a higher revision
_CALENDAR = ("dates", "time", "place", "status")


def _days(drive) -> str:
    return "; ".join(format_day_with_weekday(d) for d in sorted(drive.dates))


def _signed(n: int) -> str:
    return ("+" if n > 0 else "−" if n < 0 else "±") + format_number(abs(n))


def _label(plan: Plan, drive) -> str:
    return f"{drive.id} ({plan.unit_name(drive.organiser, short=True)})" \
        if drive.organiser in plan.data.units else drive.id


def changes(old: Plan, new: Plan) -> list[str]:
    """Every change from ``old`` to ``new``, as the lines ``hmtn diff`` prints (none: [])."""
    out: list[str] = []
    out += _drives(old, new)
    out += _units(old, new)
    out += _documents(old, new)
    out += _revisions(old, new)
    return out


def _quota(d) -> str:
    """A drive's quota as the plan words it (``800``, ``150 – 250 đơn vị máu``), or none."""
    return format_number(d.total) if d.total is not None else (dv.total_quota_text([d]) or "không có")


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"{title}:", *lines] if lines else []


def _drives(old: Plan, new: Plan) -> list[str]:
    before = {d.id: d for _, d in valid(old.data.drives)}
    after = {d.id: d for _, d in valid(new.data.drives)}
    added = [f"  + {_label(new, d)}: {_days(d)}, {d.place.name}, chỉ tiêu {_quota(d)}"
             for i, d in after.items() if i not in before]
    removed = [f"  - {_label(old, d)}: {_days(d)}, {d.place.name}, chỉ tiêu "
               f"{_quota(d)}" for i, d in before.items() if i not in after]
    moved, quotas, other = [], [], []
    for i, d in after.items():
        o = before.get(i)
        if o is None:
            continue
        if sorted(o.dates) != sorted(d.dates):
            moved.append(f"  * {_label(new, d)}: {_days(o)} → {_days(d)}")
        if o.amount != d.amount:
            change = (f" ({_signed(d.total - o.total)})"
                      if o.total is not None and d.total is not None else "")
            quotas.append(f"  * {_label(new, d)}: {_quota(o)} → {_quota(d)}{change}")
        if o.place != d.place:
            other.append(f"  * {_label(new, d)}: địa điểm '{o.place.name}' → '{d.place.name}'"
                         if o.place.name != d.place.name else
                         f"  * {_label(new, d)}: địa chỉ của địa điểm thay đổi")
        if o.time != d.time:
            other.append(f"  * {_label(new, d)}: giờ '{dv.window_text(o.time) or 'chưa có'}' → "
                         f"'{dv.window_text(d.time) or 'chưa có'}'")
        if o.status != d.status:
            other.append(f"  * {_label(new, d)}: " + ("đã hủy" if d.status == "cancelled"
                                                       else "tổ chức lại (bỏ hủy)"))
        if o.organiser != d.organiser:
            other.append(f"  * {_label(new, d)}: đơn vị tổ chức '{o.organiser}' → "
                         f"'{d.organiser}'")
    total_old = dv.total_quota_text(d for d in before.values() if d.status == "planned")
    total_new = dv.total_quota_text(d for d in after.values() if d.status == "planned")
    if total_old != total_new:
        exact = [sum(d.total for d in x.values() if d.status == "planned")
                 if all(d.total is not None for d in x.values()) else None
                 for x in (before, after)]
        change = f" ({_signed(exact[1] - exact[0])})" if None not in exact else ""  # type: ignore[operator]  # None not in exact
        shown = [format_number(n) if n is not None else (t or "không có")
                 for n, t in zip(exact, (total_old, total_new))]
        quotas.append(f"  Tổng chỉ tiêu: {shown[0]} → {shown[1]}{change}")
    return (_section("Đợt hiến máu thêm", added) + _section("Đợt hiến máu bỏ", removed)
            + _section("Đợt hiến máu đổi ngày", moved) + _section("Chỉ tiêu thay đổi", quotas)
            + _section("Thay đổi khác của các đợt", other))


def _units(old: Plan, new: Plan) -> list[str]:
    before, after = dict(valid_values(old.data.units)), dict(valid_values(new.data.units))
    lines = [f"  + {uid}: {u.name}" for uid, u in after.items() if uid not in before]
    lines += [f"  - {uid}: {u.name}" for uid, u in before.items() if uid not in after]
    for uid, u in after.items():
        o = before.get(uid)
        if o is not None and (o.name, o.short) != (u.name, u.short):
            what = (f"'{o.name}' → '{u.name}'" if o.name != u.name
                    else f"tên ngắn '{o.short or ''}' → '{u.short or ''}'")
            lines.append(f"  * {uid}: {what}")
    return _section("Đơn vị thêm, bỏ hoặc đổi tên", lines)


def _texts(kind, base: tuple, doc) -> list[tuple[tuple, str]]:
    out = []
    for name in type(doc).model_fields:
        if name in ("id", "issuer", "signer"):
            continue
        out += list(ph.texts(getattr(doc, name), base + (name,)))
    return out


def _documents(old: Plan, new: Plan) -> list[str]:
    lines: list[str] = []
    for kind in KINDS:
        before = {getattr(d, "id", kind.key): (p, d) for p, d in kind.documents(old)}
        after = {getattr(d, "id", kind.key): (p, d) for p, d in kind.documents(new)}
        for key, (path, doc) in after.items():
            name = kind.title + (f" '{key}'" if kind.many else "")
            if key not in before:
                lines.append(f"  + {name}: văn bản mới")
                continue
            was = before[key][1]
            if (was.number, was.date) != (doc.number, doc.date):
                lines.append(f"  * {name}: {_number_date(was)} → {_number_date(doc)}")
            a, b = _texts(kind, (), was), _texts(kind, (), doc)
            for tag, i1, i2, j1, j2 in SequenceMatcher(
                    None, [t for _, t in a], [t for _, t in b], autojunk=False).get_opcodes():
                if tag == "equal":
                    continue
                pairs = max(i2 - i1, j2 - j1)
                for k in range(pairs):
                    x = a[i1 + k] if i1 + k < i2 else None
                    y = b[j1 + k] if j1 + k < j2 else None
                    where = _where(path + (y or x)[0])  # type: ignore[index]  # one of x, y is set
                    lines.append(f"  * {name}, {where}:")
                    if x is not None:
                        lines.append(f"      trước: {x[1]}")
                    if y is not None:
                        lines.append(f"      sau:   {y[1]}")
        for key in before:
            if key not in after:
                lines.append(f"  - {kind.title}" + (f" '{key}'" if kind.many else "")
                             + ": văn bản bị bỏ")
    return _section("Nội dung văn bản thay đổi", lines)


_PARTS = {"sections": "mục", "items": "khoản", "points": "điểm", "paragraphs": "đoạn",
          "bullets": "ý", "requests": "đề nghị", "recipients": "nơi nhận", "to": "kính gửi"}
_FIELDS = {"subject": "trích yếu", "title": "tiêu đề", "closing": "câu kết",
           "appendix_title": "tên phụ lục"}


def _number_date(doc) -> str:
    """``số 10, ngày 10/01/2021``; ``số (trống), ngày (trống) năm 2022``."""
    from .vi import format_short_date

    d = doc.date
    day = (format_short_date(d.full) if d.full else
           f"(trống) tháng {d.month}/{d.year}" if d.month else f"(trống) năm {d.year}")
    return f"số {doc.number if doc.number else '(trống)'}, ngày {day}"


def _where(path: tuple) -> str:
    """``mục I, khoản 1, ý 1`` for the reader, then the YAML path for the clerk."""
    from ._yaml import path_text
    from .model import POINT_LETTERS
    from .vi import format_roman

    words = []
    for part, nxt in zip(path, path[1:] + (None,)):
        if isinstance(part, str) and isinstance(nxt, int) and part in _PARTS:
            number = (format_roman(nxt + 1) if part == "sections" else
                      f"{POINT_LETTERS[nxt]})" if part == "points" else str(nxt + 1))
            words.append(f"{_PARTS[part]} {number}")
        elif isinstance(part, str) and part in _FIELDS:
            words.append(_FIELDS[part])
    return (", ".join(words) + f" ({path_text(path)})") if words else path_text(path)


def _revisions(old: Plan, new: Plan) -> list[str]:
    if old.data.plan.status == "draft":
        return []  # nothing of a draft was published
    before = {d.id: d for _, d in valid(old.data.drives)}
    lines = []
    for _, d in valid(new.data.drives):
        o = before.get(d.id)
        if o is None:
            continue
        changed = [f for f in _CALENDAR if _norm(getattr(o, f)) != _norm(getattr(d, f))]
        if changed and d.revision <= o.revision:
            what = {"dates": "ngày", "time": "giờ", "place": "địa điểm", "status": "trạng thái"}
            lines.append(f"  ! {d.id}: đã công bố và đổi {', '.join(what[f] for f in changed)} "
                         f"nhưng revision vẫn là {d.revision}; hãy tăng lên {o.revision + 1} để "
                         "lịch (.ics) của người đăng ký cập nhật")
    return _section("Nhắc", lines)


def _norm(value):
    return sorted(value) if isinstance(value, list) else value
