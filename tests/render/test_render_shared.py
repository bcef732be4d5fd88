"""Copies of one letter share their header, body and appendix: those are computed and rendered
once per letter, and each copy renders only its own parts (issue 16)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hmtn_docs import load_plan
from hmtn_docs._docx import CompiledTemplate
from hmtn_docs._shared import Shared, with_shared
from hmtn_docs.build import render_plan
from hmtn_docs.documents import cong_van

from .docview import TEMPLATES

HAI_PHONG = Path(__file__).resolve().parents[2] / "plans" / "2022-hai-phong"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every member's CRC and size check out
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def plan():
    return load_plan(HAI_PHONG)


def test_building_a_letter_renders_its_appendix_once_for_all_copies(plan, monkeypatch):
    appendix_renders = []
    rows_built = []
    render_part = CompiledTemplate._render_part
    allocation_rows = cong_van._allocation_rows

    def counting_render(self, part, context):
        if "appendix_rows" in part.source:
            appendix_renders.append(part.name)
        return render_part(self, part, context)

    def counting_rows(*args):
        rows_built.append(1)
        return allocation_rows(*args)

    monkeypatch.setattr(CompiledTemplate, "_render_part", counting_render)
    monkeypatch.setattr(cong_van, "_allocation_rows", counting_rows)
    docs = [d for d in render_plan(plan) if d.kind == "cong-van"]
    copies = plan.data.drives[0].allocations
    assert len(copies) == 35 and len(docs) == 1 + len(copies)  # the letter and a copy per unit
    assert appendix_renders == ["word/document.xml"]
    assert len(rows_built) == 1


def test_a_copy_rendered_from_shared_parts_is_the_same_document(plan):
    letter = plan.data.letters[0]
    tpl = CompiledTemplate(TEMPLATES / "cong-van.docx")
    shared = cong_van.shared_context(plan, letter)
    for unit in [None] + [a.unit for a in plan.data.drives[0].allocations[:3]]:
        ctx = cong_van.context(plan, letter, unit, shared)
        assert parts(tpl.render(ctx)) == parts(tpl.render(dict(ctx)))  # dict: nothing shared


def _split(plan, unit=None):
    """A copy's context as (its shared values, its own values)."""
    shared = cong_van.shared_context(plan, plan.data.letters[0])
    ctx = cong_van.context(plan, plan.data.letters[0], unit, shared)
    common = shared[0]
    return common, {k: v for k, v in ctx.items() if k not in common}


def test_another_shared_context_is_rendered_again_not_reused(plan):
    tpl = CompiledTemplate(TEMPLATES / "cong-van.docx")
    common, own = _split(plan)
    other = Shared(common, appendix_rows=common["appendix_rows"][:2], total="7")
    first = tpl.render(with_shared(common, **own))
    second = tpl.render(with_shared(other, **own))
    assert parts(first) != parts(second)
    assert parts(tpl.render(with_shared(common, **own))) == parts(first)
    assert parts(second) == parts(tpl.render(dict(with_shared(other, **own))))


def test_a_copys_own_value_overrides_a_shared_one(plan):
    tpl = CompiledTemplate(TEMPLATES / "cong-van.docx")
    common, own = _split(plan, plan.data.drives[0].allocations[0].unit)
    changed = with_shared(common, **own, subject_line="V/v một trích yếu khác")
    tpl.render(with_shared(common, **own))  # the shared subject, rendered and kept
    body = parts(tpl.render(changed))["word/document.xml"].decode()
    assert "V/v một trích yếu khác" in body
    assert parts(tpl.render(changed)) == parts(tpl.render(dict(changed)))
