"""MkDocs hook file: the site's pages come from the plans. ``hmtn site`` adds it to any
``mkdocs.yml``; the repository's ``mkdocs.yml`` names it (``hooks:``) for a plain ``mkdocs build``.

MkDocs loads this file by its path; it only hands the events over to ``hmtn_docs.site.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import hmtn_docs  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hmtn_docs.site.build import (  # noqa: E402,F401
    on_config,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_build,
)
