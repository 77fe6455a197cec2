"""Complaint figures on a hand-built portfolio; every expected number is worked out below.

Projects (Q1 2025 = 2025-01-01 .. 2025-03-31):

    id  customer  mode    start                 closed / status        active in Q1?
    P1  Acme      onsite  kickoff 2024-10-01    active                 yes
    P2  Acme      remote  kickoff 2025-02-10    active                 yes (from Feb)
    P3  Beta      onsite  kickoff 2024-06-01    closed 2024-12-15      no  (closed before Q1)
    P4  Beta      hybrid  kickoff 2024-09-01    cancelled              no  (cancelled)
    P5  Gamma     remote  signed  2025-01-20    active, no kickoff     yes (signed date counts)
    P6  Gamma     onsite  kickoff 2025-04-10    active                 no  (starts after Q1)

Tickets (C = complaint):

    id  project  created           kind                         category     team  resolved
    T1  P1       2025-01-05 09:00  C (type complaint)           billing      ops   2025-01-06 09:00
    T2  P1       2025-01-20 10:00  incident                     login        ops   -
    T3  P1       2025-02-03 08:00  C (is_complaint, incident)   performance  impl  -
    T4  P2       2025-03-15 12:00  C (type, is_complaint NULL)  billing      impl  2025-04-02 09:00
    T5  P2       2025-03-20 12:00  not C (type complaint but    billing      impl  -
                                   is_complaint false wins)
    T6  P3       2024-12-01 10:00  C                            billing      ops   -
    T7  P4       2025-02-01 10:00  C (cancelled project)        data         ops   closed 2025-02-02
    T8  - (Acme) 2025-02-15 10:00  C (no project)               login        ops   -
    T9  P1       2025-04-20 10:00  incident (the store's last event)

Q1: active projects P1, P2, P5 = 3. Tickets created T1 T2 T3 T4 T5 T7 T8 = 7, of which
complaints T1 T3 T4 T7 T8 = 5. Active projects with a complaint: P1 (T1, T3), P2 (T4) = 2.
    complaint rate            = 2 / 3
    complaints per 100        = 5 / 7 * 100 = 71.428...
    complaints per active pj  = 5 / 3
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import d, make_store, ts

Q1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))


@pytest.fixture(scope="module")
def con():
    return make_store(
        projects=[
            dict(project_id="P1", customer="Acme", delivery_mode="onsite",
                 kickoff_date=d("2024-10-01"), status="active"),
            dict(project_id="P2", customer="Acme", delivery_mode="remote",
                 kickoff_date=d("2025-02-10"), status="active"),
            dict(project_id="P3", customer="Beta", delivery_mode="onsite",
                 kickoff_date=d("2024-06-01"), closed_date=d("2024-12-15"), status="closed"),
            dict(project_id="P4", customer="Beta", delivery_mode="hybrid",
                 kickoff_date=d("2024-09-01"), status="cancelled"),
            dict(project_id="P5", customer="Gamma", delivery_mode="remote",
                 signed_date=d("2025-01-20"), status="active"),
            dict(project_id="P6", customer="Gamma", delivery_mode="onsite",
                 kickoff_date=d("2025-04-10"), status="active"),
        ],
        tickets=[
            dict(ticket_id="T1", project_id="P1", created_at=ts("2025-01-05 09:00"),
                 type="complaint", category="billing", team="ops",
                 resolved_at=ts("2025-01-06 09:00")),
            dict(ticket_id="T2", project_id="P1", created_at=ts("2025-01-20 10:00"),
                 type="incident", category="login", team="ops"),
            dict(ticket_id="T3", project_id="P1", created_at=ts("2025-02-03 08:00"),
                 type="incident", is_complaint=True, category="performance", team="impl"),
            dict(ticket_id="T4", project_id="P2", created_at=ts("2025-03-15 12:00"),
                 type="complaint", category="billing", team="impl",
                 resolved_at=ts("2025-04-02 09:00")),
            dict(ticket_id="T5", project_id="P2", created_at=ts("2025-03-20 12:00"),
                 type="complaint", is_complaint=False, category="billing", team="impl"),
            dict(ticket_id="T6", project_id="P3", created_at=ts("2024-12-01 10:00"),
                 type="complaint", category="billing", team="ops"),
            dict(ticket_id="T7", project_id="P4", created_at=ts("2025-02-01 10:00"),
                 type="complaint", category="data", team="ops",
                 closed_at=ts("2025-02-02 10:00")),
            dict(ticket_id="T8", customer="Acme", created_at=ts("2025-02-15 10:00"),
                 type="complaint", category="login", team="ops"),
            dict(ticket_id="T9", project_id="P1", created_at=ts("2025-04-20 10:00"),
                 type="incident", category="login", team="ops"),
        ],
    )


def test_quarter_kpis(con):
    k = metrics.complaint_kpis(con, Q1)
    assert (k.projects_active, k.projects_with_complaints) == (3, 2)
    assert k.complaint_rate == pytest.approx(2 / 3)
    assert (k.tickets_created, k.complaints) == (7, 5)
    assert k.complaints_per_100_tickets == pytest.approx(500 / 7)
    assert k.complaints_per_active_project == pytest.approx(5 / 3)


def test_all_data_kpis(con):
    # All data: period end = 2025-04-20 (T9). Active: P1, P2, P3 (closed, but not before an
    # unbounded start), P5, P6 (kickoff 2025-04-10 <= 2025-04-20) = 5; P4 cancelled.
    # Complaints: T1 T3 T4 T6 T7 T8 = 6 of 9 tickets; projects with one: P1, P2, P3 = 3.
    k = metrics.complaint_kpis(con, Filters())
    assert (k.projects_active, k.projects_with_complaints) == (5, 3)
    assert k.complaint_rate == pytest.approx(3 / 5)
    assert (k.tickets_created, k.complaints) == (9, 6)
    assert k.complaints_per_100_tickets == pytest.approx(600 / 9)


def test_filters_narrow_both_sides(con):
    # Acme: active P1, P2 (both complained); tickets T1-T5 + T8 (customer of its own) = 6,
    # complaints T1 T3 T4 T8 = 4.
    k = metrics.complaint_kpis(con, Filters(date_from=Q1.date_from, date_to=Q1.date_to,
                                            customers=("Acme",)))
    assert (k.projects_active, k.projects_with_complaints, k.tickets_created, k.complaints) == (2, 2, 6, 4)
    assert k.complaint_rate == 1.0
    # Team ops narrows tickets only: T1 T2 T7 T8, complaints T1 T7 T8; active projects stay 3,
    # of which only P1 has an ops complaint.
    k = metrics.complaint_kpis(con, Filters(date_from=Q1.date_from, date_to=Q1.date_to,
                                            teams=("ops",)))
    assert (k.projects_active, k.projects_with_complaints, k.tickets_created, k.complaints) == (3, 1, 4, 3)
    assert k.complaints_per_100_tickets == pytest.approx(75.0)


def test_filter_selecting_nothing_gives_none_not_errors(con):
    f = Filters(customers=("Nobody",))
    k = metrics.complaint_kpis(con, f)
    assert (k.projects_active, k.tickets_created, k.complaints) == (0, 0, 0)
    assert k.complaint_rate is None and k.complaints_per_100_tickets is None
    assert k.complaints_per_active_project is None
    assert metrics.complaint_breakdown(con, f, by="customer").empty
    assert metrics.top_complaint_categories(con, f).empty
    assert metrics.complaint_tickets(con, f).empty
    trend = metrics.complaint_trend(con, f, grain="quarter")
    assert (trend["tickets_created"] == 0).all() and trend["complaint_rate"].isna().all()


def test_monthly_trend_with_empty_months(con):
    # Jan: active P1, P5 (signed 01-20); tickets T1 T2, complaint T1 (P1)       -> 1/2
    # Feb: active P1, P2, P5; tickets T3 T7 T8, all complaints; active with one: P1 -> 1/3
    # Mar: active P1, P2, P5; tickets T4 T5, complaint T4 (P2)                  -> 1/3
    # Apr: active + P6 (kickoff 04-10) = 4; ticket T9 (no complaint)
    # May, Jun: no tickets at all -> zeros, per-100 NULL, still 4 active projects.
    f = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    t = metrics.complaint_trend(con, f, grain="month")
    assert [p.month for p in t["period"]] == [1, 2, 3, 4, 5, 6]
    assert t["projects_active"].tolist() == [2, 3, 3, 4, 4, 4]
    assert t["n"].tolist() == [2, 3, 3, 4, 4, 4]
    assert t["projects_with_complaints"].tolist() == [1, 1, 1, 0, 0, 0]
    assert t["tickets_created"].tolist() == [2, 3, 2, 1, 0, 0]
    assert t["complaints"].tolist() == [1, 3, 1, 0, 0, 0]
    assert t["complaint_rate"].tolist() == pytest.approx([1 / 2, 1 / 3, 1 / 3, 0, 0, 0])
    assert t["complaints_per_100_tickets"][:4].tolist() == pytest.approx([50, 100, 50, 0])
    assert t["complaints_per_100_tickets"][4:].isna().all()
    assert t["complaints_per_active_project"].tolist() == pytest.approx([0.5, 1, 1 / 3, 0, 0, 0])
    # the store's last event is T9 on 2025-04-20: April (to 04-30), May and June are not
    # finished in the data
    assert t["unfinished"].tolist() == [False, False, False, True, True, True]


def test_trend_points_on_few_projects_are_flagged(con):
    # active projects per month: 2, 3, 3, 4, 4, 4; flagged below the setting
    f = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    t = metrics.complaint_trend(con, f, grain="month", settings=Settings(low_confidence_n=3))
    assert t["low_confidence"].tolist() == [True, False, False, False, False, False]
    t = metrics.complaint_trend(con, f, grain="month", settings=Settings(low_confidence_n=4))
    assert t["low_confidence"].tolist() == [True, True, True, False, False, False]


def test_breakdown_flags_rates_on_few_projects(con):
    # Acme 2 active projects, Beta 0, Gamma 1; at a minimum of 2, Beta and Gamma are flagged
    b = metrics.complaint_breakdown(con, Q1, by="customer", settings=Settings(small_group_n=2))
    assert dict(zip(b["customer"], b["low_confidence"])) == {
        "Acme": False, "Beta": True, "Gamma": True}
    # a ticket-level dimension has no project rate to flag
    c = metrics.complaint_breakdown(con, Q1, by="category", settings=Settings(small_group_n=2))
    assert c["low_confidence"].isna().all()


def test_trend_clips_partial_periods_to_the_filter(con):
    # Quarter grain over 2025-02-15 .. 2025-03-31: one period (Q1) counting only those days:
    # tickets T8 (02-15), T4, T5 = 3; complaints T8, T4 = 2; active P1 P2 P5.
    t = metrics.complaint_trend(con, Filters(date_from=date(2025, 2, 15),
                                             date_to=date(2025, 3, 31)), grain="quarter")
    assert len(t) == 1 and t["period"][0] == pd.Timestamp("2025-01-01")
    assert (t["tickets_created"][0], t["complaints"][0], t["projects_active"][0]) == (3, 2, 3)


def test_breakdown_by_customer(con):
    # Acme: active P1 P2, both complained; tickets T1-T5, T8 = 6; complaints 4.
    # Beta: no active project (P3 closed, P4 cancelled); ticket T7, a complaint -> rate NULL.
    # Gamma: active P5 without tickets -> rate 0, tickets 0.
    b = metrics.complaint_breakdown(con, Q1, by="customer").set_index("customer")
    assert b.index.tolist() == ["Acme", "Beta", "Gamma"]
    assert b.loc["Acme", ["projects_active", "projects_with_complaints", "tickets_created",
                          "complaints"]].tolist() == [2, 2, 6, 4]
    assert b.loc["Acme", "complaint_rate"] == 1.0
    assert b.loc["Acme", "complaints_per_100_tickets"] == pytest.approx(400 / 6)
    assert b.loc["Acme", "share_of_complaints"] == pytest.approx(0.8)
    assert math.isnan(b.loc["Beta", "complaint_rate"]) and b.loc["Beta", "complaints"] == 1
    assert b.loc["Gamma", "complaint_rate"] == 0.0 and b.loc["Gamma", "tickets_created"] == 0
    assert math.isnan(b.loc["Gamma", "complaints_per_100_tickets"])


def test_breakdown_by_delivery_mode_and_category(con):
    b = metrics.complaint_breakdown(con, Q1, by="delivery_mode")
    rows = {r.delivery_mode: r for r in b.itertuples()}
    # onsite: P1 (complained); tickets T1 T2 T3, complaints T1 T3
    assert (rows["onsite"].projects_active, rows["onsite"].complaint_rate,
            rows["onsite"].tickets_created, rows["onsite"].complaints) == (1, 1.0, 3, 2)
    # remote: P2 (complained), P5 (not) -> 1/2; tickets T4 T5, complaint T4
    assert (rows["remote"].projects_active, rows["remote"].complaint_rate,
            rows["remote"].tickets_created, rows["remote"].complaints) == (2, 0.5, 2, 1)
    # hybrid: only cancelled P4's T7; no project: T8
    assert (rows["hybrid"].projects_active, rows["hybrid"].complaints) == (0, 1)
    assert b[b["delivery_mode"].isna()]["complaints"].tolist() == [1]  # T8, no project
    # category is a ticket dimension: the project-based columns are NULL.
    c = metrics.complaint_breakdown(con, Q1, by="category")
    assert c["category"].tolist() == ["billing", "login", "data", "performance"]
    assert c["tickets_created"].tolist() == [3, 2, 1, 1]
    assert c["complaints"].tolist() == [2, 1, 1, 1]
    assert c["complaint_rate"].isna().all() and c["projects_active"].isna().all()


def test_top_categories_and_ticket_list(con):
    # billing: T1 (P1), T4 (P2) -> 2, share 2/5, 2 projects, T4 still open on 2025-04-01.
    # data: T7 (P4); login: T8 (no project -> 0 projects), open; performance: T3, open.
    top = metrics.top_complaint_categories(con, Q1)
    assert top["category"].tolist() == ["billing", "data", "login", "performance"]
    assert top["complaints"].tolist() == [2, 1, 1, 1]
    assert top["share"].tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])
    assert top["projects"].tolist() == [2, 1, 0, 1]
    assert top["open_at_end"].tolist() == [1, 0, 1, 1]
    assert metrics.top_complaint_categories(con, Q1, limit=1)["category"].tolist() == ["billing"]

    lst = metrics.complaint_tickets(con, Q1)
    assert lst["ticket_id"].tolist() == ["T4", "T8", "T3", "T7", "T1"]
    assert lst.set_index("ticket_id").loc["T1", "resolution_hours"] == 24.0
    # Q1 ends 2025-04-01 00:00; T8 opened 2025-02-15 10:00 -> 44 days 14 hours.
    assert lst.set_index("ticket_id").loc["T8", "age_days"] == pytest.approx(44 + 14 / 24)
    assert lst["open_at_end"].tolist() == [True, True, True, False, False]


def test_bad_dimension_is_refused(con):
    with pytest.raises(ValueError):
        metrics.complaint_breakdown(con, Q1, by="customer; DROP TABLE tickets")  # type: ignore
