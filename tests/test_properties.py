"""Property-based tests: whatever a clerk (or a broken editor) saves, ``hmtn check`` answers with
problems that point at a place in a file, never with a crash.

Every test starts from the valid minimal plan and damages it: keys dropped, values replaced by
wrong types, odd Unicode and template-like text, huge numbers, empty lists, deep nesting, random
bytes. The number of examples is bounded so the whole file runs in well under 30 s.
"""

from __future__ import annotations

import atexit
import contextlib
import copy as copy_module
import datetime as dt
import io
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmtn_docs import vi
from hmtn_docs.cli import main
from hmtn_docs.errors import PlanError
from hmtn_docs.load import Plan, load_plan

from conftest import MINIMAL

MINIMAL_TEXT = (MINIMAL / "plan.yaml").read_text(encoding="utf-8")
MINIMAL_DATA = yaml.safe_load(MINIMAL_TEXT)
_WORK: list[Path] = []  # one folder, made on first use and reused by every example


def work_folder() -> Path:
    if not _WORK:
        _WORK.append(Path(tempfile.mkdtemp(prefix="hmtn-properties-")))
        atexit.register(shutil.rmtree, _WORK[0], True)
    return _WORK[0] / "plan"


SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- helpers
def check_outcome(folder: Path) -> Plan | PlanError:
    """Load the plan; anything but a ``Plan`` or a well-formed ``PlanError`` fails the test."""
    try:
        return load_plan(folder)
    except PlanError as exc:
        assert exc.problems, "a PlanError must carry at least one problem"
        assert exc.errors, "a PlanError must carry at least one error"
        for p in exc.problems:
            assert isinstance(p.file, str) and p.file, p
            assert isinstance(p.line, int) and p.line >= 1, p
            assert isinstance(p.col, int) and p.col >= 1, p
            assert isinstance(p.message, str) and p.message.strip(), p
            assert "\n" not in str(p), f"a problem is one line: {p!r}"
            assert p.severity in ("error", "warning"), p
        return exc


def run_both(files: dict[str, str | bytes]) -> Plan | PlanError:
    """Write the files, run ``hmtn check`` in-process, and return what ``load_plan`` gave it.

    The CLI must exit 0 (a plan) or 1 (problems), never 2 (a bug); the outcome of the plan
    loader it calls is checked by ``check_outcome``.
    """
    seen: list[Plan | PlanError] = []

    def recording_load(folder):
        outcome = check_outcome(folder)
        seen.append(outcome)
        if isinstance(outcome, PlanError):
            raise outcome
        return outcome

    folder = work_folder()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    err = io.StringIO()
    with mock.patch("hmtn_docs.load.load_plan", recording_load), \
            contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", str(folder)])
    assert code in (0, 1), f"exit {code}:\n{err.getvalue()}"
    assert "Traceback" not in err.getvalue()
    assert len(seen) == 1
    assert code == (0 if isinstance(seen[0], Plan) else 1)
    if code == 1:
        assert err.getvalue() == "".join(f"{p}\n" for p in seen[0].problems)
    return seen[0]


