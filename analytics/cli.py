"""Command-line commands; each wraps one library function (see ``python -m analytics --help``)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .schema import TABLES


def _print(text: str = "") -> None:
    print(text, flush=True)


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return code


def cmd_import(args: argparse.Namespace) -> int:
    from . import ingest, store

    try:
        con = store.connect(args.db)
    except Exception as e:  # a locked or damaged store file
        return _fail(f"cannot open the store {args.db or 'data/pulse.duckdb'}: {e}")
    failed = 0
    for file in args.files:
        name = Path(file).name
        progress = _progress_printer(name) if sys.stderr.isatty() else None
        try:
            report = ingest.import_file(con, file, table=args.table, mapping=args.mapping,
                                        progress=progress)
        except ingest.IngestError as e:
            failed += 1
            print(f"error: {e}", file=sys.stderr, flush=True)
            continue
        if report.message is not None:
            _print(f"{report.file_name}: {report.message}")
        for s in report.sheets:
            where = f"{report.file_name}" + (f" [sheet {s.sheet}]" if s.sheet else "")
            if s.message:
                _print(f"{where}: skipped — {s.message}")
                continue
            _print(f"{where}: {s.table} (header on row {s.header_row}) — read {s.rows_read}, "
                   f"imported {s.rows_imported}, folded {s.rows_folded}"
                   f"{f' into {s.ids_folded} ids' if s.rows_folded else ''}, rejected {s.rows_rejected}"
                   f"{f', blank rows skipped {s.blank_rows}' if s.blank_rows else ''}"
                   f"{f', cells left empty {s.warnings}' if s.warnings else ''}")
            for note in s.notes:
                _print(f"  note: {note}")
            for reason in s.first_reasons:
                _print(f"  rejected {reason}")
            if s.rows_rejected > len(s.first_reasons):
                _print(f"  … {s.rows_rejected - len(s.first_reasons)} more rejected rows "
                       f"(all listed in the store's import_issues, batch {s.batch_id})")
    con.close()
    return 1 if failed else 0


def _progress_printer(name: str):
    def show(fraction: float, text: str) -> None:
        print(f"\r{name}: {fraction * 100:5.1f}% {text:<12}", end="", file=sys.stderr, flush=True)
        if fraction >= 1:
            print(file=sys.stderr, flush=True)
    return show


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def cmd_metrics(args: argparse.Namespace) -> int:
    from . import store
    from .filters import Filters
    from .metrics.headline import headline

    try:
        con = store.connect(args.db)
        date_from, date_to = _parse_date(args.date_from), _parse_date(args.date_to)
    except argparse.ArgumentTypeError as e:
        return _fail(str(e), 2)
    if date_from and date_to and date_from > date_to:
        return _fail("--from is after --to", 2)
    figures = headline(con, Filters(date_from=date_from, date_to=date_to))
    if args.json:
        _print(json.dumps(figures, ensure_ascii=False))
    else:
        width = max(len(k) for k in figures)
        for k, v in figures.items():
            _print(f"{k:<{width}}  {'—' if v is None else v}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report, store

    try:
        con = store.connect(args.db)
        path = report.write_retro(con, args.quarter, args.out)
    except ValueError as e:
        return _fail(str(e), 2)
    _print(f"wrote {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo

    for path in demo.write_demo(args.out):
        _print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description="Delivery Pulse command line")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import xlsx / xls / csv / tsv files into the store")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--db", help="store file (default data/pulse.duckdb)")
    imp.add_argument("--table", choices=list(TABLES), help="table kind, instead of detecting it")
    imp.add_argument("--mapping", help="JSON file mapping source headers to canonical columns")
    imp.set_defaults(func=cmd_import)

    met = sub.add_parser("metrics", help="headline figures for a period")
    met.add_argument("--db")
    met.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    met.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    met.add_argument("--json", action="store_true", help="one JSON object")
    met.set_defaults(func=cmd_metrics)

    rep = sub.add_parser("report", help="quarterly retro workbook (xlsx)")
    rep.add_argument("--quarter", required=True, help="e.g. 2026Q3")
    rep.add_argument("--db")
    rep.add_argument("--out", required=True)
    rep.set_defaults(func=cmd_report)

    dem = sub.add_parser("demo", help="write the demo portfolio (xlsx + csv)")
    dem.add_argument("--out", default="data")
    dem.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
