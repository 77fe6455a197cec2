"""Refuse hostile or unusable workbook bytes before any parser sees them.

Why checks of their own, ahead of the parser: python-calamine parses in Rust, and some inputs do
not fail politely. A few-KB .xlsx with one cell at XFD1048576 makes it allocate ~17e9 cells, and
that allocation failure aborts the whole process — there is no exception to catch. A zip whose
headers under-declare its members inflates to gigabytes. So the bytes are judged here, by
content rather than by name, with real decompression under a byte budget and a scan of every
part's used range. ``analytics.readers.read_bytes`` calls :func:`check_workbook`, so the
portfolio import and the Explore page are guarded alike.

Errors are :class:`ReadError`: ``str(e)`` is one English sentence naming the file, and ``code``
says why in a word a caller can translate. ``ReadError`` lives here, the lower layer, and
``analytics.readers`` re-exports it under its usual name.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .settings import SETTINGS

TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})

#: Zip bomb limits: total inflated size, inflated/compressed ratio of a large member, members.
MAX_UNZIPPED_BYTES = 1 << 30
MAX_ZIP_RATIO = 200
RATIO_CHECK_MIN_BYTES = 20 << 20
MAX_ZIP_MEMBERS = 10_000

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: a legacy .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
#: Stream names (UTF-16 in the OLE2 directory) Excel writes into a password-protected workbook.
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
#: A zip is a workbook when it has one of these parts: Office Open XML (xlsx, xlsm, xlsb) or ODF (ods).
_WORKBOOK_PARTS = frozenset({"[Content_Types].xml", "content.xml"})

#: Values of :attr:`ReadError.code`, so callers can map each to a message in their own language.
CODES = ("unsupported", "empty", "encoding", "password", "zip_bomb", "too_many_cells", "too_sparse",
         "too_many_columns",
         "not_a_workbook", "damaged", "bad_reference", "bad_count", "renamed_text", "memory", "unreadable")


class ReadError(Exception):
    """A file that cannot be read at all.

    ``str(e)`` is one sentence for the user (English; the import prints it as is). ``code`` is
    one of :data:`CODES`, so a page can show its own translation; ``details`` holds the figures
    the sentence quotes (``where``, ``cells``, ``limit`` for ``too_many_cells``).
    """

    def __init__(self, message: str, code: str = "unreadable", **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Workbook:
    """What the check found out about a workbook to parse: the zip parts (sheets) too sparse
    to lay out whole, which the reader reads cell by cell."""

    sparse_parts: frozenset[str] = frozenset()


def check_workbook(file_name: str, data: bytes, suffix: str, *, max_cells: int | None = None,
                   sparse_cells: int | None = None) -> Workbook | None:
    """Refuse bytes no workbook parser should see; a :class:`Workbook` when ``data`` is a
    workbook to parse, None when it is a text table.

    Decided by content, because names lie: an OLE2 container is a legacy workbook (refused when
    it holds Excel's encryption streams), a zip is a workbook whose members are inflated here
    under a byte budget and scanned for their used range, and anything else is text — a table
    when ``suffix`` is a text suffix (None), a renamed text file when it claims to be a workbook.
    ``max_cells`` caps the cells all sheets together may span, a sparse sheet counting its
    cells (default: the setting ``max_workbook_cells``); ``sparse_cells`` the cells a sheet too
    sparse to lay out may hold (default: ``max_sparse_cells``). Raises :class:`ReadError`.
    """
    limit = SETTINGS.max_workbook_cells if max_cells is None else max_cells
    if data.startswith(CFB_MAGIC):
        if any(marker in data for marker in _ENCRYPTED_MARKERS):
            raise password_error(file_name)
        _check_xls(file_name, data, limit)
        return Workbook()
    if data.startswith(ZIP_MAGIC):
        sparse_limit = SETTINGS.max_sparse_cells if sparse_cells is None else sparse_cells
        return Workbook(_check_zip(file_name, data, limit, min(sparse_limit, limit)))
    if suffix in TEXT_SUFFIXES:
        return None
    if looks_like_text(data):  # also the HTML tables some web apps save as .xls
        raise ReadError(
            f"{file_name} is not a real Excel workbook (it is a text file renamed to {suffix}); "
            "save it from Excel as .xlsx or rename it to .csv", "renamed_text")
    raise ReadError(f"{file_name} is not an Excel workbook: its content is neither a workbook nor text",
                    "not_a_workbook")


def looks_like_text(data: bytes) -> bool:
    """True when the start of ``data`` decodes as text (so a renamed CSV gets a precise message)."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            head.decode(codec)
            return True
        except UnicodeDecodeError as e:
            if e.start >= len(head) - 3:  # a character cut by the 4 KB window
                return True
    return False


def check_text_cells(file_name: str, data: bytes, max_cells: int | None = None, *,
                     max_columns: int | None = None) -> None:
    """Refuse a delimited file whose cell count (roughly: delimiters + lines) or width is past
    the limits.

    For callers that hold every cell of a text file in memory as a typed object (the Explore
    page). Text has no amplification beyond a constant factor, so the import leaves the cell
    count to the upload cap and streams large files through DuckDB instead; the width it
    checks too (:func:`check_text_width`).
    """
    limit = SETTINGS.max_workbook_cells if max_cells is None else max_cells
    delimiter = _likely_delimiter(data)
    estimate = data.count(delimiter) + data.count(b"\n") + 1
    if estimate > limit:
        raise _too_many_cells(file_name, file_name, estimate, limit)
    check_text_width(file_name, data, max_columns)


#: How much of a text file's start is read line by line for its widest line.
WIDTH_SAMPLE_BYTES = 4 << 20


def check_text_width(file_name: str, data: bytes, max_columns: int | None = None) -> None:
    """Refuse a delimited file with more columns than ``max_columns`` (default: the setting).

    Every column costs the readers and the import a fixed price whatever it holds, so a 20 MB
    line of ten million commas is refused here instead of being parsed into ten million
    columns. Judged by the widest line of the file's first 4 MB (a line longer than that counts
    what it holds so far) and by the average width of the whole file; a delimiter inside
    quotes counts too, which can only make the check stricter.
    """
    limit = SETTINGS.max_columns if max_columns is None else max_columns
    delimiter = _likely_delimiter(data)
    lines = max(1, data.count(b"\n") + (not data.endswith(b"\n")))
    widest = data.count(delimiter) // lines + 1
    if widest <= limit:
        head = data[:WIDTH_SAMPLE_BYTES]
        widest = max((line.count(delimiter) + 1 for line in head.split(b"\n")), default=1)
    if widest > limit:
        raise ReadError(f"{file_name} has {widest:,} columns, more than the {limit:,} allowed; "
                        "remove the unused columns (or split the file) and try again",
                        "too_many_columns", columns=widest, limit=limit)


def _likely_delimiter(data: bytes) -> bytes:
    head = data[:65536]
    counts = {d: head.count(d) for d in (b",", b"\t", b";", b"|")}
    return max(counts, key=lambda d: counts[d])


def password_error(file_name: str) -> ReadError:
    """The refusal of a password-protected workbook (also raised when the parser finds one)."""
    return ReadError(f"{file_name} is password-protected (encrypted); remove the password in Excel "
                     "(File > Info > Protect Workbook) and import it again", "password")


def _bomb(file_name: str) -> ReadError:
    return ReadError(f"{file_name} would unpack to far more data than a real workbook of its size "
                     "(a zip bomb), so it was not opened", "zip_bomb")


def _damaged(file_name: str) -> ReadError:
    return ReadError(f"{file_name} is damaged: the workbook cannot be opened", "damaged")


def _too_many_cells(file_name: str, where: str, cells: int, limit: int) -> ReadError:
    return ReadError(
        f"{file_name}: {where} spans {cells:,} cells, more than the {limit:,} allowed; delete the "
        "unused rows and columns (or split the file) and try again",
        "too_many_cells", where=where, cells=cells, limit=limit)


# --- zip workbooks: true inflated size and worksheet used range, before any parser runs -----

#: Cell (``r="XFD17"``) and row (``r="17"``) reference attributes. Matching the attribute
#: alone keeps the scan fast; a stray match elsewhere can only make the check stricter.
_REF = re.compile(rb' r="([A-Z]{0,3})([0-9]{1,7})"')
_REF_ROW_DIGITS = {n: re.compile(rb' r="[A-Z]{0,3}([0-9]{%d})"' % n) for n in range(1, 8)}
_REF_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]')
#: A reference attribute the scan above would not read: a value outside Excel's grid (lower
#: case, four letters, eight digits), a tab, line break or several spaces before ``r``,
#: spaces around its ``=`` or single quotes. Excel never writes one, yet the parser accepts
#: them and sizes the sheet by them, so a part that holds one is refused rather than read past
#: the used-range check. Odd values are looked for in the used-range search itself; odd forms
#: inside a cell or row start tag (``<c``, ``<row``, with or without a namespace prefix) by
#: one pattern, which cannot match text content, since a ``<`` in text is always escaped.
_CANONICAL = rb'[A-Z]{0,3}[0-9]{1,7}"'
#: A cell or row start tag up to a point: quoted values may hold '>' but never '<'.
_TAG_START = rb"<(?:[A-Za-z_][\w.\-]*:)?(?:c|row)(?=[\t\n\r ])(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?"
_ODD_VALUE = re.compile(_TAG_START + rb'[\t\n\r ]r="(?!' + _CANONICAL + rb')')
_ODD_VALUE_HINT = re.compile(rb' r="(?!' + _CANONICAL + rb')')
_ODD_FORM_TEXT = rb"(?:[\t\n\r ]r(?:[\t\n\r ]+=|=[\t\n\r ]+|=')|[\t\n\r][\t\n\r ]*r=|  +r=)"
_ODD_FORM = re.compile(_TAG_START + _ODD_FORM_TEXT)
#: What every odd form holds somewhere, found with cheap searches (a literal-led pattern and
#: byte finds) before a chunk is searched for the forms in cell and row tags.
_ODD_FORM_HINT = re.compile(rb"r(?:[\t\n\r ]+=|=[\t\n\r '])")
_ODD_FORM_BYTES = (b"\t", b"\n", b"\r", b"  ")


