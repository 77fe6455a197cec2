"""Private copies on disk: removed when their session ends, and all together under a cap."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from analytics import private_files
from analytics.settings import Settings

MB = 1 << 20


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(private_files, "root", lambda: tmp_path)
    monkeypatch.setattr(private_files, "_live", set())
    return tmp_path


def copy(root: Path, prefix: str, mb: int, idle_s: float, live: bool) -> Path:
    d = root / f"{prefix}{len(list(root.iterdir()))}"
    d.mkdir()
    (d / "store.duckdb").write_bytes(b"\0" * (mb * MB))
    then = time.time() - idle_s
    os.utime(d, (then, then))
    if live:
        private_files.claim(d)
    return d


def test_a_released_directory_is_gone(root: Path) -> None:
    d = private_files.make_directory("pulse-session-", 0, Settings(private_copies_cap_mb=10))
    assert d.parent == root and private_files.is_live(d)
    (d / "store.duckdb").write_bytes(b"x")
    private_files.release(d)
    assert not d.exists() and not private_files.is_live(d)


def test_leftovers_go_oldest_first_until_the_new_copy_fits(root: Path) -> None:
    oldest = copy(root, "pulse-session-", 4, 3 * 3600, live=False)
    older = copy(root, "pulse-upload-", 4, 2 * 3600, live=False)
    live = copy(root, "pulse-session-", 4, 5 * 3600, live=True)   # idle, but its session lives
    fresh = copy(root, "pulse-session-", 1, 60, live=False)         # maybe another server's
    private_files.make_room(5 * MB, Settings(private_copies_cap_mb=14))
    # 13 MB + 5 MB > 14 MB: the oldest leftover goes (9 + 5 = 14 fits), nothing more
    assert not oldest.exists()
    assert older.exists() and live.exists() and fresh.exists()


def test_live_sessions_are_never_removed_to_make_room(root: Path) -> None:
    live = [copy(root, "pulse-session-", 3, 4 * 3600, live=True) for _ in range(3)]
    with pytest.raises(private_files.NoRoom) as info:
        private_files.make_room(2 * MB, Settings(private_copies_cap_mb=10))
    assert all(d.exists() for d in live)
    assert info.value.cap_mb == 10 and info.value.needed_mb == pytest.approx(2)


def test_a_day_idle_is_removed_whoever_owns_it(root: Path) -> None:
    stale = copy(root, "pulse-upload-", 1, private_files.STALE_AFTER_S + 60, live=True)
    private_files.make_room(0, Settings(private_copies_cap_mb=100))
    assert not stale.exists()


def test_other_directories_in_the_temp_dir_are_not_ours(root: Path) -> None:
    other = root / "someone-else"
    other.mkdir()
    (other / "big").write_bytes(b"\0" * (3 * MB))
    os.utime(other, (0, 0))
    private_files.make_room(1 * MB, Settings(private_copies_cap_mb=2))
    assert other.exists()


def test_ending_a_session_releases_its_directories(tmp_path: Path) -> None:
    """Streamlit calls a session resource's on_release when the session ends; clearing the
    resource makes the same call, inside a real script run."""
    from streamlit.testing.v1 import AppTest

    def script(path: str) -> None:
        import streamlit as st

        from analytics.ui import stores

        stores.session_directory(path)
        st.write("tied")
        stores.session_directory.clear()

    d = tmp_path / "pulse-session-test"
    d.mkdir()
    (d / "store.duckdb").write_bytes(b"x")
    at = AppTest.from_function(script, args=(str(d),)).run()
    assert not at.exception and at.markdown[0].value == "tied"
    assert not d.exists()
