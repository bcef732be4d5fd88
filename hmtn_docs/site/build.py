"""Everything a site build shows, computed at once from the plans (``prepare``).

The MkDocs plugin (``plugin.py``) calls ``prepare`` when MkDocs loads its configuration and hands
the result over to MkDocs page by page; benchmarks and tests call it directly.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import feeds, paths as P
from .catalogue import Catalogue, load_catalogue, resolve_today
from .opendata_schema import schema_bytes
from .pages import Page, Writer, all_pages, area_entries, area_ics

log = logging.getLogger("mkdocs.hmtn")


@dataclass
class SiteBuild:
    catalogue: Catalogue
    pages: dict[str, Page]
    blocks: dict[str, tuple[str, str]]  # marker -> (page src, html)
    files: dict[str, bytes]  # generated static files
    copies: dict[str, Path] = field(default_factory=dict)  # src -> file on disk


@dataclass(frozen=True)
class Settings:
    """What a site build is made from (the options of the ``hmtn`` plugin in ``mkdocs.yml``)."""

    plans: Path  # folder of plan folders
    documents: Path  # built documents, one sub-folder per plan
    today: dt.date | None = None  # the day "upcoming" counts from; None: today in Vietnam
    drafts: bool = False  # publish plans with ``status: draft`` too

    @classmethod
    def resolve(cls, config_dir: Path, plans: str | Path | None = None,
                documents: str | Path | None = None, today: dt.date | None = None,
                drafts: bool | None = None) -> Settings:
        """Each setting as given (``mkdocs.yml``, ``hmtn site``), else from its environment
        variable (``HMTN_PLANS``, ``HMTN_DOCS``, ``HMTN_TODAY``, ``HMTN_DRAFTS=1``), else the
        default (``plans/`` and ``build/`` next to ``mkdocs.yml``, today, no drafts). A relative
        path in a variable counts from the working folder, as it always has. Raises
        ``SiteError`` for an ``HMTN_TODAY`` that is not a date."""
        env = os.environ
        if today is None and env.get("HMTN_TODAY"):
            today = resolve_today(env["HMTN_TODAY"])
        return cls(
            plans=Path(plans or env.get("HMTN_PLANS") or config_dir / "plans"),
            documents=Path(documents or env.get("HMTN_DOCS") or config_dir / "build"),
            today=today,
            drafts=env.get("HMTN_DRAFTS") == "1" if drafts is None else drafts)


def prepare(settings: Settings, use_directory_urls: bool = True,
            site_url: str | None = None) -> SiteBuild:
    """Everything the site shows, computed from the plans. Raises ``UserError``."""
    catalogue = load_catalogue(settings.plans, settings.today or resolve_today(None),
                               settings.documents, drafts=settings.drafts)
    catalogue.today_fixed = settings.today is not None
    for plan in catalogue.plans:
        for warning in plan.warnings:
            log.info(f"hmtn: {warning}")
    for note in catalogue.warnings:
        log.warning(f"hmtn: {note}")
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
