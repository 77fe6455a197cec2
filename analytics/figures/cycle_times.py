"""The Cycle times page's figures: durations per priority, SLA attainment, the backlog, the
delivery trend and the go-live timeline."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..formatting import (count_text, fmt_date, fmt_value, is_missing, number_text, pct_text,
                          status_text, value_text)
from ..i18n import t
from ..metrics.cycle_times import DurationBoxes
from ..palette import BLUE, GREEN, GREY, LIGHT_BLUE, LIGHT_GREY, PRIORITY_COLOURS, PURPLE, RED
from .layout import (TOOLBAR, axis_max, confidence_markers, dual_axes, finish, hover_data,
                     low_n_legend, pct_list, period_axis, period_labels, target_line)


def duration_box_figure(boxes: DurationBoxes, measure: str, lang: str,
                        targets: Mapping[str, float] | None = None) -> go.Figure:
    """Resolution or first-response hours per priority as box plots on a log axis (the
    spread runs from minutes to weeks), drawn from statistics computed in SQL
    (:func:`analytics.metrics.duration_boxes`) so the figure stays small at any volume;
    outliers carry their ticket id. With ``targets``, each priority's SLA target is marked."""
    fig = go.Figure()
    for _, box in boxes.boxes.iterrows():
        p = None if is_missing(box["priority"]) else box["priority"]
        name = p or t("common.unspecified", lang)
        colour = PRIORITY_COLOURS.get(p or "", GREY)
        fig.add_box(x=[name], q1=[box["q1"]], median=[box["median"]], q3=[box["q3"]],
                    lowerfence=[box["lowerfence"]], upperfence=[box["upperfence"]],
                    name=name, marker_color=colour, boxpoints=False, legendgroup=name,
                    hoverinfo="y+name")
        out = boxes.outliers[boxes.outliers["priority"].isna()] if p is None else \
            boxes.outliers[boxes.outliers["priority"] == p]
        if len(out):
            fig.add_scatter(
                x=[name] * len(out), y=out["hours"], mode="markers", name=name, legendgroup=name,
                showlegend=False, marker=dict(color=colour, size=5, symbol="circle-open"),
                text=[t("chart.hover.duration_point", lang, ticket=tid, customer=c or "—")
                      for tid, c in zip(out["ticket_id"], out["customer"])],
                hoverinfo="y+text+name")
    if targets:
        shown = [p for p in boxes.boxes["priority"] if not is_missing(p) and p in targets]
        fig.add_scatter(x=shown, y=[targets[p] for p in shown], mode="markers",
                        marker=dict(symbol="line-ew-open", size=40, color="black",
                                    line=dict(width=2)),
                        name=t("chart.sla_target", lang),
                        hovertemplate=t("chart.hover.sla_target", lang) + "<extra></extra>")
    title = t(f"chart.duration_box.{measure}.title", lang)
    finish(fig, title, t("chart.axis.priority", lang), t("chart.axis.hours_log", lang),
            hovermode="closest")
    fig.update_yaxes(type="log", dtick=1)
    return fig


def trend_by_priority_figure(df: pd.DataFrame, grain: str, lang: str,
                             measure: str = "resolution", target: float | None = None) -> go.Figure:
    """Median hours per period, one line per priority (log axis); hover adds p90 and n. The
    ``target`` (hours, the median resolution time's) is a dashed line across the periods."""
    median, p90 = f"{measure}_median_hours", f"{measure}_p90_hours"
    count = "resolved" if measure == "resolution" else "responded"
    fig = go.Figure()
    for priority, part in df.groupby("priority", sort=True):
        part_labels = period_labels(part, grain, lang)
        custom = hover_data(period=part_labels, p90=[number_text(v) for v in part[p90]],
                            n=part[count])
        fig.add_scatter(x=part_labels, y=part[median], name=str(priority),
                        mode="lines+markers", connectgaps=False,
                        line=dict(color=PRIORITY_COLOURS.get(str(priority), GREY)),
                        customdata=custom,
                        hovertemplate=t("chart.hover.median_by_priority", lang,
                                         priority=priority) + "<extra></extra>")
    periods = df.drop_duplicates("period").sort_values("period") if "period" in df else df
    target_line(fig, period_labels(periods, grain, lang), target,
                fmt_value(target, "hours", lang) if target is not None else "", lang)
    finish(fig, t(f"chart.trend_by_priority.{measure}.title", lang), None,
            t("chart.axis.median_hours_log", lang))
    period_axis(fig, grain, lang)
    fig.update_yaxes(type="log", dtick=1)
    return fig


