"""The engine behind the report pages: periods, the SLA trend and the rows behind a KPI on
hand-built tickets, and the formatting, table and figure helpers the pages draw with.

SLA per month, worked out by hand. Default targets: P1 4 h, P2 24 h, P3 72 h, P4 168 h. The
store's last event is S7's resolution, 2025-02-28 13:00, so February "ends" then.

    id  pri  created            resolved           target             outcome
    S1  P1   01-05 10:00        01-05 12:00 (2 h)  01-05 14:00        Jan: met
    S2  P2   01-10 00:00        01-12 00:00 (48 h) 01-11 00:00        Jan: missed
    S3  P3   01-30 00:00        02-10 00:00        02-02 00:00        Jan end: open, not yet due
                                                                      Feb: missed
    S4  P1   01-31 19:00        02-01 02:00 (7 h)  01-31 23:00        Jan end: open past target
                                                                      Feb: missed
    S5  P4   02-03 00:00        02-04 00:00 (24 h) 02-10 00:00        Feb: met
    S6  P2   02-20 00:00        open               02-21 00:00        Feb end: open past target
    S7  P3   02-28 12:00        02-28 13:00 (1 h)  03-03 12:00        Feb: met

    January:  resolved 2 (met 1) + open past target 1 = 3 judged, attainment 1/3
    February: resolved 4 (met 2) + open past target 1 = 5 judged, attainment 2/5
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import display, figures, formatting, i18n, kpi_cards, metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import make_store, ts

JAN = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
FEB = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28))


def _t(tid, pri, created, resolved=None, **kw):
    return dict(ticket_id=tid, priority=pri, customer="Acme", created_at=ts(created),
                resolved_at=ts(resolved) if resolved else None, **kw)


@pytest.fixture(scope="module")
def con():
    return make_store(tickets=[
        _t("S1", "P1", "2025-01-05 10:00", "2025-01-05 12:00"),
        _t("S2", "P2", "2025-01-10 00:00", "2025-01-12 00:00"),
        _t("S3", "P3", "2025-01-30 00:00", "2025-02-10 00:00"),
        _t("S4", "P1", "2025-01-31 19:00", "2025-02-01 02:00"),
        _t("S5", "P4", "2025-02-03 00:00", "2025-02-04 00:00"),
        _t("S6", "P2", "2025-02-20 00:00"),
        _t("S7", "P3", "2025-02-28 12:00", "2025-02-28 13:00"),
    ])


# -- periods, SLA trend, rows behind ----------------------------------------------------------


def test_sla_trend_by_hand(con):
    trend = metrics.sla_trend(con, Filters(), grain="month")
    assert [d.date() for d in pd.to_datetime(trend["period"])] == [date(2025, 1, 1),
                                                                   date(2025, 2, 1)]
    jan, feb = trend.to_dict("records")
    assert (jan["sla_resolved"], jan["sla_met"], jan["sla_open_breached"],
            jan["sla_population"]) == (2, 1, 1, 3)
    assert jan["sla_attainment"] == pytest.approx(1 / 3)
    assert (feb["sla_resolved"], feb["sla_met"], feb["sla_open_breached"],
            feb["sla_population"]) == (4, 2, 1, 5)
    assert feb["sla_attainment"] == pytest.approx(0.4)


@pytest.mark.parametrize("month", [JAN, FEB])
def test_sla_trend_agrees_with_sla_attainment(con, month):
    """Each month of the trend is exactly the SLA figure of that month alone."""
    row = metrics.sla_attainment(con, month, by=None).iloc[0]
    trend = metrics.sla_trend(con, Filters(), grain="month")
    got = trend[pd.to_datetime(trend["period"]).dt.month == month.date_from.month].iloc[0]
    for column in ("sla_resolved", "sla_met", "sla_open_breached", "sla_population"):
        assert got[column] == row[column], column
    assert got["sla_attainment"] == pytest.approx(row["sla_attainment"])


def test_sla_tickets_are_the_judged_population(con):
    rows = metrics.kpi_rows(con, JAN, key="sla_attainment")
    assert dict(zip(rows["ticket_id"], rows["outcome"])) == {
        "S1": "met", "S2": "missed", "S4": "open_breached"}


def test_previous_period():
    con = make_store(tickets=[_t("X1", "P3", "2024-06-01 09:00"),
                              _t("X2", "P3", "2025-11-30 09:00")])
    assert metrics.previous_period(con, Filters()) is None  # all data: nothing before it
    quarter = metrics.previous_period(con, Filters(date_from=date(2025, 4, 1),
                                              date_to=date(2025, 6, 30)))
    assert (quarter.date_from, quarter.date_to) == (date(2025, 1, 1), date(2025, 3, 31))
    month = metrics.previous_period(con, Filters(date_from=date(2025, 3, 1),
                                            date_to=date(2025, 3, 31)))
    assert (month.date_from, month.date_to) == (date(2025, 2, 1), date(2025, 2, 28))
    days = metrics.previous_period(con, Filters(date_from=date(2025, 4, 5),
                                           date_to=date(2025, 4, 14)))
    assert (days.date_from, days.date_to) == (date(2025, 3, 26), date(2025, 4, 4))
    # an open end is closed by the store's last event (2025-11-30): 2025-10-01..11-30
    open_end = metrics.previous_period(con, Filters(date_from=date(2025, 10, 1)))
    assert (open_end.date_from, open_end.date_to) == (date(2025, 8, 1), date(2025, 9, 30))
    kept = metrics.previous_period(con, Filters(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30),
                                           customers=("Acme",)))
    assert kept.customers == ("Acme",)


def test_quarters(con):
    assert metrics.data_quarters(con) == ["2025Q1"]
    assert metrics.default_quarter(con) == "2025Q1"  # none complete yet: the latest
    longer = make_store(tickets=[_t("Q1", "P3", "2024-11-02 09:00"),
                                 _t("Q2", "P3", "2025-05-06 09:00")])
    assert metrics.data_quarters(longer) == ["2025Q2", "2025Q1", "2024Q4"]
    assert metrics.default_quarter(longer) == "2025Q1"  # the last complete one
    assert metrics.quarter_has_data(longer, "2024Q4")
    assert not metrics.quarter_has_data(longer, "2030Q1")
    assert not metrics.quarter_has_data(longer, "2020Q1")
    empty = make_store()
    assert metrics.data_quarters(empty) == [] and metrics.default_quarter(empty) is None
    assert not metrics.quarter_has_data(empty, "2025Q1")


def test_cycle_time_trend_by_priority_is_the_trend_per_priority(con):
    stacked = metrics.cycle_time_trend_by_priority(con, Filters(), grain="month")
    assert set(stacked["priority"]) == {"P1", "P2", "P3", "P4"}
    p1 = stacked[stacked["priority"] == "P1"].drop(columns="priority").reset_index(drop=True)
    alone = metrics.cycle_time_trend(con, Filters(priorities=("P1",)), grain="month")
    pd.testing.assert_frame_equal(p1, alone, check_dtype=False)
    only = metrics.cycle_time_trend_by_priority(con, Filters(priorities=("P2",)), grain="month")
    assert set(only["priority"]) == {"P2"}


@pytest.mark.parametrize("filters", [Filters(), Filters(priorities=("P3", "P1")),
                                     Filters(date_from=date(2025, 2, 1))],
                         ids=["all", "two-priorities", "from-february"])
def test_both_cycle_trends_at_once_are_each_trend_alone(demo_con, filters):
    """One pass (GROUPING SETS) for the overall line and the priority lines gives what each
    gives alone; the overall line counts tickets without a priority too."""
    both = metrics.cycle_trends(demo_con, filters, grain="week")
    pd.testing.assert_frame_equal(both.overall, metrics.cycle_time_trend(demo_con, filters, grain="week"),
                                  check_dtype=False)
    pd.testing.assert_frame_equal(both.by_priority,
                                  metrics.cycle_time_trend_by_priority(demo_con, filters, grain="week"),
                                  check_dtype=False)
    wanted = list(filters.priorities or ("P1", "P2", "P3", "P4"))
    assert list(dict.fromkeys(both.by_priority["priority"])) == wanted


def test_rows_behind_every_kpi_match_their_figure(demo_con):
    """The click-through lists exactly the rows each headline figure counts."""
    f = Filters()
    head = metrics.headline(demo_con, f)
    for key in metrics.ROWS_BEHIND:
        assert isinstance(metrics.kpi_rows(demo_con, f, key=key), pd.DataFrame), key
    active = metrics.kpi_rows(demo_con, f, key="complaint_rate")
    assert len(active) == head["projects_active"]
    assert (active["complaints"] > 0).mean() == pytest.approx(head["complaint_rate"])
    assert len(metrics.kpi_rows(demo_con, f, key="tickets_created")) == head["tickets_created"]
    assert len(metrics.kpi_rows(demo_con, f, key="tickets_resolved")) == head["tickets_resolved"]
    assert len(metrics.kpi_rows(demo_con, f, key="backlog_open")) == head["backlog_open"]
    assert len(metrics.kpi_rows(demo_con, f, key="survey_responses")) == head["survey_responses"]
    sla = metrics.kpi_rows(demo_con, f, key="sla_attainment")
    assert (sla["outcome"] == "met").mean() == pytest.approx(head["sla_attainment"])
    durations = metrics.kpi_rows(demo_con, f, key="resolution_median_hours")
    assert durations["hours"].median() == pytest.approx(head["resolution_median_hours"])
    golives = metrics.kpi_rows(demo_con, f, key="on_time_golive_rate")
    assert golives["on_time"].mean() == pytest.approx(head["on_time_golive_rate"])
    with pytest.raises(ValueError):
        metrics.kpi_rows(demo_con, f, key="no_such_kpi")


def test_project_detail_on_the_health_day_agrees_with_the_health_table(demo_con):
    """The drill-down measures a project on the same day as the health table above it."""
    f = Filters(date_from=date(2025, 10, 1), date_to=date(2026, 9, 30))
    day = metrics.health_day(demo_con, f)
    assert day == date(2026, 9, 30)
    assert metrics.health_day(demo_con, Filters()) is None
    assert metrics.health_day(demo_con, Filters(date_to=date(2031, 1, 1))) < date(2031, 1, 1)
    health = metrics.project_health(demo_con, f).set_index("project_id")
    for pid in list(health.index[:3]):
        detail = metrics.project_detail(demo_con, pid, today=day)
        assert detail.project["slip_days"] == health.loc[pid, "slip_days"]
        assert detail.health["rag"] == health.loc[pid, "rag"]


# -- formatting --------------------------------------------------------------------------------


@pytest.mark.parametrize("value,unit,lang,text", [
    (0.6316, "fraction", "en", "63.2%"),
    (53.04, "hours", "en", "53.0 h"),
    (53.04, "hours", "zh", "53.0 小时"),
    (211.0, "days", "zh", "211 天"),
    (7.61, "NPS", "en", "+7.6"),
    (-20.7, "NPS", "en", "-20.7"),
    (1500, "count", "en", "1,500"),
    (73.53, "score 0-100", "en", "73.5"),
    (3.8, "per 100 tickets", "en", "3.80"),
    (None, "fraction", "en", "—"),
    (float("nan"), "hours", "zh", "—"),
])
def test_fmt_value(value, unit, lang, text):
    assert formatting.fmt_value(value, unit, lang) == text


@pytest.mark.parametrize("delta,unit,lang,text", [
    (0.0746, "fraction", "en", "+7.5 pp"),
    (-0.2089, "fraction", "zh", "-20.9 个百分点"),
    (-2.525, "hours", "en", "-2.5 h"),
    (51, "count", "en", "+51"),
    (8.6, "NPS", "en", "+8.6"),
    (None, "count", "en", None),
    # unchanged, or a change too small for the unit's precision: "±0.0 pp", not "0" or "+0.0"
    (0, "count", "en", "±0"),
    (0.0, "fraction", "en", "±0.0 pp"),
    (0.0004, "fraction", "en", "±0.0 pp"),   # 0.04 pp shown with one decimal
    (0.0005001, "fraction", "en", "+0.1 pp"),
    (-0.04, "hours", "zh", "±0.0 小时"),
    (0.4, "days", "en", "±0 d"),
    (-0.6, "days", "en", "-1 d"),
    (0.0, "NPS", "en", "±0.0"),
    (0.004, "per 100 tickets", "en", "±0.00"),
])
def test_fmt_delta(delta, unit, lang, text):
    assert formatting.fmt_delta(delta, unit, lang) == text


@pytest.mark.parametrize("unit,value,card", [
    ("fraction", 0.12345, "12.3%"), ("hours", 53.04, "53.0 h"), ("days", 10.6, "11 d"),
    ("NPS", 7.649, "+7.6"), ("score 0-100", 73.55, "73.5"), ("per 100 tickets", 3.456, "3.46"),
])
def test_one_precision_per_unit_on_cards_tables_and_charts(unit, value, card):
    """The card's text, the table's number format, the workbook's and the chart's d3 format
    all carry the registry unit's digits."""
    from analytics.metrics.registry import UNITS

    u = UNITS[unit]
    assert formatting.fmt_value(value, unit, "en") == card
    decimals = card.rstrip("%hd ").split(".")[1] if "." in card else ""
    assert len(decimals) == u.digits
    excel_decimals = u.excel.split(";")[0].split(".")[1].rstrip("%") if "." in u.excel else ""
    assert len(excel_decimals) == u.digits
    assert u.d3 == (f".{u.digits}%" if unit == "fraction" else f",.{u.digits}f")


