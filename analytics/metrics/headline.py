"""The headline figures: the one dict behind the overview page, the retro table and
``python -m analytics metrics --json``.

The keys are the CLI contract in DESIGN.md, exactly. Every value is an int, a float or None
(None when a figure cannot be computed: a rate of nothing, a median of no durations), so the
dict serialises to JSON as is. Rates are fractions in [0, 1].

Each figure is defined once, in the module that owns it, as an aggregate over a *window* (the
period's ``bounds``, or one row of several ``windows``): :func:`.complaints.ticket_counts`,
:func:`.cycle_times.stats_in`, :func:`.cycle_times.sla_counts` and so on. The detail
functions (complaint_kpis, cycle_time_stats, ...) use those aggregates over one period; the
headline uses the very same ones over one or several periods at once, so the headline and the
detail pages cannot disagree, and a retro's three quarters cost one pass over the tickets
instead of twenty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from ..filters import Filters
from ..settings import SETTINGS, Settings
from ._base import (BOUNDS_SQL, base_query, in_window, plain, resolve_period, store_clock,
                    touches)
from .complaints import kpis_from_counts, project_complaints, ticket_counts
from .cycle_times import open_count, reopen_counts, reopen_from_counts, sla_counts, stats_in
from .delivery import DELIVERY_STATS
from .satisfaction import COUNTS, FIGURES, thresholds

HEADLINE_KEYS: tuple[str, ...] = (
    "projects_active", "complaint_rate", "complaints_per_100_tickets", "tickets_created",
    "tickets_resolved", "resolution_median_hours", "resolution_p90_hours",
    "first_response_median_hours", "sla_attainment", "backlog_open",
    "delivery_cycle_median_days", "on_time_golive_rate", "csat_pct", "csat_mean_0_100", "nps",
    "survey_responses",
)


def headline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
             settings: Settings = SETTINGS) -> dict[str, Any]:
    """The headline KPIs for the filters' period (all data when no dates are set).

    tickets_resolved counts every ticket resolved in the period; the resolution figures are
    over those with a non-negative duration. csat_pct is a fraction like the other rates.
    """
    return headlines(con, [filters], settings)[0]


def headlines(con: duckdb.DuckDBPyConnection, periods: Sequence[Filters],
              settings: Settings = SETTINGS) -> list[dict[str, Any]]:
    """:func:`headline` for each of ``periods``, in one statement.

    The periods must narrow the portfolio the same way and differ only in their dates (a
    quarter and the quarters it is compared with, a period and the one before it).
    """
    if not periods:
        return []
    selection = periods[0].with_period(None, None)
    if any(f.with_period(None, None) != selection for f in periods):
        raise ValueError("headlines: the periods may differ only in their dates")
    starts = [f.date_from for f in periods]
    ends = [f.date_to for f in periods]
    span = selection.with_period(
        None if None in starts else min(d for d in starts if d is not None),
        None if None in ends else max(d for d in ends if d is not None))
    clock = store_clock(con)  # read once for all the periods
    q, _ = base_query(con, span, settings, resolve_period(con, span, clock=clock), touching=True)
    windows, params = [], []
    for i, f in enumerate(periods):
        p = resolve_period(con, f, clock=clock)
        windows.append(f"  SELECT {i} AS w, * FROM ({BOUNDS_SQL})")
        params += [p.start_ts, p.end_ts, p.as_of, p.start_date, p.end_date, p.today]
    q.cte("windows", "\n  UNION ALL\n".join(windows), params)
    q.cte("ticket_figures", f"""
  SELECT w.w,
  {ticket_counts('w')},
  {stats_in('w')},
  {sla_counts('w', prefix='sla_')},
  {reopen_counts('w')},
  {open_count('w')}
  FROM windows w LEFT JOIN tk ON {touches('tk', 'w')}  -- no tickets: still a row of zeros
  GROUP BY w.w""")
    q.cte("pc", project_complaints("w", "windows"))
    q.cte("project_figures", """
  SELECT w, count(*) AS active_projects,
         count(*) FILTER (WHERE complaints > 0) AS projects_with_complaints
  FROM pc GROUP BY w""")
    q.cte("delivery_figures", f"""
  SELECT w.w, {DELIVERY_STATS}
  FROM proj JOIN windows w ON {in_window('proj.actual_golive_date', 'w')}
  GROUP BY w.w""")
    q.cte("c", f"""
  SELECT w.w, {COUNTS}
  FROM sv JOIN windows w ON {in_window('sv.submitted_at', 'w')}
  GROUP BY w.w""")
    frame = q.df(f"""
    SELECT w.w, t.*,
           coalesce(pf.active_projects, 0) AS active_projects,
           coalesce(pf.projects_with_complaints, 0) AS projects_with_complaints,
           coalesce(d.golives, 0) AS golives,
           d.delivery_cycle_median_days,
           coalesce(d.with_plan, 0) AS with_plan, coalesce(d.on_time, 0) AS on_time,
           {FIGURES}
    FROM windows w
    JOIN ticket_figures t USING (w)
    LEFT JOIN project_figures pf USING (w)
    LEFT JOIN delivery_figures d USING (w)
    LEFT JOIN c USING (w)
    ORDER BY w.w""", thresholds(settings))
    return [_headline_from(row) for row in frame.to_dict("records")]


def _quantiles(values: Any) -> tuple[Any, Any]:
    """(median, p90) from a quantile_cont list; (None, None) when there was nothing."""
    if values is None or len(values) == 0:
        return None, None
    return values[0], values[1]


def _headline_from(row: dict[str, Any]) -> dict[str, Any]:
    row = {k: plain(v) if not hasattr(v, "__len__") or isinstance(v, str) else v
           for k, v in row.items()}
    complaints = kpis_from_counts(row)
    reopens = reopen_from_counts(row)
    resolution_median, resolution_p90 = _quantiles(row["resolution_q"])
    first_response_median, _ = _quantiles(row["first_response_q"])
    judged = row["sla_resolved"] + row["sla_open_breached"]
    figures = {
        "projects_active": complaints.active_projects,
        "complaint_rate": complaints.complaint_rate,
        "complaints_per_100_tickets": complaints.complaints_per_100_tickets,
        "tickets_created": complaints.tickets,
        "tickets_resolved": reopens.resolved,
        "resolution_median_hours": resolution_median,
        "resolution_p90_hours": resolution_p90,
        "first_response_median_hours": first_response_median,
        "sla_attainment": row["sla_met"] / judged if judged else None,
        "backlog_open": row["backlog_open"],
        "delivery_cycle_median_days": row["delivery_cycle_median_days"],
        "on_time_golive_rate": row["on_time"] / row["with_plan"] if row["with_plan"] else None,
        "csat_pct": row["csat"],
        "csat_mean_0_100": row["mean_0_100"],
        "nps": row["nps"],
        "survey_responses": row["responses"],
    }
    return {k: plain(figures[k]) for k in HEADLINE_KEYS}


__all__ = ["HEADLINE_KEYS", "headline", "headlines"]
