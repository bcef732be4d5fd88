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


def version() -> str:
    """This installation's version: the package metadata, else the checkout's pyproject.toml."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("hmtn-docs")
    except PackageNotFoundError:  # run from a checkout that was never installed
        import tomllib

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (importlib.metadata and the
    email package it pulls in cost ~15 ms, a tenth of ``hmtn check``)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser._print_message(f"hmtn-docs {version()}\n", sys.stdout)
        parser.exit()


class _Help(argparse.HelpFormatter):
    """argparse's help, without the line it gives the verbs' group itself (a bare ``LỆNH``
    above the list of verbs, which reads like a verb)."""

    def _format_action(self, action):
        text = super()._format_action(action)
        if isinstance(action, argparse._SubParsersAction):
            return "".join(text.splitlines(keepends=True)[1:])
        return text

    def _iter_indented_subactions(self, action):
        if isinstance(action, argparse._SubParsersAction):  # in line with the options
            yield from action._get_subactions()
        else:
            yield from super()._iter_indented_subactions(action)


def _verb(sub, name: str, help: str) -> argparse.ArgumentParser:
    # the same words in ``hmtn -h`` (the list of verbs) and ``hmtn VERB -h`` (the verb's page)
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hmtn", description="Kế hoạch hiến máu tình nguyện: kiểm "
                                "tra, tạo văn bản (DOCX/PDF) và trang web từ YAML.",
                                epilog="Xem hướng dẫn của từng lệnh: hmtn LỆNH -h",
                                formatter_class=_Help)
    p.add_argument("--version", action=_Version,
                   help="in phiên bản rồi thoát")
    sub = p.add_subparsers(dest="verb", required=True, metavar="LỆNH", title="các lệnh")

    c = _verb(sub, "check", "kiểm tra kế hoạch và báo mọi lỗi")
    c.add_argument("plans", nargs="*", type=Path, metavar="KẾ_HOẠCH",
                   help="thư mục kế hoạch (mặc định: mọi thư mục trong plans/)")
    c.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")

    b = _verb(sub, "build", "kiểm tra rồi tạo văn bản của các kế hoạch")
    b.add_argument("plans", nargs="*", type=Path, metavar="KẾ_HOẠCH",
                   help="thư mục kế hoạch (mặc định: mọi thư mục trong plans/)")
    b.add_argument("-o", "--out", type=Path, default=Path("build"), metavar="THƯ_MỤC",
                   help="thư mục ghi văn bản, mỗi kế hoạch một thư mục con (mặc định: build/)")
    b.add_argument("--pdf", action="store_true",
                   help="chuyển thêm mọi văn bản sang PDF bằng LibreOffice")
    b.add_argument("--combined", action="store_true",
                   help="gộp thêm các bản gửi từng đơn vị của mỗi công văn thành một tệp")
    b.add_argument("--templates", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục mẫu .docx (hoặc biến môi trường HMTN_TEMPLATES; mặc định: "
                        "mẫu của hmtn-docs)")
    b.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="số LibreOffice chạy cùng lúc khi chuyển PDF (mặc định: mỗi lõi CPU "
                        "một)")

    s = _verb(sub, "site", "tạo trang web công khai từ các kế hoạch")
    s.add_argument("-o", "--out", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục ghi trang web (mặc định: site_dir của mkdocs.yml)")
    s.add_argument("--plans", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục chứa các thư mục kế hoạch (hoặc HMTN_PLANS; mặc định: plans/ "
                        "cạnh mkdocs.yml)")
    s.add_argument("--docs", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục văn bản đã tạo, để tải về (hoặc HMTN_DOCS; mặc định: build/)")
    s.add_argument("--drafts", action="store_true",
                   help="đăng cả kế hoạch 'status: draft' (hoặc HMTN_DRAFTS=1; mặc định: "
                        "không đăng)")
    s.add_argument("--site-url", default=None, metavar="ĐỊA_CHỈ",
                   help="địa chỉ công khai của trang, ví dụ https://hienmau.example.vn/ (hoặc "
                        "HMTN_SITE_URL); cần cho lịch webcal, sitemap và liên kết chia sẻ")
    s.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="ngày tính 'các đợt sắp tới' (hoặc HMTN_TODAY; mặc định: hôm nay "
                        "theo giờ Việt Nam)")
    s.add_argument("--preview", action="store_true",
                   help="xem thử trên máy: không cần địa chỉ công khai, nên lịch, sitemap và "
                        "liên kết chia sẻ không có địa chỉ đầy đủ")

    n = _verb(sub, "new", "kế hoạch năm sau (bản nháp) từ kế hoạch năm nay: đợt "
                                    "giữ thứ trong tuần, số và ngày để trống, kết quả mang theo")
    n.add_argument("name", metavar="TÊN",
                   help="tên thư mục kế hoạch mới, ví dụ 2022-hung-yen (tạo cạnh kế hoạch cũ)")
    n.add_argument("--from", dest="source", type=Path, required=True, metavar="KẾ_HOẠCH",
                   help="thư mục kế hoạch năm nay, ví dụ plans/2021-hung-yen")

    d = _verb(sub, "diff", "những gì đã đổi giữa hai phiên bản của một kế hoạch, "
                                     "cho người duyệt (thoát 1 khi có thay đổi)")
    d.add_argument("old", type=Path, metavar="CŨ",
                   help="kế hoạch trước (hoặc kế hoạch, với --since)")
    d.add_argument("new", type=Path, nargs="?", default=None, metavar="MỚI",
                   help="kế hoạch sau")
    d.add_argument("--since", metavar="REV", default=None,
                   help="so kế hoạch với chính nó ở phiên bản git này (ví dụ HEAD~1, một tag)")

    t = _verb(sub, "check-template", "báo thẻ hỏng và biến lạ trong một mẫu .docx "
                                               "đã sửa tay")
    t.add_argument("templates", nargs="+", type=Path, metavar="MẪU",
                   help="tệp mẫu .docx, tên bắt đầu bằng loại văn bản (ví dụ cong-van.docx)")

    i = _verb(sub, "init", "tạo thư mục làm việc mới: plans/ với một kế hoạch mẫu, mkdocs.yml "
                           "và site/")
    i.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục mới (hoặc trống) để tạo")
    return p


def _terminated(signum, frame):
    # SIGTERM (timeout, systemd, CI) unwinds like Ctrl-C: a build rolls back its half-written
    # files and stops LibreOffice instead of dying with them in place
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    from ._vi import vietnamese

    argv = sys.argv[1:] if argv is None else argv
    with vietnamese():
        parser = _parser()
        if not argv:  # bare ``hmtn`` is how a clerk asks what it can do: not a mistake, exit 0
            parser.print_help()
            return 0
        args = parser.parse_args(argv)
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
        print("\nĐây là lỗi của hmtn-docs, không phải của kế hoạch. Hãy báo lỗi này kèm các "
              "dòng ở trên.", file=sys.stderr)
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
