"""Render every document of a plan into its output folder, all or nothing.

Each document is rendered and streamed into a staged file of the build's ``OutputTransaction``
(memory stays flat however many letters a plan has); with ``--pdf`` the staged DOCX files are
converted by LibreOffice into staged PDFs; only when every file of every plan is ready does the
transaction install them, remove what the previous build wrote and this one did not, and write
each folder's manifest. A failure anywhere leaves every output folder as it was.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._data import TEMPLATES
from .documents import kind, plan_outputs
from .errors import UserError
from .plan import Plan


def templates_dir(override: Path | None = None) -> Path:
    folder = override or Path(os.environ.get("HMTN_TEMPLATES", TEMPLATES))
    if not folder.is_dir():
        raise UserError(f"không có thư mục mẫu {folder}")
    return folder


def document_titles(plan: Plan) -> dict[str, str]:
    """What a reader calls each output, by file stem, combined files included."""
    titles: dict[str, str] = {}
    for out in plan_outputs(plan):
        titles[out.stem] = out.title
        if out.group:
            titles.setdefault(out.group[0], out.group[1])
    return titles


class _Templates:
    """Each template compiled once per build, however many documents use it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, Any] = {}

    def get(self, name: str):
        from ._docx import CompiledTemplate

        if name not in self._cache:
            path = self.folder / name
            if not path.is_file():
                raise UserError(f"không có mẫu {path}")
            self._cache[name] = CompiledTemplate(path)
        return self._cache[name]


Progress = Callable[[str], None]  # takes one line saying what a long build is doing now


def _quiet(line: str) -> None:
    pass


def _render_into(plan: Plan, sink, tpl: _Templates, personal: bool, combined: bool,
                 sheets: bool = False, progress: Progress = _quiet) -> None:
    """Render ``plan``'s documents one at a time into ``sink`` (``add``/``open`` by name).

    The copies of a letter come one after another; with ``combined`` each is also streamed into
    the file that joins them, which is finished (and listed) right after the last copy. With
    ``sheets``, a document whose kind declares quota tables also gets ``<stem>.xlsx``.
    """
    with ExitStack() as joined:
        current = None
        joiner = None
        outputs = plan_outputs(plan)
        copies = Counter(out.group for out in outputs)
        for out in outputs:
            if out.group is not None and not personal:
                continue
            if out.group != current:
                joined.close()
                current, joiner = out.group, None
                if out.group is not None:
                    progress(f"{plan.id}: {out.group[0]}: đang tạo {copies[out.group]} bản")
                if combined and out.group is not None:
                    from ._combine import CombinedDocx

                    fh = joined.enter_context(sink.open(f"{out.group[0]}.docx", out.kind,
                                                        out.group[1]))
                    joiner = joined.enter_context(CombinedDocx(fh))
            data = tpl.get(out.template).render(out.context())
            sink.add(f"{out.stem}.docx", data, out.kind, out.title)
            if joiner is not None:
                joiner.add(data)
            if sheets and out.group is None and (book := _workbook(plan, out)) is not None:
                sink.add(f"{out.stem}.xlsx", book, out.kind, out.title)


def _workbook(plan: Plan, out) -> bytes | None:
    """The .xlsx of ``out``'s quota tables, if its kind declares some and it has any."""
    k = kind(out.kind)
    if k.tables is None:
        return None
    doc = k.document_at(plan, out.where)
    tables = k.tables(plan, doc) if doc is not None else []
    if not tables:
        return None
    from ._xlsx import workbook

    return workbook(out.title, tables)


@dataclass
class Rendered:
    """One output document rendered to memory: its name in the plan's folder and its bytes."""

    name: str
    data: bytes
    kind: str = ""
    title: str = ""


class _Memory:
    """A sink that keeps what is rendered (for tests and previews)."""

    def __init__(self) -> None:
        self.docs: list[Rendered] = []

    def add(self, rel: str, data: bytes, kind: str, title: str) -> None:
        self.docs.append(Rendered(rel, data, kind, title))

    def open(self, rel: str, kind: str, title: str):
        sink = self

        class _Buffer(io.BytesIO):
            def __exit__(self, *exc):
                if exc[0] is None:
                    sink.add(rel, self.getvalue(), kind, title)
                return super().__exit__(*exc)

        return _Buffer()


def render_plan(plan: Plan, folder: Path | None = None, personal: bool = True,
                combined: bool = False, sheets: bool = False) -> list[Rendered]:
    """Every document of ``plan`` rendered to memory (nothing written); with ``sheets``, the
    .xlsx copies of the quota tables too, as the build writes them."""
    sink = _Memory()
    _render_into(plan, sink, _Templates(templates_dir(folder)), personal, combined, sheets)
    return sink.docs


def build_plan(plan: Plan, out_root: Path, pdf: bool = False, combined: bool = False,
               templates: Path | None = None) -> list[Path]:
    """Render and write ``plan``'s documents under ``out_root/<plan id>/``; return the paths."""
    return build_plans([plan], out_root, pdf, combined, templates)[plan.id]


def build_plans(plans: list[Plan], out_root: Path, pdf: bool = False, combined: bool = False,
                templates: Path | None = None, jobs: int | None = None,
                progress: Progress = _quiet) -> dict[str, list[Path]]:
    """Write every plan's documents (and PDFs) under ``out_root/<plan id>/`` in one step.

    Every folder then holds exactly this build's files and a manifest listing them. A render
    error in the last plan, or a failing conversion, leaves all folders as they were; LibreOffice
    starts once for the whole build (``jobs`` instances at once, default one per core).
    ``progress`` hears a line per plan, per letter's batch of copies and per PDF conversion.
    """
    from ._output import OutputTransaction, plan_revision

    tpl = _Templates(templates_dir(templates))
    written: dict[str, list[Path]] = {}
    with OutputTransaction() as tx:
        folders = []
        for number, plan in enumerate(plans, 1):
            progress(f"kế hoạch {number}/{len(plans)}: {plan.id}: đang tạo văn bản")
            folder = tx.folder(out_root / plan.id, plan.id, plan_revision(plan))
            _render_into(plan, folder, tpl, personal=True, combined=combined, sheets=True,
                         progress=progress)
            folders.append(folder)
        if pdf:
            _add_pdfs(folders, jobs, progress)
        for folder in folders:
            written[folder.plan_id] = [folder.folder / r.path for r in folder.records]
        tx.commit()
    return written


def _add_pdfs(folders, jobs: int | None = None, progress: Progress = _quiet) -> None:
    from ._pdf import convert_to_pdf

    docx = [(f, r) for f in folders for r in f.records if r.format == "docx"]
    progress(f"đang chuyển {len(docx)} văn bản sang PDF bằng LibreOffice")
    with convert_to_pdf([f.staged_path(r.path) for f, r in docx], jobs=jobs) as batch:
        for (f, r), pdf in zip(docx, batch.pdfs):
            f.add_file(r.path[: -len(".docx")] + ".pdf", pdf, r.kind, r.title)
