"""Import a file into the store: find the header, detect the table, map headers, coerce, validate.

The flow for every sheet of a file::

    readers.Grid  ->  header row found below title rows  ->  table kind detected from headers
        ->  staged as text in DuckDB  ->  one SQL SELECT normalises every column
        ->  rejects (with row, column, reason) and folded versions split off
        ->  upsert into the canonical table, in one transaction per file

Normalising is set-based SQL (dates split by one regular expression and assembled in the
order decided once per column, see :mod:`analytics.dates`; CASE maps for vocabularies), not
Python loops over rows. For every sheet:
``rows_read = rows_imported + rows_folded + rows_rejected`` (blank rows are counted apart).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from . import dates, i18n, readers, status_history, store, vendors
from .messages import Message, sql_template
from .rows import one
from .schema import (
    VOCABULARIES,
    BOOLEAN_WORDS,
    OPEN_VOCABULARIES,
    SCORE_SCALES,
    TABLES,
    Table,
    alias_index,
    normalise_header,
    normalise_value,
    scale_hint,
    scale_sql,
    strip_hint,
    vocabulary_lookup,
)

Progress = Callable[[float, str], None]


def _part(say: Progress, base: float, span: float) -> Progress:
    """One sheet's progress as the part [base, base + span] of its file's."""
    return lambda fraction, text: say(base + span * fraction, text)


HEADER_SCAN_ROWS = 30
KEEP_AS_EXTRA = ""  # mapping value meaning "do not map this header"


class IngestError(Exception):
    """A file that cannot be used at all. ``str(e)`` is one English sentence for the user;
    ``e.text(lang)`` the same sentence in the reader's language."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, params)
        super().__init__(str(self.message))

    def text(self, lang: str) -> str:
        return self.message.text(lang)


# -- plans and reports -----------------------------------------------------------------------


@dataclass
class SheetPlan:
    """What the import would do with one sheet; the Data page shows and edits it."""

    file_name: str
    sheet: str | None
    table: str | None
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    missing_required: list[str]
    sample: pd.DataFrame
    rows: int
    message: Message | None = None
    grid: readers.Grid | None = field(default=None, repr=False)
    header_index: int = field(default=0, repr=False)
    prestaged: tuple[int, list[str]] | None = field(default=None, repr=False)
    nonblank: np.ndarray | None = field(default=None, repr=False)  # per grid line
    date_orders: list[dates.DateOrder] | None = field(default=None, repr=False)  # see date_preview
    vendor: str | None = None  # key of the source system recognised from the headers (analytics.vendors)

    @property
    def usable(self) -> bool:
        return self.message is None and self.table is not None


@dataclass
class SheetReport:
    sheet: str | None
    table: str | None
    batch_id: int | None = None
    header_row: int | None = None
    rows_read: int = 0
    rows_imported: int = 0
    rows_folded: int = 0
    ids_folded: int = 0
    rows_rejected: int = 0
    blank_rows: int = 0
    warnings: int = 0
    first_reasons: list[str] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    message: Message | None = None
    dates: list[dates.DateOrder] = field(default_factory=list)  # how each date column was read
    changes: store.Changes = field(default_factory=store.Changes)  # what it did to current rows


@dataclass
class FileReport:
    file_name: str
    sha256: str
    sheets: list[SheetReport]
    # set when nothing was imported because this very file was imported before, the same way
    message: Message | None = None

    @property
    def imported(self) -> int:
        return sum(s.rows_imported for s in self.sheets)


# -- header row and table detection ----------------------------------------------------------

_ALL_ALIASES = {t.name: alias_index(t) for t in TABLES.values()}
_ANY_ALIAS = {k for idx in _ALL_ALIASES.values() for k in idx}
_LOOKS_NUMERIC = re.compile(r"^[\s\d.,:/年月日+\-]*$")


def find_header_row(cells: pd.DataFrame, known: set[str] | None = None) -> int:
    """Index of the header line among the first lines of a grid.

    Title rows and merged banners hold one or two cells; data rows hold numbers and dates. The
    header is the line with the most word cells, with a strong bonus for known aliases (and the
    headers a mapping names) and a penalty for number or date cells. Ties go to the earlier line.
    """
    aliases = _ANY_ALIAS | {normalise_header(k) for k in (known or ())}
    # plain rows of the cell array: a row of a 16,384-column frame is not 16,384 lookups
    head = cells.head(HEADER_SCAN_ROWS).to_numpy(dtype=object)
    best, best_score = 0, float("-inf")
    for i, row in enumerate(head):
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if not texts:
            continue
        numeric = sum(1 for v in texts if _LOOKS_NUMERIC.match(v))
        hits = sum(1 for v in texts if normalise_header(v) in aliases
                   or normalise_header(strip_hint(v)) in aliases)
        score = 3 * hits + (len(texts) - numeric) - 2 * numeric + (1 if numeric == 0 else 0)
        if score > best_score:
            best, best_score = i, score
    return best


