"""Ticket cycle times, SLA attainment, backlog and reopens.

Durations are DOUBLE hours from ``created_at``:

- resolution time ends at ``resolved_at``, else ``closed_at``; it belongs to the period in
  which the ticket was resolved.
- first response time ends at ``first_response_at``; it belongs to the period in which the
  first response happened. A ticket without one has no first response time (it is not
  imputed from the resolution).

Medians and p90 use ``quantile_cont`` (linear interpolation, numpy's default), never the
mean alone. A negative duration is a data error: it is excluded from every figure and listed
by :func:`duration_issues`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import (Period, Query, age_days, base_query, check_grain, in_window, open_at,
                    resolved_in, responded_in, values_sql)
from .working_time import on_clock

CycleDimension = Literal["priority", "team", "customer", "type", "project", "category"]
Clock = Literal["wall", "business"]
Measure = Literal["resolution", "first_response"]

_DIMENSIONS: dict[str, str] = {"priority": "priority", "team": "team", "customer": "customer",
                               "type": "type", "project": "project_id", "category": "category"}


def _dimension(by: str | None) -> str | None:
    if by is None:
        return None
    if by not in _DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(_DIMENSIONS)} or None, not {by!r}")
    return _DIMENSIONS[by]


# The duration measures (registry): each measure's median and p90 come from one sort
# (quantile_cont over a list of fractions), which the KPIs read out.
_RESOLUTION: tuple[str, ...] = ("resolved", "resolution_q", "resolution_mean_hours")
_FIRST_RESPONSE: tuple[str, ...] = ("responded", "first_response_q")
# The duration figures' columns, in the order the frames show them.
_STATS: tuple[str, ...] = ("resolved", "resolution_median_hours", "resolution_p90_hours",
                           "resolution_mean_hours", "responded", "first_response_median_hours",
                           "first_response_p90_hours")
_SLA: tuple[str, ...] = ("sla_resolved", "sla_met", "sla_open_breached", "sla_without_target")
_SLA_COLUMNS: tuple[str, ...] = ("sla_resolved", "sla_met", "sla_open_breached",
                                 "sla_population", "sla_attainment")


def _durations_cte(measure: str) -> str:
    """``durations``: the tickets behind one measure's figures in the period, with the
    moment the duration ended (``ended_at``) and its length (``hours``)."""
    if measure == "resolution":
        return f"""
  SELECT tk.*, tk.resolved_ts AS ended_at, tk.resolution_hours AS hours
  FROM tk, bounds b WHERE {resolved_in()}"""
    if measure == "first_response":
        return f"""
  SELECT tk.*, tk.first_response_at AS ended_at, tk.first_response_hours AS hours
  FROM tk, bounds b WHERE {responded_in()}"""
    raise ValueError(f"measure must be 'resolution' or 'first_response', not {measure!r}")


def cycle_time_stats(con: duckdb.DuckDBPyConnection, filters: Filters,
                     *, by: CycleDimension | None = None,
                     settings: Settings | None = None, clock: Clock = "wall") -> pd.DataFrame:
    """Resolution and first-response median and p90 over the period, overall (one row) or
    split by priority, team, customer, type, project or category; ``clock`` "business"
    measures every duration in business hours (see .working_time).

    Columns: [<by>,] resolved (n behind the resolution figures), resolution_median_hours,
    resolution_p90_hours, resolution_mean_hours, responded (n behind the first-response
    figures), first_response_median_hours, first_response_p90_hours.
    """
    settings = settings or load_settings(con)
    col = _dimension(by)
    q, p = base_query(con, filters, settings, touching=True)
    on_clock(q, p, settings, clock)
    measures = _RESOLUTION + _FIRST_RESPONSE
    return _overall_or_by(q, by, col, measures, f"{resolved_in()} OR {responded_in()}",
                          registry.columns_sql(_STATS, measures))


def _overall_or_by(q: Query, by: str | None, col: str | None, measures: tuple[str, ...],
                   where: str, out: str) -> pd.DataFrame:
    """``measures`` over the tickets matching ``where``, overall (one row) or per value of
    ticket column ``col`` (named ``by``), read out through ``out``."""
    aggregates = registry.measure_sql(measures, "b")
    if col is None:
        q.cte("counts", f"  SELECT {aggregates}\n  FROM tk, bounds b WHERE {where}")
        return q.df(f"SELECT {out} FROM counts")
    q.cte("counts", f"""
  SELECT tk.{col} AS {by}, {aggregates}
  FROM tk, bounds b WHERE {where}
  GROUP BY tk.{col}""")
    return q.df(f"SELECT {by}, {out} FROM counts ORDER BY {by} NULLS LAST")


def _trend(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str, settings: Settings,
           overall: bool, priorities: tuple[str, ...], clock: Clock = "wall") -> pd.DataFrame:
    """The statement behind the trends: one line over all tickets (``overall``) and/or one per
    priority, each line the spine's periods, each priority's computed over its tickets alone;
    one pass over the tickets whatever the lines (GROUPING SETS).

    Columns: line (0.. in the order asked), overall, priority, then cycle_time_trend's."""
    part, _ = check_grain(grain)
    q, p = base_query(con, filters, settings, grain=grain, touching=True)
    on_clock(q, p, settings, clock)
    lines = ([(None, True)] if overall else []) + [(p, False) for p in priorities]
    rows = ", ".join(f"({i}, CAST($line_{i} AS VARCHAR), {str(o).lower()})"
                     for i, (_, o) in enumerate(lines))
    q.cte("lines", f"  SELECT * FROM (VALUES {rows}) AS v(line, priority, overall)",
          {f"line_{i}": p for i, (p, _) in enumerate(lines)})
    if overall and priorities:
        keys = "tk.priority AS priority, grouping(tk.priority) = 1 AS overall"
        group = "GROUPING SETS ((period), (tk.priority, period))"
    elif overall:
        keys, group = "CAST(NULL AS VARCHAR) AS priority, true AS overall", "period"
    else:
        keys, group = "tk.priority AS priority, false AS overall", "tk.priority, period"

    def by_period(name: str, column: str, aggregates: str, where: str) -> None:
        q.cte(name, f"""
  SELECT {keys}, CAST(date_trunc('{part}', {column}) AS DATE) AS period, {aggregates}
  FROM tk, bounds b WHERE {where}
  GROUP BY {group}""")

    by_period("resolved_by_period", "tk.resolved_ts",
              registry.measure_sql(_RESOLUTION, "b"), resolved_in())
    by_period("responded_by_period", "tk.first_response_at",
              registry.measure_sql(_FIRST_RESPONSE, "b"), responded_in())
    by_period("created_by_period", "tk.created_at", "count(*) AS tickets_created",
              in_window("tk.created_at"))
    on = ("{t}.overall = l.overall AND {t}.priority IS NOT DISTINCT FROM l.priority"
          " AND {t}.period = s.period")
    measures = {**registry.read(("tickets_created",), "c"), **registry.read(_RESOLUTION, "r"),
                **registry.read(_FIRST_RESPONSE, "f")}
    return q.df(f"""
    SELECT l.line, l.overall, l.priority, s.period,
           {registry.columns_sql(("tickets_created", *_STATS), measures)},
           {measures['resolved']} AS n, s.unfinished
    FROM spine s CROSS JOIN lines l
    LEFT JOIN resolved_by_period r ON {on.format(t='r')}
    LEFT JOIN responded_by_period f ON {on.format(t='f')}
    LEFT JOIN created_by_period c ON {on.format(t='c')}
    ORDER BY l.line, s.period""")


