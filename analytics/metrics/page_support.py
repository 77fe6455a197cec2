"""Figures the report pages need that the other metric modules do not give directly.

Each one is built from the shared CTEs in :mod:`._base` (or from the public metric functions
themselves), so a page figure and the matching headline figure cannot disagree:

- :func:`previous_period` - the filters for the period of equal length just before the
  selected one, for "change against the previous period";
- :func:`sla_trend` - SLA attainment per week / month / quarter, with exactly the semantics
  of :func:`.cycle_times.sla_attainment` applied to each period;
- :func:`cycle_time_trend_by_priority` - :func:`.cycle_times.cycle_time_trend` per priority,
  stacked;
- :func:`kpi_rows` - the rows a KPI is computed over (the click-through behind a figure);
- :func:`data_quarters`, :func:`default_quarter`, :func:`quarter_has_data` - which quarters a
  retro can be run for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import SETTINGS, Settings
from ._base import active, base_query, check_grain, in_window, open_at, store_clock
from .complaints import complaint_tickets
from .cycle_times import (CycleTrends, backlog_tickets, cycle_time_trend_by_priorities,
                          cycle_time_trends, resolved_in, ticket_durations)
from .delivery import golives, schedule_slip
from .portfolio import project_health
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


# -- SLA attainment per period -----------------------------------------------------------------


def sla_trend(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str = "month",
              settings: Settings = SETTINGS) -> pd.DataFrame:
    """SLA attainment per week / month / quarter.

    Each period is judged like :func:`~analytics.metrics.sla_attainment` over that period:
    met / (resolved in the period with a target + open at the period's end and past target).
    The last period ends at the filters' period end (never after the store's last event), like
    every at-period-end figure.

    Columns: period, resolved, met, open_breached, population, attainment, n (= population).
    """
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain, touching=True)
    # resolved in a period = resolved in the range, in that period's date_trunc (the spine
    # splits the range exactly so): a grouping, not a join
    q.cte("resolved_by_period", f"""
  SELECT CAST(date_trunc('{part}', tk.resolved_ts) AS DATE) AS period,
         count(*) FILTER (WHERE tk.target_at IS NOT NULL) AS resolved,
         count(*) FILTER (WHERE tk.resolved_ts <= tk.target_at) AS met
  FROM tk, bounds b WHERE {resolved_in()}
  GROUP BY 1""")
    # open at a period's end and past target: a range join of the spine and the tickets
    q.cte("breached_by_period", f"""
  SELECT s.period, count(*) AS open_breached
  FROM spine s JOIN tk ON {open_at('tk', 's')} AND tk.target_at < s.as_of
  GROUP BY 1""")
    return q.df("""
    SELECT s.period,
           coalesce(r.resolved, 0) AS resolved,
           coalesce(r.met, 0) AS met,
           coalesce(o.open_breached, 0) AS open_breached,
           coalesce(r.resolved, 0) + coalesce(o.open_breached, 0) AS population,
           CAST(coalesce(r.met, 0) AS DOUBLE) / nullif(population, 0) AS attainment,
           population AS n
    FROM spine s
    LEFT JOIN resolved_by_period r USING (period)
    LEFT JOIN breached_by_period o USING (period)
    ORDER BY s.period""")


# -- cycle times per priority ------------------------------------------------------------------


def cycle_time_trend_by_priority(con: duckdb.DuckDBPyConnection, filters: Filters,
                                 grain: str = "month",
                                 settings: Settings = SETTINGS) -> pd.DataFrame:
    """:func:`~analytics.metrics.cycle_time_trend` for each priority, stacked: the priority
    filter when one is set, else every priority with an SLA target, in that order.

    Each priority's lines are the figures the Cycle times page would show with that priority
    alone (see :func:`.cycle_times.cycle_time_trend_by_priorities`). Tickets without a
    priority are in no line.

    Columns: priority, then the columns of ``cycle_time_trend``.
    """
    return cycle_time_trend_by_priorities(con, filters, _priority_lines(filters, settings),
                                          grain, settings)


def cycle_trends(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str = "month",
                 settings: Settings = SETTINGS) -> CycleTrends:
    """:func:`~analytics.metrics.cycle_time_trend` and :func:`cycle_time_trend_by_priority`
    from one pass over the tickets, for the Cycle times page, which shows both."""
    return cycle_time_trends(con, filters, _priority_lines(filters, settings), grain, settings)


def _priority_lines(filters: Filters, settings: Settings) -> tuple[str, ...]:
    """The priorities drawn as lines: the filter's, else every priority with an SLA target."""
    return tuple(filters.priorities or settings.sla_hours())


