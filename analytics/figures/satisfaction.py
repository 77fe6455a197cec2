"""The Satisfaction page's figures: CSAT and NPS over time with their intervals, and CSAT by
touchpoint, team or customer; a figure from few answers is drawn hollow or hatched."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..formatting import is_missing, number_text, pct_text, value_text, VALUE_KINDS
from ..i18n import t
from ..palette import BLUE, GREY, LIGHT_BLUE, LIGHT_GREY, PURPLE
from .layout import (axis_max, confidence_markers, dual_axes, finish, hover_data, low_n_note,
                     pct_list, period_axis, period_labels, target_line)


def csat_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int,
                      target: float | None = None) -> go.Figure:
    """CSAT % per period with its Wilson 95 % band, the responses behind each point as bars
    on the right axis, points from fewer than ``low_n`` responses drawn hollow, and the
    ``target`` (a fraction) as a dashed line."""
    labels = period_labels(df, grain, lang)
    low = [bool(v) for v in df["low_confidence"]]
    custom = hover_data(period=labels, csat_pct=[pct_text(v) for v in df["csat_pct"]],
                        csat_low=[pct_text(v) for v in df["csat_low"]],
                        csat_high=[pct_text(v) for v in df["csat_high"]], n=df["n"],
                        flag=[t("chart.low_n_flag", lang) if f else "" for f in low])
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["n"], name=t("chart.responses", lang),
                marker_color=LIGHT_GREY, opacity=0.6, customdata=custom,
                hovertemplate=t("chart.hover.responses", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=pct_list(df["csat_high"]), mode="lines", yaxis="y2",
                    line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=labels, y=pct_list(df["csat_low"]), mode="lines", yaxis="y2",
                    line=dict(width=0), fill="tonexty", fillcolor="rgba(31,111,178,0.18)",
                    name=t("chart.wilson_band", lang), hoverinfo="skip")
    fig.add_scatter(x=labels, y=pct_list(df["csat_pct"]), mode="lines+markers", yaxis="y2",
                    name=t("chart.csat", lang), line=dict(color=BLUE, width=2.5),
                    marker=confidence_markers(low, BLUE), customdata=custom,
                    hovertemplate=t("chart.hover.csat", lang) + "<extra></extra>")
    if any(low):
        fig.add_scatter(x=[None], y=[None], mode="markers", yaxis="y2",
                        marker=dict(symbol="circle-open", size=9, color=BLUE,
                                    line=dict(width=2)),
                        name=low_n_note(lang, low_n), hoverinfo="skip")
    target_line(fig, labels, target, pct_text(target, 0) if target is not None else "", lang,
                yaxis="y2", scale=100)
    finish(fig, t("chart.csat_trend.title", lang), None, None)
    period_axis(fig, grain, lang)
    # the responses are context for the rate: keep their bars in the lower third
    dual_axes(fig, t("chart.axis.csat_pct", lang), t("chart.axis.responses", lang),
               rate_axis=dict(range=[0, 105], ticksuffix="%"),
               count_axis=dict(range=[0, 3 * axis_max(df["n"])]))
    return fig


def nps_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int) -> go.Figure:
    """NPS per period (-100..100) with its 95 % interval; points from fewer than ``low_n``
    answers drawn hollow."""
    labels = period_labels(df, grain, lang)
    low = [bool(v) for v in df["nps_low_confidence"]]
    custom = hover_data(period=labels, nps=[number_text(v) for v in df["nps"]],
                        nps_low=[number_text(v) for v in df["nps_low"]],
                        nps_high=[number_text(v) for v in df["nps_high"]], nps_n=df["nps_n"],
                        promoters=df["promoters"], detractors=df["detractors"],
                        flag=[t("chart.low_n_flag", lang) if f else "" for f in low])
    fig = go.Figure()
    fig.add_scatter(x=labels, y=df["nps_high"], mode="lines", line=dict(width=0),
                    showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=labels, y=df["nps_low"], mode="lines", line=dict(width=0),
                    fill="tonexty", fillcolor="rgba(123,94,167,0.18)",
                    name=t("chart.nps_band", lang), hoverinfo="skip")
    fig.add_scatter(x=labels, y=df["nps"], mode="lines+markers", name="NPS",
                    line=dict(color=PURPLE, width=2.5), marker=confidence_markers(low, PURPLE),
                    customdata=custom, hovertemplate=t("chart.hover.nps", lang) + "<extra></extra>")
    if any(low):
        fig.add_scatter(x=[None], y=[None], mode="markers",
                        marker=dict(symbol="circle-open", size=9, color=PURPLE,
                                    line=dict(width=2)),
                        name=low_n_note(lang, low_n), hoverinfo="skip")
    fig.add_hline(y=0, line=dict(color=GREY, width=1))
    finish(fig, t("chart.nps_trend.title", lang), None, t("chart.axis.nps", lang))
    period_axis(fig, grain, lang)
    fig.update_yaxes(range=[-100, 100])
    return fig


def satisfaction_breakdown_figure(df: pd.DataFrame, by: str, lang: str, low_n: int,
                                  top: int = 20) -> go.Figure:
    """CSAT % per touchpoint / team / customer with Wilson error bars, the n beside each bar;
    groups with fewer than ``low_n`` responses are drawn pale and hatched."""
    frame = df[df["n"] > 0].head(top).sort_values("csat_pct", ascending=True)
    names = [value_text(VALUE_KINDS.get(by, by), v, lang) if not is_missing(v)
             else t("common.unspecified", lang) for v in frame[by]]
    low = [bool(v) for v in frame["low_confidence"]]
    csat = pct_list(frame["csat_pct"])
    upper = [(h * 100 - c) if c is not None and not is_missing(h) else 0
             for c, h in zip(csat, frame["csat_high"])]
    lower = [(c - lo * 100) if c is not None and not is_missing(lo) else 0
             for c, lo in zip(csat, frame["csat_low"])]
    custom = hover_data(name=names, csat_pct=[pct_text(v) for v in frame["csat_pct"]],
                        csat_low=[pct_text(v) for v in frame["csat_low"]],
                        csat_high=[pct_text(v) for v in frame["csat_high"]], n=frame["n"],
                        nps=[number_text(v) for v in frame["nps"]],
                        flag=[t("chart.low_n_flag", lang) if f else "" for f in low],
                        # the value itself, for a click that filters the page to it
                        value=[None if is_missing(v) else str(v) for v in frame[by]])
    fig = go.Figure(go.Bar(
        x=csat, y=names, orientation="h",
        marker=dict(color=[LIGHT_BLUE if f else BLUE for f in low],
                    pattern=dict(shape=["/" if f else "" for f in low])),
        error_x=dict(type="data", array=upper, arrayminus=lower, color=GREY, thickness=1.2),
        text=[f"n={n}" for n in frame["n"]], textposition="inside", insidetextanchor="start",
        customdata=custom, hovertemplate=t("chart.hover.csat_group", lang) + "<extra></extra>",
        name=t("chart.csat", lang)))
    if any(low):
        fig.add_bar(x=[None], y=[None], orientation="h", name=low_n_note(lang, low_n),
                    marker=dict(color=LIGHT_BLUE, pattern=dict(shape="/")), hoverinfo="skip")
    title = t("chart.csat_breakdown.title", lang, by=t(f"dim.{by}", lang))
    height = max(260, 26 * len(frame) + 130)
    finish(fig, title, t("chart.axis.csat_pct", lang), None, height=height,
            hovermode="closest", legend=any(low))
    fig.update_xaxes(range=[0, 105], ticksuffix="%")
    fig.update_yaxes(type="category", automargin=True)
    return fig