def cycle_time_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
                     settings: Settings | None = None) -> pd.DataFrame:
    """Tickets created and resolved, and the duration figures, per week / month / quarter.

    A resolution counts in the period it happened, a first response in the period it
    happened, a creation in the period it happened. Empty periods are rows with zero counts
    and NULL durations.

    Columns: period, tickets_created, resolved, resolution_median_hours, resolution_p90_hours,
    resolution_mean_hours, responded, first_response_median_hours, first_response_p90_hours,
    n (= resolved, the n behind the resolution figures).
    """
    settings = settings or load_settings(con)
    return _trend(con, filters, grain, settings, True, ()).drop(
        columns=["line", "overall", "priority"])


def cycle_time_trend_by_priorities(con: duckdb.DuckDBPyConnection, filters: Filters,
                                   *, priorities: tuple[str, ...], grain: str = "month",
                                   settings: Settings | None = None) -> pd.DataFrame:
    """:func:`cycle_time_trend` for each of ``priorities`` (in that order), stacked, in one
    statement: each priority's rows are the figures the trend gives with that priority alone
    (and every other filter as set).

    Columns: priority, then the columns of ``cycle_time_trend``.
    """
    settings = settings or load_settings(con)
    if not priorities:
        return pd.DataFrame(columns=["priority", "period"])
    return _trend(con, filters, grain, settings, False, tuple(priorities)).drop(
        columns=["line", "overall"])


