"""Working time in the metric queries: the calendar table, the pauses the status history tells,
the business-hours twin of every ticket duration, and SLA deadlines on a clock that pauses.

Two clocks measure a ticket:

- the *wall clock*: every hour counts (``resolution_hours``, ``first_response_hours``);
- the *business clock*: only the working minutes of the ticket's calendar count (see
  :mod:`analytics.calendars`), and not while the ticket sits in a pause status (settings'
  ``pause_statuses``, where the status history tells) - ``resolution_business_hours``,
  ``first_response_business_hours``.

The SLA clock is the wall clock or the business clock (settings' ``sla_clock``); either way it
stops in a pause status. A ticket's *deadline* (``target_at``) is the moment its SLA clock
reaches the target: with no pause and the wall clock, created_at + the target; otherwise found
set-based from the ticket's pauses (the first pause that begins after the clock has reached the
target no longer moves it) and, on the business clock, turned back into a moment through the
calendar table (an ASOF join on the working minutes). A deadline is the latest moment there
is (``_base.LATEST``) while the ticket is paused and the clock has not reached the target, or
beyond the store's last day.

Every working-minute value is a lookup in the calendar table ``wcal`` (one row per calendar and
day, see :func:`analytics.calendars.calendar_sql`), so the cost is a few hash joins per query,
not a loop per ticket.
"""

from __future__ import annotations

from datetime import date, datetime

from ..calendars import CalendarChoice, calendar_sql, choice_from_settings, minutes_at_sql
from ..settings import Settings
from ..status_history import TABLE as HISTORY_TABLE
from ..status_history import intervals_sql
from ._base import LATEST, LATEST_SQL, Period, Query, double

EPOCH_SQL = "TIMESTAMP '1970-01-01 00:00:00'"
# the latest moment on the wall clock's minute count: a deadline never reached
NEVER = double((LATEST - datetime(1970, 1, 1)).total_seconds() / 60)


def calendar_choice(settings: Settings) -> CalendarChoice:
    return choice_from_settings(settings)


def add_calendar(q: Query, period: Period, settings: Settings) -> None:
    """``wcal``: the calendar table over the store's days (the period's first and last event,
    and the status history's first and last step: a status change may come after every
    creation and resolution; else today), and ``wcal_work``: its working days, for turning
    minutes back into moments."""
    if q.has("wcal"):
        return
    first = period.first_event.date() if period.first_event else date.today()
    last = period.last_event.date() if period.last_event else first
    if period.as_of is not None:
        last = max(last, period.as_of.date())
    steps = q.con.cursor().execute(f"SELECT CAST(min(from_ts) AS DATE), CAST(max(from_ts) AS DATE) "
                                   f"FROM {HISTORY_TABLE}").fetchone()
    if steps and steps[0] is not None:  # each step ends where the next one starts: max(from_ts)
        first, last = min(first, steps[0]), max(last, steps[1])
    sql, params = calendar_sql(calendar_choice(settings), first, last)
    q.cte("wcal", sql, params)
    q.cte("wcal_work", "  SELECT * FROM wcal WHERE minutes > 0")


def add_history(q: Query, settings: Settings) -> None:
    """``hist``: the merged status history with each step's end and pause flag."""
    if not q.has("hist"):
        sql, params = intervals_sql(tuple(settings.pause_statuses))
        q.cte("hist", sql, params)


def has_pauses(q: Query, settings: Settings) -> bool:
    """Whether the store's history holds any step in a pause status (when it holds none,
    deadlines are created_at + target and the queries skip the history)."""
    pause = [p.lower() for p in settings.pause_statuses]
    if not pause:
        return False
    params = {f"pause_{i}": p for i, p in enumerate(pause)}
    marks = ", ".join(f"${k}" for k in params)
    row = q.con.cursor().execute(
        f"SELECT EXISTS (SELECT 1 FROM {HISTORY_TABLE} WHERE lower(status_label) IN ({marks}) "
        f"OR lower(status) IN ({marks}))", params).fetchone()
    return bool(row and row[0])


def _at(t: str, c: str) -> str:
    return minutes_at_sql(t, c)


def _minutes(t: str) -> str:
    """Minutes (DOUBLE) from the Unix epoch to timestamp ``t``: the wall clock's minute count."""
    return f"(date_diff('microsecond', {EPOCH_SQL}, {t}) / 6e7)"


def _join_day(alias: str, t: str, calendar: str) -> str:
    return f"LEFT JOIN wcal {alias} ON {alias}.calendar = {calendar} AND {alias}.day = CAST({t} AS DATE)"


