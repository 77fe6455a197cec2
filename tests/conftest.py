"""Shared fixtures: stores built through the real import, and the app under AppTest.

``demo_store`` is the shipped demo workbook imported once per test session through
``ingest.import_file`` (the path a first start of the app takes); tests that need to write
copy it (``demo_store_copy``), never write into it. ``empty_store`` is a fresh store
with its tables and nothing else. ``app_test`` starts ``app.py`` under Streamlit's AppTest,
pointed at a store through ``PULSE_DB``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"

# A translation key missing from the table fails the test that shows it.
os.environ.setdefault("PULSE_STRICT_I18N", "1")


def _demo_workbook(tmp_dir: Path) -> Path:
    """The shipped demo workbook; generated from the seed when the checkout lacks it."""
    from analytics.settings import DEMO_WORKBOOK

    if DEMO_WORKBOOK.exists():
        return DEMO_WORKBOOK
    from analytics import demo

    written = demo.write_demo(tmp_dir)
    return next(p for p in written if Path(p).suffix == ".xlsx")


@pytest.fixture(scope="session")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _demo_workbook(tmp_path_factory.mktemp("demo_files"))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_workbook: Path) -> Path:
    """A store holding the demo portfolio, imported once per test session. Do not write to
    it; copy it (``demo_store_copy``) when a test must."""
    from analytics import ingest, store

    path = tmp_path_factory.mktemp("demo_store") / "demo.duckdb"
    con = store.connect(path)
    try:
        ingest.import_file(con, demo_workbook)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def demo_store_copy(demo_store: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the demo store."""
    target = tmp_path / "demo_copy.duckdb"
    shutil.copyfile(demo_store, target)
    return target


@pytest.fixture
def empty_store(tmp_path: Path) -> Path:
    """A store with the canonical tables and no rows."""
    from analytics import store

    path = tmp_path / "empty.duckdb"
    store.connect(path).close()
    return path


@pytest.fixture
def navigation_v2() -> Iterator[None]:
    """Make AppTest run app.py the way ``streamlit run`` does after its first run (see
    analytics/ui/pages_mode.py)."""
    from analytics.ui.pages_mode import navigation_mode_for_app_test

    undo = navigation_mode_for_app_test()
    yield
    undo()


AppFactory = Callable[..., "object"]


@pytest.fixture
def app_test(monkeypatch: pytest.MonkeyPatch, navigation_v2: None,
             tmp_path: Path) -> Iterator[AppFactory]:
    """``app_test(db, auto_demo=False, **env)`` -> an AppTest of app.py on the store ``db``.

    ``auto_demo`` False keeps an empty store empty; extra keyword arguments become ``PULSE_*``
    environment variables (``upload_cap_mb=1`` -> ``PULSE_UPLOAD_CAP_MB=1``). Uploads land in
    the test's own temp dir; the stores the app opened are closed when the test ends.
    """
    import tempfile

    from streamlit.testing.v1 import AppTest

    def make(db: Path, *, auto_demo: bool = False, **env: object) -> AppTest:
        monkeypatch.setenv("PULSE_DB", str(db))
        monkeypatch.setenv("PULSE_AUTO_DEMO", "1" if auto_demo else "0")
        for name, value in env.items():
            monkeypatch.setenv(f"PULSE_{name.upper()}", str(value))
        return AppTest.from_file(str(APP), default_timeout=120)

    sessions = tmp_path / "sessions"
    sessions.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(sessions))
    yield make
    from analytics.ui import stores

    stores.release_all()  # the test's stores closed, their inbox watchers stopped


@pytest.fixture
def con():
    """An empty in-memory store (the import specifications import into it)."""
    from analytics import store

    c = store.connect(":memory:")
    yield c
    c.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """Headless Chromium with a fresh profile, one per browser test module (see
    tests/browser_support.py)."""
    from browser_support import chromium

    yield from chromium(tmp_path_factory)
