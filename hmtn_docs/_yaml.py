"""Safe YAML loading that remembers where every value came from.

PyYAML's composer gives us nodes with marks; we build plain Python data from them ourselves
so that we can (1) record the file/line/column of every key and value by path, (2) refuse
duplicate keys, (3) stop alias bombs and oversized files early, and (4) normalise text to NFC.
Only the safe tags of YAML 1.1 (as PyYAML's SafeLoader resolves them) are accepted.
"""

from __future__ import annotations

import calendar
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, display_path
from .vi import format_number

try:  # the C composer is much faster; marks are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]

# libyaml's words for the commonest slips, completed with what the clerk can do about them
_HINTS = {
    "mapping values are not allowed in this context":
        "văn bản có ': ' phải đặt trong dấu nháy; hoặc dòng này thụt lề sai",
    "did not find expected key":
        "hãy kiểm tra thụt lề của dòng này và xem mọi dấu nháy đã được đóng chưa",
    "could not find expected ':'":
        "mỗi dòng phải có dạng 'khóa: giá trị'; hãy kiểm tra cả dòng bên trên",
    "did not find expected ',' or '}'":
        "thiếu dấu '}' đóng? văn bản có ',' hoặc ':' bên trong {...} phải đặt trong dấu nháy",
    "did not find expected ',' or ']'":
        "thiếu dấu ']' đóng? văn bản có ',' hoặc ':' bên trong [...] phải đặt trong dấu nháy",
}

_PLAIN: dict[type[yaml.Node], str] = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}

_BIDI = "ký tự điều khiển hướng chữ"

# Zero-width and bidi controls that a paste from Word/Excel can carry invisibly.
_INVISIBLE = {
    "\u200b": "dấu cách không độ rộng",
    "\u200c": "ký tự ngăn nối không độ rộng",
    "\u200d": "ký tự nối không độ rộng",
    "\u2060": "ký tự nối từ",
    "\ufeff": "dấu thứ tự byte (BOM)",
    "\u00ad": "dấu gạch nối mềm",
    "\u202a": _BIDI, "\u202b": _BIDI, "\u202c": _BIDI, "\u202d": _BIDI, "\u202e": _BIDI,
    "\u2066": _BIDI, "\u2067": _BIDI, "\u2068": _BIDI, "\u2069": _BIDI,
}
# one look at each text for any of them, or a control character (Unicode's Cc, bar line breaks
# and tabs): a scan character by character was a tenth of loading a plan
_SUSPECT = re.compile("[" + "".join(_INVISIBLE) + "\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Mark:
    """Where a value was typed: a YAML line and column, or a spreadsheet cell (``line`` is then
    the row and ``col`` the column number, so problems sort in reading order, and ``cell`` the
    cell as the clerk finds it, ``Sheet!C12``)."""

    file: str
    line: int
    col: int
    cell: str = ""

    @property
    def place(self) -> str:
        """``file:line``, or ``file:Sheet!C12``: where a message sends the clerk."""
        return f"{self.file}:{self.cell or self.line}"


@dataclass
class YamlDoc:
    """Data of one YAML file plus the mark of every value (and key) by path."""

    file: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)


class _Invalid:
    """Stands for a value that could not be read; its problem is already reported."""

    def __repr__(self) -> str:
        return "<invalid value>"


INVALID = _Invalid()


class _TooBig(Exception):
    def __init__(self, message: str, mark: Mark | None = None):
        super().__init__(message)
        self.mark = mark


def _too_many() -> str:
    # a function, not a constant: Babel's locale data loads only when a file is refused
    return f"quá nhiều giá trị (hơn {format_number(MAX_NODES)})"


_TOO_DEEP = f"lồng nhau sâu quá {MAX_DEPTH} cấp"
_ALIAS_BOMB = ": không chấp nhận alias mở rộng không giới hạn (kiểu tệp 'billion laughs')"


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mark(file: str, m: yaml.Mark) -> Mark:
    return Mark(file, m.line + 1, m.column + 1)