@dataclass(frozen=True)
class CycleTrends:
    """:func:`cycle_time_trend` and :func:`cycle_time_trend_by_priorities` together."""

    overall: pd.DataFrame
    by_priority: pd.DataFrame


def cycle_time_trends(con: duckdb.DuckDBPyConnection, filters: Filters,
                      *, priorities: tuple[str, ...], grain: str = "month",
                      settings: Settings | None = None, clock: Clock = "wall") -> CycleTrends:
    """The overall trend and the trend per priority from one pass over the tickets, for a
    page that shows both."""
    settings = settings or load_settings(con)
    rows = _trend(con, filters, grain, settings, True, tuple(priorities), clock)
    overall = rows[rows["overall"].astype(bool)]
    return CycleTrends(
        overall=overall.drop(columns=["line", "overall", "priority"]).reset_index(drop=True),
        by_priority=rows[~rows["overall"].astype(bool)].drop(
            columns=["line", "overall"]).reset_index(drop=True))


def ticket_durations(con: duckdb.DuckDBPyConnection, filters: Filters,
                     *, measure: Measure = "resolution",
                     settings: Settings | None = None, clock: Clock = "wall") -> pd.DataFrame:
    """One row per ticket behind the resolution (or first-response) figures of the period,
    for distribution charts: the same population the median and p90 are taken over.

    Columns: ticket_id, project_id, customer, team, priority, type, complaint, created_at,
    ended_at, hours.
    """
    settings = settings or load_settings(con)
    q, p = base_query(con, filters, settings, touching=True)
    on_clock(q, p, settings, clock)
    q.cte("durations", _durations_cte(measure))
    return q.df("""
    SELECT ticket_id, project_id, customer, team, priority, type, complaint, created_at,
           ended_at, hours
    FROM durations
    ORDER BY hours, ticket_id""")


@dataclass(frozen=True)
class DurationBoxes:
    """Box-plot statistics per priority and the tickets outside the whiskers.

    ``boxes``: priority, n, q1, median, q3, lowerfence, upperfence (hours, Tukey's 1.5 x IQR
    whiskers clipped to the data). ``outliers``: priority, ticket_id, customer, hours — at
    most ``max_outliers`` per priority, the most extreme first.
    """

    boxes: pd.DataFrame
    outliers: pd.DataFrame


