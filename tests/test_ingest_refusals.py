"""Refusals that tell the truth: what the file was found to hold, and what it lacks."""

from __future__ import annotations

import pytest
from ingest_fixtures import write_csv

from analytics import ingest, store


def refusal(con, path) -> ingest.IngestError:
    with pytest.raises(ingest.IngestError) as e:
        ingest.import_file(con, path)
    assert store.is_empty(con)
    return e.value


def test_a_jira_export_without_its_creation_date_is_named_as_such(tmp_path, con):
    path = write_csv(tmp_path / "jira.csv", [["Summary", "Issue key", "Status", "Assignee", "Sprint"],
                                             ["Fix login", "DI-1", "Done", "ann", "S1"]])
    e = refusal(con, path)
    assert str(e) == ("jira.csv looks like a Jira issue export (Issue key, Status, Assignee found) but has no "
                      "creation date column; map one with --mapping or on the Data page")
    assert e.text("zh") == ("jira.csv 看起来是Jira 问题导出（已找到 Issue key, Status, Assignee），但缺少创建时间列；"
                            "请在数据页或用命令行 --mapping 指定")


def test_a_known_key_in_second_place_is_not_called_unknown(tmp_path, con):
    """Two known headers, the ticket key among them: a tickets table lacking its date, not a
    file 'without known headers such as Issue key'."""
    path = write_csv(tmp_path / "keys.csv", [["Title", "Issue key", "Notes"], ["A", "X-1", ""]])
    e = refusal(con, path)
    assert str(e).startswith("keys.csv looks like tickets (Issue key found) but has no creation date column")


def test_a_table_of_nothing_known_names_its_first_headers(tmp_path, con):
    path = write_csv(tmp_path / "budget.csv", [["Quarter", "Revenue", "Margin", "Region code"],
                                               ["Q1", "10", "2", "E"]])
    e = refusal(con, path)
    assert str(e) == ("budget.csv is not a projects, tickets or surveys table: none of its headers (Quarter, "
                      "Revenue, Margin, …) is a known one; open it on the Explore page to explore it, or map its "
                      "headers with --mapping")


def test_too_few_known_headers_say_which_were_known(tmp_path, con):
    path = write_csv(tmp_path / "few.csv", [["Quarter", "Priority", "Revenue"], ["Q1", "High", "10"]])
    e = refusal(con, path)
    assert str(e).startswith("few.csv is not a projects, tickets or surveys table: its known headers "
                             "(Priority) are too few to tell which;")


def test_a_chosen_table_names_the_column_it_needs(tmp_path, con):
    path = write_csv(tmp_path / "t.csv", [["Issue key", "Status"], ["X-1", "Done"]])
    with pytest.raises(ingest.IngestError) as e:
        ingest.import_file(con, path, table="tickets")
    assert str(e.value) == ("t.csv: a tickets table needs a creation date column, and no header maps to it "
                            "(Issue key, Status found); map one with --mapping or on the Data page")
