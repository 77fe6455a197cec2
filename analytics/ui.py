"""Streamlit helpers shared by app.py and every page: store, caches, language, filters, widgets.

This is the one module that binds the engine to Streamlit; the rest of ``analytics`` stays
importable without it. Page authors write ``from analytics import ui`` and use:

* ``ui.t(key, **fmt)``, ``ui.lang()``, ``ui.value_label(kind, value)``, ``ui.labeller(prefix)``
  - text in the session's language (``st.session_state["lang"]``, "zh" or "en");
* ``ui.current_filters()`` -> ``Filters`` and ``ui.grain()`` -> "week" | "month" | "quarter"
  - what the shared sidebar selected (also ``st.session_state["filters"]`` / ``["grain"]``);
* ``ui.query(fn, *args, **kwargs)`` - ``fn(con, *args, **kwargs)`` through the data cache,
  keyed on the store file and its data version: a filter change reuses what is known, an
  import refreshes every page. Prefer it to calling metrics directly;
* ``ui.get_connection()`` - the DuckDB store this browser session reads (use ``.cursor()``);
  ``ui.data_version()``, ``ui.store_is_empty()``;
* ``ui.kpi_card(label, value, delta=..., definition="complaint_rate", ...)``,
  ``ui.download_buttons(df, name, key=...)``, ``ui.empty_state(message=None)`` - the widgets
  every page repeats, so they look and behave the same everywhere.

Why a private store per session: DESIGN's safety rule says one person's uploads are never
visible to another browser session. Everyone reads the shared store (demo data, or what the
CLI imported) until they import a file on the Data page; that first import copies the shared
store to a temporary file owned by the session (``st.session_state["store_path"]``), and from
then on the session reads and writes only that copy. Its connection and cached results are
session-scoped; the file is removed once it has been idle for a day.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from . import i18n, store
from .filters import Filters
from .schema import TABLES
from .settings import DEFAULT_DB, DEMO_WORKBOOK, load_settings

R = TypeVar("R")
_log = logging.getLogger(__name__)

# Session-state keys other modules may read. "lang", "grain" and "filters" are the contract
# with the pages; the rest belong to this module.
LANG_KEY = "lang"
GRAIN_KEY = "grain"
FILTERS_KEY = "filters"
STORE_PATH_KEY = "store_path"

GRAINS: tuple[str, ...] = ("week", "month", "quarter")
DEFAULT_GRAIN = "month"

# Sidebar multiselects: Filters field -> widget key. Their order is the sidebar's order.
SIDEBAR_DIMENSIONS: dict[str, str] = {
    "customers": "f_customers",
    "industries": "f_industries",
    "regions": "f_regions",
    "teams": "f_teams",
    "delivery_modes": "f_delivery_modes",
}
PERIOD_KEY = "f_period"
_BOUNDS_KEY = "_f_period_bounds"
# The URL parameters the sidebar owns; any other parameter (a page's own) is left alone.
MANAGED_PARAMS: tuple[str, ...] = ("lang", "grain", "date_from", "date_to",
                                   *SIDEBAR_DIMENSIONS)

# Private copies of the store and uploaded files live in temp dirs with these prefixes;
# directories not touched for this long belong to sessions that ended and are removed.
PRIVATE_PREFIX = "pulse-session-"
UPLOAD_PREFIX = "pulse-upload-"
STALE_AFTER_S = 24 * 3600


# -- language ----------------------------------------------------------------------------------


def lang() -> str:
    """The session's language code ("zh" or "en")."""
    value = st.session_state.get(LANG_KEY)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **fmt: object) -> str:
    """``i18n.t`` bound to the session's language."""
    return i18n.t(key, lang(), **fmt)


def value_label(kind: str, value: str, language: str | None = None) -> str:
    """A canonical value (``onsite``, ``implementation`` …) in the session's language (or
    ``language``).

    Values without an entry ``value.<kind>.<value>`` (customer names, free text) are shown as
    written; that is not a missing translation, so it does not go through strict ``t``.
    """
    key = f"value.{kind}.{value}"
    if key not in i18n.table():
        return str(value)
    return i18n.t(key, language or lang())


