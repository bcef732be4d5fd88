"""A loaded plan and its lookups: a drive by id, the live drives, a unit's name.

Every stage asks here (loading, checks, documents, the site), so none of them has to import
another stage to get at the plan; ``load`` builds a ``Plan``, the others only read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._yaml import Mark, path_text
from .errors import Problem, display_path

PLAN_FILE = "plan.yaml"


@dataclass(frozen=True)
class Broken:
    """Stands for a registry entry or list item that failed validation (already reported).

    The cross-field checks still run on the rest of the plan; they skip these, but know their
    ``id`` so that references to a broken drive are not reported as unknown.
    """

    id: str | None = None


@dataclass
class Plan:
    """A validated plan, the folder it came from, and where each value was typed."""

    data: Any  # the PlanFile model (hmtn_docs.documents): the format plus each document kind
    folder: Path
    marks: dict[tuple, Mark]
    key_marks: dict[tuple, Mark]
    warnings: list[Problem] = field(default_factory=list)
    # facts computed once per plan (hmtn_docs.derive.describe keeps each drive's here)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.folder.name

    def mark(self, path: tuple) -> Mark:
        """Where ``path`` was typed, or its nearest typed ancestor."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(display_path(self.folder / PLAN_FILE), 1, 1))

    def problem(self, path: tuple, message: str, severity: str = "error") -> Problem:
        m = self.mark(path)
        return Problem.at(m, path_text(path), message, severity)

    # ----------------------------------------------------------------- lookups
    def drive(self, drive_id: str | None):
        """The drive with this id, or None (also for a drive that failed validation)."""
        for d in self.data.drives:
            if d.id == drive_id and not isinstance(d, Broken):
                return d
        return None

    def live_drives(self) -> list:
        """The drives that take place (not cancelled), as listed."""
        return [d for d in self.data.drives if d.status == "planned"]

    def unit_name(self, uid: str, short: bool = False) -> str:
        unit = self.data.units[uid]
        return (unit.short or unit.name) if short else unit.name


# --------------------------------------------------------------------------- for the checks
def valid(items) -> list[tuple[int, Any]]:
    """(index, item) of the items that validated; a plan with errors has ``Broken`` ones too."""
    return [(i, x) for i, x in enumerate(items) if not isinstance(x, Broken)]


def valid_values(registry: dict) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in registry.items() if not isinstance(v, Broken)]


# what each list holds, in the clerk's words: "đơn vị 'x' không có trong danh sách units"
_WHAT = {"units": "đơn vị", "groups": "nhóm", "programmes": "chương trình", "issuers":
         "cơ quan ban hành", "signers": "người ký", "drives": "đợt hiến máu"}


def unknown_reference(plan: Plan, path: tuple, value: str | None, table,
                      key: str) -> Iterator[Problem]:
    """A problem if ``value`` (typed at ``path``) is not an id of ``table`` (the list ``key``)."""
    if plan.cache.get("unreadable-includes"):  # reported as that file's syntax error alone
        return
    if value is not None and value not in table:
        hint = did_you_mean_hint(did_you_mean(value, table))
        yield plan.problem(path, f"{_WHAT[key]} '{value}' không có trong danh sách {key}{hint}")


def did_you_mean(word: str, choices) -> str | None:
    """The one close spelling of ``word`` among ``choices``, if there is one.

    >>> did_you_mean("quotaa", ["quota", "dates", "time"])
    'quota'
    >>> did_you_mean("xyz", ["quota"]) is None
    True
    """
    from difflib import get_close_matches

    found = get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean_hint(close: str | None) -> str:
    """The end of a message that proposes ``close``, or nothing.

    >>> did_you_mean_hint("quota")
    " (có phải ý bạn là 'quota'?)"
    """
    return f" (có phải ý bạn là '{close}'?)" if close else ""
