"""Peak memory of ``hmtn build --combined``: every per-unit letter of an N-unit công văn in one file.

    .venv/bin/python benchmarks/combined_memory.py                 # N = 100 and 1000
    .venv/bin/python benchmarks/combined_memory.py --sizes 100 500 --old 100

The plan is the Hải Phòng one with its 35 units replaced by N made-up units, so each of the N
letters carries an N-row appendix (the combined file grows with N squared). Each measurement
runs in a fresh process: it loads the plan and compiles the template, notes its peak RSS (the
baseline), then renders the N letters one at a time, streaming each into ``CombinedDocx`` on a
temporary file, and reports the new peak RSS as a ratio to the baseline. ``--old`` does the same
the way the build used to: render every letter into a list, join their parsed trees in memory,
return the whole file as bytes. Target: 1,000 letters under 500 MB peak RSS.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAN = ROOT / "plans" / "2022-hai-phong"
TARGET_MB = 500


def write_plan(folder: Path, units: int) -> Path:
    """The Hải Phòng plan with ``units`` units, each given a quota in its one drive."""
    plan = yaml.safe_load((PLAN / "plan.yaml").read_text(encoding="utf-8"))
    registry = yaml.safe_load((PLAN / "units.yaml").read_text(encoding="utf-8"))
    drive = plan["drives"][0]
    for alloc in drive["allocations"]:
        del registry["units"][alloc["unit"]]
    ids = [f"don-vi-{i:04d}" for i in range(1, units + 1)]
    registry["units"].update({u: {"name": f"Công ty cổ phần số {i:04d} Hải Phòng"}
                              for i, u in enumerate(ids, start=1)})
    drive["coordinators"] = drive["executors"] = ["hoi-ctd-hai-phong"]
    drive["allocations"] = [{"unit": u, "quota": 5 + i % 40, "slot": "8h30 - 11h00"}
                            for i, u in enumerate(ids)]
    out = folder / "n-don-vi"
    out.mkdir()
    (out / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    (out / "units.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True),
                                    encoding="utf-8")
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def joined_in_memory(parts: list[bytes]) -> bytes:
    """The old way: parse every letter, move the bodies into the first, serialise it all."""
    from lxml import etree

    from hmtn_docs._combine import restart_numbering

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    trees = [etree.fromstring(zipfile.ZipFile(io.BytesIO(p)).read("word/document.xml"))
             for p in parts]
    bodies = [list(tree.find(f"{w}body")) for tree in trees]
    body = trees[0].find(f"{w}body")
    for child in bodies[0]:
        body.remove(child)
    for i, children in enumerate(bodies):
        final = children[-1] if children and children[-1].tag == f"{w}sectPr" else None
        for child in children:
            if child is not final:
                body.append(child)
        if final is not None and i < len(bodies) - 1:
            p = etree.SubElement(body, f"{w}p")
            etree.SubElement(p, f"{w}pPr").append(copy.deepcopy(final))
        elif final is not None:
            body.append(final)
    for sect in body.iter(f"{w}sectPr"):
        restart_numbering(sect)
    xml = etree.tostring(trees[0], xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(parts[0])) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, xml if item.filename == "word/document.xml"
                          else zin.read(item.filename))
    return out.getvalue()


def measure(way: str, units: int) -> dict:
    """In this process: baseline peak RSS, then the peak after combining ``units`` letters."""
    from hmtn_docs import load_plan
    from hmtn_docs._combine import CombinedDocx
    from hmtn_docs._docx import CompiledTemplate
    from hmtn_docs.build import templates_dir
    from hmtn_docs.documents.cong_van import context as letter_context

    with tempfile.TemporaryDirectory() as tmp:
        plan = load_plan(write_plan(Path(tmp), units))
        letter = plan.data.letters[0]
        allocations = plan.data.drives[0].allocations
        tpl = CompiledTemplate(templates_dir() / "cong-van.docx")
        before = peak_mb()
        start = time.perf_counter()
        out = Path(tmp) / "tung-don-vi.docx"
        if way == "stream":
            with out.open("wb") as fh, CombinedDocx(fh) as combined:
                for alloc in allocations:
                    combined.add(tpl.render(letter_context(plan, letter, unit=alloc.unit)))
        else:
            copies = [tpl.render(letter_context(plan, letter, unit=a.unit)) for a in allocations]
            out.write_bytes(joined_in_memory(copies))
        seconds = time.perf_counter() - start
        with zipfile.ZipFile(out) as z:
            body = z.getinfo("word/document.xml").file_size
        return {"before": before, "peak": peak_mb(), "seconds": seconds,
                "file": out.stat().st_size, "body": body}


def run(way: str, units: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", way, str(units)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--old", type=int, nargs="*", default=[100],
                    help="also measure the old in-memory join for these N")
    ap.add_argument("--measure", nargs=2, metavar=("WAY", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    cases = [("old", n) for n in args.old] + [("stream", n) for n in args.sizes]
    for way, n in cases:
        r = run(way, n)
        target = f" (target < {TARGET_MB} MB)" if way == "stream" and n >= 1000 else ""
        print(f"{way:6s} N={n:5d}: peak RSS {r['peak']:7.1f} MB, {r['peak'] / r['before']:5.2f}x "
              f"the {r['before']:.1f} MB before rendering, +{r['peak'] - r['before']:7.1f} MB"
              f"{target}; {r['seconds']:6.1f} s, document.xml {r['body'] / 2**20:7.1f} MB, "
              f"file {r['file'] / 2**20:5.1f} MB")


if __name__ == "__main__":
    main()
