"""``hmtn build``: check plans, then write their documents (and PDFs with ``--pdf``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from ..errors import display_path
from . import load_plans


def progress_printer(stream: TextIO) -> Callable[[str], None]:
    """Print progress lines to ``stream`` only when a person watches it (a terminal): tests,
    CI logs and redirected output stay quiet."""
    if not stream.isatty():
        return lambda line: None

    def show(line: str) -> None:
        print(line, file=stream, flush=True)

    return show


def build(args) -> int:
    from ..build import build_plans

    plans, failed = load_plans(args.plans)  # check everything before writing anything
    if failed:
        print("chưa ghi tệp nào: hãy sửa các lỗi ở trên trước", file=sys.stderr)
        return 1
    if args.pdf:
        from .. import _fonts

        if not _fonts.installed():
            print(_fonts.MISSING_NOTE, file=sys.stderr)  # once per build, before the PDFs
    written = build_plans(plans, args.out, pdf=args.pdf, combined=args.combined,
                          templates=args.templates, jobs=args.jobs,
                          progress=progress_printer(sys.stderr))
    for plan in plans:
        print(f"{display_path(plan.folder)}: đã ghi {len(written[plan.id])} tệp vào "
              f"{display_path(args.out / plan.id)}")
    return 0