def sla_by_priority_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """SLA attainment per priority (bars, %) with the counts behind each in the hover."""
    frame = df[df["sla_population"] > 0]
    names = [p if not is_missing(p) else t("common.unspecified", lang) for p in frame["priority"]]
    fig = go.Figure(go.Bar(
        x=names, y=pct_list(frame["sla_attainment"]),
        marker_color=[PRIORITY_COLOURS.get(str(p), GREY) for p in frame["priority"]],
        text=[pct_text(v, 0) for v in frame["sla_attainment"]], textposition="outside",
        customdata=hover_data(sla_met=frame["sla_met"], sla_population=frame["sla_population"],
                              sla_resolved=frame["sla_resolved"],
                              sla_open_breached=frame["sla_open_breached"]),
        hovertemplate=t("chart.hover.sla", lang) + "<extra></extra>",
        name=t("chart.sla_attainment", lang)))
    finish(fig, t("chart.sla_by_priority.title", lang), t("chart.axis.priority", lang),
            t("chart.axis.attainment_pct", lang), hovermode="closest", legend=False)
    fig.update_yaxes(range=[0, 110], ticksuffix="%")
    return fig


def sla_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """SLA attainment per period (line, %) over the tickets judged (bars, right axis)."""
    labels = period_labels(df, grain, lang)
    custom = hover_data(period=labels, sla_met=df["sla_met"],
                        sla_population=df["sla_population"],
                        sla_open_breached=df["sla_open_breached"])
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["sla_population"], name=t("chart.tickets_judged", lang),
                marker_color=LIGHT_GREY, customdata=custom,
                hovertemplate=t("chart.hover.sla_population", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=pct_list(df["sla_attainment"]), mode="lines+markers",
                    name=t("chart.sla_attainment", lang), line=dict(color=BLUE, width=2.5),
                    customdata=custom, yaxis="y2",
                    hovertemplate=t("chart.hover.sla_trend", lang) + "<extra></extra>")
    finish(fig, t("chart.sla_trend.title", lang), None, None)
    period_axis(fig, grain, lang)
    dual_axes(fig, t("chart.axis.attainment_pct", lang), t("chart.axis.tickets", lang),
               rate_axis=dict(range=[0, 105], ticksuffix="%"),
               count_axis=dict(range=[0, 3 * axis_max(df["sla_population"])]))
    return fig


def backlog_age_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """Open tickets at the period end by age bucket, split into past target and within
    target; hover adds complaints and the oldest age."""
    names = [value_text("bucket", b, lang) for b in df["bucket"]]
    within = df["tickets"] - df["past_target"]
    custom = hover_data(bucket=names, tickets=df["tickets"], complaints=df["complaints"],
                        oldest_days=[number_text(v) for v in df["oldest_days"]])
    fig = go.Figure()
    fig.add_bar(x=names, y=df["past_target"], name=t("chart.past_target", lang),
                marker_color=RED, customdata=custom,
                hovertemplate=t("chart.hover.backlog_past", lang) + "<extra></extra>")
    fig.add_bar(x=names, y=within, name=t("chart.within_target", lang),
                marker_color=LIGHT_BLUE, customdata=custom,
                hovertemplate=t("chart.hover.backlog_within", lang) + "<extra></extra>")
    fig.update_layout(barmode="stack")
    finish(fig, t("chart.backlog_age.title", lang), t("chart.axis.age", lang),
            t("chart.axis.open_tickets", lang))
    return fig


