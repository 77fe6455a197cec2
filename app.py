"""Delivery Pulse - the Streamlit entry point.

Runs on every page view: opens the store (importing the demo portfolio on a first start),
draws the language switch and the shared sidebar filters, and hands over to the selected page.
Pages are registered explicitly, so their order, titles and URLs are decided here; the
helpers they share live in ``analytics/ui/``.

Run with ``streamlit run app.py`` (``make run``). ``PULSE_DB`` chooses the shared store.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics import ui

HERE = Path(__file__).resolve().parent

# (script, URL path, title key, icon). The first one is the home page.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/overview.py", "overview", "nav.overview", ":material/dashboard:"),
    ("pages/complaints.py", "complaints", "nav.complaints", ":material/report:"),
    ("pages/cycle_times.py", "cycle-times", "nav.cycle_times", ":material/timer:"),
    ("pages/satisfaction.py", "satisfaction", "nav.satisfaction", ":material/sentiment_satisfied:"),
    ("pages/retro.py", "retro", "nav.retro", ":material/event_repeat:"),
    ("pages/data.py", "data", "nav.data", ":material/upload_file:"),
    ("pages/explore.py", "explore", "nav.explore", ":material/query_stats:"),
)


def build_pages() -> list[st.Page]:
    """The registered pages, titled in the session's language. A page whose script is not in
    the checkout (Explore is optional) is left out instead of failing the whole app."""
    pages = []
    for i, (script, url_path, title_key, icon) in enumerate(PAGES):
        if not (HERE / script).is_file():
            continue
        pages.append(st.Page(script, title=ui.t(title_key), url_path=url_path, icon=icon,
                             default=i == 0))
    return pages


ui.sidebar_language()
st.set_page_config(page_title=ui.t("app.title"), page_icon=":material/monitor_heart:",
                   layout="wide")

status = ui.ensure_store()
navigation = st.navigation(build_pages())
if not status.ok:
    st.error(status.problem)
    st.stop()
if status.problem:
    st.warning(status.problem)
ui.sidebar_filters()
navigation.run()
