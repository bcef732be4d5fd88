"""How the website build grows with the number of drives.

    python benchmarks/site_scale.py [--plan plans/2021-hung-yen] [--scales 1 10 34] [--synthetic]

Copies the plan 1, 10 and 34 times (34 provinces) into a temporary plans folder, builds the site
for each with plain ``mkdocs build`` (the plugin reads ``HMTN_PLANS``), all in the same run, and
prints wall time, CPU time of the build process, output size, number of pages, the CPU time per
drive relative to the 1x run, and the marginal time per added drive (constant marginal time means
linear growth; the fixed cost of starting MkDocs and copying the theme makes small runs look
dearer per drive), and the build's CPU split into the plugin's own work (``our_share``) and
MkDocs/Material's. ``--synthetic`` also builds the synthetic national data set of
``tools/synthetic_plans.py`` (34 provinces x 60 drives), which must build in under 60 s on the
2-core CI machine; the script exits with status 1 if it does not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LIMIT = 60  # seconds, for the 34 x 60 synthetic data set


def build(plans: Path, out: Path) -> tuple[float, float]:
    """Build the site from ``plans`` into ``out``; (wall seconds, CPU seconds)."""
    env = dict(os.environ, HMTN_PLANS=str(plans), HMTN_TODAY="2021-03-01",
               HMTN_DOCS=str(plans / "_no_documents"), NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                          str(ROOT / "mkdocs.yml"), "-d", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode:
        sys.exit(f"build failed:\n{run.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def our_share(plans: Path, out: Path) -> float:
    """CPU seconds of the plugin's own work for this build, timed in this process: ``prepare``
    (load the plans once, make every page, .ics and open-data file: what ``on_config`` does)
    and ``add_folded_fields`` on the built search index (``on_post_build``). The other plugin
    events only look up what ``prepare`` made. The rest of the build's CPU is MkDocs and
    Material's (Markdown, theme templates, search index, copying assets)."""
    from hmtn_docs.site.build import Settings, prepare
    from hmtn_docs.site.search import add_folded_fields

    settings = Settings(plans=plans, documents=plans / "_no_documents",
                        today=dt.date(2021, 3, 1))
    start = time.process_time()
    prepare(settings)
    add_folded_fields(out)  # once more on the built site: the same work as in the build
    return time.process_time() - start


def measure(out: Path) -> tuple[int, int]:
    """(bytes, HTML pages) of a built site."""
    size = pages = 0
    for path in out.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return size, pages


def count_drives(plans: Path) -> int:
    from hmtn_docs.site.catalogue import load_plans
    return sum(len(p.data.drives) for p in load_plans(plans))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plan", type=Path, default=ROOT / "plans" / "2021-hung-yen")
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10, 34])
    p.add_argument("--synthetic", action="store_true",
                   help="also build tools/synthetic_plans.py's 34 x 60 national data set")
    args = p.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory(prefix="hmtn-scale-") as tmp:
        tmp = Path(tmp)
        for n in args.scales:
            plans = tmp / f"plans-{n}"
            for i in range(1, n + 1):
                shutil.copytree(args.plan, plans / f"{args.plan.name}-{i:02d}")
            drives = count_drives(plans)
            out = tmp / f"site-{n}"
            wall, cpu = build(plans, out)
            size, pages = measure(out)
            rows.append((f"{n}x", drives, pages, wall, cpu, size, our_share(plans, out)))
            shutil.rmtree(out)
        if args.synthetic:
            from tools.synthetic_plans import write
            plans = tmp / "synthetic"
            write(plans, provinces=34, drives=60)
            out = tmp / "site-synthetic"
            wall, cpu = build(plans, out)
            size, pages = measure(out)
            rows.append(("34x60 synthetic", count_drives(plans), pages, wall, cpu, size,
                         our_share(plans, out)))

    # per-drive figures use the CPU time of the build: on a shared machine the wall time also
    # measures the other processes
    first = rows[0]
    base = first[4] / first[1]
    print("load: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'run':<17}{'drives':>7}{'pages':>7}{'wall s':>8}{'cpu s':>7}{'MB':>7}"
          f"{'cpu ms/drive':>13}{'vs 1x':>7}{'marginal ms/drive':>19}{'ours s':>8}"
          f"{'mkdocs s':>9}{'ours %':>7}")
    for label, drives, pages, wall, cpu, size, ours in rows:
        per = cpu / drives
        marginal = (f"{(cpu - first[4]) / (drives - first[1]) * 1000:.1f}"
                    if drives != first[1] else "-")
        print(f"{label:<17}{drives:>7}{pages:>7}{wall:>8.1f}{cpu:>7.1f}{size / 1e6:>7.1f}"
              f"{per * 1000:>13.1f}{per / base:>7.2f}{marginal:>19}{ours:>8.2f}"
              f"{cpu - ours:>9.2f}{100 * ours / cpu:>7.0f}")
    print("ours: the plugin's own work (plans loaded once, pages, .ics, open data, folded search "
          "fields); mkdocs: the rest of the build's CPU (MkDocs, Material, Python start)")
    if args.synthetic:
        wall = rows[-1][3]
        verdict = "ok" if wall < LIMIT else "TOO SLOW"
        print(f"synthetic national build: {wall:.1f} s wall (limit {LIMIT} s): {verdict}")
        return 0 if wall < LIMIT else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
