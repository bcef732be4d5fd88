"""Báo cáo kết quả: the bundled Hưng Yên reports opened as a reader would, every figure checked
against the results file read on its own (plain YAML, not through hmtn_docs.results)."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
import yaml

from hmtn_docs.build import build_plan

from .conftest import PLANS

HUNG_YEN = PLANS / "2021-hung-yen"


def _read(name: str) -> dict:
    return yaml.safe_load((HUNG_YEN / name).read_text(encoding="utf-8"))


def _vi(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(ratio: float) -> str:
    return f"{round(ratio * 100, 1):g}".replace(".", ",") + "%"


@pytest.fixture(scope="module")
def expected():
    """Quota and units per organiser (short name) of the drives of the first half-year, and the
    bag sizes, computed from drives.yaml, units.yaml and results.yaml."""
    drives = {d["id"]: d for d in _read("drives.yaml")["drives"]}
    units = _read("units.yaml")["units"]
    half = [d for d in drives.values() if d.get("status", "planned") == "planned"
            and _first(d) <= dt.date(2021, 6, 30)]
    rows: dict[str, list[int]] = {}
    for d in half:
        rows.setdefault(units[d["organiser"]].get("short") or units[d["organiser"]]["name"],
                        [0, 0])[0] += d["quota"]
    bags = [0, 0, 0]
    for r in _read("results.yaml")["results"]:
        d = drives[r["drive"]]
        if d in half:
            name = units[d["organiser"]].get("short") or units[d["organiser"]]["name"]
            rows[name][1] += sum(r["bags"].values())
            for i, size in enumerate(("250ml", "350ml", "450ml")):
                bags[i] += r["bags"].get(size, 0)
    return rows, bags


def _all_text(document) -> str:
    """Every paragraph, in tables too (the body's last paragraph sits with the signature)."""
    from docx.oxml.ns import qn

    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in document.element.body.iter(qn("w:p")))


def _first(drive) -> dt.date:
    dates = drive["dates"]
    return min(dates) if isinstance(dates, list) else dates


@pytest.fixture(scope="module")
def built(bundled, tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    build_plan(bundled["2021-hung-yen"], out)
    return out / "2021-hung-yen"


@pytest.fixture(scope="module")
def half_year(built):
    return docx.Document(str(built / "2021-hung-yen-bc-so-ket-6-thang.docx"))


def _table_rows(document) -> list[list[str]]:
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def test_the_half_year_report_has_a_row_per_organiser_with_quota_units_and_percentage(
        half_year, expected):
    rows, _ = expected
    got = _table_rows(half_year)
    assert [r[1] for r in got[:-1]] and {r[1] for r in got[:-1]} == set(rows)
    for no, name, quota, units, percent in got[:-1]:
        q, u = rows[name]
        assert (quota, units, percent) == (_vi(q), _vi(u), _pct(u / q)), name
    total_q, total_u = sum(q for q, _ in rows.values()), sum(u for _, u in rows.values())
    assert got[-1][1:] == ["Tổng cộng", _vi(total_q), _vi(total_u), _pct(total_u / total_q)]


def test_the_half_year_report_states_the_totals_and_the_bag_sizes(half_year, expected):
    rows, bags = expected
    text = "\n".join(p.text for p in half_year.paragraphs)
    total_q, total_u = sum(q for q, _ in rows.values()), sum(u for _, u in rows.values())
    assert (f"tiếp nhận được {_vi(total_u)} đơn vị máu, đạt {_pct(total_u / total_q)} chỉ tiêu "
            f"của các đợt trong kỳ ({_vi(total_q)} đơn vị máu)") in text
    assert f"Túi 250 ml: {_vi(bags[0])} đơn vị ({_pct(bags[0] / total_u)})" in text
    assert (f"Tỷ lệ túi máu từ 350 ml trở lên đạt {_pct((bags[1] + bags[2]) / total_u)}."
            in text)
    assert re.search(r"^BÁO CÁO$", text, re.M)


def test_the_year_report_compares_with_last_year_and_lists_drives_without_results(built):
    document = docx.Document(str(built / "2021-hung-yen-bc-tong-ket-nam.docx"))
    text = _all_text(document)
    drives = _read("drives.yaml")["drives"]
    reported = {r["drive"] for r in _read("results.yaml")["results"]}
    missing = [d for d in drives if d["id"] not in reported]
    assert len(missing) == 2
    assert text.count("- Chưa báo cáo kết quả:") == 2
    units = sum(sum(r["bags"].values()) for r in _read("results.yaml")["results"])
    change = units - 10092  # the Kế hoạch's opening figure for 2020
    assert (f"So với năm 2020 (10.092 đơn vị máu), số đơn vị máu tiếp nhận "
            f"{'tăng' if change > 0 else 'giảm'} {_vi(abs(change))} đơn vị máu") in text
