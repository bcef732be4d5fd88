"""The site's own folder: never a folder of sources, never one holding files it did not write.

MkDocs empties its ``site_dir`` before every build. So before that happens the folder is
claimed: it must not be (or hold, or sit inside) the plans, templates, the package, the site's
sources or the project root, and if it holds files they must be the ones the last site build
listed in ``.hmtn-site.json``. The same rule as the documents' manifest: hmtn-docs only ever
deletes what it wrote.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import UserError, display_path

SITE_MANIFEST = ".hmtn-site.json"


class SiteDirError(UserError):
    """The site cannot be written to the folder asked for."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def claim_site_dir(site_dir: Path, sources: dict[Path, str], holders: dict[Path, str]) -> None:
    """Refuse ``site_dir`` if building there could delete anything but an earlier site.

    ``sources`` (plans, templates...) may neither hold the site nor be inside it; ``holders``
    (the project, the documents folder) may hold the site but not be it or be inside it. Each
    comes with a name for the message.
    """
    site = site_dir.resolve()
    refuse = f"không tạo trang web vào {display_path(site_dir)}"
    for folder, what in {**holders, **sources}.items():
        src = folder.resolve()
        if _within(src, site) or (folder in sources and _within(site, src)):
            raise SiteDirError(f"{refuse}: thư mục này trùng hoặc chứa {what} "
                               f"({display_path(folder)}); MkDocs sẽ xóa hết nội dung của nó. "
                               "Hãy chọn một thư mục riêng, ví dụ build/site")
    if not site.exists():
        return
    if not site.is_dir():
        raise SiteDirError(f"{refuse}: đó là một tệp, không phải thư mục")
    listed = _listed(site)
    strangers = sorted(rel for rel in _files(site) if rel not in listed)
    if strangers:
        shown = ", ".join(strangers[:3]) + (", ..." if len(strangers) > 3 else "")
        raise SiteDirError(f"{refuse}: thư mục này có tệp không do lần tạo trang web trước ghi "
                           f"({shown}); MkDocs sẽ xóa chúng. Hãy chọn thư mục khác, hoặc tự xóa "
                           "các tệp đó nếu chúng không cần nữa")


def record_site_dir(site_dir: Path) -> None:
    """List what this build wrote, so that the next build may replace it."""
    files = sorted(_files(site_dir))
    data = json.dumps({"generator": "hmtn-docs", "files": files}, ensure_ascii=False, indent=0)
    (site_dir / SITE_MANIFEST).write_text(data + "\n", encoding="utf-8")


def _listed(site: Path) -> set[str]:
    try:
        data = json.loads((site / SITE_MANIFEST).read_text(encoding="utf-8"))
        return {str(f) for f in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _files(site: Path) -> list[str]:
    """Every file MkDocs would delete: all but hidden entries at the top (it leaves those)."""
    out = []
    for root, dirs, files in os.walk(site):
        here = Path(root)
        if here == site:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            files = [f for f in files if not f.startswith(".")]
        out += [(here / f).relative_to(site).as_posix() for f in files]
    return out
