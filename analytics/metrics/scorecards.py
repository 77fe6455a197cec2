"""Owner scorecards: the registry's KPIs for each presales owner, implementation lead or
operations owner.

A scorecard is not a figure of its own: it is the metric registry's KPIs (complaint rate,
complaints per 100 tickets, delivery cycle, on-time go-live, slip at go-live, CSAT, NPS,
renewal rate) computed over the rows of the projects a person is named on, in one statement
(:func:`analytics.metrics.headline.figures_by`). So a person's complaint rate is the share of
their active projects that raised a complaint in the period, by the very definition the
headline uses, and the owners' figures add up to the portfolio's wherever the figure is a sum.

What it can say: which projects a person is part of, and how those projects fared. What it
cannot: who caused a complaint or a slip (a project's tickets count toward each of its owners,
whichever team answered them), nor what happened before an owner changed (a project has one
owner per role, the current one).

Every figure carries its n; a figure over fewer projects than ``settings.low_n_projects``, or
fewer answers or tickets than ``settings.low_confidence_n``, is named in the row's ``low_n``.
Rows are ranked by one KPI (its direction from the registry); a low-n rank is marked.
"""

from __future__ import annotations

from typing import Any, Literal

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import plain
from .headline import figures_by
from .satisfaction import INTERVAL_MEASURES, intervals

Owner = Literal["presales_owner", "implementation_lead", "ops_owner"]

#: The roles a scorecard can be drawn up by: the project columns naming a person.
OWNERS: tuple[str, ...] = ("presales_owner", "implementation_lead", "ops_owner")

#: The KPIs of a scorecard, in the order a reader goes through them.
SCORECARD_KPIS: tuple[str, ...] = (
    "projects_active", "complaint_rate", "complaints_per_100_tickets",
    "delivery_cycle_median_days", "on_time_golive_rate", "golive_slip_median_days",
    "csat_pct", "nps", "renewal_rate")

#: The columns of :func:`scorecard`, in order.
COLUMNS: tuple[str, ...] = (
    "owner", "rank", "rank_low_n", *SCORECARD_KPIS, "tickets_created", "cycle_n", "with_plan",
    "n", "csat_low", "csat_high", "nps_n", "nps_low", "nps_high", "renewal_known", "low_n")

# KPIs whose n counts survey answers or tickets (low_confidence_n applies); the others count
# projects (low_n_projects)
_ANSWER_SOURCES: frozenset[str] = frozenset({"surveys", "tickets"})


def low_n_threshold(key: str, *, settings: Settings | None = None) -> int | None:
    """The n below which KPI ``key``'s figure is low-n: answers and tickets against
    ``low_confidence_n``, projects against ``low_n_projects``; None for a count."""
    entry = registry.kpi(key)
    if entry.n is None:
        return None
    source = registry.measure_of(registry.base_measures([entry.n])[0]).source
    settings = settings or load_settings()
    return int(settings.low_confidence_n if source in _ANSWER_SOURCES
               else settings.low_n_projects)


def low_n_kpis(row: dict[str, Any], keys: tuple[str, ...],
               *, settings: Settings | None = None) -> list[str]:
    """The KPIs of ``keys`` whose n in ``row`` is below its threshold (a figure of nothing
    included: it has no value to trust)."""
    settings = settings or load_settings()
    out = []
    for key in keys:
        threshold = low_n_threshold(key, settings=settings)
        n = row.get(registry.kpi(key).n or "")
        if threshold is not None and (n or 0) < threshold:
            out.append(key)
    return out


def check_owner(by: str) -> str:
    if by not in OWNERS:
        raise ValueError(f"by must be one of {', '.join(OWNERS)}, not {by!r}")
    return by


def scorecard(con: duckdb.DuckDBPyConnection, filters: Filters, *, by: str = "presales_owner",
              rank_by: str = "complaint_rate", settings: Settings | None = None) -> pd.DataFrame:
    """One row per person named as ``by`` on the filtered projects, with the scorecard's
    KPIs over the period, their n, CSAT's and NPS's intervals, and ``low_n`` (the KPIs resting
    on too few projects or answers).

    ``rank`` orders the people by ``rank_by`` (best first, by the registry's direction; ties
    share a rank; a person without that figure has no rank); ``rank_low_n`` marks a rank whose
    figure is low-n. Projects naming nobody in the role are the last row, ``owner`` NULL,
    unranked. Sorted by rank, then name.

    Columns: :data:`COLUMNS`.
    """
    check_owner(by)
    settings = settings or load_settings(con)
    entry = registry.kpi(rank_by)
    if entry.figure is None or rank_by not in SCORECARD_KPIS:
        raise ValueError(f"rank_by must be one of {', '.join(SCORECARD_KPIS)}, not {rank_by!r}")
    frame = figures_by(con, filters, [*SCORECARD_KPIS, *INTERVAL_MEASURES, "renewal_known"],
                       by=f"gp.{by}", settings=settings, own=intervals)
    frame = frame.rename(columns={"group": "owner"})
    records = [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    for r in records:
        r["low_n"] = low_n_kpis(r, SCORECARD_KPIS, settings=settings)
        r["rank_low_n"] = rank_by in r["low_n"]
    unranked = [c for c in COLUMNS if c != "rank"]  # a selection naming nobody: no rows
    out = (pd.DataFrame.from_records(records, columns=unranked) if records
           else pd.DataFrame(columns=unranked))
    named = out["owner"].notna()
    value = pd.to_numeric(out[rank_by], errors="coerce").where(named)
    out.insert(1, "rank", value.rank(method="min", ascending=not entry.higher_is_better)
               .astype("Int64"))
    out["rank_low_n"] = out["rank_low_n"].astype(bool) & out["rank"].notna()
    out = out.sort_values(["rank", "owner"], na_position="last", kind="stable")
    return out.reset_index(drop=True)[list(COLUMNS)]


def scorecard_rows(con: duckdb.DuckDBPyConnection, filters: Filters, *,
                   by: str = "presales_owner", rank_by: str = "complaint_rate",
                   settings: Settings | None = None) -> list[dict[str, Any]]:
    """:func:`scorecard` as plain JSON-ready dicts (the CLI's rows)."""
    frame = scorecard(con, filters, by=by, rank_by=rank_by, settings=settings)
    return [{k: (v if isinstance(v, list) else None if v is pd.NA else plain(v))
             for k, v in r.items()} for r in frame.astype(object).to_dict("records")]


__all__ = ["COLUMNS", "OWNERS", "Owner", "SCORECARD_KPIS", "check_owner", "low_n_kpis",
           "low_n_threshold", "scorecard", "scorecard_rows"]