def clean_headers(raw: list[object], columns: Sequence[int] | None = None) -> list[str]:
    """Trimmed header texts; empty ones named after their column letter (``columns``: each
    header's place in the sheet, 0 for A; by default its place in ``raw``); duplicates numbered."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    places = range(len(raw)) if columns is None else columns
    for i, h in zip(places, raw):
        text = re.sub(r"\s+", " ", str(h)).strip() if h is not None else ""
        if not text:
            text = f"column {_column_letter(int(i))}"
        seen[text] += 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def map_headers(headers: list[str], table: Table) -> dict[str, str]:
    """header -> canonical column for one table kind; the better-ranked alias wins a clash."""
    index = _ALL_ALIASES[table.name]
    claims: dict[str, tuple[int, str]] = {}
    for h in headers:
        hit = (index.get(normalise_header(h))
               or index.get(normalise_header(vendors.unwrap_header(h)))
               or index.get(normalise_header(strip_hint(h))))
        if hit is None:
            continue
        column, rank = hit
        if column not in claims or rank < claims[column][0]:
            claims[column] = (rank, h)
    return {h: column for column, (_, h) in claims.items()}


def _columns_text(columns: list[str]) -> str:
    """Missing columns for a refusal: one as a translation key that describes it ('a creation
    date'), several by their canonical names."""
    if len(columns) == 1 and f"ingest.col.{columns[0]}" in i18n.table():
        return f"ingest.col.{columns[0]}"
    return ", ".join(columns)


def _survey_ok(mapped: set[str]) -> bool:
    return "score" in mapped or "nps" in mapped


def _missing(table: Table, mapped: set[str]) -> list[str]:
    missing = [c for c in table.required if c not in mapped]
    if table.name == "surveys" and not _survey_ok(mapped):
        missing.append("score or nps")
    return missing


def detect_table(headers: list[str]) -> tuple[str | None, dict[str, str], list[str]]:
    """Best table kind for these headers: (kind or None, mapping, missing required columns).

    A kind qualifies when its required columns are all present; among qualifying kinds the one
    mapping most headers wins. When none qualifies, the closest kind is named with what it
    lacks only if it mapped at least three headers; fewer is "not a portfolio table".
    """
    scored = []
    for name, table in TABLES.items():
        mapping = map_headers(headers, table)
        missing = _missing(table, set(mapping.values()))
        # the key column is what makes a table of that kind; weigh it
        score = len(mapping) + (2 if table.key in mapping.values() else 0)
        scored.append((not missing, score, name, mapping, missing))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    ok, score, name, mapping, missing = scored[0]
    if ok:
        return name, mapping, []
    vendor = vendors.recognise(headers)
    if len(mapping) >= 3 or TABLES[name].key in mapping.values() or (vendor and vendor.table == name):
        return None, mapping, [f"{name}:{m}" for m in missing]
    return None, {}, []


def _found(headers: list[str], mapping: dict[str, str], shown: int = 4) -> str:
    """The file's own headers that were recognised, in file order: what a refusal found."""
    known = [h for h in headers if h in mapping]
    return ", ".join(known[:shown]) + (", …" if len(known) > shown else "")


def _not_a_table(label: str, headers: list[str]) -> Message:
    """The refusal of a sheet that is no portfolio table, naming what it holds."""
    known = {t: map_headers(headers, spec) for t, spec in TABLES.items()}
    found = max(known.values(), key=len)
    if found:
        return Message("ingest.error.too_few_known", {"label": label, "found": _found(headers, found)})
    first = ", ".join(headers[:3]) + (", …" if len(headers) > 3 else "")
    return Message("ingest.error.not_a_table", {"label": label, "first": first})


# -- preview ---------------------------------------------------------------------------------


def _load_mapping(mapping: dict[str, str] | str | Path | None) -> tuple[str | None, dict[str, str] | None]:
    """A mapping given as dict or JSON file: ``{"header": "column"}``, optionally with
    ``{"table": "tickets", "columns": {...}}``."""
    if mapping is None:
        return None, None
    if not isinstance(mapping, dict):
        source = Path(mapping)
        try:
            mapping = json.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise IngestError("ingest.error.mapping_missing", name=source.name) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise IngestError("ingest.error.mapping_json", name=source.name, detail=str(e)) from None
    if not isinstance(mapping, dict):
        raise IngestError("ingest.error.mapping_object")
    table = mapping.get("table") if isinstance(mapping.get("columns"), dict) else None
    columns: Any = mapping["columns"] if isinstance(mapping.get("columns"), dict) else mapping
    return table, {str(k).strip(): str(v).strip() for k, v in columns.items()}


def plan_grid(grid: readers.Grid, *, table: str | None = None,
              mapping: dict[str, str] | None = None) -> SheetPlan:
    """Decide header row, table kind and header mapping for one grid."""
    cells = grid.cells
    # cells are str or None (readers.Grid), so "not None" is "not blank"
    nonblank = ((cells.to_numpy(dtype=object) != None).any(axis=1)  # noqa: E711 - elementwise
                if len(cells) else np.array([], dtype=bool))
    if not nonblank.any():
        return SheetPlan(grid.file_name, grid.sheet, None, 0, [], {}, [], pd.DataFrame(), 0,
                         message=Message("ingest.error.empty_sheet", {"label": grid.label}), grid=grid)
    header_index = find_header_row(cells, set(mapping or ()))
    headers = clean_headers(list(cells.iloc[header_index]), list(cells.columns))
    data_rows = int(nonblank[header_index + 1:].sum())
    sample = cells.iloc[header_index + 1: header_index + 11].copy()
    sample.columns = headers
    plan = SheetPlan(grid.file_name, grid.sheet, None, int(grid.row_numbers[header_index]),
                     headers, {}, [], sample.reset_index(drop=True), data_rows, grid=grid,
                     header_index=header_index, nonblank=nonblank)
    if table is not None and table not in TABLES:
        raise IngestError("ingest.error.unknown_table", table=table, choices=", ".join(TABLES))

    if mapping:
        unknown = [h for h in mapping if h not in headers]
        if table is None:
            # the mapping's target columns tell the kind: the table owning most of them
            votes = Counter(t for t, spec in TABLES.items() for c in mapping.values()
                            if c in spec.column_names)
            detected, auto, _ = detect_table(headers)
            table = detected or (votes.most_common(1)[0][0] if votes else None)
        if table is None:
            plan.message = Message("ingest.error.cannot_tell", {"label": grid.label})
            return plan
        spec = TABLES[table]
        auto = map_headers(headers, spec)
        bad = [c for c in mapping.values() if c != KEEP_AS_EXTRA and c not in spec.column_names]
        if bad:
            raise IngestError("ingest.error.mapping_columns", table=table, columns=", ".join(sorted(set(bad))))
        merged = {h: c for h, c in auto.items() if h not in mapping and c not in mapping.values()}
        merged.update({h: c for h, c in mapping.items() if c != KEEP_AS_EXTRA and h in headers})
        plan.table, plan.mapping = table, merged
        if unknown:
            plan.message = None  # headers absent from this sheet are simply not used
    elif table is not None:
        plan.table, plan.mapping = table, map_headers(headers, TABLES[table])
    else:
        detected, auto, missing = detect_table(headers)
        if detected is None:
            if missing:
                kind = missing[0].split(":")[0]
                plan.missing_required = [m.split(":", 1)[1] for m in missing]
                vendor = vendors.recognise(headers)
                params: dict[str, object] = {"label": grid.label, "table": f"ingest.table.{kind}",
                          "columns": _columns_text(plan.missing_required), "found": _found(headers, auto)}
                if vendor is not None and vendor.table == kind:
                    plan.message = Message("ingest.error.looks_like_vendor",
                                           {**params, "export": f"ingest.export.{vendor.key}"})
                else:
                    plan.message = Message("ingest.error.looks_like", params)
            else:
                plan.message = _not_a_table(grid.label, headers)
            return plan
        plan.table, plan.mapping = detected, auto

    vendor = vendors.recognise(headers)
    plan.vendor = vendor.key if vendor is not None and vendor.table == plan.table else None
    plan.missing_required = _missing(TABLES[plan.table], set(plan.mapping.values()))
    if plan.missing_required:
        plan.message = Message("ingest.error.needs_columns", {
            "label": grid.label, "table": f"ingest.table.{plan.table}",
            "columns": _columns_text(plan.missing_required),
            "found": _found(headers, plan.mapping) or "—"})
    return plan


def preview_file(path: str | Path, *, file_name: str | None = None, table: str | None = None,
                 mapping: dict[str, str] | str | Path | None = None) -> list[SheetPlan]:
    """Plans for every sheet of a file, without touching any store."""
    map_table, columns = _load_mapping(mapping)
    try:
        grids = readers.read_path(path, file_name)
    except readers.ReadError as e:
        key, params = readers.refusal(e, file_name or Path(path).name)
        raise IngestError(key, **params) from None
    return [plan_grid(g, table=table or map_table, mapping=columns) for g in grids]


def date_preview(plan: SheetPlan, examples: int = 3) -> list[dates.DateOrder]:
    """How each mapped date column of a sheet will be read, before anything is imported: the
    order decided and why, how many values cannot be read, and a few raw values beside their
    reading. Decided over every row the plan holds (a large text file's first rows), with the
    same rules the import applies to the whole sheet; kept on the plan once computed."""
    if plan.table is None or plan.grid is None:
        return []
    if plan.date_orders is not None:
        return plan.date_orders
    table = TABLES[plan.table]
    cols = [(h, c) for h, c in plan.mapping.items() if table.column(c).kind in ("date", "timestamp")]
    if not cols:
        plan.date_orders = []
        return plan.date_orders
    position = {h: i for i, h in enumerate(plan.headers)}
    body = plan.grid.cells.iloc[plan.header_index + 1:]
    frame = pd.DataFrame({f"s{position[h]}": body[body.columns[position[h]]].to_numpy(dtype=object)
                          for h, _ in cols}, dtype=object)
    con = duckdb.connect(config={"autoinstall_known_extensions": "false",
                                 "autoload_known_extensions": "false"})
    try:
        con.execute("SET enable_progress_bar = false")
        con.register("_preview_df", frame)
        trimmed = ", ".join(f"{_value(f'CAST({c} AS VARCHAR)')} AS {c}" for c in frame.columns)
        con.execute(f"CREATE TEMP TABLE _preview AS SELECT {trimmed} FROM _preview_df")
        iso = _iso_date_columns(plan)
        found = dates.decide(dates.evidence(
            con, "_preview", {h: f"s{position[h]}" for h, _ in cols if f"s{position[h]}" not in iso}))
        out = []
        for h, _ in cols:
            v = f"s{position[h]}"
            d = found.get(h, dates.DateOrder(h, dates.DAY_FIRST, "none"))
            unreadable, shown = dates.readings(con, "_preview", v, d.day_first, examples)
            out.append(replace(d, unreadable=unreadable, examples=tuple(shown)))
    finally:
        con.close()
    plan.date_orders = out
    return out


# -- SQL building blocks ---------------------------------------------------------------------

_TRIM = " \t\r\n\u00a0\u3000"
def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: Code points of a leading or trailing space that calls for a trim: tab, line feed, form feed,
#: carriage return, space, ideographic space.
_EDGE_SPACES = "(9, 10, 12, 13, 32, 12288)"


def _value(src: str) -> str:
    """The trimmed cell text, NULL when empty (the costly trim only where the first or last
    character is a space)."""
    return (f"CASE WHEN {src} = '' THEN NULL WHEN ord({src}) IN {_EDGE_SPACES} OR ord({src}[-1]) IN {_EDGE_SPACES} "
            f"THEN NULLIF(trim({src}, {_lit(_TRIM)}), '') ELSE {src} END")


def _number_expr(v: str) -> str:
    return f"TRY_CAST(regexp_replace({v}, '[,\\s¥￥$€£元]', '', 'g') AS DOUBLE)"


def _int_expr(v: str) -> str:
    n = _number_expr(v)
    return f"CASE WHEN {n} = round({n}) AND abs({n}) < 2e9 THEN CAST({n} AS INTEGER) END"


def _bool_expr(v: str) -> str:
    t = ", ".join(_lit(normalise_value(w)) for w in BOOLEAN_WORDS[True])
    f = ", ".join(_lit(normalise_value(w)) for w in BOOLEAN_WORDS[False])
    return f"CASE WHEN lower({v}) IN ({t}) THEN true WHEN lower({v}) IN ({f}) THEN false END"


def _vocab_expr(v: str, vocab: str, vendor: vendors.Vendor | None = None) -> str:
    lookup = vocabulary_lookup(vocab, vendor.vocabularies.get(vocab) if vendor else None)
    key = f"lower({v})"
    cases = " ".join(f"WHEN {_lit(k)} THEN {_lit(c)}" for k, c in lookup.items())
    direct = f"CASE {key} {cases} END"
    if vocab == "priority":
        # "1 - Critical" (ServiceNow), "P2 - High", "P3-中"
        lead = f"regexp_extract(lower({v}), '^(p?[1-5])(\\s*[-–:：\\s].*)?$', 1)"
        direct = f"COALESCE({direct}, CASE {lead} {cases} END)"
    if vocab in OPEN_VOCABULARIES:
        return f"COALESCE({direct}, {v})"
    if vocab == "ticket_type":
        # not nested in a CASE, so DuckDB computes lower(v) once per row rather than per branch
        return f"COALESCE({direct}, CASE WHEN {v} IS NOT NULL THEN 'other' END)"
    return direct


def _typed_expr(kind: str, vocab: str | None, v: str, fields: str | None = None,
                vendor: vendors.Vendor | None = None) -> str:
    """The typed value of staged text ``v``; a date's ``fields`` is its column made by
    :func:`analytics.dates.typed_select`; ``vendor`` adds its own value spellings."""
    if kind in ("timestamp", "date"):
        assert fields is not None
        e = dates.timestamp_sql(v, fields)
        return f"CAST({e} AS DATE)" if kind == "date" else e
    if kind == "number":
        return _number_expr(v)
    if kind == "int":
        return _int_expr(v)
    if kind == "bool":
        if vocab:  # a verdict written as words ('Within SLA') or as yes / no
            return f"COALESCE({_bool_expr(v)}, TRY_CAST({_vocab_expr(v, vocab, vendor)} AS BOOLEAN))"
        return _bool_expr(v)
    if kind == "duration":  # seconds, or a 1970-01-01-based time (ServiceNow's API)
        stamp = f"TRY_CAST({v} AS TIMESTAMP)"
        return (f"COALESCE({_number_expr(v)}, CASE WHEN year({stamp}) = 1970 "
                f"THEN epoch({stamp}) END)")
    if kind == "score":  # a number, or a word for one; a word meaning 'no answer' is empty
        word = _vocab_expr(v, vocab, vendor) if vocab else v
        return f"COALESCE({_number_expr(v)}, TRY_CAST(NULLIF({word}, '') AS DOUBLE))"
    if vocab:
        return _vocab_expr(v, vocab, vendor)
    return v


# -- import ----------------------------------------------------------------------------------


def _iso_date_columns(plan: SheetPlan) -> set[str]:
    """Staged columns (s0, s1, ...) whose data cells were all real workbook dates or blank.

    The reader wrote their text itself, as ISO 8601, so a plain cast reads them: no format
    list, no day-first question, nothing to trim.
    """
    grid = plan.grid
    if grid is None or grid.lazy is not None:
        return set()
    return {f"s{i}" for i, last in grid.date_cells_after.items() if last <= plan.header_index}


def _stage(cur: duckdb.DuckDBPyConnection, plan: SheetPlan) -> tuple[int, list[str]]:
    """Put the sheet's data lines (blank ones dropped) into TEMP table _stage as text.

    Returns the number of blank lines skipped and the staged column names (s0, s1, ...).
    """
    grid = plan.grid
    assert grid is not None
    iso = _iso_date_columns(plan)
    trimmed = ", ".join(f"{f's{i}' if f's{i}' in iso else _value(f's{i}')} AS s{i}"
                        for i in range(grid.cells.shape[1]))
    if grid.lazy is not None:
        if plan.prestaged is None:
            plan.prestaged = _stage_lazy(cur, grid.lazy, plan.header_index, trimmed)
        return plan.prestaged
    body = grid.cells.iloc[plan.header_index + 1:]
    rows = grid.row_numbers[plan.header_index + 1:]
    if plan.nonblank is not None and len(plan.nonblank) == len(grid.cells):
        keep = plan.nonblank[plan.header_index + 1:]
    else:
        keep = body.notna().any(axis=1).to_numpy()
    if not keep.all():
        body = body.loc[keep]
    staged = pd.DataFrame({f"s{i}": body[c].to_numpy(dtype=object) for i, c in enumerate(body.columns)},
                          dtype=object)
    staged.insert(0, "__row", rows[keep].astype("int64"))
    cur.register("_stage_df", staged)
    casts = ", ".join(f"CAST(s{i} AS VARCHAR) AS s{i}" for i in range(len(body.columns)))
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT __row, {trimmed} FROM "
                f"(SELECT __row, {casts} FROM _stage_df)")
    cur.unregister("_stage_df")
    # a workbook's grid leaves its blank rows out (their row numbers skip them): the blank rows
    # below the header are the rows it spans there less those it holds
    spanned = int(rows[-1] - grid.row_numbers[plan.header_index]) if len(rows) else 0
    return spanned - int(keep.sum()), [f"s{i}" for i in range(len(body.columns))]


