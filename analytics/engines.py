"""The engines the metrics run on: DuckDB by default, Apache Spark beyond one machine.

Every metric function takes a *connection* and sends it SQL through ``con.cursor().execute(
sql, params)``, reading the answer with ``.df()``, ``.fetchone()``, ``.fetchall()`` and
``.description``. That is the seam. DuckDB's connection is one; :class:`SparkConnection` is
the other: it translates each statement (:func:`analytics.dialect.to_spark`, every rewrite
named there), runs it through Spark Connect with the parameters as Spark's named parameter
markers, and answers in the same shapes. So a figure is declared once, in the registry, and
computed by the same statement on either engine.

Spark reads the canonical tables from a Parquet export (``python -m analytics export``, see
:mod:`analytics.parquet`). The app itself never hosts a JVM: Spark runs as a Spark Connect
server, either one the user names (``sc://host:15002``, or the ``SPARK_REMOTE`` environment
variable) or, by default, a local one pyspark starts for the command (``local[2]``, listening
on this machine's loopback only, without the web UI). Every
session is pinned so that the text means what it means on DuckDB: UTC, TIMESTAMP as
TIMESTAMP_NTZ (the wall-clock times the export wrote, never shifted by a zone), ANSI mode,
double-quoted names as identifiers; :func:`spark_session` checks the pins took.

``open_source("duckdb", DIR)`` opens the same export in an in-memory DuckDB (views over the
Parquet files), so both engines can be compared, and timed, on the same files.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .dialect import to_spark
from .parquet import read_manifest

ENGINES: tuple[str, ...] = ("duckdb", "spark")

#: The session settings every figure depends on, and the value each must have.
SPARK_PINS: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
}

#: A local server's own settings: on this machine's loopback only (the driver and the Spark
#: Connect port) and no web UI, a small machine's shuffle, no console progress bar.
LOCAL_SETTINGS: dict[str, str] = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.connect.grpc.binding.address": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "ERROR",
}

LOCAL = "local[2]"


class EngineError(Exception):
    """The engine cannot be had: pyspark missing, a session whose settings did not take."""


def spark_remote(remote: str | None = None) -> str:
    """The Spark Connect server to use: ``remote``, else ``SPARK_REMOTE``, else a local one."""
    return remote or os.environ.get("SPARK_REMOTE") or LOCAL


def spark_session(remote: str | None = None) -> Any:
    """A Spark Connect session (pyspark.sql.connect.session.SparkSession) with
    :data:`SPARK_PINS` in force; EngineError when pyspark is not installed or a pin did not
    take."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("the spark engine needs pyspark: pip install 'delivery-pulse[spark]'"
                          " (and Java 17 or later for a local server)") from None
    url = spark_remote(remote)
    builder = SparkSession.builder.remote(url)
    settings = {**SPARK_PINS, **(LOCAL_SETTINGS if url.startswith("local") else {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():
        # a local server takes the static settings at its start; the client then tries to
        # set them on the session too and warns that it cannot
        warnings.filterwarnings("ignore", message="Failed to set spark\\.")
        session = builder.getOrCreate()
    for key, value in SPARK_PINS.items():
        session.conf.set(key, value)
        found = session.conf.get(key)
        if str(found).lower() != value.lower():
            raise EngineError(f"the Spark session keeps {key} = {found}, not {value}")
    return session


class SparkResult:
    """A statement's answer in the shapes the metric functions read from DuckDB.

    Spark's rows come as Arrow and are handed to DuckDB's own conversion (``.df()``,
    ``.fetchall()``), so a DATE, a TIMESTAMP, a NULL count or a list arrives as the same
    Python or pandas value it is on DuckDB: no second set of conversion rules to drift.
    """

    def __init__(self, frame: Any) -> None:
        self._frame = frame  # a pyspark DataFrame, not yet run
        self._result: duckdb.DuckDBPyRelation | None = None
        self._local = duckdb.connect()

    def _rows(self) -> duckdb.DuckDBPyRelation:
        if self._result is None:
            self._result = self._local.from_arrow(self._frame.toArrow())
        return self._result

    @property
    def description(self) -> list[tuple[str, str]]:
        rel = self._rows()
        return [(name, str(kind)) for name, kind in zip(rel.columns, rel.types)]

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self.fetchall()
        return rows[0] if rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows().fetchall()

    def df(self) -> pd.DataFrame:
        return self._rows().df()


class SparkConnection:
    """The metric functions' connection, on Spark (see the module's docstring).

    ``rewrites`` counts, by name, the dialect rewrites the statements sent so far needed;
    ``statements`` counts the statements.
    """

    def __init__(self, session: Any, *, owned: bool = False) -> None:
        self.session = session
        self._owned = owned
        self.rewrites: Counter[str] = Counter()
        self.statements = 0

    def cursor(self) -> SparkConnection:
        return self  # Spark Connect sessions take statements from several threads

    def execute(self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None
                ) -> SparkResult:
        if params is not None and not isinstance(params, Mapping):
            raise TypeError("the spark engine takes named parameters only")
        text, used = to_spark(sql)
        self.rewrites.update(used)
        self.statements += 1
        return SparkResult(self.session.sql(text, args=dict(params or {})))

    def close(self) -> None:
        """Stop the session if this connection started it (a local server stops with it)."""
        if self._owned:
            self.session.stop()


def register_parquet(session: Any, directory: str | Path) -> None:
    """The export in ``directory`` as the session's views projects, tickets, surveys and
    status_history (:class:`analytics.parquet.ExportError` when it holds none)."""
    export = read_manifest(directory)
    for table, file in export.files.items():
        session.read.parquet(str(file.resolve())).createOrReplaceTempView(table)


def duckdb_over_parquet(directory: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose tables are views over the export in ``directory``."""
    export = read_manifest(directory)
    con = duckdb.connect(config={"autoinstall_known_extensions": "false",
                                 "autoload_known_extensions": "false"})
    for table, file in export.files.items():
        path = str(file.resolve()).replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    return con


def open_source(engine: str, directory: str | Path, *, remote: str | None = None,
                session: Any = None) -> Any:
    """A connection the metric functions take, over the Parquet export in ``directory``, on
    ``engine`` (one of :data:`ENGINES`). For Spark, ``session`` reuses a running session,
    else one is started on ``remote`` (see :func:`spark_remote`)."""
    if engine == "duckdb":
        return duckdb_over_parquet(directory)
    if engine != "spark":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    read_manifest(directory)  # refuse a folder without an export before a server starts
    owned = session is None
    session = spark_session(remote) if session is None else session
    register_parquet(session, directory)
    return SparkConnection(session, owned=owned)


__all__ = ["ENGINES", "EngineError", "LOCAL", "SPARK_PINS", "SparkConnection", "SparkResult",
           "duckdb_over_parquet", "open_source", "register_parquet", "spark_remote",
           "spark_session"]
