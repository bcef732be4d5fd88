"""``hmtn check-template``: lint hand-edited .docx templates against real render contexts."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UserError, display_path
from . import DEFAULT_PLANS


def sample_context(template: Path) -> dict | None:
    """A real context for the template's kind (by file name), built from a bundled plan."""
    from ..context import ke_hoach_context, letter_context
    from ..errors import PlanError
    from ..load import load_plan

    kind = template.stem
    for folder in sorted(p.parent for p in DEFAULT_PLANS.glob("*/plan.yaml")):
        try:
            plan = load_plan(folder)
        except PlanError:
            continue
        if kind.startswith("ke-hoach") and plan.data.ke_hoach:
            return ke_hoach_context(plan)
        if kind.startswith("cong-van") and plan.data.letters:
            letter = plan.data.letters[0]
            unit = None
            drive = next((d for d in plan.data.drives if d.id == letter.drive), None)
            if letter.personal and drive and drive.allocations:
                unit = drive.allocations[0].unit
            return letter_context(plan, letter, unit=unit)
    return None


def check_template(args) -> int:
    from .._template_lint import lint_template

    bad = False
    for template in args.templates:
        if not template.is_file():
            raise UserError(f"{display_path(template)}: không có mẫu này")
        context = sample_context(template)
        findings = lint_template(template, context)
        for finding in findings:
            print(f"{display_path(template)}: {finding}", file=sys.stderr)
        bad |= bool(findings)
        note = "" if context is not None else " (chưa kiểm tra biến: không kế hoạch nào trong " \
                                               "plans/ có loại văn bản này)"
        if not findings:
            print(f"{display_path(template)}: hợp lệ{note}")
    return 1 if bad else 0
