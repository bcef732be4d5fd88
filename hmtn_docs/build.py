"""Render every document of a plan, then write them all (and their PDFs) atomically.

Documents are rendered to memory first: if any render fails, nothing on disk changes. Each
file is then written to a temporary name and renamed over the old one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .context import ke_hoach_context, ke_hoach_notation, letter_context
from .errors import UserError
from .load import Plan
from .vi import format_doc_number

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
KE_HOACH = "ke-hoach.docx"
CONG_VAN = "cong-van.docx"


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


def _ke_hoach_stem(plan: Plan) -> str:
    return f"{plan.id}-ke-hoach"


def _letter_stem(plan: Plan, letter) -> str:
    return f"{plan.id}-{letter.id}"


def _personal_stem(letter, unit: str) -> str:
    return f"{letter.id}/{unit}"


def _combined_stem(plan: Plan, letter) -> str:
    return f"{plan.id}-{letter.id}-tung-don-vi"


def _cited(kind: str, number: int | None, notation: str) -> str:
    """``Kế hoạch số 10/KH-UBND``; just the kind while the number is not registered yet."""
    return f"{kind} số {format_doc_number(number, notation, '')}" if number else kind


def document_titles(plan: Plan) -> dict[str, str]:
    """What a reader calls each output, by file name without extension (for the website)."""
    d = plan.data
    out = {}
    if d.ke_hoach is not None:
        kh = _cited("Kế hoạch", d.ke_hoach.number, ke_hoach_notation(plan, d.ke_hoach))
        out[_ke_hoach_stem(plan)] = f"{kh}: {d.ke_hoach.subject}"
    for letter in d.letters:
        cv = _cited("Công văn", letter.number, letter.notation)
        out[_letter_stem(plan, letter)] = f"{cv} V/v {letter.subject}"
        drive = next((x for x in d.drives if x.id == letter.drive), None)
        if letter.personal and drive is not None:
            for alloc in drive.allocations:
                out[_personal_stem(letter, alloc.unit)] = f"{cv} gửi {d.units[alloc.unit].name}"
            out[_combined_stem(plan, letter)] = \
                f"{cv} gửi từng đơn vị ({len(drive.allocations)} bản trong một tệp)"
    return out


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
    """Every document of ``plan`` rendered to memory (nothing written)."""
    from ._combine import combine_docx

    tpl = _Templates(templates_dir(folder))
    out: list[Rendered] = []
    d = plan.data
    if d.ke_hoach is not None:
        out.append(Rendered(f"{_ke_hoach_stem(plan)}.docx",
                            tpl.get(KE_HOACH).render(ke_hoach_context(plan))))
    for letter in d.letters:
        cv = tpl.get(CONG_VAN)
        out.append(Rendered(f"{_letter_stem(plan, letter)}.docx",
                            cv.render(letter_context(plan, letter))))
        if not (personal and letter.personal):
            continue
        drive = next(x for x in d.drives if x.id == letter.drive)
        copies = [cv.render(letter_context(plan, letter, unit=a.unit)) for a in drive.allocations]
        for alloc, data in zip(drive.allocations, copies):
            out.append(Rendered(f"{_personal_stem(letter, alloc.unit)}.docx", data))
        if combined:
            out.append(Rendered(f"{_combined_stem(plan, letter)}.docx", combine_docx(copies)))
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
        from ._atomic import write_bytes_atomic
        from ._pdf import convert_to_pdf

        docx = [(pid, path) for pid, path, _ in staged if path.suffix == ".docx"]
        with convert_to_pdf([path for _, path in docx]) as batch:  # every PDF verified first
            for (pid, path), pdf in zip(docx, batch.pdfs):
                write_bytes_atomic(path.with_suffix(".pdf"), pdf.read_bytes())
                written[pid].append(path.with_suffix(".pdf"))
    return written
