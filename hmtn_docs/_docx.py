"""Render docxtpl templates fast: parse and compile once, render many times.

``docxtpl.DocxTemplate.render()`` reloads the .docx, re-patches its XML and recompiles the Jinja
source on every call; for one letter per unit most of the time goes there and into re-zipping.
``CompiledTemplate`` does that work once:

* reads the template's parts into memory (normalised exactly as python-docx would save them,
  so the output matches what docxtpl writes);
* runs docxtpl's own ``patch_xml`` (plus our ``{% vmerge %}`` cell tag) on the document body and
  on every header/footer, and compiles each into a Jinja template in the sandbox of ``_sandbox``
  (a template is data: it cannot call anything, reach Python's internals, or loop or print
  without bound; what it tries is refused before anything runs), with autoescape ON (values are
  data: ``&``, ``<`` and ``{{ }}`` in a value come out literally) and ``StrictUndefined`` (a missing
  context key is a ``TemplateError`` naming it, not an empty string);
* ``render(context)`` runs the compiled templates, applies docxtpl's post-processing (``\\n`` in a
  value becomes a line break, ``\\t`` a tab, ``\\a`` a new paragraph, ``\\f`` a page break;
  ``fix_tables``; ``fix_docpr_ids``) and zips the cached parts with the rendered XML.

The result is the same document as ``DocxTemplate(path).render(ctx, autoescape=True); save()``
(``tests/render/test_render_compiled.py`` compares them part by part as canonical XML). What
differs is invisible to Word: the rendered parts come last in the zip, compressed at level 1, all
timestamps are fixed (same context, same bytes), and a rendered part that is not well-formed XML
is a ``TemplateError`` (docxtpl re-parses with ``recover=True`` and silently drops what breaks).
Well-formedness is proven once per template where possible (``_always_well_formed``: every
``if``/``for`` branch closes what it opens; values are escaped and refused if they hold characters
XML cannot carry); otherwise each render is parsed.

Where the time went, and what is done once here instead: loading the package (unzip, parse every
part), ``patch_xml`` (regexes over the whole body), compiling Jinja, and saving (serialise every
part, deflate everything). Per render there remain Jinja, the rendered parts' deflate, and
docxtpl's ``resolve_listing`` on the few paragraphs that need it.

Copies of one document (a letter to each of N units) share most of their content: for a context
made by ``_shared.with_shared``, the body is rendered in segments (``_split``), and a segment
that reads only shared values is rendered, compressed and checksummed once per ``Shared`` and
reused (``_zipparts``); each copy renders only its own segments. An N-unit letter's N copies
then cost about N times a copy's own part, not N times the N-row appendix.

Our extension to docxtpl's tags, ``{% vmerge expr %}`` inside a table cell (usually in a
``{%tr for %}`` row): the cell gets ``<w:vMerge w:val="restart"/>`` when ``expr`` is
``"restart"``, ``<w:vMerge w:val="continue"/>`` when it is ``"continue"``, and no vMerge for any
other value (``""``: a cell that is not merged). docxtpl's ``{% vm %}`` merges the cell over the
whole loop; ``vmerge`` lets the context say, row by row, where each merged run starts.
"""

from __future__ import annotations

import copy
import io
import re
import traceback
import xml.parsers.expat as expat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import meta
from jinja2.sandbox import SecurityError
from lxml import etree

from ._sandbox import TemplateRefused, TemplateSandbox
from ._shared import WithShared
from ._zipparts import Piece, ZipLayout, join_pieces
from .errors import TemplateError, display_path

