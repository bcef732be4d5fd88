"""Lint a hand-edited .docx template: broken tags and variables the context does not provide.

When a maintainer edits a template in Word, Word may split a ``{{ tag }}`` over several runs
(docxtpl copes with that), over two paragraphs (it cannot), turn straight quotes into curly
ones, or the maintainer may rename a variable. Each finding names the part and the paragraph
or table cell, and quotes the paragraph's text, so it can be found in Word.

A template is data, not code: what the renderer's sandbox refuses (``_sandbox.refusals``:
names starting with ``_``, calls, unsafe filters and tags) is reported here too, found by
reading the template, never by running it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from lxml import etree

from ._sandbox import refusals

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_OPEN = re.compile(r"\{\{|\{%|\{#")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_CURLY = "“”‘’"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


@dataclass(frozen=True)
class Finding:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class _Para:
    part: str
    label: str
    text: str

    @property
    def where(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.part}, {self.label} (“{shown}”)"


def _paragraphs(part: str, xml: bytes) -> list[_Para]:
    root = etree.fromstring(xml)
    out = []
    tables = list(root.iter(f"{{{W}}}tbl"))  # keeps the lxml proxies alive, so index() works
    body_no = 0
    for p in root.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        cell = next((a for a in p.iterancestors(f"{{{W}}}tc")), None)
        if cell is None:
            body_no += 1
            label = f"đoạn {body_no}"
        else:
            row = cell.getparent()
            table = row.getparent()
            r = table.findall(f"{{{W}}}tr").index(row) + 1
            c = row.findall(f"{{{W}}}tc").index(cell) + 1
            label = f"bảng {tables.index(table) + 1}, hàng {r}, ô {c}"
        if text.strip():
            out.append(_Para(part, label, text))
    return out


def _tag_findings(para: _Para) -> list[Finding]:
    out = []
    text = para.text
    for opener, closer in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
        if text.count(opener) != text.count(closer):
            out.append(Finding(para.where, f"'{opener}' và '{closer}' không khớp nhau trong đoạn "
                                           "này: một thẻ bị cắt hoặc bị tách sang hai đoạn"))
    if re.search(r"\{\s+[{%]|[}%]\s+\}", text):
        out.append(Finding(para.where, "dấu mở hoặc đóng thẻ có dấu cách ở giữa ('{ {' hoặc '% }')"))
    for tag in _TAG.findall(text):
        if any(q in tag for q in _CURLY):
            out.append(Finding(para.where, f"dấu nháy cong trong {tag!r}: AutoFormat của Word đã "
                                           "thay dấu nháy thẳng; hãy gõ lại thành ' hoặc \""))
    return out


def lint_template(path: Path, context: dict[str, Any] | None) -> list[Finding]:
    """Every problem of the template at ``path``; variables are checked against ``context``."""
    from ._docx import HmtnDocxTemplate

    findings: list[Finding] = []
    paragraphs: list[_Para] = []
    try:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist() if _PARTS.search(n)}
    except (OSError, zipfile.BadZipFile) as exc:
        return [Finding(str(path), f"không phải tệp .docx ({exc})")]
    for name, xml in sorted(parts.items()):
        for para in _paragraphs(name.removeprefix("word/"), xml):
            paragraphs.append(para)
            findings += _tag_findings(para)
    env = Environment()
    tpl = HmtnDocxTemplate(path)  # the same tag clean-up (and custom tags) as rendering
    for name, xml in sorted(parts.items()):
        source = tpl.patch_xml(xml.decode("utf-8"))
        for tag in _TAG.findall(source):
            if "<w:" in tag or "</w:" in tag:
                snippet = re.sub(r"<[^>]+>", "", tag)
                findings.append(Finding(name.removeprefix("word/"),
                                        f"thẻ {snippet!r} vẫn còn định dạng Word sau khi làm "
                                        "sạch: hãy gõ lại thẻ liền một lần"))
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            findings.append(Finding(name.removeprefix("word/"),
                                    f"lỗi cú pháp mẫu: {exc.message}"))
            continue
        part = name.removeprefix("word/")
        in_part = [p for p in paragraphs if p.part == part]
        findings += [Finding(_locate_pattern(r.pattern, in_part, part), r.message)
                     for r in refusals(ast)]
        if context is not None:
            findings += _variable_findings(ast, context, paragraphs)
    return _unique(findings)


def _variable_findings(ast: nodes.Template, context: dict[str, Any],
                       paragraphs: list[_Para]) -> list[Finding]:
    from jinja2 import meta

    out = []
    for name in sorted(meta.find_undeclared_variables(ast) - set(context)):
        out.append(Finding(_locate(name, paragraphs),
                           f"biến '{name}' không có trong dữ liệu điền vào mẫu "
                           f"(chỉ có: {', '.join(sorted(context))})"))
    for loop in ast.find_all(nodes.For):
        if not (isinstance(loop.target, nodes.Name) and isinstance(loop.iter, nodes.Name)):
            continue
        items = context.get(loop.iter.name)
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            continue
        keys = set().union(*(i.keys() for i in items if isinstance(i, dict)))
        for node in loop.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == loop.target.name \
                    and node.attr not in keys:
                ref = f"{loop.target.name}.{node.attr}"
                out.append(Finding(_locate(ref, paragraphs),
                                   f"'{ref}': các mục của '{loop.iter.name}' không có "
                                   f"'{node.attr}' (chỉ có: {', '.join(sorted(keys))})"))
    return out


def _locate(name: str, paragraphs: list[_Para]) -> str:
    return _locate_pattern(re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w])"), paragraphs)


def _locate_pattern(pattern: re.Pattern, paragraphs: list[_Para], default: str = "mẫu") -> str:
    """The first paragraph with a tag in which ``pattern`` occurs."""
    for para in paragraphs:
        for tag in _TAG.findall(para.text):
            if pattern.search(tag):
                return para.where
    return default


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        if (f.where, f.message) not in seen:
            seen.add((f.where, f.message))
            out.append(f)
    return out
