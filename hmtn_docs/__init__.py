"""hmtn-docs: blood-donation plans as YAML, rendered to ND30 documents and a public site.

The public API is re-exported here; every other module is private.
"""

from .errors import OutputError, PlanError, Problem, TemplateError, ToolMissing, UserError
from .load import Plan, load_plan

__all__ = [
    "OutputError",
    "Plan",
    "PlanError",
    "Problem",
    "TemplateError",
    "ToolMissing",
    "UserError",
    "load_plan",
]
