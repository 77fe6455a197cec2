"""A KPI on a report page: its card (value formatted for its unit, the change against the
previous period, a sparkline, the definition) and the click-through listing the rows behind
it, all from the metric registry; the figures and trends the cards need, fetched in as few
statements as the page allows; the period captions that say what the cards cover and compare
with."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from .. import formatting, kpi_cards, metrics
from ..filters import Filters
from ..metrics import kpi_rows, kpi_rows_shown, registry, selected_range
from ..metrics.headline import figures as kpi_figures
from . import cache, stores
from .language import lang as session_lang
from .language import t
from .tables import capped_table
from .widgets import kpi_card

# Rows listed behind a KPI; the rest are in the "download all" CSV.
ROWS_SHOWN = 5000


def period_caption(filters: Filters) -> None:
    """The period the figures cover, under the page title, so a screenshot says what it
    shows."""
    bounds = cache.query(selected_range, filters)
    if bounds is None:
        return
    lang = session_lang()
    key = "page.period_all" if filters.date_from is None and filters.date_to is None \
        else "page.period"
    st.caption(t(key, range=formatting.fmt_range(bounds[0], bounds[1], lang)))


def comparison_caption(previous: Filters | None) -> None:
    """What the arrows on the cards compare with, or how to get a comparison."""
    if previous is None:
        st.caption(t("page.no_comparison"))
    else:
        st.caption(t("page.compared_with", range=formatting.fmt_range(
            previous.date_from, previous.date_to, session_lang())))


def figures_of(value: Any) -> dict[str, Any]:
    """A metric record (a dataclass such as ComplaintKpis) or a mapping as a plain dict."""
    if value is None:
        return {}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return dict(value)


def kpi(key: str, figures: Mapping[str, Any] | Any,
        previous: Mapping[str, Any] | Any | None = None, *,
        trends: Mapping[str, pd.DataFrame] | None = None, spark: Sequence[float] | None = None,
        label: str | None = None, low_confidence: bool | None = None,
        rows: Filters | None = None, card_key: str | None = None) -> None:
    """One KPI card, everything about it read from the metric registry: the value formatted
    for its unit, the change against ``previous`` (green when good), the sparkline from its
    trend in ``trends`` (or ``spark`` as given), the definition popover, a low-confidence
    note when the figure rests on too few of its n (unless ``low_confidence`` says), and,
    with ``rows``, a click-through listing the rows the figure was computed over."""
    lang = session_lang()
    figures = figures_of(figures)
    previous = figures_of(previous) if previous is not None else None
    unit = kpi_cards.metric_unit(key)
    name = label or kpi_cards.metric_name(key, lang)
    ident = card_key or key
    settings = stores.settings()
    low_n = settings.low_confidence_n
    if low_confidence is None:
        low_confidence = kpi_cards.low_confidence(key, figures, low_n)
    if spark is None and trends is not None:
        spark = kpi_cards.kpi_sparkline(key, trends)
    kpi_card(name, formatting.fmt_value(figures.get(key), unit, lang),
             delta=formatting.fmt_delta(kpi_cards.change(figures, previous, key), unit, lang),
             delta_color=kpi_cards.delta_color(key), definition=key,
             chart_data=list(spark) if spark else None,
             low_confidence_n=low_n if low_confidence else None,
             target=kpi_cards.target_text(key, figures, lang, settings), key=ident)
    if rows is not None:
        rows_behind(key, rows, ident)


def target(key: str) -> float | None:
    """KPI ``key``'s target under the settings in force (None without one): the line a
    page draws on its trend."""
    return registry.target(key, stores.settings())


def kpi_grid(keys: Sequence[str], figures: Mapping[str, Any] | Any,
             previous: Mapping[str, Any] | Any | None = None, *, per_row: int,
             trends: Mapping[str, pd.DataFrame] | None = None, rows: Filters | None = None,
             prefix: str) -> None:
    """The cards of ``keys``, ``per_row`` to a row (see :func:`kpi`); card keys are
    ``<prefix>_<kpi key>``. Each row is a row of its own, so its cards stretch to one height
    whether or not one of them carries a target line or a low-confidence mark."""
    for start in range(0, len(keys), per_row):
        columns = st.columns(per_row)
        for column, key in zip(columns, keys[start:start + per_row]):
            with column:
                kpi(key, figures, previous, trends=trends, rows=rows, card_key=f"{prefix}_{key}")


def figures_and_previous(keys: Sequence[str], filters: Filters,
                         previous_filters: Filters | None
                         ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The figures of KPIs ``keys`` (and their n) in the period and in the one before it
    (None when there is no before), computed together in one statement."""
    periods = (filters,) if previous_filters is None else (filters, previous_filters)
    rows = cache.query(kpi_figures, periods, tuple(keys))
    return dict(rows[0]), (dict(rows[1]) if len(rows) > 1 else None)


def kpi_trends(keys: Sequence[str], filters: Filters, grain: str,
               frames: Mapping[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The trend frames the cards of ``keys`` draw their sparklines from (registry trend
    name -> frame): ``frames`` a page already holds, the others fetched for ``grain``."""
    out = dict(frames or {})
    for key in keys:
        name = registry.kpi(key).trend
        if name and name not in out:
            out[name] = cache.query(getattr(metrics, name), filters, grain=grain)
    return out


def rows_behind(key: str, filters: Filters, ident: str | None = None) -> None:
    """The click-through under a KPI: a button opening a full-width dialog with the tickets,
    projects or responses counted, downloadable. Nothing is queried until it is opened, and
    the table is not squeezed into the card's column."""
    ident = ident or key
    if st.button(t("kpi.rows_behind"), key=f"rows_{ident}", icon=":material/table_rows:",
                 type="tertiary"):
        title = t("kpi.rows_behind_title", name=kpi_cards.metric_name(key, session_lang()))
        st.dialog(title, width="large")(_rows_dialog)(key, filters, ident)


def _rows_dialog(key: str, filters: Filters, ident: str) -> None:
    period = cache.query(selected_range, filters)
    if period is not None:
        st.caption(t("page.period", range=formatting.fmt_range(period[0], period[1],
                                                              session_lang())))
    shown = cache.query(kpi_rows_shown, filters, key=key, limit=ROWS_SHOWN)
    if shown.total == 0:
        st.caption(t("kpi.no_rows"))
        return
    capped_table(shown.rows, shown.total, f"{key}_rows", key=f"rows_tbl_{ident}",
                 all_key=f"rows_all_{ident}", counted="kpi.rows_count",
                 capped="kpi.rows_count_capped",
                 fetch_all=(kpi_rows, (filters,), {"key": key}), height=420)
