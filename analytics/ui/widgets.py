"""The widgets every page repeats, so they look and behave the same everywhere: a KPI card with
its definition popover, downloads of a table, a chart, tabs that run only when open, and the
friendly "nothing here" states."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..figures.date_axes import localise_dates
from ..formatting import UNCHANGED
from ..kpi_cards import definition_lines
from . import cache
from .language import lang, t


def kpi_card(label: str, value: str | float | int | None, *, delta: str | float | None = None,
             delta_color: str = "normal", definition: str | None = None,
             help: str | None = None, chart_data: Sequence[float] | None = None,
             low_confidence_n: int | None = None, target: tuple[bool | None, str] | None = None,
             key: str | None = None) -> None:
    """One KPI: ``st.metric`` in a bordered box, with a popover holding its definition.

    ``value`` is shown as given (format it with ``i18n.format_pct`` etc.); None shows a dash.
    ``definition`` is the KPI's key (``"complaint_rate"``); its name, definition, population,
    date basis, aggregator and unit from the metric dictionary fill the popover.
    ``low_confidence_n`` marks a figure computed from fewer responses than that setting.
    ``target``: (on target or not, the line saying so), from ``kpi_cards.target_text``.
    """
    shown = "—" if value is None or (isinstance(value, float) and value != value) else value
    unchanged = isinstance(delta, str) and delta.startswith(UNCHANGED)  # "±0.0 pp": grey, no arrow
    with st.container(border=True, height="stretch"):  # as tall as the other cards of its row
        st.metric(label, shown, delta=delta, delta_color="off" if unchanged else delta_color,  # type: ignore[arg-type]
                  delta_arrow="off" if unchanged else "auto", help=help,
                  chart_data=list(chart_data) if chart_data is not None else None)
        if low_confidence_n is not None:
            st.caption("⚠ " + t("ui.kpi.low_confidence", n=low_confidence_n))
        if target is not None:
            on, text = target
            st.caption(text if on is None else f":{'green' if on else 'red'}[{text}]")
        lines = definition_lines(definition, lang())
        if lines:
            with st.popover(t("ui.kpi.definition"), icon=":material/info:",
                            key=f"kpi_def_{key or label}"):
                for field_label, text in lines:
                    st.markdown(f"**{field_label}**  \n{text}")


def _exports() -> Any | None:
    try:
        from .. import exports
    except ImportError:
        return None
    return exports


def download_buttons(df: pd.DataFrame, name: str, *, key: str | None = None) -> None:
    """CSV and Excel downloads of one table, side by side.

    The bytes come from ``analytics.exports`` (formula-escaped, as DESIGN's safety rule
    requires) and are built only when a button is clicked, so a large table costs nothing on
    reruns. Without that module no button is drawn rather than an unescaped file; a table
    larger than one Excel sheet gets the CSV button only.
    """
    exports = _exports()
    if exports is None:
        return
    base = key or name
    frame = df.copy()  # the callables run after this script run; keep their own snapshot
    row = st.container(horizontal=True)
    row.download_button(t("common.download_csv"), lambda: exports.to_csv_bytes(frame),
                        file_name=f"{name}.csv", mime="text/csv", key=f"dl_csv_{base}",
                        on_click="ignore", icon=":material/download:")
    if len(frame) + 1 <= getattr(exports, "EXCEL_MAX_ROWS", 1_048_576):
        row.download_button(
            t("common.download_xlsx"), lambda: exports.to_xlsx_bytes({name: frame}),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"dl_xlsx_{base}", on_click="ignore", icon=":material/download:")


def uploader_texts(key: str, cap_mb: int, types: Sequence[str]) -> None:
    """The file uploader's own texts in the session's language.

    ``st.file_uploader`` writes its button ("Upload") and its limit line ("200MB per file •
    CSV, XLSX") in English whatever the language, with no parameter to change them; a style
    scoped to the uploader ``key`` (Streamlit gives its container the class ``st-key-<key>``)
    hides them and shows ours, with the product's own cap. The label, help and every message
    about the files are ours anyway."""
    if lang() == "en":
        return
    scope = f".st-key-{key}"
    button = css_text(t("ui.upload.button"))
    limit = css_text(t("ui.upload.limit", cap=cap_mb, types=", ".join(x.lstrip(".").upper() for x in types)))
    st.html(f"""<style>
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{font-size: 0}}
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 0.875rem}}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0}}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "{limit}"; font-size: 0.8rem}}
</style>""")


def css_text(text: str) -> str:
    """``text`` as the inside of a CSS string: quotes and backslashes escaped, no markup."""
    return "".join(c if c.isalnum() or c in " ·,.-()（）：:/、" else f"\\{ord(c):x} " for c in text)


def empty_state(message: str | None = None, *, link_to_data: bool = True) -> None:
    """The friendly "nothing here" shown instead of an empty chart or an exception."""
    st.info(message or t("common.no_data"), icon=":material/info:")
    if link_to_data:
        st.page_link("pages/data.py", label=t("ui.empty.go_to_data"), icon=":material/upload:")


PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False,
                                 "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart(fig: go.Figure, key: str, *, filters: str | None = None) -> None:
    """A plotly figure, full width, with the mode bar trimmed to what readers use.

    With ``filters`` (a sidebar dimension: "customers", "teams" …), clicking a bar or point
    filters the whole view to its value (the ``value`` of the point's ``customdata``): the
    sidebar and the link show it, like a choice made there. Date axes speak the session's
    language (``figures.date_axes``)."""
    localise_dates(fig, lang())
    if filters is None:
        st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch")
        return
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch",
                    on_select=partial(_picked, key, filters), selection_mode="points")
    st.caption(t("ui.chart.click_filters"))


def clicked_value(points: Sequence[Any]) -> str | None:
    """The value a click on a chart picked: the ``value`` of the first point's ``customdata``
    (its hover fields by name) or, for positional hover data, its last item (None for a
    click on nothing, or on a bar without a value, "unspecified")."""
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, dict) and data.get("value"):
            return str(data["value"])
        if isinstance(data, (list, tuple)) and data and data[-1]:
            return str(data[-1])
    return None


def _picked(key: str, dimension: str) -> None:
    from .sidebar import pick_filter

    state = st.session_state.get(key)
    value = clicked_value(state.selection.points if state is not None else [])
    if value is not None:
        pick_filter(dimension, value)


def lazy_tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """Tabs of which only the selected one runs: its ``.open`` is True, the others' False
    (skip their content; switching tabs reruns the page). A page of four breakdowns then
    queries one, not four."""
    return st.tabs(list(labels), key=key, on_change="rerun")


def no_store_data() -> bool:
    """True (after drawing the friendly message) when the store holds nothing at all; the
    page then stops instead of drawing empty charts."""
    if cache.store_is_empty():
        empty_state(t("ui.empty.store_empty"))
        return True
    return False


def nothing_selected() -> None:
    """The friendly message for filters that select no rows (the store is not empty)."""
    empty_state(t("common.no_data"), link_to_data=False)


def demo_notice(data_page: str) -> None:
    """The line above every page while the store holds only the demo portfolio: what it is,
    and where to bring one's own files (``data_page``: the Data page's script, for the link)."""
    box = st.container(border=True)
    box.markdown(":material/science: " + t("shell.demo_notice"))
    box.page_link(data_page, label=t("shell.demo_to_data"), icon=":material/upload_file:")
    st.sidebar.caption(":material/science: " + t("shell.demo_sidebar"))
