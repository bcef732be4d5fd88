"""The position-keeping safe YAML loader (``hmtn_docs._yaml``)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from hmtn_docs._yaml import INVALID, MAX_BYTES, Mark, load_yaml, path_text

from conftest import ROOT


@pytest.fixture
def load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``load(text)`` -> (data, [str(problem)], doc) for a file ``p.yaml`` in the cwd."""
    monkeypatch.chdir(tmp_path)

    def run(text: str | bytes):
        path = Path("p.yaml")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        doc, problems = load_yaml(path)
        return (doc.data if doc else None), [str(p) for p in problems], doc

    return run


# --------------------------------------------------------------------------- marks
def test_every_value_and_key_remembers_its_line_and_column(load):
    data, problems, doc = load("plan:\n  year: 2021\n  period: {start: 2020-12-01}\n"
                               "drives:\n  - id: a\n  - id: b\n")
    assert problems == []
    assert doc.marks[("plan", "year")] == Mark("p.yaml", 2, 9)
    assert doc.key_marks[("plan", "year")] == Mark("p.yaml", 2, 3)
    assert doc.marks[("plan", "period", "start")] == Mark("p.yaml", 3, 19)
    assert doc.marks[("drives", 1)] == Mark("p.yaml", 6, 5)
    assert doc.marks[("drives", 1, "id")] == Mark("p.yaml", 6, 9)
    assert doc.marks[()] == Mark("p.yaml", 1, 1)


def test_path_text_writes_keys_with_dots_and_indexes_in_brackets():
    assert path_text(("drives", 3, "allocations", 0, "unit")) == "drives[3].allocations[0].unit"
    assert path_text((0,)) == "[0]"
    assert path_text(()) == ""


def test_scalars_get_yaml_1_1_safe_types(load):
    data, problems, _ = load("a: 2021-03-09\nb: 400\nc: 1.5\nd: true\ne: ~\nf: '400'\ng: 7:30\n"
                             "h: 07:30\n")
    import datetime as dt
    assert problems == []
    assert data == {"a": dt.date(2021, 3, 9), "b": 400, "c": 1.5, "d": True, "e": None,
                    "f": "400", "g": 450, "h": "07:30"}


# --------------------------------------------------------------------------- duplicates
def test_duplicate_key_is_reported_at_the_second_key(load):
    data, problems, _ = load("units:\n  a:\n    name: X\n  b: {name: Y}\n  a:\n    name: Z\n")
    assert problems == ["p.yaml:5:3: units.a: khóa 'a' bị lặp (đã có ở dòng 2)"]
    assert data == {"units": {"a": {"name": "X"}, "b": {"name": "Y"}}}, "the first one is kept"


def test_duplicate_key_in_a_flow_mapping_is_reported_too(load):
    _, problems, _ = load("place: {name: A, name: B}\n")
    assert problems == ["p.yaml:1:18: place.name: khóa 'name' bị lặp (đã có ở dòng 1)"]


def test_keys_are_always_text_as_typed(load):
    data, problems, _ = load("2021: a\nyes: b\n~: c\n2021-01-01: d\n0x1F: e\n")
    assert problems == []
    assert list(data) == ["2021", "yes", "~", "2021-01-01", "0x1F"]


def test_a_key_that_is_a_list_is_refused(load):
    data, problems, _ = load("? [a, b]\n: 1\nc: 2\n")
    assert problems == ["p.yaml:1:3: khóa phải là văn bản thường"]
    assert data == {"c": 2}


# --------------------------------------------------------------------------- unicode
def test_decomposed_text_typed_on_macos_equals_the_composed_text_after_load(load):
    nfd = unicodedata.normalize("NFD", "Khoái Châu")
    assert nfd != "Khoái Châu"
    data, problems, _ = load(f"name: {nfd}\n{nfd}: key\nlist: ['{nfd}']\n")
    assert problems == []
    assert data["name"] == "Khoái Châu"
    assert "Khoái Châu" in data
    assert data["list"] == ["Khoái Châu"]


