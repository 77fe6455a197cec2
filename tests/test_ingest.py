"""Import specification: ugly real-world files, each with its exact expected outcome.

Every fixture is made by the test itself, so the expected numbers are known by construction.
The invariant checked throughout: rows read = imported + folded + rejected.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from analytics import filecheck, ingest, readers, schema, store

ROOT = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("PULSE_REALDATA") or ROOT.parent / "shared" / "realdata")


@pytest.fixture
def con():
    c = store.connect(":memory:")
    yield c
    c.close()


def only_sheet(report: ingest.FileReport) -> ingest.SheetReport:
    used = [s for s in report.sheets if s.message is None]
    assert len(used) == 1, report
    s = used[0]
    assert s.rows_read == s.rows_imported + s.rows_folded + s.rows_rejected
    return s


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def write_csv(path: Path, lines: list[list[str]], encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(lines)
    return path


# -- encodings and delimiters ----------------------------------------------------------------

GBK_TICKETS = [
    ["工单编号", "项目编号", "客户", "创建时间", "解决时间", "工单类型", "优先级", "处理人"],
    ["T-1", "P-1", "华东精密", "2025/3/5 9:00", "2025/3/5 13:30", "投诉", "紧急", "张三"],
    ["T-2", "P-1", "华东精密", "2025年3月6日", "", "咨询", "低", "李四"],
    ["T-3", "P-2", "北方零售", "2025/3/7 10:00", "2025/3/6 10:00", "故障", "高", "王五"],  # resolved before created
    ["", "P-2", "北方零售", "2025/3/8 10:00", "", "变更", "中", "王五"],  # no id
    ["T-5", "P-2", "北方零售", "2025-03-09 08:15:00", "2025-03-10 08:15:00", "故障", "P3", "赵六"],
]


def test_gbk_csv_with_chinese_headers(tmp_path, con):
    path = write_csv(tmp_path / "工单导出.csv", GBK_TICKETS, encoding="gbk")
    s = only_sheet(ingest.import_file(con, path))
    assert (s.table, s.rows_read, s.rows_imported, s.rows_rejected) == ("tickets", 5, 3, 2)
    got = rows(con, "SELECT ticket_id, customer, created_at, resolved_at, type, is_complaint, priority "
                    "FROM tickets ORDER BY ticket_id")
    assert got == [
        ("T-1", "华东精密", datetime(2025, 3, 5, 9), datetime(2025, 3, 5, 13, 30), "complaint", True, "P1"),
        ("T-2", "华东精密", datetime(2025, 3, 6), None, "question", False, "P4"),
        ("T-5", "北方零售", datetime(2025, 3, 9, 8, 15), datetime(2025, 3, 10, 8, 15), "incident", False, "P3"),
    ]
    issues = rows(con, "SELECT file_name, row_number, column_name, severity, reason FROM import_issues "
                       "WHERE severity = 'rejected' ORDER BY row_number")
    assert issues[0][:4] == ("工单导出.csv", 4, "解决时间", "rejected")
    assert "before created" in issues[0][4]
    assert issues[1][:4] == ("工单导出.csv", 5, "工单编号", "rejected")
    # unmapped columns are not lost: 处理人 maps to assignee, nothing is extra here
    assert rows(con, "SELECT assignee FROM tickets WHERE ticket_id = 'T-5'") == [("赵六",)]


@pytest.mark.parametrize("encoding,delimiter,suffix", [
    ("utf-8-sig", ",", ".csv"), ("utf-16", "\t", ".txt"), ("gb18030", ";", ".csv"), ("utf-8", "\t", ".tsv"),
])
def test_encodings_and_delimiters(tmp_path, con, encoding, delimiter, suffix):
    path = write_csv(tmp_path / f"t{suffix}", GBK_TICKETS, encoding=encoding, delimiter=delimiter)
    s = only_sheet(ingest.import_file(con, path))
    assert (s.rows_read, s.rows_imported, s.rows_rejected) == (5, 3, 2)
    assert rows(con, "SELECT customer FROM tickets WHERE ticket_id = 'T-1'") == [("华东精密",)]


# -- workbooks: title rows, merged cells, blank rows, serial dates ----------------------------


def test_workbook_with_title_rows_blank_lines_and_serial_dates(tmp_path, con):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目清单"
    ws["A1"] = "2025年度 项目台账"
    ws.merge_cells("A1:F1")
    ws["A2"] = "导出时间：2025-07-01"
    ws.append(["项目编号", "项目名称", "客户名称", "交付方式", "启动日期", "计划上线日期", "实际上线日期", "合同金额", "备注"])
    ws.append(["P-1", "MES 一期", "华东精密", "现场", datetime(2025, 1, 6), 45689, "2025/4/1", "1,200,000", "重点客户"])
    ws.append([None] * 9)  # a blank line in the middle
    ws.append(["P-2", "CRM 升级", "北方零售", "远程", "2025-02-03", "2025年5月30日", None, 800000, None])
    ws.append(["P-3", "ERP 实施", "西南医院", "混合", "not a date", None, None, "abc", None])
    path = tmp_path / "projects.xlsx"
    wb.save(path)

    s = only_sheet(ingest.import_file(con, path))
    assert (s.sheet, s.table, s.header_row) == ("项目清单", "projects", 3)
    assert (s.rows_read, s.rows_imported, s.rows_rejected, s.blank_rows) == (3, 3, 0, 1)
    got = rows(con, "SELECT project_id, delivery_mode, kickoff_date, planned_golive_date, actual_golive_date, "
                    "contract_value FROM projects ORDER BY project_id")
    assert got == [
        ("P-1", "onsite", date(2025, 1, 6), date(2025, 2, 1), date(2025, 4, 1), 1_200_000.0),  # 45689 = 2025-02-01
        ("P-2", "remote", date(2025, 2, 3), date(2025, 5, 30), None, 800_000.0),
        ("P-3", "hybrid", None, None, None, None),
    ]
    # the unmapped column and the unreadable cells are kept, and each cell is reported
    assert json.loads(rows(con, "SELECT extra FROM projects WHERE project_id = 'P-1'")[0][0]) == {"备注": "重点客户"}
    extra3 = json.loads(rows(con, "SELECT extra FROM projects WHERE project_id = 'P-3'")[0][0])
    assert extra3["kickoff_date_raw"] == "not a date" and extra3["contract_value_raw"] == "abc"
    warnings = rows(con, "SELECT row_number, column_name FROM import_issues WHERE severity = 'warning' ORDER BY 2")
    assert sorted(warnings) == sorted([(7, "启动日期"), (7, "合同金额")])
    assert s.warnings == 2


def test_date_cells_under_a_title_row_take_the_plain_cast(tmp_path, con):
    """A column of real date cells, with a text title above its header: the reader writes the
    dates as ISO text and says after which line the column holds only dates (the header's), so
    the import reads them with a plain cast; the values are the cells' own."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工单"
    ws.append([None, "导出：2025年3月", "月度工单"])  # the title row, text in the date column too
    ws.append(["工单编号", "创建时间", "解决时间"])
    ws.append(["T-1", datetime(2025, 3, 5, 9, 30), datetime(2025, 3, 5, 17, 45, 10)])
    ws.append(["T-2", datetime(2025, 3, 6), None])  # midnight, and an empty cell
    ws.append(["T-3", datetime(2024, 12, 31, 23, 59, 59), datetime(2025, 1, 2, 8)])
    path = tmp_path / "dates.xlsx"
    wb.save(path)

    grid = readers.read_path(path)[0]
    assert grid.date_cells_after == {1: 1, 2: 1}  # the header (line 1) is the last text in both
    assert list(grid.cells[1]) == ["导出：2025年3月", "创建时间", "2025-03-05 09:30:00", "2025-03-06",
                                   "2024-12-31 23:59:59"]
    plan = ingest.plan_grid(grid)
    assert (plan.table, plan.header_index) == ("tickets", 1)
    assert ingest._iso_date_columns(plan) == {"s1", "s2"}

    s = only_sheet(ingest.import_file(con, path))
    assert (s.header_row, s.rows_read, s.rows_imported, s.rows_rejected, s.warnings) == (2, 3, 3, 0, 0)
    assert rows(con, "SELECT ticket_id, created_at, resolved_at FROM tickets ORDER BY 1") == [
        ("T-1", datetime(2025, 3, 5, 9, 30), datetime(2025, 3, 5, 17, 45, 10)),
        ("T-2", datetime(2025, 3, 6), None),
        ("T-3", datetime(2024, 12, 31, 23, 59, 59), datetime(2025, 1, 2, 8)),
    ]


def test_text_dates_among_date_cells_are_each_parsed(tmp_path, con):
    """Text dates below the header (year first with a slash, day first) among real date cells:
    the column leaves the plain cast and every cell is read for what it is."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "创建时间"])
    ws.append(["T-1", datetime(2025, 3, 4, 10, 15)])
    ws.append(["T-2", "2025/3/5"])
    ws.append(["T-3", "13/03/2025 08:30"])  # day first: 13 cannot be a month
    ws.append(["T-4", datetime(2025, 3, 14)])
    path = tmp_path / "mixed.xlsx"
    wb.save(path)

    grid = readers.read_path(path)[0]
    assert grid.date_cells_after == {1: 3}  # line 3 holds the last text date
    assert list(grid.cells[1]) == ["创建时间", "2025-03-04 10:15:00", "2025/3/5", "13/03/2025 08:30", "2025-03-14"]
    assert ingest._iso_date_columns(ingest.plan_grid(grid)) == set()

    s = only_sheet(ingest.import_file(con, path))
    assert (s.rows_read, s.rows_imported, s.rows_rejected, s.warnings) == (4, 4, 0, 0)
    assert rows(con, "SELECT ticket_id, created_at FROM tickets ORDER BY 1") == [
        ("T-1", datetime(2025, 3, 4, 10, 15)),
        ("T-2", datetime(2025, 3, 5)),
        ("T-3", datetime(2025, 3, 13, 8, 30)),
        ("T-4", datetime(2025, 3, 14)),
    ]


def test_workbook_cells_are_written_as_text_kind_by_kind():
    """Each kind of cell python-calamine returns, as the reader writes it (one column of all)."""
    from datetime import time as clock

    values = (None, "", "x", datetime(2025, 3, 5), datetime(2025, 3, 5, 9, 30),
              datetime(2025, 3, 5, 9, 30, 0, 250000), date(2025, 3, 6), 3.0, -0.0, 2.5, float("nan"),
              1e16, True, clock(8, 15), datetime(1, 1, 1, 0, 0, 1))
    text, last = readers._column_text(values)
    assert list(text) == [None, None, "x", "2025-03-05", "2025-03-05 09:30:00", "2025-03-05 09:30:00.250000",
                          "2025-03-06", "3", "0", "2.5", None, "1e+16", "true", "08:15:00", "0001-01-01 00:00:01"]
    assert last == 13  # the time of day: the last cell that is neither empty nor a date


def test_empty_sheet_is_reported_and_other_sheets_import(tmp_path, con):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("surveys")
    ws.append(["问卷编号", "项目编号", "提交日期", "满意度"])
    ws.append(["R1", "P-1", "2025-03-01", 5])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    report = ingest.import_file(con, path)
    empty, used = report.sheets
    assert str(empty.message) == "two.xlsx (sheet 说明) is empty"
    assert empty.message.text("zh") == "two.xlsx (sheet 说明) 是空的"
    assert (used.table, used.rows_imported) == ("surveys", 1)


def test_workbook_with_only_empty_sheets_is_refused(tmp_path, con):
    wb = openpyxl.Workbook()
    wb.create_sheet("another")
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    with pytest.raises(ingest.IngestError, match="every sheet is empty"):
        ingest.import_file(con, path)


def test_corrupt_and_fake_workbooks_are_refused_with_one_sentence(tmp_path, con):
    text = tmp_path / "renamed.xlsx"
    text.write_text("id,created\n1,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ingest.IngestError, match="a text file with an Excel name"):
        ingest.import_file(con, text)

    good = tmp_path / "good.xlsx"
    openpyxl.Workbook().save(good)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:300])  # a truncated zip
    with pytest.raises(ingest.IngestError, match="damaged"):
        ingest.import_file(con, broken)

    locked = tmp_path / "locked.xlsx"  # encrypted workbooks are OLE2 containers, not zips
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
                       + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500)
    with pytest.raises(ingest.IngestError, match="password-protected"):
        ingest.import_file(con, locked)

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * 300_000_000)
    with pytest.raises(ingest.IngestError, match="would unpack"):
        ingest.import_file(con, bomb)
    assert store.is_empty(con)


# -- exports of ticket systems ---------------------------------------------------------------


def test_jira_like_export_with_day_first_dates(tmp_path, con):
    path = write_csv(tmp_path / "jira.csv", [
        ["Issue key", "Issue Type", "Status", "Priority", "Created", "Resolved", "Assignee", "Sprint"],
        ["SUP-1", "Bug", "Done", "Highest", "05/03/2025 14:30", "06/03/2025 09:00", "amy", "S1"],
        ["SUP-2", "Complaint", "Done", "Medium", "25/03/2025 09:00", "31/03/2025 17:45", "bob", "S1"],
        ["SUP-3", "Story", "To Do", "Low", "01/04/2025 10:00", "", "", "S2"],
    ])
    s = only_sheet(ingest.import_file(con, path))
    assert (s.table, s.rows_imported) == ("tickets", 3)
    assert not any("could be day-first" in str(n) for n in s.notes)  # 25/03 settles it
    got = rows(con, "SELECT ticket_id, type, status, priority, created_at, resolved_at FROM tickets ORDER BY 1")
    assert got == [
        ("SUP-1", "incident", "resolved", "P1", datetime(2025, 3, 5, 14, 30), datetime(2025, 3, 6, 9)),
        ("SUP-2", "complaint", "resolved", "P3", datetime(2025, 3, 25, 9), datetime(2025, 3, 31, 17, 45)),
        ("SUP-3", "other", "open", "P4", datetime(2025, 4, 1, 10), None),
    ]
    assert json.loads(rows(con, "SELECT extra FROM tickets WHERE ticket_id='SUP-3'")[0][0]) == {
        "Sprint": "S2", "type_raw": "Story"}


def test_month_first_column_and_ambiguous_column_are_decided_and_reported(tmp_path, con):
    path = write_csv(tmp_path / "us.csv", [
        ["Ticket ID", "Created", "Solved at"],
        ["1", "03/25/2025", "05/06/2025"],
        ["2", "04/01/2025", "07/06/2025"],
    ])
    s = only_sheet(ingest.import_file(con, path))
    # Created has 25 in second place: month-first, 04/01 included. Solved at proves nothing by
    # itself: it follows the sheet's one proven order, and says so.
    assert rows(con, "SELECT ticket_id, created_at::DATE, resolved_at::DATE FROM tickets ORDER BY 1") == [
        ("1", date(2025, 3, 25), date(2025, 5, 6)),
        ("2", date(2025, 4, 1), date(2025, 7, 6)),
    ]
    assert [str(n) for n in s.notes] == [
        "column Created: read month-first, as 03/25/2025 proves (values with a part above 12: 1); "
        "values that could be read either way, read so too: 1; unreadable: 0",
        "column Solved at: dates such as 05/06/2025 could be day-first or month-first (such values: 2); "
        "read month-first like column Created of the same sheet, whose values prove it; unreadable: 0"]


def test_servicenow_event_log_folds_versions_latest_wins(tmp_path, con):
    path = write_csv(tmp_path / "incident.csv", [
        ["number", "opened_at", "resolved_at", "priority", "state", "assignment_group", "sys_updated_on", "sys_mod_count"],
        ["INC001", "2025-03-01 08:00:00", "", "1 - Critical", "New", "Service Desk", "2025-03-01 08:00:00", "0"],
        ["INC002", "2025-03-02 09:00:00", "", "3 - Moderate", "In Progress", "Ops", "2025-03-02 09:00:00", "0"],
        ["INC001", "2025-03-01 08:00:00", "2025-03-01 11:00:00", "1 - Critical", "Resolved", "Service Desk", "2025-03-01 11:00:00", "2"],
        ["INC001", "2025-03-01 08:00:00", "", "1 - Critical", "In Progress", "Service Desk", "2025-03-01 09:00:00", "1"],
    ])
    s = only_sheet(ingest.import_file(con, path))
    assert (s.rows_read, s.rows_imported, s.rows_folded, s.ids_folded, s.rows_rejected) == (4, 2, 2, 1, 0)
    assert rows(con, "SELECT ticket_id, status, resolved_at, priority, team FROM tickets ORDER BY 1") == [
        ("INC001", "resolved", datetime(2025, 3, 1, 11), "P1", "operations"),
        ("INC002", "in_progress", None, "P3", "operations"),  # "Ops" is the operations team
    ]


def test_reimport_updates_instead_of_duplicating(tmp_path, con):
    lines = [["工单编号", "创建时间", "状态"], ["T-1", "2025-01-01", "处理中"], ["T-2", "2025-01-02", "新建"]]
    path = write_csv(tmp_path / "a.csv", lines)
    ingest.import_file(con, path)
    lines[1][2] = "已关闭"
    write_csv(path, lines)
    ingest.import_file(con, path)
    assert rows(con, "SELECT ticket_id, status FROM tickets ORDER BY 1") == [("T-1", "closed"), ("T-2", "open")]
    assert rows(con, "SELECT count(*) FROM import_batches") == [(2,)]


# -- surveys ---------------------------------------------------------------------------------


def test_survey_scale_detected_out_of_scale_rejected_and_ids_generated(tmp_path, con):
    lines = [["客户", "提交时间", "满意度", "推荐度", "意见"]]
    scores = [5, 4, 4, 3, 5, 2, 1, 5, 4, 4] * 6  # 60 answers on 1-5
    for i, sc in enumerate(scores):
        lines.append(["华东精密", f"2025-03-{1 + i % 28:02d}", str(sc), str(i % 11), f"c{i}"])
    lines.append(["华东精密", "2025-03-30", "7", "", "too high"])  # outside 1-5
    lines.append(["华东精密", "2025-03-30", "", "12", "nps too high"])  # outside 0-10
    path = write_csv(tmp_path / "survey.csv", lines)
    s = only_sheet(ingest.import_file(con, path))
    assert (s.table, s.rows_read, s.rows_imported, s.rows_rejected) == ("surveys", 62, 60, 2)
    assert "1-5" in str(s.notes[0])
    reasons = [r[0] for r in rows(con, "SELECT reason FROM import_issues WHERE severity='rejected' ORDER BY row_number")]
    assert reasons == ["score 7 is outside the 1-5 scale", "recommendation 12 is outside 0-10"]
    zh = store.issues(con, lang="zh")
    assert zh[zh["severity"] == "rejected"]["reason"].tolist() == ["评分 7 超出 1-5 分制", "推荐度 12 超出 0-10"]
    assert rows(con, "SELECT count(DISTINCT response_id), min(scale), max(scale) FROM surveys") == [(60, "1-5", "1-5")]
    ingest.import_file(con, path)  # the same file again: the same generated ids, no duplicates
    assert rows(con, "SELECT count(*) FROM surveys") == [(60,)]


def test_ten_point_scale_is_detected(tmp_path, con):
    lines = [["Response ID", "Submitted", "Rating"]] + [[f"R{i}", "2025-05-01", str(i % 10 + 1)] for i in range(20)]
    only_sheet(ingest.import_file(con, write_csv(tmp_path / "s.csv", lines)))
    assert rows(con, "SELECT DISTINCT scale FROM surveys") == [("1-10",)]


def test_a_scale_named_in_the_header_wins_over_a_stray_value(tmp_path, con):
    # five answers on 1-10 and one typing error (11): the values alone would make it a 0-100
    # survey (every answer unhappy); the header says 1-10, so 11 is rejected and 3 of 5 are >= 8
    lines = [["回访编号", "回访日期", "满意度(1-10分)", "推荐意愿(0-10)", "回访节点"]]
    for i, (sc, nps) in enumerate([(9, 10), (7, 6), (8, 9), (10, 8), (11, 7), (4, 3)]):
        lines.append([f"S-{i}", f"2026-09-{i + 1:02d}", str(sc), str(nps), "季度回访"])
    s = only_sheet(ingest.import_file(con, write_csv(tmp_path / "回访.csv", lines)))
    assert (s.table, s.rows_read, s.rows_imported, s.rows_rejected) == ("surveys", 6, 5, 1)
    assert "1-10" in str(s.notes[0]) and "满意度(1-10分)" in str(s.notes[0])
    assert rows(con, "SELECT reason FROM import_issues WHERE severity='rejected'") == [
        ("score 11 is outside the 1-10 scale",)]
    assert rows(con, "SELECT count(*) FILTER (score >= 8), count(*), min(scale), max(scale), "
                     "count(touchpoint), count(DISTINCT response_id) FROM surveys") == [
        (3, 5, "1-10", "1-10", 5, 5)]


def test_a_few_scores_above_ten_on_a_ten_point_column_are_reported_as_a_doubt(tmp_path, con):
    lines = [["回访日期", "满意度", "推荐意愿"]]
    for i, sc in enumerate([9, 7, 8, 10, 11, 4]):
        lines.append([f"2026-09-{i + 1:02d}", str(sc), "8"])
    s = only_sheet(ingest.import_file(con, write_csv(tmp_path / "回访.csv", lines)))
    doubts = [m for m in s.notes if m.code == "ingest.note.scale_doubt"]
    assert [m.params for m in doubts] == [{"header": "满意度", "above": 1, "n": 6, "top": 11.0}]
    assert "only 1 of 6 scores are above 10" in str(doubts[0])


@pytest.mark.parametrize(("header", "scale"), [
    ("满意度(1-10分)", "1-10"), ("CSAT [1-5]", "1-5"), ("评分（百分制）", "0-100"),
    ("Score (0~100)", "0-100"), ("Rating (5 points)", "1-5"), ("推荐意愿(0-10)", "0-10"),
    ("满意度", None), ("Custom field (Customer)", None), ("评分(客户填写)", None)])
def test_the_scale_a_header_names(header, scale):
    assert schema.scale_hint(header) == scale


# -- refusals and mappings -------------------------------------------------------------------


def test_missing_required_column_is_refused_naming_it(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [["工单编号", "工单类型", "优先级", "状态"], ["T1", "投诉", "高", "新建"]])
    with pytest.raises(ingest.IngestError) as e:
        ingest.import_file(con, path)
    assert str(e.value) == ("t.csv looks like tickets (工单编号, 工单类型, 优先级, 状态 found) but has no "
                            "creation date column; map one with --mapping or on the Data page")
    assert e.value.text("zh").startswith("t.csv 看起来是工单表（已找到 工单编号, 工单类型, 优先级, 状态），但缺少创建时间列")


def test_mapping_file_maps_unknown_headers(tmp_path, con):
    path = write_csv(tmp_path / "odd.csv", [["Ref", "Logged", "Kind"], ["A1", "2025-06-01 10:00", "complaint"]])
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Ref": "ticket_id", "Logged": "created_at", "Kind": "type"}))
    s = only_sheet(ingest.import_file(con, path, mapping=mapping))
    assert s.table == "tickets"
    assert rows(con, "SELECT ticket_id, type, is_complaint FROM tickets") == [("A1", "complaint", True)]


def test_failed_import_leaves_store_unchanged(tmp_path, con, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "a"
    ws.append(["工单编号", "创建时间"])
    ws.append(["T1", "2025-01-01"])
    ws2 = wb.create_sheet("b")
    ws2.append(["工单编号", "创建时间"])
    ws2.append(["T2", "2025-01-02"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    real = ingest._import_sheet
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "_import_sheet", fail_on_second)
    with pytest.raises(RuntimeError):
        ingest.import_file(con, path)
    assert store.table_counts(con)["tickets"] == 0
    assert rows(con, "SELECT count(*) FROM import_batches") == [(0,)]


# -- the real exports ------------------------------------------------------------------------

needs_realdata = pytest.mark.skipif(not REALDATA.exists(), reason="shared/realdata is not beside the repo")


@needs_realdata
def test_real_jira_export_reports_every_finished_before_created_row(con):
    path = REALDATA / "jira.csv"
    with open(path, encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    # independent count: ISO dates compare as strings
    backwards = [i + 2 for i, r in enumerate(records) if r["finished_date"] < r["created_date"]]
    assert len(backwards) == 1662  # the dataset's documented artefact
    s = only_sheet(ingest.import_file(con, path))
    assert (s.table, s.rows_read, s.rows_rejected, s.rows_imported) == ("tickets", 4123, 1662, 4123 - 1662)
    reported = [r[0] for r in rows(con, "SELECT row_number FROM import_issues WHERE severity='rejected' ORDER BY 1")]
    assert reported == backwards


@needs_realdata
@pytest.mark.parametrize("name", ["data_readable.xlsx", "[问卷星数据]800_800_0.xls"])
def test_questionnaire_exports_are_sent_to_explore(con, name):
    with pytest.raises(ingest.IngestError) as e:
        ingest.import_file(con, REALDATA / name)
    assert "not a projects, tickets or surveys table" in str(e.value)
    assert "Explore page" in str(e.value)
    assert store.is_empty(con)


# -- the command line ------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def test_cli_import_prints_counts_and_refuses_bad_files_in_one_sentence(tmp_path):
    good = write_csv(tmp_path / "good.csv", GBK_TICKETS, encoding="gbk")
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4")
    db = tmp_path / "s.duckdb"
    r = run_cli("import", str(good), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "good.csv: tickets (header on row 1) — read 5, imported 3, folded 0, rejected 2" in r.stdout
    assert "rejected row 4, 解决时间: resolved 2025-03-06 10:00 is before created 2025-03-07 10:00" in r.stdout
    r = run_cli("import", str(bad), "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.strip() == ("error: notes.pdf cannot be read: .pdf is not supported; "
                                "use one of .csv, .tsv, .txt, .xls, .xlsm, .xlsx")
    assert "Traceback" not in r.stderr


# -- the streaming route for large files ----------------------------------------------------


def test_large_utf8_files_stream_through_duckdb_with_the_same_outcome(tmp_path, monkeypatch):
    """Large UTF-8 files are read by DuckDB straight from disk; the result must not differ."""
    from analytics import readers

    lines = [["Ticket export", "", ""], ["工单编号", "创建时间", "分类"]]
    lines += [[f"T{i}", f"2025-01-{1 + i % 28:02d} 10:00", "multi\nline" if i == 3 else "报表"] for i in range(50)]
    lines += [["T1", "2025-01-02 10:00", "again"], ["T99", "bad date", ""]]  # T1's later version
    path = write_csv(tmp_path / "big.csv", lines)
    outcomes = []
    for threshold in (10**12, 0):  # whole-file route, then the streaming route
        monkeypatch.setattr(readers, "LAZY_MIN_BYTES", threshold)
        grids = readers.read_path(path)
        assert (grids[0].lazy is not None) == (threshold == 0)
        c = store.connect(":memory:")
        s = only_sheet(ingest.import_file(c, path))
        outcomes.append((s.header_row, s.rows_read, s.rows_imported, s.rows_folded, s.rows_rejected,
                         rows(c, "SELECT ticket_id, created_at, category, source_row FROM tickets ORDER BY source_row"),
                         rows(c, "SELECT row_number, reason FROM import_issues")))
    assert outcomes[0] == outcomes[1]
    header_row, read, imported, folded, rejected, got, issues = outcomes[1]
    assert (header_row, read, imported, folded, rejected) == (2, 52, 50, 1, 1)
    assert [g for g in got if g[0] == "T3"] == [("T3", datetime(2025, 1, 4, 10), "multi\nline", 6)]
    assert issues == [(54, "cannot read 'bad date' as a date/time")]


def test_blank_lines_keep_exact_row_numbers(tmp_path, monkeypatch):
    from analytics import readers

    monkeypatch.setattr(readers, "LAZY_MIN_BYTES", 0)
    path = tmp_path / "gaps.csv"
    path.write_text("工单编号,创建时间\nT1,2025-01-01\n\n\nT2,never\n", encoding="utf-8")
    assert readers.read_path(path)[0].lazy is None  # blank lines: the exact route
    c = store.connect(":memory:")
    s = only_sheet(ingest.import_file(c, path))
    assert (s.rows_read, s.blank_rows, s.rows_rejected) == (2, 2, 1)
    assert rows(c, "SELECT row_number FROM import_issues") == [(5,)]


# -- the shipped demo portfolio --------------------------------------------------------------


def _column_values(frame, col: str, kind: str) -> list:
    import pandas as pd

    out = []
    for v in frame[col].tolist():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
            out.append(None)
        elif kind == "date":
            out.append(pd.Timestamp(v).date())
        elif kind == "timestamp":
            out.append(pd.Timestamp(v).to_pydatetime())
        elif kind in ("int",):
            out.append(int(v))
        elif kind == "bool":
            out.append(bool(v))
        else:
            out.append(v)
    return out


@pytest.mark.parametrize("files", [["demo_portfolio.xlsx"], ["projects.csv", "tickets.csv", "surveys.csv"]])
def test_shipped_demo_imports_with_zero_rejects_and_exactly_the_generated_rows(files):
    from analytics import demo
    from analytics.schema import TABLES

    expected = demo.generate()
    c = store.connect(":memory:")
    for _ in range(2):  # the second import of the same files changes nothing
        for f in files:
            for s in ingest.import_file(c, ROOT / "data" / f).sheets:
                assert s.message is None and s.rows_rejected == 0 and s.warnings == 0, s
        assert store.table_counts(c) == {k: len(v) for k, v in expected.items()}
    for name, frame in expected.items():
        table = TABLES[name]
        cols = [col for col in table.column_names if col not in ("updated_at", "mod_count")]
        stored = c.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY {table.key}").fetchall()
        want = frame.sort_values(table.key).reset_index(drop=True)
        for i, col in enumerate(cols):
            got = [r[i] for r in stored]
            assert got == _column_values(want, col, table.column(col).kind), f"{name}.{col} differs"


# -- workbooks that would take the parser down -----------------------------------------------


def _zip_declaring(members: dict[str, tuple[bytes, int]]) -> bytes:
    """A deflated zip whose headers declare the given size for each member's payload, true or not."""
    import struct
    import zlib

    out = bytearray()
    central = bytearray()
    for name, (payload, declared) in members.items():
        deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = deflater.compress(payload) + deflater.flush()
        raw, crc, offset = name.encode(), zlib.crc32(payload), len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), declared,
                           len(raw), 0) + raw + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed),
                               declared, len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def test_parser_killing_workbooks_are_refused_before_parsing(tmp_path, con, monkeypatch):
    """A cell at XFD1048576 would make the parser allocate ~17e9 cells (a process abort, not an
    exception): such a sheet is read cell by cell, and refused before parsing only when it
    holds more cells than may be read so; a member that inflates far past its declared size is
    a zip bomb. The import refuses both in one sentence and leaves the store as it was."""
    write_csv(tmp_path / "tickets.csv", [["工单编号", "创建时间"], ["T-1", "2025-03-05 09:00"]])
    ingest.import_file(con, tmp_path / "tickets.csv")
    before = (store.table_counts(con), rows(con, "SELECT count(*) FROM import_batches"))

    wb = openpyxl.Workbook()
    wb.active["A1"] = "工单编号"
    wb.active["B1"] = "创建时间"
    wb.active["XFD1048576"] = "far away"
    sparse = tmp_path / "sparse.xlsx"
    wb.save(sparse)
    assert sparse.stat().st_size < 10_000
    monkeypatch.setattr(filecheck, "SETTINGS", replace(filecheck.SETTINGS, max_sparse_cells=2))
    with pytest.raises(ingest.IngestError) as info:
        ingest.import_file(con, sparse)
    assert "\n" not in str(info.value) and "sparse.xlsx" in str(info.value)
    assert "A1:XFD1048576" in str(info.value) and "3 cells" in str(info.value)

    forged = tmp_path / "forged.xlsx"  # headers say 100 bytes; the stream inflates to 64 MB
    forged.write_bytes(_zip_declaring({"[Content_Types].xml": (b"<Types/>", 8),
                                       "xl/sharedStrings.xml": (b"\x00" * (64 << 20), 100)}))
    assert forged.stat().st_size < 200_000
    with pytest.raises(ingest.IngestError) as info:
        ingest.import_file(con, forged)
    assert "\n" not in str(info.value) and "forged.xlsx would unpack" in str(info.value)

    assert (store.table_counts(con), rows(con, "SELECT count(*) FROM import_batches")) == before


