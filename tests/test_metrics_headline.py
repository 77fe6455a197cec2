"""The headline dict (the CLI's JSON contract) on a small store worked out by hand, plus the
metric dictionary's coverage.

    project  customer  kickoff     planned     actual      status
    K1       Acme      2025-01-01  2025-03-01  2025-03-11  active     cycle 69, slip 10
    K2       Beta      2025-02-01  2025-06-30  -           active
    K3       Beta      2024-12-01  -           -           cancelled
    K4       Gamma     2025-01-15  2025-03-31  2025-03-31  active     cycle 75, slip 0; no tickets

    ticket  project  pri  created           first resp (h)  resolved (h)        complaint
    T1      K1       P2   03-01 09:00       1               03-02 09:00 (24)    yes   met (24 <= 24)
    T2      K1       P1   03-05 00:00       2               03-05 08:00 (8)           breach (> 4)
    T3      K2       P3   03-10 00:00       -               open                      past target 03-13
    T4      K3       P3   03-12 00:00       4               03-13 00:00 (24)    yes   met

    survey  project  scale  score  nps  submitted
    S1      K1       1-5    4      9    03-15       satisfied, 75, +1
    S2      K2       1-10   6      5    03-20       not,  500/9, -1
    S3      K4       0-100  90     10   03-31 12:00 satisfied, 90, +1  (the store's last event)
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.store import connect
from metrics_fixtures import d, make_store, ts

EXPECTED_KEYS = ["projects_active", "complaint_rate", "complaints_per_100_tickets",
                 "tickets_created", "tickets_resolved", "resolution_median_hours",
                 "resolution_p90_hours", "first_response_median_hours", "sla_attainment",
                 "backlog_open", "delivery_cycle_median_days", "on_time_golive_rate",
                 "csat_pct", "csat_mean_0_100", "nps", "survey_responses",
                 "resolution_median_business_hours", "resolution_p90_business_hours",
                 "first_response_median_business_hours", "first_response_p90_business_hours"]


@pytest.fixture(scope="module")
def con():
    return make_store(
        projects=[
            dict(project_id="K1", customer="Acme", kickoff_date=d("2025-01-01"),
                 planned_golive_date=d("2025-03-01"), actual_golive_date=d("2025-03-11"),
                 status="active"),
            dict(project_id="K2", customer="Beta", kickoff_date=d("2025-02-01"),
                 planned_golive_date=d("2025-06-30"), status="active"),
            dict(project_id="K3", customer="Beta", kickoff_date=d("2024-12-01"),
                 status="cancelled"),
            dict(project_id="K4", customer="Gamma", kickoff_date=d("2025-01-15"),
                 planned_golive_date=d("2025-03-31"), actual_golive_date=d("2025-03-31"),
                 status="active"),
        ],
        tickets=[
            dict(ticket_id="T1", project_id="K1", priority="P2", type="complaint",
                 created_at=ts("2025-03-01 09:00"), first_response_at=ts("2025-03-01 10:00"),
                 resolved_at=ts("2025-03-02 09:00")),
            dict(ticket_id="T2", project_id="K1", priority="P1", type="incident",
                 created_at=ts("2025-03-05 00:00"), first_response_at=ts("2025-03-05 02:00"),
                 resolved_at=ts("2025-03-05 08:00")),
            dict(ticket_id="T3", project_id="K2", priority="P3", type="incident",
                 created_at=ts("2025-03-10 00:00")),
            dict(ticket_id="T4", project_id="K3", priority="P3", type="complaint",
                 created_at=ts("2025-03-12 00:00"), first_response_at=ts("2025-03-12 04:00"),
                 resolved_at=ts("2025-03-13 00:00")),
        ],
        surveys=[
            dict(response_id="S1", project_id="K1", scale="1-5", score=4, nps=9,
                 submitted_at=ts("2025-03-15 10:00")),
            dict(response_id="S2", project_id="K2", scale="1-10", score=6, nps=5,
                 submitted_at=ts("2025-03-20 10:00")),
            dict(response_id="S3", project_id="K4", scale="0-100", score=90, nps=10,
                 submitted_at=ts("2025-03-31 12:00")),
        ])


def test_all_data(con):
    h = metrics.headline(con)
    assert list(h) == EXPECTED_KEYS
    assert h == {
        "projects_active": 3,                  # K1 K2 K4 (K3 cancelled)
        "complaint_rate": pytest.approx(1 / 3),  # K1 (T4 is on cancelled K3)
        "complaints_per_100_tickets": 50.0,    # T1 T4 of 4
        "tickets_created": 4,
        "tickets_resolved": 3,                 # T1 T2 T4
        "resolution_median_hours": 24.0,       # 8 24 24
        "resolution_p90_hours": 24.0,          # position 1.8 between 24 and 24
        "first_response_median_hours": 2.0,    # 1 2 4
        "sla_attainment": 0.5,                 # met T1 T4; breach T2, T3 (open past target)
        "backlog_open": 1,                     # T3
        "delivery_cycle_median_days": 72.0,    # 69 75
        "on_time_golive_rate": 0.5,            # K4 on time, K1 10 days late
        "csat_pct": pytest.approx(2 / 3),      # S1 S3 of 3
        "csat_mean_0_100": pytest.approx((75 + 500 / 9 + 90) / 3),
        "nps": pytest.approx(100 / 3),         # +1 -1 +1
        "survey_responses": 3,
        # business hours, Mon-Fri 09:00-18:00: T1 runs Sat 09:00 - Sun 09:00 (0 h), T2 Wed
        # 00:00 - 08:00, before work starts (0 h), T4 Wed 00:00 - Thu 00:00 (Wed 09-18: 9 h)
        "resolution_median_business_hours": 0.0,
        "resolution_p90_business_hours": pytest.approx(7.2),  # 0 + 0.8 x (9 - 0)
        # answered Sat 10:00, Wed 02:00 and Wed 04:00: all before any working minute
        "first_response_median_business_hours": 0.0,
        "first_response_p90_business_hours": 0.0,
    }
    json.dumps(h)  # plain Python values only
    assert all(type(v) in (int, float) for v in h.values())


def test_customer_filter(con):
    # Beta: active K2 only (K3 cancelled); tickets T3, T4 (complaint, but on K3) -> rate 0;
    # S2 only: CSAT 0, NPS -100; no go-lives.
    h = metrics.headline(con, Filters(customers=("Beta",)))
    assert h["projects_active"] == 1 and h["complaint_rate"] == 0.0
    assert h["complaints_per_100_tickets"] == 50.0 and h["tickets_created"] == 2
    assert h["tickets_resolved"] == 1 and h["resolution_median_hours"] == 24.0
    assert h["first_response_median_hours"] == 4.0 and h["sla_attainment"] == 0.5
    assert h["backlog_open"] == 1
    assert h["delivery_cycle_median_days"] is None and h["on_time_golive_rate"] is None
    assert h["csat_pct"] == 0.0 and h["nps"] == -100.0 and h["survey_responses"] == 1


def test_period_filter(con):
    # 2025-03-01 .. 2025-03-10: tickets T1 T2 T3 created; T1 T2 resolved; T3 open at the
    # end (03-11 00:00) and its target (03-13) not passed -> SLA 1 / 2. No survey yet.
    h = metrics.headline(con, Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 10)))
    assert (h["tickets_created"], h["tickets_resolved"], h["backlog_open"]) == (3, 2, 1)
    assert h["sla_attainment"] == 0.5
    assert h["resolution_median_hours"] == 16.0
    assert h["survey_responses"] == 0 and h["csat_pct"] is None
    assert h["delivery_cycle_median_days"] is None  # K1 went live on 03-11


@pytest.mark.parametrize("make", [
    lambda c: (c, Filters(customers=("Nobody",))),
    lambda c: (connect(":memory:"), Filters()),
    lambda c: (connect(":memory:"), Filters(date_from=date(2025, 1, 1),
                                            date_to=date(2025, 3, 31))),
], ids=["filter-selects-nothing", "empty-store", "empty-store-with-dates"])
def test_nothing_gives_zeros_and_nulls(con, make):
    c, f = make(con)
    h = metrics.headline(c, f)
    assert list(h) == EXPECTED_KEYS
    counts = {"projects_active", "tickets_created", "tickets_resolved", "backlog_open",
              "survey_responses"}
    assert {k: v for k, v in h.items() if k in counts} == dict.fromkeys(counts, 0)
    assert all(v is None for k, v in h.items() if k not in counts)
    json.dumps(h)


def test_every_headline_key_is_in_the_dictionary():
    assert set(EXPECTED_KEYS) <= set(metrics.METRICS)
    assert list(metrics.HEADLINE_KEYS) == EXPECTED_KEYS
    for m in metrics.METRICS.values():
        assert m.name_en and m.name_zh and m.definition_en and m.definition_zh
        assert m.population and m.date_basis and m.aggregator and m.unit
        assert m.higher_is_better in (True, False, None)
    frame = metrics.dictionary_frame()
    assert list(frame["key"]) == list(metrics.METRICS)
    assert {"key", "name_en", "name_zh", "definition_en", "definition_zh", "population",
            "date_basis", "aggregator", "unit", "higher_is_better"} == set(frame.columns)


def test_one_connection_shared_by_threads(con):
    # The app shares one connection across threads; each query opens its own cursor.
    from concurrent.futures import ThreadPoolExecutor

    want = metrics.headline(con)
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda _: metrics.headline(con), range(16)))
    assert all(g == want for g in got)
