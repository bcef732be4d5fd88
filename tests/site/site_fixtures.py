"""Fixtures of the website tests: the site is built once per session and served locally.

The test modules import these fixtures by name (``from site_fixtures import ...``) rather than
getting them from a ``conftest.py``: other tests import the root ``conftest`` by name, and a
second ``conftest`` module here would replace theirs in ``sys.modules``; nor can this folder be
a package (``site`` is a standard-library module). A session fixture imported into two modules
runs once per module, so the expensive work (copying plans, building) is memoised here and
shared. Names start with ``site_``/``built_site`` to stay out of the way of other fixtures.

The session build uses ``hmtn site`` on a temporary plans folder holding copies of the Hưng Yên
and Hải Phòng plans and a "hostile" copy of the minimal plan (a ``<script>`` and Markdown- and
Jinja-looking text in a place name, a cancelled and revised drive), with ``HMTN_TODAY`` fixed so
that "upcoming" does not depend on the day the tests run. Browser tests need Chromium at
``/usr/bin/chromium`` and are skipped without it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from site_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_PLAN,
    ROOT,
    TODAY,
    run_build,
    write_hostile_plan,
)

_ONCE: dict[str, object] = {}


def _once(name: str, make):
    """``make()`` the first time ``name`` is asked for in this test session."""
    if name not in _ONCE:
        _ONCE[name] = make()
    return _ONCE[name]


@pytest.fixture(scope="session")
def site_plans(tmp_path_factory) -> Path:
    def make():
        plans = tmp_path_factory.mktemp("plans")
        for name in ("2021-hung-yen", "2022-hai-phong"):
            shutil.copytree(ROOT / "plans" / name, plans / name)
        write_hostile_plan(plans / HOSTILE_PLAN)
        return plans
    return _once("plans", make)


@pytest.fixture(scope="session")
def site_docs(tmp_path_factory, site_plans) -> Path:
    """Documents built for one plan only (the other plan pages must say there are none), plus
    files hmtn-docs did not write beside them, which the site must not publish."""
    def make():
        from hmtn_docs import build_plan, load_plan

        docs = tmp_path_factory.mktemp("documents")
        build_plan(load_plan(site_plans / "2021-hung-yen"), docs)
        folder = docs / "2021-hung-yen"
        (folder / "thu-moi").mkdir()
        (folder / "thu-moi" / "don-vi-1.docx").write_bytes(b"PK\x03\x04 not ours")
        (folder / "ghi-chu.txt").write_text("not a document")
        return docs
    return _once("docs", make)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_plans, site_docs) -> Path:
    """The site built once with ``hmtn site``."""
    def make():
        out = tmp_path_factory.mktemp("site")
        run = run_build(["hmtn_docs", "site", "-o", str(out), "--docs", str(site_docs)],
                        site_plans, site_docs)
        assert run.returncode == 0, run.stderr
        return out
    return _once("site", make)


@pytest.fixture(scope="session")
def built_site_again(tmp_path_factory, site_plans, site_docs) -> Path:
    """A second build of the same plans, with plain ``mkdocs build`` (for byte-identity)."""
    out = tmp_path_factory.mktemp("site-again")
    run = run_build(["mkdocs", "build", "-q", "-d", str(out)], site_plans, site_docs)
    assert run.returncode == 0, run.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_base_url(built_site) -> str:
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need the playwright Python package")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: ``HMTN_SCREENSHOTS`` if set (to look at them), else a temp dir."""
    wanted = os.environ.get("HMTN_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def open_site_page(site_browser, site_base_url):
    """``open_site_page(path, width=1280, now=None)``: a page in a fresh context whose clock
    says ``now`` (ISO date and time; default HMTN_TODAY); outside requests are refused and
    recorded, and the test fails if any was attempted."""
    contexts, outside = [], []

    def _open(path: str = "", width: int = 1280, height: int = 900, now: str | None = None,
              **options):
        context = site_browser.new_context(viewport={"width": width, "height": height},
                                           locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                           **options)
        contexts.append(context)
        # the visitor's clock: the build's HMTN_TODAY unless the test says otherwise (the pages'
        # script updates "today" and the past marks from it)
        context.clock.install(time=now or f"{TODAY}T09:00:00+07:00")  # time flows from there

        def route(r):
            if r.request.url.startswith(site_base_url):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(site_base_url + path)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert not outside, f"the site asked for outside addresses: {outside}"