def labeller(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` showing option ``x`` as the text of ``f"{prefix}.{x}"``.

    The language is fixed when the widget is drawn: Streamlit may call a format function
    outside the script run, where the session's language cannot be read.
    """
    language = lang()
    return lambda option: i18n.t(f"{prefix}.{option}", language)


def sidebar_language() -> str:
    """The language switch. Starts from ``?lang=`` (default zh) and keeps the session value."""
    ss = st.session_state
    if LANG_KEY not in ss:
        requested = st.query_params.get("lang")
        ss[LANG_KEY] = requested if requested in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    # Both languages in the label, so someone who cannot read the current one finds it.
    label = " / ".join(i18n.t("app.language", code) for code in i18n.LANGUAGES)
    st.sidebar.radio(label, list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.__getitem__,
                     key=LANG_KEY, horizontal=True)
    return lang()


# -- the store ---------------------------------------------------------------------------------


def base_store_path() -> Path:
    """The shared store: ``PULSE_DB`` if set, else data/pulse.duckdb (read on every call so
    tests and deployments can point the app elsewhere)."""
    return Path(os.environ.get("PULSE_DB") or DEFAULT_DB)


def store_path() -> str:
    """The store this session reads: its private copy once it has imported, else the shared one."""
    return str(st.session_state.get(STORE_PATH_KEY) or base_store_path())


def is_private_store() -> bool:
    return bool(st.session_state.get(STORE_PATH_KEY))


@st.cache_resource(show_spinner=False)
def _shared_connection(path: str) -> duckdb.DuckDBPyConnection:
    # One connection per store file for the whole server; queries use .cursor() so threads of
    # different sessions never share a cursor.
    return store.connect(path)


def _close_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=_close_quietly)
def _private_connection(path: str) -> duckdb.DuckDBPyConnection:
    # Session-scoped: closed when the session disconnects, reopened from the file if it
    # comes back. The file itself stays until it has been idle for STALE_AFTER_S.
    return store.connect(path)


def connection_for(path: str) -> duckdb.DuckDBPyConnection:
    """The cached connection of one store file (shared or the session's private copy)."""
    if Path(path).parent.name.startswith(PRIVATE_PREFIX):
        _touch(Path(path).parent)
        return _private_connection(path)
    return _shared_connection(path)


def get_connection() -> duckdb.DuckDBPyConnection:
    """The store this browser session reads. Use ``con.cursor()`` for every query."""
    return connection_for(store_path())


def data_version() -> str:
    """The data version of the session's store; it changes with every import."""
    return store.data_version(get_connection())


def auto_demo_enabled() -> bool:
    """``PULSE_AUTO_DEMO=0`` keeps an empty store empty (tests of the empty state use it)."""
    return os.environ.get("PULSE_AUTO_DEMO", "1") != "0"


_bootstrap_lock = threading.Lock()
_bootstrapped: set[str] = set()


@dataclass(frozen=True)
class StoreStatus:
    """What :func:`ensure_store` found: ``ok`` False means the store could not be opened."""

    ok: bool
    demo_loaded: bool = False
    problem: str | None = None


def ensure_store() -> StoreStatus:
    """Open the shared store; on its first start, when it is empty, import the demo workbook.

    So the app shows a portfolio with nothing uploaded. The lock makes two sessions starting
    at the same moment import it once: the second waits, then finds the store filled.
    """
    path = str(base_store_path())
    try:
        con = _shared_connection(path)
    except (duckdb.Error, OSError) as e:  # typically: the CLI holds the file's write lock
        return StoreStatus(False, problem=t("shell.store_unavailable", name=Path(path).name,
                                            reason=str(e).splitlines()[0]))
    if path in _bootstrapped:
        return StoreStatus(True)
    with _bootstrap_lock:
        if path in _bootstrapped:
            return StoreStatus(True)
        loaded = False
        problem = None
        if auto_demo_enabled() and store.is_empty(con) and DEMO_WORKBOOK.exists():
            from . import ingest  # the import machinery is only needed on a first start

            try:
                with st.spinner(t("shell.loading_demo")):
                    ingest.import_file(con, DEMO_WORKBOOK)
                con.execute("CHECKPOINT")
                loaded = True
            except (ingest.IngestError, duckdb.Error, OSError) as e:
                problem = t("shell.demo_failed", reason=str(e))
        _bootstrapped.add(path)
    return StoreStatus(True, demo_loaded=loaded, problem=problem)


def _touch(directory: Path) -> None:
    try:
        os.utime(directory)
    except OSError:
        pass


def _sweep_stale(prefix: str) -> None:
    """Remove temp dirs of ended sessions (idle longer than STALE_AFTER_S)."""
    now = time.time()
    for d in Path(tempfile.gettempdir()).glob(prefix + "*"):
        try:
            if d.is_dir() and now - d.stat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            continue


def private_connection() -> duckdb.DuckDBPyConnection:
    """The session's own copy of the store, created on first use; imports go here.

    The copy starts as the shared store (checkpointed first, so the file alone is complete;
    a write-ahead log, if one is left, is copied too and replayed on open).
    """
    ss = st.session_state
    current = ss.get(STORE_PATH_KEY)
    if current and Path(current).exists():
        return connection_for(current)
    _sweep_stale(PRIVATE_PREFIX)
    base = base_store_path()
    base_con = _shared_connection(str(base))
    try:
        base_con.cursor().execute("CHECKPOINT")
    except duckdb.Error:
        pass  # a concurrent reader; the WAL copied below keeps the copy complete
    directory = Path(tempfile.mkdtemp(prefix=PRIVATE_PREFIX))
    target = directory / "store.duckdb"
    if base.exists():
        shutil.copyfile(base, target)
        wal = base.with_name(base.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    ss[STORE_PATH_KEY] = str(target)
    return connection_for(str(target))


def discard_private_store() -> None:
    """Back to the shared store; the session's copy is deleted."""
    current = st.session_state.pop(STORE_PATH_KEY, None)
    if current:
        try:
            _private_connection.clear(current)  # closes it through on_release
        except Exception:  # noqa: BLE001 - clearing is best effort, the dir goes anyway
            pass
        shutil.rmtree(Path(current).parent, ignore_errors=True)


def store_is_empty() -> bool:
    return query(_is_empty)


def _is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return store.is_empty(con)


# -- cached queries ----------------------------------------------------------------------------


def _function_id(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


@st.cache_data(show_spinner=False, max_entries=4096)
def _cached_shared(_fn: Callable[..., R], fn_id: str, path: str, version: str,
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
    return _fn(connection_for(path), *args, **kwargs)


@st.cache_data(show_spinner=False, max_entries=512, scope="session")
def _cached_private(_fn: Callable[..., R], fn_id: str, path: str, version: str,
                    args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
    return _fn(connection_for(path), *args, **kwargs)


def query(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """``fn(con, *args, **kwargs)`` on the session's store, cached.

    The cache key is the function's qualified name, the store file, the store's data version
    and the arguments, so: a filter change reuses what was computed before, an import (new data
    version) recomputes, and two sessions with private stores never see each other's results.
    ``fn`` must be a module-level function (lambdas share one name) and its result picklable.
    """
    path = store_path()
    version = store.data_version(connection_for(path))
    cached = _cached_private if is_private_store() else _cached_shared
    return cached(fn, _function_id(fn), path, version, args, kwargs)


# -- sidebar filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    """The values the sidebar offers, read from the store."""

    customers: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    delivery_modes: tuple[str, ...] = ()
    date_min: date | None = None
    date_max: date | None = None


# Which columns feed each option list (union over tables, so a store holding only tickets
# still offers its customers).
_OPTION_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "customers": (("projects", "customer"), ("tickets", "customer"), ("surveys", "customer")),
    "industries": (("projects", "industry"),),
    "regions": (("projects", "region"),),
    "teams": (("tickets", "team"), ("surveys", "team")),
    "delivery_modes": (("projects", "delivery_mode"),),
}
# Columns recording things that happened (plans and targets excluded): the date range.
_EVENT_DATES: tuple[tuple[str, str], ...] = (
    ("tickets", "created_at"), ("tickets", "first_response_at"), ("tickets", "resolved_at"),
    ("tickets", "closed_at"), ("surveys", "submitted_at"), ("projects", "signed_date"),
    ("projects", "kickoff_date"), ("projects", "actual_golive_date"),
    ("projects", "accepted_date"), ("projects", "closed_date"),
)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Distinct non-blank values per sidebar dimension and the span of event dates."""
    cur = con.cursor()
    values: dict[str, tuple[str, ...]] = {}
    for name, sources in _OPTION_SOURCES.items():
        union = " UNION ".join(f"SELECT {col} AS v FROM {table}" for table, col in sources)
        rows = cur.execute(
            f"SELECT DISTINCT trim(v) FROM ({union}) WHERE v IS NOT NULL AND trim(v) <> '' "
            "ORDER BY 1"
        ).fetchall()
        values[name] = tuple(r[0] for r in rows)
    spans = " UNION ALL ".join(
        f"SELECT min({col})::DATE AS lo, max({col})::DATE AS hi FROM {table}"
        for table, col in _EVENT_DATES
    )
    lo, hi = cur.execute(f"SELECT min(lo), max(hi) FROM ({spans})").fetchone()
    return FilterOptions(**values, date_min=lo, date_max=hi)


def current_filters() -> Filters:
    """The sidebar's selection (``Filters()`` - everything - before the sidebar ran)."""
    value = st.session_state.get(FILTERS_KEY)
    return value if isinstance(value, Filters) else Filters()


def grain() -> str:
    """The sidebar's time grain: "week", "month" or "quarter"."""
    value = st.session_state.get(GRAIN_KEY)
    return value if value in GRAINS else DEFAULT_GRAIN


def _clamp(d: date, lo: date, hi: date) -> date:
    return min(max(d, lo), hi)


def _reset_filters() -> None:
    ss = st.session_state
    for key in SIDEBAR_DIMENSIONS.values():
        ss[key] = []
    bounds = ss.get(_BOUNDS_KEY)
    if bounds:
        ss[PERIOD_KEY] = bounds
    ss[GRAIN_KEY] = DEFAULT_GRAIN


def _prepare_period(opts: FilterOptions, url: Filters) -> tuple[date, date] | None:
    """Seed or repair the period widget's state before it is drawn.

    First run: from the URL, clamped to the data. Later runs: a selection equal to the
    previous full span keeps meaning "all data" when an import widens the span.
    """
    ss = st.session_state
    lo, hi = opts.date_min, opts.date_max
    if lo is None or hi is None:
        ss.pop(PERIOD_KEY, None)
        return None
    current = ss.get(PERIOD_KEY)
    if current is None:
        start = _clamp(url.date_from, lo, hi) if url.date_from else lo
        end = _clamp(url.date_to, lo, hi) if url.date_to else hi
        ss[PERIOD_KEY] = (min(start, end), max(start, end))
    else:
        current = tuple(current)
        if current == ss.get(_BOUNDS_KEY):
            ss[PERIOD_KEY] = (lo, hi)
        else:
            ss[PERIOD_KEY] = tuple(_clamp(d, lo, hi) for d in current)
    ss[_BOUNDS_KEY] = (lo, hi)
    return lo, hi


def sidebar_filters() -> Filters:
    """Draw the shared filters and publish them.

    The first run of a session starts from the URL's query parameters; after that the widgets
    are the truth and the URL is rewritten from them on every run, so the address bar always
    holds a link to the current view (also after moving to another page).
    """
    ss = st.session_state
    url = Filters.from_query_params(st.query_params.to_dict())
    opts = query(filter_options)
    sidebar = st.sidebar
    sidebar.header(t("sidebar.header"))

    bounds = _prepare_period(opts, url)
    date_from = date_to = None
    if bounds is None:
        sidebar.caption(t("sidebar.no_dates"))
    else:
        picked = sidebar.date_input(t("sidebar.period"), key=PERIOD_KEY, min_value=bounds[0],
                                    max_value=bounds[1], help=t("sidebar.period_help"))
        picked = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
        if picked and picked[0] and picked[0] != bounds[0]:
            date_from = picked[0]
        if len(picked) > 1 and picked[1] and picked[1] != bounds[1]:
            date_to = picked[1]

    if GRAIN_KEY not in ss:
        requested = st.query_params.get("grain")
        ss[GRAIN_KEY] = requested if requested in GRAINS else DEFAULT_GRAIN
    sidebar.radio(t("sidebar.grain"), GRAINS, key=GRAIN_KEY, horizontal=True,
                  format_func=labeller("sidebar.grain"))

    chosen: dict[str, tuple[str, ...]] = {}
    for name, key in SIDEBAR_DIMENSIONS.items():
        options: tuple[str, ...] = getattr(opts, name)
        if key not in ss:
            ss[key] = [v for v in getattr(url, name) if v in options]
        else:  # the store changed under the selection (an import): drop vanished values
            ss[key] = [v for v in ss[key] if v in options]
        kind = {"teams": "team", "delivery_modes": "delivery_mode",
                "industries": "industry"}.get(name, name)
        chosen[name] = tuple(sidebar.multiselect(
            t(f"sidebar.{name}"), options, key=key, placeholder=t("sidebar.all"),
            format_func=lambda v, kind=kind, language=lang(): value_label(kind, v, language)))
    sidebar.button(t("sidebar.reset"), on_click=_reset_filters, key="f_reset")
    if is_private_store():
        sidebar.caption(t("shell.private_store"))

    filters = Filters(date_from=date_from, date_to=date_to, **chosen)
    ss[FILTERS_KEY] = filters
    params = filters.to_query_params()
    if grain() != DEFAULT_GRAIN:
        params["grain"] = grain()
    if lang() != i18n.DEFAULT_LANGUAGE:
        params["lang"] = lang()
    sync_query_params(params)
    return filters


def sync_query_params(params: Mapping[str, str]) -> None:
    """Make the URL carry exactly ``params`` among the sidebar's own keys (others untouched);
    only changed keys are written, so an unchanged view sends nothing to the browser."""
    qp = st.query_params
    for key in MANAGED_PARAMS:
        if key in params:
            if qp.get(key) != params[key]:
                qp[key] = params[key]
        elif key in qp:
            del qp[key]


# -- widgets pages repeat ----------------------------------------------------------------------

_DEFINITION_FIELDS: tuple[str, ...] = ("name", "definition", "population", "date_basis",
                                       "aggregator", "unit")


def _entry_value(entry: object, field: str, language: str) -> object:
    """One field of a metric dictionary entry, whatever its shape: a mapping or an object,
    with per-language fields (``definition_zh``), or values that are ``{lang: text}``."""
    getter: Callable[[str], object]
    if isinstance(entry, Mapping):
        getter = entry.get  # type: ignore[assignment]
    else:
        getter = lambda name: getattr(entry, name, None)  # noqa: E731
    value = getter(f"{field}_{language}")
    if value in (None, ""):
        value = getter(field)
    if isinstance(value, Mapping):
        value = value.get(language) or value.get("en") or next(iter(value.values()), None)
    return value


def definition_lines(entry: object, language: str) -> list[tuple[str, str]]:
    """(label, text) pairs for a metric dictionary entry, in the order users read them.

    ``entry`` is an entry of ``analytics.metrics.dictionary`` (or its key), or any mapping or
    object with the same fields.
    """
    if entry is None:
        return []
    if isinstance(entry, str):
        from .metrics.dictionary import METRICS

        entry = METRICS.get(entry)
        if entry is None:
            return []
    lines = []
    for field in _DEFINITION_FIELDS:
        value = _entry_value(entry, field, language)
        if value not in (None, ""):
            lines.append((i18n.t(f"ui.kpi.field.{field}", language), str(value)))
    return lines


def kpi_card(label: str, value: str | float | int | None, *, delta: str | float | None = None,
             delta_color: str = "normal", definition: object | None = None,
             help: str | None = None, chart_data: Sequence[float] | None = None,
             low_confidence_n: int | None = None, key: str | None = None) -> None:
    """One KPI: ``st.metric`` in a bordered box, with a popover holding its definition.

    ``value`` is shown as given (format it with ``i18n.format_pct`` etc.); None shows a dash.
    ``definition`` is the metric dictionary entry or its key (``"complaint_rate"``); its name,
    definition, population, date basis, aggregator and unit fill the popover.
    ``low_confidence_n`` marks a figure computed from fewer responses than that setting.
    """
    shown = "—" if value is None or (isinstance(value, float) and value != value) else value
    with st.container(border=True):
        st.metric(label, shown, delta=delta, delta_color=delta_color, help=help,  # type: ignore[arg-type]
                  chart_data=list(chart_data) if chart_data is not None else None)
        if low_confidence_n is not None:
            st.caption("⚠ " + t("ui.kpi.low_confidence", n=low_confidence_n))
        lines = definition_lines(definition, lang())
        if lines:
            with st.popover(t("ui.kpi.definition"), icon=":material/info:",
                            key=f"kpi_def_{key or label}"):
                for field_label, text in lines:
                    st.markdown(f"**{field_label}**  \n{text}")


def _exports() -> Any | None:
    try:
        from . import exports
    except ImportError:
        return None
    return exports


def download_buttons(df: pd.DataFrame, name: str, *, key: str | None = None) -> None:
    """CSV and Excel downloads of one table, side by side.

    The bytes come from ``analytics.exports`` (formula-escaped, as DESIGN's safety rule
    requires) and are built only when a button is clicked, so a large table costs nothing on
    reruns. Without that module no button is drawn rather than an unescaped file; a table
    larger than one Excel sheet gets the CSV button only.
    """
    exports = _exports()
    if exports is None:
        return
    base = key or name
    frame = df.copy()  # the callables run after this script run; keep their own snapshot
    row = st.container(horizontal=True)
    row.download_button(t("common.download_csv"), lambda: exports.to_csv_bytes(frame),
                        file_name=f"{name}.csv", mime="text/csv", key=f"dl_csv_{base}",
                        on_click="ignore", icon=":material/download:")
    if len(frame) + 1 <= getattr(exports, "EXCEL_MAX_ROWS", 1_048_576):
        row.download_button(
            t("common.download_xlsx"), lambda: exports.to_xlsx_bytes({name: frame}),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"dl_xlsx_{base}", on_click="ignore", icon=":material/download:")


def empty_state(message: str | None = None, *, link_to_data: bool = True) -> None:
    """The friendly "nothing here" shown instead of an empty chart or an exception."""
    st.info(message or t("common.no_data"), icon=":material/info:")
    if link_to_data:
        st.page_link("pages/data.py", label=t("ui.empty.go_to_data"), icon=":material/upload:")


# -- the Data page's helpers -------------------------------------------------------------------

KEEP_LABEL_KEY = "datapage.keep_extra"


def upload_cap_mb() -> int:
    """The upload cap in MB (settings, ``PULSE_UPLOAD_CAP_MB`` overrides)."""
    return load_settings().upload_cap_mb


def save_upload(file_id: str, file_name: str, data: bytes) -> Path:
    """Write an uploaded file to the session's upload dir, named by its id (not by the
    user's file name, which may contain anything); the suffix is kept for the reader."""
    ss = st.session_state
    directory = ss.get("_upload_dir")
    if not directory or not Path(directory).is_dir():
        _sweep_stale(UPLOAD_PREFIX)
        directory = tempfile.mkdtemp(prefix=UPLOAD_PREFIX)
        ss["_upload_dir"] = directory
    _touch(Path(directory))
    suffix = Path(file_name).suffix.lower()
    path = Path(directory) / f"{file_id}{suffix}"
    if not path.exists() or path.stat().st_size != len(data):
        path.write_bytes(data)
    return path


def forget_uploads(keep: set[str]) -> None:
    """Delete saved uploads whose file id is no longer in the uploader."""
    directory = st.session_state.get("_upload_dir")
    if not directory or not Path(directory).is_dir():
        return
    for p in Path(directory).iterdir():
        if p.stem not in keep:
            p.unlink(missing_ok=True)


def _first_value(sample: pd.DataFrame, header: str) -> str:
    if header not in sample.columns:
        return ""
    values = sample[header].dropna()
    return str(values.iloc[0]) if len(values) else ""


def mapping_frame(plan: Any, language: str) -> pd.DataFrame:
    """The editable header -> column table of one sheet plan: source header, a sample value,
    and the canonical column it maps to (or the keep-as-extra label)."""
    keep = i18n.t(KEEP_LABEL_KEY, language)
    return pd.DataFrame({
        "header": plan.headers,
        "sample": [_first_value(plan.sample, h) for h in plan.headers],
        "column": [plan.mapping.get(h, keep) for h in plan.headers],
    })


def mapping_choices(table: str | None, language: str) -> list[str]:
    """Options of the mapping editor's column: the table's canonical columns, then keep."""
    columns = TABLES[table].column_names if table in TABLES else []
    return [*columns, i18n.t(KEEP_LABEL_KEY, language)]


def mapping_overrides(plan: Any, edited: pd.DataFrame, keep_as_extra: str) -> dict[str, str]:
    """What the user changed in the editor, as the ``mapping`` ingest takes: only headers whose
    column differs from the detected one; "keep as extra" (in any language) becomes
    ``keep_as_extra``."""
    valid = set(TABLES[plan.table].column_names) if plan.table in TABLES else set()
    out: dict[str, str] = {}
    for header, column in zip(edited["header"], edited["column"]):
        chosen = column if column in valid else keep_as_extra
        detected = plan.mapping.get(header, keep_as_extra)
        if chosen != detected:
            out[str(header)] = chosen
    return out


_REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sheet", "datapage.col.sheet"), ("table", "datapage.col.table"),
    ("header_row", "datapage.col.header_row"), ("rows_read", "datapage.col.rows_read"),
    ("rows_imported", "datapage.col.rows_imported"), ("rows_folded", "datapage.col.rows_folded"),
    ("ids_folded", "datapage.col.ids_folded"), ("rows_rejected", "datapage.col.rows_rejected"),
    ("blank_rows", "datapage.col.blank_rows"), ("warnings", "datapage.col.warnings"),
)


def _table_label(table: object, language: str) -> object:
    key = f"datapage.table.{table}"
    return i18n.t(key, language) if key in i18n.table() else table


def report_frame(report: Any, language: str) -> pd.DataFrame:
    """One row per imported sheet with its counts, headed in ``language``."""
    rows = []
    for s in report.sheets:
        if s.batch_id is None:
            continue
        row = {i18n.t(label, language): getattr(s, attr, None) for attr, label in _REPORT_COLUMNS}
        row[i18n.t("datapage.col.sheet", language)] = s.sheet or "—"
        row[i18n.t("datapage.col.table", language)] = _table_label(s.table, language)
        rows.append(row)
    return pd.DataFrame(rows, columns=[i18n.t(label, language) for _, label in _REPORT_COLUMNS])


_HISTORY_COLUMNS: dict[str, str] = {
    "batch_id": "datapage.col.batch", "file_name": "datapage.col.file",
    "sheet": "datapage.col.sheet", "table_name": "datapage.col.table",
    "header_row": "datapage.col.header_row", "rows_read": "datapage.col.rows_read",
    "rows_imported": "datapage.col.rows_imported", "rows_folded": "datapage.col.rows_folded",
    "ids_folded": "datapage.col.ids_folded", "rows_rejected": "datapage.col.rows_rejected",
    "blank_rows": "datapage.col.blank_rows", "warnings": "datapage.col.warnings",
    "imported_at": "datapage.col.imported_at", "sha256": "datapage.col.sha256",
    "row_number": "datapage.col.row", "column_name": "datapage.col.column",
    "value": "datapage.col.value", "severity": "datapage.col.severity",
    "reason": "datapage.col.reason",
}


def localise_columns(df: pd.DataFrame, language: str) -> pd.DataFrame:
    """Store tables (history, issues) for display: headings, table names and severities in
    ``language``, a dash for the sheet of a text file. Downloads keep the raw table."""
    out = df.copy()
    if "table_name" in out.columns:
        out["table_name"] = out["table_name"].map(lambda v: _table_label(v, language))
    if "severity" in out.columns:
        out["severity"] = out["severity"].map(
            lambda v: i18n.t(f"datapage.severity.{v}", language)
            if f"datapage.severity.{v}" in i18n.table() else v)
    if "sheet" in out.columns:
        out["sheet"] = out["sheet"].astype(object).where(out["sheet"].notna(), "—")
    return out.rename(columns={c: i18n.t(k, language) for c, k in _HISTORY_COLUMNS.items()
                               if c in out.columns})


def import_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The store's import batches, newest first (a cached-query friendly wrapper)."""
    return store.batches(con)


def import_issues(con: duckdb.DuckDBPyConnection, batch_ids: tuple[int, ...],
                  language: str = "en") -> pd.DataFrame:
    """Rejected rows and cell warnings of some batches, rejected first. Notes about a whole
    sheet (a detected scale, a date order) are left out: the page shows them as captions."""
    frames = [store.issues(con, b, language) for b in batch_ids]
    frames = [f[f["severity"] != "note"] for f in frames]
    frames = [f for f in frames if len(f)]
    if not frames:
        return store.issues(con, -1)
    out = pd.concat(frames, ignore_index=True)
    order = out["severity"].map({"rejected": 0}).fillna(1)
    return out.assign(_o=order).sort_values(["_o", "batch_id", "row_number"]).drop(columns="_o")


@dataclass(frozen=True)
class Preview:
    """The plans of one uploaded file, or the sentence saying why it cannot be read."""

    plans: tuple[Any, ...] = ()
    error: object = None  # a Message (or a plain sentence) saying why the file cannot be read


@st.cache_resource(show_spinner=False, scope="session", max_entries=64)
def _preview_cached(path: str, size: int, file_name: str, table: str | None,
                    mapping: tuple[tuple[str, str], ...]) -> Preview:
    # A resource cache, not a data cache: plans hold the whole sheet, and copying them on
    # every rerun (what st.cache_data does) would cost more than reading the file.
    from . import ingest

    try:
        plans = ingest.preview_file(path, file_name=file_name, table=table,
                                    mapping=dict(mapping) or None)
    except ingest.IngestError as e:
        return Preview(error=e.message)
    except Exception as e:  # noqa: BLE001 - a reader bug must not take the page down
        _log.exception("preview of %s failed", file_name)
        return Preview(error=f"{type(e).__name__}: {e}")
    return Preview(tuple(plans))


def preview_upload(path: Path, file_name: str, table: str | None = None,
                   mapping: Mapping[str, str] | None = None) -> Preview:
    """``ingest.preview_file`` for a saved upload, cached for the session (reruns, widget
    changes) until the table choice or the mapping changes."""
    items = tuple(sorted((mapping or {}).items()))
    return _preview_cached(str(path), path.stat().st_size, file_name, table, items)


@dataclass(frozen=True)
class ImportItem:
    """One previewed upload ready to import, with the user's table choice and mapping edits."""

    path: Path
    name: str
    table: str | None
    mapping: dict[str, str]


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file did: its report, or the sentence saying why it was refused."""

    name: str
    report: Any | None = None
    error: str | None = None

    @property
    def batch_ids(self) -> tuple[int, ...]:
        if self.report is None:
            return ()
        return tuple(s.batch_id for s in self.report.sheets if s.batch_id is not None)

    def total(self, attr: str) -> int:
        if self.report is None:
            return 0
        return sum(getattr(s, attr) or 0 for s in self.report.sheets)


@st.cache_data(show_spinner=False)
def template_bytes(style: str, language: str) -> bytes:
    """The blank template workbook (see analytics/template.py), built once per variant."""
    from .template import build_template

    return build_template(style, language)  # type: ignore[arg-type]


# -- start-up guard ----------------------------------------------------------------------------


def _leave_pages_directory_mode() -> None:
    """Make sure every run goes through app.py, even the very first one of the server.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until some run
    calls st.navigation. When the first request a fresh server receives is for a page URL
    (``/data``), it runs that page script alone: no sidebar, no language, no demo import. Every
    page imports this module, so on that first import: switch the server to st.navigation mode
    and, if app.py is not the script running, rerun - the rerun goes through app.py.
    """
    import inspect

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    shell = Path(ctx.main_script_path).resolve()
    if any(Path(f.filename).resolve() == shell for f in inspect.stack(context=0)):
        return
    st.rerun()


_leave_pages_directory_mode()
