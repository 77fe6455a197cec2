"""Read any spreadsheet or delimited text file into grids of text cells.

This module knows bytes and cells, nothing about projects or tickets: it decodes (UTF-8, UTF-8
with BOM, UTF-16, GBK/GB18030 and what charset-normalizer recognises), sniffs the delimiter,
opens workbooks with python-calamine, and returns every sheet as a :class:`Grid` of strings
with the spreadsheet row number of each line, so later messages can say "row 17".
Both the portfolio import and the Explore page read files through it, so both get the
pre-parse safety checks of ``analytics.filecheck`` (zip bombs, oversized used ranges,
password-protected and renamed files); :class:`ReadError` is re-exported from there.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from . import filecheck
from .filecheck import CFB_MAGIC, ReadError, check_workbook, password_error
from .settings import SETTINGS

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}  # formats whose used range is checked before parsing
TEXT_SUFFIXES = set(filecheck.TEXT_SUFFIXES)
SUPPORTED = sorted(EXCEL_SUFFIXES | TEXT_SUFFIXES)

#: Never turned into a ReadError: the user or the interpreter is stopping the program.
_FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit)


@dataclass
class Grid:
    """One sheet (or a whole text file) as text cells.

    ``cells`` has columns of object dtype holding ``str`` or ``None`` (empty cell), one line per
    spreadsheet row, and ``row_numbers`` the 1-based row number each line has in the file as a
    person sees it in Excel. A text file's columns are labelled 0..n-1 and keep its blank
    lines; a workbook's hold only the lines and columns with a value, each column labelled by
    its place in the sheet (0 for A, 16383 for XFD), so a sparse sheet costs what it holds.
    """

    file_name: str
    sheet: str | None
    cells: pd.DataFrame
    row_numbers: np.ndarray
    encoding: str | None = None
    # Set for a large delimited file: ``cells`` then holds only its first records, and the
    # whole file is read by DuckDB's own CSV reader straight from disk (see ``LazyCsv``).
    lazy: LazyCsv | None = None
    # Workbooks: column -> line after which the column holds only real date cells (or blanks),
    # whose text the reader wrote as ISO 8601 ("2025-03-05", "2025-03-05 14:30:00").
    date_cells_after: dict[int, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.file_name} (sheet {self.sheet})" if self.sheet else self.file_name


@dataclass(frozen=True)
class LazyCsv:
    """Where and how to read the rest of a large UTF-8 delimited file.

    ``line_after[i]`` is the physical line on which record ``i`` ends, so the reader can skip
    exactly the lines up to and including the header record.
    """

    path: Path
    delimiter: str
    width: int
    line_after: tuple[int, ...]

    def scan_sql(self, header_index: int, parallel: bool = True) -> str:
        """A DuckDB ``read_csv`` call yielding the data records after the header, as text."""
        cols = "{" + ", ".join(f"'s{i}': 'VARCHAR'" for i in range(self.width)) + "}"
        path = str(self.path).replace("'", "''")
        delim = self.delimiter.replace("'", "''")
        return (f"read_csv('{path}', auto_detect=false, header=false, skip={self.line_after[header_index]}, "
                f"delim='{delim}', quote='\"', escape='\"', null_padding=true, columns={cols}, "
                f"parallel={'true' if parallel else 'false'})")


LAZY_MIN_BYTES = 8 << 20  # smaller files are simply read whole
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n[^\r\n]")
HEAD_RECORDS = 200


# -- encodings -------------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHINESE_CODECS = {"gb2312", "gbk", "gb18030", "hz", "big5", "cp936", "big5hkscs", "cp950"}
_SINGLE_BYTE = {"latin1", "ascii", "koi8r", "koi8u", "tis620", "kz1048", "ptcp154"}


def _reads_as_western(data: bytes) -> bool:
    """The bytes decode as cp1252, and the letters that are not ASCII are few (under 30 %): a
    Western European text, not a Cyrillic or Greek one read through the wrong code page."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(1 for c in letters if ord(c) > 127) < 0.3 * len(letters)


