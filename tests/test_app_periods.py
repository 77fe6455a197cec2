"""The period presets: what each one selects on the store's own clock, the default (the last
complete quarter, compared with the one before), and how the sidebar, the URL and a typed
range agree.

The store here records events from 10 February 2025 to 14 August 2025 (a Thursday), so every
expected range below is counted by hand from those two days.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics import store
from analytics.filters import Filters
from analytics.metrics import periods
from metrics_fixtures import insert, make_store, ts

FIRST, LAST = "2025-02-10 09:00", "2025-08-14 17:00"
TICKETS = [
    {"ticket_id": "T-1", "created_at": ts(FIRST), "resolved_at": ts("2025-02-11 10:00")},
    {"ticket_id": "T-2", "created_at": ts("2025-05-20 09:00")},
    {"ticket_id": "T-3", "created_at": ts("2025-07-02 09:00"), "resolved_at": ts(LAST)},
]


@pytest.fixture
def clock_store(tmp_path: Path) -> Path:
    path = tmp_path / "clock.duckdb"
    con = store.connect(path)
    insert(con, "tickets", TICKETS)
    con.execute("CHECKPOINT")
    con.close()
    return path


# -- the presets, on the store's clock ---------------------------------------------------------


def test_each_preset_is_measured_to_the_latest_recorded_day():
    con = make_store(tickets=TICKETS)
    assert periods.preset_ranges(con) == {
        # Q3 2025 is not over on 14 August: the last complete quarter is Q2
        "last_quarter": (date(2025, 4, 1), date(2025, 6, 30)),
        "this_quarter": (date(2025, 7, 1), date(2025, 8, 14)),
        # 14 Aug back 89 days: 14 (to 31 Jul) + 31 (July) + 30 (June) + 14 -> 17 May
        "last_90_days": (date(2025, 5, 17), date(2025, 8, 14)),
        # 1 January is before the first record (10 February): clipped to it
        "year_to_date": (date(2025, 2, 10), date(2025, 8, 14)),
        "all": None,
    }


def test_a_quarter_whose_last_day_is_recorded_is_complete():
    con = make_store(tickets=[{"ticket_id": "A", "created_at": ts("2025-01-15 09:00")},
                              {"ticket_id": "B", "created_at": ts("2025-06-30 18:00")}])
    ranges = periods.preset_ranges(con)
    assert ranges["last_quarter"] == ranges["this_quarter"] == (date(2025, 4, 1),
                                                                date(2025, 6, 30))
    # the default wins when two presets select the same days
    assert periods.preset_of(ranges, date(2025, 4, 1), date(2025, 6, 30)) == "last_quarter"


def test_a_range_is_named_by_the_preset_it_equals():
    ranges = periods.preset_ranges(make_store(tickets=TICKETS))
    assert periods.preset_of(ranges, date(2025, 7, 1), date(2025, 8, 14)) == "this_quarter"
    assert periods.preset_of(ranges, None, None) == "all"
    assert periods.preset_of(ranges, date(2025, 7, 1), date(2025, 8, 13)) == "custom"


def test_a_store_without_dates_has_no_presets():
    assert periods.preset_ranges(make_store()) == {}


# -- the sidebar --------------------------------------------------------------------------------


def test_a_first_visit_shows_the_last_complete_quarter_against_the_one_before(app_test,
                                                                              clock_store):
    at = app_test(clock_store).run()
    assert not at.exception
    assert at.sidebar.selectbox(key="f_preset").value == "last_quarter"
    assert at.sidebar.date_input(key="f_period").value == (date(2025, 4, 1), date(2025, 6, 30))
    assert at.session_state["filters"] == Filters(date_from=date(2025, 4, 1),
                                                  date_to=date(2025, 6, 30))
    # the default view needs no parameter in its link
    assert not {"period", "date_from", "date_to"} & set(at.query_params)
    # the cards compare with the whole quarter before: January-March
    captions = " ".join(c.value for c in at.caption)
    assert "2025-01-01" in captions or "2025年1月1日" in captions, captions


def test_a_preset_follows_the_select_and_is_kept_in_the_link(app_test, clock_store):
    at = app_test(clock_store).run()
    at.sidebar.selectbox(key="f_preset").set_value("last_90_days").run()
    assert at.sidebar.date_input(key="f_period").value == (date(2025, 5, 17), date(2025, 8, 14))
    # ending on the latest day is an open end: the same days, "up to the latest record"
    assert at.session_state["filters"] == Filters(date_from=date(2025, 5, 17))
    assert at.query_params["period"] == "last_90_days"
    assert "date_from" not in at.query_params

    at.sidebar.selectbox(key="f_preset").set_value("all").run()
    assert at.session_state["filters"] == Filters()
    assert at.sidebar.date_input(key="f_period").value == (date(2025, 2, 10), date(2025, 8, 14))


def test_a_link_names_its_preset(app_test, clock_store):
    at = app_test(clock_store)
    at.query_params["period"] = "this_quarter"
    at.run()
    assert at.sidebar.selectbox(key="f_preset").value == "this_quarter"
    assert at.session_state["filters"] == Filters(date_from=date(2025, 7, 1))


def test_typed_dates_become_a_custom_range_in_the_link(app_test, clock_store):
    at = app_test(clock_store).run()
    at.sidebar.date_input(key="f_period").set_value((date(2025, 3, 1), date(2025, 5, 31))).run()
    assert at.sidebar.selectbox(key="f_preset").value == "custom"
    wanted = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 5, 31))
    assert at.session_state["filters"] == wanted
    assert at.query_params["date_from"] == "2025-03-01"
    assert at.query_params["date_to"] == "2025-05-31"
    assert "period" not in at.query_params
    # a range equal to a preset's is that preset again
    at.sidebar.date_input(key="f_period").set_value((date(2025, 7, 1), date(2025, 8, 14))).run()
    assert at.sidebar.selectbox(key="f_preset").value == "this_quarter"
    # a link with dates opens as that custom range
    shared = app_test(clock_store)
    for key, value in wanted.to_query_params().items():
        shared.query_params[key] = value
    shared.run()
    assert shared.sidebar.selectbox(key="f_preset").value == "custom"
    assert shared.session_state["filters"] == wanted
