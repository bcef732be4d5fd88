"""PDF conversion that hangs, crashes, writes half a file or is interrupted leaves nothing behind.

A fake ``soffice`` (a Python script first on PATH) plays LibreOffice: each input "DOCX" holds
``pages=N`` and gets a PDF of N blank pages; ``FAKE_MODE`` makes it hang, crash or truncate, and
it records what it saw (its pids, its folder, the inputs' folder) in ``FAKE_RECORD``.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from hmtn_docs import OutputError
from hmtn_docs import _pdf
from hmtn_docs._pdf import convert_to_pdf

ROOT = Path(__file__).resolve().parent.parent

FAKE_SOFFICE = f"""\
#!{sys.executable}
import io, json, os, signal, subprocess, sys, time, urllib.parse
from pathlib import Path
from pypdf import PdfWriter

args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
inputs = [Path(a) for a in args if a.endswith(".docx")]
mode = os.environ.get("FAKE_MODE", "ok")
for word in ("crash", "hang"):  # a file can ask for it: one worker of several misbehaves
    if any(word in f.read_text() for f in inputs):
        mode = word
seen = {{"pid": os.getpid(), "sid": os.getsid(0), "outdir": str(outdir),
        "home": os.environ["HOME"], "inputs": [f.name for f in inputs],
        "profile": next(a for a in args if a.startswith("-env:UserInstallation="))}}
if os.environ.get("FAKE_LIST"):
    seen["listing"] = sorted(os.listdir(os.environ["FAKE_LIST"]))
if mode in ("hang", "stuck"):
    if mode == "stuck":  # deaf to SIGTERM, as a wedged soffice; its child inherits that
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    seen["child"] = subprocess.Popen(["sleep", "600"]).pid
# LibreOffice makes its profile at the first start and updates it at each
profile = Path(urllib.parse.unquote(seen["profile"].partition("file://")[2])) / "user"
profile.mkdir(parents=True, exist_ok=True)
starts = profile / "starts"
starts.write_text(str(int(starts.read_text()) + 1 if starts.exists() else 1))
record = os.environ.get("FAKE_RECORD")
if record:
    # workers run at once: each its own temporary name (a shared one made a worker crash
    # now and then, when the other renamed it away first)
    Path(f"{{record}}.{{os.getpid()}}.tmp").write_text(json.dumps(seen))
    os.replace(f"{{record}}.{{os.getpid()}}.tmp", record)
    (Path(record + ".d") / f"{{os.getpid()}}.json").write_text(json.dumps(seen))
if mode in ("hang", "stuck"):
    time.sleep(600)
if mode == "crash":
    sys.exit(1)
if mode == "nothing":  # as LibreOffice meeting a file it cannot read: no PDF, exit 0
    sys.exit(0)
outdir.mkdir(parents=True, exist_ok=True)
for f in inputs:
    writer = PdfWriter()
    for _ in range(int(f.read_text().partition("pages=")[2].split()[0] or 1)):
        writer.add_blank_page(595, 842)
    data = io.BytesIO()
    writer.write(data)
    data = data.getvalue()
    if mode == "truncate":  # the disk filled up: LibreOffice still exits 0
        data = data[:4096]
    (outdir / (f.stem + ".pdf")).write_bytes(data)
"""


class Fake:
    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        script = self.bin / "soffice"
        script.write_text(FAKE_SOFFICE, encoding="utf-8")
        script.chmod(0o755)
        self.tmp = tmp_path / "tmp"  # the system temporary folder, for these tests
        self.tmp.mkdir()
        self.record = tmp_path / "record.json"
        (tmp_path / "record.json.d").mkdir()  # one record per soffice start
        self.out = tmp_path / "out"  # where the DOCX are, as in a build's output folder
        self.out.mkdir()
        self.cache = tmp_path / "cache"  # the user's cache folder: the profiles kept
        self.env = {"PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
                    "TMPDIR": str(self.tmp), "FAKE_RECORD": str(self.record),
                    "XDG_CACHE_HOME": str(self.cache)}
        for key, value in self.env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(tempfile, "tempdir", str(self.tmp))
        monkeypatch.chdir(tmp_path)  # messages name out/a.docx

    def docx(self, name: str, pages: int = 1, mode: str = "") -> Path:
        path = self.out / name
        path.write_text(f"pages={pages} {mode:5}")  # same size whatever the mode
        return path

    def starts(self) -> list[dict]:
        return [json.loads(p.read_text()) for p in (self.record.parent / "record.json.d").iterdir()]

    def soffice_left(self) -> list[int]:
        """Processes still running for a staging folder in this test's temporary folder."""
        mark = f"{_pdf.MARKER}={self.tmp}".encode()
        left = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(e.startswith(mark) for e in env) and _running(int(pid)):
                left.append(int(pid))
        return left

    def seen(self) -> dict:
        return json.loads(self.record.read_text())

    def staging(self) -> list[str]:
        return sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("hmtn-pdf-"))


