"""The five report pages under AppTest: they run on the demo store, on an empty store and on
filters that select nothing without an exception or an error element; the figures they show
are the engine's figures, formatted for the language; switching the language relabels them;
the click-through, the project drill-down, the comment search and the retro's quarter picker
work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics import display, figures, formatting, i18n, kpi_cards, metrics, store
from analytics.filters import Filters
from streamlit.proto.Block_pb2 import Block
from analytics.metrics import (complaint_kpis, headline, project_detail, reopen_rate,
                               retro_kpis, satisfaction_summary, survey_comments)

PAGES: dict[str, str] = {
    "pages/overview.py": "nav.overview",
    "pages/complaints.py": "nav.complaints",
    "pages/cycle_times.py": "nav.cycle_times",
    "pages/satisfaction.py": "nav.satisfaction",
    "pages/retro.py": "nav.retro",
}
TIMEOUT = 30
Q2 = {"date_from": "2026-04-01", "date_to": "2026-06-30"}
Q2_FILTERS = Filters.from_query_params(Q2)


@pytest.fixture
def demo_con(demo_store: Path) -> Iterator:
    con = store.connect(demo_store)  # the app's own configuration: same-process sharing
    yield con
    con.close()


def open_page(app_test, db: Path, page: str, lang: str = "zh", **params: str):
    """The app on ``db`` with the URL's ``params``, switched to ``page``; all data unless the
    params name dates or a preset (the figures below are compared with all-data figures)."""
    if not {"date_from", "date_to", "period"} & set(params):
        params["period"] = "all"
    at = app_test(db)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run(timeout=TIMEOUT)
    at.switch_page(page).run(timeout=TIMEOUT)
    return at


def clean(at) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def cards(at) -> dict[str, tuple[str, str]]:
    """KPI label -> (value text, delta text) of the metrics on the page (the first card of
    a label: the headline row comes before any detail section)."""
    out: dict[str, tuple[str, str]] = {}
    for m in at.metric:
        out.setdefault(m.label, (m.value, m.delta))
    return out


def figure_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


# -- every page, every store -------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_run_on_the_demo_store(app_test, demo_store, page, lang):
    at = open_page(app_test, demo_store, page, lang)
    clean(at)
    assert at.title[0].value == i18n.t(PAGES[page], lang)
    assert at.metric, "no KPI card"
    specs = figure_specs(at)
    assert specs, "no chart"
    for spec in specs:  # every chart is titled and labelled
        layout = spec["layout"]
        assert layout["title"]["text"]
        axes = [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
        assert any(a.get("title", {}).get("text") for a in axes)
    # every table can be downloaded as CSV and Excel
    buttons = [b.key for b in at.get("download_button")]
    assert sum(k.startswith("dl_csv_") for k in buttons) == sum(
        k.startswith("dl_xlsx_") for k in buttons) >= 1


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_empty_store_say_so(app_test, empty_store, page):
    at = open_page(app_test, empty_store, page, "en")
    clean(at)
    assert at.info[0].value == i18n.t("ui.empty.store_empty", "en")
    assert not at.metric


def _nothing_selected(demo_con) -> dict[str, str]:
    """A customer and a delivery mode its projects never use: both filters together select
    no project, no ticket and no response."""
    rows = demo_con.execute("SELECT customer, list(DISTINCT delivery_mode) FROM projects "
                            "GROUP BY customer ORDER BY customer").fetchall()
    modes = {m for _, ms in rows for m in ms}
    for customer, used in rows:
        unused = sorted(modes - set(used))
        if unused:
            return {"customers": customer, "delivery_modes": unused[0]}
    raise AssertionError("every customer uses every delivery mode")


@pytest.mark.parametrize("page", PAGES)
def test_filters_selecting_nothing_get_a_friendly_message(app_test, demo_store, demo_con, page):
    params = _nothing_selected(demo_con)
    at = open_page(app_test, demo_store, page, "en", **params)
    clean(at)
    assert at.session_state["filters"].customers == (params["customers"],)
    assert i18n.t("common.no_data", "en") in [i.value for i in at.info]


# -- the figures shown are the engine's figures ------------------------------------------------


def test_overview_cards_equal_the_headline_and_its_previous_period(app_test, demo_store,
                                                                   demo_con):
    at = open_page(app_test, demo_store, "pages/overview.py", "en", **Q2)
    clean(at)
    now = headline(demo_con, Q2_FILTERS)
    before = headline(demo_con, metrics.previous_period(demo_con, Q2_FILTERS))
    shown = cards(at)
    for key in ("complaint_rate", "resolution_median_hours", "sla_attainment", "csat_pct",
                "nps", "on_time_golive_rate"):
        unit = kpi_cards.metric_unit(key)
        value, delta = shown[kpi_cards.metric_name(key, "en")]
        assert value == formatting.fmt_value(now[key], unit, "en"), key
        assert delta == (formatting.fmt_delta(kpi_cards.change(now, before, key), unit, "en") or ""), key
    caption = i18n.t("page.compared_with", "en", range=formatting.fmt_range(
        Filters.from_query_params({"date_from": "2026-01-01"}).date_from,
        Filters.from_query_params({"date_to": "2026-03-31"}).date_to, "en"))
    assert caption in [c.value for c in at.caption]


def test_complaints_cards_equal_complaint_kpis(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store, "pages/complaints.py", "zh")
    clean(at)
    k = complaint_kpis(demo_con, Filters())
    shown = cards(at)
    assert shown["有投诉的项目占比"][0] == formatting.fmt_value(k.complaint_rate, "fraction", "zh")
    assert shown["每百张工单投诉数"][0] == formatting.fmt_value(k.complaints_per_100_tickets,
                                                           "per 100 tickets", "zh")
    assert shown["投诉数"][0] == formatting.fmt_value(k.complaints, "count", "zh")
    # all data: no comparison, and the page says how to get one
    assert all(delta == "" for _, delta in shown.values())
    assert i18n.t("page.no_comparison", "zh") in [c.value for c in at.caption]
    tables = [len(d.value) for d in at.dataframe]
    assert k.complaints in tables  # the complaint tickets listed


def test_cycle_time_cards_equal_the_headline(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store, "pages/cycle_times.py", "en")
    clean(at)
    now = headline(demo_con, Filters())
    shown = cards(at)
    for key in ("resolution_median_hours", "resolution_p90_hours",
                "first_response_median_hours", "sla_attainment", "backlog_open",
                "delivery_cycle_median_days", "on_time_golive_rate"):
        assert shown[kpi_cards.metric_name(key, "en")][0] == formatting.fmt_value(
            now[key], kpi_cards.metric_unit(key), "en"), key
    assert shown["Reopen rate"][0] == formatting.fmt_value(
        reopen_rate(demo_con, Filters()).reopen_rate, "fraction", "en")


def test_satisfaction_cards_and_comment_search(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store, "pages/satisfaction.py", "en", **Q2)
    clean(at)
    s = satisfaction_summary(demo_con, Q2_FILTERS)
    shown = cards(at)
    assert shown["CSAT"][0] == formatting.fmt_value(s.csat_pct, "fraction", "en")
    assert shown["NPS"][0] == formatting.fmt_value(s.nps, "NPS", "en")
    assert shown["Survey responses"][0] == formatting.fmt_value(s.survey_responses, "count", "en")
    word = "培训"
    at.text_input(key="sat_search").set_value(word).run(timeout=TIMEOUT)
    clean(at)
    expected = len(survey_comments(demo_con, Q2_FILTERS, search=word))
    assert expected > 0
    assert i18n.t("satisfaction.comments.count", "en", n=str(expected)) in [
        c.value for c in at.caption]
    at.text_input(key="sat_search").set_value("no comment says this").run(timeout=TIMEOUT)
    assert i18n.t("satisfaction.comments.none", "en") in [i.value for i in at.info]


def test_low_confidence_is_marked(app_test, demo_store, demo_con):
    """A week's CSAT rests on a handful of answers: the card says so and the trend draws
    hollow points with a legend note."""
    week = {"date_from": "2026-06-01", "date_to": "2026-06-07", "grain": "week"}
    s = satisfaction_summary(demo_con, Filters.from_query_params(week))
    assert s.low_confidence and s.csat_pct is not None
    at = open_page(app_test, demo_store, "pages/satisfaction.py", "en", **week)
    clean(at)
    assert i18n.t("ui.kpi.low_confidence", "en", n=30).replace("{n}", "30") in [
        c.value.lstrip("⚠ ") for c in at.caption]
    csat = next(spec for spec in figure_specs(at)
                if spec["layout"]["title"]["text"] == i18n.t("chart.csat_trend.title", "en"))
    symbols = [t.get("marker", {}).get("symbol") for t in csat["data"]]
    assert any(isinstance(s, list) and "circle-open" in s for s in symbols)
    assert any("n < 30" in (t.get("name") or "") for t in csat["data"])


def test_retro_defaults_to_the_last_complete_quarter(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store, "pages/retro.py", "en")
    clean(at)
    default = metrics.default_quarter(demo_con)
    assert at.selectbox(key="retro_quarter").value == default
    kpis = retro_kpis(demo_con, Filters(), quarter=default).set_index("key")
    shown = cards(at)
    for key in ("complaint_rate", "sla_attainment", "csat_pct", "nps"):
        unit = kpi_cards.metric_unit(key)
        value, delta = shown[kpi_cards.metric_name(key, "en")]
        assert value == formatting.fmt_value(kpis.loc[key, "current"], unit, "en")
        assert delta == formatting.fmt_delta(kpis.loc[key, "delta_previous"], unit, "en")
    assert "retro_download" in [b.key for b in at.get("download_button")]
    # every KPI is in the comparison table
    assert len(retro_kpis(demo_con, Filters(), quarter=default)) in [len(d.value) for d in at.dataframe]
    earlier = metrics.data_quarters(demo_con)[3]
    at.selectbox(key="retro_quarter").set_value(earlier).run(timeout=TIMEOUT)
    clean(at)
    kpis = retro_kpis(demo_con, Filters(), quarter=earlier).set_index("key")
    assert cards(at)["CSAT"][0] == formatting.fmt_value(kpis.loc["csat_pct", "current"],
                                                    "fraction", "en")


def test_retro_quarter_comes_from_and_goes_to_the_url(app_test, demo_store):
    at = open_page(app_test, demo_store, "pages/retro.py", "en", quarter="2025Q4")
    clean(at)
    assert at.selectbox(key="retro_quarter").value == "2025Q4"
    at.selectbox(key="retro_quarter").set_value("2025Q3").run(timeout=TIMEOUT)
    assert at.query_params["quarter"] == "2025Q3"


# -- interaction -------------------------------------------------------------------------------


def test_language_switch_relabels_the_pages(app_test, demo_store):
    at = open_page(app_test, demo_store, "pages/complaints.py", "zh")
    chinese = [m.label for m in at.metric] + [h.value for h in at.header]
    at.sidebar.radio(key="lang").set_value("en").run(timeout=TIMEOUT)
    clean(at)
    english = [m.label for m in at.metric] + [h.value for h in at.header]
    assert "有投诉的项目占比" in chinese and "Projects with a complaint" in english
    assert i18n.t("complaints.trend.title", "en") in english
    assert not set(chinese) & set(english)
    title = figure_specs(at)[0]["layout"]["title"]["text"]
    assert title == i18n.t("chart.complaint_trend.title", "en")


def test_rows_behind_a_kpi_open_on_demand_in_a_full_width_dialog(app_test, demo_store,
                                                                  demo_con):
    at = open_page(app_test, demo_store, "pages/overview.py", "en")
    before = len(at.dataframe)
    at.button(key="rows_ov_complaint_rate").click().run(timeout=TIMEOUT)  # open the click-through
    clean(at)
    active = complaint_kpis(demo_con, Filters()).projects_active
    assert len(at.dataframe) == before + 1
    assert active in [len(d.value) for d in at.dataframe]
    assert "dl_xlsx_rows_tbl_ov_complaint_rate" in [b.key for b in at.get("download_button")]
    # the table is in a large dialog, not in the card's third of the row
    found = _dialogs(at)
    assert len(found) == 1, found
    assert found[0].title == i18n.t("kpi.rows_behind_title", "en",
                                    name=kpi_cards.metric_name("complaint_rate", "en"))
    assert found[0].width == Block.Dialog.DialogWidth.LARGE
    # closed again on the next rerun
    at.run(timeout=TIMEOUT)
    assert len(at.dataframe) == before and not _dialogs(at)


def _dialogs(at) -> list:
    """The dialog blocks of the page's tree (their proto: title, width)."""
    out = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if isinstance(proto, Block) and \
                proto.WhichOneof("type") == "dialog":
            out.append(proto.dialog)
        stack.extend(getattr(node, "children", {}).values())
    return out


