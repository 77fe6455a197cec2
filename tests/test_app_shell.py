"""The app shell under AppTest: it starts on the demo store and on an empty one, every page
runs, the language switch relabels the app, the sidebar filters live in the URL, and the Data
page previews and imports files (into the shared store: tests/test_app_team.py follows that
store across sessions, roles and the inbox).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics import i18n, store
from analytics.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
PAGES = [p for p in ("pages/overview.py", "pages/complaints.py", "pages/cycle_times.py",
                     "pages/satisfaction.py", "pages/people.py", "pages/retro.py", "pages/data.py",
                     "pages/explore.py", "pages/settings.py") if (ROOT / p).is_file()]

TICKETS_CSV = (
    "工单编号,创建时间,解决时间,优先级,客户,团队\n"
    "ISO-1,2025-01-02 10:00,2025-01-02 12:00,高,Isolation Test Co,实施\n"
    "ISO-2,2025/1/5 9:00,2025/1/4 9:00,P3,Isolation Test Co,运维\n"
    "ISO-3,not a date,,P1,Isolation Test Co,运维\n"
).encode()


def no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def counts(path: Path) -> dict[str, int]:
    con = store.connect(path)
    try:
        return store.table_counts(con)
    finally:
        con.close()


def sidebar_labels(at) -> list[str]:
    return [w.label for w in at.sidebar.multiselect] + [w.label for w in at.sidebar.radio]


# -- start-up ----------------------------------------------------------------------------------


def test_starts_on_the_demo_store(app_test, demo_store):
    at = app_test(demo_store).run()
    no_exceptions(at)
    assert [w.key for w in at.sidebar.multiselect] == [
        "f_customers", "f_industries", "f_regions", "f_teams", "f_delivery_modes"]
    customers = at.sidebar.multiselect(key="f_customers").options
    assert len(customers) >= 5
    assert at.sidebar.date_input(key="f_period").value is not None
    assert isinstance(at.session_state["filters"], Filters)
    assert at.session_state["grain"] == "month"


def test_starts_on_an_empty_store(app_test, empty_store):
    at = app_test(empty_store).run()
    no_exceptions(at)
    assert at.sidebar.multiselect(key="f_customers").options == []
    assert not at.sidebar.date_input  # no dated rows: no period picker
    assert counts(empty_store) == {"projects": 0, "tickets": 0, "surveys": 0}


def test_first_start_imports_the_demo_workbook(app_test, tmp_path, demo_store):
    from analytics.settings import DEMO_WORKBOOK

    assert DEMO_WORKBOOK.exists(), "the demo workbook data/demo_portfolio.xlsx is not shipped"
    fresh = tmp_path / "fresh.duckdb"
    at = app_test(fresh, auto_demo=True).run()
    no_exceptions(at)
    assert counts(fresh) == counts(demo_store)
    at.run()  # a second run does not import again
    assert counts(fresh) == counts(demo_store)


def test_a_store_that_cannot_be_opened_is_one_message(app_test, tmp_path):
    not_a_store = tmp_path / "not_a_store.duckdb"
    not_a_store.write_bytes(b"this is not a DuckDB file" * 100)
    at = app_test(not_a_store).run()
    no_exceptions(at)
    assert len(at.error) == 1 and "not_a_store.duckdb" in at.error[0].value


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("which", ["demo", "empty"])
def test_every_page_runs(app_test, demo_store, empty_store, page, which):
    at = app_test(demo_store if which == "demo" else empty_store).run()
    at.switch_page(page).run()
    no_exceptions(at)
    assert at.title, f"{page} shows no title"
    # the shell's sidebar is drawn on every page
    assert at.sidebar.multiselect(key="f_customers") is not None


# -- language ----------------------------------------------------------------------------------


def test_language_switch_changes_the_labels(app_test, demo_store):
    at = app_test(demo_store).run()
    chinese = sidebar_labels(at)
    assert at.session_state["lang"] == "zh"
    assert "客户" in chinese
    at.sidebar.radio(key="lang").set_value("en").run()
    no_exceptions(at)
    english = sidebar_labels(at)
    assert "Customers" in english
    assert set(chinese).isdisjoint(set(english) - {at.sidebar.radio(key="lang").label})
    assert at.query_params.get("lang") == "en"
    assert at.title[0].value == i18n.t("nav.overview", "en")


def test_language_comes_from_the_url(app_test, demo_store):
    at = app_test(demo_store)
    at.query_params["lang"] = "en"
    at.run()
    assert at.session_state["lang"] == "en"
    assert "Customers" in sidebar_labels(at)


# -- filters in the URL ------------------------------------------------------------------------


def test_filters_round_trip_through_the_url(app_test, demo_store):
    probe = app_test(demo_store).run()
    probe.sidebar.selectbox(key="f_preset").set_value("all").run()
    customers = probe.sidebar.multiselect(key="f_customers").options[:2]
    lo, hi = probe.sidebar.date_input(key="f_period").value
    date_from = date(lo.year + 1, 1, 1)
    date_to = date(lo.year + 1, 6, 30)
    assert lo < date_from < date_to < hi

    wanted = Filters(date_from=date_from, date_to=date_to, customers=tuple(customers))
    at = app_test(demo_store)
    for key, value in {**wanted.to_query_params(), "grain": "quarter",
                       "regions": "No Such Region"}.items():
        at.query_params[key] = value
    at.run()
    no_exceptions(at)
    assert at.session_state["filters"] == wanted  # the unknown region is dropped
    assert at.session_state["grain"] == "quarter"
    assert at.sidebar.multiselect(key="f_customers").value == customers
    assert at.sidebar.date_input(key="f_period").value == (date_from, date_to)
    expected_url = {**wanted.to_query_params(), "grain": "quarter"}
    assert {k: v for k, v in at.query_params.items() if k in expected_url or k == "regions"} \
        == expected_url
    assert Filters.from_query_params(at.query_params) == wanted

    # a change in the sidebar is written back to the URL, and kept across pages
    region = at.sidebar.multiselect(key="f_regions").options[0]
    at.sidebar.multiselect(key="f_regions").set_value([region]).run()
    assert at.query_params["regions"] == region
    at.switch_page("pages/data.py").run()
    assert at.query_params["regions"] == region
    assert at.session_state["filters"].regions == (region,)


def test_clear_filters_resets_the_url(app_test, demo_store):
    at = app_test(demo_store)
    at.query_params["customers"] = "x"
    at.query_params["grain"] = "week"
    at.run()
    customer = at.sidebar.multiselect(key="f_customers").options[0]
    at.sidebar.multiselect(key="f_customers").set_value([customer]).run()
    assert at.query_params["customers"] == customer
    at.sidebar.selectbox(key="f_preset").set_value("all").run()
    assert at.query_params["period"] == "all"
    at.sidebar.button(key="f_reset").click().run()
    # back to the view a fresh session starts on: every customer, the last complete quarter
    fresh = app_test(demo_store).run()
    assert at.session_state["filters"] == fresh.session_state["filters"]
    assert at.session_state["filters"].date_from is not None
    assert at.session_state["f_preset"] == "last_quarter"
    assert not {"customers", "grain", "period", "date_from"} & set(at.query_params)


# -- the Data page -----------------------------------------------------------------------------


def open_data_page(app_test, db, **env):
    at = app_test(db, **env).run()
    at.switch_page("pages/data.py").run()
    no_exceptions(at)
    return at


def test_data_page_previews_and_imports_a_csv(app_test, demo_store_copy):
    before = counts(demo_store_copy)
    at = open_data_page(app_test, demo_store_copy)
    at.file_uploader[0].set_value(("tickets.csv", TICKETS_CSV, "text/csv")).run()
    no_exceptions(at)
    editor = at.data_editor[0].value
    assert list(editor["header"]) == ["工单编号", "创建时间", "解决时间", "优先级", "客户", "团队"]
    assert list(editor["column"]) == ["ticket_id", "created_at", "resolved_at", "priority",
                                      "customer", "team"]
    assert not at.error

    at.button(key="import").click().run()
    no_exceptions(at)
    assert any("tickets.csv" in s.value for s in at.success)
    report = at.dataframe[0].value
    zh = {k: i18n.t(f"datapage.col.{k}", "zh") for k in
          ("rows_read", "rows_imported", "rows_rejected", "rows_folded", "blank_rows")}
    assert report.loc[0, zh["rows_read"]] == 3
    assert report.loc[0, zh["rows_imported"]] == 1
    assert report.loc[0, zh["rows_rejected"]] == 2
    rejected = at.dataframe[1].value
    assert len(rejected) == 2
    assert set(rejected[i18n.t("datapage.col.row", "zh")]) == {3, 4}
    assert at.download_button(key="dl_csv_rejected_0") is not None

    # the import went to the shared store: the one row that could be read
    assert counts(demo_store_copy) == {**before, "tickets": before["tickets"] + 1}
    assert "Isolation Test Co" in at.sidebar.multiselect(key="f_customers").options
    assert at.file_uploader[0].value in (None, [])  # the uploader was cleared


def test_mapping_edits_are_used_by_the_import(app_test, empty_store):
    csv = b"Ref,Logged,Sev\nA-1,2025-02-01 08:00,P2\nA-2,2025-02-03 09:30,P4\n"
    at = open_data_page(app_test, empty_store)
    at.file_uploader[0].set_value(("odd.csv", csv, "text/csv")).run()
    no_exceptions(at)
    # nothing known in these headers: the page says so and offers no import
    assert at.warning
    assert at.button(key="import").disabled

    file_id = at.file_uploader[0].value[0].file_id
    at.selectbox(key=f"table_{file_id}").set_value("tickets").run()
    assert at.error  # tickets need ticket_id and created_at
    assert at.button(key="import").disabled
    at.session_state[f"mapping_{file_id}_tickets_0"] = {
        "edited_rows": {0: {"column": "ticket_id"}, 1: {"column": "created_at"},
                        2: {"column": "priority"}},
        "added_rows": [], "deleted_rows": [],
    }
    at.run()
    no_exceptions(at)
    assert not at.error
    at.button(key="import").click().run()
    no_exceptions(at)
    con = store.connect(empty_store)
    try:
        rows = con.execute("SELECT ticket_id, priority FROM tickets ORDER BY 1").fetchall()
    finally:
        con.close()
    assert rows == [("A-1", "P2"), ("A-2", "P4")]


def test_files_over_the_cap_are_refused_with_a_message(app_test, empty_store):
    at = open_data_page(app_test, empty_store, upload_cap_mb=1)
    big = b"ticket_id,created_at\n" + b"T,2025-01-01\n" * 90_000  # about 1.2 MB
    at.file_uploader[0].set_value(("big.csv", big, "text/csv")).run()
    no_exceptions(at)
    assert any("1 MB" in e.value and "big.csv" in e.value for e in at.error)
    assert at.button(key="import").disabled


def test_unreadable_file_gets_one_sentence(app_test, empty_store):
    at = open_data_page(app_test, empty_store)
    at.file_uploader[0].set_value(("broken.xlsx", b"this is not a workbook", "application/zip")
                                  ).run()
    no_exceptions(at)
    assert any("broken.xlsx" in e.value for e in at.error)


def test_data_page_in_english_and_its_template(app_test, empty_store):
    at = app_test(empty_store)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/data.py").run()
    no_exceptions(at)
    assert at.title[0].value == "Data"
    labels = {b.label for b in at.download_button}
    assert {"Template with English headers", "Template with Chinese headers"} <= labels


def test_a_workbook_imports_every_sheet(app_test, empty_store, demo_workbook, demo_store):
    at = open_data_page(app_test, empty_store)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader[0].set_value((demo_workbook.name, demo_workbook.read_bytes(), mime)).run()
    no_exceptions(at)
    assert len(at.data_editor) == 3  # one mapping per sheet
    at.button(key="import").click().run()
    no_exceptions(at)
    assert len(at.dataframe[0].value) == 3
    assert counts(empty_store) == counts(demo_store)
    assert any(i18n.t("datapage.no_rejects", "zh") in c.value for c in at.caption)


def test_a_gbk_csv_is_read(app_test, empty_store):
    text = "工单编号,创建时间,优先级,客户\nG-1,2025年3月5日,紧急,华东制造\n"
    at = open_data_page(app_test, empty_store)
    at.file_uploader[0].set_value(("gbk.csv", text.encode("gb18030"), "text/csv")).run()
    no_exceptions(at)
    assert list(at.data_editor[0].value["sample"]) == ["G-1", "2025年3月5日", "紧急", "华东制造"]
    at.button(key="import").click().run()
    no_exceptions(at)
    assert "华东制造" in at.sidebar.multiselect(key="f_customers").options


# -- first start -------------------------------------------------------------------------------


def test_the_demo_portfolio_is_labelled_with_a_way_to_the_data_page(app_test, tmp_path,
                                                                    demo_store, empty_store):
    fresh = tmp_path / "first_start.duckdb"
    at = app_test(fresh, auto_demo=True)
    at.query_params["lang"] = "en"
    at.run()
    no_exceptions(at)
    notice = i18n.t("shell.demo_notice", "en")
    assert notice in [m.value.split(" ", 1)[-1] for m in at.markdown]
    assert i18n.t("shell.demo_sidebar", "en") in " ".join(c.value for c in at.sidebar.caption)
    links = at.get("page_link")
    assert [link.proto.label for link in links] == [i18n.t("shell.demo_to_data", "en")]
    assert links[0].proto.page.endswith("data")

    # a store holding anything else is not called demo data
    at = app_test(empty_store)
    at.query_params["lang"] = "en"
    at.run()
    assert notice not in [m.value.split(" ", 1)[-1] for m in at.markdown]


# -- sharing and chart clicks ------------------------------------------------------------------


def test_copy_link_holds_the_current_view(app_test, demo_store):
    at = app_test(demo_store)
    at.context = {"url": "http://pulse.example"}
    at.query_params["grain"] = "quarter"
    at.query_params["period"] = "last_90_days"
    at.run()
    no_exceptions(at)
    links = [c.value for c in at.sidebar.code]
    assert links == ["http://pulse.example?grain=quarter&period=last_90_days"]


def test_clicking_a_bar_filters_the_view_to_it(app_test, demo_store):
    """The customer breakdown listens for clicks; a click's point (as Streamlit hands it over,
    with the trace's customdata) names the customer, and picking it narrows every page."""
    import json

    from analytics.ui import widgets

    at = app_test(demo_store)
    at.query_params["period"] = "all"
    at.run()
    at.switch_page("pages/complaints.py").run()
    no_exceptions(at)
    chart = next(c for c in at.get("plotly_chart") if "cp_by_customer" in c.proto.id)
    assert chart.proto.selection_mode  # clicks are reported back to the page
    bar = json.loads(chart.proto.spec)["data"][0]
    point = {"curve_number": 0, "point_index": len(bar["y"]) - 1, "y": bar["y"][-1],
             "customdata": bar["customdata"][-1]}
    customer = widgets.clicked_value([point])
    assert customer in at.sidebar.multiselect(key="f_customers").options
    assert widgets.clicked_value([]) is None
    assert widgets.clicked_value([{"customdata": ["(unspecified)", 3, None]}]) is None

    at.session_state["f_customers"] = [customer]  # what the click's callback sets
    at.run()
    assert at.session_state["filters"].customers == (customer,)
    assert at.query_params["customers"] == customer


