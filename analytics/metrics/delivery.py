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
- renewal rate = contracts that renewed / contracts up for renewal: projects whose contract
  term ended in the period (contract_end_date, else closed_date when the term is not
  recorded), not cancelled, whose renewal outcome is recorded. A renewed contract stays
  active, so counting closed projects alone would see only the ones that did not renew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from ..filters import Filters
from ..schema import VOCABULARIES
from ..settings import Settings, load_settings
from . import registry
from ._base import base_query, check_grain, in_window, values_sql


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
# The go-live measures (registry) and the columns of the delivery figures.
_MEASURES: tuple[str, ...] = ("golives", "cycle_n", "delivery_cycle_median_days",
                              "delivery_cycle_p90_days", "with_plan", "on_time")
_COLUMNS: tuple[str, ...] = (*_MEASURES, "on_time_golive_rate")


def delivery_kpis(con: duckdb.DuckDBPyConnection, filters: Filters,
                  *, settings: Settings | None = None) -> DeliveryKpis:
    """Go-lives in the period: delivery cycle median / p90 and the on-time go-live rate."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    q.cte("golives", _GOLIVES)
    q.cte("counts", f"  SELECT {registry.measure_sql(_MEASURES, 'b')} FROM golives")
    row = q.one(f"SELECT {registry.columns_sql(_COLUMNS, _MEASURES, auto=False)} FROM counts")
    return DeliveryKpis(**row, tolerance_days=int(settings.golive_tolerance_days))


def delivery_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "quarter",
                   settings: Settings | None = None) -> pd.DataFrame:
    """Go-lives per week / month / quarter with their cycle and on-time figures (zeros and
    NULLs for periods without go-lives).

    Columns: period, golives, cycle_n, delivery_cycle_median_days, delivery_cycle_p90_days,
    with_plan, on_time, on_time_golive_rate, n (= golives).
    """
    settings = settings or load_settings(con)
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain)
    q.cte("golives", _GOLIVES)
    q.cte("by_period", f"""
  SELECT CAST(date_trunc('{part}', actual_golive_date) AS DATE) AS period,
         {registry.measure_sql(_MEASURES, 'b')}
  FROM golives GROUP BY 1""")
    measures = registry.read(_MEASURES, "g")
    return q.df(f"""
    SELECT s.period, {registry.columns_sql(_COLUMNS, measures)}, {measures['golives']} AS n,
           s.unfinished
    FROM spine s LEFT JOIN by_period g USING (period)
    ORDER BY s.period""")


def golives(con: duckdb.DuckDBPyConnection, filters: Filters,
            *, settings: Settings | None = None) -> pd.DataFrame:
    """The projects that went live in the period, in go-live order.

    Columns: project_id, project_name, customer, delivery_mode, implementation_lead,
    kickoff_date, planned_golive_date, actual_golive_date, delivery_days, slip_days
    (actual - planned), on_time.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df("""
    SELECT project_id, project_name, customer, delivery_mode, implementation_lead,
           kickoff_date, planned_golive_date, actual_golive_date, delivery_days,
           date_diff('day', planned_golive_date, actual_golive_date) AS slip_days,
           golive_on_time AS on_time
    FROM proj
    WHERE golive_in_period
    ORDER BY actual_golive_date, project_id""")


def schedule_slip(con: duckdb.DuckDBPyConnection, filters: Filters,
                  *, settings: Settings | None = None, today: date | None = None) -> pd.DataFrame:
    """Schedule slip of every project active in the period, latest first (projects without
    a planned go-live last, with NULL slip).

    Columns: project_id, project_name, customer, phase, status, kickoff_date,
    planned_golive_date, actual_golive_date, live, as_of (today), slip_days, late
    (slip > tolerance).
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, today=today)
    return q.df("""
    SELECT p.project_id, p.project_name, p.customer, p.phase, p.status, p.kickoff_date,
           p.planned_golive_date, p.actual_golive_date, p.live, b.today AS as_of,
           p.slip_days, p.slip_days > $tolerance AS late
    FROM proj p, bounds b
    WHERE p.active
    ORDER BY p.slip_days DESC NULLS LAST, p.project_id""",
                {"tolerance": int(settings.golive_tolerance_days)})


def projects_by_phase(con: duckdb.DuckDBPyConnection, filters: Filters,
                      *, settings: Settings | None = None) -> pd.DataFrame:
    """Active projects in the period by their (current) phase, in delivery order; every known
    phase is a row (zeros included), unknown phases follow, a missing phase is NULL.

    Columns: phase, projects, share.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    phases = list(VOCABULARIES["phase"])
    values, params = values_sql("phase", list(enumerate(phases)))
    q.cte("phases", f"  SELECT * FROM (VALUES {values}) AS v(ord, phase)", params)
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
    up_for_renewal: int  # contracts whose term ended in the period (not cancelled)
    renewal_known: int  # ... whose renewal outcome is recorded: the denominator
    renewed: int
    renewal_rate: float | None


_RENEWALS: tuple[str, ...] = ("up_for_renewal", "renewal_known", "renewed")


def renewal_rate(con: duckdb.DuckDBPyConnection, filters: Filters,
                 *, settings: Settings | None = None) -> RenewalRate:
    """Contracts that renewed / contracts up for renewal (see module docstring). A contract
    without a recorded outcome is unknown, not a loss, so it is left out of both sides."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    q.cte("counts", f"""
  SELECT {registry.measure_sql(_RENEWALS, 'b')}
  FROM proj, bounds b
  WHERE NOT cancelled AND {in_window('renewal_due_date')}""")
    columns = registry.columns_sql((*_RENEWALS, "renewal_rate"), _RENEWALS, auto=False)
    return RenewalRate(**q.one(f"SELECT {columns} FROM counts"))


__all__ = ["DeliveryKpis", "RenewalRate", "delivery_kpis", "delivery_trend", "golives",
           "schedule_slip", "projects_by_phase", "renewal_rate"]