_KEY = "ticket_id, project_id"
_ON = "{a}.ticket_id = {b}.ticket_id AND {a}.project_id IS NOT DISTINCT FROM {b}.project_id"


def add_pause_spans(q: Query, source: str) -> None:
    """``pause_spans``: each paused step of a ticket of ``source`` (a tk-shaped CTE), from
    the later of its start and the ticket's creation; ``e`` NULL while still paused."""
    if q.has("pause_spans"):
        return
    q.cte("pause_spans", f"""
  SELECT t.ticket_id, t.project_id, greatest(h.from_ts, t.created_at) AS s, h.to_ts AS e
  FROM hist h JOIN {source} t ON {_ON.format(a='h', b='t')}
  WHERE h.paused AND (h.to_ts IS NULL OR h.to_ts > t.created_at)""")


def add_deadlines(q: Query, settings: Settings, period: Period, source: str, pauses: bool) -> None:
    """``deadlines``: (ticket_id, project_id, deadline) for the tickets of ``source`` whose
    deadline is not created_at + the target: every ticket with a priority target on the
    business clock, the tickets with pauses on the wall clock. ``source`` carries
    created_at, calendar and sla_hours."""
    business = settings.sla_clock == "business"
    if pauses:
        add_history(q, settings)
        add_pause_spans(q, source)
    if business:
        add_calendar(q, period, settings)
        c0 = "c0"
        clock0 = _at("t.created_at", c0)
        q.cte("clock_start", f"""
  SELECT t.ticket_id, t.project_id, t.calendar, {clock0} AS c0, t.sla_hours * 60 AS target
  FROM {source} t {_join_day(c0, 't.created_at', 't.calendar')}
  WHERE t.sla_hours IS NOT NULL AND t.sla_due_at IS NULL""")
    else:
        q.cte("clock_start", f"""
  SELECT t.ticket_id, t.project_id, t.calendar, {_minutes('t.created_at')} AS c0,
         t.sla_hours * 60 AS target
  FROM {source} t
  WHERE t.sla_hours IS NOT NULL AND t.sla_due_at IS NULL
    AND EXISTS (SELECT 1 FROM pause_spans p WHERE {_ON.format(a='p', b='t')})""")
    if pauses:
        if business:
            a, b = _at("p.s", "ca"), _at("p.e", "cb")
            joins = f"{_join_day('ca', 'p.s', 's.calendar')} {_join_day('cb', 'p.e', 's.calendar')}"
        else:
            a, b, joins = _minutes("p.s"), _minutes("p.e"), ""
        # each pause on the clock: its start (a) and end (b, NULL = still paused), the paused
        # minutes before it, and whether the clock had reached the target when it began
        q.cte("clock_pauses", f"""
  SELECT s.ticket_id, s.project_id, s.c0, s.target, {a} AS a, {b} AS b, p.e IS NULL AS open_ended,
         coalesce(sum({b} - {a}) OVER (PARTITION BY s.ticket_id, s.project_id ORDER BY p.s
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS paused_before
  FROM clock_start s JOIN pause_spans p ON {_ON.format(a='p', b='s')} {joins}""")
        q.cte("clock_end", """
  SELECT ticket_id, project_id,
         -- the first pause that began once the clock had run the target: it moves nothing
         min(paused_before) FILTER (WHERE a - c0 - paused_before >= target) AS before_reached,
         sum(b - a) AS paused_total, bool_or(open_ended) AS open_ended,
         bool_or(a IS NULL OR (b IS NULL AND NOT open_ended)) AS unknown
  FROM clock_pauses GROUP BY ALL""")
        minutes = f"""CASE WHEN e.unknown THEN NULL
                   WHEN e.before_reached IS NOT NULL THEN s.c0 + s.target + e.before_reached
                   WHEN e.open_ended THEN {NEVER}
                   WHEN e.ticket_id IS NULL THEN s.c0 + s.target
                   ELSE s.c0 + s.target + e.paused_total END"""
        ends = f"LEFT JOIN clock_end e ON {_ON.format(a='e', b='s')}"
    else:
        minutes, ends = "s.c0 + s.target", ""
    q.cte("clock_deadline", f"""
  SELECT s.ticket_id, s.project_id, s.calendar, {minutes} AS d
  FROM clock_start s {ends}""")
    if business:
        # back from working minutes to a moment: the last working day starting at or before it
        q.cte("deadlines", f"""
  SELECT d.ticket_id, d.project_id,
         CASE WHEN d.d >= {NEVER} THEN {LATEST_SQL}
              WHEN d.d IS NULL OR w.day IS NULL THEN NULL
              WHEN d.d - w.before > w.minutes THEN {LATEST_SQL}   -- past the calendar's end
              ELSE CAST(w.day AS TIMESTAMP)
                   + to_microseconds(CAST(round((w.start_min + d.d - w.before) * 6e7) AS BIGINT)) END
           AS deadline
  FROM clock_deadline d ASOF LEFT JOIN wcal_work w ON w.calendar = d.calendar AND d.d >= w.before""")
    else:
        q.cte("deadlines", f"""
  SELECT ticket_id, project_id,
         CASE WHEN d >= {NEVER} THEN {LATEST_SQL}
              WHEN d IS NOT NULL THEN make_timestamp(CAST(round(d * 6e7) AS BIGINT)) END AS deadline
  FROM clock_deadline""")


