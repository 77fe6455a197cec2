"""The store a browser session reads: the shared one, or its private copy once it has
imported a file; their cached connections, the demo import on a first start, and the cleanup
of copies whose session ended.

Why a private store per session: DESIGN's safety rule says one person's uploads are never
visible to another browser session. Everyone reads the shared store (demo data, or what the
CLI imported) until they import a file on the Data page; that first import copies the shared
store to a temporary file owned by the session (``st.session_state["store_path"]``), and from
then on the session reads and writes only that copy. Its connection and cached results are
session-scoped; the copy is removed when the session ends (``analytics.private_files``, which
also keeps all copies together under a size cap), and in any case once idle for a day.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

from .. import private_files, store, workers
from ..settings import DEFAULT_DB, DEMO_WORKBOOK
from .language import lang, t

STORE_PATH_KEY = "store_path"

# Private copies of the store (and uploaded files, see .uploads) live in temp dirs with these
# prefixes; directories not touched for this long belong to sessions that ended and are removed.
PRIVATE_PREFIX = private_files.PREFIXES[0]
STALE_AFTER_S = private_files.STALE_AFTER_S


def base_store_path() -> Path:
    """The shared store: ``PULSE_DB`` if set, else data/pulse.duckdb (read on every call so
    tests and deployments can point the app elsewhere)."""
    return Path(os.environ.get("PULSE_DB") or DEFAULT_DB)


def store_path() -> str:
    """The store this session reads: its private copy once it has imported, else the shared one."""
    return str(st.session_state.get(STORE_PATH_KEY) or base_store_path())


def is_private_store() -> bool:
    return bool(st.session_state.get(STORE_PATH_KEY))


@st.cache_resource(show_spinner=False)
def _shared_connection(path: str) -> duckdb.DuckDBPyConnection:
    # One connection per store file for the whole server; queries use .cursor() so threads of
    # different sessions never share a cursor.
    return store.connect(path)


def _close_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=_close_quietly)
def _private_connection(path: str) -> duckdb.DuckDBPyConnection:
    # Session-scoped: closed when the session disconnects, reopened from the file if it
    # comes back. The file itself stays until it has been idle for STALE_AFTER_S.
    return store.connect(path)


def connection_for(path: str) -> duckdb.DuckDBPyConnection:
    """The cached connection of one store file (shared or the session's private copy)."""
    if Path(path).parent.name.startswith(PRIVATE_PREFIX):
        touch(Path(path).parent)
        return _private_connection(path)
    return _shared_connection(path)


def get_connection() -> duckdb.DuckDBPyConnection:
    """The store this browser session reads. Use ``con.cursor()`` for every query."""
    return connection_for(store_path())


def data_version() -> str:
    """The data version of the session's store; it changes with every import."""
    return store.data_version(get_connection())


def auto_demo_enabled() -> bool:
    """``PULSE_AUTO_DEMO=0`` keeps an empty store empty (tests of the empty state use it)."""
    return os.environ.get("PULSE_AUTO_DEMO", "1") != "0"


_bootstrap_lock = threading.Lock()


_bootstrapped: set[str] = set()


@dataclass(frozen=True)
class StoreStatus:
    """What :func:`ensure_store` found: ``ok`` False means the store could not be opened."""

    ok: bool
    demo_loaded: bool = False
    problem: str | None = None


def ensure_store() -> StoreStatus:
    """Open the shared store; on its first start, when it is empty, import the demo workbook.

    So the app shows a portfolio with nothing uploaded. The lock makes two sessions starting
    at the same moment import it once: the second waits, then finds the store filled.
    """
    path = str(base_store_path())
    try:
        con = _shared_connection(path)
    except store.StoreError as e:  # locked, damaged, newer: one sentence, no server path
        return StoreStatus(False, problem=e.text(lang()))
    if path in _bootstrapped:
        return StoreStatus(True)
    with _bootstrap_lock:
        if path in _bootstrapped:
            return StoreStatus(True)
        loaded = False
        problem = None
        if auto_demo_enabled() and store.is_empty(con) and DEMO_WORKBOOK.exists():
            from .. import ingest  # the import machinery is only needed on a first start

            try:
                with st.spinner(t("shell.loading_demo")):
                    ingest.import_file(con, DEMO_WORKBOOK)
                con.execute("CHECKPOINT")
                loaded = True
            except (ingest.IngestError, duckdb.Error, OSError) as e:
                problem = t("shell.demo_failed", reason=str(e))
        _bootstrapped.add(path)
        workers.sweep_stale()  # what workers of an earlier, killed server left behind
    return StoreStatus(True, demo_loaded=loaded, problem=problem)


def touch(directory: Path) -> None:
    try:
        os.utime(directory)
    except OSError:
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=private_files.release)
def session_directory(path: str) -> str:
    """Ties a private directory to this browser session: it is removed when the session ends
    (Streamlit releases session-scoped resources then), not a day later."""
    return path


def private_connection() -> duckdb.DuckDBPyConnection:
    """The session's own copy of the store, created on first use; imports go here.

    The copy starts as the shared store (checkpointed first, so the file alone is complete;
    a write-ahead log, if one is left, is copied too and replayed on open).
    """
    ss = st.session_state
    current = ss.get(STORE_PATH_KEY)
    if current and Path(current).exists():
        return connection_for(current)
    base = base_store_path()
    base_con = _shared_connection(str(base))
    try:
        base_con.cursor().execute("CHECKPOINT")
    except duckdb.Error:
        pass  # a concurrent reader; the WAL copied below keeps the copy complete
    wal = base.with_name(base.name + ".wal")
    needed = sum(p.stat().st_size for p in (base, wal) if p.exists())
    # raises private_files.NoRoom when live sessions' copies already fill the cap
    directory = private_files.make_directory(PRIVATE_PREFIX, needed)
    session_directory(str(directory))
    target = directory / "store.duckdb"
    if base.exists():
        shutil.copyfile(base, target)
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    ss[STORE_PATH_KEY] = str(target)
    return connection_for(str(target))


def discard_private_store() -> None:
    """Back to the shared store; the session's copy is deleted."""
    current = st.session_state.pop(STORE_PATH_KEY, None)
    if current:
        try:
            _private_connection.clear(current)  # closes it through on_release
        except Exception:  # noqa: BLE001 - clearing is best effort, the dir goes anyway
            pass
        private_files.release(Path(current).parent)
