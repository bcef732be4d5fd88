"""The public website: the drive calendar, built from the same plans as the documents.

MkDocs (with the Material theme) renders the site; this package decides what is on it. Its MkDocs
plugin (``hmtn`` in ``mkdocs.yml``, ``hmtn_docs/site/plugin.py``) asks it, at build time, for

* the generated pages (home block, calendar months, agenda, one page per drive, lists by
  organiser / place / programme, one page per plan with its documents), handed to MkDocs as
  in-memory files whose HTML is produced here with every value from YAML escaped;
* the feeds and data files (``.ics`` for all drives, per plan and per drive; JSON open data);
* an accent-folded copy of the search index text, so that "hien mau khoai chau" finds
  "Hiến máu ... Khoái Châu".

Nothing here formats a date, weekday or number by hand: ``hmtn_docs.vi`` and
``hmtn_docs.derive`` do, so the site and the documents cannot disagree.

Settings are the plugin's options (``plans``, ``documents``, ``today``, ``drafts``); one left out
of ``mkdocs.yml`` comes from the environment, so that tests and benchmarks can point a build
elsewhere, else from its default:

``HMTN_PLANS``  folder of plan folders (default: ``plans/`` next to ``mkdocs.yml``)
``HMTN_DOCS``   folder of generated documents, one sub-folder per plan (default: ``build/``)
``HMTN_TODAY``  the day "upcoming" is counted from, ``YYYY-MM-DD`` (default: today in Vietnam)
``HMTN_DRAFTS`` ``1`` to publish draft plans too
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = ["Catalogue", "Entry", "SiteError", "load_catalogue", "resolve_today"]

if TYPE_CHECKING:  # pragma: no cover
    from .catalogue import Catalogue, Entry, SiteError, load_catalogue, resolve_today


def __getattr__(name: str):
    # resolved on first use: `hmtn check` imports one helper module of this package (the
    # directions check) and must not pay for the catalogue, MkDocs or icalendar
    if name in __all__:
        return getattr(import_module(".catalogue", __name__), name)
    raise AttributeError(f"module 'hmtn_docs.site' has no attribute {name!r}")
