"""How long ``hmtn check`` takes on the bundled Hưng Yên plan, from a cold process.

    .venv/bin/python benchmarks/check_speed.py

Prints the median of several runs and its ratio to a bare ``python -c pass`` measured in the
same run (the machine is noisy; the ratio is what to compare between runs). Target: the whole
check "well under a second" for a clerk; a bare interpreter start is the floor.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7


def median_seconds(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    bare = median_seconds([sys.executable, "-c", "pass"])
    check = median_seconds([sys.executable, "-m", "hmtn_docs", "check", "plans/2021-hung-yen"])
    print(f"bare python start: {bare:.3f} s")
    print(f"hmtn check plans/2021-hung-yen: {check:.3f} s ({check / bare:.1f}x a bare python "
          "start; target: well under 1 s)")


if __name__ == "__main__":
    main()
