"""Checking drives from an included file against the same drives typed in ``plan.yaml``.

    .venv/bin/python benchmarks/include_speed.py

Both plans are checked in this one run (median of a few runs each) and the ratio is printed.
Target (issue 9): 3,000 drives from an included file take at most 2x the same drives inline.
Merging an included file once scanned every mark of that file for each drive it merged: 2.9 s
inline against 27.7 s included, and 776 s for 20,000 units from ``units.yaml``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hmtn_docs.load import load_plan  # noqa: E402

DRIVES = 3_000
ORGANISERS = 10
RUNS = 3
TARGET = 2.0


def drives_yaml() -> str:
    """``DRIVES`` drives, ``ORGANISERS`` organisers each holding one a day (no check errors)."""
    first = dt.date(2021, 1, 4)
    out = []
    for i in range(DRIVES):
        day = first + dt.timedelta(days=i // ORGANISERS)
        out.append(f"  - id: dot-{i}\n    organiser: don-vi-{i % ORGANISERS}\n"
                   f"    place: Nhà văn hóa tổ dân phố số {i}\n    dates: {day}\n"
                   f"    time: \"7h30 - 11h30\"\n    quota: {50 + i % 7 * 10}\n"
                   f"    executors: [don-vi-{i % ORGANISERS}]\n")
    return "".join(out)


def write_plans(folder: Path) -> tuple[Path, Path]:
    text = (ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8")
    units = "".join(f"  don-vi-{n}:\n    name: Đơn vị số {n}\n    group: so-nganh\n"
                    for n in range(ORGANISERS))
    text = text.replace("units:\n", "units:\n" + units, 1)
    inline, included = folder / "inline", folder / "included"
    inline.mkdir()
    included.mkdir()
    (inline / "plan.yaml").write_text(text.replace("drives:\n", "drives:\n" + drives_yaml(), 1),
                                      encoding="utf-8")
    (included / "plan.yaml").write_text(
        text.replace("\nplan:\n", "\ninclude: [drives.yaml]\nplan:\n", 1), encoding="utf-8")
    (included / "drives.yaml").write_text("drives:\n" + drives_yaml(), encoding="utf-8")
    return inline, included


def median_seconds(folder: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        plan = load_plan(folder)
        times.append(time.perf_counter() - start)
        assert len(plan.data.drives) == DRIVES + 2
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inline, included = write_plans(Path(tmp))
        load_plan(inline)  # warm up: imports, Babel's locale data
        inline_s = median_seconds(inline)
        included_s = median_seconds(included)
    ratio = included_s / inline_s
    print(f"check {DRIVES:,} drives typed in plan.yaml: {inline_s:.2f} s")
    print(f"check {DRIVES:,} drives from an included file: {included_s:.2f} s "
          f"({ratio:.2f}x inline; target: at most {TARGET:.0f}x)")
    if ratio > TARGET:
        sys.exit(f"included drives took {ratio:.2f}x the inline check (target {TARGET:.0f}x)")


if __name__ == "__main__":
    main()