def backlog_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Tickets open at the end of each period, and the complaints among them."""
    labels = period_labels(df, grain, lang)
    fig = go.Figure()
    fig.add_scatter(x=labels, y=df["backlog_open"], name=t("chart.open_tickets", lang),
                    mode="lines+markers", line=dict(color=BLUE, width=2.5),
                    customdata=labels,
                    hovertemplate=t("chart.hover.backlog_open", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["complaints_open"],
                    name=t("chart.open_complaints", lang), mode="lines+markers",
                    line=dict(color=RED, dash="dot"), customdata=labels,
                    hovertemplate=t("chart.hover.backlog_complaints", lang) + "<extra></extra>")
    finish(fig, t("chart.backlog_trend.title", lang), None, t("chart.axis.open_tickets", lang))
    period_axis(fig, grain, lang)
    fig.update_yaxes(rangemode="tozero")
    return fig


def delivery_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Go-lives per period (bars, right axis) and the delivery cycle median and p90 (lines,
    days); hover adds the on-time share."""
    labels = period_labels(df, grain, lang)
    custom = hover_data(period=labels, golives=df["golives"], on_time=df["on_time"],
                        with_plan=df["with_plan"],
                        on_time_golive_rate=[pct_text(v) for v in df["on_time_golive_rate"]])
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["golives"], name=t("chart.golives", lang),
                marker_color=LIGHT_GREY, customdata=custom,
                hovertemplate=t("chart.hover.golives", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["delivery_cycle_median_days"], mode="lines+markers",
                    name=t("chart.cycle_median", lang), line=dict(color=BLUE, width=2.5),
                    customdata=custom, yaxis="y2",
                    hovertemplate=t("chart.hover.cycle_median", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["delivery_cycle_p90_days"], mode="lines+markers",
                    name=t("chart.cycle_p90", lang), line=dict(color=PURPLE, dash="dot"),
                    yaxis="y2",
                    hovertemplate=t("chart.hover.cycle_p90", lang) + "<extra></extra>")
    finish(fig, t("chart.delivery_trend.title", lang), None, None)
    period_axis(fig, grain, lang)
    dual_axes(fig, t("chart.axis.days", lang), t("chart.axis.golives", lang),
               rate_axis=dict(rangemode="tozero"), count_axis=dict(dtick=1))
    return fig


def on_time_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int,
                         target: float | None = None) -> go.Figure:
    """The on-time go-live rate per period (%, of the go-lives with a planned date), points
    resting on fewer than ``low_n`` such go-lives drawn hollow, and the ``target`` (a
    fraction) as a dashed line, as the complaint and CSAT trends draw theirs."""
    labels = period_labels(df, grain, lang)
    low = [int(n) < low_n for n in df["with_plan"].fillna(0)]
    custom = hover_data(on_time=df["on_time"], with_plan=df["with_plan"])
    fig = go.Figure()
    fig.add_scatter(x=labels, y=pct_list(df["on_time_golive_rate"]), mode="lines+markers",
                    name=t("chart.on_time_rate", lang), line=dict(color=GREEN, width=2.5),
                    marker=confidence_markers(low, GREEN), customdata=custom,
                    connectgaps=False,
                    hovertemplate=t("chart.hover.on_time_rate", lang) + "<extra></extra>")
    if any(low):
        low_n_legend(fig, GREEN, lang, low_n)
    target_line(fig, labels, target, pct_text(target, 0) if target is not None else "", lang,
                scale=100)
    finish(fig, t("chart.on_time_trend.title", lang), None, t("chart.axis.on_time_pct", lang))
    period_axis(fig, grain, lang)
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    return fig


# The go-live timeline draws at most this many projects: one row per project of a large
# portfolio makes a chart too tall to read (5,000 projects drew 95,000 px). The table under it
# lists them all.
GOLIVE_TIMELINE_LIMIT = 40


