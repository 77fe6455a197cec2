"""The shared sidebar: period, grain and the portfolio dimensions, published as one
:class:`~analytics.filters.Filters` value and kept in the URL so a view can be shared as a
link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode
from datetime import date

import duckdb
import streamlit as st

from .. import i18n
from ..rows import one
from ..filters import Filters
from ..metrics.periods import (CUSTOM_PERIOD, DEFAULT_PRESET, PERIOD_PRESETS, preset_of,
                               preset_ranges)
from . import cache
from .browser import enter_commits_dates
from .language import labeller, lang, t, value_label

# Session-state keys the pages read ("grain", "filters"); the rest belong to this module.


GRAIN_KEY = "grain"
FILTERS_KEY = "filters"

GRAINS: tuple[str, ...] = ("week", "month", "quarter")
DEFAULT_GRAIN = "month"


# Sidebar multiselects: Filters field -> widget key. Their order is the sidebar's order.
SIDEBAR_DIMENSIONS: dict[str, str] = {
    "customers": "f_customers",
    "industries": "f_industries",
    "regions": "f_regions",
    "teams": "f_teams",
    "delivery_modes": "f_delivery_modes",
}


PERIOD_KEY = "f_period"
PRESET_KEY = "f_preset"
_BOUNDS_KEY = "_f_period_bounds"
_RANGES_KEY = "_f_period_presets"


# The URL parameters the sidebar owns; any other parameter (a page's own) is left alone.
MANAGED_PARAMS: tuple[str, ...] = ("lang", "grain", "period", "date_from", "date_to",
                                   *SIDEBAR_DIMENSIONS)


@dataclass(frozen=True)
class FilterOptions:
    """The values the sidebar offers, read from the store."""

    customers: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    delivery_modes: tuple[str, ...] = ()
    date_min: date | None = None
    date_max: date | None = None


# Which columns feed each option list (union over tables, so a store holding only tickets
# still offers its customers).
_OPTION_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "customers": (("projects", "customer"), ("tickets", "customer"), ("surveys", "customer")),
    "industries": (("projects", "industry"),),
    "regions": (("projects", "region"),),
    "teams": (("tickets", "team"), ("surveys", "team")),
    "delivery_modes": (("projects", "delivery_mode"),),
}


# Columns recording things that happened (plans and targets excluded): the date range.
_EVENT_DATES: tuple[tuple[str, str], ...] = (
    ("tickets", "created_at"), ("tickets", "first_response_at"), ("tickets", "resolved_at"),
    ("tickets", "closed_at"), ("surveys", "submitted_at"), ("projects", "signed_date"),
    ("projects", "kickoff_date"), ("projects", "actual_golive_date"),
    ("projects", "accepted_date"), ("projects", "closed_date"),
)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Distinct non-blank values per sidebar dimension and the span of event dates."""
    cur = con.cursor()
    values: dict[str, tuple[str, ...]] = {}
    for name, sources in _OPTION_SOURCES.items():
        union = " UNION ".join(f"SELECT {col} AS v FROM {table}" for table, col in sources)
        rows = cur.execute(
            f"SELECT DISTINCT trim(v) FROM ({union}) WHERE v IS NOT NULL AND trim(v) <> '' "
            "ORDER BY 1"
        ).fetchall()
        values[name] = tuple(r[0] for r in rows)
    spans = " UNION ALL ".join(
        f"SELECT min({col})::DATE AS lo, max({col})::DATE AS hi FROM {table}"
        for table, col in _EVENT_DATES
    )
    lo, hi = one(cur.execute(f"SELECT min(lo), max(hi) FROM ({spans})"))
    return FilterOptions(**values, date_min=lo, date_max=hi)


def current_filters() -> Filters:
    """The sidebar's selection (``Filters()`` - everything - before the sidebar ran)."""
    value = st.session_state.get(FILTERS_KEY)
    return value if isinstance(value, Filters) else Filters()


def grain() -> str:
    """The sidebar's time grain: "week", "month" or "quarter"."""
    value = st.session_state.get(GRAIN_KEY)
    return value if value in GRAINS else DEFAULT_GRAIN


