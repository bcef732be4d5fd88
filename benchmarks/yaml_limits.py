"""How fast hostile YAML is refused, against loading a real plan, in the same run.

    .venv/bin/python benchmarks/yaml_limits.py

Target (issue: careless and hostile input): an alias bomb, a deeply nested file and an
oversized file are each refused "within a second"; the tests prove they are refused before
anything is built, this script says how long that takes here.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hmtn_docs._yaml import MAX_BYTES, load_yaml  # noqa: E402

BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def best(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_yaml(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    baseline = best(ROOT / "plans" / "2021-hung-yen" / "plan.yaml")
    cases = {
        "alias bomb (10^9 values once expanded)": BOMB,
        "nesting 200,000 levels deep": "a: " + "[" * 200_000 + "]" * 200_000,
        "values up to the size limit": "a: [" + "1," * 1_000_000 + "]\n",
        "oversized file": "#" * (MAX_BYTES + 10),
    }
    print(f"baseline: load plans/2021-hung-yen/plan.yaml: {baseline * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases.items():
            path = Path(tmp) / "x.yaml"
            path.write_text(text)
            t = best(path)
            print(f"{name}: refused in {t * 1000:.1f} ms ({t / baseline:.1f}x the baseline; "
                  "target < 1 s)")


if __name__ == "__main__":
    main()
