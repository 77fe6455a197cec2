"""Shared building blocks of the metric queries: the period, the time spine and the three
filtered row sets (projects, tickets, surveys) every metric starts from.

Every metric is one SQL query. It is assembled from named common table expressions (CTEs)
so the definitions that several metrics share - what "active" means, which timestamp ends a
ticket, which target a ticket is measured against - are written once, here, and every query
reads the same way::

    WITH bounds AS (...), proj AS (...), tk AS (...), sv AS (...)
    SELECT ... FROM tk, bounds b WHERE tk.created_at >= b.start_ts AND tk.created_at < b.end_ts

Values always travel as bound, named parameters (``$start_ts``), each CTE bringing its own
(:class:`Query`); only column names, aliases and fixed keywords (such as the grain) are
written into the text, and those come from this package, never from the caller.

The SQL is the portable subset a second engine also runs: durations by ``date_diff``,
explicit bounds instead of infinities, ``CAST(... AS ...)``, typed literals, ``UNION ALL``
instead of lateral joins, DOUBLE constants in floating-point maths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ..filters import Filters
from ..rows import one
from ..schema import SCORE_SCALES, TABLES
from ..settings import Settings

Grain = Literal["week", "month", "quarter"]

# date_trunc part and step of each grain; the only grains a query accepts.
GRAINS: dict[str, tuple[str, str]] = {
    "week": ("week", "INTERVAL 7 DAY"),
    "month": ("month", "INTERVAL 1 MONTH"),
    "quarter": ("quarter", "INTERVAL 3 MONTH"),
}

# The columns whose values are things that happened (not plans or targets). The latest of
# them is the store's "now": the end of an all-data period and the default "today".
_EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "tickets": ("created_at", "first_response_at", "resolved_at", "closed_at"),
    "surveys": ("submitted_at",),
    "projects": ("signed_date", "kickoff_date", "actual_golive_date", "accepted_date",
                 "closed_date"),
}

# Ticket statuses that say "done" even when the export carries no resolved / closed time.
DONE_STATUSES: tuple[str, ...] = ("resolved", "closed")


def check_grain(grain: str) -> tuple[str, str]:
    try:
        return GRAINS[grain]
    except KeyError:
        raise ValueError(f"grain must be one of {', '.join(GRAINS)}, not {grain!r}") from None


# -- the period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The period a Filters value selects, made concrete against the store.

    Events are in the period when ``start_ts <= t < end_ts`` (None = unbounded on that side).
    Measures taken *at period end* (backlog, open tickets past target, schedule slip) use
    ``as_of``: the midnight after ``date_to``, but never later than the latest event in the
    store, because the data cannot say what is open beyond its own last moment. For "all
    data" that is exactly DESIGN's rule: period end = the latest timestamp in the store.
    """

    start_ts: datetime | None
    end_ts: datetime | None
    as_of: datetime | None
    start_date: date | None  # first day, for date columns (None = unbounded)
    end_date: date | None  # last day, for date columns (date_to, else the store's last day)
    today: date | None  # the day "today" means for slip and project health
    first_event: datetime | None  # the store's earliest and latest event, any table
    last_event: datetime | None

    def spine_range(self) -> tuple[date | None, date | None]:
        """First and last day the time spine covers: the filter range, else the data range."""
        first = self.start_date or (self.first_event.date() if self.first_event else None)
        return first, self.end_date


def store_clock(con: duckdb.DuckDBPyConnection) -> tuple[datetime | None, datetime | None]:
    """Earliest and latest event timestamp in the whole store (not narrowed by filters, so a
    figure does not move when a filter changes what "now" is)."""
    selects = [f"SELECT CAST({col} AS TIMESTAMP) AS t FROM {table}"
               for table, cols in _EVENT_COLUMNS.items() for col in cols]
    sql = "SELECT min(t), max(t) FROM (" + " UNION ALL ".join(selects) + ")"
    first, last = one(con.cursor().execute(sql))
    return first, last


