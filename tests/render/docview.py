"""Read a rendered .docx the way a reader sees it: text, and the formatting that applies to it.

Formatting is resolved like Word does for the properties we check: direct run properties, then
the run's character style, then the paragraph's style chain (``basedOn``), then the document
defaults. (Toggle properties are taken from the nearest level that sets them.)
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from hmtn_docs.documents import KINDS as REGISTRY
from hmtn_docs.documents import kind as registry_kind

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "hmtn_docs" / "data" / "templates"
PLANS = ROOT / "plans"
KINDS = tuple(k.name for k in REGISTRY)


@functools.cache
def _bundled_plans() -> tuple:
    from hmtn_docs.load import load_plan

    return tuple(load_plan(folder) for folder in sorted(p.parent for p in PLANS.glob("*/plan.yaml")))


@functools.cache
def _sample(kind: str) -> dict:
    for plan in _bundled_plans():
        context = registry_kind(kind).sample(plan)
        if context is not None:
            return context
    raise AssertionError(f"no bundled plan has a document of kind {kind!r}")


def load_context(kind: str) -> dict:
    """A real render context of the kind: its ``sample`` from the first bundled plan with one
    (what ``hmtn check-template`` lints against), a fresh copy each time."""
    return copy.deepcopy(_sample(kind))


def main_cong_van_context() -> dict:
    """The Hải Phòng Công văn sent to every unit (not a personal copy): its appendix is long."""
    from hmtn_docs.documents import plan_outputs

    plan = next(p for p in _bundled_plans() if p.id == "2022-hai-phong")
    (out,) = [o for o in plan_outputs(plan) if o.kind == "cong-van" and o.group is None]
    return out.context()


def main_cong_van() -> bytes:
    from hmtn_docs._docx import CompiledTemplate

    return CompiledTemplate(TEMPLATES / "cong-van.docx").render(main_cong_van_context())


def has_appendix(kind: str) -> bool:
    """Whether the kind's sample document has an appendix (Phụ lục) section."""
    return bool(_sample(kind).get("appendix_rows"))


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS, "r": R_NS}
MM = 56.7  # twips


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def text_of(el: etree._Element) -> str:
    """Visible text: w:t, with w:br as "\\n" and w:tab as "\\t"."""
    out = []
    for node in el.iter(w("t"), w("br"), w("tab")):
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("br"):
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(w("val"), "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class Fmt:
    size: float | None  # pt
    bold: bool
    italic: bool
    fonts: tuple[tuple[str, str], ...]  # (attribute, font name), e.g. ("ascii", "Times New Roman")

    def font(self, attr: str) -> str | None:
        return dict(self.fonts).get(attr)


class DocView:
    def __init__(self, data: bytes, kind: str = ""):
        self.data = data
        self.kind = kind
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.xml = {n: etree.fromstring(b) for n, b in self.parts.items() if n.endswith((".xml", ".rels"))}
        self.root = self.xml["word/document.xml"]
        self.body = self.root.find(w("body"))
        self.styles = self.xml["word/styles.xml"]
        self._style = {s.get(w("styleId")): s for s in self.styles.iter(w("style"))}

    # ------------------------------------------------------------------ structure
    def paragraphs(self, root: etree._Element | None = None) -> list[etree._Element]:
        return list((self.body if root is None else root).iter(w("p")))

    def body_paragraphs(self) -> list[etree._Element]:
        """Top-level paragraphs of the body (not inside tables)."""
        return self.body.findall(w("p"))

    def tables(self) -> list[etree._Element]:
        return self.body.findall(w("tbl"))

    def find(self, text: str, root: etree._Element | None = None) -> etree._Element:
        for p in self.paragraphs(root):
            if text_of(p) == text:
                return p
        raise AssertionError(f"no paragraph reads {text!r}")

    def style_id(self, p: etree._Element) -> str:
        ps = p.find("w:pPr/w:pStyle", NS)
        return ps.get(w("val")) if ps is not None else "Normal"

    def style_name(self, p: etree._Element) -> str:
        return self._style[self.style_id(p)].find(w("name")).get(w("val"))

    def sect_prs(self) -> list[etree._Element]:
        return list(self.body.iter(w("sectPr")))

    def header_part(self, sect_pr: etree._Element, kind: str) -> etree._Element | None:
        ref = sect_pr.find(f"w:headerReference[@w:type='{kind}']", NS)
        if ref is None:
            return None
        rels = self.xml["word/_rels/document.xml.rels"]
        rid = ref.get(f"{{{R_NS}}}id")
        for rel in rels:
            if rel.get("Id") == rid:
                return self.xml["word/" + rel.get("Target")]
        raise AssertionError(f"dangling header reference {rid}")

    # ------------------------------------------------------------------ formatting
    def _style_chain(self, sid: str | None) -> list[etree._Element]:
        chain = []
        while sid and sid in self._style:
            st = self._style[sid]
            chain.append(st)
            based = st.find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return chain

    def _rpr_levels(self, p: etree._Element, r: etree._Element | None) -> list[etree._Element]:
        levels = []
        if r is not None:
            rpr = r.find(w("rPr"))
            if rpr is not None:
                levels.append(rpr)
                rs = rpr.find(w("rStyle"))
                if rs is not None:
                    levels += [s.find(w("rPr")) for s in self._style_chain(rs.get(w("val")))]
        else:  # the paragraph mark
            rpr = p.find("w:pPr/w:rPr", NS)
            if rpr is not None:
                levels.append(rpr)
        levels += [s.find(w("rPr")) for s in self._style_chain(self.style_id(p))]
        levels.append(self.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS))
        return [lv for lv in levels if lv is not None]

    def _ppr_levels(self, p: etree._Element) -> list[etree._Element]:
        levels = [p.find(w("pPr"))]
        levels += [s.find(w("pPr")) for s in self._style_chain(self.style_id(p))]
        levels.append(self.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS))
        return [lv for lv in levels if lv is not None]

    def run_fmt(self, p: etree._Element, r: etree._Element | None = None) -> Fmt:
        levels = self._rpr_levels(p, r)

        def first(tag):
            for lv in levels:
                el = lv.find(w(tag))
                if el is not None:
                    return el
            return None

        sz = first("sz")
        fonts: dict[str, str] = {}
        for lv in reversed(levels):  # nearer levels override attribute by attribute
            rf = lv.find(w("rFonts"))
            if rf is not None:
                for k, v in rf.attrib.items():
                    fonts[etree.QName(k).localname] = v
        return Fmt(
            size=int(sz.get(w("val"))) / 2 if sz is not None else None,
            bold=bool(_on(first("b"))),
            italic=bool(_on(first("i"))),
            fonts=tuple(sorted(fonts.items())),
        )

    def text_fmt(self, p: etree._Element) -> Fmt:
        """The formatting of the paragraph's text; fails if its runs disagree."""
        runs = [r for r in p.iter(w("r")) if text_of(r)]
        fmts = {self.run_fmt(p, r) for r in runs} if runs else {self.run_fmt(p)}
        assert len(fmts) == 1, f"mixed formatting in {text_of(p)!r}: {fmts}"
        return fmts.pop()

    def ppr(self, p: etree._Element, tag: str, attr: str | None = None):
        """The nearest ``w:<tag>`` (or its ``w:<attr>``) that applies to paragraph ``p``."""
        for lv in self._ppr_levels(p):
            el = lv.find(w(tag))
            if el is None:
                continue
            if attr is None:
                return el
            v = el.get(w(attr))
            if v is not None:
                return v
        return None

    def jc(self, p: etree._Element) -> str:
        return self.ppr(p, "jc", "val") or "left"

    def indent(self, p: etree._Element, which: str) -> int:
        v = self.ppr(p, "ind", which)
        return int(v) if v is not None else 0


def cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(w("tc"))


def rows(tbl: etree._Element) -> list[etree._Element]:
    return tbl.findall(w("tr"))


def twips_to_mm(v: int | str) -> float:
    return int(v) / MM


def edited_template(kind: str, dest: Path, old: str, new: str) -> Path:
    """A copy of a bundled template (at ``dest``) whose ``document.xml`` has ``old`` replaced
    by ``new`` once: what a clerk typing into the template in Word would make."""
    with zipfile.ZipFile(TEMPLATES / f"{kind}.docx") as zin, \
            zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data, f"{old!r} is not in the template"
                data = data.replace(old.encode(), new.encode(), 1)
            zout.writestr(item, data)
    return dest
