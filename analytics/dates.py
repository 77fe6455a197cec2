"""Text dates to timestamps, in SQL, without ever storing a wrong date.

A wrong date stored with confidence is worse than an empty one, so this module reads a date
only in a shape it recognises completely, and refuses the rest:

- Text that starts with a four-digit year (ISO 8601, ``2025/3/5``, ``2025年3月5日``,
  ``20250305``) is read year-month-day; only such text goes through DuckDB's own cast, which
  otherwise reads ``2/1/20`` as the year 2.
- Numeric day/month/year text (``05/03/2025``, ``1/1/20 6:27``, ``02-28-2025 14:06:19``) is
  read in **one order per column**: the order the column's own values prove (a part above 12
  can only be a day), else the order the sheet's other date columns prove, else day-first,
  and the ambiguity is reported. A value that contradicts the column's order is unreadable,
  never read the other way round. A two-digit year is 2000-2069 or 1970-1999 (as Python's
  ``%y``); a four-digit year means four digits.
- Month names in the languages Jira and Excel export in: English, Chinese (``1月``, ``一月``),
  Spanish, Portuguese, French and German abbreviations and full names (``06/Jan/26``,
  ``03/dic/25``, ``12/févr./26``, ``5. Okt 2025``, ``Mar 5, 2025``).
- Clocks: ``14:06``, ``14:06:19.250``, 12-hour forms ``5:00:00 PM``, ``9:29 上午`` / ``下午``,
  ``a. m.``; a trailing zone (``Z``, ``+08:00``) is dropped, the clock kept as written.
- Excel serial numbers (10000-80000, 1927-2119).
- Any year before 1900 is a failed parse, not a value.

Every value is split by one regular expression into its parts (:data:`PATTERN`), and the
timestamp is assembled from them; the same split gives the evidence for the column's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from .messages import Message
from .rows import one

# -- month names ------------------------------------------------------------------------------

#: Month names and abbreviations, lower case without a trailing dot, by language.
MONTH_NAMES: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {1: ("jan", "january"), 2: ("feb", "february"), 3: ("mar", "march"), 4: ("apr", "april"),
           5: ("may",), 6: ("jun", "june"), 7: ("jul", "july"), 8: ("aug", "august"),
           9: ("sep", "sept", "september"), 10: ("oct", "october"), 11: ("nov", "november"),
           12: ("dec", "december")},
    "zh": {1: ("一月",), 2: ("二月",), 3: ("三月",), 4: ("四月",), 5: ("五月",), 6: ("六月",),
           7: ("七月",), 8: ("八月",), 9: ("九月",), 10: ("十月",), 11: ("十一月",), 12: ("十二月",)},
    "es": {1: ("ene", "enero"), 2: ("feb", "febrero"), 3: ("mar", "marzo"), 4: ("abr", "abril"),
           5: ("may", "mayo"), 6: ("jun", "junio"), 7: ("jul", "julio"), 8: ("ago", "agosto"),
           9: ("sep", "sept", "set", "septiembre", "setiembre"), 10: ("oct", "octubre"),
           11: ("nov", "noviembre"), 12: ("dic", "diciembre")},
    "pt": {1: ("jan", "janeiro"), 2: ("fev", "fevereiro"), 3: ("mar", "março", "marco"),
           4: ("abr", "abril"), 5: ("mai", "maio"), 6: ("jun", "junho"), 7: ("jul", "julho"),
           8: ("ago", "agosto"), 9: ("set", "setembro"), 10: ("out", "outubro"),
           11: ("nov", "novembro"), 12: ("dez", "dezembro")},
    "fr": {1: ("janv", "janvier"), 2: ("févr", "fevr", "février", "fevrier"), 3: ("mars",),
           4: ("avr", "avril"), 5: ("mai",), 6: ("juin",), 7: ("juil", "juillet"),
           8: ("août", "aout"), 9: ("sept", "septembre"), 10: ("oct", "octobre"),
           11: ("nov", "novembre"), 12: ("déc", "dec", "décembre", "decembre")},
    "de": {1: ("jan", "januar", "jän", "jänner"), 2: ("feb", "februar"), 3: ("mär", "märz", "mrz", "maerz"),
           4: ("apr", "april"), 5: ("mai",), 6: ("jun", "juni"), 7: ("jul", "juli"), 8: ("aug", "august"),
           9: ("sep", "sept", "september"), 10: ("okt", "oktober"), 11: ("nov", "november"),
           12: ("dez", "dezember")},
}


def month_lookup() -> dict[str, int]:
    """Every month name -> its number; a name two languages share names the same month."""
    out: dict[str, int] = {}
    for months in MONTH_NAMES.values():
        for number, names in months.items():
            for name in names:
                if out.setdefault(name, number) != number:
                    raise ValueError(f"month name {name!r} names two months")
    return out


AM_MARKERS: tuple[str, ...] = ("am", "a.m.", "a. m.", "上午", "凌晨", "早上", "午前")
PM_MARKERS: tuple[str, ...] = ("pm", "p.m.", "p. m.", "下午", "晚上", "中午", "午後")

# -- the one pattern --------------------------------------------------------------------------

_MONTH = r"(\d{1,2}月|\pL+\.?)"
_AMPM = r"(am|pm|a\.\s?m\.|p\.\s?m\.|上午|下午|凌晨|早上|中午|晚上|午前|午後)"
_TIME = (rf"(?:[ t]*(?:{_AMPM}\s*)?(\d{{1,2}})[:时](\d{{2}})分?(?:[:时](\d{{2}})秒?(?:[.,](\d{{1,9}}))?)?"
         rf"\s*{_AMPM}?)?")
_ZONE = r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?"

#: Applied to ``lower(trim(value))``. One alternative per family of date shapes; the time of
#: day and a zone may follow any of them.
PATTERN = (
    r"^(?:"
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"          # ymd: 2025-03-05, 2025/3/5, 2025年3月5日
    r"|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})"           # num: 05/03/2025, 1/1/20, 02-28-2025
    rf"|(\d{{1,2}})\.?[-/ ]*{_MONTH}[-/ ,]*(\d{{4}}|\d{{2}})"   # dmy: 06/Jan/26, 06/1月/26, 5. Okt 2025
    rf"|{_MONTH}\s*(\d{{1,2}}),?\s+(\d{{4}})"               # mdy: Mar 5, 2025
    r"|(\d{4})(\d{2})(\d{2})"                               # compact: 20250305
    r"|(\d{4})年(\d{1,2})月"                                # ym: 2025年3月
    rf"){_TIME}{_ZONE}$"
)
#: Names of PATTERN's groups, in order (the struct fields regexp_extract returns).
GROUPS: tuple[str, ...] = (
    "y1", "m1", "d1",
    "a2", "b2", "y2",
    "d3", "n3", "y3",
    "n4", "d4", "y4",
    "y5", "m5", "d5",
    "y6", "m6",
    "p1", "hh", "mi", "ss", "ff", "p2",
)

DAY_FIRST = "day_first"
MONTH_FIRST = "month_first"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parts_sql(v: str) -> str:
    """The struct of PATTERN's groups for text ``v`` (all '' when it matches no shape)."""
    names = "[" + ", ".join(_lit(g) for g in GROUPS) + "]"
    return f"regexp_extract(lower({v}), {_lit(PATTERN)}, {names})"


