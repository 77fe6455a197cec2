"""The rows behind a KPI: the tickets, projects or responses a figure is computed over, for
the click-through beside it. Each listing is built from the same CTEs (:mod:`._base`) as the
figure, so the list and the number cannot disagree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import SETTINGS, Settings
from ._base import base_query, in_window, open_at
from .complaints import complaint_tickets
from .cycle_times import backlog_tickets, ticket_durations
from .delivery import golives, schedule_slip
from .portfolio import project_health


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


__all__ = ["ROWS_BEHIND", "RowsShown", "active_projects", "closed_out_projects", "kpi_rows",
           "kpi_rows_shown", "sla_tickets", "survey_responses", "tickets_created",
           "tickets_resolved"]
