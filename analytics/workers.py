"""Untrusted work (parsing an uploaded file, running an ad-hoc SQL statement) in a worker process.

Why a process of its own, and not a thread with a watchdog: some inputs do not fail politely.
python-calamine aborts the whole process (SIGABRT, uncatchable) when a cell reference asks it
to allocate terabytes; a DuckDB scalar function such as ``repeat`` or ``list_resize`` allocates
outside the buffer manager, so ``memory_limit`` does not stop it; an interrupt is only a
request. A worker is confined before it sees the input: an address-space limit (``RLIMIT_AS``),
a CPU-time limit, a file-size limit, no core dumps, and a temporary directory of its own that it
also runs in (DuckDB's default spill directory ``.tmp`` is relative). The caller's thread waits
for it with a wall-clock deadline and ends it with SIGKILL when that passes, when its temporary
directory grows past the cap, or when its answer is too large. Whatever happens in the worker,
the caller gets either the task's return value, the exception the task raised, or
:class:`WorkerFailed` saying which limit was hit — the server and every other session go on.

Workers are started with the ``forkserver`` method: a clean single-threaded server process
(started by exec, with the engine's modules imported once) forks each worker, so a worker
never inherits the threads or locks of Streamlit or of an open DuckDB connection (forking the
server process itself could deadlock), and starting one costs milliseconds rather than the
seconds a ``spawn`` start spends importing pandas and DuckDB. Each task gets a fresh worker
that exits afterwards, so nothing of one session's input survives into another's task; at
most ``settings.worker_processes`` run at once, others wait their turn.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from .settings import SETTINGS, Settings

log = logging.getLogger(__name__)
R = TypeVar("R")

#: Temporary directories of workers start with this; a directory left by a killed server is
#: removed by the next sweep (see :func:`sweep_stale`).
TEMP_PREFIX = "pulse-worker-"
#: How often the waiting thread looks at the worker (temp size, memory high-water mark).
POLL_S = 0.1
#: Modules the fork server imports once, so every worker starts with them loaded.
PRELOAD = ("analytics.workers", "analytics.explore", "analytics.ingest", "pyarrow")
MB = 1 << 20
#: Address space a worker may take beyond its memory budget: DuckDB's allocator reserves about
#: 0.6 GB for a database instance (thread arenas) that it never touches. Resident memory, not
#: this, is what a task really costs (``Outcome.peak_mb``).
ENGINE_RESERVE_MB = 1024

#: Why a worker did not return: each has a sentence for files and one for SQL (``worker.*``).
REASONS = ("memory", "time", "temp", "result", "busy", "crashed")


@dataclass(frozen=True)
class Limits:
    """Hard limits of one task. ``memory_mb`` is the worker's whole address space."""

    memory_mb: int
    wall_s: float
    cpu_s: float
    temp_mb: int
    result_mb: int

    @classmethod
    def for_files(cls, settings: Settings | None = None) -> Limits:
        s = settings or SETTINGS
        return cls(s.worker_memory_mb, s.parse_timeout_s, s.parse_timeout_s, s.worker_temp_mb,
                   s.parse_result_mb)

    @classmethod
    def for_sql(cls, timeout_s: float, settings: Settings | None = None) -> Limits:
        s = settings or SETTINGS
        # DuckDB runs on several threads, and CPU time counts each of them
        return cls(s.worker_memory_mb, timeout_s, timeout_s * max(os.cpu_count() or 1, 1) + 1,
                   s.worker_temp_mb, s.sql_result_mb)


class WorkerFailed(Exception):
    """The task did not return: a limit was hit or the worker died.

    ``reason`` is one of :data:`REASONS`; ``limit`` the figure the sentence quotes (``"2 GB"``,
    seconds); ``peak_mb`` the worker's memory high-water mark as last seen.
    """

    def __init__(self, reason: str, limit: object = None, peak_mb: float | None = None,
                 detail: str = "") -> None:
        self.reason = reason
        self.limit = limit
        self.peak_mb = peak_mb
        self.detail = detail
        super().__init__(f"worker stopped: {reason} (limit {limit}){': ' + detail if detail else ''}")

    def key(self, kind: str) -> str:
        """The translation key of this failure for ``kind`` "file" or "sql"."""
        return f"worker.{kind}.{self.reason}"

    def params(self) -> dict[str, object]:
        return {"limit": self.limit}


@dataclass
class Outcome:
    """What one task cost, kept for the last tasks (benchmarks, tests, the server log)."""

    task: str
    seconds: float
    peak_mb: float
    result: str  # "ok", "raised" or a WorkerFailed reason


#: The last outcomes, newest last (at most 100).
HISTORY: list[Outcome] = []
_history_lock = threading.Lock()


