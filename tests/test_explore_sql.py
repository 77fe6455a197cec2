"""The SQL box: one read-only statement, no files, no settings, a time limit and a row limit."""

from __future__ import annotations

import time

import duckdb
import pandas as pd
import pytest

from analytics import explore
from analytics.explore import QueryRefused, run_sql


@pytest.fixture()
def tables() -> dict[str, pd.DataFrame]:
    return {
        "sales": pd.DataFrame({"region": ["东区", "西区", "东区"], "amount": [10.0, 20.5, 3.0]}),
        "问卷__sheet1": pd.DataFrame({"性别": ["男", "女"], "n": [1, 2]}),
    }


def refused_key(tables: dict[str, pd.DataFrame], sql: str, **kw: object) -> str:
    with pytest.raises(QueryRefused) as info:
        run_sql(tables, sql, **kw)
    # every refusal reads well in both languages
    assert info.value.message("en") and info.value.message("zh")
    assert "Traceback" not in info.value.message("en")
    return info.value.key


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM read_parquet('x.parquet')",
        "SELECT * FROM parquet_scan('x.parquet')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM 'https://example.com/data.csv'",
        "SELECT * FROM sales, read_text('/etc/hostname')",
        "WITH x AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM x",
        "SELECT (SELECT content FROM read_text('/etc/passwd'))",
    ],
)
def test_file_and_url_reads_are_refused(tables: dict[str, pd.DataFrame], sql: str) -> None:
    assert refused_key(tables, sql) == "explore.sql.external"


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("COPY sales TO '/tmp/out.csv'", "copy"),
        ("COPY (SELECT 1) TO '/tmp/out.parquet' (FORMAT parquet)", "copy"),
        ("EXPORT DATABASE '/tmp/dump'", "copy"),
        ("ATTACH '/tmp/other.duckdb' AS other", "attach"),
        ("ATTACH ':memory:' AS other", "attach"),
        ("DETACH memory", "attach"),
        ("INSTALL httpfs", "extension"),
        ("LOAD httpfs", "extension"),
        ("SET enable_external_access = true", "settings"),
        ("SET lock_configuration = false", "settings"),
        ("RESET threads", "settings"),
        ("PRAGMA threads = 1", "settings"),
        ("SET VARIABLE x = 1", "settings"),
        ("CREATE TABLE t AS SELECT 1", "write"),
        ("CREATE MACRO m(x) AS x", "write"),
        ("INSERT INTO sales VALUES ('北区', 1)", "write"),
        ("UPDATE sales SET amount = 0", "write"),
        ("DELETE FROM sales", "write"),
        ("DROP TABLE sales", "write"),
        ("ALTER TABLE sales ADD COLUMN x INT", "write"),
        ("CALL pragma_version()", "call"),
        ("CHECKPOINT", "call"),
        ("EXPLAIN ANALYZE SELECT 1", "call"),
        ("BEGIN TRANSACTION", "transaction"),
    ],
)
def test_non_read_statements_are_refused(tables: dict[str, pd.DataFrame], sql: str, kind: str) -> None:
    with pytest.raises(QueryRefused) as info:
        run_sql(tables, sql)
    assert info.value.key == "explore.sql.not_read_only"
    assert info.value.message("en") == explore.t(
        "explore.sql.not_read_only", "en", kind=explore.t(f"explore.sql.kind.{kind}", "en"))


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; SELECT 2",
        "SELECT * FROM sales; DROP TABLE sales",
        "SELECT 1; COPY sales TO '/tmp/x.csv'",
    ],
)
def test_multiple_statements_are_refused(tables: dict[str, pd.DataFrame], sql: str) -> None:
    assert refused_key(tables, sql) == "explore.sql.multiple"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT current_setting('secret_directory')",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_extensions()",
        "SELECT * FROM query('SELECT 1')",
        "SELECT * FROM query_table('sales')",
        "SELECT * FROM pragma_database_size()",
    ],
)
def test_information_and_dynamic_sql_functions_are_refused(tables: dict[str, pd.DataFrame], sql: str) -> None:
    assert refused_key(tables, sql) == "explore.sql.denied_function"


@pytest.mark.parametrize("sql", ["SELECT * FROM pg_settings", "SELECT * FROM pg_catalog.pg_settings"])
def test_settings_views_are_refused(tables: dict[str, pd.DataFrame], sql: str) -> None:
    assert refused_key(tables, sql) == "explore.sql.denied_table"


@pytest.mark.parametrize("sql", ["", "   ", "-- only a comment", None])
def test_empty_query(tables: dict[str, pd.DataFrame], sql: str) -> None:
    assert refused_key(tables, sql) == "explore.sql.empty"  # type: ignore[arg-type]


