"""Ticket keys: distinct tickets are never merged, repeats that are not versions are reported row
by row, a file imported twice changes nothing, and unknown projects are counted and named."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from ingest_fixtures import used_sheet, write_csv

from analytics import ingest

ROOT = Path(__file__).resolve().parents[1]







def rejected(con) -> list[tuple]:
    return con.execute("SELECT row_number, column_name, reason FROM import_issues "
                       "WHERE severity = 'rejected' ORDER BY 1").fetchall()


# A GitHub issues export of two repositories: issue numbers start at 1 in each.
GITHUB = [
    ["Repository", "Number", "Title", "State", "Created At", "Closed At"],
    ["acme/api", "1", "Login fails", "closed", "2025-03-01T08:00:00Z", "2025-03-02T09:00:00Z"],
    ["acme/api", "2", "Slow search", "open", "2025-03-03T10:00:00Z", ""],
    ["acme/web", "1", "Broken footer", "closed", "2025-04-01T08:00:00Z", "2025-04-01T12:00:00Z"],
    ["acme/web", "2", "Typo", "open", "2025-04-02T10:00:00Z", ""],
]


def test_ticket_numbers_repeat_across_projects_without_merging(tmp_path, con):
    s = used_sheet(ingest.import_file(con, write_csv(tmp_path / "issues.csv", GITHUB)))
    assert (s.rows_read, s.rows_imported, s.rows_folded, s.rows_rejected) == (4, 4, 0, 0)
    assert con.execute("SELECT project_id, ticket_id, created_at, closed_at FROM tickets ORDER BY 1, 2").fetchall() == [
        ("acme/api", "1", datetime(2025, 3, 1, 8), datetime(2025, 3, 2, 9)),
        ("acme/api", "2", datetime(2025, 3, 3, 10), None),
        ("acme/web", "1", datetime(2025, 4, 1, 8), datetime(2025, 4, 1, 12)),
        ("acme/web", "2", datetime(2025, 4, 2, 10), None),
    ]
    # a later export of one repository updates its tickets only
    later = write_csv(tmp_path / "web.csv", [GITHUB[0], ["acme/web", "2", "Typo", "closed",
                                                        "2025-04-02T10:00:00Z", "2025-04-03T10:00:00Z"]])
    used_sheet(ingest.import_file(con, later))
    assert con.execute("SELECT project_id, ticket_id, status FROM tickets ORDER BY 1, 2").fetchall() == [
        ("acme/api", "1", "closed"), ("acme/api", "2", "open"), ("acme/web", "1", "closed"), ("acme/web", "2", "closed")]


def test_same_key_with_different_creation_times_is_a_conflict_reported_row_by_row(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Project", "Created", "Status", "Updated"],
        ["7", "P-1", "2025-03-01 08:00", "Open", "2025-03-01 08:00"],
        ["7", "P-1", "2025-03-01 08:00", "Resolved", "2025-03-02 08:00"],  # a version: folded
        ["9", "P-1", "2025-03-05 08:00", "Open", "2025-03-05 08:00"],
        ["9", "P-1", "2025-06-10 11:00", "Open", "2025-06-10 11:00"],      # another ticket 9
        ["9", "P-2", "2025-01-01 00:00", "Open", "2025-01-01 00:00"],      # P-2's own ticket 9
    ])
    s = used_sheet(ingest.import_file(con, path))
    assert (s.rows_read, s.rows_imported, s.rows_folded, s.ids_folded, s.rows_rejected) == (5, 2, 1, 1, 2)
    assert con.execute("SELECT project_id, ticket_id, status FROM tickets ORDER BY 1, 2").fetchall() == [
        ("P-1", "7", "resolved"), ("P-2", "9", "open")]
    assert rejected(con) == [
        (4, "Created", "ticket 9 appears on rows 4, 5, 6 with different creation times (2025-03-05 08:00 here): "
                       "different tickets, not versions of one, so none is imported; map the project column "
                       "or give each its own id"),
        (5, "Created", "ticket 9 appears on rows 4, 5, 6 with different creation times (2025-06-10 11:00 here): "
                       "different tickets, not versions of one, so none is imported; map the project column "
                       "or give each its own id"),
    ]


def test_without_a_project_column_repeats_with_different_creation_times_are_conflicts(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Number", "Created", "Closed"],
        ["1", "2025-03-01 08:00", "2025-03-01 09:00"],
        ["1", "2025-04-01 08:00", ""],
        ["2", "2025-03-02 08:00", ""],
    ])
    s = used_sheet(ingest.import_file(con, path))
    assert (s.rows_imported, s.rows_folded, s.rows_rejected) == (1, 0, 2)
    assert [r[0] for r in rejected(con)] == [2, 3]


def test_a_row_without_project_among_rows_with_one_is_reported(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Project", "Created"],
        ["5", "P-1", "2025-03-01 08:00"],
        ["5", "", "2025-03-01 08:00"],
        ["5", "P-2", "2025-03-01 08:00"],
    ])
    s = used_sheet(ingest.import_file(con, path))
    assert (s.rows_imported, s.rows_rejected) == (2, 1)
    assert rejected(con) == [(3, "Project", "ticket 5 appears on rows 2, 3, 4; this row names no project "
                                            "while others name P-1, P-2, so it cannot tell which ticket it is")]


def test_a_file_without_projects_updates_the_one_stored_ticket_and_keeps_its_project(tmp_path, con):
    ingest.import_file(con, write_csv(tmp_path / "a.csv", GITHUB))
    update = write_csv(tmp_path / "b.csv", [["Number", "Created At", "State"],
                                            ["2", "2025-03-03T10:00:00Z", "closed"],   # stored twice
                                            ["3", "2025-05-01T10:00:00Z", "open"]])     # new
    ingest.import_file(con, write_csv(tmp_path / "c.csv", [["Repository", "Number", "Created At"],
                                                         ["acme/api", "3", "2025-05-01T10:00:00Z"]]))
    s = used_sheet(ingest.import_file(con, update))
    assert (s.rows_imported, s.rows_rejected) == (1, 1)
    assert rejected(con) == [(2, "Number", "ticket 2 is stored under projects acme/api, acme/web; this file names "
                                           "no project, so it cannot tell which one it updates; map a project column")]
    assert con.execute("SELECT project_id, ticket_id, status FROM tickets WHERE ticket_id = '3'").fetchall() == [
        ("acme/api", "3", "open")]  # updated in place, its project kept
    assert con.execute("SELECT count(*) FROM tickets").fetchone() == (5,)


def test_the_same_file_twice_changes_nothing_and_says_so(tmp_path, con):
    path = write_csv(tmp_path / "issues.csv", GITHUB)
    first = ingest.import_file(con, path)
    assert first.message is None
    when = con.execute("SELECT strftime(max(imported_at), '%Y-%m-%d %H:%M') FROM import_batches").fetchone()[0]
    again = ingest.import_file(con, path)
    assert again.sheets == [] and again.imported == 0
    assert str(again.message) == f"issues.csv was already imported on {when}; 0 rows changed"
    assert con.execute("SELECT count(*) FROM import_batches").fetchone() == (1,)
    # read another way (another table or mapping), the same bytes are a new import
    other = ingest.import_file(con, path, mapping={"Title": "category"})
    assert other.message is None and con.execute("SELECT count(*) FROM import_batches").fetchone() == (2,)


def test_cli_says_already_imported(tmp_path):
    path = write_csv(tmp_path / "issues.csv", GITHUB)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "analytics", "import", str(path), "--db", str(tmp_path / "s.duckdb")]
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "issues.csv: issues.csv was already imported on " in r.stdout
    assert r.stdout.strip().endswith("; 0 rows changed")


def test_rows_naming_unknown_projects_are_imported_counted_and_named(tmp_path, con):
    ingest.import_file(con, write_csv(tmp_path / "p.csv", [["项目编号", "项目名称"], ["PRJ-1", "MES"]]))
    path = write_csv(tmp_path / "t.csv", [
        ["工单编号", "项目编号", "创建时间"],
        ["T-1", "PRJ-1", "2025-03-01"],
        ["T-2", "PRJ-9999", "2025-03-02"],
        ["T-3", "PRJ-9999", "2025-03-03"],
        ["T-4", "PRJ-0042", "2025-03-04"],
        ["T-5", "", "2025-03-05"],
    ])
    s = used_sheet(ingest.import_file(con, path))
    assert s.rows_imported == 5
    assert [str(n) for n in s.notes] == [
        "3 rows reference unknown projects: PRJ-0042, PRJ-9999; they are imported and join their project "
        "once it is imported"]
    surveys = write_csv(tmp_path / "s.csv", [["问卷编号", "项目编号", "提交时间", "满意度"],
                                                  ["R-1", "PRJ-7", "2025-03-01", "5"]])
    s = used_sheet(ingest.import_file(con, surveys))
    assert "1 row references unknown projects: PRJ-7" in [str(n) for n in s.notes][-1]
