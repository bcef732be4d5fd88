"""Vietnamese formatting: ND30 dates, weekdays, numbers, percentages, document numbers, blanks."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from hmtn_docs import vi

NBSP6 = "\u00a0" * 6
# the checker regex of nd30-format.md §4 (place-and-date line)
ND30_PLACE_DATE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (01|02|[3-9]|1[0-2]) "
                             r"năm \d{4}$")


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2021, 1, 5), "ngày 05 tháng 01 năm 2021"),
    (dt.date(2020, 2, 29), "ngày 29 tháng 02 năm 2020"),
    (dt.date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
    (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
    (dt.date(2021, 9, 9), "ngày 09 tháng 9 năm 2021"),
    (dt.date(2021, 10, 10), "ngày 10 tháng 10 năm 2021"),
    (dt.date(2021, 12, 31), "ngày 31 tháng 12 năm 2021"),
])
def test_date_pads_days_below_ten_and_only_months_one_and_two(day, expected):
    assert vi.format_date(day) == expected


def test_every_day_of_a_year_matches_the_nd30_checker_regex():
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        line = vi.format_place_date("Hưng Yên", day.year, day.month, day.day)
        assert ND30_PLACE_DATE.match(line), line
        day += dt.timedelta(days=1)


def test_place_date_line_is_place_comma_date():
    assert vi.format_place_date("Hưng Yên", 2021, 1, 10) == "Hưng Yên, ngày 10 tháng 01 năm 2021"


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2021, 3, 9), "09/3/2021"),
    (dt.date(2021, 2, 26), "26/02/2021"),
    (dt.date(2021, 1, 1), "01/01/2021"),
    (dt.date(2020, 12, 11), "11/12/2020"),
])
def test_short_date_pads_like_the_long_date(day, expected):
    assert vi.format_short_date(day) == expected


def test_partial_date_leaves_a_blank_for_the_day_only():
    assert vi.format_partial_date(2022, 11) == f"ngày {NBSP6} tháng 11 năm 2022"


def test_partial_date_leaves_blanks_for_day_and_month():
    assert vi.format_partial_date(2022) == f"ngày {NBSP6} tháng {NBSP6} năm 2022"


def test_partial_date_with_every_part_is_the_full_date():
    assert vi.format_partial_date(2021, 1, 10) == "ngày 10 tháng 01 năm 2021"


def test_blank_day_is_six_non_breaking_spaces_so_it_never_wraps():
    assert vi.BLANK_DAY == NBSP6 and vi.BLANK_NUMBER == NBSP6


# --------------------------------------------------------------------------- weekdays
WEEK = [  # Monday 8/3/2021 to Sunday 14/3/2021
    (dt.date(2021, 3, 8), "Thứ Hai", "thứ Hai", "Thứ 2"),
    (dt.date(2021, 3, 9), "Thứ Ba", "thứ Ba", "Thứ 3"),
    (dt.date(2021, 3, 10), "Thứ Tư", "thứ Tư", "Thứ 4"),
    (dt.date(2021, 3, 11), "Thứ Năm", "thứ Năm", "Thứ 5"),
    (dt.date(2021, 3, 12), "Thứ Sáu", "thứ Sáu", "Thứ 6"),
    (dt.date(2021, 3, 13), "Thứ Bảy", "thứ Bảy", "Thứ 7"),
    (dt.date(2021, 3, 14), "Chủ nhật", "Chủ nhật", "Chủ nhật"),
]


@pytest.mark.parametrize(("day", "title", "text", "numeric"), WEEK, ids=[w[1] for w in WEEK])
def test_weekday_in_each_style_for_every_day_of_a_week(day, title, text, numeric):
    assert vi.format_weekday(day) == title
    assert vi.format_weekday(day, "title") == title
    assert vi.format_weekday(day, "text") == text
    assert vi.format_weekday(day, "numeric") == numeric


def test_sunday_is_chu_nhat_with_a_lower_case_n_not_babels_chu_nhat():
    assert vi.format_weekday(dt.date(2021, 4, 18)) == "Chủ nhật"
    assert "Chủ Nhật" not in {vi.format_weekday(w[0], s) for w in WEEK
                              for s in ("title", "text", "numeric")}


def test_day_with_weekday_is_weekday_comma_short_date():
    assert vi.format_day_with_weekday(dt.date(2021, 3, 10)) == "Thứ Tư, 10/3/2021"
    assert vi.format_day_with_weekday(dt.date(2021, 3, 14), "text") == "Chủ nhật, 14/3/2021"
    assert vi.format_day_with_weekday(dt.date(2021, 3, 9), "numeric") == "Thứ 3, 09/3/2021"


def test_unknown_weekday_style_is_refused():
    with pytest.raises(ValueError, match="unknown weekday style 'long'"):
        vi.format_weekday(dt.date(2021, 3, 10), "long")


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(("value", "expected"), [
    (17770, "17.770"), (200, "200"), (0, "0"), (1000, "1.000"), (1750000, "1.750.000"),
    (1234567.5, "1.234.567,5"), (-5, "-5"),
])
def test_number_groups_thousands_with_dots_and_marks_decimals_with_a_comma(value, expected):
    assert vi.format_number(value) == expected


@pytest.mark.parametrize(("ratio", "decimals", "expected"), [
    (1.096, 1, "109,6%"), (0.9, 1, "90%"), (0.61, 1, "61%"), (0.6849, 1, "68,5%"),
    (0.12367, 2, "12,37%"), (1.096, 0, "110%"), (12.5, 1, "1.250%"),
])
def test_percent_has_a_decimal_comma_and_no_space_before_the_sign(ratio, decimals, expected):
    assert vi.format_percent(ratio, decimals=decimals) == expected


# --------------------------------------------------------------------------- documents
@pytest.mark.parametrize(("number", "notation", "expected"), [
    (7, "KH-BCĐ", "Số: 07/KH-BCĐ"), (1, "KH-UBND", "Số: 01/KH-UBND"),
    (10, "KH-UBND", "Số: 10/KH-UBND"), (123, "QĐ-UBND", "Số: 123/QĐ-UBND"),
    (None, "UBND-VX", f"Số: {NBSP6}/UBND-VX"),
])
def test_document_number_pads_below_ten_and_leaves_a_blank_when_unnumbered(number, notation,
                                                                           expected):
    assert vi.format_doc_number(number, notation) == expected


def test_document_number_without_prefix_for_citations():
    assert vi.format_doc_number(10, "KH-UBND", prefix="") == "10/KH-UBND"


@pytest.mark.parametrize(("start", "end", "style", "expected"), [
    ((7, 30), (11, 0), "range", "7h30 - 11h00"),
    ((7, 30), (8, 30), "words", "Từ 7h30 đến 8h30"),
    ((13, 5), (17, 0), "range", "13h05 - 17h00"),
])
def test_time_window(start, end, style, expected):
    assert vi.format_time_window(start, end, style) == expected


def test_days_are_padded_to_two_digits():
    assert (vi.format_days(3), vi.format_days(18)) == ("03 ngày", "18 ngày")


@pytest.mark.parametrize(("value", "expected"), [
    (1, "I"), (4, "IV"), (9, "IX"), (13, "XIII"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX"),
])
def test_roman_numerals(value, expected):
    assert vi.format_roman(value) == expected


@pytest.mark.parametrize("value", [0, -1, 4000])
def test_roman_numerals_refuse_values_without_one(value):
    with pytest.raises(ValueError, match=f"no Roman numeral for {value}"):
        vi.format_roman(value)


def test_upper_keeps_vietnamese_marks():
    assert vi.format_upper("Ủy ban nhân dân tỉnh Hưng Yên") == "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert vi.format_upper("đơn vị") == "ĐƠN VỊ"
