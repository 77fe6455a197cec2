"""Flow: time in status, reassignments, arrivals and departures, ageing work in progress.

Time in status reads the status history (see :mod:`analytics.status_history`): a ticket spent
in a status the time from the step's start to the next step's start. A step counts in the
period in which it *ended* (the ticket left the status then), as a resolution counts in the
period it happened; the status a ticket is still in is in the ageing WIP instead. Statuses are
named as the source wrote them (Awaiting User Info, 等待客户), not folded into the canonical
five, so the waits stay apart.

Arrivals and departures follow jira-agile-metrics' net-flow chart: arrivals are tickets
created in a period, departures tickets resolved in it, net flow = departures - arrivals (above
zero, the queue shrank). Ageing WIP: the tickets open at the period end by their current status,
with their age in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from ._base import age_days, base_query, check_grain, in_window, open_at, plain
from .working_time import add_calendar, add_history

Clock = Literal["wall", "business"]


def _steps(con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings, clock: Clock):
    """The query with ``steps``: every history step of a filtered ticket that ended in the
    period, with its ``hours`` on ``clock``."""
    if clock not in ("wall", "business"):
        raise ValueError(f"clock must be 'wall' or 'business', not {clock!r}")
    q, period = base_query(con, filters, settings)
    add_history(q, settings)
    if clock == "business":
        add_calendar(q, period, settings)
        from ..calendars import minutes_at_sql

        hours = f"({minutes_at_sql('h.to_ts', 'ce')} - {minutes_at_sql('h.from_ts', 'cs')}) / 60"
        joins = ("LEFT JOIN wcal cs ON cs.calendar = tk.calendar AND cs.day = CAST(h.from_ts AS DATE) "
                 "LEFT JOIN wcal ce ON ce.calendar = tk.calendar AND ce.day = CAST(h.to_ts AS DATE)")
    else:
        hours, joins = "date_diff('microsecond', h.from_ts, h.to_ts) / 3.6e9", ""
    q.cte("steps", f"""
  SELECT tk.ticket_id, tk.project_id, coalesce(h.status_label, h.status) AS status, h.paused,
         h.from_ts, h.to_ts, {hours} AS hours
  FROM hist h
  JOIN tk ON tk.ticket_id = h.ticket_id AND tk.project_id IS NOT DISTINCT FROM h.project_id
  CROSS JOIN bounds b {joins}
  WHERE h.to_ts IS NOT NULL AND {in_window('h.to_ts')}""")
    return q


def time_in_status(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, settings: Settings | None = None, clock: Clock = "wall") -> pd.DataFrame:
    """Per status: tickets that left it in the period, the median and p90 of a ticket's hours
    in it (all its steps in that status that ended in the period, added up), and the total.

    Columns: status, paused (a pause status), tickets, median_hours, p90_hours, total_hours.
    Hours are wall-clock hours, or working hours of each ticket's calendar for ``clock``
    "business".
    """
    q = _steps(con, filters, settings or load_settings(con), clock)
    q.cte("per_ticket", """
  SELECT status, ticket_id, project_id, bool_or(paused) AS paused, sum(hours) AS hours
  FROM steps GROUP BY ALL""")
    return q.df("""
    SELECT status, bool_or(paused) AS paused, count(*) AS tickets,
           quantile_cont(hours, 0.5) AS median_hours, quantile_cont(hours, 0.9) AS p90_hours,
           sum(hours) AS total_hours
    FROM per_ticket GROUP BY status
    ORDER BY total_hours DESC NULLS LAST, status""")


def ticket_status_hours(con: duckdb.DuckDBPyConnection, filters: Filters,
                        *, settings: Settings | None = None, clock: Clock = "wall") -> pd.DataFrame:
    """Per ticket and status: the steps that ended in the period and their hours on
    ``clock``. Columns: ticket_id, project_id, status, steps, hours."""
    q = _steps(con, filters, settings or load_settings(con), clock)
    return q.df("""
    SELECT ticket_id, project_id, status, count(*) AS steps, sum(hours) AS hours
    FROM steps GROUP BY ALL ORDER BY ticket_id, project_id, min(from_ts)""")


def reassignments(con: duckdb.DuckDBPyConnection, filters: Filters,
                  *, settings: Settings | None = None) -> dict[str, Any]:
    """Hand-offs between teams of the tickets resolved in the period.

    From the status history where it names teams: a reassignment is a step whose team differs
    from the ticket's previous named team; ping-pong is a reassignment back to a team the
    ticket had already left (A -> B -> A). Otherwise from a reassignment column
    (reassignment_count, ServiceNow's), which counts hand-offs but cannot tell ping-pong.

    Keys: tickets (resolved in the period), known (with a history naming teams or a count),
    reassigned (known tickets handed off at least once), reassignments (hand-offs in all),
    ping_pong (tickets that went back to a team they had left), ping_pong_known (tickets whose
    history can tell), reassigned_rate (reassigned / known).
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    add_history(q, settings)
    q.cte("resolved", "  SELECT tk.* FROM tk, bounds b WHERE " + in_window("tk.resolved_ts"))
    q.cte("teams", """
  SELECT r.ticket_id, r.project_id, h.team, h.from_ts,
         lag(h.team) OVER w AS before,
         count(*) OVER (PARTITION BY r.ticket_id, r.project_id, h.team ORDER BY h.from_ts
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen
  FROM hist h JOIN resolved r ON r.ticket_id = h.ticket_id
                               AND r.project_id IS NOT DISTINCT FROM h.project_id
  WHERE h.team IS NOT NULL
  WINDOW w AS (PARTITION BY r.ticket_id, r.project_id ORDER BY h.from_ts)""")
    q.cte("hops", """
  SELECT ticket_id, project_id,
         count(*) FILTER (WHERE before IS NOT NULL AND team <> before) AS hops,
         count(*) FILTER (WHERE before IS NOT NULL AND team <> before AND seen > 1) AS returns
  FROM teams GROUP BY ALL""")
    row = q.one("""
    SELECT count(*) AS tickets,
           count(*) FILTER (WHERE h.ticket_id IS NOT NULL OR r.reassignment_count IS NOT NULL) AS known,
           count(*) FILTER (WHERE coalesce(h.hops, r.reassignment_count) >= 1) AS reassigned,
           coalesce(sum(coalesce(h.hops, r.reassignment_count)), 0) AS reassignments,
           count(*) FILTER (WHERE h.returns >= 1) AS ping_pong,
           count(h.ticket_id) AS ping_pong_known
    FROM resolved r
    LEFT JOIN hops h ON h.ticket_id = r.ticket_id AND h.project_id IS NOT DISTINCT FROM r.project_id""")
    row["reassigned_rate"] = row["reassigned"] / row["known"] if row["known"] else None
    return row


def net_flow(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "week",
             settings: Settings | None = None) -> pd.DataFrame:
    """Arrivals (created), departures (resolved) and net flow (departures - arrivals) per
    week / month / quarter. Columns: period, arrivals, departures, net_flow."""
    settings = settings or load_settings(con)
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain, touching=True)
    q.cte("arrived", f"""
  SELECT CAST(date_trunc('{part}', tk.created_at) AS DATE) AS period, count(*) AS n
  FROM tk, bounds b WHERE {in_window('tk.created_at')} GROUP BY 1""")
    q.cte("departed", f"""
  SELECT CAST(date_trunc('{part}', tk.resolved_ts) AS DATE) AS period, count(*) AS n
  FROM tk, bounds b WHERE {in_window('tk.resolved_ts')} GROUP BY 1""")
    return q.df("""
    SELECT s.period, coalesce(a.n, 0) AS arrivals, coalesce(d.n, 0) AS departures,
           coalesce(d.n, 0) - coalesce(a.n, 0) AS net_flow
    FROM spine s LEFT JOIN arrived a USING (period) LEFT JOIN departed d USING (period)
    ORDER BY s.period""")


