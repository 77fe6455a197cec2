"""The DuckDB store: opening it, its schema version and migrations, import batches and row
versions, undo, and what a failure to use it means for the reader.

One store is one DuckDB file. Every import is a *batch* (file, sha256, sheet, counts, time,
who). The canonical tables (``projects``, ``tickets``, ``surveys``) hold the *current* version
of each row; every other version a batch brought is kept, so an import never loses what an
earlier one said and any batch can be undone exactly:

* ``<table>_history`` holds versions that are not current: the ones a later import replaced,
  and the ones that arrived older than what the store already held;
* ``<table>_repeats`` records a batch that brought a version identical to the current one
  (a nightly export repeats most rows): one slim row instead of a second copy.

Which version is current is decided by one order, the same one ingest uses to fold repeated
ids within a file: the update time, then the modification count (each descending, a version
carrying one outranks a version without), then the batch (a later import wins a tie). So an
older export never overwrites a newer version, whichever file it came in.

The store records its schema version in ``schema_migrations``. Opening a store of an older
version migrates it in place, in one transaction, after copying the file beside itself; a store
of a newer version is refused. Every way the file can fail to open or write (locked by another
process, damaged, disk full, missing) is a :class:`StoreError`: one sentence with what to do,
naming the file, never its absolute path.
"""

from __future__ import annotations

import errno
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from .messages import Message
from .rows import one
from .schema import TABLES, Table, create_table_sql
from .settings import DEFAULT_DB
from .settings_store import DDL as SETTINGS_DDL
from .settings_store import version as settings_version
from .status_history import DDL as STATUS_HISTORY_DDL
from .status_history import forget_batch

#: The layout this code reads and writes. Bump it, and add a :data:`MIGRATIONS` step, with
#: every change of the store's tables (a canonical column added in schema.py included).
SCHEMA_VERSION = 6

_BATCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("batch_id", "INTEGER PRIMARY KEY"),
    ("file_name", "VARCHAR"),
    ("sha256", "VARCHAR"),
    ("sheet", "VARCHAR"),
    ("table_name", "VARCHAR"),
    ("header_row", "INTEGER"),
    ("rows_read", "INTEGER"),
    ("rows_imported", "INTEGER"),
    ("rows_folded", "INTEGER"),
    ("ids_folded", "INTEGER"),
    ("rows_rejected", "INTEGER"),
    ("blank_rows", "INTEGER"),
    ("warnings", "INTEGER"),
    ("mapping", "JSON"),
    ("imported_at", "TIMESTAMP"),
    # schema 2: what the batch did to the current rows, who imported it, and its undo
    ("rows_added", "INTEGER"),      # ids the store did not hold
    ("rows_changed", "INTEGER"),    # replaced a different current version
    ("rows_unchanged", "INTEGER"),  # identical to the current version
    ("rows_stale", "INTEGER"),      # older than the current version: kept in history only
    ("imported_by", "VARCHAR"),
    ("versioned", "BOOLEAN"),       # false for batches imported before versions were kept
    ("undone_at", "TIMESTAMP"),
    ("undone_by", "VARCHAR"),
)

_ISSUES_DDL = """
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
"""

_MIGRATIONS_DDL = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name VARCHAR,
      applied_at TIMESTAMP,
      backup VARCHAR       -- file name of the copy taken before the step, NULL for a new store
    )
"""


# -- what can go wrong ------------------------------------------------------------------------


class StoreError(Exception):
    """The store cannot be used. ``str(e)`` is one English sentence saying why and what to
    do; ``e.text(lang)`` the same in the reader's language."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, params)
        super().__init__(str(self.message))

    @property
    def code(self) -> str:
        return self.message.code

    def text(self, lang: str) -> str:
        return self.message.text(lang)


_PATH_IN_TEXT = re.compile(r'"(/[^"]*)"|(?<![\w.])(/(?:[\w.+-]+/)+[\w.+-]*)')


def scrub_paths(text: str) -> str:
    """``text`` with every absolute path shortened to its last part, so an error shown to a
    visitor never tells where the server keeps its files."""
    def short(m: re.Match[str]) -> str:
        path = m.group(1) or m.group(2)
        name = Path(path).name or path
        return f'"{name}"' if m.group(1) else name
    return _PATH_IN_TEXT.sub(short, text)


