"""Streamlit's legacy pages-folder mode, and the one place Delivery Pulse leaves it.

Streamlit treats an app whose entry script has a ``pages/`` folder beside it as an old-style
multipage app (``PagesManager.uses_pages_directory``) until a run calls ``st.navigation``.
DESIGN fixes the folder's name, and app.py registers every page explicitly, so that mode is
never wanted; it only matters in three places:

- the first run of a fresh server sends the navigation of that mode, a raw list of the scripts
  in pages/, before app.py can send its own: .streamlit/config.toml hides it
  (``client.showSidebarNavigation = false``) and :func:`leave_pages_directory_mode` shows the
  navigation again for app.py's pages;
- a fresh server whose first request is for a page URL (``/data``) would run that page script
  alone: no sidebar, no language, no demo import. :func:`leave_pages_directory_mode` runs when
  ``analytics.ui`` is first imported (every page imports it) and reruns through app.py;
- AppTest resets the flag before every run, so tests and the benchmark call
  :func:`navigation_mode_for_app_test` to run app.py as a live server does after its first run.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def leave_pages_directory_mode() -> None:
    """Make sure every run goes through app.py, even the very first one of the server.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until some run
    calls st.navigation. When the first request a fresh server receives is for a page URL
    (``/data``), it runs that page script alone: no sidebar, no language, no demo import. Every
    page imports this module, so on that first import: switch the server to st.navigation mode
    and, if app.py is not the script running, rerun - the rerun goes through app.py.
    """
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    if st.get_option("client.showSidebarNavigation") is False:
        # .streamlit/config.toml hides the navigation of the pages-folder mode, so the raw list
        # of scripts (app, complaints, cycle_times …) the first run sends never shows; from
        # here on the navigation is app.py's own, titled and ordered, so show it again. The
        # browser reads that setting at the start of a run: rerun, before anything is drawn.
        st.set_option("client.showSidebarNavigation", True)
        st.rerun()
    shell = Path(ctx.main_script_path).resolve()
    if any(Path(f.filename).resolve() == shell for f in inspect.stack(context=0)):
        return
    st.rerun()


def navigation_mode_for_app_test() -> Callable[[], None]:
    """Make every AppTest run go through app.py, as ``streamlit run`` does after its first run;
    returns the function that undoes it.

    AppTest builds a fresh PagesManager (with the flag reset) for every run, which would see
    the pages/ folder and run the selected page script alone, without app.py (and so without
    the sidebar), from the second run on.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]

    def undo() -> None:
        PagesManager.__init__ = original  # type: ignore[method-assign]

    return undo
