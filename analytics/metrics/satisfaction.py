"""Customer satisfaction: CSAT %, the mean score on 0-100 and NPS, each with its n and its
uncertainty, because a quarter's CSAT often rests on a handful of answers.

Responses are dated by ``submitted_at``. Every score is read on the scale recorded with it
(``scale``: 1-5, 1-10, 0-10 or 0-100, see analytics.schema.SCORE_SCALES):

- CSAT = responses at or above the scale's "satisfied" threshold (4 of 5, 8 of 10, 80 of
  100) / scored responses, with a Wilson 95 % interval (well behaved at small n and near
  0 or 100 %, unlike the normal approximation).
- mean_0_100 = mean of (score - low) / (high - low) * 100, so 1-5 and 0-100 answers average
  together (1-5: 1 -> 0, 3 -> 50, 5 -> 100).
- NPS = % promoters (9-10) - % detractors (0-6) of the ``nps`` answers, -100..100. Each answer
  is scored +1 / 0 / -1; the 95 % interval is NPS +- 1.96 * 100 * sqrt(var / n) with the
  population variance of those points, clipped to -100..100.

A score without a known scale or outside it is not scored: it is a response (``responses``)
but not part of CSAT's n. A figure from fewer than settings.low_confidence_n answers carries
``low_confidence`` = true.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import base_query, check_grain, double, in_window, wilson

SurveyDimension = Literal["customer", "touchpoint", "team", "project", "respondent_role"]

_DIMENSIONS: dict[str, str] = {"customer": "customer", "touchpoint": "touchpoint",
                               "team": "team", "project": "project_id",
                               "respondent_role": "respondent_role"}

Z = 1.96

# The survey measures (registry): raw counts per group, the figures are derived from them.
_MEASURES: tuple[str, ...] = ("survey_responses", "n", "satisfied", "csat_mean_0_100", "nps_n",
                              "promoters", "detractors", "nps", "nps_var")
FIGURE_COLUMNS: tuple[str, ...] = (
    "survey_responses", "n", "satisfied", "csat_pct", "csat_low", "csat_high", "csat_mean_0_100",
    "nps_n", "promoters", "detractors", "nps", "nps_low", "nps_high", "low_confidence",
    "nps_low_confidence")


def _figures(source: str | None = None, auto: bool = True) -> str:
    """The figures' select list over the measures of the counts CTE ``source`` (LEFT JOINed:
    a group without responses has zero counts and NULL figures), or over plain columns: the
    registry's KPIs and the figures' own columns, the intervals and the n checks."""
    m = registry.read(_MEASURES, source) if source else {k: k for k in _MEASURES}
    own = {**intervals(m), "low_confidence": f"{m['n']} < $low_n",
           "nps_low_confidence": f"{m['nps_n']} < $low_n"}
    return registry.columns_sql(FIGURE_COLUMNS, m, own=own, auto=auto)


#: The measures :func:`intervals` reads.
INTERVAL_MEASURES: tuple[str, ...] = ("n", "satisfied", "nps_n", "nps", "nps_var")


def intervals(m: Mapping[str, str]) -> dict[str, str]:
    """CSAT's Wilson 95 % interval and NPS's (csat_low, csat_high, nps_low, nps_high) as SQL
    over the measures of :data:`INTERVAL_MEASURES` (name -> the SQL reading it)."""
    low, high = wilson(m["satisfied"], m["n"], Z)
    half = f"{double(Z)} * 100 * sqrt({m['nps_var']} / {m['nps_n']})"
    return {
        "csat_low": f"CASE WHEN {m['n']} > 0 THEN greatest({low}, 0) END",
        "csat_high": f"CASE WHEN {m['n']} > 0 THEN least({high}, 1) END",
        "nps_low": f"CASE WHEN {m['nps_n']} > 0 THEN greatest({m['nps']} - {half}, -100) END",
        "nps_high": f"CASE WHEN {m['nps_n']} > 0 THEN least({m['nps']} + {half}, 100) END",
    }


@dataclass(frozen=True)
class SatisfactionSummary:
    survey_responses: int  # responses submitted in the period
    n: int  # scored responses: CSAT's n
    satisfied: int
    csat_pct: float | None  # fraction 0..1
    csat_low: float | None
    csat_high: float | None
    csat_mean_0_100: float | None
    nps_n: int
    promoters: int
    detractors: int
    nps: float | None  # -100..100
    nps_low: float | None
    nps_high: float | None
    low_confidence: bool
    nps_low_confidence: bool


def thresholds(settings: Settings) -> dict[str, int]:
    """The low-confidence threshold, a parameter of the figures' n checks."""
    return {"low_n": int(settings.low_confidence_n)}


