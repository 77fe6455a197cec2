"""Delivery Pulse at scale: import, metrics and page latency, peak memory, and the pandas route.

Run from the repository root::

    .venv/bin/python benchmarks/run.py            # the full portfolio, 3 runs per figure
    .venv/bin/python benchmarks/run.py --quick    # a smaller portfolio, 1 run (smoke test)

It generates a portfolio with :func:`analytics.demo.generate` in ``benchmarks/work/`` (5,000
projects, 1,000,000 tickets, 200,000 survey responses as CSV files written the way
``write_demo`` writes them, plus a 100,000-row xlsx of tickets), then measures, each figure the
median of several runs:

* importing each file into a fresh store (``ingest.import_file`` and closing the store, what
  ``python -m analytics import`` does), each run in its own process so its peak memory is its own;
* end to end: the three CSVs into one store, then the headline figures (complaint rate by
  month, resolution median / p90 by priority, CSAT %); the last run's store is the big store;
* every metrics call the pages make, called directly on the big store, under the default
  filters (all data) and narrow ones (one customer, one quarter);
* a full AppTest run of every page on the big store, with empty caches and warm (a rerun);
* the route a user would otherwise take: ``pandas.read_csv`` / ``pandas.read_excel(engine=
  "openpyxl")`` and pandas groupby for the same figures, and the ratio of the two routes.

It prints a table (what, n, median, target, met) and writes ``benchmarks/results.json`` (with
``--quick``: ``benchmarks/work/results-quick.json``). Timings are reported, never asserted.
Generated files are reused while the generator and the sizes are unchanged (``--regenerate``
forces a fresh set); generation time is reported apart and is not part of any measured figure.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH = ROOT / "benchmarks"
WORK = BENCH / "work"
RESULTS = BENCH / "results.json"
README = BENCH / "README.md"
README_START, README_END = "<!-- figures:start -->", "<!-- figures:end -->"

PROFILES: dict[str, dict[str, int]] = {
    "full": {"projects": 5_000, "tickets": 1_000_000, "surveys": 200_000, "xlsx_tickets": 100_000,
             "runs": 3},
    "quick": {"projects": 500, "tickets": 100_000, "surveys": 20_000, "xlsx_tickets": 10_000,
              "runs": 1},
}
GENERATION_FORMAT = 2  # bump when the way files are written here changes

# Targets from the issue (seconds, milliseconds, bytes, ratio).
TARGET_CSV_TICKETS_S = 10.0
TARGET_XLSX_S = 5.0
TARGET_METRIC_MS = 300.0
TARGET_PAGE_S = 1.5
TARGET_PEAK_BYTES = 2 * 1024**3
TARGET_RATIO = 10.0

CSV_FILES = ("projects", "tickets", "surveys")
XLSX_NAME = "tickets_xlsx.xlsx"
# The store is built from UTF-8 surveys; the same rows in GB18030 (as write_demo writes its
# surveys CSV, and as Excel on a Chinese Windows saves CSV) are measured as an import of their own.
GB_SURVEYS = "surveys_gb18030"
CSV_ENCODING = {"projects": "utf-8", "tickets": "utf-8-sig", "surveys": "utf-8"}
STORE_NAME = "store.duckdb"


# ==============================================================================================
# helpers
# ==============================================================================================


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rss_bytes_self() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def machine() -> dict[str, Any]:
    """What the figures were measured on (no host names, no paths)."""
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for dist in ("duckdb", "pandas", "numpy", "streamlit", "openpyxl", "python-calamine", "pyarrow",
                 "plotly"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_model": cpu or platform.processor() or None,
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "ram_bytes": ram,
        "ram_gb": round(ram / 1024**3, 1) if ram else None,
        "versions": versions,
    }


def cpu_busy_seconds() -> float:
    """CPU time all processes on the machine have used so far (from /proc/stat), in seconds."""
    try:
        with open("/proc/stat") as fh:
            values = [int(v) for v in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    busy = sum(values) - values[3] - values[4]  # minus idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


QUIET_CORES = 0.25  # the machine counts as quiet when others keep less than this busy
MAX_QUIET_WAIT_S = 120.0


def wait_until_quiet(max_wait: float) -> float:
    """Wait (up to ``max_wait`` seconds) until other processes leave the CPUs idle, so a
    shared machine's other work does not land in the figures; returns the seconds waited."""
    started = time.perf_counter()
    while True:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        if cpu_busy_seconds() - before < QUIET_CORES or time.perf_counter() - started >= max_wait:
            return time.perf_counter() - started


def run_worker(name: str, spec: dict[str, Any], max_wait: float = 0.0) -> dict[str, Any]:
    """Run one measurement in a child process: its result, its peak RSS, and how much CPU
    other processes used meanwhile (the contention the figure was measured under)."""
    waited = wait_until_quiet(max_wait) if max_wait > 0 else 0.0
    tmp = WORK / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    fd, out = tempfile.mkstemp(prefix=f"{name}-", suffix=".json", dir=tmp)
    os.close(fd)
    spec = {**spec, "out": out}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--spec", json.dumps(spec)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    busy_before = cpu_busy_seconds()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=str(ROOT), env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    own_cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, cpu_busy_seconds() - busy_before - own_cpu)
    try:
        result = json.loads(Path(out).read_text() or "{}")
    except (OSError, json.JSONDecodeError):
        result = {}
    Path(out).unlink(missing_ok=True)
    if proc.returncode != 0:
        result.setdefault("error", f"worker {name} exited with {proc.returncode}")
    result["process_wall_s"] = wall
    result["process_cpu_s"] = own_cpu
    result["peak_rss_bytes"] = usage.ru_maxrss * 1024
    result["others_cpu_s"] = others
    result["others_cores"] = others / wall if wall > 0 else 0.0  # mean cores others kept busy
    result["waited_for_quiet_s"] = waited
    return result


def fmt_s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f} s"


