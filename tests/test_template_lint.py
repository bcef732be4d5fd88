"""``hmtn check-template`` finds what a Word edit can break in a template, and where."""

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from hmtn_docs._template_lint import lint_template
from hmtn_docs.cli import main
from hmtn_docs.cli.check_template import sample_context

ROOT = Path(__file__).resolve().parent.parent
CONG_VAN = ROOT / "hmtn_docs" / "data" / "templates" / "cong-van.docx"
KE_HOACH = ROOT / "hmtn_docs" / "data" / "templates" / "ke-hoach.docx"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _edited(tmp_path: Path, source: Path, edit) -> Path:
    """A copy of ``source`` whose document.xml went through ``edit`` (as Word might do)."""
    out = tmp_path / source.name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                new = edit(data.decode("utf-8"))
                assert new != data.decode("utf-8"), "the edit changed nothing"
                data = new.encode("utf-8")
            zout.writestr(item, data)
    return out


def _messages(path: Path) -> list[str]:
    return [str(f) for f in lint_template(path, sample_context(path))]


def test_bundled_templates_pass_the_lint():
    assert _messages(CONG_VAN) == []
    assert _messages(KE_HOACH) == []


def test_cli_reports_ok_for_bundled_templates(capsys):
    assert main(["check-template", str(CONG_VAN), str(KE_HOACH)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "hmtn_docs/data/templates/cong-van.docx: hợp lệ",
        "hmtn_docs/data/templates/ke-hoach.docx: hợp lệ"]


def test_renamed_variable_is_reported_with_its_paragraph(tmp_path):
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("signer_name", "signer_nam", 1))
    msgs = _messages(bad)
    assert len(msgs) == 1
    assert re.fullmatch(r"document\.xml, bảng \d+, hàng \d+, ô \d+ \(“\{\{ signer_nam \}\}”\): "
                        r"biến 'signer_nam' không có trong dữ liệu điền vào mẫu "
                        r"\(chỉ có: .*signer_name.*\)", msgs[0]), msgs[0]


def test_unknown_attribute_of_a_loop_item_is_reported(tmp_path):
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("r.quota", "r.quotas", 1))
    msgs = _messages(bad)
    assert len(msgs) == 1
    assert "'r.quotas': các mục của 'appendix_rows' không có 'quotas' (chỉ có: name, no, " \
           "quota, slot)" in msgs[0]


def test_tag_split_over_two_paragraphs_is_reported(tmp_path):
    # Word pressed Enter inside the tag: '{{ signer_' ends one paragraph, 'name }}' starts the next
    def split(xml: str) -> str:
        return re.sub(r"\{\{ signer_name \}\}",
                      "{{ signer_</w:t></w:r></w:p><w:p><w:r><w:t>name }}", xml, count=1)
    msgs = _messages(_edited(tmp_path, CONG_VAN, split))
    assert any("(“{{ signer_”): '{{' và '}}' không khớp nhau trong đoạn này" in m
               for m in msgs), msgs


def test_curly_quotes_inside_a_tag_are_reported(tmp_path):
    bad = _edited(tmp_path, CONG_VAN,
                  lambda x: x.replace("{%p if to_inline %}", "{%p if to_inline == “” %}", 1))
    msgs = _messages(bad)
    assert any("dấu nháy cong trong '{%p if to_inline == “” %}'" in m for m in msgs), msgs


def test_tag_split_over_runs_is_accepted(tmp_path):
    # Word's spell-checker splits runs inside a tag; docxtpl's clean-up copes with that.
    def runs(xml: str) -> str:
        return xml.replace("{{ signer_name }}",
                           "{{ signer_</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
                           "<w:r><w:t>name }}", 1)
    assert _messages(_edited(tmp_path, CONG_VAN, runs)) == []


def test_unclosed_block_is_a_syntax_error(tmp_path):
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("{%p endif %}", "", 1))
    msgs = _messages(bad)
    assert any(m.startswith("document.xml: lỗi cú pháp mẫu: ") for m in msgs), msgs


def test_cli_exits_1_and_names_the_template_file(tmp_path, capsys):
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("signer_name", "signer_nam", 1))
    assert main(["check-template", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}: document.xml, bảng ")


def test_not_a_docx_is_a_clear_message(tmp_path, capsys):
    fake = tmp_path / "x.docx"
    fake.write_text("hello")
    assert main(["check-template", str(fake)]) == 1
    assert "không phải tệp .docx" in capsys.readouterr().err


# ---------------------------------------------------------------- templates are data, not code
_CELL = r"document\.xml, bảng \d+, hàng \d+, ô \d+ \(“{}”\): "
_PRIVATE = "mẫu không được đọc tên bắt đầu bằng '_' (phần bên trong của Python, không phải dữ liệu)"
_NO_CALLS = "mẫu không được gọi hàm; chỉ được dùng range(), loop.cycle() và loop.changed()"


def test_a_template_that_would_run_a_command_is_reported_and_nothing_runs(tmp_path, capsys):
    marker = tmp_path / "ran"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("{{ signer_name }}", payload, 1))
    assert main(["check-template", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no "hợp lệ"
    messages = [line.split("”): ", 1)[1] for line in captured.err.splitlines()]
    assert messages == [
        f"'__init__': {_PRIVATE}",
        f"'__globals__': {_PRIVATE}",
        f"'cycler.__init__.__globals__.os.popen(…)': {_NO_CALLS}",
        f"'cycler.__init__.__globals__.os.popen(…).read(…)': {_NO_CALLS}",
    ]
    assert all(line.startswith(f"{bad}: document.xml, bảng ") for line in captured.err.splitlines())
    assert not marker.exists()


@pytest.mark.parametrize("tag, name", [("{{ signer_name.__class__ }}", "__class__"),
                                       ("{{ signer_name['_secret'] }}", "_secret")])
def test_a_name_starting_with_underscore_is_reported_with_its_paragraph(tmp_path, tag, name):
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("{{ signer_name }}", tag, 1))
    msgs = _messages(bad)
    assert len(msgs) == 1
    assert re.fullmatch(_CELL.format(re.escape(tag)) + re.escape(f"'{name}': {_PRIVATE}"),
                        msgs[0]), msgs[0]


def test_calls_filters_and_tags_outside_the_safe_set_are_reported_loops_and_range_are_not(
        tmp_path):
    tags = ("{{ signer_name.upper() }}{{ signer_name|center(80) }}{% set s %}x{% endset %}"
            "{% for i in range(3) %}{{ loop.cycle('a', 'b') }}{{ i|string|upper }}{% endfor %}")
    bad = _edited(tmp_path, CONG_VAN, lambda x: x.replace("{{ signer_name }}", tags, 1))
    msgs = [m.split("”): ", 1)[1] for m in _messages(bad)]
    assert msgs[:3] == [
        f"'signer_name.upper(…)': {_NO_CALLS}",
        "bộ lọc 'center' không được dùng trong mẫu",
        "thẻ 'set' không được dùng trong mẫu (mẫu không nạp mẫu khác, không định nghĩa macro, "
        "không gom nội dung vào biến, không tắt việc thoát ký tự)",
    ]
    # the signature sits in one branch of "one signer or two" (joint documents): Jinja then
    # reads a name set inside that branch from the data, where it is missing
    assert [m.split(" (chỉ có")[0] for m in msgs[3:]] == [
        "biến 's' không có trong dữ liệu điền vào mẫu"]
