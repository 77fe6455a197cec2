"""Cycle times, SLA, backlog and reopens on hand-built tickets; every figure worked out below.

Period: January 2025 (ends 2025-02-01 00:00). The store's last event is A13, 2025-02-10 12:00.
Priority targets are the defaults: P1 4 h, P2 24 h, P3 72 h, P4 168 h.

    id   pri  team  created            first resp (h)        resolved (h)           notes
    A1   P1   ops   01-02 08:00        09:00 (1)             01-02 11:00 (3)        reopened 0
    A2   P1   ops   01-03 08:00        10:00 (2)             01-03 14:00 (6)        reopened 2
    A3   P2   impl  01-05 00:00        none                  01-06 00:00 (24)       = target: met
    A4   P2   impl  01-10 00:00        03:00 (3)             closed 01-12 (48)      reopened 1
    A5   P3   ops   01-10 00:00        01:00 (1)             01-13 00:00 (72)       due 01-11: breach
    A6   P3   ops   01-20 00:00        05:00 (5)             open                   target 01-23
    A7   P4   impl  01-30 00:00        none                  open                   target 02-06
    A8   P2   ops   2024-12-31 20:00   12-31 21:00 (1, Dec)  01-01 02:00 (6)
    A9   P1   ops   01-15 10:00        10:30 (0.5)           01-15 09:00 (-1)       data error
    A10  P3   impl  01-25 00:00        02:00 (2)             02-03 00:00 (216)      open at Jan end
    A11  -    ops   01-08 00:00        none                  01-08 10:00 (10)       no target
    A12  P2   ops   01-18 00:00        -                     status closed, no time
    A13  P4   ops   02-10 12:00        -                     open

January resolution times (resolved in Jan, >= 0): A1 3, A2 6, A8 6, A11 10, A3 24, A4 48, A5 72
    sorted 3 6 6 10 24 48 72 (n = 7, a tie at 6); median = 10;
    p90 at position 0.9 * 6 = 5.4 -> 48 + 0.4 * (72 - 48) = 57.6; mean 169 / 7.
January first responses (responded in Jan, >= 0): A9 0.5, A1 1, A5 1, A2 2, A10 2, A4 3, A6 5
    median = 2; p90 at 5.4 -> 3 + 0.4 * (5 - 3) = 3.8.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import make_store, ts

JAN = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))


def _t(tid, pri, team, created, fr=None, res=None, **kw):
    return dict(ticket_id=tid, priority=pri, team=team, customer="Acme", created_at=ts(created),
                first_response_at=ts(fr) if fr else None, resolved_at=ts(res) if res else None,
                **kw)


@pytest.fixture(scope="module")
def con():
    return make_store(tickets=[
        _t("A1", "P1", "ops", "2025-01-02 08:00", "2025-01-02 09:00", "2025-01-02 11:00",
           reopened_count=0),
        _t("A2", "P1", "ops", "2025-01-03 08:00", "2025-01-03 10:00", "2025-01-03 14:00",
           reopened_count=2),
        _t("A3", "P2", "impl", "2025-01-05 00:00", None, "2025-01-06 00:00"),
        _t("A4", "P2", "impl", "2025-01-10 00:00", "2025-01-10 03:00", None,
           closed_at=ts("2025-01-12 00:00"), reopened_count=1),
        _t("A5", "P3", "ops", "2025-01-10 00:00", "2025-01-10 01:00", "2025-01-13 00:00",
           sla_due_at=ts("2025-01-11 00:00")),
        _t("A6", "P3", "ops", "2025-01-20 00:00", "2025-01-20 05:00"),
        _t("A7", "P4", "impl", "2025-01-30 00:00"),
        _t("A8", "P2", "ops", "2024-12-31 20:00", "2024-12-31 21:00", "2025-01-01 02:00"),
        _t("A9", "P1", "ops", "2025-01-15 10:00", "2025-01-15 10:30", "2025-01-15 09:00"),
        _t("A10", "P3", "impl", "2025-01-25 00:00", "2025-01-25 02:00", "2025-02-03 00:00"),
        _t("A11", None, "ops", "2025-01-08 00:00", None, "2025-01-08 10:00"),
        _t("A12", "P2", "ops", "2025-01-18 00:00", status="closed"),
        _t("A13", "P4", "ops", "2025-02-10 12:00"),
    ])


def test_overall_median_p90_with_ties(con):
    s = metrics.cycle_time_stats(con, JAN).iloc[0]
    assert s["resolved"] == 7
    assert s["resolution_median_hours"] == pytest.approx(10)
    assert s["resolution_p90_hours"] == pytest.approx(57.6)
    assert s["resolution_mean_hours"] == pytest.approx(169 / 7)
    assert s["responded"] == 7
    assert s["first_response_median_hours"] == pytest.approx(2)
    assert s["first_response_p90_hours"] == pytest.approx(3.8)


def test_by_priority(con):
    # P1: resolution 3, 6 -> median 4.5, p90 3 + 0.9 * 3 = 5.7; first resp 0.5 1 2 -> 1, 1.8
    # P2: 6 24 48 -> 24, p90 at 1.8 -> 24 + 0.8 * 24 = 43.2; first resp A4 3
    # P3: A5 72; first resp 1 2 5 -> 2, p90 2 + 0.8 * 3 = 4.4
    # (no priority): A11 10, no first response. P4: nothing resolved or responded -> no row.
    s = metrics.cycle_time_stats(con, JAN, by="priority")
    assert s["priority"].tolist()[:3] == ["P1", "P2", "P3"] and s["priority"].isna().iloc[3]
    assert s["resolved"].tolist() == [2, 3, 1, 1]
    assert s["resolution_median_hours"].tolist() == pytest.approx([4.5, 24, 72, 10])
    assert s["resolution_p90_hours"].tolist() == pytest.approx([5.7, 43.2, 72, 10])
    assert s["responded"].tolist() == [3, 1, 3, 0]
    assert s["first_response_median_hours"][:3].tolist() == pytest.approx([1, 3, 2])
    assert s["first_response_p90_hours"][:3].tolist() == pytest.approx([1.8, 3, 4.4])
    assert pd.isna(s["first_response_median_hours"].iloc[3])


def test_by_team(con):
    # impl: A3 24, A4 48 -> median 36; ops: A1 3, A2 6, A8 6, A11 10, A5 72 -> median 6
    s = metrics.cycle_time_stats(con, JAN, by="team").set_index("team")
    assert s.loc["impl", "resolution_median_hours"] == pytest.approx(36)
    assert s.loc["ops", "resolution_median_hours"] == pytest.approx(6)
    assert s.loc["ops", "resolved"] == 5


def test_monthly_trend(con):
    # Dec: created A8; A8's first response (1 h) was in December; nothing resolved.
    # Jan: created A1-A7, A9-A12 = 11; resolved as above (7). Feb: created A13, resolved A10
    # (216 h).
    t = metrics.cycle_time_trend(con, Filters(date_from=date(2024, 12, 1),
                                              date_to=date(2025, 2, 28)), grain="month")
    assert t["tickets_created"].tolist() == [1, 11, 1]
    assert t["resolved"].tolist() == [0, 7, 1]
    assert t["n"].tolist() == [0, 7, 1]
    assert t["responded"].tolist() == [1, 7, 0]
    assert pd.isna(t["resolution_median_hours"][0])
    assert t["resolution_median_hours"][1:].tolist() == pytest.approx([10, 216])


def test_weekly_trend_has_empty_weeks_as_zeros(con):
    # February 2025 by ISO week: 01-27 (clipped to 02-01), 02-03 (A10 resolved), 02-10 (A13
    # created), 02-17, 02-24 (nothing).
    t = metrics.cycle_time_trend(con, Filters(date_from=date(2025, 2, 1),
                                              date_to=date(2025, 2, 28)), grain="week")
    assert [p.strftime("%m-%d") for p in t["period"]] == ["01-27", "02-03", "02-10", "02-17",
                                                            "02-24"]
    assert t["tickets_created"].tolist() == [0, 0, 1, 0, 0]
    assert t["resolved"].tolist() == [0, 1, 0, 0, 0]


def test_ticket_durations_are_the_population_of_the_figures(con):
    r = metrics.ticket_durations(con, JAN)
    assert r["ticket_id"].tolist() == ["A1", "A2", "A8", "A11", "A3", "A4", "A5"]
    assert r["hours"].median() == pytest.approx(10)
    f = metrics.ticket_durations(con, JAN, measure="first_response")
    assert sorted(f["hours"]) == [0.5, 1, 1, 2, 2, 3, 5]
    assert "A9" not in set(r["ticket_id"])  # negative resolution excluded


def test_sla_attainment_by_priority(con):
    # Period end 2025-02-01 00:00.
    # P1: A1 met (3 <= 4), A2 breach (6 > 4)                                -> 1 / 2
    # P2: A3 met (24 <= 24), A4 breach (48 > 24), A8 met (6)                -> 2 / 3
    # P3: A5 breach (sla_due_at 01-11 beats the 72 h target); A6 and A10 open with targets
    #     01-23 and 01-28 already passed: breaches, not blanks                -> 0 / 3
    # P4: A7 open, target 02-06 not yet passed: not judged                    -> None (n 0)
    # none: A11 has no target at all: without_target
    s = metrics.sla_attainment(con, JAN)
    assert s["priority"][:4].tolist() == ["P1", "P2", "P3", "P4"]
    assert s["sla_resolved"].tolist() == [2, 3, 1, 0, 0]
    assert s["sla_met"].tolist() == [1, 2, 0, 0, 0]
    assert s["sla_open_breached"].tolist() == [0, 0, 2, 0, 0]
    assert s["n"].tolist() == [2, 3, 3, 0, 0]
    assert s["sla_attainment"][:3].tolist() == pytest.approx([1 / 2, 2 / 3, 0])
    assert s["sla_attainment"][3:].isna().all()
    assert s["sla_without_target"].tolist() == [0, 0, 0, 0, 1]
    overall = metrics.sla_attainment(con, JAN, by=None).iloc[0]
    assert (overall["sla_met"], overall["sla_population"]) == (3, 8)
    assert overall["sla_attainment"] == pytest.approx(3 / 8)


def test_sla_targets_are_settings(con):
    # With P1 = 8 h, A2 (6 h) also meets: P1 2 / 2.
    s = metrics.sla_attainment(con, JAN, settings=Settings(sla_hours_p1=8)).set_index("priority")
    assert s.loc["P1", "sla_attainment"] == 1.0


def test_settings_are_read_when_a_figure_is_computed(con, monkeypatch):
    """Without explicit settings a metric reads them (PULSE_* included) when it runs, not
    when the module was imported."""
    monkeypatch.setenv("PULSE_SLA_HOURS_P1", "8")
    s = metrics.sla_attainment(con, JAN).set_index("priority")
    assert s.loc["P1", "sla_attainment"] == 1.0  # A2 (6 h) meets the 8 h target too


def test_backlog_at_period_end_by_age(con):
    # Open at 2025-02-01 00:00: A6 (12 days, past target), A7 (2 days), A10 (exactly 7 days,
    # past target; lower bounds are inclusive). A12 says closed without a time: not open.
    b = metrics.backlog(con, JAN)
    assert b["bucket"].tolist() == ["0-1d", "1-7d", "7-30d", "30-90d", "90d+"]
    assert b["tickets"].tolist() == [0, 1, 2, 0, 0]
    assert b["past_target"].tolist() == [0, 0, 2, 0, 0]
    assert b["oldest_days"][2] == pytest.approx(12)
    assert b["upper_days"].isna().tolist() == [False] * 4 + [True]
    lst = metrics.backlog_tickets(con, JAN)
    assert lst["ticket_id"].tolist() == ["A6", "A10", "A7"]
    # All data: the period ends at the store's last event, 2025-02-10 12:00; A10 was resolved
    # by then, A13 was created exactly then: open A6, A7, A13.
    assert metrics.backlog(con, Filters())["tickets"].sum() == 3
    assert set(metrics.backlog_tickets(con, Filters())["ticket_id"]) == {"A6", "A7", "A13"}


def test_backlog_buckets_are_settings(con):
    b = metrics.backlog(con, JAN, settings=Settings(backlog_buckets_days=(10,)))
    assert b["bucket"].tolist() == ["0-10d", "10d+"] and b["tickets"].tolist() == [2, 1]


def test_backlog_trend(con):
    # End of Dec (2025-01-01 00:00): A8 open. End of Jan: A6 A7 A10.
    # February ends at the store's last event (02-10 12:00): A6 A7 A13.
    t = metrics.backlog_trend(con, Filters(date_from=date(2024, 12, 1),
                                           date_to=date(2025, 2, 28)), grain="month")
    assert t["backlog_open"].tolist() == [1, 3, 3]
    assert t["as_of"].iloc[-1] == pd.Timestamp("2025-02-10 12:00")


def test_reopen_rate(con):
    # Resolved in Jan: A1 A2 A3 A4 A5 A8 A9 A11 = 8; with a reopen count: A1 (0), A2 (2),
    # A4 (1) = 3; reopened: A2, A4 -> 2 / 3.
    r = metrics.reopen_rate(con, JAN)
    assert (r.tickets_resolved, r.reopen_with_count, r.reopened) == (8, 3, 2)
    assert r.reopen_rate == pytest.approx(2 / 3)
    assert metrics.reopen_rate(con, Filters(teams=("nobody",))).reopen_rate is None


def test_duration_issues(con):
    q = metrics.duration_issues(con, JAN)
    assert list(zip(q["ticket_id"], q["issue"])) == [("A12", "done_without_time"),
                                                     ("A9", "resolved_before_created")]
    assert q.set_index("ticket_id").loc["A9", "hours"] == pytest.approx(-1)


def test_empty_selection(con):
    f = Filters(priorities=("P9",))
    s = metrics.cycle_time_stats(con, f).iloc[0]
    assert s["resolved"] == 0 and pd.isna(s["resolution_median_hours"])
    assert metrics.cycle_time_stats(con, f, by="priority").empty
    assert metrics.sla_attainment(con, f, by=None).iloc[0]["n"] == 0
    assert metrics.backlog(con, f)["tickets"].sum() == 0
    assert metrics.ticket_durations(con, f).empty


def test_duration_boxes_agree_with_numpy_over_the_same_tickets(con):
    """The box chart's statistics, computed in SQL, against numpy over ticket_durations."""
    import numpy as np

    for measure in ("resolution", "first_response"):
        rows = metrics.ticket_durations(con, JAN, measure=measure)
        rows = rows[rows["hours"] > 0]
        got = metrics.duration_boxes(con, JAN, measure=measure, max_outliers=1000)
        assert got.boxes["n"].sum() == len(rows)
        for _, box in got.boxes.iterrows():
            missing = pd.isna(box["priority"])
            part = rows[rows["priority"].isna()] if missing else rows[rows["priority"] == box["priority"]]
            h = part["hours"].to_numpy()
            q1, med, q3 = np.percentile(h, [25, 50, 75])  # linear interpolation, numpy's default
            assert (box["n"], box["q1"], box["median"], box["q3"]) == pytest.approx((len(h), q1, med, q3))
            lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
            assert box["lowerfence"] == pytest.approx(h[h >= lo].min())
            assert box["upperfence"] == pytest.approx(h[h <= hi].max())
            outside = part[(part["hours"] < lo) | (part["hours"] > hi)]
            mine = got.outliers[got.outliers["priority"].fillna("") == ("" if missing else box["priority"])]
            assert sorted(mine["ticket_id"]) == sorted(outside["ticket_id"])


def test_open_at_the_period_end_is_created_by_it_and_not_yet_resolved():
    """January ends at 2025-02-01 00:00 (a later event keeps the store's clock past it). A
    ticket resolved exactly then is no longer open; one resolved a second later still is; one
    created exactly then already is."""
    store = make_store(tickets=[
        dict(ticket_id="closed_at_end", created_at=ts("2025-01-10 09:00"),
             resolved_at=ts("2025-02-01 00:00")),
        dict(ticket_id="closed_after", created_at=ts("2025-01-10 09:00"),
             resolved_at=ts("2025-02-01 00:00:01")),
        dict(ticket_id="created_at_end", created_at=ts("2025-02-01 00:00")),
        dict(ticket_id="later", created_at=ts("2025-03-01 00:00")),
    ])
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert sorted(metrics.backlog_tickets(store, january)["ticket_id"]) == [
        "closed_after", "created_at_end"]
    assert metrics.backlog(store, january)["tickets"].sum() == 2
    assert metrics.backlog_trend(store, january, grain="month")["backlog_open"].tolist() == [2]
