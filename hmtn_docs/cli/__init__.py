"""``hmtn``: the command line. One verb, one module, one plain function.

This is the single error boundary: a ``UserError`` is printed as a message and exits 1;
anything else is a bug in hmtn-docs and says so, with the traceback, exiting 2. Verb modules
are imported lazily so ``hmtn check`` starts fast.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import traceback
from importlib import import_module
from pathlib import Path

DEFAULT_PLANS = Path("plans")


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hmtn", description="Kế hoạch hiến máu tình nguyện: kiểm "
                                "tra, tạo văn bản (DOCX/PDF) và trang web từ YAML.")
    sub = p.add_subparsers(dest="verb", required=True, metavar="VERB")

    c = sub.add_parser("check", help="validate plans and report every problem")
    c.add_argument("plans", nargs="*", type=Path,
                   help="plan folders (default: every folder under plans/)")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")

    b = sub.add_parser("build", help="validate, then render the documents of plans")
    b.add_argument("plans", nargs="*", type=Path,
                   help="plan folders (default: every folder under plans/)")
    b.add_argument("-o", "--out", type=Path, default=Path("build"),
                   help="output folder; each plan gets a sub-folder (default: build/)")
    b.add_argument("--pdf", action="store_true", help="also convert every document to PDF "
                                                     "with LibreOffice")
    b.add_argument("--combined", action="store_true",
                   help="also join each letter's per-unit copies into one document")
    b.add_argument("--templates", type=Path, default=None, help="folder of .docx templates")
    b.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="LibreOffice instances converting PDFs at once (default: one per "
                        "available core)")

    s = sub.add_parser("site", help="build the public website from the plans")
    s.add_argument("-o", "--out", type=Path, default=None,
                   help="where to write the site (default: mkdocs.yml's site_dir)")
    s.add_argument("--docs", type=Path, default=None,
                   help="folder of generated documents to offer as downloads (default: build/)")
    s.add_argument("--drafts", action="store_true",
                   help="also publish plans marked 'status: draft' (left out by default)")
    s.add_argument("--preview", action="store_true",
                   help="a local preview: build without the public address (HMTN_SITE_URL), so "
                        "feeds, sitemap and share links have no full address")

    n = sub.add_parser("new", help="next year's plan (a draft) from this year's: drives keep "
                                   "their weekday, numbers and dates blanked, results carried")
    n.add_argument("name", help="the new plan's folder name, e.g. 2022-hung-yen (made beside "
                                "the old one)")
    n.add_argument("--from", dest="source", type=Path, required=True,
                   help="this year's plan folder, e.g. plans/2021-hung-yen")

    d = sub.add_parser("diff", help="what changed between two versions of a plan, for the "
                                    "approver (exit 1 when something did)")
    d.add_argument("old", type=Path, help="the plan before (or the plan, with --since)")
    d.add_argument("new", type=Path, nargs="?", default=None, help="the plan after")
    d.add_argument("--since", metavar="REV", default=None,
                   help="compare PLAN with itself at this git revision (e.g. HEAD~1, a tag)")

    t = sub.add_parser("check-template", help="report broken tags and unknown variables in a "
                                              "hand-edited .docx template")
    t.add_argument("templates", nargs="+", type=Path)

    i = sub.add_parser("init", help="tạo thư mục làm việc mới: plans/ với một kế hoạch mẫu, "
                                    "mkdocs.yml và site/")
    i.add_argument("folder", type=Path, help="thư mục mới (hoặc trống) để tạo")
    return p


def _terminated(signum, frame):
    # SIGTERM (timeout, systemd, CI) unwinds like Ctrl-C: a build rolls back its half-written
    # files and stops LibreOffice instead of dying with them in place
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        return _run(args)
    finally:
        if main_thread:  # main() is also called from tests and other programs
            signal.signal(signal.SIGTERM, previous)


def _run(args) -> int:
    from ..errors import UserError

    verb = args.verb.replace("-", "_")
    try:
        module = import_module(f"hmtn_docs.cli.{verb}")
        return getattr(module, verb)(args)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("đã dừng", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the one boundary that turns bugs into a report
        traceback.print_exc()
        print("\nThis is a bug in hmtn-docs, not in your plan. Please report it with the "
              "lines above.", file=sys.stderr)
        return 2


def plan_folders(paths: list[Path]) -> list[Path]:
    """The plan folders named, or every folder under ``plans/`` that has a ``plan.yaml``."""
    from ..errors import UserError

    if paths:
        return paths
    found = sorted(p.parent for p in DEFAULT_PLANS.glob("*/plan.yaml"))
    if not found:
        raise UserError(f"không tìm thấy kế hoạch nào: ở đây không có {DEFAULT_PLANS}/*/plan.yaml")
    return found


def load_plans(paths: list[Path]) -> tuple[list, bool]:
    """Load every plan named (or found); print each problem and warning to stderr.

    Returns the plans that loaded and whether any failed; every plan is checked, so one run
    shows all the mistakes of all the plans.
    """
    from ..errors import PlanError
    from ..load import load_plan

    plans, failed = [], False
    for folder in plan_folders(paths):
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
    return plans, failed
