"""Complaints: how many of our running projects complain, and how loudly.

A *complaint* is a ticket with ``is_complaint`` true (ingest derives it from the type, the
category or a complaint column), else one whose type is ``complaint``. Complaints are dated
by ``created_at``: a complaint belongs to the period in which the customer raised it.

Three figures, each with its population named:

- complaint rate = active projects with >= 1 complaint created in the period / active
  projects (DESIGN's "active": started by the period end, not closed before its start, not
  cancelled). Complaints on inactive projects or without a project are not in it.
- complaints per 100 tickets = complaint tickets created / tickets created, x 100. Every
  ticket counts here, with or without a project.
- complaints per active project = complaint tickets created / active projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import active, age_days, base_query, check_grain, in_window, open_at, ratio

ComplaintDimension = Literal["customer", "category", "team", "delivery_mode", "priority",
                             "project"]

# Dimensions that belong to a project, so the project-based rate can be split by them too.
_PROJECT_LEVEL: dict[str, str] = {"customer": "customer", "delivery_mode": "delivery_mode",
                                  "project": "project_id"}
# Ticket column behind each dimension.
_TICKET_LEVEL: dict[str, str] = {"customer": "customer", "category": "category", "team": "team",
                                 "delivery_mode": "delivery_mode", "priority": "priority",
                                 "project": "project_id"}


@dataclass(frozen=True)
class ComplaintKpis:
    projects_active: int
    projects_with_complaints: int
    complaint_rate: float | None
    tickets_created: int
    complaints: int
    complaints_per_100_tickets: float | None
    complaints_per_active_project: float | None


# The complaint figures' columns, in the order the frames show them.
_COLUMNS: tuple[str, ...] = ("projects_active", "projects_with_complaints", "complaint_rate",
                             "tickets_created", "complaints", "complaints_per_100_tickets",
                             "complaints_per_active_project")
_PROJECT_MEASURES: tuple[str, ...] = ("projects_active", "projects_with_complaints")
_TICKET_MEASURES: tuple[str, ...] = ("tickets_created", "complaints")


def project_complaints(w: str = "b", windows: str = "bounds") -> str:
    """Per project active in window ``w`` (a row of ``windows``: the period's bounds, or one
    of several windows with a key ``w``): how many complaints it raised in the window."""
    key = "" if windows == "bounds" else f"{w}.w, "
    return f"""
  SELECT {key}p.project_id, p.customer, p.delivery_mode,
         count(tk.ticket_id) AS complaints
  FROM proj p
  JOIN {windows} {w} ON {active('p', w)}
  LEFT JOIN tk ON tk.project_id = p.project_id AND tk.complaint
              AND {in_window('tk.created_at', w)}
  GROUP BY ALL"""


def complaint_kpis(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, settings: Settings | None = None) -> ComplaintKpis:
    """The three complaint figures over the whole period (see the module docstring)."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    q.cte("pc", project_complaints())
    q.cte("projects_counted", f"  SELECT {registry.measure_sql(_PROJECT_MEASURES, 'b')}\n"
                              "  FROM pc, bounds b")
    q.cte("tickets_counted", f"  SELECT {registry.measure_sql(_TICKET_MEASURES, 'b')}\n"
                             "  FROM tk, bounds b")
    row = q.one(f"""
    SELECT {registry.columns_sql(_COLUMNS, _PROJECT_MEASURES + _TICKET_MEASURES, auto=False)}
    FROM projects_counted, tickets_counted""")
    return ComplaintKpis(**row)


def complaint_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
                    settings: Settings | None = None) -> pd.DataFrame:
    """The complaint figures per week / month / quarter.

    Each period is its own window: a project counts as active in a month when it was active in
    that month, and complaints count in the month they were raised. The first and last periods
    are clipped to the filter range. Periods without tickets are rows of zeros (rates NULL when
    their denominator is 0).

    Columns: period, projects_active, projects_with_complaints, complaint_rate,
    tickets_created, complaints, complaints_per_100_tickets, complaints_per_active_project,
    n (= projects_active, the complaint rate's denominator), low_confidence (n below
    settings.low_confidence_n, as the satisfaction trend flags its points).
    """
    settings = settings or load_settings(con)
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain, touching=True)
    q.cte("active_by_period", f"""
  SELECT s.period, p.project_id
  FROM spine s JOIN proj p ON {active('p', 's')}""")
    q.cte("complaining_by_period", f"""
  SELECT DISTINCT CAST(date_trunc('{part}', tk.created_at) AS DATE) AS period, tk.project_id
  FROM tk, bounds b
  WHERE tk.complaint AND {in_window('tk.created_at')}""")
    q.cte("tickets_by_period", f"""
  SELECT CAST(date_trunc('{part}', tk.created_at) AS DATE) AS period,
         count(*) AS tickets_created, count(*) FILTER (WHERE tk.complaint) AS complaints
  FROM tk, bounds b
  WHERE {in_window('tk.created_at')}
  GROUP BY 1""")
    q.cte("projects_by_period", """
  SELECT a.period, count(*) AS projects_active, count(c.project_id) AS projects_with_complaints
  FROM active_by_period a
  LEFT JOIN complaining_by_period c USING (period, project_id)
  GROUP BY 1""")
    measures = {**registry.read(_PROJECT_MEASURES, "pp"), **registry.read(_TICKET_MEASURES, "tp")}
    df = q.df(f"""
    SELECT s.period,
           {registry.columns_sql(_COLUMNS, measures)},
           {measures['projects_active']} AS n, s.unfinished
    FROM spine s
    LEFT JOIN projects_by_period pp USING (period)
    LEFT JOIN tickets_by_period tp USING (period)
    ORDER BY s.period""")
    df["low_confidence"] = df["n"] < int(settings.low_confidence_n)
    return df


