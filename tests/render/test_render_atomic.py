"""write_bytes_atomic: readers see the old file or the new one, never a broken one."""

from __future__ import annotations

import os
import stat

import pytest

from hmtn_docs import _atomic
from hmtn_docs._atomic import write_bytes_atomic
from hmtn_docs.errors import OutputError, UserError


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_creates_and_replaces_a_file(tmp_path):
    target = tmp_path / "out.docx"
    write_bytes_atomic(target, b"first")
    write_bytes_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert _listing(tmp_path) == ["out.docx"]


def test_failed_replace_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_atomic.os, "replace", refuse)
    with pytest.raises(OutputError) as exc:
        write_bytes_atomic(target, b"new")
    assert isinstance(exc.value, UserError)
    assert "out.docx" in str(exc.value) and "không có quyền ghi" in str(exc.value)
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["out.docx"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["out.docx"]


def test_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="thư mục không tồn tại"):
        write_bytes_atomic(tmp_path / "nope" / "out.docx", b"x")


def test_target_that_is_a_folder_is_an_output_error_and_cleans_up(tmp_path):
    (tmp_path / "out.docx").mkdir()
    with pytest.raises(OutputError, match="out.docx"):
        write_bytes_atomic(tmp_path / "out.docx", b"x")
    assert _listing(tmp_path) == ["out.docx"]
    assert (tmp_path / "out.docx").is_dir()


def test_interrupt_during_write_removes_the_temp_file_and_propagates(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(_atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old" and _listing(tmp_path) == ["out.docx"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_replacing_keeps_the_file_mode(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_file_gets_the_usual_mode_not_the_temp_file_mode(tmp_path):
    target = tmp_path / "new.docx"
    write_bytes_atomic(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
