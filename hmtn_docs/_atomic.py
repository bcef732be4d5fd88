"""Write a file so that readers see either the old content or the new one, never half of it.

The data goes to a temporary file in the same folder (same file system, so the final
``os.replace`` is atomic), is flushed and fsynced, then replaces the target. If anything fails the
temporary file is removed, the old file is left as it was, and an ``OutputError`` says which path
and why.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError, display_path

__all__ = ["write_bytes_atomic"]


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "wb")`` would give: 0o666 minus the umask."""
    try:  # Linux: read the umask without changing it (os.umask() is not thread-safe)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "không có quyền ghi (tệp có đang mở trong chương trình khác, ví dụ Word?)"
    if isinstance(exc, IsADirectoryError):
        return "đã có một thư mục trùng tên"
    if isinstance(exc, FileNotFoundError):
        return "thư mục không tồn tại"
    return exc.strerror or str(exc)


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically.

    The new file keeps the permissions of the file it replaces (or gets the usual ones for a new
    file). The folder must exist. Raises ``OutputError`` (a ``UserError``) on failure; the previous
    content of ``path`` is then unchanged and no temporary file is left behind.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_bytes_atomic(d / "a.bin", b"one"); write_bytes_atomic(d / "a.bin", b"two")
    >>> (d / "a.bin").read_bytes(), sorted(p.name for p in d.iterdir())
    (b'two', ['a.bin'])
    """
    target = Path(path)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"không ghi được {display_path(target)}: {_reason(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = _new_file_mode()
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"không ghi được {display_path(target)}: {_reason(exc)}") from exc
        raise
    sync_dir(folder)


def sync_dir(folder: Path) -> None:
    """Make the renames in ``folder`` durable; best effort (not possible on every platform)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