@pytest.mark.parametrize("tab,widget,dimension", [("dim.team", "f_teams", "teams"),
                                                  ("dim.customer", "f_customers", "customers")])
def test_clicking_a_satisfaction_bar_filters_the_view_to_it(app_test, demo_store, tab, widget,
                                                            dimension):
    """The CSAT split by team or customer listens for clicks as the complaint breakdown does:
    the clicked bar's last customdata item is a value of the sidebar's filter."""
    import json

    from analytics.ui import widgets

    at = app_test(demo_store)
    at.query_params["period"] = "all"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/satisfaction.py").run()
    at.session_state["sat_dimension"] = i18n.t(tab, "en")
    at.run()
    no_exceptions(at)
    key = "sat_by_" + tab.split(".")[1]
    chart = next(c for c in at.get("plotly_chart") if key in c.proto.id)
    assert chart.proto.selection_mode
    bar = json.loads(chart.proto.spec)["data"][0]
    picked = widgets.clicked_value([{"customdata": bar["customdata"][-1]}])
    assert picked
    from analytics.ui import sidebar

    assert sidebar.SIDEBAR_DIMENSIONS[dimension] == widget  # where the click's callback writes
    at.session_state[widget] = [picked]  # what the click's callback sets
    at.run()
    no_exceptions(at)
    assert getattr(at.session_state["filters"], dimension) == (picked,)
    narrowed = json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)
    assert widgets.clicked_value([{"customdata": narrowed["data"][0]["customdata"][0]}]) == picked  # the split is now that one value
