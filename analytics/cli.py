"""Command-line commands; each wraps one library function (see ``python -m analytics --help``).

Every command works whether the app is running or not. DuckDB lets only one process open the
store, and while the app runs that process is the app; so when the app is serving the store
(see analytics/inbox.py) a command hands its work to the app through the store's inbox and
prints the app's answer, and otherwise it opens the store itself. Either way the output is the
same. A command that cannot do its work ends with one sentence on stderr (exit code 1, or 2
for a bad argument), never a traceback: a mistyped store path, a store locked by another
program, a damaged file or a full disk are each one sentence with what to do.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .schema import TABLES

DEFAULT_LABEL = "data/pulse.duckdb"


def _print(text: str = "") -> None:
    """A line on stdout. Once the reader has closed it (``health | head -3``), the rest is
    dropped and the command carries on: what it does to the store is done in full, and the
    reader asked for no more lines, not for an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """Point stdout at the null device, so nothing more (the interpreter's last flush
    included) writes to the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return code


class _Refused(Exception):
    """A command that cannot go on; ``str(e)`` is its one sentence."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _store_path(db: str | None) -> Path:
    """``--db``, else ``PULSE_DB`` (the store the app serves), else data/pulse.duckdb."""
    from .settings import DEFAULT_DB

    return Path(db or os.environ.get("PULSE_DB") or DEFAULT_DB)


def _label(db: str | None) -> str:
    """The store as the user named it, for messages."""
    return db or os.environ.get("PULSE_DB") or DEFAULT_LABEL


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


def _open(db: str | None, *, create: bool):
    """The store, opened by this process; :class:`store.StoreError` becomes a refusal."""
    from . import store

    try:
        return store.connect(_store_path(db), create=create, label=_label(db))
    except store.StoreError as e:
        raise _Refused(str(e)) from None


def _through_app(db: str | None) -> bool:
    from . import inbox

    return inbox.serving(_store_path(db)) is not None


def _ask_app(db: str | None, command: str, payload: dict[str, Any], *, file: Path | None = None,
             progress: Callable[[float, str], None] | None = None,
             collect: Callable[[Path, Any], None] | None = None) -> Any:
    """Run ``command`` in the app serving the store; its value, or a refusal."""
    from . import inbox

    try:
        reply = inbox.submit(_store_path(db), command, {"by": _user(), **payload}, file=file,
                             on_progress=progress, collect=collect)
    except inbox.InboxError as e:
        raise _Refused(str(e)) from None
    if not reply.ok:
        raise _Refused(str(reply.error) if reply.error else f"the app could not carry out {command}")
    return reply.value


# -- import ----------------------------------------------------------------------------------


def _print_report(report: Any) -> None:
    if report.message is not None:  # the file as a whole: "already imported on …"
        _print(f"{report.file_name}: {report.message}")
    for s in report.sheets:
        where = f"{report.file_name}" + (f" [sheet {s.sheet}]" if s.sheet else "")
        if s.message:
            _print(f"{where}: skipped — {s.message}")
            continue
        c = s.changes
        _print(f"{where}: {s.table} (header on row {s.header_row}) — read {s.rows_read}, "
               f"imported {s.rows_imported}, folded {s.rows_folded}"
               f"{f' into {s.ids_folded} ids' if s.rows_folded else ''}, rejected {s.rows_rejected}"
               f"{f', blank rows skipped {s.blank_rows}' if s.blank_rows else ''}"
               f"{f', cells left empty {s.warnings}' if s.warnings else ''}")
        _print(f"  batch {s.batch_id}: {c.added} new, {c.changed} changed, {c.unchanged} unchanged"
               + (f", {c.stale} older than the store's version (kept in history)" if c.stale else ""))
        for note in s.notes:
            _print(f"  note: {note}")
        for reason in s.first_reasons:
            _print(f"  rejected {reason}")
        if s.rows_rejected > len(s.first_reasons):
            _print(f"  … {s.rows_rejected - len(s.first_reasons)} more rejected rows "
                   f"(all listed in the store's import_issues, batch {s.batch_id})")