def test_rows_behind_a_large_kpi_are_capped_with_a_download_of_all(app_test, demo_store,
                                                                   demo_con, monkeypatch):
    from analytics.ui import kpis

    monkeypatch.setattr(kpis, "ROWS_SHOWN", 7)
    total = len(metrics.kpi_rows(demo_con, Filters(), key="complaint_rate"))
    assert total > 7
    at = open_page(app_test, demo_store, "pages/overview.py", "en")
    at.button(key="rows_ov_complaint_rate").click().run(timeout=TIMEOUT)
    clean(at)
    assert 7 in [len(d.value) for d in at.dataframe]
    assert i18n.t("kpi.rows_count_capped", "en", n=formatting.fmt_value(total, "count", "en"),
                  shown="7") in [c.value for c in at.caption]
    button = at.download_button(key="rows_all_ov_complaint_rate")
    assert button.label == i18n.t("common.download_all", "en",
                                  n=formatting.fmt_value(total, "count", "en"))


def test_project_drill_down(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store, "pages/overview.py", "en")
    picker = at.selectbox(key="ov_project")
    assert picker.value  # the worst project is shown first
    target = "PRJ-0007"
    picker.set_value(target).run(timeout=TIMEOUT)
    clean(at)
    detail = project_detail(demo_con, target)
    assert at.tabs[0].label == i18n.t("overview.project.tickets", "en", n=len(detail.tickets))
    assert len(detail.tickets) in [len(d.value) for d in at.dataframe]
    titles = [spec["layout"]["title"]["text"] for spec in figure_specs(at)]
    assert i18n.t("chart.project_timeline.title", "en") in titles


