"""Safe YAML loading that remembers where every value came from.

PyYAML's composer gives us nodes with marks; we build plain Python data from them ourselves
so that we can (1) record the file/line/column of every key and value by path, (2) refuse
duplicate keys, (3) stop alias bombs and oversized files early, and (4) normalise text to NFC.
Only the safe tags of YAML 1.1 (as PyYAML's SafeLoader resolves them) are accepted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, display_path

try:  # the C composer is much faster; marks are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]

# Zero-width and bidi controls that a paste from Word/Excel can carry invisibly.
_INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "\u00ad": "soft hyphen",
    "\u202a": "bidi control", "\u202b": "bidi control", "\u202c": "bidi control",
    "\u202d": "bidi control", "\u202e": "bidi control",
    "\u2066": "bidi control", "\u2067": "bidi control", "\u2068": "bidi control",
    "\u2069": "bidi control",
}


@dataclass(frozen=True)
class Mark:
    file: str
    line: int
    col: int


@dataclass
class YamlDoc:
    """Data of one YAML file plus the mark of every value (and key) by path."""

    file: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)


class _TooBig(Exception):
    pass


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
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, 1, 1, "", f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(file, 1, 1, "", f"file is {len(raw):,} bytes; plans are limited to "
                                              f"{MAX_BYTES:,} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "", "file is not UTF-8 text; save it as UTF-8")]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        return None, [Problem(file, line, col, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, "", f"YAML error: {exc}")]
    doc = YamlDoc(file, None)
    if node is None:
        return doc, [Problem(file, 1, 1, "", "file is empty")]
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(node, (), 0)
    except _TooBig as exc:
        return None, [Problem(file, builder.last.line, builder.last.col, "", str(exc))]
    return doc, problems


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
            raise _TooBig(f"too many values (over {MAX_NODES:,}): aliases that expand without "
                          "end (a 'billion laughs' file) are refused")
        if depth > MAX_DEPTH:
            raise _TooBig(f"nested deeper than {MAX_DEPTH} levels")
        self.doc.marks.setdefault(path, self.last)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "merge keys ('<<') are not supported; write the "
                                             "values out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be plain text")
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = str(key_node.value)
            key_path = path + (key,)
            if key in out:
                first = self.doc.key_marks[key_path]
                self.problem(key_node, key_path, f"duplicate key '{key}' (first given at line "
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
            self.problem(node, path, f"unsupported YAML value: {exc.problem}")
            return None
        except ValueError as exc:  # e.g. 2021-02-30 resolves as a timestamp
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.problem(node, path, f"impossible date '{node.value}': {exc}")
            else:
                self.problem(node, path, f"invalid value '{node.value}': {exc}")
            return None
        if isinstance(value, str):
            value = self._text(value, node, path)
        return value

    def _text(self, value: str, node: yaml.Node, path: Path_) -> str:
        for ch, name in _INVISIBLE.items():
            if ch in value:
                self.problem(node, path, f"text contains an invisible {name} (U+{ord(ch):04X}); "
                                         "retype it or delete it")
                value = value.replace(ch, "")
        bad = [c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"]
        if bad:
            self.problem(node, path, f"text contains a control character (U+{ord(bad[0]):04X})")
            value = "".join(c for c in value if c not in bad)
        return unicodedata.normalize("NFC", value)
