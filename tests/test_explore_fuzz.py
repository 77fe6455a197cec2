"""Hypothesis fuzz: hostile bytes, odd CSVs and SQL fragments only ever meet the project's own errors."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import explore, filecheck
from analytics.explore import QueryRefused, UploadRefused, load_upload, run_sql

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

suffixes = st.sampled_from([".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt", ".pdf", ""])
prefixes = st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf",
                            b"\xff\xfe", "客户,金额\n".encode("gb18030")])


def check_tables(out: dict[str, pd.DataFrame]) -> None:
    """Whatever loads must also be queryable."""
    assert out
    for name, frame in out.items():
        assert isinstance(frame, pd.DataFrame)
        counted = run_sql({name: frame}, f'SELECT count(*) AS n FROM "{name}"', timeout_s=30)
        assert counted["n"].iloc[0] == len(frame)


@FUZZ
@given(prefix=prefixes, body=st.binary(max_size=3000), suffix=suffixes)
def test_random_bytes_into_load_upload(prefix: bytes, body: bytes, suffix: str) -> None:
    try:
        out = load_upload("fuzz" + suffix, prefix + body)
    except UploadRefused as e:
        assert e.message("en") and e.message("zh")
        return
    check_tables(out)


cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "0", "007", "1.5", "-3", "1e5", "nan", "inf", "true", "2025-03-05",
                     "2025/3/5", "2025年3月5日", "=1+1", "\"", ",", "\n", "华为", "┋", "NULL"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@FUZZ
@given(
    header=st.lists(cell_text, min_size=1, max_size=8),
    rows=st.lists(st.lists(cell_text, min_size=0, max_size=10), max_size=25),
    delimiter=st.sampled_from([",", "\t", ";", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    suffix=st.sampled_from([".csv", ".tsv", ".txt"]),
)
def test_random_csv_shapes(header: list[str], rows: list[list[str]], delimiter: str, encoding: str,
                           suffix: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    try:
        out = load_upload("shape" + suffix, data)
    except UploadRefused as e:
        assert e.key in {"explore.upload.no_data", "explore.upload.read_error", "explore.upload.corrupt"}
        return
    check_tables(out)
    for frame in out.values():
        assert len({c.lower() for c in frame.columns}) == len(frame.columns)
        explore.profile(frame)


SQL_TOKENS = [
    "SELECT", "*", "FROM", "t", "u", "WHERE", "a", "b", "=", "1", "'x'", ",", "(", ")", ";", "--",
    "/*", "*/", "GROUP BY", "ORDER BY", "LIMIT", "UNION ALL", "WITH", "AS", "JOIN", "ON", "read_csv",
    "'/etc/passwd'", "read_text", "glob", "COPY", "TO", "ATTACH", "INSTALL", "LOAD", "httpfs", "SET",
    "PRAGMA", "CREATE", "TABLE", "INSERT", "INTO", "VALUES", "DELETE", "DROP", "UPDATE", "EXPORT",
    "DATABASE", "CALL", "DESCRIBE", "SUMMARIZE", "SHOW", "TABLES", "range(10)", "count(*)", "sum(a)",
    "current_setting('x')", "query('select 1')", "$1", "?", "'", "\"", "::INT", "NULL", "PIVOT",
    "lock_configuration", "enable_external_access", "true", "false", "客户", "unnest([1,2])",
    "list_value(1)", "{'k': 1}", "INTERVAL 1 DAY", "'2025-01-01'::DATE", "1/0", "repeat('x', 5)",
    "EXPLAIN", "USE", "memory", "DETACH", "CHECKPOINT", "VACUUM",
]


@FUZZ
@given(st.lists(st.sampled_from(SQL_TOKENS), min_size=1, max_size=14).map(" ".join))
def test_random_sql_fragments(sql: str) -> None:
    tables = {"t": pd.DataFrame({"a": [1, 2, None], "b": ["x", "客户", None]}),
              "u": pd.DataFrame({"a": [3]})}
    try:
        out = run_sql(tables, sql, row_limit=100, timeout_s=5)
    except QueryRefused as e:
        assert e.message("en") and e.message("zh")
        return
    assert isinstance(out, pd.DataFrame) and len(out) <= 100


@FUZZ
@given(st.text(max_size=200))
def test_random_text_as_sql(sql: str) -> None:
    try:
        run_sql({"t": pd.DataFrame({"a": [1]})}, sql, row_limit=10, timeout_s=5)
    except QueryRefused:
        pass


def _letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@FUZZ
@given(
    refs=st.lists(st.tuples(st.integers(1, 16384), st.integers(1, 1_048_576)), max_size=40),
    rows_only=st.lists(st.integers(1, 1_048_576), max_size=5),
    cuts=st.lists(st.integers(0, 2000), max_size=6),
)
def test_used_range_scan_matches_a_naive_maximum(refs: list[tuple[int, int]], rows_only: list[int],
                                                 cuts: list[int]) -> None:
    """The fast used-range scan finds exactly the largest row and column, however chunks split."""
    parts = [f'<c r="{_letters(c)}{r}" t="s"><v>1</v></c>' for c, r in refs]
    parts += [f'<row r="{r}" spans="1:2">' for r in rows_only]
    xml = "".join(parts).encode()
    used = filecheck._UsedRange()
    bounds = sorted({min(c, len(xml)) for c in cuts} | {0, len(xml)})
    for a, b in zip(bounds, bounds[1:]):
        used.feed(xml[a:b])
    assert used.max_row == max([r for _, r in refs] + rows_only, default=0)
    assert used.max_col == max([c for c, _ in refs], default=0)
