"""Vietnamese search that also finds text typed without accents.

Material's search (lunr, in a web worker) indexes the fields listed in the index's ``config``
and matches tokens exactly (with a trailing wildcard), so "khoai" never matches "khoái". After
the build we add two fields to every document of ``search/search_index.json``:
``folded_title`` and ``folded_text``, holding the accent-folded words (``đ`` → ``d`` by hand:
it has no Unicode decomposition) that differ from the original. The worker indexes them with
the same boosts as ``title`` and ``text``; they are never displayed, so results still show the
text with its accents.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from .._similar import strip_marks

INDEX = Path("search") / "search_index.json"
FIELDS = {"folded_title": ("title", 1e3), "folded_text": ("text", 1.0)}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, without tone and vowel marks.

    >>> fold("Hiến máu tại Nhà văn hóa huyện Khoái Châu, Đỏ")
    'hien mau tai nha van hoa huyen khoai chau, do'
    """
    return strip_marks(text)


def folded_words(markup: str) -> str:
    """The words of an index field (HTML) whose folded form differs from what was typed.

    >>> folded_words("<p>Nhà văn hóa huyện Khoái Châu &amp; TP</p> 800")
    'nha van hoa huyen khoai chau'
    """
    text = html.unescape(_TAG.sub(" ", markup))
    out = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded != word.casefold():
            out.append(folded)
    return html.escape(" ".join(out), quote=False)


def add_folded_fields(site_dir: Path) -> int:
    """Rewrite the built search index with the folded fields; return the number of documents."""
    path = site_dir / INDEX
    if not path.exists():  # search plugin disabled
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = data.setdefault("config", {}).setdefault("fields", {})
    for name, (source, boost) in FIELDS.items():
        fields[name] = {"boost": fields.get(source, {}).get("boost", boost)}
    for doc in data.get("docs", []):
        for name, (source, _) in FIELDS.items():
            words = folded_words(doc.get(source, ""))
            if words:
                doc[name] = words
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False),
                    encoding="utf-8")
    return len(data.get("docs", []))
