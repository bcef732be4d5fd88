"""The MkDocs plugin ``hmtn`` (``plugins:`` in ``mkdocs.yml``, registered in ``pyproject.toml``):
the site's pages come from the plans.

Options, each optional; left out, an option takes its environment variable, else its default::

    plugins:
      - search            # first: on_post_build adds to the index search has written
      - hmtn:
          plans: plans        # HMTN_PLANS, else plans/ next to mkdocs.yml
          documents: build    # HMTN_DOCS, else build/ next to mkdocs.yml
          today: 2021-03-01   # HMTN_TODAY, else today in Vietnam
          drafts: false       # HMTN_DRAFTS=1, else false

Events, in the order MkDocs sends them:

``on_config``        load and check every plan (a bad plan stops the build here, before the old
                     site is cleaned, with the plan's ``file:line:col`` messages), write all pages
``on_files``         add the generated pages (in memory) and files (.ics, .json, documents)
``on_page_markdown`` give generated pages their (escaped) title and page settings
``on_page_content``  replace a generated page's HTML by ours; fill the ``<!-- hmtn:... -->``
                     markers of hand-written pages
``on_post_build``    add the accent-folded fields to the search index

What a build made (``built``) and why it stopped (``last_error``) live on the plugin instance,
which ``hmtn site`` finds in the loaded configuration (``config.plugins["hmtn"]``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from pathlib import Path

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..errors import UserError
from . import paths as P
from .build import Settings, SiteBuild, prepare
from .output import claim_site_dir, record_site_dir
from .pages import e
from .search import add_folded_fields

log = logging.getLogger("mkdocs.hmtn")

GENERATED = "<!-- hmtn:generated -->\n"
IN_NAV = {P.CALENDAR, P.AGENDA, P.ORGANISERS, P.PLACES, P.PROGRAMMES, P.PLANS}


class Day(c.BaseConfigOption[dt.date]):
    """A day: ``2021-03-01`` (YAML reads it as a date) or the same text in quotes."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise c.ValidationError(f"{value!r} không phải ngày; hãy viết như 2021-03-01")


class HmtnConfig(base.Config):
    # None: not in mkdocs.yml; Settings.resolve then reads the environment variable
    plans = c.Optional(c.Dir())  # relative to mkdocs.yml
    documents = c.Optional(c.Dir())
    today = c.Optional(Day())
    drafts = c.Optional(c.Type(bool))


class HmtnPlugin(BasePlugin[HmtnConfig]):
    def __init__(self) -> None:
        self.built: SiteBuild | None = None  # what the last build generated
        self.last_error: UserError | None = None  # why the last build stopped (for `hmtn site`)

    def settings(self, config_dir: Path) -> Settings:
        options = self.config
        return Settings.resolve(config_dir, plans=options.plans, documents=options.documents,
                                today=options.today, drafts=options.drafts)

    def on_config(self, config):
        started = time.monotonic()
        config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.built = None
        try:
            settings = self.settings(config_dir)
            _claim(config, config_dir, settings)
            self.built = prepare(settings, config.use_directory_urls, config.site_url)
            self.last_error = None
        except UserError as exc:
            self.last_error = exc
            raise PluginError(f"không tạo được trang web từ các kế hoạch này:\n{exc}") from None
        cat = self.built.catalogue
        seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")
        log.info(f"hmtn: {len(cat.plans)} kế hoạch, {len(cat.entries)} đợt hiến máu, "
                 f"{len(self.built.pages)} trang được tạo ({seconds} giây)")
        return config

    def on_files(self, files: Files, config):
        state = self._require()
        ours = list(state.pages) + list(state.files) + list(state.copies)
        clash = sorted(set(ours) & set(files.src_uris))
        if clash:
            raise PluginError(f"đã có site/{clash[0]} nhưng trang hoặc tệp này được tạo từ các "
                              "kế hoạch; hãy đổi tên hoặc xóa tệp viết tay")
        for src in state.pages:
            inclusion = InclusionLevel.UNDEFINED if src in IN_NAV else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=GENERATED, inclusion=inclusion))
        for src, content in state.files.items():
            files.append(File.generated(config, src, content=content))
        for src, path in state.copies.items():
            files.append(File.generated(config, src, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        generated = self._require().pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta())
        return markdown

    def on_page_content(self, html, page, config, files):
        state = self._require()
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

    def on_post_build(self, config):
        add_folded_fields(Path(config.site_dir))
        record_site_dir(Path(config.site_dir))

    def _require(self) -> SiteBuild:
        if self.built is None:  # pragma: no cover - on_config always runs first
            raise PluginError("hmtn: the plans were not loaded (on_config did not run)")
        return self.built


def _claim(config, config_dir: Path, settings: Settings) -> None:
    """Before MkDocs empties ``site_dir``: make sure that deletes nothing but an old site."""
    package = Path(__file__).resolve().parent.parent
    claim_site_dir(Path(config.site_dir), sources={
        settings.plans: "thư mục kế hoạch", Path(config.docs_dir): "mã nguồn trang web",
        package: "mã nguồn hmtn-docs",  # templates, schemas and the default site included
    }, holders={config_dir: "dự án (mkdocs.yml)", settings.documents: "thư mục văn bản"})


_H1 = re.compile(r'<h1 id="([^"]+)"')


def _h1_id(html: str) -> str:
    found = _H1.search(html)
    if found is None:  # pragma: no cover - every generated page starts with its h1
        raise PluginError("hmtn: a generated page has no <h1 id=...>")
    return found.group(1)
