"""Complaints: how many running projects complain, where the complaints come from, and the
complaint tickets themselves.

The complaint rate over time (with the complaints raised behind it), the split by customer,
category, team and delivery mode, and the list of complaints raised in the period.
"""

from __future__ import annotations

import streamlit as st

from analytics import formatting, kpi_cards, metrics, ui
from analytics.figures import complaints as plots
from analytics.figures.layout import has_data
from analytics.metrics import (complaint_breakdown, complaint_kpis, complaint_tickets,
                               complaint_trend)

DIMENSIONS: tuple[str, ...] = ("customer", "category", "team", "delivery_mode")

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()

st.title(ui.t("nav.complaints"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

previous_filters = ui.query(metrics.previous_period, filters)
current = ui.figures_of(ui.query(complaint_kpis, filters))
previous = (ui.figures_of(ui.query(complaint_kpis, previous_filters))
            if previous_filters is not None else None)
trend = ui.query(complaint_trend, filters, grain)

ui.comparison_caption(previous_filters)
cards = st.columns(4)
with cards[0]:
    ui.kpi("complaint_rate", current, previous, rows=filters, card_key="cp_rate",
            spark=kpi_cards.sparkline(trend, "complaint_rate", n_column="n"))
with cards[1]:
    ui.kpi("complaints_per_100_tickets", current, previous, rows=filters, card_key="cp_per100",
            spark=kpi_cards.sparkline(trend, "complaints_per_100_tickets", n_column="tickets"))
with cards[2]:
    ui.kpi("complaints_per_active_project", current, previous, rows=filters,
            card_key="cp_per_project",
            spark=kpi_cards.sparkline(trend, "complaints_per_active_project", n_column="n"))
with cards[3]:
    ui.kpi("complaints", current, previous, rows=filters, card_key="cp_count",
            label=ui.t("complaints.count"), spark=kpi_cards.sparkline(trend, "complaints"))

if not current["tickets"] and not current["active_projects"]:
    ui.nothing_selected()
    st.stop()

st.header(ui.t("complaints.trend.title"))
if has_data(trend, "n"):
    ui.chart(plots.complaint_trend_figure(trend, grain, lang), "cp_trend")
else:
    ui.nothing_selected()

st.header(ui.t("complaints.breakdown.title"))
st.caption(ui.t("complaints.breakdown.caption"))
tabs = ui.lazy_tabs([ui.t(f"dim.{by}") for by in DIMENSIONS], "cp_dimension")
for tab, by in zip(tabs, DIMENSIONS):
    with tab:
        if not tab.open:
            continue
        split = ui.query(complaint_breakdown, filters, by)
        if not has_data(split, "complaints"):
            ui.nothing_selected()
            continue
        ui.chart(plots.complaint_breakdown_figure(split, by, lang), f"cp_by_{by}")
        ui.table(split, f"complaints_by_{by}", key=f"cp_tbl_{by}", height=300)

st.header(ui.t("complaints.tickets.title"))
tickets = ui.query(complaint_tickets, filters)
if tickets.empty:
    ui.nothing_selected()
else:
    st.caption(ui.t("complaints.tickets.caption", n=formatting.fmt_value(len(tickets), "count", lang)))
    ui.table(tickets, "complaint_tickets", key="cp_tickets", height=420)
