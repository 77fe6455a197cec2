"""A small portfolio for the scorecard, change-impact and reward specifications, worked out by
hand in their docstrings. The store's last event is the C1 ticket's resolution, 2025-06-01
11:00, so an all-data period ends that day.

    id  presales lead ops  kickoff     planned     actual      slip  cycle  joint review  other
    A1  Ann      Lee  Oz   2024-10-01  2025-02-01  2025-02-11   10   133    yes 2024-09-20
    A2  Ann      Lee  Oz   2024-11-01  2025-03-01  2025-03-01    0   120    yes 2024-10-20
    A3  Ann      Kim  -    2025-01-15  2025-08-01  -                        no
    B1  Bob      Kim  Oz   2024-06-01  2025-01-10  2025-02-09   30   253    no
    B2  Bob      Kim  -    2025-02-01  2025-05-01  2025-05-21   20   109    no
    B3  Bob      -    -    2023-01-01  2023-06-01  2023-06-01                (not given)   closed 2025-03-31, renewed
    C1  -        Lee  Oz   2025-03-01  2025-06-01  2025-05-25   -7    85    yes 2025-02-20

    ticket  project  type       priority  created           resolved after
    T1      A1       complaint  P3        2025-02-15 09:00  10 h
    T2      A1       incident   P2        2025-03-01 09:00  24 h
    T3      A2       question   P4        2025-03-10 09:00   4 h
    T4      A3       question   P4        2025-04-01 09:00  48 h
    T5      B1       complaint  P3        2025-02-20 09:00  48 h
    T6      B1       complaint  P3        2025-03-05 09:00  72 h
    T7      B1       incident   P1        2025-03-06 09:00   6 h
    T8      B2       complaint  P3        2025-05-25 09:00  24 h
    T9      C1       incident   P3        2025-06-01 09:00   2 h

    survey answers (1-5, nps 0-10), each a day after the project's go-live unless dated:
    A1: 5 / 10, 4 / 9      A2: 3 / 7      B1: 2 / 3, 4 / 8      B2: 1 / 0      C1: 5 / 10
"""

from __future__ import annotations

from datetime import timedelta

import duckdb

from metrics_fixtures import d, make_store, ts


def project(pid: str, presales: str | None, lead: str | None, ops: str | None, kickoff: str,
            planned: str, actual: str | None, review: str | None | bool = None, **kw) -> dict:
    out = dict(project_id=pid, project_name=f"Project {pid}", customer=f"Customer {pid}",
               presales_owner=presales, implementation_lead=lead, ops_owner=ops,
               kickoff_date=d(kickoff), planned_golive_date=d(planned),
               actual_golive_date=d(actual) if actual else None, status="active", **kw)
    if isinstance(review, str):
        out.update(joint_review=True, joint_review_date=d(review))
    elif review is False:
        out.update(joint_review=False)
    return out


PROJECTS = [
    project("A1", "Ann", "Lee", "Oz", "2024-10-01", "2025-02-01", "2025-02-11", "2024-09-20"),
    project("A2", "Ann", "Lee", "Oz", "2024-11-01", "2025-03-01", "2025-03-01", "2024-10-20"),
    project("A3", "Ann", "Kim", None, "2025-01-15", "2025-08-01", None, False),
    project("B1", "Bob", "Kim", "Oz", "2024-06-01", "2025-01-10", "2025-02-09", False),
    project("B2", "Bob", "Kim", None, "2025-02-01", "2025-05-01", "2025-05-21", False),
    {**project("B3", "Bob", None, None, "2023-01-01", "2023-06-01", "2023-06-01"),
     "status": "closed", "closed_date": d("2025-03-31"), "renewed": True},
    project("C1", None, "Lee", "Oz", "2025-03-01", "2025-06-01", "2025-05-25", "2025-02-20"),
]


def ticket(tid: str, pid: str, kind: str, priority: str, created: str, hours: float) -> dict:
    at = ts(created)
    return dict(ticket_id=tid, project_id=pid, type=kind, priority=priority, created_at=at,
                resolved_at=at + timedelta(hours=hours))


TICKETS = [
    ticket("T1", "A1", "complaint", "P3", "2025-02-15 09:00", 10),
    ticket("T2", "A1", "incident", "P2", "2025-03-01 09:00", 24),
    ticket("T3", "A2", "question", "P4", "2025-03-10 09:00", 4),
    ticket("T4", "A3", "question", "P4", "2025-04-01 09:00", 48),
    ticket("T5", "B1", "complaint", "P3", "2025-02-20 09:00", 48),
    ticket("T6", "B1", "complaint", "P3", "2025-03-05 09:00", 72),
    ticket("T7", "B1", "incident", "P1", "2025-03-06 09:00", 6),
    ticket("T8", "B2", "complaint", "P3", "2025-05-25 09:00", 24),
    ticket("T9", "C1", "incident", "P3", "2025-06-01 09:00", 2),
]

GOLIVE = {p["project_id"]: p["actual_golive_date"] for p in PROJECTS}


def answer(rid: str, pid: str, score: int, nps: int, when: str | None = None) -> dict:
    at = ts(when) if when else ts(f"{GOLIVE[pid] + timedelta(days=1)} 10:00")
    return dict(response_id=rid, project_id=pid, submitted_at=at, scale="1-5", score=score,
                nps=nps)


SURVEYS = [
    answer("S1", "A1", 5, 10), answer("S2", "A1", 4, 9), answer("S3", "A2", 3, 7),
    answer("S4", "B1", 2, 3), answer("S5", "B1", 4, 8), answer("S6", "B2", 1, 0),
    answer("S7", "C1", 5, 10),
]


def people_portfolio(projects: list[dict] | None = None, tickets: list[dict] | None = None,
                     surveys: list[dict] | None = None) -> duckdb.DuckDBPyConnection:
    return make_store(PROJECTS if projects is None else projects,
                      TICKETS if tickets is None else tickets,
                      SURVEYS if surveys is None else surveys)
