"""What a template may do: read its context, test, loop, print. Templates are data, not code.

Templates arrive by e-mail and from shared drives, so a template must not be able to run a
command or to exhaust the machine. Three layers, each enough for code execution on its own:

* A static check of the parsed template (``refusals``), run before anything is compiled
  (``TemplateSandbox.compile``) and reported by ``hmtn check-template``: no attribute or key whose
  name starts with ``_`` (the way out of Jinja into Python: ``x.__class__``, ``__globals__``...);
  no call but ``range()``, ``loop.cycle()`` and ``loop.changed()`` (a context holds data only,
  there is nothing of its own to call); only the filters in ``SAFE_FILTERS``; none of the tags
  that load other templates, define or call macros, capture output or turn escaping off.
* Jinja's sandbox at render time (``ImmutableSandboxedEnvironment``: no ``_`` attributes, no
  interpreter internals, no change to the context's lists and dicts), which also refuses to
  call anything but the three functions above.
* Bounds on what a template can make: ``range()`` of at most ``MAX_RANGE`` items; ``*`` that
  repeats to at most ``MAX_VALUE`` characters or items, ``join``/``replace`` likewise; integers
  of at most ``MAX_INT_BITS`` bits; no ``%`` string formatting (a width makes any length); and
  at most ``MAX_PART_CHARS`` characters of output per part, counted as it is produced, so a
  runaway loop is stopped at the bound rather than after memory runs out.

Not bounded: CPU time (nested loops that print nothing), and values doubled through a long
chain of ``{% set %}``/``{% with %}`` (each step is one bounded operation, the chain is not).
Bounding those needs the render in a child process with resource limits.

A refusal is a ``SecurityError`` (a ``jinja2.TemplateError``) with a Vietnamese message; the
renderer (``_docx.CompiledTemplate``) turns it into a ``TemplateError`` naming the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes, pass_eval_context
from jinja2.filters import FILTERS, do_join, do_replace
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .vi import format_number

__all__ = ["MAX_PART_CHARS", "MAX_RANGE", "MAX_VALUE", "SAFE_FILTERS", "Refusal",
           "TemplateRefused", "TemplateSandbox", "refusals"]

MAX_RANGE = 10_000  # items of one range(); the bundled templates use none
MAX_VALUE = 1_000_000  # characters or items of one value made by *, join or replace
MAX_INT_BITS = 4_096  # about 1,200 decimal digits
# Rendered XML of one part (document body, a header...). The largest real documents: a letter
# with 1,000 units in its appendix, 0.9 million characters; the Hưng Yên Kế hoạch (48 drives),
# 0.14 million, and about 2,600 more per drive: the bound is a Kế hoạch of some 38,000 drives.
MAX_PART_CHARS = 100_000_000

# Filters whose result is at most about as large as their input (join and replace are checked
# before they run). Left out: those that make any size from a number (center, indent, format,
# wordwrap, batch, slice), sum (quadratic on lists), safe (turns escaping off, so a value could
# insert Word XML), attr (reads any attribute by name), random (a document must not depend on
# chance), and pprint, tojson, urlencode, urlize, xmlattr, filesizeformat (no use in a letter).
SAFE_FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
    "forceescape", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map",
    "max", "min", "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr",
    "sort", "string", "striptags", "title", "trim", "truncate", "unique", "upper", "wordcount",
})
_CALLS = "range(), loop.cycle() và loop.changed()"
_LOOP_HELPERS = frozenset({"cycle", "changed"})
# Tags that load other templates, define or call macros, capture output (which would escape the
# output bound), or turn autoescaping off; with the keyword the clerk sees in Word.
_TAGS = {
    nodes.Extends: "extends", nodes.Include: "include", nodes.Import: "import",
    nodes.FromImport: "from", nodes.Macro: "macro", nodes.CallBlock: "call",
    nodes.FilterBlock: "filter", nodes.AssignBlock: "set", nodes.Block: "block",
    nodes.EvalContextModifier: "autoescape",
}
_TAG_OPEN = r"\{%-?(?:p|tr|tc|r)?\s*"  # {% or docxtpl's {%p {%tr {%tc {%r


# --------------------------------------------------------------------------- static check
@dataclass(frozen=True)
class Refusal:
    """Something a template may not do: where (line of the parsed source), what, and a pattern
    that finds it in the text of the paragraph that holds it (for ``check-template``)."""

    lineno: int
    message: str
    pattern: re.Pattern


def _text(node: nodes.Node) -> str:
    """An expression as the template spells it, near enough to recognise it."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Call):
        return f"{_text(node.node)}(…)"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return "…"


def _word(name: str, after: str = "") -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(name) + (after or r"(?!\w)"))