def detect_encoding(sample: bytes) -> str:
    """The codec to decode ``sample`` (the start of a file) with.

    BOMs first; then strict UTF-8 (tolerating a character cut at the end of the sample); then
    GB18030 when it decodes cleanly and yields Chinese text (Excel's "CSV" on a Chinese Windows
    is GBK, which GB18030 contains); then charset-normalizer's best guess.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample[1:4:2] == b"\x00\x00" and sample[0:4:2] != b"\x00\x00":
        return "utf-16-le"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 3 and e.reason.startswith("unexpected end"):
            return "utf-8"
    # a sample cut mid-character must not decide: decode up to its last line break
    whole_lines = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        text = whole_lines.decode("gb18030")
        if _CJK.search(text):
            return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(whole_lines).best()
    if best is None:
        return "cp1252" if _reads_as_western(whole_lines) else "latin-1"
    enc = best.encoding.lower().replace("_", "")
    if enc in _CHINESE_CODECS:
        return "gb18030"
    if enc in _SINGLE_BYTE or enc.startswith(("cp12", "iso8859", "mac", "latin", "windows12")):
        # Excel on a Western Windows saves cp1252; a guess of cp1250 (Portuguese) or cp1256
        # (French) is charset-normalizer choosing among look-alikes. cp1252 unless the text
        # would be mostly accented letters (Cyrillic or Greek bytes read as Latin).
        if enc != "cp1252" and _reads_as_western(whole_lines):
            return "cp1252"
    return best.encoding


def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode a whole text file; a byte the detected codec cannot read is an error, not a '?'."""
    encoding = detect_encoding(data[: 1 << 20])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReadError(
            f"{file_name}: line {line} has bytes that are not valid {encoding}; "
            "save the file again as UTF-8 (or GBK) and re-import", "encoding"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding


def sniff_delimiter(text_head: str, suffix: str) -> str:
    """The delimiter that splits the first lines most consistently (tab for .tsv)."""
    if suffix == ".tsv":
        return "\t"
    lines = [ln for ln in text_head.splitlines()[:60] if ln.strip()]
    best, best_score = ",", -1.0
    for d in (",", "\t", ";", "|"):
        counts = Counter(ln.count(d) for ln in lines)
        counts.pop(0, None)
        if not counts:
            continue
        width, freq = counts.most_common(1)[0]
        score = freq * (1 + min(width, 50) / 100)
        if score > best_score:
            best, best_score = d, score
    return best


# -- cells to text ---------------------------------------------------------------------------


def _cell_text(v: object) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v != v:
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ") if (v.hour or v.minute or v.second or v.microsecond) else v.date().isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    return str(v)


_DATE_CELLS = frozenset({datetime, date})
_TEXT_CELLS = frozenset({str, type(None)})
_NONE = type(None)


def _iso_text(stamps: np.ndarray, unit: str) -> np.ndarray:
    """``datetime64`` values as ISO 8601 ``str`` objects, a space between date and time."""
    text = np.datetime_as_string(stamps, unit=unit)  # type: ignore[call-overload]
    if unit != "D" and len(text):
        text.view(np.uint32).reshape(len(text), -1)[:, 10] = ord(" ")  # 'T' -> ' '
    return text.astype(object)


def _datetimes_text(values: np.ndarray) -> np.ndarray:
    """``datetime`` cells as :func:`_cell_text` writes them: the date alone at midnight, else
    date and time, with microseconds only when there are some."""
    stamps = pa.array(values, type=pa.timestamp("us")).to_numpy()
    ticks = stamps.view(np.int64)
    micro = ticks % 1_000_000 != 0
    midnight = ticks % 86_400_000_000 == 0
    seconds = ~(micro | midnight)
    out = np.empty(len(values), dtype=object)
    out[midnight] = _iso_text(stamps[midnight].astype("datetime64[D]"), "D")
    out[seconds] = _iso_text(stamps[seconds], "s")
    out[micro] = _iso_text(stamps[micro], "us")
    return out


def _floats_text(values: np.ndarray) -> np.ndarray:
    """``float`` cells as :func:`_cell_text` writes them: whole numbers without a decimal
    point, others as ``repr``, NaN empty."""
    numbers = values.astype(np.float64)
    whole = (np.floor(numbers) == numbers) & (np.abs(numbers) < 1e15)
    out = np.empty(len(values), dtype=object)
    out[whole] = numbers[whole].astype(np.int64).astype(str).astype(object)
    rest = ~whole & (numbers == numbers)
    out[rest] = [repr(v) for v in numbers[rest].tolist()]
    return out


def _column_text(values) -> tuple[np.ndarray, int | None]:
    """One column's cells (a sequence or object array) as :func:`_cell_text` gives them.

    Also returns, for a column holding real date cells, the index of its last cell that is
    neither empty nor a date (-1 when there is none); None for other columns.
    """
    values = values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
    text, is_date = _cells_text(values)
    if not is_date.any():
        return text, None
    rest = np.flatnonzero(~is_date & (text != None))  # noqa: E711 - elementwise
    return text, int(rest[-1]) if len(rest) else -1


def _cells_text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells (an object array of any shape) as :func:`_cell_text` gives them, and where the
    real date cells are.

    Each kind of cell in one vectorised step over all of them: text, real dates and times
    (through Arrow and numpy's ISO formatting), numbers (a whole number one parser returns as
    ``int`` written as the other returns it, a ``float``); only rarer kinds (booleans, times,
    durations) cell by cell. One pass over the whole sheet, not one per column: a row of
    16,384 cells costs what 16,384 cells cost.
    """
    shape = values.shape
    flat = values.reshape(-1)
    kinds = set(map(type, flat))
    col = flat.copy()
    is_date = np.zeros(len(flat), dtype=bool)
    if kinds <= _TEXT_CELLS:
        col[col == ""] = None
        return col.reshape(shape), is_date.reshape(shape)
    types = np.fromiter(map(type, flat), dtype=object, count=len(flat))
    for kind in kinds:
        if kind is _NONE:
            continue
        where = types == kind
        if kind is str:
            col[where & (flat == "")] = None
        elif kind is datetime:
            col[where] = _datetimes_text(flat[where])
            is_date |= where
        elif kind is date:
            days = pa.array(flat[where], type=pa.date32()).to_numpy(zero_copy_only=False)
            col[where] = _iso_text(days.astype("datetime64[D]"), "D")
            is_date |= where
        elif kind is float or kind is int:
            col[where] = _floats_text(flat[where])
        else:
            col[where] = [_cell_text(v) for v in flat[where]]
    return col.reshape(shape), is_date.reshape(shape)


def _grid(file_name: str, sheet: str, text: np.ndarray, is_date: np.ndarray,
          row_numbers: np.ndarray, column_numbers: np.ndarray) -> Grid:
    """The :class:`Grid` of a sheet's cells as text (a 2-D object array of ``str``/``None``),
    without its all-empty lines and columns: what is left is what the sheet holds, each line
    with its row number and each column labelled by its place in the sheet (0 for A)."""
    filled = text != None  # noqa: E711 - elementwise
    rows, columns = filled.any(axis=1), filled.any(axis=0)
    if not (rows.all() and columns.all()):
        keep = np.ix_(rows, columns)  # one copy of what is kept
        text, is_date = text[keep], is_date[keep]
        row_numbers, column_numbers = row_numbers[rows], column_numbers[columns]
    dates: dict[int, int] = {}
    date_columns = np.flatnonzero(is_date.any(axis=0))
    if len(date_columns):
        rest = ~is_date[:, date_columns] & (text[:, date_columns] != None)  # noqa: E711
        # the last line of each column holding something other than a date, -1 for none
        last = len(text) - 1 - np.argmax(rest[::-1], axis=0)
        last[~rest.any(axis=0)] = -1
        dates = {int(c): int(v) for c, v in zip(date_columns, last)}
    cells = pd.DataFrame(text, columns=pd.Index(column_numbers.astype(np.int64)), dtype=object, copy=False)
    return Grid(file_name, sheet, cells, row_numbers.astype(np.int64), date_cells_after=dates)


def _dense_grid(file_name: str, sheet: str, rows: Sequence[Sequence[object]]) -> Grid:
    """A sheet the parser laid out whole, from A1 (``to_python(skip_empty_area=False)``)."""
    width = max(map(len, rows), default=0)
    if rows and min(map(len, rows)) != width:
        rows = [r if len(r) == width else [*r, *([None] * (width - len(r)))] for r in rows]
    table = np.empty((len(rows), width), dtype=object)
    table[:] = rows
    text, is_date = _cells_text(table)
    return _grid(file_name, sheet, text, is_date, np.arange(1, len(rows) + 1), np.arange(width))


def _sparse_grid(file_name: str, sheet: str, rows: np.ndarray, columns: np.ndarray,
                 values: np.ndarray, max_cells: int) -> Grid:
    """A sheet from its cells alone: 1-based row and column numbers and the values there.

    Only the lines and columns holding a value are laid out, so A1 and XFD1220 make a grid of
    two lines and two columns; refused when those lines times those columns (the table the
    sheet's values make) pass ``max_cells``.
    """
    text, is_date = _cells_text(values)
    held = text != None  # noqa: E711 - elementwise
    text, is_date, rows, columns = text[held], is_date[held], rows[held], columns[held]
    line_numbers, line = np.unique(rows, return_inverse=True)
    column_numbers, column = np.unique(columns, return_inverse=True)
    size = len(line_numbers) * len(column_numbers)
    if size > max_cells:
        where = f"{sheet} ({len(line_numbers):,} × {len(column_numbers):,})"
        raise ReadError(
            f"{file_name}: sheet {sheet} holds values in {len(line_numbers):,} rows and "
            f"{len(column_numbers):,} columns, {size:,} cells as a table, more than the {max_cells:,} "
            "allowed; split the sheet and try again", "too_many_cells", where=where, cells=size,
            limit=max_cells)
    table = np.full((len(line_numbers), len(column_numbers)), None, dtype=object)
    dates = np.zeros(table.shape, dtype=bool)
    table[line, column] = text
    dates[line, column] = is_date
    return _grid(file_name, sheet, table, dates, line_numbers, column_numbers - 1)


def _sparse_sheets(data: bytes, parts: frozenset[str]) -> dict[str, Any]:
    """The sheets stored in ``parts`` (by name), each a function returning its cells as
    arrays of row numbers, column numbers and values.

    openpyxl's worksheet parser yields the cells a sheet's XML holds, with the dates its styles
    make, without laying out the rectangle between them (python-calamine would: A1 and XFD1220
    are 20 million cells to it); it costs more per cell, so only sheets far sparser than their
    used range are read so (``analytics.filecheck`` decides which).
    """
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def cells(ws: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            found = [c for _, row in parser.parse() for c in row if c["value"] is not None]
        rows = np.fromiter(map(itemgetter("row"), found), dtype=np.int64, count=len(found))
        columns = np.fromiter(map(itemgetter("column"), found), dtype=np.int64, count=len(found))
        values = np.empty(len(found), dtype=object)
        values[:] = list(map(itemgetter("value"), found))
        return rows, columns, values

    return {ws.title: partial(cells, ws) for ws in book.worksheets
            if getattr(ws, "_worksheet_path", None) in parts}


def object_frame(columns: dict[int, np.ndarray]) -> pd.DataFrame:
    """A frame of ``str``/``None`` cells (pandas would otherwise infer its own string dtype
    and turn empty cells into NaN)."""
    return pd.DataFrame(columns, dtype=object)


# -- readers ---------------------------------------------------------------------------------


def read_path(path: str | Path, file_name: str | None = None, *, max_cells: int | None = None) -> list[Grid]:
    """Every sheet of the file at ``path`` (see :func:`read_bytes`); large UTF-8 text lazily."""
    path = Path(path)
    name = file_name or path.name
    try:
        if path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size >= LAZY_MIN_BYTES:
            lazy = _lazy_text(path, name)
            if lazy is not None:
                return [lazy]
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{name}: no such file") from None
    except OSError as e:
        raise ReadError(f"{name}: cannot be read ({e.strerror})") from None
    return read_bytes(data, name, max_cells=max_cells)


def read_bytes(data: bytes, file_name: str, *, max_cells: int | None = None,
               sparse_cells: int | None = None) -> list[Grid]:
    """Every sheet of a workbook, or the one table of a text file, as grids.

    The bytes pass :func:`analytics.filecheck.check_workbook` first, which also decides by
    content whether they are a workbook or text (an .xlsx renamed .xls, or a workbook saved as
    .csv, is read for what it is). ``max_cells`` caps the cells a workbook may span and
    ``sparse_cells`` those of a sheet read cell by cell (defaults: the settings). Raises
    :class:`ReadError`, never a parser's own exception.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in EXCEL_SUFFIXES and suffix not in TEXT_SUFFIXES:
        raise ReadError(
            f"{file_name}: {suffix or 'files without an extension'} is not supported; "
            f"use one of {', '.join(SUPPORTED)}", "unsupported"
        )
    if not data:
        raise ReadError(f"{file_name}: the file is empty", "empty")
    workbook = check_workbook(file_name, data, suffix, max_cells=max_cells, sparse_cells=sparse_cells)
    if workbook is not None:
        return _read_workbook(data, file_name, suffix, workbook.sparse_parts, max_cells)
    return [_read_text(data, file_name, suffix)]


def _read_workbook(data: bytes, file_name: str, suffix: str, sparse_parts: frozenset[str] = frozenset(),
                   max_cells: int | None = None) -> list[Grid]:
    """Every sheet of a workbook: laid out whole by python-calamine, or, for a sheet stored in
    one of ``sparse_parts``, read cell by cell (:func:`_sparse_sheets`)."""
    from python_calamine import CalamineWorkbook

    limit = SETTINGS.max_workbook_cells if max_cells is None else max_cells
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sparse = _sparse_sheets(data, sparse_parts) if sparse_parts else {}
    except _FATAL:
        raise
    except BaseException as e:  # noqa: BLE001 - see _parser_error
        raise _parser_error(e, data, file_name, suffix) from None
    grids = []
    for sheet_name in wb.sheet_names:
        try:
            if sheet_name in sparse:
                rows, columns, values = sparse[sheet_name]()
                grid = _sparse_grid(file_name, sheet_name, rows, columns, values, limit)
            else:
                laid_out = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
                grid = _dense_grid(file_name, sheet_name, laid_out)
        except (*_FATAL, ReadError):
            raise
        except BaseException as e:  # noqa: BLE001 - see _parser_error
            raise _parser_error(e, data, file_name, suffix, sheet_name) from None
        grids.append(grid)
    return grids


def _parser_error(exc: BaseException, data: bytes, file_name: str, suffix: str,
                  sheet: str | None = None) -> ReadError:
    """The ReadError for whatever python-calamine raised.

    Calamine raises several exception types for damaged files, and a Rust panic inside it
    arrives as pyo3's PanicException, which derives from BaseException, not Exception; either
    way the user gets one sentence instead of a traceback.
    """
    where = f"{file_name}: sheet {sheet}" if sheet is not None else file_name
    if isinstance(exc, MemoryError):
        return ReadError(f"{where} is too large to read in the memory available; split it and try again",
                         "memory")
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return password_error(file_name)
    if sheet is not None:
        return ReadError(f"{where} is damaged and cannot be read", "damaged")
    if data.startswith(CFB_MAGIC) and suffix in {".xlsx", ".xlsm"}:
        # Excel saves an encrypted .xlsx as an OLE2 container; one it cannot read as a legacy
        # workbook either is locked in a way that left no marker, or broken
        return ReadError(f"{file_name} cannot be opened: it is an OLE2 container, not an .xlsx zip, so it "
                         "is password-protected (encrypted) or damaged; remove the password in Excel "
                         "(File > Info > Protect Workbook) or save it again, and import it again", "damaged")
    return ReadError(f"{file_name} is damaged or not a workbook: it cannot be opened", "damaged")


def _read_text(data: bytes, file_name: str, suffix: str) -> Grid:
    text, encoding = decode(data, file_name)
    if "\x00" in text:
        raise ReadError(f"{file_name} contains NUL bytes: it is not a text table (a binary file renamed {suffix}?)")
    delimiter = sniff_delimiter(text[:200_000], suffix)
    try:
        head_rows = list(csv.reader(io.StringIO(text[:200_000], newline=""), delimiter=delimiter))[:200]
        width = max((len(r) for r in head_rows), default=1)
        try:
            frame = pd.read_csv(
                io.StringIO(text, newline=""), sep=delimiter, header=None, names=range(width), dtype=str,
                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
                quotechar='"', doublequote=True,
            )
        except (pd.errors.ParserError, ValueError):
            # ragged rows wider than the first lines: the tolerant reader, padded to the widest
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            width = max((len(r) for r in rows), default=1)
            frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    except (csv.Error, pd.errors.ParserError, ValueError) as e:
        raise ReadError(f"{file_name} cannot be read as delimited text ({e})") from None
    except pd.errors.EmptyDataError:
        raise ReadError(f"{file_name} holds no rows") from None
    columns = {}
    for i, c in enumerate(frame.columns):
        values = np.array(frame[c].to_numpy(dtype=object, na_value=None), dtype=object, copy=True)
        values[values == ""] = None
        columns[i] = values
    frame = object_frame(columns)
    return Grid(file_name, None, frame, np.arange(1, len(frame) + 1), encoding)


def _lazy_text(path: Path, name: str) -> Grid | None:
    """The first records of a large UTF-8 file, with a LazyCsv for the rest; None when the
    file has blank lines between records (DuckDB would drop them and row numbers would drift)
    or is not UTF-8: those take the exact, slower route."""
    import mmap

    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        head_bytes = mm[: 1 << 20]
        if detect_encoding(head_bytes) not in ("utf-8", "utf-8-sig"):
            return None
        if _BLANK_LINE.search(mm):
            return None
    head_text = head_bytes[: head_bytes.rfind(b"\n") + 1].decode("utf-8", errors="strict")
    if head_text.startswith("\ufeff"):
        head_text = head_text[1:]
    delimiter = sniff_delimiter(head_text, path.suffix.lower())
    reader = csv.reader(io.StringIO(head_text), delimiter=delimiter)
    records, line_after = [], []
    for record in reader:
        records.append(record)
        line_after.append(reader.line_num)
        if len(records) >= HEAD_RECORDS:
            break
    width = max((len(r) for r in records), default=1)
    columns = {}
    for i in range(width):
        values = np.array([(r[i] if i < len(r) else "") for r in records], dtype=object)
        values[values == ""] = None
        columns[i] = values
    frame = object_frame(columns)
    return Grid(name, None, frame, np.arange(1, len(frame) + 1), "utf-8",
                LazyCsv(path, delimiter, width, tuple(line_after)))


#: Translation key of each ``ReadError.code``; other codes show the reader's own sentence
#: inside ``explore.upload.read_error``. Both the import and the Explore page word refusals so.
_REFUSAL_KEYS: dict[str, str] = {
    "password": "explore.upload.password",
    "zip_bomb": "explore.upload.bomb",
    "too_many_cells": "explore.upload.too_many_cells",
    "too_sparse": "explore.upload.too_sparse",
    "too_many_columns": "explore.upload.too_many_columns",
    "bad_reference": "explore.upload.bad_reference",
    "bad_count": "explore.upload.bad_count",
    "not_a_workbook": "explore.upload.corrupt",
    "damaged": "explore.upload.corrupt",
    "renamed_text": "explore.upload.text_as_workbook",
    "memory": "explore.upload.memory",
    "empty": "explore.upload.empty_file",
}


def refusal(error: ReadError, file_name: str) -> tuple[str, dict[str, object]]:
    """The translation key and parameters that say why ``file_name`` cannot be read."""
    key = _REFUSAL_KEYS.get(error.code)
    if key == "explore.upload.too_many_cells":
        return key, {"file": file_name, "where": error.details["where"],
                     "cells": error.details["cells"], "limit": error.details["limit"]}
    if key == "explore.upload.too_sparse":
        return key, {"file": file_name, "where": error.details["where"], "cells": error.details["cells"],
                     "span": error.details["span"], "limit": error.details["limit"]}
    if key == "explore.upload.bad_reference":
        return key, {"file": file_name, "where": error.details["where"],
                     "reference": error.details["reference"]}
    if key == "explore.upload.bad_count":
        return key, {"file": file_name, "where": error.details["where"],
                     "count": error.details["count"]}
    if key == "explore.upload.too_many_columns":
        return key, {"file": file_name, "columns": error.details["columns"],
                     "limit": error.details["limit"]}
    if key is not None:
        return key, {"file": file_name}
    text = str(error)
    detail = text.split(": ", 1)[1] if text.startswith(file_name + ": ") else text
    return "explore.upload.read_error", {"file": file_name, "detail": detail}
