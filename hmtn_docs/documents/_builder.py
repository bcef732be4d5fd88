"""The ND30 template pieces every kind shares, and the assembly of a template .docx.

A kind's module declares its template as a ``TemplateSpec``: the body and (optional) appendix
XML, written with the functions here (``header_block``, ``type_name_block``, ``kinh_gui_block``,
``signature_block``, ``appendix_heading`` ...). ``build(spec)`` turns it into an ordinary .docx
(``tools/make_templates.py`` writes them to ``hmtn_docs/data/templates/``).

A clerk may open a template in Word or LibreOffice and change the look by editing the named
styles ("HMTN Body", "HMTN Mục", "HMTN Nơi nhận", ...): every paragraph of a kind uses one
style, no paragraph carries direct formatting.

Templates hold no computation. Every string arrives preformatted in the render context (see
``_nd30.py`` and each kind's module); the template only places it. The Jinja used is:
``{{ x }}``; ``{%p for %}`` / ``{%tr for %}`` loops; ``{%p if %}`` / ``{%tr if %}`` dispatch
over a block's ``kind`` (and presence tests for optional parts); and ``{% vmerge expr %}`` in a
table cell (our extension: writes ``<w:vMerge w:val="restart|continue"/>``, see
``hmtn_docs/_docx.py``).

Layout follows Nghị định 30/2020/NĐ-CP (see ../shared/specs/nd30-format.md): A4, margins
T20 B20 L30 R15 mm, Times New Roman, header block in a borderless two-column table, page number
centred in the page header and hidden on page 1, an appendix in its own section with its own
page numbering.

Only ``build`` needs python-docx; the rest is plain strings, so importing a kind stays cheap.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape as _html_escape


def escape(text: str) -> str:
    """``&``, ``<``, ``>`` as XML entities (xml.sax.saxutils would pull in urllib at start-up)."""
    return _html_escape(text, quote=False)

FONT = "Times New Roman"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# ------------------------------------------------------------------ page geometry (twips)
MM = 56.7  # twips per millimetre
A4_W, A4_H = 11906, 16838
MARGIN_T = MARGIN_B = 1134  # 20 mm
MARGIN_L = 1701  # 30 mm
MARGIN_R = 851  # 15 mm
HEADER_DIST = FOOTER_DIST = 567  # 10 mm: the page number sits in the top margin
TEXT_W = A4_W - MARGIN_L - MARGIN_R  # 9354 = 165 mm
TEXT_W_LANDSCAPE = A4_H - MARGIN_L - MARGIN_R  # 14286 = 252 mm

# Header block (Mẫu 1.4 uses 67.5 + 100 mm on a 155 mm text width; ours is 165 mm wide, so the
# left column gives up 2.5 mm). The right cell has no padding: 100 mm holds the Quốc hiệu,
# bold 13 pt, 95.7 mm wide, on one line.
HDR_LEFT = 3686  # 65 mm
HDR_RIGHT = TEXT_W - HDR_LEFT  # 5668 ≈ 100 mm
# Signature block: Nơi nhận on the left, quyền hạn / chức vụ / họ tên on the right.
SIG_LEFT = 3969  # 70 mm
SIG_RIGHT = TEXT_W - SIG_LEFT  # 5385 = 95 mm

RULE_ISSUER = round(18.5 * MM)  # 1/3–1/2 of a 37–56 mm issuer line ("TỈNH HƯNG YÊN" … "THÀNH PHỐ HẢI PHÒNG")
RULE_MOTTO = round(60.5 * MM)  # "Độc lập - Tự do - Hạnh phúc", bold 14 pt, is 60.5 mm wide
RULE_SUBJECT = round(50 * MM)  # 1/3–1/2 of a trích yếu line
RULE_APPENDIX = round(40 * MM)

KINH_GUI_INDENT = 1985  # 35 mm, as in Mẫu 1.5
KINH_GUI_WIDTH = 988  # "Kính gửi" in TNR 14 pt: the dashes of the list start under the colon

SIGN_SPACE = round(25 * MM)  # room for the signature and the seal


# ------------------------------------------------------------------ styles
@dataclass
class PStyle:
    sid: str
    name: str
    based: str = "Normal"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    jc: str | None = None
    first_line: int | None = None
    left: int | None = None
    right: int | None = None
    before: int | None = None
    after: int | None = None
    line: int | None = None
    line_rule: str = "auto"
    keep_next: bool = False
    keep_lines: bool = False
    top_rule: bool = False
    underline: bool = False

    def xml(self) -> str:
        ppr = []
        if self.keep_next:
            ppr.append("<w:keepNext/>")
        if self.keep_lines:
            ppr.append("<w:keepLines/>")
        if self.top_rule:
            ppr.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
        sp = []
        if self.before is not None:
            sp.append(f'w:before="{self.before}"')
        if self.after is not None:
            sp.append(f'w:after="{self.after}"')
        if self.line is not None:
            sp.append(f'w:line="{self.line}" w:lineRule="{self.line_rule}"')
        if sp:
            ppr.append(f"<w:spacing {' '.join(sp)}/>")
        ind = []
        if self.left is not None:
            ind.append(f'w:left="{self.left}"')
        if self.right is not None:
            ind.append(f'w:right="{self.right}"')
        if self.first_line is not None:
            ind.append(f'w:firstLine="{self.first_line}"')
        if ind:
            ppr.append(f"<w:ind {' '.join(ind)}/>")
        if self.jc:
            ppr.append(f'<w:jc w:val="{self.jc}"/>')
        return (
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{self.sid}">'
            f'<w:name w:val="{escape(self.name)}"/><w:basedOn w:val="{self.based}"/>'
            f'<w:qFormat/><w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{_rpr(self.size, self.bold, self.italic)}'
            f'{UNDERLINE if self.underline else ""}</w:rPr>'
            f"</w:style>"
        )


UNDERLINE = '<w:u w:val="single"/>'


def _rpr(size: float | None, bold: bool | None, italic: bool | None) -> str:
    out = []
    if bold is not None:
        out.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic is not None:
        out.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if size is not None:
        hp = round(size * 2)
        out.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return "".join(out)


# 1.1 lines (ND30: single to 1.5). At 1.15 the Hải Phòng Công văn's last request and signature
# missed page 1 by a few points and left a third of it empty.
BODY_LINE = 264
RULE = dict(size=1, line=20, line_rule="exact", before=60, after=0, jc=None)  # 3 pt under the text


def paragraph_styles(appendix_text_w: int) -> list[PStyle]:
    def rule(sid, name, width, container, after=0):
        side = (container - width) // 2
        return PStyle(sid, name, left=side, right=side, top_rule=True, **{**RULE, "after": after})

    return [
        # header block (ô 1–5b)
        PStyle("HMTNCoQuanChuQuan", "HMTN Cơ quan chủ quản", size=13, bold=False, jc="center"),
        PStyle("HMTNCoQuanBanHanh", "HMTN Cơ quan ban hành", size=13, bold=True, jc="center"),
        rule("HMTNGachCoQuan", "HMTN Gạch dưới cơ quan", RULE_ISSUER, HDR_LEFT),
        PStyle("HMTNSo", "HMTN Số ký hiệu", size=13, jc="center", before=120),
        PStyle("HMTNVV", "HMTN Trích yếu công văn", size=13, jc="center", before=120),
        PStyle("HMTNQuocHieu", "HMTN Quốc hiệu", size=13, bold=True, jc="center"),
        PStyle("HMTNTieuNgu", "HMTN Tiêu ngữ", size=14, bold=True, jc="center"),
        rule("HMTNGachTieuNgu", "HMTN Gạch dưới tiêu ngữ", RULE_MOTTO, HDR_RIGHT),
        # party style (docs/layout-party.md): the heading, underlined along its own length, and
        # the stars under the issuing body
        PStyle("HMTNTieuDe", "HMTN Tiêu đề (Đảng, Đoàn)", size=15, bold=True, jc="center", underline=True),
        PStyle("HMTNSao", "HMTN Dấu sao", size=14, bold=False, jc="center"),
        PStyle("HMTNDiaDanh", "HMTN Địa danh ngày tháng", size=14, italic=True, jc="center", before=120),
        # tên loại, trích yếu (ô 5a)
        PStyle("HMTNTenLoai", "HMTN Tên loại", size=14, bold=True, jc="center", before=360, keep_next=True),
        PStyle("HMTNTrichYeu", "HMTN Trích yếu", size=14, bold=True, jc="center", keep_next=True),
        rule("HMTNGachTrichYeu", "HMTN Gạch dưới trích yếu", RULE_SUBJECT, TEXT_W, after=240),
        # Kính gửi (ô 9a)
        PStyle("HMTNKinhGui", "HMTN Kính gửi", size=14, jc="center", before=120),
        PStyle("HMTNKinhGuiNhan", "HMTN Kính gửi (nhãn)", size=14, jc="left", before=120, first_line=KINH_GUI_INDENT),
        PStyle("HMTNKinhGuiMuc", "HMTN Kính gửi (mục)", size=14, jc="left", left=KINH_GUI_INDENT + KINH_GUI_WIDTH),
        PStyle("HMTNCach", "HMTN Khoảng cách", size=6, line=120, line_rule="exact", before=0, after=0),
        # body (ô 6)
        PStyle("HMTNBody", "HMTN Body", size=14, jc="both", first_line=720, before=0, after=120, line=BODY_LINE),
        PStyle("HMTNMuc", "HMTN Mục", based="HMTNBody", bold=True, keep_next=True),
        PStyle("HMTNKhoan", "HMTN Khoản", based="HMTNBody", bold=True, keep_next=True),
        PStyle("HMTNDiem", "HMTN Điểm", based="HMTNBody"),
        PStyle("HMTNBullet", "HMTN Bullet", based="HMTNBody"),
        PStyle("HMTNThang", "HMTN Tháng", based="HMTNBody", bold=True, keep_next=True),
        PStyle("HMTNDot", "HMTN Đợt hiến máu", based="HMTNBody", bold=True, italic=True, keep_next=True),
        PStyle("HMTNTruong", "HMTN Thông tin đợt", based="HMTNBody"),
        # the body's last paragraph travels with the signature: a signature alone on a page is
        # refused at registration
        PStyle("HMTNKetThuc", "HMTN Đoạn cuối", based="HMTNBody", keep_next=True, keep_lines=True),
        # signature block (ô 7, 9b)
        PStyle("HMTNNoiNhan", "HMTN Nơi nhận", size=12, bold=True, italic=True, jc="left", keep_next=True),
        PStyle("HMTNNoiNhanMuc", "HMTN Nơi nhận (mục)", size=11, bold=False, italic=False, jc="left"),
        PStyle("HMTNKy", "HMTN Ký (quyền hạn, chức vụ)", size=14, bold=True, jc="center", keep_next=True),
        PStyle("HMTNChoKy", "HMTN Chỗ ký", size=14, line=SIGN_SPACE, line_rule="exact", keep_next=True),
        PStyle("HMTNNguoiKy", "HMTN Người ký", size=14, bold=True, jc="center"),
        # appendix
        PStyle("HMTNPhuLuc", "HMTN Phụ lục", size=14, bold=True, jc="center", keep_next=True),
        PStyle("HMTNPhuLucTen", "HMTN Phụ lục (tên)", size=14, bold=True, jc="center", keep_next=True),
        PStyle("HMTNPhuLucKemTheo", "HMTN Phụ lục (kèm theo)", size=14, italic=True, jc="center", keep_next=True),
        rule("HMTNGachPhuLuc", "HMTN Gạch dưới phụ lục", RULE_APPENDIX, appendix_text_w, after=240),
        PStyle("HMTNBangTieuDe", "HMTN Bảng (tiêu đề)", size=13, bold=True, jc="center", before=40, after=40),
        PStyle("HMTNBang", "HMTN Bảng", size=13, jc="left", before=40, after=40),
        PStyle("HMTNBangGiua", "HMTN Bảng (giữa)", size=13, jc="center", before=40, after=40),
        PStyle("HMTNBangDam", "HMTN Bảng (đậm)", size=13, bold=True, jc="left", before=40, after=40),
        PStyle("HMTNBangGiuaDam", "HMTN Bảng (giữa, đậm)", size=13, bold=True, jc="center", before=40, after=40),
        # page header, section ends
        PStyle("HMTNSoTrang", "HMTN Số trang", size=14, bold=False, jc="center"),
        PStyle("HMTNNgat", "HMTN Ngắt phần", size=1, line=20, line_rule="exact", before=0, after=0),
    ]


CHAR_STYLES = [
    ("HMTNNhanTruong", "HMTN Nhãn thông tin", False),
    ("HMTNGiaTriTruong", "HMTN Giá trị thông tin", False),
    ("HMTNNghieng", "HMTN Nghiêng", True),  # the *italic* parts of a paragraph
]

FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'


def styles_xml(appendix_text_w: int) -> str:
    parts = [
        f'<w:styles {W}>',
        "<w:docDefaults><w:rPrDefault><w:rPr>",
        FONTS,
        '<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
        '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>',
        "</w:rPr></w:rPrDefault>",
        '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>',
        "</w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl/></w:pPr>'
        f'<w:rPr>{FONTS}<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    ]
    for sid, name, italic in CHAR_STYLES:
        parts.append(
            f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{escape(name)}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/><w:rPr>{_rpr(None, None, italic)}</w:rPr></w:style>'
        )
    for st in paragraph_styles(appendix_text_w):
        parts.append(st.xml())
    parts.append("</w:styles>")
    return "".join(parts)


# ------------------------------------------------------------------ body building blocks
def run(text: str, rstyle: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def text(style: str, s: str = "") -> str:
    return para(style, run(s)) if s else para(style)


def spans_para(style: str, var: str) -> str:
    """A paragraph of runs from a list of ``{text, italic}`` (``var``), each italic one in the
    "HMTN Nghiêng" character style."""
    return para(style, run(f"{{%r for s in {var} %}}"), run("{%r if s.italic %}"),
                run("{{ s.text }}", "HMTNNghieng"), run("{%r else %}"), run("{{ s.text }}"),
                run("{%r endif %}"), run("{%r endfor %}"))


def tag(s: str) -> str:
    """A paragraph holding only a docxtpl control tag (removed when rendering)."""
    return para("Normal", run(s))


def cell(width: int, content: str, *, span: int = 1, valign: str | None = None) -> str:
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if valign:
        tcpr += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def row(cells: list[str], *, header: bool = False, cant_split: bool = True) -> str:
    trpr = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f'<w:tr>{f"<w:trPr>{trpr}</w:trPr>" if trpr else ""}{"".join(cells)}</w:tr>'


def heading_row(widths: list[int], headings: list[str]) -> str:
    """A table's heading row (repeated on every page it spans)."""
    return row([cell(w, text("HMTNBangTieuDe", h), valign="center")
                for w, h in zip(widths, headings, strict=True)], header=True)