def _hint_before(pattern: re.Pattern[bytes], text: bytes, before: int) -> bool:
    """Whether ``pattern`` matches at a start before ``before``: a reference cut by the end of
    the chunk (read again, whole, with the next one) does not count."""
    match = pattern.search(text)
    return match is not None and match.start() < before


def _may_hold_odd_form(text: bytes, before: int) -> bool:
    return any(b in text for b in _ODD_FORM_BYTES) or _hint_before(_ODD_FORM_HINT, text, before)
#: Cell and row start tags, and those whose first attribute is the reference (Excel, openpyxl
#: and LibreOffice write it first; a reference written later counts as a cell without one,
#: which can only make the bound larger). A ``<`` in text is always escaped, so none of these
#: can match a cell's content.
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b"<c\t", b"<c\n", b"<c\r")
_CELL_REFS = (b'<c r="',)
_ROW_TAGS = (b"<row ", b"<row>", b"<row/>", b"<row\t", b"<row\n", b"<row\r")
_ROW_REFS = (b'<row r="',)
_PREFIX = rb"<[A-Za-z_][\w.\-]*:"
_PREFIXED_CELL = re.compile(_PREFIX + rb"c[\t\n\r />]")
_PREFIXED_CELL_REF = re.compile(_PREFIX + rb'c r="')
_PREFIXED_ROW = re.compile(_PREFIX + rb"row[\t\n\r />]")
_PREFIXED_ROW_REF = re.compile(_PREFIX + rb'row r="')
_INFLATE_CHUNK = 1 << 20
_TAIL = 4096  # longer than any cell or row start tag the scans look for


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s or "A"


