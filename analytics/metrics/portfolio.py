"""Project health: red / amber / green per project, with the reasons that set it.

The rules are DESIGN's, every threshold a setting (analytics.settings.Settings), and they are
listed once, in :func:`_rules`. A project is red when any red rule fires, amber when only
amber rules fire, green otherwise; each measure contributes at most one reason, at its worst
level. Measured at the period end (``as_of``; ``today`` for slips):

    red    slip > red_slip_days
    red    an open P1 ticket older than red_open_p1_days
    red    CSAT < red_csat_pct over the last health_csat_window_days
    red    a complaint open longer than red_complaint_open_days
    amber  slip > amber_slip_days
    amber  CSAT < amber_csat_pct over the last health_csat_window_days
    amber  a complaint raised in the last amber_complaint_days

Health is about a project as a whole, so only the project filters (customer, industry,
region, delivery mode, project) narrow it; team, priority and ticket-type filters do not hide
a project's P1s or complaints. The projects judged are those running on the as-of day:
started, not cancelled and not closed by then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import SETTINGS, Settings
from ._base import base_query, open_at, plain, to_lists

RAG_ORDER: tuple[str, ...] = ("red", "amber", "green")


@dataclass(frozen=True)
class Rule:
    level: str  # red | amber
    code: str  # stable key, for translations
    condition: str  # SQL over the ``measures`` CTE, with ? for the threshold(s)
    text: str  # SQL format() expression giving the English reason
    params: tuple[Any, ...]  # for condition, then text, in order


def _rules(s: Settings) -> list[Rule]:
    """Every health rule, in the order reasons are listed. The only place thresholds are read."""
    return [
        Rule("red", "red_slip", "slip_days > ?",
             "format('schedule slip {} days > {} days', slip_days, ?)",
             (s.red_slip_days, s.red_slip_days)),
        Rule("red", "red_open_p1", "old_open_p1 > 0",
             "format('{} open P1 ticket(s) older than {:g} days', old_open_p1, ?)",
             (float(s.red_open_p1_days),)),
        Rule("red", "red_csat", "csat_recent < ?",
             "format('CSAT {:.0f}% (n={}) over the last {} days < {:.0f}%', "
             "100 * csat_recent, csat_recent_n, ?, ?)",
             (s.red_csat_pct, s.health_csat_window_days, 100 * s.red_csat_pct)),
        Rule("red", "red_open_complaint", "old_open_complaints > 0",
             "format('{} complaint(s) open longer than {:g} days', old_open_complaints, ?)",
             (float(s.red_complaint_open_days),)),
        Rule("amber", "amber_slip", "slip_days > ? AND NOT slip_days > ?",
             "format('schedule slip {} days > {} days', slip_days, ?)",
             (s.amber_slip_days, s.red_slip_days, s.amber_slip_days)),
        Rule("amber", "amber_csat", "csat_recent < ? AND NOT csat_recent < ?",
             "format('CSAT {:.0f}% (n={}) over the last {} days < {:.0f}%', "
             "100 * csat_recent, csat_recent_n, ?, ?)",
             (s.amber_csat_pct, s.red_csat_pct, s.health_csat_window_days,
              100 * s.amber_csat_pct)),
        Rule("amber", "amber_recent_complaint", "recent_complaints > 0",
             "format('{} complaint(s) in the last {} days', recent_complaints, ?)",
             (s.amber_complaint_days,)),
    ]


def _health_query(con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings,
                  today: date | None):
    project_only = replace(filters, teams=(), priorities=(), ticket_types=())
    q, period = base_query(con, project_only, settings, today=today)
    s = settings
    q.cte("running", """
  SELECT p.*
  FROM proj p, bounds b
  WHERE NOT p.cancelled
    AND coalesce(p.kickoff_date, p.signed_date) <= b.today
    AND (p.closed_date > b.today OR (p.closed_date IS NULL AND coalesce(p.status, '') <> 'closed'))""")
    age = "(epoch_us(b.as_of) - epoch_us(tk.created_at)) / 8.64e10"  # days, DOUBLE
    q.cte("ticket_measures", f"""
  SELECT tk.project_id,
         count(*) FILTER (WHERE tk.priority = 'P1' AND {open_at('tk')}
                            AND {age} > ?) AS old_open_p1,
         count(*) FILTER (WHERE tk.complaint AND {open_at('tk')}
                            AND {age} > ?) AS old_open_complaints,
         count(*) FILTER (WHERE tk.complaint AND tk.created_at <= b.as_of
                            AND tk.created_at > b.as_of - ? * INTERVAL 1 DAY)  AS recent_complaints
  FROM tk, bounds b
  GROUP BY tk.project_id""",
          [float(s.red_open_p1_days), float(s.red_complaint_open_days),
           int(s.amber_complaint_days)])
    q.cte("survey_measures", """
  SELECT sv.project_id,
         count(sv.satisfied) AS csat_recent_n,
         CAST(count(*) FILTER (WHERE sv.satisfied) AS DOUBLE) / nullif(count(sv.satisfied), 0)
           AS csat_recent
  FROM sv, bounds b
  WHERE sv.submitted_at <= b.as_of AND sv.submitted_at > b.as_of - ? * INTERVAL 1 DAY
  GROUP BY sv.project_id""", [int(s.health_csat_window_days)])
    q.cte("measures", """
  SELECT r.project_id, r.project_name, r.customer, r.phase, r.status, r.implementation_lead,
         r.planned_golive_date, r.actual_golive_date, r.live, r.slip_days,
         coalesce(t.old_open_p1, 0) AS old_open_p1,
         coalesce(t.old_open_complaints, 0) AS old_open_complaints,
         coalesce(t.recent_complaints, 0) AS recent_complaints,
         coalesce(v.csat_recent_n, 0) AS csat_recent_n,
         v.csat_recent
  FROM running r
  LEFT JOIN ticket_measures t USING (project_id)
  LEFT JOIN survey_measures v USING (project_id)""")
    selects, params = [], []
    for i, rule in enumerate(_rules(settings)):
        n_cond = rule.condition.count("?")
        selects.append(f"""
  SELECT project_id, {i} AS ord, '{rule.level}' AS level, '{rule.code}' AS code,
         {rule.text} AS text
  FROM measures WHERE {rule.condition}""")
        # params in text order: the format() arguments come before the WHERE condition
        params += [*rule.params[n_cond:], *rule.params[:n_cond]]
    q.cte("reasons", "\n  UNION ALL".join(selects), params)
    return q, period


def project_health(con: duckdb.DuckDBPyConnection, filters: Filters,
                   settings: Settings = SETTINGS, today: date | None = None) -> pd.DataFrame:
    """Red / amber / green for every project running on the as-of day, worst first.

    Columns: project_id, project_name, customer, phase, status, implementation_lead, rag,
    reasons (list of English sentences), reason_codes (list of rule codes, for translation),
    slip_days, old_open_p1, old_open_complaints, recent_complaints, csat_recent,
    csat_recent_n, as_of.
    """
    q, _ = _health_query(con, filters, settings, today)
    df = q.df("""
    SELECT m.project_id, m.project_name, m.customer, m.phase, m.status, m.implementation_lead,
           CASE WHEN bool_or(r.level = 'red') THEN 'red'
                WHEN count(r.code) > 0 THEN 'amber'
                ELSE 'green' END AS rag,
           coalesce(list(r.text ORDER BY r.ord) FILTER (WHERE r.code IS NOT NULL), [])
             AS reasons,
           coalesce(list(r.code ORDER BY r.ord) FILTER (WHERE r.code IS NOT NULL), [])
             AS reason_codes,
           m.slip_days, m.old_open_p1, m.old_open_complaints, m.recent_complaints,
           m.csat_recent, m.csat_recent_n, any_value(b.as_of) AS as_of
    FROM measures m
    CROSS JOIN bounds b
    LEFT JOIN reasons r USING (project_id)
    GROUP BY ALL
    ORDER BY CASE rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END,
             m.slip_days DESC NULLS LAST, m.project_id""")
    return to_lists(df, "reasons", "reason_codes")


def health_summary(con: duckdb.DuckDBPyConnection, filters: Filters,
                   settings: Settings = SETTINGS, today: date | None = None) -> pd.DataFrame:
    """Projects per RAG status (all three rows, zeros included).

    Columns: rag, projects, share.
    """
    q, _ = _health_query(con, filters, settings, today)
    q.cte("statuses", "  SELECT * FROM (VALUES (0, 'red'), (1, 'amber'), (2, 'green')) v(ord, rag)")
    q.cte("rag", """
  SELECT m.project_id,
         CASE WHEN bool_or(r.level = 'red') THEN 'red'
              WHEN count(r.code) > 0 THEN 'amber' ELSE 'green' END AS rag
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


