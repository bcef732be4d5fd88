"""DOCX -> PDF with LibreOffice, many files per start, in a private folder that never outlives us.

Starting ``soffice`` costs about 0.7 s of a core (measured with LibreOffice 7.4 on the CI
machine); converting a batch in one start about 0.05 s a letter. So a build converts its
documents in as few starts as possible: one soffice per available core, each with its share of
the files and a profile of its own that no other soffice uses at the same time.

Everything LibreOffice touches (copies of the inputs, HOME, TMPDIR, the PDFs) lives in one folder
made by ``tempfile.mkdtemp`` in the system temporary folder, never in an output folder: a build
that is interrupted must not leave files there that the site would then publish. That folder
goes when the ``with`` block ends, on SIGINT/SIGTERM, and, when the process was killed outright
(SIGKILL), at the next conversion: the owner's pid is written in it, and a folder whose owner is
gone is removed together with any soffice still running for it. The one exception is the
profiles, kept in the user's cache folder from one build to the next (``_lo_profiles.py``).

soffice runs in a process group of its own, so that killing the group also kills the
``oosplash``/``soffice.bin`` children it starts; it is killed when it takes too long, on any
exception and on those signals. POSIX only (process groups, ``os.waitid``).
"""

from __future__ import annotations

import heapq
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._lo_profiles import Profiles, prepare, product_version
from ._pdf_verify import verify
from .errors import OutputError, ToolMissing, display_path
from .vi import format_number

__all__ = ["BATCH", "PdfBatch", "available_cores", "batch_timeout", "convert_to_pdf",
           "remove_leftovers", "share_out", "soffice_path", "workers"]

BATCH = 200  # files per soffice start; keeps the command line short
MIN_FILES_PER_WORKER = 4  # fewer files than this per worker: not worth another soffice start
BASE_SECONDS = 60  # a cold start with a fresh profile, on a slow machine
SECONDS_PER_FILE = 10  # about 40 times what a document takes
MAX_SECONDS = 15 * 60  # however big the batch: a hung soffice must not hold a build for an hour
GRACE = 2.0  # seconds soffice gets to exit after SIGTERM, before SIGKILL
POLL = 0.05  # seconds between looks at a running soffice
PREFIX = "hmtn-pdf-"
OWNER = "owner"  # in the staging folder: "<pid> <start time>" of the process that made it
MARKER = "HMTN_PDF_STAGING"  # in soffice's environment: finds it again after we were killed