def paths_of(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value in ``data`` (the root excluded)."""
    out = []
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return out
    for key, value in items:
        out.append(prefix + (key,))
        out.extend(paths_of(value, prefix + (key,)))
    return out


def _rich(data: Any) -> Any:
    """The minimal plan plus what it lacks: allocations with slots, and a letter using them."""
    data = copy_module.deepcopy(data)
    drive = data["drives"][0]
    del drive["quota"]
    drive["allocations"] = [{"unit": "bcd-an-thi", "quota": 300, "slot": "7h30 - 9h00"},
                            {"unit": "so-y-te", "quota": 100, "slot": "9h00 - 11h30"}]
    data["letters"] = [{
        "id": "cv-an-thi", "issuer": "ubnd", "number": 12, "date": dt.date(2021, 2, 20),
        "signer": "pct", "notation": "UBND-VX", "subject": "Tổ chức hiến máu tại huyện Ân Thi",
        "to": ["Các cơ quan, đơn vị trên địa bàn huyện"], "drive": "2021-03-09-an-thi",
        "paragraphs": ["Vào {drive.weekday}, {drive.date}, {drive.time} tại {drive.place}."],
        "requests": ["Tổng chỉ tiêu {total} đơn vị máu."],
        "personal": "Đơn vị {unit}: {quota} đơn vị máu, {slot}.",
        "appendix_title": "Chỉ tiêu và giờ hiến máu của các đơn vị",
        "recipients": ["Như trên"], "archive": ["VT"],
    }]
    return data


# mutations start from either plan; PATHS lists every value of both
BASES = [MINIMAL_DATA, _rich(MINIMAL_DATA)]
PATHS = sorted({(i,) + p for i, base in enumerate(BASES) for p in paths_of(base)}, key=repr)


def test_the_plans_the_mutations_start_from_are_valid():
    for base in BASES:
        assert isinstance(run_both({"plan.yaml": dump(base)}), Plan)


def copy(data: Any) -> Any:
    return copy_module.deepcopy(data)


def replace(data: Any, path: tuple, value: Any, in_place: bool = False) -> Any:
    data = data if in_place else copy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def drop(data: Any, path: tuple, in_place: bool = False) -> Any:
    data = data if in_place else copy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return data


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=80)


# --------------------------------------------------------------------------- strategies
TRICKY = st.sampled_from([
    "& < > \" '", "{{ plan.title }}", "{% for x in y %}{% endfor %}", "{drive.place}",
    "{drive.plac}", "{years}", "{{years}}", "}{", "\u200b", "\u202e", "\ufeff", "\x00", "\x07",
    "\r\n", "Khoa\u0301i Cha\u0302u", "Chủ nhật", "ID-Ở", "yes", "no", "~", "null", "7:30",
    "2021-02-30", "1e400", "-0", "0x1F", ".inf", "*alias", "&anchor", "!!python/object", "<<",
    "a: b", "- x", "[1, 2", "'", "\\", "\t", " ", "", "9" * 60, "x" * 600,
])

TEXT = st.one_of(
    TRICKY,
    st.text(max_size=40),
    st.lists(TRICKY, min_size=1, max_size=4).map("".join),
)

SCALARS = st.one_of(
    TEXT,
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1)),
)


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


VALUES = st.one_of(
    SCALARS,
    st.just([]), st.just({}), st.just([{}]), st.just([None]),
    st.integers(min_value=1, max_value=120).map(nested),
    st.recursive(SCALARS, lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(TEXT, st.sampled_from(["id", "name", "quota", "dates", "unit"])),
                        inner, max_size=3)), max_leaves=8),
)


# --------------------------------------------------------------------------- properties
@SETTINGS
@given(path=st.sampled_from(PATHS), value=VALUES)
def test_any_value_anywhere_gives_a_plan_or_located_problems(path, value):
    run_both({"plan.yaml": dump(replace(BASES[path[0]], path[1:], value))})


@SETTINGS
@given(paths=st.lists(st.sampled_from(PATHS), min_size=1, max_size=4))
def test_dropping_keys_and_items_gives_a_plan_or_located_problems(paths):
    data = copy(BASES[paths[0][0]])
    for path in paths:
        try:
            data = drop(data, path[1:], in_place=True)
        except (KeyError, IndexError, TypeError):
            continue  # already gone with its parent
    run_both({"plan.yaml": dump(data)})


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=2, max_size=5))
def test_several_wrong_values_at_once(edits):
    data = copy(BASES[edits[0][0][0]])
    for path, value in edits:
        try:
            data = replace(data, path[1:], copy(value), in_place=True)
        except (KeyError, IndexError, TypeError):
            continue
    run_both({"plan.yaml": dump(data)})


@SETTINGS
@given(position=st.integers(min_value=0, max_value=len(MINIMAL_TEXT)),
       cut=st.integers(min_value=0, max_value=40),
       insert=st.one_of(TEXT, st.text(alphabet=":-[]{},&*!|>'\"#\n\t %@`?~<", max_size=12)))
def test_text_edits_to_the_plan_file(position, cut, insert):
    text = MINIMAL_TEXT[:position] + insert + MINIMAL_TEXT[position + cut:]
    run_both({"plan.yaml": text})


@SETTINGS
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from(list("abc:-[]{},&*!|>'\"#\n\t %@`?~0123456789.")),
            max_size=200),
))
def test_random_yaml_bytes_never_crash(data):
    run_both({"plan.yaml": data})


@SETTINGS
@given(position=st.integers(min_value=0, max_value=len(MINIMAL_TEXT.encode("utf-8"))),
       junk=st.binary(min_size=1, max_size=8))
def test_random_bytes_inside_the_plan_file(position, junk):
    raw = MINIMAL_TEXT.encode("utf-8")
    run_both({"plan.yaml": raw[:position] + junk + raw[position:]})


@SETTINGS
@given(content=st.one_of(
    st.binary(max_size=100),
    VALUES.map(lambda v: dump({"units": {"benh-vien": v}})),
    VALUES.map(lambda v: dump({"drives": [v]})),
    st.sampled_from(PATHS).flatmap(lambda p: VALUES.map(
        lambda v: dump({p[1]: replace(BASES[p[0]], p[1:], v)[p[1]]}))),
))
def test_any_included_file_gives_a_plan_or_located_problems(content):
    text = MINIMAL_TEXT.replace("\nplan:\n", "\ninclude: [chung.yaml]\nplan:\n", 1)
    run_both({"plan.yaml": text, "chung.yaml": content})


# --------------------------------------------------------------------------- formatting
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụ" \
             "ứừửữựýỳỷỹỵ "


@SETTINGS
@given(name=st.text(alphabet=VIETNAMESE, min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_a_name_typed_decomposed_loads_equal_to_the_composed_name(name):
    nfc = unicodedata.normalize("NFC", name.strip())
    nfd = unicodedata.normalize("NFD", nfc)
    data = replace(MINIMAL_DATA, ("units", "so-y-te", "name"), nfd)
    plan = run_both({"plan.yaml": dump(data)})
    assert isinstance(plan, Plan)
    assert plan.data.units["so-y-te"].name == nfc


ND30 = re.compile(r"^ngày (0[1-9]|[12]\d|3[01]) tháng (01|02|[3-9]|1[0-2]) năm \d{4}$")


@settings(max_examples=150, deadline=None, database=None)
@given(day=st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_is_written_the_nd30_way(day):
    assert ND30.match(vi.format_date(day))
    assert vi.format_short_date(day).split("/")[0] == f"{day.day:02d}"


@settings(max_examples=150, deadline=None, database=None)
@given(value=st.integers(min_value=0, max_value=10**12))
def test_numbers_round_trip_through_vietnamese_grouping(value):
    text = vi.format_number(value)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text)
    assert int(text.replace(".", "")) == value
