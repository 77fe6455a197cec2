"""Project delivery: how long projects take to go live, how late they are, where they stand.

Project dates are whole days. "Today" - the day slips of projects not yet live are measured
to - is a parameter so a figure can be reproduced; by default it is the latest day in the
store (or the period's last day when that is earlier), never the machine's clock.

- delivery cycle = actual_golive_date - kickoff_date, in days, for projects that went live in
  the period (median and p90; a negative cycle is a data error and left out).
- schedule slip = (actual go-live if live by today, else today) - planned go-live, in days.
  Positive = late; negative = early, or not due yet.
- on-time go-live rate = go-lives in the period with slip <= settings.golive_tolerance_days /
  go-lives in the period that had a planned date.
- renewal rate = closed-out contracts that renewed / contracts up for renewal: projects
  closed (closed_date) in the period, not cancelled, whose renewal outcome is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from ..filters import Filters
from ..schema import VOCABULARIES
from ..settings import SETTINGS, Settings
from ._base import Period, base_query, check_grain, in_window


@dataclass(frozen=True)
class DeliveryKpis:
    golives: int  # projects that went live in the period
    cycle_n: int  # ... with a usable kickoff date: the n behind the cycle figures
    delivery_cycle_median_days: float | None
    delivery_cycle_p90_days: float | None
    with_plan: int  # go-lives with a planned date: the on-time rate's denominator
    on_time: int
    on_time_golive_rate: float | None
    tolerance_days: int


# One row per project that went live in the period.
_GOLIVES = """
  SELECT * FROM proj WHERE golive_in_period"""

DELIVERY_STATS = """
  count(*)                                                            AS golives,
  count(*) FILTER (WHERE delivery_days >= 0)                          AS cycle_n,
  quantile_cont(delivery_days, 0.5) FILTER (WHERE delivery_days >= 0) AS delivery_cycle_median_days,
  quantile_cont(delivery_days, 0.9) FILTER (WHERE delivery_days >= 0) AS delivery_cycle_p90_days,
  count(golive_on_time)                                               AS with_plan,
  count(*) FILTER (WHERE golive_on_time)                              AS on_time"""


def delivery_kpis(con: duckdb.DuckDBPyConnection, filters: Filters,
                  settings: Settings = SETTINGS, *, period: Period | None = None) -> DeliveryKpis:
    """Go-lives in the period: delivery cycle median / p90 and the on-time go-live rate."""
    q, _ = base_query(con, filters, settings, period)
    q.cte("golives", _GOLIVES)
    row = q.one(f"SELECT {DELIVERY_STATS} FROM golives")
    return DeliveryKpis(
        **row,
        on_time_golive_rate=row["on_time"] / row["with_plan"] if row["with_plan"] else None,
        tolerance_days=int(settings.golive_tolerance_days),
    )


def delivery_trend(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str = "quarter",
                   settings: Settings = SETTINGS) -> pd.DataFrame:
    """Go-lives per week / month / quarter with their cycle and on-time figures (zeros and
    NULLs for periods without go-lives).

    Columns: period, golives, cycle_n, delivery_cycle_median_days, delivery_cycle_p90_days,
    with_plan, on_time, on_time_golive_rate, n (= golives).
    """
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain)
    q.cte("golives", _GOLIVES)
    q.cte("by_period", f"""
  SELECT CAST(date_trunc('{part}', actual_golive_date) AS DATE) AS period, {DELIVERY_STATS}
  FROM golives GROUP BY 1""")
    return q.df("""
    SELECT s.period,
           coalesce(g.golives, 0) AS golives,
           coalesce(g.cycle_n, 0) AS cycle_n,
           g.delivery_cycle_median_days, g.delivery_cycle_p90_days,
           coalesce(g.with_plan, 0) AS with_plan,
           coalesce(g.on_time, 0)   AS on_time,
           CAST(g.on_time AS DOUBLE) / nullif(g.with_plan, 0) AS on_time_golive_rate,
           coalesce(g.golives, 0) AS n
    FROM spine s LEFT JOIN by_period g USING (period)
    ORDER BY s.period""")


def golives(con: duckdb.DuckDBPyConnection, filters: Filters,
            settings: Settings = SETTINGS) -> pd.DataFrame:
    """The projects that went live in the period, in go-live order.

    Columns: project_id, project_name, customer, delivery_mode, implementation_lead,
    kickoff_date, planned_golive_date, actual_golive_date, delivery_days, slip_days
    (actual - planned), on_time.
    """
    q, _ = base_query(con, filters, settings)
    return q.df("""
    SELECT project_id, project_name, customer, delivery_mode, implementation_lead,
           kickoff_date, planned_golive_date, actual_golive_date, delivery_days,
           actual_golive_date - planned_golive_date AS slip_days,
           golive_on_time AS on_time
    FROM proj
    WHERE golive_in_period
    ORDER BY actual_golive_date, project_id""")


def schedule_slip(con: duckdb.DuckDBPyConnection, filters: Filters,
                  settings: Settings = SETTINGS, today: date | None = None) -> pd.DataFrame:
    """Schedule slip of every project active in the period, latest first (projects without
    a planned go-live last, with NULL slip).

    Columns: project_id, project_name, customer, phase, status, kickoff_date,
    planned_golive_date, actual_golive_date, live, as_of (today), slip_days, late
    (slip > tolerance).
    """
    q, _ = base_query(con, filters, settings, today=today)
    return q.df("""
    SELECT p.project_id, p.project_name, p.customer, p.phase, p.status, p.kickoff_date,
           p.planned_golive_date, p.actual_golive_date, p.live, b.today AS as_of,
           p.slip_days, p.slip_days > ? AS late
    FROM proj p, bounds b
    WHERE p.active
    ORDER BY p.slip_days DESC NULLS LAST, p.project_id""",
                [int(settings.golive_tolerance_days)])


def projects_by_phase(con: duckdb.DuckDBPyConnection, filters: Filters,
                      settings: Settings = SETTINGS) -> pd.DataFrame:
    """Active projects in the period by their (current) phase, in delivery order; every known
    phase is a row (zeros included), unknown phases follow, a missing phase is NULL.

    Columns: phase, projects, share.
    """
    q, _ = base_query(con, filters, settings)
    phases = list(VOCABULARIES["phase"])
    values = ", ".join("(?, ?)" for _ in phases)
    q.cte("phases", f"  SELECT * FROM (VALUES {values}) AS v(ord, phase)",
          [x for i, ph in enumerate(phases) for x in (i, ph)])
    q.cte("counts", "  SELECT phase, count(*) AS projects FROM proj WHERE active GROUP BY phase")
    return q.df("""
    SELECT coalesce(k.phase, c.phase) AS phase,
           coalesce(c.projects, 0) AS projects,
           coalesce(c.projects, 0) / nullif(sum(coalesce(c.projects, 0)) OVER (), 0) AS share
    FROM phases k
    FULL OUTER JOIN counts c ON c.phase IS NOT DISTINCT FROM k.phase
    ORDER BY k.ord NULLS LAST, c.phase NULLS LAST""")


@dataclass(frozen=True)
class RenewalRate:
    closed_out: int  # projects closed in the period (not cancelled)
    known: int  # ... whose renewal outcome is recorded: the denominator
    renewed: int
    rate: float | None


def renewal_rate(con: duckdb.DuckDBPyConnection, filters: Filters,
                 settings: Settings = SETTINGS) -> RenewalRate:
    """Closed-out contracts that renewed / contracts up for renewal (see module docstring).
    A closed project without a recorded outcome is unknown, not a loss, so it is left out of
    both sides."""
    q, _ = base_query(con, filters, settings)
    row = q.one(f"""
    SELECT count(*) AS closed_out,
           count(renewed) AS known,
           count(*) FILTER (WHERE renewed) AS renewed
    FROM proj, bounds b
    WHERE NOT cancelled AND {in_window('closed_date')}""")
    return RenewalRate(**row, rate=row["renewed"] / row["known"] if row["known"] else None)


__all__ = ["DeliveryKpis", "RenewalRate", "delivery_kpis", "delivery_trend", "golives",
           "schedule_slip", "projects_by_phase", "renewal_rate"]
