"""The metric registry drives every consumer of a KPI: a KPI registered here, in a test, with
its texts, shows on a card, appears in the CLI's JSON, is formatted by its unit in the retro
workbook, lists the rows behind it, joins the trend frames that carry its measures and gets a
row in the docs' summary table - with nothing written for it anywhere else.

The store, worked out by hand (all in March 2025):

    ticket  project  priority  created      complaint
    T1      K1       P2        03-01 09:00  yes
    T2      K1       P1        03-05 00:00
    T3      K2       P3        03-10 00:00
    T4      K2       P1        03-12 00:00  yes

    p1_share                   = P1 tickets created / tickets created  = 2 / 4 = 0.5
    complaint_share_of_tickets = complaints / tickets created           = 2 / 4 = 0.5
    (both lower is better; both fractions, so shown as 50.0 % and written as 0.0% in Excel)
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import load_workbook

from analytics import cli, display, i18n, kpi_cards, report, store
from analytics.filters import Filters
from analytics.metrics import (complaint_trend, headline, kpi_rows, metric, registry,
                               retro_kpis)
from analytics.metrics._base import in_window
from analytics.metrics.registry import Kpi, Measure, ratio
from metrics_fixtures import d, insert, ts

P1_CREATED = Measure("p1_created", "tickets",
                     lambda w: "count(*) FILTER (WHERE tk.priority = 'P1' AND "
                               f"{in_window('tk.created_at', w)})")
P1_SHARE = Kpi("p1_share", "fraction", False, ratio("p1_created", "tickets_created"),
               n="tickets_created", rows="tickets_created", headline=True)
COMPLAINT_SHARE = Kpi("complaint_share_of_tickets", "fraction", False,
                      ratio("complaints", "tickets_created"), n="tickets_created",
                      rows="tickets_created", trend="complaint_trend")
MARCH = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
TEXTS = {
    "p1_share": ("P1 share", "P1 占比", "P1 tickets created / tickets created."),
    "complaint_share_of_tickets": ("Complaint share", "投诉占比",
                                   "Complaint tickets created / tickets created."),
}


@pytest.fixture
def registered() -> Iterator[None]:
    """The two KPIs (and P1 share's new measure) in the registry, their texts in the
    translation table, for the test only."""
    table = i18n.table()
    added = {}
    for key, (en, zh, definition) in TEXTS.items():
        for field, (text_en, text_zh) in {
                "name": (en, zh), "definition": (definition, definition),
                "population": ("tickets created in the period", "期间内新建的工单"),
                "date_basis": ("created_at", "创建时间"), "aggregator": ("count ratio", "计数之比"),
                "unit": ("fraction", "比例")}.items():
            added[f"metric.{key}.{field}"] = {"en": text_en, "zh": text_zh}
    table.update(added)
    try:
        with registry.registered(P1_CREATED, P1_SHARE, COMPLAINT_SHARE):
            yield
    finally:
        for k in added:
            table.pop(k, None)


def _fill(con) -> None:
    insert(con, "projects", [
        dict(project_id="K1", customer="Acme", kickoff_date=d("2025-01-01"), status="active"),
        dict(project_id="K2", customer="Beta", kickoff_date=d("2025-02-01"), status="active"),
    ])
    insert(con, "tickets", [
        dict(ticket_id="T1", project_id="K1", priority="P2", created_at=ts("2025-03-01 09:00"),
             type="complaint"),
        dict(ticket_id="T2", project_id="K1", priority="P1", created_at=ts("2025-03-05 00:00")),
        dict(ticket_id="T3", project_id="K2", priority="P3", created_at=ts("2025-03-10 00:00")),
        dict(ticket_id="T4", project_id="K2", priority="P1", created_at=ts("2025-03-12 00:00"),
             type="complaint"),
    ])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "registry.duckdb"
    con = store.connect(path)
    _fill(con)
    con.close()
    return path


# -- the registry itself -----------------------------------------------------------------------


def test_every_kpi_rests_on_declared_measures_and_has_its_texts():
    for k in registry.kpis():
        assert set(registry.base_measures(k.measures)) <= {m.name for m in registry.MEASURES}
        for field in registry.TEXT_FIELDS:
            texts = i18n.table()[k.text_key(field)]
            assert texts["en"] and texts["zh"], (k.key, field)


def test_headline_keys_are_the_cli_contract_in_order():
    assert registry.headline_keys() == (
        "projects_active", "complaint_rate", "complaints_per_100_tickets", "tickets_created",
        "tickets_resolved", "resolution_median_hours", "resolution_p90_hours",
        "first_response_median_hours", "sla_attainment", "backlog_open",
        "delivery_cycle_median_days", "on_time_golive_rate", "csat_pct", "csat_mean_0_100",
        "nps", "survey_responses",
        # the business-hours twins, after the contract's original keys
        "resolution_median_business_hours", "resolution_p90_business_hours",
        "first_response_median_business_hours", "first_response_p90_business_hours")


def test_a_declaration_is_checked():
    with pytest.raises(ValueError, match="unknown unit"):
        Kpi("x", "furlongs", None, None)
    with pytest.raises(ValueError, match="already registered"):
        with registry.registered(Kpi("complaint_rate", "fraction", False, None)):
            pass
    with pytest.raises(ValueError, match="unknown measures"):
        with registry.registered(Kpi("x", "count", None, ratio("nothing", "tickets_created"))):
            pass
    assert registry.get("x") is None  # nothing left behind


def test_the_figure_is_sql_over_its_measures():
    assert registry.figure_sql("sla_attainment") == (
        "CAST(sla_met AS DOUBLE) / nullif((sla_resolved + sla_open_breached), 0)")
    assert registry.kpi("complaints_per_100_tickets").figure.text() == \
        "100 × complaints / tickets_created"


# -- one declaration reaches every consumer ----------------------------------------------------


def test_the_registry_drives_the_cli_key(registered, db, capsys):
    assert cli.main(["metrics", "--db", str(db), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["p1_share"] == 0.5
    # after the sixteen of DESIGN, in registry order; the targets in force follow the figures
    assert [k for k in figures if k != "targets"][-1] == "p1_share"
    assert "complaint_share_of_tickets" not in figures  # not a headline figure


def test_the_registry_drives_figures_rows_and_trends(registered, db):
    con = store.connect(db, read_only=True)
    assert headline(con, Filters())["p1_share"] == 0.5
    march = complaint_trend(con, MARCH, grain="month")
    assert march["complaint_share_of_tickets"].tolist() == [0.5]  # joined the frame by itself
    assert sorted(kpi_rows(con, Filters(), key="p1_share")["ticket_id"]) == ["T1", "T2", "T3", "T4"]
    kpis = retro_kpis(con, Filters(), quarter="2025Q1").set_index("key")
    assert kpis.loc["p1_share", "current"] == 0.5 and kpis.loc["p1_share", "unit"] == "fraction"
    con.close()


def test_the_registry_drives_the_export_format(registered, db):
    con = store.connect(db, read_only=True)
    wb = load_workbook(io.BytesIO(report.retro_workbook(con, "2025Q1", Filters(), "en")))
    con.close()
    summary = wb.worksheets[0]
    row = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 10).value == "p1_share")
    assert summary.cell(row, 1).value == "P1 share"
    assert summary.cell(row, 3).value == 0.5 and summary.cell(row, 3).number_format == "0.0%"
    definitions = wb.worksheets[-1]
    keys = [definitions.cell(r, 1).value for r in range(1, definitions.max_row + 1)]
    assert "p1_share" in keys and "complaint_share_of_tickets" in keys


def test_the_registry_drives_the_docs_table(registered):
    table = registry.docs_table()
    assert ("| `p1_share` | P1 share | `p1_created / tickets_created` | fraction | lower | "
            "`tickets_created` | `tickets_created` | yes |") in table
    assert metric("p1_share").name_zh == "P1 占比"


def test_the_registry_drives_the_card_and_its_formats(registered, db, monkeypatch,
                                                      navigation_v2):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PULSE_DB", str(db))
    assert kpi_cards.delta_color("p1_share") == "inverse"  # lower is better
    assert kpi_cards.metric_name("p1_share", "zh") == "P1 占比"
    con = store.connect(db, read_only=True)
    march = complaint_trend(con, MARCH, grain="month")
    con.close()
    _, kinds = display.display_table(march[["period", "complaint_share_of_tickets"]], "en")
    assert kinds["Complaint share"] == "pct"  # its unit is a fraction

    at = AppTest.from_function(_card_page, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [(m.label, m.value) for m in at.metric] == [("P1 占比", "50.0%")]
    assert any("P1 tickets created / tickets created." in m.value for m in at.markdown)


def _card_page() -> None:
    from analytics import ui
    from analytics.filters import Filters

    figures, previous = ui.figures_and_previous(("p1_share",), Filters(), None)
    ui.kpi("p1_share", figures, previous, card_key="p1")