def duration_boxes(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, measure: Measure = "resolution", settings: Settings | None = None,
                   max_outliers: int = 200, clock: Clock = "wall") -> DurationBoxes:
    """The distribution chart's figures computed in SQL, so a chart over a million tickets
    carries a few numbers per priority instead of every ticket. Same population as
    :func:`ticket_durations` (positive durations only: the chart's axis is logarithmic);
    quartiles interpolate linearly (quantile_cont), like every percentile here."""
    settings = settings or load_settings(con)
    q, p = base_query(con, filters, settings, touching=True)
    on_clock(q, p, settings, clock)
    q.cte("durations", _durations_cte(measure))
    q.cte("d", """
  SELECT coalesce(priority, '') AS pkey, priority, ticket_id, customer, hours
  FROM durations WHERE hours > 0""")
    q.cte("s", """
  SELECT pkey, any_value(priority) AS priority, count(*) AS n,
         quantile_cont(hours, [0.25, 0.5, 0.75]) AS qs
  FROM d GROUP BY pkey""")
    q.cte("f", """
  SELECT pkey, priority, n, qs[1] AS q1, qs[2] AS median, qs[3] AS q3,
         q1 - 1.5e0 * (q3 - q1) AS lo_lim, q3 + 1.5e0 * (q3 - q1) AS hi_lim
  FROM s""")
    fenced = q.df("""
    SELECT f.pkey, f.lo_lim, f.hi_lim, f.priority, f.n, f.q1, f.median, f.q3,
           min(d.hours) FILTER (WHERE d.hours >= f.lo_lim) AS lowerfence,
           max(d.hours) FILTER (WHERE d.hours <= f.hi_lim) AS upperfence
    FROM f JOIN d USING (pkey)
    GROUP BY ALL ORDER BY f.priority NULLS LAST""")
    boxes = fenced.drop(columns=["pkey", "lo_lim", "hi_lim"])
    # the outliers against the limits just computed (the quartiles are not sorted out twice)
    if fenced.empty:
        return DurationBoxes(boxes, pd.DataFrame(columns=["priority", "ticket_id", "customer",
                                                          "hours"]))
    q = q.without("s", "f")
    values, params = values_sql("fence", [
        (row.pkey, float(row.lo_lim), float(row.hi_lim))
        for row in fenced[["pkey", "lo_lim", "hi_lim"]].itertuples(index=False)])
    q.cte("f", f"  SELECT * FROM (VALUES {values}) AS v(pkey, lo_lim, hi_lim)", params)
    outliers = q.df(f"""
    SELECT priority, ticket_id, customer, hours FROM (
      SELECT d.priority, d.ticket_id, d.customer, d.hours,
             row_number() OVER (PARTITION BY d.pkey
                                ORDER BY greatest(d.hours - f.hi_lim, f.lo_lim - d.hours) DESC,
                                         d.ticket_id) AS rank
      FROM d JOIN f USING (pkey)
      WHERE d.hours < f.lo_lim OR d.hours > f.hi_lim)
    WHERE rank <= {int(max_outliers)}
    ORDER BY priority NULLS LAST, hours""")
    return DurationBoxes(boxes, outliers)


def sla_attainment(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, by: Literal["priority", "team", "customer"] | None = "priority",
                   settings: Settings | None = None) -> pd.DataFrame:
    """SLA attainment with Jira Service Management's semantics.

    sla_attainment = met / (resolved in the period + open at the period end and already past
    target). A ticket's target is ``sla_due_at`` when given, else ``created_at`` plus its
    priority's target hours (settings.sla_hours_p1..p4); *met* means resolved at or before
    the target. An open ticket past its target is a breach, not a blank. Open tickets still
    within target are not yet judged. Tickets with no target at all (no sla_due_at and no
    known priority) cannot be judged and are counted in ``sla_without_target`` only; so are no
    tickets with a negative resolution time (a data error).

    Columns: [<by>,] sla_resolved, sla_met, sla_open_breached, sla_population,
    sla_attainment, sla_without_target, n (= sla_population).
    """
    settings = settings or load_settings(con)
    col = _dimension(by)
    q, _ = base_query(con, filters, settings, touching=True)
    out = registry.columns_sql((*_SLA_COLUMNS, "sla_without_target", "n"), _SLA,
                               own={"n": registry.sql_of("sla_population", _SLA)})
    return _overall_or_by(q, by, col, _SLA, f"{resolved_in()} OR {open_at('tk')}", out)


