"""The shared store the whole server reads and writes: its one cached connection, the inbox
the server serves on it, and the demo import on a first start.

Every browser session reads the same store, and every import on the Data page (by a user
allowed to import) goes into it, so the next view of everyone shows it. DuckDB lets one
process open the store file, so while the app runs it is the store's only writer: the command
line and scheduled exports reach the store through its inbox (see analytics/inbox.py), which
the watcher started here serves. Uploads on the Explore page never reach the store.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

from .. import inbox, private_files, store, workers
from ..settings import DEFAULT_DB, DEMO_WORKBOOK, Settings, load_settings
from .language import lang, t

_log = logging.getLogger(__name__)


def base_store_path() -> Path:
    """The shared store: ``PULSE_DB`` if set, else data/pulse.duckdb (read on every call so
    tests and deployments can point the app elsewhere)."""
    return Path(os.environ.get("PULSE_DB") or DEFAULT_DB)


def store_path() -> str:
    return str(base_store_path())


@dataclass
class Served:
    """The server's connection to a store and the watcher serving its inbox."""

    con: duckdb.DuckDBPyConnection
    watcher: inbox.Watcher | None

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        try:
            self.con.close()
        except duckdb.Error:
            pass


def _release(served: Served) -> None:
    served.close()


@st.cache_resource(show_spinner=False, on_release=_release)
def _served(path: str) -> Served:
    # One connection per store file for the whole server; queries use .cursor() so threads of
    # different sessions never share a cursor. The inbox is served from the same process,
    # because no other process can open the file while this one holds it.
    con = store.connect(path)
    settings = load_settings()
    watcher = None
    if settings.inbox_poll_s > 0:
        try:
            watcher = inbox.Watcher(con, path, poll_s=settings.inbox_poll_s,
                                    settle_s=settings.inbox_settle_s).start()
        except OSError as e:  # an inbox that cannot be made: the app still serves pages
            _log.warning("the inbox of %s is not served: %s", Path(path).name, e)
    return Served(con, watcher)


def release_all() -> None:
    """Stop serving every store this process opened and close their connections (a test's
    end; a server keeps them for its life)."""
    _served.clear()


def connection_for(path: str) -> duckdb.DuckDBPyConnection:
    """The server's cached connection to one store file."""
    return _served(path).con


def get_connection() -> duckdb.DuckDBPyConnection:
    """The shared store. Use ``con.cursor()`` for every query."""
    return connection_for(store_path())


def settings() -> Settings:
    """The settings in force: the deployment's, with what an admin saved in the shared store
    (read on every call, so a saved change shows on the next view)."""
    return load_settings(get_connection())


def data_version() -> str:
    """The store's data version; it changes with every import and undo."""
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
    path = store_path()
    try:
        con = connection_for(path)
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
                    ingest.import_file(con, DEMO_WORKBOOK, imported_by="demo")
                con.execute("CHECKPOINT")
                loaded = True
            except (ingest.IngestError, duckdb.Error, OSError) as e:
                problem = t("shell.demo_failed", reason=problem_text(e))
        _bootstrapped.add(path)
        workers.sweep_stale()  # what workers of an earlier, killed server left behind
    return StoreStatus(True, demo_loaded=loaded, problem=problem)


def problem_text(error: BaseException) -> str:
    """One sentence for any failure met while using the store, in the session's language,
    naming files by their name only."""
    from ..ingest import IngestError

    if isinstance(error, IngestError):
        return error.text(lang())
    return store.explain(error, base_store_path().name).text(lang())


def touch(directory: Path) -> None:
    try:
        os.utime(directory)
    except OSError:
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=private_files.release)
def session_directory(path: str) -> str:
    """Ties a private directory (a session's saved uploads) to this browser session: it is
    removed when the session ends (Streamlit releases session-scoped resources then), not a
    day later."""
    return path
