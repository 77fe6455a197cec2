"""Properties over random ticket sets: the engine's percentiles, SLA and backlog agree with a
direct Python computation, and splitting by a dimension never loses or invents complaints."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import make_store

BASE = datetime(2025, 1, 1)
TARGET = {"P1": 4, "P2": 24, "P3": 72, "P4": 168}

ticket = st.fixed_dictionaries({
    "created_h": st.integers(0, 24 * 90),
    "resolve_after_h": st.one_of(st.none(), st.floats(-5, 400, allow_nan=False).map(lambda x: round(x, 2))),
    "respond_after_h": st.one_of(st.none(), st.floats(0, 48, allow_nan=False).map(lambda x: round(x, 2))),
    "priority": st.sampled_from(["P1", "P2", "P3", "P4", None]),
    "complaint": st.booleans(),
    "customer": st.sampled_from(["A", "B", "C"]),
})


def _rows(spec):
    rows = []
    for i, s in enumerate(spec):
        created = BASE + timedelta(hours=s["created_h"])
        res = s["resolve_after_h"]
        rows.append(dict(
            ticket_id=f"T{i}", customer=s["customer"], created_at=created,
            resolved_at=None if res is None else created + timedelta(hours=res),
            first_response_at=(None if s["respond_after_h"] is None
                               else created + timedelta(hours=s["respond_after_h"])),
            priority=s["priority"], type="complaint" if s["complaint"] else "incident"))
    return rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ticket, min_size=1, max_size=40))
def test_ticket_figures_match_python(spec):
    rows = _rows(spec)
    con = make_store(tickets=rows)
    f = Filters()

    durations = [(r["resolved_at"] - r["created_at"]).total_seconds() / 3600
                 for r in rows if r["resolved_at"] is not None]
    valid = [h for h in durations if h >= 0]
    stats = metrics.cycle_time_stats(con, f).iloc[0]
    assert stats["resolved"] == len(valid)
    if valid:
        assert np.isclose(stats["resolution_median_hours"], np.percentile(valid, 50))
        assert np.isclose(stats["resolution_p90_hours"], np.percentile(valid, 90))

    # All data ends at the latest event.
    events = [r[c] for r in rows for c in ("created_at", "resolved_at", "first_response_at")
              if r[c] is not None]
    as_of = max(events)
    met = judged = 0
    for r in rows:
        if r["priority"] is None:
            continue
        target = r["created_at"] + timedelta(hours=TARGET[r["priority"]])
        if r["resolved_at"] is not None:
            if r["resolved_at"] >= r["created_at"]:
                judged += 1
                met += r["resolved_at"] <= target
        elif target < as_of:
            judged += 1
    sla = metrics.sla_attainment(con, f, by=None, settings=Settings()).iloc[0]
    assert (sla["sla_met"], sla["sla_population"]) == (met, judged)

    backlog = metrics.backlog(con, f)["tickets"].sum()
    assert backlog == sum(r["resolved_at"] is None for r in rows)

    total = metrics.complaint_kpis(con, f).complaints
    assert total == sum(s["complaint"] for s in spec)
    by_customer = metrics.complaint_breakdown(con, f, by="customer")
    assert by_customer["complaints"].sum() == total
    by_month = metrics.complaint_trend(con, f, grain="month")
    assert by_month["complaints"].sum() == total and by_month["tickets_created"].sum() == len(rows)