def _stage_lazy(cur: duckdb.DuckDBPyConnection, lazy: readers.LazyCsv, header_index: int,
                trimmed: str) -> tuple[int, list[str]]:
    """Stage a large file with DuckDB's CSV reader; records keep their spreadsheet row number."""
    cols = [f"s{i}" for i in range(lazy.width)]
    any_value = " OR ".join(f"{c} IS NOT NULL" for c in cols)
    try:
        try:  # parallel first; a quoted line break in a field needs the serial reader
            cur.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {lazy.scan_sql(header_index, True)}")
        except duckdb.Error:
            cur.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {lazy.scan_sql(header_index, False)}")
    except duckdb.Error as e:
        raise IngestError("ingest.error.csv_reader", name=lazy.path.name, detail=str(e).splitlines()[0]) from None
    # rows get consecutive row ids in file order; counting from the first one numbers the
    # records as a spreadsheet does, without a window over the whole table
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT * FROM ("
                f"SELECT {header_index + 2} + rowid - (SELECT min(rowid) FROM _raw) AS __row, {trimmed} "
                f"FROM _raw) WHERE {any_value}")
    blank = one(cur.execute("SELECT (SELECT count(*) FROM _raw) - (SELECT count(*) FROM _stage)"))[0]
    cur.execute("DROP TABLE _raw")
    return int(blank), cols


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _imported_before(cur: duckdb.DuckDBPyConnection, sha: str, plans: list[SheetPlan]) -> str | None:
    """When every usable sheet of the file with this sha256 was imported before as the same
    table with the same mapping: the latest such time ('2026-03-05 14:30'); else None."""
    latest = None
    for plan in plans:
        when = one(cur.execute(
            "SELECT max(imported_at) FROM import_batches WHERE sha256 = ? AND sheet IS NOT DISTINCT FROM ? "
            "AND table_name = ? AND CAST(mapping AS VARCHAR) = ? AND undone_at IS NULL",
            [sha, plan.sheet, plan.table, json.dumps(plan.mapping, ensure_ascii=False)]))[0]
        if when is None:
            return None
        latest = when if latest is None else max(latest, when)
    return latest.strftime("%Y-%m-%d %H:%M") if latest is not None else None


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, file_name: str | None = None,
                table: str | None = None, mapping: dict[str, str] | str | Path | None = None,
                progress: Progress | None = None, imported_by: str | None = None,
                plans: list[SheetPlan] | None = None) -> FileReport:
    """Import every usable sheet of one file, atomically.

    Sheets that are empty or not a portfolio table are skipped with a message in their report;
    if no sheet is usable the file is refused with :class:`IngestError`. Any failure while
    writing rolls the whole file back. ``plans`` are the file's :func:`preview_file` plans
    with the same table and mapping when the caller has them already (read in a worker
    process, see ``analytics.safe_import``); otherwise the file is read here.
    """
    path = Path(path)
    name = file_name or path.name
    say = progress or (lambda f, t: None)
    say(0.02, "reading")
    if plans is None:
        plans = preview_file(path, file_name=name, table=table, mapping=mapping)
    usable = [p for p in plans if p.usable]
    if not usable:
        # "empty" only when no sheet holds a cell: a sheet of one row of numbers is no table
        if all(p.message is not None and p.message.code == "ingest.error.empty_sheet" for p in plans):
            raise IngestError("ingest.error.all_empty", name=name)
        # the most informative reason: a sheet that looked like a table but lacks a column
        informative = [p.message for p in plans if p.missing_required and p.message]
        if informative or len(plans) == 1:
            message = informative[0] if informative else plans[0].message
            assert message is not None
            raise IngestError(message.code, **message.params)
        raise IngestError("ingest.error.no_table_sheet", name=name)
    sha = _sha256(path)
    # one writer at a time on a store the app's sessions and its inbox share: the reading
    # above runs alongside other imports, the check for a repeat and the write below do not
    with store.writer():
        return _write_file(con, name, sha, plans, say, imported_by)