def resolve_period(con: duckdb.DuckDBPyConnection, filters: Filters,
                   today: date | None = None, *,
                   clock: tuple[datetime | None, datetime | None] | None = None) -> Period:
    """Make the filter's date range concrete. ``today`` overrides the as-of day (it then acts
    as the period's last day for every at-period-end measure). ``clock``: the store's
    :func:`store_clock`, when the caller resolves several periods."""
    first, last = clock if clock is not None else store_clock(con)
    start_ts, end_ts = filters.period_bounds()
    cutoff = today if today is not None else filters.date_to
    as_of: datetime | None = last
    if cutoff is not None:
        midnight = datetime.combine(cutoff + timedelta(days=1), time())
        as_of = last if last is not None and last < midnight else midnight
    end_date = filters.date_to or (last.date() if last else None)
    if today is not None:
        day = today
    elif as_of is None:
        day = None
    else:
        day = min(d for d in (filters.date_to, last.date() if last else None) if d is not None)
    return Period(start_ts=start_ts, end_ts=end_ts, as_of=as_of, start_date=filters.date_from,
                  end_date=end_date, today=day, first_event=first, last_event=last)


# -- query assembly ----------------------------------------------------------------------------


Params = Mapping[str, Any]


class Query:
    """A ``WITH`` query built from named CTEs, each with the named parameters its SQL uses.

    A statement is run with the parameters of the CTEs it holds (DuckDB refuses a value for a
    name the text does not use); one name bound twice must carry the same value.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._ctes: list[tuple[str, str, dict[str, Any]]] = []

    def cte(self, name: str, sql: str, params: Params | None = None) -> Query:
        self._ctes.append((name, sql, dict(params or {})))
        return self

    def without(self, *names: str) -> Query:
        """A copy without the named CTEs (to define them anew, e.g. from figures already
        computed)."""
        q = Query(self.con)
        q._ctes = [c for c in self._ctes if c[0] not in names]
        return q

    def rename(self, name: str, to: str) -> Query:
        """Rename CTE ``name``, to define a new ``name`` over it; no CTE after it may read
        ``name`` (a CTE reads only the ones before it)."""
        renamed = [(to if n == name else n, sql, ps) for n, sql, ps in self._ctes]
        if renamed == self._ctes:
            raise KeyError(name)
        self._ctes = renamed
        return self

    def has(self, name: str) -> bool:
        return any(n == name for n, _, _ in self._ctes)

    def sql(self, select: str) -> str:
        if not self._ctes:
            return select
        return "WITH " + ",\n".join(f"{n} AS (\n{s}\n)" for n, s, _ in self._ctes) + "\n" + select

    def params(self, extra: Params | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for _, _, ps in [*self._ctes, ("", "", dict(extra or {}))]:
            for key, value in ps.items():
                if key in out and out[key] != value:
                    raise ValueError(f"parameter ${key} bound to two different values")
                out[key] = value
        return out

    def df(self, select: str, params: Params | None = None) -> pd.DataFrame:
        """Run on a fresh cursor: the app shares one connection across threads."""
        return self.con.cursor().execute(self.sql(select), self.params(params)).df()

    def one(self, select: str, params: Params | None = None) -> dict[str, Any]:
        """The single row of ``select`` as a dict of plain Python values."""
        cur = self.con.cursor().execute(self.sql(select), self.params(params))
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        return {n: plain(v) for n, v in zip(names, row if row else [None] * len(names))}


def plain(value: Any) -> Any:
    """A JSON-friendly Python scalar: NaN / NaT become None, numpy and Decimal numbers become
    int / float, everything else passes through."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    return value


# -- the standard CTEs -------------------------------------------------------------------------

# The bounds an open end of a period stands for: before and after every event a store can
# hold (dates before 1900 are refused on import), in the range every SQL engine's TIMESTAMP
# and DATE cover.
EARLIEST = datetime(1, 1, 1)
LATEST = datetime(9999, 12, 31, 23, 59, 59)
LATEST_SQL = "TIMESTAMP '9999-12-31 23:59:59'"


def bounds_sql(prefix: str = "") -> str:
    """One row with a period's bounds, from the parameters ``$<prefix>start_ts`` ...
    (see :func:`bounds_params`)."""
    return f"""
  SELECT CAST(${prefix}start_ts AS TIMESTAMP) AS start_ts,   -- events: t >= start_ts
         CAST(${prefix}end_ts AS TIMESTAMP) AS end_ts,       --         t <  end_ts
         CAST(${prefix}as_of AS TIMESTAMP) AS as_of,         -- "at period end"
         CAST(${prefix}start_date AS DATE) AS start_date,    -- first day
         CAST(${prefix}end_date AS DATE) AS end_date,        -- last day
         CAST(${prefix}today AS DATE) AS today               -- slip / health day
"""


