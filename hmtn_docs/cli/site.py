"""``hmtn site``: build the public website from the plans (MkDocs, with the project's hook).

The same build as ``mkdocs build`` from the repository root; this verb only finds
``mkdocs.yml`` (the working folder's, else the default shipped in the package, then with plans/
and build/ taken from the working folder), adds the hook, passes ``--docs`` to it
(``HMTN_DOCS``) and turns MkDocs' failures into plain messages: a bad plan prints its
``file:line:col`` problems, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .._data import SITE_CONFIG
from ..errors import UserError, display_path

CONFIG = "mkdocs.yml"
# The hook that generates the drive pages, added to every configuration by path: a working
# folder made by `hmtn init` holds no copy of the package, and an installed one lives elsewhere.
HOOKS = Path(__file__).resolve().parent.parent / "site" / "hooks.py"


class SiteBuildError(UserError):
    """MkDocs stopped; the message says why."""


def find_config() -> Path:
    """``mkdocs.yml`` of the working folder, else the default site shipped in the package."""
    own = Path.cwd() / CONFIG
    return own if own.is_file() else SITE_CONFIG


@contextmanager
def _env(name: str, value: str | None):
    old = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if value is not None:
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


_LEVELS = {"WARNING": "cảnh báo", "ERROR": "lỗi", "CRITICAL": "lỗi"}


class _Messages(logging.Handler):
    """Print MkDocs' warnings; its final error is re-raised as our own message instead."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR and record.name == "mkdocs.commands.build":
            return
        level = _LEVELS.get(record.levelname, record.levelname.lower())
        print(f"{level}: {record.getMessage()}", file=sys.stderr)


NO_SITE_URL = (
    "chưa có địa chỉ của trang web: hãy đặt HMTN_SITE_URL (ví dụ "
    "HMTN_SITE_URL=https://hienmau.example.vn/ hmtn site) để lịch đăng ký theo dõi (webcal), "
    "sitemap và liên kết chia sẻ có địa chỉ đầy đủ; nếu chỉ xem thử trên máy này, hãy thêm "
    "--preview")


def site(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from ..site import build as hook

    config_file = find_config()
    docs = str(args.docs.resolve()) if args.docs else None
    plans = None
    if config_file == SITE_CONFIG:  # the packaged default: plans, documents, site in cwd
        plans = os.environ.get("HMTN_PLANS") or str(Path.cwd() / "plans")
        docs = docs or os.environ.get("HMTN_DOCS") or str(Path.cwd() / "build")
    logger = logging.getLogger("mkdocs")
    handler = _Messages(logging.WARNING)
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        drafts = "1" if getattr(args, "drafts", False) else None
        with _env("HMTN_DOCS", docs), _env("HMTN_PLANS", plans), _env("HMTN_DRAFTS", drafts), \
                _env("NO_MKDOCS_2_WARNING", "1"):
            try:
                options = {"hooks": [str(HOOKS)]}
                if args.out or config_file == SITE_CONFIG:
                    site_dir = args.out or Path.cwd() / "build" / "site"
                    options["site_dir"] = str(site_dir.resolve())
                config = load_config(str(config_file), **options)
                if not config.site_url and not args.preview:
                    raise SiteBuildError(NO_SITE_URL)
                hook.last_error = None
                build(config)
            except (Abort, ConfigurationError) as exc:
                if hook.last_error is not None:
                    raise hook.last_error from None
                raise SiteBuildError(f"chưa tạo được trang web: {exc}") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    state = hook.current()
    cat = state.catalogue
    print(f"{display_path(config.site_dir)}: {len(cat.plans)} kế hoạch, {len(cat.entries)} đợt "
          f"hiến máu, {len(state.pages)} trang được tạo")
    return 0