def _write_file(con: duckdb.DuckDBPyConnection, name: str, sha: str, plans: list[SheetPlan],
                say: Progress, imported_by: str | None) -> FileReport:
    """The write half of :func:`import_file`: every usable sheet in one transaction."""
    usable = [p for p in plans if p.usable]
    cur = con.cursor()
    cur.execute("SET enable_progress_bar = false")
    when = _imported_before(cur, sha, usable)
    if when is not None:
        say(1.0, "done")
        return FileReport(name, sha, [], Message("ingest.note.already_imported", {"name": name, "when": when}))
    for plan in usable:  # a large file is staged before the transaction: its reader may retry
        if plan.grid is not None and plan.grid.lazy is not None:
            say(0.05, "reading")
            _stage(cur, plan)
    reports: list[SheetReport] = []
    cur.execute("BEGIN TRANSACTION")
    try:
        for i, plan in enumerate(plans):
            if not plan.usable:
                reports.append(SheetReport(plan.sheet, plan.table, message=plan.message))
                continue
            base = 0.1 + 0.85 * i / len(plans)
            span = 0.85 / len(plans)
            reports.append(_import_sheet(cur, plan, sha, _part(say, base, span), imported_by))
        cur.execute("COMMIT")
    except BaseException:
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:  # a failed COMMIT (a full disk) has ended the transaction itself
            pass
        raise
    finally:
        for t in ("_raw", "_stage", "_typed", "_keyed", "_final", "_problems", "_conflicts", "_matches",
                  "_ticket_surveys", "_repeats", "_readings", "_history"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
    say(1.0, "done")
    return FileReport(name, sha, reports)


def _import_sheet(cur: duckdb.DuckDBPyConnection, plan: SheetPlan, sha: str,
                  say: Progress, imported_by: str | None = None) -> SheetReport:
    table = TABLES[plan.table]  # type: ignore[index]
    report = SheetReport(plan.sheet, table.name, header_row=plan.header_row)
    say(0.05, "staging")
    report.blank_rows, staged_cols = _stage(cur, plan)
    src = dict(zip(plan.headers, staged_cols))
    col_src = {col: src[h] for h, col in plan.mapping.items()}  # canonical -> staged column
    unmapped = [h for h in plan.headers if h not in plan.mapping]
    vendor = vendors.BY_KEY.get(plan.vendor) if plan.vendor else None
    # columns saying when the ticket entered each status: typed like the date columns
    entered = (status_history.transition_columns(plan.headers, set(plan.mapping))
               if table.name == "tickets" else {})
    entered_as = {h: f"__entered_{i}" for i, h in enumerate(entered)}
    if vendor is not None:
        report.notes.append(Message("ingest.note.recognised", {"export": f"ingest.export.{vendor.key}"}))
        if vendor.null_markers and staged_cols:  # its text for "no value" is no value
            markers = ", ".join(_lit(m) for m in vendor.null_markers)
            cur.execute("UPDATE _stage SET " + ", ".join(
                f"{c} = CASE WHEN {c} IN ({markers}) THEN NULL ELSE {c} END" for c in staged_cols))

    # dates: one order per column, decided once from the values (see analytics.dates)
    iso = _iso_date_columns(plan)  # workbook date cells: ISO text, nothing to decide
    date_cols = [c.name for c in (*table.columns, *table.inputs)
                 if c.kind in ("date", "timestamp") and c.name in col_src and col_src[c.name] not in iso]
    orders = dates.decide(dates.evidence(
        cur, "_stage", {**{_header_of(plan, c): col_src[c] for c in date_cols},
                        **{h: src[h] for h in entered if src[h] not in iso}}))
    day_first = {c: orders[_header_of(plan, c)].day_first for c in date_cols}
    quick = {c for c in date_cols if not orders[_header_of(plan, c)].slow}  # every value ISO or serial
    entered_slow = {h for h in entered if src[h] not in iso and orders[h].slow}

    say(0.25, "normalising")
    # 1) typed values next to the raw text; a date column's parts are split once, below
    select = ["__row"]
    for col in (*table.columns, *table.inputs):
        if col.name not in col_src:
            continue
        v = col_src[col.name]
        select.append(f"{v} AS {_q('raw_' + col.name)}")
        if col.kind in ("date", "timestamp") and (v in iso or col.name in quick):
            typed = dates.iso_cell_sql(v) if v in iso else dates.quick_sql(v)
            typed = f"CAST({typed} AS DATE)" if col.kind == "date" else typed
        else:
            typed = _typed_expr(col.kind, col.enum, v,
                                _q("__f_" + col.name) if col.name in day_first else None, vendor)
        select.append(f"{typed} AS {_q(col.name)}")
        if col.name == table.key:
            select.append(f"{typed} AS __key")
    for h, name in entered_as.items():
        v = src[h]
        typed = (dates.iso_cell_sql(v) if v in iso else
                 dates.timestamp_sql(v, _q("__f_" + name)) if h in entered_slow else dates.quick_sql(v))
        select.append(f"{typed} AS {_q(name)}")
    extra_pairs = ", ".join(f"{_lit(h)}, {src[h]}" for h in unmapped)
    select.append(f"json_object({extra_pairs}) AS extra" if unmapped else "NULL::JSON AS extra")
    if table.key not in col_src:  # content hash for generated ids
        all_raw = ", ".join(f"coalesce({c}, '')" for c in staged_cols)
        select.append(f"md5(concat_ws(chr(31), {all_raw})) AS __hash")
    source = dates.typed_select("_stage", {
        **{f"__f_{c}": (col_src[c], day_first[c]) for c in date_cols if c not in quick},
        **{f"__f_{entered_as[h]}": (src[h], orders[h].day_first) for h in entered_slow}})
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _typed AS SELECT {', '.join(select)} FROM {source}")
    if date_cols or entered:
        checked = [(_header_of(plan, c), _q('raw_' + c), _q(c)) for c in date_cols]
        checked += [(h, src[h], _q(entered_as[h])) for h in entered if src[h] not in iso]
        unreadable = one(cur.execute("SELECT " + ", ".join(
            f"count(*) FILTER ({raw} IS NOT NULL AND {typed} IS NULL)" for _, raw, typed in checked)
            + f" FROM _typed{' JOIN _stage USING (__row)' if entered else ''}"))
        for (header, _, _), n in zip(checked, unreadable):
            orders[header] = replace(orders[header], unreadable=int(n))
            note = dates.note(orders[header])
            if note is not None:
                report.notes.append(note)
    report.dates = list(orders.values())

    # surveys: the score scale, detected per column unless a scale column says it
    scale_sql = None
    if table.name == "surveys" and "score" in col_src:
        header = _header_of(plan, "score")
        named = scale_hint(header)
        detected = named or _detect_scale(cur)
        report.notes.append(Message("ingest.note.scale_named", {"scale": detected, "header": header})
                            if named else Message("ingest.note.scale", {"scale": detected}))
        if detected == "0-100" and not named and "scale" not in col_src:
            n, above, top = one(cur.execute(
                "SELECT count(score), count(*) FILTER (score > 10), max(score) FROM _typed"))
            if above and above <= 0.2 * n:  # nearly all on ten points: a few typing errors?
                report.notes.append(Message("ingest.note.scale_doubt", {
                    "header": header, "above": above, "n": n, "top": top}))
        if "scale" in col_src:
            scale_sql = f"COALESCE({_scale_from_text('scale')}, {_lit(detected)})"
        else:
            scale_sql = _lit(detected)

    # 2) problems: one row per (line, column, reason); 'rejected' drops the line
    problems = _problem_queries(table, col_src, plan, scale_sql)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _problems AS "
        + (" UNION ALL ".join(problems) if problems else
           "SELECT NULL::INTEGER AS __row, NULL AS column_name, NULL AS value, NULL AS severity, "
           "NULL AS reason, NULL AS reason_code, NULL::JSON AS reason_params WHERE false")
    )
    say(0.55, "validating")

    # 3) fold repeated ids: the latest version wins
    key = table.key
    order = [f"{_q(v)} DESC NULLS LAST" for v in table.version_columns if v in col_src] + ["__row DESC"]
    derived = _derived_sql(col_src) if table.name == "tickets" else {}
    cols_out = []
    for col in table.columns:
        if col.name == key:
            cols_out.append(f"__key AS {_q(key)}")
        elif col.name == "scale" and scale_sql is not None:
            cols_out.append(f"{scale_sql} AS scale")
        elif col.name == "is_complaint" and table.name == "tickets":
            cols_out.append(_is_complaint_sql(col_src))
        elif col.name in derived:
            cols_out.append(f"{derived[col.name]} AS {_q(col.name)}")
        elif col.name in col_src:
            cols_out.append(_q(col.name))
    # the rejected lines leave _typed in place, rather than the valid ones being copied
    cur.execute("DELETE FROM _typed WHERE __row IN (SELECT __row FROM _problems WHERE severity = 'rejected')")
    cur.execute("DROP TABLE IF EXISTS _keyed")
    if key in col_src:  # _typed carries the id as __key already
        cur.execute("ALTER TABLE _typed RENAME TO _keyed")
    else:  # surveys without ids: a stable id from the row's content (+ its occurrence)
        cur.execute(
            "CREATE TEMP TABLE _keyed AS SELECT *, 'R' || substr(__hash, 1, 12) || '-' || "
            "row_number() OVER (PARTITION BY __hash ORDER BY __row) AS __key FROM _typed")
        cur.execute("DROP TABLE _typed")
    # a ticket's key is its id within its project when the file names projects (ticket numbers
    # repeat across GitHub repositories, Redmine or Jira instances); rows that share a key but
    # not a creation time are different tickets, not versions, and are reported, not folded
    scoped = table.name == "tickets" and "project_id" in col_src
    partition = "__key, project_id" if scoped else "__key"
    if table.name == "tickets":
        _reject_conflicts(cur, plan, scoped)
    n_valid, n_keys = one(cur.execute(f"SELECT count(*), count(DISTINCT ({partition})) FROM _keyed"))
    if table.name == "tickets" and n_keys < n_valid:  # versions: each one a step of the path
        _history_of_versions(cur, col_src, derived, scoped)
    if n_keys == n_valid:  # the usual case: no repeated ids, nothing to fold
        cur.execute("DROP TABLE IF EXISTS _final")
        cur.execute("ALTER TABLE _keyed RENAME TO _final")
        ids_folded = 0
    else:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _final AS SELECT * EXCLUDE (__rank) FROM ("
            f"  SELECT *, row_number() OVER (PARTITION BY {partition} ORDER BY {', '.join(order)}) AS __rank"
            f"  FROM _keyed) WHERE __rank = 1")
        ids_folded = one(cur.execute(
            f"SELECT count(*) FROM (SELECT {partition} FROM _keyed GROUP BY ALL HAVING count(*) > 1)"))[0]
        cur.execute("DROP TABLE _keyed")
    n_kept = one(cur.execute("SELECT count(*) FROM _final"))[0]
    if table.name == "tickets":
        if not scoped:  # the stored ticket's project is kept when this file names none
            cur.execute("ALTER TABLE _final ADD COLUMN project_id VARCHAR")
            cols_out.append("project_id")
        _match_stored_tickets(cur, plan)
    counts = one(cur.execute(
        "SELECT (SELECT count(*) FROM _stage), (SELECT count(*) FROM _final),"
        " (SELECT count(*) FROM _problems WHERE severity = 'warning')"
    ))
    report.rows_read, report.rows_imported, report.warnings = counts
    report.ids_folded = ids_folded
    report.rows_folded = n_valid - n_kept
    report.rows_rejected = report.rows_read - report.rows_imported - report.rows_folded

    # 4) write: a batch, its problems, and the rows (replacing earlier versions of the same ids)
    say(0.75, "writing")
    batch_id = store.new_batch(
        cur, file_name=plan.file_name, sha256=sha, sheet=plan.sheet, table_name=table.name,
        header_row=plan.header_row, rows_read=report.rows_read, rows_imported=report.rows_imported,
        rows_folded=report.rows_folded, ids_folded=report.ids_folded,
        rows_rejected=report.rows_rejected, blank_rows=report.blank_rows,
        warnings=report.warnings, mapping=json.dumps(plan.mapping, ensure_ascii=False),
        imported_by=imported_by)
    report.batch_id = batch_id
    cur.execute(
        "INSERT INTO import_issues SELECT ?, ?, ?, __row, column_name, value, severity, reason, "
        "reason_code, reason_params FROM _problems ORDER BY __row, column_name",
        [batch_id, plan.file_name, plan.sheet],
    )
    for note in report.notes:
        cur.execute("INSERT INTO import_issues VALUES (?, ?, ?, NULL, NULL, NULL, 'note', ?, ?, ?)",
                    [batch_id, plan.file_name, plan.sheet, str(note), note.code,
                     json.dumps(note.params, ensure_ascii=False)])
    # versions, not overwrites: see store.write_versions
    report.changes = store.write_versions(
        cur, table.name, batch_id,
        f"SELECT {', '.join(cols_out)}, {_extra_sql(table, col_src)} AS extra, __row AS source_row FROM _final")
    if table.name in ("tickets", "surveys") and "project_id" in cols_out + list(col_src):
        _note_unknown_projects(cur, report)
    if table.name == "tickets":
        _write_history(cur, report, batch_id, scoped, {entered[h]: n for h, n in entered_as.items()}, vendor)
    if table.name == "tickets" and "satisfaction" in col_src:
        _ticket_surveys(cur, report, col_src, batch_id)
    report.first_reasons = [
        r[0] for r in cur.execute(
            "SELECT 'row ' || __row || ', ' || column_name || ': ' || reason FROM _problems "
            "WHERE severity = 'rejected' ORDER BY __row, column_name LIMIT 5").fetchall()
    ]
    cur.execute("DROP TABLE IF EXISTS _problems")
    say(1.0, "written")
    return report


