"""``hmtn build``: check plans, then write their documents (and PDFs with ``--pdf``)."""

from __future__ import annotations

import sys

from ..errors import display_path
from . import load_plans


def build(args) -> int:
    from ..build import build_plan

    plans, failed = load_plans(args.plans)  # check everything before writing anything
    if failed:
        print("nothing was written: fix the errors above first", file=sys.stderr)
        return 1
    for plan in plans:
        paths = build_plan(plan, args.out, pdf=args.pdf, combined=args.combined,
                           templates=args.templates)
        print(f"{display_path(plan.folder)}: {len(paths)} files in "
              f"{display_path(args.out / plan.id)}")
    return 0
