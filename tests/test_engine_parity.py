"""The same figures on Apache Spark as on DuckDB: every KPI of the registry (hence every
headline figure of ``metrics --json``), the owner breakdowns, the pages' summaries and trends,
computed by the same statements on both engines over the same Parquet export of the demo
portfolio, under several filter sets. Any difference fails.

What counts as the same: keys, row counts, column names, NULLs, integers, texts and dates are
equal; a floating-point figure is equal or within a relative 1e-12. Why not bit for bit: the
two engines add the same values in another order (Spark by partition, DuckDB by thread), and
interpolate a percentile by formulas equal in exact arithmetic (DuckDB lo + (hi - lo) * f, Spark
(1 - f) * lo + f * hi); on the demo the worst difference is a few units in the last place,
about 1e-15 relative, a thousand times inside the tolerance and far below any digit shown.

Spark runs as a local Spark Connect server (one per module: the JVM's start is most of the
cost), pinned to UTC, TIMESTAMP_NTZ and ANSI mode. The rewrites the Spark side needed are named
in :data:`NEEDED`; the last test checks that these, and only these, were used.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analytics import engines, metrics, parquet, store
from analytics.dialect import REWRITES
from analytics.filters import Filters
from analytics.metrics import registry
from analytics.metrics.headline import figures, figures_by
from analytics.metrics.scorecards import OWNERS

ROOT = Path(__file__).resolve().parents[1]
REL_TOL = 1e-12

#: The dialect rewrites these figures need on Spark (analytics/dialect.py says why each).
NEEDED = {"named parameters", "date_diff units", "exact percentiles", "list positions",
          "series", "list types", "ISO weekday", "text type", "scalar EXISTS"}

QUARTER = (date(2026, 1, 1), date(2026, 3, 31))
SELECTIONS: dict[str, Filters] = {
    "all data": Filters(),
    "a period": Filters(date_from=QUARTER[0], date_to=QUARTER[1]),
    "a customer": Filters(customers=("广州明德农商银行",)),
    "a team": Filters(date_from=date(2025, 10, 1), date_to=date(2026, 9, 30),
                      teams=("implementation",)),
    "a delivery mode": Filters(delivery_modes=("remote",), priorities=("P1", "P2")),
}


@pytest.fixture(scope="module")
def exported(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parity") / "parquet"
    con = store.connect(demo_store, read_only=True)
    try:
        parquet.export_parquet(con, out)
    finally:
        con.close()
    return out


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    spark = engines.spark_session()  # a local Spark Connect server for this module
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def both(exported: Path, session: Any) -> tuple[Any, engines.SparkConnection]:
    duck = engines.open_source("duckdb", exported)
    spark = engines.open_source("spark", exported, session=session)
    return duck, spark


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=REL_TOL)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Every place ``a`` (DuckDB) and ``b`` (Spark) differ, named."""
    if isinstance(a, pd.DataFrame):
        if not isinstance(b, pd.DataFrame):
            return [f"{where}: a frame on DuckDB, {type(b).__name__} on Spark"]
        if list(a.columns) != list(b.columns) or len(a) != len(b):
            return [f"{where}: columns {list(a.columns)} x {len(a)} on DuckDB, "
                    f"{list(b.columns)} x {len(b)} on Spark"]
        return [d for i, (ra, rb) in enumerate(zip(a.to_dict("records"), b.to_dict("records")))
                for d in _differences(ra, rb, f"{where}[row {i}]")]
    if isinstance(a, dict):
        if set(a) != set(b):
            return [f"{where}: keys {sorted(set(a) ^ set(b))} on one engine only"]
        return [d for k in a for d in _differences(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items on DuckDB, {len(b)} on Spark"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{where}[{i}]")]
    if hasattr(a, "__dataclass_fields__"):
        return _differences(vars(a), vars(b), where)
    missing_a = a is None or a is pd.NaT or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or b is pd.NaT or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return [] if missing_a and missing_b else [f"{where}: {a!r} on DuckDB, {b!r} on Spark"]
    if hasattr(a, "item") and hasattr(b, "item"):  # numpy scalars
        a, b = a.item(), b.item()
    return [] if _same(a, b) else [f"{where}: {a!r} on DuckDB, {b!r} on Spark"]


def _assert_same(call: Callable[[Any], Any], both: tuple[Any, Any], what: str) -> Any:
    duck, spark = both
    expected, got = call(duck), call(spark)
    found = _differences(expected, got, what)
    assert not found, "\n".join(found[:20])
    return expected


ALL_KPIS = [k.key for k in registry.kpis() if k.figure is not None]
LISTED = [m.name for m in registry.MEASURES if m.listed]


@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_every_registry_figure_is_the_same_on_spark(both, selection):
    f = SELECTIONS[selection]
    before = f.with_period(date(2025, 10, 1), date(2025, 12, 31))
    rows = _assert_same(lambda con: figures(con, [f, before], [*ALL_KPIS, *LISTED]), both,
                        selection)
    assert set(registry.headline_keys()) <= set(rows[0])  # metrics --json is among them
    assert rows[0]["tickets_created"] > 0 and rows[0]["projects_active"] > 0