def test_delta_colours_follow_the_dictionary():
    assert kpi_cards.delta_color("csat_pct") == "normal"  # higher is better
    assert kpi_cards.delta_color("complaint_rate") == "inverse"
    assert kpi_cards.delta_color("tickets_created") == "off"  # a volume
    assert kpi_cards.delta_color("complaints") == "inverse"


def test_period_labels():
    assert formatting.period_label(pd.Timestamp("2025-03-01"), "month", "zh") == "2025年3月"
    assert formatting.period_label(pd.Timestamp("2025-03-01"), "month", "en") == "Mar 2025"
    assert formatting.period_label(pd.Timestamp("2025-04-01"), "quarter", "zh") == "2025年第2季度"
    assert formatting.period_label(pd.Timestamp("2025-04-01"), "quarter", "en") == "Q2 2025"
    assert formatting.quarter_label("2025Q3", "en") == "Q3 2025"


def test_health_reasons_in_both_languages():
    # the parameters are those a rule stores beside its code (the thresholds it applied)
    row = dict(reason_codes=["red_slip", "amber_csat", "amber_recent_complaint"],
               reason_params=[{"days": 45, "limit": 30},
                              {"csat": 0.667, "n": 6, "window": 90, "limit": 0.8},
                              {"count": 2, "days": 30}])
    zh = display.health_reasons(row, "zh")
    en = display.health_reasons(row, "en")
    assert zh == ["进度延期 45 天（超过 30 天）", "近 90 天满意度 67%（n=6），低于 80%",
                  "近 30 天有 2 个投诉"]
    assert en[0] == "schedule slip 45 days (> 30 days)"
    assert display.health_reasons(dict(reason_codes=[], reason_params=[]), "en") == []