def path_text(path: Path_) -> str:
    """``('drives', 3, 'quota')`` -> ``drives[3].quota``.

    >>> path_text(('drives', 3, 'quota'))
    'drives[3].quota'
    >>> path_text(())
    ''
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Load one YAML file; return its data with marks, and every problem found."""
    file = display_path(path)
    problems: list[Problem] = []
    try:
        with path.open("rb") as f:  # never read more than the limit of a huge file
            raw = f.read(MAX_BYTES + 1)
            size = os.fstat(f.fileno()).st_size
    except OSError as exc:
        return None, [Problem(file, 1, 1, "", f"không đọc được tệp: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        size_text = format_number(max(size, len(raw)))
        return None, [Problem(file, 1, 1, "", f"tệp có {size_text} byte; tệp kế hoạch tối đa "
                                              f"{format_number(MAX_BYTES)} byte")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "", "tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng UTF-8")]
    try:
        # libyaml's composer recurses in C and crashes the process on very deep nesting
        # ("- - - - ..." or "[[[[..."), and takes seconds on a huge file: look at the events
        # first.
        refused = _too_big(text)
        if refused is not None:
            m, message = _mark(file, refused[0]), refused[1]
            return None, [Problem(file, m.line, m.col, "", message)]
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        ym = exc.problem_mark or exc.context_mark
        line, col = (ym.line + 1, ym.column + 1) if ym else (1, 1)
        if "exceeded maximum nesting depth" in (exc.problem or ""):
            # libyaml >= 0.2.5 has its own limit (1,000 levels); its scanner can reach it before
            # _too_big sees the 65th level (a flow "[[[[..." is scanned ahead)
            return None, [Problem(file, line, col, "", _TOO_DEEP)]
        what = exc.problem or "YAML không hợp lệ"
        if exc.context:
            cm = exc.context_mark
            started = (f" (bắt đầu ở dòng {cm.line + 1})"
                       if cm and ym and cm.line != ym.line else "")
            what = f"{exc.context}{started}: {what}"
        problem = exc.problem or ""
        if "tab character" in problem or _char_at(text, ym) == "\t":
            what = "dùng ký tự tab để thụt lề; hãy thụt lề bằng dấu cách, không dùng tab"
        elif problem in _HINTS:
            what += f" ({_HINTS[problem]})"
        return None, [Problem(file, line, col, "", f"lỗi cú pháp YAML: {what}")]
    except yaml.reader.ReaderError as exc:  # a raw control character: the position is in bytes
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        lines = re.split(r"\r\n|\r|\n", before)
        return None, [Problem(file, len(lines), len(lines[-1]) + 1, "",
                              f"ký tự U+{exc.character:04X} không được phép có trong tệp YAML "
                              f"({exc.reason}); hãy xóa nó")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, "", f"lỗi YAML: {exc}")]
    doc = YamlDoc(file, None)
    if node is None:
        return doc, [Problem(file, 1, 1, "", "tệp trống")]
    builder = _Builder(doc, problems)
    try:
        _expanded_size(node, {}, file)  # refuse alias bombs before building anything
        doc.data = builder.build(node, (), 0)
    except _TooBig as exc:
        m = exc.mark or builder.last
        return None, [Problem(file, m.line, m.col, "", str(exc))]
    return doc, problems


def impossible_date_reason(value: str) -> str | None:
    """Why a YYYY-MM-DD date is impossible, in the clerk's words (Python's are English).

    >>> impossible_date_reason("2021-02-30")
    'tháng 2/2021 chỉ có 28 ngày'
    >>> impossible_date_reason("2021-13-01")
    'không có tháng 13'
    """
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not m:
        return None
    year, month, day = map(int, m.groups())
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    if day < 1:
        return f"không có ngày {day}"
    days = calendar.monthrange(year, month)[1]
    return f"tháng {month}/{year} chỉ có {days} ngày" if day > days else None


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    """The character a libyaml mark points at (its column counts characters)."""
    if mark is None:
        return ""
    lines = re.split(r"\r\n|\r|\n", text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _too_big(text: str) -> tuple[yaml.Mark, str] | None:
    """Where (and why) the file nests deeper than ``MAX_DEPTH`` or holds far more than
    ``MAX_NODES`` values as written, if it does: found on the event stream, before anything is
    composed (libyaml's composer would take seconds, or crash on deep nesting)."""
    depth = count = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark, _TOO_DEEP  # type: ignore[return-value]  # events have marks
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                continue
            if isinstance(event, yaml.NodeEvent):
                count += 1  # keys are events too: at most one key per value
                if count > 2 * MAX_NODES:
                    return event.start_mark, _too_many()  # type: ignore[return-value]
    finally:
        loader.dispose()
    return None


def _expanded_size(node: yaml.Node, sizes: dict[int, int], file: str, depth: int = 0) -> int:
    """How many values ``node`` stands for once its aliases are expanded (capped)."""
    if id(node) in sizes:  # an alias: already counted (or being counted, if it refers to itself)
        sizes[0] = 1  # id() is never 0: the key records that the file uses aliases
        return sizes[id(node)]
    if depth > MAX_DEPTH:
        raise _TooBig(_TOO_DEEP, _mark(file, node.start_mark))
    sizes[id(node)] = MAX_NODES + 1
    size = 1
    if isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(v, sizes, file, depth + 1) for _, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(v, sizes, file, depth + 1) for v in node.value)
    if size > MAX_NODES:
        why = _ALIAS_BOMB if sizes.get(0) else ""
        raise _TooBig(f"{_too_many()}{why}", _mark(file, node.start_mark))
    sizes[id(node)] = size
    return size


