"""Import batches keep row versions: undo restores exactly, an older export never wins.

The strongest check is the property at the end: whatever sequence of imports and undos, the
store holds what importing only the batches still standing, in their order, into a fresh store
gives: the current rows, the other versions and who said what.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import ingest, store

CANONICAL = ("projects", "tickets", "surveys")


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every canonical table, every column (batch and source row included)."""
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in CANONICAL}


def _write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def demo_con(demo_store_copy: Path):
    con = store.connect(demo_store_copy)
    yield con
    con.close()


def test_undo_restores_exactly_the_rows_the_batch_replaced(demo_con, tmp_path):
    before = _snapshot(demo_con)
    some = demo_con.execute(
        "SELECT ticket_id, strftime(created_at, '%Y-%m-%d %H:%M'), updated_at FROM tickets "
        "ORDER BY ticket_id LIMIT 3").fetchall()
    later = max(u for _, _, u in some) + timedelta(days=30)
    rows = [f"{tid},{created},resolved,P1,{later:%Y-%m-%d %H:%M}" for tid, created, _ in some]
    rows.append(f"NEW-1,2026-02-01 10:00,open,P3,{later:%Y-%m-%d %H:%M}")
    export = _write_csv(tmp_path / "tickets_update.csv",
                        "ticket_id,created_at,status,priority,updated_at", rows)
    report = ingest.import_file(demo_con, export, imported_by="ops")
    sheet = report.sheets[0]
    assert sheet.changes == store.Changes(added=1, changed=3)
    assert demo_con.execute("SELECT count(*) FROM tickets WHERE status = 'resolved' AND "
                            "batch_id = ?", [sheet.batch_id]).fetchone()[0] == 3
    store.undo(demo_con, sheet.batch_id, by="ops")
    assert _snapshot(demo_con) == before
    for extra in ("tickets_history", "tickets_repeats"):
        assert demo_con.execute(f"SELECT count(*) FROM {extra}").fetchone()[0] == 0
    undone = store.batches(demo_con).set_index("batch_id").loc[sheet.batch_id]
    assert undone["undone_by"] == "ops" and undone["undone_at"] is not None


