"""Fuzzing the import: whatever the bytes, it imports or refuses with the project's own error,
and the row accounting always adds up."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import ingest, store

HEADERS = ["工单编号", "创建时间", "解决时间", "优先级", "工单类型", "Issue key", "Created", "满意度",
           "提交日期", "项目编号", "客户", "状态", "", "x", "Resolved", "score", "nps"]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["2025-03-05", "2025/3/5 9:00", "05/03/2025", "45723", "2025年3月5日", "P1", "紧急",
                     "投诉", "5", "11", "-1", "", " ", "=cmd()", "是", "NaN", "1e309"]),
)


def _import(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"fuzz{suffix}"
        path.write_bytes(data)
        con = store.connect(":memory:")
        try:
            report = ingest.import_file(con, path)
        except ingest.IngestError as e:
            assert str(e) and "\n" not in str(e)
            assert store.is_empty(con)
            return None
        for s in report.sheets:
            if s.message is None:
                assert s.rows_read == s.rows_imported + s.rows_folded + s.rows_rejected
                issues = con.execute("SELECT count(DISTINCT row_number) FROM import_issues "
                                     "WHERE batch_id = ? AND severity = 'rejected'", [s.batch_id]).fetchone()[0]
                assert issues == s.rows_rejected
        return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".xls", ".tsv", ".txt"]))
def test_random_bytes_never_crash(data, suffix):
    _import(data, suffix)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    body=st.lists(st.lists(CELLS, max_size=7), max_size=12),
    title=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_shapes_import_or_refuse_cleanly(headers, body, title, encoding, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    if title:
        w.writerow(["月度工单导出"])
    w.writerow(headers)
    w.writerows(body)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    _import(data, ".csv")