def complaint_breakdown(con: duckdb.DuckDBPyConnection, filters: Filters,
                        *, by: ComplaintDimension = "customer",
                        settings: Settings | None = None) -> pd.DataFrame:
    """The complaint figures split by customer, category, team, delivery mode, priority or
    project, over the whole period.

    The project-based figures (projects_active, projects_with_complaints, complaint_rate,
    complaints_per_active_project) exist only for project-level dimensions (customer,
    delivery_mode, project); for ticket-level ones (category, team, priority) a project has
    no single value, so they are NULL. A NULL dimension value is its own row.

    Columns: <by>, projects_active, projects_with_complaints, complaint_rate,
    tickets_created, complaints, complaints_per_100_tickets, complaints_per_active_project,
    share_of_complaints, n (= tickets created), low_confidence (a project-level row's
    complaint_rate rests on fewer than settings.small_group_n active projects; NULL for
    ticket-level dimensions).
    Sorted by complaints, most first.
    """
    settings = settings or load_settings(con)
    if by not in _TICKET_LEVEL:
        raise ValueError(f"by must be one of {', '.join(_TICKET_LEVEL)}, not {by!r}")
    q, _ = base_query(con, filters, settings, touching=True)
    ticket_col = _TICKET_LEVEL[by]
    q.cte("tickets_by_key", f"""
  SELECT tk.{ticket_col} AS key, count(*) AS tickets_created,
         count(*) FILTER (WHERE tk.complaint) AS complaints
  FROM tk, bounds b
  WHERE {in_window('tk.created_at')}
  GROUP BY 1""")
    if by in _PROJECT_LEVEL:
        q.cte("pc", project_complaints())
        q.cte("projects_by_key", f"""
  SELECT {_PROJECT_LEVEL[by]} AS key, count(*) AS projects_active,
         count(*) FILTER (WHERE complaints > 0) AS projects_with_complaints
  FROM pc GROUP BY 1""")
    else:
        q.cte("projects_by_key", """
  SELECT CAST(NULL AS VARCHAR) AS key, CAST(NULL AS BIGINT) AS projects_active,
         CAST(NULL AS BIGINT) AS projects_with_complaints
  WHERE false""")
    zero = "0" if by in _PROJECT_LEVEL else "NULL"  # ticket-level: no project figures
    measures = {"projects_active": f"coalesce(pp.projects_active, {zero})",
                "projects_with_complaints": f"coalesce(pp.projects_with_complaints, {zero})",
                **registry.read(_TICKET_MEASURES, "tp")}
    complaints = measures["complaints"]
    df = q.df(f"""
    SELECT coalesce(tp.key, pp.key) AS {by},
           {registry.columns_sql(_COLUMNS, measures)},
           {ratio(complaints, f'sum({complaints}) OVER ()')} AS share_of_complaints,
           {measures['tickets_created']} AS n
    FROM tickets_by_key tp
    FULL OUTER JOIN projects_by_key pp ON pp.key IS NOT DISTINCT FROM tp.key
    ORDER BY complaints DESC, tickets_created DESC, {by} NULLS LAST""")
    df["low_confidence"] = (df["projects_active"] < int(settings.small_group_n)
                            if by in _PROJECT_LEVEL else None)
    return df


def top_complaint_categories(con: duckdb.DuckDBPyConnection, filters: Filters,
                             *, limit: int = 10, settings: Settings | None = None) -> pd.DataFrame:
    """The categories with the most complaints raised in the period.

    Columns: category, complaints, share (of all complaints in the period), projects
    (distinct projects affected), open_at_end (still open at the period end).
    Ties are broken by category name so the order is stable.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    return q.df(f"""
    SELECT tk.category,
           count(*) AS complaints,
           count(*) / sum(count(*)) OVER () AS share,
           count(DISTINCT tk.project_id) AS projects,
           count(*) FILTER (WHERE {open_at('tk')}) AS open_at_end
    FROM tk, bounds b
    WHERE tk.complaint AND {in_window('tk.created_at')}
    GROUP BY tk.category
    ORDER BY complaints DESC, tk.category NULLS LAST
    LIMIT $limit""", {"limit": int(limit)})


def complaint_tickets(con: duckdb.DuckDBPyConnection, filters: Filters,
                      *, settings: Settings | None = None) -> pd.DataFrame:
    """Every complaint raised in the period, newest first.

    Columns: ticket_id, created_at, project_id, project_name, customer, category, priority,
    team, status, resolved_at (resolved, else closed), resolution_hours, open_at_end,
    age_days (at the period end, open ones only).
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    return q.df(f"""
    SELECT tk.ticket_id, tk.created_at, tk.project_id, tk.project_name, tk.customer,
           tk.category, tk.priority, tk.team, tk.status,
           tk.resolved_ts AS resolved_at,
           CASE WHEN tk.resolution_hours >= 0 THEN tk.resolution_hours END AS resolution_hours,
           {open_at('tk')} AS open_at_end,
           CASE WHEN {open_at('tk')}
                THEN {age_days('tk')} END AS age_days
    FROM tk, bounds b
    WHERE tk.complaint AND {in_window('tk.created_at')}
    ORDER BY tk.created_at DESC, tk.ticket_id""")


__all__ = ["ComplaintKpis", "project_complaints", "complaint_kpis", "complaint_trend", "complaint_breakdown",
           "top_complaint_categories", "complaint_tickets"]
