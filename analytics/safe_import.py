"""Files a visitor sends, read for the import in a worker process (``analytics.workers``).

The import's own functions, ``ingest.preview_file`` and ``ingest.import_file``, read a file in
the process that calls them. For a file nobody vouches for — a Data-page upload, a file handed
to the CLI — that process is the server (or the CLI), and a hostile file can end it (see
``analytics.workers``). So :func:`preview_file` runs ``ingest.preview_file`` (bytes -> grids ->
sheet plans) in a confined worker, and :func:`import_file` writes the plans it returned
through ``ingest.import_file``: only the parsing is untrusted work; the typed-SQL
normalisation and the write run here, on grids the worker has already bounded (cells,
columns, result size), in one transaction on the caller's store connection.

A worker stopped at a limit is an :class:`ingest.IngestError` whose sentence says which
("this file could not be read safely: it asks for more than 2 GB of memory"), like every
other file that cannot be used, so the Data page, the CLI and their tests need nothing new.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from . import filecheck, ingest, readers, workers
from .messages import Message
from .settings import SETTINGS, Settings

#: Bytes of a text file read for its width check (the widest line of its start).
_TEXT_HEAD_BYTES = filecheck.WIDTH_SAMPLE_BYTES


def preview_file(path: str | Path, *, file_name: str | None = None, table: str | None = None,
                 mapping: dict[str, str] | str | Path | None = None,
                 settings: Settings | None = None) -> list[ingest.SheetPlan]:
    """``ingest.preview_file`` in a worker process; its plans, or :class:`ingest.IngestError`."""
    settings = settings or SETTINGS
    name = file_name or Path(path).name
    # the worker runs in a directory of its own: relative paths are the caller's
    path = Path(path).absolute()
    if isinstance(mapping, (str, Path)):
        mapping = Path(mapping).absolute()
    try:
        outcome = workers.run(_preview_here, str(path), name, table, mapping, settings,
                              limits=workers.Limits.for_files(settings), settings=settings)
    except workers.WorkerFailed as e:
        raise ingest.IngestError(e.key("file"), file=name, **e.params()) from None
    if isinstance(outcome, Message):
        raise ingest.IngestError(outcome.code, **outcome.params)
    return outcome


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, file_name: str | None = None,
                table: str | None = None, mapping: dict[str, str] | str | Path | None = None,
                progress: ingest.Progress | None = None, imported_by: str | None = None,
                settings: Settings | None = None) -> ingest.FileReport:
    """``ingest.import_file`` with the file parsed in a worker process (see the module doc)."""
    say = progress or (lambda f, t: None)
    say(0.01, "reading")
    plans = preview_file(path, file_name=file_name, table=table, mapping=mapping, settings=settings)
    return ingest.import_file(con, path, file_name=file_name, table=table, mapping=mapping,
                              progress=progress, imported_by=imported_by, plans=plans)


def _preview_here(path: str, name: str, table: str | None,
                  mapping: dict[str, str] | str | Path | None,
                  settings: Settings) -> list[ingest.SheetPlan] | Message:
    """In the worker: the width check of a text file, then ``ingest.preview_file``.

    An IngestError comes back as its Message (an exception's pickled form keeps only its
    English text).
    """
    try:
        if Path(name).suffix.lower() in filecheck.TEXT_SUFFIXES:
            with open(path, "rb") as fh:
                head = fh.read(_TEXT_HEAD_BYTES)
            try:
                filecheck.check_text_width(name, head, settings.max_columns)
            except readers.ReadError as e:
                key, params = readers.refusal(e, name)
                return Message(key, params)
        return ingest.preview_file(path, file_name=name, table=table, mapping=mapping)
    except ingest.IngestError as e:
        return e.message
    except MemoryError:
        return Message("worker.file.memory", {"file": name,
                                              "limit": workers.size_text(settings.worker_memory_mb)})


__all__ = ["import_file", "preview_file"]
