"""Cycle times: how fast tickets are answered and resolved, whether SLAs hold, how old the
backlog is, and how long projects take to go live against their plan.
"""

from __future__ import annotations

import streamlit as st

from analytics import i18n, metrics, ui
from analytics.figures import cycle_times as plots
from analytics.figures.layout import has_data, has_values
from analytics.metrics import (backlog, backlog_tickets, backlog_trend, cycle_time_stats,
                               delivery_trend, duration_boxes, schedule_slip, sla_attainment,
                               source_sla)

BACKLOG_LIST_KEY = "ct_backlog_list"

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()
settings = ui.settings()

st.title(ui.t("nav.cycle_times"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

# Every duration below on one clock: the wall clock, or business hours on the working calendar
clock = st.segmented_control(ui.t("cycle.clock.label"), ["wall", "business"], default="wall",
                             format_func=lambda c: ui.t(f"cycle.clock.{c}"), key="ct_clock") or "wall"
business = clock == "business"
if business:
    st.caption(ui.t("cycle.clock.caption.business", hours=settings.working_hours,
                    weekdays=ui.t("cycle.clock.weekdays",
                                  days=" ".join(ui.t(f"cycle.weekday.{d}") for d in settings.working_weekdays)),
                    country=settings.calendar_country, pauses=", ".join(settings.pause_statuses)))
else:
    st.caption(ui.t("cycle.clock.caption.wall"))

# -- KPIs --------------------------------------------------------------------------------------
DURATION_CARDS: tuple[str, ...] = ("resolution_median", "resolution_p90", "first_response_median")
twin = "_business_hours" if business else "_hours"  # each duration card on the clock chosen
CARDS: tuple[str, ...] = (*(k + twin for k in DURATION_CARDS), "sla_attainment", "backlog_open",
                          "reopen_rate", "delivery_cycle_median_days", "on_time_golive_rate")
previous_filters = ui.query(metrics.previous_period, filters)
figures, previous = ui.figures_and_previous(CARDS, filters, previous_filters)
trends = ui.query(metrics.cycle_trends, filters, grain=grain, clock=clock)  # overall and per priority
sla_over_time = ui.query(metrics.sla_trend, filters, grain=grain)
open_over_time = ui.query(backlog_trend, filters, grain=grain)
# Delivery is counted in go-lives, a handful a month: per quarter the median means something.
delivery = ui.query(delivery_trend, filters, grain="quarter")

ui.comparison_caption(previous_filters)
# on the business clock the trend's duration columns are the business-hours twins
durations_trend = trends.overall.rename(columns={f"{k}_hours": f"{k}{twin}" for k in DURATION_CARDS})
ui.kpi_grid(CARDS, figures, previous, per_row=4, rows=filters, prefix="ct",
            trends={"cycle_time_trend": durations_trend, "sla_trend": sla_over_time,
                    "backlog_trend": open_over_time, "delivery_trend": delivery})

# -- ticket cycle times ------------------------------------------------------------------------
st.header(ui.t("cycle.tickets.title"))
tab_resolution, tab_response = ui.lazy_tabs([ui.t("cycle.tab.resolution"),
                                              ui.t("cycle.tab.first_response")], "ct_measure")
for tab, measure in ((tab_resolution, "resolution"), (tab_response, "first_response")):
    with tab:
        if not tab.open:
            continue
        boxes = ui.query(duration_boxes, filters, measure=measure, clock=clock)
        if boxes.boxes.empty:
            ui.nothing_selected()
            continue
        left, right = st.columns(2)
        with left:
            targets = settings.sla_hours() if measure == "resolution" else None
            ui.chart(plots.duration_box_figure(boxes, measure, lang, targets),
                      f"ct_box_{measure}")
        with right:
            # the target is the wall-clock median's: drawn on that clock only
            target = ui.target("resolution_median_hours") if (measure, clock) == ("resolution", "wall") else None
            ui.chart(plots.trend_by_priority_figure(trends.by_priority, grain, lang, measure, target),
                      f"ct_trend_{measure}")
        ui.table(ui.query(cycle_time_stats, filters, by="priority", clock=clock), f"{measure}_by_priority",
                  key=f"ct_stats_{measure}")

# -- SLA ---------------------------------------------------------------------------------------
st.header(ui.t("cycle.sla.title"))
st.caption(ui.t("cycle.sla.caption", targets=" · ".join(
    f"{p} {h:g} {ui.t('unit.hours_short')}" for p, h in settings.sla_hours().items()),
    clock=ui.t(f"cycle.clock.name.{'business' if settings.sla_clock == 'business' else 'wall'}")))
sla_split = ui.query(sla_attainment, filters, by="priority")
if not has_data(sla_split, "sla_population"):
    ui.nothing_selected()
else:
    left, right = st.columns(2)
    with left:
        ui.chart(plots.sla_by_priority_figure(sla_split, lang), "ct_sla_priority")
    with right:
        ui.chart(plots.sla_trend_figure(sla_over_time, grain, lang), "ct_sla_trend")
    ui.table(sla_split, "sla_by_priority", key="ct_sla_table")
    verdict = ui.query(source_sla, filters)
    if verdict.judged:  # the source system exported its own SLA verdict: shown beside ours
        st.caption(ui.t("cycle.sla.source", source=i18n.format_pct(verdict.source_rate, lang),
                        ours=i18n.format_pct(verdict.target_rate, lang),
                        n=i18n.format_number(verdict.judged, lang)),
                   help=ui.t("cycle.sla.source_help"))

# -- flow --------------------------------------------------------------------------------------
st.header(ui.t("cycle.flow.title"))
st.caption(ui.t("cycle.flow.caption", clock=ui.t(f"cycle.clock.name.{clock}"),
                grain=ui.t(f"cycle.flow.per.{grain}")))
flow = ui.query(metrics.flow_view, filters, grain=grain, clock=clock)
left, right = st.columns(2)
with left:
    if has_data(flow.time_in_status, "tickets"):
        ui.chart(plots.time_in_status_figure(flow.time_in_status, lang, clock), "ct_time_in_status")
    else:
        st.info(ui.t("cycle.flow.no_history"), icon=":material/timeline:")
with right:
    if has_data(flow.net_flow):
        ui.chart(plots.net_flow_figure(flow.net_flow, grain, lang), "ct_net_flow")
if has_data(flow.time_in_status, "tickets"):
    ui.table(flow.time_in_status, "time_in_status", key="ct_tis_table",
             columns=["status", "paused", "tickets", "median_hours", "p90_hours", "total_hours"])
if has_data(flow.ageing_wip, "tickets"):
    ui.chart(plots.ageing_wip_figure(flow.ageing_wip, lang), "ct_ageing_wip")
moves = flow.reassignments
if moves["known"]:
    st.caption(ui.t("cycle.flow.reassignments", reassigned=moves["reassigned"], known=moves["known"],
                    hops=moves["reassignments"], ping_pong=moves["ping_pong"],
                    ping_known=moves["ping_pong_known"]))

# -- backlog -----------------------------------------------------------------------------------
st.header(ui.t("cycle.backlog.title"))
ages = ui.query(backlog, filters)
left, right = st.columns(2)
with left:
    if has_data(ages, "tickets"):
        ui.chart(plots.backlog_age_figure(ages, lang), "ct_backlog_age")
    else:
        st.info(ui.t("cycle.backlog.none"), icon=":material/check_circle:")
with right:
    if has_data(open_over_time, "backlog_open"):
        ui.chart(plots.backlog_trend_figure(open_over_time, grain, lang), "ct_backlog_trend")
# The list of open tickets is fetched only once the expander is opened: its count is the
# age buckets' total (the same tickets, open at the period end).
open_count = int(ages["tickets"].sum()) if has_data(ages, "tickets") else 0
if open_count:
    with st.expander(ui.t("cycle.backlog.list", n=open_count), key=BACKLOG_LIST_KEY,
                     on_change="rerun", icon=":material/list:") as backlog_box:
        if backlog_box.open:
            ui.table(ui.query(backlog_tickets, filters), "open_tickets",
                      key="ct_backlog_table", height=320)

# -- project delivery --------------------------------------------------------------------------
st.header(ui.t("cycle.delivery.title"))
st.caption(ui.t("cycle.delivery.caption", days=settings.golive_tolerance_days))
if has_data(delivery, "golives"):
    ui.chart(plots.delivery_trend_figure(delivery, "quarter", lang), "ct_delivery_trend")
    if has_data(delivery, "with_plan"):
        ui.chart(plots.on_time_trend_figure(delivery, "quarter", lang, settings.small_group_n,
                                            ui.target("on_time_golive_rate")), "ct_on_time_trend")
slips = ui.query(schedule_slip, filters)
if not has_values(slips, "planned_golive_date"):
    ui.nothing_selected()
else:
    ui.chart(plots.golive_timeline_figure(slips, lang), "ct_golive_timeline")
    ui.table(slips, "schedule_slip", key="ct_slip_table", height=320,
              columns=["project_id", "project_name", "customer", "phase", "status",
                       "kickoff_date", "planned_golive_date", "actual_golive_date", "slip_days",
                       "late"])