def fmt_ms(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def fmt_bytes(v: float | None) -> str:
    return "—" if v is None else f"{v / 1024**2:,.0f} MB"


def fmt_ratio(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}x" if v >= 1 else f"{v:.2f}x"


# ==============================================================================================
# workers (each runs in its own process)
# ==============================================================================================


def _paths(work: Path) -> dict[str, Path]:
    out = {name: work / f"{name}.csv" for name in (*CSV_FILES, GB_SURVEYS)}
    out["xlsx"] = work / XLSX_NAME
    return out


def worker_generate(spec: dict[str, Any]) -> dict[str, Any]:
    """Write the portfolio: three CSVs as write_demo writes them, and an xlsx of tickets."""
    from analytics import demo

    work = Path(spec["work"])
    work.mkdir(parents=True, exist_ok=True)
    sizes = spec["sizes"]
    paths = _paths(work)
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    frames = demo.generate(demo.DEFAULT_SEED, n_projects=sizes["projects"],
                           n_tickets=sizes["tickets"], n_surveys=sizes["surveys"])
    timings["generate_frames_s"] = time.perf_counter() - t0
    rows = {}
    for name in CSV_FILES:
        t0 = time.perf_counter()
        sheet = demo.export_frame(name, frames.pop(name))
        text = demo._csv_text(sheet)
        del sheet
        csv = text.to_csv(index=False, lineterminator="\r\n" if name != "projects" else "\n")
        rows[name] = len(text)
        del text
        paths[name].write_bytes(csv.encode(CSV_ENCODING[name]))
        if name == "surveys":
            paths[GB_SURVEYS].write_bytes(csv.encode(demo.CSV_ENCODINGS["surveys"]))
        del csv
        timings[f"write_{name}_csv_s"] = time.perf_counter() - t0

    # The xlsx: its own draw of tickets (spread over the whole history, like a real export),
    # written by the demo's workbook writer (openpyxl in write-only mode).
    t0 = time.perf_counter()
    small = demo.generate(demo.DEFAULT_SEED + 1, n_projects=sizes["projects"],
                          n_tickets=sizes["xlsx_tickets"], n_surveys=0)["tickets"]
    sheet = demo.export_frame("tickets", small)
    text = demo._csv_text(sheet)
    timings["xlsx_prepare_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    paths["xlsx"].write_bytes(demo._workbook_bytes({"tickets": sheet}, {"tickets": text}))
    timings["xlsx_write_s"] = time.perf_counter() - t0
    rows["xlsx"] = len(sheet)
    return {"timings": timings, "rows": rows,
            "bytes": {k: p.stat().st_size for k, p in paths.items()}}


def worker_import(spec: dict[str, Any]) -> dict[str, Any]:
    """One file into a fresh store, as the CLI does (import_file, then close)."""
    from analytics import ingest, store

    path = Path(spec["path"])
    db = Path(spec["db"])
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    con = store.connect(db)
    t0 = time.perf_counter()
    report = ingest.import_file(con, path)
    t1 = time.perf_counter()
    con.close()  # writes the data file (checkpoint)
    t2 = time.perf_counter()
    if not spec.get("keep"):
        for p in (db, db.with_name(db.name + ".wal")):
            p.unlink(missing_ok=True)
    return {
        "import_s": t1 - t0, "close_s": t2 - t1, "total_s": t2 - t0,
        "rows_read": sum(s.rows_read for s in report.sheets),
        "rows_imported": sum(s.rows_imported for s in report.sheets),
        "rows_rejected": sum(s.rows_rejected for s in report.sheets),
        "tables": [s.table for s in report.sheets],
        "self_peak_rss_bytes": rss_bytes_self(),
    }


def _figures_ours(con) -> dict[str, Any]:
    """The headline figures through the engine, with the time of each call."""
    from analytics import metrics
    from analytics.filters import Filters

    times = {}
    t0 = time.perf_counter()
    trend = metrics.complaint_trend(con, Filters(), grain="month")
    times["complaint_rate_by_month_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = metrics.cycle_time_stats(con, Filters(), by="priority")
    times["resolution_by_priority_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    sat = metrics.satisfaction_summary(con, Filters())
    times["csat_s"] = time.perf_counter() - t0
    figures = {
        "complaint_rate_by_month": {
            str(p)[:7]: (None if r != r else r) for p, r in zip(trend["period"], trend["complaint_rate"])
            if r is not None},
        "resolution_by_priority": {
            str(row.priority): [row.resolution_median_hours, row.resolution_p90_hours]
            for row in res.itertuples() if row.priority is not None},
        "csat": sat.csat_pct,
    }
    return {"times": times, "figures": figures}


def worker_e2e_csv(spec: dict[str, Any]) -> dict[str, Any]:
    """The three CSVs into one fresh store, then the headline figures."""
    from analytics import ingest, store

    db = Path(spec["db"])
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    paths = _paths(Path(spec["work"]))
    start = time.perf_counter()
    con = store.connect(db)
    imports = {}
    for name in CSV_FILES:
        t0 = time.perf_counter()
        ingest.import_file(con, paths[name])
        imports[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute("CHECKPOINT")
    imports["checkpoint"] = time.perf_counter() - t0
    ours = _figures_ours(con)
    total = time.perf_counter() - start
    counts = store.table_counts(con)
    con.close()
    return {"import_s": imports, "figures_s": ours["times"], "total_s": total,
            "figures": ours["figures"], "counts": counts, "self_peak_rss_bytes": rss_bytes_self()}


def worker_e2e_xlsx(spec: dict[str, Any]) -> dict[str, Any]:
    """The xlsx into a fresh store, then resolution median / p90 by priority."""
    from analytics import ingest, metrics, store
    from analytics.filters import Filters

    db = Path(spec["db"])
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    start = time.perf_counter()
    con = store.connect(db)
    ingest.import_file(con, _paths(Path(spec["work"]))["xlsx"])
    t_import = time.perf_counter() - start
    t0 = time.perf_counter()
    res = metrics.cycle_time_stats(con, Filters(), by="priority")
    t_fig = time.perf_counter() - t0
    total = time.perf_counter() - start
    con.close()
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    figures = {str(r.priority): [r.resolution_median_hours, r.resolution_p90_hours]
               for r in res.itertuples() if r.priority is not None}
    return {"import_s": t_import, "figures_s": t_fig, "total_s": total,
            "figures": {"resolution_by_priority": figures}, "self_peak_rss_bytes": rss_bytes_self()}


# -- the pandas route --------------------------------------------------------------------------


def _pandas_resolution(created, resolved, closed, priority) -> dict[str, list[float]]:
    ended = resolved.fillna(closed)
    hours = (ended - created).dt.total_seconds() / 3600
    ok = hours.notna() & (hours >= 0) & priority.notna()
    q = hours[ok].groupby(priority[ok]).quantile([0.5, 0.9]).unstack()
    return {str(k): [float(v[0.5]), float(v[0.9])] for k, v in q.iterrows()}


def worker_pandas_csv(spec: dict[str, Any]) -> dict[str, Any]:
    """What a user would do with pandas: read the CSVs, then group by for the same figures."""
    import numpy as np
    import pandas as pd

    from analytics import demo

    H = demo.HEADERS
    paths = _paths(Path(spec["work"]))
    reads = {}
    frames = {}
    start = time.perf_counter()
    for name in CSV_FILES:
        t0 = time.perf_counter()
        frames[name] = pd.read_csv(paths[name], encoding=CSV_ENCODING[name])
        reads[name] = time.perf_counter() - t0
    t_read = time.perf_counter() - start

    t0 = time.perf_counter()
    P, T, S = frames["projects"], frames["tickets"], frames["surveys"]
    ph, th, sh = H["projects"], H["tickets"], H["surveys"]
    iso = "%Y-%m-%d %H:%M:%S"
    created = pd.to_datetime(T[th["created_at"]], format=iso)
    resolved = pd.to_datetime(T[th["resolved_at"]], format=iso)
    closed_t = pd.to_datetime(T[th["closed_at"]], format=iso)

    # complaint rate by month: active projects with >= 1 complaint raised that month / active
    words = demo.VALUE_WORDS["tickets"]
    flag = T[th["is_complaint"]].map({words["is_complaint"][True]: True,
                                      words["is_complaint"][False]: False})
    complaint = flag.fillna(T[th["type"]] == words["type"]["complaint"]).astype(bool)
    started = pd.to_datetime(P[ph["kickoff_date"]]).fillna(pd.to_datetime(P[ph["signed_date"]]))
    p_closed = pd.to_datetime(P[ph["closed_date"]])
    live = (P[ph["status"]].fillna("") != "cancelled").to_numpy()
    pid = P[ph["project_id"]].to_numpy()
    month = created.dt.to_period("M")
    pairs = pd.DataFrame({"m": month[complaint], "p": T.loc[complaint, th["project_id"]]}).dropna()
    pairs = pairs.drop_duplicates()
    by_month = pairs.groupby("m")["p"].agg(set)
    last_day = created.max().normalize()
    rate = {}
    for m in pd.period_range(month.min(), month.max(), freq="M"):
        first, last = m.start_time, min(m.end_time.normalize(), last_day)
        active = (started <= last).to_numpy() & (p_closed.isna() | (p_closed >= first)).to_numpy() & live
        n = int(active.sum())
        hit = by_month.get(m, set())
        k = int(np.isin(pid[active], list(hit)).sum()) if hit else 0
        rate[str(m)] = k / n if n else None

    # resolution median / p90 by priority, hours
    resolution = _pandas_resolution(created, resolved, closed_t, T[th["priority"]])

    # CSAT %: share of 1-5 scores >= 4
    score = pd.to_numeric(S[sh["score"]], errors="coerce")
    scored = score.between(1, 5)
    csat = float((score[scored] >= 4).mean()) if scored.any() else None
    t_fig = time.perf_counter() - t0
    return {"read_s": reads, "read_total_s": t_read, "figures_s": t_fig,
            "total_s": time.perf_counter() - start,
            "figures": {"complaint_rate_by_month": rate, "resolution_by_priority": resolution,
                        "csat": csat},
            "self_peak_rss_bytes": rss_bytes_self()}


def worker_pandas_xlsx(spec: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd

    from analytics import demo

    th = demo.HEADERS["tickets"]
    start = time.perf_counter()
    T = pd.read_excel(_paths(Path(spec["work"]))["xlsx"], engine="openpyxl")
    t_read = time.perf_counter() - start
    t0 = time.perf_counter()
    resolution = _pandas_resolution(pd.to_datetime(T[th["created_at"]]),
                                     pd.to_datetime(T[th["resolved_at"]]),
                                     pd.to_datetime(T[th["closed_at"]]), T[th["priority"]])
    t_fig = time.perf_counter() - t0
    return {"read_s": t_read, "figures_s": t_fig, "total_s": time.perf_counter() - start,
            "figures": {"resolution_by_priority": resolution}, "rows": len(T),
            "self_peak_rss_bytes": rss_bytes_self()}


# -- metrics -----------------------------------------------------------------------------------

# Every metrics call a page can make: the metrics API and the sidebar's option query. Tokens:
# F = the filters of the run, Q = the narrow quarter, PID = the busiest project. The calls the
# pages actually make (recorded from ui.query during the page runs) are added to these.
CATALOGUE: list[tuple[str, tuple, dict]] = [
    ("analytics.ui:filter_options", (), {}),
    ("analytics.store:table_counts", (), {}),
    ("analytics.store:batches", (), {}),
    ("analytics.metrics.headline:headline", ("F",), {}),
    ("analytics.metrics.complaints:complaint_kpis", ("F",), {}),
    ("analytics.metrics.complaints:complaint_trend", ("F",), {"grain": "month"}),
    ("analytics.metrics.complaints:complaint_trend", ("F",), {"grain": "week"}),
    ("analytics.metrics.complaints:complaint_breakdown", ("F",), {"by": "customer"}),
    ("analytics.metrics.complaints:complaint_breakdown", ("F",), {"by": "category"}),
    ("analytics.metrics.complaints:top_complaint_categories", ("F",), {}),
    ("analytics.metrics.complaints:complaint_tickets", ("F",), {}),
    ("analytics.metrics.cycle_times:cycle_time_stats", ("F",), {}),
    ("analytics.metrics.cycle_times:cycle_time_stats", ("F",), {"by": "priority"}),
    ("analytics.metrics.cycle_times:cycle_time_stats", ("F",), {"by": "customer"}),
    ("analytics.metrics.cycle_times:cycle_time_trend", ("F",), {"grain": "month"}),
    ("analytics.metrics.cycle_times:ticket_durations", ("F",), {"measure": "resolution"}),
    ("analytics.metrics.cycle_times:ticket_durations", ("F",), {"measure": "first_response"}),
    ("analytics.metrics.cycle_times:sla_attainment", ("F",), {"by": "priority"}),
    ("analytics.metrics.cycle_times:sla_attainment", ("F",), {"by": None}),
    ("analytics.metrics.cycle_times:backlog", ("F",), {}),
    ("analytics.metrics.cycle_times:backlog_tickets", ("F",), {}),
    ("analytics.metrics.cycle_times:backlog_trend", ("F",), {"grain": "month"}),
    ("analytics.metrics.cycle_times:reopen_rate", ("F",), {}),
    ("analytics.metrics.cycle_times:duration_issues", ("F",), {}),
    ("analytics.metrics.satisfaction:satisfaction_summary", ("F",), {}),
    ("analytics.metrics.satisfaction:satisfaction_trend", ("F",), {"grain": "month"}),
    ("analytics.metrics.satisfaction:satisfaction_breakdown", ("F",), {"by": "customer"}),
    ("analytics.metrics.satisfaction:satisfaction_breakdown", ("F",), {"by": "touchpoint"}),
    ("analytics.metrics.satisfaction:survey_comments", ("F",), {}),
    ("analytics.metrics.satisfaction:survey_comments", ("F",), {"search": "响应"}),
    ("analytics.metrics.delivery:delivery_kpis", ("F",), {}),
    ("analytics.metrics.delivery:delivery_trend", ("F",), {"grain": "quarter"}),
    ("analytics.metrics.delivery:golives", ("F",), {}),
    ("analytics.metrics.delivery:schedule_slip", ("F",), {}),
    ("analytics.metrics.delivery:projects_by_phase", ("F",), {}),
    ("analytics.metrics.delivery:renewal_rate", ("F",), {}),
    ("analytics.metrics.portfolio:project_health", ("F",), {}),
    ("analytics.metrics.portfolio:health_summary", ("F",), {}),
    ("analytics.metrics.portfolio:project_detail", ("PID",), {}),
    ("analytics.metrics.retro:retro_kpis", ("F",), {"quarter": "Q"}),
    ("analytics.metrics.retro:biggest_movers", ("F",), {"quarter": "Q"}),
    ("analytics.metrics.retro:rising_complaint_categories", ("F",), {"quarter": "Q"}),
    ("analytics.metrics.retro:retro", ("F",), {"quarter": "Q"}),
]


def resolve(fn_id: str):
    module, _, name = fn_id.partition(":")
    obj = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def function_id(fn) -> str:
    return f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', repr(fn))}"


def narrow_choice(con) -> dict[str, Any]:
    """One customer (the one with most tickets) and one quarter (the last complete quarter
    before the store's latest ticket), plus that customer's busiest project."""
    cur = con.cursor()
    customer, project = cur.execute(
        "SELECT coalesce(p.customer, t.customer) AS c, arg_max(t.project_id, n) FROM ("
        " SELECT project_id, any_value(customer) AS customer, count(*) AS n FROM tickets GROUP BY 1) t"
        " LEFT JOIN projects p USING (project_id) GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1").fetchone()
    last = cur.execute("SELECT max(created_at) FROM tickets").fetchone()[0]
    q_start = date(last.year, 3 * ((last.month - 1) // 3) + 1, 1)
    prev_end = q_start - timedelta(days=1)
    prev_start = date(prev_end.year, 3 * ((prev_end.month - 1) // 3) + 1, 1)
    quarter = f"{prev_start.year}Q{(prev_start.month - 1) // 3 + 1}"
    return {"customer": customer, "project": project, "date_from": prev_start.isoformat(),
            "date_to": prev_end.isoformat(), "quarter": quarter}


def filters_for(mode: str, choice: dict[str, Any]):
    from analytics.filters import Filters

    if mode == "default":
        return Filters()
    return Filters(customers=(choice["customer"],), date_from=date.fromisoformat(choice["date_from"]),
                   date_to=date.fromisoformat(choice["date_to"]))


def _describe(value: Any, base) -> str | None:
    """An argument as the table shows it; the run's own filters are left out."""
    from analytics.filters import Filters

    if isinstance(value, Filters):
        if value == base:
            return None
        dims = [f"{len(getattr(value, n))} {n}" for n in ("customers", "industries", "regions",
                                                           "teams", "delivery_modes", "projects")
                if getattr(value, n)]
        span = f"{value.date_from or '…'}..{value.date_to or '…'}"
        return "filters(" + ", ".join([span, *dims]) + ")"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def bind_call(fn, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The arguments after the connection, by parameter name (positional or keyword alike)."""
    import inspect

    try:
        bound = inspect.signature(fn).bind(None, *args, **kwargs)
        named = dict(list(bound.arguments.items())[1:])
        extra = named.pop("kwargs", {}) if "kwargs" in named and isinstance(named.get("kwargs"), dict) else {}
        return {**named, **extra}
    except (TypeError, ValueError):
        return {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs}


def call_label(fn_id: str, named: dict[str, Any], base) -> str:
    name = fn_id.split(":")[1]
    parts = []
    for k, v in named.items():
        shown = _describe(v, base)
        if shown is not None:
            parts.append(f"{k}={shown}")
    return f"{name}({', '.join(parts)})"


def _size_of(result: Any) -> int | None:
    try:
        return int(len(result))  # frames: rows
    except TypeError:
        return None


def _page_scripts() -> list[str]:
    """The pages app.py registers, in its order (read from its PAGES table)."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "PAGES" and node.value is not None:
            return [row[0] for row in ast.literal_eval(node.value) if (ROOT / row[0]).is_file()]
    return sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


# -- profiling what misses its target ----------------------------------------------------------


class _TimedCursor:
    """A cursor that records every statement it runs and how long ``execute`` took."""

    def __init__(self, cursor, log: list) -> None:
        self._cursor, self._log = cursor, log

    def execute(self, sql, params=None):
        t0 = time.perf_counter()
        result = self._cursor.execute(sql, params) if params is not None else self._cursor.execute(sql)
        self._log.append({"sql": sql, "params": params, "s": time.perf_counter() - t0})
        return result

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class _TimedConnection:
    def __init__(self, con, log: list) -> None:
        self._con, self._log = con, log

    def cursor(self):
        return _TimedCursor(self._con.cursor(), self._log)

    def execute(self, sql, params=None):
        return self.cursor().execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _operators(node: dict, out: list) -> None:
    for child in node.get("children", []):
        _operators(child, out)
    if "type" in node:
        info = node.get("extra_info") or {}
        detail = "; ".join(f"{k}: {v if not isinstance(v, list) else ', '.join(map(str, v))}"
                           for k, v in info.items() if k != "Estimated Cardinality")
        out.append({"operator": node["type"], "s": node.get("timing") or 0.0,
                    "rows": node.get("intermediate_rows"), "detail": detail[:240]})


def explain_statement(con, sql: str, params, scratch: Path) -> dict[str, Any]:
    """DuckDB's own profile of one statement: total time and its costliest operators."""
    out = scratch / "profile.json"
    cur = con.cursor()
    cur.execute("SET enable_profiling = 'json'")
    cur.execute(f"SET profiling_output = '{out}'")
    try:
        (cur.execute(sql, params) if params is not None else cur.execute(sql)).fetchall()
    finally:
        cur.execute("SET enable_profiling = 'no_output'")
    try:
        data = json.loads(out.read_text())
    except (OSError, json.JSONDecodeError):
        return {}
    ops: list[dict[str, Any]] = []
    for root in data.get("operator", []):
        _operators(root, ops)
    ops.sort(key=lambda o: -o["s"])
    query = data.get("query", {})

    def seconds(part: Any) -> float:
        if isinstance(part, dict):
            return part["total_time"] if "total_time" in part else sum(seconds(v) for v in part.values())
        return part if isinstance(part, (int, float)) else 0.0

    planning = sum(seconds(data.get(k)) for k in ("planner", "optimizer", "physical_planner"))
    return {"total_s": query.get("total_time"), "cpu_s": query.get("cpu_time"),
            "planning_s": planning, "operators_s": sum(o["s"] for o in ops),
            "peak_buffer_bytes": data.get("system", {}).get("peak_buffer_memory"),
            "top_operators": ops[:6]}


def profile_call(con, fn, args, kwargs, scratch: Path) -> dict[str, Any]:
    """Where one metrics call spends its time: its statements, the slowest one profiled."""
    log: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    fn(_TimedConnection(con, log), *args, **kwargs)
    total = time.perf_counter() - t0
    in_sql = sum(e["s"] for e in log)
    result: dict[str, Any] = {"total_s": total, "sql_execute_s": in_sql, "python_s": total - in_sql,
                              "statements": len(log)}
    if log:
        slow = max(log, key=lambda e: e["s"])
        result["slowest_statement_s"] = slow["s"]
        result["slowest_statement_sql"] = slow["sql"] if len(slow["sql"]) < 6000 else slow["sql"][:6000] + " ..."
        try:
            result["slowest_statement_profile"] = explain_statement(con, slow["sql"], slow["params"], scratch)
        except Exception as e:  # noqa: BLE001 - a profile is a bonus, not a figure
            result["slowest_statement_profile"] = {"error": f"{type(e).__name__}: {e}"}
    return result


def profile_rerun(at, top: int = 14) -> dict[str, Any]:
    """One warm rerun of a page under cProfile: the project's functions by cumulative time,
    and everything by own time. AppTest runs the script in a thread of its own, so the
    profiler is switched on inside the script runner's call."""
    import cProfile
    import pstats

    from streamlit.runtime.scriptrunner import script_runner

    prof = cProfile.Profile()
    original = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):
        prof.enable()
        try:
            return original(func, ctx)
        finally:
            prof.disable()

    script_runner.exec_func_with_error_handling = profiled
    t0 = time.perf_counter()
    try:
        at.run()
    finally:
        script_runner.exec_func_with_error_handling = original
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    rows = []
    for (path, line, name), (_, calls, own, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(path).name}:{line}({name})", "path": path, "calls": calls,
                     "own_s": own, "cumulative_s": cum})
    ours = [r for r in rows if str(ROOT) in r["path"] and "/.venv/" not in r["path"]
            and "/benchmarks/" not in r["path"]]
    strip = lambda rs: [{k: v for k, v in r.items() if k != "path"} for r in rs]  # noqa: E731
    return {"total_s": total,
            "ours_by_cumulative": strip(sorted(ours, key=lambda r: -r["cumulative_s"])[:top]),
            "all_by_own_time": strip(sorted(rows, key=lambda r: -r["own_s"])[:top])}


PAGE_REPEAT_LIMIT_S = 60.0  # a page slower than this once is not run again (its n says so)


def worker_app(spec: dict[str, Any]) -> dict[str, Any]:
    """The app on the big store: every page under AppTest (empty caches, then warm), recording
    the queries each page makes; then every metrics call - those recorded and the rest of the
    metrics API - timed directly on the store's connection."""
    from analytics import ui

    os.environ["PULSE_DB"] = spec["db"]
    os.environ["PULSE_AUTO_DEMO"] = "0"
    session_tmp = Path(spec["session_tmp"])
    session_tmp.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(session_tmp)
    runs = spec["runs"]

    con = ui.connection_for(spec["db"])  # the connection the pages use (cached resource)
    choice = narrow_choice(con)
    result: dict[str, Any] = {"narrow": choice}

    # Record what the pages compute: every ui.query call, its function, arguments and time.
    log: list[dict[str, Any]] = []
    context: dict[str, Any] = {"mode": None, "page": None, "phase": None}
    original_query = ui.query

    def recording_query(fn, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original_query(fn, *args, **kwargs)
        finally:
            log.append({**context, "fn": fn, "args": args, "kwargs": kwargs,
                        "s": time.perf_counter() - t0})

    if not spec.get("skip_pages"):
        # pages call ui.query, the ui modules cache.query: record both
        ui.query = ui.cache.query = recording_query
        try:
            result.update(_run_pages(spec, choice, runs, context, log))
        finally:
            ui.query = ui.cache.query = original_query

    # Every call: catalogue + recorded, deduplicated by function and bound arguments.
    calls: dict[tuple, dict[str, Any]] = {}

    def add(mode: str, fn, args: tuple, kwargs: dict, source: str) -> None:
        named = bind_call(fn, args, kwargs)
        fid = function_id(fn)
        key = (mode, fid, repr(sorted(named.items(), key=lambda kv: kv[0])))
        entry = calls.setdefault(key, {"mode": mode, "fn": fn, "fn_id": fid, "args": args,
                                       "kwargs": kwargs, "named": named, "sources": set()})
        entry["sources"].add(source)

    for mode in ("default", "narrow"):
        f = filters_for(mode, choice)
        for fn_id, args, kwargs in CATALOGUE:
            real = tuple(f if a == "F" else choice["quarter"] if a == "Q" else
                         choice["project"] if a == "PID" else a for a in args)
            try:
                fn = resolve(fn_id)
            except (ImportError, AttributeError):
                result.setdefault("catalogue_missing", []).append(fn_id)  # left the API
                continue
            named = {k: choice["quarter"] if v == "Q" else v for k, v in kwargs.items()}
            add(mode, fn, real, named, "catalogue")
    for e in log:
        if e["mode"] is not None and e["phase"] in ("cold", "warm"):
            add(e["mode"], e["fn"], e["args"], e["kwargs"], "page:" + Path(e["page"]).stem)

    out: list[dict[str, Any]] = []
    to_profile: list[tuple] = []
    for entry in sorted(calls.values(), key=lambda c: (c["mode"] != "default", c["fn_id"])):
        fn, args, kwargs = entry["fn"], entry["args"], entry["kwargs"]
        base = filters_for(entry["mode"], choice)
        times, error, size, first = [], None, None, None
        try:
            t0 = time.perf_counter()
            value = fn(con, *args, **kwargs)
            first = (time.perf_counter() - t0) * 1000
            size = _size_of(value)
            del value
            for _ in range(runs):
                t0 = time.perf_counter()
                fn(con, *args, **kwargs)
                times.append((time.perf_counter() - t0) * 1000)
        except Exception as e:  # noqa: BLE001 - report it, keep measuring the others
            error = f"{type(e).__name__}: {(str(e).splitlines() or [''])[0][:200]}"
        if spec.get("profile") and error is None and (median(times) or 0) >= TARGET_METRIC_MS:
            to_profile.append((len(out), fn, args, kwargs))
        out.append({"mode": entry["mode"], "call": call_label(entry["fn_id"], entry["named"], base),
                    "function": entry["fn_id"], "profile": None,
                    "pages": sorted(s[5:] for s in entry["sources"] if s.startswith("page:")),
                    "in_catalogue": "catalogue" in entry["sources"],
                    "first_ms": first, "median_ms": median(times), "runs_ms": times,
                    "result_rows": size, "error": error})
    result["calls"] = out
    # Peak memory of the measured work; the profiles below run the slow parts once more.
    result["self_peak_rss_bytes"] = rss_bytes_self()
    for i, fn, args, kwargs in to_profile:
        try:
            out[i]["profile"] = profile_call(con, fn, args, kwargs, Path(spec["session_tmp"]))
        except Exception as e:  # noqa: BLE001 - a profile is a bonus, not a figure
            out[i]["profile"] = {"error": f"{type(e).__name__}: {e}"}
    if spec.get("profile") and not spec.get("skip_pages"):
        _profile_pages(result.get("pages", []), choice, context)
    return result


def _profile_pages(pages: list[dict[str, Any]], choice, context) -> None:
    """A warm rerun under cProfile of every page that missed its target."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")
    for p in pages:
        if max(p["cold_s"] or 0, p["warm_s"] or 0) < TARGET_PAGE_S:
            continue
        st.cache_data.clear()
        at = AppTest.from_file(app, default_timeout=900)
        at.query_params = dict(filters_for(p["mode"], choice).to_query_params())
        context.update(mode=p["mode"], page=p["page"], phase="profile")
        at.run()
        at.switch_page(p["page"])
        at.run()
        p["warm_rerun_profile"] = profile_rerun(at)


def _run_pages(spec, choice, runs, context, log) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics.ui.pages_mode import navigation_mode_for_app_test

    # As tests/conftest.py does: run app.py the way `streamlit run` does after its first run
    # (st.navigation for good), instead of the pages/ folder's implicit navigation.
    navigation_mode_for_app_test()
    app = str(ROOT / "app.py")
    pages = _page_scripts()

    def timed_run(at) -> tuple[float, list[str]]:
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
        problems = [str(getattr(e, "value", e))[:300] for e in at.exception]
        problems += [str(getattr(e, "value", e))[:300] for e in at.error]
        return dt, problems

    # The first run in this process (module imports, Streamlit start-up) is reported apart.
    st.cache_data.clear()
    context.update(mode="default", page=pages[0] if pages else None, phase="process_first_run")
    first_run_s, first_problems = timed_run(AppTest.from_file(app, default_timeout=900))

    results = []
    for mode in ("default", "narrow"):
        base = filters_for(mode, choice)
        params = base.to_query_params()
        for page in pages:
            cold, warm, problems, calls_cold = [], [], [], []
            for i in range(runs):
                print(f"    [{mode}] {page} run {i + 1}/{runs}", flush=True)
                st.cache_data.clear()
                at = AppTest.from_file(app, default_timeout=900)
                at.query_params = dict(params)
                context.update(mode=mode, page=page, phase="landing")
                at.run()
                st.cache_data.clear()  # every query of the page computes, as on a fresh server
                at.switch_page(page)
                context.update(phase="cold")
                mark = len(log)
                dt, errs = timed_run(at)
                cold.append(dt)
                problems += errs
                if i == 0:
                    calls_cold = [{"call": call_label(function_id(e["fn"]),
                                                      bind_call(e["fn"], e["args"], e["kwargs"]), base),
                                   "ms": e["s"] * 1000} for e in log[mark:]]
                context.update(phase="warm")
                dt, errs = timed_run(at)
                warm.append(dt)
                problems += errs
                if max(cold[-1], warm[-1]) > PAGE_REPEAT_LIMIT_S:
                    break
            calls_cold.sort(key=lambda c: -c["ms"])
            results.append({"mode": mode, "page": page, "runs": len(cold),
                            "cold_s": median(cold), "warm_s": median(warm),
                            "cold_runs_s": cold, "warm_runs_s": warm,
                            "queries_cold_s": sum(c["ms"] for c in calls_cold) / 1000,
                            "problems": sorted(set(problems)), "queries_cold": calls_cold,
                            "warm_rerun_profile": None})
    return {"pages": results, "first_run_s": first_run_s, "first_run_problems": first_problems}


# Working time at scale: the business-hours twins against their wall-clock originals on the big
# store as built, then once more after a status history is added to every ticket (created ->
# New, a tenth of the way -> Active, every fifth ticket Awaiting Customer from 40 % to 70 % of
# its life, resolved -> Resolved): what the pauses cost.
WORKING_TIME_CALLS: tuple[tuple[str, str, dict[str, Any], dict[str, Any]], ...] = (
    ("headline (every figure, business twins included)", "analytics.metrics.headline:headline", {}, {}),
    ("cycle_time_stats by priority, wall clock", "analytics.metrics.cycle_times:cycle_time_stats",
     {"by": "priority"}, {}),
    ("cycle_time_stats by priority, business hours", "analytics.metrics.cycle_times:cycle_time_stats",
     {"by": "priority", "clock": "business"}, {}),
    ("ticket_durations, wall clock", "analytics.metrics.cycle_times:ticket_durations", {}, {}),
    ("ticket_durations, business hours", "analytics.metrics.cycle_times:ticket_durations",
     {"clock": "business"}, {}),
    ("sla_attainment by priority, wall clock", "analytics.metrics.cycle_times:sla_attainment", {}, {}),
    ("sla_attainment by priority, business-hours targets", "analytics.metrics.cycle_times:sla_attainment",
     {}, {"sla_clock": "business"}),
)
HISTORY_CALLS: tuple[tuple[str, str, dict[str, Any], dict[str, Any]], ...] = (
    ("time_in_status, wall clock", "analytics.metrics.flow:time_in_status", {}, {}),
    ("time_in_status, business hours", "analytics.metrics.flow:time_in_status", {"clock": "business"}, {}),
    ("flow_view (time in status, net flow, ageing WIP, reassignments)", "analytics.metrics.flow:flow_view",
     {"grain": "month"}, {}),
)
SYNTHETIC_HISTORY_SQL = """
INSERT INTO status_history (project_id, ticket_id, status, status_label, from_ts, to_ts, batch_id, source_row, source)
WITH t AS (SELECT project_id, ticket_id, created_at, coalesce(resolved_at, closed_at) AS ended,
                  hash(ticket_id) % 5 = 0 AS waits FROM tickets WHERE created_at IS NOT NULL),
steps AS (
  SELECT project_id, ticket_id, 'open' AS status, 'New' AS label, created_at AS moment, 0 AS n FROM t
  UNION ALL
  SELECT project_id, ticket_id, 'in_progress', 'Active', created_at + (ended - created_at) / 10, 1
  FROM t WHERE ended > created_at
  UNION ALL
  SELECT project_id, ticket_id, 'pending', 'Awaiting Customer', created_at + (ended - created_at) * 0.4, 2
  FROM t WHERE ended > created_at AND waits
  UNION ALL
  SELECT project_id, ticket_id, 'in_progress', 'Active', created_at + (ended - created_at) * 0.7, 3
  FROM t WHERE ended > created_at AND waits
  UNION ALL
  SELECT project_id, ticket_id, 'resolved', 'Resolved', ended, 4 FROM t WHERE ended > created_at)
SELECT project_id, ticket_id, status, label, moment,
       lead(moment) OVER (PARTITION BY project_id, ticket_id ORDER BY moment, n), 0, n, 'benchmark'
FROM steps
"""


def worker_working_time(spec: dict[str, Any]) -> dict[str, Any]:
    """The business-hours figures on a copy of the big store, without and with a status history."""
    from dataclasses import replace

    from analytics import store
    from analytics.filters import Filters
    from analytics.settings import SETTINGS

    copy = Path(spec["scratch"]) / "working-time.duckdb"
    # a fresh scratch directory: a WAL or migration backup left by an interrupted run would be
    # replayed against the new copy, or fill the disk
    shutil.rmtree(copy.parent, ignore_errors=True)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(spec["db"], copy)
    con = store.connect(copy)
    runs = spec["runs"]

    def timed(label: str, fn_id: str, kwargs: dict[str, Any], settings: dict[str, Any], history: bool):
        fn = resolve(fn_id)
        settings_obj = replace(SETTINGS, **settings)
        t0 = time.perf_counter()
        value = fn(con, Filters(), settings=settings_obj, **kwargs)
        first = (time.perf_counter() - t0) * 1000
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            fn(con, Filters(), settings=settings_obj, **kwargs)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)  # every thread's: steadier under contention
        return {"what": label, "history": history, "first_ms": first, "median_ms": median(times),
                "runs_ms": times, "median_cpu_ms": median(cpu), "runs_cpu_ms": cpu,
                "result_rows": _size_of(value)}

    out = [timed(*c, history=False) for c in WORKING_TIME_CALLS]
    t0 = time.perf_counter()
    con.execute(SYNTHETIC_HISTORY_SQL)  # each step ending where the next begins, as an import writes it
    added_s = time.perf_counter() - t0
    steps, paused = con.execute("SELECT count(*), count(*) FILTER (WHERE status_label = 'Awaiting Customer') "
                                "FROM status_history").fetchone()
    out += [timed(*c, history=True) for c in (*WORKING_TIME_CALLS, *HISTORY_CALLS)]
    con.close()
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {"calls": out, "history_steps": steps, "paused_steps": paused, "history_insert_s": added_s}


WORKERS = {
    "working_time": worker_working_time,
    "generate": worker_generate,
    "import": worker_import,
    "e2e_csv": worker_e2e_csv,
    "e2e_xlsx": worker_e2e_xlsx,
    "pandas_csv": worker_pandas_csv,
    "pandas_xlsx": worker_pandas_xlsx,
    "app": worker_app,
}


def worker_main(name: str, spec_text: str) -> int:
    spec = json.loads(spec_text)
    try:
        result = WORKERS[name](spec)
    except Exception as e:
        import traceback

        traceback.print_exc()
        result = {"error": f"{type(e).__name__}: {e}"}
        code = 1
    else:
        code = 0
    Path(spec["out"]).write_text(json.dumps(result, default=str, ensure_ascii=False))
    return code


# ==============================================================================================
# the orchestrator
# ==============================================================================================


def _manifest_key(profile: dict[str, int]) -> dict[str, Any]:
    demo_src = (ROOT / "analytics" / "demo.py").read_bytes()
    return {"sizes": {k: profile[k] for k in ("projects", "tickets", "surveys", "xlsx_tickets")},
            "demo_sha256": hashlib.sha256(demo_src).hexdigest(), "format": GENERATION_FORMAT}


def ensure_files(work: Path, profile: dict[str, int], regenerate: bool) -> dict[str, Any]:
    manifest_path = work / "manifest.json"
    key = _manifest_key(profile)
    paths = _paths(work)
    if not regenerate and manifest_path.exists() and all(p.exists() for p in paths.values()):
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == key:
            manifest["reused"] = True
            print(f"  reusing the files generated earlier (generation took "
                  f"{sum(manifest['generation']['timings'].values()):.0f} s then)", flush=True)
            return manifest
    print("  generating the portfolio (not part of any measured figure) ...", flush=True)
    result = run_worker("generate", {"work": str(work), "sizes": key["sizes"]})
    if result.get("error"):
        raise SystemExit(f"generation failed: {result['error']}")
    manifest = {"key": key, "generation": result, "generated_at": datetime.now().isoformat(timespec="seconds")}
    manifest_path.write_text(json.dumps(manifest, indent=2))
    manifest["reused"] = False
    return manifest


def _ratio(slow: float | None, fast: float | None) -> float | None:
    return slow / fast if slow and fast else None


def _compare(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """How far the two routes' figures are apart (they read the same files)."""
    from analytics import demo

    out: dict[str, Any] = {}
    a, b = ours.get("complaint_rate_by_month") or {}, theirs.get("complaint_rate_by_month") or {}
    common = [m for m in a if m in b and a[m] is not None and b[m] is not None]
    if common:
        out["complaint_rate_by_month"] = {"months_compared": len(common),
                                          "max_abs_diff": max(abs(a[m] - b[m]) for m in common)}
    words = {v: k for k, v in demo.VALUE_WORDS["tickets"]["priority"].items()}
    a, b = ours.get("resolution_by_priority") or {}, theirs.get("resolution_by_priority") or {}
    b = {words.get(k, k): v for k, v in b.items()}
    common = [k for k in a if k in b]
    if common:
        out["resolution_by_priority"] = {
            "priorities_compared": len(common),
            "max_abs_diff_hours": max(abs(x - y) for k in common for x, y in zip(a[k], b[k]))}
    if ours.get("csat") is not None and theirs.get("csat") is not None:
        out["csat"] = {"ours": ours["csat"], "pandas": theirs["csat"],
                       "abs_diff": abs(ours["csat"] - theirs["csat"])}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller portfolio, one run each")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3, --quick 1)")
    parser.add_argument("--regenerate", action="store_true", help="write the files again")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["imports", "pandas", "metrics", "pages", "working_time"],
                        help="leave a section out (repeatable)")
    parser.add_argument("--out", help="where to write the results JSON")
    parser.add_argument("--only", choices=["working_time"],
                        help="build the big store once and measure this section alone")
    parser.add_argument("--no-profile", action="store_true",
                        help="do not profile the metrics calls and pages that miss their target")
    parser.add_argument("--max-wait", type=float, default=None,
                        help="seconds to wait for other processes to leave the CPUs idle before "
                             f"each measurement (default {MAX_QUIET_WAIT_S:g}, --quick 10, 0 = never)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(args.worker, args.spec)

    profile_name = "quick" if args.quick else "full"
    profile = dict(PROFILES[profile_name])
    runs = args.runs or profile["runs"]
    max_wait = args.max_wait if args.max_wait is not None else (10.0 if args.quick else MAX_QUIET_WAIT_S)
    contention: list[dict[str, Any]] = []

    def measure(label: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        r = run_worker(name, spec, max_wait)
        contention.append({"what": label, "wall_s": r["process_wall_s"],
                           "others_cores": r["others_cores"], "waited_s": r["waited_for_quiet_s"]})
        return r
    work = WORK / profile_name
    work.mkdir(parents=True, exist_ok=True)
    out_path = Path(args.out) if args.out else (WORK / "results-quick.json" if args.quick else RESULTS)
    db = work / STORE_NAME
    paths = _paths(work)
    started = time.perf_counter()

    results: dict[str, Any] = {
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "profile": profile_name, "runs": runs,
        "sizes": {k: profile[k] for k in ("projects", "tickets", "surveys", "xlsx_tickets")},
        "machine": machine(),
        "targets": {"csv_import_1m_tickets_s": TARGET_CSV_TICKETS_S, "xlsx_100k_import_s": TARGET_XLSX_S,
                    "metrics_call_ms": TARGET_METRIC_MS, "page_run_s": TARGET_PAGE_S,
                    "peak_memory_bytes": TARGET_PEAK_BYTES, "end_to_end_ratio": TARGET_RATIO},
    }
    print(f"Delivery Pulse benchmark: {profile_name} profile, {runs} run(s) per figure", flush=True)
    print(f"  machine: {results['machine']['cpu_model']}, {results['machine']['cores']} cores, "
          f"{results['machine']['ram_gb']} GB RAM", flush=True)

    # 1) files
    manifest = ensure_files(work, profile, args.regenerate)
    results["generation"] = {"reused": manifest["reused"], **manifest["generation"]}
    results["files"] = {k: {"name": p.name, "bytes": p.stat().st_size} for k, p in paths.items()}

    if args.only == "working_time":  # the big store, built once, then this section alone
        if db.exists() and not args.regenerate:  # the store an earlier run built from these files
            print("  reusing the store built earlier from these files", flush=True)
        else:
            print("  end to end: CSVs into one store (the store the section reads) ...", flush=True)
            built = measure("end to end csv", "e2e_csv", {"work": str(work), "db": str(db)})
            if built.get("error"):
                raise SystemExit(f"building the store failed: {built['error']}")
        print("  working time: business-hours figures, without and with a status history ...", flush=True)
        results["working_time"] = measure("working time", "working_time", {
            "db": str(db), "runs": runs, "scratch": str(work / "tmp" / "working-time")})
        if results["working_time"].get("error"):
            raise SystemExit(f"the working-time section failed: {results['working_time']['error']}")
        busy = [c for c in contention if c["others_cores"] >= QUIET_CORES]
        results["contention"] = {"max_others_cores": max((c["others_cores"] for c in contention), default=0.0),
                                 "runs_measured_under_contention": len(busy), "runs": len(contention),
                                 "samples": contention}
        target = Path(args.out) if args.out else work / "results-working-time.json"
        target.write_text(json.dumps(results, indent=2, default=str, ensure_ascii=False) + "\n")
        print_table([r for r in table_rows(results) if r["section"] in ("working time", "machine")])
        print(f"\nwrote {target}")
        return 0

    # 2) imports, each file into a fresh store, each run its own process
    imports: dict[str, Any] = {}
    if "imports" not in args.skip:
        for key in ("projects", "tickets", "surveys", GB_SURVEYS, "xlsx"):
            samples = []
            for i in range(runs):
                print(f"  import {paths[key].name} (run {i + 1}/{runs}) ...", flush=True)
                samples.append(measure(f"import {paths[key].name}", "import",
                                       {"path": str(paths[key]),
                                        "db": str(work / "tmp" / f"import-{key}.duckdb")}))
                if samples[-1].get("error"):
                    break  # the same file fails the same way again
            ok = [s for s in samples if not s.get("error")]
            imports[key] = {
                "file": paths[key].name,
                "rows": ok[0]["rows_read"] if ok else None,
                "rows_imported": ok[0]["rows_imported"] if ok else None,
                "rows_rejected": ok[0]["rows_rejected"] if ok else None,
                "median_s": median([s["total_s"] for s in ok]),
                "min_s": min((s["total_s"] for s in ok), default=None),
                "import_median_s": median([s["import_s"] for s in ok]),
                "close_median_s": median([s["close_s"] for s in ok]),
                "runs_s": [s.get("total_s") for s in samples],
                "process_wall_s": [s["process_wall_s"] for s in samples],
                "peak_rss_bytes": max(s["peak_rss_bytes"] for s in samples),
                "others_cores": [round(s["others_cores"], 3) for s in samples],
                "errors": [s["error"] for s in samples if s.get("error")],
            }
    results["imports"] = imports

    # 3) end to end (ours): three CSVs into one store + figures; the last run keeps the store
    e2e = []
    for i in range(runs):
        print(f"  end to end: CSVs into one store + figures (run {i + 1}/{runs}) ...", flush=True)
        e2e.append(measure("end to end csv", "e2e_csv", {"work": str(work), "db": str(db)}))
    e2e_ok = [r for r in e2e if not r.get("error")]
    if not e2e_ok:
        print(json.dumps(e2e, indent=2, default=str))
        raise SystemExit("building the store failed")
    e2e_x = []
    for i in range(runs):
        print(f"  end to end: xlsx into a store + figures (run {i + 1}/{runs}) ...", flush=True)
        e2e_x.append(measure("end to end xlsx", "e2e_xlsx",
                             {"work": str(work), "db": str(work / "tmp" / "e2e-xlsx.duckdb")}))
    e2e_x_ok = [r for r in e2e_x if not r.get("error")]
    results["end_to_end"] = {
        "csv": {
            "median_s": median([r["total_s"] for r in e2e_ok]),
            "import_median_s": median([sum(r["import_s"].values()) for r in e2e_ok]),
            "figures_median_s": median([sum(r["figures_s"].values()) for r in e2e_ok]),
            "runs": [{"import_s": r["import_s"], "figures_s": r["figures_s"], "total_s": r["total_s"]}
                     for r in e2e_ok],
            "counts": e2e_ok[-1]["counts"],
            "peak_rss_bytes": max(r["peak_rss_bytes"] for r in e2e),
            "errors": [r["error"] for r in e2e if r.get("error")],
        },
        "xlsx": {
            "median_s": median([r["total_s"] for r in e2e_x_ok]),
            "import_median_s": median([r["import_s"] for r in e2e_x_ok]),
            "figures_median_s": median([r["figures_s"] for r in e2e_x_ok]),
            "peak_rss_bytes": max((r["peak_rss_bytes"] for r in e2e_x), default=None),
            "errors": [r["error"] for r in e2e_x if r.get("error")],
        },
    }

    # 4) the pandas route
    pandas_res: dict[str, Any] = {}
    if "pandas" not in args.skip:
        pc, px = [], []
        for i in range(runs):
            print(f"  pandas route: read_csv + groupby (run {i + 1}/{runs}) ...", flush=True)
            pc.append(measure("pandas csv", "pandas_csv", {"work": str(work)}))
        for i in range(runs):
            print(f"  pandas route: read_excel(openpyxl) + groupby (run {i + 1}/{runs}) ...", flush=True)
            px.append(measure("pandas xlsx", "pandas_xlsx", {"work": str(work)}))
        pc_ok = [r for r in pc if not r.get("error")]
        px_ok = [r for r in px if not r.get("error")]
        pandas_res = {
            "csv": {
                "read_median_s": {n: median([r["read_s"][n] for r in pc_ok]) for n in CSV_FILES},
                "read_total_median_s": median([r["read_total_s"] for r in pc_ok]),
                "figures_median_s": median([r["figures_s"] for r in pc_ok]),
                "median_s": median([r["total_s"] for r in pc_ok]),
                "peak_rss_bytes": max((r["peak_rss_bytes"] for r in pc), default=None),
                "errors": [r["error"] for r in pc if r.get("error")],
            },
            "xlsx": {
                "read_median_s": median([r["read_s"] for r in px_ok]),
                "figures_median_s": median([r["figures_s"] for r in px_ok]),
                "median_s": median([r["total_s"] for r in px_ok]),
                "peak_rss_bytes": max((r["peak_rss_bytes"] for r in px), default=None),
                "errors": [r["error"] for r in px if r.get("error")],
            },
        }
        ours_csv, ours_x = results["end_to_end"]["csv"], results["end_to_end"]["xlsx"]
        csv_import_sum = (sum(imports[n]["median_s"] for n in CSV_FILES)
                          if all(n in imports and imports[n]["median_s"] for n in CSV_FILES) else None)
        pandas_res["ratios"] = {
            # > 1 means ours is faster
            "import_tickets_csv": _ratio(pandas_res["csv"]["read_median_s"]["tickets"],
                                         imports.get("tickets", {}).get("median_s")),
            "import_surveys_csv": _ratio(pandas_res["csv"]["read_median_s"]["surveys"],
                                         imports.get("surveys", {}).get("median_s")),
            "import_all_csv": _ratio(pandas_res["csv"]["read_total_median_s"], csv_import_sum),
            "import_xlsx": _ratio(pandas_res["xlsx"]["read_median_s"],
                                  imports.get("xlsx", {}).get("median_s")),
            "end_to_end_csv": _ratio(pandas_res["csv"]["median_s"], ours_csv["median_s"]),
            "end_to_end_xlsx": _ratio(pandas_res["xlsx"]["median_s"], ours_x["median_s"]),
            # the figures alone, once the data is loaded (pandas groupby vs the metrics calls)
            "figures_only_csv": _ratio(pandas_res["csv"]["figures_median_s"], ours_csv["figures_median_s"]),
        }
        pandas_res["agreement"] = {
            "csv": _compare(e2e_ok[-1]["figures"], pc_ok[-1]["figures"]) if pc_ok else None,
            "xlsx": _compare(e2e_x_ok[-1]["figures"], px_ok[-1]["figures"]) if px_ok and e2e_x_ok else None,
        }
    results["pandas_route"] = pandas_res

    # 5) the app: every page under AppTest, then every metrics call directly (one process)
    if not ({"pages", "metrics"} <= set(args.skip)):
        print(f"  the app: pages under AppTest ({runs} run(s) per page, cold + warm, two filter sets),"
              " then every metrics call ...", flush=True)
        app = measure("app (pages + metrics)", "app", {"db": str(db), "runs": runs, "skip_pages": "pages" in args.skip,
                                                       "profile": not args.no_profile,
                                 "session_tmp": str(work / "tmp" / "sessions")})
        if app.get("error"):
            print(f"  the app worker failed: {app['error']}", flush=True)
        results["app"] = {k: v for k, v in app.items() if k not in ("calls", "pages")}
        results["pages"] = app.get("pages", [])
        results["metrics"] = app.get("calls", [])

    # 6) working time: business hours without and with a status history
    if "working_time" not in args.skip:
        print("  working time: business-hours figures, without and with a status history ...", flush=True)
        wt = measure("working time", "working_time", {"db": str(db), "runs": runs,
                                                      "scratch": str(work / "tmp" / "working-time")})
        if wt.get("error"):
            print(f"  the working-time worker failed: {wt['error']}", flush=True)
        results["working_time"] = wt

    results["peak_memory"] = {
        "imports": {k: v["peak_rss_bytes"] for k, v in imports.items()},
        "end_to_end_csv": results["end_to_end"]["csv"]["peak_rss_bytes"],
        "end_to_end_xlsx": results["end_to_end"]["xlsx"]["peak_rss_bytes"],
        "app (pages + metrics)": results.get("app", {}).get("self_peak_rss_bytes"),
        "pandas_csv": pandas_res.get("csv", {}).get("peak_rss_bytes"),
        "pandas_xlsx": pandas_res.get("xlsx", {}).get("peak_rss_bytes"),
    }
    busy = [c for c in contention if c["others_cores"] >= QUIET_CORES]
    results["contention"] = {
        "note": "others_cores: mean CPU cores other processes kept busy while a measurement ran",
        "max_others_cores": max((c["others_cores"] for c in contention), default=0.0),
        "runs_measured_under_contention": len(busy), "runs": len(contention),
        "max_wait_for_quiet_s": max_wait, "samples": contention,
    }
    results["benchmark_wall_s"] = time.perf_counter() - started
    rows = table_rows(results)
    results["table"] = rows
    print_table(rows)
    print_profiles(results)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=2, default=str, ensure_ascii=False) + "\n")
    if out_path == RESULTS and not args.skip:
        update_readme(results)
    shutil.rmtree(work / "tmp", ignore_errors=True)
    try:
        shown = out_path.resolve().relative_to(ROOT)
    except ValueError:
        shown = out_path
    print(f"\nwrote {shown} ({results['benchmark_wall_s']:.0f} s in all)")
    return 0


# -- the table ---------------------------------------------------------------------------------


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "NO")


def table_rows(r: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(section, what, n, value, shown, target=None, ok=None):
        rows.append({"section": section, "what": what, "n": n, "value": value, "median": shown,
                     "target": target or "", "met": _met(ok)})

    gen = r.get("generation", {})
    for k, v in gen.get("timings", {}).items():
        row("generation", k.removesuffix("_s").replace("_", " ") + (" (earlier run)" if gen.get("reused") else ""),
            None, v, fmt_s(v))
    sizes = r["sizes"]
    for key, v in r.get("imports", {}).items():
        target, ok = None, None
        if key == "tickets":
            target = f"< {TARGET_CSV_TICKETS_S:g} s"
            ok = v["median_s"] is not None and v["median_s"] < TARGET_CSV_TICKETS_S * sizes["tickets"] / 1_000_000
            if sizes["tickets"] != 1_000_000:
                target += " per 1M"
        elif key == "xlsx":
            target = f"< {TARGET_XLSX_S:g} s"
            ok = v["median_s"] is not None and v["median_s"] < TARGET_XLSX_S * sizes["xlsx_tickets"] / 100_000
            if sizes["xlsx_tickets"] != 100_000:
                target += " per 100k"
        what = f"import {v['file']}"
        if v["errors"]:
            reason = v["errors"][0].split(": ", 1)[-1]
            what += f" FAILED: {reason if len(reason) <= 90 else reason[:89] + '…'}"
            ok = False
        row("import", what, v["rows"], v["median_s"], fmt_s(v["median_s"]), target, ok)
    e2e = r.get("end_to_end", {})
    if e2e:
        row("end to end", "ours: 3 CSVs into one store + figures", None, e2e["csv"]["median_s"],
            fmt_s(e2e["csv"]["median_s"]))
        row("end to end", "ours: xlsx into a store + resolution by priority", None, e2e["xlsx"]["median_s"],
            fmt_s(e2e["xlsx"]["median_s"]))
    pr = r.get("pandas_route") or {}
    if pr:
        row("pandas route", "read_csv x3 + groupby figures", None, pr["csv"]["median_s"], fmt_s(pr["csv"]["median_s"]))
        row("pandas route", "read_excel(openpyxl) + groupby", None, pr["xlsx"]["median_s"],
            fmt_s(pr["xlsx"]["median_s"]))
        for k, v in pr["ratios"].items():
            target = ok = None
            if k.startswith("end_to_end"):
                target, ok = f">= {TARGET_RATIO:g}x", v is not None and v >= TARGET_RATIO
            row("ratio", f"pandas / ours: {k.replace('_', ' ')}", None, v, fmt_ratio(v), target, ok)
    for c in r.get("metrics") or []:
        v = c["median_ms"]
        what = f"[{c['mode']}] {c['call']}" + (" *" if c["pages"] else "")
        if c["error"]:
            row("metrics", what + f" ERROR {c['error']}", None, None, "—", f"< {TARGET_METRIC_MS:g} ms", False)
        else:
            row("metrics", what, c["result_rows"], v, fmt_ms(v), f"< {TARGET_METRIC_MS:g} ms",
                v is not None and v < TARGET_METRIC_MS)
    wt = r.get("working_time") or {}
    for c in wt.get("calls", []):
        history = (f"with {wt['history_steps']:,} history steps ({wt['paused_steps']:,} paused)"
                   if c["history"] else "no history")
        row("working time", f"{c['what']}, {history}", c["result_rows"], c["median_ms"], fmt_ms(c["median_ms"]),
            f"< {TARGET_METRIC_MS:g} ms", c["median_ms"] is not None and c["median_ms"] < TARGET_METRIC_MS)
    app = r.get("app") or {}
    if app.get("first_run_s") is not None:
        row("pages", "first app run in a fresh process (imports, start-up)", None, app["first_run_s"],
            fmt_s(app["first_run_s"]))
    for p in r.get("pages") or []:
        name = Path(p["page"]).stem
        flag = " (errors)" if p["problems"] else ""
        for kind in ("cold", "warm"):
            v = p[f"{kind}_s"]
            label = "empty caches" if kind == "cold" else "warm rerun"
            row("pages", f"[{p['mode']}] {name}, {label}{flag}", p["runs"], v, fmt_s(v),
                f"< {TARGET_PAGE_S:g} s", v is not None and v < TARGET_PAGE_S and not p["problems"])
    cont = r.get("contention") or {}
    if cont:
        row("machine", f"runs during which other processes kept >= {QUIET_CORES:g} core busy",
            cont["runs"], cont["runs_measured_under_contention"], str(cont["runs_measured_under_contention"]))
        row("machine", "most CPU other processes used during one run (cores)", None,
            cont["max_others_cores"], f"{cont['max_others_cores']:.2f}")
    for k, v in r.get("peak_memory", {}).items():
        if v is None:
            continue
        if isinstance(v, dict):
            for kk, vv in v.items():
                row("peak memory", f"import {kk}", None, vv, fmt_bytes(vv), "< 2 GB", vv < TARGET_PEAK_BYTES)
        else:
            pandas = k.startswith("pandas")
            row("peak memory", k.replace("_", " "), None, v, fmt_bytes(v),
                None if pandas else "< 2 GB", None if pandas else v < TARGET_PEAK_BYTES)
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    headers = ("section", "what", "n", "median", "target", "met")
    cells = [[str(x["section"]), str(x["what"]), "" if x["n"] is None else f"{x['n']:,}",
              x["median"], x["target"], x["met"]] for x in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    widths[1] = min(widths[1], 78)
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print("\n" + line)
    print("-" * len(line))
    for c in cells:
        what = c[1] if len(c[1]) <= widths[1] else c[1][: widths[1] - 1] + "…"
        print("  ".join([c[0].ljust(widths[0]), what.ljust(widths[1]), c[2].rjust(widths[2]),
                         c[3].rjust(widths[3]), c[4].ljust(widths[4]), c[5]]))
    print("\n* = a call the pages made in this run (the others are the rest of the metrics API);"
          " n = rows (imports, results) or runs (pages)")


def readme_section(r: dict[str, Any]) -> str:
    """The latest figures as the README shows them: the machine, then the table (metrics
    calls that met their target are counted rather than listed)."""
    m = r["machine"]
    v = m["versions"]
    lines = [f"Latest full run: {r['generated_at'][:10]}, median of {r['runs']} run(s) per figure, "
             f"{r['sizes']['tickets']:,} tickets / {r['sizes']['projects']:,} projects / "
             f"{r['sizes']['surveys']:,} survey responses, {r['sizes']['xlsx_tickets']:,}-row workbook.",
             "",
             f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['platform']}; "
             f"Python {v['python']}, DuckDB {v['duckdb']}, pandas {v['pandas']}, Streamlit {v['streamlit']}.",
             "", "| section | what | n | median | target | met |", "|---|---|---:|---:|---|---|"]
    met_calls = [x for x in r["table"] if x["section"] == "metrics" and x["met"] == "yes"]
    for x in r["table"]:
        if x["section"] in ("generation",) or x in met_calls:
            continue
        n = "" if x["n"] is None else f"{x['n']:,}"
        what = str(x["what"]).replace("|", "\\|")
        lines.append(f"| {x['section']} | {what} | {n} | {x['median']} | {x['target']} | {x['met']} |")
    if met_calls:
        lines.append(f"| metrics | the other {len(met_calls)} calls (default and narrow filters) | | "
                     f"all < {TARGET_METRIC_MS:g} ms | < {TARGET_METRIC_MS:g} ms | yes |")
    lines += ["", "`*` a call the pages make; n = rows (imports, call results) or runs (pages)."]
    gen = r.get("generation", {}).get("timings", {})
    if gen:
        lines += ["", "Writing the files (not measured as part of anything): " + ", ".join(
            f"{k.removesuffix('_s').replace('_', ' ')} {val:.0f} s" for k, val in gen.items()) + "."]
    return "\n".join(lines)


def update_readme(r: dict[str, Any]) -> None:
    try:
        text = README.read_text(encoding="utf-8")
    except OSError:
        return
    if README_START not in text or README_END not in text:
        return
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    README.write_text(f"{head}{README_START}\n{readme_section(r)}\n{README_END}{tail}", encoding="utf-8")


def print_profiles(r: dict[str, Any]) -> None:
    """Where the time goes in what missed its target (the full profiles are in the JSON)."""
    lines = []
    for c in r.get("metrics") or []:
        p = c.get("profile")
        if not p:
            continue
        head = (f"[{c['mode']}] {c['call']}: {p['total_s'] * 1000:.0f} ms, {p['statements']} statement(s) "
                f"taking {p['sql_execute_s'] * 1000:.0f} ms in DuckDB (slowest "
                f"{p.get('slowest_statement_s', 0) * 1000:.0f} ms), {p['python_s'] * 1000:.0f} ms in Python")
        lines.append(head)
        sp = p.get("slowest_statement_profile") or {}
        if sp.get("total_s") is not None:
            lines.append(f"    slowest statement profiled: {sp['total_s'] * 1000:.0f} ms, of which planning "
                         f"{sp['planning_s'] * 1000:.0f} ms and operators {sp['operators_s'] * 1000:.0f} ms")
        for op in sp.get("top_operators", [])[:3]:
            lines.append(f"    {op['operator']:<22} {op['s'] * 1000:7.0f} ms  rows {op['rows'] or 0:>10,}  "
                         f"{op['detail'][:110]}")
    for page in r.get("pages") or []:
        p = page.get("warm_rerun_profile")
        if not p:
            continue
        queries = page.get("queries_cold") or []
        lines.append(f"[{page['mode']}] {Path(page['page']).stem}: warm rerun {p['total_s']:.2f} s under cProfile; "
                     f"queries on the cold run {page.get('queries_cold_s', 0):.2f} s "
                     f"(slowest: {queries[0]['call']} {queries[0]['ms']:.0f} ms)" if queries else "")
        for f in p["ours_by_cumulative"][:6]:
            lines.append(f"    {f['cumulative_s']:7.2f} s cumulative  {f['calls']:>9,} calls  {f['function']}")
    if lines:
        print("\nWhere the time goes (what missed its target):")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