@pytest.mark.parametrize(("char", "name"), [
    ("\u200b", "dấu cách không độ rộng"), ("\ufeff", "dấu thứ tự byte (BOM)"),
    ("\u00ad", "dấu gạch nối mềm"), ("\u202e", "ký tự điều khiển hướng chữ"),
    ("\u2060", "ký tự nối từ"),
])
def test_invisible_characters_are_reported_and_removed(load, char, name):
    data, problems, _ = load(f"units:\n  a:\n    name: Sở{char} Y tế\n")
    code = f"U+{ord(char):04X}"
    assert problems == [f"p.yaml:3:11: units.a.name: văn bản có ký tự ẩn: {name} "
                        f"({code}); hãy gõ lại hoặc xóa nó"]
    assert data["units"]["a"]["name"] == "Sở Y tế"


def test_escaped_control_character_is_reported_and_removed(load):
    data, problems, _ = load('name: "Sở Y\\a tế"\n')
    assert problems == ["p.yaml:1:7: name: văn bản có ký tự điều khiển (U+0007); hãy xóa nó"]
    assert data == {"name": "Sở Y tế"}


def test_raw_control_character_is_reported_at_its_line_and_column(load):
    _, problems, _ = load("a: 1\nname: Sở Y\x0b tế\n")
    assert problems == ["p.yaml:2:11: ký tự U+000B không được phép có trong tệp YAML "
                        "(control characters are not allowed); hãy xóa nó"]


def test_newlines_and_tabs_inside_text_are_kept(load):
    data, problems, _ = load('a: "x\\ty"\nb: |\n  line 1\n  line 2\n')
    assert problems == []
    assert data == {"a": "x\ty", "b": "line 1\nline 2\n"}


# --------------------------------------------------------------------------- safety
def test_safe_loading_refuses_python_object_tags_without_running_them(load, tmp_path):
    marker = tmp_path / "hacked"
    data, problems, _ = load(f"a: !!python/object/apply:os.system ['touch {marker}']\n"
                             f"b: !!python/object:os.system x\n"
                             f"c: !!python/name:os.system ''\n")
    assert not marker.exists()
    assert problems == [
        "p.yaml:1:4: a: giá trị YAML không được hỗ trợ: không được dùng thẻ "
        "'tag:yaml.org,2002:python/object/apply:os.system' trong kế hoạch",
        "p.yaml:2:4: b: giá trị YAML không được hỗ trợ: could not determine a constructor for "
        "the tag 'tag:yaml.org,2002:python/object:os.system'",
        "p.yaml:3:4: c: giá trị YAML không được hỗ trợ: could not determine a constructor for "
        "the tag "
        "'tag:yaml.org,2002:python/name:os.system'",
    ]
    assert data == {"a": INVALID, "b": INVALID, "c": INVALID}


@pytest.mark.parametrize("text", ["a: !!set {x, y}\n", "a: !!omap [x: 1]\n",
                                  "a: !!python/tuple [1]\n", "a: !!map [1]\n", "a: !!seq {x: 1}\n"])
def test_tags_on_collections_are_refused_not_guessed(load, text):
    data, problems, _ = load(text)
    assert len(problems) == 1 and "giá trị YAML không được hỗ trợ: không được dùng thẻ" in problems[0]
    assert data == {"a": INVALID}


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!bool foo\n", "giá trị không hợp lệ 'foo': không phải bool hợp lệ"),
    ("a: !!timestamp foo\n", "giá trị không hợp lệ 'foo': không phải timestamp hợp lệ"),
    ("a: !!int abc\n", "giá trị không hợp lệ 'abc': invalid literal for int() with base 10: 'abc'"),
    ("a: !foo bar\n", "giá trị YAML không được hỗ trợ: could not determine a constructor for the "
                      "tag '!foo'"),
])
def test_explicit_tags_that_do_not_fit_the_value_are_problems_not_crashes(load, text, message):
    data, problems, _ = load(text)
    assert problems == [f"p.yaml:1:4: a: {message}"]
    assert data == {"a": INVALID}


