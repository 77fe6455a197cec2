"""``python -m analytics export --parquet DIR``: every table the metrics read, as Parquet, with
its types and its NULLs, row for row; a folder already holding files is refused unless the
export is told to overwrite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics import inbox, parquet, store
from analytics.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
EXPORTED = ("projects", "tickets", "surveys", "status_history")


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def exported(demo_store: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "parquet"
    r = cli("export", "--db", str(demo_store), "--parquet", str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_every_table_is_written_row_for_row(demo_store, exported):
    con = store.connect(demo_store, read_only=True)
    try:
        for table in EXPORTED:
            file = exported / f"{table}.parquet"
            columns = [c for c, _ in parquet.exported_columns(con)[table]]
            assert pq.ParquetFile(file).schema_arrow.names == columns
            select = ", ".join(columns)
            # both directions, NULLs compared as equal, duplicates counted
            for a, b in ((f"SELECT {select} FROM {table}", f"SELECT * FROM read_parquet('{file}')"),
                         (f"SELECT * FROM read_parquet('{file}')", f"SELECT {select} FROM {table}")):
                assert con.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone() == (0,)
        counts = store.table_counts(con)
    finally:
        con.close()
    manifest = json.loads((exported / parquet.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["schema_version"] == store.SCHEMA_VERSION
    assert {t: v["rows"] for t, v in manifest["tables"].items()} == {**counts, "status_history": 0}
    assert counts["tickets"] == 6000  # the demo's tickets, all of them


def test_the_canonical_columns_keep_their_types_and_every_column_may_be_null(exported):
    arrow = {"text": pa.string(), "date": pa.date32(), "timestamp": pa.timestamp("us"),
             "number": pa.float64(), "int": pa.int32(), "bool": pa.bool_(),
             "duration": pa.float64(), "score": pa.float64()}
    for name, table in TABLES.items():
        schema = pq.ParquetFile(exported / f"{name}.parquet").schema_arrow
        for column in table.columns:
            field = schema.field(column.name)
            assert field.type == arrow[column.kind], (name, column.name, field.type)
            assert field.nullable, (name, column.name)
    # a timestamp is wall-clock time, not an instant: no zone, not adjusted to UTC
    tickets = pq.ParquetFile(exported / "tickets.parquet").schema
    logical = str(tickets.column(tickets.names.index("created_at")).logical_type)
    assert "isAdjustedToUTC=false" in logical and "MICROS" in logical.upper()


def test_nulls_microseconds_and_text_survive(tmp_path):
    db = tmp_path / "odd.duckdb"
    con = store.connect(db)
    con.execute("INSERT INTO projects (project_id, customer, renewed, kickoff_date) "
                "VALUES ('P-1', '华东电网', NULL, DATE '2025-02-28'), ('P-2', NULL, true, NULL)")
    con.execute("INSERT INTO tickets (ticket_id, project_id, created_at, resolved_at, is_complaint, "
                "reopened_count) VALUES ('T-1', 'P-1', TIMESTAMP '2025-03-01 23:59:59.123456', NULL, "
                "NULL, NULL), ('T-2', 'P-1', TIMESTAMP '1900-01-01 00:00:00', "
                "TIMESTAMP '9999-12-31 23:59:59', false, 2)")
    con.close()
    out = tmp_path / "out"
    r = cli("export", "--db", str(db), "--parquet", str(out))
    assert r.returncode == 0, r.stderr
    assert f"wrote {out / 'tickets.parquet'} (2 rows)" in r.stdout
    projects = pq.read_table(out / "projects.parquet").to_pylist()
    assert [(p["project_id"], p["customer"], p["renewed"], p["kickoff_date"]) for p in projects] == [
        ("P-1", "华东电网", None, date(2025, 2, 28)), ("P-2", None, True, None)]
    tickets = pq.read_table(out / "tickets.parquet").to_pylist()
    assert [(t["created_at"], t["resolved_at"], t["is_complaint"], t["reopened_count"])
            for t in tickets] == [
        (datetime(2025, 3, 1, 23, 59, 59, 123456), None, None, None),
        (datetime(1900, 1, 1), datetime(9999, 12, 31, 23, 59, 59), False, 2)]


def test_a_folder_holding_files_is_refused_unless_told(demo_store, tmp_path):
    out = tmp_path / "shared"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    r = cli("export", "--db", str(demo_store), "--parquet", str(out))
    assert r.returncode == 1
    assert r.stderr.strip() == ("error: The folder shared already holds files; name an empty or "
                                "new folder, or add --overwrite to replace the export's files in it.")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]  # nothing written
    r = cli("export", "--db", str(demo_store), "--parquet", str(out), "--overwrite")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["notes.txt", parquet.MANIFEST, *(f"{t}.parquet" for t in EXPORTED)])
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"  # not the export's
    r = cli("export", "--db", str(demo_store), "--parquet", str(out / "notes.txt"))
    assert r.returncode == 1
    assert r.stderr.strip() == "error: notes.txt is a file, not a folder; name a folder for the export."


def test_a_missing_store_is_refused_and_nothing_is_created(tmp_path):
    r = cli("export", "--db", str(tmp_path / "nope.duckdb"), "--parquet", str(tmp_path / "out"))
    assert r.returncode == 1 and r.stderr.startswith("error: There is no data store at")
    assert not (tmp_path / "nope.duckdb").exists() and not (tmp_path / "out").exists()


def test_reading_an_export_checks_its_manifest(exported, tmp_path):
    done = parquet.read_manifest(exported)
    assert set(done.files) == set(EXPORTED) and done.rows["projects"] == 60
    with pytest.raises(parquet.ExportError, match="holds no Delivery Pulse export"):
        parquet.read_manifest(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    manifest = json.loads((exported / parquet.MANIFEST).read_text(encoding="utf-8"))
    (broken / parquet.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(parquet.ExportError, match="lacks the file of the table projects"):
        parquet.read_manifest(broken)
    (broken / parquet.MANIFEST).write_text(json.dumps({**manifest, "schema_version": 1}),
                                           encoding="utf-8")
    with pytest.raises(parquet.ExportError, match="schema version 1"):
        parquet.read_manifest(broken)
    (broken / parquet.MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(parquet.ExportError, match="cannot be read"):
        parquet.read_manifest(broken)


def test_while_the_app_holds_the_store_the_export_is_written_from_its_copy(demo_store_copy, tmp_path):
    con = store.connect(demo_store_copy)
    watcher = inbox.Watcher(con, demo_store_copy, poll_s=0.1, settle_s=0.2).start()
    try:
        out = tmp_path / "held"
        r = cli("export", "--db", str(demo_store_copy), "--parquet", str(out))
        assert r.returncode == 0, r.stderr
        assert "exporting from a copy it made" in r.stdout
        rows = duckdb.connect().execute(
            f"SELECT count(*) FROM read_parquet('{out / 'tickets.parquet'}')").fetchone()
        assert rows == (store.table_counts(con)["tickets"],)
    finally:
        watcher.stop()
        con.close()
