"""Complaints: how many running projects complain, where the complaints come from, and the
complaint tickets themselves.

The complaint rate over time (with the complaints raised behind it), the split by customer,
category, team and delivery mode, and the list of complaints raised in the period.
"""

from __future__ import annotations

import streamlit as st

from analytics import formatting, metrics, ui
from analytics.figures import complaints as plots
from analytics.figures.layout import has_data
from analytics.metrics import complaint_breakdown, complaint_tickets, complaint_trend

DIMENSIONS: tuple[str, ...] = ("customer", "category", "team", "delivery_mode")
# A click on a bar filters the view to it where the sidebar has that filter.
CLICK_FILTERS: dict[str, str] = {"customer": "customers", "team": "teams",
                                 "delivery_mode": "delivery_modes"}

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()

st.title(ui.t("nav.complaints"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

CARDS: tuple[str, ...] = ("complaint_rate", "complaints_per_100_tickets",
                          "complaints_per_active_project", "complaints")
previous_filters = ui.query(metrics.previous_period, filters)
current, previous = ui.figures_and_previous(CARDS, filters, previous_filters)
trend = ui.query(complaint_trend, filters, grain=grain)

ui.comparison_caption(previous_filters)
ui.kpi_grid(CARDS, current, previous, per_row=4, trends={"complaint_trend": trend},
            rows=filters, prefix="cp")

if not current["tickets_created"] and not current["projects_active"]:
    ui.nothing_selected()
    st.stop()

st.header(ui.t("complaints.trend.title"))
if has_data(trend, "n"):
    ui.chart(plots.complaint_trend_figure(trend, grain, lang, ui.settings().low_confidence_n,
                                          ui.target("complaint_rate")), "cp_trend")
else:
    ui.nothing_selected()

st.header(ui.t("complaints.breakdown.title"))
st.caption(ui.t("complaints.breakdown.caption"))
tabs = ui.lazy_tabs([ui.t(f"dim.{by}") for by in DIMENSIONS], "cp_dimension")
for tab, by in zip(tabs, DIMENSIONS):
    with tab:
        if not tab.open:
            continue
        split = ui.query(complaint_breakdown, filters, by=by)
        if not has_data(split, "complaints"):
            ui.nothing_selected()
            continue
        ui.chart(plots.complaint_breakdown_figure(split, by, lang), f"cp_by_{by}",
                 filters=CLICK_FILTERS.get(by))
        if split["low_confidence"].eq(True).any():
            st.caption(ui.t("complaints.breakdown.low_n", n=ui.settings().small_group_n))
        ui.table(split, f"complaints_by_{by}", key=f"cp_tbl_{by}", height=300)

st.header(ui.t("complaints.tickets.title"))
tickets = ui.query(complaint_tickets, filters)
if tickets.empty:
    ui.nothing_selected()
else:
    st.caption(ui.t("complaints.tickets.caption", n=formatting.fmt_value(len(tickets), "count", lang)))
    ui.table(tickets, "complaint_tickets", key="cp_tickets", height=420)
