"""Delivery Pulse - the Streamlit entry point.

Runs on every page view: lets the visitor in (sign-in and roles, or local mode), opens the
shared store (importing the demo portfolio on a first start), draws the language switch, the
shared sidebar filters and who is signed in, and hands over to the selected page; a store
failing under a page is one sentence there, not a traceback.
Pages are registered explicitly, so their order, titles and URLs are decided here; the
helpers they share live in ``analytics/ui/``.

Run with ``streamlit run app.py`` (``make run``). ``PULSE_DB`` chooses the shared store.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from analytics import store, ui

HERE = Path(__file__).resolve().parent

# (script, URL path, title key, icon). The first one is the home page.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/overview.py", "overview", "nav.overview", ":material/dashboard:"),
    ("pages/complaints.py", "complaints", "nav.complaints", ":material/report:"),
    ("pages/cycle_times.py", "cycle-times", "nav.cycle_times", ":material/timer:"),
    ("pages/satisfaction.py", "satisfaction", "nav.satisfaction", ":material/sentiment_satisfied:"),
    ("pages/people.py", "people", "nav.people", ":material/groups:"),
    ("pages/retro.py", "retro", "nav.retro", ":material/event_repeat:"),
    ("pages/data.py", "data", "nav.data", ":material/upload_file:"),
    ("pages/explore.py", "explore", "nav.explore", ":material/query_stats:"),
    ("pages/settings.py", "settings", "nav.settings", ":material/settings:"),
)
# pages only some roles see: a page not registered for a visitor cannot be reached by its URL
PAGE_ACTIONS: dict[str, str] = {"pages/settings.py": "settings"}


def build_pages(visitor: ui.Visitor) -> list[st.Page]:
    """The pages this visitor may open, titled in the session's language (the settings page
    for admins only). A page whose script is not in the checkout (Explore is optional) is left
    out instead of failing the whole app."""
    pages: list[st.Page] = []
    for i, (script, url_path, title_key, icon) in enumerate(PAGES):
        if not (HERE / script).is_file():
            continue
        if script in PAGE_ACTIONS and not visitor.can(PAGE_ACTIONS[script]):
            continue
        pages.append(st.Page(script, title=ui.t(title_key), url_path=url_path, icon=icon,
                             default=i == 0))
    return pages


ui.sidebar_language()
st.set_page_config(page_title=ui.t("app.title"), page_icon=":material/monitor_heart:",
                   layout="wide")

visitor = ui.admit()  # sign-in and roles; local mode serves this computer only
if visitor is None:  # every address leads to the sign-in (or the reason there is no way in)
    st.navigation([st.Page(ui.closed_page, title=ui.t("app.title"), url_path=url_path,
                           default=i == 0) for i, (_, url_path, _, _) in enumerate(PAGES)],
                  position="hidden").run()
    st.stop()
status = ui.ensure_store()
navigation = st.navigation(build_pages(visitor))
if not status.ok:
    st.error(status.problem)
    st.stop()
if status.problem:
    st.warning(status.problem)
try:
    ui.sidebar_filters()
    ui.sidebar_identity(visitor)
    if ui.showing_demo():
        ui.demo_notice("pages/data.py")
    navigation.run()
except (store.StoreError, duckdb.Error, OSError) as e:  # the store failing under a page
    st.error(ui.problem_text(e))