@pytest.fixture
def fake(tmp_path, monkeypatch) -> Fake:
    return Fake(tmp_path, monkeypatch)


def _running(pid: int) -> bool:
    """A zombie waiting for its reaper runs no more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _gone(pid: int) -> bool:
    """Whether ``pid`` stops running; SIGKILL takes effect a moment after it is sent."""
    deadline = time.monotonic() + 10
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def test_pdfs_come_in_input_order_from_outside_the_inputs_folder(fake, monkeypatch):
    monkeypatch.setenv("FAKE_LIST", str(fake.out))
    files = [fake.docx("a.docx", 3), fake.docx("b.docx", 1), fake.docx("c.docx", 2)]
    with convert_to_pdf(files) as batch:
        assert [_pages(p) for p in batch.pdfs] == [3, 1, 2]
        staging = Path(fake.seen()["outdir"]).parents[1]
        assert staging.parent == fake.tmp and staging.name.startswith("hmtn-pdf-")
        assert all(staging in p.parents for p in batch.pdfs)
        assert fake.seen()["home"] == str(staging)
    assert fake.seen()["listing"] == ["a.docx", "b.docx", "c.docx"]  # while it converted
    assert sorted(os.listdir(fake.out)) == ["a.docx", "b.docx", "c.docx"]
    assert fake.staging() == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_an_error_inside_the_with_block_still_removes_the_staging_folder(fake):
    with pytest.raises(ZeroDivisionError):
        with convert_to_pdf([fake.docx("a.docx")]):
            assert len(fake.staging()) == 1
            1 / 0
    assert fake.staging() == []


def test_a_hanging_soffice_is_killed_with_its_children_at_the_limit(fake, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "stuck")
    monkeypatch.setattr(_pdf, "GRACE", 0.2)
    with pytest.raises(OutputError) as err:
        with convert_to_pdf([fake.docx("a.docx"), fake.docx("b.docx")], timeout=3):
            pytest.fail("a batch that timed out must not be handed out")
    assert str(err.value) == ("LibreOffice chưa chuyển xong 2 tệp sau 3 giây "
                              "(đã dừng LibreOffice); chưa thay PDF nào")
    seen = fake.seen()
    assert seen["sid"] == seen["pid"]  # a session, hence a process group, of its own
    assert _gone(seen["pid"]) and _gone(seen["child"])
    assert fake.staging() == []


def test_soffice_that_exits_without_pdfs_names_the_files(fake, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "crash")
    with pytest.raises(OutputError) as err:
        with convert_to_pdf([fake.docx("a.docx"), fake.docx("b.docx")]):
            pytest.fail("unreachable")
    assert str(err.value) == ("LibreOffice không chuyển được out/a.docx, out/b.docx "
                              "(mã thoát 1: không có thông báo); chưa thay PDF nào")
    assert fake.staging() == []


def test_a_truncated_pdf_is_refused(fake, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "truncate")
    with pytest.raises(OutputError, match=r"^PDF của out/a\.docx hỏng \(không đọc được: .*"
                                          r"còn chỗ trống không\?\); chưa thay PDF nào$"):
        with convert_to_pdf([fake.docx("a.docx", pages=60)]):
            pytest.fail("unreachable")
    assert fake.staging() == []


def test_a_pdf_without_pages_is_refused(fake):
    with pytest.raises(OutputError) as err:
        with convert_to_pdf([fake.docx("a.docx", pages=1), fake.docx("b.docx", pages=0)]):
            pytest.fail("unreachable")
    assert str(err.value) == "PDF của out/b.docx hỏng (không có trang nào); chưa thay PDF nào"


def test_leftovers_of_dead_runs_go_at_the_next_call_and_live_ones_stay(fake):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stamps = {"dead": str(dead.pid), "live": _pdf._owner_stamp(os.getpid()),
              "reused": f"{os.getpid()} 1"}  # our pid, but another process's start time
    for name, stamp in stamps.items():
        folder = fake.tmp / f"hmtn-pdf-{name}"
        (folder / "batch-000000" / "in").mkdir(parents=True)
        (folder / "owner").write_text(stamp)
    (fake.tmp / "hmtn-pdf-unowned").mkdir()  # being made right now, perhaps
    with convert_to_pdf([fake.docx("a.docx")]):
        pass
    assert fake.staging() == ["hmtn-pdf-live", "hmtn-pdf-unowned"]


def _converting_child(fake: Fake, mode: str) -> subprocess.Popen:
    """A Python process converting one file with a fake soffice that ``mode``s."""
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from hmtn_docs._pdf import convert_to_pdf
        with convert_to_pdf([Path(sys.argv[1])]):
            pass
    """)
    env = dict(os.environ, **fake.env, FAKE_MODE=mode, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", code, str(fake.docx("a.docx"))], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(fake.record)
    return child


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 128 + 15),
                                         (signal.SIGINT, -signal.SIGINT)])