def bounds_params(period: Period, prefix: str = "") -> dict[str, Any]:
    """The parameters of :func:`bounds_sql`: an open start or end is the earliest or the
    latest moment there is, so every comparison has a value on both sides."""
    return {f"{prefix}start_ts": period.start_ts or EARLIEST,
            f"{prefix}end_ts": period.end_ts or LATEST, f"{prefix}as_of": period.as_of,
            f"{prefix}start_date": period.start_date or EARLIEST.date(),
            f"{prefix}end_date": period.end_date, f"{prefix}today": period.today}


def values_sql(name: str, rows: Sequence[Sequence[Any]]) -> tuple[str, dict[str, Any]]:
    """A ``VALUES`` list of ``rows`` whose every cell is a named parameter
    (``$<name>_<row>_<column>``), and the parameters."""
    params: dict[str, Any] = {}
    text = []
    for i, row in enumerate(rows):
        cells = []
        for j, value in enumerate(row):
            params[f"{name}_{i}_{j}"] = value
            cells.append(f"${name}_{i}_{j}")
        text.append(f"({', '.join(cells)})")
    return ", ".join(text), params


def add_bounds(q: Query, period: Period) -> Query:
    return q.cte("bounds", bounds_sql(), bounds_params(period))


def add_spine(q: Query, period: Period, grain: str) -> Query:
    """``spine``: one row per period of the grain from the first to the last day of the
    range, each with its own bounds clipped to the filter range, so that a partial first or
    last period counts only the days the filter selects. Periods without events still appear
    (the metric queries LEFT JOIN onto the spine and turn missing counts into zeros).
    ``unfinished`` marks a period that runs past the store's last day: the data's current
    quarter, month or week, whose figures are not final."""
    part, step = check_grain(grain)
    first, last = period.spine_range()
    # unfinished: the period runs past the store's last day (the current quarter, month or
    # week of the data), so its counts are not yet its own
    last_day = period.last_event.date() if period.last_event else None
    sql = f"""
  SELECT CAST(g.period AS DATE) AS period,
         coalesce(CAST(g.period + {step} - INTERVAL 1 DAY AS DATE)
                  > CAST($spine_last_day AS DATE), false) AS unfinished,
         greatest(g.period, b.start_ts) AS start_ts,
         least(g.period + {step}, b.end_ts) AS end_ts,
         least(g.period + {step}, b.as_of) AS as_of,
         CAST(greatest(g.period, b.start_date) AS DATE) AS start_date,
         CAST(least(g.period + {step} - INTERVAL 1 DAY, b.end_date) AS DATE) AS end_date
  FROM generate_series(CAST(date_trunc('{part}', CAST($spine_first AS DATE)) AS TIMESTAMP),
                       CAST(CAST($spine_last AS DATE) AS TIMESTAMP), {step}) AS g(period),
       bounds b"""
    return q.cte("spine", sql, {"spine_last_day": last_day, "spine_first": first,
                                "spine_last": last})


# A project is *active* in a window when it had started (kickoff, else signature) by the
# window's last day, was not closed before its first day, and was not cancelled.
# ``{p}`` is the project alias; ``{w}`` a row with start_date / end_date (bounds or spine).
ACTIVE_SQL = ("(coalesce({p}.kickoff_date, {p}.signed_date) <= {w}.end_date"
              " AND ({p}.closed_date IS NULL OR {p}.closed_date >= {w}.start_date)"
              " AND coalesce({p}.status, '') <> 'cancelled')")


def active(p: str, w: str) -> str:
    return ACTIVE_SQL.format(p=p, w=w)


def _columns(table: str, alias: str, *leave_out: str) -> str:
    """The canonical columns of ``table`` (named, not ``*``: columns an import may have added
    to the stored table must not collide with the derived ones)."""
    return ", ".join(f"{alias}.{c}" for c in TABLES[table].column_names if c not in leave_out)


