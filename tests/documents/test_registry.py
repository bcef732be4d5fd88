"""Every kind in the registry declares all it needs, and everything that iterates the registry
picks it up: it builds from the bundled example, its template is the committed one and lints
clean, and its documents have titles for the site.

``declaration_problems`` is the walk; the last tests show that it catches a kind missing a
declaration, so a new kind cannot slip through half declared.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from hmtn_docs._docx import CompiledTemplate
from hmtn_docs._template_lint import lint_template
from hmtn_docs.build import build_plan, document_titles
from hmtn_docs.documents import KINDS, PlanFile, kind, plan_outputs
from hmtn_docs.documents._builder import TemplateSpec, build
from hmtn_docs.model import Document

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "hmtn_docs" / "data" / "templates"
SCHEMA = ROOT / "hmtn_docs" / "data" / "schema" / "plan.schema.json"
DOCS = ROOT / "docs" / "plan-format.md"


def declaration_problems(k, plans) -> list[str]:
    """What the kind ``k`` fails to declare or to deliver, checked against the bundled plans."""
    out = []
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", k.name or ""):
        out.append(f"name {k.name!r}")
    if not k.title or not k.description:
        out.append("title or description missing")
    if not (isinstance(k.model, type) and issubclass(k.model, Document)):
        out.append("model is not a Document")
    elif k.many and "id" not in k.model.model_fields:
        out.append("a kind with many documents needs an id field")
    if k.key not in PlanFile.model_fields:
        out.append(f"YAML key {k.key!r} missing from the plan format")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    if k.key not in schema["properties"]:
        out.append(f"hmtn_docs/data/schema/plan.schema.json has no {k.key!r}: run python -m hmtn_docs.schema")
    if f"`{k.key}`" not in DOCS.read_text(encoding="utf-8"):
        out.append(f"docs/plan-format.md does not document `{k.key}`")
    if isinstance(k.model, type):
        for field in k.placeholders:
            if field not in k.model.model_fields:
                out.append(f"placeholders name {field!r}, not a field of {k.model.__name__}")
    if not isinstance(k.template, TemplateSpec) or k.template.name != k.name:
        out.append("template spec missing or named for another kind")
        return out
    path = TEMPLATES / k.template_file
    if not path.is_file() or path.read_bytes() != build(k.template):
        out.append(f"hmtn_docs/data/templates/{k.template_file} is not what its spec builds: run "
                   "python tools/make_templates.py")
        return out
    examples = [(plan, o) for plan in plans for o in k.outputs(plan)]
    if not examples:
        return out + ["no bundled plan has an example"]
    template = CompiledTemplate(path)
    for plan, output in examples:
        if output.kind != k.name or _key(output) not in map(_key, plan_outputs(plan)):
            out.append(f"{output.stem}: not among the plan's outputs as kind {k.name!r}")
        if output.template != k.template_file:
            out.append(f"{output.stem}: template {output.template!r}")
        if not output.title or document_titles(plan).get(output.stem) != output.title:
            out.append(f"{output.stem}: no title for the site")
        if output.group and output.group[0] not in document_titles(plan):
            out.append(f"{output.stem}: its combined file has no title")
        template.render(output.context())
    samples = [s for s in (k.sample(plan) for plan in plans) if s is not None]
    if not samples:
        out.append("no sample context for check-template")
    else:
        out += [str(f) for f in lint_template(path, samples[0])]
    return out


def _key(output) -> tuple:
    """An output without its context function (a new closure each time)."""
    return output.stem, output.kind, output.title, output.template, output.group


@pytest.fixture(scope="module")
def plans(bundled):
    return list(bundled.values())


@pytest.mark.parametrize("name", [k.name for k in KINDS])
def test_every_kind_is_fully_declared_and_builds_from_its_example(name, plans):
    assert declaration_problems(kind(name), plans) == []


def test_names_keys_and_template_files_are_distinct():
    for attr in ("name", "key", "template_file"):
        values = [getattr(k, attr) for k in KINDS]
        assert len(set(values)) == len(values), attr


def test_the_plan_format_has_the_shared_part_then_one_key_per_kind_in_registry_order():
    fields = list(PlanFile.model_fields)
    assert fields[-len(KINDS):] == [k.key for k in KINDS]


def test_every_output_of_the_bundled_plans_belongs_to_a_kind_and_has_a_unique_stem(plans):
    names = {k.name for k in KINDS}
    for plan in plans:
        outputs = plan_outputs(plan)
        assert {o.kind for o in outputs} <= names
        stems = [o.stem for o in outputs] + list({o.group[0] for o in outputs if o.group})
        assert len(set(stems)) == len(stems)


def test_the_bundled_plans_hold_an_example_of_every_kind(plans):
    assert {o.kind for p in plans for o in plan_outputs(p)} == {k.name for k in KINDS}


def test_every_kind_is_listed_on_the_site_with_its_title(plans, tmp_path):
    from hmtn_docs.site.catalogue import find_documents

    for plan in plans:
        build_plan(plan, tmp_path, combined=True)
        documents, warnings = find_documents(tmp_path, plan)
        assert warnings == []
        listed = {d.rel.removesuffix(".docx"): d.title for d in documents}
        for output in plan_outputs(plan):
            assert listed[output.stem] == output.title
        for stem, title in {o.group for o in plan_outputs(plan) if o.group}:
            assert listed[stem] == title


# ---------------------------------------------------------------- the walk catches omissions
@pytest.mark.parametrize("change, problem", [
    ({"description": ""}, "title or description missing"),
    ({"key": "thu_moi"}, "YAML key 'thu_moi' missing from the plan format"),
    ({"placeholders": {"paragraph": ("year",)}}, "placeholders name 'paragraph'"),
    ({"outputs": lambda plan: []}, "no bundled plan has an example"),
    ({"sample": lambda plan: None}, "no sample context for check-template"),
    ({"template": TemplateSpec("thu-moi", "Thư mời", lambda: "")}, "template spec missing"),
])
def test_a_kind_missing_a_declaration_is_caught(plans, change, problem):
    broken = dataclasses.replace(kind("giay-moi"), **change)
    assert any(p.startswith(problem) for p in declaration_problems(broken, plans)), problem


def test_a_stale_template_is_caught(plans, tmp_path, monkeypatch):
    k = kind("thong-bao")
    spec = dataclasses.replace(k.template, title="Thông báo (sửa)")
    problems = declaration_problems(dataclasses.replace(k, template=spec), plans)
    assert problems and problems[0].startswith("hmtn_docs/data/templates/thong-bao.docx is not what its spec")


def test_a_model_that_is_not_a_document_is_caught(plans):
    class Loose(BaseModel):
        id: str

    problems = declaration_problems(dataclasses.replace(kind("giay-moi"), model=Loose), plans)
    assert "model is not a Document" in problems


# ---------------------------------------------------------------- placeholders in every kind
@pytest.mark.parametrize("name", [k.name for k in KINDS])
def test_year_years_and_edition_are_allowed_in_every_kind(name):
    from hmtn_docs._placeholders import DOCUMENT

    k = kind(name)
    assert k.placeholders and all(set(DOCUMENT) <= set(tokens) for tokens in k.placeholders.values())
