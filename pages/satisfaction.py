"""Satisfaction: CSAT and NPS over time with their uncertainty, where satisfaction is high or
low (touchpoint, team, customer), and what customers wrote.

Every figure carries its n; one resting on fewer answers than the low-confidence setting is
drawn hollow (trends) or pale and hatched (bars), because a quarter's CSAT often rests on a
handful of answers.
"""

from __future__ import annotations

import streamlit as st

from analytics import formatting, metrics, ui
from analytics.figures import satisfaction as plots
from analytics.figures.layout import has_data
from analytics.metrics import (satisfaction_breakdown, satisfaction_summary,
                               satisfaction_trend, survey_comments)

DIMENSIONS: tuple[str, ...] = ("touchpoint", "team", "customer")
# The splits a click filters the whole view by (the sidebar dimension of each), as on the
# Complaints page; a touchpoint is not a sidebar filter.
CLICK_FILTERS: dict[str, str] = {"customer": "customers", "team": "teams"}

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()
low_n = ui.settings().low_confidence_n

st.title(ui.t("nav.satisfaction"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

previous_filters = ui.query(metrics.previous_period, filters)
summary = ui.query(satisfaction_summary, filters)
before = (ui.query(satisfaction_summary, previous_filters)
          if previous_filters is not None else None)
trend = ui.query(satisfaction_trend, filters, grain=grain)
trends = {"satisfaction_trend": trend}

ui.comparison_caption(previous_filters)
cards = st.columns(4)
with cards[0]:
    ui.kpi("csat_pct", summary, before, trends=trends, rows=filters, card_key="sat_csat")
    if summary.csat_pct is not None:
        st.caption(ui.t("satisfaction.interval", low=formatting.fmt_value(summary.csat_low, "fraction", lang),
                        high=formatting.fmt_value(summary.csat_high, "fraction", lang),
                        n=formatting.fmt_value(summary.n, "count", lang)))
with cards[1]:
    ui.kpi("csat_mean_0_100", summary, before, trends=trends, rows=filters, card_key="sat_mean")
with cards[2]:
    ui.kpi("nps", summary, before, trends=trends, rows=filters, card_key="sat_nps")
    if summary.nps is not None:
        st.caption(ui.t("satisfaction.nps_interval",
                        low=formatting.fmt_value(summary.nps_low, "NPS", lang),
                        high=formatting.fmt_value(summary.nps_high, "NPS", lang),
                        n=formatting.fmt_value(summary.nps_n, "count", lang)))
with cards[3]:
    ui.kpi("survey_responses", summary, before, trends=trends, rows=filters,
           card_key="sat_responses")

if not summary.survey_responses:
    ui.nothing_selected()
    st.stop()

st.header(ui.t("satisfaction.trend.title"))
st.caption(ui.t("satisfaction.trend.caption", n=low_n))
left, right = st.columns(2)
with left:
    if has_data(trend, "n"):
        ui.chart(plots.csat_trend_figure(trend, grain, lang, low_n, ui.target("csat_pct")),
                 "sat_csat_trend")
    else:
        st.info(ui.t("satisfaction.no_scores"), icon=":material/info:")
with right:
    if has_data(trend, "nps_n"):
        ui.chart(plots.nps_trend_figure(trend, grain, lang, low_n), "sat_nps_trend")
    else:
        st.info(ui.t("satisfaction.no_nps"), icon=":material/info:")

st.header(ui.t("satisfaction.breakdown.title"))
tabs = ui.lazy_tabs([ui.t(f"dim.{by}") for by in DIMENSIONS], "sat_dimension")
for tab, by in zip(tabs, DIMENSIONS):
    with tab:
        if not tab.open:
            continue
        split = ui.query(satisfaction_breakdown, filters, by=by)
        if not has_data(split, "n"):
            ui.nothing_selected()
            continue
        ui.chart(plots.satisfaction_breakdown_figure(split, by, lang, low_n), f"sat_by_{by}",
                 filters=CLICK_FILTERS.get(by))
        ui.table(split, f"satisfaction_by_{by}", key=f"sat_tbl_{by}", height=300,
                 columns=[by, "n", "csat_pct", "csat_low", "csat_high", "csat_mean_0_100",
                          "nps_n", "nps", "low_confidence"])

st.header(ui.t("satisfaction.comments.title"))
search = st.text_input(ui.t("satisfaction.comments.search"), key="sat_search",
                       placeholder=ui.t("satisfaction.comments.placeholder"),
                       type="search", icon=":material/search:")
needle = search.strip() if search else None
comments = ui.query(survey_comments, filters, search=needle, limit=ui.tables.COMMENTS_SHOWN)
if comments.empty:
    st.info(ui.t("satisfaction.comments.none") if search else ui.t("common.no_data"),
            icon=":material/info:")
else:
    ui.capped_table(comments, int(comments["matching"].iloc[0]), "survey_comments",
                     key="sat_comments", all_key="sat_comments_all",
                     counted="satisfaction.comments.count",
                     capped="satisfaction.comments.count_capped",
                     fetch_all=(survey_comments, (filters,), {"search": needle}), height=400,
                     columns=["submitted_at", "comment", "score", "scale", "nps", "customer",
                              "project_name", "touchpoint", "team", "respondent_role"])
