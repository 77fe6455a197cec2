"""The Streamlit side of Delivery Pulse: what app.py and every page share.

This package is the one place that binds the engine to Streamlit; the rest of ``analytics``
stays importable without it. Page authors write ``from analytics import ui`` and use what it
gathers here from its modules:

* :mod:`.language` - ``ui.t(key, **fmt)``, ``ui.lang()``, ``ui.value_label(kind, value)``,
  ``ui.labeller(prefix)``: text in the session's language ("zh" or "en");
* :mod:`.sidebar` - ``ui.current_filters()`` -> ``Filters`` and ``ui.grain()`` -> "week" |
  "month" | "quarter": what the shared sidebar selected;
* :mod:`.cache` - ``ui.query(fn, *args, **kwargs)``: ``fn(con, *args, **kwargs)`` through the
  data cache, keyed on the store file and its data version. Prefer it to calling metrics
  directly;
* :mod:`.stores` - ``ui.get_connection()`` (use ``.cursor()``): the store every session
  shares, the inbox the server serves on it, the demo import on a first start;
* :mod:`.access` - ``ui.visitor()``: who is signed in and what their role allows
  (``ui.visitor().can("import")``); ``ui.admit()`` runs first in app.py;
* :mod:`.admin` - the settings page's side: ``ui.setting_texts()``, ``ui.save_settings(texts)``
  (refused unless the visitor is an admin), ``ui.settings_history()``; ``ui.settings()`` (in
  :mod:`.stores`) is the settings in force, the store's saved values included;
* :mod:`.kpis` - ``ui.kpi(key, figures, previous, ...)`` and ``ui.kpi_grid(keys, ...)``: KPI
  cards with their change, sparkline, definition and the rows behind them, all from the metric
  registry; ``ui.figures_and_previous(keys, filters, previous)`` and ``ui.kpi_trends`` fetch
  what the cards show; the period captions;
* :mod:`.tables` - ``ui.table(df, name, key=...)``, ``ui.capped_table``, ``ui.styled_table``:
  a metric frame in the language, downloadable;
* :mod:`.widgets` - ``ui.chart(fig, key)``, ``ui.lazy_tabs``, ``ui.kpi_card``,
  ``ui.download_buttons``, ``ui.empty_state``, ``ui.no_store_data``, ``ui.nothing_selected``;
* :mod:`.uploads` - the Data page's uploads, previews, mapping edits and import reports;
* :mod:`.pages_mode` - the guard that keeps every run going through app.py (see there).

Module-level settings a test may change (``ROWS_SHOWN``, ``COMMENTS_SHOWN``) are read from
their own module (``analytics.ui.kpis``, ``analytics.ui.tables``), not from this one.
"""

from __future__ import annotations

# The modules by name too: the guard at the bottom may rerun the script while this package is
# first imported, and the re-import must still bind them (``ui.tables.COMMENTS_SHOWN``).
from . import (access, admin, cache, kpis, language, pages_mode, sidebar, stores, tables, uploads,
               widgets)
from .access import Visitor, admit, closed_page, sidebar_identity, visitor
from .admin import (SaveOutcome, default_texts, deployment_settings, save_settings,
                    setting_texts, settings_history)
from .cache import query, showing_demo, store_is_empty
from .kpis import (comparison_caption, figures_and_previous, figures_of, kpi, kpi_grid,
                   kpi_trends, period_caption, rows_behind, target)
from .language import LANG_KEY, labeller, lang, sidebar_language, t, value_label
from .pages_mode import leave_pages_directory_mode
from .sidebar import (DEFAULT_GRAIN, FILTERS_KEY, GRAIN_KEY, GRAINS, FilterOptions,
                      current_filters, filter_options, grain, sidebar_filters,
                      sync_query_params)
from .stores import (StoreStatus, auto_demo_enabled, base_store_path, connection_for,
                     data_version, ensure_store, get_connection, problem_text, settings,
                     store_path)
from .tables import all_rows_csv, capped_table, download_all, styled_table, table
from .uploads import (ImportItem, ImportOutcome, Preview, forget_uploads, import_history,
                      import_issues, localise_columns, mapping_choices, mapping_frame,
                      mapping_overrides, preview_upload, report_frame, save_upload,
                      template_bytes, undoable_batches, upload_cap_mb)
from .widgets import (chart, definition_lines, demo_notice, download_buttons, empty_state, kpi_card,
                      lazy_tabs, no_store_data, nothing_selected, uploader_texts)

__all__ = [
    "access", "admin", "cache", "kpis", "language", "pages_mode", "sidebar", "stores", "tables",
    "uploads", "widgets",
    "DEFAULT_GRAIN", "FILTERS_KEY", "GRAINS", "GRAIN_KEY", "LANG_KEY",
    "FilterOptions", "ImportItem", "ImportOutcome", "Preview", "SaveOutcome", "StoreStatus",
    "Visitor", "default_texts", "deployment_settings", "save_settings", "setting_texts",
    "settings", "settings_history",
    "admit", "closed_page",
    "all_rows_csv", "auto_demo_enabled", "base_store_path", "capped_table", "chart",
    "comparison_caption", "connection_for", "current_filters", "data_version",
    "definition_lines", "demo_notice", "download_all", "download_buttons",
    "empty_state", "ensure_store", "figures_of", "filter_options", "forget_uploads",
    "figures_and_previous", "get_connection", "grain", "import_history", "import_issues",
    "kpi", "kpi_card", "kpi_grid", "kpi_trends", "labeller", "lang", "lazy_tabs",
    "localise_columns", "mapping_choices", "mapping_frame", "mapping_overrides",
    "no_store_data", "nothing_selected", "uploader_texts", "period_caption", "preview_upload",
    "problem_text", "query", "report_frame", "rows_behind", "save_upload", "showing_demo", "target",
    "sidebar_filters", "sidebar_identity", "sidebar_language", "store_is_empty", "store_path",
    "styled_table", "sync_query_params", "t", "table", "template_bytes", "undoable_batches",
    "upload_cap_mb", "value_label", "visitor",
]

leave_pages_directory_mode()
