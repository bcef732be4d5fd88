"""LibreOffice profiles kept from one conversion to the next, one per worker, one soffice each.

soffice makes its profile (registry, caches) on the first start with a new one: about 0.07 s of
each start, every build, when the profile is thrown away with the staging folder. So each
worker takes a slot under ``$XDG_CACHE_HOME/hmtn-docs/libreoffice`` (``~/.cache`` by default) and
keeps its profile there: ``profile-N``, with the lock file ``profile-N.lock``.

Two soffice started with one profile do not both work: the second hands its files to the first
over LibreOffice's pipe, out of reach of our time limits. So a slot is held with an exclusive
``flock`` from the first start to the end of the conversion, and a slot another build holds is
skipped. When none of the ``SLOTS`` is free, or the cache cannot be written, the worker gets a
private profile in the staging folder, as before, and goes with it.

Each profile is also told which LibreOffice last ran with it (``prepare``). LibreOffice runs its
graphics render tests (about 0.5 s of a core, a gigabyte of memory written and freed) at every
start whose profile has not recorded the running version, and only a start with a window records
it: without this, every headless start, ours and any plain ``soffice --convert-to``, pays them.

A profile whose soffice did not end well (killed at the time limit or by a signal, exited with
an error, left a PDF out) is removed before its slot is let go: LibreOffice may have been
writing it, and a half-written profile must not fail the next builds. (When our process is
killed outright, the next conversion stops its soffice; should that leave the profile broken,
that conversion fails and removes it, and the one after starts afresh.)
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

__all__ = ["SLOTS", "Profiles", "cache_folder", "prepare", "product_version"]

SLOTS = 16  # kept profiles at most: more than the cores of any machine building plans


def cache_folder() -> Path | None:
    """Where the kept profiles live (the XDG base directory for caches); None where there is
    no home to put them in (a service account without one, say)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or ".")
    if not base.is_absolute():  # unset, or relative: to be ignored, says the XDG spec
        base = Path(os.path.expanduser("~/.cache"))
    return base / "hmtn-docs" / "libreoffice" if base.is_absolute() else None


class Profiles:
    """The profile of each worker of one conversion; ``release`` lets them all go.

    ``release`` may run twice, and from a signal handler that interrupted anything here.
    """

    def __init__(self, private: Path) -> None:
        self.private = private  # the staging folder, for profiles that are not kept
        self.held: dict[int, tuple[Path, int]] = {}  # worker -> (kept profile, locked fd)
        self.chosen: dict[int, Path] = {}
        self.spoiled: set[int] = set()

    def profile(self, worker: int) -> Path:
        """The worker's profile: the same for all its starts."""
        if worker not in self.chosen:
            self.chosen[worker] = self._take_slot(worker) or \
                self.private / ("profile" if worker == 0 else f"profile-{worker}")
        return self.chosen[worker]

    def spoil(self, worker: int) -> None:
        """The worker's soffice did not end well: its kept profile is removed on release."""
        self.spoiled.add(worker)

    def release(self) -> None:
        # one slot at a time: a signal handler's release, interrupting this one, finds the
        # slots not yet let go and lets them go itself
        while self.held:
            worker, (profile, fd) = self.held.popitem()
            try:
                if worker in self.spoiled:  # still under our lock: nobody starts with it
                    shutil.rmtree(profile, ignore_errors=True)
            finally:
                os.close(fd)  # closing the file lets the lock go

    def _take_slot(self, worker: int) -> Path | None:
        folder = cache_folder()
        if folder is None:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        taken = {profile for profile, _ in self.held.values()}
        for slot in range(SLOTS):
            profile = folder / f"profile-{slot}"
            if profile in taken:
                continue
            try:
                fd = os.open(folder / f"profile-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return None
            self.held[worker] = (profile, fd)  # before the lock: release() closes it, locked or not
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another build's worker has it
                del self.held[worker]
                os.close(fd)
                continue
            return profile
        return None


_REGISTRY = "user/registrymodifications.xcu"
# the entry, as LibreOffice writes it and as we write it; and how to find it with any version
_LAST_VERSION_ITEM = ('<item oor:path="/org.openoffice.Setup/Product"><prop '
                      'oor:name="ooSetupLastVersion" oor:op="fuse"><value>{}</value></prop></item>\n')
_LAST_VERSION = re.compile(re.escape(_LAST_VERSION_ITEM).replace(re.escape("{}"), "([^<]*)")
                           .replace(re.escape("\n"), "\n?"))
_EMPTY_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
</oor:items>
"""


@lru_cache(maxsize=4)
def product_version(soffice: str) -> str | None:
    """LibreOffice's "major.minor" from its bootstrap file, if it has one: ``bootstraprc`` next
    to ``soffice`` (Linux), in ``../Resources`` (macOS), or ``bootstrap.ini`` (Windows).

    Reading the file costs nothing; asking ``soffice --version`` costs a start (0.07 s).
    """
    program = Path(soffice).resolve().parent
    for candidate in (program / "bootstraprc", program.parent / "Resources" / "bootstraprc",
                      program / "bootstrap.ini"):
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = re.search(r"^ProductKey=\D*(\d+\.\d+)", text, re.MULTILINE)
        return found[1] if found else None
    return None


def prepare(profile: Path, version: str | None) -> None:
    """Record in ``profile`` that LibreOffice ``version`` ran with it (see above); no version
    known, nothing done. Only while no soffice uses the profile: LibreOffice rewrites the
    file when it exits, keeping what it read.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> prepare(folder, "7.4")
    >>> print((folder / _REGISTRY).read_text(encoding="utf-8").splitlines()[-2])
    <item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" \
oor:op="fuse"><value>7.4</value></prop></item>
    """
    if version is None:
        return
    registry = profile / _REGISTRY
    try:
        text = registry.read_text(encoding="utf-8")
    except FileNotFoundError:  # a new profile: LibreOffice makes the rest at its first start
        text = _EMPTY_REGISTRY
    except (OSError, UnicodeDecodeError):
        return  # not ours to repair: LibreOffice starts the slow way
    found = _LAST_VERSION.search(text)
    if found and found[1] == version:
        return
    item = _LAST_VERSION_ITEM.format(version)
    if found:
        text = text[:found.start()] + item + text[found.end():]
    elif "</oor:items>" in text:
        text = text.replace("</oor:items>", item + "</oor:items>", 1)
    else:
        return
    try:
        registry.parent.mkdir(parents=True, exist_ok=True)
        temporary = registry.with_name(registry.name + ".hmtn-tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, registry)
    except OSError:
        return
