"""Multi-select answers: a survey export's "which of these apply" column holds every choice of
one respondent in one cell, joined with ``┋`` (Wenjuanxing / Tencent survey exports), ``|`` or
``;``. Counted as they are, "A┋B" and "B┋A" are two unrelated values and neither counts for A.

:func:`multi_answer_columns` finds such columns (the Explore profile offers the split) and
:func:`split_answers` turns a table into one row per answer, both in DuckDB on the sandbox's
locked, external-access-free connection. Nothing is dropped: a row without any answer stays
one row with an empty answer, so the split table still holds every respondent.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import explore

#: The separators survey tools join choices with, in the order a tie is decided.
SEPARATORS: tuple[str, ...] = ("┋", "|", ";")
#: A column is offered for splitting when at least this share of its filled cells, and at
#: least :data:`MIN_JOINED` cells, hold the separator: one stray ";" in a comment is not a
#: multi-select question.
MIN_SHARE = 0.1
MIN_JOINED = 2

_PARTS = "__pulse_answers"


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


@dataclass(frozen=True)
class MultiAnswer:
    """A column found to join answers: its separator, and in how many of its filled cells."""

    column: str
    separator: str
    joined: int
    filled: int


def multi_answer_columns(df: pd.DataFrame) -> dict[str, MultiAnswer]:
    """Text columns whose cells join several answers, by column name.

    One DuckDB pass counts, per text column, the filled cells and the cells holding each
    separator; the separator found in most cells wins (ties in :data:`SEPARATORS` order).
    """
    text = [str(c) for c in df.columns
            if isinstance(df[c], pd.Series) and explore.column_kind(df[c]) == "text"]
    if not text or df.empty:
        return {}
    frame = pd.DataFrame({f"c{i}": df[c] for i, c in enumerate(text)})
    parts = []
    for i in range(len(text)):
        parts.append(f"count(c{i})")
        parts += [f"count(*) FILTER (WHERE contains(c{i}, ${j + 1}))" for j in range(len(SEPARATORS))]
    con = explore._open_sandbox({"t": frame})
    try:
        counts = con.execute(f"SELECT {', '.join(parts)} FROM t", list(SEPARATORS)).fetchone()
    finally:
        con.close()
    assert counts is not None
    found: dict[str, MultiAnswer] = {}
    step = 1 + len(SEPARATORS)
    for i, column in enumerate(text):
        filled, *hits = counts[i * step:(i + 1) * step]
        best = max(range(len(SEPARATORS)), key=lambda j: (hits[j], -j))
        if hits[best] >= MIN_JOINED and hits[best] >= MIN_SHARE * filled:
            found[column] = MultiAnswer(column, SEPARATORS[best], int(hits[best]), int(filled))
    return found


def split_answers(df: pd.DataFrame, column: str, separator: str) -> pd.DataFrame:
    """``df`` with one row per answer of ``column``: answers trimmed, empty pieces dropped, a
    cell without any answer kept as one row with an empty value. The other columns repeat;
    row order follows the source. ``attrs`` records where the table came from."""
    if column not in df.columns:
        raise explore.ChartRefused("explore.error.no_column", column=column)
    if separator not in SEPARATORS:
        raise explore.ChartRefused("explore.error.bad_option", value=separator)
    # DuckDB splits; pandas only repeats the source rows it names, so every other column
    # keeps its exact type.
    frame = pd.DataFrame({"v": df[column].astype("str").where(df[column].notna(), None),
                          "r": np.arange(len(df), dtype="int64")})
    sql = (f"SELECT r, unnest(CASE WHEN {_PARTS} IS NULL OR len({_PARTS}) = 0 THEN [NULL::VARCHAR] "
           f"ELSE {_PARTS} END) AS answer FROM (SELECT r, list_filter(list_transform("
           f"string_split(v, $1), lambda a: trim(a)), lambda a: a <> '') AS {_PARTS} FROM t) "
           "ORDER BY r")
    con = explore._open_sandbox({"t": frame})
    try:
        pieces = con.execute(sql, [separator]).df()
    finally:
        con.close()
    out = df.iloc[pieces["r"].to_numpy()].reset_index(drop=True)
    out[column] = pd.Series(pieces["answer"].to_numpy(dtype=object), dtype="str").where(
        pieces["answer"].notna().to_numpy(), None)
    out.attrs = {**df.attrs, "split": column, "separator": separator, "source_rows": len(df)}
    return out


def add_split_table(state: MutableMapping[str, Any], table: str, column: str, separator: str) -> str:
    """Split ``table``'s ``column`` into a new session table (``<table>__<column>``) beside
    the source and return its name. It belongs to the source's upload, so removing the file
    from the uploader removes it too; splitting the same column again reuses the name."""
    tables: dict[str, pd.DataFrame] = state["explore_tables"]
    name = explore.table_identifier(table, column)
    if name not in tables:
        taken = {n.lower() for n in tables} | {n.lower() for n in explore.PORTFOLIO_TABLES}
        name = explore._unique(name, taken)
    tables[name] = split_answers(tables[table], column, separator)
    for entry in state.get("explore_uploads", {}).values():
        if table in entry.get("tables", []) and name not in entry["tables"]:
            entry["tables"].append(name)
    return name


__all__ = ["MIN_JOINED", "MIN_SHARE", "SEPARATORS", "MultiAnswer", "add_split_table", "multi_answer_columns",
           "split_answers"]
