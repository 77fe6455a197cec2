"""The quarterly retrospective: a quarter against the previous quarter and the same quarter a
year before.

- every headline KPI in the three quarters, with deltas (current - comparison; rates in
  fraction points) and whether the change is good, per the dictionary's higher_is_better;
- the biggest movers: projects whose complaints, CSAT or schedule slip changed most from the
  previous quarter;
- complaint categories that rose;
- the quarter's go-lives.

The filters' dimensions apply; their dates are replaced by the quarters'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from ._base import (Query, add_bounds, add_projects, add_surveys, add_tickets, resolve_period,
                    store_clock)
from . import registry
from .delivery import golives
from .dictionary import METRICS
from .headline import headlines

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2025Q2', '2025-Q2' or '2025 q2'."""
        m = _QUARTER.match(text)
        if not m:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2025Q2)")
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def last_day(self) -> date:
        nxt = self.next()
        return date.fromordinal(nxt.first_day.toordinal() - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + (self.q == 4), self.q % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.q == 1), (self.q - 2) % 4 + 1)

    def year_before(self) -> Quarter:
        return Quarter(self.year - 1, self.q)

    def filters(self, base: Filters) -> Filters:
        return base.with_period(self.first_day, self.last_day)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"


# The measures biggest_movers compares per project: KPIs of the registry, so each has its unit
# and good direction there.
MOVER_MEASURES: tuple[str, ...] = ("complaints", "csat_pct", "schedule_slip_days")


def _as_quarter(quarter: str | Quarter) -> Quarter:
    return quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)


def _better(delta: float | None, higher_is_better: bool | None) -> bool | None:
    if delta is None or higher_is_better is None or delta == 0:
        return None
    return (delta > 0) == higher_is_better


def retro_kpis(con: duckdb.DuckDBPyConnection, filters: Filters, *, quarter: str | Quarter,
               settings: Settings | None = None) -> pd.DataFrame:
    """Every headline KPI for the quarter, the previous quarter and the same quarter a year
    before.

    Columns: key, name_en, name_zh, unit, higher_is_better, current, previous, year_ago,
    delta_previous, delta_year_ago, better_vs_previous, better_vs_year_ago (True / False, None
    when unchanged, not computable, or a volume with no good direction), target (the KPI's
    target under ``settings``, None without one) and on_target (the quarter's figure against
    it; None without a target or a figure).
    """
    settings = settings or load_settings(con)
    qtr = _as_quarter(quarter)
    cur, prev, ago = headlines(con, [qtr.filters(filters), qtr.previous().filters(filters),
                                     qtr.year_before().filters(filters)], settings=settings)

    def delta(a, b):
        return None if a is None or b is None else a - b

    rows = []
    for key in registry.headline_keys():  # the registry's headline KPIs, not data rows
        m = METRICS[key]
        d_prev, d_ago = delta(cur[key], prev[key]), delta(cur[key], ago[key])
        rows.append(dict(key=key, name_en=m.name_en, name_zh=m.name_zh,
                         unit=registry.kpi(key).unit,
                         higher_is_better=m.higher_is_better, current=cur[key],
                         previous=prev[key], year_ago=ago[key], delta_previous=d_prev,
                         delta_year_ago=d_ago,
                         better_vs_previous=_better(d_prev, m.higher_is_better),
                         better_vs_year_ago=_better(d_ago, m.higher_is_better),
                         target=registry.target(key, settings),
                         on_target=registry.on_target(key, cur[key], settings)))
    # object columns: each row has its own unit, ints stay ints and "not computable" stays None
    return pd.DataFrame(rows, dtype=object)


# A project's slip on a window's day: (go-live if live by then, else that day) - planned.
_SLIP = ("date_diff('day', p.planned_golive_date, CASE WHEN p.actual_golive_date <= w.today"
         " THEN p.actual_golive_date ELSE w.today END)")