def explain(error: BaseException, name: str) -> StoreError:
    """The :class:`StoreError` for a DuckDB or OS error met while using the store ``name``."""
    if isinstance(error, StoreError):
        return error
    text = str(error)
    number = getattr(error, "errno", None)
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = re.search(r"PID (\d+)", text)
        return StoreError("store.error.locked", name=name, pid=pid.group(1) if pid else "?")
    if (number in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            or re.search(r"No space left|Disk quota|File too large|out of disk", text, re.I)):
        return StoreError("store.error.disk_full", name=name)
    if re.search(r"not a valid DuckDB database|Corrupt database|checksum|Could not read enough "
                 r"bytes|invalid (?:block|header)|database file is (?:damaged|corrupt)", text, re.I):
        return StoreError("store.error.damaged", name=name)
    if isinstance(error, PermissionError) or number in (errno.EACCES, errno.EPERM, errno.EROFS) \
            or re.search(r"Permission denied|Read-only file system", text):
        return StoreError("store.error.permission", name=name)
    first = scrub_paths(text.strip().splitlines()[0] if text.strip() else type(error).__name__)
    return StoreError("store.error.other", name=name, detail=first)


# -- opening and migrating --------------------------------------------------------------------

_CONFIG: dict[str, Any] = {"autoinstall_known_extensions": "false",
                           "autoload_known_extensions": "false"}


