"""What every figure shares: the title band, axis titles, the period axis, the rate-over-count
pair of axes, and the tests of whether a frame has anything to draw.

Conventions every figure follows, so the pages read alike:

- a title, axis titles that name their unit, and a hover template that repeats the period,
  the value with its unit and the n behind it;
- periods on the x axis named in the language ("2025年3月" / "Mar 2025"), one slot each;
- rates drawn as percentages, hours and days labelled as such;
- a figure resting on fewer than ``low_n`` answers is drawn hollow and says so in the legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..formatting import is_missing, period_label
from ..i18n import t
from ..palette import GREEN


# Height of the band at the top of every figure that the chart's toolbar icons take.
TOOLBAR = 30


def finish(fig: go.Figure, title: str, x_title: str | None, y_title: str | None, *,
            height: int = 400, hovermode: str = "x unified", legend: bool = True) -> go.Figure:
    """Title, axis titles, size and hover mode every figure shares.

    The title sits under the band the chart's toolbar takes at the top of the figure (on a
    half-width chart a long title would otherwise run under its icons), and the legend in a
    band just above the plot, with room between them for a legend that wraps onto a second
    line."""
    top = (95 if legend else 60) + TOOLBAR
    full = height + TOOLBAR  # ``height`` is what the plot, legend and title take
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", y=1 - (14 + TOOLBAR) / full,
                   yanchor="top", yref="container"),
        height=full,
        margin=dict(l=10, r=10, t=top, b=10),
        hovermode=hovermode,
        showlegend=legend,
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, xanchor="left"),
        hoverlabel=dict(namelength=-1),
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def period_axis(fig: go.Figure, grain: str, lang: str) -> None:
    """Periods as categories named in the language (2025年3月 / Mar 2025): the hover header
    then reads as the period, and every period of the spine is a slot, empty or not."""
    fig.update_xaxes(type="category", title_text=t(f"chart.axis.{grain}", lang), nticks=16)


def dual_axes(fig: go.Figure, rate_title: str, count_title: str,
               rate_axis: Mapping[str, Any] | None = None,
               count_axis: Mapping[str, Any] | None = None) -> None:
    """A rate (lines, trace axis "y2", drawn on the left) over the counts behind it (bars,
    axis "y", drawn on the right). Plotly draws the overlaying axis on top, so the rate line
    stays visible above the bars."""
    fig.update_layout(
        yaxis=dict(title=dict(text=count_title), side="right", showgrid=False,
                   rangemode="tozero", tickformat=",d", **(count_axis or {})),
        yaxis2=dict(title=dict(text=rate_title), side="left", overlaying="y",
                    tickmode="auto", **(rate_axis or {})),
    )


def low_n_note(lang: str, low_n: int) -> str:
    return t("chart.low_n_legend", lang, n=low_n)


def period_labels(df: pd.DataFrame, grain: str, lang: str) -> list[str]:
    """The periods named in the language; one the data has not finished (the frame's
    ``unfinished`` column, from the spine) says so: "Nov 2026 (unfinished)"."""
    labels = [period_label(v, grain, lang) for v in df["period"]]
    if "unfinished" not in df:
        return labels
    return [t("chart.period_unfinished", lang, period=label) if bool(open_) else label
            for label, open_ in zip(labels, df["unfinished"])]


def confidence_markers(low: Sequence[bool], colour: str) -> dict[str, Any]:
    """Markers of a trend line: points resting on too few answers drawn hollow."""
    return dict(size=[7 if flag else 8 for flag in low], color=colour,
                symbol=["circle-open" if flag else "circle" for flag in low],
                line=dict(width=2, color=colour))


def low_n_legend(fig: go.Figure, colour: str, lang: str, low_n: int, yaxis: str = "y") -> None:
    """The legend entry saying what a hollow point means."""
    fig.add_scatter(x=[None], y=[None], mode="markers", yaxis=yaxis,
                    marker=dict(symbol="circle-open", size=9, color=colour, line=dict(width=2)),
                    name=low_n_note(lang, low_n), hoverinfo="skip")


def target_line(fig: go.Figure, labels: Sequence[str], target: float | None, text: str,
                lang: str, *, yaxis: str = "y", scale: float = 1.0) -> None:
    """A KPI's target as a dashed line across the periods, named in the legend with its
    value (``text``: the target formatted for its unit); nothing without a target."""
    if target is None or not len(labels):
        return
    # one period is one point, and a line through one point is not drawn: mark it instead
    single = dict(mode="lines+markers", marker=dict(symbol="line-ew-open", size=60, color=GREEN,
                                                    line=dict(width=1.5, color=GREEN)))
    fig.add_scatter(x=list(labels), y=[target * scale] * len(labels), yaxis=yaxis,
                    line=dict(color=GREEN, width=1.5, dash="dash"),
                    name=t("chart.target", lang, target=text), hoverinfo="skip",
                    **(single if len(labels) == 1 else dict(mode="lines")))


def axis_max(values: Iterable[Any]) -> float:
    """The largest value, at least 1 (an axis range of nothing is still a range)."""
    numbers = [float(v) for v in values if not is_missing(v)]
    return max([1.0, *numbers])


def pct_list(values: Iterable[Any]) -> list[float | None]:
    return [None if is_missing(v) else float(v) * 100 for v in values]


def hover_data(**fields: Iterable[Any]) -> list[dict[str, Any]]:
    """The hover fields of each point by name: ``hover_data(period=labels, n=counts)`` gives
    one dict per point, read in a hover template as ``%{customdata.period}`` - so a template
    names what it shows instead of counting positions."""
    names, columns = list(fields), [list(v) for v in fields.values()]
    return [dict(zip(names, values)) for values in zip(*columns)]


def has_data(df: pd.DataFrame | None, n_column: str | None = None) -> bool:
    """Whether a metric frame has anything to draw: rows, and when ``n_column`` is given, a
    period or group with n > 0 (a trend of an empty selection is a spine of zeros)."""
    if df is None or df.empty:
        return False
    if n_column is None or n_column not in df:
        return True
    return bool((pd.to_numeric(df[n_column], errors="coerce").fillna(0) > 0).any())


def has_values(df: pd.DataFrame | None, column: str) -> bool:
    """Whether ``column`` holds at least one value (e.g. any project with a planned date)."""
    return df is not None and column in df and bool(df[column].notna().any())


def figure_title(fig: go.Figure) -> str:
    """The title text of a figure (what tests and screen readers check)."""
    title = fig.layout.title.text
    return "" if title is None else str(title)
