"""Which periods the pages show and compare: the range the filters select, the period just
before it (for "change against the previous period"), the day a project's detail is measured
on, the quarters a retro can be run for, and the sidebar's period presets."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from ..filters import Filters
from ..settings import Settings, load_settings
from ._base import active, base_query, in_window, store_clock
from .retro import Quarter

# -- periods ----------------------------------------------------------------------------------


def selected_range(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[date, date] | None:
    """First and last day the filters select, open ends closed by the store's first and last
    event. None when the store has no dated event at all."""
    first, last = store_clock(con)
    if first is None or last is None:
        return None
    start = filters.date_from or first.date()
    end = filters.date_to or last.date()
    return start, end


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_period(con: duckdb.DuckDBPyConnection, filters: Filters) -> Filters | None:
    """The same filters moved to the period of equal length that ends the day before the
    selected one starts.

    A range of whole calendar months (the 1st to a month's last day) moves by whole months,
    so a quarter is compared with the previous quarter and a month with the previous month,
    as people read them (April-June against January-March, not against 31 Dec - 31 Mar).
    Any other range moves by its length in days.

    None when no date range is selected: "all data" has no earlier period to compare with,
    and a comparison against an empty stretch before the first record would only show every
    figure as new.
    """
    if filters.date_from is None and filters.date_to is None:
        return None
    bounds = selected_range(con, filters)
    if bounds is None:
        return None
    start, end = bounds
    if end < start:
        return None
    next_day = end + timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        return filters.with_period(_add_months(start, -months), start - timedelta(days=1))
    length = (end - start).days + 1
    prev_end = start - timedelta(days=1)
    return filters.with_period(prev_end - timedelta(days=length - 1), prev_end)


def health_day(con: duckdb.DuckDBPyConnection, filters: Filters) -> date | None:
    """The day a single project's detail is measured on so that it agrees with the health
    table of the same filters: the period's last day, never later than the store's latest
    event (what :func:`~analytics.metrics._base.resolve_period` calls "today"). None for all
    data: the engine then takes the store's latest day itself."""
    if filters.date_to is None:
        return None
    _, last = store_clock(con)
    return filters.date_to if last is None else min(filters.date_to, last.date())


# -- quarters ----------------------------------------------------------------------------------


def _quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def data_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every quarter from the store's first to its last event, latest first ('2025Q2' …);
    empty for a store without dated events."""
    first, last = store_clock(con)
    if first is None or last is None:
        return []
    out: list[str] = []
    q, end = _quarter_of(first.date()), _quarter_of(last.date())
    while (q.year, q.q) <= (end.year, end.q):
        out.append(str(q))
        q = q.next()
    return out[::-1]


def default_quarter(con: duckdb.DuckDBPyConnection) -> str | None:
    """The last complete quarter in the data: the latest one whose last day the store's
    last event has reached. A retro of a half-finished quarter would compare a part against
    wholes, so it is never the default; when no quarter is complete yet, the latest is."""
    quarters = data_quarters(con)
    if not quarters:
        return None
    _, last = store_clock(con)
    for text in quarters:
        if last is not None and last.date() >= Quarter.parse(text).last_day:
            return text
    return quarters[0]


def unfinished_quarter(con: duckdb.DuckDBPyConnection) -> str | None:
    """The quarter the store's last day falls in when that day is not the quarter's last
    (the data's current quarter, whose figures are not final); None when the data ends on a
    quarter's last day or the store has no dated event."""
    _, last = store_clock(con)
    if last is None:
        return None
    quarter = _quarter_of(last.date())
    return None if last.date() >= quarter.last_day else str(quarter)


def quarter_has_data(con: duckdb.DuckDBPyConnection, quarter: str | Quarter,
                     filters: Filters = Filters(), *, settings: Settings | None = None) -> bool:
    """Whether the quarter holds anything to report under the filters: it overlaps the
    store's recorded time, and a project was active in it, a ticket created or resolved in
    it, or a survey response submitted in it. (A running project is "active" in every future
    quarter too, so the store's time span decides first.)"""
    settings = settings or load_settings(con)
    qtr = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    first, last = store_clock(con)
    if first is None or last is None:
        return False
    if qtr.first_day > last.date() or qtr.last_day < first.date():
        return False
    q, _ = base_query(con, qtr.filters(filters), settings)
    row = q.one(f"""
    SELECT (SELECT count(*) FROM proj p, bounds b WHERE {active('p', 'b')})
         + (SELECT count(*) FROM tk, bounds b
             WHERE {in_window('tk.created_at')} OR {in_window('tk.resolved_ts')})
         + (SELECT count(*) FROM sv, bounds b WHERE {in_window('sv.submitted_at')}) AS n""")
    return bool(row["n"])


# -- presets -----------------------------------------------------------------------------------

#: The period presets the sidebar offers, the default first. "custom" is any other range.
PERIOD_PRESETS: tuple[str, ...] = ("last_quarter", "this_quarter", "last_90_days",
                                   "year_to_date", "all")
DEFAULT_PRESET = "last_quarter"
CUSTOM_PERIOD = "custom"


def preset_ranges(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[date, date] | None]:
    """Each preset's first and last day, measured on the store's own clock: "today" is the
    latest recorded event, so an export from last month still has a "this quarter".

    * ``last_quarter``: the last complete quarter (:func:`default_quarter`); the pages compare
      it with the quarter before, whole quarter against whole quarter;
    * ``this_quarter``: the quarter holding the latest event, up to that day;
    * ``last_90_days``: the 90 days ending on the latest event, both ends included;
    * ``year_to_date``: 1 January of the latest event's year up to that day;
    * ``all``: None - no date filter, every record.

    A range is clipped to the store's first event, so it never starts before the data. An
    empty dict for a store without dated events.
    """
    first, last = store_clock(con)
    if first is None or last is None:
        return {}
    lo, today = first.date(), last.date()
    complete = Quarter.parse(default_quarter(con) or str(_quarter_of(today)))
    current = _quarter_of(today)
    ranges: dict[str, tuple[date, date] | None] = {
        "last_quarter": (complete.first_day, min(complete.last_day, today)),
        "this_quarter": (current.first_day, today),
        "last_90_days": (today - timedelta(days=89), today),
        "year_to_date": (date(today.year, 1, 1), today),
        "all": None,
    }
    return {name: None if span is None else (max(span[0], lo), span[1])
            for name, span in ranges.items()}


def preset_of(ranges: dict[str, tuple[date, date] | None], start: date | None,
              end: date | None) -> str:
    """The preset whose range is exactly ``start``-``end`` (open ends: all data), else
    "custom". The default wins when two presets share the range."""
    if start is None and end is None:
        return "all"
    for name in PERIOD_PRESETS:
        if ranges.get(name) == (start, end):
            return name
    return CUSTOM_PERIOD


__all__ = ["CUSTOM_PERIOD", "DEFAULT_PRESET", "PERIOD_PRESETS", "data_quarters",
           "default_quarter", "health_day", "preset_of", "preset_ranges", "previous_period",
           "quarter_has_data", "selected_range", "unfinished_quarter"]
