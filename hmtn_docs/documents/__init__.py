"""The registry of document kinds: one module per kind, listed once here.

Each kind's module declares, in one ``Kind`` (see ``_kind.py``): its YAML key and model, its
template and how the template is built, the outputs it makes from a plan (file stem, title,
render context), its cross-field checks and allowed ``{placeholders}``, and a sample context for
``hmtn check-template``. The ND30 pieces they share are in ``_nd30.py`` (render contexts) and
``_builder.py`` (templates).

Everything else iterates ``KINDS``: the plan format (``PlanFile`` below), ``checks``, ``build``,
``check-template``, ``tools/make_templates.py`` and the tests. Adding a kind is adding its module
(and its template, tests and docs) and one line to ``KINDS``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import create_model

from ..model import PlanBase
from ..plan import Plan
from . import bao_cao, cong_van, giay_moi, ke_hoach, thong_bao
from ._kind import Kind, Output

__all__ = ["KINDS", "Kind", "Output", "PlanFile", "kind", "plan_issue_date", "plan_outputs"]

# In the build's order: a plan's Kế hoạch first, then each letter with its personal copies,
# each notice, each invitation with its personal copies, each report.
KINDS: tuple[Kind, ...] = (
    ke_hoach.KIND,
    cong_van.KIND,
    thong_bao.KIND,
    giay_moi.KIND,
    bao_cao.KIND,
)

_BY_NAME = {k.name: k for k in KINDS}
assert len(_BY_NAME) == len(KINDS), "two kinds share a name"
assert len({k.key for k in KINDS}) == len(KINDS), "two kinds share a YAML key"


def kind(name: str) -> Kind:
    """The kind called ``name`` (``"ke-hoach"``, ``"cong-van"``, ...)."""
    return _BY_NAME[name]


def plan_outputs(plan: Plan) -> list[Output]:
    """Every document of ``plan``, in the build's order (kind by kind, as ``KINDS`` lists them)."""
    return [out for k in KINDS for out in k.outputs(plan)]


def plan_issue_date(plan: Plan) -> dt.date | None:
    """The plan's issue date as its documents give it (the Kế hoạch's date), if any."""
    for k in KINDS:
        if k.issue_date is not None and (day := k.issue_date(plan)) is not None:
            return day
    return None


# The merged content of a plan folder: the format's shared part, then one key per kind.
PlanFile = create_model(
    "PlanFile",
    __base__=PlanBase,
    __doc__="The merged content of a plan folder (``plan.yaml`` and the files it includes).",
    **{k.key: k.field() for k in KINDS},
)
# keys whose list may be continued in an included file (documents of a kind that has many)
SHARED_LISTS = tuple(k.key for k in KINDS if k.many)