def add_projects(q: Query, filters: Filters, settings: Settings) -> Query:
    """``proj``: projects narrowed by the project dimensions, with the derived columns the
    delivery and health metrics share.

    - active: active in the period (see :data:`ACTIVE_SQL`).
    - live: went live on or before ``today`` (a go-live recorded later had not happened yet
      as of the period end).
    - slip_days: (go-live if live, else today) - planned go-live. Negative = ahead / not due.
    - delivery_days: go-live - kickoff, days.
    - renewal_due_date: when the contract comes up for renewal: its term end
      (contract_end_date), else closed_date for a store that does not record the term.
    """
    where, params = filters.project_sql("p")
    tolerance = int(settings.golive_tolerance_days)
    sql = f"""
  SELECT {_columns('projects', 'p')},
         {active('p', 'b')} AS active,
         coalesce(p.status, '') = 'cancelled' AS cancelled,
         coalesce(p.contract_end_date, p.closed_date) AS renewal_due_date,
         p.actual_golive_date IS NOT NULL AND p.actual_golive_date <= b.today AS live,
         date_diff('day', p.planned_golive_date,
                   CASE WHEN p.actual_golive_date IS NOT NULL AND p.actual_golive_date <= b.today
                        THEN p.actual_golive_date ELSE b.today END) AS slip_days,
         date_diff('day', p.kickoff_date, p.actual_golive_date) AS delivery_days,
         p.actual_golive_date >= b.start_ts AND p.actual_golive_date < b.end_ts AS golive_in_period,
         date_diff('day', p.planned_golive_date, p.actual_golive_date) <= {tolerance}
           AS golive_on_time
  FROM projects p, bounds b
  WHERE {where}"""
    return q.cte("proj", sql, params)


# A ticket *touches* a window when some figure over it can count the ticket: created before
# the window's end (or at its as-of moment, for the backlog), and not resolved before its start
# unless created or first answered since. Figures over a period, its sub-periods (the spine) or
# its end alone see the same tickets with or without this narrowing; it only spares them the
# rest. Lists over a ticket's whole life (project detail, data issues) do not use it.
def touches(t: str, w: str) -> str:
    """Ticket ``t`` (a ``tickets`` or ``tk`` row) touches window ``w`` (bounds, spine or a
    windows row)."""
    ended = f"coalesce({t}.resolved_at, {t}.closed_at)"
    # an event recorded before its ticket's creation (a data error the figures must still
    # count where they count it) can fall in the window of a ticket created after it
    return (f"(({t}.created_at < {w}.end_ts OR {t}.created_at <= {w}.as_of"
            f" OR {ended} < {w}.end_ts OR {t}.first_response_at < {w}.end_ts)"
            f" AND ({t}.created_at >= {w}.start_ts OR {t}.first_response_at >= {w}.start_ts"
            f" OR {ended} IS NULL OR {ended} >= {w}.start_ts))")


