"""Output folders: each holds exactly its last build, written all or nothing (hmtn_docs/_output.py).

Every failure case checks that the previous outputs are byte-identical afterwards and that no
temporary file is left behind.
"""

from __future__ import annotations

import json
import os

import pytest

from hmtn_docs import _output
from hmtn_docs._output import MANIFEST, OutputTransaction, read_manifest
from hmtn_docs.errors import OutputError


def _build(root, files: dict[str, bytes], revision="r1", plan="p"):
    with OutputTransaction() as tx:
        folder = tx.folder(root / plan, plan, revision)
        for rel, data in files.items():
            folder.add(rel, data, "cong-van", f"tệp {rel}")
        tx.commit()


def _snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _no_temp_files(folder) -> bool:
    return not [p for p in folder.rglob("*") if p.name.startswith(".hmtn-") and p.name != MANIFEST]


@pytest.mark.parametrize("count", [1, 2, 40])
def test_a_build_writes_its_files_and_a_manifest_listing_them(tmp_path, count):
    files = {f"f{i}.docx": f"nội dung {i}".encode() for i in range(count)}
    _build(tmp_path, files)
    snap = _snapshot(tmp_path / "p")
    manifest = json.loads(snap.pop(MANIFEST))
    assert snap == files
    assert [f["path"] for f in manifest["files"]] == list(files)
    assert manifest["plan"] == "p" and manifest["revision"] == "r1"
    assert manifest["files"][0]["title"] == "tệp f0.docx"
    assert manifest["files"][0]["format"] == "docx"


def test_a_rebuild_removes_what_the_previous_build_wrote_and_this_one_did_not(tmp_path):
    _build(tmp_path, {"a.docx": b"1", "a.pdf": b"2", "thu/x.docx": b"3", "thu/y.docx": b"4"})
    _build(tmp_path, {"a.docx": b"new"})
    assert _snapshot(tmp_path / "p").keys() == {"a.docx", MANIFEST}
    assert not (tmp_path / "p" / "thu").exists()  # emptied by the rebuild, so removed
    assert [f.path for f in read_manifest(tmp_path / "p").files] == ["a.docx"]


def test_files_the_build_did_not_write_are_never_deleted(tmp_path):
    _build(tmp_path, {"a.docx": b"1", "b.docx": b"2"})
    (tmp_path / "p" / "ghi-chu-cua-van-thu.txt").write_bytes(b"mine")
    _build(tmp_path, {"a.docx": b"1"})
    assert _snapshot(tmp_path / "p").keys() == {"a.docx", "ghi-chu-cua-van-thu.txt", MANIFEST}


def test_a_folder_with_a_strangers_files_and_no_manifest_is_refused(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "plan.yaml").write_bytes(b"plan: ...")
    with pytest.raises(OutputError) as exc:
        _build(tmp_path, {"a.docx": b"1"})
    assert str(exc.value) == (
        f"không ghi vào {folder}: thư mục này có tệp không do hmtn-docs tạo (plan.yaml) và không "
        "có .hmtn-manifest.json; hãy chọn thư mục khác bằng -o, hoặc nếu đó là văn bản do phiên "
        "bản cũ tạo ra thì xóa thư mục rồi chạy lại")
    assert _snapshot(folder) == {"plan.yaml": b"plan: ..."}


def test_an_empty_existing_folder_is_used(tmp_path):
    (tmp_path / "p").mkdir()
    _build(tmp_path, {"a.docx": b"1"})
    assert (tmp_path / "p" / "a.docx").read_bytes() == b"1"


