"""Values are data: XML specials and Jinja syntax in them come out literally."""

from __future__ import annotations

from lxml import etree

from .docview import text_of


def test_ampersand_in_a_unit_name_appears_literally(cv):
    cv.find("Ngành Giáo dục & ĐT Hải Phòng")


def test_angle_brackets_quotes_and_ampersand_appear_literally(render_with):
    closing = ('Các đơn vị gửi danh sách, ghi rõ "Đơn vị <tên đơn vị> & số người đăng ký"; '
               "đơn vị có < 10 người đi cùng đoàn của ngành, có > 100 người chia hai lượt./.")

    def change(ctx):
        ctx["closing_spans"] = [{"text": closing, "italic": False}]

    doc = render_with("cong-van", change)
    assert text_of(doc.find(closing)) == closing


def test_recipients_with_ampersands_survive(cv):
    cv.find("- Các Sở: YT, GD&ĐT;")
    cv.find("- Phòng NC&KTGS;")


def test_jinja_syntax_in_a_value_is_not_evaluated(render_with):
    tricky = "{{ signer_name }} {% if true %}x{% endif %} {# c #} {_{ y }_}"

    def change(ctx):
        ctx["body"][0]["spans"] = [{"text": tricky, "italic": False}]
        ctx["subject"] = "<w:p>không phải XML</w:p> & \"trích\" 'yếu'"

    doc = render_with("ke-hoach", change)
    texts = [text_of(p) for p in doc.paragraphs()]
    # docxtpl turns "{_{" back into "{{" after rendering (its escape for literal braces)
    assert "{{ signer_name }} {% if true %}x{% endif %} {# c #} {{ y }}" in texts
    assert "<w:p>không phải XML</w:p> & \"trích\" 'yếu'" in texts


def test_every_rendered_xml_part_is_well_formed(rendered):
    import io
    import zipfile

    for kind, data in rendered.items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(z.read(name))  # raises if not
