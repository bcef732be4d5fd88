"""``hmtn build``: check plans, then write their documents (and PDFs with ``--pdf``)."""

from __future__ import annotations

import sys

from ..errors import display_path
from . import load_plans


def build(args) -> int:
    from ..build import build_plans

    plans, failed = load_plans(args.plans)  # check everything before writing anything
    if failed:
        print("nothing was written: fix the errors above first", file=sys.stderr)
        return 1
    written = build_plans(plans, args.out, pdf=args.pdf, combined=args.combined,
                          templates=args.templates)
    for plan in plans:
        print(f"{display_path(plan.folder)}: {len(written[plan.id])} files in "
              f"{display_path(args.out / plan.id)}")
    return 0
