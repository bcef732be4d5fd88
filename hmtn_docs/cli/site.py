"""``hmtn site``: build the public website from the plans (MkDocs, with the ``hmtn`` plugin).

The same build as ``mkdocs build`` from the repository root; this verb only finds
``mkdocs.yml`` (the working folder's, else the default shipped in the package, then with plans/
and build/ taken from the working folder), sets the plugin's options from ``--plans``,
``--docs``, ``--today`` and ``--drafts`` (they win over ``mkdocs.yml`` and the environment
variables HMTN_PLANS, HMTN_DOCS, HMTN_TODAY, HMTN_DRAFTS), passes ``--site-url`` as
HMTN_SITE_URL (which ``mkdocs.yml`` reads), and turns MkDocs' failures into plain messages: a
bad plan prints its ``file:line:col`` problems, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .._data import SITE_CONFIG
from ..errors import UserError, display_path

CONFIG = "mkdocs.yml"


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


def _plugin(config, config_file: Path):
    """The ``hmtn`` plugin MkDocs loaded for this build: its options and what it built."""
    from ..site.plugin import HmtnPlugin

    plugin = config.plugins.get("hmtn")
    if not isinstance(plugin, HmtnPlugin):
        raise SiteBuildError(f"{display_path(config_file)} không dùng plugin hmtn: hãy thêm "
                             "'- hmtn' vào mục plugins (sau '- search')")
    return plugin


NO_SITE_URL = (
    "chưa có địa chỉ của trang web: hãy đặt HMTN_SITE_URL hoặc --site-url (ví dụ "
    "hmtn site --site-url https://hienmau.example.vn/) để lịch đăng ký theo dõi (webcal), "
    "sitemap và liên kết chia sẻ có địa chỉ đầy đủ; nếu chỉ xem thử trên máy này, hãy thêm "
    "--preview")


def site(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = find_config()
    given = {  # read by mkdocs.yml itself (site_url: !ENV), not by the plugin
        "HMTN_SITE_URL": getattr(args, "site_url", None),
        "NO_MKDOCS_2_WARNING": "1",
    }
    packaged = config_file == SITE_CONFIG  # plans, documents and site of the working folder
    logger = logging.getLogger("mkdocs")
    handler = _Messages(logging.WARNING)
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    plugin = None
    try:
        with ExitStack() as env:
            for name, value in given.items():
                env.enter_context(_env(name, value))
            try:
                options = {}
                if args.out or packaged:
                    site_dir = args.out or Path.cwd() / "build" / "site"
                    options["site_dir"] = str(site_dir.resolve())
                config = load_config(str(config_file), **options)
                plugin = _plugin(config, config_file)
                cwd = Path.cwd()
                plans = getattr(args, "plans", None) or (
                    packaged and Path(os.environ.get("HMTN_PLANS") or cwd / "plans"))
                if plans:
                    plugin.config.plans = str(plans.resolve())
                docs = args.docs or (packaged and Path(os.environ.get("HMTN_DOCS") or cwd / "build"))
                if docs:
                    plugin.config.documents = str(docs.resolve())
                if getattr(args, "today", None):
                    from ..site.catalogue import resolve_today

                    plugin.config.today = resolve_today(args.today)
                if getattr(args, "drafts", False):
                    plugin.config.drafts = True
                if not config.site_url and not args.preview:
                    raise SiteBuildError(NO_SITE_URL)
                build(config)
            except (Abort, ConfigurationError) as exc:
                if plugin is not None and plugin.last_error is not None:
                    raise plugin.last_error from None
                raise SiteBuildError(f"chưa tạo được trang web: {exc}") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    state = plugin.built
    cat = state.catalogue
    print(f"{display_path(config.site_dir)}: {len(cat.plans)} kế hoạch, {len(cat.entries)} đợt "
          f"hiến máu, {len(state.pages)} trang được tạo")
    return 0
