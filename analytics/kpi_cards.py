"""What a KPI card shows besides its value: the name, the unit it is formatted by, the
definition behind the popover, whether a change is good, and the sparkline.

The facts come from the metric dictionary (:mod:`analytics.metrics.dictionary`); the card
itself is drawn by :func:`analytics.ui.kpis.kpi`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import i18n
from .formatting import is_missing
from .metrics.dictionary import METRICS


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
    if a is None or b is None or is_missing(a) or is_missing(b):
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
    return [float(v) for v in values if not is_missing(v)]


def retro_figures(kpis: pd.DataFrame, column: str) -> dict[str, Any]:
    """One column of the retro KPI table (current, previous, year_ago) as {key: value}, the
    shape KPI cards take."""
    return {k: (None if is_missing(v) else v) for k, v in zip(kpis["key"], kpis[column])}
