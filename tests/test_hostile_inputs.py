"""Hostile input cannot hurt the server: each input of the corpus (tests/hostile.py) gets one
sentence in both languages, and the process that served it goes on.

"The process goes on" is what each test shows by continuing: the corpus runs in this test
process, so an abort or an out-of-memory kill would end the whole test run, not fail one test.
Where an input is refused before any parser sees it, a second test hands it straight to the
parser, in a worker, and shows the worker (not this process) is what dies.
"""

from __future__ import annotations

import os
import threading
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics import explore, exports, filecheck, ingest, readers, safe_import, workers
from analytics.explore import QueryRefused, UploadRefused
from analytics.settings import SETTINGS

from hostile import (FAR_CELLS, FORMULA_VALUES, HOSTILE_SQL, biff_number, corner_cells_workbook,
                     far_record_xls, far_reference_workbook, string_count_workbook, wide_csv,
                     wide_row_workbook, xls)

ROOT = Path(__file__).resolve().parent.parent
#: A refused input costs the worker's start and the check, not the parse: far below this.
REFUSAL_BUDGET_S = 15.0


def both_languages(error: explore.ExploreError | ingest.IngestError) -> tuple[str, str]:
    en, zh = (error.message("en"), error.message("zh")) if isinstance(error, explore.ExploreError) \
        else (error.text("en"), error.text("zh"))
    assert en and zh and en != zh
    assert "Traceback" not in en and "{" not in en and "{" not in zh
    return en, zh


def still_serving() -> None:
    """This process still answers: a trivial query through the same machinery works."""
    assert explore.run_sql({"t": pd.DataFrame({"a": [1, 2]})}, "SELECT sum(a) AS s FROM t")["s"].tolist() == [3]


# --------------------------------------------------------------------------- far references


@pytest.mark.parametrize("kind", list(FAR_CELLS))
def test_far_reference_workbook_is_refused_on_explore(kind: str) -> None:
    data = far_reference_workbook(kind)
    assert len(data) < 2048
    started = time.monotonic()
    with pytest.raises(UploadRefused) as info:
        explore.load_upload(f"{kind}.xlsx", data)
    assert time.monotonic() - started < REFUSAL_BUDGET_S
    en, zh = both_languages(info.value)
    assert en.startswith(f"{kind}.xlsx could not be read safely: sheet1 holds a cell reference")
    assert zh.startswith(f"{kind}.xlsx 无法被安全读取")
    assert info.value.key == "explore.upload.bad_reference"
    still_serving()


