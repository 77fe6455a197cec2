"""The server's private copies on disk: the uploads a browser session saved.

Why a module of its own (without Streamlit): every such directory is owned by one browser
session, and the disk they share is finite. So each directory is *claimed* when it is made
(:func:`claim`) and *released* when its session ends (:func:`release` removes it), and all of
them together stay under a size cap (the setting ``private_copies_cap_mb``): before a new copy
is made, :func:`make_room` removes leftovers no live session of this server owns — oldest
first, and only once idle for :data:`LEFTOVER_AFTER_S`, since another server on the same
machine may own them — and refuses (:class:`NoRoom`) rather than touch a live session's files.
Anything idle for :data:`STALE_AFTER_S` is removed in any case.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from .settings import SETTINGS, Settings

#: Directory prefixes of private copies: a session's copy of the store (made by earlier
#: versions, still swept) and its saved uploads.
PREFIXES: tuple[str, ...] = ("pulse-session-", "pulse-upload-")
#: Idle this long, a directory belongs to a session that ended, whoever made it.
STALE_AFTER_S = 24 * 3600
#: Idle this long and owned by no live session here, a directory may go to make room.
LEFTOVER_AFTER_S = 15 * 60
MB = 1 << 20

_live: set[str] = set()
_lock = threading.Lock()


class NoRoom(Exception):
    """No room for another private copy under the cap; ``needed_mb`` and ``cap_mb`` say why."""

    def __init__(self, needed_mb: float, cap_mb: int) -> None:
        self.needed_mb = needed_mb
        self.cap_mb = cap_mb
        super().__init__(f"no room for {needed_mb:.1f} MB more private data (cap {cap_mb} MB)")


def root() -> Path:
    return Path(tempfile.gettempdir())


def make_directory(prefix: str, needed_bytes: int = 0, settings: Settings | None = None) -> Path:
    """A new claimed directory for a session, after making room for ``needed_bytes``."""
    make_room(needed_bytes, settings)
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=root()))
    claim(directory)
    return directory


def claim(directory: Path | str) -> None:
    with _lock:
        _live.add(str(directory))


def release(directory: Path | str) -> None:
    """The session that owned ``directory`` ended (or discarded it): remove it."""
    with _lock:
        _live.discard(str(directory))
    shutil.rmtree(directory, ignore_errors=True)


def is_live(directory: Path | str) -> bool:
    with _lock:
        return str(directory) in _live


def directories() -> list[Path]:
    return [d for prefix in PREFIXES for d in root().glob(prefix + "*") if d.is_dir()]


def size_of(directory: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(directory):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                continue
    return total


def make_room(needed_bytes: int, settings: Settings | None = None) -> None:
    """Remove stale and leftover directories until ``needed_bytes`` more fit under the cap.

    Raises :class:`NoRoom` when even then they would not: the space is live sessions'.
    """
    cap = (settings or SETTINGS).private_copies_cap_mb
    now = time.time()
    entries = []
    for d in directories():
        try:
            idle = now - d.stat().st_mtime
        except OSError:
            continue
        if idle > STALE_AFTER_S:
            release(d)
            continue
        entries.append((idle, d, size_of(d)))
    total = sum(size for _, _, size in entries)
    for idle, d, size in sorted(entries, key=lambda e: e[0], reverse=True):  # oldest first
        if total + needed_bytes <= cap * MB:
            return
        if idle > LEFTOVER_AFTER_S and not is_live(d):
            release(d)
            total -= size
    if total + needed_bytes > cap * MB:
        raise NoRoom(needed_bytes / MB, cap)


__all__ = ["LEFTOVER_AFTER_S", "NoRoom", "PREFIXES", "STALE_AFTER_S", "claim", "directories",
           "is_live", "make_directory", "make_room", "release", "size_of"]