_DONE = ("resolved", "closed")


def _derived_sql(col_src: dict[str, str]) -> dict[str, str]:
    """Stored ticket columns computed from what the file gives, when it does not give them:

    - status: a custom status (not in the vocabulary) takes its Jira Status Category;
    - resolved_at: created_at + a resolution duration (ServiceNow calendar_duration seconds,
      Zendesk full resolution minutes);
    - first_response_at: created_at + first reply minutes (Zendesk);
    - sla_met: the source's verdict (made_sla; 'Within SLA'; not 'SLA breached');
    - reopened_count: 1 for a reopened flag or a last-reopened time, 0 for a false flag.
    """
    have = set(col_src)
    out: dict[str, str] = {}
    if "status_category" in have:
        known = ", ".join(_lit(s) for s in VOCABULARIES["ticket_status"])
        out["status"] = ("CASE WHEN status IN (" + known + ") THEN status ELSE coalesce(status_category, status) END"
                         if "status" in have else "status_category")
    resolved = [c for c in ("resolved_at",) if c in have]
    if "duration_seconds" in have:
        resolved.append("CASE WHEN duration_seconds > 0 THEN created_at + to_microseconds("
                        "CAST(round(duration_seconds * 1e6) AS BIGINT)) END")
    if "resolution_minutes" in have:
        resolved.append("CASE WHEN resolution_minutes >= 0 THEN created_at + to_microseconds("
                        "CAST(round(resolution_minutes * 6e7) AS BIGINT)) END")
    if len(resolved) > (1 if "resolved_at" in have else 0):
        out["resolved_at"] = f"coalesce({', '.join(resolved)})"
    if "first_response_minutes" in have:
        first = ["first_response_at"] if "first_response_at" in have else []
        after = ("CASE WHEN first_response_minutes >= 0 THEN created_at + to_microseconds("
                 "CAST(round(first_response_minutes * 6e7) AS BIGINT)) END")
        out["first_response_at"] = f"coalesce({', '.join([*first, after])})"
    met = [c for c in ("sla_met",) if c in have]
    if "sla_verdict" in have:
        met.append("TRY_CAST(sla_verdict AS BOOLEAN)")
    if "sla_breached" in have:
        met.append("NOT sla_breached")
    if len(met) > (1 if "sla_met" in have else 0):
        out["sla_met"] = f"coalesce({', '.join(met)})"
    reopened = [c for c in ("reopened_count",) if c in have]
    if "is_reopened" in have:
        reopened.append("CASE WHEN is_reopened THEN 1 WHEN NOT is_reopened THEN 0 END")
    if "reopened_at" in have:
        reopened.append("CASE WHEN reopened_at IS NOT NULL THEN 1 END")
    if len(reopened) > (1 if "reopened_count" in have else 0):
        out["reopened_count"] = f"coalesce({', '.join(reopened)})"
    return out


