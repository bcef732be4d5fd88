"""Two exception families: the user's mistakes and our own bugs.

A ``UserError`` is something the person running ``hmtn`` can fix (a bad plan, a missing
program); the CLI prints it without a traceback. Anything else escaping the CLI is a bug in
hmtn-docs and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a plan, printed as ``file:line:col: where: what``."""

    file: str
    line: int
    col: int
    where: str
    message: str
    severity: str = field(default="error", compare=False)
    cell: str = field(default="", compare=False)  # ``Sheet!C12`` for a spreadsheet cell

    @classmethod
    def at(cls, mark, where: str, message: str, severity: str = "error") -> Problem:
        """A problem at ``mark`` (a ``_yaml.Mark``: a YAML line and column, or a cell)."""
        return cls(mark.file, mark.line, mark.col, where, message, severity, mark.cell)

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "cảnh báo: "
        where = f"{self.where}: " if self.where else ""
        spot = self.cell or f"{self.line}:{self.col}"
        return f"{self.file}:{spot}: {where}{tag}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class UserError(Exception):
    """A problem the user can fix; shown as a message, never as a traceback."""


class PlanError(UserError):
    """A plan has one or more errors; ``problems`` lists all of them (warnings too)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class TemplateError(UserError):
    """A .docx template cannot be used as it is (broken tags, unknown variables)."""


class ToolMissing(UserError):
    """An external program (LibreOffice) is needed but not installed."""


class OutputError(UserError):
    """An output could not be written; the previous output is left as it was."""


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
