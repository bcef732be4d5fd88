"""Results of drives: each drive's, each organiser's and a period's totals are computed from
the entries typed in ``results:``, partial and missing results are told apart."""

from __future__ import annotations

import datetime as dt

from hmtn_docs.load import load_plan
from hmtn_docs.results import outcomes, summarise

RESULTS = """results:
  - drive: 2021-07-14-so-y-te
    date: 2021-07-14
    bags: {250ml: 10, 350ml: 100, 450ml: 40}
    registered: 170
    deferred: 15
    partial: true
"""


def _plan(write_plan, minimal_text, results=RESULTS):
    text = minimal_text.replace("plan:\n", "include: [results.yaml]\nplan:\n", 1)
    return load_plan(write_plan(text, {"results.yaml": results}))


def test_a_drive_totals_its_bags_and_donors_and_is_partial_until_every_day_is_in(write_plan,
                                                                                   minimal_text):
    o = outcomes(_plan(write_plan, minimal_text))["2021-07-14-so-y-te"]
    assert (o.tally.units, o.tally.ml350 + o.tally.ml450, o.tally.registered, o.tally.deferred) \
        == (150, 140, 170, 15)
    assert o.reported and not o.complete  # one of two days, and marked partial
    assert round(o.percent, 4) == 0.6  # 150 of a quota of 250


def test_a_period_counts_its_quota_units_and_the_drives_not_yet_reported(write_plan, minimal_text):
    plan = _plan(write_plan, minimal_text)
    year = summarise(plan)
    assert (year.quota, year.tally.units, year.drives, year.reported) == (650, 150, 2, 1)
    assert [d.id for d in year.not_reported] == ["2021-03-09-an-thi"]
    assert [d.id for d in year.partial] == ["2021-07-14-so-y-te"]
    assert round(year.tally.large_share, 4) == round(140 / 150, 4)
    first_half = summarise(plan, dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert (first_half.quota, first_half.tally.units) == (400, 0)


ALLOCATED = ("    quota: 250\n", "    allocations:\n      - {unit: so-y-te, quota: 150}\n"
                                "      - {unit: vien-hhtm, quota: 100}\n")
BY_UNIT = """results:
  - drive: 2021-07-14-so-y-te
    date: 2021-07-14
    units:
      - {unit: so-y-te, bags: {350ml: 120, 450ml: 20}, registered: 160, deferred: 15}
      - {unit: vien-hhtm, bags: {250ml: 10, 350ml: 70}, registered: 90, deferred: 8}
  - drive: 2021-07-14-so-y-te
    date: 2021-07-15
    units:
      - {unit: so-y-te, bags: {350ml: 5}}
"""


def test_a_drive_with_allocations_reports_per_unit_and_sums_them(write_plan, minimal_text):
    text = minimal_text.replace(*ALLOCATED)
    o = outcomes(_plan(write_plan, text, BY_UNIT))["2021-07-14-so-y-te"]
    assert {u: t.units for u, t in o.by_unit.items()} == {"so-y-te": 145, "vien-hhtm": 80}
    assert (o.tally.units, o.tally.registered, o.tally.deferred) == (225, 250, 23)
    assert o.tally.without_donors == 1 and o.complete  # the second day gave no donor counts