@pytest.mark.parametrize("kind", list(FAR_CELLS))
def test_far_reference_workbook_is_refused_by_the_import(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(far_reference_workbook(kind))
    with pytest.raises(ingest.IngestError) as info:
        safe_import.preview_file(path)
    en, _ = both_languages(info.value)
    assert en.startswith(f"{path.name} could not be read safely")


@pytest.mark.parametrize("kind", list(FAR_CELLS))
def test_the_scan_itself_sees_each_far_reference(kind: str) -> None:
    """Refused before parsing, by the check, in this process: no parser is involved."""
    with pytest.raises(readers.ReadError) as info:
        filecheck.check_workbook(f"{kind}.xlsx", far_reference_workbook(kind), ".xlsx")
    assert info.value.code == "bad_reference"
    assert info.value.details["reference"].startswith("r=")  # names the reference it distrusts


@pytest.mark.parametrize("kind", ["lower_case", "tab"])
def test_the_parser_on_a_far_reference_ends_only_its_worker(kind: str) -> None:
    """Past the check (handed straight to the parser), the abort ends the worker, not us."""
    limits = workers.Limits.for_files()
    with pytest.raises(workers.WorkerFailed) as info:
        workers.run(readers._read_workbook, far_reference_workbook(kind), "far.xlsx", ".xlsx",
                    limits=limits)
    assert info.value.reason == "memory"
    refusal = UploadRefused(info.value.key("file"), file="far.xlsx", **info.value.params())
    en, zh = both_languages(refusal)
    assert en == "far.xlsx could not be read safely: it asks for more than 2 GB of memory."
    assert "2 GB" in zh
    still_serving()


def test_a_trillion_declared_strings_are_refused_before_parsing() -> None:
    with pytest.raises(UploadRefused) as info:
        explore.load_upload("strings.xlsx", string_count_workbook(10**12))
    assert info.value.key == "explore.upload.bad_count"
    en, zh = both_languages(info.value)
    assert "1,000,000,000,000" in en and "sharedStrings" in zh
    # handed straight to the parser, it ends its worker, not us
    with pytest.raises(workers.WorkerFailed) as died:
        workers.run(readers._read_workbook, string_count_workbook(10**12), "s.xlsx", ".xlsx",
                    limits=workers.Limits.for_files())
    assert died.value.reason == "memory"
    # an honest count reads
    tables = explore.load_upload("strings.xlsx", string_count_workbook(1))
    assert [list(frame.columns) for frame in tables.values()] == [["ticket_id"]]


# --------------------------------------------------------------------------- legacy .xls


def test_xls_record_at_ffff_is_refused_before_parsing(tmp_path: Path) -> None:
    data = far_record_xls()
    with pytest.raises(readers.ReadError) as info:
        filecheck.check_workbook("far.xls", data, ".xls")
    assert info.value.code == "too_many_cells"
    assert info.value.details["cells"] == 65536 * 65536  # A1 to the record, as the parser fills it
    with pytest.raises(UploadRefused) as refused:
        explore.load_upload("far.xls", data)
    both_languages(refused.value)
    path = tmp_path / "far.xls"
    path.write_bytes(data)
    with pytest.raises(ingest.IngestError):
        safe_import.preview_file(path)


def test_the_parser_on_the_xls_record_ends_only_its_worker() -> None:
    with pytest.raises(workers.WorkerFailed) as info:
        workers.run(readers._read_workbook, far_record_xls(), "far.xls", ".xls",
                    limits=workers.Limits.for_files())
    assert info.value.reason == "memory"
    still_serving()


def test_an_ordinary_xls_still_reads() -> None:
    grids = readers.read_bytes(xls(biff_number(0, 0, 1.5) + biff_number(2, 1, 7.0)), "ok.xls")
    # the blank row 2 is left out; the row numbers say where the two kept lines are
    assert grids[0].cells.values.tolist() == [["1.5", None], [None, "7"]]
    assert grids[0].row_numbers.tolist() == [1, 3] and list(grids[0].cells.columns) == [0, 1]


def test_xls_dimensions_record_cannot_reserve_billions() -> None:
    # rows 0..0xFFFFFFFF in a DIMENSIONS record: the parser reserves rows x columns
    import struct

    dimensions = struct.pack("<HH", 0x0200, 14) + struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 200, 0)
    with pytest.raises(readers.ReadError) as info:
        filecheck.check_workbook("dims.xls", xls(dimensions + biff_number(0, 0, 1.0)), ".xls")
    assert info.value.code == "too_many_cells"


# --------------------------------------------------------------------------- SQL


@pytest.mark.parametrize("name", list(HOSTILE_SQL))
def test_hostile_sql_is_refused_and_the_server_goes_on(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryRefused) as info:
        explore.run_sql({"t": pd.DataFrame({"a": [1]})}, HOSTILE_SQL[name], row_limit=10_000,
                        timeout_s=10)
    elapsed = time.monotonic() - started
    assert elapsed < 10 + 5  # ended at the limit at the latest, not asked to stop
    both_languages(info.value)
    expected = {"explore.sql.external"} if name == "nested_read_blob" else {
        "worker.sql.memory", "worker.sql.result", "explore.sql.timeout"}
    assert info.value.key in expected, info.value.message("en")
    still_serving()


def test_the_result_is_bounded_in_bytes_not_only_rows() -> None:
    with pytest.raises(QueryRefused) as info:
        explore.run_sql({}, "SELECT repeat('x', 100000) AS s FROM range(1000)", row_limit=10_000)
    assert info.value.key == "worker.sql.result"
    assert "64 MB" in info.value.message("en") and "64 MB" in info.value.message("zh")


def test_deep_nesting_is_checked_not_skipped() -> None:
    deep = "SELECT " + "abs(" * 450 + "-1" + ")" * 450 + " AS x"
    assert explore.run_sql({}, deep)["x"].tolist() == [1]
    with pytest.raises(QueryRefused) as info:
        explore.run_sql({}, "SELECT " + "abs(" * 450 + "1" + ")" * 450 + ", * FROM read_text('x')")
    assert info.value.key == "explore.sql.external"


def test_each_query_spills_into_a_directory_of_its_own() -> None:
    """What read_blob('.tmp/*') once read: the spill files every sandbox in the server shared."""
    config = explore._sandbox_config("1GB", "/private/spill", "100MB")
    assert config["temp_directory"] == "/private/spill"
    assert config["max_temp_directory_size"] == "100MB"
    # and a worker runs in its own fresh directory, removed afterwards
    here = workers.run(os.getcwd, limits=workers.Limits.for_sql(5))
    assert Path(here).name.startswith(workers.TEMP_PREFIX) and not Path(here).exists()