def test_a_signal_stops_soffice_and_removes_the_staging_folder(fake, sig, status):
    child = _converting_child(fake, "hang")
    assert len(fake.staging()) == 1
    child.send_signal(sig)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == status, stderr
    seen = fake.seen()
    assert _gone(seen["pid"]) and _gone(seen["child"])
    assert fake.staging() == []
    assert os.listdir(fake.out) == ["a.docx"]
    assert _profile_of(seen) == _kept(fake) / "profile-0"
    assert not _profile_of(seen).exists()  # stopped while it may have been writing it


def test_soffice_of_a_killed_run_is_stopped_at_the_next_call(fake):
    child = _converting_child(fake, "hang")
    child.kill()  # SIGKILL: no clean-up can run
    child.communicate(timeout=60)
    orphan = fake.seen()
    assert _running(orphan["pid"]) and _running(orphan["child"])
    assert len(fake.staging()) == 1
    fake.record.unlink()
    with convert_to_pdf([fake.docx("b.docx")]):
        pass
    assert _gone(orphan["pid"]) and _gone(orphan["child"])
    assert fake.staging() == []


# --------------------------------------------------------------------------- a pool of workers
def _letters(fake: Fake, count: int, **modes: str) -> list[Path]:
    return [fake.docx(f"{n:02d}.docx", pages=1 + n % 3, mode=modes.get(f"f{n}", ""))
            for n in range(count)]


@pytest.mark.parametrize("cores, starts", [({0, 1}, 2), ({0}, 1)])
def test_files_are_shared_out_among_one_worker_per_available_core(fake, monkeypatch, cores,
                                                                   starts):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)  # as taskset would
    files = _letters(fake, 8)
    with convert_to_pdf(files) as batch:
        assert [_pages(p) for p in batch.pdfs] == [1 + n % 3 for n in range(8)]
    seen = fake.starts()
    assert len(seen) == starts
    assert len({s["profile"] for s in seen}) == starts  # a profile of its own each
    assert sorted(name for s in seen for name in s["inputs"]) == [f"{n:06d}.docx" for n in range(8)]
    assert fake.staging() == []


def test_jobs_caps_the_workers_and_few_files_need_one(fake):
    with convert_to_pdf(_letters(fake, 8), jobs=1):
        pass
    with convert_to_pdf(_letters(fake, 3), jobs=2):
        pass
    assert len(fake.starts()) == 2  # one start each: 8 files with --jobs 1, 3 files


