"""Project health: red / amber / green per project, with the reasons that set it.

The rules are DESIGN's, every threshold a setting (analytics.settings.Settings), and they are
listed once, in :data:`RULES`. A project is red when any red rule fires, amber when only
amber rules fire, green otherwise; each measure contributes at most one reason, at its worst
level. Measured on the health day (the period's last day, never past the store's last event):

    red    slip > red_slip_days                          while the slip counts (below)
    red    an open P1 ticket older than red_open_p1_days
    red    CSAT < red_csat_pct over the last health_csat_window_days, on >= health_csat_min_n
    red    a complaint open longer than red_complaint_open_days
    amber  slip > amber_slip_days                        while the slip counts
    amber  CSAT < amber_csat_pct (same window and minimum n)
    amber  a complaint raised in the last amber_complaint_days

A slip counts until the project goes live and through its hypercare window
(health_hypercare_days after the go-live); after that the project is judged on its operations
signals (P1s, complaints, CSAT) alone. A CSAT rule needs health_csat_min_n responses in its
window: one unhappy answer is not a verdict on a project.

Each reason is a rule code with its parameters (the measure and the threshold in force, as
JSON), rendered in the reader's language from the translation table
(``health.reason.<code>``), so a reason can never name a threshold other than the one that
was applied. Beside the reasons, *notes* say what was not judged and why
(``health.note.<code>``): a slip past hypercare, a CSAT on too few responses, a phase that says
live without a go-live date, a phase or status the data cannot date.

Health on a past day uses the phase and status as of that day where the data can tell: the
go-live date says whether a project was in delivery, in hypercare or in operations then, the
closed date whether it was still open. The data does not date the delivery phases
(requirements ... testing), an on-hold status or a cancellation: a project in delivery then is
shown as "in delivery" with a note, an on-hold status with a note that it is today's, and a
cancelled project is left out of every day (as from every active count).

Health is about a project as a whole, so only the project filters (customer, industry,
region, delivery mode, project) narrow it; team, priority and ticket-type filters do not hide
a project's P1s or complaints. The projects judged are those running on the health day:
started, not cancelled and not closed by then.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from ..filters import Filters
from ..messages import render
from ..settings import Settings, load_settings
from ._base import age_days, base_query, open_at, plain, to_lists

RAG_ORDER: tuple[str, ...] = ("red", "amber", "green")

# The phases that say a project has gone live.
LIVE_PHASES: tuple[str, ...] = ("hypercare", "operations", "closed")


@dataclass(frozen=True)
class Rule:
    """One health rule (``level`` red or amber) or, with ``level`` None, one note.

    ``condition`` is SQL over ``m`` (the per-project measures) and ``l`` (the thresholds in
    force, :func:`_limits`); ``params`` name the SQL of each parameter of its text
    (``health.reason.<code>`` or ``health.note.<code>`` in the translation table)."""

    level: str | None
    code: str
    condition: str
    params: Mapping[str, str]


_CSAT = {"csat": "m.csat_recent", "n": "m.csat_recent_n", "window": "l.health_csat_window_days"}

RULES: tuple[Rule, ...] = (
    Rule("red", "red_slip", "m.slip_counts AND m.slip_days > l.red_slip_days",
         {"days": "m.slip_days", "limit": "l.red_slip_days"}),
    Rule("red", "red_open_p1", "m.old_open_p1 > 0",
         {"count": "m.old_open_p1", "days": "l.red_open_p1_days"}),
    Rule("red", "red_csat",
         "m.csat_recent_n >= l.health_csat_min_n AND m.csat_recent < l.red_csat_pct",
         {**_CSAT, "limit": "l.red_csat_pct"}),
    Rule("red", "red_open_complaint", "m.old_open_complaints > 0",
         {"count": "m.old_open_complaints", "days": "l.red_complaint_open_days"}),
    Rule("amber", "amber_slip",
         "m.slip_counts AND m.slip_days > l.amber_slip_days AND NOT m.slip_days > l.red_slip_days",
         {"days": "m.slip_days", "limit": "l.amber_slip_days"}),
    Rule("amber", "amber_csat",
         "m.csat_recent_n >= l.health_csat_min_n AND m.csat_recent < l.amber_csat_pct"
         " AND NOT m.csat_recent < l.red_csat_pct",
         {**_CSAT, "limit": "l.amber_csat_pct"}),
    Rule("amber", "amber_recent_complaint", "m.recent_complaints > 0",
         {"count": "m.recent_complaints", "days": "l.amber_complaint_days"}),
)

NOTES: tuple[Rule, ...] = (
    # a slip that no longer counts: live for longer than the hypercare window
    Rule(None, "slip_after_hypercare",
         "m.live AND NOT m.slip_counts AND NOT m.golive_undated"
         " AND m.slip_days > l.amber_slip_days",
         {"days": "m.slip_days", "golive": "CAST(m.actual_golive_date AS VARCHAR)",
          "window": "l.health_hypercare_days"}),
    # a phase that says live, with no go-live date to measure the slip by
    Rule(None, "golive_undated", "m.golive_undated",
         {"phase": "'value.phase.' || m.phase_recorded"}),
    # a CSAT below a threshold, on fewer responses than a rule needs
    Rule(None, "csat_few",
         "m.csat_recent_n > 0 AND m.csat_recent_n < l.health_csat_min_n"
         " AND m.csat_recent < l.amber_csat_pct",
         {**_CSAT, "min_n": "l.health_csat_min_n"}),
    # on a past day: a delivery phase the data does not date
    Rule(None, "phase_undated", "m.phase = 'delivery'",
         {"phase": "'value.phase.' || m.phase_recorded",
          "day": "CAST(m.health_day AS VARCHAR)"}),
    # on a past day: an on-hold status the data does not date
    Rule(None, "status_undated", "NOT m.current AND m.status = 'on_hold'",
         {"day": "CAST(m.health_day AS VARCHAR)"}),
)


def _limits(s: Settings) -> tuple[str, dict[str, Any]]:
    """The thresholds in force as one row ``l``: the rules, their texts and the notes all
    read them from here."""
    values = {
        "red_slip_days": int(s.red_slip_days), "amber_slip_days": int(s.amber_slip_days),
        "red_open_p1_days": float(s.red_open_p1_days),
        "red_csat_pct": float(s.red_csat_pct), "amber_csat_pct": float(s.amber_csat_pct),
        "red_complaint_open_days": float(s.red_complaint_open_days),
        "amber_complaint_days": int(s.amber_complaint_days),
        "health_csat_window_days": int(s.health_csat_window_days),
        "health_csat_min_n": int(s.health_csat_min_n),
        "health_hypercare_days": int(s.health_hypercare_days),
    }
    types = {int: "INTEGER", float: "DOUBLE"}
    sql = "  SELECT " + ", ".join(f"CAST(${k} AS {types[type(v)]}) AS {k}"
                                  for k, v in values.items())
    return sql, values


def _json(params: Mapping[str, str]) -> str:
    return "json_object(" + ", ".join(f"'{k}', {v}" for k, v in params.items()) + ")"


def _fired(rules: tuple[Rule, ...]) -> str:
    """One row per project and rule that fires: project_id, ord, level, code, params."""
    return "\n  UNION ALL".join(f"""
  SELECT m.project_id, {i} AS ord, {f"'{r.level}'" if r.level else 'NULL'} AS level,
         '{r.code}' AS code, CAST({_json(r.params)} AS VARCHAR) AS params
  FROM measures m, limits l WHERE {r.condition}""" for i, r in enumerate(rules))


def _health_query(con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings,
                  today: date | None):
    project_only = replace(filters, teams=(), priorities=(), ticket_types=())
    q, period = base_query(con, project_only, settings, today=today)
    s = settings
    # the health day is "now" when nothing in the store is later: the recorded phase and
    # status are then the day's own
    current = (period.today is None or period.last_event is None
               or period.today >= period.last_event.date())
    limits_sql, limits_params = _limits(s)
    q.cte("limits", limits_sql, limits_params)
    live_phases = ", ".join(f"'{p}'" for p in LIVE_PHASES)
    q.cte("running", f"""
  SELECT p.*, CAST($health_current AS BOOLEAN) AS current, b.today AS health_day,
         p.phase AS phase_recorded, p.status AS status_recorded,
         NOT p.live AND p.actual_golive_date IS NULL
           AND coalesce(p.phase, '') IN ({live_phases}) AS golive_undated
  FROM proj p, bounds b
  WHERE NOT p.cancelled
    AND coalesce(p.kickoff_date, p.signed_date) <= b.today
    AND (p.closed_date > b.today OR (p.closed_date IS NULL AND coalesce(p.status, '') <> 'closed'))""",
          {"health_current": current})
    age = age_days("tk")
    q.cte("ticket_measures", f"""
  SELECT tk.project_id,
         count(*) FILTER (WHERE tk.priority = 'P1' AND {open_at('tk')}
                            AND {age} > l.red_open_p1_days) AS old_open_p1,
         count(*) FILTER (WHERE tk.complaint AND {open_at('tk')}
                            AND {age} > l.red_complaint_open_days) AS old_open_complaints,
         count(*) FILTER (WHERE tk.complaint AND tk.created_at <= b.as_of
                            AND tk.created_at > b.as_of - l.amber_complaint_days * INTERVAL 1 DAY)
           AS recent_complaints
  FROM tk, bounds b, limits l
  GROUP BY tk.project_id""")
    q.cte("survey_measures", """
  SELECT sv.project_id,
         count(sv.satisfied) AS csat_recent_n,
         CAST(count(*) FILTER (WHERE sv.satisfied) AS DOUBLE) / nullif(count(sv.satisfied), 0)
           AS csat_recent
  FROM sv, bounds b, limits l
  WHERE sv.submitted_at <= b.as_of
    AND sv.submitted_at > b.as_of - l.health_csat_window_days * INTERVAL 1 DAY
  GROUP BY sv.project_id""")
    q.cte("measures", """
  SELECT r.project_id, r.project_name, r.customer,
         CASE WHEN r.current THEN r.phase
              WHEN r.live AND r.health_day <= r.actual_golive_date + l.health_hypercare_days * INTERVAL 1 DAY
                THEN 'hypercare'
              WHEN r.live THEN 'operations'
              WHEN r.phase = 'presales' THEN 'presales'
              ELSE 'delivery' END AS phase,
         CASE WHEN NOT r.current AND r.status = 'closed' THEN 'active'
              ELSE r.status END AS status,
         r.implementation_lead,
         r.planned_golive_date, r.actual_golive_date, r.live, r.slip_days,
         r.planned_golive_date IS NOT NULL AND NOT r.golive_undated
           AND (NOT r.live OR r.health_day <= r.actual_golive_date
                                              + l.health_hypercare_days * INTERVAL 1 DAY)
           AS slip_counts,
         r.golive_undated, r.current, r.health_day, r.phase_recorded,
         coalesce(t.old_open_p1, 0) AS old_open_p1,
         coalesce(t.old_open_complaints, 0) AS old_open_complaints,
         coalesce(t.recent_complaints, 0) AS recent_complaints,
         coalesce(v.csat_recent_n, 0) AS csat_recent_n,
         v.csat_recent
  FROM running r
  CROSS JOIN limits l
  LEFT JOIN ticket_measures t USING (project_id)
  LEFT JOIN survey_measures v USING (project_id)""")
    q.cte("reasons", _fired(RULES))
    q.cte("notes", _fired(NOTES))
    return q, period


# The per-project verdict: red when a red rule fired, amber when any other did.
_RAG_SQL = """CASE WHEN bool_or(r.level = 'red') THEN 'red'
                WHEN count(r.code) > 0 THEN 'amber'
                ELSE 'green' END"""


def project_health(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, settings: Settings | None = None, today: date | None = None) -> pd.DataFrame:
    """Red / amber / green for every project running on the health day, worst first.

    Columns: project_id, project_name, customer, phase and status (as of the health day, see
    the module docstring), implementation_lead, rag, reasons (English sentences),
    reason_codes and reason_params (rule codes and their text parameters, for the reasons in
    any language: :func:`reason_texts`), notes, note_codes and note_params (likewise, what
    was not judged and why), slip_days, slip_counts, old_open_p1, old_open_complaints,
    recent_complaints, csat_recent, csat_recent_n, phase_recorded (the phase the data holds
    today), health_day (the day judged), as_of (the moment the ticket and survey windows end:
    the midnight after the health day, or the store's last event).
    """
    settings = settings or load_settings(con)
    q, _ = _health_query(con, filters, settings, today)
    q.cte("verdicts", f"""
  SELECT m.project_id, {_RAG_SQL} AS rag,
         coalesce(list(r.code ORDER BY r.ord) FILTER (WHERE r.code IS NOT NULL), [])
           AS reason_codes,
         coalesce(list(r.params ORDER BY r.ord) FILTER (WHERE r.code IS NOT NULL), [])
           AS reason_params
  FROM measures m LEFT JOIN reasons r USING (project_id)
  GROUP BY m.project_id""")
    q.cte("remarks", """
  SELECT project_id, list(code ORDER BY ord) AS note_codes,
         list(params ORDER BY ord) AS note_params
  FROM notes GROUP BY project_id""")
    df = q.df("""
    SELECT m.project_id, m.project_name, m.customer, m.phase, m.status, m.implementation_lead,
           v.rag, v.reason_codes, v.reason_params,
           coalesce(n.note_codes, []) AS note_codes, coalesce(n.note_params, []) AS note_params,
           m.slip_days, m.slip_counts, m.old_open_p1, m.old_open_complaints,
           m.recent_complaints, m.csat_recent, m.csat_recent_n, m.phase_recorded,
           m.health_day, b.as_of
    FROM measures m
    JOIN verdicts v USING (project_id)
    LEFT JOIN remarks n USING (project_id)
    CROSS JOIN bounds b
    ORDER BY CASE v.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END,
             m.slip_days DESC NULLS LAST, m.project_id""")
    df = to_lists(df, "reason_codes", "reason_params", "note_codes", "note_params")
    for column in ("reason_params", "note_params"):
        df[column] = [[json.loads(p) for p in params] for params in df[column]]
    df.insert(df.columns.get_loc("reason_codes"), "reasons",
              [reason_texts(c, p, "en") for c, p in zip(df["reason_codes"], df["reason_params"])])
    df.insert(df.columns.get_loc("note_codes"), "notes",
              [note_texts(c, p, "en") for c, p in zip(df["note_codes"], df["note_params"])])
    return df


# What the command line and its JSON carry of each project_health row, in this order.
RECORD_FIELDS: tuple[str, ...] = (
    "project_id", "project_name", "customer", "rag", "reasons", "notes", "phase", "status",
    "implementation_lead", "slip_days", "old_open_p1", "old_open_complaints",
    "recent_complaints", "csat_recent", "csat_recent_n", "health_day")


def health_records(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, settings: Settings | None = None, today: date | None = None
                   ) -> list[dict[str, Any]]:
    """The rows of :func:`project_health` (the Overview's health table) as plain JSON-ready
    dicts with :data:`RECORD_FIELDS`, reasons and notes in English: what
    ``python -m analytics health`` prints."""
    df = project_health(con, filters, settings=settings, today=today)
    out = []
    for row in df[list(RECORD_FIELDS)].to_dict("records"):
        record = {k: plain(v) for k, v in row.items()}
        record["reasons"], record["notes"] = list(row["reasons"]), list(row["notes"])
        if record["health_day"] is not None:
            record["health_day"] = pd.Timestamp(record["health_day"]).date().isoformat()
        out.append(record)
    return out


def reason_texts(codes: Any, params: Any, lang: str) -> list[str]:
    """The reasons of one project as sentences in ``lang``, from its rule codes and their
    parameters (``health.reason.<code>``)."""
    return _texts("health.reason", codes, params, lang)


def note_texts(codes: Any, params: Any, lang: str) -> list[str]:
    """The notes of one project in ``lang`` (``health.note.<code>``)."""
    return _texts("health.note", codes, params, lang)


def _texts(prefix: str, codes: Any, params: Any, lang: str) -> list[str]:
    if not isinstance(codes, (list, tuple)) or not isinstance(params, (list, tuple)):
        return []
    return [render(f"{prefix}.{c}", p, lang) for c, p in zip(codes, params)]


def health_summary(con: duckdb.DuckDBPyConnection, filters: Filters,
                   *, settings: Settings | None = None, today: date | None = None) -> pd.DataFrame:
    """Projects per RAG status (all three rows, zeros included).

    Columns: rag, projects, share.
    """
    settings = settings or load_settings(con)
    q, _ = _health_query(con, filters, settings, today)
    q.cte("statuses", "  SELECT * FROM (VALUES (0, 'red'), (1, 'amber'), (2, 'green')) v(ord, rag)")
    q.cte("rag", f"""
  SELECT m.project_id, {_RAG_SQL} AS rag
  FROM measures m LEFT JOIN reasons r USING (project_id)
  GROUP BY m.project_id""")
    return q.df("""
    SELECT s.rag, count(r.project_id) AS projects,
           count(r.project_id) / nullif(sum(count(r.project_id)) OVER (), 0) AS share
    FROM statuses s LEFT JOIN rag r USING (rag)
    GROUP BY s.ord, s.rag
    ORDER BY s.ord""")


@dataclass(frozen=True)
class ProjectDetail:
    project: dict[str, Any]  # the project row; empty when the id is unknown
    health: dict[str, Any] | None  # its health row, None when it is not running
    milestones: pd.DataFrame  # milestone, planned_date, actual_date, slip_days
    tickets: pd.DataFrame
    surveys: pd.DataFrame


def project_detail(con: duckdb.DuckDBPyConnection, project_id: str, *,
                   settings: Settings | None = None, today: date | None = None) -> ProjectDetail:
    """Everything about one project: its row, health, milestones planned vs actual, and all
    its tickets and survey responses (every date, newest first).

    milestones: signed, kickoff, go-live, accepted, closed, each with its actual date; go-live
    also with its planned date and slip (actual, or today if not live, minus planned).
    tickets: ticket_id, created_at, type, complaint, priority, status, category, team,
    first_response_hours, resolved_at, resolution_hours, target_at, met_target, open.
    surveys: response_id, submitted_at, touchpoint, respondent_role, score, scale,
    score_0_100, satisfied, nps, comment.
    """
    settings = settings or load_settings(con)
    f = Filters(projects=(project_id,))
    q, _ = base_query(con, f, settings, today=today)
    project = q.df("SELECT * EXCLUDE (active, golive_in_period, golive_on_time) FROM proj")
    row = {k: plain(v) for k, v in project.iloc[0].items()} if len(project) else {}
    no_plan = "CAST(NULL AS DATE)"
    milestones = q.df(f"""
    SELECT m.milestone, m.planned_date, m.actual_date,
           CASE WHEN m.milestone = 'golive' THEN m.slip_days END AS slip_days
    FROM (SELECT 0 AS ord, 'signed' AS milestone, {no_plan} AS planned_date,
                 signed_date AS actual_date, slip_days FROM proj
          UNION ALL SELECT 1, 'kickoff', {no_plan}, kickoff_date, slip_days FROM proj
          UNION ALL SELECT 2, 'golive', planned_golive_date, actual_golive_date, slip_days FROM proj
          UNION ALL SELECT 3, 'accepted', {no_plan}, accepted_date, slip_days FROM proj
          UNION ALL SELECT 4, 'closed', {no_plan}, closed_date, slip_days FROM proj) m
    ORDER BY m.ord""")
    tickets = q.df(f"""
    SELECT tk.ticket_id, tk.created_at, tk.type, tk.complaint, tk.priority, tk.status,
           tk.category, tk.team,
           CASE WHEN tk.first_response_hours >= 0 THEN tk.first_response_hours END
             AS first_response_hours,
           tk.resolved_ts AS resolved_at,
           CASE WHEN tk.resolution_hours >= 0 THEN tk.resolution_hours END AS resolution_hours,
           tk.target_at,
           CASE WHEN tk.resolved_ts IS NOT NULL AND tk.target_at IS NOT NULL
                THEN tk.resolved_ts <= tk.target_at END AS met_target,
           {open_at('tk')} AS open
    FROM tk, bounds b
    ORDER BY tk.created_at DESC, tk.ticket_id""")
    surveys = q.df("""
    SELECT response_id, submitted_at, touchpoint, respondent_role, score, scale, score_0_100,
           satisfied, nps, comment
    FROM sv
    ORDER BY submitted_at DESC, response_id""")
    health = project_health(con, f, settings=settings, today=today)
    return ProjectDetail(project=row, health=health.iloc[0].to_dict() if len(health) else None,
                         milestones=milestones, tickets=tickets, surveys=surveys)


__all__ = ["LIVE_PHASES", "NOTES", "RAG_ORDER", "RECORD_FIELDS", "RULES", "Rule",
           "ProjectDetail", "health_records", "health_summary", "note_texts", "project_detail",
           "project_health", "reason_texts"]
