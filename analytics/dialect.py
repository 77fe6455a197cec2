"""DuckDB's SQL as Spark SQL: the one place the metric engine's statements are translated for
the second engine.

The metric registry and the metric modules write one statement per figure, in the portable
subset (see analytics/metrics/_base.py and tests/test_portable_sql.py): every value a named
parameter, durations by ``date_diff``, explicit bounds, ``CAST``, ``UNION ALL``, DOUBLE
constants. Spark runs most of that text as it is. What it spells differently is rewritten here,
each rewrite named (:data:`REWRITES`), so the text the registry generates stays the one
declaration of a figure and a reader sees every difference between the engines in one list:

- *named parameters*: ``$name`` becomes Spark's marker ``:name`` (``spark.sql(text, args=...)``);
- *date_diff units*: ``date_diff('day', a, b)`` becomes ``datediff(DAY, a, b)`` (Spark's unit
  is a keyword; for the dates and timestamps the metrics compare, both count whole units from
  a to b);
- *exact percentiles*: ``quantile_cont(x, q)`` becomes ``percentile(x, q)``, the exact,
  linearly interpolated percentile (never ``percentile_approx``), a list of fractions
  ``[0.5, 0.9]`` an ``array(0.5, 0.9)``;
- *list positions*: ``x[1]`` (DuckDB counts from 1) becomes ``x[0]`` (Spark counts from 0);
- *series*: ``generate_series(a, b, step) AS g(c)`` in a FROM list becomes
  ``(SELECT explode(sequence(a, b, step)) AS c) AS g``;
- *list types*: ``DATE[]`` / ``INTEGER[]`` become ``ARRAY<DATE>`` / ``ARRAY<INT>``,
  ``list_contains`` becomes ``array_contains``;
- *ISO weekday*: ``isodow(d)`` (Monday 1 ... Sunday 7) becomes ``(weekday(d) + 1)`` (Spark's
  weekday counts Monday 0 ... Sunday 6);
- *text type*: ``VARCHAR`` becomes ``STRING``;
- *scalar EXISTS*: a statement ``SELECT EXISTS (subquery)`` becomes
  ``SELECT count(*) > 0 FROM (subquery LIMIT 1)`` (Spark takes EXISTS only as a filter);
- *microseconds to a timestamp*: ``make_timestamp(n)`` (microseconds since 1970) becomes
  ``CAST(timestamp_micros(n) AS TIMESTAMP_NTZ)``, exact on a session pinned to UTC.

The session is pinned so that the rest means the same on both engines (see
analytics/engines.py): UTC, TIMESTAMP meaning TIMESTAMP_NTZ, ANSI mode (an overflow or a bad
cast is an error, not a NULL), double-quoted names as identifiers.

What the translation does not cover is refused with the construct's name
(:class:`Untranslatable`) rather than sent on to fail obscurely: DuckDB's ``SELECT * REPLACE``
and the ``ASOF`` join, which only the business-hours SLA clock and the business-clock duration
lists use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class Untranslatable(ValueError):
    """A statement holding a construct Spark SQL has no spelling for here."""


@dataclass(frozen=True)
class Rewrite:
    name: str
    apply: Callable[[str], str]


def _scan(sql: str) -> list[tuple[str, str]]:
    """``sql`` cut into ("code", text), ("string", 'literal') and ("comment", -- text)."""
    parts: list[tuple[str, str]] = []
    i, start = 0, 0
    while i < len(sql):
        if sql[i] == "'":
            parts.append(("code", sql[start:i]))
            j = i + 1
            while j < len(sql):
                if sql[j] == "'" and sql[j + 1:j + 2] == "'":
                    j += 2
                elif sql[j] == "'":
                    break
                else:
                    j += 1
            parts.append(("string", sql[i:j + 1]))
            i = start = j + 1
        elif sql.startswith("--", i):
            parts.append(("code", sql[start:i]))
            j = sql.find("\n", i)
            j = len(sql) if j < 0 else j
            parts.append(("comment", sql[i:j]))
            i = start = j
        else:
            i += 1
    parts.append(("code", sql[start:]))
    return [p for p in parts if p[1]]


def _without_comments(sql: str) -> str:
    return "".join(text for kind, text in _scan(sql) if kind != "comment")


def _in_code(pattern: str, repl: str | Callable[[re.Match[str]], str], flags: int = 0
             ) -> Callable[[str], str]:
    """A regular-expression rewrite of the code only (string literals keep their text)."""
    compiled = re.compile(pattern, flags)

    def apply(sql: str) -> str:
        return "".join(compiled.sub(repl, text) if kind == "code" else text
                       for kind, text in _scan(sql))
    return apply


def _closing(sql: str, open_at: int) -> int:
    """The index of the parenthesis closing the one at ``open_at`` (string literals skipped)."""
    depth, i = 0, open_at
    while i < len(sql):
        c = sql[i]
        if c == "'":
            i = sql.index("'", i + 1)
            while sql[i + 1:i + 2] == "'":
                i = sql.index("'", i + 2)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise Untranslatable("unbalanced parentheses")


def _calls(name: str, rewrite: Callable[[str, str], str]) -> Callable[[str], str]:
    """Rewrite every call ``name(args)`` (and what follows it) by ``rewrite(args, rest)``,
    which returns the replacement of the call and the rest of the statement."""
    head = re.compile(rf"\b{name}\s*\(", re.I)

    def apply(sql: str) -> str:
        out, pos = [], 0
        while (m := head.search(sql, pos)) is not None:
            end = _closing(sql, m.end() - 1)
            out.append(sql[pos:m.start()])
            sql = rewrite(sql[m.end():end], sql[end + 1:])
            pos = 0
        out.append(sql)
        return "".join(out)
    return apply


def _percentile(args: str, rest: str) -> str:
    fractions = re.search(r",\s*\[([^\[\]]*)\]\s*$", args)
    if fractions:
        args = f"{args[:fractions.start()]}, array({fractions.group(1)})"
    return f"percentile({args})" + rest


_SERIES_ALIAS = re.compile(r"\s*AS\s+(\w+)\s*\(\s*(\w+)\s*\)", re.I)


def _series(args: str, rest: str) -> str:
    alias = _SERIES_ALIAS.match(rest)
    if alias is None:
        raise Untranslatable("generate_series without an alias g(column)")
    table, column = alias.groups()
    return f"(SELECT explode(sequence({args})) AS {column}) AS {table}" + rest[alias.end():]


def _scalar_exists(sql: str) -> str:
    m = re.match(r"\s*SELECT\s+EXISTS\s*\(", sql, re.I)
    if m is None:
        return sql
    end = _closing(sql, m.end() - 1)
    if sql[end + 1:].strip():
        return sql
    return f"SELECT count(*) > 0 FROM ({sql[m.end():end]} LIMIT 1) AS e"


def _refuse(pattern: str, what: str) -> Callable[[str], str]:
    compiled = re.compile(pattern, re.I)

    def apply(sql: str) -> str:
        if any(kind == "code" and compiled.search(text) for kind, text in _scan(sql)):
            raise Untranslatable(f"{what} has no Spark SQL spelling here")
        return sql
    return apply


#: Every rewrite, in the order applied (the names are the parity test's vocabulary).
REWRITES: tuple[Rewrite, ...] = (
    Rewrite("SELECT * REPLACE", _refuse(r"\*\s*REPLACE\s*\(", "SELECT * REPLACE")),
    Rewrite("ASOF join", _refuse(r"\bASOF\b", "an ASOF join")),
    Rewrite("named parameters", _in_code(r"\$(\w+)", r":\1")),
    Rewrite("date_diff units", lambda sql: re.sub(
        r"\bdate_diff\s*\(\s*'(\w+)'\s*,", lambda m: f"datediff({m.group(1).upper()},", sql)),
    Rewrite("exact percentiles", _calls("quantile_cont", _percentile)),
    Rewrite("list positions", _in_code(r"(?<=[\w)\]])\[(\d+)\]",
                                       lambda m: f"[{int(m.group(1)) - 1}]")),
    Rewrite("series", _calls("generate_series", _series)),
    Rewrite("list types", _in_code(r"\b(DATE|INTEGER)\[\]|\blist_contains\s*\(",
                                   lambda m: ("array_contains(" if m.group(1) is None else
                                              f"ARRAY<{'INT' if m.group(1) == 'INTEGER' else 'DATE'}>"),
                                   re.I)),
    Rewrite("ISO weekday", _calls("isodow", lambda args, rest: f"(weekday({args}) + 1)" + rest)),
    Rewrite("text type", _in_code(r"\bAS\s+VARCHAR\b", "AS STRING", re.I)),
    Rewrite("scalar EXISTS", _scalar_exists),
    Rewrite("microseconds to a timestamp", _calls(
        "make_timestamp", lambda args, rest: f"CAST(timestamp_micros({args}) AS TIMESTAMP_NTZ)" + rest)),
)


def to_spark(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` in Spark SQL, and the names of the rewrites that changed it."""
    text = _without_comments(sql)
    used = []
    for rewrite in REWRITES:
        new = rewrite.apply(text)
        if new != text:
            used.append(rewrite.name)
        text = new
    return text, tuple(used)


__all__ = ["REWRITES", "Rewrite", "Untranslatable", "to_spark"]
