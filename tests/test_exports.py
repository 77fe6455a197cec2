"""Exports: every spreadsheet the product writes must show user text verbatim and never run it."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.exports import (
    ExportTooLarge,
    escape_formula,
    is_formula_like,
    to_csv_bytes,
    to_xlsx_bytes,
)

MALICIOUS = [
    "=1+1",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|'/c calc.exe'!A1",
]


@pytest.mark.parametrize("value", MALICIOUS)
def test_escape_formula_prefixes_apostrophe(value: str) -> None:
    assert escape_formula(value) == "'" + value
    assert is_formula_like(value)


@pytest.mark.parametrize("value", ["plain", "客户A", "", "1=1", " =x", 5, -3.5, None, True])
def test_escape_formula_leaves_safe_values(value: object) -> None:
    assert escape_formula(value) == value


def test_xlsx_malicious_cells_round_trip_as_text() -> None:
    df = pd.DataFrame({"=header": MALICIOUS, "n": range(len(MALICIOUS))})
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"data": df})))
    ws = wb["data"]
    head = ws.cell(1, 1)
    assert head.data_type == "s" and head.value == "=header" and head.font.bold
    for i, text in enumerate(MALICIOUS, start=2):
        cell = ws.cell(i, 1)
        assert cell.data_type == "s", text
        # XML parsers normalise a carriage return to a newline; the rest is verbatim
        assert cell.value == text.replace("\r", "\n")
        assert cell.quotePrefix
        assert ws.cell(i, 2).data_type == "n"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width > 6
    # nothing in the XML is a formula element
    import zipfile

    with zipfile.ZipFile(io.BytesIO(to_xlsx_bytes({"data": df}))) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_xlsx_types_chinese_and_odd_values() -> None:
    df = pd.DataFrame(
        {
            "客户": ["华为", None, "a\x01b"],
            "when": [datetime(2025, 3, 5, 8), pd.NaT, pd.Timestamp("2025-01-01", tz="UTC")],
            "x": [1.5, np.nan, np.inf],
            "lst": [[1, 2], [], [3]],
            "flag": [True, False, None],
        }
    )
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"客户/表[1]": df, "客户/表[1] ": df})))
    assert len(wb.sheetnames) == 2
    ws = wb.worksheets[0]
    assert ws["A2"].value == "华为"
    assert ws["A4"].value == "ab"
    assert ws["B2"].value == datetime(2025, 3, 5, 8)
    assert ws["C3"].value is None
    assert ws["D2"].value == "[1, 2]"


def test_xlsx_refuses_more_than_a_sheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    import analytics.exports as ex

    monkeypatch.setattr(ex, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(ExportTooLarge):
        ex.to_xlsx_bytes({"t": pd.DataFrame({"a": range(5)})})


def test_csv_has_bom_and_escapes() -> None:
    df = pd.DataFrame({"=h": ["=1+1", "客户", "-x", "ok"], "n": [-1, 2, 3, 4]})
    raw = to_csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["'=h", "n"]
    assert rows[1] == ["'=1+1", "-1"]  # negative *numbers* stay numbers
    assert rows[2] == ["客户", "2"]
    assert rows[3] == ["'-x", "3"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=20))
def test_fuzz_no_cell_is_ever_a_formula(values: list[str]) -> None:
    df = pd.DataFrame({"v": values})
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"s": df})))
    for row in wb.active.iter_rows(min_row=2):
        assert row[0].data_type in {"s", "n"}  # "n" is an empty cell
    for line in csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"))):
        assert not line or not is_formula_like(line[0])
