"""Reading query results: the one row an aggregate query returns.

DuckDB's ``fetchone()`` says "a row or None"; an aggregate (``SELECT count(*) ...``) always
has its row, so code that unpacks it calls :func:`one`, which says so and fails loudly if
the query was not the aggregate it was meant to be.
"""

from __future__ import annotations

from typing import Any

import duckdb


def one(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The single row of an executed aggregate query (``one(cur.execute(sql))``)."""
    row = result.fetchone()
    if row is None:
        raise LookupError("an aggregate query returned no row")
    return row
