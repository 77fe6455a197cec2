"""Hand-built stores for the metric tests.

A test lists only the columns it cares about; every other canonical column is NULL. Rows go
straight into the canonical tables of an in-memory store, the same tables ingest writes, so
the metrics are tested without depending on the ingest code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from analytics import store
from analytics.schema import TABLES

Row = dict[str, Any]


def d(text: str) -> date:
    return date.fromisoformat(text)


def ts(text: str) -> datetime:
    """'2025-01-06 09:00' -> datetime."""
    return datetime.fromisoformat(text)


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    """Insert rows (dicts of canonical column -> value) into ``table``."""
    if not rows:
        return
    columns = TABLES[table].column_names
    unknown = {k for r in rows for k in r} - set(columns)
    if unknown:
        raise KeyError(f"not {table} columns: {sorted(unknown)}")
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    frame = frame.astype(object).where(frame.notna(), None)
    cur = con.cursor()
    cur.register("incoming", frame)
    casts = ", ".join(f"CAST({c.name} AS {c.sql_type}) AS {c.name}" for c in TABLES[table].columns)
    cur.execute(f"INSERT INTO {table} BY NAME SELECT {casts} FROM incoming")
    cur.unregister("incoming")


def make_store(projects: list[Row] = (), tickets: list[Row] = (),
               surveys: list[Row] = ()) -> duckdb.DuckDBPyConnection:
    con = store.connect(":memory:")
    insert(con, "projects", list(projects))
    insert(con, "tickets", list(tickets))
    insert(con, "surveys", list(surveys))
    return con


def load_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Load DataFrames with canonical columns straight into the store's tables (columns the
    frame lacks stay NULL; columns the table lacks are ignored)."""
    cur = con.cursor()
    for table, frame in frames.items():
        cols = [c for c in TABLES[table].columns if c.name in frame.columns]
        cur.register("incoming", frame[[c.name for c in cols]])
        casts = ", ".join(f"CAST({c.name} AS {c.sql_type}) AS {c.name}" for c in cols)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT {casts} FROM incoming")
        cur.unregister("incoming")


def delivery_portfolio() -> duckdb.DuckDBPyConnection:
    """Twelve projects for the delivery and health tests. The store's last event is the
    D12 ticket of 2025-06-30 12:00, so by default "today" is 2025-06-30.

        id   kickoff     planned     actual      status / closed           phase       renewed
        D1   2024-10-01  2025-02-01  2025-02-01  active                    hypercare
        D2   2024-11-15  2025-02-15  2025-03-02  active                    golive
        D3   2025-01-10  2025-03-31  2025-03-20  active                    golive
        D4   (signed     2025-03-01  2025-03-10  active                    operations
              2024-12-01)
        D5   2025-02-01  2025-05-01  -           active                    build
        D6   2025-03-01  2025-06-20  -           active                    testing
        D7   2025-04-01  2025-09-01  -           active                    design
        D8   2024-09-01  2025-01-01  -           cancelled                 build
        D9   2023-01-01  2023-06-01  2023-06-10  closed 2025-03-31         closed      yes
        D10  2023-05-01  2023-09-01  2023-09-01  closed 2025-02-28         closed      no
        D11  2023-02-01  -           2023-08-01  closed 2025-01-15         closed      (unknown)
        D12  2025-01-05  -           2025-03-25  active                    hypercare

    Tickets and surveys (only the health rules look at them):

        D1   P1 ticket opened 2025-06-27 12:00, open                  (3 days old)
        D2   1-5 scores 5, 4, 3 in May 2025; a 1 on 2025-03-01       (outside 90 days)
        D3   complaint 2025-06-10, resolved 2025-06-12
        D4   complaint 2025-06-15 00:00, open                         (15.5 days old)
        D5   1-10 scores 9, 5, 4 in June 2025
        D7   P1 ticket opened 2025-06-29 13:00, open (23 h old); complaint 2025-04-15,
             resolved the next day
        D12  P3 ticket opened 2025-06-30 12:00 (the last event)
    """
    def p(pid, kickoff, planned, actual, phase, status="active", **kw):
        return dict(project_id=pid, project_name=f"Project {pid}", customer="Acme",
                    kickoff_date=d(kickoff) if kickoff else None,
                    planned_golive_date=d(planned) if planned else None,
                    actual_golive_date=d(actual) if actual else None,
                    phase=phase, status=status, **kw)

    projects = [
        p("D1", "2024-10-01", "2025-02-01", "2025-02-01", "hypercare"),
        p("D2", "2024-11-15", "2025-02-15", "2025-03-02", "golive"),
        p("D3", "2025-01-10", "2025-03-31", "2025-03-20", "golive"),
        p("D4", None, "2025-03-01", "2025-03-10", "operations", signed_date=d("2024-12-01")),
        p("D5", "2025-02-01", "2025-05-01", None, "build"),
        p("D6", "2025-03-01", "2025-06-20", None, "testing"),
        p("D7", "2025-04-01", "2025-09-01", None, "design"),
        p("D8", "2024-09-01", "2025-01-01", None, "build", status="cancelled"),
        p("D9", "2023-01-01", "2023-06-01", "2023-06-10", "closed", status="closed",
          closed_date=d("2025-03-31"), renewed=True),
        p("D10", "2023-05-01", "2023-09-01", "2023-09-01", "closed", status="closed",
          closed_date=d("2025-02-28"), renewed=False),
        p("D11", "2023-02-01", None, "2023-08-01", "closed", status="closed",
          closed_date=d("2025-01-15")),
        p("D12", "2025-01-05", None, "2025-03-25", "hypercare"),
    ]
    tickets = [
        dict(ticket_id="H1", project_id="D1", created_at=ts("2025-06-27 12:00"), priority="P1",
             type="incident"),
        dict(ticket_id="H2", project_id="D3", created_at=ts("2025-06-10 09:00"), priority="P3",
             type="complaint", resolved_at=ts("2025-06-12 09:00")),
        dict(ticket_id="H3", project_id="D4", created_at=ts("2025-06-15 00:00"), priority="P3",
             type="complaint"),
        dict(ticket_id="H4", project_id="D7", created_at=ts("2025-06-29 13:00"), priority="P1",
             type="incident"),
        dict(ticket_id="H5", project_id="D7", created_at=ts("2025-04-15 09:00"), priority="P3",
             type="complaint", resolved_at=ts("2025-04-16 09:00")),
        dict(ticket_id="H6", project_id="D12", created_at=ts("2025-06-30 12:00"), priority="P3",
             type="question"),
    ]

    def s(rid, pid, when, scale, score):
        return dict(response_id=rid, project_id=pid, submitted_at=ts(when), scale=scale,
                    score=score)

    surveys = [
        s("V1", "D2", "2025-05-10 10:00", "1-5", 5),
        s("V2", "D2", "2025-05-11 10:00", "1-5", 4),
        s("V3", "D2", "2025-05-12 10:00", "1-5", 3),
        s("V4", "D2", "2025-03-01 10:00", "1-5", 1),
        s("V5", "D5", "2025-06-01 10:00", "1-10", 9),
        s("V6", "D5", "2025-06-02 10:00", "1-10", 5),
        s("V7", "D5", "2025-06-03 10:00", "1-10", 4),
    ]
    return make_store(projects, tickets, surveys)
