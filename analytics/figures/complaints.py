"""The Complaints page's figures: the complaint rate over time and the split by dimension."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..formatting import is_missing, number_text, pct_text, value_text, VALUE_KINDS
from ..i18n import t
from ..palette import LIGHT_BLUE, RED
from .layout import (confidence_markers, dual_axes, finish, hover_data, low_n_legend, pct_list,
                     period_axis, period_labels, target_line)


def complaint_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int | None = None,
                           target: float | None = None) -> go.Figure:
    """The share of active projects with a complaint per period (line, left axis, %) over the
    complaints raised (bars, right axis); hover names the active projects behind the share.
    Points resting on fewer than ``low_n`` active projects (``low_confidence``) are drawn
    hollow, and the ``target`` (a fraction) as a dashed line."""
    labels = period_labels(df, grain, lang)
    low = ([bool(v) for v in df["low_confidence"]] if "low_confidence" in df
           else [False] * len(df))
    custom = hover_data(period=labels, projects_with_complaints=df["projects_with_complaints"],
                        projects_active=df["projects_active"], complaints=df["complaints"],
                        tickets_created=df["tickets_created"],
                        per_100=[number_text(v, 1) for v in df["complaints_per_100_tickets"]],
                        flag=[" " + t("chart.low_n_flag", lang) if f else "" for f in low])
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["complaints"], name=t("chart.complaints", lang),
                marker_color=LIGHT_BLUE, customdata=custom,
                hovertemplate=t("chart.hover.complaints_bar", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=pct_list(df["complaint_rate"]),
                    name=t("chart.complaint_rate", lang), mode="lines+markers",
                    line=dict(color=RED, width=2.5), marker=confidence_markers(low, RED),
                    customdata=custom, yaxis="y2",
                    hovertemplate=t("chart.hover.complaint_rate", lang) + "<extra></extra>")
    if any(low) and low_n is not None:
        low_n_legend(fig, RED, lang, low_n, yaxis="y2")
    target_line(fig, labels, target, pct_text(target, 0) if target is not None else "", lang,
                yaxis="y2", scale=100)
    finish(fig, t("chart.complaint_trend.title", lang), None, None)
    period_axis(fig, grain, lang)
    dual_axes(fig, t("chart.axis.complaint_rate_pct", lang), t("chart.axis.complaints", lang),
               rate_axis=dict(rangemode="tozero", ticksuffix="%"))
    return fig


def complaint_breakdown_figure(df: pd.DataFrame, by: str, lang: str,
                               top: int = 15) -> go.Figure:
    """Complaints per customer / category / team / delivery mode, largest first (top
    ``top``), labelled with their share; hover adds tickets, complaints per 100 tickets and,
    for project-level dimensions, the complaint rate. A bar whose complaint rate rests on
    too few active projects (``low_confidence``) is hatched."""
    frame = df[df["complaints"] > 0].head(top).iloc[::-1]
    names = [value_text(VALUE_KINDS.get(by, by), v, lang) if not is_missing(v)
             else t("common.unspecified", lang) for v in frame[by]]
    custom = hover_data(
        name=names, complaints=frame["complaints"],
        share=[pct_text(v) for v in frame["share_of_complaints"]],
        tickets_created=frame["tickets_created"],
        per_100=[number_text(v, 1) for v in frame["complaints_per_100_tickets"]],
        complaint_rate=[pct_text(v) for v in frame["complaint_rate"]],
        # the value itself, for a click that filters the page to it
        value=[None if is_missing(v) else str(v) for v in frame[by]])
    template = t("chart.hover.complaint_breakdown", lang)
    if frame["complaint_rate"].notna().any():
        template += "<br>" + t("chart.hover.complaint_breakdown_rate", lang)
    # a complaint rate resting on fewer active projects than small_group_n: hatched bar
    low = ([not is_missing(v) and bool(v) for v in frame["low_confidence"]]
           if "low_confidence" in frame else [False] * len(frame))
    fig = go.Figure(go.Bar(
        x=frame["complaints"], y=names, orientation="h", opacity=0.85,
        marker=dict(color=RED, pattern=dict(shape=["/" if f else "" for f in low],
                                            fillmode="overlay", fgcolor="white", solidity=0.3)),
        text=[pct_text(v, 0) for v in frame["share_of_complaints"]], textposition="outside",
        customdata=custom, hovertemplate=template + "<extra></extra>",
        name=t("chart.complaints", lang)))
    title = t("chart.complaint_breakdown.title", lang, by=t(f"dim.{by}", lang))
    height = max(260, 26 * len(frame) + 120)
    finish(fig, title, t("chart.axis.complaints", lang), None, height=height,
            hovermode="closest", legend=False)
    fig.update_yaxes(automargin=True, type="category")
    return fig
