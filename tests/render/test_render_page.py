"""Page set-up of the rendered documents: paper, margins, font, page numbers, sections."""

from __future__ import annotations


from .docview import NS, has_appendix, text_of, w

A4 = (11906, 16838)


def _pg(sect):
    sz = sect.find(w("pgSz"))
    return int(sz.get(w("w"))), int(sz.get(w("h"))), sz.get(w("orient"), "portrait")


def test_document_has_two_sections_the_appendix_last(appendix_doc):
    sects = appendix_doc.sect_prs()
    assert len(sects) == 2
    # the first one ends the main text (in a paragraph), the second is the body's own
    assert sects[0].getparent().tag == w("pPr")
    assert sects[1].getparent() is appendix_doc.body


def test_a_document_without_appendix_is_one_section(any_doc):
    sects = any_doc.sect_prs()
    assert len(sects) == (2 if has_appendix(any_doc.kind) else 1)
    assert sects[-1].getparent() is any_doc.body


def test_main_text_is_a4_portrait_with_nd30_margins(any_doc):
    sect = any_doc.sect_prs()[0]
    assert _pg(sect) == (*A4, "portrait")
    mar = sect.find(w("pgMar"))
    got = {k: int(mar.get(w(k))) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": 1134, "bottom": 1134, "left": 1701, "right": 851}  # 20/20/30/15 mm


def test_ke_hoach_appendix_section_is_landscape_a4(kh):
    assert _pg(kh.sect_prs()[1]) == (A4[1], A4[0], "landscape")


def test_cong_van_appendix_section_is_portrait_a4(cv):
    assert _pg(cv.sect_prs()[1]) == (*A4, "portrait")


def test_appendix_starts_a_new_page_numbered_from_one(appendix_doc):
    appendix = appendix_doc.sect_prs()[1]
    kind = appendix.find(w("type"))
    assert kind is None or kind.get(w("val")) == "nextPage"
    assert appendix.find(w("pgNumType")).get(w("start")) == "1"
    assert appendix_doc.sect_prs()[0].find(w("pgNumType")) is None  # main text starts at 1 anyway


def test_page_number_is_a_centred_page_field_in_the_header_14pt(any_doc):
    for sect in any_doc.sect_prs():  # the main text, and the appendix if there is one
        hdr = any_doc.header_part(sect, "default")
        assert hdr is not None, "no default header"
        instr = "".join(t.text for t in hdr.iter(w("instrText")))
        assert instr.split() == ["PAGE"]
        assert [f.get(w("fldCharType")) for f in hdr.iter(w("fldChar"))] == ["begin", "separate", "end"]
        (p,) = hdr.findall(w("p"))
        assert any_doc.jc(p) == "center"
        fmt = any_doc.run_fmt(p, p.find(w("r")))
        assert fmt.size == 14 and not fmt.bold and not fmt.italic


def test_first_page_has_an_empty_header_so_no_number_on_page_one(any_doc):
    for sect in any_doc.sect_prs():
        assert sect.find(w("titlePg")) is not None
        first = any_doc.header_part(sect, "first")
        assert first is not None, "the first-page header must exist (else Word inherits one)"
        assert text_of(first) == ""
        assert first.find(f".//{w('fldChar')}") is None and first.find(f".//{w('fldSimple')}") is None


def test_each_section_has_its_own_header_parts(appendix_doc):
    main, appendix = appendix_doc.sect_prs()
    ids = lambda s: {r.get(w("type")): r.get(f"{{{NS['r']}}}id") for r in s.findall(w("headerReference"))}
    assert set(ids(main)) == set(ids(appendix)) == {"default", "first"}
    assert not set(ids(main).values()) & set(ids(appendix).values())


def test_every_font_is_times_new_roman(any_doc):
    defaults = any_doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert defaults.get(w(attr)) == "Times New Roman"
    for name, root in any_doc.xml.items():
        for rf in root.iter(w("rFonts")):
            for key, value in rf.attrib.items():
                local = key.split("}")[1]
                assert not local.endswith("Theme"), f"{name}: theme font {local}={value}"
                assert value == "Times New Roman", f"{name}: font {local}={value}"


def test_every_text_run_resolves_to_times_new_roman(any_doc):
    for p in any_doc.paragraphs():
        for r in p.iter(w("r")):
            if text_of(r):
                fmt = any_doc.run_fmt(p, r)
                assert {fmt.font(k) for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}


def test_text_is_black(any_doc):
    assert any_doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:color", NS).get(w("val")) == "000000"
    for name, root in any_doc.xml.items():
        for c in root.iter(w("color")):
            assert c.get(w("val")) in ("000000", "auto"), name