def size_text(mb: int) -> str:
    """``2048`` -> ``"2 GB"``, ``512`` -> ``"512 MB"``: how the sentences quote a limit."""
    return f"{mb / 1024:g} GB" if mb >= 1024 and mb % 512 == 0 else f"{mb:,} MB"


# --------------------------------------------------------------------------- the caller's side

_context_lock = threading.Lock()
_context: Any = None
_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slot_count = 0


class _Popen(popen_forkserver.Popen):
    """The fork server's launcher, without the parent's ``__main__``.

    multiprocessing normally has every child import the parent's main script again (as
    ``__mp_main__``); a worker needs only the engine, and a script without a main guard would
    otherwise start over in every worker. The rest is ``popen_forkserver.Popen._launch``.
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)
        close = util.close_fds  # type: ignore[attr-defined]  # not in the stubs
        self.finalizer = util.Finalize(self, close, (parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _WorkerProcess(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:  # noqa: N802 - multiprocessing's name
        return _Popen(process_obj)


def _mp_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(list(PRELOAD))
            _context = ctx
        return _context


def _semaphore(settings: Settings) -> threading.BoundedSemaphore:
    global _slots, _slot_count
    with _slots_lock:
        if _slots is None or _slot_count != settings.worker_processes:
            _slot_count = max(1, settings.worker_processes)
            _slots = threading.BoundedSemaphore(_slot_count)
        return _slots


def temp_root() -> Path:
    """Where workers' temporary directories are made (the system temp dir)."""
    return Path(tempfile.gettempdir())


def run(fn: Callable[..., R], *args: Any, limits: Limits, settings: Settings | None = None,
        **kwargs: Any) -> R:
    """``fn(*args, **kwargs)`` in a fresh confined worker; its return value or its exception.

    ``fn`` must be a module-level function and its arguments and result picklable. Raises
    :class:`WorkerFailed` when a limit is hit or the worker dies, and when every worker slot
    stays taken for the whole wall-time limit ("busy").
    """
    settings = settings or SETTINGS
    slots = _semaphore(settings)
    if not slots.acquire(timeout=max(limits.wall_s, 1.0)):
        raise WorkerFailed("busy", settings.worker_processes)
    try:
        return _run_in_worker(fn, args, kwargs, limits)
    finally:
        slots.release()


def _run_in_worker(fn: Callable[..., R], args: tuple[Any, ...], kwargs: dict[str, Any],
                   limits: Limits) -> R:
    ctx = _mp_context()
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=temp_root()))
    receiver, sender = ctx.Pipe(duplex=False)
    name = getattr(fn, "__qualname__", "task")
    process = _WorkerProcess(target=_child, args=(sender, fn, args, kwargs, limits, str(temp)),
                          name=f"pulse-{name}", daemon=True)
    started = time.monotonic()
    peak = 0.0
    result_label = "crashed"
    try:
        process.start()
        sender.close()
        deadline = started + limits.wall_s
        temp_cap = limits.temp_mb * MB
        while True:
            if receiver.poll(POLL_S):
                try:
                    payload = receiver.recv_bytes(maxlength=limits.result_mb * MB + (1 << 16))
                except EOFError:  # the worker died without a word
                    process.join(5)
                    result_label = _death_reason(process.exitcode)
                    raise WorkerFailed(result_label, _limit_of(result_label, limits), peak,
                                       detail=f"exit code {process.exitcode}") from None
                except OSError:  # longer than maxlength: the worker could not tell itself
                    _kill(process)
                    result_label = "result"
                    raise WorkerFailed("result", size_text(limits.result_mb), peak) from None
                status, value, child_peak = pickle.loads(payload)
                peak = max(peak, child_peak)
                result_label = status
                if status == "ok":
                    return value
                if status == "raised":
                    raise value
                raise WorkerFailed(status, _limit_of(status, limits), peak)
            peak = max(peak, _high_water_mb(process.pid))
            if time.monotonic() > deadline:
                _kill(process)
                result_label = "time"
                raise WorkerFailed("time", limits.wall_s, peak)
            if _tree_size(temp) > temp_cap:
                _kill(process)
                result_label = "temp"
                raise WorkerFailed("temp", size_text(limits.temp_mb), peak)
    finally:
        _kill(process)
        receiver.close()
        shutil.rmtree(temp, ignore_errors=True)
        _record(Outcome(name, time.monotonic() - started, peak, result_label))


def _limit_of(reason: str, limits: Limits) -> object:
    return {"memory": size_text(limits.memory_mb), "time": limits.wall_s,
            "temp": size_text(limits.temp_mb), "result": size_text(limits.result_mb)}.get(reason)


