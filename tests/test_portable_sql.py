"""The metric engine speaks the portable subset of SQL a second engine (Spark SQL) also runs.

Every statement the engine sends is recorded while every public metric function runs on the
demo portfolio, under an open period, a closed one, a filter naming every dimension and the SLA
on the business clock, each duration on both clocks; no statement may use a DuckDB-only
spelling:

- ``epoch_us`` / ``epoch_ms`` arithmetic and DATE - DATE (durations are ``date_diff``),
- ``'infinity'`` bounds (an open end is an explicit earliest / latest moment),
- ``x::TYPE`` casts (``CAST(x AS TYPE)``),
- ``LATERAL`` joins (``UNION ALL``),
- decimal literals such as ``1.96`` (DECIMAL, whose precision differs between engines; the
  floating-point maths uses DOUBLE constants such as ``1.96e0``),
- positional ``?`` parameters (every value is a named ``$parameter``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from analytics import metrics, report, store
from analytics.filters import Filters
from analytics.metrics import impact, registry, reward, risk, scorecards
from analytics.settings import Settings

FORBIDDEN: dict[str, re.Pattern[str]] = {
    "epoch arithmetic": re.compile(r"\bepoch(_us|_ms|_ns)?\s*\(", re.I),
    "shorthand cast": re.compile(r"::"),
    "lateral join": re.compile(r"\blateral\b", re.I),
    # a date minus a date (a date minus an interval, n * INTERVAL 1 DAY, is portable)
    "DATE - DATE": re.compile(r"(_date|\btoday)\s*-(?!\s*(INTERVAL|[\w$.]+\s*\*\s*INTERVAL))"
                              r"|-\s*[\w.]*(_date|\.today)\b", re.I),
    # in arithmetic: a quantile's fraction (quantile_cont(x, 0.5)) is no calculation
    "decimal literal": re.compile(r"[*/+-]\s*\d+\.\d+(?![\w.])|(?<![\w.$])\d+\.\d+\s*[*/+-]"),
    "positional parameter": re.compile(r"\?"),
}


def _code(sql: str) -> str:
    """The statement without its string literals and comments (their text is data)."""
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    return re.sub(r"--[^\n]*", "", sql)


_INFINITY = re.compile(r"'[+-]?inf(inity)?'", re.I)


def violations(sql: str) -> list[str]:
    code = _code(sql)
    found = [name for name, pattern in FORBIDDEN.items()
             if name != "infinity bound" and pattern.search(code)]
    if _INFINITY.search(re.sub(r"--[^\n]*", "", sql)):  # the one check on string literals
        found.append("infinity bound")
    return found


def test_the_check_catches_each_form():
    """Each forbidden spelling is caught, and the portable one beside it is not."""
    caught = {
        "epoch arithmetic": "SELECT (epoch_us(a) - epoch_us(b)) / 3.6e9",
        "infinity bound": "SELECT coalesce(x, 'infinity'::TIMESTAMP)",
        "shorthand cast": "SELECT $a::DATE",
        "lateral join": "SELECT * FROM p, LATERAL (VALUES (p.a)) v(a)",
        "DATE - DATE": "SELECT p.actual_golive_date - p.planned_golive_date",
        "decimal literal": "SELECT 1.96 * sqrt(x)",
        "positional parameter": "SELECT * FROM t WHERE a = ?",
    }
    for name, sql in caught.items():
        assert name in violations(sql), name
    portable = ("SELECT date_diff('day', p.planned_golive_date, p.actual_golive_date),"
                " CAST($a AS DATE), 1.96e0 * sqrt(x), 3.6e9, quantile_cont(x, [0.5, 0.9]), b.today - 3 * INTERVAL 1 DAY,"
                " 'a ? in a text', coalesce(x, TIMESTAMP '9999-12-31 23:59:59')"
                " FROM t WHERE a = $a -- a comment may say 1.5 or ?")
    assert violations(portable) == []


class Recording:
    """A connection that records every statement sent through it or its cursors."""

    def __init__(self, con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
        self._con, self.statements = con, statements

    def cursor(self) -> Recording:
        return Recording(self._con.cursor(), self.statements)

    def execute(self, sql: str, *args: Any) -> Any:
        self.statements.append(sql)
        return self._con.execute(sql, *args)

    def sql(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        self.statements.append(sql)
        return self._con.sql(sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = store.connect(demo_store)  # the app's own configuration: same-process sharing
    yield con
    con.close()


def _arguments(fn: Callable[..., Any], con: Any, f: Filters, quarter: str, project: str,
               business: bool = False) -> list[dict[str, Any]]:
    """Calls of ``fn`` (its keyword arguments after the connection) that cover its options."""
    params = inspect.signature(fn).parameters
    base: dict[str, Any] = {}
    for name, p in list(params.items())[1:]:
        if name == "filters":
            base[name] = f
        elif name == "quarter":
            base[name] = quarter
        elif name == "project_id":
            base[name] = project
        elif name == "periods":
            base[name] = [f, f.with_period(date(2026, 1, 1), date(2026, 3, 31))]
        elif name == "columns":
            base[name] = list(registry.headline_keys())
        elif name == "priorities":
            base[name] = ("P1", "P2")
        elif name == "search":
            base[name] = "响应"
        elif name == "limit":
            base[name] = 10
        elif name == "key":
            base[name] = None  # expanded below
        elif p.default is inspect.Parameter.empty:
            raise AssertionError(f"{fn.__name__}: no value for its parameter {name!r}")
    calls = [base]
    if "key" in base:
        calls = [{**base, "key": key} for key in metrics.ROWS_BEHIND]
    if "grain" in params:
        calls = [{**c, "grain": g} for c in calls for g in ("week", "month", "quarter")]
    if "by" in params:
        choices = inspect.signature(fn).parameters["by"].annotation
        found = re.findall(r"'(\w+)'|\"(\w+)\"", str(choices))
        options = [a or b for a, b in found] or [params["by"].default]
        calls = [{**c, "by": by} for c in calls for by in options]
    if "measure" in params:
        calls = [{**c, "measure": m} for c in calls for m in ("resolution", "first_response")]
    if "clock" in params:
        calls = [{**c, "clock": clock} for c in calls for clock in ("wall", "business")]
    if "settings" in params and business:
        calls = [{**c, "settings": Settings(sla_clock="business")} for c in calls]
    return calls


FILTERS = {
    "open period": Filters(),
    "every dimension": Filters(date_from=date(2025, 10, 1), date_to=date(2026, 9, 30),
                               customers=("a", "b"), industries=("c",), regions=("d",),
                               delivery_modes=("onsite", "remote"), teams=("implementation",),
                               projects=("p",), priorities=("P1", "P2"),
                               ticket_types=("complaint",)),
    "a period": Filters(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30)),
    "the SLA on the business clock": Filters(),
}


@pytest.mark.parametrize("selection", list(FILTERS))
def test_every_statement_of_the_engine_is_portable(demo, selection):
    f = FILTERS[selection]
    statements: list[str] = []
    con = Recording(demo, statements)
    quarter = metrics.default_quarter(demo)
    project = demo.execute("SELECT min(project_id) FROM projects").fetchone()[0]
    called = []
    for name in metrics.__all__:
        fn = getattr(metrics, name)
        if not inspect.isfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters)
        if not params or params[0] != "con":
            continue
        business = selection == "the SLA on the business clock"
        for kwargs in _arguments(fn, con, f, quarter, project, business):
            fn(con, **kwargs)
        called.append(name)
    if selection == "open period":
        report.retro_workbook(con, quarter, f, "en")
    # the people page's analyses, each over the same selection
    for practice in impact.PRACTICES:
        impact.practice_impact(con, f, practice=practice)
    year = f.with_period(date(2025, 10, 1), date(2026, 9, 30)) if f.date_from is None else f
    impact.month_impact(con, year, month=date(2026, 4, 1))
    reward.reward_projects(con, f)
    risk.early_warning(con)
    for role in scorecards.OWNERS:
        metrics.scorecard(con, f, by=role)
    assert {"headline", "retro", "project_health", "kpi_rows", "duration_boxes"} <= set(called)
    assert len(statements) > 100
    bad = {sql: violations(sql) for sql in statements if violations(sql)}
    assert not bad, "\n\n".join(f"{v}:\n{sql}" for sql, v in bad.items())


@pytest.mark.parametrize("resolved", [True, False])
def test_the_paused_clock_statements_are_portable_too(resolved):
    """The demo holds no status history: the pauses' SQL (deadlines moved by a pause on the
    wall and the business clock, business hours less the paused minutes) runs on a ticket
    that waited for its customer."""
    from test_working_time import paused_store

    statements: list[str] = []
    con = Recording(paused_store(resolved=resolved), statements)
    for clock in ("wall", "business"):
        settings = Settings(sla_clock=clock)
        metrics.sla_tickets(con, Filters(), settings=settings)
        metrics.backlog_tickets(con, Filters(), settings=settings)
        metrics.ticket_durations(con, Filters(), clock=clock, settings=settings)
        metrics.flow_view(con, Filters(), clock=clock, settings=settings)
        metrics.headline(con, Filters(), settings=settings)
    assert any("pause_spans" in sql for sql in statements)
    bad = {sql: violations(sql) for sql in statements if violations(sql)}
    assert not bad, "\n\n".join(f"{v}:\n{sql}" for sql, v in bad.items())


def test_calendars_per_team_and_region_and_a_past_health_day_are_portable(demo):
    """The statements the demo's default settings never send: a ticket's calendar chosen by
    its team (named as the file wrote it: 运维 is the stored operations) or its customer's
    region, on the business clock; project health on a past day (phases dated by the go-live,
    the hypercare window, notes of what the data cannot date) and on the store's last day."""
    statements: list[str] = []
    con = Recording(demo, statements)
    settings = Settings(sla_clock="business", calendar_by_team="运维=DE, Implementation=US",
                        calendar_by_region="华南=CN, 海外=SG")
    for f in (Filters(), Filters(date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))):
        metrics.headline(con, f, settings=settings)
        metrics.ticket_durations(con, f, clock="business", settings=settings)
        metrics.sla_tickets(con, f, settings=settings)
        metrics.flow_view(con, f, clock="business", settings=settings)
        metrics.health_records(con, f, settings=Settings(health_hypercare_days=30))
        metrics.health_summary(con, f)
    assert any("$cal_team_1" in sql and "$cal_region_1" in sql for sql in statements)
    assert any("$health_current" in sql and "health_hypercare_days" in sql for sql in statements)
    bad = {sql: violations(sql) for sql in statements if violations(sql)}
    assert not bad, "\n\n".join(f"{v}:\n{sql}" for sql, v in bad.items())
