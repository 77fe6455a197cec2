"""The quarterly retro for 2025Q2 against 2025Q1 and 2024Q2, worked out by hand.

    project  kickoff     planned     actual
    R1       2024-01-01  2025-03-01  -           slip 30 on 03-31, 121 on 06-30
    R2       2024-01-01  2024-06-01  2024-06-10  slip 9 at both ends (not a mover)
    R3       2025-01-01  2025-05-15  2025-05-20  slip -45 on 03-31, 5 after going live

Complaints (category x count):
    2024Q2  R2 login x2
    2025Q1  R1 billing x1; R2 login x2, billing x1           -> R1 1, R2 3
    2025Q2  R1 billing x3, data x1; R2 login x1              -> R1 4, R2 1
plus one non-complaint ticket on R3 on 2025-06-30 10:00 (the store's last event).

CSAT (1-5): R1 Q1 5, 5 (1.0) -> Q2 2, 5 (0.5); R2 Q1 3 (0.0) -> Q2 4 (1.0); R3 Q2 only.
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.metrics import Quarter
from analytics.settings import Settings
from metrics_fixtures import d, make_store, ts


def _complaints(project, day, category, n, prefix):
    return [dict(ticket_id=f"{prefix}{project}{category}{i}", project_id=project,
                 created_at=ts(f"{day} 10:00"), type="complaint", category=category,
                 priority="P3")
            for i in range(n)]


@pytest.fixture(scope="module")
def con():
    tickets = (_complaints("R2", "2024-05-10", "login", 2, "a")
               + _complaints("R1", "2025-02-10", "billing", 1, "b")
               + _complaints("R2", "2025-02-11", "login", 2, "b")
               + _complaints("R2", "2025-02-12", "billing", 1, "b")
               + _complaints("R1", "2025-05-10", "billing", 3, "c")
               + _complaints("R1", "2025-05-11", "data", 1, "c")
               + _complaints("R2", "2025-05-12", "login", 1, "c")
               + [dict(ticket_id="last", project_id="R3", created_at=ts("2025-06-30 10:00"),
                       type="question", priority="P4")])
    surveys = [dict(response_id=f"s{i}", project_id=p, submitted_at=ts(f"{day} 09:00"),
                    scale="1-5", score=score)
               for i, (p, day, score) in enumerate([
                   ("R1", "2025-02-01", 5), ("R1", "2025-02-02", 5), ("R2", "2025-02-03", 3),
                   ("R1", "2025-05-01", 2), ("R1", "2025-05-02", 5), ("R2", "2025-05-03", 4),
                   ("R3", "2025-05-04", 5)])]
    return make_store(
        projects=[
            dict(project_id="R1", project_name="Alpha", customer="Acme",
                 kickoff_date=d("2024-01-01"), planned_golive_date=d("2025-03-01")),
            dict(project_id="R2", project_name="Beta", customer="Beta",
                 kickoff_date=d("2024-01-01"), planned_golive_date=d("2024-06-01"),
                 actual_golive_date=d("2024-06-10")),
            dict(project_id="R3", project_name="Gamma", customer="Gamma",
                 kickoff_date=d("2025-01-01"), planned_golive_date=d("2025-05-15"),
                 actual_golive_date=d("2025-05-20")),
        ],
        tickets=tickets, surveys=surveys)


def test_quarter_arithmetic():
    q = Quarter.parse("2025Q1")
    assert (q.first_day, q.last_day) == (date(2025, 1, 1), date(2025, 3, 31))
    assert str(q.previous()) == "2024Q4" and str(q.year_before()) == "2024Q1"
    assert Quarter.parse("2024-q4").last_day == date(2024, 12, 31)
    assert str(Quarter.parse("2024 Q4").next()) == "2025Q1"
    with pytest.raises(ValueError):
        Quarter.parse("2025Q5")


def test_kpis_against_previous_and_year_ago(con):
    k = metrics.retro_kpis(con, Filters(), quarter="2025Q2").set_index("key")
    assert list(k.index) == list(metrics.HEADLINE_KEYS)
    # tickets: Q2 4 + 1 = 5 complaints + 1 question = 6; Q1 4; 2024Q2 2. A volume: no verdict.
    t = k.loc["tickets_created"]
    assert (t["current"], t["previous"], t["year_ago"]) == (6, 4, 2)
    assert (t["delta_previous"], t["delta_year_ago"]) == (2, 4)
    assert t["better_vs_previous"] is None
    # complaint rate: Q2 R1 R2 of R1 R2 R3 = 2/3; Q1 the same; 2024Q2 R2 of R1 R2 = 1/2.
    c = k.loc["complaint_rate"]
    assert c["current"] == pytest.approx(2 / 3) and c["previous"] == pytest.approx(2 / 3)
    assert c["delta_previous"] == 0 and c["better_vs_previous"] is None
    assert c["delta_year_ago"] == pytest.approx(1 / 6) and c["better_vs_year_ago"] is False
    # complaints per 100 tickets: 5/6 -> 100 * (5/6 - 1) fell: good
    p = k.loc["complaints_per_100_tickets"]
    assert p["delta_previous"] == pytest.approx(500 / 6 - 100) and p["better_vs_previous"]
    # on-time go-live: Q2 R3 (5 days late) -> 0.0; Q1 no go-live -> None, delta None
    o = k.loc["on_time_golive_rate"]
    assert o["current"] == 0.0 and o["previous"] is None and o["delta_previous"] is None


def test_biggest_movers(con):
    # CSAT moves on at least small_group_n responses in both quarters; R1 (2 and 2) and R2
    # (1 and 1) have fewer than the default 5, so only a minimum of 1 lets them move
    m = metrics.biggest_movers(con, Filters(), quarter="2025Q2", settings=Settings(small_group_n=1))
    got = [(r.measure, r.project_id, r.previous, r.current, r.change, r.better)
           for r in m.itertuples()]
    assert got == [
        ("complaints", "R1", 1, 4, 3, False),   # most complaints added
        ("complaints", "R2", 3, 1, -2, True),
        ("csat_pct", "R2", 0.0, 1.0, 1.0, True),    # R3 has no Q1 answers: not compared
        ("csat_pct", "R1", 1.0, 0.5, -0.5, False),
        ("schedule_slip_days", "R1", 30, 121, 91, False),  # still not live: grows by the quarter
        ("schedule_slip_days", "R3", -45, 5, 50, False),   # went live 5 days late
    ]
    assert m.set_index(["measure", "project_id"]).loc[("csat_pct", "R1"), "current_n"] == 2
    top = metrics.biggest_movers(con, Filters(), quarter="2025Q2", limit=1,
                                 settings=Settings(small_group_n=1))
    assert list(zip(top["measure"], top["project_id"])) == [("complaints", "R1"),
                                                            ("csat_pct", "R2"), ("schedule_slip_days", "R1")]
    # at 2, R1 (2 and 2 answers) still moves and R2 (1 and 1) does not
    two = metrics.biggest_movers(con, Filters(), quarter="2025Q2", settings=Settings(small_group_n=2))
    assert two[two["measure"] == "csat_pct"]["project_id"].tolist() == ["R1"]


def test_small_samples_are_not_movers(con):
    m = metrics.biggest_movers(con, Filters(), quarter="2025Q2")  # the default minimum: 5 responses
    assert "csat_pct" not in set(m["measure"])
    assert sorted(set(m["measure"])) == ["complaints", "schedule_slip_days"]


def test_rising_categories(con):
    # billing 2 -> 3, data 0 -> 1 rose; login 2 -> 1 fell.
    r = metrics.rising_complaint_categories(con, Filters(), quarter="2025Q2")
    assert r.to_dict("list") == {"category": ["billing", "data"], "previous": [2, 0],
                                 "current": [3, 1], "change": [1, 1]}


def test_retro_bundle_and_filters(con):
    r = metrics.retro(con, Filters(customers=("Acme",)), quarter="2025Q2")
    assert (r.quarter, r.previous, r.year_ago) == ("2025Q2", "2025Q1", "2024Q2")
    assert r.golives.empty  # R3 (Gamma) went live in Q2, filtered out
    assert set(r.movers["project_id"]) == {"R1"}
    assert r.kpis.set_index("key").loc["tickets_created", "current"] == 4
    g = metrics.retro(con, Filters(), quarter="2025Q2").golives
    assert g["project_id"].tolist() == ["R3"] and g["slip_days"].tolist() == [5]