def golive_timeline_rows(df: pd.DataFrame, limit: int = GOLIVE_TIMELINE_LIMIT) -> pd.DataFrame:
    """The projects of ``schedule_slip`` the go-live timeline draws, top row first, at most
    ``limit`` of them:

    1. those past their plan - late (slip beyond the tolerance), or not live although the
       planned go-live has come - the largest slip first;
    2. then those not live and not yet due, the next planned go-live first;
    3. then those live on time or early, the latest planned go-live first.

    Projects without a planned go-live are not drawn. Ties go by project_id.
    """
    frame = df[df["planned_golive_date"].notna()]
    late = frame["late"].fillna(False).astype(bool).to_numpy()
    live = frame["live"].fillna(False).astype(bool).to_numpy()
    slip = pd.to_numeric(frame["slip_days"], errors="coerce").to_numpy(dtype=float)
    overdue = late | (~live & (slip >= 0))
    plan_day = (pd.to_datetime(frame["planned_golive_date"])
                - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    tier = np.select([overdue, ~live], [0, 1], default=2)
    key = np.select([tier == 0, tier == 1], [-slip, plan_day], default=-plan_day)
    order = np.lexsort((frame["project_id"].astype(str).to_numpy(), key, tier))
    return frame.iloc[order[:limit]]


def golive_timeline_figure(df: pd.DataFrame, lang: str,
                           limit: int = GOLIVE_TIMELINE_LIMIT) -> go.Figure:
    """Planned against actual go-live of the projects in ``schedule_slip`` that most need a
    look (see :func:`golive_timeline_rows`; at most ``limit``, and the subtitle then says how
    many of how many are shown): a hollow diamond at the plan, a dot at the actual go-live (or
    at today for a project not live yet), joined by a line coloured by the outcome (late red,
    on time or early green, not live and not late (yet) grey)."""
    total = int(df["planned_golive_date"].notna().sum())
    frame = golive_timeline_rows(df, limit)
    late = frame["late"].fillna(False).astype(bool).to_numpy()
    live = frame["live"].fillna(False).astype(bool).to_numpy()
    group = np.select([late, live], ["late", "on_time"], default="pending")
    names = np.array([f"{pid if is_missing(n) or n == '' else n} · {pid}"
                      for n, pid in zip(frame["project_name"], frame["project_id"])],
                     dtype=object)
    planned = frame["planned_golive_date"].to_numpy(dtype=object)
    end = frame["actual_golive_date"].where(live, frame["as_of"]).to_numpy(dtype=object)
    not_live = t("chart.not_live", lang)
    custom = np.array(hover_data(
        project=names, customer=frame["customer"].astype(object).fillna("—"),
        planned=[fmt_date(v, lang) for v in planned],
        actual=[fmt_date(v, lang) if lv else not_live
                for v, lv in zip(frame["actual_golive_date"], live)],
        slip_days=[count_text(v) for v in frame["slip_days"]],
        phase=[value_text("phase", v, lang) for v in frame["phase"]]), dtype=object)
    template = t("chart.hover.golive", lang) + "<extra></extra>"
    colours = {"late": RED, "on_time": GREEN, "pending": GREY}
    fig = go.Figure()
    for key, colour in colours.items():
        rows = group == key
        n = int(rows.sum())
        if not n:
            continue
        gaps = np.full(n, None, dtype=object)
        # one line per project: plan, end, gap - a single trace for the whole group
        xs = np.column_stack([planned[rows], end[rows], gaps]).ravel()
        ys = np.column_stack([names[rows], names[rows], gaps]).ravel()
        label = t(f"chart.golive.{key}", lang)
        fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=3),
                        name=label, legendgroup=key, hoverinfo="skip")
        fig.add_scatter(x=planned[rows], y=names[rows], mode="markers", showlegend=False,
                        marker=dict(symbol="diamond-open", size=10, color=colour,
                                    line=dict(width=2)),
                        legendgroup=key, customdata=custom[rows], hovertemplate=template)
        fig.add_scatter(x=end[rows], y=names[rows], mode="markers",
                        marker=dict(symbol="circle", size=9, color=colour), showlegend=False,
                        legendgroup=key, customdata=custom[rows], hovertemplate=template)
    # a key for the two marker shapes, in neutral black
    fig.add_scatter(x=[None], y=[None], mode="markers", name=t("chart.planned", lang),
                    marker=dict(symbol="diamond-open", size=10, color="black",
                                line=dict(width=2)), hoverinfo="skip")
    fig.add_scatter(x=[None], y=[None], mode="markers", name=t("chart.actual_or_today", lang),
                    marker=dict(symbol="circle", size=9, color="black"), hoverinfo="skip")
    capped = len(frame) < total
    height = max(340, 19 * len(frame) + 170) + (20 if capped else 0)
    finish(fig, t("chart.golive_timeline.title", lang), t("chart.axis.date", lang), None,
            height=height, hovermode="closest")
    if capped:
        fig.update_layout(title_subtitle_text=golive_timeline_note(len(frame), total, lang),
                          margin_t=115 + TOOLBAR)
    # category axes run bottom-up: reverse, so the first row drawn is the top one
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1].tolist(),
                     automargin=True)
    return fig


