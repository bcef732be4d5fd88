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

A profile whose soffice did not end well (killed at the time limit or by a signal, exited with
an error) is removed before its slot is let go: LibreOffice may have been writing it, and a
half-written profile would spoil the next builds.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

__all__ = ["SLOTS", "Profiles", "cache_folder"]

SLOTS = 16  # kept profiles at most: more than the cores of any machine building plans


def cache_folder() -> Path:
    """Where the kept profiles live (the XDG base directory for caches)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hmtn-docs" / "libreoffice"


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
        held, self.held = self.held, {}
        for worker, (profile, fd) in held.items():
            try:
                if worker in self.spoiled:  # still under our lock: nobody starts with it
                    shutil.rmtree(profile, ignore_errors=True)
            finally:
                os.close(fd)  # closing the file lets the lock go

    def _take_slot(self, worker: int) -> Path | None:
        folder = cache_folder()
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
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another build's worker has it
                os.close(fd)
                continue
            self.held[worker] = (profile, fd)
            return profile
        return None