def _bucket_rows(settings: Settings) -> list[tuple[str, float, float | None]]:
    """Age buckets from settings.backlog_buckets_days, e.g. (1, 7, 30, 90) ->
    0-1d, 1-7d, 7-30d, 30-90d, 90d+ (lower bound inclusive, upper exclusive)."""
    edges = sorted(set(settings.backlog_buckets_days))
    lowers = [0, *edges]
    uppers: list[float | None] = [*edges, None]
    return [(f"{lo:g}-{hi:g}d" if hi is not None else f"{lo:g}d+", float(lo),
             None if hi is None else float(hi)) for lo, hi in zip(lowers, uppers)]


def backlog(con: duckdb.DuckDBPyConnection, filters: Filters,
            *, settings: Settings | None = None) -> pd.DataFrame:
    """Tickets open at the period end by age bucket (every bucket present, zeros included).

    Open at the period end: created by then, no resolved / closed time by then, and not a
    ticket whose status says done without a time. Age = period end - created_at, in days.

    Columns: bucket, lower_days, upper_days (NULL for the last), tickets, complaints,
    past_target, oldest_days.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    rows = _bucket_rows(settings)
    values, params = values_sql("bucket", [(i, *r) for i, r in enumerate(rows)])
    q.cte("buckets", f"  SELECT * FROM (VALUES {values}) AS v(ord, bucket, lower_days, upper_days)",
          params)
    q.cte("open_tickets", f"""
  SELECT tk.*, {age_days('tk')} AS age_days,
         tk.target_at < b.as_of AS past_target
  FROM tk, bounds b
  WHERE {open_at('tk')}""")
    return q.df("""
    SELECT k.bucket, k.lower_days, k.upper_days,
           count(o.ticket_id) AS tickets,
           count(o.ticket_id) FILTER (WHERE o.complaint) AS complaints,
           count(o.ticket_id) FILTER (WHERE o.past_target) AS past_target,
           max(o.age_days) AS oldest_days
    FROM buckets k
    LEFT JOIN open_tickets o
      ON o.age_days >= k.lower_days AND (k.upper_days IS NULL OR o.age_days < k.upper_days)
    GROUP BY k.ord, k.bucket, k.lower_days, k.upper_days
    ORDER BY k.ord""")


def backlog_tickets(con: duckdb.DuckDBPyConnection, filters: Filters,
                    *, settings: Settings | None = None) -> pd.DataFrame:
    """The tickets open at the period end, oldest first.

    Columns: ticket_id, project_id, customer, priority, team, type, complaint, status,
    created_at, target_at, past_target, age_days.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    return q.df(f"""
    SELECT tk.ticket_id, tk.project_id, tk.customer, tk.priority, tk.team, tk.type,
           tk.complaint, tk.status, tk.created_at, tk.target_at,
           coalesce(tk.target_at < b.as_of, false) AS past_target,
           {age_days('tk')} AS age_days
    FROM tk, bounds b
    WHERE {open_at('tk')}
    ORDER BY tk.created_at, tk.ticket_id""")


def backlog_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
                  settings: Settings | None = None) -> pd.DataFrame:
    """Tickets open at the end of each week / month / quarter (the last period ends at the
    period end, like :func:`backlog`).

    Columns: period, as_of, backlog_open, complaints_open, n (= backlog_open).
    """
    settings = settings or load_settings(con)
    check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain, touching=True)
    return q.df(f"""
    SELECT s.period, s.as_of,
           count(tk.ticket_id) AS backlog_open,
           count(tk.ticket_id) FILTER (WHERE tk.complaint) AS complaints_open,
           count(tk.ticket_id) AS n, s.unfinished
    FROM spine s
    LEFT JOIN tk ON {open_at('tk', 's')}
    GROUP BY s.period, s.as_of, s.unfinished
    ORDER BY s.period""")


@dataclass(frozen=True)
class ReopenRate:
    tickets_resolved: int  # tickets resolved in the period
    reopen_with_count: int  # ... that carry a reopen count (the denominator)
    reopened: int  # ... reopened at least once
    reopen_rate: float | None  # None when no resolved ticket carries a reopen count