def test_display_table_translates_headers_and_values():
    df = pd.DataFrame({"rag": ["red", "green"], "phase": ["build", "operations"],
                       "complaint": [True, False], "reasons": [["a", "b"], []],
                       "csat_pct": [0.5, None], "reason_codes": [["x"], []]})
    frame, kinds = display.display_table(df, "zh")
    assert list(frame.columns) == ["健康度", "阶段", "投诉", "原因", "满意度"]
    assert list(frame["健康度"]) == ["红", "绿"]
    assert list(frame["阶段"]) == ["实施", "运维"]
    assert list(frame["投诉"]) == ["是", "否"]
    assert list(frame["原因"]) == ["a; b", ""]
    assert kinds == {"原因": "wide", "满意度": "pct"}
    english, _ = display.display_table(df, "en", columns=["phase", "rag"])
    assert list(english.columns) == ["Phase", "Health"]


# -- figures -----------------------------------------------------------------------------------


def _check_figure(fig: go.Figure) -> None:
    """A title, an axis title, and hover detail on every trace that is drawn."""
    assert isinstance(fig, go.Figure)
    assert figures.layout.figure_title(fig)
    layout = fig.layout
    axes = [layout[name] for name in ("xaxis", "yaxis", "yaxis2") if name in layout]
    axis_titles = [a.title.text for a in axes]
    assert any(axis_titles), "no axis title"
    for trace in fig.data:
        drawn = trace.x is not None and any(v is not None for v in trace.x)
        if not drawn or trace.hoverinfo == "skip":
            continue
        assert trace.hovertemplate or trace.hoverinfo, f"{trace.name} has no hover detail"
        # hover fields by name: each one a template names is in every point's hover data
        template = trace.hovertemplate or ""
        assert "customdata[" not in template, f"{trace.name}: a hover field by position"
        named = set(re.findall(r"%\{customdata\.(\w+)", template))
        for point in (trace.customdata if named else ()):
            assert named <= set(point), f"{trace.name}: {named - set(point)} not in its hover data"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_has_title_axes_and_hover(demo_con, lang):
    f, low_n = Filters(), 30
    settings = Settings()
    built = [
        figures.complaints.complaint_trend_figure(
            metrics.complaint_trend(demo_con, f, grain="month"), "month", lang),
        figures.complaints.complaint_breakdown_figure(
            metrics.complaint_breakdown(demo_con, f, by="customer"), "customer", lang),
        figures.cycle_times.duration_box_figure(
            metrics.duration_boxes(demo_con, f, measure="resolution"), "resolution", lang,
            settings.sla_hours()),
        figures.cycle_times.trend_by_priority_figure(
            metrics.cycle_time_trend_by_priority(demo_con, f, grain="quarter"), "quarter", lang),
        figures.cycle_times.sla_by_priority_figure(
            metrics.sla_attainment(demo_con, f, by="priority"), lang),
        figures.cycle_times.sla_trend_figure(metrics.sla_trend(demo_con, f, grain="month"), "month", lang),
        figures.cycle_times.backlog_age_figure(metrics.backlog(demo_con, f), lang),
        figures.cycle_times.backlog_trend_figure(
            metrics.backlog_trend(demo_con, f, grain="week"), "week", lang),
        figures.cycle_times.delivery_trend_figure(
            metrics.delivery_trend(demo_con, f, grain="quarter"), "quarter", lang),
        figures.cycle_times.on_time_trend_figure(
            metrics.delivery_trend(demo_con, f, grain="quarter"), "quarter", lang, 5, 1.0),
        figures.cycle_times.golive_timeline_figure(metrics.schedule_slip(demo_con, f), lang),
        figures.satisfaction.csat_trend_figure(
            metrics.satisfaction_trend(demo_con, f, grain="month"), "month", lang, low_n),
        figures.satisfaction.nps_trend_figure(
            metrics.satisfaction_trend(demo_con, f, grain="month"), "month", lang, low_n),
        figures.satisfaction.satisfaction_breakdown_figure(
            metrics.satisfaction_breakdown(demo_con, f, by="customer"), "customer", lang, low_n),
        figures.overview.health_summary_figure(metrics.health_summary(demo_con, f), lang),
    ]
    detail = metrics.project_detail(demo_con, "PRJ-0041")
    built.append(figures.overview.project_timeline_figure(detail.milestones, detail.project, lang))
    data = metrics.retro(demo_con, f, quarter="2026Q3")
    built.append(figures.retro.rising_categories_figure(data.rising_categories, data.quarter,
                                                        data.previous, lang))
    flow = metrics.flow_view(demo_con, f, grain="month")
    built += [figures.cycle_times.time_in_status_figure(flow.time_in_status, lang),
              figures.cycle_times.net_flow_figure(flow.net_flow, "month", lang),
              figures.cycle_times.ageing_wip_figure(flow.ageing_wip, lang)]
    for fig in built:
        _check_figure(fig)