def _allowed_call(call: nodes.Call) -> bool:
    f = call.node
    if isinstance(f, nodes.Name):
        return f.name == "range"
    return (isinstance(f, nodes.Getattr) and isinstance(f.node, nodes.Name)
            and f.node.name == "loop" and f.attr in _LOOP_HELPERS)


def _private(name: str) -> str:
    return (f"'{name}': mẫu không được đọc tên bắt đầu bằng '_' "
            "(phần bên trong của Python, không phải dữ liệu)")


def _in_text_order(node: nodes.Node):
    """Every node under ``node``, in the order the template's text has them (``a.b(c)``:
    ``a``, ``.b``, the call, ``c``), which Jinja's pre-order ``find_all`` does not give."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter)):
        if node.node is not None:  # a {% filter %} block's filter has none
            yield from _in_text_order(node.node)
        yield node
        for child in node.iter_child_nodes(exclude=("node",)):
            yield from _in_text_order(child)
    else:
        yield node
        for child in node.iter_child_nodes():
            yield from _in_text_order(child)


def refusals(ast: nodes.Template) -> list[Refusal]:
    """Everything in the parsed template that a template may not do, in the order written.

    >>> from jinja2 import Environment
    >>> for r in refusals(Environment().parse("{{ x.__class__ }}{{ y|center(9) }}")):
    ...     print(r.message)
    '__class__': mẫu không được đọc tên bắt đầu bằng '_' (phần bên trong của Python, không phải dữ liệu)
    bộ lọc 'center' không được dùng trong mẫu
    >>> refusals(Environment().parse("{% for r in rows %}{{ loop.cycle('a', 'b') }}{{ r.no }}"
    ...                              "{% endfor %}{% for i in range(3) %}{{ i }}{% endfor %}"))
    []
    """
    found: list[Refusal] = []
    for node in _in_text_order(ast):
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                found.append(Refusal(node.lineno, _private(node.attr), _word(node.attr)))
        elif isinstance(node, nodes.Getitem):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if isinstance(key, str) and key.startswith("_"):
                found.append(Refusal(node.lineno, _private(key), _word(key)))
        elif isinstance(node, nodes.Call):
            if not _allowed_call(node):
                found.append(_call_refusal(node))
        elif isinstance(node, nodes.Filter):
            if node.name not in SAFE_FILTERS:
                found.append(Refusal(node.lineno,
                                     f"bộ lọc '{node.name}' không được dùng trong mẫu",
                                     re.compile(r"\|\s*" + re.escape(node.name) + r"(?!\w)")))
        elif isinstance(node, tuple(_TAGS)):
            kw = next(k for cls, k in _TAGS.items() if isinstance(node, cls))
            found.append(Refusal(node.lineno, f"thẻ '{kw}' không được dùng trong mẫu (mẫu không "  # type: ignore[attr-defined]  # one of _TAGS' node classes
                                 "nạp mẫu khác, không định nghĩa macro, không gom nội dung vào "
                                 "biến, không tắt việc thoát ký tự)",
                                 re.compile(_TAG_OPEN + kw + r"\b")))
    return found


def _call_refusal(call: nodes.Call) -> Refusal:
    callee = call.node
    last = (callee.name if isinstance(callee, nodes.Name) else
            callee.attr if isinstance(callee, nodes.Getattr) else
            callee.arg.value if isinstance(callee, nodes.Getitem)
            and isinstance(callee.arg, nodes.Const) else None)
    # the name right before "(" (or "']("), else any ")(" as in x()()
    pattern = (_word(str(last), r"""['"]?\]?\s*\(""") if last is not None
               else re.compile(r"\)\s*\("))
    return Refusal(call.lineno, f"'{_text(callee)}(…)': mẫu không được gọi hàm; chỉ được dùng "
                   f"{_CALLS}", pattern)


class TemplateRefused(jinja2.TemplateAssertionError):
    """The static check found something a template may not do (the first one)."""


