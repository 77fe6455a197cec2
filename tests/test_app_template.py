"""The blank template: its headers are exactly what the import recognises, in both variants,
and a filled-in copy imports without any mapping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analytics import ingest, store
from analytics.schema import TABLES
from analytics.template import SHEET_NAMES, build_template, chinese_header


@pytest.mark.parametrize("style", ["en", "zh"])
def test_one_sheet_per_table_with_every_column(style):
    wb = load_workbook(io.BytesIO(build_template(style, "zh")))
    assert wb.sheetnames == [SHEET_NAMES[style][name] for name in TABLES]
    for name, table in TABLES.items():
        ws = wb[SHEET_NAMES[style][name]]
        headers = [c.value for c in ws[1]]
        assert len(headers) == len(table.columns)
        assert ws.max_row == 1  # no example or note rows: the import would read them
        for cell, column in zip(ws[1], table.columns):
            assert cell.comment is not None and cell.comment.text
            if column.required:
                assert "必填" in cell.comment.text
        if style == "en":
            assert headers == table.column_names


def test_chinese_headers_map_back_to_their_columns():
    for table in TABLES.values():
        headers = [chinese_header(table, c) for c in table.columns]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers), headers
        assert ingest.map_headers(headers, table) == dict(zip(headers, table.column_names))


@pytest.mark.parametrize("style", ["en", "zh"])
def test_template_is_detected_sheet_by_sheet(tmp_path: Path, style):
    path = tmp_path / f"template_{style}.xlsx"
    path.write_bytes(build_template(style, "en"))
    plans = ingest.preview_file(path)
    assert [p.table for p in plans] == list(TABLES)
    assert all(not p.missing_required for p in plans)
    assert all(set(p.mapping.values()) == set(TABLES[p.table].column_names) for p in plans)


def test_filled_template_imports_without_mapping(tmp_path: Path):
    wb = load_workbook(io.BytesIO(build_template("zh", "zh")))
    rows = {
        "projects": {"project_id": "P-1", "customer": "甲公司", "kickoff_date": "2025-01-06",
                     "delivery_mode": "现场", "status": "进行中"},
        "tickets": {"ticket_id": "T-1", "project_id": "P-1", "created_at": "2025-02-01 09:00",
                    "resolved_at": "2025-02-01 15:00", "priority": "高", "type": "投诉"},
        "surveys": {"project_id": "P-1", "submitted_at": "2025-03-01", "score": "4"},
    }
    for name, values in rows.items():
        ws = wb[SHEET_NAMES["zh"][name]]
        ws.append([values.get(c, None) for c in TABLES[name].column_names])
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    con = store.connect(tmp_path / "filled.duckdb")
    try:
        report = ingest.import_file(con, path)
        assert [(s.table, s.rows_imported, s.rows_rejected) for s in report.sheets] == [
            ("projects", 1, 0), ("tickets", 1, 0), ("surveys", 1, 0)]
        assert con.execute("SELECT priority, is_complaint FROM tickets").fetchone() == ("P2", True)
        assert con.execute("SELECT delivery_mode FROM projects").fetchone() == ("onsite",)
    finally:
        con.close()