def test_a_crashing_worker_stops_the_others_and_leaves_no_process(fake, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(_pdf, "GRACE", 0.2)
    # equal sizes: even files go to one worker, odd ones to the other; that one hangs
    files = _letters(fake, 8, f0="crash", f1="hang")
    with pytest.raises(OutputError) as err:
        with convert_to_pdf(files, timeout=120):
            pytest.fail("unreachable")
    assert str(err.value) == ("LibreOffice không chuyển được out/00.docx, out/02.docx, "
                              "out/04.docx, out/06.docx (mã thoát 1: không có thông báo); "
                              "chưa thay PDF nào")
    assert fake.soffice_left() == []
    assert fake.staging() == []


def test_a_hanging_worker_is_stopped_at_the_limit_with_the_others(fake, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(_pdf, "GRACE", 0.2)
    files = _letters(fake, 8, f1="hang")
    with pytest.raises(OutputError) as err:
        with convert_to_pdf(files, timeout=5):
            pytest.fail("unreachable")
    assert str(err.value) == ("LibreOffice chưa chuyển xong 4 tệp sau 5 giây "
                              "(đã dừng LibreOffice); chưa thay PDF nào")
    hung = next(s for s in fake.starts() if "000001.docx" in s["inputs"])
    assert _gone(hung["pid"]) and _gone(hung["child"])
    assert fake.soffice_left() == []
    assert fake.staging() == []


# ------------------------------------------------------------------ profiles kept between builds
def _kept(fake: Fake) -> Path:
    return fake.cache / "hmtn-docs" / "libreoffice"


def _profile_of(start: dict) -> Path:
    return Path(start["profile"].partition("file://")[2])


def _starts_with(profile: Path) -> int:
    return int((profile / "user" / "starts").read_text())


def test_each_worker_keeps_its_profile_for_the_next_build(fake, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    for _ in range(2):
        with convert_to_pdf(_letters(fake, 8)):
            pass
    profiles = sorted(_profile_of(s) for s in fake.starts())
    kept = [_kept(fake) / "profile-0", _kept(fake) / "profile-1"]
    assert profiles == [kept[0], kept[0], kept[1], kept[1]]  # the same two, twice
    assert [_starts_with(p) for p in kept] == [2, 2]
    assert fake.staging() == []


def test_a_profile_another_build_holds_is_left_to_it(fake):
    lock_file = _kept(fake) / "profile-0.lock"
    lock_file.parent.mkdir(parents=True)
    with open(lock_file, "w") as other_build:
        fcntl.flock(other_build, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with convert_to_pdf(_letters(fake, 2)):
            pass
    assert _profile_of(fake.seen()) == _kept(fake) / "profile-1"
    assert not (_kept(fake) / "profile-0").exists()


def test_without_a_cache_folder_the_profile_is_the_conversions_own(fake, monkeypatch):
    blocked = fake.tmp.parent / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    with convert_to_pdf(_letters(fake, 2)):
        pass
    profile = _profile_of(fake.seen())
    assert profile.parent.parent == fake.tmp and profile.parent.name.startswith("hmtn-pdf-")
    assert not profile.exists()  # gone with the staging folder


def test_a_worker_that_failed_loses_its_profile_the_others_keep_theirs(fake, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    with convert_to_pdf(_letters(fake, 8)):  # both profiles made
        pass
    monkeypatch.setattr(_pdf, "GRACE", 0.2)
    with pytest.raises(OutputError):
        with convert_to_pdf(_letters(fake, 8, f1="hang"), timeout=3):
            pytest.fail("unreachable")
    hung = _profile_of(next(s for s in fake.starts() if "000001.docx" in s["inputs"]
                            and "child" in s))
    others = {_profile_of(s) for s in fake.starts()} - {hung}
    assert not hung.exists()  # killed at the limit: it may have been writing it
    assert [_starts_with(p) for p in others] == [2]
    # and the slot is free again: the next build makes the profile anew
    with convert_to_pdf(_letters(fake, 8)):
        pass
    assert _starts_with(hung) == 1
    assert fake.soffice_left() == []


def test_where_there_are_no_pidfds_the_pool_looks_at_intervals(fake, monkeypatch):
    monkeypatch.delattr(os, "pidfd_open", raising=False)  # macOS, Linux before 5.3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    files = _letters(fake, 8)
    with convert_to_pdf(files) as batch:
        assert [_pages(p) for p in batch.pdfs] == [1 + n % 3 for n in range(8)]
    assert len(fake.starts()) == 2


def test_a_worker_that_left_a_pdf_out_starts_afresh_next_time(fake, monkeypatch):
    with convert_to_pdf([fake.docx("a.docx")]):
        pass
    assert _starts_with(_kept(fake) / "profile-0") == 1
    monkeypatch.setenv("FAKE_MODE", "nothing")
    with pytest.raises(OutputError) as err:
        with convert_to_pdf([fake.docx("a.docx")]):
            pytest.fail("unreachable")
    assert str(err.value) == ("LibreOffice không chuyển được out/a.docx (mã thoát 0: không có "
                              "thông báo); chưa thay PDF nào")
    assert not (_kept(fake) / "profile-0").exists()


def test_a_signal_while_a_hung_soffice_is_being_stopped_still_kills_it_and_drops_its_profile(
        fake):
    # the time limit passes, soffice ignores SIGTERM, and Ctrl-C comes during the grace period
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from hmtn_docs import _pdf
        _pdf.GRACE = 6
        with _pdf.convert_to_pdf([Path(sys.argv[1])], timeout=1):
            pass
    """)
    env = dict(os.environ, **fake.env, FAKE_MODE="stuck", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", code, str(fake.docx("a.docx"))], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(fake.record)
    time.sleep(2.5)  # past the 1 s limit, inside the 6 s grace
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGINT, stderr
    seen = fake.seen()
    assert _gone(seen["pid"]) and _gone(seen["child"])
    assert not _profile_of(seen).exists()
    with open(_kept(fake) / "profile-0.lock", "w") as lock:  # and its slot is free
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert fake.staging() == []
