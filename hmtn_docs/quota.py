"""A drive's quota as the clerk wrote it: one number, a range, a minimum, per day, in đơn vị
máu or in people; and sums of quotas that keep both bounds.

Nothing here invents a number: a drive without a quota has none (``None``), a range stays a
range in every total, a minimum stays open above.

>>> q = parse_quota("150 – 250 đơn vị máu/ngày")
>>> (q.low, q.high, q.unit, q.per_day, q.form)
(150, 250, 'đơn vị máu', True, 'range')
>>> amount_text(q)
'150 – 250 đơn vị máu/ngày'
>>> amount_text(parse_quota("từ 80 đơn vị trở lên"))
'từ 80 đơn vị máu trở lên'
>>> total_text([parse_quota(400), parse_quota("150 - 250")])
'550 – 650 đơn vị máu'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vi import format_number

BLOOD = "đơn vị máu"
PEOPLE = "người"
MAX_QUOTA = 1_000_000
_UNIT = r"(?:\s*(?P<unit>đơn vị máu|đơn vị|đv|người))?"
_DAY = r"(?:\s*/\s*(?P<day>ngày))?"
_N = r"(\d{1,3}(?:\.\d{3})+|\d+)"  # 1.200 in text is twelve hundred (Vietnamese thousands)
_FORMS = [
    ("range", re.compile(rf"^(?:từ\s+)?{_N}\s*(?:-|–|đến)\s*{_N}{_UNIT}{_DAY}$", re.I)),
    ("at-least", re.compile(rf"^(?:ít nhất|tối thiểu)\s+{_N}{_UNIT}{_DAY}$", re.I)),
    ("from-up", re.compile(rf"^từ\s+{_N}{_UNIT}\s+trở lên{_DAY}$", re.I)),
    ("exact", re.compile(rf"^{_N}{_UNIT}{_DAY}$", re.I)),
]
FORMS_HELP = ('hãy viết một số nguyên (400), một khoảng ("150 - 250"), một mức tối thiểu ("ít '
              'nhất 120" hoặc "từ 80 đơn vị trở lên"); thêm "người" nếu tính theo người, "/ngày" '
              'nếu là chỉ tiêu mỗi ngày')


@dataclass(frozen=True)
class Amount:
    """One quota: ``low`` to ``high`` (``high`` None: no upper bound), in ``unit``."""

    low: int
    high: int | None
    unit: str = BLOOD
    per_day: bool = False
    form: str = "exact"  # "exact", "range", "at-least" (ít nhất N), "from-up" (từ N trở lên)

    @property
    def exact(self) -> int | None:
        return self.low if self.high == self.low else None

    def times(self, days: int) -> Amount:
        """The whole drive's amount of a per-day quota over ``days`` days."""
        if not self.per_day:
            return self
        if days == 0:  # days not known yet (a drive known only by month): one day at least
            return Amount(self.low, None, self.unit, False, "at-least")
        return Amount(self.low * days, None if self.high is None else self.high * days,
                      self.unit, False, self.form)


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def parse_quota(value) -> Amount | None:
    """The quota typed in a plan (an int, or text in one of the forms above); ValueError with a
    message for the clerk otherwise."""
    if value is None or isinstance(value, Amount):
        return value
    if isinstance(value, bool):  # shown as typed in YAML (yes/no read as true/false)
        raise ValueError(f"phải là số nguyên, không phải {str(value).lower()}")
    if isinstance(value, float):
        raise ValueError(f"phải là số nguyên, không phải {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"phải lớn hơn 0, không phải {value}")
        amount = Amount(value, value)
    elif isinstance(value, str):
        text = " ".join(value.split())
        for form, rx in _FORMS:  # noqa: B007 - the form that matched is read after the loop
            if m := rx.match(text):
                break
        else:
            raise ValueError(f"chỉ tiêu không đọc được: '{value}'; {FORMS_HELP}")
        numbers = [_number(g) for g in m.groups()[:2] if g and g[0].isdigit()]
        unit = PEOPLE if (m.group("unit") or "").lower() == PEOPLE else BLOOD
        low, high = numbers[0], numbers[-1] if form in ("range", "exact") else None
        if low <= 0:
            raise ValueError(f"phải lớn hơn 0, không phải {value!r}")
        if high is not None and high < low:
            raise ValueError(f"khoảng chỉ tiêu '{value}' ngược: số đầu phải nhỏ hơn số sau")
        amount = Amount(low, high, unit, bool(m.group("day")), form)
    else:
        raise ValueError(f"phải là số nguyên hoặc văn bản; {FORMS_HELP}")
    if max(amount.low, amount.high or 0) > MAX_QUOTA:
        raise ValueError(f"phải tối đa là {MAX_QUOTA}, không phải {value}")
    return amount


def number_text(a: Amount) -> str:
    """The figure alone, as a table column writes it: ``800``, ``150 – 250``, ``ít nhất 120``."""
    if a.high is None:
        return (f"từ {format_number(a.low)} trở lên" if a.form == "from-up"
                else f"ít nhất {format_number(a.low)}")
    if a.high == a.low and a.form == "exact":
        return format_number(a.low)
    return f"{format_number(a.low)} – {format_number(a.high)}"


def amount_text(a: Amount | None) -> str:
    """The quota with its unit, in the clerk's form; "" when there is none."""
    if a is None:
        return ""
    day = "/ngày" if a.per_day else ""
    if a.high is None and a.form == "from-up":
        return f"từ {format_number(a.low)} {a.unit}{day} trở lên"
    return f"{number_text(a)} {a.unit}{day}"


def total(amounts, days=None) -> dict[str, Amount]:
    """Sum per unit (đơn vị máu, người): both bounds of ranges; an open bound stays open.
    ``days`` gives each amount's number of days (per-day quotas count every day)."""
    out: dict[str, Amount] = {}
    for i, a in enumerate(amounts):
        if a is None:
            continue
        a = a.times(days[i]) if days is not None else a
        have = out.get(a.unit)
        if have is None:
            out[a.unit] = Amount(a.low, a.high, a.unit, False,
                                 "exact" if a.high == a.low and a.form == "exact" else
                                 ("range" if a.high is not None else "at-least"))
            continue
        high = None if have.high is None or a.high is None else have.high + a.high
        low = have.low + a.low
        form = "exact" if high == low and have.form == a.form == "exact" else \
            ("range" if high is not None else "at-least")
        out[a.unit] = Amount(low, high, a.unit, False, form)
    return out


def total_text(amounts, days=None) -> str:
    """``1.200 đơn vị máu``, ``550 – 650 đơn vị máu``, ``ít nhất 300 đơn vị máu và 80 người``;
    "" when no drive has a quota."""
    return " và ".join(amount_text(a) for a in total(amounts, days).values())


def total_number_text(amounts, days=None) -> str:
    """The figure(s) alone (a table column): ``1.200``, ``550 – 650``."""
    sums = total(amounts, days)
    if list(sums) == [BLOOD]:
        return number_text(sums[BLOOD])
    return " và ".join(amount_text(a) for a in sums.values())


def json_value(a: Amount | None):
    """Open data: a whole number for an exact quota in đơn vị máu (as before); else an object
    with both bounds, the unit and whether it is per day; None for no quota."""
    if a is None:
        return None
    if a.exact is not None and a.unit == BLOOD and not a.per_day and a.form == "exact":
        return a.exact
    return {"min": a.low, "max": a.high, "unit": a.unit, "per_day": a.per_day,
            "text": amount_text(a)}


def total_json(amounts, days=None):
    """Open data for a sum: a whole number when it is exact and in đơn vị máu only (as
    before), else one object per unit; None when no drive has a quota."""
    sums = total(amounts, days)
    if not sums:
        return None
    if list(sums) == [BLOOD]:
        return json_value(sums[BLOOD])
    return [json_value(a) for a in sums.values()]