def project_detail(con: duckdb.DuckDBPyConnection, project_id: str,
                   settings: Settings = SETTINGS, today: date | None = None) -> ProjectDetail:
    """Everything about one project: its row, health, milestones planned vs actual, and all
    its tickets and survey responses (every date, newest first).

    milestones: signed, kickoff, go-live, accepted, closed, each with its actual date; go-live
    also with its planned date and slip (actual, or today if not live, minus planned).
    tickets: ticket_id, created_at, type, complaint, priority, status, category, team,
    first_response_hours, resolved_at, resolution_hours, target_at, met_target, open.
    surveys: response_id, submitted_at, touchpoint, respondent_role, score, scale,
    score_0_100, satisfied, nps, comment.
    """
    f = Filters(projects=(project_id,))
    q, _ = base_query(con, f, settings, today=today)
    project = q.df("SELECT * EXCLUDE (active, golive_in_period, golive_on_time) FROM proj")
    row = {k: plain(v) for k, v in project.iloc[0].items()} if len(project) else {}
    milestones = q.df("""
    SELECT m.milestone, m.planned_date, m.actual_date,
           CASE WHEN m.milestone = 'golive' THEN p.slip_days END AS slip_days
    FROM proj p, LATERAL (VALUES
        (0, 'signed',   NULL::DATE,            p.signed_date),
        (1, 'kickoff',  NULL::DATE,            p.kickoff_date),
        (2, 'golive',   p.planned_golive_date, p.actual_golive_date),
        (3, 'accepted', NULL::DATE,            p.accepted_date),
        (4, 'closed',   NULL::DATE,            p.closed_date)
    ) AS m(ord, milestone, planned_date, actual_date)
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
    health = project_health(con, f, settings, today)
    return ProjectDetail(project=row, health=health.iloc[0].to_dict() if len(health) else None,
                         milestones=milestones, tickets=tickets, surveys=surveys)


__all__ = ["RAG_ORDER", "Rule", "ProjectDetail", "project_health", "health_summary",
           "project_detail"]
