"""The DuckDB store: connection, canonical tables, import batches with provenance, rejects.

One store is one DuckDB file. Every import is a batch (file, sha256, sheet, counts, time);
rows rejected by validation are kept with their reasons in ``import_issues``. The store's
*data version* changes with every import, so caches keyed on it refresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from .rows import one
from .schema import TABLES, add_columns_sql, create_table_sql
from .settings import DEFAULT_DB

META_DDL = (
    """
    CREATE SEQUENCE IF NOT EXISTS batch_seq START 1
    """,
    """
    CREATE TABLE IF NOT EXISTS import_batches (
      batch_id INTEGER PRIMARY KEY,
      file_name VARCHAR,
      sha256 VARCHAR,
      sheet VARCHAR,
      table_name VARCHAR,
      header_row INTEGER,
      rows_read INTEGER,
      rows_imported INTEGER,
      rows_folded INTEGER,
      ids_folded INTEGER,
      rows_rejected INTEGER,
      blank_rows INTEGER,
      warnings INTEGER,
      mapping JSON,
      imported_at TIMESTAMP
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS import_issues (
      batch_id INTEGER,
      file_name VARCHAR,
      sheet VARCHAR,
      row_number INTEGER,
      column_name VARCHAR,
      value VARCHAR,
      severity VARCHAR,   -- 'rejected' (row not imported), 'warning' (cell emptied, raw kept in extra), 'note'
      reason VARCHAR,     -- in English; reason_code + reason_params render it in any language
      reason_code VARCHAR,
      reason_params JSON
    )
    """,
)


def connect(path: str | Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a store and make sure its tables exist.

    ``path`` None opens the default store under data/; ``":memory:"`` an in-memory one.
    Extensions are never auto-installed: only what ships in the wheel is used.
    """
    target = str(path if path is not None else DEFAULT_DB)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"autoinstall_known_extensions": "false",
                              "autoload_known_extensions": "false"}
    con = duckdb.connect(target, read_only=read_only, config=config)
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        ensure_schema(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in META_DDL:
        con.execute(ddl)
    for table in TABLES.values():
        con.execute(create_table_sql(table))
        for statement in add_columns_sql(table):  # a store from before a column was added
            con.execute(statement)


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A value that changes whenever an import lands; cache keys include it."""
    n, last = one(con.cursor().execute(
        "SELECT count(*), coalesce(max(batch_id), 0) FROM import_batches"))
    return f"{n}:{last}"


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    cur = con.cursor()
    return {t: one(cur.execute(f"SELECT count(*) FROM {t}"))[0] for t in TABLES}


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return sum(table_counts(con).values()) == 0


def batches(con: duckdb.DuckDBPyConnection):
    """The import history, newest first, as a DataFrame."""
    return con.cursor().execute(
        "SELECT * EXCLUDE (mapping) FROM import_batches ORDER BY batch_id DESC"
    ).df()


def issues(con: duckdb.DuckDBPyConnection, batch_id: int | None = None, lang: str = "en"):
    """Rejected rows and cell warnings with their reasons (optionally of one batch), the
    reasons in ``lang``."""
    sql = "SELECT * FROM import_issues"
    params: list = []
    if batch_id is not None:
        sql += " WHERE batch_id = ?"
        params.append(batch_id)
    sql += " ORDER BY batch_id, row_number, column_name"
    df = con.cursor().execute(sql, params).df()
    if lang != "en" and len(df):
        from .messages import render

        df["reason"] = [r if c is None or c != c else render(c, p, lang)
                        for r, c, p in zip(df["reason"], df["reason_code"], df["reason_params"])]
    return df.drop(columns=["reason_code", "reason_params"])
