"""The shared page helpers (analytics/ui/) and the shell's translations.

Pure helpers are called directly; the widgets run under AppTest.from_function, the way a page
author would use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analytics import i18n, ingest, metrics, store, ui
from analytics.translations import app as app_strings
from analytics.translations import data as data_strings

PLACEHOLDER = re.compile(r"\{(\w+)\}")


# -- translations ------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [app_strings, data_strings], ids=["app", "data"])
def test_every_string_has_both_languages_with_the_same_placeholders(module):
    for key, texts in module.STRINGS.items():
        assert set(texts) == {"en", "zh"}, key
        assert texts["en"].strip() and texts["zh"].strip(), key
        assert set(PLACEHOLDER.findall(texts["en"])) == set(PLACEHOLDER.findall(texts["zh"])), key


def test_translation_table_merges_without_conflicts():
    i18n.table.cache_clear()
    merged = i18n.table()
    assert set(app_strings.STRINGS) <= set(merged)
    assert set(data_strings.STRINGS) <= set(merged)


def test_every_key_the_shell_uses_exists():
    """Keys built in code (page titles, grains, report headings) are all in the table."""
    package = Path(ui.__file__).parent
    sources = [*sorted(package.glob("*.py")), package.parent.parent / "app.py",
               package.parent.parent / "pages" / "data.py"]
    literal = re.compile(r"""["']((?:nav|shell|sidebar|ui|datapage|template|value)\.[\w.]+)["']""")
    texts = [src.read_text(encoding="utf-8") for src in sources]
    used = {k for text in texts for k in literal.findall(text)}
    # prefixes: "value." + kind, and the option labels of labeller("sidebar.grain")
    prefixes = {k for k in used if k.endswith(".")}
    prefixes |= {k for text in texts for k in re.findall(r"""labeller\(["']([\w.]+)["']\)""", text)}
    missing = sorted(k for k in used - prefixes if k not in i18n.table())
    assert not missing, missing
    for grain in ui.GRAINS:
        assert f"sidebar.grain.{grain}" in i18n.table()
    for preset in (*metrics.PERIOD_PRESETS, metrics.CUSTOM_PERIOD):
        assert f"sidebar.preset.{preset}" in i18n.table()
    for table in ("auto", "projects", "tickets", "surveys"):
        assert f"datapage.table.{table}" in i18n.table()


# -- filter options ----------------------------------------------------------------------------


def test_filter_options_of_the_demo_store(demo_store):
    con = store.connect(demo_store)
    try:
        opts = ui.filter_options(con)
        customers = {r[0] for r in con.execute(
            "SELECT customer FROM projects UNION SELECT customer FROM tickets "
            "UNION SELECT customer FROM surveys").fetchall() if r[0]}
    finally:
        con.close()
    assert set(opts.customers) == customers
    assert list(opts.customers) == sorted(opts.customers)
    assert set(opts.delivery_modes) <= {"onsite", "remote", "hybrid"}
    assert set(opts.teams) >= {"implementation", "operations"}
    assert opts.industries and opts.regions
    assert opts.date_min is not None and opts.date_min < opts.date_max


def test_filter_options_of_an_empty_store(empty_store):
    con = store.connect(empty_store)
    try:
        assert ui.filter_options(con) == ui.FilterOptions()
    finally:
        con.close()


# -- metric definitions ------------------------------------------------------------------------


def test_definition_lines_from_the_metric_dictionary():
    zh = dict(ui.definition_lines("complaint_rate", "zh"))
    en = dict(ui.definition_lines("complaint_rate", "en"))
    assert zh[i18n.t("ui.kpi.field.name", "zh")] == "有投诉的项目占比"
    assert en["Metric"] == "Projects with a complaint"
    assert "Population" in en and "Aggregation" in en
    assert ui.definition_lines("no_such_metric", "en") == []
    assert ui.definition_lines(None, "en") == []


# -- Data page helpers -------------------------------------------------------------------------


@pytest.fixture
def odd_plan(tmp_path: Path):
    path = tmp_path / "odd.csv"
    path.write_text("工单编号,创建时间,Sev,备注\nT-1,2025-01-01 10:00,P2,x\n", encoding="utf-8")
    (plan,) = ingest.preview_file(path)
    return plan


def test_mapping_frame_and_overrides(odd_plan):
    frame = ui.mapping_frame(odd_plan, "en")
    assert list(frame["header"]) == ["工单编号", "创建时间", "Sev", "备注"]
    assert list(frame["sample"]) == ["T-1", "2025-01-01 10:00", "P2", "x"]
    keep = i18n.t("datapage.keep_extra", "en")
    assert list(frame["column"]) == ["ticket_id", "created_at", keep, keep]
    assert ui.mapping_choices("tickets", "en")[-1] == keep

    assert ui.mapping_overrides(odd_plan, frame, ingest.KEEP_AS_EXTRA) == {}
    edited = frame.copy()
    edited.loc[2, "column"] = "priority"
    edited.loc[1, "column"] = i18n.t("datapage.keep_extra", "zh")  # any language's label
    assert ui.mapping_overrides(odd_plan, edited, ingest.KEEP_AS_EXTRA) == {
        "Sev": "priority", "创建时间": ingest.KEEP_AS_EXTRA}


@dataclass
class _Sheet:
    sheet: str | None
    table: str | None
    batch_id: int | None
    header_row: int = 1
    rows_read: int = 3
    rows_imported: int = 1
    rows_folded: int = 0
    ids_folded: int = 0
    rows_rejected: int = 2
    blank_rows: int = 0
    warnings: int = 0


@dataclass
class _Report:
    sheets: list


def test_report_frame_lists_imported_sheets_with_localised_headings():
    report = _Report([_Sheet("tickets", "tickets", 7), _Sheet("notes", None, None)])
    frame = ui.report_frame(report, "en")
    assert list(frame.columns)[:4] == ["Sheet", "Table", "Header row", "Read"]
    assert frame.to_dict("records")[0]["Rejected"] == 2
    assert frame.to_dict("records")[0]["Table"] == "Tickets"
    assert len(frame) == 1
    outcome = ui.ImportOutcome("t.csv", report=report)
    assert outcome.batch_ids == (7,)
    assert outcome.total("rows_rejected") == 4


def test_localise_columns_renames_store_columns_only():
    df = pd.DataFrame({"batch_id": [1], "reason": ["x"], "custom": [0],
                       "severity": ["rejected"], "sheet": [None], "table_name": ["tickets"]})
    shown = ui.localise_columns(df, "zh")
    assert list(shown.columns) == ["批次", "原因", "custom", "级别", "工作表", "数据表"]
    assert shown.iloc[0].tolist() == [1, "x", 0, "已拒绝", "—", "工单"]
    assert df.loc[0, "severity"] == "rejected"  # the raw table (for downloads) is untouched


# -- widgets -----------------------------------------------------------------------------------


def _kpi_page() -> None:
    import pandas as pd

    from analytics import ui

    ui.kpi_card("有投诉的项目占比", "12.5%", delta="-1.2 pp", delta_color="inverse",
                definition="complaint_rate", low_confidence_n=30,
                target=(False, "✗ 未达标（目标 ≤ 5.0%）"), key="rate")
    ui.kpi_card("NPS", None, key="nps")
    ui.download_buttons(pd.DataFrame({"a": [1, 2]}), "table", key="t")
    ui.empty_state(link_to_data=False)


def test_kpi_card_download_buttons_and_empty_state(navigation_v2):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_kpi_page, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [(m.label, m.value) for m in at.metric] == [("有投诉的项目占比", "12.5%"), ("NPS", "—")]
    assert any("30" in c.value for c in at.caption)
    assert any(c.value == ":red[✗ 未达标（目标 ≤ 5.0%）]" for c in at.caption)  # off target
    assert any("有投诉的项目占比" in m.value for m in at.markdown)  # the definition popover
    assert {b.key for b in at.download_button} == {"dl_csv_t", "dl_xlsx_t"}
    assert at.info[0].value == i18n.t("common.no_data", "zh")