def add_tickets(q: Query, filters: Filters, settings: Settings,
                touching: bool = False, period: Period | None = None) -> Query:
    """``tk``: tickets narrowed by every ticket filter, with the derived columns the ticket
    metrics share.

    - customer: the project's customer, else the ticket's own.
    - resolved_ts: resolved_at, else closed_at (DESIGN: resolution ends at either).
    - resolution_hours / first_response_hours: DOUBLE hours from created_at; negative values
      are data errors and every figure excludes them (see cycle_times.duration_issues).
    - complaint: is_complaint when given, else type = 'complaint'.
    - target_at: sla_due_at when given, else the moment the ticket's SLA clock reaches its
      priority's target hours: created_at + the target on the wall clock without pauses,
      else see :mod:`.working_time` (the clock stops in pause statuses; settings' sla_clock
      may make it the business clock).
    - calendar: the working calendar the ticket is measured on (its team's, else its region's,
      else the default; see analytics.calendars); sla_hours: its priority's target.
    - done_undated: the status says resolved / closed but no time says when; such a ticket is
      neither in the backlog nor in a resolution figure.

    ``touching``: only the tickets that touch the period of ``bounds`` (see :func:`touches`).
    """
    where, params = filters.ticket_sql("t", "p")
    bounds = ""
    if touching:
        bounds, where = "\n  CROSS JOIN bounds b", f"{where} AND {touches('t', 'b')}"
    values, targets = values_sql("sla", list(settings.sla_hours().items()))
    q.cte("sla_targets", f"  SELECT priority, hours, hours * INTERVAL 1 HOUR AS span\n"
                         f"  FROM (VALUES {values}) AS v(priority, hours)", targets)
    statuses = {f"done_{i}": s for i, s in enumerate(DONE_STATUSES)}
    done = ", ".join(f"${k}" for k in statuses)
    from .working_time import add_deadlines, calendar_choice, has_pauses

    calendar, calendar_params = calendar_choice(settings).ticket_calendar_sql("t.team", "p.region")
    business = settings.sla_clock == "business"
    pauses = has_pauses(q, settings)
    moved = business or pauses  # deadlines other than created_at + target
    name = "tk_base" if moved else "tk"
    target = "" if moved else "\n         coalesce(t.sla_due_at, t.created_at + sla.span) AS target_at,"
    sql = f"""
  SELECT {_columns('tickets', 't', 'customer')},
         coalesce(p.customer, t.customer) AS customer,
         p.project_name, p.industry, p.region, p.delivery_mode,
         coalesce(t.resolved_at, t.closed_at) AS resolved_ts,
         date_diff('microsecond', t.created_at, coalesce(t.resolved_at, t.closed_at)) / 3.6e9
           AS resolution_hours,
         date_diff('microsecond', t.created_at, t.first_response_at) / 3.6e9
           AS first_response_hours,
         coalesce(t.is_complaint, t.type = 'complaint', false) AS complaint,
{target}
         {calendar} AS calendar, sla.hours AS sla_hours,
         CASE WHEN coalesce(t.resolved_at, t.closed_at) IS NULL  -- the few open ones only
              THEN lower(coalesce(t.status, '')) IN ({done}) ELSE false END AS done_undated
  FROM tickets t{bounds}
  LEFT JOIN projects p ON p.project_id = t.project_id
  LEFT JOIN sla_targets sla ON sla.priority = t.priority
  WHERE {where}"""
    q.cte(name, sql, {**calendar_params, **statuses, **params})
    if not moved:
        return q
    if period is None:
        period = resolve_period(q.con, filters)
    add_deadlines(q, settings, period, "tk_base", pauses)
    otherwise = "NULL" if business else "tb.created_at + tb.sla_hours * INTERVAL 1 HOUR"
    return q.cte("tk", f"""
  SELECT tb.*,
         CASE WHEN tb.sla_due_at IS NOT NULL THEN tb.sla_due_at
              WHEN dl.ticket_id IS NOT NULL THEN dl.deadline
              ELSE {otherwise} END AS target_at
  FROM tk_base tb
  LEFT JOIN deadlines dl ON dl.ticket_id = tb.ticket_id
                        AND dl.project_id IS NOT DISTINCT FROM tb.project_id""")


def add_surveys(q: Query, filters: Filters) -> Query:
    """``sv``: survey responses narrowed by the survey filters, scored on their own scale.

    - satisfied: score >= the scale's threshold (1-5: 4, 1-10 / 0-10: 8, 0-100: 80).
    - score_0_100: (score - low) / (high - low) * 100.
    - nps_point: +1 for 9-10, 0 for 7-8, -1 for 0-6 (None without an nps answer).
    A score without a known scale, or outside its scale, is not scored (satisfied and
    score_0_100 are NULL), so it never counts toward CSAT.
    """
    where, params = filters.survey_sql("s", "p")
    values, scales = values_sql("scale", [(name, lo, hi, th)
                                          for name, (lo, hi, th) in SCORE_SCALES.items()])
    q.cte("scales", f"  SELECT * FROM (VALUES {values}) AS v(scale, low, high, threshold)",
          scales)
    sql = f"""
  SELECT {_columns('surveys', 's', 'customer')},
         coalesce(p.customer, s.customer) AS customer,
         p.project_name,
         CASE WHEN s.score BETWEEN sc.low AND sc.high THEN s.score >= sc.threshold END
           AS satisfied,
         CASE WHEN s.score BETWEEN sc.low AND sc.high
              THEN (s.score - sc.low) / (sc.high - sc.low) * 100 END AS score_0_100,
         CASE WHEN s.nps BETWEEN 9 AND 10 THEN 1
              WHEN s.nps BETWEEN 7 AND 8 THEN 0
              WHEN s.nps BETWEEN 0 AND 6 THEN -1 END AS nps_point
  FROM surveys s
  LEFT JOIN projects p ON p.project_id = s.project_id
  LEFT JOIN scales sc ON sc.scale = s.scale
  WHERE {where}"""
    return q.cte("sv", sql, params)


