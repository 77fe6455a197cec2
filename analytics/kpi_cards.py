"""What a KPI card shows besides its value: the name, the unit it is formatted by, the
definition behind the popover, whether a change is good, the sparkline and whether the figure
rests on too few answers.

Every fact comes from the metric registry (:mod:`analytics.metrics.registry`) and the
dictionary texts it names; the card itself is drawn by :func:`analytics.ui.kpis.kpi`.
Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import i18n
from .formatting import fmt_value, is_missing
from .metrics import registry
from .metrics.dictionary import METRICS, Metric
from .metrics.registry import TEXT_FIELDS
from .settings import SETTINGS, Settings


def definition(key: str) -> Metric | None:
    """The metric dictionary's entry of KPI ``key`` (None for a key outside the registry)."""
    return METRICS.get(key)


def definition_lines(key: str | None, lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs of KPI ``key``'s definition, in the order users read them: what a
    card's popover shows. Empty for no key or a key outside the registry."""
    entry = registry.get(key) if key else None
    if entry is None:
        return []
    lines = []
    for field in TEXT_FIELDS:
        text = i18n.t(entry.text_key(field), lang)
        if text and text != entry.text_key(field):
            lines.append((i18n.t(f"ui.kpi.field.{field}", lang), text))
    return lines


def delta_color(key: str) -> str:
    """st.metric's delta colour for KPI ``key``: green when the change is good."""
    entry = registry.get(key)
    better = entry.higher_is_better if entry else None
    if better is None:
        return "off"
    return "normal" if better else "inverse"


def metric_unit(key: str) -> str:
    entry = registry.get(key)
    return entry.unit if entry else "count"


def metric_name(key: str, lang: str) -> str:
    """The KPI's name in the language."""
    return i18n.t(registry.kpi(key).text_key("name"), lang)


def change(current: Mapping[str, Any], previous: Mapping[str, Any] | None,
           key: str) -> float | None:
    """current - previous of one headline figure; None when either is missing."""
    if previous is None:
        return None
    a, b = current.get(key), previous.get(key)
    if a is None or b is None or is_missing(a) or is_missing(b):
        return None
    return float(a) - float(b)


def sparkline(df: pd.DataFrame | None, column: str, *,
              n_column: str | None = None) -> list[float]:
    """The values of one trend column as plain floats for st.metric's sparkline; periods
    without a figure (or with n = 0) are left out rather than drawn as zero."""
    if df is None or column not in df or df.empty:
        return []
    values = df[column]
    if n_column and n_column in df:
        values = values[df[n_column] > 0]
    return [float(v) for v in values if not is_missing(v)]


def kpi_sparkline(key: str, trends: Mapping[str, pd.DataFrame]) -> list[float]:
    """KPI ``key``'s sparkline from the trend frames a page fetched (registry trend name ->
    frame): the column ``key`` of its trend, periods with n = 0 left out."""
    entry = registry.get(key)
    if entry is None or entry.trend is None:
        return []
    return sparkline(trends.get(entry.trend), key, n_column=entry.n)


def low_confidence(key: str, figures: Mapping[str, Any], low_n: int) -> bool:
    """Whether KPI ``key``'s figure rests on fewer than ``low_n`` of its n (for a KPI the
    registry marks ``small_sample``; a missing figure is not flagged, it shows a dash)."""
    entry = registry.get(key)
    if entry is None or not entry.small_sample or entry.n is None:
        return False
    value, n = figures.get(key), figures.get(entry.n)
    if value is None or is_missing(value) or n is None or is_missing(n):
        return False
    return int(n) < low_n


def retro_figures(kpis: pd.DataFrame, column: str) -> dict[str, Any]:
    """One column of the retro KPI table (current, previous, year_ago) as {key: value}, the
    shape KPI cards take."""
    return {k: (None if is_missing(v) else v) for k, v in zip(kpis["key"], kpis[column])}


def target_text(key: str, figures: Mapping[str, Any], lang: str,
                settings: Settings = SETTINGS) -> tuple[bool | None, str] | None:
    """Whether KPI ``key``'s figure is on its target, and the card's line saying so with
    the target ("✓ On target (≤ 5.0%)"); None for a KPI without a target. Without a
    figure the line names the target alone (and the verdict is None)."""
    goal = registry.target(key, settings)
    if goal is None:
        return None
    value = figures.get(key)
    value = None if value is None or is_missing(value) else float(value)
    entry = registry.kpi(key)
    bound = ("≥ " if entry.higher_is_better else "≤ ") + fmt_value(goal, entry.unit, lang)
    on = registry.on_target(key, value, settings)
    code = {True: "ui.kpi.on_target", False: "ui.kpi.off_target", None: "ui.kpi.target"}[on]
    return on, i18n.t(code, lang, target=bound)