# -- the rows behind a KPI ---------------------------------------------------------------------


def active_projects(con: duckdb.DuckDBPyConnection, filters: Filters,
                    settings: Settings = SETTINGS) -> pd.DataFrame:
    """The projects counted as active in the period (the complaint rate's denominator), each
    with the complaints it raised in the period (> 0: in the numerator).

    Columns: project_id, project_name, customer, delivery_mode, phase, status, kickoff_date,
    closed_date, complaints, tickets.
    """
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT p.project_id, p.project_name, p.customer, p.delivery_mode, p.phase, p.status,
           p.kickoff_date, p.closed_date,
           count(tk.ticket_id) FILTER (WHERE tk.complaint) AS complaints,
           count(tk.ticket_id) AS tickets
    FROM proj p
    CROSS JOIN bounds b
    LEFT JOIN tk ON tk.project_id = p.project_id AND {in_window('tk.created_at')}
    WHERE p.active
    GROUP BY ALL
    ORDER BY complaints DESC, p.project_id""")


def tickets_created(con: duckdb.DuckDBPyConnection, filters: Filters,
                    settings: Settings = SETTINGS) -> pd.DataFrame:
    """Tickets created in the period, newest first (complaints per 100 tickets' denominator).

    Columns: ticket_id, created_at, project_id, customer, type, complaint, priority, team,
    status, category.
    """
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT ticket_id, created_at, project_id, customer, type, complaint, priority, team,
           status, category
    FROM tk, bounds b
    WHERE {in_window('tk.created_at')}
    ORDER BY created_at DESC, ticket_id""")


def tickets_resolved(con: duckdb.DuckDBPyConnection, filters: Filters,
                     settings: Settings = SETTINGS) -> pd.DataFrame:
    """Tickets resolved in the period with their reopen count (the reopen rate's rows).

    Columns: ticket_id, created_at, resolved_at, project_id, customer, priority, team,
    resolution_hours, reopened_count.
    """
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT ticket_id, created_at, resolved_ts AS resolved_at, project_id, customer, priority,
           team, resolution_hours, reopened_count
    FROM tk, bounds b
    WHERE {in_window('tk.resolved_ts')}
    ORDER BY resolved_ts DESC, ticket_id""")


def sla_tickets(con: duckdb.DuckDBPyConnection, filters: Filters,
                settings: Settings = SETTINGS) -> pd.DataFrame:
    """The tickets SLA attainment judges, each with its outcome: ``met`` and ``missed``
    (resolved in the period) or ``open_breached`` (open at the period end, past target).

    Columns: ticket_id, created_at, priority, team, customer, target_at, resolved_at,
    resolution_hours, outcome.
    """
    q, _ = base_query(con, filters, settings)
    resolved_in = f"{in_window('tk.resolved_ts')} AND tk.resolution_hours >= 0"
    return q.df(f"""
    SELECT ticket_id, created_at, priority, team, customer, target_at,
           resolved_ts AS resolved_at,
           CASE WHEN tk.resolution_hours >= 0 THEN tk.resolution_hours END AS resolution_hours,
           CASE WHEN {resolved_in}
                THEN CASE WHEN tk.resolved_ts <= tk.target_at THEN 'met' ELSE 'missed' END
                ELSE 'open_breached' END AS outcome
    FROM tk, bounds b
    WHERE tk.target_at IS NOT NULL
      AND (({resolved_in}) OR ({open_at('tk')} AND tk.target_at < b.as_of))
    ORDER BY outcome DESC, created_at, ticket_id""")


def survey_responses(con: duckdb.DuckDBPyConnection, filters: Filters,
                     settings: Settings = SETTINGS) -> pd.DataFrame:
    """Every survey response submitted in the period (CSAT's, NPS's and the response count's
    rows), newest first.

    Columns: response_id, submitted_at, project_id, project_name, customer, touchpoint, team,
    respondent_role, score, scale, score_0_100, satisfied, nps, comment.
    """
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT response_id, submitted_at, project_id, project_name, customer, touchpoint, team,
           respondent_role, score, scale, score_0_100, satisfied, nps, comment
    FROM sv, bounds b
    WHERE {in_window('sv.submitted_at')}
    ORDER BY submitted_at DESC, response_id""")