def cmd_import(args: argparse.Namespace) -> int:
    from . import inbox, ingest, safe_import

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:  # before anything is opened or created
        return _fail(f"no such file: {missing[0]}" if len(missing) == 1 else
                     f"no such files: {', '.join(missing)}; nothing was imported")
    mapping: Any = args.mapping
    failed = 0
    if _through_app(args.db):
        if mapping is not None:  # the app reads the mapping from the request, not this path
            mapping = _read_mapping(mapping)
        _print(f"the app is serving {_label(args.db)}: importing through its inbox")
        for file in args.files:
            name = Path(file).name
            progress = _progress_printer(name) if sys.stderr.isatty() else None
            try:
                value = _ask_app(args.db, "import", {"file_name": name, "table": args.table,
                                                     "mapping": mapping},
                                 file=Path(file), progress=progress)
            except _Refused as e:
                failed += 1
                _fail(str(e))
                continue
            _print_report(inbox.decode_report(value))
        return 1 if failed else 0

    con = _open(args.db, create=True)
    try:
        for file in args.files:
            name = Path(file).name
            progress = _progress_printer(name) if sys.stderr.isatty() else None
            try:
                # parsed in a worker process: a file can abort its parser (analytics.safe_import)
                report = safe_import.import_file(con, file, table=args.table, mapping=mapping,
                                                 progress=progress, imported_by=_user())
            except ingest.IngestError as e:
                failed += 1
                _fail(str(e))
                continue
            _print_report(report)
    finally:
        con.close()
    return 1 if failed else 0


def _read_mapping(path: str) -> Any:
    """The mapping file's JSON (ingest checks its shape)."""
    from .messages import Message

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _Refused(str(Message("ingest.error.mapping_missing", {"name": Path(path).name}))) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise _Refused(str(Message("ingest.error.mapping_json",
                                   {"name": Path(path).name, "detail": str(e)}))) from None


def _progress_printer(name: str):
    def show(fraction: float, text: str) -> None:
        print(f"\r{name}: {fraction * 100:5.1f}% {text:<12}", end="", file=sys.stderr, flush=True)
        if fraction >= 1:
            print(file=sys.stderr, flush=True)
    return show


# -- batches and undo ------------------------------------------------------------------------

_BATCH_TEXT = (("batch_id", "batch", ">"), ("imported_at", "imported at", "<"),
               ("imported_by", "by", "<"), ("table_name", "table", "<"), ("source", "file", "<"),
               ("sha", "sha256", "<"), ("rows_read", "read", ">"),
               ("rows_imported", "imported", ">"), ("rows_changed", "changed", ">"),
               ("rows_rejected", "rejected", ">"), ("state", "state", "<"))


def _batch_table(records: list[dict]) -> list[str]:
    rows = []
    for r in records:
        row = dict(r)
        row["source"] = r["file_name"] + (f" [{r['sheet']}]" if r.get("sheet") else "")
        row["sha"] = (r.get("sha256") or "")[:12]
        row["state"] = "undone" if r.get("undone_at") else ("" if r.get("versioned") else "no undo")
        row["imported_at"] = str(r.get("imported_at") or "")[:19]
        rows.append({k: "—" if row.get(k) is None else str(row[k]) for k, _, _ in _BATCH_TEXT})
    widths = {k: max([len(h), *(len(r[k]) for r in rows)]) for k, h, _ in _BATCH_TEXT}
    lines = ["  ".join(f"{h:{a}{widths[k]}}" for k, h, a in _BATCH_TEXT).rstrip()]
    lines += ["  ".join(f"{r[k]:{a}{widths[k]}}" for k, _, a in _BATCH_TEXT).rstrip() for r in rows]
    return lines


def cmd_batches(args: argparse.Namespace) -> int:
    from . import inbox

    if _through_app(args.db):
        records = _ask_app(args.db, "batches", {})
    else:
        con = _open(args.db, create=False)
        try:
            records = inbox.batch_records(con)
        finally:
            con.close()
    if args.json:
        _print(json.dumps(records, ensure_ascii=False))
    elif not records:
        _print(f"no imports in {_label(args.db)} yet")
    else:
        for line in _batch_table(records):
            _print(line)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from . import store

    if _through_app(args.db):
        row = _ask_app(args.db, "undo", {"batch": args.batch})
    else:
        con = _open(args.db, create=False)
        try:
            row = store.undo(con, args.batch, by=_user())
        except store.StoreError as e:
            raise _Refused(str(e)) from None
        finally:
            con.close()
    _print(f"undid batch {args.batch} ({row['file_name']}, {row['table_name']}): its rows are "
           "gone and the versions it replaced are back")
    return 0


