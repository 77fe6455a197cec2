"""Hypothesis fuzz: hostile bytes, odd CSVs and SQL fragments only ever meet the project's own errors."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import explore, filecheck
from analytics.explore import QueryRefused, UploadRefused, load_upload, run_sql
from hostile import column_letters, xlsx

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


@FUZZ
@given(
    refs=st.lists(st.tuples(st.integers(1, 16384), st.integers(1, 1_048_576)), max_size=40),
    rows_only=st.lists(st.integers(1, 1_048_576), max_size=5),
    placed=st.lists(st.sampled_from(["<c><v>1</v></c>", '<c t="s"><v>0</v></c>', "<c/>",
                                     "<x:c>1</x:c>", "<row>", "<row/>"]), max_size=8),
    cuts=st.lists(st.integers(0, 2000), max_size=6),
)
def test_used_range_scan_matches_a_naive_maximum(refs: list[tuple[int, int]], rows_only: list[int],
                                                 placed: list[str], cuts: list[int]) -> None:
    """The fast used-range scan finds exactly the largest row and column, and counts every
    cell and row tag once (with a reference or without), however chunks split."""
    parts = [f'<c r="{column_letters(c)}{r}" t="s"><v>1</v></c>' for c, r in refs]
    parts += [f'<row r="{r}" spans="1:2">' for r in rows_only]
    parts += placed
    xml = "".join(parts).encode()
    used = filecheck._UsedRange()
    bounds = sorted({min(c, len(xml)) for c in cuts} | {0, len(xml)})
    for a, b in zip(bounds, bounds[1:]):
        used.feed(xml[a:b])
    assert used.max_row == max([r for _, r in refs] + rows_only, default=0)
    assert used.max_col == max([c for c, _ in refs], default=0)
    without_ref = sum(1 for p in placed if not p.startswith("<row"))
    assert (used.cells, used.cell_refs) == (len(refs) + without_ref, len(refs))
    assert (used.rows, used.row_refs) == (len(rows_only) + sum(p.startswith("<row") for p in placed),
                                          len(rows_only))
    if without_ref:  # every cell between two row tags could sit in one row
        assert used.width >= used.max_col + 1


# --- the reference scan against an independent reading of the same XML ----------------------

import xml.etree.ElementTree as ET  # noqa: E402

from analytics import readers  # noqa: E402

SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", " \t"]


def _calamine_position(value: str) -> tuple[int, int] | None:
    """(row, column), 1-based, as python-calamine reads a reference: letters of either case,
    then digits, any number of each; None when it cannot read it (it would refuse the file)."""
    letters = len(value) - len(value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    col_text, row_text = value[:letters], value[letters:]
    if not row_text.isdigit() or not row_text.isascii() or int(row_text) == 0:
        return None
    col = 0
    for ch in col_text.upper():
        col = col * 26 + ord(ch) - 64
    return int(row_text), col


def _true_box(xml: bytes) -> int:
    """The rectangle the parser would fill, from a real XML parser (quotes, whitespace and
    namespace prefixes handled by the XML grammar, not by the scan's patterns)."""
    max_row = max_col = 0
    for element in ET.fromstring(xml).iter():
        if element.tag.rsplit("}", 1)[-1] not in ("c", "row") or "r" not in element.attrib:
            continue
        position = _calamine_position(element.attrib["r"])
        if position is None:
            continue
        max_row = max(max_row, position[0])
        if element.tag.rsplit("}", 1)[-1] == "c":
            max_col = max(max_col, position[1])
    return max_row * max(max_col, 1) if max_row else 0


reference = st.tuples(
    st.text(alphabet="ABCDXYZabxyz", min_size=0, max_size=4),
    st.integers(0, 10**9).map(str) | st.sampled_from(["1048576", "01048576", "0", "1220", "7"]),
)
cell_tag = st.tuples(
    st.sampled_from(["c", "x:c", "row"]),
    st.sampled_from(SEPARATORS),
    st.booleans(),  # another attribute before r
    st.sampled_from(["=", " =", "= ", " = "]),
    st.sampled_from(['"', "'"]),
    reference,
)


@FUZZ
@given(cells=st.lists(cell_tag, min_size=1, max_size=12), limit=st.sampled_from([10, 1000, 20_000_000]))
def test_the_reference_scan_never_lets_a_larger_sheet_through(cells: list, limit: int) -> None:
    """Whatever form a reference takes, the check either refuses the workbook or the sheet is
    no larger than the limit by an independent reading of its XML."""
    parts = []
    for tag, sep, other, eq, quote, (letters, digits) in cells:
        attr = f'{sep}s="1"' if other else ""
        parts.append(f"<{tag}{attr}{sep}r{eq}{quote}{letters}{digits}{quote}><v>1</v></{tag}>")
    body = "".join(parts)
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f"{body}</sheetData></worksheet>").encode()
    data = xlsx(body).replace(b"<worksheet xmlns", b'<worksheet xmlns:x="http://schemas.'
                              b'openxmlformats.org/spreadsheetml/2006/main" xmlns', 1)
    try:
        filecheck.check_workbook("fuzz.xlsx", data, ".xlsx", max_cells=limit)
    except readers.ReadError:
        return
    assert _true_box(sheet) <= limit


HOSTILE_TOKENS = ["generate_series(1, 400000000)", "repeat('x', 400000)", "range(10001)",
                  "list_resize([1], 300000000)", "read_blob('.tmp/*')", "abs(abs(abs(-1)))",
                  "len(", "SELECT", "FROM", ",", ")", "*"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_TOKENS + SQL_TOKENS[:20]), min_size=1, max_size=10).map(" ".join))
def test_hostile_sql_fragments_only_meet_refusals(sql: str) -> None:
    try:
        out = run_sql({"t": pd.DataFrame({"a": [1]})}, sql, row_limit=50, timeout_s=3)
    except QueryRefused as e:
        assert e.message("en") and e.message("zh")
        return
    assert isinstance(out, pd.DataFrame) and len(out) <= 50
