"""The store's schema version: new stores, migrating older ones in place, refusing newer ones.

The older store is built by ``tests/store_v1.py`` with the DDL stores had before schema
versions, holding exactly the rows a direct import of the demo portfolio holds; after the
migration every figure and every row must be what the direct import gives.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from analytics import ingest, store
from analytics.filters import Filters
from analytics.metrics.delivery import renewal_rate
from analytics.metrics.headline import headline

from store_v1 import write_v1_store

PRACTICE_COLUMNS = ("joint_review", "joint_review_date", "handover_done", "handover_date")
# columns schema 1's release did not read: a migrated store has them empty
LATER_COLUMNS = (*PRACTICE_COLUMNS, "contract_end_date")


def _layout(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND database_name = current_database() "
        "ORDER BY table_name, column_name").fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        out.setdefault(table, []).append((column, kind))
    return out


def _raw_version(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return store.schema_version(con)
    finally:
        con.close()


@pytest.fixture
def v1_store(demo_store_copy: Path, tmp_path: Path) -> Path:
    # from a copy: the app's tests may hold the shared demo store open in this process
    return write_v1_store(tmp_path / "old.duckdb", demo_store_copy)


def test_a_new_store_is_created_at_the_current_version_with_its_step_recorded(tmp_path):
    con = store.connect(tmp_path / "new.duckdb")
    rows = con.execute("SELECT version, name, backup FROM schema_migrations").fetchall()
    assert rows == [(store.SCHEMA_VERSION, "created", None)]
    assert list(tmp_path.glob("*.bak")) == []  # nothing to back up


def test_a_schema_1_store_opens_with_the_figures_of_a_direct_import(v1_store, demo_store_copy):
    demo_store = demo_store_copy
    assert _raw_version(v1_store) == 1
    direct = store.connect(demo_store, read_only=True)
    migrated = store.connect(v1_store)
    assert store.schema_version(migrated) == store.SCHEMA_VERSION
    for period in (Filters(), Filters.from_query_params({"date_from": "2026-01-01",
                                                          "date_to": "2026-03-31"})):
        assert headline(migrated, period) == headline(direct, period)
    direct.close()
    migrated.execute(f"ATTACH '{demo_store}' AS direct (READ_ONLY)")
    for table in ("projects", "tickets", "surveys", "import_issues"):
        # by name: columns added since schema 1 come last in a migrated table; the practice
        # columns of schema 4 and the term end of schema 5 were not read by schema 1's
        # release, so they stay empty
        later = set(LATER_COLUMNS) if table == "projects" else set()
        names = ", ".join(f'"{c}"' for c in migrated.execute(
            f"SELECT * FROM direct.{table} LIMIT 0").df().columns if c not in later)
        diff = migrated.execute(
            f"SELECT count(*) FROM ((SELECT {names} FROM {table} EXCEPT ALL SELECT {names} FROM "
            f"direct.{table}) UNION ALL (SELECT {names} FROM direct.{table} EXCEPT ALL "
            f"SELECT {names} FROM {table}))").fetchone()[0]
        total = migrated.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert total > 0 and diff == 0, table  # every row, every column: nothing lost or changed
    empty = migrated.execute("SELECT count(*) FROM projects WHERE "
                             + " OR ".join(f"{c} IS NOT NULL" for c in LATER_COLUMNS)
                             ).fetchone()[0]
    assert empty == 0
    migrated.close()


def test_the_migration_keeps_a_schema_1_copy_beside_the_store(v1_store):
    before = v1_store.read_bytes()
    store.connect(v1_store).close()
    backups = list(v1_store.parent.glob("old.duckdb.schema-v1-*.bak"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == before  # the file as it was, checkpointed
    assert _raw_version(backups[0]) == 1
    con = duckdb.connect(str(v1_store), read_only=True)
    assert con.execute("SELECT version, backup FROM schema_migrations ORDER BY version").fetchall() == [
        (v, backups[0].name) for v in range(2, store.SCHEMA_VERSION + 1)]  # one copy before all the steps


def test_a_migrated_store_has_the_layout_of_a_new_one(v1_store, tmp_path):
    new = store.connect(tmp_path / "new.duckdb")
    migrated = store.connect(v1_store)
    new_layout, old_layout = _layout(new), _layout(migrated)
    assert old_layout == new_layout


def test_batches_from_before_versions_are_listed_but_not_undone(v1_store, tmp_path):
    con = store.connect(v1_store)
    history = store.batches(con)
    assert len(history) > 0 and not history["versioned"].any()
    first = int(history["batch_id"].min())
    tickets = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
    with pytest.raises(store.StoreError) as refused:
        store.undo(con, first)
    assert refused.value.code == "store.error.not_versioned"
    assert str(refused.value).count(". ") == 0 and str(refused.value).endswith(".")
    assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == tickets


def test_a_migrated_store_takes_new_imports_with_versions_and_undo(v1_store, tmp_path):
    con = store.connect(v1_store)
    first = con.execute("SELECT ticket_id, status, batch_id FROM tickets ORDER BY ticket_id "
                        "LIMIT 1").fetchone()
    csv = tmp_path / "later.csv"
    updated = con.execute("SELECT max(updated_at) FROM tickets").fetchone()[0]
    csv.write_text(f"ticket_id,created_at,status,updated_at\n{first[0]},2026-01-05 09:00,closed,"
                   f"{updated:%Y-%m-%d} 23:59\n", encoding="utf-8")
    report = ingest.import_file(con, csv)
    batch = report.sheets[0].batch_id
    assert batch > int(store.batches(con)["batch_id"].drop(0).max())  # the sequence went on
    assert report.sheets[0].changes == store.Changes(changed=1)
    store.undo(con, batch)
    assert con.execute("SELECT ticket_id, status, batch_id FROM tickets WHERE ticket_id = ?",
                       [first[0]]).fetchone() == first


def test_a_store_of_a_newer_version_is_refused_in_one_sentence(tmp_path):
    path = tmp_path / "future.duckdb"
    store.connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now(), NULL)",
                [store.SCHEMA_VERSION + 5])
    con.close()
    before = path.read_bytes()
    with pytest.raises(store.StoreError) as refused:
        store.connect(path)
    message = str(refused.value)
    assert refused.value.code == "store.error.newer"
    assert f"schema {store.SCHEMA_VERSION + 5}" in message and "upgrade Delivery Pulse" in message
    assert "\n" not in message and str(tmp_path) not in message
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_a_failing_step_leaves_the_store_as_it_was(v1_store, monkeypatch):
    def half_done(con: duckdb.DuckDBPyConnection) -> None:
        store.ensure_layout(con)
        con.execute("UPDATE tickets SET status = 'overwritten'")
        con.execute("SELECT 1 / 0 = 'not a number'::INTEGER")  # fails

    monkeypatch.setattr(store, "MIGRATIONS", (store.Migration(2, "broken", half_done),))
    before = _layout(duckdb.connect(str(v1_store), read_only=True))
    with pytest.raises(store.StoreError) as failed:
        store.connect(v1_store)
    assert failed.value.code == "store.error.migration_failed"
    assert "it is unchanged" in str(failed.value) and ".bak" in str(failed.value)
    con = duckdb.connect(str(v1_store), read_only=True)
    assert _layout(con) == before and store.schema_version(con) == 1
    assert con.execute("SELECT count(*) FROM tickets WHERE status = 'overwritten'").fetchone()[0] == 0


def test_a_later_step_adds_a_column_and_backfills_it(tmp_path, monkeypatch):
    """The machinery a future canonical column uses: a store one version behind gets the
    column, filled from what the rows already hold, and the step is recorded."""
    path = tmp_path / "s.duckdb"
    con = store.connect(path)
    csv = tmp_path / "t.csv"
    csv.write_text("ticket_id,created_at,Root cause\nT1,2026-01-05 09:00,config\n", encoding="utf-8")
    ingest.import_file(con, csv)
    con.close()

    def add_root_cause(con: duckdb.DuckDBPyConnection) -> None:
        for table in ("tickets", "tickets_history"):
            store.add_missing_columns(con, table, [("root_cause", "VARCHAR")])
            con.execute(f"UPDATE {table} SET root_cause = extra->>'Root cause'")

    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    monkeypatch.setattr(store, "MIGRATIONS", (*store.MIGRATIONS,
                                              store.Migration(store.SCHEMA_VERSION, "root cause", add_root_cause)))
    con = store.connect(path)
    assert con.execute("SELECT ticket_id, root_cause FROM tickets").fetchall() == [("T1", "config")]
    steps = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert steps == [(store.SCHEMA_VERSION - 1, "created"), (store.SCHEMA_VERSION, "root cause")]
    assert len(list(tmp_path.glob(f"s.duckdb.schema-v{store.SCHEMA_VERSION - 1}-*.bak"))) == 1


def test_a_schema_4_store_gains_the_term_end_and_its_renewals_read_the_closing_day(tmp_path):
    """A store from before contract_end_date: the column is added empty, and the renewal
    rate of its projects reads closed_date as before, until their files are imported again
    with the term end."""
    path = tmp_path / "s.duckdb"
    csv = tmp_path / "p.csv"
    csv.write_text("project_id,status,closed_date,renewed\nP1,closed,2026-02-01,yes\n"
                   "P2,closed,2026-03-01,no\nP3,active,,yes\n", encoding="utf-8")
    con = store.connect(path)
    ingest.import_file(con, csv)
    for table in ("projects", "projects_history"):  # as schema 4 left them
        con.execute(f"ALTER TABLE {table} DROP COLUMN contract_end_date")
    con.execute("DELETE FROM schema_migrations")
    con.execute("INSERT INTO schema_migrations VALUES (4, 'created', now(), NULL)")
    con.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT count(*), count(contract_end_date) FROM projects").fetchone() == (3, 0)
    r = renewal_rate(con, Filters())
    assert (r.renewal_known, r.renewed) == (2, 1)  # P1 and P2 closed; P3 unseen without a term
    csv.write_text("project_id,status,closed_date,contract_end_date,renewed\n"
                   "P1,closed,2026-02-01,2026-02-01,yes\nP2,closed,2026-03-01,2026-03-01,no\n"
                   "P3,active,,2026-04-01,yes\n", encoding="utf-8")
    ingest.import_file(con, csv)
    r = renewal_rate(con, Filters())
    assert (r.renewal_known, r.renewed) == (3, 2)


# The layout each schema version stands for. A change of the store's tables (a canonical
# column added in schema.py included) must come with a new SCHEMA_VERSION and a Migration
# that brings older stores to it; then add the new fingerprint here.
LAYOUTS: dict[int, str] = {
    2: "b2691ce3e11555da",
    3: "3329cb838454ebe6",  # status_history; tickets.reassignment_count
    4: "de38a65e4a9a21e8",  # projects: joint review and handover, each with its date
    5: "8a1988cde0a63ddc",  # projects: contract_end_date
    6: "4428bab46c8c3a23",  # settings, settings_history
}


def test_the_layout_changes_only_with_the_schema_version(tmp_path):
    con = store.connect(tmp_path / "new.duckdb")
    text = repr(sorted(_layout(con).items())).encode()
    fingerprint = hashlib.sha256(text).hexdigest()[:16]
    assert LAYOUTS.get(store.SCHEMA_VERSION) == fingerprint, (
        f"the store's layout is now {fingerprint}: if its tables changed, raise "
        "store.SCHEMA_VERSION, add a store.Migration for older stores, and pin the new layout")
