"""The command line as scripts use it: exit codes, one-sentence errors, the metrics JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import store
from analytics.filters import Filters
from analytics.metrics.headline import headline

ROOT = Path(__file__).resolve().parents[1]

# DESIGN.md: `metrics --json` prints one JSON object with at least these keys
DESIGN_KEYS = {
    "projects_active", "complaint_rate", "complaints_per_100_tickets", "tickets_created",
    "tickets_resolved", "resolution_median_hours", "resolution_p90_hours",
    "first_response_median_hours", "sla_attainment", "backlog_open", "delivery_cycle_median_days",
    "on_time_golive_rate", "csat_pct", "csat_mean_0_100", "nps", "survey_responses",
}
RATES = {"complaint_rate", "sla_attainment", "on_time_golive_rate", "csat_pct"}


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    r = cli("import", str(ROOT / "data" / "demo_portfolio.xlsx"), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("rejected 0") == 3
    return db


def test_metrics_json_has_the_design_keys_and_matches_the_library(demo_db):
    r = cli("metrics", "--db", str(demo_db), "--from", "2025-04-01", "--to", "2025-06-30", "--json")
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout)
    assert DESIGN_KEYS <= set(figures)
    for key in RATES:
        assert figures[key] is None or 0 <= figures[key] <= 1
    con = store.connect(demo_db, read_only=True)
    from datetime import date
    expected = headline(con, Filters(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)))
    con.close()
    targets = figures.pop("targets")
    assert figures == json.loads(json.dumps(expected))
    # the targets in force: the settings' defaults, none saved in this store
    assert targets == {"complaint_rate": 0.05, "resolution_median_hours": 24.0,
                       "on_time_golive_rate": 1.0, "csat_pct": 0.9}


def test_metrics_on_an_empty_store_are_null_not_errors(tmp_path):
    store.connect(tmp_path / "empty.duckdb").close()
    r = cli("metrics", "--db", str(tmp_path / "empty.duckdb"), "--json")
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout)
    assert figures["complaint_rate"] is None and figures["csat_pct"] is None
    assert figures["tickets_created"] in (0, None)


def test_health_json_is_the_overview_table_row_for_row(demo_db):
    r = cli("health", "--db", str(demo_db), "--to", "2025-06-30", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    con = store.connect(demo_db, read_only=True)
    from datetime import date

    from analytics.metrics import project_health
    table = project_health(con, Filters(date_to=date(2025, 6, 30)))
    con.close()
    assert [x["project_id"] for x in rows] == table["project_id"].tolist()
    assert [x["rag"] for x in rows] == table["rag"].tolist()
    assert [x["reasons"] for x in rows] == table["reasons"].tolist()
    assert [x["notes"] for x in rows] == table["notes"].tolist()
    assert {x["health_day"] for x in rows} == {"2025-06-30"}
    assert {x["rag"] for x in rows} <= {"red", "amber", "green"}
    # the text form: a count line, then one line per project (and one per note)
    text = cli("health", "--db", str(demo_db), "--to", "2025-06-30").stdout.splitlines()
    counts = {rag: sum(x["rag"] == rag for x in rows) for rag in ("red", "amber", "green")}
    assert text[0] == (f"health on 2025-06-30: {counts['red']} red, {counts['amber']} amber, "
                       f"{counts['green']} green")
    first = rows[0]
    assert text[1].startswith(f"{first['rag']:<5}  {first['project_id']}")
    assert text[1].endswith("; ".join(first["reasons"]) or "no rule fired")
    assert len(text) == 1 + len(rows) + sum(len(x["notes"]) for x in rows)


def test_health_on_an_empty_store_says_so(tmp_path):
    store.connect(tmp_path / "empty.duckdb").close()
    r = cli("health", "--db", str(tmp_path / "empty.duckdb"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "no project was running on the period's last day"
    assert json.loads(cli("health", "--db", str(tmp_path / "empty.duckdb"), "--json").stdout) == []
    r = cli("health", "--db", str(tmp_path / "empty.duckdb"), "--from", "2025-02-01",
            "--to", "2025-01-01")
    assert r.returncode == 2 and r.stderr.strip() == "error: --from is after --to"


def test_bad_dates_exit_2_with_one_sentence(tmp_path):
    r = cli("metrics", "--db", str(tmp_path / "x.duckdb"), "--from", "2025-13-01")
    assert r.returncode == 2
    assert r.stderr.strip() == "error: '2025-13-01' is not a date like 2026-03-31"


def test_demo_command_rewrites_the_shipped_files_identically(tmp_path):
    r = cli("demo", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    for name in ("projects.csv", "tickets.csv", "surveys.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
    # the workbook is compared part by part: zlib builds may compress the same bytes differently
    import zipfile

    def members(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist()}

    assert members(tmp_path / "demo_portfolio.xlsx") == members(ROOT / "data" / "demo_portfolio.xlsx")


# -- clean failures: one sentence, nothing created, never a traceback -------------------------


def _one_sentence(r: subprocess.CompletedProcess) -> str:
    """The single error line a failed command printed (and nothing on stdout)."""
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0].removeprefix("error: ")


@pytest.mark.parametrize("command", [["metrics"], ["batches"], ["undo", "1"],
                                     ["report", "--quarter", "2026Q1", "--out", "r.xlsx"]])
def test_a_store_path_that_does_not_exist_is_refused_and_nothing_is_created(tmp_path, command):
    missing = tmp_path / "typo" / "pulse.duckdb"
    r = cli(*command, "--db", str(missing))
    assert _one_sentence(r) == (f"There is no data store at {missing}; check the path "
                                "(import a file to create a new store).")
    assert list(tmp_path.iterdir()) == []


def test_importing_a_file_that_does_not_exist_creates_no_store(tmp_path):
    r = cli("import", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "s.duckdb"))
    assert _one_sentence(r) == f"no such file: {tmp_path / 'nope.csv'}"
    assert list(tmp_path.iterdir()) == []


def test_a_store_held_by_another_process_is_one_sentence_naming_it(tmp_path):
    db = tmp_path / "s.duckdb"
    holder = store.connect(db)  # this test process holds the write lock
    try:
        for command in (["metrics"], ["batches"], ["undo", "1"]):
            message = _one_sentence(cli(*command, "--db", str(db)))
            assert message == (f"The data store {db} is open in another program (process "
                               f"{os.getpid()}); wait for it to finish or stop it, then try again.")
    finally:
        holder.close()


def test_a_damaged_store_is_one_sentence_and_is_left_alone(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db).close()
    data = bytearray(db.read_bytes())
    data[:4096] = b"\xff" * 4096  # the file header gone
    db.write_bytes(bytes(data))
    for command in (["metrics"], ["batches"], ["import", str(ROOT / "data" / "projects.csv")]):
        message = _one_sentence(cli(*command, "--db", str(db)))
        assert message == (f"The data store {db} is damaged and cannot be read; restore it "
                           "from a backup, or move it aside to start an empty store.")
    assert db.read_bytes() == bytes(data)


def test_a_full_disk_is_one_sentence_and_the_store_keeps_what_it_had(tmp_path):
    """The disk is made full for the command alone: its process may not write files larger
    than 1 MB (RLIMIT_FSIZE), so the store's write-ahead log cannot take a large import."""
    import resource
    import signal

    db = tmp_path / "s.duckdb"
    assert cli("import", str(ROOT / "data" / "projects.csv"), "--db", str(db)).returncode == 0
    con = store.connect(db)
    before = store.table_counts(con), store.batches(con)["batch_id"].tolist()
    con.close()
    assert before[0]["projects"] > 0
    big = tmp_path / "tickets.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("ticket_id,created_at,category,assignee\n")
        for i in range(60_000):
            fh.write(f"T{i:06d},2026-01-{1 + i % 28:02d} 09:00,category {i % 97},someone {i}\n")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "analytics", "import", str(big), "--db", str(db)],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
                       preexec_fn=small_files)
    assert _one_sentence(r) == (f"There is no room left on the disk to write the data store {db}; "
                                "free some space and try again (nothing was changed).")
    con = store.connect(db)
    assert (store.table_counts(con), store.batches(con)["batch_id"].tolist()) == before
    con.close()