# -- metrics and report ----------------------------------------------------------------------


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Refused(f"{text!r} is not a date like 2026-03-31", 2) from None


def _period_command(args: argparse.Namespace, command: str, compute: Callable[..., Any]) -> Any:
    """``compute(con, Filters)`` for the --from / --to period, here or in the app serving the
    store (its ``command``)."""
    date_from, date_to = _parse_date(args.date_from), _parse_date(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise _Refused("--from is after --to", 2)
    if _through_app(args.db):
        return _ask_app(args.db, command, {"date_from": args.date_from, "date_to": args.date_to})
    from .filters import Filters

    con = _open(args.db, create=False)
    try:
        return compute(con, Filters(date_from=date_from, date_to=date_to))
    finally:
        con.close()


def _headline_on(engine: str, source: str, remote: str | None, filters: Any) -> dict[str, Any]:
    """The headline on ``engine`` over the Parquet export in ``source``."""
    from . import engines, parquet
    from .metrics.headline import headline_with_targets

    try:
        con = engines.open_source(engine, source, remote=remote)
    except (parquet.ExportError, engines.EngineError) as e:
        raise _Refused(str(e)) from None
    try:
        return headline_with_targets(con, filters)
    except Exception as e:
        if engine != "spark" or not _from_spark(e):
            raise
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise _Refused(f"Spark could not compute the figures: {first}") from None
    finally:
        con.close()


def _from_spark(error: BaseException) -> bool:
    from .dialect import Untranslatable

    try:
        from pyspark.errors import PySparkException
    except ImportError:
        return isinstance(error, Untranslatable)
    return isinstance(error, (PySparkException, Untranslatable))


def cmd_metrics(args: argparse.Namespace) -> int:
    from .metrics.headline import headline_with_targets

    if args.source is not None and args.db is not None:
        return _fail("--db and --source name two sources; give one", 2)
    if args.remote is not None and args.engine != "spark":
        return _fail("--remote is for --engine spark", 2)
    if args.engine == "spark" and args.source is None:
        return _fail("--engine spark reads a Parquet export: add --source DIR "
                     "(write one with: python -m analytics export --parquet DIR)", 2)
    if args.source is not None:
        from .filters import Filters

        date_from, date_to = _parse_date(args.date_from), _parse_date(args.date_to)
        if date_from and date_to and date_from > date_to:
            return _fail("--from is after --to", 2)
        figures = _headline_on(args.engine, args.source, args.remote,
                               Filters(date_from=date_from, date_to=date_to))
    else:
        figures = _period_command(args, "metrics", headline_with_targets)
    if args.json:
        _print(json.dumps(figures, ensure_ascii=False))
    else:
        targets = figures.pop("targets", {})
        width = max(len(k) for k in figures)
        for k, v in figures.items():
            goal = f"  (target {targets[k]:g})" if k in targets else ""
            _print(f"{k:<{width}}  {'—' if v is None else v}{goal}")
    return 0


def cmd_flow(args: argparse.Namespace) -> int:
    date_from, date_to = _parse_date(args.date_from), _parse_date(args.date_to)
    if date_from and date_to and date_from > date_to:
        return _fail("--from is after --to", 2)
    if _through_app(args.db):
        figures = _ask_app(args.db, "flow", {"date_from": args.date_from, "date_to": args.date_to,
                                             "grain": args.grain})
    else:
        from .filters import Filters
        from .metrics.flow import flow

        con = _open(args.db, create=False)
        try:
            figures = flow(con, Filters(date_from=date_from, date_to=date_to), grain=args.grain)
        finally:
            con.close()
    if args.json:
        _print(json.dumps(figures, ensure_ascii=False, default=str))
        return 0
    _print("time in status (wall-clock hours; steps that ended in the period):")
    for status, f in figures["time_in_status"].items():
        _print(f"  {status:<28} tickets {f['tickets']:>6}  median {_num(f['median_hours'])}  "
               f"p90 {_num(f['p90_hours'])}  total {_num(f['total_hours'])}"
               f"{'  (pauses the clock)' if f['paused'] else ''}")
    _print(f"net flow per {args.grain} (departures - arrivals):")
    for r in figures["net_flow"]:
        _print(f"  {r['period']}  arrivals {r['arrivals']:>5}  departures {r['departures']:>5}  "
               f"net {r['net_flow']:>+5}")
    _print("ageing work in progress (open at the period end, age in days):")
    for status, f in figures["ageing_wip"].items():
        _print(f"  {status:<28} tickets {f['tickets']:>6}  median {_num(f['median_age_days'])}  "
               f"oldest {_num(f['oldest_age_days'])}")
    r = figures["reassignments"]
    _print(f"reassignments: {r['reassigned']} of {r['known']} resolved tickets handed off "
           f"({r['reassignments']} hand-offs), ping-pong {r['ping_pong']} of {r['ping_pong_known']}")
    return 0


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:,.1f}"


