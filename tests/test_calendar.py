"""Vietnamese holidays from the ``holidays`` library (``hmtn_docs._calendar``), 2026-2030.

The dates below are the lunar and decreed days of those years, written out by hand so that the
test checks the library's answer and our Tết window, not the library against itself.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from hmtn_docs._calendar import holiday, tet

D = dt.date

# year: (mùng 1 Tết, Giỗ Tổ Hùng Vương 10/3 âm lịch, the National Day holiday next to 2/9)
YEARS = {
    2026: (D(2026, 2, 17), D(2026, 4, 26), D(2026, 9, 1)),
    2027: (D(2027, 2, 6), D(2027, 4, 16), D(2027, 9, 3)),
    2028: (D(2028, 1, 26), D(2028, 4, 4), D(2028, 9, 1)),
    2029: (D(2029, 2, 13), D(2029, 4, 23), D(2029, 9, 3)),
    # Vietnam's (UTC+7) new moon falls on 2/2 before midnight; China's Tết is 3/2
    2030: (D(2030, 2, 2), D(2030, 4, 12), D(2030, 9, 3)),
}


@pytest.mark.parametrize("year", YEARS)
def test_tet_is_the_lunar_new_year_of_vietnam(year):
    assert tet(year) == YEARS[year][0]


@pytest.mark.parametrize("year", YEARS)
def test_the_tet_window_runs_from_two_days_before_to_mung_5_whatever_the_decree(year):
    first = YEARS[year][0]
    names = [holiday(first + dt.timedelta(days)) for days in range(-3, 6)]
    assert names == [None,
                     "Tết Nguyên Đán (những ngày cuối năm âm lịch)",
                     "Tết Nguyên Đán (những ngày cuối năm âm lịch)",
                     "Tết Nguyên Đán (mùng 1)", "Tết Nguyên Đán (mùng 2)",
                     "Tết Nguyên Đán (mùng 3)", "Tết Nguyên Đán (mùng 4)",
                     "Tết Nguyên Đán (mùng 5)", None]


@pytest.mark.parametrize("year", YEARS)
def test_gio_to_hung_vuong_every_year(year):
    assert holiday(YEARS[year][1]) == "Ngày Giỗ Tổ Hùng Vương"
    assert holiday(YEARS[year][1] - dt.timedelta(1)) is None


@pytest.mark.parametrize("year", YEARS)
def test_national_day_is_two_days_since_2021(year):
    assert holiday(D(year, 9, 2)) == "Quốc khánh"
    assert holiday(YEARS[year][2]) == "Quốc khánh"


def test_before_2021_national_day_was_one_day():
    assert holiday(D(2020, 9, 1)) is None
    assert holiday(D(2020, 9, 3)) is None


@pytest.mark.parametrize(("day", "name"), [
    (D(2028, 1, 1), "Tết Dương lịch"),
    (D(2028, 1, 3), "Tết Dương lịch (nghỉ bù)"),  # 1/1/2028 is a Saturday
    (D(2027, 4, 30), "Ngày Chiến thắng"),
    (D(2027, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 11, 24), "Ngày Văn hóa Việt Nam"),  # a day off since 2026
])
def test_solar_holidays_and_days_in_lieu(day, name):
    assert holiday(day) == name



def test_checking_a_date_loads_vietnam_alone_not_every_country():
    # holidays.country_holidays imports holidays.countries, i.e. every country (~50 ms of a
    # ~0.2 s ``hmtn check``); a fresh interpreter shows what checking a date really imports
    code = ("import sys, datetime as dt; from hmtn_docs._calendar import holiday; "
            "print(holiday(dt.date(2021, 9, 2)), 'holidays.countries' in sys.modules, "
            "'hmtn_docs._holidays_vietnam' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "Quốc khánh False True\n"


def test_days_off_are_the_librarys_own_answer():
    # the library's answer from an interpreter that never loaded our copy of the module
    code = ("import holidays; print(repr({y: sorted(holidays.country_holidays('VN', "
            "language='vi', years=y).items()) for y in (2021, 2027, 2030)}))")
    theirs = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    from hmtn_docs import _calendar

    ours = {y: sorted(_calendar._days_off(y).items()) for y in (2021, 2027, 2030)}
    assert repr(ours) + "\n" == theirs


def test_the_library_keeps_working_the_usual_way_after_a_check():
    code = ("import datetime as dt; from hmtn_docs._calendar import holiday; "
            "holiday(dt.date(2021, 9, 2)); import holidays.countries.vietnam as v; "
            "import holidays; print(v.Vietnam is holidays.countries.Vietnam, "
            "holidays.country_holidays('VN').get(dt.date(2021, 9, 2)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "True National Day\n"
