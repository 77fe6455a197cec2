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
    """Load DataFrames with canonical columns (extra columns are ignored) into the store."""
    for table, frame in frames.items():
        cols = [c for c in TABLES[table].column_names if c in frame.columns]
        insert(con, table, frame[cols].to_dict("records"))