def test_open_tickets_are_listed_on_demand(app_test, demo_store, demo_con):
    from analytics.metrics import backlog_tickets

    at = open_page(app_test, demo_store, "pages/cycle_times.py", "en")
    clean(at)
    n = len(backlog_tickets(demo_con, Filters()))
    assert n > 0
    assert i18n.t("cycle.backlog.list", "en", n=n) in [e.label for e in at.expander]
    before = len(at.dataframe)
    at.session_state["ct_backlog_list"] = True  # open the list
    at.run(timeout=TIMEOUT)
    clean(at)
    assert len(at.dataframe) == before + 1
    assert n in [len(d.value) for d in at.dataframe]
    assert "dl_csv_ct_backlog_table" in [b.key for b in at.get("download_button")]


def test_golive_timeline_is_capped_and_the_table_lists_every_project(app_test, demo_store,
                                                                      demo_con):
    from analytics.metrics import schedule_slip

    slips = schedule_slip(demo_con, Filters())
    planned = int(slips["planned_golive_date"].notna().sum())
    at = open_page(app_test, demo_store, "pages/cycle_times.py", "zh")
    clean(at)
    spec = next(s for s in figure_specs(at)
                if s["layout"]["title"]["text"] == i18n.t("chart.golive_timeline.title", "zh"))
    drawn = spec["layout"]["yaxis"]["categoryarray"]
    assert len(drawn) == min(planned, figures.cycle_times.GOLIVE_TIMELINE_LIMIT)
    if planned > figures.cycle_times.GOLIVE_TIMELINE_LIMIT:
        assert spec["layout"]["title"]["subtitle"]["text"] == figures.cycle_times.golive_timeline_note(
            len(drawn), planned, "zh")
    assert len(slips) in [len(d.value) for d in at.dataframe]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_health_table_shows_health_as_coloured_labels(app_test, demo_store, lang):
    at = open_page(app_test, demo_store, "pages/overview.py", lang)
    clean(at)
    header = display.column_title("rag", lang)
    table = next(d for d in at.dataframe if header in d.value.columns)
    labels = {v for cell in table.value[header] for v in cell}
    assert labels and labels <= set(display.rag_colours(lang))
    config = json.loads(table.proto.columns)[header]
    assert config["type_config"]["type"] == "multiselect"
    colours = {o["value"]: o.get("color") for o in config["type_config"]["options"]}
    assert colours == display.rag_colours(lang)


