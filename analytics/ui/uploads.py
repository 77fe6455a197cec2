"""The Data page's helpers: uploads saved for the session, their cached preview, the mapping
editor's rows and edits, and the import reports and history as tables in the language."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from .. import i18n, private_files, store
from ..schema import TABLES
from ..settings import load_settings
from .stores import session_directory, touch

_log = logging.getLogger(__name__)

# Uploaded files live in a temp dir per session with this prefix (removed like private stores,
# when the session ends; see analytics.private_files).
UPLOAD_PREFIX = private_files.PREFIXES[1]
KEEP_LABEL_KEY = "datapage.keep_extra"


def upload_cap_mb() -> int:
    """The upload cap in MB (settings, ``PULSE_UPLOAD_CAP_MB`` overrides)."""
    return load_settings().upload_cap_mb


def save_upload(file_id: str, file_name: str, data: bytes) -> Path:
    """Write an uploaded file to the session's upload dir, named by its id (not by the
    user's file name, which may contain anything); the suffix is kept for the reader.

    Raises ``private_files.NoRoom`` when the private copies of all sessions fill their cap.
    """
    ss = st.session_state
    directory = ss.get("_upload_dir")
    suffix = Path(file_name).suffix.lower()
    if directory and Path(directory).is_dir():
        path = Path(directory) / f"{file_id}{suffix}"
        if path.exists() and path.stat().st_size == len(data):
            touch(Path(directory))
            return path
        private_files.make_room(len(data))
    else:
        directory = str(private_files.make_directory(UPLOAD_PREFIX, len(data)))
        session_directory(directory)
        ss["_upload_dir"] = directory
    touch(Path(directory))
    path = Path(directory) / f"{file_id}{suffix}"
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
    "rows_added": "datapage.col.rows_added", "rows_changed": "datapage.col.rows_changed",
    "rows_unchanged": "datapage.col.rows_unchanged", "rows_stale": "datapage.col.rows_stale",
    "imported_by": "datapage.col.imported_by", "undone_at": "datapage.col.undone_at",
    "undone_by": "datapage.col.undone_by",
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
    return store.batches(con).drop(columns=["versioned"], errors="ignore")


def undoable_batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Batches an undo can take back (imported with versions kept, not undone), newest first."""
    frame = store.batches(con)
    keep = frame["versioned"].fillna(False).astype(bool) & frame["undone_at"].isna()
    return frame.loc[keep, ["batch_id", "file_name", "sheet", "table_name", "imported_at",
                            "rows_imported"]].reset_index(drop=True)


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
    from .. import ingest, safe_import

    try:  # parsed in a worker process: an upload is untrusted
        plans = safe_import.preview_file(path, file_name=file_name, table=table,
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
    from ..template import build_template

    return build_template(style, language)  # type: ignore[arg-type]
