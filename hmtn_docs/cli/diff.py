"""``hmtn diff OLD NEW`` (two plan folders) or ``hmtn diff PLAN --since REV`` (the plan as it was
at a git revision): what changed, for the approver, in Vietnamese. Exit 0 when nothing changed,
1 when something did (and, as everywhere, 1 for a plan that does not load)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..errors import UserError, display_path
from ..load import load_plan


def diff(args) -> int:
    from ..diff import changes

    if args.since is not None:
        if args.new is not None:
            raise UserError("với --since chỉ ghi một thư mục kế hoạch: hmtn diff PLAN --since REV")
        with tempfile.TemporaryDirectory(prefix="hmtn-diff-") as tmp:
            old = load_plan(_at_revision(args.old, args.since, Path(tmp)))
            new = load_plan(args.old)
            lines = changes(old, new)
            before = f"{display_path(args.old)} ở {args.since}"
    else:
        if args.new is None:
            raise UserError("cần hai thư mục kế hoạch (hmtn diff CŨ MỚI) hoặc --since REV")
        old, new = load_plan(args.old), load_plan(args.new)
        lines = changes(old, new)
        before = display_path(args.old)
    after = display_path(args.new if args.new is not None else args.old)
    if not lines:
        print(f"{after}: không có thay đổi so với {before}")
        return 0
    print(f"{after}: thay đổi so với {before}")
    for line in lines:
        print(line)
    return 1


def _git(folder: Path, *args: str) -> str:
    try:
        run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                             timeout=60)
    except FileNotFoundError:
        raise UserError("không tìm thấy git; --since cần git") from None
    if run.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {run.stderr.strip()}")
    return run.stdout


def _at_revision(plan: Path, rev: str, tmp: Path) -> Path:
    """The plans folder holding ``plan`` as it was at ``rev`` (its YAML files, read with
    ``git show REV:path``), written under ``tmp``; the plan's folder there."""
    folder = plan.resolve() if plan.is_dir() else plan.resolve().parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    plans_rel = folder.parent.relative_to(top).as_posix()
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except UserError:
        raise UserError(f"git không có phiên bản '{rev}' (hãy ghi như HEAD~1, một tag hoặc "
                        "mã commit)") from None
    names = _git(top, "ls-tree", "-r", "--name-only", rev, "--", plans_rel or ".").splitlines()
    names = [n for n in names if n.endswith((".yaml", ".yml"))]
    mine = f"{folder.relative_to(top).as_posix()}/plan.yaml"
    if mine not in names:
        raise UserError(f"{display_path(folder)} chưa có ở {rev} (không có {mine})")
    root = tmp / "plans"
    for name in names:
        rel = Path(name).relative_to(plans_rel) if plans_rel else Path(name)
        data = subprocess.run(["git", "-C", str(top), "show", f"{rev}:{name}"],
                              capture_output=True, timeout=60)
        if data.returncode != 0:
            raise UserError(f"git show {rev}:{name}: {data.stderr.decode(errors='replace').strip()}")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data.stdout)
    return root / folder.name
