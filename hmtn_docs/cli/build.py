"""``hmtn build``: check plans, then write their documents (and PDFs with ``--pdf``)."""

from __future__ import annotations

import sys

from ..errors import PlanError, display_path
from ..load import load_plan
from . import plan_folders


def build(args) -> int:
    from ..build import build_plan

    plans, failed = [], False
    for folder in plan_folders(args.plans):  # check everything before writing anything
        try:
            plan = load_plan(folder)
        except PlanError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            failed = True
            continue
        for warning in plan.warnings:
            print(warning, file=sys.stderr)
        plans.append(plan)
    if failed:
        print("nothing was written: fix the errors above first", file=sys.stderr)
        return 1
    for plan in plans:
        paths = build_plan(plan, args.out, pdf=args.pdf, combined=args.combined,
                           templates=args.templates)
        print(f"{display_path(plan.folder)}: {len(paths)} files in "
              f"{display_path(args.out / plan.id)}")
    return 0
