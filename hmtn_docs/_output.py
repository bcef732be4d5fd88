"""A build's output folders: each holds exactly its last build, written all or nothing.

Every file of a build is first written to a hidden temporary file beside its target. ``commit``
then makes them durable, moves each old file aside and the new one into place, removes the files
the previous build wrote and this one did not (only files listed in the previous manifest: never
a file hmtn-docs did not write), and finally writes the folder's manifest. Any failure on the
way, including an interrupt, puts every moved file back and removes every temporary file, so the
folder is as it was. A folder that holds files but no manifest was not written by hmtn-docs (a
plan folder, a clerk's documents) and is refused.

The manifest (``.hmtn-manifest.json``) lists each file with its kind, title, size and sha256 and
the revision of the plan it was built from; the website publishes only what it lists.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from ._atomic import _new_file_mode, _reason, sync_dir
from .errors import OutputError, display_path

MANIFEST = ".hmtn-manifest.json"
_TMP = ".hmtn-tmp-"  # a file being written
_OLD = ".hmtn-old-"  # a file moved aside during a commit
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class FileRecord:
    """One file a build wrote, as the manifest lists it."""

    path: str  # inside the folder, with '/'
    kind: str  # the document kind ("ke-hoach", "cong-van", ...)
    format: str  # "docx" or "pdf"
    title: str  # what a reader calls it
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    plan: str
    revision: str
    files: tuple[FileRecord, ...]

    def to_json(self) -> bytes:
        data = {"format": MANIFEST_FORMAT, "generator": "hmtn-docs", "plan": self.plan,
                "revision": self.revision, "files": [asdict(f) for f in self.files]}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of ``folder``, or None if it has none (or one this version cannot read)."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        files = tuple(FileRecord(**f) for f in data["files"])
        for f in files:
            _check_rel(f.path)
        return Manifest(str(data["plan"]), str(data["revision"]), files)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{display_path(folder / MANIFEST)}: không đọc được danh sách tệp "
                          f"của lần tạo trước ({exc}); hãy xóa thư mục {display_path(folder)} "
                          "rồi tạo lại") from None


def _check_rel(rel: str) -> None:
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"tên tệp không hợp lệ {rel!r}")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Hashing:
    """A write-only file object that hashes and counts what passes through it."""

    def __init__(self, fh: BinaryIO):
        self._fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def write(self, data) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()

    def tell(self) -> int:
        return self.size

    def seekable(self) -> bool:  # zipfile then writes data descriptors instead of seeking back
        return False


@dataclass
class _Staged:
    record: FileRecord
    tmp: Path
    target: Path


class FolderOutput:
    """The new content of one output folder, staged until the transaction commits."""

    def __init__(self, folder: Path, plan_id: str, revision: str):
        self.folder, self.plan_id, self.revision = folder, plan_id, revision
        self._staged: dict[str, _Staged] = {}
        self._dirs: list[Path] = []  # sub-folders this build created
        self._emptied: set[Path] = set()  # sub-folders that held files removed as stale
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"không ghi được vào {display_path(folder)}: đó là một tệp, không "
                              "phải thư mục")
        self._mkdirs(folder)
        # two builds into one folder take turns: each sees the other's finished folder
        self._lock: int | None = _lock(folder)
        try:
            self.previous = _claim(folder)
        except BaseException:
            self._discard()
            raise

    @contextmanager
    def open(self, rel: str, kind: str, title: str) -> Iterator[BinaryIO]:
        """A file object to stream ``rel``'s content into (staged, not yet visible)."""
        _check_rel(rel)
        if rel in self._staged or rel == MANIFEST:
            raise OutputError(f"hai văn bản cùng ghi vào {display_path(self.folder / rel)}")
        target = self.folder / rel
        self._mkdirs(target.parent)
        try:
            fd, name = tempfile.mkstemp(prefix=_prefix(_TMP), suffix=target.suffix,
                                        dir=target.parent)
        except OSError as exc:
            raise OutputError(f"không ghi được {display_path(target)}: {_reason(exc)}") from exc
        tmp = Path(name)
        ok = False
        try:
            with os.fdopen(fd, "wb") as raw:
                out = _Hashing(raw)
                yield out  # type: ignore[misc]
            ok = True
        except OSError as exc:
            raise OutputError(f"không ghi được {display_path(target)}: {_reason(exc)}; chưa "
                              "thay tệp nào") from exc
        finally:
            if not ok:
                _unlink(tmp)
        record = FileRecord(rel, kind, target.suffix.lstrip(".").lower(), title, out.size,
                            out.sha.hexdigest())
        self._staged[rel] = _Staged(record, tmp, target)

    def add(self, rel: str, data: bytes, kind: str, title: str) -> None:
        with self.open(rel, kind, title) as fh:
            fh.write(data)

    def add_file(self, rel: str, source: Path, kind: str, title: str) -> None:
        with self.open(rel, kind, title) as fh, open(source, "rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)

    def staged_path(self, rel: str) -> Path:
        """Where ``rel``'s new content is until commit (to feed it to LibreOffice)."""
        return self._staged[rel].tmp

    @property
    def records(self) -> list[FileRecord]:
        return [s.record for s in self._staged.values()]

    def _mkdirs(self, folder: Path) -> None:
        missing = []
        p = folder
        while not p.exists():
            missing.append(p)
            p = p.parent
        for d in reversed(missing):
            try:
                d.mkdir()
            except FileExistsError:  # made a moment ago by another build into this folder
                continue
            except OSError as exc:
                raise OutputError(f"không tạo được thư mục {display_path(d)}: "
                                  f"{_reason(exc)}") from exc
            self._dirs.append(d)
        if not folder.is_dir():
            raise OutputError(f"không ghi được vào {display_path(folder)}: đã có một tệp trùng "
                              "tên với thư mục này")

    def _discard(self) -> None:
        for s in self._staged.values():
            _unlink(s.tmp)
        self._staged.clear()
        self.release()
        for d in reversed(self._dirs):
            try:
                d.rmdir()
            except OSError:
                pass
        self._dirs.clear()


    def release(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            os.close(lock)
            self._lock = None


def _lock(folder: Path) -> int:
    """Hold ``folder`` itself locked (no lock file: the folder keeps only the build's files)."""
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        raise OutputError(f"không ghi được vào {display_path(folder)}: {_reason(exc)}") from exc
    return fd


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _prefix(kind: str) -> str:
    return f"{kind}{os.getpid()}-"


def _ours(name: str) -> bool:
    return name.startswith((_TMP, _OLD))


def _leftover(name: str) -> bool:
    """One of our temporary files whose build is gone (killed before it could clean up)."""
    pid = name.removeprefix(_TMP).removeprefix(_OLD).split("-", 1)[0]
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False


def _claim(folder: Path) -> Manifest | None:
    """Make sure ``folder`` may be written by a build; return its previous manifest.

    Leftovers of an interrupted build (our own temporary names) are removed first.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"không ghi được vào {display_path(folder)}: đó là một tệp, không phải "
                          "thư mục")
    if not folder.exists():
        return None
    manifest = read_manifest(folder)
    listed = {f.path for f in manifest.files} if manifest else set()
    strangers = []
    for root, dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if _ours(name):
                if _leftover(name):
                    _unlink(path)
            elif rel != MANIFEST and rel not in listed:
                strangers.append(rel)
        dirs.sort()
    if strangers and manifest is None:
        shown = ", ".join(sorted(strangers)[:3]) + (", ..." if len(strangers) > 3 else "")
        raise OutputError(
            f"không ghi vào {display_path(folder)}: thư mục này có tệp không do hmtn-docs tạo "
            f"({shown}) và không có {MANIFEST}; hãy chọn thư mục khác bằng -o, hoặc nếu đó là "
            "văn bản do phiên bản cũ tạo ra thì xóa thư mục rồi chạy lại")
    return manifest


class OutputTransaction:
    """Several output folders (one per plan) committed as one step."""

    def __init__(self) -> None:
        self._folders: list[FolderOutput] = []

    def folder(self, folder: Path, plan_id: str, revision: str) -> FolderOutput:
        if any(f.folder.resolve() == folder.resolve() for f in self._folders):
            raise OutputError(f"hai kế hoạch cùng ghi vào {display_path(folder)}")
        out = FolderOutput(folder, plan_id, revision)
        self._folders.append(out)
        return out

    def abort(self) -> None:
        for f in self._folders:
            f._discard()

    def __enter__(self) -> OutputTransaction:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            self.abort()

    def commit(self) -> None:
        """Install every staged file, remove stale ones, write the manifests; or change nothing."""
        moved: list[tuple[Path, Path | None]] = []  # (target, its old content moved aside)
        try:
            os.sync()  # every temporary file on disk before any rename (one call, not N fsyncs)
            for f in self._folders:
                self._install(f, moved)
        except BaseException as exc:
            _roll_back(moved)
            self.abort()
            if isinstance(exc, OSError):
                where = getattr(exc, "filename", None) or (moved[-1][0] if moved else "")
                raise OutputError(f"không ghi được {display_path(where)}: {_reason(exc)}; "
                                  "chưa thay tệp nào") from exc
            raise
        for _, old in moved:  # committed: what was moved aside can go
            if old is not None:
                _unlink(old)
        for f in self._folders:
            _remove_empty_dirs(f)
            f.release()
            sync_dir(f.folder)

    @staticmethod
    def _install(f: FolderOutput, moved: list[tuple[Path, Path | None]]) -> None:
        new = {s.record.path for s in f._staged.values()}
        for s in f._staged.values():
            _set_mode(s.tmp, s.target)
            moved.append((s.target, _move_aside(s.target)))
            os.replace(s.tmp, s.target)
        stale = [r.path for r in (f.previous.files if f.previous else ()) if r.path not in new]
        for rel in stale:
            target = f.folder / rel
            if target.is_file():
                moved.append((target, _move_aside(target)))
                f._emptied.add(target.parent)
        manifest = Manifest(f.plan_id, f.revision, tuple(f.records))
        fd, name = tempfile.mkstemp(prefix=_prefix(_TMP), dir=f.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(manifest.to_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(name, _new_file_mode())
            target = f.folder / MANIFEST
            moved.append((target, _move_aside(target)))
            os.replace(name, target)
        except BaseException:
            _unlink(Path(name))
            raise
        f._staged.clear()


def _move_aside(target: Path) -> Path | None:
    if not target.exists():
        return None
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(21, "đã có một thư mục trùng tên", str(target))
    aside = target.with_name(f"{_prefix(_OLD)}{secrets.token_hex(4)}-{target.name}")
    try:
        os.replace(target, aside)
    except FileNotFoundError:  # another build into this folder moved it a moment ago
        return None
    return aside


def _roll_back(moved: list[tuple[Path, Path | None]]) -> None:
    for target, old in reversed(moved):
        try:
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            pass


def _set_mode(tmp: Path, target: Path) -> None:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _new_file_mode()
    os.chmod(tmp, mode)


def _remove_empty_dirs(f: FolderOutput) -> None:
    """Sub-folders emptied by removing stale files (a letter taken out of the plan)."""
    for folder in sorted(f._emptied, key=lambda p: len(p.parts), reverse=True):
        while folder != f.folder and f.folder in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    f._emptied.clear()


def plan_revision(plan) -> str:
    """A fingerprint of a plan's validated content: equal content, equal revision.

    Documents record it in their manifest; the site publishes them only while it still
    matches the plan it is built from.
    """
    return hashlib.sha256(plan.data.model_dump_json().encode("utf-8")).hexdigest()[:16]
