"""``hmtn check``: validate plans; print every error and warning; exit 1 on errors."""

from __future__ import annotations

import sys

from ..derive import total_quota_text
from ..errors import display_path
from . import load_plans


def check(args) -> int:
    from ..site.directions import missing_whereabouts

    plans, failed = load_plans(args.plans)
    for plan in plans:
        # what the public site needs (said only of a plan without errors: those come first)
        public = missing_whereabouts(plan)
        for warning in public:
            print(warning, file=sys.stderr)
        if args.strict and (plan.warnings or public):
            failed = True
            continue
        d = plan.data
        planned = total_quota_text(x for x in d.drives if x.status == "planned")
        print(f"{display_path(plan.folder)}: hợp lệ, {len(d.drives)} đợt hiến máu"
              + (f", chỉ tiêu {planned}" if planned else ", không có chỉ tiêu")
              + (" (bản nháp: không lên trang web)" if d.plan.status == "draft" else ""))
    return 1 if failed else 0