def add_business_tickets(q: Query, period: Period, settings: Settings, source: str = "tk") -> None:
    """``tkb``: ``source`` with the business-hours twins of its durations:
    resolution_business_hours and first_response_business_hours (working minutes of the
    ticket's calendar, less the working minutes it spent in a pause status, / 60)."""
    if q.has("tkb"):
        return
    add_calendar(q, period, settings)
    pauses = has_pauses(q, settings)
    joins = " ".join((_join_day("c0", "t.created_at", "t.calendar"), _join_day("c1", "t.resolved_ts", "t.calendar"),
                      _join_day("c2", "t.first_response_at", "t.calendar")))
    paused_res = paused_fr = "0"
    paused_join = ""
    if pauses:
        add_history(q, settings)
        add_pause_spans(q, source)
        # each pause clipped to the resolution and to the first response, on the working clock
        q.cte("paused_business", f"""
  SELECT p.ticket_id, p.project_id,
         sum(CASE WHEN t.resolved_ts > p.s
                  THEN greatest({_at('least(coalesce(p.e, t.resolved_ts), t.resolved_ts)', 'r')}
                                - {_at('p.s', 's')}, 0) END) AS res,
         sum(CASE WHEN t.first_response_at > p.s
                  THEN greatest({_at('least(coalesce(p.e, t.first_response_at), t.first_response_at)', 'f')}
                                - {_at('p.s', 's')}, 0) END) AS fr
  FROM pause_spans p JOIN {source} t ON {_ON.format(a='p', b='t')}
  {_join_day('s', 'p.s', 't.calendar')}
  {_join_day('r', 'least(coalesce(p.e, t.resolved_ts), t.resolved_ts)', 't.calendar')}
  {_join_day('f', 'least(coalesce(p.e, t.first_response_at), t.first_response_at)', 't.calendar')}
  GROUP BY ALL""")
        paused_join = f"LEFT JOIN paused_business pb ON {_ON.format(a='pb', b='t')}"
        paused_res, paused_fr = "coalesce(pb.res, 0)", "coalesce(pb.fr, 0)"
    # a negative wall-clock duration is a data error (see cycle_times.duration_issues): its twin
    # is none, so both clocks count the same tickets (a Saturday resolved "before" it was
    # created would otherwise be 0 business hours and slip into the business figures)
    q.cte("tkb", f"""
  SELECT t.*,
         CASE WHEN t.resolution_hours >= 0
              THEN ({_at('t.resolved_ts', 'c1')} - {_at('t.created_at', 'c0')} - {paused_res}) / 60 END
           AS resolution_business_hours,
         CASE WHEN t.first_response_hours >= 0
              THEN ({_at('t.first_response_at', 'c2')} - {_at('t.created_at', 'c0')} - {paused_fr}) / 60 END
           AS first_response_business_hours
  FROM {source} t {joins} {paused_join}""")


def on_clock(q: Query, period: Period, settings: Settings, clock: str) -> None:
    """Measure ``q``'s durations on ``clock``: for "business", ``tk`` becomes the tickets with
    resolution_hours and first_response_hours in business hours (the wall-clock ``tk`` is
    renamed ``tk_wall``), so every duration figure written over ``tk`` has its twin."""
    if clock == "wall":
        return
    if clock != "business":
        raise ValueError(f"clock must be 'wall' or 'business', not {clock!r}")
    q.rename("tk", "tk_wall")
    add_business_tickets(q, period, settings, "tk_wall")
    q.cte("tk", """
  SELECT * REPLACE (resolution_business_hours AS resolution_hours,
                    first_response_business_hours AS first_response_hours)
  FROM tkb""")


__all__ = ["add_business_tickets", "on_clock", "add_calendar", "add_deadlines", "add_history", "calendar_choice",
           "has_pauses"]