def _above(value: str, lo: str, hi: str, longest: int) -> str:
    """A regex for strings over ``[lo-hi]`` that rank above ``value`` (longer ranks higher).

    Row numbers and column letters both order this way, so one search per chunk answers "is
    there any reference beyond the largest seen so far?" without collecting every reference.
    """
    size = len(value)
    branches = [f"[{lo}-{hi}]{{{size + 1},{longest}}}"] if size < longest else []
    for i, ch in enumerate(value):
        if ch < hi:
            rest = size - i - 1
            branches.append(re.escape(value[:i]) + f"[{chr(ord(ch) + 1)}-{hi}]"
                            + (f"[{lo}-{hi}]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(branches) + ")" if branches else "(?!)"


@dataclass
class _UsedRange:
    """The largest row and column referenced in one part's XML, fed chunk by chunk.

    Rows are normally written in order, so the last reference of a chunk is a good guess for
    its maximum; one regex search then confirms nothing in the chunk lies beyond the guess, and
    only when something does are the chunk's references collected exactly.
    """

    max_row: int = 0
    max_col: int = 0
    odd_reference: bytes | None = None  # the first reference the scan cannot read, if any
    #: cell start tags, those of them with a reference first, row start tags and those with
    #: a row number: a cell or row without one takes the place after the one before it
    cells: int = 0
    cell_refs: int = 0
    rows: int = 0
    row_refs: int = 0
    widest_row: int = 0  # the most cell tags one row holds, once a part has cells without r
    _open_row: int = 0  # cell tags of the row the last chunk ended inside
    _tail: bytes = b""

    def feed(self, chunk: bytes) -> None:
        # a reference split across two chunks is caught by re-reading the previous tail
        text = self._tail + chunk
        self._count_tags(text, len(self._tail))
        self._tail = text[-_TAIL:]
        before = len(text) - _TAIL  # the tail is read again with the next chunk
        if _may_hold_odd_form(text, before):
            self._look_for_odd(_ODD_FORM, text, before)
        pos = text.rfind(b' r="')
        last = _REF.match(text, pos) if pos >= 0 else None
        if last is None and pos > 0:  # the chunk ends inside a reference: take the one before
            pos = text.rfind(b' r="', 0, pos)
            last = _REF.match(text, pos) if pos >= 0 else None
        if last:
            self.max_row = max(self.max_row, int(last.group(2)))
            self.max_col = max(self.max_col, _col_number(last.group(1)))
        # possessive letters: a row number starts after all of them, so backtracking never helps
        row_above = rb'[A-Z]{0,3}+' + _above(str(self.max_row), "0", "9", 7).encode() + b'"'
        col_above = _above(_col_letters(self.max_col) if self.max_col else "", "A", "Z", 3).encode() + b"[0-9]"
        # one pass over the chunk for the usual answer, "nothing beyond the last reference"
        if not re.search(rb' r="(?:' + row_above + b"|" + col_above + rb"|(?!" + _CANONICAL
                         + b"))", text):
            return
        if _hint_before(_ODD_VALUE_HINT, text, before):
            self._look_for_odd(_ODD_VALUE, text, before)
        if re.search(rb' r="' + row_above, text):
            for digits in range(7, len(str(self.max_row)) - 1, -1):
                pattern = _REF_ROW_DIGITS[digits]
                if pattern.search(text):
                    # equal-length digit strings: the byte-wise maximum is the numeric one
                    self.max_row = max(self.max_row, int(max(pattern.findall(text))))
                    break
        if re.search(rb' r="' + col_above, text):
            self.max_col = max(self.max_col, max(map(_col_number, set(_REF_COLUMN.findall(text)))))

    def _count_tags(self, text: bytes, seen: int) -> None:
        """Count the tags ending in ``text`` after its first ``seen`` bytes (which the
        previous chunk counted): a count in the whole minus the count in that part."""
        head = text[:seen]

        def count(tags: tuple[bytes, ...], prefixed: re.Pattern[bytes]) -> int:
            n = sum(text.count(t) - head.count(t) for t in tags)
            if b":" in text:  # a namespace prefix (``<x:c``): rare, so searched only then
                n += len(prefixed.findall(text)) - len(prefixed.findall(head))
            return n

        cells, refs = count(_CELL_TAGS, _PREFIXED_CELL), count(_CELL_REFS, _PREFIXED_CELL_REF)
        self.cells += cells
        self.cell_refs += refs
        self.rows += count(_ROW_TAGS, _PREFIXED_ROW)
        self.row_refs += count(_ROW_REFS, _PREFIXED_ROW_REF)
        if cells > refs or self.cells > self.cell_refs:
            # cells placed one after another: how wide the widest row is bounds the sheet
            lines = text[seen:].split(b"row>")
            prefixed = b":" in text
            widths = [sum(line.count(t) for t in _CELL_TAGS)
                      + (len(_PREFIXED_CELL.findall(line)) if prefixed else 0) for line in lines]
            widths[0] += self._open_row
            self._open_row = widths[-1]
            self.widest_row = max(self.widest_row, *widths)

    def finish(self) -> None:
        """After the last chunk: the part's final bytes, which no next chunk re-reads."""
        for pattern in (_ODD_FORM, _ODD_VALUE):
            self._look_for_odd(pattern, self._tail, len(self._tail))

    def _look_for_odd(self, pattern: re.Pattern[bytes], text: bytes, before: int) -> None:
        # both patterns start at the whitespace or tag before the reference, so what they
        # match is an attribute (the check once looked one byte further back, and missed it)
        for odd in pattern.finditer(text):  # normally none at all
            if odd.start() >= before or self.odd_reference is not None:
                return
            reference = text[odd.start():odd.end() + 16]
            self.odd_reference = reference[reference.rfind(b"r", 0, odd.end() - odd.start()):].strip()

    @property
    def height(self) -> int:
        """At most the rows the parser places: the last row number, plus every row without one."""
        return self.max_row + max(self.rows - self.row_refs, 0)

    @property
    def width(self) -> int:
        """At most the columns the parser places: the last column named, plus the widest row
        when some cells name none (each takes the column after the cell before it)."""
        return self.max_col + (self.widest_row if self.cells > self.cell_refs else 0)

    @property
    def size(self) -> int:
        # Readers fill the grid from A1, so the area they allocate is height x width.
        return self.height * max(self.width, 1) if self.height else 0


def _check_zip(file_name: str, data: bytes, max_cells: int, sparse_cells: int) -> frozenset[str]:
    """Refuse zip bombs and oversized sheets by inflating each member with a byte budget; the
    parts too sparse to lay out whole (see :func:`_reads_sparse`).

    The sizes a zip's headers declare can be forged, so every member's deflate stream is inflated
    here (into a counter, not memory) and stopped as soon as the total passes the limit. Every
    part is scanned on the way for its largest cell reference and its cells, because the parser
    allocates the whole rectangle up to it; every part, not only ``xl/worksheets/``, since a
    workbook's relationships may place a sheet anywhere in the archive. A part whose rectangle is
    far larger than its cells is read cell by cell instead, so its cost is its cells: refused
    only when those are too many to read so.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # noqa: BLE001 - BadZipFile, struct errors, …
        raise _damaged(file_name) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _bomb(file_name)
    # what the headers declare already condemns most bombs, without inflating anything
    if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES or any(
            i.file_size > RATIO_CHECK_MIN_BYTES and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1)
            for i in infos):
        raise _bomb(file_name)
    names = {i.filename for i in infos}
    if "EncryptedPackage" in names:
        raise password_error(file_name)
    if not names & _WORKBOOK_PARTS:
        raise ReadError(f"{file_name} is a zip archive but not an Excel workbook; it cannot be opened",
                        "not_a_workbook")

    budget = MAX_UNZIPPED_BYTES
    total_cells = 0
    sparse: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise password_error(file_name)
        used = _UsedRange()
        inflated = 0
        head = b""
        ratio_cap = MAX_ZIP_RATIO * max(info.compress_size, 1)
        try:
            for chunk in _inflate(file_name, data, info):
                inflated += len(chunk)
                if inflated > budget or (inflated > RATIO_CHECK_MIN_BYTES and inflated > ratio_cap):
                    raise _bomb(file_name)
                used.feed(chunk)
                if len(head) < _SST_HEAD:
                    head += chunk[:_SST_HEAD]
        except zlib.error:
            raise _damaged(file_name) from None
        _check_string_count(file_name, info.filename, head, inflated)
        used.finish()
        if used.odd_reference is not None:
            ref = used.odd_reference.decode("ascii", "replace").split(">")[0]
            ref = " ".join(ref.split())  # a tab or line break shown as the space it stands for
            raise ReadError(f"{file_name} is damaged: {PurePath(info.filename).stem} holds a cell "
                            f"reference Excel never writes ({ref} …); save it again in Excel and "
                            "re-import", "bad_reference", where=PurePath(info.filename).stem,
                            reference=ref)
        budget -= inflated
        where = f"{PurePath(info.filename).stem} (A1:{_col_letters(used.width)}{used.height})"
        if _reads_sparse(used.size, used.cells, max_cells, sparse_cells):
            sparse.add(info.filename)
            total_cells += used.cells
        elif used.size > max_cells and SPARSE_RATIO * used.cells < used.size:
            # too spread out to lay out, and too many cells to read one by one
            raise _too_sparse(file_name, where, used.cells, used.size, sparse_cells)
        else:  # laid out whole: past the limit, its range is what is too large
            total_cells += used.size
        if total_cells > max_cells:
            raise _too_many_cells(file_name, where, used.size if info.filename not in sparse
                                  else used.cells, max_cells)
    return frozenset(sparse)


#: A sheet's used range up to this many cells is always laid out whole: cheaper than reading
#: its cells one by one, whatever it holds.
DENSE_CELLS = 1_000_000
#: A larger used range is read cell by cell when it is more than this many times the cells
#: the sheet holds.
SPARSE_RATIO = 8


def _reads_sparse(size: int, cells: int, max_cells: int, sparse_cells: int) -> bool:
    """Whether a part is read cell by cell (cost: its cells) rather than by laying out its
    used range (cost: the range, at a far lower price per cell)."""
    if cells > sparse_cells:
        return False
    return size > max_cells or (size > DENSE_CELLS and size > SPARSE_RATIO * cells)


def _too_sparse(file_name: str, where: str, cells: int, size: int, limit: int) -> ReadError:
    return ReadError(
        f"{file_name}: {where} holds {cells:,} cells spread over {size:,}; a sheet spread this "
        f"far may hold at most {limit:,} cells; delete the far-away cells (or split the file) and "
        "try again", "too_sparse", where=where, cells=cells, span=size, limit=limit)


# --- legacy .xls: the cells each sheet's BIFF records place, before any parser runs ---------

#: BIFF records the parser turns into cells, each starting with its row and column (u16 each).
_XLS_CELL_RECORDS = frozenset({
    0x0203,  # Number
    0x0204,  # Label
    0x00D6,  # RString
    0x0205,  # BoolErr
    0x027E,  # RK
    0x00FD,  # LabelSst
    0x0006,  # Formula
})
_XLS_MULRK = 0x00BD  # row, first column, …, last column (u16 at the end)
_XLS_DIMENSIONS = 0x0200  # the parser reserves rows x columns cells from it
_XLS_BOF, _XLS_EOF = 0x0809, 0x000A
_XLS_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")


def _check_xls(file_name: str, data: bytes, max_cells: int) -> None:
    """Refuse a legacy workbook whose records ask the parser for more cells than allowed.

    The parser places every cell record at the row and column it names (u16 each, so up to
    65,536 x 65,536) and fills the rectangle from A1 to the farthest one; it also reserves room
    for the rows x columns a DIMENSIONS record declares (u32 rows). One record at 0xFFFF/0xFFFF
    is a few bytes and asks for four billion cells, so every substream's records are walked
    here (a plain loop over record headers: cheap next to parsing) and sized the same way.
    A container without a workbook stream, or records that run past its end, are left to the
    parser, which refuses them as damaged.
    """
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        stream_name = next((n for n in _XLS_STREAMS if ole.exists(n)), None)
        stream = ole.openstream(stream_name).read() if stream_name else b""
    except Exception:  # noqa: BLE001 - olefile's errors for a damaged container
        raise _damaged(file_name) from None
    total = 0
    sheet = 0
    box_rows = box_cols = reserved = 0
    pos, end = 0, len(stream)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        kind, size = unpack("<HH", stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            break
        if kind in _XLS_CELL_RECORDS and size >= 4:
            row, col = unpack("<HH", stream, body)
            box_rows = max(box_rows, row + 1)
            box_cols = max(box_cols, col + 1)
        elif kind == _XLS_MULRK and size >= 6:
            row, = unpack("<H", stream, body)
            last, = unpack("<H", stream, pos - 2)
            box_rows = max(box_rows, row + 1)
            box_cols = max(box_cols, last + 1)
        elif kind == _XLS_DIMENSIONS and size in (10, 14):
            if size == 14:
                first_row, last_row, first_col, last_col = unpack("<IIHH", stream, body)
            else:
                first_row, last_row, first_col, last_col = unpack("<HHHH", stream, body)
            if first_col > 0xFF or last_col < first_col:
                first_col = 0
            reserved = max(reserved, max(last_row - first_row, 0) * max(last_col - first_col, 0))
        elif kind == _XLS_EOF:
            sheet_cells = max(box_rows * box_cols, reserved)
            total += sheet_cells
            if total > max_cells:
                where = f"sheet {sheet}" if box_rows * box_cols < reserved else \
                    f"sheet {sheet} (A1:{_col_letters(box_cols)}{box_rows})"
                raise _too_many_cells(file_name, where, sheet_cells, max_cells)
            sheet += 1
            box_rows = box_cols = reserved = 0


#: The shared-string table's declared size: the parser reserves room for that many strings
#: before reading one (24 bytes each), so uniqueCount="1000000000000" asks for 24 TB.
_SST_COUNT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst(?=[\t\n\r ])[^>]*?[\t\n\r ]uniqueCount"
                        rb"[\t\n\r ]*=[\t\n\r ]*[\"']([0-9]+)")
_SST_HEAD = 4096  # the table's start tag comes first in its part
#: Fewest bytes one shared string takes in the part (``<si><t/></si>``).
_MIN_STRING_BYTES = 9


def _check_string_count(file_name: str, part: str, head: bytes, inflated: int) -> None:
    """Refuse a shared-string table that declares more strings than its part could hold."""
    match = _SST_COUNT.search(head)
    if match is None:
        return
    declared = int(match.group(1))
    if declared > inflated // _MIN_STRING_BYTES + 1:
        raise ReadError(
            f"{file_name} is damaged: {PurePath(part).stem} declares {declared:,} shared texts but "
            f"holds room for at most {inflated // _MIN_STRING_BYTES + 1:,}; save it again in Excel "
            "and re-import", "bad_count", where=PurePath(part).stem, count=declared)


def _inflate(file_name: str, data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's real content in chunks, decompressed from its local header on.

    Read independently of the sizes in the headers, which a hostile file can forge.
    """
    offset = info.header_offset
    header = data[offset:offset + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise _damaged(file_name)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _INFLATE_CHUNK):
            yield bytes(raw[i:i + _INFLATE_CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:  # Excel only ever deflates
        raise _damaged(file_name)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pos = 0
    while pos < len(raw) or inflater.unconsumed_tail:
        if inflater.unconsumed_tail:
            chunk = inflater.decompress(inflater.unconsumed_tail, _INFLATE_CHUNK)
        else:
            chunk = inflater.decompress(bytes(raw[pos:pos + _INFLATE_CHUNK]), _INFLATE_CHUNK)
            pos += _INFLATE_CHUNK
        if chunk:
            yield chunk
        if inflater.eof:
            return


__all__ = ["CFB_MAGIC", "CODES", "MAX_UNZIPPED_BYTES", "MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO",
           "RATIO_CHECK_MIN_BYTES", "ReadError", "TEXT_SUFFIXES", "ZIP_MAGIC", "check_text_cells", "check_text_width",
           "Workbook", "check_workbook", "looks_like_text", "password_error"]