def test_low_n_points_are_hollow_and_explained():
    df = pd.DataFrame({
        "period": pd.to_datetime(["2025-01-01", "2025-02-01"]), "survey_responses": [5, 40],
        "n": [5, 40], "satisfied": [4, 30], "csat_pct": [0.8, 0.75], "csat_low": [0.38, 0.6],
        "csat_high": [0.96, 0.86], "csat_mean_0_100": [70.0, 72.0], "nps_n": [0, 0],
        "promoters": [0, 0], "detractors": [0, 0], "nps": [None, None], "nps_low": [None, None],
        "nps_high": [None, None], "low_confidence": [True, False],
        "nps_low_confidence": [True, True]})
    fig = figures.satisfaction.csat_trend_figure(df, "month", "en", 30)
    line = next(t for t in fig.data if t.name == "CSAT")
    assert list(line.marker.symbol) == ["circle-open", "circle"]
    assert any("n < 30" in (t.name or "") for t in fig.data)


def test_retro_table_marks_direction_and_verdict(demo_con):
    kpis = metrics.retro_kpis(demo_con, Filters(), quarter="2026Q3")
    table = display.retro_table(kpis, "en")
    row = table[table["KPI"] == "Projects with a complaint"].iloc[0]
    assert row["This quarter"] == formatting.fmt_value(
        kpis.set_index("key").loc["complaint_rate", "current"], "fraction", "en")
    # the complaint rate rose: an up arrow and a cross (worse)
    assert row["Change vs previous"].startswith("▲") and row["Change vs previous"].endswith("✗")
    styler = display.retro_styler(kpis, "zh")
    assert "color" in styler.to_html()


