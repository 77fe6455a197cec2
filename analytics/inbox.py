"""The inbox: how files and commands reach a store that the running app holds.

DuckDB lets one process at a time open a store file for writing, and a process that has it
open keeps every other process out, readers included. The app must keep its store open (its
caches, and the speed of every page, depend on it), so while it runs it is the store's only
writer, and everything else reaches the store through a folder beside it, the *inbox*
(``data/pulse.inbox/`` for ``data/pulse.duckdb``; ``PULSE_INBOX`` moves it):

* a file dropped into the inbox (a scheduled export copied there by cron, a file saved there
  by hand) is imported by the app within seconds, without anyone clicking, then moved to
  ``imported/`` (named with the time and its batches) or, refused, to ``failed/`` with a
  ``.txt`` beside it saying why;
* the command line (``python -m analytics import / undo / batches``), finding the app serving
  the store, writes its request into ``requests/`` and waits for the app's answer, so the
  same command works whether the app runs or not.

The app proves it is alive by rewriting ``.watcher.json`` every couple of seconds (process
id, host, store); a heartbeat older than :data:`STALE_AFTER_S` means nobody is serving, and
the command line opens the store itself.

A request is a directory ``requests/<id>/`` holding ``request.json`` (and the file to import),
written under a dot-name and renamed into place, so the app never reads half a request. The
app claims it by renaming it to ``<id>.taken``, writes ``progress.json`` while it works and
``result.json`` at the end; the command line reads the result and removes the directory.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from . import store
from .messages import Message

_log = logging.getLogger(__name__)

HEARTBEAT = ".watcher.json"
REQUESTS = "requests"
IMPORTED = "imported"
FAILED = "failed"
#: Seconds between the app's heartbeats, and the age at which a heartbeat means nobody serves.
BEAT_EVERY_S = 2.0
STALE_AFTER_S = 10.0
#: A dropped file is imported once its size and time have not changed for this long, so a
#: file still being copied in is not read half-written.
SETTLE_S = 2.0
#: Names that are never imported: partial downloads, editor lock files, hidden files.
_SKIP_PREFIXES = (".", "~$", "~")
_SKIP_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".txt.lock")


def inbox_dir(store_path: str | Path) -> Path:
    """The inbox of a store: ``PULSE_INBOX`` if set, else ``<store stem>.inbox`` beside it."""
    configured = os.environ.get("PULSE_INBOX")
    if configured:
        return Path(configured)
    path = Path(store_path)
    return path.with_name(f"{path.stem}.inbox")


# -- the heartbeat ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heartbeat:
    pid: int
    host: str
    store: str
    beat: float
    started: float

    @property
    def age(self) -> float:
        return time.time() - self.beat


def _write_json(path: Path, value: object) -> None:
    """Write JSON atomically: to a dot-file, then renamed over the target."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def serving(store_path: str | Path) -> Heartbeat | None:
    """The app serving ``store_path`` through its inbox, if one is alive."""
    found = _read_json(inbox_dir(store_path) / HEARTBEAT)
    if not isinstance(found, dict):
        return None
    try:
        beat = Heartbeat(int(found["pid"]), str(found["host"]), str(found["store"]),
                         float(found["beat"]), float(found["started"]))
    except (KeyError, TypeError, ValueError):
        return None
    if beat.store != Path(store_path).name or beat.age > STALE_AFTER_S:
        return None
    if beat.host == socket.gethostname() and not _process_alive(beat.pid):
        return None
    return beat


# -- requests: the command line's side -------------------------------------------------------


class InboxError(Exception):
    """A request the app did not answer. ``str(e)`` is one sentence."""


@dataclass
class Reply:
    ok: bool
    value: Any = None
    error: Message | None = None


