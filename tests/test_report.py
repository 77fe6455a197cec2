"""The quarterly retro workbook: its sheets, that its summary carries the retro's own figures,
its native charts, formula escaping of user text, clear refusals, and the CLI command."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analytics import i18n, report, store
from analytics.filters import Filters
from analytics.metrics import retro_kpis
from metrics_fixtures import d, make_store, ts

ROOT = Path(__file__).resolve().parent.parent
QUARTER = "2026Q2"
SHEET_KEYS = ("report.sheet.summary", "report.sheet.trend", "report.sheet.movers",
              "report.sheet.categories", "report.sheet.golives", "report.sheet.definitions")


@pytest.fixture(scope="module")
def demo_con(demo_store: Path):
    con = store.connect(demo_store)
    yield con
    con.close()


@pytest.fixture(scope="module")
def workbook(demo_con):
    return load_workbook(io.BytesIO(report.retro_workbook(demo_con, QUARTER, lang="en")))


def _summary_rows(ws) -> dict[str, tuple]:
    """Metric key (last column) -> the row's values, from the summary's KPI table."""
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == i18n.t("retro.col.kpi", "en"))
    out = {}
    for row in ws.iter_rows(min_row=header + 1, values_only=True):
        if row[9] is None:
            break
        out[row[9]] = row
    return out


def test_the_workbook_has_a_sheet_per_section(workbook):
    assert workbook.sheetnames == [i18n.t(k, "en") for k in SHEET_KEYS]


def test_chinese_workbook_sheet_names(demo_con):
    wb = load_workbook(io.BytesIO(report.retro_workbook(demo_con, QUARTER)))  # lang zh
    assert wb.sheetnames == [i18n.t(k, "zh") for k in SHEET_KEYS]
    assert "季度复盘" in wb.worksheets[0]["A1"].value


def test_summary_values_equal_retro_kpis(workbook, demo_con):
    kpis = retro_kpis(demo_con, Filters(), quarter=QUARTER)
    rows = _summary_rows(workbook.worksheets[0])
    assert list(rows) == list(kpis["key"])
    for r in kpis.to_dict("records"):
        row = rows[r["key"]]
        assert row[0] == r["name_en"]
        for got, want in zip((row[2], row[3], row[5]), (r["current"], r["previous"],
                                                         r["year_ago"])):
            assert got == (pytest.approx(want) if want is not None else None), r["key"]
        assert row[4] == (pytest.approx(r["delta_previous"])
                          if r["delta_previous"] is not None else None)
        expected = {True: "better", False: "worse"}.get(r["better_vs_previous"])
        if expected:
            assert row[7] == expected
    assert workbook.worksheets[0].cell(8, 3).number_format == "0.0%"  # complaint rate


def test_summary_says_on_or_off_target(workbook, demo_con):
    kpis = retro_kpis(demo_con, Filters(), quarter=QUARTER).set_index("key")
    rows = _summary_rows(workbook.worksheets[0])
    # the complaint rate's target is 5 %: on target when the quarter's rate is at most that
    rate = kpis.loc["complaint_rate", "current"]
    assert rows["complaint_rate"][10] == pytest.approx(0.05)
    assert rows["complaint_rate"][11] == ("on target" if rate <= 0.05 else "off target")
    csat = kpis.loc["csat_pct", "current"]
    assert rows["csat_pct"][10] == pytest.approx(0.90)
    assert rows["csat_pct"][11] == ("on target" if csat >= 0.90 else "off target")
    # a KPI without a target leaves both cells empty
    assert rows["nps"][10] is None and rows["nps"][11] is None


def test_charts_are_native_excel_charts(workbook):
    by_name = {ws.title: ws for ws in workbook.worksheets}
    assert by_name["Summary"]._charts
    assert by_name["Monthly trend"]._charts
    for title in ("Summary", "Monthly trend", "Rising complaints", "Go-lives"):
        for chart in by_name[title]._charts:
            assert chart.tagname in ("barChart", "lineChart")


def test_trend_sheet_spans_fifteen_months(workbook):
    ws = workbook["Monthly trend"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Month")
    months = [ws.cell(r, 1).value for r in range(header + 1, ws.max_row + 1)
              if ws.cell(r, 1).value is not None]
    assert months[0].date() == date(2025, 4, 1) and months[-1].date() == date(2026, 6, 1)
    assert len(months) == 15


def test_definitions_sheet_is_the_metric_dictionary(workbook):
    from analytics.metrics import METRICS

    ws = workbook["Definitions"]
    keys = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert set(METRICS) <= set(keys)


def _formula_store():
    """One project whose customer and name look like formulas, live in 2025Q2, with a
    complaint in each of Q1 and Q2 (so the rising-categories sheet has a row too)."""
    evil = "=HYPERLINK(\"http://x\",\"y\")"
    project = dict(project_id="P1", project_name="+cmd|' /C calc'!A0", customer=evil,
                   kickoff_date=d("2025-01-02"), planned_golive_date=d("2025-05-01"),
                   actual_golive_date=d("2025-05-10"), status="active", delivery_mode="onsite")
    tickets = [dict(ticket_id="T1", project_id="P1", created_at=ts("2025-02-01 09:00"),
                    type="complaint", category="-2+3", priority="P2"),
               dict(ticket_id="T2", project_id="P1", created_at=ts("2025-05-01 09:00"),
                    type="complaint", category="-2+3", priority="P2"),
               dict(ticket_id="T3", project_id="P1", created_at=ts("2025-05-02 09:00"),
                    type="complaint", category="@SUM(A1)", priority="P2",
                    resolved_at=ts("2025-06-30 09:00"))]
    return make_store([project], tickets), evil


def test_formula_like_text_is_escaped():
    con, evil = _formula_store()
    wb = load_workbook(io.BytesIO(report.retro_workbook(con, "2025Q2", lang="en")))
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "'" + evil in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'@SUM(A1)" in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_filters_are_written_and_escaped():
    con, evil = _formula_store()
    wb = load_workbook(io.BytesIO(report.retro_workbook(
        con, "2025Q2", Filters(customers=(evil,)), lang="en")))
    line = wb.worksheets[0]["A3"].value
    assert line.startswith("Filters: Customers: ") and evil in line


@pytest.mark.parametrize("quarter", ["2025Q5", "2025-13", "Q2", "", "2025Q0"])
def test_malformed_quarter_is_refused(demo_con, quarter):
    with pytest.raises(ValueError, match="not a quarter"):
        report.retro_workbook(demo_con, quarter)


def test_quarter_without_data_is_refused(demo_con, tmp_path):
    with pytest.raises(ValueError, match="no data for 2031Q1"):
        report.retro_workbook(demo_con, "2031Q1")
    with pytest.raises(ValueError, match="store is empty"):
        report.retro_workbook(make_store(), "2025Q1")
    with pytest.raises(ValueError, match="with these filters"):
        report.retro_workbook(demo_con, QUARTER, Filters(customers=("Nobody Ltd",)))
    assert not (tmp_path / "never.xlsx").exists()


def test_write_retro_creates_the_folder(demo_con, tmp_path):
    out = report.write_retro(demo_con, QUARTER, tmp_path / "new" / "retro.xlsx")
    assert out == tmp_path / "new" / "retro.xlsx" and out.stat().st_size > 5000


def test_cli_report_writes_the_workbook(demo_store_copy, tmp_path):
    out = tmp_path / "retro.xlsx"
    run = subprocess.run([sys.executable, "-m", "analytics", "report", "--quarter", QUARTER,
                          "--db", str(demo_store_copy), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out}"
    assert run.stderr == ""
    assert load_workbook(out).sheetnames[0] == i18n.t("report.sheet.summary", "zh")


def test_cli_report_refuses_a_bad_quarter_in_one_sentence(demo_store_copy, tmp_path):
    run = subprocess.run([sys.executable, "-m", "analytics", "report", "--quarter", "2025Q5",
                          "--db", str(demo_store_copy), "--out", str(tmp_path / "x.xlsx")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: '2025Q5' is not a quarter")
    assert len(run.stderr.strip().splitlines()) == 1
