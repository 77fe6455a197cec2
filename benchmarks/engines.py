"""The headline figures on DuckDB and on Spark, over the same Parquet export.

    .venv/bin/python benchmarks/engines.py                 # the demo portfolio
    .venv/bin/python benchmarks/engines.py --db STORE      # any store (e.g. the 1M benchmark's)

The store is exported once (``analytics.parquet.export_parquet``, timed); then, for each filter
set, ``headline`` runs on an in-memory DuckDB reading the Parquet files and on a Spark Connect
session reading the same files: the first call and the median of the next ``--runs``. The
Spark session's start (a local server, unless ``--remote`` names one) is timed on its own.
Both engines' figures are compared as the parity test compares them (equal, or floats within a
relative 1e-12) and the table says whether they agree. Nothing here fails on a time.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import engines, ingest, parquet, store  # noqa: E402
from analytics.filters import Filters  # noqa: E402
from analytics.metrics.headline import headline  # noqa: E402
from analytics.metrics.periods import default_quarter  # noqa: E402
from analytics.metrics.retro import Quarter  # noqa: E402

WORK = ROOT / "benchmarks" / "work" / "engines"


def _demo_store() -> Path:
    db = WORK / "demo.duckdb"
    if not db.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        con = store.connect(db)
        try:
            ingest.import_file(con, ROOT / "data" / "demo_portfolio.xlsx")
        finally:
            con.close()
    return db


def _selections(con: Any) -> dict[str, Filters]:
    quarter = Quarter.parse(default_quarter(con) or "")
    top = con.execute("SELECT customer FROM tickets GROUP BY customer "
                      "ORDER BY count(*) DESC, customer LIMIT 1").fetchone()[0]
    return {"all data": Filters(),
            f"last complete quarter ({quarter})": quarter.filters(Filters()),
            "the customer with most tickets": Filters(customers=(top,))}


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def same(x: Any, y: Any) -> bool:
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-12)
        return type(x) is type(y) and x == y
    return list(a) == list(b) and all(same(a[k], b[k]) for k in a)


def _time(call: Any, runs: int) -> tuple[float, float, Any]:
    start = time.perf_counter()
    value = call()
    first = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        warm.append(time.perf_counter() - start)
    return first, statistics.median(warm) if warm else math.nan, value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="the store to export (default: the demo portfolio)")
    ap.add_argument("--runs", type=int, default=3, help="warm runs after the first (median)")
    ap.add_argument("--remote", help="a Spark Connect server (default: a local one)")
    args = ap.parse_args()

    db = Path(args.db) if args.db else _demo_store()
    out = WORK / "parquet"
    if out.exists():
        shutil.rmtree(out)
    con = store.connect(db, read_only=True)
    try:
        counts = store.table_counts(con)
        selections = _selections(con)
        start = time.perf_counter()
        parquet.export_parquet(con, out)
        exported = time.perf_counter() - start
    finally:
        con.close()
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"store: {db.name}, {counts['tickets']:,} tickets / {counts['projects']:,} projects / "
          f"{counts['surveys']:,} survey responses; measured {date.today()}")
    print(f"export --parquet: {exported:.2f} s, {size / 1e6:.1f} MB\n")

    duck = engines.open_source("duckdb", out)
    start = time.perf_counter()
    session = engines.spark_session(args.remote)
    started = time.perf_counter() - start
    spark = engines.open_source("spark", out, session=session)
    rows = [("spark", "session start (local Spark Connect server)" if not args.remote
             else "session start", f"{started:.1f} s", "", "")]
    try:
        for name, f in selections.items():
            d_first, d_warm, d_value = _time(lambda f=f: headline(duck, f), args.runs)
            s_first, s_warm, s_value = _time(lambda f=f: headline(spark, f), args.runs)
            agree = "yes" if _agree(d_value, s_value) else "NO"
            rows.append(("duckdb", f"headline, {name}", f"{d_first:.2f} s", f"{d_warm:.2f} s", agree))
            rows.append(("spark", f"headline, {name}", f"{s_first:.2f} s", f"{s_warm:.2f} s", agree))
    finally:
        session.stop()
    print("| engine | what | first | warm (median) | figures agree |")
    print("|---|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
