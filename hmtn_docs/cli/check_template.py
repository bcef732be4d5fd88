"""``hmtn check-template``: lint hand-edited .docx templates against real render contexts."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UserError, display_path
from . import DEFAULT_PLANS


def sample_context(template: Path) -> dict | None:
    """A real context for the template's kind (named by the file: ``cong-van*.docx`` is a
    Công văn), built from the first bundled plan that has a document of that kind."""
    from ..documents import KINDS
    from ..errors import PlanError
    from ..load import load_plan

    # the longest matching name first, should one kind's name start another's
    kind = next((k for k in sorted(KINDS, key=lambda k: -len(k.name))
                 if template.stem.startswith(k.name)), None)
    if kind is None:
        return None
    for folder in sorted(p.parent for p in DEFAULT_PLANS.glob("*/plan.yaml")):
        try:
            plan = load_plan(folder)
        except PlanError:
            continue
        context = kind.sample(plan)
        if context is not None:
            return context
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
