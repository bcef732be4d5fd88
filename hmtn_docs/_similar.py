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
    # one-letter typos, never digits (Cơ sở 1/2); the shorter name is the one reported against
    folded_list = sorted(by_folded.items(), key=lambda kv: len(kv[0]))
    for i, j in _one_edit_candidates([f for f, _ in folded_list]):
        (fa, ea), (fb, eb) = folded_list[i], folded_list[j]
        if len(fa) >= 8 and (diff := _one_edit(fa, fb)) and not _has_digit(diff):
            pairs.append((eb, ea))
    return pairs


def _one_edit_candidates(names: list[str]) -> list[tuple[int, int]]:
    """Sorted index pairs (i < j) of names that may be one edit apart.

    Comparing every pair took minutes for a registry of 20,000 units. Two names one
    substitution apart lose the same letter to the same deletion, and a name one letter
    shorter than another is one of its deletions: so only names sharing a deletion key (the
    name itself counts as one) need comparing. Digits are never deleted: a difference in a
    digit is never a typo (số 1 / số 2), and "số 00001".."số 20000" would all be candidates.

    >>> _one_edit_candidates(["phu cu", "phu cuu", "an thi", "phu ca", "so 1", "so 2"])
    [(0, 1), (0, 3)]
    """
    by_key: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        keys = {name[:k] + name[k + 1:] for k, c in enumerate(name) if not c.isdigit()}
        for key in keys | {name}:
            by_key.setdefault(key, []).append(i)
    return sorted({(a, b) for group in by_key.values() if len(group) > 1
                   for n, a in enumerate(group) for b in group[n + 1:]})


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