def fast_guard(v: str) -> str:
    """True for text DuckDB's own cast may read: a four-digit year from 1900, then a dash."""
    return f"(substr({v}, 5, 1) = '-' AND substr({v}, 1, 4) BETWEEN '1900' AND '9999')"


def _int(e: str) -> str:
    return f"TRY_CAST(NULLIF({e}, '') AS INTEGER)"


def fields_sql(p: str, day_first: bool) -> str:
    """The parts struct ``p`` as numbers: a struct of y, m, d, h, mi, s (NULL where a part is
    not a number, or the hour does not fit its 12-hour marker) and f (fraction text)."""
    months = ", ".join(f"{_lit(k)}: {n}" for k, n in month_lookup().items())
    name = f"rtrim({p}.n3 || {p}.n4, '.')"
    named = f"coalesce(MAP {{{months}}}[{name}], TRY_CAST(regexp_extract({name}, '^(\\d{{1,2}})月$', 1) AS INTEGER))"
    first, second = (f"{p}.a2", f"{p}.b2") if day_first else (f"{p}.b2", f"{p}.a2")
    year_text = f"({p}.y1 || {p}.y2 || {p}.y3 || {p}.y4 || {p}.y5 || {p}.y6)"
    year = (f"CASE WHEN length({year_text}) = 2 THEN 1900 + (({_int(year_text)} + 30) % 100) + 70 "
            f"ELSE {_int(year_text)} END")
    month = (f"CASE WHEN {p}.a2 <> '' THEN {_int(second)} WHEN ({p}.n3 || {p}.n4) <> '' THEN {named} "
             f"ELSE {_int(f'{p}.m1 || {p}.m5 || {p}.m6')} END")
    day = (f"CASE WHEN {p}.a2 <> '' THEN {_int(first)} WHEN {p}.y6 <> '' THEN 1 "
           f"ELSE {_int(f'{p}.d1 || {p}.d3 || {p}.d4 || {p}.d5')} END")
    marker = f"regexp_replace({p}.p1 || {p}.p2, '\\s', '', 'g')"
    am = ", ".join(_lit(m.replace(" ", "")) for m in AM_MARKERS)
    pm = ", ".join(_lit(m.replace(" ", "")) for m in PM_MARKERS)
    h = f"coalesce({_int(f'{p}.hh')}, 0)"
    hour = (f"CASE WHEN {p}.p1 = '' AND {p}.p2 = '' THEN {h} "
            f"WHEN {h} NOT BETWEEN 1 AND 12 OR {p}.p1 <> '' AND {p}.p2 <> '' THEN NULL "
            f"WHEN {marker} IN ({am}) THEN {h} % 12 "
            f"WHEN {marker} IN ({pm}) THEN {h} % 12 + 12 END")
    return (f"struct_pack(y := {year}, m := {month}, d := {day}, h := {hour}, "
            f"mi := coalesce({_int(f'{p}.mi')}, 0), s := coalesce({_int(f'{p}.ss')}, 0), f := {p}.ff)")


