"""Tables on a page: a metric frame with its headers and values in the language and its
display formats (:func:`analytics.display.display_table`), its downloads, and lists that show
only their first rows with a button downloading all of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from .. import display, exports, formatting
from ..metrics.registry import UNITS
from .language import lang as session_lang
from .language import t
from .stores import get_connection
from .widgets import download_buttons


# Survey comments listed on the Satisfaction page: the newest this many (a large portfolio
# holds 100,000 and more); the search finds the others.
COMMENTS_SHOWN = 1000


def all_rows_csv(fn: Callable[..., pd.DataFrame], con: Any, lang: str, args: Sequence[Any],
                 kwargs: Mapping[str, Any], columns: Sequence[str] | None) -> bytes:
    """Every row ``fn(con, *args, **kwargs)`` gives, as the downloads write a table: the
    columns shown, headers and values in the language, formula-escaped CSV."""
    frame, _ = display.display_table(fn(con, *args, **kwargs), lang, columns=columns)
    return exports.to_csv_bytes(frame)


# A listing to fetch in full: the function, its arguments after the connection, its keywords.
Fetch = tuple[Callable[..., pd.DataFrame], tuple[Any, ...], Mapping[str, Any]]


def download_all(label: str, fetch: Fetch, *, name: str, key: str,
                 columns: Sequence[str] | None = None) -> None:
    """A CSV button for every row behind a list that shows only some; the rows are read from
    the store when the button is clicked (the callable runs outside the script run, so it
    holds its own connection and arguments)."""
    con, lang = get_connection(), session_lang()
    fn, args, kwargs = fetch
    st.download_button(label, lambda: all_rows_csv(fn, con, lang, args, kwargs, columns),
                       file_name=f"{name}.csv", mime="text/csv", key=key, on_click="ignore",
                       icon=":material/download:")


def capped_table(rows: pd.DataFrame, total: int, name: str, *, key: str, all_key: str,
                 counted: str, capped: str,
                 fetch_all: Fetch,
                 columns: Sequence[str] | None = None, height: int | None = None) -> None:
    """A list showing the first ``len(rows)`` of ``total`` rows: a caption (the translation
    ``counted`` when it shows them all, else ``capped``; both take ``n``, ``capped`` also
    ``shown``), the table, and when rows are left out a button downloading every one of them
    (``fetch_all``: the function, its arguments after the connection and its keywords)."""
    lang = session_lang()
    n = formatting.fmt_value(total, "count", lang)
    left_out = total > len(rows)
    st.caption(t(capped, n=n, shown=formatting.fmt_value(len(rows), "count", lang)) if left_out
               else t(counted, n=n))
    table(rows, name, key=key, columns=columns, height=height)
    if left_out:
        download_all(t("common.download_all", n=n), fetch_all, name=f"{name}_all",
                     key=all_key, columns=columns)


def _column_config(kinds: Mapping[str, str], lang: str) -> dict[str, Any]:
    """Number and date formats per display kind (see display.column_kind); the numbers
    themselves stay unrounded, so sorting and downloads keep full precision."""
    config: dict[str, Any] = {}
    for header, kind in kinds.items():
        if kind == "pct":  # a fraction: the step sets the digits "percent" shows (0.001: 12.3%)
            config[header] = st.column_config.NumberColumn(
                header, format="percent", step=10.0 ** -(UNITS["fraction"].digits + 2))
        elif kind == "hours":
            config[header] = st.column_config.NumberColumn(
                header, format=f"%.{UNITS['hours'].digits}f " + t("unit.hours_short"))
        elif kind == "days":
            config[header] = st.column_config.NumberColumn(
                header, format=f"%.{UNITS['days'].digits}f " + t("unit.days_short"))
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
          height: int | None = None, on_select: Callable[[], None] | None = None) -> Any:
    """A metric frame as a sortable table with its headers and values in the language, and
    its CSV / Excel downloads. With ``on_select``, one row can be picked; the callback runs
    when the pick changes (read it from ``st.session_state[key].selection``)."""
    lang = session_lang()
    frame, kinds = display.display_table(df, lang, columns=columns)
    shown = frame
    config = _column_config(kinds, lang)
    if "rag" in df.columns and (columns is None or "rag" in columns):
        # The health column as coloured labels: a list-valued column the grid draws itself
        # (a pandas Styler would format every cell of a 5,000-row table in Python).
        header = display.column_title("rag", lang)
        colours = display.rag_colours(lang)
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
    download_buttons(frame, name, key=key)
    return state


def styled_table(styler: Any, raw: pd.DataFrame, name: str, *, key: str) -> None:
    """A pre-formatted (coloured) table, downloadable as the plain frame behind it."""
    st.dataframe(styler, hide_index=True, key=key, height="content", placeholder="—")
    download_buttons(raw, name, key=key)
