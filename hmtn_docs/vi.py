"""Vietnamese formatting for administrative text, on Babel's ``vi`` locale.

One ``format_x(value, ...)`` function per kind of value. Numbers and percentages come from
Babel (CLDR ``vi``: ``.`` groups thousands, ``,`` marks decimals). Dates follow Nghị định
30/2020 (days 1-9 and months 1-2 padded with a zero), which no Babel pattern produces, so they
are built here; weekday names come from Babel and are recased per Phụ lục II of the decree.
"""

from __future__ import annotations

import datetime as dt

# Babel is imported where it is used: ``hmtn check`` formats integers only, and loading Babel
# and its ``vi`` data would be a sixth of its time.

LOCALE = "vi"
BLANK_DAY = "\u00a0" * 6  # room to write a two-digit day by hand
BLANK_NUMBER = "\u00a0" * 6

_SUNDAY = 6


def format_number(value: int | float) -> str:
    """A count or quantity with Vietnamese grouping.

    >>> format_number(17770)
    '17.770'
    >>> format_number(200)
    '200'
    >>> format_number(1234567.5)
    '1.234.567,5'
    >>> format_number(-1234567), format_number(0)
    ('-1.234.567', '0')
    """
    if type(value) is int:  # CLDR vi for integers, without Babel (37 us a call there)
        return f"{value:,}".replace(",", ".")
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALE)


def format_percent(ratio: float, decimals: int = 1) -> str:
    """A ratio as a percentage, with at most ``decimals`` decimals and no space before ``%``.

    >>> format_percent(1.096)
    '109,6%'
    >>> format_percent(0.9)
    '90%'
    >>> format_percent(0.12367, decimals=2)
    '12,37%'
    """
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return babel_percent(ratio, format=pattern, locale=LOCALE)


def _day(d: int) -> str:
    return f"{d:02d}"


def _month(m: int) -> str:
    # ND30: months 1 and 2 get a leading zero, 3-12 do not
    return f"{m:02d}" if m < 3 else str(m)


def format_date(value: dt.date) -> str:
    """The date as ND30 writes it in running text and on the place-and-date line.

    >>> format_date(dt.date(2021, 1, 5))
    'ngày 05 tháng 01 năm 2021'
    >>> format_date(dt.date(2021, 6, 29))
    'ngày 29 tháng 6 năm 2021'
    """
    return f"ngày {_day(value.day)} tháng {_month(value.month)} năm {value.year}"


def format_partial_date(year: int, month: int | None = None, day: int | None = None) -> str:
    """An issue date whose day (and month) is filled in by hand at registration.

    >>> format_partial_date(2022, 11)
    'ngày \\xa0\\xa0\\xa0\\xa0\\xa0\\xa0 tháng 11 năm 2022'
    >>> format_partial_date(2021, 1, 10)
    'ngày 10 tháng 01 năm 2021'
    """
    d = _day(day) if day else BLANK_DAY
    m = _month(month) if month else BLANK_DAY
    return f"ngày {d} tháng {m} năm {year}"


def format_short_date(value: dt.date) -> str:
    """The numeric date of tables and citations, padded the ND30 way.

    >>> format_short_date(dt.date(2021, 3, 9))
    '09/3/2021'
    >>> format_short_date(dt.date(2021, 2, 26))
    '26/02/2021'
    """
    return f"{_day(value.day)}/{_month(value.month)}/{value.year}"


def format_weekday(value: dt.date, style: str = "title") -> str:
    """The weekday of ``value``.

    ``title`` for headings and tables, ``text`` inside a sentence (ND30 Phụ lục II: only the
    day word is capitalised), ``numeric`` for tables in the ``Thứ 4`` style.

    >>> d = dt.date(2021, 3, 10)
    >>> format_weekday(d), format_weekday(d, "text"), format_weekday(d, "numeric")
    ('Thứ Tư', 'thứ Tư', 'Thứ 4')
    >>> format_weekday(dt.date(2021, 4, 18)), format_weekday(dt.date(2021, 4, 18), "text")
    ('Chủ nhật', 'Chủ nhật')
    """
    wd = value.weekday()
    if wd == _SUNDAY:
        return "Chủ nhật"
    if style == "numeric":
        return f"Thứ {wd + 2}"
    from babel.dates import get_day_names

    name = get_day_names("wide", locale=LOCALE)[wd]  # 'Thứ Tư'
    if style == "text":
        return "thứ" + name[3:]
    if style == "title":
        return name
    raise ValueError(f"unknown weekday style {style!r}")


def format_day_with_weekday(value: dt.date, style: str = "title") -> str:
    """``Thứ Tư, 10/3/2021``: the form used in drive lists and on the website.

    >>> format_day_with_weekday(dt.date(2021, 3, 10))
    'Thứ Tư, 10/3/2021'
    """
    return f"{format_weekday(value, style)}, {format_short_date(value)}"


def format_place_date(place: str, year: int, month: int | None = None,
                      day: int | None = None) -> str:
    """The place-and-date line under the Tiêu ngữ.

    >>> format_place_date("Hưng Yên", 2021, 1, 10)
    'Hưng Yên, ngày 10 tháng 01 năm 2021'
    """
    return f"{place}, {format_partial_date(year, month, day)}"


def format_doc_number(number: int | None, notation: str, prefix: str = "Số: ") -> str:
    """Number and notation of a document; numbers below 10 get a leading zero.

    >>> format_doc_number(7, "KH-BCĐ")
    'Số: 07/KH-BCĐ'
    >>> format_doc_number(None, "UBND-VX")
    'Số: \\xa0\\xa0\\xa0\\xa0\\xa0\\xa0/UBND-VX'
    >>> format_doc_number(10, "KH-UBND", prefix="")
    '10/KH-UBND'
    """
    num = f"{number:02d}" if number is not None else BLANK_NUMBER
    return f"{prefix}{num}/{notation}"


def format_time(hour: int, minute: int) -> str:
    """A time of day as plans write it.

    >>> format_time(7, 30), format_time(11, 0)
    ('7h30', '11h00')
    """
    return f"{hour}h{minute:02d}"


def format_time_window(start: tuple[int, int], end: tuple[int, int], style: str = "range") -> str:
    """A time window: ``range`` (``7h30 - 11h00``) or ``words`` (``Từ 7h30 đến 11h00``).

    >>> format_time_window((7, 30), (8, 30), "words")
    'Từ 7h30 đến 8h30'
    >>> format_time_window((7, 30), (11, 0))
    '7h30 - 11h00'
    """
    a, b = format_time(*start), format_time(*end)
    if style == "words":
        return f"Từ {a} đến {b}"
    return f"{a} - {b}"


def format_days(count: int) -> str:
    """A number of days as the appendix writes it.

    >>> format_days(3), format_days(18)
    ('03 ngày', '18 ngày')
    """
    return f"{count:02d} ngày"


def format_roman(value: int) -> str:
    """Roman numerals for section numbers and programme editions.

    >>> format_roman(9), format_roman(14), format_roman(3)
    ('IX', 'XIV', 'III')
    """
    if not 0 < value < 4000:
        raise ValueError(f"no Roman numeral for {value}")
    out = ""
    for n, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out += s
            value -= n
    return out


def format_upper(text: str) -> str:
    """Capitals for header and title lines (Vietnamese letters included).

    >>> format_upper("Ủy ban nhân dân tỉnh Hưng Yên")
    'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN'
    """
    return text.upper()
