"""Cached queries: ``query(fn, *args)`` runs ``fn(con, *args)`` on the shared store through
Streamlit's data cache, keyed on the store file and its data version, so a filter change
reuses what is known and an import refreshes every page."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from .. import store
from ..settings import DEMO_WORKBOOK
from .stores import connection_for, store_path

R = TypeVar("R")


def _function_id(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


@st.cache_data(show_spinner=False, max_entries=4096)
def _cached_shared(_fn: Callable[..., R], fn_id: str, path: str, version: str,
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
    return _fn(connection_for(path), *args, **kwargs)


def query(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """``fn(con, *args, **kwargs)`` on the shared store, cached.

    The cache key is the function's qualified name, the store file, the store's data version
    and the arguments, so: a filter change reuses what was computed before, and an import or
    an undo (a new data version) recomputes, in every session.
    ``fn`` must be a module-level function (lambdas share one name) and its result picklable.
    """
    path = store_path()
    version = store.data_version(connection_for(path))
    return _cached_shared(fn, _function_id(fn), path, version, args, kwargs)


def store_is_empty() -> bool:
    return query(_is_empty)


def _is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return store.is_empty(con)


@functools.lru_cache(maxsize=4)
def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def showing_demo() -> bool:
    """Whether every row on screen is the shipped demo portfolio (nothing else imported, or
    all of it undone), so the pages can say they show demo data."""
    sha = _sha256_of(DEMO_WORKBOOK)
    return sha is not None and query(store.holds_only, sha)
