"""The canonical tables as Parquet files: what another engine (Apache Spark) reads when a
portfolio outgrows one machine.

``python -m analytics export --db DB --parquet DIR`` writes one file per table the metrics
read (projects, tickets, surveys and the status history), each with the canonical columns in
their stored types, plus a manifest (``pulse-export.json``) naming the files, their row counts
and the store's schema version. Rows stream from DuckDB as Arrow record batches into pyarrow's
Parquet writer, so a ten-million-ticket store is never held in memory whole. (DuckDB's own
``COPY ... TO`` marks a column REQUIRED when the rows at hand hold no NULL, so two exports of
one store would disagree on their schema; every column here is nullable, as in the store.)

Types survive the trip: a TIMESTAMP is a Parquet timestamp in microseconds *not adjusted to
UTC* (Spark reads it as TIMESTAMP_NTZ: the wall-clock time the export recorded, with no zone
to shift it), a DATE a date, a BOOLEAN a nullable boolean, INTEGER and DOUBLE themselves.

The export refuses a folder that already holds files unless it is told to overwrite (then the
table files and the manifest are replaced; nothing else in the folder is touched). Each file is
written under a temporary name and renamed into place, and the manifest comes last, so a
reader never takes a half-written export for a whole one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from .messages import Message
from .schema import TABLES
from .status_history import TABLE as HISTORY_TABLE

MANIFEST = "pulse-export.json"
#: The manifest's layout; a reader refuses one it does not know.
FORMAT = 1


class ExportError(Exception):
    """An export that cannot be written or read; ``str(e)`` is one English sentence."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, params)
        super().__init__(str(self.message))


def exported_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, DuckDB type)]: the canonical columns of projects, tickets and
    surveys (columns an import added beside them stay in the store) and every column of the
    status history, as the store holds them."""
    out: dict[str, list[tuple[str, str]]] = {}
    cur = con.cursor()
    for table in (*TABLES, HISTORY_TABLE):
        stored = dict(cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = $t AND table_schema = 'main' ORDER BY ordinal_position",
            {"t": table}).fetchall())
        names = TABLES[table].column_names if table in TABLES else list(stored)
        out[table] = [(c, stored[c]) for c in names]
    return out


@dataclass(frozen=True)
class Export:
    """What a manifest says: the folder, each table's file and row count, the schema."""

    directory: Path
    files: dict[str, Path]
    rows: dict[str, int]
    schema_version: int
    exported_at: str


#: Rows per record batch, hence per row group: a few MB of tickets at a time.
BATCH_ROWS = 262_144


def _write_table(cur: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]],
                 path: Path) -> int:
    """``table``'s ``columns`` written to ``path`` batch by batch; the rows written."""
    select = ", ".join(f'"{c}"' for c, _ in columns)
    relation = cur.sql(f"SELECT {select} FROM {table}")
    # DuckDB 2 names it to_arrow_reader; 1.x fetch_arrow_reader
    batches = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    reader: pa.RecordBatchReader = batches(BATCH_ROWS)
    schema = pa.schema([f.with_nullable(True) for f in reader.schema])
    written = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as out:
        for batch in reader:
            out.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            written += batch.num_rows
    return written


def _prepare(directory: Path, overwrite: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise ExportError("export.error.not_a_folder", name=directory.name)
    if directory.is_dir() and any(directory.iterdir()) and not overwrite:
        raise ExportError("export.error.not_empty", name=directory.name)
    directory.mkdir(parents=True, exist_ok=True)


def export_parquet(con: duckdb.DuckDBPyConnection, directory: str | Path, *,
                   overwrite: bool = False) -> Export:
    """Write every table the metrics read to ``directory`` as Parquet (see the module's
    docstring); the export's manifest, as :func:`read_manifest` reads it back."""
    from .store import schema_version

    directory = Path(directory)
    _prepare(directory, overwrite)
    cur = con.cursor()
    files: dict[str, str] = {}
    rows: dict[str, int] = {}
    for table, columns in exported_columns(con).items():
        name = f"{table}.parquet"
        target = directory / name
        partial = directory / f".{name}.partial"
        try:
            rows[table] = _write_table(cur, table, columns, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        files[table] = name
    manifest = {"format": FORMAT, "schema_version": schema_version(con),
                "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tables": {t: {"file": files[t], "rows": rows[t]} for t in files}}
    partial = directory / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, directory / MANIFEST)
    return read_manifest(directory)


def read_manifest(directory: str | Path) -> Export:
    """The export in ``directory``; :class:`ExportError` when it holds none (no manifest),
    one of another layout or schema version, or a manifest whose files are missing."""
    directory = Path(directory)
    path = directory / MANIFEST
    if not path.is_file():
        raise ExportError("export.error.no_export", name=directory.name)
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        tables = manifest["tables"]
        version = int(manifest["schema_version"])
        layout = manifest["format"]
    except (ValueError, KeyError, TypeError):
        raise ExportError("export.error.bad_manifest", name=directory.name) from None
    if layout != FORMAT:
        raise ExportError("export.error.bad_manifest", name=directory.name)
    from .store import SCHEMA_VERSION

    if version != SCHEMA_VERSION:  # its columns are another version's
        raise ExportError("export.error.other_schema", name=directory.name, found=version,
                          supported=SCHEMA_VERSION)
    files = {t: directory / str(v["file"]) for t, v in tables.items()}
    missing = [t for t in (*TABLES, HISTORY_TABLE) if t not in files or not files[t].is_file()]
    if missing:
        raise ExportError("export.error.missing_table", name=directory.name, table=missing[0])
    return Export(directory, files, {t: int(v["rows"]) for t, v in tables.items()}, version,
                  str(manifest.get("exported_at", "")))


__all__ = ["Export", "ExportError", "MANIFEST", "export_parquet", "exported_columns",
           "read_manifest"]