def satisfaction_summary(con: duckdb.DuckDBPyConnection, filters: Filters,
                         *, settings: Settings | None = None) -> SatisfactionSummary:
    """CSAT, mean score and NPS over every response submitted in the period."""
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    q.cte("c", f"  SELECT {registry.measure_sql(_MEASURES, 'b')}\n"
               f"  FROM sv, bounds b WHERE {in_window('sv.submitted_at')}")
    row = q.one(f"SELECT {_figures('c', auto=False)} FROM c", thresholds(settings))
    return SatisfactionSummary(**row)


def satisfaction_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, grain: str = "month",
                       settings: Settings | None = None) -> pd.DataFrame:
    """The satisfaction figures per week / month / quarter; periods without responses are
    rows with zero counts and NULL figures (flagged low_confidence).

    Columns: period, survey_responses, n, satisfied, csat_pct, csat_low, csat_high,
    csat_mean_0_100, nps_n, promoters, detractors, nps, nps_low, nps_high, low_confidence,
    nps_low_confidence.
    """
    settings = settings or load_settings(con)
    part, _ = check_grain(grain)
    q, _ = base_query(con, filters, settings, grain=grain)
    q.cte("c", f"""
  SELECT CAST(date_trunc('{part}', sv.submitted_at) AS DATE) AS period,
         {registry.measure_sql(_MEASURES, 'b')}
  FROM sv, bounds b
  WHERE {in_window('sv.submitted_at')}
  GROUP BY 1""")
    return q.df(f"""
    SELECT s.period, {_figures('c')}, s.unfinished
    FROM spine s LEFT JOIN c USING (period)
    ORDER BY s.period""", thresholds(settings))


def satisfaction_breakdown(con: duckdb.DuckDBPyConnection, filters: Filters,
                           *, by: SurveyDimension = "customer",
                           settings: Settings | None = None) -> pd.DataFrame:
    """The satisfaction figures split by customer, touchpoint, team, project or respondent
    role over the period; a NULL value is its own row. Sorted by n, most first.

    Columns: <by>, then the columns of :func:`satisfaction_trend` after ``period``.
    """
    settings = settings or load_settings(con)
    if by not in _DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(_DIMENSIONS)}, not {by!r}")
    q, _ = base_query(con, filters, settings)
    q.cte("c", f"""
  SELECT sv.{_DIMENSIONS[by]} AS key, {registry.measure_sql(_MEASURES, 'b')}
  FROM sv, bounds b
  WHERE {in_window('sv.submitted_at')}
  GROUP BY 1""")
    return q.df(f"""
    SELECT c.key AS {by}, {_figures('c')}
    FROM c
    ORDER BY n DESC, survey_responses DESC, c.key NULLS LAST""", thresholds(settings))


def survey_comments(con: duckdb.DuckDBPyConnection, filters: Filters,
                    *, search: str | None = None, settings: Settings | None = None,
                    limit: int | None = None) -> pd.DataFrame:
    """Responses with a comment submitted in the period, newest first. ``search`` keeps those
    whose comment contains the text (case-insensitive, literal: % and _ are not wildcards).
    ``limit`` keeps the newest that many; ``matching`` still counts them all.

    Columns: response_id, submitted_at, project_id, project_name, customer, touchpoint, team,
    respondent_role, score, scale, score_0_100, satisfied, nps, comment, matching (how many
    responses match in all, the same on every row).
    """
    settings = settings or load_settings(con)
    q, _ = base_query(con, filters, settings)
    return q.df(f"""
    SELECT sv.response_id, sv.submitted_at, sv.project_id, sv.project_name, sv.customer,
           sv.touchpoint, sv.team, sv.respondent_role, sv.score, sv.scale, sv.score_0_100,
           sv.satisfied, sv.nps, sv.comment, count(*) OVER () AS matching
    FROM sv, bounds b
    WHERE {in_window('sv.submitted_at')}
      AND nullif(trim(sv.comment), '') IS NOT NULL
      AND (CAST($search AS VARCHAR) IS NULL OR strpos(lower(sv.comment), lower($search)) > 0)
    ORDER BY sv.submitted_at DESC, sv.response_id
    LIMIT $limit""", {"search": search or None, "limit": limit})


__all__ = ["SatisfactionSummary", "satisfaction_summary", "satisfaction_trend",
           "satisfaction_breakdown", "survey_comments"]