def from_fields_sql(f: str) -> str:
    """A TIMESTAMP from the fields struct ``f`` (:func:`fields_sql`), NULL when they make no
    real date (31 February, month 13, hour 25) or the year is before 1900."""
    text = (f"printf('%04d-%02d-%02d %02d:%02d:%02d', {f}.y, {f}.m, {f}.d, {f}.h, {f}.mi, {f}.s)"
            f" || CASE WHEN {f}.f <> '' THEN '.' || {f}.f ELSE '' END")
    return f"CASE WHEN {f}.y >= 1900 THEN TRY_CAST({text} AS TIMESTAMP) END"


def fast_sql(v: str) -> str:
    """DuckDB's own cast, for text that passes :func:`fast_guard` only."""
    return f"CASE WHEN {fast_guard(v)} THEN TRY_CAST({v} AS TIMESTAMP) END"


def serial_sql(v: str) -> str:
    """An Excel serial day number (10000-80000: 1927-2119) as a TIMESTAMP."""
    return (f"CASE WHEN TRY_CAST({v} AS DOUBLE) BETWEEN 10000 AND 80000 THEN TIMESTAMP '1899-12-30' + "
            f"to_microseconds(CAST(round(TRY_CAST({v} AS DOUBLE) * 86400000000) AS BIGINT)) END")


def timestamp_sql(v: str, f: str) -> str:
    """The timestamp of text ``v`` whose fields struct is column ``f``.

    DuckDB's cast reads the common ISO text; the fields read the rest. The caller computes
    ``f`` with :func:`fields_needed_sql` in one layer, so the regular expression runs once per
    value and only on text the fast route did not read."""
    return (f"CASE WHEN {v} IS NULL THEN NULL "
            f"ELSE coalesce({fast_sql(v)}, {serial_sql(v)}, {from_fields_sql(f)}) END")


def parts_needed_sql(v: str) -> str:
    """The parts struct, only for text neither DuckDB's cast nor the serial rule reads."""
    return (f"CASE WHEN {v} IS NOT NULL AND {fast_sql(v)} IS NULL AND {serial_sql(v)} IS NULL "
            f"THEN {parts_sql(v)} END")


