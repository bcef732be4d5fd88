"""Fixtures for the rendering tests: every kind's template, its sample context (a real one,
from a bundled plan), the rendered output."""

from __future__ import annotations

import copy

import pytest

from hmtn_docs._docx import CompiledTemplate

from .docview import KINDS, TEMPLATES, DocView, has_appendix, load_context


@pytest.fixture(scope="session")
def compiled() -> dict[str, CompiledTemplate]:
    return {kind: CompiledTemplate(TEMPLATES / f"{kind}.docx") for kind in KINDS}


@pytest.fixture(scope="session")
def contexts() -> dict[str, dict]:
    return {kind: load_context(kind) for kind in KINDS}


@pytest.fixture(scope="session")
def rendered(compiled, contexts) -> dict[str, bytes]:
    return {kind: compiled[kind].render(contexts[kind]) for kind in KINDS}


@pytest.fixture(scope="session")
def kh(rendered) -> DocView:
    return DocView(rendered["ke-hoach"], "ke-hoach")


@pytest.fixture(scope="session")
def cv(rendered) -> DocView:
    return DocView(rendered["cong-van"], "cong-van")


@pytest.fixture(params=KINDS)
def any_doc(request, rendered) -> DocView:
    """Each kind's rendered sample document in turn."""
    return DocView(rendered[request.param], request.param)


@pytest.fixture(params=[k for k in KINDS if has_appendix(k)])
def appendix_doc(request, rendered) -> DocView:
    """Each rendered sample document that has an appendix, in turn."""
    return DocView(rendered[request.param], request.param)


@pytest.fixture
def render_with(compiled, contexts):
    """``render_with(kind, change)``: render a modified copy of a sample context."""

    def render(kind: str, change) -> DocView:
        ctx = copy.deepcopy(contexts[kind])
        change(ctx)
        return DocView(compiled[kind].render(ctx), kind)

    return render
