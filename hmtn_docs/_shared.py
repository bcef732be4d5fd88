"""Render contexts that say which of their values every copy of a document shares.

A letter sent to each of N units differs between copies only in the addressee and one
paragraph; its header, body and N-row appendix are the same. A kind builds those shared values
once per document (a ``Shared``), and each copy's context as ``with_shared(shared, own...)``.
``CompiledTemplate.render`` then renders the parts of the template that read only shared values
once per ``Shared`` and reuses them for every copy (``_docx``). A ``Shared`` must not be changed
once a copy has been rendered from it.

No imports beyond the standard library: ``check`` loads the kinds without any rendering code.
"""

from __future__ import annotations

from typing import Any


class Shared(dict):
    """Context values every copy of one document has in common; not changed after building."""

    __slots__ = ()


class WithShared(dict):
    """A copy's render context: its ``shared`` values, then its own (which win)."""

    __slots__ = ("shared",)
    shared: Shared


def with_shared(shared: Shared, **own: Any) -> WithShared:
    ctx = WithShared(shared)
    ctx.update(own)
    ctx.shared = shared
    return ctx