def quick_sql(v: str) -> str:
    """The timestamp of text ``v`` in a column whose every value DuckDB's cast or the serial
    rule reads (see :attr:`DateOrder.slow`): no parts to split."""
    return f"coalesce({fast_sql(v)}, {serial_sql(v)})"


def typed_select(source: str, columns: dict[str, tuple[str, bool]]) -> str:
    """``SELECT *, <fields of each column> FROM source`` in two layers: ``columns`` maps a name
    for the fields column to (text column, day_first)."""
    parts = "".join(f", {parts_needed_sql(v)} AS {_q('__p_' + n)}" for n, (v, _) in columns.items())
    fields = "".join(f", {fields_sql(_q('__p_' + n), df)} AS {_q(n)}" for n, (_, df) in columns.items())
    drop = ", ".join(_q("__p_" + n) for n in columns)
    inner = f"(SELECT *{parts} FROM {source})"
    return f"(SELECT * EXCLUDE ({drop}){fields} FROM {inner})" if columns else source


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def iso_cell_sql(v: str) -> str:
    """A workbook's own date cell, written by the reader as ISO text: a plain cast, a year
    before 1900 (a time-of-day cell, a damaged serial) refused all the same."""
    return f"CASE WHEN substr({v}, 1, 4) >= '1900' THEN TRY_CAST({v} AS TIMESTAMP) END"


# -- the order of a column --------------------------------------------------------------------


@dataclass(frozen=True)
class DateOrder:
    """How one date column's numeric day/month values are read, and why.

    ``basis``: ``proven`` (its own values), ``mixed`` (both orders seen; the majority wins, the
    others are unreadable), ``sheet`` (another date column of the sheet proves it: ``source``),
    ``default`` (nothing decides: day-first), ``none`` (no numeric day/month values at all).
    """

    column: str
    order: str
    basis: str
    numeric: int = 0          # values of the numeric day/month/year shape
    day_proof: int = 0        # of those, values with 13+ in the first place
    month_proof: int = 0      # ... in the second place
    ambiguous: int = 0        # both places 1-12 and different: readable either way
    day_example: str | None = None
    month_example: str | None = None
    ambiguous_example: str | None = None
    source: str | None = None  # the column whose proof a 'sheet' decision follows
    unreadable: int = 0
    examples: tuple[tuple[str, datetime | None], ...] = field(default=())  # raw text, its reading
    slow: int = 0             # values DuckDB's cast and the serial rule do not read

    @property
    def day_first(self) -> bool:
        return self.order == DAY_FIRST

    @property
    def evidence(self) -> str | None:
        return self.day_example if self.day_first else self.month_example


