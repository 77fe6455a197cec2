"""The Streamlit pieces the five report pages repeat: a KPI card with its click-through, a
chart, a downloadable table, the period line under a title.

It sits beside ``analytics/ui.py`` (the shell's helpers) and builds on it: values are
formatted by :mod:`analytics.charts`, figures are cached through ``ui.query``, downloads go
through ``ui.download_buttons``. Keeping these here means every page shows a KPI, a chart or a
table the same way, and a page file reads as a list of sections.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import charts, exports, ui
from .filters import Filters
from .metrics import headline, headlines, page_support
from .settings import load_settings

PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False,
                                 "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
# Survey comments listed on the Satisfaction page: the newest this many (a large portfolio
# holds 100,000 and more); the search finds the others.
COMMENTS_SHOWN = 1000
# Rows listed behind a KPI; the rest are in the "download all" CSV.
ROWS_SHOWN = 5000


def all_rows_csv(fn: Callable[..., pd.DataFrame], con: Any, lang: str, args: Sequence[Any],
                 kwargs: Mapping[str, Any], columns: Sequence[str] | None) -> bytes:
    """Every row ``fn(con, *args, **kwargs)`` gives, as the downloads write a table: the
    columns shown, headers and values in the language, formula-escaped CSV."""
    frame, _ = charts.display_table(fn(con, *args, **kwargs), lang, columns=columns)
    return exports.to_csv_bytes(frame)


def download_all(label: str, fn: Callable[..., pd.DataFrame], *args: Any, name: str, key: str,
                 columns: Sequence[str] | None = None, **kwargs: Any) -> None:
    """A CSV button for every row behind a list that shows only some; the rows are read from
    the store when the button is clicked (the callable runs outside the script run, so it
    holds its own connection and arguments)."""
    con, lang = ui.get_connection(), ui.lang()
    st.download_button(label, lambda: all_rows_csv(fn, con, lang, args, kwargs, columns),
                       file_name=f"{name}.csv", mime="text/csv", key=key, on_click="ignore",
                       icon=":material/download:")


def no_store_data() -> bool:
    """True (after drawing the friendly message) when the store holds nothing at all; the
    page then stops instead of drawing empty charts."""
    if ui.store_is_empty():
        ui.empty_state(ui.t("ui.empty.store_empty"))
        return True
    return False


def period_caption(filters: Filters) -> None:
    """The period the figures cover, under the page title, so a screenshot says what it
    shows."""
    bounds = ui.query(page_support.selected_range, filters)
    if bounds is None:
        return
    lang = ui.lang()
    key = "page.period_all" if filters.date_from is None and filters.date_to is None \
        else "page.period"
    st.caption(ui.t(key, range=charts.fmt_range(bounds[0], bounds[1], lang)))


def comparison_caption(previous: Filters | None) -> None:
    """What the arrows on the cards compare with, or how to get a comparison."""
    if previous is None:
        st.caption(ui.t("page.no_comparison"))
    else:
        st.caption(ui.t("page.compared_with", range=charts.fmt_range(
            previous.date_from, previous.date_to, ui.lang())))


def figures_of(value: Any) -> dict[str, Any]:
    """A metric record (a dataclass such as ComplaintKpis) or a mapping as a plain dict."""
    if value is None:
        return {}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return dict(value)


def kpi(key: str, figures: Mapping[str, Any] | Any,
        previous: Mapping[str, Any] | Any | None = None, *,
        spark: Sequence[float] | None = None, label: str | None = None,
        low_confidence: bool = False, rows: Filters | None = None,
        card_key: str | None = None) -> None:
    """One KPI card: the value formatted for its unit, the change against ``previous`` (green
    when good, per the metric dictionary), a sparkline, the definition popover, and, with
    ``rows``, a click-through listing the rows the figure was computed over."""
    lang = ui.lang()
    figures = figures_of(figures)
    previous = figures_of(previous) if previous is not None else None
    unit = charts.metric_unit(key)
    name = label or charts.metric_name(key, lang)
    ident = card_key or key
    ui.kpi_card(name, charts.fmt_value(figures.get(key), unit, lang),
                delta=charts.fmt_delta(charts.change(figures, previous, key), unit, lang),
                delta_color=charts.delta_color(key), definition=charts.definition(key, lang),
                chart_data=list(spark) if spark else None,
                low_confidence_n=load_settings().low_confidence_n if low_confidence else None,
                key=ident)
    if rows is not None:
        rows_behind(key, rows, ident)


def headline_and_previous(filters: Filters, previous_filters: Filters | None
                          ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The headline figures of the period and of the one before it (None when there is no
    before), computed together in one statement; copies, so a page may add its own."""
    if previous_filters is None:
        return dict(ui.query(headline, filters)), None
    current, previous = ui.query(headlines, (filters, previous_filters))
    return dict(current), dict(previous)


