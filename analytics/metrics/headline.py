"""KPI figures for one or several periods, in one statement: the headline behind the overview
page, the retro table and ``python -m analytics metrics --json``, and the cards of every page.

Everything comes from the metric registry (:mod:`.registry`): the KPIs asked for name the
measures they rest on, each measure names its source (tickets, active projects, go-lives,
survey responses, closed projects) and its aggregate over a window; this module joins each
source needed to the *windows* (one row per period, with its bounds) and computes the
measures per window, then the KPIs' expressions over them. So a card, the headline and the
retro cannot disagree, a retro's three quarters cost one pass over the tickets, and a KPI
added to the registry is computed here with nothing written for it.

The headline's keys are the CLI contract in DESIGN.md: every value is an int, a float or
None (None when a figure cannot be computed: a rate of nothing, a median of no durations),
so the dict serialises to JSON as is. Rates are fractions in [0, 1].
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from ..filters import Filters
from ..settings import Settings, load_settings
from . import registry
from ._base import (Query, base_query, bounds_params, bounds_sql, in_window, plain,
                    resolve_period, store_clock, touches)
from .complaints import project_complaints
from .working_time import add_business_tickets

#: The headline KPIs declared in the registry, in order (the CLI's JSON keys).
HEADLINE_KEYS: tuple[str, ...] = registry.headline_keys()


def headline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
             *, settings: Settings | None = None) -> dict[str, Any]:
    """The headline KPIs for the filters' period (all data when no dates are set).

    tickets_resolved counts every ticket resolved in the period; the resolution figures are
    over those with a non-negative duration. csat_pct is a fraction like the other rates.
    """
    return headlines(con, [filters], settings=settings)[0]


def headline_with_targets(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                          *, settings: Settings | None = None) -> dict[str, Any]:
    """:func:`headline` and, under ``targets``, the target in force of every headline KPI
    that carries one (the settings an admin saved included): what ``metrics --json`` prints."""
    settings = settings or load_settings(con)
    out = headline(con, filters, settings=settings)
    out["targets"] = {k: registry.target(k, settings) for k in registry.headline_keys()
                      if registry.target(k, settings) is not None}
    return out


def headlines(con: duckdb.DuckDBPyConnection, periods: Sequence[Filters], *,
              settings: Settings | None = None) -> list[dict[str, Any]]:
    """:func:`headline` for each of ``periods``, in one statement."""
    keys = registry.headline_keys()
    return [{k: row[k] for k in keys}
            for row in figures(con, periods, keys, settings=settings)]


def figures(con: duckdb.DuckDBPyConnection, periods: Sequence[Filters], columns: Sequence[str],
            *, settings: Settings | None = None) -> list[dict[str, Any]]:
    """``columns`` (KPI keys or measure names) for each of ``periods``, in one statement; each
    dict also holds the n of every KPI asked for (under the n measure's name).

    The periods must narrow the portfolio the same way and differ only in their dates (a
    quarter and the quarters it is compared with, a period and the one before it).
    """
    if not periods:
        return []
    frame, wanted = _frame(con, periods, columns, settings or load_settings(con))
    return [{k: plain(row[k]) for k in wanted} for row in frame.to_dict("records")]


def figures_by(con: duckdb.DuckDBPyConnection, filters: Filters, columns: Sequence[str],
               *, by: str, settings: Settings | None = None,
               own: Callable[[Mapping[str, str]], Mapping[str, str]] | None = None
               ) -> pd.DataFrame:
    """``columns`` for the filters' period split by ``by``: an SQL expression over ``gp``, the
    project a row belongs to (an owner column, a practice flag), in one statement. Each row of
    every source counts toward its project's group, so a group's figures are the registry's
    figures over its projects' rows; rows without a project are in no group. A group with rows
    in any source is a row of the frame (``group``, NULL for projects without a value),
    with the n of every KPI asked for. ``own`` gives further columns (name -> SQL) over the
    measures as the frame reads them (a measure's name -> its SQL): an interval, say."""
    frame, _ = _frame(con, [filters], columns, settings or load_settings(con), by, own)
    return frame.drop(columns=["w"])


def _frame(con: duckdb.DuckDBPyConnection, periods: Sequence[Filters], columns: Sequence[str],
           settings: Settings, by: str | None = None,
           own: Callable[[Mapping[str, str]], Mapping[str, str]] | None = None
           ) -> tuple[pd.DataFrame, list[str]]:
    selection = periods[0].with_period(None, None)
    if any(f.with_period(None, None) != selection for f in periods):
        raise ValueError("figures: the periods may differ only in their dates")
    wanted = list(dict.fromkeys([*columns, *(k.n for c in columns
                                             if (k := registry.get(c)) and k.n)]))
    needed = _measures_of(wanted)
    starts = [f.date_from for f in periods]
    ends = [f.date_to for f in periods]
    span = selection.with_period(
        None if None in starts else min(d for d in starts if d is not None),
        None if None in ends else max(d for d in ends if d is not None))
    clock = store_clock(con)  # read once for all the periods
    span_period = resolve_period(con, span, clock=clock)
    q, _ = base_query(con, span, settings, span_period, touching=True)
    # business-hours measures read the same tickets with their working-time durations: one
    # pass over tkb for every ticket measure
    sources = {m: registry.measure_of(m).source for m in needed}
    if "business_tickets" in sources.values():
        add_business_tickets(q, span_period, settings)
        sources = {m: "business_tickets" if s == "tickets" else s for m, s in sources.items()}
    windows, params = [], {}
    for i, f in enumerate(periods):
        windows.append(f"  SELECT {i} AS w, * FROM ({bounds_sql(f'w{i}_')})")
        params.update(bounds_params(resolve_period(con, f, clock=clock), f"w{i}_"))
    q.cte("windows", "\n  UNION ALL\n".join(windows), params)
    joins, measures, ctes = [], {}, []
    match = "USING (w)" if by is None else "ON s.w = w.w AND s.grp IS NOT DISTINCT FROM g.grp"
    for source in dict.fromkeys(sources.values()):
        names = [m for m in needed if sources[m] == source]
        cte = _add_source(q, source, registry.measure_sql(names, "w"), by)
        ctes.append(cte)
        joins.append(f"LEFT JOIN {cte} {match.replace('s.', f'{cte}.')}")
        measures.update(registry.read(names, cte))
    if by is None:
        frame = q.df(f"""
    SELECT w.w, {registry.columns_sql(wanted, measures, auto=False)}
    FROM windows w
    {' '.join(joins)}
    ORDER BY w.w""")
        return frame, wanted
    q.cte("groups", " UNION ".join(f"SELECT w, grp FROM {c}" for c in ctes))
    extra = dict(own(measures)) if own is not None else {}
    select = registry.columns_sql([*wanted, *extra], measures, own=extra, auto=False)
    frame = q.df(f"""
    SELECT g.w, g.grp AS "group", {select}
    FROM groups g JOIN windows w ON w.w = g.w
    {' '.join(joins)}
    ORDER BY g.w, g.grp NULLS LAST""")
    return frame, wanted


def _measures_of(columns: Sequence[str]) -> list[str]:
    """The base measures the KPIs and measures named by ``columns`` rest on, in order."""
    names: list[str] = []
    for c in columns:
        entry = registry.get(c)
        own = entry.measures if entry is not None and entry.figure is not None else (c,)
        names += [m for m in registry.base_measures(own) if m not in names]
    return names


# Each source as a CTE of one row per window (and group, with ``by``): the rows of the source
# in window ``w`` and the aggregates over them. A source without rows in a window has no row;
# the final select's coalesce gives its counts their zero. ``by`` is read from ``gp``, the
# project of each row (the go-live or closed project itself).
def _add_source(q: Query, source: str, aggregates: str, by: str | None = None) -> str:
    group = "" if by is None else f", {by} AS grp"
    group_by = "w.w" if by is None else "w.w, grp"

    def owner(project_id: str) -> str:
        return "" if by is None else f"\n  JOIN proj gp ON gp.project_id = {project_id}"

    if source in ("tickets", "business_tickets"):  # every ticket measure filters to its own rows in w
        rows = "tk" if source == "tickets" else "tkb AS tk"
        sql = f"""
  SELECT w.w{group}, {aggregates}
  FROM windows w JOIN {rows} ON {touches('tk', 'w')}{owner('tk.project_id')}
  GROUP BY {group_by}"""
    elif source == "active_projects":
        q.cte("pc", project_complaints("w", "windows"))
        sql = f"""
  SELECT w.w{group}, {aggregates}
  FROM pc w{owner('w.project_id')}
  GROUP BY {group_by}"""
    elif source == "golives":
        sql = f"""
  SELECT w.w{group}, {aggregates}
  FROM proj gp JOIN windows w ON {in_window('gp.actual_golive_date', 'w')}
  GROUP BY {group_by}"""
    elif source == "surveys":
        sql = f"""
  SELECT w.w{group}, {aggregates}
  FROM sv JOIN windows w ON {in_window('sv.submitted_at', 'w')}{owner('sv.project_id')}
  GROUP BY {group_by}"""
    elif source == "renewals_due":
        sql = f"""
  SELECT w.w{group}, {aggregates}
  FROM proj gp JOIN windows w ON NOT gp.cancelled AND {in_window('gp.renewal_due_date', 'w')}
  GROUP BY {group_by}"""
    else:
        raise ValueError(f"unknown measure source {source!r}")
    name = f"{source}_measures"
    q.cte(name, sql)
    return name


__all__ = ["HEADLINE_KEYS", "figures", "figures_by", "headline", "headline_with_targets", "headlines"]
