"""Render every document of a plan, then write them all (and their PDFs) atomically.

Documents are rendered to memory first: if any render fails, nothing on disk changes. Each
file is then written to a temporary name and renamed over the old one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .documents import plan_outputs
from .errors import UserError
from .plan import Plan

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def templates_dir(override: Path | None = None) -> Path:
    folder = override or Path(os.environ.get("HMTN_TEMPLATES", TEMPLATES))
    if not folder.is_dir():
        raise UserError(f"không có thư mục mẫu {folder}")
    return folder


@dataclass
class Rendered:
    """One output document: where it goes (relative to the plan's output folder) and its bytes."""

    name: str
    data: bytes


def document_titles(plan: Plan) -> dict[str, str]:
    """What a reader calls each output, by file name without extension (for the website).

    In the build's order; the "all copies in one file" document of a group follows its copies.
    """
    out: dict[str, str] = {}
    for doc, group_ends in _with_group_ends(plan_outputs(plan)):
        out[doc.stem] = doc.title
        if group_ends:
            stem, title = doc.group
            out[stem] = title
    return out


def _with_group_ends(outputs):
    """(output, whether it is the last personal copy of its group) for each output."""
    for i, doc in enumerate(outputs):
        nxt = outputs[i + 1].group if i + 1 < len(outputs) else None
        yield doc, doc.group is not None and nxt != doc.group


class _Templates:
    """Each template compiled once per build, however many letters use it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, object] = {}

    def get(self, name: str):
        from ._docx import CompiledTemplate

        if name not in self._cache:
            path = self.folder / name
            if not path.is_file():
                raise UserError(f"không có mẫu {path}")
            self._cache[name] = CompiledTemplate(path)
        return self._cache[name]


def render_plan(plan: Plan, folder: Path | None = None, personal: bool = True,
                combined: bool = False) -> list[Rendered]:
    """Every document of ``plan`` rendered to memory (nothing written).

    ``personal=False`` leaves out the personal copies; ``combined=True`` adds, after each group
    of personal copies, all of them joined in one file.
    """
    from ._combine import combine_docx

    tpl = _Templates(templates_dir(folder))
    out: list[Rendered] = []
    copies: list[bytes] = []
    for doc, group_ends in _with_group_ends(plan_outputs(plan)):
        if doc.group is not None and not personal:
            continue
        data = tpl.get(doc.template).render(doc.context())
        out.append(Rendered(f"{doc.stem}.docx", data))
        if doc.group is not None and combined:
            copies.append(data)
            if group_ends:
                out.append(Rendered(f"{doc.group[0]}.docx", combine_docx(copies)))
                copies = []
    return out


def build_plan(plan: Plan, out_root: Path, pdf: bool = False, combined: bool = False,
               templates: Path | None = None) -> list[Path]:
    """Render and write ``plan``'s documents under ``out_root/<plan id>/``; return the paths."""
    return build_plans([plan], out_root, pdf, combined, templates)[plan.id]


def build_plans(plans: list[Plan], out_root: Path, pdf: bool = False, combined: bool = False,
                templates: Path | None = None) -> dict[str, list[Path]]:
    """Render every plan first, then write all files in one step, then convert them to PDF.

    A render error in the last plan therefore leaves the outputs of the first untouched, and
    LibreOffice starts once for the whole build.
    """
    from ._atomic import write_many_atomic

    staged = [(plan.id, out_root / plan.id / doc.name, doc.data)
              for plan in plans for doc in render_plan(plan, templates, combined=combined)]
    for folder in {path.parent for _, path, _ in staged}:
        folder.mkdir(parents=True, exist_ok=True)
    write_many_atomic([(path, data) for _, path, data in staged])
    written: dict[str, list[Path]] = {plan.id: [] for plan in plans}
    for pid, path, _ in staged:
        written[pid].append(path)
    if pdf:
        from ._pdf import convert_to_pdf

        pdfs = convert_to_pdf([path for _, path, _ in staged if path.suffix == ".docx"])
        for pdf_path in pdfs:
            pid = pdf_path.relative_to(out_root).parts[0]
            written[pid].append(pdf_path)
    return written
