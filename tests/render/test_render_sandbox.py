"""Templates are data, not code: the renderer refuses what could run a command or exhaust the
machine, names the template and what it refused, and runs nothing (issue 9, finding 2)."""

from __future__ import annotations

import copy
import io
import tracemalloc
import zipfile

import jinja2
import pytest

from hmtn_docs import _sandbox
from hmtn_docs._docx import CompiledTemplate, HmtnDocxTemplate
from hmtn_docs.errors import TemplateError, UserError

from .docview import edited_template, load_context

SIGNER = "{{ signer_name }}"  # one run of text in a table cell of cong-van.docx
PRIVATE = "mẫu không được đọc tên bắt đầu bằng '_' (phần bên trong của Python, không phải dữ liệu)"
MB = 1024 * 1024


def _payload(marker) -> str:
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def _hostile(tmp_path, tag: str):
    return edited_template("cong-van", tmp_path / "cong-van.docx", SIGNER, tag)


def _render_refused(path, ctx=None) -> tuple[str, int]:
    """Render ``path``; the TemplateError's message and the peak of memory allocated."""
    ct = CompiledTemplate(path)
    ctx = load_context("cong-van") if ctx is None else ctx
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError) as exc:
            ct.render(ctx)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(exc.value, UserError)  # the CLI prints it and exits 1, no traceback
    return str(exc.value), peak


def test_a_template_that_would_run_a_command_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    path = _hostile(tmp_path, _payload(marker))
    with pytest.raises(TemplateError) as exc:
        CompiledTemplate(path).render(load_context("cong-van"))
    assert str(exc.value).startswith(
        f"{path}: word/document.xml: mẫu bị từ chối: '__init__': {PRIVATE} "
        "(tại \"{{ cycler.__init__.__globals__.os.popen(")
    assert not marker.exists()


def test_the_reference_renderer_renders_in_the_same_sandbox(tmp_path):
    marker = tmp_path / "ran"
    tpl = HmtnDocxTemplate(_hostile(tmp_path, _payload(marker)))
    with pytest.raises(jinja2.TemplateError, match="'__init__': mẫu không được đọc"):
        tpl.render(load_context("cong-van"), autoescape=True)
    assert not marker.exists()


def test_a_name_computed_at_render_time_cannot_reach_python_internals(tmp_path):
    path = _hostile(tmp_path, "{{ signer_name[key] }}")
    ctx = {**load_context("cong-van"), "key": "__class__"}
    message, _ = _render_refused(path, ctx)
    assert message == (f"{path}: word/document.xml: mẫu bị từ chối: '__class__' của một giá trị "
                       "kiểu str: mẫu không được đọc phần bên trong của Python hay sửa dữ liệu "
                       "(tại \"{{ signer_name[key] }}{% else %}{% for line in co_sign_lines %}\")")


def test_a_call_the_static_check_lets_through_is_refused_when_it_runs(tmp_path):
    # range() is allowed by name; here the name holds something else by the time it is called
    path = _hostile(tmp_path, "{% set range = recipients.copy %}{{ range() }}")
    message, _ = _render_refused(path)
    assert message.startswith(f"{path}: word/document.xml: mẫu bị từ chối: 'copy(…)': mẫu không "
                              "được gọi hàm; chỉ được dùng range(), loop.cycle() và loop.changed()")


def test_a_loop_over_a_billion_is_refused_before_it_starts(tmp_path):
    path = _hostile(tmp_path, "{% for x in range(10**9) %}{{ x }}{% endfor %}")
    message, peak = _render_refused(path)
    assert message == (f"{path}: word/document.xml: mẫu bị từ chối: range() cho 1.000.000.000 "
                       "phần tử, quá giới hạn 10.000 phần tử "
                       "(tại \"{% for x in range(10**9) %}{{ x }}{% endfor %}{% else %}{% for line in "
                       "co_sign_lines %}\")")
    assert peak < 20 * MB  # the loop would have printed some 9 GB


def test_output_is_stopped_at_the_bound_not_after(tmp_path, monkeypatch):
    monkeypatch.setattr(_sandbox, "MAX_PART_CHARS", 1_000_000)
    path = _hostile(tmp_path, "{% for a in range(10000) %}{% for b in range(10000) %}"
                              "{{ signer_name }}{% endfor %}{% endfor %}")
    message, peak = _render_refused(path)
    assert message == (f"{path}: word/document.xml: mẫu bị từ chối: nội dung sau khi điền mẫu "
                       "dài hơn giới hạn 1.000.000 ký tự cho một phần của tệp .docx")
    assert peak < 50 * MB  # 10^8 signer names: more than a gigabyte


@pytest.mark.parametrize("tag, refused", [
    ("{{ 'ab' * 10**9 }}", "phép nhân '*' cho hơn 1.000.000 ký tự hoặc phần tử"),
    ("{{ [[0] * 1000] * 1000 }}", "phép nhân '*' cho hơn 1.000.000 ký tự hoặc phần tử"),
    ("{{ 10 ** 100000 }}", "phép lũy thừa '**' cho số lớn hơn giới hạn 4.096 bit"),
    ("{{ '%999999999d' % 1 }}", "định dạng chuỗi bằng '%' không được dùng trong mẫu "
                                "(hãy in giá trị bằng {{ }})"),
    ("{{ range(10000)|join('-' * 1000) }}", "bộ lọc 'join' cho hơn 1.000.000 ký tự hoặc phần tử"),
], ids=["string repeat", "nested list repeat", "power", "percent width", "join"])
def test_values_that_would_grow_without_bound_are_refused(tmp_path, tag, refused):
    path = _hostile(tmp_path, tag)
    message, peak = _render_refused(path)
    assert message.startswith(f"{path}: word/document.xml: mẫu bị từ chối: {refused}")
    assert peak < 20 * MB


def test_the_output_bound_is_far_above_the_largest_real_document(compiled, contexts):
    # a công văn to 1,000 units: the largest part a real plan renders (0.9 million characters)
    ctx = copy.deepcopy(contexts["cong-van"])
    rows = ctx["appendix_rows"]
    ctx["appendix_rows"] = [{**rows[i % len(rows)], "no": str(i + 1)} for i in range(1000)]
    data = compiled["cong-van"].render(ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tr") > 1000
    assert 50 * len(xml) < _sandbox.MAX_PART_CHARS
