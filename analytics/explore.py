"""Ad-hoc exploration of any uploaded spreadsheet: load, profile, chart, pivot, read-only SQL.

Everything here is importable without Streamlit; ``pages/explore.py`` only draws. Two concerns
shape the module:

* **Untrusted SQL.** :func:`run_sql` runs user SQL on a fresh in-memory DuckDB connection per
  call whose configuration is fixed before the user's text is seen: external access off (no
  server files, URLs, extension downloads), extension auto-install/auto-load off, Python
  replacement scans off (SQL cannot reach variables of the running process), a memory limit, and
  then ``lock_configuration`` so nothing can be switched back. On top of that only one SELECT-type
  statement is accepted (checked with DuckDB's own parser, not regexes), a few information /
  file functions are refused by name from DuckDB's own syntax tree, a watchdog interrupts the
  query after the time limit, and at most ``row_limit`` rows come back.
  The portfolio store is exposed the same way: the caller reads its tables into DataFrames
  (:func:`portfolio_tables`) and passes them in, so the sandbox never
  opens a database file and a query can never write to the store.

* **Untrusted files.** :func:`load_upload` checks the upload cap and the file type, then reads
  through ``analytics.readers``, shared with the portfolio import: its ``analytics.filecheck``
  refuses password-protected files, zip bombs (the real inflated size, not the size the zip
  headers claim) and oversized worksheet used ranges *before* any parser sees the bytes. This
  module maps those refusals (``ReadError.code``) to translated messages, and adds a cell cap
  for text files, whose every cell it holds in memory.

Errors meant for users are :class:`ExploreError` subclasses carrying a translation key, so the
page can show them in the user's language; ``str(error)`` is the English text.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Protocol

import duckdb
import numpy as np
import pandas as pd

from . import filecheck, readers, workers
from .messages import Message, render
from .i18n import t
from .ingest import clean_headers, find_header_row
from .schema import TABLES
from .settings import SETTINGS, Settings

log = logging.getLogger(__name__)

# ----------------------------------------------------------------------------- errors


class ExploreError(Exception):
    """An error with a message fit for a user, in any language (``message(lang)``): a
    translation key and its parameters, rendered the one way every message is
    (:func:`analytics.messages.render`)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(render(key, params, "en"))

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from key and parameters: a refusal raised in a worker process crosses back
        return (_rebuild_error, (type(self), self.key, self.params))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (the page calls this with the session language)."""
        return render(self.key, self.params, lang)


def _rebuild_error(cls: type[ExploreError], key: str, params: dict[str, Any]) -> ExploreError:
    return cls(key, **params)


# A translatable fragment used as a parameter of another message.
_Text = Message


class QueryRefused(ExploreError):
    """The SQL box refused or could not run a query; the message says why."""


class UploadRefused(ExploreError):
    """An uploaded file cannot be explored; the message names the file and the reason."""


class ChartRefused(ExploreError):
    """A chart or pivot request does not fit the data (unknown column, text summed, …)."""


# ----------------------------------------------------------------------------- limits

#: Extensions the Explore page reads; others (xlsb, ods) are not offered because their sheets
#: cannot be pre-checked for oversized ranges before parsing.
UPLOAD_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")

#: Table names the portfolio tables use in the SQL box; uploads never take them.
PORTFOLIO_TABLES: tuple[str, ...] = tuple(TABLES)


def _fatal(exc: BaseException) -> bool:
    """Exceptions that must never be swallowed (Ctrl-C, interpreter exit)."""
    return isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


# ============================================================================= SQL sandbox

_ST = duckdb.StatementType
#: Why each non-SELECT statement type is refused (names, so older DuckDB versions without a
#: type simply skip it; an unlisted type is still refused, with its own name as the reason).
_STATEMENT_KIND: dict[Any, str] = {
    getattr(_ST, name): kind
    for kind, names in {
        "write": ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "CREATE_FUNC", "VACUUM",
                  "ANALYZE", "MERGE_INTO"),
        "copy": ("COPY", "EXPORT", "COPY_DATABASE"),
        "attach": ("ATTACH", "DETACH"),
        "extension": ("LOAD", "EXTENSION"),
        "settings": ("SET", "VARIABLE_SET", "PRAGMA"),
        "call": ("CALL", "EXPLAIN", "PREPARE", "EXECUTE", "LOGICAL_PLAN", "RELATION"),
        "transaction": ("TRANSACTION",),
        "multi": ("MULTI",),
    }.items()
    for name in names
    if hasattr(_ST, name)
}

#: Functions refused by name even though external access is off: they read files or URLs
#: (refused earlier with a clearer message), run SQL text the checks below never saw (query),
#: or reveal server settings and paths (current_setting, duckdb_settings …).
_DENIED_FUNCTIONS = frozenset({
    "glob", "sniff_csv", "query", "query_table", "current_setting", "getenv", "getvariable",
    "duckdb_settings", "duckdb_extensions", "duckdb_secrets", "which_secret", "duckdb_databases",
    "duckdb_temporary_files", "duckdb_memory", "duckdb_external_file_cache", "duckdb_logs",
    "duckdb_log_contexts", "checkpoint", "force_checkpoint", "load_extension", "enable_logging",
    "disable_logging", "truncate_duckdb_logs",
})
#: Catalog views that list server settings (and with them directory paths).
_DENIED_TABLES = frozenset({"pg_settings"})
_FILE_FUNCTION_PREFIXES = ("read_", "parquet_", "iceberg_", "delta_", "sqlite_", "postgres_", "mysql_")
_DENIED_PREFIXES = ("pragma_",)


def _sandbox_config(memory_limit: str, temp_directory: str | None = None,
                    temp_limit: str | None = None) -> dict[str, Any]:
    """Connection settings fixed before any user text runs (then locked)."""
    config = {
        "enable_external_access": "false",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
        "python_enable_replacements": "false",
        "memory_limit": memory_limit,
    }
    if temp_directory is not None:
        # DuckDB lets a query read its own spill directory even with external access off, so
        # each worker spills into a directory no other query shares
        config["temp_directory"] = temp_directory
    if temp_limit is not None:
        config["max_temp_directory_size"] = temp_limit
    return config


def _single_statement(sql: str) -> str:
    """The text of the one read-only statement in ``sql``; anything else is refused."""
    if not isinstance(sql, str) or not sql.strip():
        raise QueryRefused("explore.sql.empty")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryRefused("explore.sql.error", detail=_first_line(e)) from None
    except Exception as e:  # noqa: BLE001 - the parser is handed arbitrary text
        raise QueryRefused("explore.sql.error", detail=_first_line(e)) from None
    if not statements:
        raise QueryRefused("explore.sql.empty")
    if len(statements) > 1:
        raise QueryRefused("explore.sql.multiple", count=len(statements))
    statement = statements[0]
    if statement.type != _ST.SELECT:
        kind = _STATEMENT_KIND.get(statement.type)
        label = _Text(f"explore.sql.kind.{kind}") if kind else _Text(
            "explore.sql.kind.other", {"type": statement.type.name})
        raise QueryRefused("explore.sql.not_read_only", kind=label)
    return statement.query


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _names_in_tree(tree: Any) -> tuple[set[str], set[str]]:
    """Function names and base-table names anywhere in DuckDB's JSON syntax tree.

    Walked with an explicit stack, not recursion: a statement nested a few hundred calls deep
    must be checked like any other, not escape the check with a RecursionError.
    """
    names: set[str] = set()
    tables: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = node.get("function_name")
            if isinstance(name, str):
                names.add(name.lower())
            if node.get("type") == "BASE_TABLE" and isinstance(node.get("table_name"), str):
                tables.add(node["table_name"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return names, tables


#: Keywords after which a string literal is read as a file (``FROM 'data.csv'``).
_TABLE_KEYWORDS = frozenset({"from", "join", "pivot", "unpivot", "describe", "summarize", "show",
                             "table", "using"})


def _names_in_tokens(statement: str) -> tuple[set[str], set[str]]:
    """Function names (an identifier or keyword followed by ``(``) and the names and string
    literals that follow FROM / JOIN / PIVOT …, from DuckDB's own tokenizer.

    For statements the syntax-tree serialiser cannot express (PIVOT, SHOW, DESCRIBE,
    SUMMARIZE): they are checked too, only from their tokens. A string literal in a table
    position comes back quoted, so the file check below refuses it.
    """
    tokens = duckdb.tokenize(statement)
    texts = []
    for i, (start, kind) in enumerate(tokens):
        end = tokens[i + 1][0] if i + 1 < len(tokens) else len(statement)
        texts.append((statement[start:end].strip(), kind))
    names: set[str] = set()
    tables: set[str] = set()
    for i, (text, kind) in enumerate(texts):
        following = texts[i + 1][0] if i + 1 < len(texts) else ""
        previous = texts[i - 1][0].lower() if i else ""
        word = text.strip('"').lower()
        if kind in (duckdb.token_type.identifier, duckdb.token_type.keyword) and following.startswith("("):
            names.add(word)
        elif kind == duckdb.token_type.identifier and previous in _TABLE_KEYWORDS:
            tables.add(text.strip('"'))
        elif kind == duckdb.token_type.string_const and previous in _TABLE_KEYWORDS:
            tables.add("'" + text.strip("'") + "'")
    return names, tables


def _check_syntax_tree(con: duckdb.DuckDBPyConnection, statement: str, known: set[str]) -> None:
    """Refuse file readers and a few information functions by name, from DuckDB's own parse.

    This is a second layer: with external access off the reads fail anyway, but a named refusal
    is clearer, and the check does not depend on a configuration flag. Statements DuckDB cannot
    serialise (PIVOT, SHOW …) are checked from their tokens instead. The check fails closed:
    if it cannot finish, for whatever reason, the query is refused.
    """
    try:
        _check_names(con, statement, known)
    except QueryRefused:
        raise
    except RecursionError:
        raise QueryRefused("explore.sql.too_complex") from None
    except BaseException as e:  # noqa: BLE001 - fail closed: a check that fails refuses
        if _fatal(e):
            raise
        log.warning("SQL check failed; query refused", exc_info=True)
        raise QueryRefused("explore.sql.check_failed") from None


def _check_names(con: duckdb.DuckDBPyConnection, statement: str, known: set[str]) -> None:
    try:
        raw = con.execute("SELECT json_serialize_sql(?)", [statement]).fetchall()[0][0]
    except duckdb.Error as e:
        raise QueryRefused("explore.sql.error", detail=_first_line(e)) from None
    tree = json.loads(raw)
    if isinstance(tree, dict) and not tree.get("error"):
        names, tables = _names_in_tree(tree.get("statements", []))
    else:
        names, tables = _names_in_tokens(statement)
    for name in sorted(names):
        if name.startswith(_FILE_FUNCTION_PREFIXES) or name.endswith("_scan") or name == "glob" \
                or name == "sniff_csv":
            raise QueryRefused("explore.sql.external", what=f"{name}()")
        if name in _DENIED_FUNCTIONS or name.startswith(_DENIED_PREFIXES):
            raise QueryRefused("explore.sql.denied_function", name=name)
    lowered = {k.lower() for k in known}
    for table in sorted(tables):
        if table.lower() in lowered:
            continue
        if table.lower() in _DENIED_TABLES:
            raise QueryRefused("explore.sql.denied_table", name=table)
        if re.search(r"[/\\:.']", table):
            raise QueryRefused("explore.sql.external", what=table)


def _open_sandbox(tables: Mapping[str, pd.DataFrame], memory_limit: str | None = None, *,
                  temp_directory: str | None = None,
                  temp_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    config = _sandbox_config(memory_limit or SETTINGS.sql_memory_limit, temp_directory, temp_limit)
    con = duckdb.connect(":memory:", config=config)
    try:
        for name, frame in tables.items():
            con.register(str(name), frame)
        con.execute("SET enable_progress_bar = false")  # it would print to the server's terminal
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


#: Rows fetched at a time while the result's size is counted against its byte limit.
RESULT_BATCH_ROWS = 64


def run_sql(
    tables: Mapping[str, pd.DataFrame],
    sql: str,
    *,
    row_limit: int = 10_000,
    timeout_s: float = 10.0,
    memory_limit: str | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Run one read-only query over ``tables`` and return at most ``row_limit`` rows.

    ``tables`` maps SQL table names to DataFrames (uploads and, if the caller wants, the
    portfolio tables from :func:`portfolio_tables`). The query runs in a worker process of its
    own (``analytics.workers``) under an address-space limit, a CPU limit, a temp-size cap and
    a result-size cap, and is ended (SIGKILL) when ``timeout_s`` passes; inside it the
    connection is new, locked and without external access, so nothing a query does can outlive
    it, be seen by another session or reach the server process. Raises :class:`QueryRefused`
    for anything refused or failing; never another exception.
    When rows were cut, ``df.attrs["truncated"]`` is True and ``df.attrs["row_limit"]`` the cap
    (:func:`result_notice` gives the message). ``memory_limit`` (DuckDB's own, for its
    buffer-managed operators) defaults to the setting ``sql_memory_limit``.
    """
    settings = settings or SETTINGS
    if not (isinstance(row_limit, int) and row_limit > 0) or not (timeout_s > 0):
        raise QueryRefused("explore.sql.bad_limit")
    if not isinstance(sql, str) or not sql.strip():
        raise QueryRefused("explore.sql.empty")
    limits = workers.Limits.for_sql(float(timeout_s), settings)
    try:
        df = workers.run(_run_sql_here, dict(tables), sql, row_limit,
                         memory_limit or settings.sql_memory_limit, limits, limits=limits,
                         settings=settings)
    except QueryRefused:
        raise
    except workers.WorkerFailed as e:
        if e.reason == "time":
            raise QueryRefused("explore.sql.timeout", seconds=timeout_s) from None
        raise QueryRefused(e.key("sql"), **e.params()) from None
    except BaseException as e:  # noqa: BLE001 - whatever the worker raised, one sentence
        if _fatal(e):
            raise
        raise QueryRefused("explore.sql.error", detail=_first_line(e)) from None
    return df


def _run_sql_here(tables: dict[str, pd.DataFrame], sql: str, row_limit: int, memory_limit: str,
                  limits: workers.Limits) -> pd.DataFrame:
    """The query, in this (worker) process: parse, check, run, fetch under the byte cap."""
    import os
    import sys

    import pyarrow as pa

    sys.setrecursionlimit(20_000)  # deep statements are checked, not refused for their depth
    statement = _single_statement(sql)
    spill = os.path.join(os.getcwd(), "spill")
    # DuckDB's own cap below the worker's, so a large sort fails with DuckDB's message first
    spill_mb = spill_cap_mb(limits)
    temp_limit = f"{spill_mb}MB"
    try:
        con = _open_sandbox(tables, memory_limit, temp_directory=spill, temp_limit=temp_limit)
    except Exception as e:  # noqa: BLE001 - e.g. a DataFrame DuckDB cannot scan
        raise QueryRefused("explore.sql.error", detail=_first_line(e)) from None
    try:
        _check_syntax_tree(con, statement, set(tables))
        cap = limits.result_mb * workers.MB
        try:
            reader = con.sql(statement).limit(row_limit + 1).fetch_arrow_reader(RESULT_BATCH_ROWS)
            batches, size = [], 0
            for batch in reader:
                size += batch.nbytes
                if size > cap:
                    raise QueryRefused("worker.sql.result", limit=workers.size_text(limits.result_mb))
                batches.append(batch)
            # back through DuckDB, so the frame has the types DuckDB's own .df() gives
            df = con.from_arrow(pa.Table.from_batches(batches, schema=reader.schema)).df()
        except QueryRefused:
            raise
        except BaseException as e:  # noqa: BLE001
            raise _as_refusal(e, limits, spill_mb) from None
    finally:
        con.close()
    truncated = len(df) > row_limit
    if truncated:
        df = df.iloc[:row_limit].copy()
    df.attrs["truncated"] = truncated
    df.attrs["row_limit"] = row_limit
    return df


def spill_cap_mb(limits: workers.Limits) -> int:
    """DuckDB's cap on a query's spill files (max_temp_directory_size), in MB: three quarters
    of the worker's temp-size cap, so DuckDB refuses the query before the watchdog, which
    measures the whole directory, has to kill the worker."""
    return max(1, limits.temp_mb * 3 // 4)


def _as_refusal(exc: BaseException, limits: workers.Limits, spill_mb: int) -> BaseException:
    """The user-facing refusal for an error DuckDB (or pandas conversion) raised."""
    if _fatal(exc):
        return exc
    # DuckDB reports a full spill directory as "Out of Memory" too; its text names the
    # setting on a later line. The sentence quotes the cap that stopped the query.
    if "max_temp_directory_size" in str(exc):
        return QueryRefused("worker.sql.temp", limit=workers.size_text(spill_mb))
    if isinstance(exc, duckdb.InterruptException):
        return QueryRefused("explore.sql.timeout", seconds=limits.wall_s)
    if isinstance(exc, duckdb.PermissionException):
        return QueryRefused("explore.sql.external", what=_first_line(exc).split(" - ")[0])
    if isinstance(exc, (duckdb.OutOfMemoryException, MemoryError)):
        return QueryRefused("worker.sql.memory", limit=workers.size_text(limits.memory_mb))
    text = _first_line(exc)
    if text.startswith("Out of Memory"):
        return QueryRefused("worker.sql.memory", limit=workers.size_text(limits.memory_mb))
    if "temp directory" in text.lower():
        return QueryRefused("worker.sql.temp", limit=workers.size_text(spill_mb))
    return QueryRefused("explore.sql.error", detail=text)


def result_notice(df: pd.DataFrame, lang: str) -> str | None:
    """The message to show under a result whose rows were cut at the row limit, else None."""
    if df.attrs.get("truncated"):
        return t("explore.sql.truncated", lang, limit=df.attrs.get("row_limit", len(df)))
    return None


def portfolio_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The canonical portfolio tables as DataFrames, for the SQL box.

    Why copies rather than attaching the store: the sandbox then never opens a database file
    (external access stays off) and no query can write to the store, whatever it does.
    Only three fixed ``SELECT *`` statements run here, so any connection to the store will do:
    the page passes the session's own (through ``ui.query``).
    """
    cur = con.cursor()
    try:
        return {name: cur.execute(f'SELECT * FROM "{name}"').df() for name in PORTFOLIO_TABLES}
    finally:
        cur.close()


# ============================================================================= uploads


class UploadedFileLike(Protocol):
    """What ``st.file_uploader`` returns, reduced to what :func:`sync_uploads` needs."""

    file_id: str
    name: str

    def getvalue(self) -> bytes: ...


def table_identifier(*parts: str) -> str:
    """A readable SQL identifier from a file name (and a sheet name): ``sales_2025__sheet1``.

    Letters of any script are kept (Chinese file names stay readable in SQL); everything else
    becomes ``_``; parts are joined with a double underscore; a leading digit or a reserved
    word gets a prefix or suffix so the name works unquoted.
    """
    cleaned = []
    for part in parts:
        text = re.sub(r"[\W_]+", "_", str(part).strip().lower(), flags=re.UNICODE).strip("_")
        cleaned.append(text[:40] or "table")
    name = "__".join(cleaned)
    if name[0].isdigit():
        name = "t_" + name
    if name in _reserved_words():
        name += "_t"
    return name


@lru_cache(maxsize=1)
def _reserved_words() -> frozenset[str]:
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": "false",
                                             "autoload_known_extensions": "false"})
    try:
        rows = con.execute(
            "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'"
        ).fetchall()
    finally:
        con.close()
    return frozenset(r[0].lower() for r in rows)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name}_{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def load_upload(
    name: str,
    data: bytes,
    *,
    taken: Iterable[str] = (),
    settings: Settings | None = None,
) -> dict[str, pd.DataFrame]:
    """Every non-empty sheet of a workbook (or the one table of a text file) as typed tables.

    Table names come from :func:`table_identifier` and avoid ``taken`` (names already in the
    session) and the portfolio table names. Each frame's ``attrs`` records ``file``, ``sheet``
    and the 1-based ``header_row``. Raises :class:`UploadRefused` — never anything else — for
    files too big, of another type, password-protected, damaged, zip bombs, or empty, and for
    files whose parsing hit a limit of the worker process it runs in (memory, time, temp
    space, result size): the file is parsed there, never in the server process.
    """
    settings = settings or SETTINGS
    file_name = PurePath(str(name)).name or "upload"
    data = bytes(data)
    _precheck(file_name, data, settings)
    try:
        return workers.run(_load_upload_here, file_name, data, {x.lower() for x in taken}, settings,
                           limits=workers.Limits.for_files(settings), settings=settings)
    except UploadRefused:
        raise
    except workers.WorkerFailed as e:
        log.warning("upload %r stopped in its worker: %s", file_name, e)
        raise UploadRefused(e.key("file"), file=file_name, **e.params()) from None
    except BaseException as e:  # noqa: BLE001 - parsers of hostile bytes fail in many ways
        if _fatal(e):
            raise
        log.warning("upload %r could not be read: %r", file_name, e)
        raise UploadRefused("explore.upload.corrupt", file=file_name) from None


def _precheck(file_name: str, data: bytes, settings: Settings) -> None:
    """What needs no parsing: the type, the size, emptiness (before a worker is started)."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused("explore.upload.type", file=file_name)
    cap = settings.upload_cap_mb
    if len(data) > cap * 1024 * 1024:
        raise UploadRefused("explore.upload.too_big", file=file_name, size=len(data) / 1024 / 1024, cap=cap)
    if not data:
        raise UploadRefused("explore.upload.empty_file", file=file_name)


def _load_upload_here(file_name: str, data: bytes, taken: set[str],
                      settings: Settings) -> dict[str, pd.DataFrame]:
    """:func:`load_upload`'s parsing, in this (worker) process; refusals as UploadRefused."""
    try:
        return _load_upload(file_name, data, taken, settings)
    except UploadRefused:
        raise
    except MemoryError:
        raise UploadRefused("worker.file.memory", file=file_name,
                            limit=workers.size_text(settings.worker_memory_mb)) from None
    except BaseException as e:  # noqa: BLE001 - parsers of hostile bytes fail in many ways
        if _fatal(e):
            raise
        # the user gets one sentence; whoever runs the server gets the details
        log.warning("upload %r could not be read", file_name, exc_info=True)
        raise UploadRefused("explore.upload.corrupt", file=file_name) from None


def _load_upload(file_name: str, data: bytes, taken: set[str], settings: Settings) -> dict[str, pd.DataFrame]:
    _precheck(file_name, data, settings)
    suffix = PurePath(file_name).suffix.lower()
    grids = _read_grids(file_name, data, suffix, settings)

    taken = taken | {n.lower() for n in PORTFOLIO_TABLES}
    stem = PurePath(file_name).stem
    out: dict[str, pd.DataFrame] = {}
    for grid in grids:
        frame = grid_to_frame(grid)
        if frame is None:
            continue
        parts = (stem, grid.sheet) if grid.sheet is not None else (stem,)
        out[_unique(table_identifier(*parts), taken)] = frame
    if not out:
        raise UploadRefused("explore.upload.no_data", file=file_name)
    return out


# --- reading and typing ---------------------------------------------------------------------


def _read_grids(file_name: str, data: bytes, suffix: str, settings: Settings) -> list[readers.Grid]:
    """The shared readers' grids; their refusals become upload refusals in the user's language.

    Every cell of an upload is kept in memory as a typed value, so text files get a cell cap
    and a column cap too, and the parsed size is checked again for workbooks whose used range
    cannot be scanned before parsing.
    """
    max_cells = settings.max_workbook_cells
    try:
        if suffix in filecheck.TEXT_SUFFIXES:
            filecheck.check_text_cells(file_name, data, max_cells, max_columns=settings.max_columns)
        grids = readers.read_bytes(data, file_name, max_cells=max_cells,
                                   sparse_cells=settings.max_sparse_cells)
    except readers.ReadError as e:
        raise _upload_refusal(e, file_name) from None
    cells = sum(g.cells.shape[0] * g.cells.shape[1] for g in grids)
    if cells > max_cells:
        raise UploadRefused("explore.upload.too_many_cells", file=file_name, where=file_name,
                            cells=cells, limit=max_cells)
    return grids


def _upload_refusal(error: readers.ReadError, file_name: str) -> UploadRefused:
    key, params = readers.refusal(error, file_name)
    return UploadRefused(key, **params)


def grid_to_frame(grid: readers.Grid) -> pd.DataFrame | None:
    """A typed table from a grid of text cells: header found, names cleaned, types inferred.

    Returns None for a sheet without data. Column names are unique case-insensitively,
    because SQL identifiers are.
    """
    cells = grid.cells
    if cells.empty:
        return None
    # a cell holding only spaces is as empty as a blank one; one pass over the cells, not one
    # pandas operation per column (a 16,384-column row would pay that price 16,384 times)
    grid_cells = cells.to_numpy(dtype=object)
    present = pd.notna(grid_cells)
    filled = np.zeros(grid_cells.shape, dtype=bool)
    filled[present] = [bool(str(v).strip(_TRIM)) for v in grid_cells[present]]
    keep_rows = filled.any(axis=1)
    if not keep_rows.any():
        return None
    cells = cells.loc[keep_rows, filled[keep_rows].any(axis=0)]
    row_numbers = np.asarray(grid.row_numbers)[keep_rows]
    header_at = find_header_row(cells)
    header = clean_headers(list(cells.iloc[header_at]), list(cells.columns))
    body = cells.iloc[header_at + 1:].to_numpy(dtype=object)
    names = _case_unique(header)
    # columns with no value below the header are text, made in one step rather than one each
    has_values = pd.notna(body).any(axis=0) if len(body) else np.zeros(len(names), dtype=bool)
    empty = [name for name, used in zip(names, has_values) if not used]
    frame = pd.DataFrame(body[:, ~has_values], columns=empty, dtype="str") if empty else None
    typed = {name: infer_column(pd.Series(body[:, i], dtype=object))
             for i, name in enumerate(names) if has_values[i]}
    if typed:
        typed_frame = pd.concat(typed, axis=1)
        typed_frame.index = pd.RangeIndex(len(body))
        frame = typed_frame if frame is None else pd.concat([frame, typed_frame], axis=1)[names]
    assert frame is not None
    frame.attrs.update(file=grid.file_name, sheet=grid.sheet, header_row=int(row_numbers[header_at]))
    return frame


def _case_unique(names: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        out.append(_unique(name, seen))
    return out


_TRIM = " \t\r\n\u00a0\u3000"
_DATE_FORMATS = ("%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日", "%Y.%m.%d")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE_TEXT = re.compile(r"^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?"
                        r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?([zZ]|[+-]\d{2}:?\d{2})?$")


def infer_column(values: pd.Series) -> pd.Series:
    """The text cells of one column as numbers, dates or booleans when all of them are, else text.

    Why cautious: an identifier such as ``00123`` stays text (leading zeros matter), and a column
    is only converted when every filled cell converts, so no value is silently lost. Vectorised
    string operations keep this fast on large sheets.
    """
    raw = values.to_numpy(dtype=object)
    if not pd.notna(raw).any():  # an empty column: nothing to infer (cheap for wide sheets)
        return pd.Series(raw, dtype="str")
    texts = pd.Series(raw, dtype="str").str.strip(_TRIM)
    texts = texts.mask(texts == "")
    filled = texts.dropna()
    if filled.empty:
        return texts
    if filled.str.fullmatch(_NUMBER_TEXT.pattern).all() and not filled.str.match(_LEADING_ZERO.pattern).any():
        numbers = pd.to_numeric(texts, errors="coerce")
        finite = numbers.dropna()
        if len(finite) == len(filled) and np.isfinite(finite.to_numpy(dtype=float)).all():
            if (finite == finite.round()).all() and finite.abs().max() < 2**53:
                return numbers.round().astype("Int64")
            return numbers.astype("float64")
    if filled.str.lower().isin(["true", "false"]).all():
        return texts.str.lower().map({"true": True, "false": False}).astype("boolean")
    if filled.str.fullmatch(_DATE_TEXT.pattern).all():
        parsed = _parse_dates(texts)
        if parsed is not None:
            return parsed
    return texts


def _parse_dates(texts: pd.Series) -> pd.Series | None:
    filled = texts.notna()
    for fmt in ("ISO8601", *_DATE_FORMATS):
        try:
            parsed = pd.to_datetime(texts, format=fmt, errors="coerce")
        except (ValueError, TypeError, OverflowError):
            continue
        if parsed[filled].notna().all():
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert(None)
            return parsed
    return None


def sync_uploads(state: MutableMapping[str, Any], files: Sequence[UploadedFileLike] | None,
                 *, settings: Settings | None = None) -> list[ExploreError]:
    """Make the session's tables mirror the files currently in the uploader.

    Tables live only in ``state`` (Streamlit's per-session ``st.session_state``), never in a
    module global or a shared cache, so one browser session cannot see another's uploads.
    Each file is read once (keyed by the uploader's file id); removing a file removes its
    tables. Returns the refusal of every current file that could not be read.
    """
    uploads: dict[str, dict[str, Any]] = state.setdefault("explore_uploads", {})
    tables: dict[str, pd.DataFrame] = state.setdefault("explore_tables", {})
    current = {f.file_id: f for f in (files or [])}
    for file_id in [k for k in uploads if k not in current]:
        for name in uploads.pop(file_id).get("tables", []):
            tables.pop(name, None)
    for file_id, f in current.items():
        if file_id in uploads:
            continue
        entry: dict[str, Any] = {"name": f.name, "tables": [], "error": None}
        try:
            loaded = load_upload(f.name, f.getvalue(), taken=tables.keys(), settings=settings)
        except UploadRefused as e:
            entry["error"] = e
        else:
            tables.update(loaded)
            entry["tables"] = list(loaded)
        uploads[file_id] = entry
    return [e["error"] for e in uploads.values() if e["error"] is not None]


# ============================================================================= profile

_KIND_OF_DTYPE = (
    (pd.api.types.is_bool_dtype, "boolean"),
    (pd.api.types.is_integer_dtype, "integer"),
    (pd.api.types.is_numeric_dtype, "number"),
    (pd.api.types.is_datetime64_any_dtype, "date"),
    (pd.api.types.is_timedelta64_dtype, "duration"),
    (pd.api.types.is_string_dtype, "text"),
)


def column_kind(series: pd.Series) -> str:
    """integer, number, date, duration, boolean, text or other: what a person calls the type."""
    for test, kind in _KIND_OF_DTYPE:
        if test(series.dtype):
            return kind
    return "other"


HISTOGRAM_BINS = 20
TOP_VALUES = 3


def profile(df: pd.DataFrame) -> pd.DataFrame:
    """One row per column: kind, filled, empty, distinct, min, max, top values, histogram counts.

    ``histogram`` is a list of counts (equal-width bins for numbers and dates, the most frequent
    values for text) that a table can draw as a small bar chart. Vectorised pandas per column.
    """
    rows = []
    for name in df.columns:
        s = df[name]
        if isinstance(s, pd.DataFrame):  # duplicate column names
            s = s.iloc[:, 0]
        kind = column_kind(s)
        hashable = _hashable(s)
        non_null = int(hashable.notna().sum())
        counts = hashable.value_counts(dropna=True)
        lo, hi = _min_max(hashable, kind)
        rows.append({
            "column": str(name),
            "type": kind,
            "non_null": non_null,
            "nulls": int(len(s) - non_null),
            "distinct": int(len(counts)),
            "min": lo,
            "max": hi,
            "top": " · ".join(f"{_short(v)} ({c:,})" for v, c in counts.head(TOP_VALUES).items()),
            "histogram": _histogram(hashable, kind, counts),
        })
    return pd.DataFrame(rows, columns=["column", "type", "non_null", "nulls", "distinct", "min", "max",
                                       "top", "histogram"])


def _hashable(s: pd.Series) -> pd.Series:
    if s.dtype == object:
        try:
            s.nunique()
        except TypeError:
            return s.map(lambda v: None if v is None else str(v)).astype("str")
        kinds = {type(v) for v in s.dropna().head(1000)}
        if len(kinds) > 1:
            return s.map(lambda v: None if v is None or v != v else str(v)).astype("str")
    return s


def _min_max(s: pd.Series, kind: str) -> tuple[str | None, str | None]:
    filled = s.dropna()
    if filled.empty or kind == "boolean":
        return None, None
    try:
        lo, hi = filled.min(), filled.max()
    except TypeError:
        text = filled.astype(str)
        lo, hi = text.min(), text.max()
    return _short(lo), _short(hi)


def _short(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, (float, np.floating)):
        return f"{float(v):,.4g}" if abs(float(v)) < 1e15 else f"{float(v):.4g}"
    text = str(v)
    return text if len(text) <= 40 else text[:39] + "…"


def _histogram(s: pd.Series, kind: str, counts: pd.Series) -> list[int]:
    if kind in {"integer", "number", "date", "duration"}:
        values = s.dropna()
        if values.empty:
            return []
        if kind in {"date", "duration"}:
            numbers = values.astype("int64").to_numpy(dtype="float64")
        else:
            numbers = values.to_numpy(dtype="float64")
        numbers = numbers[np.isfinite(numbers)]
        if numbers.size == 0:
            return []
        if numbers.min() == numbers.max():
            return [int(numbers.size)]
        bins = max(1, min(HISTOGRAM_BINS, len(counts)))
        try:
            with np.errstate(all="ignore"):
                hist, _ = np.histogram(numbers, bins=bins)
        except ValueError:  # a range too narrow for float bins (huge, nearly equal values)
            return [int(numbers.size)]
        return [int(x) for x in hist]
    return [int(x) for x in counts.head(HISTOGRAM_BINS).to_numpy()]


# ============================================================================= chart builder

CHART_KINDS: tuple[str, ...] = ("bar", "line", "area", "scatter", "histogram", "box")
AGGREGATIONS: tuple[str, ...] = ("count", "sum", "mean", "median", "min", "max", "distinct")
GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
_NUMERIC_AGGS = {"sum", "mean", "median"}
_PANDAS_AGG = {"count": "count", "sum": "sum", "mean": "mean", "median": "median", "min": "min",
               "max": "max", "distinct": "nunique"}
_PERIOD = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
MAX_CHART_GROUPS = 5_000
MAX_RAW_POINTS = 20_000


def _need(df: pd.DataFrame, *columns: str | None) -> None:
    for c in columns:
        if c is not None and c not in df.columns:
            raise ChartRefused("explore.error.no_column", column=c)


def _option(value: str | None, allowed: Sequence[str]) -> None:
    if value is not None and value not in allowed:
        raise ChartRefused("explore.error.bad_option", value=value)


def time_bucket(series: pd.Series, grain: str) -> pd.Series:
    """Dates cut to the start of their day / week (Monday) / month / quarter / year."""
    _option(grain, GRAINS)
    s = series
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s.dt.to_period(_PERIOD[grain]).dt.start_time


def value_label(y: str | None, agg: str, lang: str) -> str:
    """The axis title of an aggregated value, e.g. "sum of amount" / "金额的求和"."""
    if y is None or agg == "count" and y is None:
        return t("explore.chart.count_label", lang)
    return t("explore.chart.agg_label", lang, agg=t(f"explore.agg.{agg}", lang), y=y)


#: Categories a bar chart draws before the rest are folded into one "others" bar.
TOP_N = 20
_SQL_AGG = {"count": "count(v)", "sum": "coalesce(sum(v), 0)", "mean": "avg(v)",
            "median": "quantile_cont(v, 0.5)", "min": "min(v)", "max": "max(v)",
            "distinct": "count(DISTINCT v)"}
_TRUNC = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def _key_values(series: pd.Series) -> pd.Series:
    """A column as DuckDB can group it: time zones dropped, mixed Python objects as text."""
    s = _hashable(series)
    if pd.api.types.is_datetime64_any_dtype(s) and getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s


def aggregate(
    df: pd.DataFrame,
    x: str,
    y: str | None = None,
    color: str | None = None,
    agg: str = "count",
    grain: str | None = None,
    *,
    top: int | None = None,
    others: str = "others",
) -> pd.DataFrame:
    """Group by ``x`` (cut to ``grain`` when x is a date) and ``color``; aggregate ``y``.

    Without ``y`` the value is the row count. The value column is named ``"value"``; x and
    colour keep their names. With ``top``, an x that is not a time axis keeps its ``top``
    largest groups (by the aggregate over all colours) and folds the rest into one group named
    ``others``, whose value is the aggregate over *its rows* (the mean of the others is the
    mean of their rows, not a mean of means); the colour keeps its ``top`` largest values the
    same way. Folded groups are ordered largest first with ``others`` last
    (``attrs["folded"]`` holds how many x groups went into it). At most
    :data:`MAX_CHART_GROUPS` groups are returned (``attrs["capped"]`` holds the total when
    cut) so a chart stays drawable. Runs in DuckDB on a sandboxed connection.
    """
    _need(df, x, y, color)
    _option(agg, AGGREGATIONS)
    _option(grain, GRAINS)
    src: dict[str, pd.Series] = {"k_x": _key_values(df[x])}
    time_axis = bool(grain) and pd.api.types.is_datetime64_any_dtype(df[x])
    with_color = color is not None and color != x
    if with_color:
        src["k_c"] = _key_values(df[color])
    if y is None:
        measure = "count(*)"
    else:
        values = df[y]
        kind = column_kind(values)
        if agg in _NUMERIC_AGGS and kind not in {"integer", "number", "boolean"}:
            raise ChartRefused("explore.error.not_numeric", agg=_Text(f"explore.agg.{agg}"), column=y,
                               kind=_Text(f"explore.type.{kind}"))
        src["v"] = values.astype("float64") if kind == "boolean" else _key_values(values)
        measure = _SQL_AGG[agg]
    x_expr = f"date_trunc('{_TRUNC[grain]}', k_x)" if time_axis and grain else "k_x"
    value_col = ", v" if y is not None else ""
    base = f"SELECT {x_expr} AS k_x{', k_c' if with_color else ''}{value_col} FROM t"
    con = _open_sandbox({"t": pd.DataFrame(src)})
    try:
        fold = {k: top is not None and (k == "k_c" or not time_axis) and _groups(con, base, k) > top
                for k in (["k_x", "k_c"] if with_color else ["k_x"])}
        out, folded = _grouped(con, base, measure, fold, top or TOP_N, others)
    except duckdb.Error as e:
        raise ChartRefused("explore.error.failed", detail=_first_line(e)) from None
    finally:
        con.close()
    out = out.rename(columns={"k_x": x, "k_c": str(color)})
    if folded:
        out.attrs["folded"] = folded
    total = len(out)
    if total > MAX_CHART_GROUPS:
        out = out.iloc[:MAX_CHART_GROUPS]
        out.attrs["capped"] = total
    return out


def _groups(con: duckdb.DuckDBPyConnection, base: str, key: str) -> int:
    """How many groups ``key`` makes (an empty value is a group of its own)."""
    row = con.execute(f"SELECT count(DISTINCT {key}) + CAST(count(*) > count({key}) AS INTEGER) "
                      f"FROM ({base})").fetchone()
    return int(row[0]) if row else 0


def _grouped(con: duckdb.DuckDBPyConnection, base: str, measure: str, fold: dict[str, bool],
             top: int, others: str) -> tuple[pd.DataFrame, int]:
    """The aggregate per key, keys marked in ``fold`` cut to their ``top`` largest values (by
    the aggregate over the other key) plus ``others``; and how many x groups were folded."""
    keys = list(fold)
    ctes = [f"b AS ({base})"]
    select, order = [], []
    for k in keys:
        if fold[k]:
            ctes.append(f"r_{k} AS (SELECT {k}, row_number() OVER (ORDER BY {measure} DESC, "
                        f"{k} NULLS LAST) AS rank FROM b GROUP BY {k})")
            select.append(f"CASE WHEN r_{k}.rank <= {int(top)} THEN CAST(b.{k} AS VARCHAR) ELSE $1 END "
                          f"AS {k}, least(r_{k}.rank, {int(top) + 1}) AS rank_{k}")
            order.append(f"rank_{k}")
        else:
            select.append(f"b.{k}")
            order.append(f"{k} NULLS LAST")
    joins = " ".join(f"JOIN r_{k} ON b.{k} IS NOT DISTINCT FROM r_{k}.{k}" for k in keys if fold[k])
    value = ", v" if ", v FROM" in base else ""
    ctes.append(f"f AS (SELECT {', '.join(select)}{value} FROM b {joins})")
    group = ", ".join(keys + [f"rank_{k}" for k in keys if fold[k]])
    sql = (f"WITH {', '.join(ctes)} SELECT {', '.join(keys)}, {measure} AS value FROM f "
           f"GROUP BY {group} ORDER BY {', '.join(order)}")
    out = con.execute(sql, [others] if any(fold.values()) else []).df()
    folded = 0
    if fold.get("k_x"):
        folded = _groups(con, base, "k_x") - top
    return out, folded


def pivot(
    df: pd.DataFrame,
    rows: Sequence[str] = (),
    cols: Sequence[str] = (),
    values: str | None = None,
    agg: str = "count",
    *,
    max_columns: int = 500,
) -> pd.DataFrame:
    """A pivot table as a flat DataFrame: row fields as columns, one column per ``cols`` combination.

    Without ``values`` the cells count rows (value column ``count``; else ``agg(values)``).
    Column headers of several column fields are joined
    with " / ". A pivot wider than ``max_columns`` is refused instead of drawn.
    """
    rows, cols = list(rows), list(cols)
    _need(df, *rows, *cols, values)
    _option(agg, AGGREGATIONS)
    if values is not None and agg in _NUMERIC_AGGS and column_kind(df[values]) not in {"integer", "number", "boolean"}:
        raise ChartRefused("explore.error.not_numeric", agg=_Text(f"explore.agg.{agg}"), column=values,
                           kind=_Text(f"explore.type.{column_kind(df[values])}"))
    if cols:
        width = int(df[cols].drop_duplicates().shape[0])
        if width > max_columns:
            raise ChartRefused("explore.error.too_wide", count=width, limit=max_columns)
    keys = rows + [c for c in cols if c not in rows]
    label = f"{agg}({values})" if values is not None else "count"
    if not keys:
        cell = len(df) if values is None else df[values].agg(_PANDAS_AGG[agg])
        return pd.DataFrame({label: [cell]})
    if values is None:
        grouped = df.groupby(keys, dropna=False, observed=True, sort=True).size()
    else:
        column = df[values]
        if column_kind(column) == "boolean":
            column = column.astype("float64")
        grouped = column.groupby([df[k] for k in keys], dropna=False, observed=True,
                                 sort=True).agg(_PANDAS_AGG[agg])
    if cols:
        if rows:
            table = grouped.unstack([keys.index(c) for c in cols])
        else:  # one line of totals, one column per value of the column fields
            table = grouped.to_frame().T
        if isinstance(table.columns, pd.MultiIndex):
            table.columns = [" / ".join(_short(p) for p in col) for col in table.columns]
        else:
            table.columns = [_short(c) for c in table.columns]
        table = table.reset_index() if rows else table.reset_index(drop=True)
    else:
        table = grouped.rename(label).reset_index()
    return table


@dataclass(frozen=True)
class ChartSpec:
    """What the chart builder starts with for a table (see :func:`default_chart`)."""

    kind: str
    x: str
    y: str | None = None
    agg: str = "count"
    grain: str | None = None


#: A date axis's grain by the span it covers: the finest that stays a readable series.
_GRAIN_BY_SPAN_DAYS: tuple[tuple[int, str], ...] = ((62, "day"), (366, "week"), (5 * 366, "month"),
                                                    (15 * 366, "quarter"))


def default_chart(df: pd.DataFrame) -> ChartSpec:
    """The first chart worth looking at, chosen from the columns' types (never a count of
    rows by row number): the first date column as a time series of row counts, else the first
    category as a top-N bar of counts, else the first number as a histogram. A column holding
    a different value in every row (an id, a row number) is no category and no measure.
    One DuckDB pass counts distinct and filled values and the date spans.
    """
    if not len(df.columns):
        raise ChartRefused("explore.error.no_column", column="—")
    columns = [c for c in df.columns if isinstance(df[c], pd.Series)]
    kinds = {c: column_kind(df[c]) for c in columns}
    frame = pd.DataFrame({f"c{i}": _key_values(df[c]) for i, c in enumerate(columns)})
    stats = []
    for i, c in enumerate(columns):
        stats += [f"count(DISTINCT c{i})", f"count(c{i})"]
        if kinds[c] == "date":
            stats.append(f"date_diff('day', min(c{i}), max(c{i}))")
        elif kinds[c] == "integer":
            stats.append(f"max(c{i}) - min(c{i})")
        else:
            stats.append("NULL")
    con = _open_sandbox({"t": frame})
    try:
        row = con.execute(f"SELECT count(*), {', '.join(stats)} FROM t").fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    if row is None:
        return ChartSpec("bar", str(columns[0]))
    rows = int(row[0])
    info = {c: row[1 + 3 * i:4 + 3 * i] for i, c in enumerate(columns)}

    def unique_per_row(c: str) -> bool:
        distinct, filled, _ = info[c]
        return rows > 1 and distinct == filled == rows

    for c in columns:
        distinct, _, span = info[c]
        if kinds[c] == "date" and distinct > 1:
            grain = next((g for limit, g in _GRAIN_BY_SPAN_DAYS if (span or 0) <= limit), "year")
            return ChartSpec("line", str(c), None, "count", grain)
    for c in columns:
        if kinds[c] in {"text", "boolean"} and info[c][0] > 0 and not unique_per_row(c):
            return ChartSpec("bar", str(c))
    for c in columns:
        distinct, filled, span = info[c]
        row_number = kinds[c] == "integer" and unique_per_row(c) and span == rows - 1
        if kinds[c] in {"integer", "number", "duration"} and filled and not row_number:
            return ChartSpec("histogram", str(c))
    return ChartSpec("bar", str(columns[0]))


def table_catalog(tables: Mapping[str, pd.DataFrame], lang: str,
                  portfolio: Mapping[str, Sequence[tuple[str, str]]] | None = None) -> pd.DataFrame:
    """Every table the SQL box can read with its columns and their types, one row per column:
    the uploads, then the portfolio's (``portfolio``: :func:`portfolio_columns`)."""
    rows = [(name, str(c), t(f"explore.type.{column_kind(frame[c])}", lang))
            for name, frame in tables.items() for c in frame.columns if isinstance(frame[c], pd.Series)]
    for name, columns in (portfolio or {}).items():
        rows += [(name, column, t(f"explore.type.{_sql_kind(sql_type)}", lang)) for column, sql_type in columns]
    return pd.DataFrame(rows, columns=["table", "column", "type"])


def portfolio_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """The portfolio tables' columns and DuckDB types as the store holds them (the schema's
    columns plus any a migration or an import added), read from the catalog, not the rows."""
    cur = con.cursor()
    try:
        found = cur.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name IN (SELECT unnest($1)) "
            "ORDER BY table_name, ordinal_position", [list(PORTFOLIO_TABLES)]).fetchall()
    finally:
        cur.close()
    out: dict[str, list[tuple[str, str]]] = {name: [] for name in PORTFOLIO_TABLES}
    for table, column, sql_type in found:
        out[table].append((column, sql_type))
    return out


def _sql_kind(sql_type: str) -> str:
    """A DuckDB type in the words of the profile's types."""
    name = sql_type.upper()
    if name.startswith(("VARCHAR", "TEXT", "STRING")):
        return "text"
    if name.startswith(("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER")):
        return "integer"
    if name.startswith(("DOUBLE", "FLOAT", "DECIMAL", "REAL")):
        return "number"
    if name.startswith(("DATE", "TIMESTAMP")):
        return "date"
    if name.startswith("BOOLEAN"):
        return "boolean"
    if name.startswith("INTERVAL"):
        return "duration"
    return "other"


@dataclass
class ChartResult:
    """A drawable figure, the data behind it and an optional notice (sampled / capped)."""

    figure: Any
    data: pd.DataFrame
    notice: str | None = None


def chart(
    df: pd.DataFrame,
    kind: str,
    x: str,
    y: str | None = None,
    color: str | None = None,
    agg: str = "count",
    grain: str | None = None,
    lang: str = "zh",
    *,
    top: int | None = TOP_N,
) -> ChartResult:
    """A plotly chart with title, axis labels and hover, built from ``aggregate`` or raw rows.

    bar / line / area / scatter draw aggregated values (scatter with ``agg="none"`` draws raw
    points), a category axis cut to its ``top`` largest groups plus "others"; histogram and box
    draw raw rows (sampled beyond :data:`MAX_RAW_POINTS`). A histogram of text counts its
    values as a top-N bar does: counting categories is what a histogram of them means.
    """
    import plotly.express as px

    from .figures.date_axes import localise_dates

    _option(kind, CHART_KINDS)
    _need(df, x, y, color)
    if kind == "histogram" and column_kind(df[x]) in {"text", "boolean", "other"}:
        kind, y, agg = "bar", None, "count"
    raw_kind = kind in {"histogram", "box"} or agg == "none"
    if agg != "none":
        _option(agg, AGGREGATIONS)
    labels = {c: c for c in (x, y, color) if c}
    notice = None
    if raw_kind:
        cols = list(dict.fromkeys(c for c in (x, y, color) if c))
        data = df[cols]
        if len(data) > MAX_RAW_POINTS:
            data = data.sample(MAX_RAW_POINTS, random_state=0).sort_index()
            notice = t("explore.chart.sampled", lang, shown=MAX_RAW_POINTS, total=len(df))
        if kind == "histogram":
            fig = px.histogram(data, x=x, color=color, labels=labels)
            fig.update_layout(yaxis_title=t("explore.chart.count_label", lang))
            title = t("explore.chart.title_hist", lang, x=x)
        elif kind == "box":
            if y is not None and column_kind(df[y]) not in {"integer", "number", "duration"}:
                raise ChartRefused("explore.error.not_numeric", agg=_Text("explore.kind.box"), column=y,
                                   kind=_Text(f"explore.type.{column_kind(df[y])}"))
            if y is None:
                fig = px.box(data, y=x, color=color, labels=labels)
                title = t("explore.chart.title_hist", lang, x=x)
            else:
                fig = px.box(data, x=x, y=y, color=color, labels=labels)
                title = t("explore.chart.title", lang, value=y, x=x)
        else:
            if y is None:
                raise ChartRefused("explore.error.need_y")
            fig = px.scatter(data, x=x, y=y, color=color, labels=labels)
            title = t("explore.chart.title", lang, value=y, x=x)
        fig.update_layout(title=title)
        return ChartResult(localise_dates(fig, lang), data, notice)

    data = aggregate(df, x, y, color, agg, grain, top=top, others=t("explore.chart.others", lang))
    if "capped" in data.attrs:
        notice = t("explore.chart.capped", lang, shown=len(data), total=data.attrs["capped"])
    elif data.attrs.get("folded") and top is not None:
        notice = t("explore.chart.folded", lang, shown=top, total=top + data.attrs["folded"],
                   rest=data.attrs["folded"], others=t("explore.chart.others", lang))
    value_name = value_label(y, agg if y is not None else "count", lang)
    labels["value"] = value_name
    common: dict[str, Any] = {"x": x, "y": "value", "color": color if color != x else None, "labels": labels}
    if kind == "bar":
        fig = px.bar(data, barmode="group", **common)
    elif kind == "line":
        fig = px.line(data, markers=True, **common)
    elif kind == "area":
        fig = px.area(data, **common)
    else:
        fig = px.scatter(data, **common)
    fig.update_layout(title=t("explore.chart.title", lang, value=value_name, x=x), legend_title_text=color or "")
    return ChartResult(localise_dates(fig, lang), data, notice)


def describe_source(frame: pd.DataFrame, lang: str) -> str:
    """One line under a table: its size and where it came from (file, sheet, header row)."""
    sheet = frame.attrs.get("sheet")
    return t(
        "explore.table_caption", lang,
        rows=f"{len(frame):,}", cols=len(frame.columns), file=frame.attrs.get("file", "?"),
        sheet=t("explore.sheet_suffix", lang, sheet=sheet) if sheet else "",
        header=frame.attrs.get("header_row", 1),
    )


def sql_help(tables: Iterable[str], lang: str, settings: Settings | None = None) -> str:
    """The help text under the SQL box: the table names and the limits that apply."""
    settings = settings or SETTINGS
    names = ", ".join(tables) or "—"
    return t("explore.sql.help", lang, tables=names, rows=settings.sql_row_limit,
             seconds=settings.sql_timeout_s)


__all__ = [
    "aggregate", "AGGREGATIONS", "chart", "CHART_KINDS", "ChartRefused", "ChartResult", "ChartSpec",
    "column_kind", "default_chart", "describe_source", "ExploreError", "GRAINS", "grid_to_frame",
    "infer_column", "load_upload", "pivot", "portfolio_columns", "portfolio_tables", "profile",
    "QueryRefused", "result_notice", "run_sql", "sql_help", "sync_uploads", "table_catalog",
    "table_identifier", "time_bucket", "TOP_N", "UPLOAD_SUFFIXES", "UploadRefused", "value_label",
]
