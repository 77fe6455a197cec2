"""Uploads on the Explore page: every refusal names the file; nothing hostile reaches a parser."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics import explore, filecheck, readers, workers
from analytics.explore import UploadRefused, load_upload, run_sql
from analytics.settings import Settings

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def refused(name: str, data: bytes, **kw: object) -> UploadRefused:
    with pytest.raises(UploadRefused) as info:
        load_upload(name, data, **kw)
    error = info.value
    assert Path(name).name in error.message("en") and Path(name).name in error.message("zh")
    return error


@pytest.fixture()
def parsers_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """For files that must be refused before any workbook parser sees them.

    The parsing runs in this process here (a worker would not see the patches below).
    """

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(workers, "run", lambda fn, *a, limits, settings=None, **k: fn(*a, **k))
    monkeypatch.setattr(readers, "_read_workbook", boom)
    monkeypatch.setattr(readers, "_read_text", boom)


# ----------------------------------------------------------------------------- happy paths


def test_every_sheet_becomes_a_named_table() -> None:
    data = xlsx_bytes({
        "Sheet1": [["Title of the report"], [], ["客户", "金额", "日期"], ["华为", 10, "2025-03-05"],
                   ["ACME", 2.5, "2025-04-01"]],
        "Raw Data": [["id", "code"], [1, "007"], [2, "010"]],
        "Empty": [],
    })
    out = load_upload("Sales 2025.xlsx", data)
    assert list(out) == ["sales_2025__sheet1", "sales_2025__raw_data"]
    first = out["sales_2025__sheet1"]
    assert list(first.columns) == ["客户", "金额", "日期"]
    assert first.attrs == {"file": "Sales 2025.xlsx", "sheet": "Sheet1", "header_row": 3}
    assert explore.column_kind(first["金额"]) == "number"
    assert explore.column_kind(first["日期"]) == "date"
    second = out["sales_2025__raw_data"]
    assert explore.column_kind(second["id"]) == "integer"
    assert second["code"].tolist() == ["007", "010"]  # leading zeros kept as text


def test_names_are_deduplicated_against_session_and_portfolio() -> None:
    data = b"a,b\n1,2\n"
    assert list(load_upload("projects.csv", data)) == ["projects_2"]
    assert list(load_upload("data.csv", data, taken=["data", "DATA_2"])) == ["data_3"]
    assert list(load_upload("2025 销售.csv", data)) == ["t_2025_销售"]
    assert list(load_upload("select.csv", data)) == ["select_t"]
    assert list(load_upload("../../etc/passwd.csv", data)) == ["passwd"]


def test_csv_gbk_and_tsv() -> None:
    gbk = "客户,满意度\n华为,5\n中兴,4\n".encode("gb18030")
    df = load_upload("survey.csv", gbk)["survey"]
    assert df["客户"].tolist() == ["华为", "中兴"] and df["满意度"].tolist() == [5, 4]
    tsv = load_upload("x.tsv", b"a\tb\n1\t2\n")["x"]
    assert list(tsv.columns) == ["a", "b"]


def test_column_names_unique_ignoring_case() -> None:
    df = load_upload("c.csv", b"Name,name,,x\n1,2,3,4\n")["c"]
    assert len({c.lower() for c in df.columns}) == 4
    assert run_sql({"c": df}, "SELECT * FROM c").shape == (1, 4)


@pytest.mark.skipif(not REALDATA.is_dir(), reason="the shared realdata folder is not present next to the repo")
def test_real_wjx_xlsx_export() -> None:
    out = load_upload("data_readable.xlsx", (REALDATA / "data_readable.xlsx").read_bytes())
    assert list(out) == ["data_readable__sheet1"]
    df = out["data_readable__sheet1"]
    assert df.shape == (204, 9)
    assert df["序号"].min() == 2 and explore.column_kind(df["序号"]) == "integer"
    assert df["提交答卷时间"].isna().all()  # empty metadata column kept, not dropped
    gender = next(c for c in df.columns if c.startswith("Q1("))
    counts = run_sql(out, f'SELECT "{gender}" AS g, count(*) AS n FROM data_readable__sheet1 GROUP BY 1')
    assert counts["n"].sum() == 204
    prof = explore.profile(df)
    assert prof.set_index("column").loc["序号", "non_null"] == 204


@pytest.mark.skipif(not REALDATA.is_dir(), reason="the shared realdata folder is not present next to the repo")
def test_real_wjx_legacy_xls_export() -> None:
    path = REALDATA / "[问卷星数据]800_800_0.xls"
    out = load_upload(path.name, path.read_bytes())
    assert list(out) == ["问卷星数据_800_800_0__sheet1"]
    df = out["问卷星数据_800_800_0__sheet1"]
    assert df.shape == (800, 14)
    assert "3、性别" in df.columns  # trailing space of the header trimmed
    assert df["6、兴趣爱好"].str.contains("┋").any()
    res = run_sql(out, 'SELECT "3、性别" AS g, count(*) AS n FROM 问卷星数据_800_800_0__sheet1 GROUP BY 1 ORDER BY 1')
    assert res["n"].sum() == 800


# ----------------------------------------------------------------------------- refusals


def test_size_cap_is_a_setting() -> None:
    small = replace(Settings(), upload_cap_mb=1)
    data = b"a,b\n" + b"1,2\n" * 300_000  # about 1.2 MB
    error = refused("big.csv", data, settings=small)
    assert error.key == "explore.upload.too_big" and "1 MB" in error.message("en")
    assert load_upload("big.csv", data, settings=Settings())  # the default cap lets it through


def test_unsupported_type_and_empty_file() -> None:
    assert refused("notes.pdf", b"%PDF-1.4").key == "explore.upload.type"
    assert refused("noext", b"a,b").key == "explore.upload.type"
    assert refused("empty.csv", b"").key == "explore.upload.empty_file"
    assert refused("blank.csv", b"\n\n ,\n").key == "explore.upload.no_data"
    assert refused("sheets.xlsx", xlsx_bytes({"A": [], "B": []})).key == "explore.upload.no_data"


def fake_encrypted_workbook() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 container, not a zip."""
    header = CFB_MAGIC + b"\x00" * 16 + struct.pack("<HH", 0x3E, 0x03) + b"\xfe\xff" + b"\x00" * 482
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 2048


