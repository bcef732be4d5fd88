"""Quotas as the clerk writes them, and their totals (hmtn_docs/quota.py)."""

import pytest

from hmtn_docs.quota import amount_text, parse_quota, total_text


@pytest.mark.parametrize("typed, printed", [
    (400, "400 đơn vị máu"),
    ("1.200", "1.200 đơn vị máu"),
    ("150 – 250 đơn vị máu/ngày", "150 – 250 đơn vị máu/ngày"),
    ("150 đến 250", "150 – 250 đơn vị máu"),
    ("ít nhất 120", "ít nhất 120 đơn vị máu"),
    ("từ 80 đơn vị trở lên", "từ 80 đơn vị máu trở lên"),
    ("200 người", "200 người"),
])
def test_a_quota_prints_in_the_form_it_was_typed(typed, printed):
    assert amount_text(parse_quota(typed)) == printed


def test_a_total_of_ranges_keeps_both_bounds_and_counts_every_day_of_a_per_day_quota():
    quotas = [parse_quota(400), parse_quota("150 - 250/ngày"), None]
    assert total_text(quotas, [1, 2, 1]) == "700 – 900 đơn vị máu"


def test_a_minimum_leaves_the_total_open_above_and_units_of_people_are_not_added_to_blood():
    quotas = [parse_quota(400), parse_quota("ít nhất 120"), parse_quota("50 người")]
    assert total_text(quotas) == "ít nhất 520 đơn vị máu và 50 người"


def test_no_quota_is_no_total():
    assert total_text([None, None]) == ""
