"""Working time, worked out by hand on the default calendar: Monday to Friday 09:00-18:00 (9
working hours a day), mainland China's holidays and make-up workdays.

2025's National Day holiday runs Wednesday 1 October to Wednesday 8 October; Sunday 28
September and Saturday 11 October are make-up workdays (调休). 2025-11-03 is a Monday.

    ticket  created             resolved            wall h  business h
    ND      Tue 09-30 16:00     Sat 10-11 10:00     258     2 (09-30) + 0 (10-01..08) + 9 + 9 + 1 (Sat, worked) = 21
    MK      Fri 09-26 17:00     Mon 09-29 10:00      65     1 + 0 (Sat) + 9 (Sun, worked) + 1 = 11
    WE      Fri 11-14 17:30     Mon 11-17 09:30      64     0.5 + 0 + 0 + 0.5 = 1
    NI      Wed 11-05 19:00     Thu 11-06 08:00      13     0: after work, then before it
    SS      Sat 11-08 10:00     Sun 11-09 15:00      29     0: a weekend alone
    FD      Wed 11-05 07:00     Wed 11-05 20:00      13     9: the whole working day and no more
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import calendars, metrics
from analytics.filters import Filters
from analytics.settings import Settings
from analytics.status_history import TABLE as HISTORY
from analytics.status_history import settle
from metrics_fixtures import make_store, ts

TICKETS = [
    dict(ticket_id="ND", created_at=ts("2025-09-30 16:00"), resolved_at=ts("2025-10-11 10:00")),
    dict(ticket_id="MK", created_at=ts("2025-09-26 17:00"), resolved_at=ts("2025-09-29 10:00")),
    dict(ticket_id="WE", created_at=ts("2025-11-14 17:30"), resolved_at=ts("2025-11-17 09:30")),
    dict(ticket_id="NI", created_at=ts("2025-11-05 19:00"), resolved_at=ts("2025-11-06 08:00")),
    dict(ticket_id="SS", created_at=ts("2025-11-08 10:00"), resolved_at=ts("2025-11-09 15:00")),
    dict(ticket_id="FD", created_at=ts("2025-11-05 07:00"), resolved_at=ts("2025-11-05 20:00")),
]
BUSINESS = {"ND": 21.0, "MK": 11.0, "WE": 1.0, "NI": 0.0, "SS": 0.0, "FD": 9.0}
WALL = {"ND": 258.0, "MK": 65.0, "WE": 64.0, "NI": 13.0, "SS": 29.0, "FD": 13.0}


def durations(con, clock: str, settings: Settings = Settings()) -> dict[str, float]:
    df = metrics.ticket_durations(con, Filters(), settings=settings, clock=clock)  # type: ignore[arg-type]
    return dict(zip(df["ticket_id"], df["hours"]))


def test_national_day_holiday_and_makeup_workdays():
    con = make_store(tickets=TICKETS[:2])
    assert durations(con, "business") == pytest.approx({"ND": 21.0, "MK": 11.0})
    assert durations(con, "wall") == pytest.approx({"ND": 258.0, "MK": 65.0})


def test_weekend_counts_nothing():
    con = make_store(tickets=[TICKETS[2]])
    assert durations(con, "business") == pytest.approx({"WE": 1.0})


def test_outside_working_hours_and_zero_working_time():
    con = make_store(tickets=TICKETS[3:])
    assert durations(con, "business") == pytest.approx({"NI": 0.0, "SS": 0.0, "FD": 9.0})


def test_a_negative_duration_is_left_out_on_both_clocks():
    # resolved "before" it was created, both on a Saturday: -5 wall-clock hours, a data error;
    # its business hours (no working minute between) are not 0 but none, like its wall ones
    con = make_store(tickets=[TICKETS[2], dict(ticket_id="NEG", created_at=ts("2025-11-08 15:00"),
                                               resolved_at=ts("2025-11-08 10:00"))])
    assert durations(con, "wall") == pytest.approx({"WE": 64.0})
    assert durations(con, "business") == pytest.approx({"WE": 1.0})
    h = metrics.headline(con)
    assert (h["resolution_median_hours"], h["resolution_median_business_hours"]) == pytest.approx((64.0, 1.0))


def test_business_twins_in_the_headline_and_by_priority():
    con = make_store(tickets=TICKETS)
    h = metrics.headline(con)
    # business hours sorted: 0 0 1 9 11 21 -> median (1 + 9) / 2 = 5; p90 at position 4.5:
    # 11 + 0.5 x (21 - 11) = 16
    assert h["resolution_median_business_hours"] == pytest.approx(5.0)
    assert h["resolution_p90_business_hours"] == pytest.approx(16.0)
    # wall hours sorted: 13 13 29 64 65 258 -> median 46.5
    assert h["resolution_median_hours"] == pytest.approx(46.5)
    assert h["first_response_median_business_hours"] is None  # nobody answered
    stats = metrics.cycle_time_stats(con, Filters(), clock="business")
    assert stats.loc[0, "resolution_median_hours"] == pytest.approx(5.0)


def test_calendar_table_is_one_lookup_per_moment():
    # the working minutes before each day: the National Day week adds nothing
    import duckdb

    sql, params = calendars.calendar_sql(calendars.CalendarChoice(), date(2025, 9, 29), date(2025, 10, 13))
    days = duckdb.connect().execute(f"SELECT day, minutes, before FROM ({sql}) ORDER BY day", params).df()
    by_day = {d.date(): (m, b) for d, m, b in zip(pd.to_datetime(days["day"]), days["minutes"], days["before"])}
    assert [by_day[date(2025, 10, d)][0] for d in range(1, 9)] == [0] * 8
    assert by_day[date(2025, 10, 11)][0] == 540 and by_day[date(2025, 10, 12)][0] == 0
    assert by_day[date(2025, 10, 9)][1] - by_day[date(2025, 9, 30)][1] == 540  # only 30 Sep between


def test_region_calendar_from_the_holidays_package():
    # a US team: Friday 4 July 2025 is Independence Day; Mon 30 Jun 09:00 -> Mon 7 Jul 09:00
    # is 4 working days (Mon-Thu) = 36 h, where the Chinese calendar counts 5 = 45 h
    con = make_store(tickets=[dict(ticket_id="US", team="support-us", created_at=ts("2025-06-30 09:00"),
                                   resolved_at=ts("2025-07-07 09:00"))])
    us = Settings(calendar_by_team="support-us=US")
    assert durations(con, "business", us) == pytest.approx({"US": 36.0})
    assert durations(con, "business") == pytest.approx({"US": 45.0})


def test_team_calendar_named_as_the_file_writes_the_team():
    # the import keeps 运维 as the canonical team "operations"; the setting may name either
    con = make_store(tickets=[dict(ticket_id="OPS", team="operations", created_at=ts("2025-06-30 09:00"),
                                   resolved_at=ts("2025-07-07 09:00"))])
    assert durations(con, "business", Settings(calendar_by_team="运维=US")) == pytest.approx({"OPS": 36.0})
    assert durations(con, "business", Settings(calendar_by_team="Operations=us")) == pytest.approx({"OPS": 36.0})


def test_customer_region_calendar_and_the_team_winning_over_it():
    # the project's region chooses the calendar of its tickets; a team's own choice wins
    con = make_store(projects=[dict(project_id="P-NA", region="North America")],
                     tickets=[dict(ticket_id="NA", project_id="P-NA", created_at=ts("2025-06-30 09:00"),
                                   resolved_at=ts("2025-07-07 09:00")),
                              dict(ticket_id="NA-CN", project_id="P-NA", team="implementation",
                                   created_at=ts("2025-06-30 09:00"), resolved_at=ts("2025-07-07 09:00"))])
    by_region = Settings(calendar_by_region="north america=US")
    assert durations(con, "business", by_region) == pytest.approx({"NA": 36.0, "NA-CN": 36.0})
    both = Settings(calendar_by_region="North America=US", calendar_by_team="实施=CN")
    assert durations(con, "business", both) == pytest.approx({"NA": 36.0, "NA-CN": 45.0})


def test_a_calendar_setting_that_cannot_be_used_names_itself():
    con = make_store(tickets=[TICKETS[0]])
    with pytest.raises(calendars.CalendarError, match="PULSE_CALENDAR_BY_REGION.*'XX'"):
        durations(con, "business", Settings(calendar_by_region="Europe=XX"))
    with pytest.raises(calendars.CalendarError, match="PULSE_WORKING_HOURS"):
        durations(con, "business", Settings(working_hours="18:00-09:00"))
    with pytest.raises(calendars.CalendarError, match="PULSE_WORKING_WEEKDAYS"):
        durations(con, "business", Settings(working_weekdays=(1, 8)))


def test_a_year_the_calendar_has_no_notice_for_is_not_computable():
    # chinese-calendar publishes each year's holidays when the State Council does: a ticket
    # of a year it does not know has no business hours rather than ones without holidays
    last = calendars.covered_years("CN")[1]
    con = make_store(tickets=[dict(ticket_id="F", created_at=ts(f"{last + 1}-03-02 09:00"),
                                   resolved_at=ts(f"{last + 1}-03-02 12:00"))])
    assert durations(con, "business") == {}  # in no business-hours figure
    assert durations(con, "wall") == pytest.approx({"F": 3.0})
    h = metrics.headline(con)
    assert h["tickets_resolved"] == 1 and h["resolution_median_business_hours"] is None


def test_settings_parse_spans_and_choices():
    assert calendars.parse_span("08:30-17:30") == (pd.Timestamp("08:30").time(), pd.Timestamp("17:30").time())
    with pytest.raises(ValueError):
        calendars.parse_span("18:00-09:00")
    assert calendars.parse_mapping("华东=CN, Europe=de") == {"华东": "CN", "Europe": "DE"}
    with pytest.raises(ValueError):
        calendars.parse_mapping("Europe")


# -- pauses -------------------------------------------------------------------------------
#
# Ticket A (priority P2: target 24 h) as its status history tells:
#     Mon 11-03 09:00 New, 10:00 Active, Tue 11-04 14:00 Awaiting User Info (waiting for the
#     customer), Thu 11-06 11:00 Active, Thu 11-06 15:00 Resolved.
# wall: 78 h in all, 45 h of them paused (Tue 14:00 - Thu 11:00) -> SLA clock 33 h > 24: missed
# business: 9 + 9 + 9 + 6 = 33 h in all, paused Tue 14-18 (4) + Wed (9) + Thu 09-11 (2) = 15 h
#     -> 18 h, within 24: met on the business clock.

STEPS = [("New", "open", "2025-11-03 09:00"), ("Active", "in_progress", "2025-11-03 10:00"),
         ("Awaiting User Info", "pending", "2025-11-04 14:00"), ("Active", "in_progress", "2025-11-06 11:00"),
         ("Resolved", "resolved", "2025-11-06 15:00")]


def paused_store(resolved: bool = True):
    con = make_store(tickets=[dict(ticket_id="A", priority="P2", created_at=ts("2025-11-03 09:00"),
                                   resolved_at=ts("2025-11-06 15:00") if resolved else None,
                                   status="resolved" if resolved else "in_progress")])
    steps = STEPS if resolved else STEPS[:-1]
    con.executemany(f"INSERT INTO {HISTORY} (ticket_id, status_label, status, from_ts, batch_id, source_row) "
                    "VALUES (?, ?, ?, ?, 1, ?)", [("A", label, status, ts(at), i) for i, (label, status, at)
                                                 in enumerate(steps)])
    settle(con, HISTORY)  # each step ends where the next begins
    return con


def test_paused_awaiting_the_customer_stops_both_clocks():
    con = paused_store()
    assert durations(con, "business") == pytest.approx({"A": 18.0})
    assert durations(con, "wall") == pytest.approx({"A": 78.0})  # the wall clock never stops
    # the SLA clock: wall-clock hours less the pause, 33 h > 24 h
    assert metrics.sla_tickets(con, Filters())["outcome"].tolist() == ["missed"]
    assert metrics.sla_tickets(con, Filters(), settings=Settings(sla_clock="business"))["outcome"].tolist() == ["met"]
    # without the pause status, the business clock runs 33 h: missed on it too
    no_pause = Settings(sla_clock="business", pause_statuses=())
    assert durations(con, "business", no_pause) == pytest.approx({"A": 33.0})
    assert metrics.sla_tickets(con, Filters(), settings=no_pause)["outcome"].tolist() == ["missed"]


def test_a_long_pause_moves_a_p3_deadline_on_the_wall_clock():
    # P3 (72 h): 78 h would miss, 78 - 45 = 33 h meets it; the deadline is created + 72 h +
    # the 45 h paused before the clock reached 72 h: Mon 09:00 + 117 h = Sat 11-08 06:00
    con = paused_store()
    con.execute("UPDATE tickets SET priority = 'P3'")
    rows = metrics.sla_tickets(con, Filters())
    assert rows["outcome"].tolist() == ["met"]
    assert rows.loc[0, "target_at"] == pd.Timestamp("2025-11-08 06:00")


def test_deadlines_of_an_open_ticket_on_each_clock():
    con = paused_store(resolved=False)
    con.execute("INSERT INTO surveys (response_id, submitted_at) VALUES ('clock', '2025-11-10 12:00')")
    # wall, P2: 24 h from Mon 09:00 ran out Tue 09:00, before the pause began: it moves nothing
    (wall,) = metrics.backlog_tickets(con, Filters())["target_at"]
    assert wall == pd.Timestamp("2025-11-04 09:00")
    # business, P2: Mon 9 h + Tue 09-14 5 h = 14 h, paused to Thu 11:00, Thu 11-18 7 h = 21 h,
    # Fri 09:00-12:00 the last 3 h: Fri 11-07 12:00
    (business,) = metrics.backlog_tickets(con, Filters(), settings=Settings(sla_clock="business"))["target_at"]
    assert business == pd.Timestamp("2025-11-07 12:00")
