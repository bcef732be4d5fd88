#!/usr/bin/env python3
"""Build the docxtpl template of every document kind into ``hmtn_docs/data/templates/<kind>.docx``.

    python tools/make_templates.py [--out hmtn_docs/data/templates]

Each kind declares how its template is made (``TemplateSpec`` in its module under
``hmtn_docs/documents/``), from the ND30 pieces in ``hmtn_docs/documents/_builder.py``. The
templates are ordinary .docx files a clerk may restyle in Word (named "HMTN ..." styles);
running this again overwrites such restyling.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hmtn_docs._atomic import write_bytes_atomic  # noqa: E402
from hmtn_docs.documents import KINDS  # noqa: E402
from hmtn_docs.documents._builder import build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "hmtn_docs" / "data" / "templates",
                    help="output folder")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        path = args.out / kind.template_file
        write_bytes_atomic(path, build(kind.template))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