def _period_args(args: argparse.Namespace) -> dict[str, str | None]:
    """--from / --to as the inbox carries them, refused when unreadable or reversed."""
    date_from, date_to = _parse_date(args.date_from), _parse_date(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise _Refused("--from is after --to", 2)
    return {"date_from": args.date_from, "date_to": args.date_to}


def _run(db: str | None, command: str, payload: dict[str, Any]) -> Any:
    """``command`` carried out by the app serving the store, else here, the same way
    (:func:`analytics.inbox.carry_out`)."""
    from . import inbox

    if _through_app(db):
        return _ask_app(db, command, payload)
    con = _open(db, create=False)
    try:
        return inbox.carry_out(con, command, payload)
    except ValueError as e:
        raise _Refused(str(e), 2) from None
    finally:
        con.close()


def _table_lines(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    def text(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, float):
            return f"{v:.3f}".rstrip("0").rstrip(".")
        if isinstance(v, list):
            return ",".join(str(x) for x in v) or "—"
        return str(v)
    cells = [[text(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    return ["  ".join(f"{c:<{w}}" for c, w in zip(columns, widths)).rstrip(),
            *("  ".join(f"{v:<{w}}" for v, w in zip(row, widths)).rstrip() for row in cells)]


def cmd_scorecard(args: argparse.Namespace) -> int:
    rows = _run(args.db, "scorecard", {**_period_args(args), "by": args.by,
                                       "rank_by": args.rank_by})
    if args.json:
        _print(json.dumps(rows, ensure_ascii=False))
    elif not rows:
        _print(f"no projects name a {args.by} in this period")
    else:
        marked = [{**r, "rank": f"{r['rank']}*" if r["rank_low_n"] else r["rank"]} for r in rows]
        for line in _table_lines(marked, ["rank", "owner", "projects_active", "complaint_rate",
                                          "complaints_per_100_tickets",
                                          "delivery_cycle_median_days", "on_time_golive_rate",
                                          "golive_slip_median_days", "csat_pct", "n", "nps",
                                          "nps_n", "renewal_rate", "renewal_known",
                                          "low_n"]):
            _print(line)
        if any(r["rank_low_n"] for r in rows):
            _print(f"* ranked on a {args.rank_by} resting on too few projects or answers "
                   "(see low_n)")
    return 0


def cmd_risk(args: argparse.Namespace) -> int:
    result = _run(args.db, "risk", {})
    if args.json:
        _print(json.dumps(result, ensure_ascii=False))
        return 0
    bt = result["backtest"]
    _print(result["message"])
    if bt["auc"] is not None:
        _print(f"backtest: trained on {bt['n_train']} go-lives before {bt['split_date']}, "
               f"tested on {bt['n_test']}; AUC {bt['auc']:.3f}, Brier {bt['brier']:.3f}, "
               f"p {bt['p_value']:.3f}")
    if result["projects"]:
        rows = [{**p, "reasons": "; ".join(p["reasons"])} for p in result["projects"]]
        for line in _table_lines(rows, ["project_id", "risk", "reasons"]):
            _print(line)
    return 0


def _health_line(r: dict[str, Any], width: int) -> str:
    said = "; ".join(r["reasons"]) if r["reasons"] else "no rule fired"
    line = f"{r['rag']:<5}  {r['project_id']:<{width}}  {r['project_name'] or ''} — {said}"
    return line + "".join(f"\n{'':<5}  {'':<{width}}  note: {n}" for n in r["notes"])


def cmd_health(args: argparse.Namespace) -> int:
    from .metrics.portfolio import health_records

    records = _period_command(args, "health", health_records)
    if args.json:
        _print(json.dumps(records, ensure_ascii=False))
    elif not records:
        _print("no project was running on the period's last day")
    else:
        counts = {rag: sum(r["rag"] == rag for r in records) for rag in ("red", "amber", "green")}
        _print(f"health on {records[0]['health_day']}: "
               + ", ".join(f"{n} {rag}" for rag, n in counts.items()))
        width = max(len(str(r["project_id"])) for r in records)
        for r in records:
            _print(_health_line(r, width))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report

    out = Path(args.out)
    if _through_app(args.db):
        def fetch(folder: Path, value: Any) -> None:  # the app wrote it into the request
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / value["file"], out)

        _ask_app(args.db, "report", {"quarter": args.quarter}, collect=fetch)
        path = out
    else:
        con = _open(args.db, create=False)
        try:
            path = report.write_retro(con, args.quarter, out)
        except ValueError as e:
            raise _Refused(str(e), 2) from None
        finally:
            con.close()
    _print(f"wrote {path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from . import store

    out = Path(args.out)
    if _through_app(args.db):
        def fetch(folder: Path, value: Any) -> None:  # the app copied it into the request
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(f".{out.name}.partial")
            shutil.copyfile(folder / value["file"], partial)
            partial.replace(out)

        _ask_app(args.db, "backup", {}, collect=fetch)
    else:
        con = _open(args.db, create=False)
        try:
            store.backup(con, out)
        finally:
            con.close()
    _print(f"wrote {out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The canonical tables as Parquet (analytics/parquet.py). While the app holds the store,
    the export is written from a consistent copy the app makes (as ``backup`` does)."""
    import tempfile

    from . import parquet

    def write(con: Any) -> parquet.Export:
        try:
            return parquet.export_parquet(con, args.parquet, overwrite=args.overwrite)
        except parquet.ExportError as e:
            raise _Refused(str(e)) from None

    if _through_app(args.db):
        _print(f"the app is serving {_label(args.db)}: exporting from a copy it made")
        with tempfile.TemporaryDirectory(prefix="pulse-export-") as scratch:
            copy = Path(scratch) / "store.duckdb"

            def fetch(folder: Path, value: Any) -> None:
                shutil.copyfile(folder / value["file"], copy)

            _ask_app(args.db, "backup", {}, collect=fetch)
            con = _open(str(copy), create=False)
            try:
                done = write(con)
            finally:
                con.close()
    else:
        con = _open(args.db, create=False)
        try:
            done = write(con)
        finally:
            con.close()
    for table, path in done.files.items():
        _print(f"wrote {path} ({done.rows[table]:,} rows)")
    _print(f"wrote {done.directory / parquet.MANIFEST}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo

    for path in demo.write_demo(args.out):
        _print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description="Delivery Pulse command line")
    sub = p.add_subparsers(dest="command", required=True)
    db_help = "store file (default: PULSE_DB, else data/pulse.duckdb)"

    imp = sub.add_parser("import", help="import xlsx / xls / csv / tsv files into the store")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--db", help=db_help)
    imp.add_argument("--table", choices=list(TABLES), help="table kind, instead of detecting it")
    imp.add_argument("--mapping", help="JSON file mapping source headers to canonical columns")
    imp.set_defaults(func=cmd_import)

    bat = sub.add_parser("batches", help="the import history: one line per batch")
    bat.add_argument("--db", help=db_help)
    bat.add_argument("--json", action="store_true", help="one JSON array")
    bat.set_defaults(func=cmd_batches)

    und = sub.add_parser("undo", help="take an import batch back, restoring what it replaced")
    und.add_argument("batch", type=int, metavar="BATCH")
    und.add_argument("--db", help=db_help)
    und.set_defaults(func=cmd_undo)

    met = sub.add_parser("metrics", help="headline figures for a period")
    met.add_argument("--db", help=db_help)
    met.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    met.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    met.add_argument("--json", action="store_true", help="one JSON object")
    met.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                     help="the engine that computes the figures (spark: through Spark Connect)")
    met.add_argument("--source", metavar="DIR",
                     help="a Parquet export (python -m analytics export) instead of the store")
    met.add_argument("--remote", metavar="sc://HOST:PORT",
                     help="the Spark Connect server (default: SPARK_REMOTE, else a local one)")
    met.set_defaults(func=cmd_metrics)

    flo = sub.add_parser("flow", help="time in status, net flow, ageing work in progress, reassignments")
    flo.add_argument("--db")
    flo.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    flo.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    flo.add_argument("--grain", choices=["week", "month", "quarter"], default="week")
    flo.add_argument("--json", action="store_true", help="one JSON object")
    flo.set_defaults(func=cmd_flow)
    from .metrics.scorecards import OWNERS, SCORECARD_KPIS

    sco = sub.add_parser("scorecard", help="the KPIs of each presales owner, implementation "
                                           "lead or operations owner, ranked")
    sco.add_argument("--by", choices=list(OWNERS), default="presales_owner")
    sco.add_argument("--rank-by", dest="rank_by", choices=list(SCORECARD_KPIS),
                     default="complaint_rate", help="the KPI the rank follows")
    sco.add_argument("--db", help=db_help)
    sco.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    sco.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    sco.add_argument("--json", action="store_true", help="one JSON array, a row per person")
    sco.set_defaults(func=cmd_scorecard)

    risk = sub.add_parser("risk", help="early warning: the chance each project not yet live "
                                       "goes live late, with the model's backtest")
    risk.add_argument("--db", help=db_help)
    risk.add_argument("--json", action="store_true",
                      help='one JSON object: {"backtest": {...}, "projects": [...]}')
    risk.set_defaults(func=cmd_risk)
    hea = sub.add_parser("health", help="every running project's health (red / amber / "
                         "green) and its reasons, as the Overview shows them")
    hea.add_argument("--db", help=db_help)
    hea.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    hea.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                     help="the health day is this day (default: the store's last day)")
    hea.add_argument("--json", action="store_true", help="one JSON array, worst first")
    hea.set_defaults(func=cmd_health)

    rep = sub.add_parser("report", help="quarterly retro workbook (xlsx)")
    rep.add_argument("--quarter", required=True, help="e.g. 2026Q3")
    rep.add_argument("--db", help=db_help)
    rep.add_argument("--out", required=True)
    rep.set_defaults(func=cmd_report)

    bak = sub.add_parser("backup", help="a consistent copy of the store, also while the app runs")
    bak.add_argument("--db", help=db_help)
    bak.add_argument("--out", required=True, help="the copy's file (a DuckDB store)")
    bak.set_defaults(func=cmd_backup)

    exp = sub.add_parser("export", help="the canonical tables as Parquet files, for Spark "
                                        "(metrics --engine spark --source DIR)")
    exp.add_argument("--db", help=db_help)
    exp.add_argument("--parquet", required=True, metavar="DIR",
                     help="the folder to write (new or empty)")
    exp.add_argument("--overwrite", action="store_true",
                     help="replace the export's files in a folder that already holds files")
    exp.set_defaults(func=cmd_export)

    dem = sub.add_parser("demo", help="write the demo portfolio (xlsx + csv)")
    dem.add_argument("--out", default="data")
    dem.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    import duckdb

    from . import store
    from .calendars import CalendarError

    try:
        args = build_parser().parse_args(argv)
    except BrokenPipeError:  # --help into a closed pipe
        _drop_stdout()
        return 0
    try:
        return args.func(args)
    except _Refused as e:
        return _fail(str(e), e.code)
    except store.StoreError as e:
        return _fail(str(e))
    except CalendarError as e:  # a working-calendar setting that cannot be used
        return _fail(str(e), 2)
    except (duckdb.Error, OSError) as e:  # while working: a full disk, a file gone bad
        return _fail(str(store.explain(e, _label(getattr(args, "db", None)))))
    except KeyboardInterrupt:
        return _fail("interrupted; an import in progress was rolled back", 130)