def connect(path: str | Path | None = None, *, read_only: bool = False, create: bool = True,
            label: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open a store, migrating it to :data:`SCHEMA_VERSION` if it is older.

    ``path`` None opens the default store under data/; ``":memory:"`` an in-memory one.
    ``create`` False refuses a path that does not exist instead of creating an empty store
    there (reading commands use it: a mistyped path must not print zeros). ``label`` names the
    store in messages (default: the file name). Extensions are never auto-installed.
    Raises :class:`StoreError`.
    """
    target = str(path if path is not None else DEFAULT_DB)
    name = label or (Path(target).name if target != ":memory:" else target)
    if target != ":memory:":
        file = Path(target)
        if not file.exists():
            if not create or read_only:
                raise StoreError("store.error.missing", name=name)
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise explain(e, name) from None
        elif file.is_dir():
            raise StoreError("store.error.damaged", name=name)
    try:
        con = duckdb.connect(target, read_only=read_only, config=_CONFIG)
        con.execute("SET enable_progress_bar = false")
    except (duckdb.Error, OSError) as e:
        raise explain(e, name) from None
    try:
        if read_only:
            found = schema_version(con)
            if found > SCHEMA_VERSION:
                raise StoreError("store.error.newer", name=name, found=found, supported=SCHEMA_VERSION)
            if found < SCHEMA_VERSION:
                raise StoreError("store.error.needs_upgrade", name=name, found=found,
                                 target=SCHEMA_VERSION)
        else:
            migrate(con, None if target == ":memory:" else Path(target), name)
    except BaseException as e:
        con.close()
        if isinstance(e, (duckdb.Error, OSError)):
            raise explain(e, name) from None
        raise
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version: 0 for a new, empty file; 1 for a store from before
    versions were recorded (it has import_batches but no schema_migrations)."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    if "schema_migrations" in tables:
        found = one(con.execute("SELECT max(version) FROM schema_migrations"))[0]
        return int(found or 0)
    return 1 if "import_batches" in tables else 0


@dataclass(frozen=True)
class Migration:
    """One step from ``version - 1`` to ``version``. ``apply`` runs inside the migration's
    transaction; it may add columns and tables and backfill them, never drop data."""

    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _existing_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?",
        [table]).fetchall()}


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str,
                        columns: list[tuple[str, str]]) -> list[str]:
    """``ALTER TABLE .. ADD COLUMN`` for each of ``columns`` (name, SQL type) the table lacks;
    the names added. The building block of most migration steps."""
    have = _existing_columns(con, table)
    added = []
    for column, sql_type in columns:
        if column not in have:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {sql_type}')
            added.append(column)
    return added


def _canonical_columns(table: Table) -> list[tuple[str, str]]:
    from .schema import PROVENANCE_COLUMNS

    return [(c.name, c.sql_type) for c in table.columns] + list(PROVENANCE_COLUMNS)


def ensure_layout(con: duckdb.DuckDBPyConnection) -> None:
    """Create whatever table of the current layout is missing and add missing columns to the
    ones that exist. Idempotent; every migration step that only adds things calls it."""
    con.execute("CREATE SEQUENCE IF NOT EXISTS batch_seq START 1")
    con.execute("CREATE TABLE IF NOT EXISTS import_batches ("
                + ", ".join(f"{n} {t}" for n, t in _BATCH_COLUMNS) + ")")
    add_missing_columns(con, "import_batches",
                        [(n, t) for n, t in _BATCH_COLUMNS if "PRIMARY" not in t])
    con.execute(_ISSUES_DDL)
    con.execute(_MIGRATIONS_DDL)
    for table in TABLES.values():
        columns = _canonical_columns(table)
        con.execute(create_table_sql(table))
        add_missing_columns(con, table.name, columns)
        # replaced_by: the batch whose version took this one's place as current
        history = [*columns, ("replaced_by", "INTEGER")]
        con.execute(f"CREATE TABLE IF NOT EXISTS {table.name}_history ("
                    + ", ".join(f'"{n}" {t}' for n, t in history) + ")")
        add_missing_columns(con, f"{table.name}_history", history)
        keys = ", ".join(f'"{k}" {table.column(k).sql_type}' for k in key_columns(table))
        con.execute(f"CREATE TABLE IF NOT EXISTS {table.name}_repeats (batch_id INTEGER, "
                    f"of_batch INTEGER, source_row INTEGER, {keys})")
    # every status a ticket was in, step by step (analytics.status_history)
    con.execute(STATUS_HISTORY_DDL)
    # the settings an admin saved, and who changed what when (analytics.settings_store)
    con.execute(SETTINGS_DDL)


def _to_v2(con: duckdb.DuckDBPyConnection) -> None:
    ensure_layout(con)
    # batches from before versions were kept replaced rows without keeping them: they can
    # be listed, not undone; their change counts were never known
    con.execute("UPDATE import_batches SET versioned = false")


def _to_v3(con: duckdb.DuckDBPyConnection) -> None:
    # status_history, and tickets.reassignment_count (empty for the tickets already stored:
    # their files are not read again)
    ensure_layout(con)


def _to_v4(con: duckdb.DuckDBPyConnection) -> None:
    # projects.joint_review, joint_review_date, handover_done, handover_date: empty for the
    # projects already stored (their files are not read again; importing them again fills them)
    ensure_layout(con)


def _to_v5(con: duckdb.DuckDBPyConnection) -> None:
    # projects.contract_end_date: empty for the projects already stored, whose renewal rate
    # falls back to closed_date until their files are imported again
    ensure_layout(con)


def _to_v6(con: duckdb.DuckDBPyConnection) -> None:
    # settings and settings_history: empty, every setting at its default
    ensure_layout(con)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "row versions, batch history with undo, canonical columns added", _to_v2),
    Migration(3, "status history of tickets; tickets.reassignment_count", _to_v3),
    Migration(4, "projects: joint review and handover checklist, each with its date", _to_v4),
    Migration(5, "projects: contract_end_date, when a contract comes up for renewal", _to_v5),
    Migration(6, "settings an admin changes, with their history", _to_v6),
)


def migrate(con: duckdb.DuckDBPyConnection, file: Path | None, name: str) -> int:
    """Bring the store to :data:`SCHEMA_VERSION`; the version it had.

    A new store gets the current layout directly. An older one is first checkpointed and
    copied beside itself (``<file>.schema-v<old>-<time>.bak``), then migrated step by step in
    one transaction: if a step fails, the store is left as it was.
    """
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise StoreError("store.error.newer", name=name, found=found, supported=SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    now = datetime.now().replace(microsecond=0)
    if found == 0:
        con.execute("BEGIN TRANSACTION")
        try:
            ensure_layout(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, 'created', ?, NULL)",
                        [SCHEMA_VERSION, now])
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        return found
    backup = _backup(con, file, found, now) if file is not None else None
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_MIGRATIONS_DDL)
        for step in MIGRATIONS:
            if step.version <= found:
                continue
            step.apply(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                        [step.version, step.name, now, backup.name if backup else None])
        con.execute("COMMIT")
    except BaseException as e:
        _rollback(con)
        if isinstance(e, StoreError):
            raise
        detail = explain(e, name)
        if detail.code != "store.error.other":
            raise detail from None
        raise StoreError("store.error.migration_failed", name=name, found=found,
                         target=SCHEMA_VERSION, detail=detail.message.params["detail"],
                         backup=backup.name if backup else "-") from None
    con.execute("CHECKPOINT")
    return found


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back, if there is still something to roll back (a failed COMMIT, say on a full
    disk, has already ended the transaction)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _backup(con: duckdb.DuckDBPyConnection, file: Path, version: int, now: datetime) -> Path:
    """Copy the store file beside itself before migrating (checkpointed first, so the file
    alone is complete)."""
    con.execute("CHECKPOINT")
    target = file.with_name(f"{file.name}.schema-v{version}-{now:%Y%m%d-%H%M%S}.bak")
    try:
        shutil.copyfile(file, target)
    except OSError as e:
        target.unlink(missing_ok=True)
        raise explain(e, file.name) from None
    return target


# -- writing: one writer at a time ------------------------------------------------------------

_WRITE_LOCK = threading.RLock()


@contextmanager
def writer() -> Iterator[None]:
    """Hold the process's write lock: imports and undos on a store shared by threads (the
    app's sessions and its inbox) run one at a time, so their transactions never conflict."""
    with _WRITE_LOCK:
        yield


# -- batches and row versions -----------------------------------------------------------------


#: Tables whose rows are told apart by a scope column as well as their key: a ticket is its
#: id within its project (ticket numbers repeat across projects; see ingest).
SCOPES: dict[str, str] = {"tickets": "project_id"}


def key_columns(table: Table) -> tuple[str, ...]:
    """The columns identifying a row of ``table``: its scope (if any), then its key."""
    scope = SCOPES.get(table.name)
    return (scope, table.key) if scope else (table.key,)


def _match(a: str, b: str, keys: tuple[str, ...]) -> str:
    return " AND ".join(f'{a}."{k}" IS NOT DISTINCT FROM {b}."{k}"' for k in keys)


def _content_columns(con: duckdb.DuckDBPyConnection, table: Table) -> list[str]:
    """Columns that make a version's content: the canonical ones present plus ``extra``."""
    have = _existing_columns(con, table.name)
    return [c.name for c in table.columns if c.name in have] + ["extra"]


def _outranks(a: str, b: str, table: Table) -> str:
    """SQL: version ``a`` outranks version ``b`` by the table's version columns alone (update
    time, then modification count; a value beats no value). False when they tie."""
    expr = "false"
    for v in reversed(table.version_columns):
        if v not in table.column_names:
            continue
        x, y = f'{a}."{v}"', f'{b}."{v}"'
        expr = (f"CASE WHEN {x} IS NOT DISTINCT FROM {y} THEN {expr} WHEN {y} IS NULL THEN true "
                f"WHEN {x} IS NULL THEN false ELSE {x} > {y} END")
    return expr


def _rank_order(table: Table, batch: str = "batch_id") -> str:
    parts = [f'"{v}" DESC NULLS LAST' for v in table.version_columns if v in table.column_names]
    return ", ".join([*parts, f"{batch} DESC"])


def new_batch(cur: duckdb.DuckDBPyConnection, **fields: object) -> int:
    """Record a batch (columns of import_batches by name) and return its id."""
    batch_id = one(cur.execute("SELECT nextval('batch_seq')"))[0]
    values = {"batch_id": batch_id, "versioned": True,
              "imported_at": datetime.now().replace(microsecond=0), **fields}
    names = ", ".join(values)
    cur.execute(f"INSERT INTO import_batches ({names}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()))
    return int(batch_id)


@dataclass(frozen=True)
class Changes:
    """What one batch did to the current rows of its table."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    stale: int = 0


def write_versions(cur: duckdb.DuckDBPyConnection, table_name: str, batch_id: int,
                   rows_sql: str, *, record: bool = True) -> Changes:
    """Write one batch's rows (``rows_sql``: a SELECT yielding the table's columns, ``extra``
    and ``source_row``, one row per key) as versions, inside the caller's transaction.

    Per key: a new id is added; a version identical to the current one is recorded as a
    repeat; a version that outranks the current one replaces it (the old one moves to
    history); a version the current one outranks goes to history, so the store keeps its
    newer data. Counts go to the batch's row in import_batches (unless ``record`` is False:
    rows a batch writes into a second table, such as the surveys inside a ticket export).

    A ticket naming its project also takes the place of the stored ticket of the same id that
    names none (the project has become known); undoing the batch brings that one back.
    """
    table = TABLES[table_name]
    keys = key_columns(table)
    hist, reps = f"{table_name}_history", f"{table_name}_repeats"
    content = _content_columns(cur, table)
    same = " AND ".join(
        f'CAST(i."{c}" AS VARCHAR) IS NOT DISTINCT FROM CAST(c."{c}" AS VARCHAR)' if c == "extra"
        else f'i."{c}" IS NOT DISTINCT FROM c."{c}"' for c in content)
    key_list = ", ".join(f'i."{k}"' for k in keys)
    # full width: a column the file does not map is NULL, as it will be in the table
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT * FROM {table_name} WHERE false")
    cur.execute(f"INSERT INTO _incoming BY NAME SELECT *, {int(batch_id)} AS batch_id FROM ({rows_sql})")
    # the incoming ids the store already holds, and what the incoming version is to them
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE _clash AS SELECT {key_list}, c.batch_id AS of_batch, "
        f"i.source_row, CASE WHEN {same} THEN 'unchanged' WHEN {_outranks('c', 'i', table)} "
        f"THEN 'stale' ELSE 'changed' END AS change, NULL::VARCHAR AS was_scope "
        f"FROM _incoming i JOIN {table_name} c ON {_match('i', 'c', keys)}")
    scope = SCOPES.get(table_name)
    if scope:  # a stored row without scope that an incoming one with a scope now names
        cur.execute(
            f"INSERT INTO _clash SELECT {key_list}, c.batch_id, i.source_row, "
            f"CASE WHEN {_outranks('c', 'i', table)} THEN 'stale' ELSE 'changed' END, 'none' "
            f"FROM _incoming i JOIN {table_name} c ON c.\"{table.key}\" = i.\"{table.key}\" "
            f"AND c.\"{scope}\" IS NULL AND i.\"{scope}\" IS NOT NULL "
            f"ANTI JOIN _clash k ON {_match('i', 'k', keys)} "
            # several projects' tickets of that id: the file's first takes its place
            f"QUALIFY row_number() OVER (PARTITION BY c.\"{table.key}\" ORDER BY i.source_row) = 1")
    total, = one(cur.execute("SELECT count(*) FROM _incoming"))
    counts = dict(cur.execute("SELECT change, count(*) FROM _clash GROUP BY 1").fetchall())

    def where(*changes: str) -> str:
        return f"(SELECT * FROM _clash WHERE change IN ({', '.join(repr(c) for c in changes)}))"

    if counts.get("changed"):  # the replaced versions move to history
        # one statement per kind of match, so each is a hash join (an OR of both is not)
        matches = [("was_scope IS NULL", _match(table_name, "k", keys))]
        if scope:
            matches.append(("was_scope = 'none'", f'{table_name}."{table.key}" = k."{table.key}" '
                                                   f'AND {table_name}."{scope}" IS NULL'))
        for which, stored in matches:
            replaced = f"(SELECT * FROM _clash WHERE change = 'changed' AND {which})"
            cur.execute(f"INSERT INTO {hist} BY NAME SELECT {table_name}.*, {int(batch_id)} AS "
                        f"replaced_by FROM {table_name} SEMI JOIN {replaced} k ON {stored}")
            cur.execute(f"DELETE FROM {table_name} USING {replaced} k WHERE {stored}")
    if counts.get("unchanged") or counts.get("stale"):
        cur.execute(f"INSERT INTO {table_name} BY NAME SELECT i.* FROM _incoming i "
                    f"ANTI JOIN {where('unchanged', 'stale')} k ON {_match('i', 'k', keys)}")
    else:
        cur.execute(f"INSERT INTO {table_name} BY NAME SELECT * FROM _incoming")
    if counts.get("stale"):  # older than what the store holds: kept, not current
        cur.execute(f"INSERT INTO {hist} BY NAME SELECT i.* FROM _incoming i "
                    f"SEMI JOIN {where('stale')} k ON {_match('i', 'k', keys)}")
    if counts.get("unchanged"):
        key_names = ", ".join(f'"{k}"' for k in keys)
        cur.execute(f"INSERT INTO {reps} BY NAME SELECT {batch_id} AS batch_id, of_batch, "
                    f"source_row, {key_names} FROM {where('unchanged')}")
    changes = Changes(added=total - sum(counts.values()), changed=counts.get("changed", 0),
                      unchanged=counts.get("unchanged", 0), stale=counts.get("stale", 0))
    if record:
        cur.execute("UPDATE import_batches SET rows_added = ?, rows_changed = ?, rows_unchanged = ?, "
                    "rows_stale = ? WHERE batch_id = ?",
                    [changes.added, changes.changed, changes.unchanged, changes.stale, batch_id])
    cur.execute("DROP TABLE _incoming")
    cur.execute("DROP TABLE _clash")
    return changes


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, *, by: str | None = None) -> dict:
    """Take batch ``batch_id`` back: its versions leave the store and, for every id it had
    made current, the version that was current before it (or that would be, had the batch never
    been imported) is current again. The batch stays listed, marked undone.

    Raises :class:`StoreError` for a batch that does not exist, is already undone, or was
    imported before the store kept versions. Returns the batch's row as a dict.
    """
    with writer():
        cur = con.cursor()
        found = cur.execute("SELECT * FROM import_batches WHERE batch_id = ?", [batch_id]).df()
        if found.empty:
            raise StoreError("store.error.no_batch", batch=batch_id)
        row = found.iloc[0].to_dict()
        if row.get("undone_at") is not None and row["undone_at"] == row["undone_at"]:
            raise StoreError("store.error.already_undone", batch=batch_id)
        if not row.get("versioned"):
            raise StoreError("store.error.not_versioned", batch=batch_id)
        cur.execute("BEGIN TRANSACTION")
        try:
            for table in TABLES.values():  # a ticket batch may hold surveys too
                _undo_rows(cur, table, batch_id)
            forget_batch(cur, batch_id)  # and its steps of the status history
            cur.execute("UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE batch_id = ?",
                        [datetime.now().replace(microsecond=0), by, batch_id])
            cur.execute("COMMIT")
        except BaseException:
            _rollback(cur)
            raise
        finally:
            for t in ("_touched", "_heirs", "_ranked"):
                cur.execute(f"DROP TABLE IF EXISTS {t}")
    return row


def _undo_rows(cur: duckdb.DuckDBPyConnection, table: Table, batch_id: int) -> None:
    keys = key_columns(table)
    name, hist, reps = table.name, f"{table.name}_history", f"{table.name}_repeats"
    cols = ", ".join(f'"{k}"' for k in keys)
    b = int(batch_id)
    # every id the batch said something about, or whose version it replaced
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT {cols} FROM ("
                f"SELECT {cols} FROM {name} WHERE batch_id = {b} UNION ALL "
                f"SELECT {cols} FROM {hist} WHERE batch_id = {b} OR replaced_by = {b} UNION ALL "
                f"SELECT {cols} FROM {reps} WHERE batch_id = {b})")
    if not one(cur.execute("SELECT count(*) FROM _touched"))[0]:
        return
    cur.execute(f"UPDATE {hist} SET replaced_by = NULL WHERE replaced_by = {b}")
    # the batch no longer repeats anything
    cur.execute(f"DELETE FROM {reps} WHERE batch_id = {b}")
    # a version the batch brought first and a later batch repeated stays, now owned by the
    # earliest of those later batches (with that batch's source row)
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _heirs AS SELECT {cols}, min(batch_id) AS heir, "
                f"arg_min(source_row, batch_id) AS source_row FROM {reps} WHERE of_batch = {b} "
                f"GROUP BY ALL")
    for target in (name, hist):
        cur.execute(f"UPDATE {target} SET batch_id = h.heir, source_row = h.source_row "
                    f"FROM _heirs h WHERE {target}.batch_id = {b} AND {_match(target, 'h', keys)}")
    cur.execute(f"DELETE FROM {reps} USING _heirs h WHERE {reps}.of_batch = {b} AND "
                f"{reps}.batch_id = h.heir AND {_match(reps, 'h', keys)}")
    cur.execute(f"UPDATE {reps} SET of_batch = h.heir FROM _heirs h "
                f"WHERE {reps}.of_batch = {b} AND {_match(reps, 'h', keys)}")
    # what only this batch said goes
    cur.execute(f"DELETE FROM {name} WHERE batch_id = {b}")
    cur.execute(f"DELETE FROM {hist} WHERE batch_id = {b}")
    _settle(cur, table)


def _settle(cur: duckdb.DuckDBPyConnection, table: Table) -> None:
    """For every id in ``_touched``, make the best remaining version the current one.

    Versions are ranked as on import (update time, modification count, then batch), a
    version counting as recent as the latest batch that repeated it.
    """
    keys = key_columns(table)
    name, hist, reps = table.name, f"{table.name}_history", f"{table.name}_repeats"
    cols = ", ".join(f'"{k}"' for k in keys)
    versions = ", ".join(f'"{v}"' for v in table.version_columns if v in table.column_names)
    picked = f"{cols}, batch_id" + (f", {versions}" if versions else "")
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE _ranked AS SELECT {cols}, batch_id, place, "
        f"row_number() OVER (PARTITION BY {cols} ORDER BY {_rank_order(table, 'said')}) AS rank "
        f"FROM (SELECT v.*, greatest(v.batch_id, coalesce(r.latest, v.batch_id)) AS said FROM ("
        f"  SELECT {picked}, 'current' AS place FROM {name} SEMI JOIN _touched t ON {_match(name, 't', keys)}"
        f"  UNION ALL"
        f"  SELECT {picked}, 'history' AS place FROM {hist} SEMI JOIN _touched t ON {_match(hist, 't', keys)}"
        f") v LEFT JOIN (SELECT {cols}, of_batch, max(batch_id) AS latest FROM {reps} GROUP BY ALL) r"
        f"  ON r.of_batch = v.batch_id AND {_match('r', 'v', keys)})")
    moves = (("current", "rank > 1", name, hist, f"{name}.*"),
             ("history", "rank = 1", hist, name, f"{hist}.* EXCLUDE (replaced_by)"))
    for place, cond, source, target, columns in moves:  # demote first: one current row per id
        chosen = f"(SELECT * FROM _ranked WHERE place = '{place}' AND {cond})"
        match = f"{_match(source, 'm', keys)} AND {source}.batch_id = m.batch_id"
        cur.execute(f"INSERT INTO {target} BY NAME SELECT {columns} FROM {source} "
                    f"SEMI JOIN {chosen} m ON {match}")
        cur.execute(f"DELETE FROM {source} USING {chosen} m WHERE {match}")


def backup(con: duckdb.DuckDBPyConnection, target: str | Path) -> Path:
    """Copy the store to ``target`` while it is open: under the write lock (no import or undo
    runs meanwhile) and after a checkpoint (the file alone is then complete), written beside
    ``target`` and renamed into place, so a half-written copy never has its name."""
    target = Path(target)
    cur = con.cursor()  # the connection is shared by the app's threads
    found = one(cur.execute("SELECT path FROM duckdb_databases() "
                            "WHERE database_name = current_database()"))[0]
    if not found:
        raise StoreError("store.error.other", name=target.name, detail="an in-memory store")
    source = Path(found)
    partial = target.with_name(f".{target.name}.partial")
    with writer():
        cur.execute("CHECKPOINT")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, partial)
            partial.replace(target)
        except OSError as e:
            partial.unlink(missing_ok=True)
            raise explain(e, target.name) from None
    return target


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A value that changes whenever an import lands, a batch is undone or a setting is
    saved; cache keys include it."""
    n, last, undone = one(con.cursor().execute(
        "SELECT count(*), coalesce(max(batch_id), 0), count(undone_at) FROM import_batches"))
    return f"{n}:{last}:{undone}:{settings_version(con)}"


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    cur = con.cursor()
    return {t: one(cur.execute(f"SELECT count(*) FROM {t}"))[0] for t in TABLES}


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return sum(table_counts(con).values()) == 0


def holds_only(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """Whether every row the store holds came from the one file with this sha256 (the shipped
    demo workbook, say): it has rows, and no batch still in force came from another file."""
    if is_empty(con):
        return False
    ours, others = one(con.cursor().execute(
        "SELECT count(*) FILTER (sha256 = ?), count(*) FILTER (sha256 IS DISTINCT FROM ?) "
        "FROM import_batches WHERE undone_at IS NULL AND coalesce(rows_imported, 0) > 0",
        [sha256, sha256]))
    return ours > 0 and others == 0


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