def _history_of_versions(cur: duckdb.DuckDBPyConnection, col_src: dict[str, str],
                         derived: dict[str, str], scoped: bool) -> None:
    """TEMP table ``_history``: every version in ``_keyed`` that carries an update time, as a
    step of its ticket's status path (status, team, assignee from that moment until the next
    version). Without an update time or a status, a version says nothing about when."""
    cur.execute("DROP TABLE IF EXISTS _history")
    if "updated_at" not in col_src or not ({"status", "status_category"} & set(col_src)):
        return
    partition = "__key, project_id" if scoped else "__key"
    order = "updated_at, " + ("mod_count, " if "mod_count" in col_src else "") + "__row"
    label = "raw_status" if "status" in col_src else "raw_status_category"
    cur.execute(
        f"CREATE TEMP TABLE _history AS SELECT __key, {'project_id' if scoped else 'NULL::VARCHAR'} AS project_id, "
        f"{derived.get('status', 'status')} AS status, {label} AS status_label, "
        f"{'team' if 'team' in col_src else 'NULL'} AS team, "
        f"{'assignee' if 'assignee' in col_src else 'NULL'} AS assignee, updated_at AS from_ts, "
        f"lead(updated_at) OVER (PARTITION BY {partition} ORDER BY {order}) AS to_ts, __row, "
        f"'versions' AS source FROM _keyed WHERE updated_at IS NOT NULL")