@pytest.mark.parametrize("failing_call", [1, 2, 5, 9])
def test_a_rename_failing_midway_puts_every_old_file_back(tmp_path, monkeypatch, failing_call):
    _build(tmp_path, {f"f{i}.docx": b"old %d" % i for i in range(6)} | {"bo.docx": b"stale"})
    before = _snapshot(tmp_path / "p")
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == failing_call:
            raise OSError(5, "Input/output error", str(dst))
        return real(src, dst)

    monkeypatch.setattr(_output.os, "replace", flaky)
    with pytest.raises(OutputError, match="Input/output error; chưa thay tệp nào"):
        _build(tmp_path, {f"f{i}.docx": b"new %d" % i for i in range(6)})
    monkeypatch.setattr(_output.os, "replace", real)
    assert _snapshot(tmp_path / "p") == before
    assert _no_temp_files(tmp_path / "p")


def test_a_full_disk_while_staging_changes_nothing(tmp_path):
    _build(tmp_path, {"a.docx": b"old", "b.docx": b"old"})
    before = _snapshot(tmp_path / "p")
    with pytest.raises(OutputError, match="No space left on device; chưa thay tệp nào"):
        with OutputTransaction() as tx:
            folder = tx.folder(tmp_path / "p", "p", "r2")
            folder.add("a.docx", b"new", "k", "t")
            with folder.open("b.docx", "k", "t") as fh:
                fh.write(b"x")
                raise OSError(28, "No space left on device")
    assert _snapshot(tmp_path / "p") == before
    assert _no_temp_files(tmp_path / "p")


def test_a_full_disk_at_sync_changes_nothing(tmp_path, monkeypatch):
    _build(tmp_path, {"a.docx": b"old"})
    before = _snapshot(tmp_path / "p")

    def full():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_output.os, "sync", full)
    with pytest.raises(OutputError, match="No space left on device; chưa thay tệp nào"):
        _build(tmp_path, {"a.docx": b"new"})
    assert _snapshot(tmp_path / "p") == before
    assert _no_temp_files(tmp_path / "p")


def test_an_interrupt_during_the_commit_puts_every_old_file_back(tmp_path, monkeypatch):
    _build(tmp_path, {"a.docx": b"old a", "b.docx": b"old b"})
    before = _snapshot(tmp_path / "p")
    real, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(_output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _build(tmp_path, {"a.docx": b"new a", "b.docx": b"new b"})
    monkeypatch.setattr(_output.os, "replace", real)
    assert _snapshot(tmp_path / "p") == before
    assert _no_temp_files(tmp_path / "p")


def test_an_output_path_that_is_a_file_is_a_message(tmp_path):
    (tmp_path / "p").write_bytes(b"x")
    with pytest.raises(OutputError, match="đó là một tệp, không phải thư mục"):
        _build(tmp_path, {"a.docx": b"1"})


def test_a_read_only_folder_is_a_message(tmp_path, monkeypatch):
    _build(tmp_path, {"a.docx": b"old"})

    def read_only(*args, **kwargs):  # what a read-only folder answers (root is never refused)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_output.tempfile, "mkstemp", read_only)
    with pytest.raises(OutputError, match="a.docx: không có quyền ghi"):
        _build(tmp_path, {"a.docx": b"new"})
    assert (tmp_path / "p" / "a.docx").read_bytes() == b"old"


def test_leftovers_of_a_killed_build_are_removed_at_the_next_build(tmp_path):
    _build(tmp_path, {"a.docx": b"1"})
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    leftover = tmp_path / "p" / f".hmtn-tmp-{dead}-abc.docx"
    leftover.write_bytes(b"half")
    alive = tmp_path / "p" / f".hmtn-tmp-{os.getpid()}-running.docx"
    alive.write_bytes(b"another build of this process, still writing")
    _build(tmp_path, {"a.docx": b"2"})
    assert not leftover.exists()
    assert alive.exists()


def test_two_documents_with_one_name_are_refused(tmp_path):
    with pytest.raises(OutputError, match="hai văn bản cùng ghi vào"):
        with OutputTransaction() as tx:
            folder = tx.folder(tmp_path / "p", "p", "r")
            folder.add("a.docx", b"1", "k", "t")
            folder.add("a.docx", b"2", "k", "t")
    assert not (tmp_path / "p").exists()