# --------------------------------------------------------------------------- bounds
def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most ``MAX_RANGE`` items, refused before any is made.

    >>> len(bounded_range(3, 10))
    7
    >>> bounded_range(10**9)
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: range() cho 1.000.000.000 phần tử, quá giới hạn 10.000 phần tử
    """
    rng = range(*args)
    try:
        n = len(rng)
    except OverflowError:  # more items than a C integer holds
        n = None
    if n is None or n > MAX_RANGE:
        shown = format_number(n) if n is not None else "quá nhiều"
        raise SecurityError(f"range() cho {shown} phần tử, quá giới hạn "
                            f"{format_number(MAX_RANGE)} phần tử")
    return rng


def _flat_size(value: Any, budget: int) -> int:
    """Characters and items ``value`` stands for once printed (shared lists count each time
    they appear, as ``str()`` writes them), counted up to a little past ``budget``."""
    total, stack = 0, [value]
    while stack and total <= budget:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, (list, tuple, set, frozenset, dict)):
            total += len(v)
            if total <= budget:
                stack.extend(v.items() if isinstance(v, dict) else v)
        else:
            total += 1
    return total


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} cho hơn {format_number(MAX_VALUE)} ký tự hoặc phần tử")


def _int_too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} cho số lớn hơn giới hạn {format_number(MAX_INT_BITS)} bit")


def _check_product(left: Any, right: Any) -> None:
    """``left * right``: a number of bounded size, or a repetition of bounded length (a list
    of lists counted as printed: ``[[0] * 1000] * 1000`` is a million)."""
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _int_too_big("phép nhân '*'")
        return
    seq, times = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and times > 1 and (
            len(seq) * times > MAX_VALUE
            or (not isinstance(seq, str)
                and _flat_size(seq, MAX_VALUE // times) * times > MAX_VALUE)):
        raise _too_big("phép nhân '*'")


def _check_power(base: Any, exp: Any) -> None:
    if (isinstance(base, int) and isinstance(exp, int) and exp > 0 and abs(base) > 1
            and base.bit_length() * exp > MAX_INT_BITS):
        raise _int_too_big("phép lũy thừa '**'")


@pass_eval_context
def _bounded_join(eval_ctx, value, d: str = "", attribute=None):
    items = list(value) if not isinstance(value, str) else value
    if _flat_size([items, d], MAX_VALUE) + len(str(d)) * len(items) > MAX_VALUE:
        raise _too_big("bộ lọc 'join'")
    return do_join(eval_ctx, items, d, attribute)


@pass_eval_context
def _bounded_replace(eval_ctx, s, old, new, count=None):
    text, old_s, new_s = str(s), str(old), str(new)
    hits = text.count(old_s)
    if count is not None and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * (len(new_s) - len(old_s)) > MAX_VALUE:
        raise _too_big("bộ lọc 'replace'")
    return do_replace(eval_ctx, s, old, new, count)


class BoundedTemplate(jinja2.Template):
    """A template whose ``render()`` stops once the output passes ``MAX_PART_CHARS``."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        try:
            return _bounded_concat(self.root_render_func(ctx))
        except Exception:
            self.environment.handle_exception()  # re-raises, with template line numbers


def _bounded_concat(chunks) -> str:
    limit = MAX_PART_CHARS
    out: list[str] = []
    append = out.append
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise SecurityError(f"nội dung sau khi điền mẫu dài hơn giới hạn "
                                f"{format_number(limit)} ký tự cho một phần của tệp .docx")
        append(chunk)
    return "".join(out)


# --------------------------------------------------------------------------- the environment
class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the static check, the bounds and the filters above."""

    template_class = BoundedTemplate
    # Checked in call_binop; intercepting them also keeps Jinja's optimizer from computing
    # {{ 'a' * 10**10 }} while compiling.
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        # range() alone: no lipsum (text of any length), namespace (a value that grows over the
        # turns of a loop), dict, cycler or joiner (nothing a letter needs)
        self.globals.clear()
        self.globals["range"] = bounded_range
        self.filters = {name: FILTERS[name] for name in SAFE_FILTERS}
        self.filters["join"] = _bounded_join
        self.filters["replace"] = _bounded_replace

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Every template is compiled here (``from_string`` too): refuse before compiling."""
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        found = refusals(source)
        if found:
            raise TemplateRefused(found[0].message, found[0].lineno, name, filename)
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_product(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            raise SecurityError("định dạng chuỗi bằng '%' không được dùng trong mẫu "
                                "(hãy in giá trị bằng {{ }})")
        try:
            return self.binop_table[operator](left, right)
        except OverflowError as exc:  # float ** float
            raise SecurityError(f"phép tính '{operator}' cho số quá lớn") from exc

    def is_safe_callable(self, obj: Any) -> bool:
        if obj is bounded_range:
            return True
        return (isinstance(getattr(obj, "__self__", None), LoopContext)
                and getattr(obj, "__name__", None) in _LOOP_HELPERS)

    def call(self, context, obj, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):
            name = getattr(obj, "__name__", type(obj).__name__)
            raise SecurityError(f"'{name}(…)': mẫu không được gọi hàm; chỉ được dùng {_CALLS}")
        return context.call(obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(
            f"'{attribute}' của một giá trị kiểu {type(obj).__name__}: mẫu không được đọc "
            "phần bên trong của Python hay sửa dữ liệu",
            name=attribute, obj=obj, exc=SecurityError)
