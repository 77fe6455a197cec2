"""The rows behind a KPI: the tickets, projects or responses a figure is computed over, for
the click-through beside it. Each listing is built from the same CTEs (:mod:`._base`) as the
figure, so the list and the number cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import base_query, in_window, open_at, resolved_in
from .cycle_times import ticket_durations


def active_projects(con: duckdb.DuckDBPyConnection, filters: Filters,
                    *, settings: Settings | None = None) -> pd.DataFrame:
    """The projects counted as active in the period (the complaint rate's denominator), each
    with the complaints it raised in the period (> 0: in the numerator).

    Columns: project_id, project_name, customer, delivery_mode, phase, status, kickoff_date,
    closed_date, complaints, tickets.
    """
    settings = settings or load_settings(con)
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
                    *, settings: Settings | None = None) -> pd.DataFrame:
    """Tickets created in the period, newest first (complaints per 100 tickets' denominator).

    Columns: ticket_id, created_at, project_id, customer, type, complaint, priority, team,
    status, category.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT ticket_id, created_at, project_id, customer, type, complaint, priority, team,
           status, category
    FROM tk, bounds b
    WHERE {in_window('tk.created_at')}
    ORDER BY created_at DESC, ticket_id""")


def tickets_resolved(con: duckdb.DuckDBPyConnection, filters: Filters,
                     *, settings: Settings | None = None) -> pd.DataFrame:
    """Tickets resolved in the period with their reopen count (the reopen rate's rows).

    Columns: ticket_id, created_at, resolved_at, project_id, customer, priority, team,
    resolution_hours, reopened_count.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT ticket_id, created_at, resolved_ts AS resolved_at, project_id, customer, priority,
           team, resolution_hours, reopened_count
    FROM tk, bounds b
    WHERE {in_window('tk.resolved_ts')}
    ORDER BY resolved_ts DESC, ticket_id""")


def sla_tickets(con: duckdb.DuckDBPyConnection, filters: Filters,
                *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets SLA attainment judges, each with its outcome: ``met`` and ``missed``
    (resolved in the period) or ``open_breached`` (open at the period end, past target).

    Columns: ticket_id, created_at, priority, team, customer, target_at, resolved_at,
    resolution_hours, outcome.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    resolved = resolved_in()
    return q.df(f"""
    SELECT ticket_id, created_at, priority, team, customer, target_at,
           resolved_ts AS resolved_at,
           CASE WHEN tk.resolution_hours >= 0 THEN tk.resolution_hours END AS resolution_hours,
           CASE WHEN {resolved}
                THEN CASE WHEN tk.resolved_ts <= tk.target_at THEN 'met' ELSE 'missed' END
                ELSE 'open_breached' END AS outcome
    FROM tk, bounds b
    WHERE tk.target_at IS NOT NULL
      AND ({resolved} OR ({open_at('tk')} AND tk.target_at < b.as_of))
    ORDER BY outcome DESC, created_at, ticket_id""")


def survey_responses(con: duckdb.DuckDBPyConnection, filters: Filters,
                     *, settings: Settings | None = None) -> pd.DataFrame:
    """Every survey response submitted in the period (CSAT's, NPS's and the response count's
    rows), newest first.

    Columns: response_id, submitted_at, project_id, project_name, customer, touchpoint, team,
    respondent_role, score, scale, score_0_100, satisfied, nps, comment.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT response_id, submitted_at, project_id, project_name, customer, touchpoint, team,
           respondent_role, score, scale, score_0_100, satisfied, nps, comment
    FROM sv, bounds b
    WHERE {in_window('sv.submitted_at')}
    ORDER BY submitted_at DESC, response_id""")


def renewal_projects(con: duckdb.DuckDBPyConnection, filters: Filters,
                     *, settings: Settings | None = None) -> pd.DataFrame:
    """Contracts that came up for renewal in the period (renewal_due_date: the term end,
    else the closing day), not cancelled: the renewal rate's rows, renewed or not, still
    active or closed; ``renewed`` empty where the outcome is not recorded.

    Columns: project_id, project_name, customer, renewal_due_date, contract_end_date,
    closed_date, status, renewed.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT project_id, project_name, customer, renewal_due_date, contract_end_date,
           closed_date, status, renewed
    FROM proj, bounds b
    WHERE NOT cancelled AND {in_window('renewal_due_date')}
    ORDER BY renewal_due_date DESC, project_id""")


def resolution_durations(con: duckdb.DuckDBPyConnection, filters: Filters,
                         *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets behind the resolution figures (see :func:`.cycle_times.ticket_durations`)."""
    settings = settings or load_settings(con)
    return ticket_durations(con, filters, measure="resolution", settings=settings)


def first_response_durations(con: duckdb.DuckDBPyConnection, filters: Filters,
                             *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets behind the first-response figures."""
    settings = settings or load_settings(con)
    return ticket_durations(con, filters, measure="first_response", settings=settings)


def resolution_business_durations(con: duckdb.DuckDBPyConnection, filters: Filters,
                                  *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets behind the business-hours resolution figures, hours in business hours."""
    return ticket_durations(con, filters, measure="resolution", settings=settings,
                            clock="business")


def first_response_business_durations(con: duckdb.DuckDBPyConnection, filters: Filters,
                                      *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets behind the business-hours first-response figures."""
    return ticket_durations(con, filters, measure="first_response", settings=settings,
                            clock="business")


def _listing(name: str) -> Callable[..., pd.DataFrame]:
    """The :mod:`analytics.metrics` function a KPI's ``rows`` names."""
    from .. import metrics  # the package, complete by the time a listing is asked for

    fn = getattr(metrics, name, None)
    if not callable(fn):
        raise ValueError(f"no listing function {name!r} in analytics.metrics")
    return fn


class _RowsBehind(Mapping[str, Callable[..., pd.DataFrame]]):
    """KPI key -> the function listing the rows it is computed over, from the registry."""

    def __getitem__(self, key: str) -> Callable[..., pd.DataFrame]:
        entry = registry.get(key)
        if entry is None or entry.rows is None:
            raise KeyError(key)
        return _listing(entry.rows)

    def __iter__(self) -> Iterator[str]:
        return iter([k.key for k in registry.kpis() if k.rows])

    def __len__(self) -> int:
        return sum(1 for k in registry.kpis() if k.rows)


ROWS_BEHIND: Mapping[str, Callable[..., pd.DataFrame]] = _RowsBehind()


def kpi_rows(con: duckdb.DuckDBPyConnection, filters: Filters, *, key: str,
             settings: Settings | None = None) -> pd.DataFrame:
    """The tickets, projects or responses the KPI ``key`` counts, for the click-through
    beside its figure."""
    settings = settings or load_settings(con)
    try:
        fn = ROWS_BEHIND[key]
    except KeyError:
        raise ValueError(f"no row listing for KPI {key!r}") from None
    return fn(con, filters, settings=settings)


@dataclass(frozen=True)
class RowsShown:
    """The first rows of a listing (in its own order) and how many it has in all."""

    rows: pd.DataFrame
    total: int


def kpi_rows_shown(con: duckdb.DuckDBPyConnection, filters: Filters, *, key: str, limit: int,
                   settings: Settings | None = None) -> RowsShown:
    """:func:`kpi_rows`, keeping the first ``limit`` rows: what a page lists and caches (a
    duration KPI over a large portfolio stands on a million tickets)."""
    settings = settings or load_settings(con)
    rows = kpi_rows(con, filters, key=key, settings=settings)
    return RowsShown(rows.head(limit).reset_index(drop=True), len(rows))


__all__ = ["ROWS_BEHIND", "RowsShown", "active_projects", "renewal_projects",
           "first_response_durations", "kpi_rows", "kpi_rows_shown", "resolution_durations",
           "resolution_business_durations", "first_response_business_durations",
           "sla_tickets", "survey_responses", "tickets_created", "tickets_resolved"]