def test_huge_integer_is_a_problem_with_a_shortened_value(load):
    _, problems, _ = load("a: " + "9" * 5000 + "\n")
    assert problems == ["p.yaml:1:4: a: giá trị không hợp lệ '" + "9" * 39 + "…': không phải int hợp lệ"]


def test_merge_keys_are_refused(load):
    data, problems, _ = load("base: &b {name: X}\nother:\n  <<: *b\n  quota: 5\n")
    assert problems == ["p.yaml:3:3: other: không hỗ trợ khóa gộp ('<<'); hãy viết đầy đủ "
                        "các giá trị"]
    assert data["other"] == {"quota": 5}


def test_impossible_date_is_reported_once_per_use_even_through_an_alias(load):
    data, problems, _ = load("a: &d 2021-02-30\nb: *d\n")
    assert problems == [
        "p.yaml:1:4: a: ngày không tồn tại '2021-02-30': tháng 2/2021 chỉ có 28 ngày",
        "p.yaml:1:4: b: ngày không tồn tại '2021-02-30': tháng 2/2021 chỉ có 28 ngày",
    ]
    assert data == {"a": INVALID, "b": INVALID}


def test_aliases_to_plain_values_still_work(load):
    data, problems, _ = load("a: &x [1, 2]\nb: *x\n")
    assert (data, problems) == ({"a": [1, 2], "b": [1, 2]}, [])


BOMB = "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
               for p, n in zip("abcdefgh", "bcdefghi"))


@pytest.fixture
def built(monkeypatch):
    """Counts the values the loader builds: refusing early means building none.

    (How fast a refusal is, is measured in benchmarks/yaml_limits.py, not asserted here.)
    """
    from hmtn_docs import _yaml

    calls = []
    real = _yaml._Builder.build

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(_yaml._Builder, "build", counting)
    return calls