def submit(store_path: str | Path, command: str, payload: dict[str, Any], *,
           file: Path | None = None, on_progress: Callable[[float, str], None] | None = None,
           collect: Callable[[Path, Any], None] | None = None,
           timeout_s: float | None = None) -> Reply:
    """Hand a command to the app serving ``store_path`` and wait for its reply.

    ``file`` is copied into the request (the app may not be able to read the caller's paths).
    ``collect(folder, value)`` runs on a successful reply before the request's folder is
    removed (to take a file the app wrote there). Waits as long as the app's heartbeat stays
    fresh (or ``timeout_s``); raises :class:`InboxError` when the app stops before answering.
    """
    requests = inbox_dir(store_path) / REQUESTS
    requests.mkdir(parents=True, exist_ok=True)
    rid = f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = requests / f".{rid}"
    staging.mkdir()
    body = {"command": command, **payload}
    if file is not None:
        # the file keeps its suffix (the reader goes by it); its name is the request's own
        copy = staging / f"upload{Path(file).suffix.lower()}"
        shutil.copyfile(file, copy)
        body["file"] = copy.name
    _write_json(staging / "request.json", body)
    waiting = requests / rid
    os.rename(staging, waiting)
    taken = requests / f"{rid}.taken"
    started = time.monotonic()
    try:
        while True:
            result = _read_json(taken / "result.json")
            if isinstance(result, dict):
                error = result.get("error")
                reply = Reply(bool(result.get("ok")), result.get("value"),
                              Message(error["code"], error.get("params") or {}) if error else None)
                if reply.ok and collect is not None:
                    collect(taken, reply.value)
                return reply
            if on_progress is not None:
                progress = _read_json(taken / "progress.json")
                if isinstance(progress, dict):
                    on_progress(float(progress.get("fraction", 0)), str(progress.get("text", "")))
            if serving(store_path) is None:
                if waiting.exists():  # never taken: withdraw it
                    shutil.rmtree(waiting, ignore_errors=True)
                    raise InboxError("the app stopped before taking the request; run the "
                                     "command again")
                raise InboxError("the app stopped while carrying out the request; check "
                                 "`python -m analytics batches` once it runs again")
            if timeout_s is not None and time.monotonic() - started > timeout_s:
                if waiting.exists():
                    shutil.rmtree(waiting, ignore_errors=True)
                raise InboxError(f"the app did not answer within {timeout_s:.0f} s; try again")
            time.sleep(0.2)
    finally:
        shutil.rmtree(taken, ignore_errors=True)


# -- reports as JSON -------------------------------------------------------------------------


def _message(value: Message | None) -> dict | None:
    return None if value is None else {"code": value.code, "params": value.params}


def encode_report(report: Any) -> dict:
    """An ``ingest.FileReport`` as plain JSON values."""
    sheets = []
    for s in report.sheets:
        d = asdict(s)
        d["notes"] = [_message(n) for n in s.notes]
        d["message"] = _message(s.message)
        sheets.append(d)
    return {"file_name": report.file_name, "sha256": report.sha256, "sheets": sheets,
            "message": _message(getattr(report, "message", None))}


def decode_report(data: dict) -> Any:
    """The ``ingest.FileReport`` :func:`encode_report` wrote."""
    from .dates import DateOrder
    from .ingest import FileReport, SheetReport

    def message(value: dict | None) -> Message | None:
        return Message(value["code"], value.get("params") or {}) if value else None

    sheets = []
    for d in data["sheets"]:
        d = dict(d)
        d["notes"] = [message(n) for n in d.get("notes") or ()]
        d["message"] = message(d.get("message"))
        d["changes"] = store.Changes(**(d.get("changes") or {}))
        d["dates"] = [DateOrder(**o) for o in d.get("dates") or ()]
        sheets.append(SheetReport(**d))
    return FileReport(data["file_name"], data["sha256"], sheets, message(data.get("message")))


