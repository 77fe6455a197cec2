"""The inbox: while a process holds the store, files and commands reach it through a folder.

Here the holder is this test process running :class:`inbox.Watcher` (what the app runs); the
command line runs as a real subprocess. tests/test_app_team.py repeats the essentials with
the app itself holding the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from waiting import until

from analytics import inbox, store

ROOT = Path(__file__).resolve().parents[1]
HEADER = "ticket_id,created_at,status,updated_at\n"


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=300)


@pytest.fixture
def served(tmp_path: Path):
    """A store held open by this process, its inbox served by a running watcher."""
    db = tmp_path / "team.duckdb"
    con = store.connect(db)
    watcher = inbox.Watcher(con, db, poll_s=0.1, settle_s=0.2).start()
    yield db, con, watcher
    watcher.stop()
    con.close()



def test_the_inbox_sits_beside_its_store(tmp_path, monkeypatch):
    monkeypatch.delenv("PULSE_INBOX", raising=False)
    assert inbox.inbox_dir(tmp_path / "pulse.duckdb") == tmp_path / "pulse.inbox"
    monkeypatch.setenv("PULSE_INBOX", str(tmp_path / "drop"))
    assert inbox.inbox_dir(tmp_path / "pulse.duckdb") == tmp_path / "drop"


def test_the_command_line_imports_through_the_process_holding_the_store(served, tmp_path):
    db, con, _ = served
    export = tmp_path / "jira.csv"
    export.write_text(HEADER + "OPS-1,2026-01-05 09:00,open,2026-01-05 09:00\n", encoding="utf-8")
    r = cli("import", str(export), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "importing through its inbox" in r.stdout
    assert "jira.csv: tickets (header on row 1) — read 1, imported 1" in r.stdout
    assert "  batch 1: 1 new, 0 changed, 0 unchanged" in r.stdout
    assert con.cursor().execute("SELECT ticket_id, status FROM tickets").fetchall() == [("OPS-1", "open")]
    batch = store.batches(con).iloc[0]
    assert batch["file_name"] == "jira.csv" and batch["imported_by"]
    assert list((inbox.inbox_dir(db) / inbox.REQUESTS).iterdir()) == []  # nothing left behind


def test_batches_undo_metrics_and_report_work_through_it_too(served, tmp_path):
    db, con, _ = served
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(HEADER + "T1,2026-01-05 09:00,open,2026-01-05 09:00\n", encoding="utf-8")
    b.write_text(HEADER + "T1,2026-01-05 09:00,resolved,2026-01-07 09:00\n", encoding="utf-8")
    assert cli("import", str(a), str(b), "--db", str(db)).returncode == 0
    listed = json.loads(cli("batches", "--db", str(db), "--json").stdout)
    assert [(x["batch_id"], x["file_name"]) for x in listed] == [(2, "b.csv"), (1, "a.csv")]
    r = cli("undo", "2", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert con.cursor().execute("SELECT status FROM tickets").fetchall() == [("open",)]
    r = cli("undo", "2", "--db", str(db))
    assert r.returncode == 1 and r.stderr.strip() == "error: Import batch 2 has already been undone."
    figures = json.loads(cli("metrics", "--db", str(db), "--json").stdout)
    assert figures["tickets_created"] == 1 and figures["backlog_open"] == 1
    out = tmp_path / "retro.xlsx"
    r = cli("report", "--quarter", "2026Q1", "--db", str(db), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:2] == b"PK"
    r = cli("report", "--quarter", "2026Q9", "--db", str(db), "--out", str(out))
    assert r.returncode == 1 and "is not a quarter" in r.stderr and len(r.stderr.splitlines()) == 1
    copy = tmp_path / "nightly" / "copy.duckdb"
    r = cli("backup", "--db", str(db), "--out", str(copy))
    assert r.returncode == 0, r.stderr
    backup = store.connect(copy, read_only=True)  # a whole store, as the app had it
    assert store.table_counts(backup) == store.table_counts(con)
    assert len(store.batches(backup)) == len(store.batches(con)) == 2
    backup.close()
    projects = tmp_path / "projects.csv"
    projects.write_text("project_id,project_name,kickoff_date,planned_golive_date,phase,status\n"
                        "P1,Late one,2025-10-01,2025-12-01,build,active\n", encoding="utf-8")
    assert cli("import", str(projects), "--db", str(db)).returncode == 0
    # the store's last event is T1's creation, 2026-01-05 (b.csv was undone): 35 days past
    # the plan of 2025-12-01 (30 + 5), not live
    health = json.loads(cli("health", "--db", str(db), "--json").stdout)
    assert [(x["project_id"], x["rag"], x["reasons"]) for x in health] == [
        ("P1", "red", ["schedule slip 35 days (> 30 days)"])]


def test_a_refused_file_is_one_sentence_from_the_app(served, tmp_path):
    db, _, _ = served
    notes = tmp_path / "notes.csv"
    notes.write_text("colour,shape\nred,round\n", encoding="utf-8")
    r = cli("import", str(notes), "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.strip().startswith("error: notes.csv is not a projects, tickets or surveys table")


def test_a_dropped_export_is_imported_without_anyone_asking(served, tmp_path):
    db, con, _ = served
    folder = inbox.inbox_dir(db)
    # a scheduled job copies under a dot-name and renames, as the README says
    staging = folder / ".nightly.csv.part"
    staging.write_text(HEADER + "N-1,2026-02-01 08:00,open,2026-02-01 08:00\n", encoding="utf-8")
    staging.rename(folder / "nightly.csv")
    until(timeout=30.0, check=lambda: store.table_counts(con)["tickets"] == 1)
    moved = until(timeout=30.0, check=lambda: list((folder / inbox.IMPORTED).iterdir()))
    assert [p.name.endswith(" batch 1 nightly.csv") for p in moved] == [True]
    assert store.batches(con).iloc[0]["imported_by"] == "inbox"
    assert not (folder / "nightly.csv").exists()


def test_a_dropped_file_that_cannot_be_used_is_set_aside_with_its_reason(served):
    db, con, _ = served
    folder = inbox.inbox_dir(db)
    (folder / "photo.png").write_bytes(b"\x89PNG....")
    failed = until(timeout=30.0, check=lambda: sorted((folder / inbox.FAILED).iterdir()))
    names = [p.name for p in failed]
    assert len(names) == 2 and names[0].endswith("photo.png") and names[1].endswith("photo.png.txt")
    reason = failed[1].read_text(encoding="utf-8").splitlines()
    assert len(reason) == 2 and "photo.png" in reason[0]  # English, then Chinese
    assert store.batches(con).empty


def test_a_file_still_being_written_waits(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    watcher = inbox.Watcher(con, db, settle_s=60)
    folder = inbox.inbox_dir(db)
    folder.mkdir()
    (folder / "slow.csv").write_text(HEADER + "S-1,2026-02-01 08:00,open,2026-02-01 08:00\n")
    assert watcher.poll_once() == [] and watcher.poll_once() == []  # too fresh to trust
    os.utime(folder / "slow.csv", (time.time() - 120, time.time() - 120))
    assert watcher.poll_once() == []  # changed since the last look
    handled = watcher.poll_once()
    assert [(h.kind, h.name, h.ok) for h in handled] == [("file", "slow.csv", True)]
    con.close()


def test_without_a_live_heartbeat_the_command_line_opens_the_store_itself(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    watcher = inbox.Watcher(con, db)
    folder = inbox.inbox_dir(db)
    folder.mkdir()
    watcher.beat()
    assert inbox.serving(db) is not None
    beat = json.loads((folder / inbox.HEARTBEAT).read_text())
    beat["beat"] -= inbox.STALE_AFTER_S + 1
    (folder / inbox.HEARTBEAT).write_text(json.dumps(beat))
    assert inbox.serving(db) is None
    con.close()
    export = tmp_path / "a.csv"
    export.write_text(HEADER + "T1,2026-01-05 09:00,open,2026-01-05 09:00\n")
    r = cli("import", str(export), "--db", str(db))
    assert r.returncode == 0 and "inbox" not in r.stdout