def closed_out_projects(con: duckdb.DuckDBPyConnection, filters: Filters,
                        settings: Settings = SETTINGS) -> pd.DataFrame:
    """Projects closed in the period, not cancelled (the renewal rate's rows).

    Columns: project_id, project_name, customer, closed_date, renewed.
    """
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT project_id, project_name, customer, closed_date, renewed
    FROM proj, bounds b
    WHERE NOT cancelled AND {in_window('closed_date')}
    ORDER BY closed_date DESC, project_id""")


def _durations(measure: str) -> Callable[..., pd.DataFrame]:
    def rows(con: duckdb.DuckDBPyConnection, filters: Filters,
             settings: Settings = SETTINGS) -> pd.DataFrame:
        return ticket_durations(con, filters, measure, settings)  # type: ignore[arg-type]
    return rows


# KPI key (the metric dictionary's) -> the function listing the rows it is computed over.
ROWS_BEHIND: dict[str, Callable[..., pd.DataFrame]] = {
    "projects_active": active_projects,
    "complaint_rate": active_projects,
    "complaints_per_active_project": active_projects,
    "complaints_per_100_tickets": tickets_created,
    "tickets_created": tickets_created,
    "complaints": complaint_tickets,
    "tickets_resolved": tickets_resolved,
    "reopen_rate": tickets_resolved,
    "resolution_median_hours": _durations("resolution"),
    "resolution_p90_hours": _durations("resolution"),
    "first_response_median_hours": _durations("first_response"),
    "first_response_p90_hours": _durations("first_response"),
    "sla_attainment": sla_tickets,
    "backlog_open": backlog_tickets,
    "delivery_cycle_median_days": golives,
    "delivery_cycle_p90_days": golives,
    "on_time_golive_rate": golives,
    "schedule_slip_days": schedule_slip,
    "renewal_rate": closed_out_projects,
    "csat_pct": survey_responses,
    "csat_mean_0_100": survey_responses,
    "nps": survey_responses,
    "survey_responses": survey_responses,
    "project_health": project_health,
}


def kpi_rows(con: duckdb.DuckDBPyConnection, filters: Filters, key: str,
             settings: Settings = SETTINGS) -> pd.DataFrame:
    """The tickets, projects or responses the KPI ``key`` counts, for the click-through
    beside its figure."""
    try:
        fn = ROWS_BEHIND[key]
    except KeyError:
        raise ValueError(f"no row listing for KPI {key!r}") from None
    return fn(con, filters, settings)


@dataclass(frozen=True)
class RowsShown:
    """The first rows of a listing (in its own order) and how many it has in all."""

    rows: pd.DataFrame
    total: int


def kpi_rows_shown(con: duckdb.DuckDBPyConnection, filters: Filters, key: str, limit: int,
                   settings: Settings = SETTINGS) -> RowsShown:
    """:func:`kpi_rows`, keeping the first ``limit`` rows: what a page lists and caches (a
    duration KPI over a large portfolio stands on a million tickets)."""
    rows = kpi_rows(con, filters, key, settings)
    return RowsShown(rows.head(limit).reset_index(drop=True), len(rows))


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


def quarter_has_data(con: duckdb.DuckDBPyConnection, quarter: str | Quarter,
                     filters: Filters = Filters(), settings: Settings = SETTINGS) -> bool:
    """Whether the quarter holds anything to report under the filters: it overlaps the
    store's recorded time, and a project was active in it, a ticket created or resolved in
    it, or a survey response submitted in it. (A running project is "active" in every future
    quarter too, so the store's time span decides first.)"""
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


__all__ = ["ROWS_BEHIND", "active_projects", "closed_out_projects",
           "cycle_time_trend_by_priority", "data_quarters", "default_quarter", "health_day",
           "kpi_rows",
           "previous_period", "quarter_has_data", "selected_range", "sla_tickets", "sla_trend",
           "survey_responses", "tickets_created", "tickets_resolved"]
