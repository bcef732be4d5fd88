"""Vietnamese public holidays, for the "deserves a second look" warnings.

Solar holidays are fixed. Tết and the Hùng Kings' day follow the lunar calendar, so their
Gregorian dates are listed for the years we know; outside them no lunar warning is given.
"""

from __future__ import annotations

import datetime as dt

# Mùng 1 Tết Nguyên Đán
TET = {
    2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
    2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3),
}
# Giỗ Tổ Hùng Vương, 10/3 âm lịch
HUNG_KINGS = {
    2018: (4, 25), 2019: (4, 14), 2020: (4, 2), 2021: (4, 21), 2022: (4, 10), 2023: (4, 29),
    2024: (4, 18), 2025: (4, 7), 2026: (4, 26),
}
SOLAR = {(1, 1): "Tết Dương lịch", (4, 30): "Ngày Giải phóng miền Nam", (5, 1): "Quốc tế Lao động",
         (9, 2): "Quốc khánh"}


def holiday(day: dt.date) -> str | None:
    """The holiday ``day`` falls on, if any.

    >>> holiday(dt.date(2021, 2, 14))
    'Tết Nguyên Đán (mùng 3)'
    >>> holiday(dt.date(2021, 2, 10))
    'Tết Nguyên Đán (những ngày cuối năm âm lịch)'
    >>> holiday(dt.date(2021, 9, 2)), holiday(dt.date(2021, 3, 10))
    ('Quốc khánh', None)
    """
    if (day.month, day.day) in SOLAR:
        return SOLAR[(day.month, day.day)]
    if day.year in TET:
        first = dt.date(day.year, *TET[day.year])
        offset = (day - first).days
        if offset in (-2, -1):
            return "Tết Nguyên Đán (những ngày cuối năm âm lịch)"
        if 0 <= offset <= 4:
            return f"Tết Nguyên Đán (mùng {offset + 1})"
    if day.year in HUNG_KINGS and (day.month, day.day) == HUNG_KINGS[day.year]:
        return "Giỗ Tổ Hùng Vương"
    return None
