"""The reward rule of the source articles: a project earns its team a reward when, in the
``reward_months`` after go-live, it had no major incident (a ticket of type incident with a
priority in ``reward_priorities``) and its CSAT over the answers of that window is at least
``reward_csat_pct``.

A project is judged only once its window is over (by the store's last event); until then it is
*pending*, unless an incident has already ruled it out. A window without a scored answer does
not qualify: satisfaction that nobody reported is unknown, not high. The rule and its
thresholds are settings (``PULSE_REWARD_MONTHS``, ``PULSE_REWARD_CSAT_PCT``,
``PULSE_REWARD_PRIORITIES``).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from ._base import base_query
from .scorecards import OWNERS, check_owner

#: A project's standing under the rule, in the order a reader goes through them.
STANDINGS: tuple[str, ...] = ("qualifies", "pending", "incident", "csat_below", "no_answers")

#: The columns of :func:`reward_projects`.
COLUMNS: tuple[str, ...] = (
    "project_id", "project_name", "customer", *OWNERS, "actual_golive_date", "window_end",
    "window_over", "major_incidents", "n", "csat_pct", "standing")


def reward_projects(con: duckdb.DuckDBPyConnection, filters: Filters,
                    *, settings: Settings | None = None) -> pd.DataFrame:
    """Every project of the selection that went live and whose reward window ends in the
    period or is still running at its end, with its major incidents and CSAT in the window
    and its ``standing`` (one of :data:`STANDINGS`). Qualifying projects first, then by window
    end.

    Columns: :data:`COLUMNS`.
    """
    settings = settings or load_settings(con)
    priorities = list(settings.reward_priorities)
    if not priorities:
        raise ValueError("reward_priorities names no priority")
    # a project's every incident counts, whichever team, type or priority the sidebar shows
    every_ticket = replace(filters, teams=(), priorities=(), ticket_types=())
    q, _ = base_query(con, every_ticket, settings)
    q.cte("win", """
  SELECT p.*, CAST(p.actual_golive_date AS TIMESTAMP) AS w_start,
         CAST(p.actual_golive_date + to_months($reward_months) AS TIMESTAMP) AS w_end
  FROM proj p
  WHERE p.live AND NOT p.cancelled""", {"reward_months": int(settings.reward_months)})
    marks = ", ".join(f"$major_{i}" for i in range(len(priorities)))
    q.cte("inc", f"""
  SELECT w.project_id, count(*) AS major_incidents
  FROM win w JOIN tk ON tk.project_id = w.project_id
   AND tk.type = 'incident' AND tk.priority IN ({marks})
   AND tk.created_at >= w.w_start AND tk.created_at < w.w_end
  GROUP BY w.project_id""", {f"major_{i}": p for i, p in enumerate(priorities)})
    q.cte("ans", """
  SELECT w.project_id, count(sv.satisfied) AS n,
         count(*) FILTER (WHERE sv.satisfied) AS satisfied
  FROM win w JOIN sv ON sv.project_id = w.project_id
   AND sv.submitted_at >= w.w_start AND sv.submitted_at < w.w_end
  GROUP BY w.project_id""")
    frame = q.df("""
    SELECT * FROM (
    SELECT w.project_id, w.project_name, w.customer, w.presales_owner, w.implementation_lead,
           w.ops_owner, w.actual_golive_date, CAST(w.w_end AS DATE) AS window_end,
           w.w_end <= b.as_of AS window_over,
           coalesce(i.major_incidents, 0) AS major_incidents,
           coalesce(a.n, 0) AS n,
           CAST(a.satisfied AS DOUBLE) / nullif(a.n, 0) AS csat_pct,
           CASE WHEN coalesce(i.major_incidents, 0) > 0 THEN 'incident'
                WHEN NOT coalesce(w.w_end <= b.as_of, false) THEN 'pending'
                WHEN coalesce(a.n, 0) = 0 THEN 'no_answers'
                WHEN CAST(a.satisfied AS DOUBLE) / a.n < $reward_csat THEN 'csat_below'
                ELSE 'qualifies' END AS standing
    FROM win w CROSS JOIN bounds b
    LEFT JOIN inc i USING (project_id)
    LEFT JOIN ans a USING (project_id)
    WHERE (b.start_ts IS NULL OR w.w_end >= b.start_ts)
      AND (b.end_ts IS NULL OR w.w_start < b.end_ts)) r
    ORDER BY r.standing <> 'qualifies', r.window_end, r.project_id""",
                 {"reward_csat": float(settings.reward_csat_pct)})
    return frame[list(COLUMNS)]


def reward_owners(projects: pd.DataFrame, by: str = "presales_owner") -> pd.DataFrame:
    """The people of role ``by`` behind :func:`reward_projects`' rows: for each, how many of
    their projects qualify, are still pending and were judged, most qualifying first.

    Columns: owner, qualifies, pending, judged, projects (the qualifying ids)."""
    check_owner(by)
    if projects.empty:
        return pd.DataFrame(columns=["owner", "qualifies", "pending", "judged", "projects"])
    status = projects["standing"]
    frame = pd.DataFrame({
        "owner": projects[by],
        "qualifies": status.eq("qualifies").astype(int),
        "pending": status.eq("pending").astype(int),
        "judged": (~status.eq("pending")).astype(int),
        "project_id": projects["project_id"].where(status.eq("qualifies")),
    })
    out = frame.groupby("owner", dropna=False, sort=False).agg(
        qualifies=("qualifies", "sum"), pending=("pending", "sum"), judged=("judged", "sum"),
        projects=("project_id", lambda ids: sorted(i for i in ids if isinstance(i, str))))
    out = out.reset_index().sort_values(["qualifies", "owner"], ascending=[False, True],
                                        na_position="last", kind="stable")
    return out.reset_index(drop=True)


__all__ = ["COLUMNS", "STANDINGS", "reward_owners", "reward_projects"]