def golive_timeline_note(shown: int, total: int, lang: str) -> str:
    """"Showing 40 of 4,750 projects ...": what a capped go-live timeline leaves out."""
    return t("chart.golive_timeline.capped", lang, shown=fmt_value(shown, "count", lang),
              total=fmt_value(total, "count", lang))


# -- flow --------------------------------------------------------------------------------------


def time_in_status_figure(df: pd.DataFrame, lang: str, clock: str = "wall") -> go.Figure:
    """Median and p90 hours per status (statuses the tickets left in the period), pause
    statuses in grey: the waits the SLA clock does not count."""
    rows = df.sort_values("median_hours", ascending=True)
    colours = [GREY if p else BLUE for p in rows["paused"]]
    custom = hover_data(status=rows["status"], tickets=rows["tickets"],
                        p90=[number_text(v) for v in rows["p90_hours"]],
                        total=[number_text(v) for v in rows["total_hours"]])
    fig = go.Figure()
    fig.add_bar(y=rows["status"], x=rows["median_hours"], orientation="h", marker_color=colours,
                name=t("chart.median", lang), customdata=custom,
                hovertemplate=t("chart.hover.time_in_status", lang) + "<extra></extra>")
    fig.add_scatter(y=rows["status"], x=rows["p90_hours"], mode="markers", name="p90",
                    marker=dict(color=PURPLE, symbol="line-ns-open", size=14, line=dict(width=2)),
                    hoverinfo="skip")
    axis = t("chart.axis.business_hours" if clock == "business" else "chart.axis.hours", lang)
    finish(fig, t("chart.time_in_status.title", lang), axis, None)
    return fig


def net_flow_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Departures - arrivals per period: green when the queue shrank, red when it grew."""
    labels = period_labels(df, grain, lang)
    custom = hover_data(period=labels, arrivals=df["arrivals"], departures=df["departures"],
                        net_flow=df["net_flow"])
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["net_flow"], marker_color=[GREEN if v >= 0 else RED for v in df["net_flow"]],
                name=t("chart.net_flow", lang), customdata=custom,
                hovertemplate=t("chart.hover.net_flow", lang) + "<extra></extra>")
    finish(fig, t("chart.net_flow.title", lang), None, t("chart.axis.net_flow", lang))
    period_axis(fig, grain, lang)
    return fig


def ageing_wip_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """Ageing work in progress: how old the open tickets are, by current status (the median
    age as a bar, p90 and the oldest marked), each status labelled with its count. Age, not
    the count alone, is what tells a stuck queue."""
    names = [f"{status_text(s, lang) if s else '—'} ({count_text(n)})"
             for s, n in zip(df["status"], df["tickets"])]
    custom = hover_data(status=names, tickets=df["tickets"],
                        median_days=[number_text(v) for v in df["median_age_days"]],
                        p90_days=[number_text(v) for v in df["p90_age_days"]],
                        oldest_days=[number_text(v) for v in df["oldest_age_days"]])
    fig = go.Figure()
    fig.add_bar(x=names, y=df["median_age_days"], marker_color=LIGHT_BLUE, customdata=custom,
                name=t("chart.median", lang),
                hovertemplate=t("chart.hover.ageing_wip", lang) + "<extra></extra>")
    fig.add_scatter(x=names, y=df["p90_age_days"], mode="markers", name="p90",
                    marker=dict(color=PURPLE, symbol="line-ew-open", size=18, line=dict(width=2)),
                    hoverinfo="skip")
    fig.add_scatter(x=names, y=df["oldest_age_days"], mode="markers", name=t("chart.oldest", lang),
                    marker=dict(color=RED, symbol="diamond-open", size=9), hoverinfo="skip")
    finish(fig, t("chart.ageing_wip.title", lang), None, t("chart.axis.age_days", lang))
    # ages run from hours to years: on a linear axis the medians vanish under the oldest
    fig.update_yaxes(type="log")
    return fig
