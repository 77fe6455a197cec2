"""Date axes in the reader's language.

Plotly names months and weekdays through its locale dictionaries, but the plotly.js Streamlit
ships registers only ``en`` and ``en-US`` and is not reachable from a page script, so
``config={"locale": "zh-CN"}`` falls back to English month names ("Jan 2026"). A Chinese date
axis is therefore written with numbers and 年 / 月 / 日, which needs no locale: tick labels
for every zoom level (``tickformatstops``, the finest first) and the hover's date.
English axes keep plotly's own labels.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

_DAY = 86_400_000  # plotly measures a date axis's tick spacing (dtick) in milliseconds
_MONTH = "M1"

#: Tick labels of a Chinese date axis by the spacing of its ticks.
ZH_TICK_FORMATS: tuple[tuple[tuple[Any, Any], str], ...] = (
    ((None, 60_000), "%H:%M:%S"),
    ((60_000, _DAY), "%-m月%-d日 %H:%M"),
    ((_DAY, _MONTH), "%-m月%-d日"),
    ((_MONTH, "M12"), "%Y年%-m月"),
    (("M12", None), "%Y年"),
)
ZH_HOVER_FORMAT = "%Y年%-m月%-d日"

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _first_value(values: Any) -> Any:
    if values is None or isinstance(values, (str, dict)):
        return None
    for v in values:
        if v is not None and not (isinstance(v, float) and v != v):
            return v
    return None


def _is_dates(values: Any) -> bool:
    v = _first_value(values)
    if isinstance(v, (date, pd.Timestamp, np.datetime64)):
        return True
    return isinstance(v, str) and bool(_ISO_DAY.match(v))


def date_axes(fig: go.Figure) -> list[str]:
    """The layout names ("xaxis", "yaxis2" …) of the axes that show dates: declared so, or
    carrying a trace's date values (a category axis of period names is not one)."""
    found: set[str] = set()
    for trace in fig.data:
        for letter in ("x", "y"):
            ref = getattr(trace, f"{letter}axis", None) or letter
            name = f"{letter}axis{ref[1:]}"
            axis = fig.layout[name] if name in fig.layout else None
            kind = getattr(axis, "type", None)
            if kind == "date" or (kind in (None, "-") and _is_dates(getattr(trace, letter, None))):
                found.add(name)
            if letter == "x" and getattr(trace, "base", None) is not None and _is_dates(trace.base):
                found.add(name)  # a timeline: bars from a date (base) along a date axis
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and getattr(fig.layout[name], "type", None) == "date":
            found.add(name)
    return sorted(found)


def localise_dates(fig: go.Figure, lang: str) -> go.Figure:
    """``fig`` with its date axes labelled in ``lang`` (in place; returned for chaining)."""
    if lang != "zh":
        return fig
    stops = [dict(dtickrange=list(limits), value=fmt) for limits, fmt in ZH_TICK_FORMATS]
    for name in date_axes(fig):
        fig.layout[name].update(tickformatstops=stops, hoverformat=ZH_HOVER_FORMAT)
    return fig


__all__ = ["ZH_HOVER_FORMAT", "ZH_TICK_FORMATS", "date_axes", "localise_dates"]
