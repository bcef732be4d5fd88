"""``hmtn check``: validate plans; print every error and warning; exit 1 on errors."""

from __future__ import annotations

import sys

from ..errors import PlanError, display_path
from ..load import load_plan
from ..vi import format_number
from . import plan_folders


def check(args) -> int:
    failed = False
    for folder in plan_folders(args.plans):
        try:
            plan = load_plan(folder)
        except PlanError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            failed = True
            continue
        for warning in plan.warnings:
            print(warning, file=sys.stderr)
        if args.strict and plan.warnings:
            failed = True
            continue
        d = plan.data
        planned = sum(x.total for x in d.drives if x.status == "planned")
        print(f"{display_path(folder)}: ok, {len(d.drives)} drive{'s' * (len(d.drives) != 1)}, "
              f"{format_number(planned)} units of blood planned")
    return 1 if failed else 0
