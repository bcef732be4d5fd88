"""Vietnamese public holidays, for the "deserves a second look" warnings.

The days off come from the kept `holidays` library (country "VN", Vietnamese names), every year,
lunar dates included: Giỗ Tổ Hùng Vương, the second National Day holiday next to 2/9 (since 2021,
1/9 or 3/9 by year), the days moved by decision and the days in lieu.

Tết is wider in the committee's practice than the official days off: no drive from the two last
days of the lunar year to mùng 5, whatever that year's decree gives (some years only Giao thừa to
mùng 4). So the window mùng 1 - 2 days .. mùng 1 + 4 days, around the library's mùng 1, is always a
holiday, with the committee's names.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

TET_BEFORE = 2  # the two last days of the lunar year
TET_AFTER = 4  # mùng 2 to mùng 5
# The library's name of mùng 1 with language="vi"; tests/test_calendar.py pins it, so a renaming
# in a new release of the library fails a test instead of silently dropping the Tết window.
_TET_FIRST_DAY = "Tết Nguyên Đán"


@lru_cache(maxsize=16)
def _days_off(year: int):
    return _vietnam()(language="vi", years=year)


@lru_cache(maxsize=1)
def _vietnam():
    """The library's class for Vietnam, imported only when a plan's dates are checked.

    ``holidays.country_holidays`` imports the package ``holidays.countries``, whose ``__init__``
    imports every country of the world (about 50 ms, a fifth of ``hmtn check``); Vietnam's module
    alone is loaded from its file instead. It names its imports absolutely, so it needs nothing
    of that package. It is loaded under a name of ours: under its own, ``holidays.countries``
    imported later would find it in ``sys.modules`` but never get it as an attribute. Should
    a release move it, the library's own way is taken.
    """
    import sys

    import holidays  # ~40 ms of its own

    name = "hmtn_docs._holidays_vietnam"
    if name in sys.modules:
        return sys.modules[name].Vietnam
    try:
        from importlib.util import module_from_spec, spec_from_file_location

        spec = spec_from_file_location(name, Path(holidays.__file__).parent / "countries" /
                                       "vietnam.py")
        module = module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module.Vietnam
    except Exception:  # noqa: BLE001 - any surprise: the library's documented way
        sys.modules.pop(name, None)
        return holidays.country_holidays("VN").__class__


@lru_cache(maxsize=16)
def tet(year: int) -> dt.date | None:
    """Mùng 1 Tết of the lunar year starting in ``year`` (None outside the library's years).

    >>> tet(2030)  # Vietnam's new moon falls before midnight UTC+7, China's after: 3/2 there
    datetime.date(2030, 2, 2)
    """
    days = _days_off(year).get_named(_TET_FIRST_DAY, lookup="exact")
    return days[0] if days else None


def holiday(day: dt.date) -> str | None:
    """The holiday ``day`` falls on, if any.

    >>> holiday(dt.date(2021, 2, 14))
    'Tết Nguyên Đán (mùng 3)'
    >>> holiday(dt.date(2021, 2, 10))
    'Tết Nguyên Đán (những ngày cuối năm âm lịch)'
    >>> holiday(dt.date(2021, 9, 2)), holiday(dt.date(2021, 3, 10))
    ('Quốc khánh', None)
    """
    # mùng 1 is never before 21/1, so the window never reaches back into December
    if (first := tet(day.year)) is not None:
        offset = (day - first).days
        if -TET_BEFORE <= offset < 0:
            return "Tết Nguyên Đán (những ngày cuối năm âm lịch)"
        if 0 <= offset <= TET_AFTER:
            return f"Tết Nguyên Đán (mùng {offset + 1})"
    return _days_off(day.year).get(day)
