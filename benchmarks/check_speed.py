"""How long ``hmtn check`` takes on the bundled Hưng Yên plan, from a cold process.

    .venv/bin/python benchmarks/check_speed.py

Prints the median of several runs and its ratio to a bare ``python -c pass`` measured in the
same run (the machine is noisy; the ratio is what to compare between runs). Target: the whole
check "well under a second" for a clerk; a bare interpreter start is the floor.

Also a plan with a registry of 20,000 units (a national list of wards, say), against the
Hưng Yên check: the checks must grow with the plan, not with its square (the near-duplicate
name check once compared every pair of names and took minutes here). The units come from an
included ``units.yaml``, the way clerks keep them (merging an included file once scanned the
whole file for each unit: 776 s); the same units typed in ``plan.yaml`` are timed for comparison.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
UNITS = 20_000


def median_seconds(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def large_registry(folder: Path, included: bool) -> Path:
    text = (ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8")
    units = "".join(f"  to-dan-pho-{i}:\n    name: Tổ dân phố số {i:05d}\n    group: so-nganh\n"
                    for i in range(UNITS))
    plan = folder / ("lon-include" if included else "lon")
    plan.mkdir()
    if included:
        text = text.replace("\nplan:\n", "\ninclude: [units.yaml]\nplan:\n", 1)
        (plan / "units.yaml").write_text("units:\n" + units, encoding="utf-8")
    else:
        text = text.replace("units:\n", "units:\n" + units, 1)
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    return plan


def seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    bare = median_seconds([sys.executable, "-c", "pass"])
    check = median_seconds([sys.executable, "-m", "hmtn_docs", "check", "plans/2021-hung-yen"])
    print(f"bare python start: {bare:.3f} s")
    print(f"hmtn check plans/2021-hung-yen: {check:.3f} s ({check / bare:.1f}x a bare python "
          "start; target: well under 1 s)")
    with tempfile.TemporaryDirectory() as tmp:
        check_big = [sys.executable, "-m", "hmtn_docs", "check"]
        included = seconds(check_big + [str(large_registry(Path(tmp), included=True))])
        inline = seconds(check_big + [str(large_registry(Path(tmp), included=False))])
    print(f"hmtn check, a plan with {UNITS:,} units from units.yaml: {included:.2f} s "
          f"({included / check:.1f}x the Hưng Yên check; every pair of names compared took "
          "minutes, and merging the included file 776 s)")
    print(f"  the same {UNITS:,} units typed in plan.yaml: {inline:.2f} s "
          f"({included / inline:.2f}x: included / inline)")


if __name__ == "__main__":
    main()
