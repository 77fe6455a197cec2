"""Shared by the import specifications: a CSV the test writes, and the one sheet a report
imported (the empty in-memory store they import into is conftest's ``con``)."""

from __future__ import annotations

import csv
from pathlib import Path

from analytics import ingest


def write_csv(path: Path, lines: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(lines)
    return path


def used_sheet(report: ingest.FileReport) -> ingest.SheetReport:
    """The one imported sheet of a report, checked: rows read = imported + folded + rejected."""
    (s,) = [s for s in report.sheets if s.message is None]
    assert s.rows_read == s.rows_imported + s.rows_folded + s.rows_rejected
    return s