def field_row(widths: list[int], fields: list[tuple[str, str]]) -> str:
    """A looped row: each cell one paragraph of ``style`` showing ``{{ r.<name> }}``."""
    return row([cell(w, text(style, f"{{{{ r.{name} }}}}"), valign="center")
                for w, (style, name) in zip(widths, fields, strict=True)])


def tag_row(widths: list[int], s: str) -> str:
    return row([cell(sum(widths), tag(s), span=len(widths))], cant_split=False)


def table(widths: list[int], rows: list[str], *, borders: bool, pad: int | None = None) -> str:
    edge = '"single" w:sz="4" w:space="0" w:color="000000"' if borders else '"nil"'
    b = "".join(f"<w:{e} w:val={edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    mar = ""
    if pad is not None:
        mar = (
            f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/>'
            f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
        )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{b}</w:tblBorders><w:tblLayout w:type="fixed"/>{mar}'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def header_block(subject_line: bool = False) -> str:
    """ô 1-4 in a borderless two-column table; a công văn's ``V/v`` goes under its Số line."""
    left_top = "".join(
        [
            tag("{%p for line in parent_lines %}"),
            text("HMTNCoQuanChuQuan", "{{ line }}"),
            tag("{%p endfor %}"),
            tag("{%p for line in issuer_lines %}"),
            text("HMTNCoQuanBanHanh", "{{ line }}"),
            tag("{%p endfor %}"),
            tag("{%p if party %}"),
            text("HMTNSao", "***"),
            tag("{%p else %}"),
            text("HMTNGachCoQuan"),
            tag("{%p endif %}"),
        ]
    )
    # ND30: Quốc hiệu and Tiêu ngữ; party style: the organisation's heading, underlined
    right_top = "".join(
        [
            tag("{%p if party %}"),
            tag("{%p for line in heading_lines %}"),
            text("HMTNTieuDe", "{{ line }}"),
            tag("{%p endfor %}"),
            tag("{%p else %}"),
            text("HMTNQuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            text("HMTNTieuNgu", "Độc lập - Tự do - Hạnh phúc"),
            text("HMTNGachTieuNgu"),
            tag("{%p endif %}"),
        ]
    )
    left_bottom = text("HMTNSo", "{{ number_line }}")
    if subject_line:
        left_bottom += text("HMTNVV", "{{ subject_line }}")
    right_bottom = text("HMTNDiaDanh", "{{ place_date }}")
    widths = [HDR_LEFT, HDR_RIGHT]
    return table(
        widths,
        [
            row([cell(HDR_LEFT, left_top), cell(HDR_RIGHT, right_top)]),
            row([cell(HDR_LEFT, left_bottom), cell(HDR_RIGHT, right_bottom)]),
        ],
        borders=False,
        pad=0,
    )


def type_name_block() -> str:
    """ô 5a: the type name, the trích yếu and the rule under it, centred on the page."""
    return "".join([text("HMTNTenLoai", "{{ doc_type }}"), text("HMTNTrichYeu", "{{ subject }}"),
                    text("HMTNGachTrichYeu")])


def kinh_gui_block() -> str:
    """ô 9a: "Kính gửi: X" on one line, or the label and one line per addressee; nothing when
    the context has neither (kinds where Kính gửi is optional)."""
    return "".join(
        [
            tag("{%p if to_inline %}"),
            text("HMTNKinhGui", "{{ to_inline }}"),
            tag("{%p endif %}"),
            tag("{%p if to_list %}"),
            text("HMTNKinhGuiNhan", "Kính gửi:"),
            tag("{%p for line in to_list %}"),
            text("HMTNKinhGuiMuc", "{{ line }}"),
            tag("{%p endfor %}"),
            tag("{%p endif %}"),
        ]
    )


# Body block kinds after "field" (a drive's details, the commonest, is tested first).
BODY_KINDS = [
    ("para", "HMTNBody"),
    ("request", "HMTNBody"),  # a công văn's numbered requests: body text
    ("muc", "HMTNMuc"),
    ("khoan", "HMTNKhoan"),
    ("diem", "HMTNDiem"),
    ("bullet", "HMTNBullet"),
    ("month", "HMTNThang"),
    ("drive", "HMTNDot"),
]


SPAN_KINDS = ("para", "request", "bullet")  # blocks that may have italic parts (``b.spans``)


def body_blocks(var: str = "body", fields: bool = True) -> str:
    """ô 6: the body as a list of blocks, each styled by its ``kind`` (mục I., khoản 1.,
    điểm a), bullets; with ``fields``, also "- Label: value" lines in two runs)."""
    out = [tag(f"{{%p for b in {var} %}}")]
    kinds = list(BODY_KINDS)
    if fields:
        out += [tag("{%p if b.kind == 'field' %}"),
                para("HMTNTruong", run("{{ b.label }}", "HMTNNhanTruong"),
                     run("{{ b.value }}", "HMTNGiaTriTruong"))]
    else:
        first_kind, first_style = kinds.pop(0)
        out += [tag(f"{{%p if b.kind == '{first_kind}' %}}"), spans_para(first_style, "b.spans")]
    for kind, style in kinds:
        out.append(tag(f"{{%p elif b.kind == '{kind}' %}}"))
        out.append(spans_para(style, "b.spans") if kind in SPAN_KINDS else text(style, "{{ b.text }}"))
    out += [tag("{%p endif %}"), tag("{%p endfor %}")]
    return "".join(out)


def signature_block() -> str:
    """The body's closing paragraph, then Nơi nhận (ô 9b) beside the signature (ô 7)."""
    left = "".join(
        [
            text("HMTNNoiNhan", "Nơi nhận:"),
            tag("{%p for line in recipients %}"),
            text("HMTNNoiNhanMuc", "{{ line }}"),
            tag("{%p endfor %}"),
        ]
    )
    right = "".join(
        [
            tag("{%p for line in sign_lines %}"),
            text("HMTNKy", "{{ line }}"),
            tag("{%p endfor %}"),
            text("HMTNChoKy"),
            text("HMTNNguoiKy", "{{ signer_name }}"),
        ]
    )
    signature = table(
        [SIG_LEFT, SIG_RIGHT], [row([cell(SIG_LEFT, left), cell(SIG_RIGHT, right)])], borders=False, pad=0
    )
    # A joint (liên tịch) document: the co-issuer's signature on the left, the lead issuer's on
    # the right, side by side; Nơi nhận under both.
    co = "".join(
        [
            tag("{%p for line in co_sign_lines %}"),
            text("HMTNKy", "{{ line }}"),
            tag("{%p endfor %}"),
            text("HMTNChoKy"),
            text("HMTNNguoiKy", "{{ co_signer_name }}"),
        ]
    )
    joint = table(
        [SIG_LEFT, SIG_RIGHT], [row([cell(SIG_LEFT, co), cell(SIG_RIGHT, right)]),
                                row([cell(SIG_LEFT + SIG_RIGHT, text("HMTNCach") + left, span=2)])],
        borders=False, pad=0,
    )
    signature = (tag("{%p if one_signer %}") + signature + tag("{%p else %}") + joint
                 + tag("{%p endif %}"))
    # The body's last paragraph and the signature table share one row that cannot split, so the
    # signature never stands alone on a page (LibreOffice ignores "keep with next" before a
    # table). A cell must end with a paragraph, hence the thin spacer after the inner table.
    inner = spans_para("HMTNKetThuc", "closing_spans") + text("HMTNCach") + signature + text("HMTNNgat")
    # The outer grid repeats the inner one (one cell spanning both columns): docxtpl's table
    # fix-up counts nested rows too, and would otherwise widen the outer grid on every render.
    outer = [SIG_LEFT, SIG_RIGHT]
    return table(outer, [row([cell(sum(outer), inner, span=2)])], borders=False, pad=0)


def appendix_heading() -> str:
    """"Phụ lục", its title, the "(Kèm theo ...)" line and a rule, centred."""
    return "".join(
        [
            text("HMTNPhuLuc", "{{ appendix_heading }}"),
            text("HMTNPhuLucTen", "{{ appendix_title }}"),
            text("HMTNPhuLucKemTheo", "{{ appendix_ref }}"),
            text("HMTNGachPhuLuc"),
        ]
    )


# ------------------------------------------------------------------ document assembly
@dataclass(frozen=True)
class TemplateSpec:
    """How a kind's template is made: its body and, if it has one, its appendix section."""

    name: str  # the kind, e.g. "cong-van" (the template's identifier)
    title: str  # e.g. "Công văn" (the template's title in Word)
    body: Callable[[], str]  # section 1: body-level XML
    appendix: Callable[[], str] | None = None  # section 2, on a new page, numbered from 1
    landscape_appendix: bool = False
    # the appendix section is left out when the context's ``appendix_rows`` is empty. Only for
    # a portrait appendix: the document then takes the appendix section's page settings.
    optional_appendix: bool = False


PAGE_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def _frag(xml: str):
    """Parse a run of body-level elements."""
    from docx.oxml import parse_xml

    root = parse_xml(f"<w:body {W}>{xml}</w:body>")
    return list(root)


def _set_page(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_H * 635, A4_W * 635  # EMU per twip = 635
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_W * 635, A4_H * 635
    section.top_margin, section.bottom_margin = MARGIN_T * 635, MARGIN_B * 635
    section.left_margin, section.right_margin = MARGIN_L * 635, MARGIN_R * 635
    section.header_distance, section.footer_distance = HEADER_DIST * 635, FOOTER_DIST * 635
    section.gutter = 0


def _page_number_headers(section) -> None:
    """Page number centred in the header; an empty first-page header hides it on page 1."""
    from docx.oxml import parse_xml

    section.different_first_page_header_footer = True
    hdr = section.header
    hdr.is_linked_to_previous = False
    p = hdr.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    p.append(parse_xml(f'<w:pPr {W}><w:pStyle w:val="HMTNSoTrang"/></w:pPr>'))
    for r in _frag(f"<w:p>{PAGE_FIELD}</w:p>")[0]:
        p.append(r)
    first = section.first_page_header
    first.is_linked_to_previous = False
    p = first.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    p.append(parse_xml(f'<w:pPr {W}><w:pStyle w:val="HMTNSoTrang"/></w:pPr>'))


def _insert_before_sectpr(body, elements) -> None:
    from docx.oxml.ns import qn

    sect_pr = body.find(qn("w:sectPr"))
    for el in elements:
        sect_pr.addprevious(el)


def _clean_package(doc) -> None:
    """Drop what python-docx's default template carries but a template does not need."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    part = doc.part
    for rId, rel in list(part.rels.items()):
        # numbering.xml only held python-docx's sample lists (with Symbol bullets): nothing here
        # uses lists, and Word adds the part again when a clerk makes one.
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.WEB_SETTINGS, RT.NUMBERING):
            del part.rels[rId]
    pkg_rels = part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rId]
    # Theme fonts: Times New Roman too, so nothing falls back to Calibri/Cambria.
    for rel in part.rels.values():
        if rel.reltype == RT.THEME:
            theme = rel.target_part
            blob = theme.blob.decode("utf-8")
            for old in ('typeface="Calibri"', 'typeface="Cambria"'):
                blob = blob.replace(f"<a:latin {old}", f'<a:latin typeface="{FONT}"')
            theme._blob = blob.encode("utf-8")
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:  # declare only the font the documents use
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                f'<w:fonts {W}><w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/>'
                '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
            ).encode()
    settings = doc.settings.element
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), "vi-VN")
    for el in settings.findall(qn("w:proofState")) + settings.findall(qn("w:rsids")):
        settings.remove(el)


def build(spec: TemplateSpec) -> bytes:
    """The template .docx of ``spec``; the same spec always gives the same bytes."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    from .._combine import restart_numbering  # lxml: not for check, which imports the kinds

    if spec.optional_appendix and spec.landscape_appendix:
        raise ValueError(f"{spec.name}: an optional appendix must be portrait (see TemplateSpec)")
    doc = Document()
    _clean_package(doc)
    new_styles = parse_xml(styles_xml(TEXT_W_LANDSCAPE if spec.landscape_appendix else TEXT_W))
    old = doc.styles.element
    for child in list(old):
        old.remove(child)
    for child in list(new_styles):
        old.append(child)

    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)

    # section 1: the document
    s1 = doc.sections[0]
    _set_page(s1, landscape=False)
    _page_number_headers(s1)
    body_xml = spec.body()
    if spec.optional_appendix:  # the section break opens the appendix: both go together
        body_xml += tag("{%p if appendix_rows %}")
    _insert_before_sectpr(body, _frag(body_xml))

    if spec.appendix is not None:
        # section 2: the appendix, on a new page, numbered from 1
        doc.add_section(WD_SECTION.NEW_PAGE)
        brk = body.findall(qn("w:p"))[-1]
        brk.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {W} w:val="HMTNNgat"/>'))
        s2 = doc.sections[1]
        _set_page(s2, landscape=spec.landscape_appendix)
        _page_number_headers(s2)
        restart_numbering(s2._sectPr)
        end = tag("{%p endif %}") if spec.optional_appendix else ""
        _insert_before_sectpr(body, _frag(spec.appendix() + text("HMTNNgat") + end))
    else:
        _insert_before_sectpr(body, _frag(text("HMTNNgat")))

    cp = doc.core_properties
    cp.title = f"Mẫu {spec.title} (hmtn-docs)"
    cp.subject = "Vận động hiến máu tình nguyện"
    cp.author = "hmtn-docs"
    cp.comments = "Tạo bởi tools/make_templates.py. Sửa kiểu chữ qua các kiểu đoạn (style) tên HMTN."
    cp.identifier = f"hmtn-{spec.name}"
    cp.language = "vi-VN"
    cp.keywords = "HMTN; Nghị định 30/2020/NĐ-CP"
    cp.last_modified_by = "hmtn-docs"
    cp.revision = 1
    fixed = dt.datetime(2024, 1, 1)
    cp.created = cp.modified = fixed

    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic_zip(buf.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Same input, same bytes: fixed timestamps so the committed templates diff cleanly."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()
