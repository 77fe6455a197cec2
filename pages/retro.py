"""Quarterly retro: one quarter against the previous quarter and the same quarter a year
before, the projects that moved most, the complaint categories that rose, the quarter's
go-lives, and the workbook to take into the meeting.

The quarter replaces the sidebar's period; the sidebar's other filters (customers, teams …)
still apply, to the page and to the workbook alike.
"""

from __future__ import annotations

import streamlit as st

from analytics import display, formatting, kpi_cards, metrics, report, ui
from analytics.figures import retro as plots
from analytics.metrics import Quarter, retro

QUARTER_KEY = "retro_quarter"
# both complaint figures, each named for what it counts, so neither card's arrow is read as
# the other's
HEADLINE: tuple[str, ...] = ("complaint_rate", "complaints_per_100_tickets",
                             "resolution_median_hours", "sla_attainment", "csat_pct", "nps",
                             "on_time_golive_rate")

lang = ui.lang()
filters = ui.current_filters()

st.title(ui.t("nav.retro"))
if ui.no_store_data():
    st.stop()

quarters = ui.query(metrics.data_quarters)
if not quarters:  # rows without a single date: nothing to place in a quarter
    ui.nothing_selected()
    st.stop()
default = ui.query(metrics.default_quarter)
unfinished = ui.query(metrics.unfinished_quarter)


def quarter_text(q: str) -> str:
    """A quarter as the picker names it; the data's unfinished quarter says so."""
    label = formatting.quarter_label(q, lang)
    return ui.t("retro.quarter_unfinished", quarter=label) if q == unfinished else label



if st.session_state.get(QUARTER_KEY) not in quarters:
    # a shared link (?quarter=2025Q2) opens that quarter; otherwise the last complete one
    requested = st.query_params.get("quarter")
    st.session_state[QUARTER_KEY] = requested if requested in quarters else default
left, right = st.columns([1, 2], vertical_alignment="bottom")
quarter = left.selectbox(ui.t("retro.pick"), quarters, key=QUARTER_KEY,
                         format_func=quarter_text,
                         help=ui.t("retro.pick_help"))
qtr = Quarter.parse(quarter)
if st.query_params.get("quarter") != quarter:
    st.query_params["quarter"] = quarter  # the address bar links to this retro
right.caption(ui.t("retro.compared", previous=formatting.quarter_label(str(qtr.previous()), lang),
                   year_ago=formatting.quarter_label(str(qtr.year_before()), lang)))
st.caption(ui.t("retro.filters_note"))
if quarter == unfinished:
    last_day = ui.query(metrics.selected_range, filters.with_period(None, None))
    st.warning(ui.t("retro.unfinished_note", quarter=formatting.quarter_label(quarter, lang),
                    day=formatting.fmt_date(last_day[1], lang) if last_day else "—"),
               icon=":material/schedule:")

if not ui.query(metrics.quarter_has_data, quarter, filters):
    ui.nothing_selected()
    st.stop()

data = ui.query(retro, filters, quarter=quarter)
con = ui.get_connection()
st.download_button(
    ui.t("retro.download"),
    lambda: report.retro_workbook(con, quarter, filters, lang),
    file_name=f"retro_{quarter}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="retro_download", on_click="ignore", type="primary", icon=":material/download:",
    help=ui.t("retro.download_help"))

# -- headline KPIs against the previous quarter ------------------------------------------------
current = kpi_cards.retro_figures(data.kpis, "current")
previous = kpi_cards.retro_figures(data.kpis, "previous")
ui.kpi_grid(HEADLINE, current, previous, per_row=4, rows=qtr.filters(filters), prefix="rt")

# -- every KPI against the previous quarter and a year ago -------------------------------------
st.header(ui.t("retro.kpis.title"))
st.caption(ui.t("retro.kpis.caption"))
ui.styled_table(display.retro_styler(data.kpis, lang), display.retro_download(data.kpis, lang),
                 f"retro_{quarter}_kpis", key="retro_kpis")

# -- movers ------------------------------------------------------------------------------------
st.header(ui.t("retro.movers.title"))
st.caption(ui.t("retro.movers.caption", min_n=ui.settings().small_group_n))
tabs = st.tabs([ui.t(f"value.mover.{measure}") for measure in metrics.MOVER_MEASURES])
for tab, measure in zip(tabs, metrics.MOVER_MEASURES):
    with tab:
        table = display.mover_table(data.movers, measure, lang)
        if table.empty:
            st.caption(ui.t("retro.movers.none"))
        else:
            ui.styled_table(display.mover_styler(data.movers, measure, lang), table,
                             f"retro_{quarter}_movers_{measure}", key=f"retro_movers_{measure}")

# -- rising complaint categories ---------------------------------------------------------------
st.header(ui.t("retro.categories.title"))
if data.rising_categories.empty:
    st.info(ui.t("retro.categories.none"), icon=":material/check_circle:")
else:
    ui.chart(plots.rising_categories_figure(data.rising_categories, data.quarter,
                                              data.previous, lang), "retro_categories")
    ui.table(data.rising_categories, f"retro_{quarter}_rising_categories",
              key="retro_categories_table")

# -- go-lives ----------------------------------------------------------------------------------
st.header(ui.t("retro.golives.title", n=len(data.golives)))
if data.golives.empty:
    st.caption(ui.t("retro.golives.none"))
else:
    ui.table(data.golives, f"retro_{quarter}_golives", key="retro_golives")
