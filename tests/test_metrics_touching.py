"""Narrowing ``tk`` to the tickets that touch the period (``_base.touches``) is only a
speed-up: over random tickets - negative durations, tickets still open, events exactly on
the period's edges - and random periods, every figure that uses it is the same as over
every ticket."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import metrics
from analytics.filters import Filters
from analytics.metrics import _base
from analytics.settings import SETTINGS
from metrics_fixtures import make_store

BASE = datetime(2025, 1, 1)

ticket = st.fixed_dictionaries({
    "created_d": st.integers(0, 120),
    "created_h": st.sampled_from([0, 0, 9.5, 23.99]),  # midnight: on a period edge
    "resolve_after_h": st.one_of(st.none(), st.sampled_from([-30, -1, 0, 3, 24, 200, 900])),
    "respond_after_h": st.one_of(st.none(), st.sampled_from([-2, 0, 1, 50])),
    "closed_only": st.booleans(),
    "status": st.sampled_from([None, "open", "Closed", "resolved"]),
    "priority": st.sampled_from(["P1", "P3", None]),
    "complaint": st.booleans(),
    "category": st.sampled_from(["scope", "quality"]),
})

period = st.tuples(st.integers(0, 130), st.integers(0, 60)).map(
    lambda p: (date(2025, 1, 1) + timedelta(days=p[0]),
               date(2025, 1, 1) + timedelta(days=p[0] + p[1])))


def _rows(spec):
    rows = []
    for i, s in enumerate(spec):
        created = BASE + timedelta(days=s["created_d"], hours=s["created_h"])
        res = s["resolve_after_h"]
        end = None if res is None else created + timedelta(hours=res)
        rows.append(dict(
            ticket_id=f"T{i}", project_id="P1" if i % 2 else None, customer="A",
            created_at=created,
            resolved_at=None if s["closed_only"] else end,
            closed_at=end if s["closed_only"] else None,
            first_response_at=(None if s["respond_after_h"] is None
                               else created + timedelta(hours=s["respond_after_h"])),
            status=s["status"], priority=s["priority"], category=s["category"],
            type="complaint" if s["complaint"] else "incident"))
    return rows


def _figures(con, f: Filters) -> dict[str, object]:
    out: dict[str, object] = {
        "stats": metrics.cycle_time_stats(con, f),
        "stats_priority": metrics.cycle_time_stats(con, f, by="priority"),
        "trend": metrics.cycle_time_trend(con, f, grain="week"),
        "trend_priority": metrics.cycle_time_trend_by_priority(con, f, grain="week"),
        "durations": metrics.ticket_durations(con, f, measure="first_response"),
        "sla": metrics.sla_attainment(con, f, by=None),
        "backlog": metrics.backlog(con, f),
        "backlog_tickets": metrics.backlog_tickets(con, f),
        "backlog_trend": metrics.backlog_trend(con, f, grain="week"),
        "reopen": metrics.reopen_rate(con, f),
        "complaints": metrics.complaint_kpis(con, f),
        "complaint_trend": metrics.complaint_trend(con, f, grain="week"),
        "by_category": metrics.complaint_breakdown(con, f, by="category"),
        "top": metrics.top_complaint_categories(con, f),
        "complaint_tickets": metrics.complaint_tickets(con, f),
        "headline": metrics.headline(con, f),
    }
    boxes = metrics.duration_boxes(con, f, measure="resolution")
    out["boxes"], out["outliers"] = boxes.boxes, boxes.outliers
    out["movers"] = metrics.biggest_movers(con, f, quarter="2025Q2")
    out["rising"] = metrics.rising_complaint_categories(con, f, quarter="2025Q2")
    return out


def _same(a: object, b: object, name: str) -> None:
    if isinstance(a, pd.DataFrame):
        if a.empty and b.empty:
            return
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                      check_dtype=False, obj=name)
    else:
        assert a == b, name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ticket, min_size=1, max_size=30), period,
       st.sampled_from(["neither", "neither", "start", "end"]))
def test_narrowing_to_touching_tickets_changes_no_figure(spec, bounds, open_end):
    """``open_end``: leave the period open at its start or its end (a date filter on one
    side only)."""
    con = make_store(projects=[dict(project_id="P1", customer="A", kickoff_date=date(2024, 12, 1))],
                     tickets=_rows(spec))
    f = Filters(date_from=bounds[0] if open_end != "start" else None,
                date_to=bounds[1] if open_end != "end" else None)
    narrowed = _figures(con, f)
    with mock.patch.object(_base, "touches", lambda t, w: "TRUE"):
        everything = _figures(con, f)
    for name, value in narrowed.items():
        _same(value, everything[name], name)


def test_the_narrowing_does_leave_tickets_out():
    """The test above would pass vacuously if nothing were ever left out."""
    rows = [dict(ticket_id="old", created_at=datetime(2024, 1, 1), resolved_at=datetime(2024, 1, 2)),
            dict(ticket_id="later", created_at=datetime(2025, 9, 1)),
            dict(ticket_id="in", created_at=datetime(2025, 3, 1))]
    con = make_store(tickets=rows)
    f = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31))
    q, _ = _base.base_query(con, f, SETTINGS, touching=True)
    assert q.df("SELECT ticket_id FROM tk")["ticket_id"].tolist() == ["in"]
    q, _ = _base.base_query(con, f, SETTINGS)
    assert sorted(q.df("SELECT ticket_id FROM tk")["ticket_id"]) == ["in", "later", "old"]


def test_each_way_a_ticket_can_touch_the_period_is_kept():
    """One ticket per clause of ``touches``, each of which some figure counts; the period is
    March 2025 and a later event keeps its as-of moment at the midnight after March 31."""
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    rows = [
        # open, created exactly at the as-of moment: in the backlog at the period end
        dict(ticket_id="at_as_of", created_at=datetime(2025, 4, 1)),
        # created before, resolved before it was created (a data error), first answered in March
        dict(ticket_id="answered_in", created_at=datetime(2025, 2, 20),
             resolved_at=datetime(2025, 2, 10), first_response_at=datetime(2025, 3, 2)),
        # created before, resolved in March
        dict(ticket_id="resolved_in", created_at=datetime(2025, 2, 1),
             resolved_at=datetime(2025, 3, 5)),
        # created before, still open
        dict(ticket_id="open", created_at=datetime(2025, 1, 1)),
        dict(ticket_id="later_event", created_at=datetime(2025, 5, 1)),
        # created after the period, closed in it (closed before it was created: a data error
        # that the reopen rate still counts as resolved in March)
        dict(ticket_id="closed_before_created", created_at=datetime(2025, 4, 20),
             closed_at=datetime(2025, 3, 10), reopened_count=1),
    ]
    con = make_store(tickets=rows)
    narrowed = _figures(con, march)
    with mock.patch.object(_base, "touches", lambda t, w: "TRUE"):
        everything = _figures(con, march)
    for name, value in narrowed.items():
        _same(value, everything[name], name)
    # and the figures do see each of them
    assert sorted(metrics.backlog_tickets(con, march)["ticket_id"]) == ["at_as_of", "open"]
    stats = metrics.cycle_time_stats(con, march).iloc[0]
    assert (stats["resolved"], stats["resolution_median_hours"]) == (1, 32 * 24)  # Feb 1 - Mar 5
    assert (stats["responded"], stats["first_response_median_hours"]) == (1, 10 * 24)  # Feb 20 - Mar 2
    reopen = metrics.reopen_rate(con, march)
    # resolved in March: resolved_in and closed_before_created; only the latter was reopened
    assert (reopen.tickets_resolved, reopen.reopened) == (2, 1)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ticket, min_size=1, max_size=30), period)
def test_each_period_of_a_trend_is_that_period_alone(spec, bounds):
    """sla_trend and backlog_trend group and range-join instead of judging every ticket
    against every period; each of their rows must still be sla_attainment / backlog over that
    period by itself."""
    con = make_store(tickets=_rows(spec))
    f = Filters(date_from=bounds[0], date_to=bounds[1])
    sla = metrics.sla_trend(con, f, grain="week")
    open_ = metrics.backlog_trend(con, f, grain="week")
    assert sla["period"].tolist() == open_["period"].tolist()
    for i, start in enumerate(pd.to_datetime(sla["period"]).dt.date):
        first = max(start, bounds[0])
        last = min(start + timedelta(days=6), bounds[1])
        alone = Filters(date_from=first, date_to=last)
        want = metrics.sla_attainment(con, alone, by=None).iloc[0]
        got = sla.iloc[i]
        assert (got["sla_resolved"], got["sla_met"], got["sla_open_breached"]) == (
            want["sla_resolved"], want["sla_met"], want["sla_open_breached"]), (start, alone)
        assert open_.iloc[i]["backlog_open"] == metrics.backlog(con, alone)["tickets"].sum(), start
