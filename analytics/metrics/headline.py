"""The headline figures: the one dict behind the overview page, the retro table and
``python -m analytics metrics --json``.

The keys are the CLI contract in DESIGN.md, exactly. Every value is an int, a float or None
(None when a figure cannot be computed: a rate of nothing, a median of no durations), so the
dict serialises to JSON as is. Rates are fractions in [0, 1]. Each figure comes from the
module that defines it, over one shared period, so the headline and the detail pages cannot
disagree.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ..filters import Filters
from ..settings import SETTINGS, Settings
from ._base import plain, resolve_period
from .complaints import complaint_kpis
from .cycle_times import backlog, cycle_time_stats, reopen_rate, sla_attainment
from .delivery import delivery_kpis
from .satisfaction import satisfaction_summary

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
    period = resolve_period(con, filters)
    complaints = complaint_kpis(con, filters, settings, period=period)
    cycle = cycle_time_stats(con, filters, None, settings, period=period).iloc[0]
    sla = sla_attainment(con, filters, None, settings, period=period).iloc[0]
    reopens = reopen_rate(con, filters, settings, period=period)
    open_tickets = backlog(con, filters, settings, period=period)["tickets"].sum()
    delivery = delivery_kpis(con, filters, settings, period=period)
    surveys = satisfaction_summary(con, filters, settings, period=period)
    figures = {
        "projects_active": complaints.active_projects,
        "complaint_rate": complaints.complaint_rate,
        "complaints_per_100_tickets": complaints.complaints_per_100_tickets,
        "tickets_created": complaints.tickets,
        "tickets_resolved": reopens.resolved,
        "resolution_median_hours": cycle["resolution_median_hours"],
        "resolution_p90_hours": cycle["resolution_p90_hours"],
        "first_response_median_hours": cycle["first_response_median_hours"],
        "sla_attainment": sla["attainment"],
        "backlog_open": open_tickets,
        "delivery_cycle_median_days": delivery.delivery_cycle_median_days,
        "on_time_golive_rate": delivery.on_time_golive_rate,
        "csat_pct": surveys.csat,
        "csat_mean_0_100": surveys.mean_0_100,
        "nps": surveys.nps,
        "survey_responses": surveys.responses,
    }
    return {k: plain(figures[k]) for k in HEADLINE_KEYS}


__all__ = ["HEADLINE_KEYS", "headline"]