def test_a_panicking_parser_is_one_sentence(tmp_path, con, monkeypatch):
    """pyo3 turns a Rust panic into PanicException, a BaseException: still a refusal, not a crash."""
    import python_calamine

    class PanicException(BaseException):
        pass

    class PanickingWorkbook:
        @staticmethod
        def from_filelike(_data):
            raise PanicException("index out of bounds")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", PanickingWorkbook)
    path = tmp_path / "odd.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ingest.IngestError, match="odd.xlsx is damaged"):
        ingest.import_file(con, path)
    assert store.is_empty(con)


# -- the headers of ticket systems' exports ---------------------------------------------------

EXPORT_HEADERS = {
    "Zendesk": (["Id", "Requester", "Organization", "Subject", "Status", "Priority", "Ticket type",
                 "Created at", "Updated at", "Solved at", "Assignee", "Group", "Satisfaction Score"],
                {"Id": "ticket_id", "Organization": "customer", "Created at": "created_at",
                 "Solved at": "resolved_at", "Ticket type": "type", "Group": "team", "Updated at": "updated_at"}),
    "Freshdesk": (["Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group",
                   "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
                   "Initial response time", "Company Name"],
                  {"Ticket ID": "ticket_id", "Created time": "created_at", "Initial response time": "first_response_at",
                   "Resolved time": "resolved_at", "Due by Time": "sla_due_at", "Company Name": "customer",
                   "Last update time": "updated_at", "Source": "channel"}),
    "Jira Service Management": (["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority",
                                 "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date",
                                 "Request Type", "Organizations", "Component/s"],
                                {"Issue key": "ticket_id", "Issue Type": "type", "Created": "created_at",
                                 "Resolved": "resolved_at", "Organizations": "customer", "Component/s": "category"}),
    "ServiceNow": (["number", "short_description", "caller_id", "company", "opened_at", "resolved_at",
                    "closed_at", "priority", "state", "category", "assignment_group", "assigned_to",
                    "sys_updated_on", "sys_mod_count", "reopen_count", "contact_type"],
                   {"number": "ticket_id", "opened_at": "created_at", "state": "status", "company": "customer",
                    "assignment_group": "team", "sys_mod_count": "mod_count", "reopen_count": "reopened_count"}),
}


@pytest.mark.parametrize("system", sorted(EXPORT_HEADERS))
def test_ticket_system_exports_are_recognised(system):
    headers, expected = EXPORT_HEADERS[system]
    table, mapping, missing = ingest.detect_table(headers)
    assert (table, missing) == ("tickets", [])
    assert {h: mapping.get(h) for h in expected} == expected


def test_encoding_is_detected_when_the_sample_ends_inside_a_character():
    from analytics import readers

    text = ("问卷编号,提交时间,满意度\n" + "".join(f"R{i},2025-03-01,满意\n" for i in range(100_000))).encode("gb18030")
    sample = text[: (1 << 20)]
    assert sample.rfind(b"\n") < len(sample) - 1  # the cut falls inside a line
    assert readers.detect_encoding(sample[:-1]) == "gb18030"
    assert readers.detect_encoding(sample) == "gb18030"