def ageing_wip(con: duckdb.DuckDBPyConnection, filters: Filters,
               *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets open at the period end by current status: how many, and their age in days
    (period end - created_at): median, p90, oldest. Columns: status, tickets,
    median_age_days, p90_age_days, oldest_age_days."""
    q, _ = base_query(con, filters, settings or load_settings(con), touching=True)
    return q.df(f"""
    SELECT coalesce(tk.status, '') AS status, count(*) AS tickets,
           quantile_cont(age, 0.5) AS median_age_days, quantile_cont(age, 0.9) AS p90_age_days,
           max(age) AS oldest_age_days
    FROM (SELECT tk.*, {age_days('tk')} AS age
          FROM tk, bounds b WHERE {open_at('tk')}) tk
    GROUP BY 1 ORDER BY tickets DESC, status""")


def flow(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), *, grain: str = "week",
         settings: Settings | None = None) -> dict[str, Any]:
    """Everything above as one JSON-ready dict (``python -m analytics flow --json``)."""
    def records(df: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
        return {str(r[key]): {k: plain(v) for k, v in r.items() if k != key}
                for r in df.to_dict("records")}

    settings = settings or load_settings(con)
    tis = time_in_status(con, filters, settings=settings)
    flows = net_flow(con, filters, grain=grain, settings=settings)
    return {
        "time_in_status": records(tis, "status"),
        "time_in_status_business": records(time_in_status(con, filters, settings=settings,
                                                          clock="business"), "status"),
        "net_flow": [{"period": str(pd.Timestamp(r["period"]).date()), "arrivals": int(r["arrivals"]),
                      "departures": int(r["departures"]), "net_flow": int(r["net_flow"])}
                     for r in flows.to_dict("records")],
        "ageing_wip": records(ageing_wip(con, filters, settings=settings), "status"),
        "reassignments": reassignments(con, filters, settings=settings),
    }


__all__ = ["FlowView", "ageing_wip", "flow", "flow_view", "net_flow", "reassignments", "ticket_status_hours",
           "time_in_status"]


@dataclass(frozen=True)
class FlowView:
    """What the Cycle times page's flow section draws, fetched together."""

    time_in_status: pd.DataFrame
    net_flow: pd.DataFrame
    ageing_wip: pd.DataFrame
    reassignments: dict[str, Any]


def flow_view(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
              clock: Clock = "wall", settings: Settings | None = None) -> FlowView:
    """Time in status on ``clock``, net flow per ``grain``, ageing WIP and reassignments."""
    settings = settings or load_settings(con)
    return FlowView(time_in_status(con, filters, settings=settings, clock=clock),
                    net_flow(con, filters, grain=grain, settings=settings),
                    ageing_wip(con, filters, settings=settings),
                    reassignments(con, filters, settings=settings))
