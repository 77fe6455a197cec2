"""Dates in real exports: never a wrong date stored, one order per column, notes that say why.

Every fixture is written by the test, in the shapes the named systems export; every expected
timestamp is worked out by hand from the text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ingest_fixtures import write_csv

from analytics import dates, ingest, readers, store





def import_rows(con, path: Path, sql: str = "SELECT ticket_id, created_at, resolved_at FROM tickets ORDER BY 1"):
    report = ingest.import_file(con, path)
    (sheet,) = [s for s in report.sheets if s.message is None]
    assert sheet.rows_read == sheet.rows_imported + sheet.rows_folded + sheet.rows_rejected
    return sheet, con.execute(sql).fetchall()


def issues(con) -> list[tuple]:
    return con.execute("SELECT row_number, column_name, severity, value FROM import_issues "
                       "WHERE severity <> 'note' ORDER BY 1, 2").fetchall()


def test_us_two_digit_years_are_this_century_not_the_first(tmp_path, con):
    """A ServiceNow list export saved by US Excel: M/D/YY H:MM. DuckDB's own cast reads 2/1/20
    as the year 2; every value here must land in 2020."""
    path = write_csv(tmp_path / "incidents.csv", [
        ["Number", "Opened", "Resolved"],
        ["INC0010001", "1/1/20 6:27", "1/2/20 14:05"],
        ["INC0010002", "2/1/20 9:00", "2/13/20 10:30"],   # 13 in second place: month-first
        ["INC0010003", "12/31/19 23:59", ""],
    ])
    s, got = import_rows(con, path)
    assert got == [
        ("INC0010001", datetime(2020, 1, 1, 6, 27), datetime(2020, 1, 2, 14, 5)),
        ("INC0010002", datetime(2020, 2, 1, 9, 0), datetime(2020, 2, 13, 10, 30)),
        ("INC0010003", datetime(2019, 12, 31, 23, 59), None),
    ]
    assert s.rows_rejected == 0 and s.warnings == 0
    # Opened proves nothing by itself (12/31 does: 31 > 12 in second place)
    assert {d.column: (d.order, d.basis) for d in s.dates} == {
        "Opened": ("month_first", "proven"), "Resolved": ("month_first", "proven")}


def test_a_year_before_1900_is_a_failed_parse(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Created", "Resolved"],
        ["1", "2025-03-05 10:00", "0001-01-01 00:00:01"],  # a time-of-day cell written as a date
        ["2", "12/31/1899", ""],                            # required: the row is rejected
        ["3", "0200-05-01", ""],                            # four digits, but not a year of ours
        ["4", "03/05/2025", "03/06/25"],
    ])
    s, got = import_rows(con, path)
    assert got == [
        ("1", datetime(2025, 3, 5, 10), None),
        # 12/31/1899 is no date of ours, but it proves the export writes month-first; 25 -> 2025
        ("4", datetime(2025, 3, 5), datetime(2025, 3, 6)),
    ]
    assert issues(con) == [
        (2, "Resolved", "warning", "0001-01-01 00:00:01"),
        (3, "Created", "rejected", "12/31/1899"),
        (4, "Created", "rejected", "0200-05-01"),
    ]


def test_servicenow_month_first_with_seconds_reads_every_value_month_first(tmp_path, con):
    """MM-DD-YYYY HH:MM:SS: one 28 in the second place proves the order for the whole column,
    03-04 included; a value that contradicts it (28-02-2025) is unreadable, never read the
    other way round."""
    path = write_csv(tmp_path / "sn.csv", [
        ["number", "opened_at"],
        ["INC1", "02-28-2025 14:06:19"],
        ["INC2", "03-04-2025 08:00:00"],
        ["INC3", "12-01-2025 23:59:59"],
        ["INC4", "03-13-2025 07:15:00"],
        ["INC5", "28-02-2025 09:00:00"],
    ])
    s, got = import_rows(con, path, "SELECT ticket_id, created_at FROM tickets ORDER BY 1")
    assert got == [
        ("INC1", datetime(2025, 2, 28, 14, 6, 19)),
        ("INC2", datetime(2025, 3, 4, 8)),
        ("INC3", datetime(2025, 12, 1, 23, 59, 59)),
        ("INC4", datetime(2025, 3, 13, 7, 15)),
    ]
    assert issues(con) == [(6, "opened_at", "rejected", "28-02-2025 09:00:00")]
    (order,) = s.dates
    assert (order.order, order.basis, order.month_proof, order.day_proof, order.unreadable) == (
        "month_first", "mixed", 2, 1, 1)
    assert [str(n) for n in s.notes] == [
        "column opened_at: day-first values such as 28-02-2025 09:00:00 (1) and month-first ones such as "
        "02-28-2025 14:06:19 (2); read month-first, the majority; unreadable and reported: 1"]


def test_twelve_hour_clocks_with_seconds(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Created", "Resolved"],
        ["1", "5/02/2016 5:00:00 PM", "5/03/2016 12:00:00 AM"],
        ["2", "3/14/2024 2:05:00 PM", "3/14/2024 4:30:15 PM"],
        ["3", "3/15/2024 11:59:59 am", "3/15/2024 13:00:00 PM"],  # 13 PM is no time: left empty
    ])
    s, got = import_rows(con, path)
    assert got == [
        ("1", datetime(2016, 5, 2, 17), datetime(2016, 5, 3, 0)),
        ("2", datetime(2024, 3, 14, 14, 5), datetime(2024, 3, 14, 16, 30, 15)),
        ("3", datetime(2024, 3, 15, 11, 59, 59), None),
    ]
    assert issues(con) == [(4, "Resolved", "warning", "3/15/2024 13:00:00 PM")]


@pytest.mark.parametrize("created,resolved,expected_created,expected_resolved", [
    # Jira's default dd/MMM/yy h:mm a, in the languages it exports in
    ("06/Jan/26 9:29 AM", "07/Jan/26 4:05 PM", datetime(2026, 1, 6, 9, 29), datetime(2026, 1, 7, 16, 5)),
    ("06/1月/26 9:29 上午", "06/1月/26 9:29 下午", datetime(2026, 1, 6, 9, 29), datetime(2026, 1, 6, 21, 29)),
    ("06/一月/26 9:29 上午", "02/十二月/26 12:10 下午", datetime(2026, 1, 6, 9, 29), datetime(2026, 12, 2, 12, 10)),
    ("03/dic/25 10:00 AM", "15/ago/26 8:00 PM", datetime(2025, 12, 3, 10), datetime(2026, 8, 15, 20)),  # es
    ("03/set/25 10:00 AM", "04/out/25 9:00 AM", datetime(2025, 9, 3, 10), datetime(2025, 10, 4, 9)),    # pt
    ("12/févr./26 10:00", "01/août/26 10:00", datetime(2026, 2, 12, 10), datetime(2026, 8, 1, 10)),    # fr
    ("05/Okt/25 10:00", "01/Mär/26 10:00", datetime(2025, 10, 5, 10), datetime(2026, 3, 1, 10)),       # de
])
def test_jira_month_names_in_every_export_language(tmp_path, con, created, resolved,
                                                     expected_created, expected_resolved):
    path = write_csv(tmp_path / "jira.csv", [["Issue key", "Created", "Resolved"], ["SUP-1", created, resolved]])
    s, got = import_rows(con, path)
    assert got == [("SUP-1", expected_created, expected_resolved)]
    assert s.warnings == 0 and s.notes == []


def test_ambiguous_note_names_column_evidence_and_unreadable_count(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Created", "Resolved"],
        ["1", "2025-03-01 10:00", "05/03/2025"],
        ["2", "2025-03-02 10:00", "06/03/2025"],
        ["3", "2025-03-03 10:00", "07/07/2025"],   # same either way: not ambiguous
        ["4", "2025-03-04 10:00", "soon"],
    ])
    s, got = import_rows(con, path)
    assert [g[2] for g in got] == [datetime(2025, 3, 5), datetime(2025, 3, 6), datetime(2025, 7, 7), None]
    assert [str(n) for n in s.notes] == [
        "column Resolved: dates such as 05/03/2025 could be day-first or month-first and no value in the "
        "sheet decides (such values: 2); read as day-first; unreadable: 1"]
    assert s.notes[0].text("zh").startswith("Resolved 列：05/03/2025 这类日期既可读作日/月也可读作月/日")


def test_no_ambiguity_note_for_one_bad_date_without_evidence(tmp_path, con):
    """A column of ISO dates with one broken value has nothing ambiguous about it."""
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Created", "Resolved"],
        ["1", "2025-03-01 10:00", "2025-03-02 10:00"],
        ["2", "2025-03-02 10:00", "00/00/0000"],
        ["3", "2025-03-03 10:00", "07/07/2025"],
    ])
    s, _ = import_rows(con, path)
    assert s.notes == []
    assert issues(con) == [(3, "Resolved", "warning", "00/00/0000")]


def test_preview_shows_each_date_columns_order_and_readings_before_import(tmp_path):
    path = write_csv(tmp_path / "t.csv", [
        ["Ticket ID", "Created", "Resolved", "Updated"],
        ["1", "03/25/2025 09:00", "04/01/2025", "2025-04-01 10:00:00"],
        ["2", "04/01/2025 10:00", "", "2025-04-02 10:00:00"],
        ["3", "04/02/2025 11:00", "not yet", "2025-04-03 10:00:00"],
    ])
    (plan,) = ingest.preview_file(path)
    shown = {d.column: d for d in ingest.date_preview(plan)}
    assert (shown["Created"].order, shown["Created"].basis, shown["Created"].evidence) == (
        "month_first", "proven", "03/25/2025 09:00")
    assert shown["Created"].examples == (
        ("03/25/2025 09:00", datetime(2025, 3, 25, 9)), ("04/01/2025 10:00", datetime(2025, 4, 1, 10)),
        ("04/02/2025 11:00", datetime(2025, 4, 2, 11)))
    assert (shown["Resolved"].order, shown["Resolved"].basis, shown["Resolved"].source,
            shown["Resolved"].unreadable) == ("month_first", "sheet", "Created", 1)
    assert shown["Resolved"].examples[0] == ("04/01/2025", datetime(2025, 4, 1))
    assert (shown["Updated"].basis, shown["Updated"].examples[0]) == (
        "none", ("2025-04-01 10:00:00", datetime(2025, 4, 1, 10)))


def test_month_names_name_one_month_in_every_language():
    lookup = dates.month_lookup()
    assert (lookup["dic"], lookup["dez"], lookup["déc"], lookup["okt"], lookup["out"], lookup["ago"],
            lookup["févr"], lookup["mär"], lookup["十二月"]) == (12, 12, 12, 10, 10, 8, 2, 3, 12)


def test_workbook_date_cells_before_1900_are_refused(tmp_path, con):
    import openpyxl
    from datetime import time

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "创建时间", "解决时间"])
    ws.append(["T-1", datetime(2025, 3, 5, 9, 30), time(8, 15)])  # a time of day is no date
    ws.append(["T-2", datetime(2025, 3, 6), datetime(2025, 3, 7)])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert readers.read_path(path)[0].cells.iloc[1, 2] == "08:15:00"
    s, got = import_rows(con, path)
    assert got == [("T-1", datetime(2025, 3, 5, 9, 30), None), ("T-2", datetime(2025, 3, 6), datetime(2025, 3, 7))]
    assert issues(con) == [(2, "解决时间", "warning", "08:15:00")]


def test_data_page_shows_the_date_decisions_before_import(app_test, empty_store):
    csv_bytes = (b"Ticket ID,Created,Resolved\n"
                 b"1,03/25/2025 09:00,04/01/2025\n"
                 b"2,04/01/2025 10:00,05/02/2025\n")
    at = app_test(empty_store)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("us.csv", csv_bytes, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    (box,) = [e for e in at.expander if e.label == "How dates will be read"]
    text = "\n".join(m.value for m in box.markdown)
    assert "**Created**: month-first, as 03/25/2025 09:00 proves" in text
    assert "`03/25/2025 09:00` → 2025-03-25 09:00" in text
    assert "**Resolved**: month-first, like column Created, whose values prove it" in text
    assert "`04/01/2025` → 2025-04-01" in text
    assert store.is_empty(store.connect(empty_store))  # nothing imported by looking
