"""Explore page: upload any spreadsheet, then profile, chart, pivot and query it read-only.

The page only draws; loading, typing, profiling, aggregation and the SQL sandbox live in
``analytics.explore``. Uploaded tables are kept in ``st.session_state`` only, so they exist for
this browser session alone and vanish with it. The SQL box also offers the portfolio this
session reads (the shared store, or its private copy once it has imported), handed to the
sandbox as DataFrame copies so no query ever opens the store file.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from analytics import explore, ui
from analytics.exports import EXCEL_MAX_COLS, EXCEL_MAX_ROWS, to_csv_bytes, to_xlsx_bytes
from analytics.i18n import t
from analytics.settings import SETTINGS

lang: str = st.session_state.get("lang", "zh")


def tr(key: str, **fmt: object) -> str:
    return t(key, lang, **fmt)


def show_error(error: explore.ExploreError) -> None:
    st.error(error.message(lang), icon="⚠️")


def downloads(df: pd.DataFrame, stem: str, key: str) -> None:
    """CSV and Excel buttons; both go through analytics.exports (formula-safe).

    The files are built only when a button is clicked (callables), not on every rerun.
    """
    left, right = st.columns(2)
    left.download_button(tr("common.download_csv"), lambda: to_csv_bytes(df), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore")
    if len(df) < EXCEL_MAX_ROWS and len(df.columns) <= EXCEL_MAX_COLS:
        right.download_button(
            tr("common.download_xlsx"), lambda: to_xlsx_bytes({stem: df}), file_name=f"{stem}.xlsx",
            key=f"{key}_xlsx", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def portfolio_available() -> bool:
    """Whether there is a store to offer: app.py creates and fills the shared one; this page
    never creates a store file just by being opened."""
    return ui.base_store_path().exists()


def portfolio_tables() -> dict[str, pd.DataFrame]:
    """The shared store's portfolio tables as DataFrames, cached per data version (through
    ``ui.query``); ``{}`` with a message when the store cannot be read.
    """
    try:
        return ui.query(explore.portfolio_tables)
    except (duckdb.Error, OSError):
        show_error(explore.QueryRefused("explore.sql.portfolio_unavailable"))
        return {}


def sql_box(tables: dict[str, pd.DataFrame], with_portfolio: bool) -> None:
    """The read-only SQL form over the uploads and, when there is a store, the portfolio."""
    names = [*tables, *(explore.PORTFOLIO_TABLES if with_portfolio else ())]
    if with_portfolio:
        st.caption(tr("explore.sql.portfolio"))
    with st.form("explore_sql_form"):
        sql = st.text_area(
            tr("explore.sql.label"),
            value=f'SELECT * FROM "{names[0]}" LIMIT 100',
            height=140,
            help=explore.sql_help(names, lang),
            key="explore_sql",
        )
        submitted = st.form_submit_button(tr("explore.sql.run"))
    if submitted:
        # The portfolio is read only when a query runs, not on every rerun.
        portfolio = portfolio_tables() if with_portfolio else {}
        try:
            st.session_state["explore_sql_result"] = explore.run_sql(
                {**tables, **portfolio}, sql, row_limit=SETTINGS.sql_row_limit,
                timeout_s=SETTINGS.sql_timeout_s, memory_limit=SETTINGS.sql_memory_limit,
            )
            st.session_state.pop("explore_sql_error", None)
        except explore.QueryRefused as e:
            st.session_state["explore_sql_error"] = e
            st.session_state.pop("explore_sql_result", None)
    error = st.session_state.get("explore_sql_error")
    if error is not None:
        show_error(error)
    result = st.session_state.get("explore_sql_result")
    if result is not None:
        notice = explore.result_notice(result, lang)
        if notice:
            st.warning(notice)
        st.caption(tr("explore.sql.rows", rows=len(result)))
        st.dataframe(result, hide_index=True)
        downloads(result, "query", "explore_sql_download")


st.title(tr("explore.title"))
st.caption(tr("explore.intro"))

files = st.file_uploader(
    tr("explore.upload.label"),
    type=[s.lstrip(".") for s in explore.UPLOAD_SUFFIXES],
    accept_multiple_files=True,
    help=tr("explore.upload.help", cap=SETTINGS.upload_cap_mb),
    key="explore_uploader",
)
for problem in explore.sync_uploads(st.session_state, files):  # type: ignore[arg-type]
    show_error(problem)

tables: dict[str, pd.DataFrame] = st.session_state.get("explore_tables", {})

with_portfolio = portfolio_available()

if not tables:
    # nothing uploaded: one invitation, and the SQL box over the portfolio when there is one
    st.info(tr("explore.empty"))
    if with_portfolio:
        st.subheader(tr("explore.tab.sql"))
        sql_box(tables, with_portfolio)
    st.stop()

tab_profile, tab_chart, tab_pivot, tab_sql = st.tabs(
    [tr("explore.tab.profile"), tr("explore.tab.chart"), tr("explore.tab.pivot"), tr("explore.tab.sql")]
)

with st.sidebar:
    chosen = st.selectbox(tr("explore.tables"), list(tables), key="explore_table")
current: pd.DataFrame = tables[chosen]

with tab_profile:
    st.caption(explore.describe_source(current, lang))
    prof = explore.profile(current)
    prof["type"] = prof["type"].map(lambda k: tr(f"explore.type.{k}"))
    st.dataframe(
        prof,
        hide_index=True,
        column_config={
            "column": tr("explore.profile.column"),
            "type": tr("explore.profile.type"),
            "non_null": st.column_config.NumberColumn(tr("explore.profile.non_null"), format="%d"),
            "nulls": st.column_config.NumberColumn(tr("explore.profile.nulls"), format="%d"),
            "distinct": st.column_config.NumberColumn(tr("explore.profile.distinct"), format="%d"),
            "min": tr("explore.profile.min"),
            "max": tr("explore.profile.max"),
            "top": tr("explore.profile.top"),
            "histogram": st.column_config.BarChartColumn(tr("explore.profile.histogram")),
        },
    )
    with st.expander(tr("explore.preview")):
        st.dataframe(current.head(100), hide_index=True)

with tab_chart:
    columns = list(current.columns)
    none = tr("explore.chart.none")
    c1, c2, c3 = st.columns(3)
    kind = c1.selectbox(tr("explore.chart.kind"), explore.CHART_KINDS, key="explore_kind",
                        format_func=lambda k: tr(f"explore.kind.{k}"))
    x = c2.selectbox(tr("explore.chart.x"), columns, key="explore_x")
    y_pick = c3.selectbox(tr("explore.chart.y"), [none, *columns], key="explore_y")
    c4, c5, c6 = st.columns(3)
    color_pick = c4.selectbox(tr("explore.chart.color"), [none, *columns], key="explore_color")
    aggs = [*explore.AGGREGATIONS, "none"] if kind == "scatter" else list(explore.AGGREGATIONS)
    agg = c5.selectbox(tr("explore.chart.agg"), aggs, key="explore_agg",
                       format_func=lambda a: tr(f"explore.agg.{a}"))
    is_date = explore.column_kind(current[x]) == "date"
    grain = c6.selectbox(tr("explore.chart.grain"), explore.GRAINS, index=2, key="explore_grain",
                         format_func=lambda g: tr(f"explore.grain.{g}"), disabled=not is_date)
    y = None if y_pick == none else y_pick
    color = None if color_pick == none else color_pick
    try:
        result = explore.chart(current, kind, x, y, color, agg, grain if is_date else None, lang)
    except explore.ChartRefused as e:
        show_error(e)
    else:
        if result.notice:
            st.caption(result.notice)
        st.plotly_chart(result.figure)

with tab_pivot:
    columns = list(current.columns)
    p1, p2 = st.columns(2)
    rows = p1.multiselect(tr("explore.pivot.rows"), columns, key="explore_pivot_rows")
    cols = p2.multiselect(tr("explore.pivot.cols"), columns, key="explore_pivot_cols")
    p3, p4 = st.columns(2)
    none = tr("explore.chart.none")
    values_pick = p3.selectbox(tr("explore.pivot.values"), [none, *columns], key="explore_pivot_values")
    pivot_agg = p4.selectbox(tr("explore.pivot.agg"), explore.AGGREGATIONS, key="explore_pivot_agg",
                             format_func=lambda a: tr(f"explore.agg.{a}"))
    if not rows and not cols:
        st.caption(tr("explore.pivot.pick"))
    else:
        try:
            table = explore.pivot(current, rows, cols, None if values_pick == none else values_pick, pivot_agg)
        except explore.ChartRefused as e:
            show_error(e)
        else:
            st.dataframe(table, hide_index=True)
            downloads(table, "pivot", "explore_pivot")

with tab_sql:
    sql_box(tables, with_portfolio)