def test_comment_list_is_capped_to_the_newest(app_test, demo_store, demo_con, monkeypatch):
    from analytics.ui import tables

    total = len(survey_comments(demo_con, Filters()))
    assert total > 100
    monkeypatch.setattr(tables, "COMMENTS_SHOWN", 100)
    at = open_page(app_test, demo_store, "pages/satisfaction.py", "zh")
    clean(at)
    assert i18n.t("satisfaction.comments.count_capped", "zh",
                  n=formatting.fmt_value(total, "count", "zh"), shown="100") in [
        c.value for c in at.caption]
    newest = survey_comments(demo_con, Filters(), limit=100)
    listed = next(d.value for d in at.dataframe if len(d.value) == 100)
    assert list(listed[display.column_title("comment", "zh")]) == list(newest["comment"])
    # the list holds 100; one button downloads every matching comment
    button = at.download_button(key="sat_comments_all")
    assert button.label == i18n.t("common.download_all", "zh",
                                  n=formatting.fmt_value(total, "count", "zh"))


def test_download_all_writes_every_matching_row(demo_con):
    import csv
    import io

    from analytics.ui import tables

    columns = ["submitted_at", "comment", "customer"]
    data = tables.all_rows_csv(survey_comments, demo_con, "en", (Filters(),), {"search": None},
                               columns)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    every = survey_comments(demo_con, Filters())
    assert rows[0] == [display.column_title(c, "en") for c in columns]
    assert len(rows) - 1 == len(every) > 100
    assert [r[1] for r in rows[1:]] == list(every["comment"])