def batch_records(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The import history as JSON-ready records, newest first."""
    frame = store.batches(con)
    frame = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.isoformat(sep=" ") if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


# -- the app's side --------------------------------------------------------------------------


@dataclass
class Handled:
    """One thing the watcher did: a dropped file imported or refused, or a request answered."""

    kind: str  # "file" or "request"
    name: str
    ok: bool
    detail: str = ""
    batch_ids: tuple[int, ...] = field(default=())


#: Commands that read the store and answer with JSON-ready values, carried out the same way
#: by the app's inbox and by the command line on its own (:func:`carry_out`).
ACCOUNTABILITY_COMMANDS: tuple[str, ...] = ("scorecard", "risk")


def carry_out(con: duckdb.DuckDBPyConnection, command: str, request: dict[str, Any]) -> Any:
    """The answer to ``command`` (one of :data:`ACCOUNTABILITY_COMMANDS`) with ``request``'s
    arguments; ValueError for an argument out of its range."""
    from .filters import Filters

    def day(text: object) -> date | None:
        return date.fromisoformat(str(text)) if text else None

    filters = Filters(date_from=day(request.get("date_from")), date_to=day(request.get("date_to")))
    if command == "scorecard":
        from .metrics.scorecards import scorecard_rows

        return scorecard_rows(con, filters, by=str(request.get("by") or "presales_owner"),
                              rank_by=str(request.get("rank_by") or "complaint_rate"))
    if command == "risk":
        from .metrics.risk import early_warning

        return early_warning(con, lang="en").as_json()
    raise ValueError(f"unknown command {command!r}")


def _refusal(error: BaseException, name: str) -> Message:
    from .ingest import IngestError

    if isinstance(error, (IngestError, store.StoreError)):
        return error.message
    if isinstance(error, (ValueError, KeyError)):  # a bad argument: its own sentence
        return Message("inbox.refused", {"text": str(error)})
    return store.explain(error, name).message


class Watcher:
    """Serve one store's inbox from the process that holds the store.

    ``con`` is the process's connection to the store (each job uses its own cursor, under
    :func:`store.writer`). :meth:`poll_once` does one pass (tests call it directly);
    :meth:`start` runs passes every ``poll_s`` seconds on a daemon thread and keeps the
    heartbeat fresh on another.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, store_path: str | Path, *,
                 poll_s: float = 1.0, settle_s: float = SETTLE_S,
                 on_change: Callable[[], None] | None = None) -> None:
        self.con = con
        self.store_path = Path(store_path)
        self.dir = inbox_dir(store_path)
        self.poll_s = poll_s
        self.settle_s = settle_s
        self.on_change = on_change
        self.started = time.time()
        self._seen: dict[str, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # lifecycle

    def start(self) -> Watcher:
        for sub in ("", REQUESTS, IMPORTED, FAILED):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        self.beat()
        work = threading.Thread(target=self._work, name="pulse-inbox", daemon=True)
        beat = threading.Thread(target=self._beat, args=(work,), name="pulse-inbox-beat",
                                daemon=True)
        self._threads = [work, beat]
        work.start()
        beat.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)
        (self.dir / HEARTBEAT).unlink(missing_ok=True)

    @property
    def alive(self) -> bool:
        return bool(self._threads) and self._threads[0].is_alive()

    def beat(self) -> None:
        try:
            _write_json(self.dir / HEARTBEAT, {
                "pid": os.getpid(), "host": socket.gethostname(), "store": self.store_path.name,
                "beat": time.time(), "started": self.started})
        except OSError as e:
            _log.warning("inbox heartbeat not written: %s", e)

    def _beat(self, work: threading.Thread) -> None:
        while not self._stop.wait(BEAT_EVERY_S):
            if not work.is_alive():
                return
            self.beat()

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception:  # noqa: BLE001 - one bad pass must not end the service
                _log.exception("inbox pass failed")
            self._stop.wait(self.poll_s)

    # one pass

    def poll_once(self) -> list[Handled]:
        """Answer waiting requests, then import dropped files that have settled."""
        done: list[Handled] = []
        requests = self.dir / REQUESTS
        if requests.is_dir():
            for entry in sorted(requests.iterdir()):
                if entry.is_dir() and not entry.name.startswith(".") and "." not in entry.name:
                    done.append(self._answer(entry))
            self._sweep(requests)
        for entry in self._settled():
            done.append(self._import_dropped(entry))
        if any(h.ok for h in done) and self.on_change is not None:
            self.on_change()
        return done

    def _settled(self) -> list[Path]:
        """Dropped files whose size and time stood still since the last pass and for
        ``settle_s``."""
        if not self.dir.is_dir():
            return []
        now = time.time()
        ready, seen = [], {}
        for entry in sorted(self.dir.iterdir()):
            name = entry.name
            if not entry.is_file() or name.startswith(_SKIP_PREFIXES) or name.lower().endswith(_SKIP_SUFFIXES):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            seen[name] = (st.st_size, st.st_mtime_ns)
            if self._seen.get(name) == seen[name] and now - st.st_mtime >= self.settle_s:
                ready.append(entry)
        self._seen = {k: v for k, v in seen.items() if k not in {p.name for p in ready}}
        return ready

    def _import_dropped(self, path: Path) -> Handled:
        from . import safe_import  # a dropped file is parsed in a worker process

        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        try:
            report = safe_import.import_file(self.con, path, imported_by="inbox")
        except Exception as e:  # noqa: BLE001 - every refusal is reported beside the file
            reason = _refusal(e, path.name)
            target = self.dir / FAILED / f"{stamp} {path.name}"
            _move(path, target)
            try:
                target.with_name(target.name + ".txt").write_text(
                    f"{reason.text('en')}\n{reason.text('zh')}\n", encoding="utf-8")
            except OSError:
                pass
            return Handled("file", path.name, False, reason.text("en"))
        batch_ids = tuple(s.batch_id for s in report.sheets if s.batch_id is not None)
        label = "+".join(str(b) for b in batch_ids)
        _move(path, self.dir / IMPORTED / f"{stamp} batch {label} {path.name}")
        return Handled("file", path.name, True, f"{report.imported} rows", batch_ids)

    def _answer(self, entry: Path) -> Handled:
        taken = entry.with_name(entry.name + ".taken")
        try:
            os.rename(entry, taken)
        except OSError:  # withdrawn meanwhile
            return Handled("request", entry.name, False, "withdrawn")
        request = _read_json(taken / "request.json")
        result: dict[str, Any]
        try:
            if not isinstance(request, dict):
                raise ValueError("unreadable request")
            value = self._carry_out(request, taken)
            result = {"ok": True, "value": value}
        except Exception as e:  # noqa: BLE001 - the caller gets the sentence
            name = str((request or {}).get("file_name") or self.store_path.name) \
                if isinstance(request, dict) else self.store_path.name
            result = {"ok": False, "error": _message(_refusal(e, name))}
        try:
            _write_json(taken / "result.json", result)
        except OSError:  # the caller gave up and removed it
            pass
        return Handled("request", entry.name, bool(result["ok"]),
                       str((request or {}).get("command", "")) if isinstance(request, dict) else "")

    def _carry_out(self, request: dict[str, Any], folder: Path) -> Any:
        from . import safe_import

        command = request.get("command")
        by = request.get("by")
        if command == "import":
            last = [0.0]

            def progress(fraction: float, text: str) -> None:
                if time.monotonic() - last[0] > 0.5 or fraction >= 1:
                    last[0] = time.monotonic()
                    try:
                        _write_json(folder / "progress.json", {"fraction": fraction, "text": text})
                    except OSError:
                        pass

            report = safe_import.import_file(  # parsed in a worker process, written in turn
                self.con, folder / str(request["file"]), file_name=request.get("file_name"),
                table=request.get("table"), mapping=request.get("mapping"),
                progress=progress, imported_by=by)
            return encode_report(report)
        if command == "undo":
            row = store.undo(self.con, int(request["batch"]), by=by)
            return {"batch_id": int(row["batch_id"]), "file_name": row["file_name"],
                    "table_name": row["table_name"]}
        if command == "batches":
            return batch_records(self.con)
        if command in ("metrics", "health"):
            from .filters import Filters
            from .metrics.headline import headline_with_targets
            from .metrics.portfolio import health_records

            def day(text: object) -> date | None:
                return date.fromisoformat(str(text)) if text else None

            period = Filters(date_from=day(request.get("date_from")),
                             date_to=day(request.get("date_to")))
            compute = headline_with_targets if command == "metrics" else health_records
            return compute(self.con, period)
        if command == "flow":
            from .filters import Filters
            from .metrics.flow import flow

            def on(text: object) -> date | None:
                return date.fromisoformat(str(text)) if text else None

            return flow(self.con, Filters(date_from=on(request.get("date_from")),
                                          date_to=on(request.get("date_to"))),
                        grain=str(request.get("grain") or "week"))
        if command == "backup":
            store.backup(self.con, folder / "backup.duckdb")
            return {"file": "backup.duckdb"}
        if command in ACCOUNTABILITY_COMMANDS:
            return carry_out(self.con, str(command), request)
        if command == "report":
            from .report import write_retro

            write_retro(self.con, str(request["quarter"]), folder / "retro.xlsx")
            return {"file": "retro.xlsx"}
        raise ValueError(f"unknown command {command!r}")

    def _sweep(self, requests: Path) -> None:
        """Remove answered requests nobody collected and staging left by a crashed caller."""
        now = time.time()
        for entry in requests.iterdir():
            try:
                if now - entry.stat().st_mtime > 24 * 3600:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                continue


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    final = target
    while final.exists():
        n += 1
        final = target.with_name(f"{target.stem} ({n}){target.suffix}")
    try:
        os.replace(source, final)
    except OSError:
        shutil.move(str(source), str(final))