__all__ = ["CompiledTemplate", "HmtnDocxTemplate", "patch_vmerge"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
# Core properties docxtpl renders as Jinja (DocxTemplate.render_properties).
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")
_JINJA_MARK = re.compile(r"\{[{%#]")


# --------------------------------------------------------------------------- {% vmerge %}
_VMERGE_CELL = re.compile(
    r"(<w:tc[ >](?:(?!<w:tc[ >]).)*?)\{%\s*vmerge\s+([^%]*?)\s*%\}(.*?</w:tc>)", re.DOTALL
)
_EMPTY_RUN = re.compile(
    r"<w:r(?: [^>]*)?>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?></w:t></w:r>", re.DOTALL
)
_TCPR = re.compile(r"<w:tcPr(?: [^>]*)?/>|<w:tcPr(?: [^>]*)?>(.*?)</w:tcPr>", re.DOTALL)
# tcPr children that come after w:vMerge in the schema (CT_TcPr sequence)
_AFTER_VMERGE = re.compile(
    r"<w:(?:tcBorders|shd|noWrap|tcMar|textDirection|tcFitText|vAlign|hideMark|headers|"
    r"cellIns|cellDel|cellMerge|tcPrChange)[ />]"
)


def _vmerge_cell(m: re.Match) -> str:
    expr = m.group(2).strip()
    vm = (
        f'{{% if ({expr}) == "restart" %}}<w:vMerge w:val="restart"/>'
        f'{{% elif ({expr}) == "continue" %}}<w:vMerge w:val="continue"/>{{% endif %}}'
    )
    cell = _EMPTY_RUN.sub("", m.group(1) + m.group(3))
    cell = re.sub(r"<w:vMerge(?: [^>]*)?/>", "", cell, count=1)
    tcpr = _TCPR.search(cell)
    if tcpr is None:  # no cell properties yet: add them right after <w:tc>
        start = cell.index(">") + 1
        return f"{cell[:start]}<w:tcPr>{vm}</w:tcPr>{cell[start:]}"
    if tcpr.group(1) is None:  # <w:tcPr/>
        return f"{cell[: tcpr.start()]}<w:tcPr>{vm}</w:tcPr>{cell[tcpr.end():]}"
    inner_start = tcpr.start(1)
    after = _AFTER_VMERGE.search(tcpr.group(1))
    pos = inner_start + after.start() if after else tcpr.end(1)
    return cell[:pos] + vm + cell[pos:]


def patch_vmerge(xml: str) -> str:
    """Turn ``{% vmerge expr %}`` in a cell into a conditional ``<w:vMerge>`` in its ``w:tcPr``.

    Runs on XML already cleaned by docxtpl's ``patch_xml`` (tags re-joined across runs).
    The vMerge goes where the schema wants it (after tcW/gridSpan, before borders/vAlign...).

    >>> x = ('<w:tc><w:tcPr><w:tcW w:w="9"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:r>'
    ...      '<w:t xml:space="preserve">{% vmerge r.m %}{{ r.s }}</w:t></w:r></w:p></w:tc>')
    >>> print(patch_vmerge(x))  # doctest: +NORMALIZE_WHITESPACE
    <w:tc><w:tcPr><w:tcW w:w="9"/>{% if (r.m) == "restart" %}<w:vMerge w:val="restart"/>{% elif
    (r.m) == "continue" %}<w:vMerge w:val="continue"/>{% endif %}<w:vAlign w:val="center"/></w:tcPr><w:p><w:r><w:t
    xml:space="preserve">{{ r.s }}</w:t></w:r></w:p></w:tc>
    """
    return _VMERGE_CELL.sub(_vmerge_cell, xml)


class HmtnDocxTemplate(DocxTemplate):
    """Plain docxtpl plus the ``{% vmerge %}`` cell tag (used as the reference renderer),
    rendering in the same sandbox as ``CompiledTemplate`` unless given another environment."""

    def patch_xml(self, src_xml: str) -> str:
        return patch_vmerge(super().patch_xml(src_xml))

    def render(self, context: Mapping[str, Any], jinja_env: jinja2.Environment | None = None,
               autoescape: bool = False) -> None:
        if jinja_env is None:
            jinja_env = _Environment(autoescape=autoescape)
        super().render(context, jinja_env=jinja_env, autoescape=autoescape)


# --------------------------------------------------------------------------- compiled template
_DICT_ATTRS = frozenset(dir(dict))


class _Environment(TemplateSandbox):
    """Jinja's sandbox (see ``_sandbox``: templates are data) with a faster ``x.key`` for
    plain dicts.

    Jinja resolves ``b.kind`` by trying ``getattr(b, "kind")`` first (an AttributeError for a
    dict) and then ``b["kind"]``. For a dict key that is not also a dict attribute (``items``,
    ``values``, ``__class__``...) the result is the same; asking the dict first skips the
    exception. It was a quarter of the render time of a long plan (JSON contexts are dicts all
    the way down). The sandbox gives up nothing: it too returns the key for a name the dict has
    no attribute of, and every dict attribute still goes through its ``is_safe_attribute``."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


# Characters XML 1.0 cannot carry (\t \n \r are fine; docxtpl turns \a and \f inside text into
# paragraph and page breaks), and lone surrogates, which cannot even be written as UTF-8.
_BAD_VALUE_CHAR = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _BadValue(ValueError):
    def __init__(self, value: str, char: str):
        super().__init__(value)
        self.value, self.char = value, char


def _finalize(value: Any) -> Any:
    """Applied by Jinja to every ``{{ value }}`` before escaping: refuse characters a .docx
    cannot hold, naming the value, instead of writing a file Word will not open."""
    if isinstance(value, str):
        bad = _BAD_VALUE_CHAR.search(value)
        if bad:
            raise _BadValue(value, bad.group())
    return value


def _make_env() -> jinja2.Environment:
    # The same settings docxtpl uses for render(ctx, autoescape=True), plus StrictUndefined,
    # the check above and the sandbox.
    return _Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)


# ---- proving once that a template's output is always well-formed XML
_TOKEN = re.compile(
    r"(?P<stmt>\{%-?\s*(?P<kw>\w+)(?P<rest>.*?)%\})"
    r"|(?P<expr>\{\{.*?\}\}|\{#.*?#\})"
    r"|(?P<tag><(?P<close>/?)(?P<name>[A-Za-z_][\w.:-]*)(?:[^<>{]|\{\{.*?\}\}|\{(?![{%#]))*?(?P<empty>/?)>)"
    r"|(?P<decl><\?[^>]*\?>|<!--.*?-->)",
    re.DOTALL,
)


def _always_well_formed(src: str) -> bool:
    """True if every way through the template's ``if``/``for`` blocks yields balanced XML.

    It holds when each branch and each loop body closes exactly the elements it opens (which
    docxtpl's paragraph/row/cell tags give by construction). Values cannot break the markup:
    they are escaped, and ``_finalize`` refuses characters XML cannot hold. When this returns
    False (a tag inside a tag, a block that opens an element in one branch only...), every
    render is checked with a parser instead."""
    xml: list[str] = []
    blocks: list[list[str]] = []
    pos = 0
    for m in _TOKEN.finditer(src):
        if "<" in src[pos : m.start()]:
            return False  # markup the scanner does not understand
        pos = m.end()
        if m.group("tag"):
            if m.group("empty"):
                continue
            if m.group("close"):
                if not xml or xml.pop() != m.group("name"):
                    return False
            else:
                xml.append(m.group("name"))
        elif m.group("stmt"):
            kw = m.group("kw")
            if kw in ("if", "for"):
                blocks.append(list(xml))
            elif kw in ("elif", "else"):
                if not blocks or xml != blocks[-1]:
                    return False
            elif kw in ("endif", "endfor"):
                if not blocks or xml != blocks.pop():
                    return False
            elif not (kw == "set" and "=" in m.group("rest")):
                return False  # macros, block sets...: not analysed
    return "<" not in src[pos:] and not xml and not blocks


def _plain_text(xml_line: str) -> str:
    return re.sub(r"<[^>]+>", "", xml_line).strip()


def _source_excerpt(src: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = src.splitlines()
    text = _plain_text(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    return f' (tại "{text[:120]}")' if text else ""


def _template_lineno(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


@dataclass
class _Part:
    name: str  # zip member name, e.g. "word/header1.xml"
    source: str  # patched XML, as compiled (for messages and variables())
    template: jinja2.Template
    proven: bool  # output always well-formed (see _always_well_formed): no parse per render


class CompiledTemplate:
    """A docxtpl template parsed and compiled once; ``render(context)`` returns .docx bytes."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.name = display_path(self.path)
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise TemplateError(f"không đọc được mẫu {self.name}: {exc.strerror or exc}") from exc
        try:
            doc = Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise TemplateError(f"{self.name} không phải tệp .docx dùng được ({exc})") from exc
        self._env = _make_env()
        self._helper = HmtnDocxTemplate(io.BytesIO(data))  # docxtpl's patch/post-processing code

        # Core properties: docxtpl renders them and writes them back (which adds empty elements
        # for unset ones). They are static here; Jinja in them is not supported.
        for prop in _CORE_PROPS:
            value = getattr(doc.core_properties, prop)
            if _JINJA_MARK.search(value):
                raise TemplateError(f"{self.name}: thuộc tính văn bản '{prop}' có thẻ Jinja; không hỗ trợ")
            setattr(doc.core_properties, prop, value)

        # Headers and footers referenced by the document part (what docxtpl renders).
        hf_parts = [
            rel.target_part
            for rel in doc.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER) and rel.target_part.blob
        ]
        # Every part as python-docx would save it; rendered parts get replaced per call.
        saved = io.BytesIO()
        doc.save(saved)
        with zipfile.ZipFile(saved) as z:
            self._members = [(i.filename, z.read(i.filename)) for i in z.infolist()]

        body = doc.element.body
        body_xml = etree.tostring(body, encoding="unicode")
        self._doc_member = doc.part.partname.membername
        self._body = self._compile(self._doc_member, body_xml)
        self._segments = self._split(self._body)
        self.shared_renders = 0  # segments rendered for a Shared (tests count them)
        # fix_tables can only change something when rows and grid disagree: already in the
        # template, or made so by {%tc %} loops, {% colspan %} or {% hm %}.
        self._check_tables = bool(_CELL_TAGS.search(re.sub(r"<[^>]+>", "", body_xml))) or _needs_table_fix(body)
        # The document part around the body: the rendered body is spliced in between.
        shell = copy.deepcopy(doc.element)
        shell_body = shell.find(f"{{{_W}}}body")
        self._body_index = shell.index(shell_body)
        shell.remove(shell_body)
        self._shell = shell
        marker = copy.deepcopy(shell)
        marker.insert(self._body_index, etree.Element(f"{{{_W}}}body"))
        head, sep, tail = serialize_part_xml(marker).decode("utf-8").partition("<w:body/>")
        if not sep:  # pragma: no cover - python-docx always uses the w: prefix
            raise TemplateError(f"{self.name}: cấu trúc document.xml không như mong đợi")
        self._doc_head, self._doc_tail = head.encode("utf-8"), tail.encode("utf-8")
        self._hf = [self._with_names(self._compile(p.partname.membername, etree.tostring(
            parse_xml(p.blob), encoding="unicode"))) for p in hf_parts]
        # Parts that are not rendered are zipped once; render() appends the rendered ones.
        rendered = {self._doc_member, *(p.name for p in self._hf)}
        self._zip = ZipLayout([(n, blob) for n, blob in self._members if n not in rendered])
        self._head_piece, self._tail_piece = Piece(self._doc_head), Piece(self._doc_tail)
        self._rendered_order = [name for name, _ in self._members if name in rendered]
        self._variables: frozenset[str] | None = None

    def __repr__(self) -> str:
        return f"CompiledTemplate({self.name!r})"

    # ---------------------------------------------------------------- compile
    def _compile(self, member: str, xml: str) -> _Part:
        src = self._helper.patch_xml(xml)
        src = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)  # as docxtpl.render_xml_part
        try:
            template = self._env.from_string(src)
        except TemplateRefused as exc:
            raise TemplateError(
                f"{self.name}: {member}: mẫu bị từ chối: {exc.message}{_source_excerpt(src, exc.lineno)}"
            ) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{self.name}: {member}: thẻ mẫu bị hỏng: {exc.message}{_source_excerpt(src, exc.lineno)}"
            ) from exc
        return _Part(member, src, template, _always_well_formed(src))

    def _split(self, part: _Part) -> list[_Segment]:
        """The body cut, between top-level paragraphs, into templates that each read few names.

        Rendered one after the other with the same context they give exactly what the whole
        body gives: cuts are only where no ``if``/``for`` is open, and none when the template
        sets variables, defines macros or trims whitespace (``{%-``), which could reach across a
        cut. Each cut is at a paragraph start, so docxtpl's per-paragraph post-processing sees
        whole paragraphs. Neighbours reading the same names (or none) stay together.
        """
        src = part.source
        if re.search(r"\{[%{]-|-[%}]\}", src) or "txbxContent" in src:
            return []
        cuts = [0]
        depth = 0
        for m in _SPLIT_TOKEN.finditer(src):
            kw = m.group("kw")
            if kw is None:
                at = m.start() - 1  # the newline _compile put before each paragraph
                if m.group("para") and depth == 0 and at > 0 and src[at] == "\n":
                    cuts.append(at)
            elif kw in ("if", "for"):
                depth += 1
            elif kw in ("endif", "endfor"):
                depth -= 1
            elif kw not in ("elif", "else"):
                return []  # set, macro, raw, with...: not cut
        if depth != 0:
            return []
        pieces = [src[a:b] for a, b in zip(cuts, cuts[1:] + [len(src)])]
        groups: list[tuple[str, frozenset[str]]] = []
        for piece in pieces:
            names = frozenset(meta.find_undeclared_variables(self._env.parse(piece)))
            if groups and (not names or not groups[-1][1] or names == groups[-1][1]):
                groups[-1] = (groups[-1][0] + piece, groups[-1][1] | names)
            else:
                groups.append((piece, names))
        if len(groups) < 2:
            return []
        return [_Segment(part.name, text, self._env.from_string(text), part.proven, names)
                for text, names in groups]

    def _with_names(self, part: _Part) -> _Segment:
        names = frozenset(meta.find_undeclared_variables(self._env.parse(part.source)))
        return _Segment(part.name, part.source, part.template, part.proven, names)

    def variables(self) -> frozenset[str]:
        """Names the template reads from the context (Jinja's undeclared variables)."""
        if self._variables is None:
            names: set[str] = set()
            for part in (self._body, *self._hf):
                names |= meta.find_undeclared_variables(self._env.parse(part.source))
            self._variables = frozenset(names)
        return self._variables

    # ---------------------------------------------------------------- render
    def _render_part(self, part: _Part, context: Mapping[str, Any]) -> str:
        try:
            xml = part.template.render(context)
        except _BadValue as exc:
            where = _source_excerpt(part.source, _template_lineno(exc))
            raise TemplateError(
                f"{self.name}: {part.name}: một giá trị có ký tự điều khiển U+{ord(exc.char):04X}, "
                f"tệp .docx không chứa được ký tự này: {exc.value[:80]!r}{where}"
            ) from exc
        except SecurityError as exc:  # the sandbox refused something (see _sandbox)
            where = _source_excerpt(part.source, _template_lineno(exc))
            raise TemplateError(f"{self.name}: {part.name}: mẫu bị từ chối: {exc.message}{where}") from exc
        except jinja2.UndefinedError as exc:
            where = _source_excerpt(part.source, _template_lineno(exc))
            raise TemplateError(
                f"{self.name}: {part.name}: thiếu giá trị trong dữ liệu điền vào mẫu: {exc.message}{where}"
            ) from exc
        except jinja2.TemplateError as exc:
            where = _source_excerpt(part.source, _template_lineno(exc))
            raise TemplateError(f"{self.name}: {part.name}: {exc.message or exc}{where}") from exc
        except (TypeError, AttributeError, ValueError) as exc:  # e.g. a loop over a non-list
            where = _source_excerpt(part.source, _template_lineno(exc))
            raise TemplateError(f"{self.name}: {part.name}: giá trị sai trong dữ liệu điền vào mẫu: {exc}{where}") from exc
        # the rest of docxtpl.render_xml_part
        # same as re.sub(r"\n<w:p([ >])", r"<w:p\1", xml), without a Python call per paragraph
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "{_" in xml or "_}" in xml:  # (each replace copies the whole part)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        specials = [c for c in _SPECIALS if c in xml]  # str.find is much faster than a regex here
        if specials:
            xml = self._resolve_listing(xml, specials)
        return xml

    def _resolve_listing(self, xml: str, specials: list[str]) -> str:
        """docxtpl's ``resolve_listing``, applied only to the paragraphs it would change.

        It cuts the XML into paragraphs (``<w:p(?: [^>]*)?>.*?</w:p>``) and rewrites the
        ``\\n \\t \\a \\f`` inside them; a paragraph without those characters stays as it is.
        Here each such character leads to the paragraph around it, which gets the real
        ``resolve_listing``. The cuts are the same as docxtpl's unless paragraphs are nested
        (text boxes); then the whole part goes through ``resolve_listing``."""
        if "txbxContent" in xml:
            return self._helper.resolve_listing(xml)

        def next_special(at: int) -> int:
            found = [j for j in (xml.find(c, at) for c in specials) if j >= 0]
            return min(found) if found else -1

        out: list[str] = []
        pos = 0
        i = next_special(0)
        while i >= 0:
            start = max(xml.rfind("<w:p>", pos, i), xml.rfind("<w:p ", pos, i))
            end = xml.find("</w:p>", start) if start >= 0 else -1
            if start < 0 or end < i:  # not inside a paragraph: resolve_listing leaves it
                i = next_special(i + 1)
                continue
            end += len("</w:p>")
            out.append(xml[pos:start])
            out.append(self._helper.resolve_listing(xml[start:end]))
            pos = end
            i = next_special(end)
        out.append(xml[pos:])
        return "".join(out)

    def _parse(self, part: _Part, xml: bytes) -> etree._Element:
        try:
            return etree.fromstring(xml, parser=_STRICT)
        except etree.XMLSyntaxError as exc:
            raise self._not_well_formed(part, xml, exc) from exc

    def _check_well_formed(self, part: _Part, xml: bytes) -> None:
        """Well-formedness (and bound namespace prefixes) without building a tree: expat is
        about twice as fast as lxml for this."""
        parser = expat.ParserCreate(namespace_separator=" ")
        try:
            parser.Parse(xml, True)
        except expat.ExpatError as exc:
            raise self._not_well_formed(part, xml, exc) from exc

    def _not_well_formed(self, part: _Part, xml: bytes, exc: Exception) -> TemplateError:
        text = xml.decode("utf-8", "replace")
        bad = _XML_INVALID_CHAR.search(text)
        if bad:  # the usual cause: a value holds a control character XML cannot carry
            before = re.sub(r"^[^<]*>", "", text[max(0, bad.start() - 400) : bad.start()])
            after = re.sub(r"<[^>]*$", "", text[bad.end() : bad.end() + 400])
            near = _plain_text(before)[-40:] + bad.group() + _plain_text(after)[:40]
            return TemplateError(
                f"{self.name}: {part.name}: một giá trị có ký tự điều khiển "
                f"U+{ord(bad.group()):04X}, tệp .docx không chứa được ký tự này (gần {near!r})"
            )
        return TemplateError(f"{self.name}: {part.name}: XML sau khi điền mẫu không hợp lệ ({exc})")

    def _render_shared(self, context: WithShared) -> list[tuple[Piece | bytes, bool, bool]]:
        """The body as pieces: segments that read only shared values are rendered once per
        ``Shared`` (kept as a ``Piece``: compressed once too); the others per copy. With each
        piece: does it hold a ``docPr`` (needs renumbering) or a ``\\a``/``\\f`` (needs a parse)."""
        shared = context.shared
        out: list[tuple[Piece | bytes, bool, bool]] = []
        for seg in self._segments:
            if all(context.get(n, _NONE) is shared.get(n, _ALSO_NONE) for n in seg.names):
                if seg.memo_for is not shared:
                    data = self._render_part(seg, context).encode("utf-8")
                    seg.memo = (Piece(data), b"docPr" in data, b"\a" in data or b"\f" in data)
                    seg.memo_for = shared
                    self.shared_renders += 1
                out.append(seg.memo)
            else:
                data = self._render_part(seg, context).encode("utf-8")
                out.append((data, b"docPr" in data, b"\a" in data or b"\f" in data))
        return out

    def _body_member(self, context: Mapping[str, Any]) -> tuple[bytes, int, int]:
        """document.xml for ``context``: (deflated bytes, CRC-32, size)."""
        if isinstance(context, WithShared) and self._segments and not self._check_tables:
            pieces = self._render_shared(context)
            raw = [p.data if isinstance(p, Piece) else p for p, _, _ in pieces]
            if not any(docpr for _, docpr, _ in pieces):
                if not self._body.proven or any(af for _, _, af in pieces):
                    self._check_well_formed(self._body, b"".join(raw))
                return join_pieces([self._head_piece, *(p for p, _, _ in pieces),
                                    self._tail_piece])
            xml = b"".join(raw).decode("utf-8")  # images to renumber: the usual way
        else:
            xml = self._render_part(self._body, context)
        return join_pieces([self._document_xml(xml)])

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Render one document; returns the .docx file's bytes."""
        out = {self._doc_member: self._body_member(context)}
        for part in self._hf:
            out[part.name] = self._hf_member(part, context)
        return self._zip.build([(name, *out[name]) for name in self._rendered_order])

    def _hf_member(self, part: _Segment, context: Mapping[str, Any]) -> tuple[bytes, int, int]:
        """A header or footer: rendered once if it reads nothing (a page number) or only shared
        values, else for each document."""
        key: object = None
        if not part.names:
            key = _STATIC
        elif isinstance(context, WithShared) and all(
                context.get(n, _NONE) is context.shared.get(n, _ALSO_NONE) for n in part.names):
            key = context.shared
        if key is not None and part.memo_for is key:
            return part.memo
        hf_xml = self._render_part(part, context).encode("utf-8")
        member = join_pieces([serialize_part_xml(self._reparse(part, hf_xml))])
        if key is not None:
            part.memo, part.memo_for = member, key
        return member

    def _document_xml(self, xml: str) -> bytes:
        """The whole document part around a rendered body, as docxtpl would write it."""
        data = xml.encode("utf-8")
        if self._check_tables or "docPr" in xml:  # the tree may need changes: do as docxtpl does
            tree = self._parse(self._body, data)
            if self._check_tables and _needs_table_fix(tree):
                tree = self._helper.fix_tables(xml)
            for n, el in enumerate(tree.iter(f"{{{_WP}}}docPr"), start=1001):  # as fix_docpr_ids
                el.attrib["id"] = str(n)
            root = copy.deepcopy(self._shell)
            root.insert(self._body_index, tree)
            doc_bytes = serialize_part_xml(root)
        else:  # nothing to change: splice the text in (no tree, no serialisation)
            if not self._body.proven or "\a" in xml or "\f" in xml:  # \a \f left outside text
                self._check_well_formed(self._body, data)
            doc_bytes = self._doc_head + data + self._doc_tail
        return doc_bytes

    def _reparse(self, part: _Part, xml: bytes) -> etree._Element:
        """As python-docx loads a part docxtpl replaced (XmlPart.load: blank text dropped)."""
        if not part.proven or b"\a" in xml or b"\f" in xml:
            self._parse(part, xml)  # strict first: python-docx's parser would not say what is wrong
        return parse_xml(xml)