def base_query(con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings,
               period: Period | None = None, *, grain: str | None = None,
               today: date | None = None, touching: bool = False) -> tuple[Query, Period]:
    """A query with ``bounds``, ``proj``, ``tk``, ``sv`` (and ``spine`` when a grain is given)
    ready to be selected from. Unused CTEs cost nothing: DuckDB skips them.

    ``touching``: ``tk`` holds only the tickets that touch the period; for figures that
    count tickets only within the period, its sub-periods or at its end."""
    if period is None:
        period = resolve_period(con, filters, today)
    q = Query(con)
    add_bounds(q, period)
    if grain is not None:
        add_spine(q, period, grain)
    add_projects(q, filters, settings)
    add_tickets(q, filters, settings, touching, period)
    add_surveys(q, filters)
    return q, period


# -- SQL snippets reused across modules ------------------------------------------------------

def in_window(expr: str, w: str = "b") -> str:
    """``expr`` falls in the window ``w`` (a row with start_ts / end_ts: bounds or spine)."""
    return f"({expr} >= {w}.start_ts AND {expr} < {w}.end_ts)"


# When a ticket counts toward each duration measure in window ``w`` (bounds, spine or a
# windows row): its resolution or first response happened in the window, with a non-negative
# duration.
def resolved_in(w: str = "b") -> str:
    return f"({in_window('tk.resolved_ts', w)} AND tk.resolution_hours >= 0)"


def responded_in(w: str = "b") -> str:
    return f"({in_window('tk.first_response_at', w)} AND tk.first_response_hours >= 0)"


def open_at(t: str, w: str = "b") -> str:
    """Ticket ``t`` is open at ``w.as_of``: created by then, not resolved by then, and not a
    done-but-undated ticket."""
    # two range conditions (no OR): joined to the spine, DuckDB can plan a range join
    return (f"({t}.created_at <= {w}.as_of"
            f" AND coalesce({t}.resolved_ts, {LATEST_SQL}) > {w}.as_of"
            f" AND NOT {t}.done_undated)")


def age_days(t: str, w: str = "b") -> str:
    """Days (DOUBLE) from ticket ``t``'s creation to window ``w``'s as-of moment."""
    return f"(date_diff('microsecond', {t}.created_at, {w}.as_of) / 8.64e10)"


def ratio(num: str, den: str) -> str:
    """num / den as DOUBLE, NULL when the denominator is 0 (a rate of nothing is unknown,
    not zero)."""
    return f"CAST({num} AS DOUBLE) / nullif({den}, 0)"


def double(x: float) -> str:
    """A DOUBLE literal (``1.96e0``): a plain ``1.96`` is DECIMAL, whose arithmetic and
    precision differ between engines."""
    text = repr(float(x))
    return text if "e" in text else f"{text}e0"


def wilson(k: str, n: str, z: float = 1.96) -> tuple[str, str]:
    """Lower and upper bound of the Wilson score interval for k successes out of n."""
    p = f"(CAST({k} AS DOUBLE) / nullif({n}, 0))"
    z1, z2 = double(z), double(z * z)
    centre = f"({p} + {z2} / (2 * {n})) / (1 + {z2} / {n})"
    half = (f"{z1} / (1 + {z2} / {n}) * sqrt({p} * (1 - {p}) / {n}"
            f" + {z2} / ({double(4)} * {n} * {n}))")
    return f"({centre} - {half})", f"({centre} + {half})"


def to_lists(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """DuckDB LIST columns arrive as numpy arrays; hand them on as plain lists."""
    for c in columns:
        if c in df:
            df[c] = df[c].map(lambda v: [] if v is None else list(v))
    return df
