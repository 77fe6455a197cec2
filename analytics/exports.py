"""The one place every spreadsheet the product exports goes through.

Why a single module: exported cells come from user data (uploaded files, ticket titles, survey
comments). A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return)
is run as a formula by Excel and LibreOffice when the file is opened — the "CSV / formula
injection" class of attack (OWASP). Routing every export through here means the escaping cannot
be forgotten by one page or report.

How values are escaped, and why two ways:

* **xlsx** — a dangerous string is written as a *string cell* (``t="inlineStr"``, never a
  formula) and the cell gets Excel's ``quotePrefix`` style flag. The visible text is exactly the
  original (``=1+1`` shows as ``=1+1``), Excel does not evaluate it on open, and editing the cell
  keeps it as text. Nothing is added to the value, so a round trip through openpyxl gives back
  the same text.
* **csv** — a CSV has no cell types, so the only portable defence is OWASP's: prefix the value
  with an apostrophe (``'=1+1``). Excel shows the apostrophe-prefixed text and does not run it.
  :func:`escape_formula` implements this and is the function other text sinks should use.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

#: First characters that make Excel (or LibreOffice) treat a cell as a formula or DDE command.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: Excel's hard sheet limits; past them a workbook will not open.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_MIN_WIDTH, _MAX_WIDTH = 6, 60


class ExportTooLarge(ValueError):
    """A table does not fit in one Excel sheet; the caller should filter or use CSV."""


def is_formula_like(value: object) -> bool:
    """True when ``value`` is text that a spreadsheet program would try to evaluate."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def escape_formula(value: Any) -> Any:
    """Return ``value`` made safe for a plain-text spreadsheet cell (CSV).

    Text starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe, the
    OWASP recommendation, so Excel shows it as text instead of running it. Other values
    (numbers, dates, None, safe text) are returned unchanged, so numbers stay numbers.
    Negative numbers are not affected: only *text* such as ``"-5"`` is prefixed.
    """
    if is_formula_like(value):
        return "'" + value
    return value


# --------------------------------------------------------------------------- helpers


def _plain(value: Any) -> Any:
    """A pandas / numpy cell as a value openpyxl and csv can write (None for missing)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, dict)):
        return str(list(value) if isinstance(value, (set, tuple)) else value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        try:
            value = value.tolist()  # numpy scalars and arrays
        except (TypeError, ValueError):
            value = str(value)
        if isinstance(value, list):
            return str(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        value = value.to_pytimedelta()
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones; keep the wall-clock time the user saw.
        value = value.replace(tzinfo=None)
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (str, int, float, bool, Decimal, date, time, timedelta)):
        return value
    return str(value)


def _clean_text(text: str) -> str:
    """Drop control characters that are illegal in xlsx XML (openpyxl would refuse them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _display_width(value: Any) -> int:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    # CJK characters take about two Latin character widths in Excel's default fonts.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text[:200])


def _sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique Excel sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_NAME_BAD.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"_{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _header(df: pd.DataFrame) -> list[str]:
    if isinstance(df.columns, pd.MultiIndex):
        return [" / ".join(str(p) for p in col if str(p) != "") for col in df.columns]
    return [str(c) for c in df.columns]


# --------------------------------------------------------------------------- public API


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook, one sheet per DataFrame: bold frozen header, fitted widths, no formulas.

    Every string cell is written as text; text that looks like a formula is additionally marked
    with Excel's quote prefix (see the module docstring), so it is shown verbatim and never run.
    Raises :class:`ExportTooLarge` when a table exceeds Excel's row or column limit.
    """
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    if not sheets:
        sheets = {"Sheet": pd.DataFrame()}
    for name, df in sheets.items():
        if len(df) + 1 > EXCEL_MAX_ROWS or len(df.columns) > EXCEL_MAX_COLS:
            raise ExportTooLarge(
                f"table {name!r} has {len(df):,} rows x {len(df.columns):,} columns, "
                f"more than one Excel sheet holds"
            )
        ws = wb.create_sheet(_sheet_title(name, taken))
        header = _header(df)
        widths = [_display_width(h) for h in header]
        for j, title in enumerate(header, start=1):
            write_cell(ws, 1, j, title, bold)
        for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
            for j, raw in enumerate(row, start=1):
                value = write_cell(ws, i, j, raw)
                if i <= 1001:  # widths from the first thousand rows are plenty
                    widths[j - 1] = max(widths[j - 1], _display_width(value))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, _MIN_WIDTH), _MAX_WIDTH)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_cell(ws: Any, row: int, col: int, raw: Any, font: Font | None = None) -> Any:
    """Write one cell of an openpyxl worksheet so that no user text can become a formula.

    For any workbook writer in the product (reports included): text becomes a string cell,
    formula-like text additionally gets Excel's quote prefix, illegal control characters are
    dropped, pandas/numpy values become plain Python ones. Returns the value written.
    """
    value = _plain(raw)
    if isinstance(value, str):
        value = _clean_text(value) or None  # an empty string is an empty cell
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        # openpyxl turns any text starting with "=" into a formula; force a string cell.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with a byte-order mark, every text cell escaped with :func:`escape_formula`.

    The BOM is what makes Excel open the file as UTF-8, so Chinese headers and values are not
    shown as mojibake. Headers are escaped too: they come from user files as well.
    """
    buf = io.StringIO()
    buf.write("\ufeff")
    for row in (map(escape_formula, _header(df)), *_csv_rows(df.itertuples(index=False, name=None))):
        buf.write(",".join(_csv_field(v) for v in row))
        buf.write("\r\n")
    return buf.getvalue().encode("utf-8")


#: Characters that make a CSV field quoted. The ';' is there for Excel where the list
#: separator is ';' (much of Europe): it splits an unquoted field at every ';', so the text
#: after one would begin a cell of its own, and ``a;=HYPERLINK(…)`` would run. In quotes it
#: stays one cell; read with ',' the field is unchanged.
_CSV_QUOTE = re.compile(r'[,";\r\n]')


def _csv_field(value: Any) -> str:
    """One CSV field as ``csv.writer`` writes it (minimal quoting, doubled quotes), also
    quoted when it holds a ';'."""
    text = value if isinstance(value, str) else str(value)
    if _CSV_QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_rows(rows: Iterable[tuple[Any, ...]]) -> Iterable[list[Any]]:
    for row in rows:
        out = []
        for raw in row:
            value = _plain(raw)
            if isinstance(value, datetime):
                value = value.isoformat(sep=" ")
            out.append("" if value is None else escape_formula(value))
        yield out
