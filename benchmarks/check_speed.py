"""How long ``hmtn check`` takes from a cold process, against the imports it cannot avoid.

    .venv/bin/python benchmarks/check_speed.py
    .venv/bin/python benchmarks/check_speed.py --sizes 1000 20000

Each command runs once to write its bytecode caches, then ``--repeat`` times. Floor, measured
in the same run: ``python -c "import yaml, pydantic"`` (what reading and
validating a plan needs at the least); a bare ``python -c pass`` is printed for reference.
Target (issue 16): ``hmtn check plans/2021-hung-yen`` at most 2x that floor.

Growth: plans the way clerks keep them, their units and drives ``include:``d from ``units.yaml``
and ``drives.yaml`` (the path users take; merging an included file once scanned the whole file
for each entry: 776 s for 20,000 units). N units, N / 10 drives (each drive is organised by a
unit of its own, no two on one day at one place). Printed per N: the check's min and median of
``--repeat`` cold runs and the cost of each unit added since the previous N (a marginal cost,
free of the start-up; against the first step, flat is linear). The plan's size grows its
output too: every place without an address is a warning the check prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# As installed: bytecode caches written (pip compiles them; PYTHONDONTWRITEBYTECODE would make
# every run compile hmtn_docs from source, about 0.1 s the clerk never pays).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


CPU: dict[tuple, list[float]] = {}  # CPU seconds (user + system) of the same runs


def cold_runs(cmd: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` runs; their CPU seconds go to ``CPU`` (less disturbed by
    other work on a shared machine than wall time)."""
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=ENV)  # caches written
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[tuple(cmd)] = cpu
    return times


def included_plan(folder: Path, units: int) -> Path:
    """The minimal test plan with ``units`` units and ``units // 10`` drives, both included."""
    text = (ROOT / "tests/plans/minimal/plan.yaml").read_text(encoding="utf-8")
    plan = folder / f"n{units}"
    plan.mkdir()
    text = text.replace("\nplan:\n", "\ninclude: [units.yaml, drives.yaml]\nplan:\n", 1)
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    (plan / "units.yaml").write_text("units:\n" + "".join(
        f"  to-dan-pho-{i}:\n    name: Tổ dân phố số {i:05d}\n    group: so-nganh\n"
        for i in range(units)), encoding="utf-8")
    first = dt.date(2021, 1, 4)
    (plan / "drives.yaml").write_text("drives:\n" + "".join(
        f"  - id: dot-{i}\n    organiser: to-dan-pho-{i}\n"
        f"    place: Nhà văn hóa tổ dân phố số {i}\n    dates: {first + dt.timedelta(days=i % 300)}\n"
        f"    time: \"7h30 - 11h30\"\n    quota: {50 + i % 7 * 10}\n"
        f"    executors: [to-dan-pho-{i}]\n" for i in range(units // 10)), encoding="utf-8")
    return plan


def line(label: str, times: list[float], cpu: list[float] | None = None) -> str:
    text = f"{label}: min {min(times):.3f} s, median {statistics.median(times):.3f} s"
    if cpu:
        text += f" (CPU min {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s)"
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = ap.parse_args()
    print("load: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    py = sys.executable
    commands = {
        "bare python start": [py, "-c", "pass"],
        "floor: python -c 'import yaml, pydantic'": [py, "-c", "import yaml, pydantic"],
        # what defining any pydantic model needs (pydantic imports it lazily, not in the floor)
        "for reference: yaml + pydantic.BaseModel": [py, "-c", "import yaml; from pydantic "
                                                     "import BaseModel\nclass A(BaseModel): x: int"],
        "hmtn check plans/2021-hung-yen": [py, "-m", "hmtn_docs", "check", "plans/2021-hung-yen"],
    }
    wall = {label: cold_runs(cmd, args.repeat) for label, cmd in commands.items()}
    for label, cmd in commands.items():
        print(line(label, wall[label], CPU[tuple(cmd)]))
    floor, check = list(commands)[1], list(commands)[3]
    med = statistics.median
    print(f"hmtn check / floor, medians: {med(wall[check]) / med(wall[floor]):.2f}x wall, "
          f"{med(CPU[tuple(commands[check])]) / med(CPU[tuple(commands[floor])]):.2f}x CPU "
          "(target <= 2x)")
    ref = list(commands)[2]
    print(f"hmtn check / (yaml + one pydantic model), medians: "
          f"{med(wall[check]) / med(wall[ref]):.2f}x wall (what validating with pydantic "
          "cannot go below: pydantic imports BaseModel and builds a first model lazily)")
    check = wall[check]
    previous: tuple[int, float] | None = None
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            times = cold_runs([py, "-m", "hmtn_docs", "check", str(included_plan(Path(tmp), n))],
                              args.repeat)
            text = line(f"hmtn check, {n:6,} units + {n // 10:5,} drives included", times)
            if previous is None:  # against a smaller plan of another shape: a rough figure
                per = (med(times) - med(check)) / n
                text += f"; {per * 1e6:6.1f} us/unit beyond the Hưng Yên check"
            else:  # what each added unit (with its tenth of a drive) costs: flat is linear
                per = (med(times) - previous[1]) / (n - previous[0])
                base = base or per
                text += (f"; {per * 1e6:6.1f} us/unit from N={previous[0]:,} to N={n:,}, "
                         f"{per / base:4.2f}x the first step")
            previous = (n, med(times))
            print(text)


if __name__ == "__main__":
    main()
