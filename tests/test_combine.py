"""All personalised letters in one .docx: the same document as before, written as a stream.

The reference is the way letters used to be joined (every letter parsed and kept, the bodies
moved into the first letter's tree, the whole file serialised at the end): the streamed file
must hold the same document.xml, as canonical XML, for the 35 Hải Phòng letters.
"""

from __future__ import annotations

import copy
import gc
import io
import os
import sys
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from hmtn_docs import UserError, load_plan
from hmtn_docs import _combine
from hmtn_docs._combine import CombinedDocx, combine_docx
from hmtn_docs._docx import CompiledTemplate
from hmtn_docs.build import templates_dir
from hmtn_docs.documents.cong_van import context as letter_context
from hmtn_docs.vi import format_number

from render.docview import DocView, text_of, w

ROOT = Path(__file__).resolve().parent.parent
HAI_PHONG = ROOT / "plans" / "2022-hai-phong"


@pytest.fixture(scope="module")
def hai_phong():
    return load_plan(HAI_PHONG)


@pytest.fixture(scope="module")
def allocations(hai_phong):
    letter = hai_phong.data.letters[0]
    return next(d for d in hai_phong.data.drives if d.id == letter.drive).allocations


@pytest.fixture(scope="module")
def letters(hai_phong, allocations) -> list[bytes]:
    """The 35 personalised copies of the Hải Phòng công văn, one per unit, in plan order."""
    letter = hai_phong.data.letters[0]
    tpl = CompiledTemplate(templates_dir() / "cong-van.docx")
    return [tpl.render(letter_context(hai_phong, letter, unit=a.unit)) for a in allocations]