def _write_history(cur: duckdb.DuckDBPyConnection, report: SheetReport, batch_id: int, scoped: bool,
                   entered: dict[str, str], vendor: vendors.Vendor | None) -> None:
    """Write the batch's status history: the versions of ``_history`` whose ticket was
    imported, and each imported ticket's transition columns (``entered``: status -> column of
    ``_final``), and note what was kept."""
    table = status_history.TABLE
    columns = ("project_id, ticket_id, status, status_label, team, assignee, from_ts, to_ts, batch_id, "
               "source_row, source")
    if one(cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = '_history'"))[0]:
        same = "h.project_id = f.project_id" if scoped else "true"
        cur.execute(f"INSERT INTO {table} ({columns}) SELECT f.project_id, h.__key, h.status, h.status_label, "
                    f"h.team, h.assignee, h.from_ts, h.to_ts, {int(batch_id)}, h.__row, h.source "
                    f"FROM _history h JOIN _final f ON f.__key = h.__key AND {same}")
        cur.execute("DROP TABLE _history")
    if entered:
        steps = " UNION ALL ".join(
            f"SELECT __key, project_id, {_vocab_expr(_lit(label), 'ticket_status', vendor)} AS status, "
            f"{_lit(label)} AS status_label, {_q(name)} AS from_ts, __row FROM _final WHERE {_q(name)} IS NOT NULL"
            for label, name in entered.items())
        cur.execute(f"INSERT INTO {table} ({columns}) SELECT project_id, __key, status, status_label, NULL, NULL, "
                    f"from_ts, lead(from_ts) OVER (PARTITION BY __key, project_id ORDER BY from_ts), "
                    f"{int(batch_id)}, __row, 'transitions' FROM ({steps})")
    rows, tickets = one(cur.execute(
        f"SELECT count(*), count(DISTINCT (ticket_id, project_id)) FROM {table} WHERE batch_id = ?", [batch_id]))
    if rows:  # merged with what earlier batches said of the same tickets, where they did
        b = int(batch_id)
        status_history.settle(cur, f"(SELECT project_id, ticket_id FROM {table} WHERE batch_id = {b} "
                                   f"INTERSECT SELECT project_id, ticket_id FROM {table} WHERE batch_id <> {b})")
        report.notes.append(Message("ingest.note.status_history", {"rows": rows, "tickets": tickets}))


def _reject_conflicts(cur: duckdb.DuckDBPyConnection, plan: SheetPlan, scoped: bool) -> None:
    """Rows of ``_keyed`` that share a ticket's key but are not versions of one ticket, moved to
    ``_problems`` (rejected, each naming the other rows): a different creation time under the
    same key, or no project where other rows of the id name one (which one would it be?)."""
    group = "__key, project_id" if scoped else "__key"
    projects = ("string_agg(DISTINCT project_id, ', ' ORDER BY project_id) OVER (PARTITION BY __key)"
                if scoped else "NULL")
    without_project = ("(project_id IS NULL AND count(*) FILTER (project_id IS NOT NULL) "
                       "OVER (PARTITION BY __key) > 0)") if scoped else "false"
    # only ids that repeat can conflict: the windows below run over those rows alone
    cur.execute("CREATE OR REPLACE TEMP TABLE _repeats AS SELECT __key FROM _keyed GROUP BY 1 HAVING count(*) > 1")
    if not one(cur.execute("SELECT count(*) FROM _repeats"))[0]:
        cur.execute("DROP TABLE _repeats")
        return
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE _conflicts AS SELECT * FROM ("
        f"  SELECT __row, __key, created_at, raw_created_at,"
        f"    count(DISTINCT created_at) OVER (PARTITION BY {group}) > 1 AS created_differs,"
        f"    {without_project} AS project_missing,"
        f"    string_agg(__row::VARCHAR, ', ' ORDER BY __row) OVER (PARTITION BY __key) AS rows,"
        f"    {projects} AS projects"
        f"  FROM _keyed WHERE __key IN (SELECT __key FROM _repeats)) WHERE created_differs OR project_missing")
    cur.execute("DROP TABLE _repeats")
    if not one(cur.execute("SELECT count(*) FROM _conflicts"))[0]:
        cur.execute("DROP TABLE _conflicts")
        return
    cur.execute("INSERT INTO _problems " + _problem_sql(
        "_conflicts", "created_differs", _header_of(plan, "created_at"), "raw_created_at", "rejected",
        "ingest.reason.conflict_created", {"id": "__key", "rows": "rows", "created": "raw_created_at"}))
    cur.execute("INSERT INTO _problems " + _problem_sql(
        "_conflicts", "project_missing AND NOT created_differs", _header_of(plan, "project_id"), "NULL",
        "rejected", "ingest.reason.conflict_project", {"id": "__key", "rows": "rows", "projects": "projects"}))
    cur.execute("DELETE FROM _keyed WHERE __row IN (SELECT __row FROM _conflicts)")
    cur.execute("DROP TABLE _conflicts")


def _match_stored_tickets(cur: duckdb.DuckDBPyConnection, plan: SheetPlan) -> None:
    """Tie each row of ``_final`` to the stored ticket it updates.

    A stored ticket is the same ticket when its id matches and its project matches, or one of
    the two projects is unknown. A row without a project takes the project of the one stored
    ticket it matches; when the id is stored under several projects, the row cannot tell which
    it updates, and it is rejected naming them.
    """
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _matches AS SELECT f.__row, f.__key, "
        "count(DISTINCT t.project_id) AS projects, min(t.project_id) AS project, "
        "string_agg(DISTINCT t.project_id, ', ' ORDER BY t.project_id) AS names "
        "FROM _final f JOIN tickets t ON t.ticket_id = f.__key AND f.project_id IS NULL "
        "GROUP BY ALL")
    cur.execute("INSERT INTO _problems " + _problem_sql(
        "_matches", "projects > 1", _header_of(plan, "ticket_id"), "__key", "rejected",
        "ingest.reason.stored_projects", {"id": "__key", "projects": "names"}))
    cur.execute("DELETE FROM _final WHERE __row IN (SELECT __row FROM _matches WHERE projects > 1)")
    cur.execute("UPDATE _final f SET project_id = m.project FROM _matches m "
                "WHERE f.__row = m.__row AND m.projects = 1")
    cur.execute("DROP TABLE _matches")


def _note_unknown_projects(cur: duckdb.DuckDBPyConnection, report: SheetReport, shown: int = 5) -> None:
    """Imported rows naming a project the store does not know: kept, counted and named."""
    rows, n, first = one(cur.execute(
        "SELECT count(*), count(DISTINCT project_id), list_sort(list(DISTINCT project_id)) "
        "FROM _final WHERE project_id IS NOT NULL AND project_id NOT IN "
        "(SELECT project_id FROM projects WHERE project_id IS NOT NULL)"))
    if rows:
        ids = ", ".join(first[:shown]) + (f", … ({n})" if n > shown else "")
        report.notes.append(Message("ingest.note.unknown_projects", {"rows": rows, "ids": ids}))


def _header_of(plan: SheetPlan, column: str) -> str:
    return next((h for h, c in plan.mapping.items() if c == column), column)


def _problem_sql(source: str, cond: str, header: str, value: str, severity: str, code: str,
                 params: dict[str, str] | None = None) -> str:
    """A SELECT over ``source`` yielding the _problems rows (__row, column_name, value,
    severity, reason, reason_code, reason_params) of the lines where ``cond`` holds; ``params``
    are SQL expressions."""
    params = params or {}
    pairs = ", ".join(f"{_lit(k)}, {v}" for k, v in params.items())
    # a parameter naming a translation key ('ingest.what.date') reads as its English text
    english = {k: _lit(i18n.t(v[1:-1], "en")) if v.startswith("'ingest.") else v
               for k, v in params.items()}
    return (f"SELECT __row, {_lit(header)} AS column_name, CAST({value} AS VARCHAR) AS value, "
            f"{_lit(severity)} AS severity, {sql_template(code, english)} AS reason, "
            f"{_lit(code)} AS reason_code, {f'json_object({pairs})' if pairs else 'NULL::JSON'} AS reason_params "
            f"FROM {source} WHERE {cond}")


