"""Stores as Delivery Pulse wrote them before the store recorded a schema version (schema 1).

The DDL below is what ``store.connect`` created up to that release, written out here and
never to change: the import batches without change counts, author or undo, the canonical
tables without version history. :func:`write_v1_store` fills such a store with the rows a
given store holds, the way that release left them (each id's one version, stamped with the
batch that wrote it), so a test can open it with today's code and compare.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

V1_DDL: tuple[str, ...] = (
    "CREATE SEQUENCE IF NOT EXISTS batch_seq START 1",
    """CREATE TABLE IF NOT EXISTS import_batches (
      batch_id INTEGER PRIMARY KEY, file_name VARCHAR, sha256 VARCHAR, sheet VARCHAR,
      table_name VARCHAR, header_row INTEGER, rows_read INTEGER, rows_imported INTEGER,
      rows_folded INTEGER, ids_folded INTEGER, rows_rejected INTEGER, blank_rows INTEGER,
      warnings INTEGER, mapping JSON, imported_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS import_issues (
      batch_id INTEGER, file_name VARCHAR, sheet VARCHAR, row_number INTEGER,
      column_name VARCHAR, value VARCHAR, severity VARCHAR, reason VARCHAR,
      reason_code VARCHAR, reason_params JSON)""",
    """CREATE TABLE IF NOT EXISTS projects (
      project_id VARCHAR, project_name VARCHAR, customer VARCHAR, industry VARCHAR,
      region VARCHAR, presales_owner VARCHAR, implementation_lead VARCHAR, ops_owner VARCHAR,
      delivery_mode VARCHAR, contract_value DOUBLE, signed_date DATE, kickoff_date DATE,
      planned_golive_date DATE, actual_golive_date DATE, accepted_date DATE, closed_date DATE,
      phase VARCHAR, status VARCHAR, renewed BOOLEAN, planned_cost DOUBLE, actual_cost DOUBLE,
      extra JSON, batch_id INTEGER, source_row INTEGER)""",
    """CREATE TABLE IF NOT EXISTS tickets (
      ticket_id VARCHAR, project_id VARCHAR, customer VARCHAR, created_at TIMESTAMP,
      first_response_at TIMESTAMP, resolved_at TIMESTAMP, closed_at TIMESTAMP, type VARCHAR,
      is_complaint BOOLEAN, priority VARCHAR, status VARCHAR, category VARCHAR,
      channel VARCHAR, assignee VARCHAR, team VARCHAR, reopened_count INTEGER,
      sla_due_at TIMESTAMP, updated_at TIMESTAMP, mod_count INTEGER, extra JSON,
      batch_id INTEGER, source_row INTEGER)""",
    """CREATE TABLE IF NOT EXISTS surveys (
      response_id VARCHAR, project_id VARCHAR, customer VARCHAR, submitted_at TIMESTAMP,
      score DOUBLE, scale VARCHAR, nps INTEGER, touchpoint VARCHAR, respondent_role VARCHAR,
      team VARCHAR, comment VARCHAR, extra JSON, batch_id INTEGER, source_row INTEGER)""",
)

V1_TABLES: tuple[str, ...] = ("import_batches", "import_issues", "projects", "tickets", "surveys")


def write_v1_store(target: Path, source: Path | None = None) -> Path:
    """Create a schema-1 store at ``target``; with ``source`` (a store of any version), fill
    it with that store's current rows, batches and issues, in the columns schema 1 had."""
    con = duckdb.connect(str(target))
    try:
        for ddl in V1_DDL:
            con.execute(ddl)
        if source is not None:
            con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
            for table in V1_TABLES:
                columns = [r[0] for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database()"
                    " AND table_name = ? ORDER BY column_index", [table]).fetchall()]
                names = ", ".join(f'"{c}"' for c in columns)
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM src.{table}")
            last = con.execute("SELECT coalesce(max(batch_id), 0) FROM import_batches").fetchone()[0]
            for _ in range(last):  # the sequence stands where the old store's stood
                con.execute("SELECT nextval('batch_seq')")
            con.execute("DETACH src")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return target
