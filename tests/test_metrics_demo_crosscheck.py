"""Cross-check on the demo portfolio: the headline figures recomputed by an independent
route - plain pandas / numpy over the same frames, written from DESIGN.md's definitions
without the engine's SQL - must agree with the engine's.

If the two routes disagree, one of them misreads a definition; the failure message names the
figure.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.schema import SCORE_SCALES
from analytics.settings import Settings
from analytics.store import connect
from metrics_fixtures import load_frames

demo = pytest.importorskip("analytics.demo")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo.generate()


@pytest.fixture(scope="module")
def con(frames):
    c = connect(":memory:")
    load_frames(c, frames)
    return c


def _pct(values: pd.Series, q: float) -> float | None:
    values = values.dropna().astype(float)
    return float(np.percentile(values, q)) if len(values) else None


def _working_minutes_at(moments: pd.Series) -> pd.Series:
    """Working minutes (Mon-Fri 09:00-18:00 with mainland-China holidays and make-up workdays,
    asked of chinese_calendar day by day) from 2020-01-01 up to each moment."""
    import chinese_calendar

    known = moments.dropna()
    if known.empty:
        return pd.Series(np.nan, index=moments.index)
    assert known.min() >= pd.Timestamp("2020-01-01")
    days = pd.date_range("2020-01-01", known.max().normalize(), freq="D")
    per_day = [540.0 if chinese_calendar.is_workday(day.date()) else 0.0 for day in days]
    before = dict(zip(days, np.concatenate([[0.0], np.cumsum(per_day)[:-1]])))
    worked = dict(zip(days, per_day))

    def at(t: pd.Timestamp) -> float:
        day = t.normalize()
        into = (t - day).total_seconds() / 60 - 540
        return before[day] + min(max(into, 0.0), worked[day])

    return moments.map(lambda t: np.nan if pd.isna(t) else at(t))


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def pandas_headline(frames: dict[str, pd.DataFrame], f: Filters,
                    settings: Settings = Settings()) -> dict[str, float | int | None]:
    """DESIGN's definitions in pandas, for a date range and a region / customer filter."""
    P = frames["projects"].copy()
    T = frames["tickets"].copy()
    S = frames["surveys"].copy()

    # The store's clock: latest event of any table.
    events = pd.concat([T[c] for c in ("created_at", "first_response_at", "resolved_at",
                                       "closed_at")]
                       + [S["submitted_at"]]
                       + [P[c] for c in ("signed_date", "kickoff_date", "actual_golive_date",
                                         "accepted_date", "closed_date")])
    last = events.max()
    start = pd.Timestamp(f.date_from) if f.date_from else pd.Timestamp.min
    end = pd.Timestamp(f.date_to) + pd.Timedelta(days=1) if f.date_to else pd.Timestamp.max
    as_of = min(end, last) if f.date_to else last
    first_day = pd.Timestamp(f.date_from) if f.date_from else pd.Timestamp.min
    last_day = pd.Timestamp(f.date_to) if f.date_to else last.normalize()

    # Filters: projects by their own columns; tickets / surveys through their project, the
    # customer falling back to their own.
    keep = pd.Series(True, index=P.index)
    if f.regions:
        keep &= P["region"].isin(f.regions)
    if f.customers:
        keep &= P["customer"].isin(f.customers)
    P = P[keep]
    allp = frames["projects"].set_index("project_id")

    def narrow(rows: pd.DataFrame) -> pd.DataFrame:
        ok = pd.Series(True, index=rows.index)
        if f.regions:
            ok &= rows["project_id"].map(allp["region"]).isin(f.regions)
        if f.customers:
            cust = rows["project_id"].map(allp["customer"]).fillna(rows["customer"])
            ok &= cust.isin(f.customers)
        return rows[ok]

    T, S = narrow(T), narrow(S)

    # Projects
    started = P["kickoff_date"].fillna(P["signed_date"])
    active = ((started <= last_day) & (P["closed_date"].isna() | (P["closed_date"] >= first_day))
              & (P["status"].fillna("") != "cancelled"))
    active_ids = set(P.loc[active, "project_id"])

    # Tickets
    complaint = T["is_complaint"].astype("boolean").fillna(T["type"] == "complaint")
    complaint = complaint.fillna(False).astype(bool)
    created_in = (T["created_at"] >= start) & (T["created_at"] < end)
    ended = T["resolved_at"].fillna(T["closed_at"])
    resolved_in = (ended >= start) & (ended < end)
    res_h = (ended - T["created_at"]).dt.total_seconds() / 3600
    fr_h = (T["first_response_at"] - T["created_at"]).dt.total_seconds() / 3600
    responded_in = (T["first_response_at"] >= start) & (T["first_response_at"] < end)
    # business hours: the demo keeps no status history, so nothing pauses
    created_min = _working_minutes_at(T["created_at"])
    res_b = (_working_minutes_at(ended) - created_min) / 60
    fr_b = (_working_minutes_at(T["first_response_at"]) - created_min) / 60
    complained = set(T.loc[created_in & complaint, "project_id"].dropna()) & active_ids

    hours = {"P1": settings.sla_hours_p1, "P2": settings.sla_hours_p2,
             "P3": settings.sla_hours_p3, "P4": settings.sla_hours_p4}
    target = T["sla_due_at"].fillna(T["created_at"]
                                    + pd.to_timedelta(T["priority"].map(hours), unit="h"))
    done_undated = ended.isna() & T["status"].fillna("").str.lower().isin(["resolved", "closed"])
    open_end = (T["created_at"] <= as_of) & ~done_undated & (ended.isna() | (ended > as_of))
    judged_resolved = resolved_in & (res_h >= 0) & target.notna()
    met = judged_resolved & (ended <= target)
    breached_open = open_end & (target < as_of)

    # Delivery
    live_in = (P["actual_golive_date"] >= start) & (P["actual_golive_date"] < end)
    cycle = (P.loc[live_in, "actual_golive_date"] - P.loc[live_in, "kickoff_date"]).dt.days
    slip = (P.loc[live_in, "actual_golive_date"] - P.loc[live_in, "planned_golive_date"]).dt.days

    # Surveys
    S = S[(S["submitted_at"] >= start) & (S["submitted_at"] < end)]
    lo = S["scale"].map({k: v[0] for k, v in SCORE_SCALES.items()})
    hi = S["scale"].map({k: v[1] for k, v in SCORE_SCALES.items()})
    th = S["scale"].map({k: v[2] for k, v in SCORE_SCALES.items()})
    scored = S["score"].notna() & lo.notna() & (S["score"] >= lo) & (S["score"] <= hi)
    sat = (S["score"] >= th)[scored]
    points = np.select([S["nps"].fillna(-1) >= 9, S["nps"].fillna(-1) >= 7,
                        S["nps"].fillna(-1) >= 0], [1, 0, -1], np.nan)[S["nps"].notna().to_numpy()]

    return {
        "projects_active": int(active.sum()),
        "complaint_rate": _ratio(len(complained), active.sum()),
        "complaints_per_100_tickets": (100 * _ratio((created_in & complaint).sum(),
                                                    created_in.sum())
                                       if created_in.sum() else None),
        "tickets_created": int(created_in.sum()),
        "tickets_resolved": int(resolved_in.sum()),
        "resolution_median_hours": _pct(res_h[resolved_in & (res_h >= 0)], 50),
        "resolution_p90_hours": _pct(res_h[resolved_in & (res_h >= 0)], 90),
        "first_response_median_hours": _pct(fr_h[responded_in & (fr_h >= 0)], 50),
        "sla_attainment": _ratio(met.sum(), judged_resolved.sum() + breached_open.sum()),
        "backlog_open": int(open_end.sum()),
        "delivery_cycle_median_days": _pct(cycle[cycle >= 0], 50),
        "on_time_golive_rate": _ratio((slip.dropna() <= settings.golive_tolerance_days).sum(),
                                      slip.notna().sum()),
        "csat_pct": _ratio(sat.sum(), scored.sum()),
        "csat_mean_0_100": (float(((S["score"] - lo) / (hi - lo) * 100)[scored].mean())
                            if scored.any() else None),
        "nps": float(100 * points.mean()) if len(points) else None,
        "survey_responses": int(len(S)),
        "resolution_median_business_hours": _pct(res_b[resolved_in & (res_h >= 0)], 50),
        "resolution_p90_business_hours": _pct(res_b[resolved_in & (res_h >= 0)], 90),
        "first_response_median_business_hours": _pct(fr_b[responded_in & (fr_h >= 0)], 50),
        "first_response_p90_business_hours": _pct(fr_b[responded_in & (fr_h >= 0)], 90),
    }


