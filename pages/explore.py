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

from analytics import explore, explore_answers, ui
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


def chart_builder(frame: pd.DataFrame, prefix: str, source: str) -> None:
    """The chart controls over ``frame`` and the chart. They start from the chart the data's
    types suggest (``explore.default_chart``), again whenever ``source`` changes: another
    table, or another query run."""
    columns = list(frame.columns)
    if not columns:
        return
    state = st.session_state
    if state.get(f"{prefix}_for") != source or state.get(f"{prefix}_x") not in columns:
        spec = explore.default_chart(frame)
        state.update({f"{prefix}_kind": spec.kind, f"{prefix}_x": spec.x, f"{prefix}_y": spec.y,
                      f"{prefix}_color": None, f"{prefix}_agg": spec.agg,
                      f"{prefix}_grain": spec.grain or "month", f"{prefix}_for": source})
    for key in (f"{prefix}_y", f"{prefix}_color"):
        if state.get(key) not in columns:
            state[key] = None

    def column_name(c: str | None) -> str:
        return tr("explore.chart.none") if c is None else str(c)

    c1, c2, c3 = st.columns(3)
    kind = c1.selectbox(tr("explore.chart.kind"), explore.CHART_KINDS, key=f"{prefix}_kind",
                        format_func=lambda k: tr(f"explore.kind.{k}"))
    x = c2.selectbox(tr("explore.chart.x"), columns, key=f"{prefix}_x")
    y = c3.selectbox(tr("explore.chart.y"), [None, *columns], key=f"{prefix}_y", format_func=column_name)
    c4, c5, c6, c7 = st.columns(4)
    color = c4.selectbox(tr("explore.chart.color"), [None, *columns], key=f"{prefix}_color",
                         format_func=column_name)
    aggs = [*explore.AGGREGATIONS, "none"] if kind == "scatter" else list(explore.AGGREGATIONS)
    if state.get(f"{prefix}_agg") not in aggs:
        state[f"{prefix}_agg"] = "count"
    agg = c5.selectbox(tr("explore.chart.agg"), aggs, key=f"{prefix}_agg",
                       format_func=lambda a: tr(f"explore.agg.{a}"))
    is_date = explore.column_kind(frame[x]) == "date"
    grain = c6.selectbox(tr("explore.chart.grain"), explore.GRAINS, key=f"{prefix}_grain",
                         format_func=lambda g: tr(f"explore.grain.{g}"), disabled=not is_date)
    top = c7.number_input(tr("explore.chart.top"), min_value=1, max_value=200, value=explore.TOP_N,
                          step=1, key=f"{prefix}_top")
    try:
        result = explore.chart(frame, kind, x, y, color, agg, grain if is_date else None, lang,
                               top=int(top))
    except explore.ChartRefused as e:
        show_error(e)
    else:
        if result.notice:
            st.caption(result.notice)
        st.plotly_chart(result.figure, key=f"{prefix}_figure")


def sql_catalog(tables: dict[str, pd.DataFrame], with_portfolio: bool) -> None:
    """The tables the SQL box reads and their columns, so a query can be written without
    guessing names (the portfolio's from the store's catalog, not its rows)."""
    portfolio: dict[str, list[tuple[str, str]]] = {}
    if with_portfolio:
        try:
            portfolio = ui.query(explore.portfolio_columns)
        except (duckdb.Error, OSError):
            portfolio = {}
    catalog = explore.table_catalog(tables, lang, portfolio)
    with st.expander(tr("explore.sql.catalog")):
        for name, rows in catalog.groupby("table", sort=False):
            st.markdown(f"**{name}**: " + ", ".join(f"`{c}` ({k})" for c, k in zip(rows["column"], rows["type"],
                                                                                   strict=True)))


def sql_box(tables: dict[str, pd.DataFrame], with_portfolio: bool) -> None:
    """The read-only SQL form over the uploads and, when there is a store, the portfolio."""
    names = [*tables, *(explore.PORTFOLIO_TABLES if with_portfolio else ())]
    if with_portfolio:
        st.caption(tr("explore.sql.portfolio"))
    sql_catalog(tables, with_portfolio)
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
            st.session_state["explore_sql_runs"] = st.session_state.get("explore_sql_runs", 0) + 1
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
        st.dataframe(result, hide_index=True, placeholder="—")
        downloads(result, "query", "explore_sql_download")
        if len(result) and len(result.columns):
            st.subheader(tr("explore.sql.chart"))
            chart_builder(result, "explore_sql_chart", f"query {st.session_state.get('explore_sql_runs', 0)}")


st.title(tr("explore.title"))
st.caption(tr("explore.intro"))

files = st.file_uploader(
    tr("explore.upload.label"),
    type=[s.lstrip(".") for s in explore.UPLOAD_SUFFIXES],
    accept_multiple_files=True,
    help=tr("explore.upload.help", cap=SETTINGS.upload_cap_mb),
    key="explore_uploader",
    max_upload_size=max(1, SETTINGS.upload_cap_mb),
)
ui.uploader_texts("explore_uploader", SETTINGS.upload_cap_mb, explore.UPLOAD_SUFFIXES)
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

if st.session_state.get("explore_split_made"):  # a split just made a table: show it
    st.session_state["explore_table"] = st.session_state["explore_split_made"][0]
with st.sidebar:
    chosen = st.selectbox(tr("explore.tables"), list(tables), key="explore_table")
current: pd.DataFrame = tables[chosen]

with tab_profile:
    st.caption(explore.describe_source(current, lang))
    prof = explore.profile(current)
    prof["type"] = prof["type"].map(lambda k: tr(f"explore.type.{k}"))
    joined = explore_answers.multi_answer_columns(current)
    prof.insert(2, "joined", prof["column"].map(lambda c: joined[c].separator if c in joined else ""))
    st.dataframe(
        prof,
        hide_index=True,
        placeholder="—",
        column_config={
            "column": tr("explore.profile.column"),
            "type": tr("explore.profile.type"),
            "joined": tr("explore.profile.joined"),
            "non_null": st.column_config.NumberColumn(tr("explore.profile.non_null"), format="%d"),
            "nulls": st.column_config.NumberColumn(tr("explore.profile.nulls"), format="%d"),
            "distinct": st.column_config.NumberColumn(tr("explore.profile.distinct"), format="%d"),
            "min": tr("explore.profile.min"),
            "max": tr("explore.profile.max"),
            "top": tr("explore.profile.top"),
            "histogram": st.column_config.BarChartColumn(tr("explore.profile.histogram")),
        },
    )
    for found in joined.values():
        st.caption(tr("explore.split.offer", column=found.column, separator=found.separator,
                      joined=found.joined, filled=found.filled))
        if st.button(tr("explore.split.button", column=found.column), key=f"explore_split_{found.column}"):
            made = explore_answers.add_split_table(
                st.session_state, chosen, found.column, found.separator)  # type: ignore[arg-type]
            st.session_state["explore_split_made"] = (made, found.column, len(current))
            st.rerun()
    made = st.session_state.pop("explore_split_made", None)
    if made is not None:
        name, column, source = made
        st.success(tr("explore.split.done", table=name, rows=len(tables[name]), column=column, source=source))
    with st.expander(tr("explore.preview")):
        st.dataframe(current.head(100), hide_index=True, placeholder="—")

with tab_chart:
    chart_builder(current, "explore", chosen)

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
            st.dataframe(table, hide_index=True, placeholder="—")
            downloads(table, "pivot", "explore_pivot")

with tab_sql:
    sql_box(tables, with_portfolio)