def _death_reason(exitcode: int | None) -> str:
    """Why a worker that sent nothing died, from its exit status."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time"  # RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one
    if exitcode == -signal.SIGXFSZ:
        return "temp"
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
        # under RLIMIT_AS a native allocation failure aborts (Rust) or crashes (C++)
        return "memory"
    return "crashed"


def _kill(process: Any) -> None:
    if process.pid is None:
        return
    if process.is_alive():
        try:
            os.kill(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.join(5)


def _high_water_mb(pid: int | None) -> float:
    """The worker's resident-memory high-water mark (VmHWM), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _tree_size(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_blocks * 512
            except OSError:
                continue
    return total


def _record(outcome: Outcome) -> None:
    with _history_lock:
        HISTORY.append(outcome)
        del HISTORY[:-100]
    log.info("worker %s: %s in %.2f s, peak %.0f MB", outcome.task, outcome.result,
             outcome.seconds, outcome.peak_mb)


def sweep_stale(max_age_s: float = 3600) -> None:
    """Remove worker temp dirs older than ``max_age_s`` (left behind by a killed server)."""
    now = time.time()
    for d in temp_root().glob(TEMP_PREFIX + "*"):
        try:
            if d.is_dir() and now - d.stat().st_mtime > max_age_s:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            continue


def warm_up() -> None:
    """Start the fork server now (it imports the engine once, a few seconds), so the next
    upload or query does not wait for it. Safe to call from any thread, more than once.
    (Not done at the app's start: it would compete with the first page's render.)"""
    try:
        run(_nothing, limits=Limits(SETTINGS.worker_memory_mb, 60, 60, 16, 1))
    except Exception:  # noqa: BLE001 - warming up is an optimisation; real calls report
        log.warning("worker warm-up failed", exc_info=True)


def _nothing() -> None:
    return None


# --------------------------------------------------------------------------- the worker's side


def _child(sender: Connection, fn: Callable[..., Any], args: tuple[Any, ...],
           kwargs: dict[str, Any], limits: Limits, temp: str) -> None:
    """The worker: confine, run the task, send one pickled answer, exit."""
    status, value = "crashed", None
    try:
        try:
            _confine(limits, temp)
        except Exception as e:  # noqa: BLE001 - unconfined, the task must not run at all
            sender.send_bytes(_pickle_answer("raised", RuntimeError(f"worker not confined: {e}")))
            return
        try:
            status, value = "ok", fn(*args, **kwargs)
        except MemoryError:
            status, value = "memory", None
        except BaseException as e:  # noqa: BLE001 - handed to the caller as it is
            status, value = "raised", e
        payload = _pickle_answer(status, value)
        if len(payload) > limits.result_mb * MB:
            payload = pickle.dumps(("result", None, _own_peak_mb()))
        sender.send_bytes(payload)
    finally:
        sender.close()
        os._exit(0)


def _pickle_answer(status: str, value: Any) -> bytes:
    try:
        return pickle.dumps((status, value, _own_peak_mb()), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None, _own_peak_mb()))
    except Exception as e:  # noqa: BLE001 - an exception that cannot be pickled
        return pickle.dumps(("raised", RuntimeError(f"{type(value).__name__}: {value}"[:500]
                                                    if status == "raised" else repr(e)[:500]),
                             _own_peak_mb()))


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _confine(limits: Limits, temp: str) -> None:
    """Limits that hold for the rest of this process's life, set before any input is seen."""
    # address space: what the worker holds already (the engine's code and libraries), the
    # task's budget, and what DuckDB's allocator reserves without using (~0.6 GB a database)
    memory = _address_space() + (limits.memory_mb + ENGINE_RESERVE_MB) * MB
    _lower(resource.RLIMIT_AS, memory, memory)
    cpu = max(1, int(limits.cpu_s + 0.999))
    _lower(resource.RLIMIT_CPU, cpu, cpu + 1)
    size = limits.temp_mb * MB
    _lower(resource.RLIMIT_FSIZE, size, size)
    _lower(resource.RLIMIT_CORE, 0, 0)
    os.environ["TMPDIR"] = temp
    tempfile.tempdir = temp
    os.chdir(temp)


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above the one the worker inherited: the caller may run under a
    stricter one (a test's 1 MB file size, an administrator's ulimit), which still holds."""
    old_soft, old_hard = resource.getrlimit(kind)
    if old_hard != resource.RLIM_INFINITY:
        hard = min(hard, old_hard)
    if old_soft != resource.RLIM_INFINITY:
        soft = min(soft, old_soft)
    resource.setrlimit(kind, (min(soft, hard), hard))


def _address_space() -> int:
    with open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


__all__ = ["HISTORY", "Limits", "Outcome", "REASONS", "TEMP_PREFIX", "WorkerFailed", "run",
           "size_text", "sweep_stale", "warm_up"]
