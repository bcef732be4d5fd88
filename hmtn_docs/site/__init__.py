"""The public website: the drive calendar, built from the same plans as the documents.

MkDocs (with the Material theme) renders the site; this package decides what is on it. A MkDocs
hook (``hmtn_docs/site/hooks.py``, added by ``hmtn site``) asks it, at build time, for

* the generated pages (home block, calendar months, agenda, one page per drive, lists by
  organiser / place / programme, one page per plan with its documents), handed to MkDocs as
  in-memory files whose HTML is produced here with every value from YAML escaped;
* the feeds and data files (``.ics`` for all drives, per plan and per drive; JSON open data);
* an accent-folded copy of the search index text, so that "hien mau khoai chau" finds
  "Hiến máu ... Khoái Châu".

Nothing here formats a date, weekday or number by hand: ``hmtn_docs.vi`` and
``hmtn_docs.derive`` do, so the site and the documents cannot disagree.

Settings come from the environment so that tests and benchmarks can point a build elsewhere:

``HMTN_PLANS``  folder of plan folders (default: ``plans/`` next to ``mkdocs.yml``)
``HMTN_DOCS``   folder of generated documents, one sub-folder per plan (default: ``build/``)
``HMTN_TODAY``  the day "upcoming" is counted from, ``YYYY-MM-DD`` (default: today in Vietnam)
"""

from __future__ import annotations

from .catalogue import Catalogue, Entry, SiteError, load_catalogue, resolve_today

__all__ = ["Catalogue", "Entry", "SiteError", "load_catalogue", "resolve_today"]