def test_errors_are_refusals_with_duckdb_detail(tables: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(QueryRefused) as info:
        run_sql(tables, "SELEC 1")
    assert info.value.key == "explore.sql.error" and "syntax error" in str(info.value)
    with pytest.raises(QueryRefused) as info:
        run_sql(tables, "SELECT * FROM missing_table")
    assert "missing_table" in str(info.value)


def test_configuration_is_locked_and_external_access_off(tables: dict[str, pd.DataFrame]) -> None:
    """Below the statement checks, the connection itself refuses (defence in depth)."""
    con = explore._open_sandbox(tables)
    try:
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM read_text('/etc/hostname')").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("INSTALL httpfs")
        assert con.execute("SELECT count(*) FROM sales").fetchall() == [(3,)]
    finally:
        con.close()


def test_python_variables_are_not_reachable(tables: dict[str, pd.DataFrame]) -> None:
    secret_frame = pd.DataFrame({"password": ["hunter2"]})  # noqa: F841 - the target of the attempt
    with pytest.raises(QueryRefused):
        run_sql(tables, "SELECT * FROM secret_frame")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region",
        "WITH s AS (SELECT * FROM sales) SELECT count(*) FROM s",
        "VALUES (1, 'a'), (2, 'b')",
        "DESCRIBE sales",
        "SUMMARIZE sales",
        "SHOW TABLES",
        "FROM sales",
        "SELECT 性别, n FROM 问卷__sheet1",
        "PIVOT sales ON region IN ('东区', '西区') USING sum(amount)",
        "select * from sales;",
    ],
)
def test_reading_statements_run(tables: dict[str, pd.DataFrame], sql: str) -> None:
    df = run_sql(tables, sql)
    assert isinstance(df, pd.DataFrame)
    assert df.attrs["truncated"] is False


def test_results_are_correct(tables: dict[str, pd.DataFrame]) -> None:
    df = run_sql(tables, "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region")
    assert df.to_dict("list") == {"region": ["东区", "西区"], "total": [13.0, 20.5]}


def test_row_cap_truncates_with_notice(tables: dict[str, pd.DataFrame]) -> None:
    df = run_sql(tables, "SELECT range AS i FROM range(100000) ORDER BY i DESC", row_limit=50)
    assert len(df) == 50 and df["i"].tolist() == list(range(99999, 99949, -1))
    # the cap is part of the plan: a practically endless result is not produced first
    huge = run_sql(tables, "SELECT * FROM range(1000000000000)", row_limit=5, timeout_s=5)
    assert len(huge) == 5 and huge.attrs["truncated"] is True
    assert df.attrs["truncated"] is True and df.attrs["row_limit"] == 50
    assert "50" in explore.result_notice(df, "en")
    assert explore.result_notice(df, "zh") != explore.result_notice(df, "en")
    exact = run_sql(tables, "SELECT * FROM range(50)", row_limit=50)
    assert len(exact) == 50 and exact.attrs["truncated"] is False
    assert explore.result_notice(exact, "en") is None


def test_timeout_interrupts_a_slow_query(tables: dict[str, pd.DataFrame]) -> None:
    started = time.monotonic()
    with pytest.raises(QueryRefused) as info:
        run_sql(tables, "SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000000) b",
                timeout_s=0.5)
    elapsed = time.monotonic() - started
    assert info.value.key == "explore.sql.timeout"
    assert elapsed < 0.5 + 5  # ended, not asked to stop: no grace period to wait out
    # the next query is unaffected
    assert run_sql(tables, "SELECT 42 AS x")["x"].tolist() == [42]


@pytest.mark.parametrize(("row_limit", "timeout_s"), [(0, 1.0), (-1, 1.0), (10, 0), (10, -2)])
def test_bad_limits(tables: dict[str, pd.DataFrame], row_limit: int, timeout_s: float) -> None:
    assert refused_key(tables, "SELECT 1", row_limit=row_limit, timeout_s=timeout_s) == "explore.sql.bad_limit"


def test_queries_cannot_change_the_callers_frames(tables: dict[str, pd.DataFrame]) -> None:
    before = tables["sales"].copy()
    for sql in ("UPDATE sales SET amount = 0", "DELETE FROM sales", "DROP TABLE sales"):
        with pytest.raises(QueryRefused):
            run_sql(tables, sql)
    pd.testing.assert_frame_equal(tables["sales"], before)


def test_portfolio_tables_read_only_copies(tmp_path) -> None:
    """The store's tables reach the SQL box as DataFrames; the store file is never opened by it."""
    from analytics import store

    path = tmp_path / "pulse.duckdb"
    con = store.connect(path)
    con.execute("INSERT INTO projects (project_id, customer) VALUES ('P1', '华为'), ('P2', 'ACME')")
    con.close()
    reader = store.connect(path, read_only=True)
    portfolio = explore.portfolio_tables(reader)
    reader.close()
    assert set(portfolio) == set(explore.PORTFOLIO_TABLES)
    df = run_sql(portfolio, "SELECT project_id FROM projects ORDER BY 1")
    assert df["project_id"].tolist() == ["P1", "P2"]
    with pytest.raises(QueryRefused):
        run_sql(portfolio, "DELETE FROM projects")
    with pytest.raises(QueryRefused):
        run_sql(portfolio, f"ATTACH '{path}' AS s")
    con = store.connect(path, read_only=True)
    assert con.execute("SELECT count(*) FROM projects").fetchall() == [(2,)]
    con.close()


