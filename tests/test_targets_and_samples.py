"""Targets of the headline KPIs, complaint figures named for what they count, small samples
and unfinished periods: what a manager reads beside each figure.

Targets (settings, from the goals the source articles name): complaint rate at most 5 %,
CSAT at least 90 %, every go-live on time (100 %), median resolution at most 24 h.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import i18n, kpi_cards, metrics
from analytics.figures import complaints as complaint_plots
from analytics.figures import satisfaction as satisfaction_plots
from analytics.figures.layout import period_labels
from analytics.filters import Filters
from analytics.metrics import registry
from analytics.settings import Settings
from metrics_fixtures import delivery_portfolio, make_store, ts


def test_targets_live_in_the_registry_with_their_defaults():
    assert {k.key: registry.target(k.key) for k in registry.kpis() if k.target} == {
        "complaint_rate": 0.05, "resolution_median_hours": 24.0,
        "on_time_golive_rate": 1.0, "csat_pct": 0.90}
    assert registry.target("nps") is None and registry.target("complaints") is None
    assert registry.target("csat_pct", Settings(target_csat_pct=0.8)) == 0.8


def test_on_target_follows_the_good_direction():
    # lower is better: at most the target
    assert registry.on_target("complaint_rate", 0.05) is True
    assert registry.on_target("complaint_rate", 0.0501) is False
    assert registry.on_target("resolution_median_hours", 23.9) is True
    # higher is better: at least the target
    assert registry.on_target("csat_pct", 0.90) is True
    assert registry.on_target("csat_pct", 0.899) is False
    assert registry.on_target("on_time_golive_rate", 0.95) is False
    # no figure, or no target: no verdict
    assert registry.on_target("csat_pct", None) is None
    assert registry.on_target("nps", 50) is None


def test_a_card_says_on_or_off_target_in_both_languages():
    assert kpi_cards.target_text("complaint_rate", {"complaint_rate": 0.04}, "en") == (
        True, "✓ On target (≤ 5.0%)")
    assert kpi_cards.target_text("complaint_rate", {"complaint_rate": 0.04}, "zh") == (
        True, "✓ 达标（目标 ≤ 5.0%）")
    assert kpi_cards.target_text("csat_pct", {"csat_pct": 0.85}, "en") == (
        False, "✗ Off target (≥ 90.0%)")
    assert kpi_cards.target_text("resolution_median_hours",
                                 {"resolution_median_hours": 30.0}, "zh") == (
        False, "✗ 未达标（目标 ≤ 24.0 小时）")
    # no figure: the target alone; no target: nothing
    assert kpi_cards.target_text("on_time_golive_rate", {}, "en") == (None, "Target ≥ 100.0%")
    assert kpi_cards.target_text("nps", {"nps": 12.0}, "en") is None


def test_the_complaint_rate_is_named_for_what_it_counts():
    rate, per_100 = metrics.metric("complaint_rate"), metrics.metric("complaints_per_100_tickets")
    assert (rate.name_en, rate.name_zh) == ("Projects with a complaint", "有投诉的项目占比")
    assert (per_100.name_en, per_100.name_zh) == ("Complaints per 100 tickets", "每百张工单投诉数")
    # the tables and charts use the same names
    assert i18n.t("col.complaint_rate", "zh") == "有投诉的项目占比"
    assert i18n.t("chart.complaint_rate", "en") == "Projects with a complaint"


def _trend() -> pd.DataFrame:
    return pd.DataFrame({
        "period": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]),
        "projects_active": [2, 40, 41], "projects_with_complaints": [1, 2, 3],
        "complaint_rate": [0.5, 0.05, 3 / 41], "tickets_created": [10, 100, 90],
        "complaints": [1, 2, 3], "complaints_per_100_tickets": [10.0, 2.0, 10 / 3],
        "n": [2, 40, 41], "low_confidence": [True, False, False],
        "unfinished": [False, False, True]})


def test_the_complaint_trend_marks_low_n_points_and_draws_its_target():
    fig = complaint_plots.complaint_trend_figure(_trend(), "month", "en", 30, 0.05)
    by_name = {trace.name: trace for trace in fig.data}
    line = by_name["Projects with a complaint"]
    assert list(line.marker.symbol) == ["circle-open", "circle", "circle"]  # 2 < 30 projects
    assert "Hollow / pale: n < 30" in by_name
    target = by_name["Target 5%"]
    assert list(target.y) == [5.0, 5.0, 5.0] and target.yaxis == "y2"
    # the unfinished last month says so on the axis
    assert list(line.x) == ["Jan 2025", "Feb 2025", "Mar 2025 (unfinished)"]
    # without a target, no line
    plain = complaint_plots.complaint_trend_figure(_trend(), "month", "en", 30)
    assert not [t for t in plain.data if str(t.name).startswith("Target")]


def test_the_csat_trend_draws_its_target():
    trend = pd.DataFrame({
        "period": pd.to_datetime(["2025-01-01", "2025-02-01"]), "n": [40, 50],
        "csat_pct": [0.8, 0.92], "csat_low": [0.7, 0.85], "csat_high": [0.9, 0.97],
        "low_confidence": [False, False], "unfinished": [False, False]})
    fig = satisfaction_plots.csat_trend_figure(trend, "month", "zh", 30, 0.9)
    target = next(t for t in fig.data if t.name == "目标 90%")
    assert list(target.y) == [90.0, 90.0]


def test_unfinished_periods_are_labelled_in_both_languages():
    frame = pd.DataFrame({"period": pd.to_datetime(["2026-07-01", "2026-10-01"]),
                          "unfinished": [False, True]})
    assert period_labels(frame, "quarter", "en") == ["Q3 2026", "Q4 2026 (unfinished)"]
    assert period_labels(frame, "quarter", "zh") == ["2026年第3季度", "2026年第4季度（未结束）"]


def test_the_data_s_current_quarter_is_unfinished():
    # the delivery portfolio ends 2025-06-30 12:00, a quarter's last day: nothing unfinished
    assert metrics.unfinished_quarter(delivery_portfolio()) is None
    con = make_store(projects=[], tickets=[dict(ticket_id="T1", created_at=ts("2025-05-14 09:00"))],
                     surveys=[])
    assert metrics.unfinished_quarter(con) == "2025Q2"
    # a trend over that store: May is unfinished, April is not
    t = metrics.complaint_trend(con, Filters(date_from=date(2025, 4, 1)), grain="month")
    assert t["unfinished"].tolist() == [False, True]


def test_the_retro_carries_each_target_and_verdict():
    con = delivery_portfolio()
    kpis = metrics.retro_kpis(con, Filters(), quarter="2025Q2").set_index("key")
    assert kpis.loc["complaint_rate", "target"] == 0.05
    rate = kpis.loc["complaint_rate", "current"]
    assert kpis.loc["complaint_rate", "on_target"] is (rate <= 0.05)
    assert kpis.loc["nps", "target"] is None and kpis.loc["nps", "on_target"] is None
    strict = metrics.retro_kpis(con, Filters(), quarter="2025Q2",
                                settings=Settings(target_complaint_rate=1.0))
    assert strict.set_index("key").loc["complaint_rate", "on_target"] is True


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_new_text_has_both_languages(lang):
    for key in ("chart.target", "chart.period_unfinished", "ui.kpi.on_target",
                "ui.kpi.off_target", "ui.kpi.target", "retro.unfinished_note",
                "retro.quarter_unfinished", "report.col.target", "report.col.on_target",
                "report.col.low_n"):
        assert i18n.table()[key].get(lang), key