def available_cores() -> int:
    """The cores this process may run on (CPU affinity, ``taskset``), not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def workers(files: int, jobs: int | None = None) -> int:
    """How many soffice instances convert ``files`` documents at once.

    One per available core (or ``jobs``), but no more than one for each ``MIN_FILES_PER_WORKER``
    files: a start costs about 0.7 s of a core, some 14 letters' worth, not worth it for a few.

    >>> workers(35, 2), workers(3, 2), workers(8, 4), workers(1000, 1)
    (2, 1, 2, 1)
    """
    jobs = available_cores() if jobs is None else jobs
    return max(1, min(jobs, -(-files // MIN_FILES_PER_WORKER)))


def share_out(sizes: list[int], workers: int) -> list[list[int]]:
    """Indices of the files for each worker, the biggest first to the least loaded worker, so
    that all finish about together; each list in input order.

    >>> share_out([5, 1, 1, 1, 4, 2], 2)
    [[0, 1, 2], [3, 4, 5]]
    """
    loads = [(0, w) for w in range(workers)]
    heapq.heapify(loads)
    out: list[list[int]] = [[] for _ in range(workers)]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        load, w = heapq.heappop(loads)
        out[w].append(i)
        heapq.heappush(loads, (load + sizes[i], w))
    return [sorted(w) for w in out if w]


def soffice_path() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "cần LibreOffice để tạo PDF nhưng máy chưa cài. Trên Debian/Ubuntu: "
        "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 "
        "(hoặc chạy build không có --pdf)")


def batch_timeout(files: int) -> float:
    """Seconds one soffice start may take for ``files`` documents.

    >>> batch_timeout(1), batch_timeout(12), batch_timeout(200)
    (70, 180, 900)
    """
    return min(BASE_SECONDS + SECONDS_PER_FILE * files, MAX_SECONDS)


@dataclass(frozen=True)
class PdfBatch:
    """The PDFs of one conversion, in the order of the DOCX files given; gone after the ``with``."""

    pdfs: list[Path]


@contextmanager
def convert_to_pdf(docx_files: Sequence[Path], *, timeout: float | None = None,
                   jobs: int | None = None) -> Iterator[PdfBatch]:
    """Convert ``docx_files`` to PDF; yield a ``PdfBatch`` whose PDFs live until the block ends.

    The files are shared out by size among ``workers(len(files), jobs)`` soffice instances that
    run at once, each with a profile of its own kept between builds (``_lo_profiles``); each
    converts its files in as few starts as possible (batches of ``BATCH``), whatever folders
    they are in. Each start may take ``timeout`` seconds (default ``batch_timeout``); a failing
    or hanging worker stops all of them; every PDF must be whole and have a page
    (``_pdf_verify``): otherwise ``OutputError`` and no PDF at all. The caller copies the PDFs
    where they belong inside the ``with``; nothing is written elsewhere.
    """
    files = [Path(f) for f in docx_files]
    if not files:
        yield PdfBatch([])
        return
    soffice = soffice_path()
    remove_leftovers()
    staging = _Staging()
    guard = _SignalGuard(staging.close)  # before the folder exists: no moment it could leak
    try:
        staging.open()
        yield PdfBatch(staging.convert_all(soffice, files, workers(len(files), jobs), timeout))
    finally:
        try:
            staging.close()
        finally:
            guard.restore()


class _Staging:
    """The private folder and the soffice working in it.

    ``close`` kills soffice and removes the folder; it may run twice, and from a signal handler
    that interrupted anything here (even ``close`` itself).
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.running: dict[int, _Soffice] = {}  # by worker
        self.profiles: Profiles | None = None
        self.closed = False

    def open(self) -> None:
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=PREFIX)).resolve()
            (self.folder / OWNER).write_text(_owner_stamp(os.getpid()), encoding="ascii")
            self.profiles = Profiles(self.folder)
        except OSError as exc:
            raise OutputError(f"không tạo được thư mục tạm để chuyển PDF trong "
                              f"{tempfile.gettempdir()}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        self.closed = True
        for worker, soffice in list(self.running.items()):
            if self.profiles is not None and not soffice.exited():
                self.profiles.spoil(worker)  # killed while it may be writing its profile
            soffice.stop()
        try:
            if self.profiles is not None:
                self.profiles.release()
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def convert_all(self, soffice: str, files: list[Path], workers: int,
                    timeout: float | None) -> list[Path]:
        """Every file's PDF, in input order: ``workers`` soffice at once, each with its own
        profile and its share of the files (``share_out``), in starts of at most ``BATCH``."""
        try:
            sizes = [f.stat().st_size for f in files]
        except OSError as exc:
            raise OutputError(f"không đọc được tệp để chuyển PDF: {exc.strerror or exc}") from exc
        queues: dict[int, list[list[int]]] = {}
        for w, share in enumerate(share_out(sizes, workers)):
            queues[w] = [share[k:k + BATCH] for k in range(0, len(share), BATCH)]
        pdfs: list[Path | None] = [None] * len(files)
        current: dict[int, tuple[list[int], list[Path], Path, float, float]] = {}
        while queues or current:
            for w in [w for w in queues if w not in current]:
                batch = queues[w].pop(0)
                if not queues[w]:
                    del queues[w]
                limit = batch_timeout(len(batch)) if timeout is None else timeout
                staged, work = self._start(soffice, w, batch, files)
                current[w] = (batch, staged, work, limit, time.monotonic() + limit)
            _wait_for_any([self.running[w] for w in current],
                          min(deadline for *_, deadline in current.values()))
            for w, (batch, staged, work, limit, deadline) in list(current.items()):
                if self.running[w].exited():
                    del current[w]
                    done = self._finish(w, [files[i] for i in batch], staged, work, limit, True)
                    for i, pdf in zip(batch, done):
                        pdfs[i] = pdf
                elif time.monotonic() > deadline:
                    self._finish(w, [files[i] for i in batch], staged, work, limit, False)
        assert all(p is not None for p in pdfs)
        return pdfs  # type: ignore[return-value]

    def _start(self, soffice: str, worker: int, batch: list[int],
               files: list[Path]) -> tuple[list[Path], Path]:
        assert self.folder is not None
        if self.closed:  # a signal handler cleaned up and let us go on
            raise OutputError("việc tạo PDF bị ngắt giữa chừng; chưa thay PDF nào")
        work = self.folder / f"batch-{worker}-{batch[0]:06d}"
        inputs, outdir = work / "in", work / "pdf"
        staged = []
        try:
            (self.folder / "tmp").mkdir(exist_ok=True)
            inputs.mkdir(parents=True)
            for i in batch:
                # numbered names: letters in different folders may share a file name
                copy = inputs / f"{i:06d}.docx"
                shutil.copyfile(files[i], copy)
                staged.append(copy)
        except OSError as exc:
            raise OutputError(f"không chép được tệp để chuyển PDF vào thư mục tạm "
                              f"{self.folder}: {exc.strerror or exc}") from exc
        assert self.profiles is not None
        profile = self.profiles.profile(worker)  # kept between builds (_lo_profiles.py)
        prepare(profile, product_version(soffice))  # spares LibreOffice 0.5 s a start
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir)]
        cmd += [str(f) for f in staged]
        env = dict(os.environ, HOME=str(self.folder), TMPDIR=str(self.folder / "tmp"),
                   **{MARKER: str(self.folder)})  # LibreOffice writes under HOME and TMPDIR too
        try:
            with open(work / "soffice.log", "wb") as out:
                self.running[worker] = _Soffice(cmd, env=env, cwd=self.folder, stdout=out)
        except OSError as exc:
            raise OutputError(f"không chạy được LibreOffice ({soffice}): "
                              f"{exc.strerror or exc}") from exc
        return staged, work

    def _finish(self, worker: int, files: list[Path], staged: list[Path], work: Path,
                limit: float, finished: bool) -> list[Path]:
        """Reap a worker's start; its PDFs, verified, or an ``OutputError``."""
        # stopped while still listed: a signal during the stop must find it, kill it and drop
        # its profile, not let its slot go with a soffice still running on it
        code = self.running[worker].stop()  # also whatever it left running in its group
        del self.running[worker]
        try:
            return self._results(files, staged, work, limit, finished, code)
        except OutputError:
            # whatever went wrong, the next build starts that worker with a new profile: a
            # profile spoilt by a killed soffice must not fail every build after it
            assert self.profiles is not None
            self.profiles.spoil(worker)
            raise

    def _results(self, files: list[Path], staged: list[Path], work: Path, limit: float,
                 finished: bool, code: int) -> list[Path]:
        if self.closed:  # a signal handler cleaned up and let us go on
            raise OutputError("việc tạo PDF bị ngắt giữa chừng; chưa thay PDF nào")
        if not finished:
            raise OutputError(f"LibreOffice chưa chuyển xong {format_number(len(files))} tệp "
                              f"sau {format_number(limit)} giây (đã dừng LibreOffice); "
                              "chưa thay PDF nào")
        pdfs = [work / "pdf" / f"{copy.stem}.pdf" for copy in staged]
        missing = [f for f, pdf in zip(files, pdfs) if not pdf.is_file()]
        if missing:
            raise OutputError(f"LibreOffice không chuyển được {_list_files(missing)} "
                              f"(mã thoát {code}: {_last_line(work / 'soffice.log')}); "
                              "chưa thay PDF nào")
        for f, pdf in zip(files, pdfs):
            verify(pdf, f)
        shutil.rmtree(work / "in", ignore_errors=True)  # the copies are no longer needed
        return pdfs