def test_an_older_export_never_overwrites_a_newer_version(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    header = "Issue key,Created,Status,Updated"
    newer = _write_csv(tmp_path / "march.csv", header, [
        "OPS-1,2026-01-02 09:00,Done,2026-03-10 12:00",
        "OPS-2,2026-01-03 09:00,In Progress,2026-03-09 08:00"])
    older = _write_csv(tmp_path / "february.csv", header, [
        "OPS-1,2026-01-02 09:00,Open,2026-02-01 12:00",       # older: kept out of current
        "OPS-2,2026-01-03 09:00,Done,2026-03-11 08:00",       # newer after all: wins
        "OPS-3,2026-01-04 09:00,Open,2026-02-02 10:00"])      # unknown: added
    ingest.import_file(con, newer)
    report = ingest.import_file(con, older)
    assert report.sheets[0].changes == store.Changes(added=1, changed=1, stale=1)
    current = dict(con.execute("SELECT ticket_id, status FROM tickets").fetchall())
    assert current == {"OPS-1": "resolved", "OPS-2": "resolved", "OPS-3": "open"}
    # the older version is kept, not lost: it is what the store says once the newer goes
    march = int(store.batches(con)["batch_id"].min())
    store.undo(con, march)
    current = dict(con.execute("SELECT ticket_id, status FROM tickets").fetchall())
    assert current == {"OPS-1": "open", "OPS-2": "resolved", "OPS-3": "open"}


def test_the_modification_count_decides_when_there_is_no_update_time(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    header = "number,opened_at,state,sys_mod_count"
    ingest.import_file(con, _write_csv(tmp_path / "a.csv", header, ["INC1,2026-01-02 09:00,Resolved,7"]))
    report = ingest.import_file(con, _write_csv(tmp_path / "b.csv", header,
                                                ["INC1,2026-01-02 09:00,New,2"]))
    assert report.sheets[0].changes.stale == 1
    assert con.execute("SELECT status, mod_count FROM tickets").fetchall() == [("resolved", 7)]


def test_without_version_columns_the_later_import_wins(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    header = "project_id,project_name,status"
    ingest.import_file(con, _write_csv(tmp_path / "a.csv", header, ["P1,ERP rollout,active"]))
    ingest.import_file(con, _write_csv(tmp_path / "b.csv", header, ["P1,ERP rollout,closed"]))
    assert con.execute("SELECT status FROM projects").fetchall() == [("closed",)]


def test_a_repeated_version_is_one_row_and_survives_undoing_its_first_batch(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    header = "ticket_id,created_at,status"
    rows = ["T1,2026-01-02 09:00,open", "T2,2026-01-03 09:00,open"]
    first = ingest.import_file(con, _write_csv(tmp_path / "mon.csv", header, rows)).sheets[0]
    # the next day's export: the same rows, not the same file (Windows line ends)
    tuesday = tmp_path / "tue.csv"
    tuesday.write_bytes("\r\n".join([header, *rows, ""]).encode())
    second = ingest.import_file(con, tuesday).sheets[0]
    assert second.changes == store.Changes(unchanged=2)
    assert con.execute("SELECT count(*) FROM tickets_history").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM tickets_repeats").fetchone()[0] == 2
    store.undo(con, first.batch_id)
    # Tuesday's export said the same: the rows stay, now Tuesday's, at Tuesday's rows
    assert con.execute("SELECT ticket_id, batch_id, source_row FROM tickets ORDER BY 1").fetchall() == [
        ("T1", second.batch_id, 2), ("T2", second.batch_id, 3)]
    store.undo(con, second.batch_id)
    assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


def test_undo_refuses_an_unknown_or_undone_batch_in_one_sentence(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    sheet = ingest.import_file(con, _write_csv(tmp_path / "a.csv", "ticket_id,created_at",
                                               ["T1,2026-01-02"])).sheets[0]
    version = store.data_version(con)
    store.undo(con, sheet.batch_id)
    assert store.data_version(con) != version  # caches keyed on it refresh
    for batch, code in ((sheet.batch_id, "store.error.already_undone"), (999, "store.error.no_batch")):
        with pytest.raises(store.StoreError) as refused:
            store.undo(con, batch)
        assert refused.value.code == code
        assert str(refused.value).endswith(".") and "\n" not in str(refused.value)


# -- the property: undo is as if the batch had never been imported ---------------------------

BASE = datetime(2026, 1, 1)
# one version of one ticket: (id, status, hours after BASE it was updated or None, mod count or None)
version = st.tuples(st.sampled_from(["T1", "T2", "T3"]), st.sampled_from(["open", "resolved"]),
                    st.one_of(st.none(), st.integers(0, 3)), st.one_of(st.none(), st.integers(0, 2)))
batch = st.lists(version, min_size=1, max_size=3, unique_by=lambda v: v[0])
step = st.one_of(st.tuples(st.just("import"), batch), st.tuples(st.just("undo"), st.integers(0, 5)))


def _literal(v: object) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return f"'{v}'"
    return str(v)


def _import(con: duckdb.DuckDBPyConnection, label: str, rows: list[tuple]) -> int:
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    batch_id = store.new_batch(cur, file_name=label, table_name="tickets")
    values = ", ".join(
        f"({_literal(tid)}, TIMESTAMP '2025-12-01', {_literal(status)}, "
        f"{'NULL' if hours is None else repr(str(BASE + timedelta(hours=hours))) + '::TIMESTAMP'}, "
        f"{_literal(mods)}, {n + 2})"
        for n, (tid, status, hours, mods) in enumerate(rows))
    store.write_versions(cur, "tickets", batch_id,
                         f"SELECT * FROM (VALUES {values}) v(ticket_id, created_at, status, "
                         "updated_at, mod_count, source_row)")
    cur.execute("COMMIT")
    return batch_id


def _said(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """What the store says: each id's current version, and every statement a batch made (the
    version it brought, at which row), batches named by their file label. A version stored
    once and repeated by a later batch, and two identical copies, say the same."""
    content = "ticket_id, status, updated_at, mod_count"
    versions = f"SELECT {content}, source_row, batch_id FROM tickets UNION ALL " \
               f"SELECT {content}, source_row, batch_id FROM tickets_history"
    statements = con.execute(
        f"SELECT {content}, source_row, b.file_name FROM ({versions}) v "
        "JOIN import_batches b USING (batch_id) UNION ALL "
        f"SELECT v.ticket_id, v.status, v.updated_at, v.mod_count, r.source_row, b.file_name "
        f"FROM tickets_repeats r JOIN ({versions}) v ON v.ticket_id = r.ticket_id AND "
        "v.batch_id = r.of_batch JOIN import_batches b ON b.batch_id = r.batch_id").fetchall()
    current = con.execute(f"SELECT {content} FROM tickets").fetchall()
    return {"current": sorted(current, key=repr), "statements": sorted(statements, key=repr)}


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_of_imports_and_undos_equals_importing_the_standing_batches(steps):
    con = store.connect(":memory:")
    imported: list[tuple[int, str, list[tuple]]] = []
    undone: set[int] = set()
    for n, (kind, arg) in enumerate(steps):
        if kind == "import":
            label = f"b{n}"
            imported.append((_import(con, label, arg), label, arg))
        elif imported:
            batch_id = imported[arg % len(imported)][0]
            if batch_id not in undone:
                store.undo(con, batch_id)
                undone.add(batch_id)
    fresh = store.connect(":memory:")
    for batch_id, label, rows in imported:
        if batch_id not in undone:
            _import(fresh, label, rows)
    assert _said(con) == _said(fresh)
    # and no row is left to a batch that was undone
    assert con.execute("SELECT count(*) FROM (SELECT batch_id FROM tickets UNION ALL SELECT "
                       "batch_id FROM tickets_history UNION ALL SELECT batch_id FROM "
                       "tickets_repeats) JOIN import_batches USING (batch_id) "
                       "WHERE undone_at IS NOT NULL").fetchone()[0] == 0
    con.close()
    fresh.close()


def test_a_ticket_naming_its_project_replaces_the_one_without_and_undo_brings_it_back(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    first = ingest.import_file(con, _write_csv(tmp_path / "plain.csv", "ticket_id,created_at,status",
                                               ["T1,2026-01-02 09:00,open"])).sheets[0]
    before = _snapshot(con)
    second = ingest.import_file(con, _write_csv(
        tmp_path / "scoped.csv", "ticket_id,project_id,created_at,status",
        ["T1,ERP,2026-01-02 09:00,resolved", "T1,CRM,2026-01-04 09:00,open"])).sheets[0]
    assert second.changes == store.Changes(added=1, changed=1)
    assert con.execute("SELECT project_id, status FROM tickets ORDER BY 1").fetchall() == [
        ("CRM", "open"), ("ERP", "resolved")]  # one ticket T1 per project, none without
    store.undo(con, second.batch_id)
    assert _snapshot(con) == before
    assert first.batch_id in {r[-2] for r in before["tickets"]}


def test_undoing_a_ticket_batch_takes_back_the_survey_answers_it_carried(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    before = _snapshot(con)
    sheet = ingest.import_file(con, _write_csv(
        tmp_path / "zendesk.csv", "Id,Created at,Solved at,Satisfaction Score",
        ["101,2026-01-02 09:00,2026-01-02 12:00,good", "102,2026-01-03 09:00,2026-01-03 10:00,bad"]
    )).sheets[0]
    assert store.table_counts(con)["surveys"] == 2
    store.undo(con, sheet.batch_id)
    assert _snapshot(con) == before