CASES = {
    "all-data": Filters(),
    "2025Q2": Filters(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)),
    "2026-to-date": Filters(date_from=date(2026, 1, 1)),
    "first-half-2024-one-region": Filters(date_from=date(2024, 1, 1),
                                          date_to=date(2024, 6, 30), regions=("华东",)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_headline_matches_pandas(con, frames, name):
    f = CASES[name]
    engine = metrics.headline(con, f)
    independent = pandas_headline(frames, f)
    assert list(engine) == list(independent)
    for key, want in independent.items():
        got = engine[key]
        if want is None:
            assert got is None, key
        else:
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9), key


def test_demo_figures_are_not_trivial(con):
    # The comparison above only means something when the figures exist.
    h = metrics.headline(con)
    assert all(v is not None for v in h.values()), h
    assert h["tickets_created"] > 1000 and h["projects_active"] > 10
    assert 0 < h["complaint_rate"] < 1 and 0 < h["sla_attainment"] < 1


def test_several_periods_at_once_match_pandas(con, frames):
    """headlines() computes a retro's periods in one statement; each must still be what the
    independent route gives for that period alone."""
    periods = [Filters(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)),
               Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)),
               Filters(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30)),
               Filters()]
    for f, engine in zip(periods, metrics.headlines(con, periods), strict=True):
        independent = pandas_headline(frames, f)
        for key, want in independent.items():
            got = engine[key]
            if want is None:
                assert got is None, (f, key)
            else:
                assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (f, key)


def test_several_periods_must_share_their_selection(con):
    with pytest.raises(ValueError, match="only in their dates"):
        metrics.headlines(con, [Filters(), Filters(regions=("华东",))])