def _problem_queries(table: Table, col_src: dict[str, str], plan: SheetPlan,
                     scale_sql: str | None) -> list[str]:
    """SELECTs over _typed yielding (__row, column_name, value, severity, reason, reason_code,
    reason_params): the English reason is built in SQL from the translation table's template,
    the code and parameters are kept so the app can show it in the reader's language."""
    out: list[str] = []

    def add(cond: str, column: str, value: str, severity: str, code: str,
            params: dict[str, str] | None = None) -> None:
        out.append(_problem_sql("_typed", cond, _header_of(plan, column), value, severity, code, params))

    for col in (*table.columns, *table.inputs):
        if col.name not in col_src:
            continue
        raw, typed = _q("raw_" + col.name), _q(col.name)
        if col.required:
            add(f"{raw} IS NULL", col.name, raw, "rejected", "ingest.reason.required_empty",
                {"column": _lit(_header_of(plan, col.name))})
        parsed = col.kind in ("date", "timestamp", "number", "int", "bool") or (
            col.enum and col.enum not in OPEN_VOCABULARIES and col.enum != "ticket_type")
        if not parsed:
            continue
        what = f"ingest.what.{col.kind if col.kind != 'text' else 'value'}"
        severity = "rejected" if (col.required or (table.name == "surveys"
                                                   and col.name in ("score", "nps"))) else "warning"
        code = "ingest.reason.unreadable" if severity == "rejected" else "ingest.reason.unreadable_kept"
        add(f"{raw} IS NOT NULL AND {typed} IS NULL", col.name, raw, severity, code,
            {"value": raw, "what": _lit(what)})

    if table.name == "tickets":
        for later in ("first_response_at", "resolved_at", "closed_at"):
            if later in col_src and "created_at" in col_src:
                add(f"{_q(later)} < created_at", later, _q("raw_" + later), "rejected",
                    "ingest.reason.before_created", {
                        "which": _lit(f"ingest.what.{later.removesuffix('_at')}"),
                        "at": f"strftime({_q(later)}, '%Y-%m-%d %H:%M')",
                        "created": "strftime(created_at, '%Y-%m-%d %H:%M')"})
    if table.name == "surveys":
        if "score" in col_src and scale_sql is not None:
            low = (f"CASE {scale_sql} " + " ".join(
                f"WHEN {_lit(s)} THEN {lo} " for s, (lo, hi, _) in SCORE_SCALES.items()) + "END")
            high = (f"CASE {scale_sql} " + " ".join(
                f"WHEN {_lit(s)} THEN {hi} " for s, (lo, hi, _) in SCORE_SCALES.items()) + "END")
            add(f"score IS NOT NULL AND (score < {low} OR score > {high})", "score", "raw_score",
                "rejected", "ingest.reason.score_scale", {"value": "raw_score", "scale": scale_sql})
        if "nps" in col_src:
            add("nps IS NOT NULL AND (nps < 0 OR nps > 10)", "nps", "raw_nps", "rejected",
                "ingest.reason.nps_range", {"value": "raw_nps"})
        present = [c for c in ("score", "nps") if c in col_src]
        if present:
            cond = " AND ".join(f"{_q('raw_' + c)} IS NULL" for c in present)
            add(cond, present[0], "NULL", "rejected", "ingest.reason.no_score")
    return out


def _detect_scale(cur: duckdb.DuckDBPyConnection, table: str = "_typed", col: str = "score") -> str:
    """The smallest scale holding at least 98 % of the scores (values outside are rejected).

    0-1 needs a fraction strictly between 0 and 1 as well: a file of 1s alone is a 1-5 survey
    whose customers were unhappy, not a 0-1 one."""
    n, in01, fraction, in5, in10, in0_10, in100 = one(cur.execute(
        f"SELECT count({col}), count(*) FILTER ({col} BETWEEN 0 AND 1), count(*) FILTER ({col} > 0 AND {col} < 1),"
        f" count(*) FILTER ({col} BETWEEN 1 AND 5),"
        f" count(*) FILTER ({col} BETWEEN 1 AND 10), count(*) FILTER ({col} BETWEEN 0 AND 10),"
        f" count(*) FILTER ({col} BETWEEN 0 AND 100) FROM {table}"
    ))
    if not n:
        return "1-5"
    if in01 >= 0.98 * n and fraction:
        return "0-1"
    for name, hits in (("1-5", in5), ("1-10", in10), ("0-10", in0_10)):
        if hits >= 0.98 * n:
            if name == "1-10" and in0_10 > in10:
                continue
            return name
    return "0-100"


def _ticket_surveys(cur: duckdb.DuckDBPyConnection, report: SheetReport, col_src: dict[str, str],
                    batch_id: int) -> None:
    """Satisfaction answers inside a ticket export (Zendesk's Satisfaction Score, JSM's
    Satisfaction rating, a csat_score column) as survey responses of touchpoint 'ticket', each
    linked to its ticket and project, dated when rated (else when resolved, closed, updated,
    created). Written as words (good / bad) they are on a 0-1 scale; numbers get their scale
    detected. A re-import replaces them, as it replaces the tickets."""
    words, = one(cur.execute("SELECT count(*) FILTER (satisfaction IS NOT NULL AND "
                         "TRY_CAST(raw_satisfaction AS DOUBLE) IS NULL) FROM _final"))
    scale = "0-1" if words else _detect_scale(cur, "_final", "satisfaction")
    low, high, _ = SCORE_SCALES[scale]
    when = [c for c in ("satisfaction_at", "resolved_at", "closed_at", "updated_at", "created_at") if c in col_src]
    copied = [f"{c} AS {c}" for c in ("customer", "team") if c in col_src]
    if "satisfaction_comment" in col_src:
        copied.append("satisfaction_comment AS comment")
    rid = "'ticket:' || coalesce(project_id || '/', '') || __key"
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _ticket_surveys AS SELECT {rid} AS response_id, project_id, "
                f"coalesce({', '.join(when)}) AS submitted_at, satisfaction AS score, {_lit(scale)} AS scale, "
                f"'ticket' AS touchpoint, __key AS ticket_id{''.join(', ' + c for c in copied)}, "
                f"{batch_id} AS batch_id, __row AS source_row FROM _final "
                f"WHERE satisfaction BETWEEN {low} AND {high}")
    # versions of the surveys, in the ticket batch (so undoing it takes them back too)
    store.write_versions(cur, "surveys", batch_id, "SELECT * EXCLUDE (batch_id) FROM _ticket_surveys",
                         record=False)
    n, = one(cur.execute("SELECT count(*) FROM _ticket_surveys"))
    cur.execute("DROP TABLE _ticket_surveys")
    if n:
        report.notes.append(Message("ingest.note.ticket_surveys", {"n": n, "scale": scale}))


def _scale_from_text(col: str) -> str:
    """A scale column's text ('1-5', '5分制', '0~100', '10') -> canonical scale name or NULL."""
    return scale_sql(_q("raw_" + col))


def _is_complaint_sql(col_src: dict[str, str]) -> str:
    """Given explicitly, else derived: type complaint, or a category that says complaint."""
    derived = []
    if "type" in col_src:
        derived.append("type = 'complaint'")
    if "category" in col_src:
        derived.append("regexp_matches(lower(category), 'complain|投诉|客诉')")
    parts = (["is_complaint"] if "is_complaint" in col_src else []) + [" OR ".join(derived) or "false", "false"]
    return f"COALESCE({', '.join(parts)}) AS is_complaint"



def _extra_sql(table: Table, col_src: dict[str, str]) -> str:
    """Unmapped columns, plus any mapped cell whose text could not be read (so it is not lost)."""
    kept = []
    for col in table.columns:
        if col.name not in col_src or col.kind == "text" and not col.enum:
            continue
        raw, typed = _q("raw_" + col.name), _q(col.name)
        lost = f"{typed} IS NULL AND {raw} IS NOT NULL"
        if col.enum == "ticket_type":
            lost = f"{typed} = 'other' AND lower({raw}) <> 'other'"
        kept.append((col.name, raw, lost))
    if not kept:
        return "extra"
    any_lost = " OR ".join(f"({lost})" for _, _, lost in kept)
    pairs = ", ".join(f"{_lit(name + '_raw')}, CASE WHEN {lost} THEN {raw} END" for name, raw, lost in kept)
    return (f"CASE WHEN {any_lost} THEN json_merge_patch(coalesce(extra, '{{}}'::JSON), "
            f"json_object({pairs})) ELSE extra END")