def _two_quarter_query(con: duckdb.DuckDBPyConnection, filters: Filters, qtr: Quarter,
                       settings: Settings) -> Query:
    """``bounds`` spanning both quarters plus ``windows``: one row per quarter (cur, prev)
    with its own start, end and as-of day."""
    prev = qtr.previous()
    span = filters.with_period(prev.first_day, qtr.last_day)
    q = Query(con)
    clock = store_clock(con)  # read once for the three periods
    add_bounds(q, resolve_period(con, span, clock=clock))
    add_projects(q, span, settings)
    add_tickets(q, span, settings, touching=True)
    add_surveys(q, span)
    selects, params = [], {}
    for label, part in (("cur", qtr), ("prev", prev)):
        p = resolve_period(con, part.filters(filters), clock=clock)
        selects.append(f"  SELECT '{label}' AS w, CAST(${label}_start_ts AS TIMESTAMP) AS start_ts,"
                       f" CAST(${label}_end_ts AS TIMESTAMP) AS end_ts,"
                       f" CAST(${label}_today AS DATE) AS today")
        params.update({f"{label}_start_ts": p.start_ts, f"{label}_end_ts": p.end_ts,
                       f"{label}_today": p.today})
    q.cte("windows", "\n  UNION ALL\n".join(selects), params)
    return q


def biggest_movers(con: duckdb.DuckDBPyConnection, filters: Filters, *, quarter: str | Quarter,
                   limit: int = 5, settings: Settings | None = None) -> pd.DataFrame:
    """Projects whose complaints, CSAT or schedule slip changed most from the previous
    quarter, up to ``limit`` per measure, largest absolute change first.

    - complaints: complaint tickets created in each quarter (projects with a complaint in
      either).
    - csat_pct: CSAT (fraction) of the project's scored responses in each quarter; only
      projects with at least ``settings.small_group_n`` scored responses in both (a CSAT on
      one or two answers is not a move).
    - schedule_slip_days: slip at each quarter's last day (actual go-live if live by then, else that
      day, minus planned); only projects started by the previous quarter's end, not
      cancelled, and late at either point. A project still not live grows by the days
      between the two quarter ends.
    Unchanged projects are not movers.

    Columns: measure, project_id, project_name, customer, previous, current, change,
    previous_n, current_n (responses behind a CSAT; NULL otherwise), better.
    """
    settings = settings or load_settings(con)
    qtr = _as_quarter(quarter)
    q = _two_quarter_query(con, filters, qtr, settings)
    q.cte("complaint_counts", """
  SELECT tk.project_id,
         count(*) FILTER (WHERE w.w = 'cur')  AS cur,
         count(*) FILTER (WHERE w.w = 'prev') AS prev
  FROM tk JOIN windows w ON tk.created_at >= w.start_ts AND tk.created_at < w.end_ts
  WHERE tk.complaint AND tk.project_id IS NOT NULL
  GROUP BY tk.project_id""")
    q.cte("csat", """
  SELECT sv.project_id,
         count(sv.satisfied) FILTER (WHERE w.w = 'cur')  AS cur_n,
         count(sv.satisfied) FILTER (WHERE w.w = 'prev') AS prev_n,
         count(*) FILTER (WHERE w.w = 'cur' AND sv.satisfied)
           / nullif(count(sv.satisfied) FILTER (WHERE w.w = 'cur'), 0)  AS cur,
         count(*) FILTER (WHERE w.w = 'prev' AND sv.satisfied)
           / nullif(count(sv.satisfied) FILTER (WHERE w.w = 'prev'), 0) AS prev
  FROM sv JOIN windows w ON sv.submitted_at >= w.start_ts AND sv.submitted_at < w.end_ts
  WHERE sv.project_id IS NOT NULL
  GROUP BY sv.project_id""")
    q.cte("slips", f"""
  SELECT p.project_id,
         max({_SLIP}) FILTER (WHERE w.w = 'cur')  AS cur,
         max({_SLIP}) FILTER (WHERE w.w = 'prev') AS prev
  FROM proj p CROSS JOIN windows w
  WHERE NOT p.cancelled AND p.planned_golive_date IS NOT NULL
    AND coalesce(p.kickoff_date, p.signed_date) <= w.today
  GROUP BY p.project_id""")
    better = {k: str(registry.kpi(k).higher_is_better).lower() for k in MOVER_MEASURES}
    q.cte("changes", f"""
  SELECT 'complaints' AS measure, project_id, CAST(prev AS DOUBLE) AS previous,
         CAST(cur AS DOUBLE) AS current, CAST(NULL AS BIGINT) AS previous_n,
         CAST(NULL AS BIGINT) AS current_n, {better['complaints']} AS higher_is_better
  FROM complaint_counts
  UNION ALL
  SELECT 'csat_pct', project_id, prev, cur, prev_n, cur_n, {better['csat_pct']}
  FROM csat WHERE cur_n >= $movers_min_n AND prev_n >= $movers_min_n
  UNION ALL
  SELECT 'schedule_slip_days', project_id, prev, cur, NULL, NULL, {better['schedule_slip_days']}
  FROM slips WHERE cur IS NOT NULL AND prev IS NOT NULL AND (cur > 0 OR prev > 0)""",
          {"movers_min_n": max(1, int(settings.small_group_n))})
    return q.df("""
    SELECT c.measure, c.project_id, p.project_name, p.customer, c.previous, c.current,
           c.current - c.previous AS change, c.previous_n, c.current_n,
           (c.current - c.previous > 0) = c.higher_is_better AS better
    FROM changes c
    LEFT JOIN proj p USING (project_id)
    WHERE c.current <> c.previous
    QUALIFY row_number() OVER (PARTITION BY c.measure
                               ORDER BY abs(c.current - c.previous) DESC, c.project_id) <= $limit
    ORDER BY c.measure, abs(c.current - c.previous) DESC, c.project_id""", {"limit": int(limit)})


