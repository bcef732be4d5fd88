"""Find names that are probably the same name mistyped: one tone mark or one letter apart."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

K = TypeVar("K")


def strip_marks(text: str) -> str:
    """Lower case without tone or vowel marks; ``đ`` folds to ``d``.

    >>> strip_marks("Phù Cừ Đỏ")
    'phu cu do'
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _one_edit(a: str, b: str) -> str | None:
    """The letters that differ if ``a`` and ``b`` are one edit apart (one substituted, both
    given; one inserted or deleted, that one), else None.

    >>> _one_edit("phu cu", "phu ca"), _one_edit("to 1", "to 11"), _one_edit("ab", "ba")
    ('ua', '1', None)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i] + b[i] if a[i + 1:] == b[i + 1:] else None
    return b[i] if a[i:] == b[i + 1:] else None


def similar_names(entries: Iterable[tuple[K, str]]) -> list[tuple[tuple[K, str], tuple[K, str]]]:
    """Pairs of distinct names that differ only by marks, or by one letter (names of 8+ letters).

    >>> pairs = similar_names([(1, "huyện Phù Cừ"), (2, "huyện Phù Cù"), (3, "huyện Ân Thi"),
    ...                        (4, "huyện Phù Cừ")])
    >>> [(a[0], b[0]) for a, b in pairs]
    [(2, 1)]
    >>> similar_names([(1, "Cơ sở 1"), (2, "Cơ sở 2")])
    []
    """
    firsts: dict[str, tuple[K, str]] = {}
    for key, name in entries:
        norm = " ".join(unicodedata.normalize("NFC", name).split())
        firsts.setdefault(norm, (key, norm))
    names = list(firsts.values())
    pairs = []
    by_folded: dict[str, tuple[K, str]] = {}
    for entry in names:
        folded = strip_marks(entry[1])
        if folded in by_folded:
            pairs.append((entry, by_folded[folded]))
        else:
            by_folded[folded] = entry
    # one-letter typos: compare only names of similar length, and never digits (Cơ sở 1/2)
    folded_list = sorted(by_folded.items(), key=lambda kv: len(kv[0]))
    for i, (fa, ea) in enumerate(folded_list):
        for fb, eb in folded_list[i + 1:]:
            if len(fb) - len(fa) > 1:
                break
            if len(fa) >= 8 and (diff := _one_edit(fa, fb)) and not _has_digit(diff):
                pairs.append((eb, ea))
    return pairs


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