def rows_behind(key: str, filters: Filters, ident: str | None = None) -> None:
    """The click-through under a KPI: a lazy expander (nothing is queried until it is
    opened) holding the tickets, projects or responses counted, downloadable."""
    ident = ident or key
    with st.expander(ui.t("kpi.rows_behind"), key=f"rows_{ident}", on_change="rerun",
                     icon=":material/table_rows:", type="compact") as box:
        if not box.open:
            return
        shown = ui.query(page_support.kpi_rows_shown, filters, key, ROWS_SHOWN)
        if shown.total == 0:
            st.caption(ui.t("kpi.no_rows"))
            return
        capped_table(shown.rows, shown.total, f"{key}_rows", key=f"rows_tbl_{ident}",
                     all_key=f"rows_all_{ident}", counted="kpi.rows_count",
                     capped="kpi.rows_count_capped",
                     fetch_all=(page_support.kpi_rows, (filters, key)), height=300)


def capped_table(rows: pd.DataFrame, total: int, name: str, *, key: str, all_key: str,
                 counted: str, capped: str,
                 fetch_all: tuple[Callable[..., pd.DataFrame], tuple[Any, ...]],
                 columns: Sequence[str] | None = None, height: int | None = None) -> None:
    """A list showing the first ``len(rows)`` of ``total`` rows: a caption (the translation
    ``counted`` when it shows them all, else ``capped``; both take ``n``, ``capped`` also
    ``shown``), the table, and when rows are left out a button downloading every one of them
    (``fetch_all``: the function and its arguments after the connection)."""
    lang = ui.lang()
    n = charts.fmt_value(total, "count", lang)
    left_out = total > len(rows)
    st.caption(ui.t(capped, n=n, shown=charts.fmt_value(len(rows), "count", lang)) if left_out
               else ui.t(counted, n=n))
    table(rows, name, key=key, columns=columns, height=height)
    if left_out:
        fn, args = fetch_all
        download_all(ui.t("common.download_all", n=n), fn, *args, name=f"{name}_all",
                     key=all_key, columns=columns)


def lazy_tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """Tabs of which only the selected one runs: its ``.open`` is True, the others' False
    (skip their content; switching tabs reruns the page). A page of four breakdowns then
    queries one, not four."""
    return st.tabs(list(labels), key=key, on_change="rerun")


def chart(fig: go.Figure, key: str) -> None:
    """A plotly figure, full width, with the mode bar trimmed to what readers use."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch")


def _column_config(kinds: Mapping[str, str], lang: str) -> dict[str, Any]:
    """Number and date formats per display kind (see charts.column_kind); the numbers
    themselves stay unrounded, so sorting and downloads keep full precision."""
    config: dict[str, Any] = {}
    for header, kind in kinds.items():
        if kind == "pct":
            config[header] = st.column_config.NumberColumn(header, format="percent")
        elif kind == "hours":
            config[header] = st.column_config.NumberColumn(
                header, format="%.1f " + ui.t("unit.hours_short"))
        elif kind == "days":
            config[header] = st.column_config.NumberColumn(
                header, format="%.0f " + ui.t("unit.days_short"))
        elif kind == "wide":
            config[header] = st.column_config.TextColumn(header, width="large")
        elif kind == "plain":
            config[header] = st.column_config.NumberColumn(header, format="plain")
        elif kind == "num1":
            config[header] = st.column_config.NumberColumn(header, format="%.1f")
        elif kind == "num2":
            config[header] = st.column_config.NumberColumn(header, format="%.2f")
        elif kind == "date":
            config[header] = st.column_config.DateColumn(header, format="YYYY-MM-DD")
        elif kind == "datetime":
            config[header] = st.column_config.DatetimeColumn(header, format="YYYY-MM-DD HH:mm")
    return config


# Tables shorter than this many rows take their natural height instead of a fixed one.
_SHORT_TABLE = 10


def table(df: pd.DataFrame, name: str, *, key: str, columns: Sequence[str] | None = None,
          height: int | None = None, on_select: Callable[[], None] | None = None,
          settings: Any = None) -> Any:
    """A metric frame as a sortable table with its headers and values in the language, and
    its CSV / Excel downloads. With ``on_select``, one row can be picked; the callback runs
    when the pick changes (read it from ``st.session_state[key].selection``)."""
    lang = ui.lang()
    frame, kinds = charts.display_table(df, lang, columns=columns, settings=settings)
    shown = frame
    config = _column_config(kinds, lang)
    if "rag" in df.columns and (columns is None or "rag" in columns):
        # The health column as coloured labels: a list-valued column the grid draws itself
        # (a pandas Styler would format every cell of a 5,000-row table in Python).
        header = charts.column_title("rag", lang)
        colours = charts.rag_colours(lang)
        shown = frame.copy()
        shown[header] = [[v] if v else [] for v in frame[header]]
        config[header] = st.column_config.MultiselectColumn(
            header, options=list(colours), color=list(colours.values()))
    kwargs: dict[str, Any] = dict(hide_index=True, column_config=config, key=key,
                                  placeholder="—")
    if height is not None and len(frame) >= _SHORT_TABLE:
        kwargs["height"] = height
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode="single-row")
    state = st.dataframe(shown, **kwargs)
    ui.download_buttons(frame, name, key=key)
    return state


def styled_table(styler: Any, raw: pd.DataFrame, name: str, *, key: str) -> None:
    """A pre-formatted (coloured) table, downloadable as the plain frame behind it."""
    st.dataframe(styler, hide_index=True, key=key, height="content")
    ui.download_buttons(raw, name, key=key)


def nothing_selected() -> None:
    """The friendly message for filters that select no rows (the store is not empty)."""
    ui.empty_state(ui.t("common.no_data"), link_to_data=False)