@dataclass(eq=False)
class _Segment(_Part):
    """A stretch of the body (see ``CompiledTemplate._split``) and its last shared render."""

    names: frozenset[str] = frozenset()
    memo: Any = None  # body: (Piece, has docPr, has a BEL or FF); header: the member
    memo_for: object = None


_NONE, _ALSO_NONE, _STATIC = object(), object(), object()
_SPLIT_TOKEN = re.compile(
    r"\{%\s*(?P<kw>\w+).*?%\}|\{\{.*?\}\}|\{#.*?#\}|(?P<para><w:p[ >])", re.DOTALL)


_CELL_TAGS = re.compile(r"\{[%{]-?\s*(?:tc|colspan|hm)\b")
_SPECIALS = "\n\t\a\f"  # what docxtpl.resolve_listing turns into breaks, tabs, paragraphs, pages
_XML_INVALID_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STRICT = etree.XMLParser(huge_tree=True, resolve_entities=False)


def _needs_table_fix(tree: etree._Element) -> bool:
    """Would docxtpl's ``fix_tables`` change this body? (Only when a row's cells and the
    table grid disagree, e.g. after ``{%tc for %}``.) Skips a second parse in the usual case."""
    w = f"{{{_W}}}"
    for tbl in tree.iter(f"{w}tbl"):
        grid = tbl.find(f"{w}tblGrid")
        ncols = len(grid.findall(f"{w}gridCol")) if grid is not None else 0
        widest = 0
        for tr in tbl.iter(f"{w}tr"):
            cells = tr.findall(f"{w}tc")
            if len(cells) > ncols:
                return True
            span = 0
            for tc in cells:
                gs = tc.find(f"{w}tcPr/{w}gridSpan")
                span += int(gs.get(f"{w}val")) if gs is not None else 1
            widest = max(widest, span)
        if widest < ncols:
            return True
    return False

