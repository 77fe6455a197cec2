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
    assert figures == json.loads(json.dumps(expected))


def test_metrics_on_an_empty_store_are_null_not_errors(tmp_path):
    r = cli("metrics", "--db", str(tmp_path / "empty.duckdb"), "--json")
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout)
    assert figures["complaint_rate"] is None and figures["csat_pct"] is None
    assert figures["tickets_created"] in (0, None)


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