_REOPEN: tuple[str, ...] = ("tickets_resolved", "reopen_with_count", "reopened")


def reopen_rate(con: duckdb.DuckDBPyConnection, filters: Filters,
                *, settings: Settings | None = None) -> ReopenRate:
    """Resolved tickets with reopened_count >= 1 / resolved tickets, over tickets resolved in
    the period. A ticket without a reopen count is left out of both sides (many exports have
    no such column; absent is unknown, not zero), so the rate is None when no one has it."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, touching=True)
    q.cte("counts", f"  SELECT {registry.measure_sql(_REOPEN, 'b')}\n  FROM tk, bounds b")
    row = q.one(f"SELECT {registry.columns_sql((*_REOPEN, 'reopen_rate'), _REOPEN)} FROM counts")
    return ReopenRate(**row)


@dataclass(frozen=True)
class SourceSla:
    """The source system's own SLA verdict beside ours, over the same tickets."""

    judged: int               # tickets resolved in the period that carry the source's verdict
    source_met: int           # ... that the source system says met their SLA
    with_target: int          # ... that one of our targets also judges
    target_met: int           # ... resolved by our target
    source_rate: float | None
    target_rate: float | None


def source_sla(con: duckdb.DuckDBPyConnection, filters: Filters,
               *, settings: Settings | None = None, period: Period | None = None) -> SourceSla:
    """The SLA verdict the source system exported (ServiceNow made_sla, Freshdesk Resolution
    status, an 'SLA breached' column; stored as tickets.sla_met) against our targets, over the
    tickets resolved in the period that carry a verdict: source_rate = met by the source's own
    rules / judged; target_rate = resolved by our target (sla_due_at, else the priority's
    hours) / those of them with a target. The two differ when the source pauses its clock
    (waiting states, business hours) or uses other targets; both are shown, neither replaces
    the other."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings, period, touching=True)
    resolved = resolved_in()
    judged = f"{resolved} AND tk.sla_met IS NOT NULL"
    row = q.one(f"""SELECT count(*) FILTER (WHERE {judged}) AS judged,
  count(*) FILTER (WHERE {judged} AND tk.sla_met) AS source_met,
  count(*) FILTER (WHERE {judged} AND tk.target_at IS NOT NULL) AS with_target,
  count(*) FILTER (WHERE {judged} AND tk.resolved_ts <= tk.target_at) AS target_met