@pytest.mark.parametrize("params", [{}, Q2, {"customers": "__first__"}])
def test_health_counts_equal_the_health_summary(demo_con, params):
    from analytics.metrics import health_summary, project_health

    if params.get("customers") == "__first__":
        first = demo_con.execute("SELECT min(customer) FROM projects").fetchone()[0]
        f = Filters(customers=(first,))
    else:
        f = Filters.from_query_params(params)
    counted = figures.overview.health_counts(project_health(demo_con, f))
    expected = health_summary(demo_con, f)
    assert list(counted["rag"]) == list(expected["rag"])
    assert list(counted["projects"]) == [int(v) for v in expected["projects"]]
    assert counted["share"].tolist() == pytest.approx(expected["share"].tolist())


@pytest.mark.parametrize("page, lang, state_key, label, first, chosen", [
    ("complaints", "zh", "cp_dimension", "dim.category", "cp_by_customer", "cp_by_category"),
    ("complaints", "en", "cp_dimension", "dim.category", "cp_by_customer", "cp_by_category"),
    ("cycle_times", "en", "ct_measure", "cycle.tab.first_response", "ct_box_resolution",
     "ct_box_first_response"),
    ("satisfaction", "zh", "sat_dimension", "dim.team", "sat_by_touchpoint", "sat_by_team"),
])
def test_tabs_run_only_the_selected_one(app_test, demo_store, page, lang, state_key, label,
                                        first, chosen):
    at = open_page(app_test, demo_store, f"pages/{page}.py", lang)
    clean(at)
    keys = [c.key for c in at.get("plotly_chart")]
    assert first in keys and chosen not in keys
    at.session_state[state_key] = i18n.t(label, lang)  # switch tabs
    at.run(timeout=TIMEOUT)
    clean(at)
    keys = [c.key for c in at.get("plotly_chart")]
    assert chosen in keys and first not in keys


def test_the_health_reasons_are_readable_on_the_page(app_test, demo_store, demo_con):
    """Every flagged project's reasons, in full, under the health table: none is left to a
    truncated cell or a download."""

    at = open_page(app_test, demo_store, "pages/overview.py", "en")
    clean(at)
    health = metrics.project_health(demo_con, Filters())
    flagged = health[health["rag"].isin(["red", "amber"])]
    assert len(flagged) > 0
    title = i18n.t("overview.health.reasons", "en", n=len(flagged))
    box = next(e for e in at.expander if e.label == title)
    text = box.markdown[0].value
    assert text.count("\n- ") + 1 == len(flagged)
    for row in flagged.head(3).to_dict("records"):
        for reason in display.health_reasons(row, "en"):
            assert reason in text