def evidence(cur: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> dict[str, DateOrder]:
    """Per header (``columns``: header -> SQL column of ``table``): the counts that decide its
    order, in one scan. Orders are not decided yet (see :func:`decide`)."""
    if not columns:
        return {}
    parts = []
    # only text with a separator in 2nd or 3rd place can be numeric day/month text
    cand = "CASE WHEN substr(v, 2, 1) IN ('/', '.', '-') OR substr(v, 3, 1) IN ('/', '.', '-') THEN v END"
    for v in columns.values():
        parts.append(
            f"(SELECT struct_pack(n := count(a), day := count(*) FILTER (a > 12 AND b <= 12),"
            f" month := count(*) FILTER (b > 12 AND a <= 12),"
            f" amb := count(*) FILTER (a BETWEEN 1 AND 12 AND b BETWEEN 1 AND 12 AND a <> b),"
            f" day_ex := min(v) FILTER (a > 12 AND b <= 12), month_ex := min(v) FILTER (b > 12 AND a <= 12),"
            f" amb_ex := min(v) FILTER (a BETWEEN 1 AND 12 AND b BETWEEN 1 AND 12 AND a <> b),"
            f" slow := count(*) FILTER (p IS NOT NULL))"
            f" FROM (SELECT v, p, TRY_CAST(NULLIF(p.a2, '') AS INTEGER) AS a,"
            f" TRY_CAST(NULLIF(p.b2, '') AS INTEGER) AS b"
            f" FROM (SELECT {cand} AS v, {parts_needed_sql('v')} AS p"
            f" FROM (SELECT {v} AS v FROM {table}) WHERE v IS NOT NULL)))")
    row = one(cur.execute("SELECT " + ", ".join(parts)))
    out = {}
    for header, s in zip(columns, row):
        out[header] = DateOrder(header, DAY_FIRST, "none", s["n"], s["day"], s["month"], s["amb"],
                                s["day_ex"], s["month_ex"], s["amb_ex"], slow=s["slow"])
    return out


def decide(found: dict[str, DateOrder]) -> dict[str, DateOrder]:
    """The order of every column, decided once from the evidence.

    A column's own proof wins (the majority when it holds both); a column without proof
    follows the one order the sheet's other columns prove; else day-first.
    """
    from dataclasses import replace

    decided: dict[str, DateOrder] = {}
    for header, e in found.items():
        if e.day_proof and e.month_proof:
            order = MONTH_FIRST if e.month_proof > e.day_proof else DAY_FIRST
            decided[header] = replace(e, order=order, basis="mixed")
        elif e.day_proof or e.month_proof:
            decided[header] = replace(e, order=DAY_FIRST if e.day_proof else MONTH_FIRST, basis="proven")
    proven = {d.order for d in decided.values() if d.basis == "proven"}
    for header, e in found.items():
        if header in decided:
            continue
        if not e.numeric:
            decided[header] = replace(e, basis="none")
        elif len(proven) == 1:
            order = proven.pop()
            proven.add(order)
            source = next(d for d in decided.values() if d.basis == "proven" and d.order == order)
            decided[header] = replace(e, order=order, basis="sheet", source=source.column)
        else:
            decided[header] = replace(e, order=DAY_FIRST, basis="default")
    return {h: decided[h] for h in found}


def readings(cur: duckdb.DuckDBPyConnection, table: str, v: str, day_first: bool,
             n: int = 3) -> tuple[int, list[tuple[str, datetime | None]]]:
    """How many non-empty values of ``v`` cannot be read, and ``n`` distinct raw values beside
    their reading (numeric day/month values first: they are the ones an order decides)."""
    ts = timestamp_sql("v", "f")
    numeric = "regexp_matches(v, '^\\s*\\d{1,2}[-/.]\\d{1,2}[-/.]\\d')"
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE _readings AS SELECT v, n, first, {ts} AS t, {numeric} AS num "
        f"FROM " + typed_select(f"(SELECT {v} AS v, count(*) AS n, min(rowid) AS first FROM {table} "
                               f"WHERE {v} IS NOT NULL GROUP BY 1)", {"f": ("v", day_first)}))
    unreadable, = one(cur.execute("SELECT coalesce(sum(n) FILTER (t IS NULL), 0) FROM _readings"))
    rows = cur.execute(f"SELECT v, t FROM _readings ORDER BY num DESC, first LIMIT {int(n)}").fetchall()
    cur.execute("DROP TABLE _readings")
    return int(unreadable), [(r[0], r[1]) for r in rows]


def note(d: DateOrder) -> Message | None:
    """What the import says about a column's order; None when nothing needs saying (no
    numeric day/month values, or all of them unambiguous in the order they prove)."""
    order = f"ingest.order.{d.order}"
    if d.basis == "mixed":
        return Message("ingest.note.mixed_dates", {
            "column": d.column, "days": d.day_proof, "day_example": d.day_example,
            "months": d.month_proof, "month_example": d.month_example, "order": order,
            "others": d.month_proof if d.day_first else d.day_proof, "unreadable": d.unreadable})
    if d.basis == "proven" and d.ambiguous:
        return Message("ingest.note.proven_dates", {
            "column": d.column, "order": order, "evidence": d.evidence,
            "proofs": d.day_proof or d.month_proof, "ambiguous": d.ambiguous,
            "unreadable": d.unreadable})
    if d.basis == "sheet" and d.ambiguous:
        return Message("ingest.note.sheet_dates", {
            "column": d.column, "order": order, "source": d.source, "ambiguous": d.ambiguous,
            "example": d.ambiguous_example, "unreadable": d.unreadable})
    if d.basis == "default" and d.ambiguous:
        return Message("ingest.note.ambiguous_dates", {
            "column": d.column, "ambiguous": d.ambiguous, "example": d.ambiguous_example,
            "unreadable": d.unreadable})
    return None
