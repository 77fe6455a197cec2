"""Complaints: how many running projects complain, where the complaints come from, and the
complaint tickets themselves.

The complaint rate over time (with the complaints raised behind it), the split by customer,
category, team and delivery mode, and the list of complaints raised in the period.
"""

from __future__ import annotations

import streamlit as st

from analytics import charts, ui
from analytics import pagekit as kit
from analytics.metrics import (complaint_breakdown, complaint_kpis, complaint_tickets,
                               complaint_trend)
from analytics.metrics import page_support as ps

DIMENSIONS: tuple[str, ...] = ("customer", "category", "team", "delivery_mode")

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()

st.title(ui.t("nav.complaints"))
kit.period_caption(filters)
if kit.no_store_data():
    st.stop()

previous_filters = ui.query(ps.previous_period, filters)
current = kit.figures_of(ui.query(complaint_kpis, filters))
previous = (kit.figures_of(ui.query(complaint_kpis, previous_filters))
            if previous_filters is not None else None)
trend = ui.query(complaint_trend, filters, grain)

kit.comparison_caption(previous_filters)
cards = st.columns(4)
with cards[0]:
    kit.kpi("complaint_rate", current, previous, rows=filters, card_key="cp_rate",
            spark=charts.sparkline(trend, "complaint_rate", n_column="n"))
with cards[1]:
    kit.kpi("complaints_per_100_tickets", current, previous, rows=filters, card_key="cp_per100",
            spark=charts.sparkline(trend, "complaints_per_100_tickets", n_column="tickets"))
with cards[2]:
    kit.kpi("complaints_per_active_project", current, previous, rows=filters,
            card_key="cp_per_project",
            spark=charts.sparkline(trend, "complaints_per_active_project", n_column="n"))
with cards[3]:
    kit.kpi("complaints", current, previous, rows=filters, card_key="cp_count",
            label=ui.t("complaints.count"), spark=charts.sparkline(trend, "complaints"))

if not current["tickets"] and not current["active_projects"]:
    kit.nothing_selected()
    st.stop()

st.header(ui.t("complaints.trend.title"))
if charts.has_data(trend, "n"):
    kit.chart(charts.complaint_trend_figure(trend, grain, lang), "cp_trend")
else:
    kit.nothing_selected()

st.header(ui.t("complaints.breakdown.title"))
st.caption(ui.t("complaints.breakdown.caption"))
tabs = kit.lazy_tabs([ui.t(f"dim.{by}") for by in DIMENSIONS], "cp_dimension")
for tab, by in zip(tabs, DIMENSIONS):
    with tab:
        if not tab.open:
            continue
        split = ui.query(complaint_breakdown, filters, by)
        if not charts.has_data(split, "complaints"):
            kit.nothing_selected()
            continue
        kit.chart(charts.complaint_breakdown_figure(split, by, lang), f"cp_by_{by}")
        kit.table(split, f"complaints_by_{by}", key=f"cp_tbl_{by}", height=300)

st.header(ui.t("complaints.tickets.title"))
tickets = ui.query(complaint_tickets, filters)
if tickets.empty:
    kit.nothing_selected()
else:
    st.caption(ui.t("complaints.tickets.caption", n=charts.fmt_value(len(tickets), "count", lang)))
    kit.table(tickets, "complaint_tickets", key="cp_tickets", height=420)