def test_password_protected_workbook(parsers_must_not_run: None) -> None:
    error = refused("budget.xlsx", fake_encrypted_workbook())
    assert error.key == "explore.upload.password"
    assert "password-protected" in error.message("en") and "密码" in error.message("zh")
    assert refused("budget.xls", fake_encrypted_workbook()).key == "explore.upload.password"


def test_ole_container_that_is_not_a_workbook() -> None:
    data = CFB_MAGIC + b"\x00" * 4096
    error = refused("odd.xlsx", data)
    assert error.key in {"explore.upload.corrupt", "explore.upload.read_error"}


def test_text_renamed_to_xlsx(parsers_must_not_run: None) -> None:
    assert refused("export.xlsx", "客户,金额\n华为,1\n".encode()).key == "explore.upload.text_as_workbook"
    assert refused("export.xls", b"<html><table><tr><td>1</td></tr></table></html>").key == \
        "explore.upload.text_as_workbook"


def test_corrupt_workbooks() -> None:
    good = xlsx_bytes({"S": [["a"], [1]]})
    assert refused("half.xlsx", good[: len(good) // 2]).key == "explore.upload.corrupt"
    assert refused("random.xlsx", bytes(range(256)) * 8).key == "explore.upload.corrupt"
    # a valid zip that is no workbook
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert refused("notes.xlsx", buf.getvalue()).key == "explore.upload.corrupt"
    # a zip with workbook parts full of garbage
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("xl/workbook.xml", "\x00garbage")
    error = refused("broken.xlsx", buf.getvalue())
    assert error.key in {"explore.upload.corrupt", "explore.upload.read_error"}


def zip_with_member(name: str, payload: bytes, *, declared_size: int | None = None) -> bytes:
    """A zip whose member ``name`` inflates to ``payload``, optionally lying about its size."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = deflater.compress(payload) + deflater.flush()
    size = len(payload) if declared_size is None else declared_size
    crc = zlib.crc32(payload)
    out = io.BytesIO()
    entries = []
    for member, data, usize, ucrc in (
        ("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], 8, zlib.crc32(b"<Types/>")),
        (name, packed, size, crc),
    ):
        offset = out.tell()
        raw_name = member.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, ucrc, len(data), usize,
                              len(raw_name), 0))
        out.write(raw_name + data)
        entries.append((raw_name, data, usize, ucrc, offset))
    cd_start = out.tell()
    for raw_name, data, usize, ucrc, offset in entries:
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, ucrc, len(data),
                              usize, len(raw_name), 0, 0, 0, 0, 0, offset))
        out.write(raw_name)
    cd_size = out.tell() - cd_start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), cd_size, cd_start, 0))
    return out.getvalue()


def test_zip_bomb_by_declared_size(parsers_must_not_run: None) -> None:
    # 2 GB claimed by a file of a few hundred bytes: refused from the headers alone
    data = zip_with_member("xl/worksheets/sheet1.xml", b"<x/>", declared_size=2_000_000_000)
    assert refused("bomb.xlsx", data).key == "explore.upload.bomb"


def test_zip_bomb_with_forged_sizes_is_inflated_with_a_budget(
        parsers_must_not_run: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # headers claim 100 bytes; the stream really inflates to 64 MB of zeros
    monkeypatch.setattr(filecheck, "MAX_UNZIPPED_BYTES", 16 << 20)
    data = zip_with_member("xl/sharedStrings.xml", b"\x00" * (64 << 20), declared_size=100)
    assert len(data) < 200_000
    assert refused("forged.xlsx", data).key == "explore.upload.bomb"


def test_zip_bomb_by_ratio(parsers_must_not_run: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecheck, "RATIO_CHECK_MIN_BYTES", 1 << 20)
    data = zip_with_member("xl/sharedStrings.xml", b"a" * (8 << 20))
    assert refused("ratio.xlsx", data).key == "explore.upload.bomb"


def test_far_apart_cells_are_read_for_what_they_hold() -> None:
    """A1 and XFD1048576 span ~17e9 cells, which the parser would allocate (a process abort):
    the sheet is read cell by cell instead, so two cells make a table of two columns."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.active["XFD1048576"] = "y"
    out = io.BytesIO()
    wb.save(out)
    assert len(out.getvalue()) < 10_000
    (frame,) = load_upload("sparse.xlsx", out.getvalue()).values()
    assert list(frame.columns) == ["x", "column XFD"]
    assert frame["column XFD"].tolist() == ["y"] and frame["x"].isna().all()


def test_too_sparse_a_sheet_is_refused_before_parsing(parsers_must_not_run: None) -> None:
    """Spread past the cells a workbook may span, and holding more cells than may be read one
    by one: refused by the pre-parse scan, naming the range and both counts."""
    cells = "".join(f'<c r="{c}1"><v>1</v></c>' for c in "ABC")
    xml = (f'<worksheet><sheetData><row r="1">{cells}</row><row r="1048576">'
           '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>').encode()
    data = zip_with_member("xl/worksheets/sheet1.xml", xml)
    error = refused("spread.xlsx", data, settings=replace(Settings(), max_sparse_cells=3))
    assert error.key == "explore.upload.too_sparse"
    assert error.params["cells"] == 4 and error.params["span"] == 1_048_576 * 16_384
    assert "A1:XFD1048576" in error.message("en") and "A1:XFD1048576" in error.message("zh")


def test_csv_with_too_many_cells() -> None:
    small = replace(Settings(), max_workbook_cells=1000)
    assert refused("wide.csv", b",".join([b"x"] * 2000), settings=small).key == "explore.upload.too_many_cells"


def test_xls_extension_with_zip_content_is_read_by_content() -> None:
    out = load_upload("really_xlsx.xls", xlsx_bytes({"S": [["a"], [1]]}))
    assert list(out) == ["really_xlsx__s"]


# ----------------------------------------------------------------------------- session state


class FakeUpload:
    def __init__(self, file_id: str, name: str, data: bytes) -> None:
        self.file_id, self.name, self._data = file_id, name, data
        self.reads = 0

    def getvalue(self) -> bytes:
        self.reads += 1
        return self._data


def test_sync_uploads_mirrors_the_uploader() -> None:
    state: dict[str, object] = {}
    good = FakeUpload("1", "a.csv", b"x,y\n1,2\n")
    bad = FakeUpload("2", "b.xlsx", b"not a workbook")
    errors = explore.sync_uploads(state, [good, bad])
    assert [e.key for e in errors] == ["explore.upload.text_as_workbook"]
    assert list(state["explore_tables"]) == ["a"]
    explore.sync_uploads(state, [good, bad])
    assert good.reads == 1  # read once per file, not on every rerun
    explore.sync_uploads(state, [bad])
    assert state["explore_tables"] == {}
    assert explore.sync_uploads(state, None) == []
    assert state["explore_uploads"] == {}


def test_no_module_level_upload_storage() -> None:
    """Uploads live only in the session mapping handed in, never in module globals."""
    state: dict[str, object] = {}
    explore.sync_uploads(state, [FakeUpload("1", "secret.csv", b"k\nv\n")])
    for name, value in vars(explore).items():
        if isinstance(value, dict):
            assert not any(isinstance(v, pd.DataFrame) for v in value.values()), name


def test_used_range_is_checked_wherever_the_sheet_lives(parsers_must_not_run: None) -> None:
    """Relationships can put a sheet at any path, so every part of the archive is scanned."""
    cells = "".join(f'<c r="{c}1"><v>1</v></c>' for c in "ABCD")
    xml = (f'<worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>').encode()
    data = zip_with_member("elsewhere/data.xml", xml)
    small = replace(Settings(), max_workbook_cells=3)
    assert refused("moved.xlsx", data, settings=small).key == "explore.upload.too_many_cells"


@pytest.mark.parametrize("cell", [
    b'<c r="AAAA2">',       # four letters: the parser makes the sheet 18,279 columns wide
    b'<c r="aaa2">',        # lower case: 703 columns
    b'<c r="B12000000">',   # eight digits: 24 million cells
    b"<c r='XFD1048576'>",  # single quotes
    b'<c r = "XFD1048576">',  # spaces around =
    b'<c\tr="XFD1048576">',  # a tab instead of the space
    b'<c\nr="XFD1048576">',  # a line break
    b'<c s="1"\r\n r="XFD1048576">',  # after another attribute and a line break
    b'<c  r="XFD1048576">',  # two spaces
])
def test_references_the_used_range_scan_cannot_read_are_refused(
        parsers_must_not_run: None, cell: bytes) -> None:
    """Excel never writes these, but the parser accepts them and sizes the sheet by them."""
    xml = (b'<worksheet><sheetData><row r="2">' + cell
           + b'<v>1</v></c></row></sheetData></worksheet>')
    error = refused("odd.xlsx", zip_with_member("xl/worksheets/sheet1.xml", xml))
    assert error.key == "explore.upload.bad_reference"
    assert error.params["where"] == "sheet1" and error.params["reference"].startswith("r")
    assert "odd.xlsx could not be read safely" in error.message("en")


def test_an_odd_reference_at_the_very_end_of_a_part_is_seen(parsers_must_not_run: None) -> None:
    # past the last chunk's re-read tail: only the final check reads it
    xml = b'<worksheet><sheetData><row r="2"><c r="B12000000"/></row></sheetData></worksheet>'
    assert len(xml) > 64
    error = refused("tail.xlsx", zip_with_member("xl/worksheets/sheet1.xml", xml))
    assert error.key == "explore.upload.bad_reference"


@pytest.mark.parametrize("text", [b'<t>he said r="x" and\tr=\'y\'</t>', b'<t>r = "ZZZZ1"</t>'])
def test_reference_like_text_in_a_string_is_not_a_reference(text: bytes) -> None:
    """Only attributes of cell and row tags are references; a '<' in text is always escaped,
    so text between tags never looks like one to the check."""
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is>' + text
           + b'</is></c></row></sheetData></worksheet>')
    filecheck.check_workbook("text.xlsx", zip_with_member("xl/worksheets/sheet1.xml", xml), ".xlsx")



def test_header_and_footer_margins_are_not_references() -> None:
    # openpyxl writes <pageMargins ... header="0.3" footer="0.3"/>: those end in r= too
    out = load_upload("margins.xlsx", xlsx_bytes({"S": [["a"], [1]]}))
    assert list(out) == ["margins__s"]