#: A grouping with 4 million groups: more than 64 MB of memory holds, so DuckDB spills it
#: (about 70 MB of spill files on two threads).
SPILLING_SQL = ("SELECT count(*) AS n FROM (SELECT i % 4000000 AS g, count(*) AS c "
                "FROM range(8000000) t(i) GROUP BY g)")


def test_a_query_that_spills_past_the_cap_is_refused_for_its_temp_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Driven for real: a 64 MB memory limit makes the grouping spill; the worker's temp cap
    is 32 MB (DuckDB's own 24 MB). The spill directory is measured while the query runs."""
    root = tmp_path / "workers"
    root.mkdir()
    monkeypatch.setattr(workers, "temp_root", lambda: root)
    settings = replace(SETTINGS, worker_temp_mb=32)
    cap = 32 * workers.MB
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(sum(workers._tree_size(d) for d in root.iterdir()))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with pytest.raises(QueryRefused) as info:
            explore.run_sql({}, SPILLING_SQL, memory_limit="64MB", timeout_s=60, settings=settings)
    finally:
        done.set()
        watcher.join()
    assert info.value.key == "worker.sql.temp", info.value.message("en")
    en, zh = both_languages(info.value)
    assert en.startswith("The query was stopped: it needs more than 24 MB of temporary disk space")
    assert "24 MB" in zh and "临时磁盘空间" in zh
    assert max(seen) > 8 * workers.MB  # it did spill, well beyond a few blocks ...
    assert max(seen) <= cap  # ... and never past the cap
    assert list(root.iterdir()) == []  # the worker's directory is gone
    still_serving()


def test_the_same_query_with_room_to_spill_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal above is the cap's doing, not the query's: under the default temp cap
    (512 MB) the grouping spills and answers."""
    monkeypatch.setattr(workers, "temp_root", lambda: tmp_path)
    df = explore.run_sql({}, SPILLING_SQL, memory_limit="64MB", timeout_s=60, settings=SETTINGS)
    assert df["n"].tolist() == [4_000_000]
    assert list(tmp_path.iterdir()) == []


def test_a_check_that_cannot_finish_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object) -> None:
        raise ValueError("the tree had a shape nobody expected")

    monkeypatch.setattr(explore, "_check_names", broken)
    con = explore._open_sandbox({})
    try:
        with pytest.raises(QueryRefused) as info:
            explore._check_syntax_tree(con, "SELECT 1", set())
    finally:
        con.close()
    assert info.value.key == "explore.sql.check_failed"


@pytest.mark.parametrize("sql", ["PIVOT '/etc/passwd' ON a IN ('x') USING count(*)",
                                 "DESCRIBE SELECT * FROM read_csv('/etc/passwd')",
                                 "SUMMARIZE SELECT * FROM '/etc/passwd'"])
def test_statements_without_a_syntax_tree_are_checked_from_their_tokens(sql: str) -> None:
    with pytest.raises(QueryRefused) as info:
        explore.run_sql({"t": pd.DataFrame({"a": ["x"]})}, sql)
    assert info.value.key == "explore.sql.external"


# --------------------------------------------------------------------------- wide and sparse


def test_ten_million_columns_are_refused_before_parsing(tmp_path: Path) -> None:
    data = wide_csv()
    assert len(data) == 20_000_000
    started = time.monotonic()
    with pytest.raises(UploadRefused) as info:
        explore.load_upload("wide.csv", data)
    assert info.value.key == "explore.upload.too_many_columns"
    en, zh = both_languages(info.value)
    assert "10,000,000" in en and "16,384" in zh
    path = tmp_path / "wide.csv"
    path.write_bytes(data)
    with pytest.raises(ingest.IngestError) as refused:
        safe_import.preview_file(path)
    assert refused.value.message.code == "explore.upload.too_many_columns"
    assert time.monotonic() - started < 2 * REFUSAL_BUDGET_S


#: Limits far below the default ones, for inputs whose cost must be what they hold: one row
#: of 16,384 cells, or two cells 20 million apart, read within them or the test fails.
TIGHT = workers.Limits(memory_mb=256, wall_s=60.0, cpu_s=20.0, temp_mb=16, result_mb=32)


def test_one_row_of_16384_cells_is_read_within_the_limits(tmp_path: Path, con) -> None:
    data = wide_row_workbook()
    assert len(data) < 4096
    tables = explore.load_upload("wide_row.xlsx", data)
    assert [frame.shape for frame in tables.values()] == [(0, 16_384)]
    (grid,) = workers.run(readers.read_bytes, data, "wide_row.xlsx", limits=TIGHT)
    assert grid.cells.shape == (1, 16_384) and set(grid.cells.iloc[0]) == {"1"}
    assert list(grid.cells.columns) == list(range(16_384))
    path = tmp_path / "wide_row.xlsx"
    path.write_bytes(data)
    plans = workers.run(ingest.preview_file, path, limits=TIGHT)
    assert len(plans[0].headers) == 16_384 and plans[0].table is None
    assert plans[0].headers[:3] == ["1", "1 (2)", "1 (3)"]
    # importing it says what it holds, not that it is empty
    with pytest.raises(ingest.IngestError) as info:
        ingest.import_file(con, path, plans=plans)
    assert info.value.message.code == "ingest.error.not_a_table"
    assert "1, 1 (2), 1 (3), …" in info.value.message.text("en")


def test_two_far_apart_cells_cost_two_cells(tmp_path: Path) -> None:
    """A1 and XFD1220 span 19,988,480 cells, which python-calamine would lay out (some 600 MB
    and seconds of CPU): the sheet is read cell by cell, within a quarter of that memory, and
    the two cells land in their own columns and rows."""
    data = corner_cells_workbook()
    (grid,) = workers.run(readers.read_bytes, data, "corners.xlsx", limits=TIGHT)
    assert grid.cells.values.tolist() == [["ticket_id", None], [None, "1"]]
    assert list(grid.cells.columns) == [0, 16_383] and grid.row_numbers.tolist() == [1, 1220]
    (frame,) = explore.load_upload("corners.xlsx", data).values()
    assert list(frame.columns) == ["ticket_id", "column XFD"] and frame["column XFD"].tolist() == [1]
    assert frame.attrs["header_row"] == 1
    path = tmp_path / "corners.xlsx"
    path.write_bytes(data)
    (plan,) = workers.run(ingest.preview_file, path, limits=TIGHT)
    assert plan.headers == ["ticket_id", "column XFD"] and plan.rows == 1
    still_serving()


def _scattered_workbook(cells: dict[str, object]) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_sparse_sheet_reads_every_value_where_it_is() -> None:
    """Values of every kind, scattered over A1:XFD1048576, each in its own row and column, read
    as the same sheet laid out densely reads (the two routes agree cell for cell)."""
    from datetime import date, datetime

    scattered = {"A1": "ticket_id", "C1": "created_at", "Z1": "score", "XFD1": "note",
                 "A5": "T-1", "C5": datetime(2025, 3, 5, 9, 30), "Z5": 4.5, "XFD5": True,
                 "A100000": "T-2", "C100000": date(2025, 3, 6), "Z100000": 12,
                 "XFD1048576": "末行"}
    grid = readers.read_bytes(_scattered_workbook(scattered), "sparse.xlsx")[0]
    assert readers.check_workbook("s.xlsx", _scattered_workbook(scattered), ".xlsx").sparse_parts
    assert list(grid.cells.columns) == [0, 2, 25, 16_383]
    assert grid.row_numbers.tolist() == [1, 5, 100_000, 1_048_576]
    assert grid.cells.values.tolist() == [
        ["ticket_id", "created_at", "score", "note"],
        ["T-1", "2025-03-05 09:30:00", "4.5", "true"],
        ["T-2", "2025-03-06", "12", None],
        [None, None, None, "末行"],
    ]
    assert grid.date_cells_after == {1: 0}  # column C: dates below its header only
    # the same values packed into A1:D4 are laid out whole by the other route
    letters = {"A": "A", "C": "B", "Z": "C", "XFD": "D"}
    lines = {"1": "1", "5": "2", "100000": "3", "1048576": "4"}
    packed = {}
    for ref, value in scattered.items():
        column = ref.rstrip("0123456789")
        packed[letters[column] + lines[ref[len(column):]]] = value
    dense = readers.read_bytes(_scattered_workbook(packed), "dense.xlsx")[0]
    assert not readers.check_workbook("d.xlsx", _scattered_workbook(packed), ".xlsx").sparse_parts
    assert dense.cells.values.tolist() == grid.cells.values.tolist()
    assert dense.date_cells_after == grid.date_cells_after


def test_a_sparse_sheet_imports_with_its_row_numbers(tmp_path: Path, con) -> None:
    """Two tickets a million rows apart and a note at XFD: imported, the blank rows between
    counted, each ticket kept with the row it has in the file."""
    from datetime import datetime

    path = tmp_path / "far_tickets.xlsx"
    path.write_bytes(_scattered_workbook({
        "A1": "工单编号", "B1": "创建时间", "XFD1": "备注",
        "A2": "T-1", "B2": datetime(2025, 3, 5, 9, 30),
        "A1000000": "T-2", "B1000000": datetime(2025, 3, 6, 8, 0), "XFD1000000": "last",
    }))
    (plan,) = ingest.preview_file(path)
    assert plan.table == "tickets" and plan.headers == ["工单编号", "创建时间", "备注"]
    report = ingest.import_file(con, path)
    (sheet,) = report.sheets
    assert (sheet.rows_read, sheet.rows_imported, sheet.blank_rows) == (2, 2, 1_000_000 - 1 - 2)
    assert con.execute("SELECT ticket_id, created_at FROM tickets ORDER BY 1").fetchall() == [
        ("T-1", datetime(2025, 3, 5, 9, 30)), ("T-2", datetime(2025, 3, 6, 8, 0))]


def test_a_sparse_sheet_whose_values_make_too_large_a_table_is_refused() -> None:
    """Five cells on a diagonal, far apart, are a 5 x 5 table: past a limit of 20 cells the
    read refuses, naming the rows and columns that hold values."""
    data = _scattered_workbook({f"{col}{row}": 1 for col, row in
                                [("A", 1), ("Z", 300_000), ("AZ", 600_000), ("ZZ", 900_000), ("XFD", 1_048_576)]})
    assert len(readers.read_bytes(data, "diagonal.xlsx", max_cells=25)[0].cells.columns) == 5
    with pytest.raises(readers.ReadError) as info:
        readers.read_bytes(data, "diagonal.xlsx", max_cells=20)
    assert info.value.code == "too_many_cells" and info.value.details["cells"] == 25
    assert "5 rows and 5 columns" in str(info.value)
    with pytest.raises(UploadRefused) as refused:
        explore.load_upload("diagonal.xlsx", data,
                            settings=replace(SETTINGS, max_workbook_cells=20))
    en, zh = both_languages(refused.value)
    assert "5 × 5" in en and "5 × 5" in zh


def test_too_sparse_a_sheet_is_refused_with_its_counts() -> None:
    """More cells than may be read one by one, spread too far to lay out: refused before
    parsing, with the cells it holds, the range they span and the limit."""
    data = _scattered_workbook({"A1": 1, "B1": 2, "C1": 3, "XFD1048576": 4})
    with pytest.raises(UploadRefused) as info:
        explore.load_upload("spread.xlsx", data, settings=replace(SETTINGS, max_sparse_cells=3))
    assert info.value.key == "explore.upload.too_sparse"
    en, zh = both_languages(info.value)
    assert "4 cells" in en and "17,179,869,184" in en and "17,179,869,184" in zh and "3" in zh


# --------------------------------------------------------------------------- exports


def test_streamlit_toolbar_downloads_are_off() -> None:
    """Its CSV download writes =HYPERLINK(…) as is; every table has the app's own buttons."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize("value", FORMULA_VALUES)
def test_formula_values_are_escaped_in_every_export(value: str) -> None:
    frame = pd.DataFrame({"comment": [value], value: ["ok"]})
    text = exports.to_csv_bytes(frame).decode("utf-8-sig")
    assert value not in text.replace("'" + value, "")  # only ever behind an apostrophe
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"s": frame}))).active
    assert sheet["A2"].value == value and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix


@pytest.mark.parametrize("value", ["note;=HYPERLINK(\"http://x\")", "a;+cmd|' /C calc'!A0",
                                   "x ; @SUM(1)", "ok;-1+1"])
def test_a_semicolon_list_separator_does_not_open_a_formula(value: str) -> None:
    """Where Excel's list separator is ';' (much of Europe) it splits unquoted CSV fields at
    ';', so the text after one would start a cell of its own: such fields are quoted."""
    import csv
    import io

    text = exports.to_csv_bytes(pd.DataFrame({"c": [value]})).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        for field in row:
            assert not field.lstrip().startswith(exports.FORMULA_TRIGGERS), (value, text)
    assert list(csv.reader(io.StringIO(text)))[1] == [value]  # read back with ',' it is the value
