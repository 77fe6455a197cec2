"""Status history: every status a ticket was in, from when, until when, and with whom.

The ticket table keeps a ticket's latest version; ``status_history`` keeps the path. It is
filled by the import, inside the file's transaction, from two shapes of file:

- *versions*: a file that repeats a ticket once per change (a ServiceNow audit or event log,
  exports over time appended to one sheet). Each version with an update time is a row: its
  status (canonical, and as the file wrote it), team and assignee from that moment until the
  next version of the ticket in the file.
- *transitions*: one row per ticket with a column per status holding when the ticket entered
  it (``Stage In Progress start``, ``Entered In Progress``, ``进入处理中时间``). Each filled
  column is a row, until the next status entered.

Rows keep the batch that brought them, so undoing a batch removes its history
(:func:`forget_batch`). What several batches say about one ticket is merged when it is written
(:func:`settle`): the same moment reported twice counts once (the later batch's row; the other
is marked ``superseded``), and each step's end (``to_ts``) is the next step's start over the
merged timeline. The metrics read the current rows through :func:`intervals_sql`, a plain scan.
"""

from __future__ import annotations

import re

import duckdb

from .schema import normalise_header

TABLE = "status_history"

DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
  project_id VARCHAR,
  ticket_id VARCHAR,
  status VARCHAR,        -- canonical (open, in_progress, pending, resolved, closed, or the file's own)
  status_label VARCHAR,  -- as the file wrote it (Awaiting User Info, 等待客户)
  team VARCHAR,
  assignee VARCHAR,
  from_ts TIMESTAMP,
  to_ts TIMESTAMP,       -- the ticket's next step's start, over every batch; NULL: still in it
  batch_id INTEGER,
  source_row INTEGER,
  source VARCHAR,        -- 'versions' or 'transitions'
  superseded BOOLEAN DEFAULT false  -- a later batch reported the same moment of the ticket
)
"""

# A store made before the superseded flag: the column, and every row current.
UPGRADE = (f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS superseded BOOLEAN DEFAULT false",)

# Headers that say "when the ticket entered status X": (prefix, suffix) around X, compared
# after normalise_header's folding except that X keeps its own spelling.
_TRANSITION = (
    re.compile(r"^\s*stage\s+(?P<s>.+?)\s+start\s*$", re.IGNORECASE),        # Stage In Progress start
    re.compile(r"^\s*(?:date\s+)?entered\s+(?P<s>.+?)\s*$", re.IGNORECASE),  # Entered In Progress
    re.compile(r"^\s*进入(?P<s>.+?)(?:时间|日期)\s*$"),                          # 进入处理中时间
)


def transition_status(header: str) -> str | None:
    """The status a transition column's header names, or None for any other header."""
    for pattern in _TRANSITION:
        m = pattern.match(header)
        if m and m.group("s").strip():
            return m.group("s").strip()
    return None


def transition_columns(headers: list[str], mapped: set[str]) -> dict[str, str]:
    """header -> status for the unmapped headers that are transition columns. Needs two: one
    column alone is a date, not a path (``Stage start``, a ``Go-live entered`` field)."""
    found = {h: s for h in headers if h not in mapped and (s := transition_status(h)) is not None}
    statuses = {normalise_header(s) for s in found.values()}
    return found if len(statuses) >= 2 else {}


def intervals_sql(pause: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """A SELECT of the merged history: one row per (ticket, moment), each ending where the
    ticket's next one starts (NULL for the status it is still in). ``paused`` is true for a
    status in ``pause`` (compared without case, with the label as written and with the
    canonical status); the statuses are the named parameters ``$pause_<i>``."""
    lowered = {f"pause_{i}": p.lower() for i, p in enumerate(pause)}
    marks = ", ".join(f"${k}" for k in lowered) or "NULL"
    sql = f"""
  SELECT project_id, ticket_id, status, status_label, team, assignee, from_ts, to_ts,
         (lower(status_label) IN ({marks}) OR lower(status) IN ({marks})) AS paused, batch_id
  FROM {TABLE}
  WHERE NOT superseded AND from_ts IS NOT NULL"""
    return sql, lowered


def settle(cur: duckdb.DuckDBPyConnection, keys: str) -> None:
    """Merge the history of the tickets in ``keys`` (a table or subquery of project_id,
    ticket_id): of rows at the same moment the latest batch's is current, the others
    superseded; each current row ends where the ticket's next current row starts. Set-based,
    touching only those tickets."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _settle_keys AS SELECT DISTINCT project_id, ticket_id FROM {keys}")
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE _settled AS
        SELECT h.rowid AS rid, h.batch_id, h.source_row, h.project_id, h.ticket_id, h.from_ts,
               row_number() OVER (PARTITION BY h.project_id, h.ticket_id, h.from_ts
                                  ORDER BY h.batch_id DESC, h.source_row DESC) > 1 AS superseded
        FROM {TABLE} h SEMI JOIN _settle_keys k
          ON h.ticket_id = k.ticket_id AND h.project_id IS NOT DISTINCT FROM k.project_id""")
    cur.execute("""
        CREATE OR REPLACE TEMP TABLE _settled_to AS
        SELECT rid, superseded,
               CASE WHEN NOT superseded THEN lead(from_ts) OVER (
                 PARTITION BY project_id, ticket_id, superseded ORDER BY from_ts NULLS LAST) END AS to_ts
        FROM _settled""")
    cur.execute(f"UPDATE {TABLE} SET superseded = s.superseded, to_ts = s.to_ts "
                f"FROM _settled_to s WHERE {TABLE}.rowid = s.rid")
    for t in ("_settle_keys", "_settled", "_settled_to"):
        cur.execute(f"DROP TABLE IF EXISTS {t}")


def forget_batch(cur: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Remove the history a batch brought (its undo), and merge again what the other batches
    say of the same tickets. Returns the rows removed."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _forget AS SELECT DISTINCT project_id, ticket_id FROM {TABLE} "
                f"WHERE batch_id = ?", [batch_id])
    removed = cur.execute(f"DELETE FROM {TABLE} WHERE batch_id = ?", [batch_id]).fetchone()
    settle(cur, "_forget")
    cur.execute("DROP TABLE _forget")
    return int(removed[0]) if removed else 0


__all__ = ["DDL", "TABLE", "UPGRADE", "forget_batch", "intervals_sql", "settle", "transition_columns",
           "transition_status"]
