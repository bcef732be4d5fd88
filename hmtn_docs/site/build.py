"""The MkDocs side: hook events that put the generated pages and files into a build.

``hooks.py`` (added by ``hmtn site``; named in the repository's ``mkdocs.yml``) re-exports the ``on_*`` functions below. Order of events:

``on_config``        load and check every plan (a bad plan stops the build here, before the old
                     site is cleaned, with the plan's ``file:line:col`` messages), write all pages
``on_files``         add the generated pages (in memory) and files (.ics, .json, documents)
``on_page_markdown`` give generated pages their (escaped) title and page settings
``on_page_content``  replace a generated page's HTML by ours; fill the ``<!-- hmtn:... -->``
                     markers of hand-written pages
``on_post_build``    add the accent-folded fields to the search index
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..errors import UserError
from . import feeds
from . import paths as P
from .catalogue import Catalogue, load_catalogue, resolve_today
from .pages import Page, Writer, all_pages, area_entries, area_ics, e
from .opendata_schema import schema_bytes
from .output import claim_site_dir, record_site_dir
from .search import add_folded_fields

log = logging.getLogger("mkdocs.hmtn")

GENERATED = "<!-- hmtn:generated -->\n"
IN_NAV = {P.CALENDAR, P.AGENDA, P.ORGANISERS, P.PLACES, P.PROGRAMMES, P.PLANS}


@dataclass
class SiteBuild:
    catalogue: Catalogue
    pages: dict[str, Page]
    blocks: dict[str, tuple[str, str]]  # marker -> (page src, html)
    files: dict[str, bytes]  # generated static files
    copies: dict[str, Path] = field(default_factory=dict)  # src -> file on disk


def settings(config_dir: Path) -> tuple[Path, Path, str | None]:
    """(plans folder, documents folder, HMTN_TODAY) from the environment, with defaults."""
    plans = Path(os.environ.get("HMTN_PLANS") or config_dir / "plans")
    docs = Path(os.environ.get("HMTN_DOCS") or config_dir / "build")
    return plans, docs, os.environ.get("HMTN_TODAY") or None


def prepare(config_dir: Path, use_directory_urls: bool = True,
            site_url: str | None = None) -> SiteBuild:
    """Everything the site shows, computed from the plans. Raises ``UserError``."""
    plans_dir, docs_dir, today = settings(config_dir)
    catalogue = load_catalogue(plans_dir, resolve_today(today), docs_dir,
                               drafts=os.environ.get("HMTN_DRAFTS") == "1")
    catalogue.today_fixed = today is not None
    for plan in catalogue.plans:
        for warning in plan.warnings:
            log.info(f"hmtn: {warning}")
    for warning in catalogue.warnings:
        log.warning(f"hmtn: {warning}")
    router = P.Router(use_directory_urls)
    writer = Writer(catalogue, router, site_url or None)
    pages = {page.src: page for page in all_pages(writer)}
    blocks = {
        "<!-- hmtn:next-drives -->": (P.HOME, writer.home_block()),
        "<!-- hmtn:feeds -->": (P.OPEN_DATA, writer.feeds_block()),
        "<!-- hmtn:calculator -->": (P.ELIGIBILITY, writer.calculator_block()),
    }
    files: dict[str, bytes] = {}
    ics = feeds.FeedWriter({x.key: writer.absolute(P.drive_src(x)) for x in catalogue.entries})
    for entry in catalogue.entries:
        files[P.drive_ics(entry)] = ics.calendar([entry], f"Hiến máu: {entry.drive.place.name}")
        files[P.drive_reminder_ics(entry)] = ics.calendar(
            [entry], f"Hiến máu: {entry.drive.place.name}", remind=True)
    for key, label in writer.areas():
        files[area_ics(writer.place_anchor_of(key))] = ics.calendar(
            area_entries(catalogue, key), f"Lịch hiến máu: {label}")
    by_plan: dict[str, list] = {plan.id: [] for plan in catalogue.plans}
    for entry in catalogue.entries:
        by_plan[entry.plan.id].append(entry)
    for plan in catalogue.plans:
        files[P.plan_ics(plan.id)] = ics.calendar(by_plan[plan.id], plan.data.plan.title)
    files[P.FEED] = ics.calendar(catalogue.entries, "Lịch hiến máu tình nguyện")
    files[P.JSON_SCHEMA] = schema_bytes(writer.absolute(P.JSON_SCHEMA))
    files[P.JSON_DATA] = feeds.open_data(
        catalogue,
        schema=router.url(P.JSON_SCHEMA).removeprefix("du-lieu/"),  # beside the JSON
        csv_url=router.url(P.CSV_DATA),
        pages={x.key: router.url(P.drive_src(x)) for x in catalogue.entries},
        icss={x.key: router.url(P.drive_ics(x)) for x in catalogue.entries},
        plan_pages={p.id: router.url(P.plan_src(p.id)) for p in catalogue.plans},
        plan_icss={p.id: router.url(P.plan_ics(p.id)) for p in catalogue.plans})
    files[P.CSV_DATA] = feeds.csv_rows(json.loads(files[P.JSON_DATA])["drives"])
    copies = {P.plan_document(plan.id, doc.rel): doc.path
              for plan in catalogue.plans for doc in catalogue.documents.get(plan.id, [])}
    return SiteBuild(catalogue, pages, blocks, files, copies)


# --------------------------------------------------------------------------- hook events
_current: SiteBuild | None = None
last_error: UserError | None = None  # why the last build stopped (for `hmtn site`)


def current() -> SiteBuild:
    """What the last build generated."""
    return _require()


def _claim(config, config_dir: Path) -> None:
    """Before MkDocs empties ``site_dir``: make sure that deletes nothing but an old site."""
    plans, docs, _ = settings(config_dir)
    package = Path(__file__).resolve().parent.parent
    claim_site_dir(Path(config.site_dir), sources={
        plans: "thư mục kế hoạch", Path(config.docs_dir): "mã nguồn trang web",
        package: "mã nguồn hmtn-docs",  # templates, schemas and the default site included
    }, holders={config_dir: "dự án (mkdocs.yml)", docs: "thư mục văn bản"})


def on_config(config):
    global _current, last_error
    started = time.monotonic()
    config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    try:
        _claim(config, config_dir)
        _current, last_error = prepare(config_dir, config.use_directory_urls, config.site_url), None
    except UserError as exc:
        _current, last_error = None, exc
        raise PluginError(f"không tạo được trang web từ các kế hoạch này:\n{exc}") from None
    cat = _current.catalogue
    seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")
    log.info(f"hmtn: {len(cat.plans)} kế hoạch, {len(cat.entries)} đợt hiến máu, "
             f"{len(_current.pages)} trang được tạo ({seconds} giây)")
    return config


def on_files(files: Files, config):
    state = _require()
    ours = list(state.pages) + list(state.files) + list(state.copies)
    clash = sorted(set(ours) & set(files.src_uris))
    if clash:
        raise PluginError(f"đã có site/{clash[0]} nhưng trang hoặc tệp này được tạo từ các kế "
                          "hoạch; hãy đổi tên hoặc xóa tệp viết tay")
    for src in state.pages:
        inclusion = InclusionLevel.UNDEFINED if src in IN_NAV else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src, content=GENERATED, inclusion=inclusion))
    for src, content in state.files.items():
        files.append(File.generated(config, src, content=content))
    for src, path in state.copies.items():
        files.append(File.generated(config, src, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _require().pages.get(page.file.src_uri)
    if generated is not None:
        page.meta.update(generated.meta())
    return markdown


def on_page_content(html, page, config, files):
    state = _require()
    src = page.file.src_uri
    generated = state.pages.get(src)
    if generated is not None:
        # the h1 heads the table of contents: Material's skip link goes to its first entry
        # (Material leaves an h1 out of the sidebar when the page shows it)
        top = AnchorLink(e(generated.title), _h1_id(generated.html), 1)
        top.children = [AnchorLink(e(title), anchor, level)
                        for level, anchor, title in generated.toc]
        page.toc = TableOfContents([top])
        return generated.html
    for marker, (where, block) in state.blocks.items():
        if marker in html:
            if src != where:
                log.warning(f"{src}: '{marker}' chỉ dùng được trong {where}; để nguyên")
                continue
            html = html.replace(marker, block)
    return html


_H1 = re.compile(r'<h1 id="([^"]+)"')


def _h1_id(html: str) -> str:
    found = _H1.search(html)
    if found is None:  # pragma: no cover - every generated page starts with its h1
        raise PluginError("hmtn: a generated page has no <h1 id=...>")
    return found.group(1)


def on_post_build(config):
    add_folded_fields(Path(config.site_dir))
    record_site_dir(Path(config.site_dir))


def _require() -> SiteBuild:
    if _current is None:  # pragma: no cover - on_config always runs first
        raise PluginError("hmtn: the plans were not loaded (on_config did not run)")
    return _current
