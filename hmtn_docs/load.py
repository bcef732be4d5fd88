"""Plan folder -> validated ``Plan``, or every problem in one ``PlanError``.

A plan folder holds ``plan.yaml``; it may ``include:`` other YAML files (units and signers kept
across years). Registries (dicts) are merged key by key, lists are concatenated, and every value
keeps the file/line/column it was typed at, so that pydantic's errors and our own checks point
the clerk at the exact spot.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._names import check_output_names, check_plan_id
from ._sheet import SUFFIXES as SHEET_SUFFIXES, load_sheets
from ._yaml import INVALID, Mark, YamlDoc, _short, impossible_date_reason, load_yaml, path_text
from .checks import check_plan
from .documents import SHARED_LISTS, PlanFile, plan_outputs
from .errors import PlanError, Problem, display_path
from .model import MAX_INCLUDES
from .plan import PLAN_FILE, Broken, Plan, did_you_mean, did_you_mean_hint
from .vi import format_number

__all__ = ["PLAN_FILE", "Broken", "Plan", "find_plan_file", "load_plan"]

_MAPPING = "các cặp 'khóa: giá trị'"  # what YAML calls a mapping, in the clerk's words
_MERGED_DICTS = ("issuers", "signers", "groups", "units", "programmes")
_MERGED_LISTS = ("drives", "results") + SHARED_LISTS  # documents of a kind that has many may be shared


def find_plan_file(path: Path) -> Path:
    try:
        return path / PLAN_FILE if path.is_dir() else path
    except OSError:  # a name too long for the file system: reading it says so
        return path


def load_plan(path: Path | str) -> Plan:
    """Load and check a plan folder (or its ``plan.yaml``). Raise ``PlanError`` on any error."""
    # Loading makes hundreds of thousands of small objects (marks, nodes, models) and frees
    # almost none: the cyclic collector only rescans them, a quarter of the time of a large
    # plan (3,000 drives: 1.28 s with it, 0.92 s without). It runs again when loading ends.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_plan(path)
    finally:
        if was_enabled:
            gc.enable()


def _load_plan(path: Path | str) -> Plan:
    main = find_plan_file(Path(path))
    if main.parent.name in ("", ".", ".."):  # `hmtn check .`: the plan's id is its folder's name
        main = main.resolve()
    unreadable: list[str] = []
    merged, problems = _read_merged(main, unreadable)
    plan = None
    if merged is not None:
        plan, more = _validate(merged, main.parent)
        problems += more
        # check references and calendars too, on what did validate: one pass shows everything
        checked = plan or _salvage(merged, main.parent)
        if checked is not None:
            # an included file that could not be read (an indentation slip) would make every
            # id it defines "unknown": its syntax error alone says what to fix
            checked.cache["unreadable-includes"] = unreadable
            problems += check_plan(checked) + check_plan_id(checked)
        if plan is not None and not any(p.is_error for p in problems):
            problems += check_output_names(plan, plan_outputs(plan))
    problems = [_one_line(p) for p in problems]
    errors = [p for p in problems if p.is_error]
    if errors or plan is None:
        raise PlanError(problems)
    plan.warnings = sorted(p for p in problems if not p.is_error)
    return plan


_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(problem: Problem) -> Problem:
    """Escape line breaks and controls that typed text brings into a message: one problem, one
    line."""
    def esc(text: str) -> str:
        return _BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

    if _BREAKS.search(problem.message + problem.where):
        return replace(problem, message=esc(problem.message), where=esc(problem.where))
    return problem


def _read_merged(main: Path, unreadable: list[str]) -> tuple[YamlDoc | None, list[Problem]]:
    try:
        exists = main.exists()
    except OSError as exc:  # a name too long for the file system
        return None, [Problem(display_path(main), 1, 1, "", f"không đọc được: {exc.strerror}")]
    if not exists:
        what = "không có thư mục hoặc tệp kế hoạch này" \
            if not main.parent.exists() or main.name != PLAN_FILE \
            else f"thư mục này không có {PLAN_FILE}: mỗi thư mục kế hoạch phải có tệp {PLAN_FILE}"
        return None, [Problem(display_path(main), 1, 1, "", what)]
    doc, problems = load_yaml(main)
    if doc is None:
        return None, problems
    if doc.data is None and problems:  # "file is empty" says it all
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [Problem(doc.file, 1, 1, "", "kế hoạch phải gồm các cặp 'khóa: "
                                                             "giá trị' (plan:, units:, drives: ...)")]
    includes = doc.data.get("include", [])
    if not isinstance(includes, list):
        return doc, problems  # pydantic reports the type
    # the model reports a longer list; reading only the first MAX_INCLUDES bounds the work
    folder = Path(os.path.abspath(main.parent))
    seen: dict[Path, int] = {main.resolve(): -1}
    allocations: list = []  # rows of included sheets, given to their drives at the end
    for i, rel in enumerate(includes[:MAX_INCLUDES]):
        if not isinstance(rel, str):
            continue
        where = doc.marks.get(("include", i), Mark(doc.file, 1, 1))
        target, refused = _include_target(folder, rel, seen, i)
        if refused:
            problems.append(Problem.at(where, f"include[{i}]", refused))
            continue
        if target.suffix.lower() in SHEET_SUFFIXES:
            sheets, more = load_sheets(target)
            problems += more
            if sheets is not None:
                if sheets.units.data:
                    problems += _merge(doc, sheets.units, where)
                allocations += sheets.allocations
            continue
        inc, more = load_yaml(target)
        problems += more
        if inc is None:
            unreadable.append(rel)
            continue
        problems += _merge(doc, inc, where)
    # after every include: a sheet's allocations may be for a drive of a later file
    problems += _attach_allocations(doc, allocations)
    return doc, problems


def _attach_allocations(doc: YamlDoc, rows: list) -> list[Problem]:
    """Give each drive the allocations rows of included sheets name it by (``drive`` column)."""
    if not rows:
        return []
    drives = doc.data.get("drives")
    drives = drives if isinstance(drives, list) else []
    index = {d.get("id"): i for i, d in enumerate(drives) if isinstance(d, dict)}
    problems: list[Problem] = []
    from_sheets: set[int] = set()
    for drive_id, record, marks, row_mark in rows:
        i = index.get(drive_id)
        if i is None:
            known = [k for k in index if isinstance(k, str)]
            problems.append(Problem.at(row_mark, "drive", f"không có đợt hiến máu '{drive_id}' "
                                       "trong danh sách drives"
                                       + did_you_mean_hint(did_you_mean(drive_id, known))))
            continue
        drive = drives[i]
        if i not in from_sheets and drive.get("allocations") is not None:
            first = doc.marks.get(("drives", i, "allocations"), row_mark)
            problems.append(Problem.at(row_mark, f"drives[{i}].allocations", (
                f"đợt '{drive_id}' đã có allocations ở {first.place}; hãy ghi chỉ tiêu ở một nơi")))
            continue
        if i not in from_sheets:
            from_sheets.add(i)
            drive["allocations"] = []
            doc.marks[("drives", i, "allocations")] = row_mark
        j = len(drive["allocations"])
        drive["allocations"].append(record)
        doc.marks[("drives", i, "allocations", j)] = row_mark
        for key, mark in marks.items():
            doc.marks[("drives", i, "allocations", j, key)] = mark
    return problems


def _include_target(folder: Path, rel: str, seen: dict[Path, int],
                    i: int) -> tuple[Path, str | None]:
    """The file ``include: [rel]`` names, or why it may not be read.

    Only files inside the folder that holds the plan folders (``plans/``, so that
    ``../chung/units.yaml`` can be shared by every year) may be included, after following
    links: an include must never publish a file from elsewhere on the machine.
    """
    plans = folder.parent
    where = f"thư mục chứa các kế hoạch ({display_path(plans)})"
    if Path(rel).is_absolute():
        return plans, (f"'{rel}' là đường dẫn tuyệt đối; chỉ được include tệp trong {where}, "
                       "bằng đường dẫn tương đối như 'units.yaml' hoặc '../chung/units.yaml'")
    target = Path(os.path.normpath(folder / rel))
    if not target.is_relative_to(plans):
        return target, f"'{rel}' nằm ngoài {where}; chỉ được include tệp trong thư mục này"
    try:
        if not target.is_file():
            return target, f"tệp '{rel}' được include nhưng không tồn tại"
        real = target.resolve()
    except OSError as exc:  # a name too long for the file system, a loop of links
        return target, f"không đọc được tệp '{rel}': {exc.strerror}"
    if not (real.is_relative_to(plans.resolve()) or real.is_relative_to(folder.resolve())):
        return target, (f"'{rel}' là liên kết tới '{display_path(real)}', nằm ngoài {where}; chỉ "
                        "được include tệp trong thư mục này")
    if real in seen:
        first = "chính tệp kế hoạch" if seen[real] < 0 else f"include[{seen[real]}]"
        return target, f"'{rel}' đã được đọc ({first}); mỗi tệp chỉ được include một lần"
    seen[real] = i
    return real, None


def _merge(into: YamlDoc, inc: YamlDoc, where: Mark) -> list[Problem]:
    problems: list[Problem] = []
    if inc.data is None:  # an empty file, already reported
        return []
    if not isinstance(inc.data, dict):
        return [Problem(inc.file, 1, 1, "", "tệp được include phải gồm các cặp 'khóa: giá trị'")]
    marks, key_marks = _by_entry(inc.marks), _by_entry(inc.key_marks)
    for key, value in inc.data.items():
        km = inc.key_marks[(key,)]
        if key not in _MERGED_DICTS + _MERGED_LISTS:
            problems.append(Problem.at(km, str(key),
                                    f"không được ghi '{key}' trong tệp được include; chỉ được "
                                    "ghi " + ", ".join(_MERGED_DICTS + _MERGED_LISTS)))
            continue
        have = into.data.setdefault(key, {} if key in _MERGED_DICTS else [])
        if key in _MERGED_DICTS and isinstance(value, dict) and isinstance(have, dict):
            for k, v in value.items():
                if k in have:
                    m = inc.key_marks[(key, k)]
                    first = into.key_marks.get((key, k))
                    problems.append(Problem.at(m, f"{key}.{k}",
                                            f"'{k}' được khai báo hai lần (đã có ở {first.place})"))  # type: ignore[union-attr]  # the first of a key has a mark
                    continue
                have[k] = v
                _copy_marks(marks, key_marks, into, (key, k), (key, k))
        elif key in _MERGED_LISTS and isinstance(value, list) and isinstance(have, list):
            offset = len(have)
            have.extend(value)
            for i in range(len(value)):
                _copy_marks(marks, key_marks, into, (key, i), (key, offset + i))
        else:
            problems.append(Problem.at(km, str(key),
                                    f"'{key}' phải là "
                                    + (_MAPPING if key in _MERGED_DICTS else "một danh sách")))
        into.marks.setdefault((key,), inc.marks[(key,)])
    return problems


def _by_entry(table: dict[tuple, Mark]) -> dict[tuple, list[tuple[tuple, Mark]]]:
    """The marks of a file grouped by the registry entry or list item they belong to (the
    first two parts of their path), read once: merging then costs one pass over the file's
    marks, not one pass per entry (3,000 included drives took ten times the inline check)."""
    out: dict[tuple, list[tuple[tuple, Mark]]] = {}
    for path, mark in table.items():
        if len(path) >= 2:
            out.setdefault(path[:2], []).append((path, mark))
    return out


def _copy_marks(marks: dict, key_marks: dict, dst: YamlDoc, src_prefix: tuple,
                dst_prefix: tuple) -> None:
    """Give ``dst`` the marks of the entry at ``src_prefix``, renamed to ``dst_prefix``."""
    for grouped, table_dst in ((marks, dst.marks), (key_marks, dst.key_marks)):
        for path, mark in grouped.get(src_prefix, ()):
            table_dst[dst_prefix + path[2:]] = mark


def _validate(doc: YamlDoc, folder: Path) -> tuple[Plan | None, list[Problem]]:
    try:
        data = PlanFile.model_validate(doc.data)
    except ValidationError as exc:
        # a value the YAML layer could not read is already reported there
        return None, [_problem_from(doc, e) for e in exc.errors(include_url=False)
                      if e.get("input") is not INVALID]
    return Plan(data, folder, doc.marks, doc.key_marks), []


def _salvage(doc: YamlDoc, folder: Path) -> Plan | None:
    """The parts of an invalid plan that do validate, each broken entry replaced by ``Broken``."""
    from typing import get_args

    from pydantic import TypeAdapter

    raw = doc.data
    if not isinstance(raw, dict):
        return None

    def attempt(kind, value):
        try:
            return TypeAdapter(kind).validate_python(value)
        except ValidationError:
            ident = value.get("id") if isinstance(value, dict) else None
            return Broken(ident if isinstance(ident, str) else None)

    fields: dict[str, Any] = {}
    for name, info in PlanFile.model_fields.items():
        if name not in raw:
            fields[name] = None if info.is_required() else info.get_default(
                call_default_factory=True)
            continue
        value, kind = raw[name], info.annotation
        if name in _MERGED_DICTS:
            item = get_args(kind)[1]
            fields[name] = ({k: attempt(item, v) for k, v in value.items()}
                            if isinstance(value, dict) else {})
        elif name in _MERGED_LISTS:
            item = get_args(kind)[0]
            fields[name] = [attempt(item, v) for v in value] if isinstance(value, list) else []
        else:
            fields[name] = attempt(kind, value)
            if isinstance(fields[name], Broken):
                fields[name] = None
    return Plan(PlanFile.model_construct(**fields), folder, doc.marks, doc.key_marks)


def _problem_from(doc: YamlDoc, error: Mapping[str, Any]) -> Problem:
    loc = _typed_loc(doc, error["loc"])
    kind = error["type"]
    if kind in ("extra_forbidden", "missing") and not loc:  # cannot happen at the root; be safe
        kind = "other"
    if kind == "extra_forbidden":
        m = doc.key_marks.get(loc) or _nearest(doc, loc)
        hint = ""
        if not str(loc[-1]).isascii() or " " in str(loc[-1]):
            hint = " (nếu đây là một phần của văn bản, hãy đặt cả văn bản trong dấu nháy: dấu " \
                   "phẩy bên trong {...} hoặc [...] cắt nó ra)"
        elif close := did_you_mean(str(loc[-1]), _keys_at(loc[:-1])):
            hint = did_you_mean_hint(close)
        return Problem.at(m, path_text(loc[:-1]),
                       f"khóa lạ '{loc[-1]}'{hint}")
    if kind == "missing":
        m = _nearest(doc, loc[:-1])
        return Problem.at(m, path_text(loc[:-1]),
                       f"thiếu khóa bắt buộc '{loc[-1]}'")
    if error["loc"][-1:] == ("[key]",):  # a bad id used as a key: point at the key itself
        m = doc.key_marks.get(loc) or _nearest(doc, loc)
    else:
        m = doc.marks.get(loc) or _nearest(doc, loc)
    message = _message(error)
    if isinstance(error.get("input"), float) and (typed := _thousands(m)):
        message = (f"YAML đọc {typed} là số thập phân {error['input']!r}; hãy viết "
                   f"{typed.replace('.', '')} (không có dấu chấm ngăn cách hàng nghìn)")
    return Problem.at(m, path_text(loc), message)


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _thousands(mark: Mark) -> str | None:
    """The number typed at ``mark`` if it is written the Vietnamese way, with dots between
    thousands (``1.200``), which YAML reads as a decimal (1.2)."""
    if mark.cell:  # a spreadsheet cell: the sheet reader explains its own 1.200
        return None
    try:
        with open(mark.file, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if n == mark.line:
                    m = _THOUSANDS.match(line, mark.col - 1)
                    return m.group() if m else None
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _typed_loc(doc: YamlDoc, loc: tuple) -> tuple:
    """``loc`` without the parts pydantic adds; a part that is a key the clerk typed (even
    ``0[``) is kept."""
    out: list[Any] = []
    node: Any = doc.data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif (isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool)
              and 0 <= part < len(node)):
            node = node[part]
        elif _is_union_tag(part):
            continue
        else:
            node = None
        out.append(part)
    return tuple(out)


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the branch name ("function-before[...]", "list[...]") for some validators
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _keys_at(loc: tuple) -> list[str]:
    """The keys the format allows in the mapping at ``loc`` (walking the models)."""
    import types
    from typing import Annotated, Union, get_args, get_origin

    from pydantic import BaseModel

    def unwrap(kind):
        while True:
            origin = get_origin(kind)
            if origin is Annotated:
                kind = get_args(kind)[0]
            elif origin in (Union, types.UnionType):  # X | None: follow the structured member
                models = [a for a in get_args(kind)
                          if (isinstance(a, type) and issubclass(a, BaseModel))
                          or get_origin(a) in (list, dict)]
                if not models:
                    return kind
                kind = models[0]
            else:
                return kind

    kind: Any = PlanFile
    for part in loc:
        kind = unwrap(kind)
        origin = get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(part, str):
            if part not in kind.model_fields:
                return []
            kind = kind.model_fields[part].annotation
        elif origin is list and isinstance(part, int):
            kind = get_args(kind)[0]
        elif origin is dict:
            kind = get_args(kind)[1]
        else:
            return []
    kind = unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return []


def _nearest(doc: YamlDoc, loc: tuple) -> Mark:
    while loc and loc not in doc.marks:
        loc = loc[:-1]
    return doc.marks.get(loc, Mark(doc.file, 1, 1))


# why a list has the limit it has, where the number alone does not say it
_TOO_MANY_WHY = {
    "points": " (các điểm được đánh chữ a) đến y); hãy chia thành nhiều khoản)",
    "include": " (hãy gộp các tệp dùng chung)",
}


def _message(error: Mapping[str, Any]) -> str:
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    shown = (_short(repr(value)) if not isinstance(value, (dict, list))
             else _MAPPING if isinstance(value, dict) else "danh sách")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if value is None and kind != "missing":  # `name:` with nothing after it
        return "không được để trống"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()))
        words = {"greater_than": "lớn hơn", "greater_than_equal": "tối thiểu là",
                 "less_than": "nhỏ hơn", "less_than_equal": "tối đa là"}[kind]
        return f"phải {words} {bound}, không phải {shown}"
    if kind == "string_pattern_mismatch":
        return (f"{shown} không phải là mã hợp lệ: hãy dùng chữ thường không dấu, chữ số và "
                "'-', ví dụ 'bcd-khoai-chau'")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"phải là số nguyên, không phải {shown}"
    if kind == "finite_number":
        return f"phải là số hữu hạn, không phải {shown}"
    if kind in ("float_type", "float_parsing"):
        return f"phải là số, không phải {shown}"
    if kind in ("string_type",):
        if isinstance(value, bool):
            return ("phải là văn bản, không phải true/false (YAML đọc yes, no, on, off như vậy); "
                    "hãy đặt trong dấu nháy")
        if isinstance(value, (int, float, dt.date)):  # YAML read `115` or `2021-03-10`
            return f"phải là văn bản, không phải {value}; hãy đặt trong dấu nháy, ví dụ \"{value}\""
        if isinstance(value, list):  # [a, b] where one text is wanted: name both ways out
            joined = ", ".join(str(v) for v in value)
            return (f"phải là một văn bản, không phải danh sách; hãy viết trên một dòng trong dấu "
                    f"nháy (\"{_short(joined)}\"), hoặc bỏ dấu [ ] nếu không có dấu phẩy")
        return f"phải là văn bản, không phải {shown}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        reason = impossible_date_reason(value) if isinstance(value, str) else None
        if reason:  # the right form, quoted, but no such day
            return f"ngày không tồn tại {shown}: {reason}"
        return f"phải là ngày viết dạng 2021-03-10, không phải {shown}"
    if kind in ("list_type",):
        if isinstance(value, str):  # one item typed where a list is wanted: show both forms
            return (f"phải là một danh sách, không phải một văn bản; hãy viết [{value}] hoặc mỗi "
                    f"mục một dòng bắt đầu bằng '- ' (- {value})")
        return f"phải là một danh sách, không phải {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if error["loc"][-1:] == ("place",) and isinstance(value, list):
            return ("phải là một văn bản (tên địa điểm) hoặc " + _MAPPING + " (name, address...), "
                    "không phải danh sách; có nhiều địa điểm thì ghi địa điểm chính ở place, các "
                    "nơi khác ở other_places")
        return f"phải là {_MAPPING}, không phải {shown}"
    if kind == "too_short":
        return "không được để trống" if ctx.get("min_length") == 1 else error["msg"]
    if kind == "too_long":
        count = len(value) if isinstance(value, (list, dict)) else ctx.get("actual_length")
        why = _TOO_MANY_WHY.get(error["loc"][-1] if error["loc"] else "", "")
        return (f"quá nhiều mục: {format_number(count)}, tối đa "
                f"{format_number(ctx.get('max_length'))}{why}")
    if kind == "string_too_short":
        return "không được để trống"
    if kind == "string_too_long":
        return f"quá dài (tối đa {ctx.get('max_length')} ký tự)"
    if kind == "literal_error":
        expected = str(ctx.get("expected")).replace(" or ", " hoặc ")
        return f"phải là một trong {expected}, không phải {shown}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"phải là true hoặc false, không phải {shown}"
    return f"{error['msg']} (giá trị: {shown})"
