"""hmtn-docs: blood-donation plans as YAML, rendered to ND30 documents and a public site.

The public API is re-exported here; every other module is private. Names are resolved on first
use so that ``hmtn --help`` does not pay for pydantic and Babel.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "OutputError": "errors",
    "PlanError": "errors",
    "Problem": "errors",
    "TemplateError": "errors",
    "ToolMissing": "errors",
    "UserError": "errors",
    "Plan": "load",
    "load_plan": "load",
    "build_plan": "build",
    "render_plan": "build",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .build import build_plan, render_plan
    from .errors import OutputError, PlanError, Problem, TemplateError, ToolMissing, UserError
    from .load import Plan, load_plan


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'hmtn_docs' has no attribute {name!r}")