@pytest.fixture(scope="module")
def demo_con(demo_store):
    from analytics import store

    # the same configuration as the app's own connection, which may be open in this process
    con = store.connect(demo_store)
    yield con
    con.close()


def test_translation_keys_exist_in_both_languages():
    table = i18n.table()
    for key, texts in table.items():
        if key.split(".")[0] in {"chart", "col", "page", "overview", "complaints", "cycle",
                                 "satisfaction", "retro", "report", "health", "kpi"}:
            assert texts.get("en") and texts.get("zh"), key


def test_definition_for_cards_outside_the_dictionary():
    entry = kpi_cards.definition("complaints")
    assert entry.name_en == "Complaints raised"
    assert kpi_cards.definition("csat_pct") == metrics.METRICS["csat_pct"]


def test_a_ticket_without_priority_is_in_the_overall_line_only():
    from datetime import datetime

    store = make_store(tickets=[
        dict(ticket_id="A", priority="P1", created_at=datetime(2025, 3, 1),
             resolved_at=datetime(2025, 3, 1, 10)),
        dict(ticket_id="B", priority=None, created_at=datetime(2025, 3, 2),
             resolved_at=datetime(2025, 3, 2, 6)),
    ])
    both = metrics.cycle_trends(store, Filters(), grain="month")
    assert both.overall["resolved"].tolist() == [2]
    assert both.overall["resolution_median_hours"].tolist() == [8.0]  # of 10 h and 6 h
    p1 = both.by_priority[both.by_priority["priority"] == "P1"]
    assert p1["resolved"].tolist() == [1] and p1["resolution_median_hours"].tolist() == [10.0]
    assert both.by_priority["resolved"].sum() == 1  # B is on no priority line
