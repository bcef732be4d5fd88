"""What a document kind declares, and what each of its documents becomes (an ``Output``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import derive as dv
from ..errors import Problem
from ..plan import Broken, Plan, valid
from ._builder import TemplateSpec
from ._table import Table


@dataclass(frozen=True)
class Output:
    """One document of a plan, not yet rendered."""

    stem: str  # path under the plan's output folder without ".docx", e.g. "cv-ngay-hoi/so-y-te"
    kind: str  # the kind's name, e.g. "ke-hoach", "cong-van"
    title: str  # what a reader calls it, e.g. "Kế hoạch số 10/KH-UBND: ..."
    template: str  # template file name, e.g. "cong-van.docx"
    context: Callable[..., dict]  # builds the render context when called (not before)
    # (stem, title) of the "all copies in one file" document this personal copy belongs to;
    # None for others
    group: tuple[str, str] | None = None
    where: tuple = ()  # the YAML path it comes from, where a problem with its name is reported


@dataclass(frozen=True)
class Kind:
    """A kind of document (Kế hoạch, Công văn, ...): everything about it, in its own module.

    The registry (``hmtn_docs.documents.KINDS``) lists the kinds; the plan format, the checks,
    ``build``, ``check-template``, ``tools/make_templates.py`` and the tests iterate it.
    """

    name: str  # "cong-van": file names of the template and of the outputs
    title: str  # "Công văn": what the kind is called in text
    key: str  # the plan's YAML key, e.g. "letters"
    model: type  # the pydantic model of one document
    many: bool  # the key holds a list of documents (each with an ``id``), else one document
    description: str  # the key's help in the JSON Schema (Vietnamese, for the clerk)
    template: TemplateSpec  # how hmtn_docs/data/templates/<name>.docx is built
    outputs: Callable[[Plan], list[Output]]  # every document it makes from a plan, in order
    checks: Callable[[Plan], Iterator[Problem]]  # its cross-field rules
    # text fields that may hold {placeholders}: field name -> the tokens it may use
    placeholders: Mapping[str, tuple[str, ...]]
    sample: Callable[[Plan], dict | None]  # a real context for check-template, if plan has one
    # what the placeholders of one document stand for (``{year}``, ``{years}``, ``{edition}``
    # and the kind's own); a token a field allows but the document cannot fill is an error
    # (each kind's document is its own model: typed as Any here, as the kind's module knows it)
    values: Callable[[Plan, Any], dict[str, str]]
    # the plan's issue date (feeds' DTSTAMP) when this kind's document gives it
    issue_date: Callable[[Plan], dt.date | None] | None = None
    # the document's quota tables, which the build also writes as <stem>.xlsx next to the DOCX
    # (hmtn_docs/_xlsx.py); no tables (or None), no spreadsheet. Called with the document of each
    # output that is not a personal copy, the one whose ``where`` starts with its YAML path.
    tables: Callable[[Plan, Any], list[Table]] | None = None

    @property
    def template_file(self) -> str:
        return f"{self.name}.docx"

    def documents(self, plan: Plan) -> list[tuple[tuple, Any]]:
        """(YAML path, document) of each of the plan's documents of this kind that validated."""
        value = getattr(plan.data, self.key, None)
        if self.many:
            return [((self.key, i), doc) for i, doc in valid(value or [])]
        return [((self.key,), value)] if value is not None else []

    def document_at(self, plan: Plan, where: tuple) -> Any | None:
        """The document an output of this kind comes from (by the output's ``where``)."""
        for path, doc in self.documents(plan):
            if where[: len(path)] == path:
                return doc
        return None

    def field(self):
        """(annotation, default) of the plan's key, for the PlanFile model."""
        from pydantic import Field

        from ..model import MAX_LETTERS

        if self.many:
            return list[self.model], Field(default_factory=list, max_length=MAX_LETTERS,
                                           description=self.description)
        return self.model | None, Field(default=None, description=self.description)


def first_context(kind_name: str) -> Callable[[Plan], dict | None]:
    """A ``sample``: the context of the kind's last output in a plan (a personal copy where
    there are some, which has every key the template reads)."""

    def sample(plan: Plan) -> dict | None:
        from . import plan_outputs

        mine = [o for o in plan_outputs(plan) if o.kind == kind_name]
        return mine[-1].context() if mine else None

    return sample


def programme_values(plan: Plan, drive_ids) -> dict[str, str]:
    """``{year}``, and ``{years}``/``{edition}`` of the programme the drives a document is about
    share, if they share one."""
    drives = [plan.drive(i) for i in drive_ids]
    programmes = {d.programme for d in drives if d is not None}
    programme = None
    if drives and None not in drives and len(programmes) == 1:
        (pid,) = programmes
        programme = plan.data.programmes.get(pid) if pid else None
        if isinstance(programme, Broken):
            programme = None
    return dv.year_values(plan.data.plan.year, programme)