def test_alias_bomb_is_refused_before_anything_is_built(load, built):
    data, problems, doc = load('a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + BOMB)
    assert built == []
    assert doc is None and data is None
    assert problems == ["p.yaml:6:4: quá nhiều giá trị (hơn 100.000): không chấp nhận alias mở "
                        "rộng không giới hạn (kiểu tệp 'billion laughs')"]


def test_an_alias_that_contains_itself_is_refused(load):
    _, problems, doc = load("a: &a [1, *a]\n")
    assert doc is None
    assert problems == ["p.yaml:1:4: quá nhiều giá trị (hơn 100.000): không chấp nhận alias mở "
                        "rộng không giới hạn (kiểu tệp 'billion laughs')"]


def test_too_many_plain_values_are_refused_without_blaming_aliases(load):
    _, problems, _ = load("a: [" + "1," * 100_001 + "]\n")
    assert problems == ["p.yaml:1:4: quá nhiều giá trị (hơn 100.000)"]


def test_a_file_just_under_the_size_limit_full_of_values_is_refused_before_building(load, built):
    _, problems, doc = load("a: [" + "1," * 1_000_000 + "]\n")
    assert built == []
    assert doc is None
    assert problems == ["p.yaml:1:399999: quá nhiều giá trị (hơn 100.000)"]


@pytest.mark.parametrize("text", ["a: " + "[" * 70 + "]" * 70 + "\n",
                                  "a:\n  " + "- " * 70 + "x\n",
                                  "a: " + "{b: " * 70 + "c" + "}" * 70 + "\n"])
def test_deep_nesting_is_refused(load, text):
    _, problems, doc = load(text)
    assert doc is None
    assert len(problems) == 1 and problems[0].endswith(": lồng nhau sâu quá 64 cấp")


def test_very_deep_nesting_does_not_crash_the_c_parser():
    # libyaml's composer recursed in C and killed the process (SIGSEGV) at ~40,000 levels
    code = ("import pathlib, sys; from hmtn_docs._yaml import load_yaml; "
            "p = pathlib.Path(sys.argv[1]); p.write_text('a: ' + '[' * 200000 + ']' * 200000); "
            "print(load_yaml(p)[1][0].message)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, "-c", code, str(Path(tmp) / "deep.yaml")],
                              env=env, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, "lồng nhau sâu quá 64 cấp\n")


def test_nesting_up_to_the_limit_is_fine(load):
    data, problems, _ = load("a: " + "[" * 60 + "1" + "]" * 60 + "\n")
    assert problems == []


# --------------------------------------------------------------------------- files
def test_empty_file_is_one_problem(load):
    data, problems, doc = load("")
    assert problems == ["p.yaml:1:1: tệp trống"]
    assert doc is not None and data is None


def test_file_with_only_comments_is_empty(load):
    assert load("# nothing yet\n\n")[1] == ["p.yaml:1:1: tệp trống"]


def test_oversized_file_is_refused_before_parsing(load, monkeypatch):
    from hmtn_docs import _yaml

    def no_parsing(*args, **kwargs):
        raise AssertionError("an oversized file must not reach the YAML parser")

    monkeypatch.setattr(_yaml, "_Loader", no_parsing)
    _, problems, doc = load(b"#" * (MAX_BYTES + 10))
    assert doc is None
    assert problems == ["p.yaml:1:1: tệp có 2.097.162 byte; tệp kế hoạch tối đa 2.097.152 byte"]


def test_file_of_exactly_the_limit_is_read(load):
    assert load(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")[1] == []


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(load):
    _, problems, doc = load("a: 1\nb: Hưng Yên\n".encode("utf-8") + "c: tỉnh\n".encode("utf-16-le"))
    assert doc is None
    assert problems == ["p.yaml:3:1: tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng UTF-8"]


def test_byte_order_mark_at_the_start_is_accepted(load):
    data, problems, _ = load(b"\xef\xbb\xbfa: 1\n")
    assert (data, problems) == ({"a": 1}, [])


def test_missing_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc, problems = load_yaml(Path("none.yaml"))
    assert doc is None
    assert [str(p) for p in problems] == ["none.yaml:1:1: không đọc được tệp: No such file or "
                                          "directory"]


# --------------------------------------------------------------------------- syntax errors
@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n\tb: 1\n", "p.yaml:2:1: lỗi cú pháp YAML: dùng ký tự tab để thụt lề; hãy thụt lề "
                     "bằng dấu cách, không dùng tab"),
    ("a:\n  b: 1\n\tc: 2\n", "p.yaml:3:1: lỗi cú pháp YAML: dùng ký tự tab để thụt lề; hãy "
                             "thụt lề bằng dấu cách, không dùng tab"),
    ("a: {b: 1\nc: 2\n", "p.yaml:2:2: lỗi cú pháp YAML: while parsing a flow mapping (bắt đầu "
                         "ở dòng 1): did not find expected ',' or '}' (thiếu dấu '}' đóng? văn "
                         "bản có ',' hoặc ':' bên trong {...} phải đặt trong dấu nháy)"),
    ("a: Đối tượng: cán bộ\n", "p.yaml:1:13: lỗi cú pháp YAML: mapping values are not allowed "
                               "in this context (văn bản có ': ' phải đặt trong dấu nháy; hoặc "
                               "dòng này thụt lề sai)"),
    ('a: "x\nb: 1\n', "p.yaml:3:1: lỗi cú pháp YAML: while scanning a quoted scalar (bắt đầu ở "
                      "dòng 1): found unexpected end of stream"),
])
def test_syntax_errors_point_at_the_spot_and_say_what_to_do(load, text, expected):
    data, problems, doc = load(text)
    assert doc is None
    assert problems == [expected]