def _list_files(files: list[Path], shown: int = 5) -> str:
    names = ", ".join(display_path(f) for f in files[:shown])
    more = len(files) - shown
    return f"{names} và {format_number(more)} tệp khác" if more > 0 else names


def _last_line(log: Path) -> str:
    try:
        text = log.read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "không có thông báo"


class _Soffice:
    """One soffice start, leading a process group of its own with the children it starts.

    The leader is only reaped after its group was killed: while it is an unreaped zombie, its
    pid (the group id) cannot be given to another process, so ``killpg`` cannot hit a stranger.
    """

    def __init__(self, cmd: list[str], **kwargs) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                     start_new_session=True, **kwargs)
        self.pid = self.proc.pid
        self.code: int | None = None  # the exit code, once reaped
        self.pidfd: int | None = None  # readable once the leader exits (Linux 5.3 and later)
        try:
            self.pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            pass

    def exited(self) -> bool:
        if self.code is not None:
            return True
        try:
            return os.waitid(os.P_PID, self.pid,
                             os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:  # reaped by someone else (SIGCHLD ignored)
            return True

    def wait(self, seconds: float) -> bool:
        """Whether the leader exited within ``seconds`` (it is not reaped)."""
        deadline = time.monotonic() + seconds
        while not self.exited():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL, left))
        return True

    def stop(self) -> int:
        """Kill what is left of the group (SIGTERM, then SIGKILL); reap the leader: exit code."""
        if self.code is not None:
            return self.code
        if not self.exited():
            self._signal_group(signal.SIGTERM)
            self.wait(GRACE)
        self._signal_group(signal.SIGKILL)  # children that outlive the leader go too
        if not self.exited():  # it left its group: reaping must still not wait forever
            os.kill(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            code = self.proc.returncode if self.proc.returncode is not None else -1
        self.code = self.proc.returncode = code  # Popen must not wait for it again
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None
        return code

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _wait_for_any(running: list[_Soffice], deadline: float) -> None:
    """Until one of ``running`` exits, or the nearest ``deadline`` (at most a second, so that
    a clean-up by a signal handler is seen soon): no polling delay where pidfds exist, which
    adds ~25 ms to every conversion at ``POLL`` intervals."""
    left = max(0.0, min(deadline - time.monotonic(), 1.0))
    fds = [s.pidfd for s in running if s.pidfd is not None]
    if running and len(fds) == len(running):
        poller = select.poll()  # not select.select: it refuses descriptors from 1024 up
        for fd in fds:
            poller.register(fd, select.POLLIN)
        poller.poll(left * 1000)
    else:
        time.sleep(min(POLL, left))


class _SignalGuard:
    """While converting, SIGINT and SIGTERM first clean up, then do what they did before.

    Before: Python's handler raises KeyboardInterrupt for SIGINT; SIGTERM's default (die) becomes
    ``SystemExit(128 + 15)``, so that the caller's own clean-up (``finally``) runs too. A signal
    that was ignored stays ignored. Only the main thread can have handlers; elsewhere the
    ``finally`` of ``convert_to_pdf`` is all there is.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, clean_up) -> None:
        self.clean_up = clean_up
        self.previous: dict[int, Any] = {}  # signal.getsignal()'s answers
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in self.SIGNALS:
            before = signal.getsignal(sig)
            if before is signal.SIG_IGN or before is None:  # None: set outside Python, kept
                continue
            self.previous[sig] = before
            signal.signal(sig, self._handle)

    def restore(self) -> None:
        previous, self.previous = self.previous, {}
        for sig, before in previous.items():
            signal.signal(sig, before)

    def _handle(self, signum: int, frame) -> None:
        before = self.previous.get(signum, signal.SIG_DFL)
        try:
            self.clean_up()
        finally:
            self.restore()
        if callable(before):
            before(signum, frame)
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            raise SystemExit(128 + signum)


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc, or None where there is no /proc entry."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and ")"
    return (fields[0], fields[19]) if len(fields) > 19 else None


def _owner_stamp(pid: int) -> str:
    stat = _proc_stat(pid)
    return f"{pid} {stat[1]}" if stat else str(pid)


def _owner_alive(stamp: str) -> bool:
    """Whether the process that wrote ``stamp`` still runs (a reused pid or a zombie does not)."""
    pid_text, _, start = stamp.strip().partition(" ")
    pid = int(pid_text)
    if pid <= 0:
        raise ValueError(stamp)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = _proc_stat(pid)
    if stat is None:
        return True  # no /proc: the pid is all we know
    state, started = stat
    return state != "Z" and (not start or started == start)


def remove_leftovers() -> None:
    """Remove staging folders of conversions whose process is gone, and their soffice.

    Only folders of this user named ``hmtn-pdf-*`` whose owner file names a dead process: a
    folder of a conversion still running, or one we cannot read, is left alone.
    """
    root = Path(tempfile.gettempdir())
    try:
        entries = [e for e in os.scandir(root) if e.name.startswith(PREFIX)]
    except OSError:
        return
    for entry in entries:
        folder = Path(entry.path)
        try:
            if not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            if _owner_alive((folder / OWNER).read_text(encoding="ascii")):
                continue
        except (OSError, ValueError):  # no owner file yet, or not one of ours
            continue
        _kill_soffice_of(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _kill_soffice_of(folder: Path) -> None:
    """SIGKILL every process started for ``folder`` (marked in its environment) and its group."""
    marker = f"{MARKER}={folder}".encode()
    for _ in range(3):  # a process may fork while we look
        found = False
        try:
            pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        except OSError:
            return
        for pid in pids:
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            if marker not in environ.split(b"\0"):
                continue
            found = True
            try:
                group = os.getpgid(pid)
                if group != os.getpgrp():  # never our own group
                    os.killpg(group, signal.SIGKILL)
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if not found:
            return