def _clamp(d: date, lo: date, hi: date) -> date:
    return min(max(d, lo), hi)


def _reset_filters() -> None:
    ss = st.session_state
    for key in SIDEBAR_DIMENSIONS.values():
        ss[key] = []
    ss[PRESET_KEY] = DEFAULT_PRESET
    ss[GRAIN_KEY] = DEFAULT_GRAIN


def pick_filter(dimension: str, value: str) -> None:
    """Narrow the view to one value of a sidebar dimension (a click on a chart): the sidebar's
    multiselect shows it and the link carries it, as if it had been chosen there."""
    key = SIDEBAR_DIMENSIONS.get(dimension)
    if key is not None:
        st.session_state[key] = [value]


def _period_picked() -> None:
    """A range picked or typed in the date input: the preset it equals, else "custom"."""
    ss = st.session_state
    picked = tuple(ss.get(PERIOD_KEY) or ())
    bounds = ss.get(_BOUNDS_KEY)
    if len(picked) != 2 or bounds is None:
        ss[PRESET_KEY] = CUSTOM_PERIOD
    elif picked == tuple(bounds):
        ss[PRESET_KEY] = "all"
    else:
        ss[PRESET_KEY] = preset_of(ss.get(_RANGES_KEY) or {}, *picked)


def _prepare_period(opts: FilterOptions, url: Filters, params: Mapping[str, str],
                    ranges: Mapping[str, tuple[date, date] | None]) -> tuple[date, date] | None:
    """Seed or repair the preset's and the date input's state before they are drawn.

    First run: dates in the URL are a custom range (clamped to the data), else ``?period=``
    names a preset, else the default preset (the last complete quarter). A preset's range is
    recomputed on every run, so it follows the data when an import moves its latest day.
    """
    ss = st.session_state
    lo, hi = opts.date_min, opts.date_max
    if lo is None or hi is None:
        ss.pop(PERIOD_KEY, None)
        return None
    if PRESET_KEY not in ss:
        if url.date_from or url.date_to:
            start = _clamp(url.date_from, lo, hi) if url.date_from else lo
            end = _clamp(url.date_to, lo, hi) if url.date_to else hi
            ss[PERIOD_KEY] = (min(start, end), max(start, end))
            ss[PRESET_KEY] = CUSTOM_PERIOD
        else:
            requested = params.get("period")
            ss[PRESET_KEY] = requested if requested in PERIOD_PRESETS else DEFAULT_PRESET
    preset = ss[PRESET_KEY] if ss[PRESET_KEY] in (*PERIOD_PRESETS, CUSTOM_PERIOD) \
        else DEFAULT_PRESET
    span = ranges.get(preset) if preset in PERIOD_PRESETS else None
    if span is not None:
        ss[PERIOD_KEY] = tuple(_clamp(d, lo, hi) for d in span)
    elif preset in PERIOD_PRESETS or ss.get(PERIOD_KEY) is None:  # all data
        ss[PERIOD_KEY] = (lo, hi)
    else:
        ss[PERIOD_KEY] = tuple(_clamp(d, lo, hi) for d in ss[PERIOD_KEY])
    ss[PRESET_KEY] = preset  # set again, so a relabelled select starts from it
    ss[_BOUNDS_KEY] = (lo, hi)
    ss[_RANGES_KEY] = dict(ranges)
    return lo, hi


def _period_widgets(opts: FilterOptions, url: Filters) -> tuple[date | None, date | None]:
    """The preset select and the date input under it; the range they select, open ends
    meaning "from the first record" / "to the latest"."""
    sidebar = st.sidebar
    ranges = cache.query(preset_ranges)
    bounds = _prepare_period(opts, url, st.query_params.to_dict(), ranges)
    if bounds is None:
        sidebar.caption(t("sidebar.no_dates"))
        return None, None
    sidebar.selectbox(t("sidebar.period"), (*PERIOD_PRESETS, CUSTOM_PERIOD), key=PRESET_KEY,
                      format_func=labeller("sidebar.preset"), help=t("sidebar.preset_help"))
    value = sidebar.date_input(t("sidebar.dates"), key=PERIOD_KEY, min_value=bounds[0],
                               max_value=bounds[1], help=t("sidebar.period_help"),
                               on_change=_period_picked, format="YYYY-MM-DD")
    enter_commits_dates()
    picked = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    date_from = date_to = None
    if picked and picked[0] and picked[0] != bounds[0]:
        date_from = picked[0]
    if len(picked) > 1 and picked[1] and picked[1] != bounds[1]:
        date_to = picked[1]
    return date_from, date_to