class _Builder:
    def __init__(self, doc: YamlDoc, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.count = 0
        self.last = Mark(doc.file, 1, 1)
        self.constructor = yaml.SafeLoader("")  # only for its scalar constructors

    def problem(self, node: yaml.Node, path: Path_, message: str, severity: str = "error") -> None:
        m = _mark(self.doc.file, node.start_mark)
        self.problems.append(Problem(m.file, m.line, m.col, path_text(path), message, severity))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        self.last = _mark(self.doc.file, node.start_mark)
        if self.count > MAX_NODES:
            raise _TooBig(f"{_too_many()}{_ALIAS_BOMB}")
        if depth > MAX_DEPTH:
            raise _TooBig(_TOO_DEEP)
        self.doc.marks.setdefault(path, self.last)
        if type(node) in _PLAIN and node.tag != _PLAIN[type(node)]:
            # !!set, !!omap, !!python/tuple... on a collection: refuse, do not guess
            self.problem(node, path, f"giá trị YAML không được hỗ trợ: không được dùng thẻ "
                                     f"'{node.tag}' trong kế hoạch")
            return INVALID
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes no other kind
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "không hỗ trợ khóa gộp ('<<'); hãy viết đầy đủ "
                                             "các giá trị")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "khóa phải là văn bản thường")
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, str):  # keys are ids and names: keep `2021:` or `yes:` as typed
                key = str(key_node.value)
            key_path = path + (key,)
            if key in out:
                first = self.doc.key_marks[key_path]
                self.problem(key_node, key_path, f"khóa '{key}' bị lặp (đã có ở dòng "
                                                 f"{first.line})")
                continue
            self.doc.key_marks[key_path] = _mark(self.doc.file, key_node.start_mark)
            out[key] = self.build(value_node, key_path, depth + 1)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == "tag:yaml.org,2002:str":  # the common case; skip the constructor
            return self._text(node.value, node, path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.constructor.recursive_objects.pop(node, None)
            self.problem(node, path, f"giá trị YAML không được hỗ trợ: {exc.problem}")
            return INVALID
        except Exception as exc:  # noqa: BLE001 - e.g. 2021-02-30, or `!!bool foo` (KeyError)
            self.constructor.recursive_objects.pop(node, None)
            shown = _short(str(node.value))
            if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(exc, ValueError):
                self.problem(node, path, f"ngày không tồn tại '{shown}': "
                                         f"{impossible_date_reason(str(node.value)) or exc}")
            elif isinstance(exc, ValueError) and "digits" not in str(exc):
                self.problem(node, path, f"giá trị không hợp lệ '{shown}': {exc}")
            else:
                kind = node.tag.rsplit(":", 1)[-1]
                self.problem(node, path, f"giá trị không hợp lệ '{shown}': không phải {kind} "
                                         "hợp lệ")
            return INVALID
        if isinstance(value, str):
            value = self._text(value, node, path)
        return value

    def _text(self, value: str, node: yaml.Node, path: Path_) -> str:
        if _SUSPECT.search(value) is None:
            return unicodedata.normalize("NFC", value)
        for ch, name in _INVISIBLE.items():
            if ch in value:
                self.problem(node, path, f"văn bản có ký tự ẩn: {name} (U+{ord(ch):04X}); "
                                         "hãy gõ lại hoặc xóa nó")
                value = value.replace(ch, "")
        bad = [c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"]
        if bad:
            self.problem(node, path, f"văn bản có ký tự điều khiển (U+{ord(bad[0]):04X}); "
                                     "hãy xóa nó")
            value = "".join(c for c in value if c not in bad)
        return unicodedata.normalize("NFC", value)
