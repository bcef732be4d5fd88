"""``hmtn new <year>-<place> --from plans/<old>``: next year's plan, as a draft, from this year's
(hmtn_docs/next_year.py). Prints what a human must look at, each at its place; exit 1 only when
the plan cannot be made."""

from __future__ import annotations

import sys

from ..errors import PlanError, UserError
from ..load import load_plan


def new(args) -> int:
    from ..next_year import make_next_year, report_lines, summary_line

    old = load_plan(args.source)
    name = args.name.rstrip("/")
    if "/" in name:
        raise UserError(f"'{args.name}': hãy chỉ ghi tên kế hoạch mới, ví dụ 2022-hung-yen; nó "
                        "được tạo cạnh kế hoạch cũ")
    made = make_next_year(old, old.folder.parent / name)
    try:
        plan = load_plan(made.folder)
    except PlanError as exc:  # a bug here, or a plan that was valid only by its old dates
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UserError(f"kế hoạch mới {made.folder} chưa hợp lệ; hãy sửa các lỗi trên") from None
    print(summary_line(plan, old))
    for line in report_lines(made, plan):
        print(line)
    return 0