def sidebar_filters() -> Filters:
    """Draw the shared filters and publish them.

    The first run of a session starts from the URL's query parameters; after that the widgets
    are the truth and the URL is rewritten from them on every run, so the address bar always
    holds a link to the current view (also after moving to another page).
    """
    ss = st.session_state
    url = Filters.from_query_params(st.query_params.to_dict())
    opts = cache.query(filter_options)
    sidebar = st.sidebar
    sidebar.header(t("sidebar.header"))

    date_from, date_to = _period_widgets(opts, url)

    if GRAIN_KEY not in ss:
        requested = st.query_params.get("grain")
        ss[GRAIN_KEY] = requested if requested in GRAINS else DEFAULT_GRAIN
    else:  # set again, so a relabelled radio (another language) starts from it
        ss[GRAIN_KEY] = grain()
    sidebar.radio(t("sidebar.grain"), GRAINS, key=GRAIN_KEY, horizontal=True,
                  format_func=labeller("sidebar.grain"))

    chosen: dict[str, tuple[str, ...]] = {}
    language = lang()  # fixed when drawn: a format function may run outside the script run
    for name, key in SIDEBAR_DIMENSIONS.items():
        options: tuple[str, ...] = getattr(opts, name)
        if key not in ss:
            ss[key] = [v for v in getattr(url, name) if v in options]
        else:  # the store changed under the selection (an import): drop vanished values
            ss[key] = [v for v in ss[key] if v in options]
        kind = {"teams": "team", "delivery_modes": "delivery_mode",
                "industries": "industry"}.get(name, name)
        chosen[name] = tuple(sidebar.multiselect(
            t(f"sidebar.{name}"), options, key=key, placeholder=t("sidebar.all"),
            format_func=partial(value_label, kind, language=language)))
    sidebar.button(t("sidebar.reset"), on_click=_reset_filters, key="f_reset")

    filters = Filters(date_from=date_from, date_to=date_to, **chosen)
    ss[FILTERS_KEY] = filters
    params = filters.to_query_params()
    preset = ss.get(PRESET_KEY)
    if preset in PERIOD_PRESETS:  # a preset is kept as its name: the link follows the data
        params.pop("date_from", None)
        params.pop("date_to", None)
        if preset != DEFAULT_PRESET:
            params["period"] = preset
    if grain() != DEFAULT_GRAIN:
        params["grain"] = grain()
    if lang() != i18n.DEFAULT_LANGUAGE:
        params["lang"] = lang()
    sync_query_params(params)
    share_link(params)
    return filters


def view_link(base: str | None, params: Mapping[str, str]) -> str:
    """The address of the current view: the page's URL and the sidebar's parameters."""
    query = urlencode({k: params[k] for k in MANAGED_PARAMS if k in params})
    return (base or "") + ("?" + query if query else "")


def share_link(params: Mapping[str, str]) -> None:
    """A "copy link" popover: the current view's address in a box with Streamlit's copy
    button, so the view can be sent to someone without reading it off the address bar."""
    with st.sidebar.popover(t("sidebar.share"), icon=":material/link:"):
        st.caption(t("sidebar.share_help"))
        st.code(view_link(st.context.url, params), language=None, wrap_lines=True)


def sync_query_params(params: Mapping[str, str]) -> None:
    """Make the URL carry exactly ``params`` among the sidebar's own keys (others untouched);
    only changed keys are written, so an unchanged view sends nothing to the browser."""
    qp = st.query_params
    for key in MANAGED_PARAMS:
        if key in params:
            if qp.get(key) != params[key]:
                qp[key] = params[key]
        elif key in qp:
            del qp[key]