def rising_complaint_categories(con: duckdb.DuckDBPyConnection, filters: Filters,
                                *, quarter: str | Quarter,
                                settings: Settings | None = None) -> pd.DataFrame:
    """Complaint categories with more complaints this quarter than the previous one, the
    largest rise first.

    Columns: category, previous, current, change.
    """
    settings = settings or load_settings(con)
    qtr = _as_quarter(quarter)
    q = _two_quarter_query(con, filters, qtr, settings)
    return q.df("""
    SELECT tk.category,
           count(*) FILTER (WHERE w.w = 'prev') AS previous,
           count(*) FILTER (WHERE w.w = 'cur')  AS current,
           current - previous AS change
    FROM tk JOIN windows w ON tk.created_at >= w.start_ts AND tk.created_at < w.end_ts
    WHERE tk.complaint
    GROUP BY tk.category
    HAVING current > previous
    ORDER BY change DESC, current DESC, tk.category NULLS LAST""")


@dataclass(frozen=True)
class Retro:
    quarter: str
    previous: str
    year_ago: str
    kpis: pd.DataFrame
    movers: pd.DataFrame
    rising_categories: pd.DataFrame
    golives: pd.DataFrame


def retro(con: duckdb.DuckDBPyConnection, filters: Filters, *, quarter: str | Quarter,
          settings: Settings | None = None, movers_limit: int = 5) -> Retro:
    """Everything the quarterly retro shows and exports."""
    settings = settings or load_settings(con)
    qtr = _as_quarter(quarter)
    return Retro(
        quarter=str(qtr), previous=str(qtr.previous()), year_ago=str(qtr.year_before()),
        kpis=retro_kpis(con, filters, quarter=qtr, settings=settings),
        movers=biggest_movers(con, filters, quarter=qtr, limit=movers_limit, settings=settings),
        rising_categories=rising_complaint_categories(con, filters, quarter=qtr, settings=settings),
        golives=golives(con, qtr.filters(filters), settings=settings),
    )


__all__ = ["MOVER_MEASURES", "Quarter", "Retro", "retro", "retro_kpis", "biggest_movers",
           "rising_complaint_categories"]
