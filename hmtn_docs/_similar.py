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


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


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
            if len(fa) >= 8 and _one_edit(fa, fb) and not _differs_in_digit(fa, fb):
                pairs.append((eb, ea))
    return pairs


def _differs_in_digit(a: str, b: str) -> bool:
    return any(c.isdigit() for c in set(a) ^ set(b))
