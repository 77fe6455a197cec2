"""Figures, formatted values and display tables for the report pages.

Pages stay thin: they fetch metric frames (through ``ui.query``) and hand them to a builder
here, which returns a plotly figure, a formatted string or a table ready to show. Nothing in
this module queries the store or imports Streamlit, so every figure can be built and checked
in a plain test.

Conventions every figure follows, so the pages read alike:

- a title, axis titles that name their unit, and a hover template that repeats the period,
  the value with its unit and the n behind it;
- periods on the x axis named in the language ("2025年3月" / "Mar 2025"), one slot each;
- rates drawn as percentages, hours and days labelled as such;
- a figure resting on fewer than ``low_n`` answers is drawn hollow and says so in the legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .metrics.cycle_times import DurationBoxes
from .metrics.dictionary import METRICS

# -- colours -----------------------------------------------------------------------------------

BLUE = "#1f6fb2"
LIGHT_BLUE = "#a9c8e6"
ORANGE = "#e8871e"
GREY = "#8c96a0"
LIGHT_GREY = "#d5dae0"
RED = "#d1342f"
AMBER = "#f0a202"
GREEN = "#2e9e4f"
PURPLE = "#7b5ea7"
RAG_COLOURS: dict[str, str] = {"red": RED, "amber": AMBER, "green": GREEN}
PRIORITY_COLOURS: dict[str, str] = {"P1": RED, "P2": ORANGE, "P3": BLUE, "P4": GREY}


def _t(key: str, lang: str, **fmt: object) -> str:
    return i18n.t(key, lang, **fmt)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- values ------------------------------------------------------------------------------------


def fmt_value(value: Any, unit: str, lang: str) -> str:
    """A KPI value as shown on a card: the unit decides digits and suffix (see the metric
    dictionary's ``unit``). A missing value is a dash, never "nan" or 0."""
    if _missing(value):
        return "—"
    v = float(value)
    if unit == "fraction":
        return i18n.format_pct(v, lang, 1)
    if unit == "hours":
        return _t("unit.hours_value", lang, value=i18n.format_number(v, lang, 1))
    if unit == "days":
        return _t("unit.days_value", lang, value=i18n.format_number(round(v), lang, 0))
    if unit == "NPS":
        return f"{v:+.1f}"
    if unit == "count":
        return i18n.format_number(int(round(v)), lang, 0)
    if unit == "score 0-100":
        return i18n.format_number(v, lang, 1)
    return i18n.format_number(v, lang, 2)


def fmt_delta(delta: Any, unit: str, lang: str) -> str | None:
    """A change between two periods with its unit; rates change in percentage points.
    None when either side is missing (no arrow is drawn then), "0" when unchanged (drawn
    grey)."""
    if _missing(delta):
        return None
    d = float(delta)
    if abs(d) < 1e-12:
        return "0"
    if unit == "fraction":
        return _t("unit.pp_delta", lang, value=f"{d * 100:+.1f}")
    if unit == "hours":
        return _t("unit.hours_value", lang, value=f"{d:+,.1f}")
    if unit == "days":
        return _t("unit.days_value", lang, value=f"{d:+,.0f}")
    if unit == "count":
        return f"{int(round(d)):+,d}"
    if unit in ("NPS", "score 0-100"):
        return f"{d:+.1f}"
    return f"{d:+,.2f}"


# Figures shown on cards that are not in the metric dictionary, and their good direction.
EXTRA_DIRECTIONS: dict[str, bool | None] = {"complaints": False}


def definition(key: str, lang: str) -> Any:
    """What a KPI card's definition popover shows: the metric dictionary's entry, or for a
    card outside it (the plain complaint count) an entry from the translation table."""
    if key in METRICS:
        return METRICS[key]
    fields = ("name", "definition", "population", "date_basis", "aggregator", "unit")
    entry = {f: i18n.t(f"extra_metric.{key}.{f}", lang) for f in fields
             if f"extra_metric.{key}.{f}" in i18n.table()}
    return entry or None


def delta_color(key: str) -> str:
    """st.metric's delta colour for KPI ``key``: green when the change is good."""
    metric = METRICS.get(key)
    better = metric.higher_is_better if metric else EXTRA_DIRECTIONS.get(key)
    if better is None:
        return "off"
    return "normal" if better else "inverse"


def metric_unit(key: str) -> str:
    metric = METRICS.get(key)
    return metric.unit if metric else "count"


def metric_name(key: str, lang: str) -> str:
    """The KPI's name from the metric dictionary in the language."""
    metric = METRICS[key]
    return metric.name_zh if lang == "zh" else metric.name_en


def change(current: Mapping[str, Any], previous: Mapping[str, Any] | None,
           key: str) -> float | None:
    """current - previous of one headline figure; None when either is missing."""
    if previous is None:
        return None
    a, b = current.get(key), previous.get(key)
    if _missing(a) or _missing(b):
        return None
    return float(a) - float(b)


def sparkline(df: pd.DataFrame, column: str, *, n_column: str | None = None) -> list[float]:
    """The values of one trend column as plain floats for st.metric's sparkline; periods
    without a figure (or with n = 0) are left out rather than drawn as zero."""
    if df is None or column not in df or df.empty:
        return []
    values = df[column]
    if n_column and n_column in df:
        values = values[df[n_column] > 0]
    return [float(v) for v in values if not _missing(v)]


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


def fmt_date(value: Any, lang: str) -> str:
    """A date for the language (2025年3月5日 / 05 Mar 2025); a dash when missing."""
    if _missing(value):
        return "—"
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return i18n.format_date(value, lang)


def fmt_range(start: date | None, end: date | None, lang: str) -> str:
    """A period as "from – to" in the language."""
    return _t("period.range", lang, start=fmt_date(start, lang), end=fmt_date(end, lang))


def period_label(value: Any, grain: str, lang: str) -> str:
    """One period of a trend in words: 2025年3月 / Mar 2025, 2025年第1季度 / Q1 2025, or the
    week's Monday."""
    if _missing(value):
        return "—"
    ts = pd.Timestamp(value)
    if grain == "quarter":
        return _t("period.quarter", lang, year=ts.year, q=(ts.month - 1) // 3 + 1)
    if grain == "week":
        return _t("period.week", lang, day=fmt_date(ts, lang))
    if lang == "zh":
        return f"{ts.year}年{ts.month}月"
    return ts.strftime("%b %Y")


def quarter_label(text: str, lang: str) -> str:
    """'2025Q2' -> 2025年第2季度 / Q2 2025."""
    year, q = text.upper().split("Q")
    return _t("period.quarter", lang, year=int(year), q=int(q))


def _labels(df: pd.DataFrame, grain: str, lang: str) -> list[str]:
    return [period_label(v, grain, lang) for v in df["period"]]


def _num(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    return f"{float(value):,.{digits}f}"


def _pct(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


def _int(value: Any) -> str:
    if _missing(value):
        return "0"
    return f"{int(value):,d}"


def _max(values: Iterable[Any]) -> float:
    """The largest value, at least 1 (an axis range of nothing is still a range)."""
    numbers = [float(v) for v in values if not _missing(v)]
    return max([1.0, *numbers])


def _pct_list(values: Iterable[Any]) -> list[float | None]:
    return [None if _missing(v) else float(v) * 100 for v in values]


# -- vocabulary values -------------------------------------------------------------------------

# Column -> vocabulary kind of value_label translations ("value.<kind>.<value>").
VALUE_KINDS: dict[str, str] = {
    "delivery_mode": "delivery_mode", "team": "team", "industry": "industry",
    "phase": "phase", "type": "ticket_type", "touchpoint": "touchpoint", "rag": "rag",
    "outcome": "sla_outcome", "milestone": "milestone", "measure": "mover", "bucket": "bucket",
}
# "status" means different things in the project and ticket tables; both vocabularies are
# tried, project first (their shared value "closed" means the same in both).
_STATUS_KINDS: tuple[str, ...] = ("project_status", "ticket_status")


def value_text(kind: str, value: Any, lang: str) -> str:
    """A canonical value in the language, or the value as written when it has no entry
    (customer names and free text are not translations that are missing)."""
    if _missing(value):
        return "—" if kind != "rag" else ""
    key = f"value.{kind}.{value}"
    if key in i18n.table():
        return i18n.t(key, lang)
    return str(value)


def _status_text(value: Any, lang: str) -> str:
    for kind in _STATUS_KINDS:
        key = f"value.{kind}.{value}"
        if key in i18n.table():
            return i18n.t(key, lang)
    return "—" if _missing(value) else str(value)


def rag_text(rag: Any, lang: str) -> str:
    """红 / Red. Tables colour the cell (see :func:`rag_colours`) rather than rely on an
    emoji, which not every machine's fonts draw."""
    if _missing(rag):
        return ""
    return value_text("rag", rag, lang)


def project_labels(health: pd.DataFrame, lang: str) -> dict[str, str]:
    """project_id -> "[红] PRJ-0041 · 项目名称" for a project picker, in the health table's
    order, so the worst projects are found first."""
    return {pid: f"[{rag_text(r, lang)}] {pid} · {name or ''}"
            for pid, name, r in zip(health["project_id"], health["project_name"],
                                    health["rag"])}


def rag_colours(lang: str) -> dict[str, str]:
    """The health values as a display table shows them (红 / Red ...) and their colours, for
    the coloured labels of the health column (see ``pagekit.table``)."""
    return {rag_text(r, lang): c for r, c in RAG_COLOURS.items()}


def health_reasons(row: Mapping[str, Any], lang: str, settings: Any) -> list[str]:
    """The reasons of one project_health row as sentences in the language.

    Built from the rule codes and the measures beside them (the engine's own sentences are
    English only); the thresholds come from the same settings the rules used.
    """
    codes = row.get("reason_codes")
    if codes is None or (not isinstance(codes, (list, tuple)) and _missing(codes)):
        return []
    out = []
    for code in list(codes):
        fmt: dict[str, object] = {}
        if code in ("red_slip", "amber_slip"):
            limit = settings.red_slip_days if code == "red_slip" else settings.amber_slip_days
            fmt = dict(days=_int(row.get("slip_days")), limit=limit)
        elif code == "red_open_p1":
            fmt = dict(count=_int(row.get("old_open_p1")), days=f"{settings.red_open_p1_days:g}")
        elif code in ("red_csat", "amber_csat"):
            limit = settings.red_csat_pct if code == "red_csat" else settings.amber_csat_pct
            fmt = dict(csat=_pct(row.get("csat_recent"), 0), n=_int(row.get("csat_recent_n")),
                       window=settings.health_csat_window_days, limit=_pct(limit, 0))
        elif code == "red_open_complaint":
            fmt = dict(count=_int(row.get("old_open_complaints")),
                       days=f"{settings.red_complaint_open_days:g}")
        elif code == "amber_recent_complaint":
            fmt = dict(count=_int(row.get("recent_complaints")),
                       days=settings.amber_complaint_days)
        key = f"health.reason.{code}"
        out.append(i18n.t(key, lang, **fmt) if key in i18n.table() else str(code))
    return out


# -- display tables ----------------------------------------------------------------------------

# Columns shown as percentages (the frames hold fractions).
PCT_COLUMNS: frozenset[str] = frozenset({
    "complaint_rate", "share", "share_of_complaints", "attainment", "csat", "csat_low",
    "csat_high", "csat_recent", "on_time_golive_rate",
})
HOURS_COLUMNS: frozenset[str] = frozenset({
    "resolution_hours", "first_response_hours", "hours", "resolution_median_hours",
    "resolution_p90_hours", "resolution_mean_hours", "first_response_median_hours",
    "first_response_p90_hours",
})
DAYS_COLUMNS: frozenset[str] = frozenset({
    "age_days", "oldest_days", "slip_days", "delivery_days", "delivery_cycle_median_days",
    "delivery_cycle_p90_days",
})
# Internal columns no reader needs (codes kept for translation, the as-of stamp repeated
# on every row).
HIDDEN_COLUMNS: frozenset[str] = frozenset({"reason_codes", "as_of", "lower_days",
                                            "upper_days", "higher_is_better", "key",
                                            "name_en", "name_zh"})


def column_title(name: str, lang: str) -> str:
    """A column header in the language (``col.<name>``), else the name itself."""
    key = f"col.{name}"
    return i18n.t(key, lang) if key in i18n.table() else name


# Free text worth the room to read it.
WIDE_TEXT_COLUMNS: frozenset[str] = frozenset({"reasons", "comment"})
# Answers shown as given (a 1-5 score is 4, a 0-100 score may be 87.5).
PLAIN_NUMBER_COLUMNS: frozenset[str] = frozenset({"score"})
ONE_DECIMAL_COLUMNS: frozenset[str] = frozenset({"mean_0_100", "score_0_100", "nps",
                                                 "nps_low", "nps_high"})


def column_kind(name: str, series: pd.Series | None = None) -> str | None:
    """How a column is displayed: pct, hours, days, date, datetime, num1 (one decimal) or
    num2 (two decimals, any other fractional number); None to leave it as it is."""
    if name in WIDE_TEXT_COLUMNS:
        return "wide"
    if name in PCT_COLUMNS:
        return "pct"
    if name in HOURS_COLUMNS:
        return "hours"
    if name in DAYS_COLUMNS:
        return "days"
    if series is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date" if name.endswith("_date") else "datetime"
    if name in PLAIN_NUMBER_COLUMNS:
        return "plain"
    if pd.api.types.is_float_dtype(series):
        return "num1" if name in ONE_DECIMAL_COLUMNS else "num2"
    return None


def _yes_no(value: Any, lang: str) -> str:
    if _missing(value):
        return "—"
    return _t("common.yes", lang) if bool(value) else _t("common.no", lang)


# What health_reasons reads of a project_health row.
_REASON_FIELDS: tuple[str, ...] = (
    "reason_codes", "slip_days", "old_open_p1", "csat_recent", "csat_recent_n",
    "old_open_complaints", "recent_complaints")


def _per_value(series: pd.Series, text: Any) -> list[str]:
    """``text(value)`` for every value of ``series``, computed once per distinct value (a
    column of 100,000 tickets holds a handful of priorities); missing values all read as
    ``text(None)``."""
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable values
        return [text(v) for v in series]
    texts = np.array([text(v) for v in uniques] + [text(None)], dtype=object)
    return texts[codes].tolist()  # code -1 (missing) picks the last one


def display_table(df: pd.DataFrame, lang: str, *, columns: Sequence[str] | None = None,
                  settings: Any = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """A metric frame as readers see it: chosen columns in order, canonical values and yes /
    no in the language, lists joined, headers translated.

    Returns the frame and {header: kind} for the columns that carry a unit (pct, hours,
    days), so the page can format them without changing the numbers a download holds.
    A project_health frame gets its reasons rewritten in the language (``settings`` gives
    the thresholds).
    """
    frame = df.copy()
    if "reason_codes" in frame and settings is not None:
        used = [c for c in _REASON_FIELDS if c in frame.columns]
        frame["reasons"] = [health_reasons(r, lang, settings)
                            for r in frame[used].to_dict("records")]
    keep = list(columns) if columns is not None else [c for c in frame.columns
                                                      if c not in HIDDEN_COLUMNS]
    keep = [c for c in keep if c in frame.columns]
    frame = frame[keep]
    for col in keep:
        series = frame[col]
        if col == "rag":
            frame[col] = _per_value(series, lambda v: rag_text(v, lang))
        elif col == "status":
            frame[col] = _per_value(series, lambda v: _status_text(v, lang))
        elif col in VALUE_KINDS:
            kind = VALUE_KINDS[col]
            frame[col] = _per_value(series, lambda v, kind=kind: value_text(kind, v, lang))
        elif series.dtype == bool or (series.dtype == object and len(series)
                                      and all(isinstance(v, bool) or _missing(v)
                                              for v in series)
                                      and any(isinstance(v, bool) for v in series)):
            frame[col] = _per_value(series, lambda v: _yes_no(v, lang))
        elif series.dtype == object and len(series) and any(isinstance(v, (list, tuple))
                                                            for v in series):
            frame[col] = ["; ".join(str(x) for x in v) if isinstance(v, (list, tuple))
                          else ("" if _missing(v) else str(v)) for v in series]
    kinds = {column_title(c, lang): k for c in keep if (k := column_kind(c, frame[c]))}
    frame.columns = [column_title(c, lang) for c in keep]
    return frame.reset_index(drop=True), kinds


# -- figure scaffolding ------------------------------------------------------------------------


# Height of the band at the top of every figure that the chart's toolbar icons take.
_TOOLBAR = 30


def _finish(fig: go.Figure, title: str, x_title: str | None, y_title: str | None, *,
            height: int = 400, hovermode: str = "x unified", legend: bool = True) -> go.Figure:
    """Title, axis titles, size and hover mode every figure shares.

    The title sits under the band the chart's toolbar takes at the top of the figure (on a
    half-width chart a long title would otherwise run under its icons), and the legend in a
    band just above the plot, with room between them for a legend that wraps onto a second
    line."""
    top = (95 if legend else 60) + _TOOLBAR
    full = height + _TOOLBAR  # ``height`` is what the plot, legend and title take
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", y=1 - (14 + _TOOLBAR) / full,
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


def _period_axis(fig: go.Figure, grain: str, lang: str) -> None:
    """Periods as categories named in the language (2025年3月 / Mar 2025): the hover header
    then reads as the period, and every period of the spine is a slot, empty or not."""
    fig.update_xaxes(type="category", title_text=_t(f"chart.axis.{grain}", lang), nticks=16)


def _dual_axes(fig: go.Figure, rate_title: str, count_title: str,
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


def _low_n_note(lang: str, low_n: int) -> str:
    return _t("chart.low_n_legend", lang, n=low_n)


# -- complaints --------------------------------------------------------------------------------


def complaint_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Complaint rate per period (line, left axis, %) over the complaints raised (bars, right
    axis); hover names the active projects behind the rate."""
    labels = _labels(df, grain, lang)
    custom = list(zip(labels, df["projects_with_complaints"], df["active_projects"],
                      df["complaints"], df["tickets"],
                      [_num(v, 1) for v in df["complaints_per_100_tickets"]]))
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["complaints"], name=_t("chart.complaints", lang),
                marker_color=LIGHT_BLUE, customdata=custom,
                hovertemplate=_t("chart.hover.complaints_bar", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=_pct_list(df["complaint_rate"]),
                    name=_t("chart.complaint_rate", lang), mode="lines+markers",
                    line=dict(color=RED, width=2.5), customdata=custom, yaxis="y2",
                    hovertemplate=_t("chart.hover.complaint_rate", lang) + "<extra></extra>")
    _finish(fig, _t("chart.complaint_trend.title", lang), None, None)
    _period_axis(fig, grain, lang)
    _dual_axes(fig, _t("chart.axis.complaint_rate_pct", lang), _t("chart.axis.complaints", lang),
               rate_axis=dict(rangemode="tozero", ticksuffix="%"))
    return fig


def complaint_breakdown_figure(df: pd.DataFrame, by: str, lang: str,
                               top: int = 15) -> go.Figure:
    """Complaints per customer / category / team / delivery mode, largest first (top
    ``top``), labelled with their share; hover adds tickets, complaints per 100 tickets and,
    for project-level dimensions, the complaint rate."""
    frame = df[df["complaints"] > 0].head(top).iloc[::-1]
    names = [value_text(VALUE_KINDS.get(by, by), v, lang) if not _missing(v)
             else _t("common.unspecified", lang) for v in frame[by]]
    custom = list(zip(names, frame["complaints"], [_pct(v) for v in frame["share_of_complaints"]],
                      frame["tickets"], [_num(v, 1) for v in frame["complaints_per_100_tickets"]],
                      [_pct(v) for v in frame["complaint_rate"]]))
    template = _t("chart.hover.complaint_breakdown", lang)
    if frame["complaint_rate"].notna().any():
        template += "<br>" + _t("chart.hover.complaint_breakdown_rate", lang)
    fig = go.Figure(go.Bar(
        x=frame["complaints"], y=names, orientation="h", marker_color=RED, opacity=0.85,
        text=[_pct(v, 0) for v in frame["share_of_complaints"]], textposition="outside",
        customdata=custom, hovertemplate=template + "<extra></extra>",
        name=_t("chart.complaints", lang)))
    title = _t("chart.complaint_breakdown.title", lang, by=_t(f"dim.{by}", lang))
    height = max(260, 26 * len(frame) + 120)
    _finish(fig, title, _t("chart.axis.complaints", lang), None, height=height,
            hovermode="closest", legend=False)
    fig.update_yaxes(automargin=True, type="category")
    return fig


# -- cycle times -------------------------------------------------------------------------------


def duration_box_figure(boxes: DurationBoxes, measure: str, lang: str,
                        targets: Mapping[str, float] | None = None) -> go.Figure:
    """Resolution or first-response hours per priority as box plots on a log axis (the
    spread runs from minutes to weeks), drawn from statistics computed in SQL
    (:func:`analytics.metrics.duration_boxes`) so the figure stays small at any volume;
    outliers carry their ticket id. With ``targets``, each priority's SLA target is marked."""
    fig = go.Figure()
    for _, box in boxes.boxes.iterrows():
        p = None if _missing(box["priority"]) else box["priority"]
        name = p or _t("common.unspecified", lang)
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
                text=[_t("chart.hover.duration_point", lang, ticket=tid, customer=c or "—")
                      for tid, c in zip(out["ticket_id"], out["customer"])],
                hoverinfo="y+text+name")
    if targets:
        shown = [p for p in boxes.boxes["priority"] if not _missing(p) and p in targets]
        fig.add_scatter(x=shown, y=[targets[p] for p in shown], mode="markers",
                        marker=dict(symbol="line-ew-open", size=40, color="black",
                                    line=dict(width=2)),
                        name=_t("chart.sla_target", lang),
                        hovertemplate=_t("chart.hover.sla_target", lang) + "<extra></extra>")
    title = _t(f"chart.duration_box.{measure}.title", lang)
    _finish(fig, title, _t("chart.axis.priority", lang), _t("chart.axis.hours_log", lang),
            hovermode="closest")
    fig.update_yaxes(type="log", dtick=1)
    return fig


def trend_by_priority_figure(df: pd.DataFrame, grain: str, lang: str,
                             measure: str = "resolution") -> go.Figure:
    """Median hours per period, one line per priority (log axis); hover adds p90 and n."""
    median, p90 = f"{measure}_median_hours", f"{measure}_p90_hours"
    count = "resolved" if measure == "resolution" else "responded"
    fig = go.Figure()
    for priority, part in df.groupby("priority", sort=True):
        part_labels = _labels(part, grain, lang)
        custom = list(zip(part_labels, [_num(v) for v in part[p90]], part[count]))
        fig.add_scatter(x=part_labels, y=part[median], name=str(priority),
                        mode="lines+markers", connectgaps=False,
                        line=dict(color=PRIORITY_COLOURS.get(str(priority), GREY)),
                        customdata=custom,
                        hovertemplate=_t("chart.hover.median_by_priority", lang,
                                         priority=priority) + "<extra></extra>")
    _finish(fig, _t(f"chart.trend_by_priority.{measure}.title", lang), None,
            _t("chart.axis.median_hours_log", lang))
    _period_axis(fig, grain, lang)
    fig.update_yaxes(type="log", dtick=1)
    return fig


def sla_by_priority_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """SLA attainment per priority (bars, %) with the counts behind each in the hover."""
    frame = df[df["population"] > 0]
    names = [p if not _missing(p) else _t("common.unspecified", lang) for p in frame["priority"]]
    fig = go.Figure(go.Bar(
        x=names, y=_pct_list(frame["attainment"]),
        marker_color=[PRIORITY_COLOURS.get(str(p), GREY) for p in frame["priority"]],
        text=[_pct(v, 0) for v in frame["attainment"]], textposition="outside",
        customdata=list(zip(frame["met"], frame["population"], frame["resolved"],
                            frame["open_breached"])),
        hovertemplate=_t("chart.hover.sla", lang) + "<extra></extra>",
        name=_t("chart.sla_attainment", lang)))
    _finish(fig, _t("chart.sla_by_priority.title", lang), _t("chart.axis.priority", lang),
            _t("chart.axis.attainment_pct", lang), hovermode="closest", legend=False)
    fig.update_yaxes(range=[0, 110], ticksuffix="%")
    return fig


def sla_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """SLA attainment per period (line, %) over the tickets judged (bars, right axis)."""
    labels = _labels(df, grain, lang)
    custom = list(zip(labels, df["met"], df["population"], df["open_breached"]))
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["population"], name=_t("chart.tickets_judged", lang),
                marker_color=LIGHT_GREY, customdata=custom,
                hovertemplate=_t("chart.hover.sla_population", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=_pct_list(df["attainment"]), mode="lines+markers",
                    name=_t("chart.sla_attainment", lang), line=dict(color=BLUE, width=2.5),
                    customdata=custom, yaxis="y2",
                    hovertemplate=_t("chart.hover.sla_trend", lang) + "<extra></extra>")
    _finish(fig, _t("chart.sla_trend.title", lang), None, None)
    _period_axis(fig, grain, lang)
    _dual_axes(fig, _t("chart.axis.attainment_pct", lang), _t("chart.axis.tickets", lang),
               rate_axis=dict(range=[0, 105], ticksuffix="%"),
               count_axis=dict(range=[0, 3 * _max(df["population"])]))
    return fig


def backlog_age_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """Open tickets at the period end by age bucket, split into past target and within
    target; hover adds complaints and the oldest age."""
    names = [value_text("bucket", b, lang) for b in df["bucket"]]
    within = df["tickets"] - df["past_target"]
    custom = list(zip(names, df["tickets"], df["complaints"], [_num(v) for v in df["oldest_days"]]))
    fig = go.Figure()
    fig.add_bar(x=names, y=df["past_target"], name=_t("chart.past_target", lang),
                marker_color=RED, customdata=custom,
                hovertemplate=_t("chart.hover.backlog_past", lang) + "<extra></extra>")
    fig.add_bar(x=names, y=within, name=_t("chart.within_target", lang),
                marker_color=LIGHT_BLUE, customdata=custom,
                hovertemplate=_t("chart.hover.backlog_within", lang) + "<extra></extra>")
    fig.update_layout(barmode="stack")
    _finish(fig, _t("chart.backlog_age.title", lang), _t("chart.axis.age", lang),
            _t("chart.axis.open_tickets", lang))
    return fig


def backlog_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Tickets open at the end of each period, and the complaints among them."""
    labels = _labels(df, grain, lang)
    fig = go.Figure()
    fig.add_scatter(x=labels, y=df["open"], name=_t("chart.open_tickets", lang),
                    mode="lines+markers", line=dict(color=BLUE, width=2.5),
                    customdata=labels,
                    hovertemplate=_t("chart.hover.backlog_open", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["complaints_open"],
                    name=_t("chart.open_complaints", lang), mode="lines+markers",
                    line=dict(color=RED, dash="dot"), customdata=labels,
                    hovertemplate=_t("chart.hover.backlog_complaints", lang) + "<extra></extra>")
    _finish(fig, _t("chart.backlog_trend.title", lang), None, _t("chart.axis.open_tickets", lang))
    _period_axis(fig, grain, lang)
    fig.update_yaxes(rangemode="tozero")
    return fig


def delivery_trend_figure(df: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Go-lives per period (bars, right axis) and the delivery cycle median and p90 (lines,
    days); hover adds the on-time share."""
    labels = _labels(df, grain, lang)
    custom = list(zip(labels, df["golives"], df["on_time"], df["with_plan"],
                      [_pct(v) for v in df["on_time_golive_rate"]]))
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["golives"], name=_t("chart.golives", lang),
                marker_color=LIGHT_GREY, customdata=custom,
                hovertemplate=_t("chart.hover.golives", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["delivery_cycle_median_days"], mode="lines+markers",
                    name=_t("chart.cycle_median", lang), line=dict(color=BLUE, width=2.5),
                    customdata=custom, yaxis="y2",
                    hovertemplate=_t("chart.hover.cycle_median", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=df["delivery_cycle_p90_days"], mode="lines+markers",
                    name=_t("chart.cycle_p90", lang), line=dict(color=PURPLE, dash="dot"),
                    yaxis="y2",
                    hovertemplate=_t("chart.hover.cycle_p90", lang) + "<extra></extra>")
    _finish(fig, _t("chart.delivery_trend.title", lang), None, None)
    _period_axis(fig, grain, lang)
    _dual_axes(fig, _t("chart.axis.days", lang), _t("chart.axis.golives", lang),
               rate_axis=dict(rangemode="tozero"), count_axis=dict(dtick=1))
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
    names = np.array([f"{pid if _missing(n) or n == '' else n} · {pid}"
                      for n, pid in zip(frame["project_name"], frame["project_id"])],
                     dtype=object)
    planned = frame["planned_golive_date"].to_numpy(dtype=object)
    end = frame["actual_golive_date"].where(live, frame["as_of"]).to_numpy(dtype=object)
    not_live = _t("chart.not_live", lang)
    custom = np.array(list(zip(
        names, frame["customer"].astype(object).fillna("—"),
        [fmt_date(v, lang) for v in planned],
        [fmt_date(v, lang) if lv else not_live
         for v, lv in zip(frame["actual_golive_date"], live)],
        [_int(v) for v in frame["slip_days"]],
        [value_text("phase", v, lang) for v in frame["phase"]])), dtype=object).reshape(-1, 6)
    template = _t("chart.hover.golive", lang) + "<extra></extra>"
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
        label = _t(f"chart.golive.{key}", lang)
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
    fig.add_scatter(x=[None], y=[None], mode="markers", name=_t("chart.planned", lang),
                    marker=dict(symbol="diamond-open", size=10, color="black",
                                line=dict(width=2)), hoverinfo="skip")
    fig.add_scatter(x=[None], y=[None], mode="markers", name=_t("chart.actual_or_today", lang),
                    marker=dict(symbol="circle", size=9, color="black"), hoverinfo="skip")
    capped = len(frame) < total
    height = max(340, 19 * len(frame) + 170) + (20 if capped else 0)
    _finish(fig, _t("chart.golive_timeline.title", lang), _t("chart.axis.date", lang), None,
            height=height, hovermode="closest")
    if capped:
        fig.update_layout(title_subtitle_text=golive_timeline_note(len(frame), total, lang),
                          margin_t=115 + _TOOLBAR)
    # category axes run bottom-up: reverse, so the first row drawn is the top one
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1].tolist(),
                     automargin=True)
    return fig


def golive_timeline_note(shown: int, total: int, lang: str) -> str:
    """"Showing 40 of 4,750 projects ...": what a capped go-live timeline leaves out."""
    return _t("chart.golive_timeline.capped", lang, shown=fmt_value(shown, "count", lang),
              total=fmt_value(total, "count", lang))


def project_timeline_figure(milestones: pd.DataFrame, project: Mapping[str, Any], lang: str,
                            today: Any = None) -> go.Figure:
    """One project's plan against what happened: a "plan" bar from kickoff to the planned
    go-live, an "actual" bar from kickoff to the go-live (or to today while not live), and
    every recorded milestone as a labelled dot."""
    plan_row, actual_row = _t("chart.timeline.plan", lang), _t("chart.timeline.actual", lang)
    start = project.get("kickoff_date") or project.get("signed_date")
    planned = project.get("planned_golive_date")
    actual = project.get("actual_golive_date")
    live = bool(project.get("live"))
    if _missing(today) and not live and not _missing(planned) \
            and not _missing(project.get("slip_days")):
        # not live: slip is measured to "today", so the plan plus the slip is that day
        today = planned + timedelta(days=int(project["slip_days"]))
    fig = go.Figure()
    if not _missing(start) and not _missing(planned):
        fig.add_scatter(x=[start, planned], y=[plan_row, plan_row], mode="lines",
                        line=dict(color=LIGHT_BLUE, width=14), name=_t("chart.planned", lang),
                        hoverinfo="skip")
    end = actual if live else today
    if not _missing(start) and not _missing(end):
        late = not _missing(planned) and end > planned
        fig.add_scatter(x=[start, end], y=[actual_row, actual_row], mode="lines",
                        line=dict(color=RED if late else GREEN, width=14),
                        name=_t("chart.timeline.actual", lang), hoverinfo="skip")
    xs, ys, text, custom = [], [], [], []
    for row in milestones.to_dict("records"):
        name = value_text("milestone", row["milestone"], lang)
        if not _missing(row.get("planned_date")):
            xs.append(row["planned_date"])
            ys.append(plan_row)
            text.append(name)
            custom.append((name, fmt_date(row["planned_date"], lang), plan_row))
        if not _missing(row.get("actual_date")):
            xs.append(row["actual_date"])
            ys.append(actual_row)
            text.append(name)
            custom.append((name, fmt_date(row["actual_date"], lang), actual_row))
    if xs:
        fig.add_scatter(x=xs, y=ys, mode="markers+text", text=text, textposition="top center",
                        marker=dict(size=11, color="white", line=dict(color="black", width=2)),
                        name=_t("chart.milestones", lang), customdata=custom,
                        hovertemplate=_t("chart.hover.milestone", lang) + "<extra></extra>")
    if not _missing(today) and not live:
        fig.add_scatter(x=[today, today], y=[plan_row, actual_row], mode="lines",
                        line=dict(color=GREY, dash="dash", width=1), name=_t("chart.today", lang),
                        hoverinfo="skip")
    _finish(fig, _t("chart.project_timeline.title", lang), _t("chart.axis.date", lang), None,
            height=300, hovermode="closest")
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=[actual_row, plan_row], automargin=True, range=[-0.6, 1.7])
    return fig


# -- satisfaction ------------------------------------------------------------------------------


def _confidence_markers(low: Sequence[bool], colour: str) -> dict[str, Any]:
    return dict(size=[7 if flag else 8 for flag in low], color=colour,
                symbol=["circle-open" if flag else "circle" for flag in low],
                line=dict(width=2, color=colour))


def csat_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int) -> go.Figure:
    """CSAT % per period with its Wilson 95 % band, the responses behind each point as bars
    on the right axis, and points from fewer than ``low_n`` responses drawn hollow."""
    labels = _labels(df, grain, lang)
    low = [bool(v) for v in df["low_confidence"]]
    custom = list(zip(labels, [_pct(v) for v in df["csat"]], [_pct(v) for v in df["csat_low"]],
                      [_pct(v) for v in df["csat_high"]], df["n"],
                      [_t("chart.low_n_flag", lang) if f else "" for f in low]))
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["n"], name=_t("chart.responses", lang),
                marker_color=LIGHT_GREY, opacity=0.6, customdata=custom,
                hovertemplate=_t("chart.hover.responses", lang) + "<extra></extra>")
    fig.add_scatter(x=labels, y=_pct_list(df["csat_high"]), mode="lines", yaxis="y2",
                    line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=labels, y=_pct_list(df["csat_low"]), mode="lines", yaxis="y2",
                    line=dict(width=0), fill="tonexty", fillcolor="rgba(31,111,178,0.18)",
                    name=_t("chart.wilson_band", lang), hoverinfo="skip")
    fig.add_scatter(x=labels, y=_pct_list(df["csat"]), mode="lines+markers", yaxis="y2",
                    name=_t("chart.csat", lang), line=dict(color=BLUE, width=2.5),
                    marker=_confidence_markers(low, BLUE), customdata=custom,
                    hovertemplate=_t("chart.hover.csat", lang) + "<extra></extra>")
    if any(low):
        fig.add_scatter(x=[None], y=[None], mode="markers", yaxis="y2",
                        marker=dict(symbol="circle-open", size=9, color=BLUE,
                                    line=dict(width=2)),
                        name=_low_n_note(lang, low_n), hoverinfo="skip")
    _finish(fig, _t("chart.csat_trend.title", lang), None, None)
    _period_axis(fig, grain, lang)
    # the responses are context for the rate: keep their bars in the lower third
    _dual_axes(fig, _t("chart.axis.csat_pct", lang), _t("chart.axis.responses", lang),
               rate_axis=dict(range=[0, 105], ticksuffix="%"),
               count_axis=dict(range=[0, 3 * _max(df["n"])]))
    return fig


def nps_trend_figure(df: pd.DataFrame, grain: str, lang: str, low_n: int) -> go.Figure:
    """NPS per period (-100..100) with its 95 % interval; points from fewer than ``low_n``
    answers drawn hollow."""
    labels = _labels(df, grain, lang)
    low = [bool(v) for v in df["nps_low_confidence"]]
    custom = list(zip(labels, [_num(v) for v in df["nps"]], [_num(v) for v in df["nps_low"]],
                      [_num(v) for v in df["nps_high"]], df["nps_n"], df["promoters"],
                      df["detractors"], [_t("chart.low_n_flag", lang) if f else "" for f in low]))
    fig = go.Figure()
    fig.add_scatter(x=labels, y=df["nps_high"], mode="lines", line=dict(width=0),
                    showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=labels, y=df["nps_low"], mode="lines", line=dict(width=0),
                    fill="tonexty", fillcolor="rgba(123,94,167,0.18)",
                    name=_t("chart.nps_band", lang), hoverinfo="skip")
    fig.add_scatter(x=labels, y=df["nps"], mode="lines+markers", name="NPS",
                    line=dict(color=PURPLE, width=2.5), marker=_confidence_markers(low, PURPLE),
                    customdata=custom, hovertemplate=_t("chart.hover.nps", lang) + "<extra></extra>")
    if any(low):
        fig.add_scatter(x=[None], y=[None], mode="markers",
                        marker=dict(symbol="circle-open", size=9, color=PURPLE,
                                    line=dict(width=2)),
                        name=_low_n_note(lang, low_n), hoverinfo="skip")
    fig.add_hline(y=0, line=dict(color=GREY, width=1))
    _finish(fig, _t("chart.nps_trend.title", lang), None, _t("chart.axis.nps", lang))
    _period_axis(fig, grain, lang)
    fig.update_yaxes(range=[-100, 100])
    return fig


def satisfaction_breakdown_figure(df: pd.DataFrame, by: str, lang: str, low_n: int,
                                  top: int = 20) -> go.Figure:
    """CSAT % per touchpoint / team / customer with Wilson error bars, the n beside each bar;
    groups with fewer than ``low_n`` responses are drawn pale and hatched."""
    frame = df[df["n"] > 0].head(top).sort_values("csat", ascending=True)
    names = [value_text(VALUE_KINDS.get(by, by), v, lang) if not _missing(v)
             else _t("common.unspecified", lang) for v in frame[by]]
    low = [bool(v) for v in frame["low_confidence"]]
    csat = _pct_list(frame["csat"])
    upper = [(h * 100 - c) if c is not None and not _missing(h) else 0
             for c, h in zip(csat, frame["csat_high"])]
    lower = [(c - lo * 100) if c is not None and not _missing(lo) else 0
             for c, lo in zip(csat, frame["csat_low"])]
    custom = list(zip(names, [_pct(v) for v in frame["csat"]], [_pct(v) for v in frame["csat_low"]],
                      [_pct(v) for v in frame["csat_high"]], frame["n"],
                      [_num(v) for v in frame["nps"]],
                      [_t("chart.low_n_flag", lang) if f else "" for f in low]))
    fig = go.Figure(go.Bar(
        x=csat, y=names, orientation="h",
        marker=dict(color=[LIGHT_BLUE if f else BLUE for f in low],
                    pattern=dict(shape=["/" if f else "" for f in low])),
        error_x=dict(type="data", array=upper, arrayminus=lower, color=GREY, thickness=1.2),
        text=[f"n={n}" for n in frame["n"]], textposition="inside", insidetextanchor="start",
        customdata=custom, hovertemplate=_t("chart.hover.csat_group", lang) + "<extra></extra>",
        name=_t("chart.csat", lang)))
    if any(low):
        fig.add_bar(x=[None], y=[None], orientation="h", name=_low_n_note(lang, low_n),
                    marker=dict(color=LIGHT_BLUE, pattern=dict(shape="/")), hoverinfo="skip")
    title = _t("chart.csat_breakdown.title", lang, by=_t(f"dim.{by}", lang))
    height = max(260, 26 * len(frame) + 130)
    _finish(fig, title, _t("chart.axis.csat_pct", lang), None, height=height,
            hovermode="closest", legend=any(low))
    fig.update_xaxes(range=[0, 105], ticksuffix="%")
    fig.update_yaxes(type="category", automargin=True)
    return fig


# -- overview / retro --------------------------------------------------------------------------


def health_counts(health: pd.DataFrame) -> pd.DataFrame:
    """Projects per health status (red, amber, green, zeros included) counted from a
    ``project_health`` frame: the figures of ``metrics.health_summary`` for the same filters,
    without querying the store a second time.

    Columns: rag, projects, share.
    """
    counts = health["rag"].value_counts()
    projects = [int(counts.get(rag, 0)) for rag in RAG_COLOURS]
    total = sum(projects)
    return pd.DataFrame({"rag": list(RAG_COLOURS), "projects": projects,
                         "share": [p / total if total else None for p in projects]})


def health_summary_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """Projects per RAG status as one stacked horizontal bar."""
    fig = go.Figure()
    for row in df.to_dict("records"):
        name = rag_text(row["rag"], lang)
        fig.add_bar(x=[row["projects"]], y=[""], orientation="h", name=name,
                    marker_color=RAG_COLOURS.get(row["rag"], GREY),
                    text=[f"{name}  {row['projects']}"], textposition="inside",
                    insidetextanchor="middle", textfont=dict(color="white", size=14),
                    customdata=[(name, row["projects"], _pct(row["share"]))],
                    hovertemplate=_t("chart.hover.rag", lang) + "<extra></extra>")
    fig.update_layout(barmode="stack")
    _finish(fig, _t("chart.health_summary.title", lang), _t("chart.axis.projects", lang), None,
            height=170, hovermode="closest", legend=False)
    return fig


def rising_categories_figure(df: pd.DataFrame, quarter: str, previous: str,
                             lang: str) -> go.Figure:
    """Complaints per category in the previous and the current quarter, for the categories
    that rose."""
    names = [v if not _missing(v) else _t("common.unspecified", lang) for v in df["category"]]
    fig = go.Figure()
    fig.add_bar(x=names, y=df["previous"], name=quarter_label(previous, lang),
                marker_color=LIGHT_GREY,
                hovertemplate=_t("chart.hover.category_count", lang,
                                 quarter=quarter_label(previous, lang)) + "<extra></extra>")
    fig.add_bar(x=names, y=df["current"], name=quarter_label(quarter, lang), marker_color=RED,
                customdata=list(df["change"]),
                hovertemplate=_t("chart.hover.category_count_change", lang,
                                 quarter=quarter_label(quarter, lang)) + "<extra></extra>")
    fig.update_layout(barmode="group")
    _finish(fig, _t("chart.rising_categories.title", lang), _t("chart.axis.category", lang),
            _t("chart.axis.complaints", lang), hovermode="x unified")
    fig.update_yaxes(rangemode="tozero", dtick=1 if df["current"].max() <= 10 else None)
    return fig


def retro_figures(kpis: pd.DataFrame, column: str) -> dict[str, Any]:
    """One column of the retro KPI table (current, previous, year_ago) as {key: value}, the
    shape KPI cards take."""
    return {k: (None if _missing(v) else v) for k, v in zip(kpis["key"], kpis[column])}


def retro_download(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The retro KPI table with its numbers unformatted (a spreadsheet wants values, not
    text) and headers in the language."""
    frame = pd.DataFrame({
        _t("retro.col.kpi", lang): kpis["name_zh"] if lang == "zh" else kpis["name_en"],
        _t("ui.kpi.field.unit", lang): kpis["unit"],
        _t("retro.col.current", lang): kpis["current"],
        _t("retro.col.previous", lang): kpis["previous"],
        _t("retro.col.delta_previous", lang): kpis["delta_previous"],
        _t("retro.col.year_ago", lang): kpis["year_ago"],
        _t("retro.col.delta_year_ago", lang): kpis["delta_year_ago"],
        _t("report.col.verdict_previous", lang): [_verdict_text(b, lang)
                                                  for b in kpis["better_vs_previous"]],
        _t("report.col.verdict_year_ago", lang): [_verdict_text(b, lang)
                                                  for b in kpis["better_vs_year_ago"]],
    })
    return frame


def _verdict_text(better: Any, lang: str) -> str:
    if better is True:
        return _t("report.better", lang)
    if better is False:
        return _t("report.worse", lang)
    return "—"


def retro_table(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The retro's KPI comparison as text, one row per KPI: this quarter, the previous
    quarter and a year ago, each change with an arrow (▲ ▼) and its unit."""
    rows = []
    for r in kpis.to_dict("records"):
        unit = r["unit"]

        def arrow(delta: Any, better: Any) -> str:
            text = fmt_delta(delta, unit, lang)
            if text is None:
                return "—"
            if text == "0":
                return "＝ 0"
            mark = "▲" if float(delta) > 0 else "▼"
            verdict = ""
            if better is True:
                verdict = " ✓"
            elif better is False:
                verdict = " ✗"
            return f"{mark} {text}{verdict}"

        rows.append({
            _t("retro.col.kpi", lang): r["name_zh"] if lang == "zh" else r["name_en"],
            _t("retro.col.current", lang): fmt_value(r["current"], unit, lang),
            _t("retro.col.previous", lang): fmt_value(r["previous"], unit, lang),
            _t("retro.col.delta_previous", lang): arrow(r["delta_previous"],
                                                        r["better_vs_previous"]),
            _t("retro.col.year_ago", lang): fmt_value(r["year_ago"], unit, lang),
            _t("retro.col.delta_year_ago", lang): arrow(r["delta_year_ago"],
                                                        r["better_vs_year_ago"]),
        })
    return pd.DataFrame(rows)


def retro_styler(kpis: pd.DataFrame, lang: str) -> Any:
    """:func:`retro_table` with the changes coloured: green when the KPI moved the good way,
    red when the bad way, grey for volumes that have no good direction."""
    table = retro_table(kpis, lang)
    verdicts = {
        _t("retro.col.delta_previous", lang): list(kpis["better_vs_previous"]),
        _t("retro.col.delta_year_ago", lang): list(kpis["better_vs_year_ago"]),
    }

    def colour(column: pd.Series) -> list[str]:
        if column.name not in verdicts:
            return [""] * len(column)
        out = []
        for better in verdicts[column.name]:
            if better is True:
                out.append(f"color: {GREEN}; font-weight: 600")
            elif better is False:
                out.append(f"color: {RED}; font-weight: 600")
            else:
                out.append(f"color: {GREY}")
        return out

    return table.style.apply(colour, axis=0)


def mover_table(movers: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """One measure's biggest movers as text: project, customer, before, after, change."""
    frame = movers[movers["measure"] == measure]
    unit = {"complaints": "count", "csat": "fraction", "slip_days": "days"}[measure]
    rows = []
    for r in frame.to_dict("records"):
        delta = fmt_delta(r["change"], unit, lang) or "—"
        mark = "" if r["better"] is None or _missing(r["better"]) else (
            " ✓" if r["better"] else " ✗")
        before, after = fmt_value(r["previous"], unit, lang), fmt_value(r["current"], unit, lang)
        if measure == "csat":
            before += f" (n={_int(r['previous_n'])})"
            after += f" (n={_int(r['current_n'])})"
        rows.append({
            _t("col.project_name", lang): r["project_name"] or r["project_id"],
            _t("col.customer", lang): r["customer"] or "—",
            _t("retro.col.previous", lang): before,
            _t("retro.col.current", lang): after,
            _t("col.change", lang): delta + mark,
        })
    return pd.DataFrame(rows, columns=[_t("col.project_name", lang), _t("col.customer", lang),
                                       _t("retro.col.previous", lang),
                                       _t("retro.col.current", lang), _t("col.change", lang)])


def mover_styler(movers: pd.DataFrame, measure: str, lang: str) -> Any:
    """:func:`mover_table` with each change green (better) or red (worse)."""
    table = mover_table(movers, measure, lang)
    better = list(movers[movers["measure"] == measure]["better"])
    column = _t("col.change", lang)

    def colour(col: pd.Series) -> list[str]:
        if col.name != column:
            return [""] * len(col)
        return [f"color: {GREEN}; font-weight: 600" if b is True else
                f"color: {RED}; font-weight: 600" if b is False else "" for b in better]

    return table.style.apply(colour, axis=0)


def figure_title(fig: go.Figure) -> str:
    """The title text of a figure (what tests and screen readers check)."""
    title = fig.layout.title.text
    return "" if title is None else str(title)
