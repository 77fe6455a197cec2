"""Project health (RAG) on metrics_fixtures.delivery_portfolio, as of 2025-06-30 12:00.

Running projects: D1-D7 and D12 (D8 cancelled; D9-D11 closed).

    D1   open P1 (H1) 3 days old > 2                                  -> red
    D2   slip 15 > 0; CSAT 2/3 = 67% over the last 90 days < 80%      -> amber (2 reasons)
         (V4, a 1 on 2025-03-01, is outside the 90-day window)
    D3   complaint H2 on 06-10: within 30 days                        -> amber
    D4   complaint H3 open 15.5 days > 7; slip 9; complaint in 30 days -> red (3 reasons)
    D5   slip 60 > 30 (one slip reason, the worst); CSAT 1/3 < 60%    -> red
    D6   slip 10 > 0                                                  -> amber
    D7   slip -63; P1 only 23 h old; complaint 76 days ago            -> green
    D12  no planned date, no rule fires                               -> green
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import delivery_portfolio


@pytest.fixture(scope="module")
def con():
    return delivery_portfolio()


def test_rag_with_reasons(con):
    h = metrics.project_health(con, Filters()).set_index("project_id")
    assert h["rag"].to_dict() == {"D5": "red", "D4": "red", "D1": "red", "D2": "amber",
                                  "D6": "amber", "D3": "amber", "D7": "green", "D12": "green"}
    assert h.index.tolist() == ["D5", "D4", "D1", "D2", "D6", "D3", "D7", "D12"]
    assert h.loc["D5", "reason_codes"] == ["red_slip", "red_csat"]
    assert h.loc["D5", "reasons"] == ["schedule slip 60 days > 30 days",
                                      "CSAT 33% (n=3) over the last 90 days < 60%"]
    assert h.loc["D4", "reason_codes"] == ["red_open_complaint", "amber_slip",
                                           "amber_recent_complaint"]
    assert h.loc["D1", "reasons"] == ["1 open P1 ticket(s) older than 2 days"]
    assert h.loc["D2", "reason_codes"] == ["amber_slip", "amber_csat"]
    assert h.loc["D2", "csat_recent"] == pytest.approx(2 / 3)
    assert h.loc["D2", "csat_recent_n"] == 3
    assert h.loc["D3", "reason_codes"] == ["amber_recent_complaint"]
    assert h.loc["D7", "reasons"] == [] and h.loc["D12", "reason_codes"] == []


def test_thresholds_are_settings(con):
    # Slip red only above 60 days: D5 (60) drops to amber for its slip but stays red on CSAT.
    # P1s count as old after 4 days: D1 turns green.
    s = Settings(red_slip_days=60, red_open_p1_days=4)
    h = metrics.project_health(con, Filters(), s).set_index("project_id")
    assert h.loc["D5", "reason_codes"] == ["red_csat", "amber_slip"]
    assert h.loc["D1", "rag"] == "green"


def test_summary_and_filters(con):
    s = metrics.health_summary(con, Filters())
    assert s["rag"].tolist() == ["red", "amber", "green"]
    assert s["projects"].tolist() == [3, 3, 2]
    # A priority filter narrows ticket charts but does not hide a project's P1.
    h = metrics.project_health(con, Filters(priorities=("P4",))).set_index("project_id")
    assert h.loc["D1", "rag"] == "red"
    assert metrics.health_summary(con, Filters(customers=("Nobody",)))["projects"].sum() == 0


def test_health_as_of_an_earlier_day(con):
    # On 2025-03-31 D7 had not started and D9 was closing that day (closed_date not after
    # today -> not running); D5 was 31 days from its plan; the June tickets did not exist.
    h = metrics.project_health(con, Filters(), today=date(2025, 3, 31)).set_index("project_id")
    assert "D7" not in h.index and "D9" not in h.index
    assert h.loc["D5", "slip_days"] == -31 and h.loc["D5", "rag"] == "green"
    assert h.loc["D1", "rag"] == "green"


def test_project_detail(con):
    det = metrics.project_detail(con, "D2")
    assert det.project["project_name"] == "Project D2"
    m = det.milestones.set_index("milestone")
    assert m.index.tolist() == ["signed", "kickoff", "golive", "accepted", "closed"]
    assert str(m.loc["golive", "planned_date"].date()) == "2025-02-15"
    assert str(m.loc["golive", "actual_date"].date()) == "2025-03-02"
    assert m.loc["golive", "slip_days"] == 15
    assert det.tickets.empty and det.surveys["response_id"].tolist() == ["V3", "V2", "V1", "V4"]
    assert det.health["rag"] == "amber"
    d4 = metrics.project_detail(con, "D4")
    assert d4.tickets["ticket_id"].tolist() == ["H3"] and bool(d4.tickets["open"][0])
    unknown = metrics.project_detail(con, "nope")
    assert unknown.project == {} and unknown.health is None and unknown.milestones.empty