@pytest.fixture(scope="module")
def streamed(letters, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("combined") / "tung-don-vi.docx"
    with path.open("wb") as fh, CombinedDocx(fh) as out:
        for data in letters:
            out.add(data)
    return path


def _document_xml(docx_bytes: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return z.read("word/document.xml")


def _joined_trees(parts: list[bytes]) -> bytes:
    """document.xml as the previous in-memory join made it (kept here as the reference)."""
    sect = w("sectPr")
    trees = [etree.fromstring(_document_xml(p)) for p in parts]
    bodies = [list(tree.find(w("body"))) for tree in trees]
    base = trees[0]
    body = base.find(w("body"))
    for child in bodies[0]:
        body.remove(child)
    for i, children in enumerate(bodies):
        final = children[-1] if children and children[-1].tag == sect else None
        for child in children:
            if child is not final:
                body.append(child)
        if final is None:
            continue
        if i < len(trees) - 1:
            p = etree.SubElement(body, w("p"))
            etree.SubElement(p, w("pPr")).append(copy.deepcopy(final))
        else:
            body.append(final)
    for s in body.iter(sect):
        _combine.restart_numbering(s)
    return etree.tostring(base, xml_declaration=True, encoding="UTF-8", standalone=True)


def _canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_streamed_letters_make_the_same_document_as_joining_them_in_memory(letters, streamed):
    assert _canonical(_document_xml(streamed.read_bytes())) == \
        _canonical(_joined_trees(letters))


def test_combined_file_keeps_the_first_letters_other_parts_in_order(letters, streamed):
    with zipfile.ZipFile(io.BytesIO(letters[0])) as first, zipfile.ZipFile(streamed) as out:
        assert out.testzip() is None
        assert out.namelist() == first.namelist()
        for name in first.namelist():
            if name != "word/document.xml":
                assert out.read(name) == first.read(name), name


def test_combine_docx_gives_the_streamed_file_for_letters_in_memory(letters, streamed):
    assert combine_docx(letters) == streamed.read_bytes()


def test_every_letter_keeps_its_sections_each_numbered_from_1(letters, streamed):
    per_letter = len(docx.Document(io.BytesIO(letters[0])).sections)
    assert per_letter == 2  # the letter, then its appendix
    assert len(docx.Document(str(streamed)).sections) == per_letter * len(letters)
    sects = DocView(streamed.read_bytes()).sect_prs()
    assert len(sects) == per_letter * len(letters)
    assert [s.find(w("pgNumType")).get(w("start")) for s in sects] == ["1"] * len(sects)


def test_each_letters_quota_sentence_appears_in_plan_order(hai_phong, allocations, streamed):
    text = "\n".join(text_of(p) for p in DocView(streamed.read_bytes()).paragraphs())
    text = text.replace("\xa0", " ")  # "Sở Lao động\xa0- Thương binh": no line starts with "-"
    found = []
    for alloc in allocations:
        sentence = (f"Chỉ tiêu giao cho {hai_phong.data.units[alloc.unit].name} là "
                    f"{format_number(alloc.quota)} đơn vị máu")
        assert text.count(sentence) == 1, sentence
        found.append(text.index(sentence))
    assert found == sorted(found)


class _WriteOnly:
    """A stream that cannot seek or tell, as a pipe."""

    def __init__(self):
        self.buf = io.BytesIO()

    def write(self, data) -> int:
        return self.buf.write(data)

    def flush(self) -> None:
        pass


def test_letters_can_be_combined_into_a_stream_that_cannot_seek(letters, streamed):
    pipe = _WriteOnly()
    with CombinedDocx(pipe) as out:
        for data in letters:
            out.add(data)
    with zipfile.ZipFile(io.BytesIO(pipe.buf.getvalue())) as z:
        assert z.testzip() is None
        assert z.read("word/document.xml") == _document_xml(streamed.read_bytes())


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_memory_after_200_letters_is_what_it_was_after_20(letters, tmp_path):
    """The writer keeps nothing of a letter once it is written: growing from 20 letters to 200
    adds neither Python objects (tracemalloc) nor parsed trees (libxml2 memory, seen in RSS)."""
    def fresh_copies(n: int):
        for i in range(n):  # a new bytes object each time, as a render loop makes them
            yield bytes(bytearray(letters[i % len(letters)]))

    used = {}
    tracemalloc.start()
    try:
        with (tmp_path / "out.docx").open("wb") as fh, CombinedDocx(fh) as out:
            for data in fresh_copies(200):
                out.add(data)
                del data
                if out.count in (20, 200):
                    gc.collect()
                    used[out.count] = (tracemalloc.get_traced_memory()[0], _rss())
    finally:
        tracemalloc.stop()
    letter_size = len(_document_xml(letters[0]))  # about 45 KB
    assert used[200][0] - used[20][0] < 10 * letter_size  # 180 letters kept would be 180x
    assert used[200][1] - used[20][1] < 8 * 2**20  # 180 kept trees: about 60 MB


def test_an_error_while_combining_leaves_the_file_to_the_caller(letters, tmp_path):
    unraisable = []
    hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        fh = (tmp_path / "out.docx").open("wb")
        with pytest.raises(zipfile.BadZipFile):
            with CombinedDocx(fh) as out:
                out.add(letters[0])
                out.add(letters[1])
                written = fh.tell()
                out.add(b"not a .docx")
        assert fh.tell() == written  # nothing written after the error
        fh.close()
        del out
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert unraisable == []  # the unfinished zip did not try to write into the closed file


def test_a_combined_file_over_the_zip_size_limit_is_a_user_error(letters, tmp_path, monkeypatch):
    monkeypatch.setattr(_combine, "BODY_LIMIT", len(_document_xml(letters[0])) * 5 // 2)
    with pytest.raises(UserError) as err:
        with (tmp_path / "out.docx").open("wb") as fh, CombinedDocx(fh) as out:
            for data in letters:
                out.add(data)
    assert str(err.value) == ("tệp gộp các bản công văn vượt quá 2 GB từ bản thứ 3, Word không "
                              "mở được tệp lớn như vậy; hãy bỏ --combined và in từng tệp")


def test_nothing_to_combine_is_a_bug_not_an_empty_file(tmp_path):
    with pytest.raises(ValueError, match="nothing to combine"):
        with (tmp_path / "out.docx").open("wb") as fh, CombinedDocx(fh):
            pass