def test_batches_lists_each_import_and_undo_takes_one_back(tmp_path):
    db = tmp_path / "s.duckdb"
    header = "ticket_id,created_at,status,updated_at\n"
    (tmp_path / "mon.csv").write_text(header + "T1,2026-01-05 09:00,open,2026-01-05 09:00\n")
    (tmp_path / "tue.csv").write_text(header + "T1,2026-01-05 09:00,resolved,2026-01-06 10:00\n"
                                               "T2,2026-01-06 11:00,open,2026-01-06 11:00\n")
    r = cli("import", str(tmp_path / "mon.csv"), str(tmp_path / "tue.csv"), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "  batch 2: 1 new, 1 changed, 0 unchanged" in r.stdout
    listed = json.loads(cli("batches", "--db", str(db), "--json").stdout)
    assert [(b["batch_id"], b["file_name"], b["rows_read"], b["rows_imported"], b["rows_changed"],
             b["rows_rejected"]) for b in listed] == [(2, "tue.csv", 2, 2, 1, 0), (1, "mon.csv", 1, 1, 0, 0)]
    import hashlib
    assert listed[0]["sha256"] == hashlib.sha256((tmp_path / "tue.csv").read_bytes()).hexdigest()
    assert listed[0]["imported_by"] and listed[0]["imported_at"]
    text = cli("batches", "--db", str(db)).stdout.splitlines()
    assert text[0].split() == ["batch", "imported", "at", "by", "table", "file", "sha256", "read",
                               "imported", "changed", "rejected", "state"]
    assert len(text) == 3
    r = cli("undo", "2", "--db", str(db))
    assert r.returncode == 0, r.stderr
    con = store.connect(db)
    assert con.execute("SELECT ticket_id, status FROM tickets").fetchall() == [("T1", "open")]
    con.close()
    assert cli("batches", "--db", str(db)).stdout.splitlines()[1].rstrip().endswith("undone")


def test_backup_writes_a_store_with_every_row(tmp_path):
    db = tmp_path / "s.duckdb"
    assert cli("import", str(ROOT / "data" / "projects.csv"), "--db", str(db)).returncode == 0
    r = cli("backup", "--db", str(db), "--out", str(tmp_path / "copy.duckdb"))
    assert r.returncode == 0 and r.stdout.strip() == f"wrote {tmp_path / 'copy.duckdb'}"
    original, copy = store.connect(db), store.connect(tmp_path / "copy.duckdb")
    assert store.table_counts(copy) == store.table_counts(original)
    assert copy.execute("SELECT * FROM projects ORDER BY project_id").fetchall() == \
        original.execute("SELECT * FROM projects ORDER BY project_id").fetchall()


def cli_into_a_closed_pipe(*args: str) -> tuple[int, str]:
    """Run the command with stdout a pipe nobody reads any more (``… | head -3`` after its
    third line): its exit code and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "analytics", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


@pytest.mark.parametrize("command", [("health",), ("metrics", "--json"), ("batches",)])
def test_a_closed_stdout_ends_the_output_quietly(demo_db, command):
    code, err = cli_into_a_closed_pipe(*command, "--db", str(demo_db))
    assert (code, err) == (0, "")  # no "data store could not be used", no traceback


def test_an_import_into_a_closed_stdout_still_imports_every_file(tmp_path):
    db = tmp_path / "s.duckdb"
    files = []
    for name, rows in (("a.csv", "P1,Acme\nP2,Beta\n"), ("b.csv", "P3,Core\n")):
        files.append(tmp_path / name)
        files[-1].write_text("project_id,customer\n" + rows, encoding="utf-8")
    code, err = cli_into_a_closed_pipe("import", *map(str, files), "--db", str(db))
    assert (code, err) == (0, "")
    con = store.connect(db, read_only=True)
    assert con.execute("SELECT project_id FROM projects ORDER BY 1").fetchall() == [
        ("P1",), ("P2",), ("P3",)]
    con.close()