FROM tk, bounds b""")
    return SourceSla(row["judged"], row["source_met"], row["with_target"], row["target_met"],
                     row["source_met"] / row["judged"] if row["judged"] else None,
                     row["target_met"] / row["with_target"] if row["with_target"] else None)


def duration_issues(con: duckdb.DuckDBPyConnection, filters: Filters,
                    *, settings: Settings | None = None) -> pd.DataFrame:
    """Data-quality list: tickets whose times cannot all be used.

    - resolved_before_created / first_response_before_created: a negative duration, left out
      of every cycle-time and SLA figure.
    - done_without_time: the status says resolved / closed but no resolved or closed time
      exists; the ticket is in no duration figure and not in the backlog.
    Tickets are listed when created or ended in the period.

    Columns: ticket_id, project_id, customer, issue, created_at, other_at, hours.
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT ticket_id, project_id, customer, 'resolved_before_created' AS issue,
           created_at, resolved_ts AS other_at, resolution_hours AS hours
    FROM tk, bounds b
    WHERE resolution_hours < 0 AND ({in_window('created_at')} OR {in_window('resolved_ts')})
    UNION ALL
    SELECT ticket_id, project_id, customer, 'first_response_before_created',
           created_at, first_response_at, first_response_hours
    FROM tk, bounds b
    WHERE first_response_hours < 0
      AND ({in_window('created_at')} OR {in_window('first_response_at')})
    UNION ALL
    SELECT ticket_id, project_id, customer, 'done_without_time', created_at, NULL, NULL
    FROM tk, bounds b
    WHERE done_undated AND {in_window('created_at')}
    ORDER BY issue, created_at, ticket_id""")

# -- SLA attainment per period -----------------------------------------------------------------


def sla_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
              settings: Settings | None = None) -> pd.DataFrame:
    """SLA attainment per week / month / quarter.

    Each period is judged like :func:`~analytics.metrics.sla_attainment` over that period:
    met / (resolved in the period with a target + open at the period's end and past target).
    The last period ends at the filters' period end (never after the store's last event), like
    every at-period-end figure.

    Columns: period, sla_resolved, sla_met, sla_open_breached, sla_population,
    sla_attainment, n (= sla_population).
    """
    settings = settings or load_settings(con)
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain, touching=True)
    # resolved in a period = resolved in the range, in that period's date_trunc (the spine
    # splits the range exactly so): a grouping, not a join
    q.cte("resolved_by_period", f"""
  SELECT CAST(date_trunc('{part}', tk.resolved_ts) AS DATE) AS period,
         count(*) FILTER (WHERE tk.target_at IS NOT NULL) AS sla_resolved,
         count(*) FILTER (WHERE tk.resolved_ts <= tk.target_at) AS sla_met
  FROM tk, bounds b WHERE {resolved_in()}
  GROUP BY 1""")
    # open at a period's end and past target: a range join of the spine and the tickets
    q.cte("breached_by_period", f"""
  SELECT s.period, count(*) AS sla_open_breached
  FROM spine s JOIN tk ON {open_at('tk', 's')} AND tk.target_at < s.as_of
  GROUP BY 1""")
    measures = {**registry.read(("sla_resolved", "sla_met"), "r"),
                **registry.read(("sla_open_breached",), "o")}
    return q.df(f"""
    SELECT s.period,
           {registry.columns_sql(_SLA_COLUMNS, measures)},
           {registry.sql_of("sla_population", measures)} AS n, s.unfinished
    FROM spine s
    LEFT JOIN resolved_by_period r USING (period)
    LEFT JOIN breached_by_period o USING (period)
    ORDER BY s.period""")


# -- cycle times per priority ------------------------------------------------------------------


def cycle_time_trend_by_priority(con: duckdb.DuckDBPyConnection, filters: Filters,
                                 *, grain: str = "month",
                                 settings: Settings | None = None) -> pd.DataFrame:
    """:func:`~analytics.metrics.cycle_time_trend` for each priority, stacked: the priority
    filter when one is set, else every priority with an SLA target, in that order.

    Each priority's lines are the figures the Cycle times page would show with that priority
    alone (see :func:`.cycle_times.cycle_time_trend_by_priorities`). Tickets without a
    priority are in no line.

    Columns: priority, then the columns of ``cycle_time_trend``.
    """
    settings = settings or load_settings(con)
    return cycle_time_trend_by_priorities(con, filters, priorities=_priority_lines(filters, settings),
                                          grain=grain, settings=settings)


def cycle_trends(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
                 settings: Settings | None = None, clock: Clock = "wall") -> CycleTrends:
    """:func:`~analytics.metrics.cycle_time_trend` and :func:`cycle_time_trend_by_priority`
    from one pass over the tickets, for the Cycle times page, which shows both."""
    settings = settings or load_settings(con)
    return cycle_time_trends(con, filters, priorities=_priority_lines(filters, settings),
                             grain=grain, settings=settings, clock=clock)


def _priority_lines(filters: Filters, settings: Settings) -> tuple[str, ...]:
    """The priorities drawn as lines: the filter's, else every priority with an SLA target."""
    return tuple(filters.priorities or settings.sla_hours())

__all__ = ["CycleTrends", "ReopenRate", "cycle_time_stats", "cycle_time_trend",
           "cycle_time_trend_by_priorities", "cycle_time_trends",
           "ticket_durations",
           "sla_attainment", "backlog", "backlog_tickets", "backlog_trend", "reopen_rate",
           "duration_issues", "sla_trend", "cycle_time_trend_by_priority", "cycle_trends"]