def test_the_owner_breakdowns_are_the_same_on_spark(both):
    """Every KPI per presales owner (the scorecards' statement; the other roles differ only in
    the column grouped by)."""
    role = "presales_owner"
    assert role in OWNERS
    frame = _assert_same(lambda con: figures_by(con, SELECTIONS["a period"], ALL_KPIS,
                                                by=f"gp.{role}"), both, role)
    assert len(frame) > 1


#: The figures the pages show beside the registry's: summaries and trends.
PAGE_FIGURES: dict[str, Callable[[Any, Filters], Any]] = {
    "complaint_kpis": lambda con, f: metrics.complaint_kpis(con, f),
    "complaint_breakdown": lambda con, f: metrics.complaint_breakdown(con, f),
    "cycle_time_stats": lambda con, f: metrics.cycle_time_stats(con, f),
    "sla_attainment": lambda con, f: metrics.sla_attainment(con, f),
    "backlog": lambda con, f: metrics.backlog(con, f),
    "reopen_rate": lambda con, f: metrics.reopen_rate(con, f),
    "delivery_kpis": lambda con, f: metrics.delivery_kpis(con, f),
    "renewal_rate": lambda con, f: metrics.renewal_rate(con, f),
    "satisfaction_summary": lambda con, f: metrics.satisfaction_summary(con, f),
    "complaint_trend": lambda con, f: metrics.complaint_trend(con, f, grain="month"),
    "cycle_time_trend": lambda con, f: metrics.cycle_time_trend(con, f, grain="month"),
    "sla_trend": lambda con, f: metrics.sla_trend(con, f, grain="month"),
    "backlog_trend": lambda con, f: metrics.backlog_trend(con, f, grain="month"),
    "delivery_trend": lambda con, f: metrics.delivery_trend(con, f, grain="quarter"),
    "satisfaction_trend": lambda con, f: metrics.satisfaction_trend(con, f, grain="month"),
}


@pytest.mark.parametrize("name", list(PAGE_FIGURES))
def test_the_pages_summaries_and_trends_are_the_same_on_spark(both, name):
    f = SELECTIONS["a team"]
    _assert_same(lambda con: PAGE_FIGURES[name](con, f), both, name)


def cli(*args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_the_command_line_prints_the_same_figures_from_spark(demo_store, exported, session):
    """``metrics --engine spark --source DIR --json`` against the store's ``metrics --json``;
    the command connects to this module's server (one JVM) the way it would to a cluster's,
    from a client in another time zone (its wall-clock times must not move)."""
    period = ("--from", "2026-01-01", "--to", "2026-03-31")
    on_store = cli("metrics", "--db", str(demo_store), *period, "--json")
    assert on_store.returncode == 0, on_store.stderr
    remote = "sc://localhost:15002"  # the local server's port
    on_spark = cli("metrics", "--engine", "spark", "--source", str(exported), "--remote", remote,
                   *period, "--json", TZ="Asia/Shanghai")
    assert on_spark.returncode == 0, on_spark.stderr
    on_parquet = cli("metrics", "--source", str(exported), *period, "--json")
    assert on_parquet.returncode == 0, on_parquet.stderr
    expected = json.loads(on_store.stdout)
    assert list(json.loads(on_spark.stdout)) == list(expected)  # the same keys, in order
    found = _differences(expected, json.loads(on_spark.stdout), "metrics --engine spark")
    assert not found, "\n".join(found)
    assert json.loads(on_parquet.stdout) == expected  # the export loses nothing: bit for bit


def test_the_command_line_refuses_spark_without_an_export(tmp_path):
    r = cli("metrics", "--engine", "spark", "--json")
    assert r.returncode == 2
    assert r.stderr.strip() == ("error: --engine spark reads a Parquet export: add --source DIR "
                                "(write one with: python -m analytics export --parquet DIR)")
    r = cli("metrics", "--remote", "sc://localhost:15002", "--json")
    assert r.returncode == 2 and r.stderr.strip() == "error: --remote is for --engine spark"
    r = cli("metrics", "--engine", "spark", "--source", str(tmp_path), "--json")
    assert r.returncode == 1
    assert r.stderr.strip().startswith(f"error: The folder {tmp_path.name} holds no Delivery Pulse export")


def test_the_session_is_pinned(session):
    for key, value in engines.SPARK_PINS.items():
        assert str(session.conf.get(key)).lower() == value.lower(), key
    # ANSI: an overflow is an error, not a wrapped number
    with pytest.raises(Exception, match="ARITHMETIC_OVERFLOW|overflow"):
        session.sql("SELECT CAST(2147483647 AS INT) + CAST(1 AS INT)").collect()


def test_the_rewrites_spark_needed_are_named(both):
    """Every rewrite the statements above needed is in NEEDED, and every one in NEEDED was
    needed (runs last: it reads what the module's calls used)."""
    _, spark = both
    assert {r.name for r in REWRITES} >= NEEDED
    assert set(spark.rewrites) == NEEDED, dict(spark.rewrites)
    assert spark.statements > 50
