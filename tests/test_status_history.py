"""Status history from the two shapes of file that carry it, and the flow figures read from it,
worked out by hand.

The event log is the public ServiceNow incident-management event log's header set (every
update of an incident is a row, '?' an empty field, dates day-first). 2025-11-03 is a Monday.

    INC-A (P2)  Mon 09:00 New, 10:00 Active, Tue 14:00 Awaiting User Info (Group 70),
                Thu 11:00 Active (Group 56 again), Thu 15:00 Resolved
    INC-B       Mon 09:00 New, 12:00 Active, 18:00 Resolved
    INC-C       Wed 11-05 09:00 New, still new at the log's end

Time in status (steps that ended; wall-clock hours):
    New                 A 1, B 3            tickets 2, median 2, p90 1 + 0.9 x 2 = 2.8, total 4
    Active              A 28 + 4 = 32, B 6  tickets 2, median 19, p90 6 + 0.9 x 26 = 29.4, total 38
    Awaiting User Info  A 45                tickets 1, 45
Business hours (09:00-18:00): New A 1, B 3; Active A 8 + 5 + 4 = 17, B 6; Awaiting A 4 + 9 + 2 = 15.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from ingest_fixtures import used_sheet, write_csv

from analytics import ingest, metrics, store
from analytics.filters import Filters
from analytics.status_history import transition_columns

EVENT_LOG_HEADERS = [
    "number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
    "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at", "sys_updated_by", "sys_updated_at",
    "contact_type", "location", "category", "subcategory", "u_symptom", "cmdb_ci", "impact", "urgency", "priority",
    "assignment_group", "assigned_to", "knowledge", "u_priority_confirmation", "notify", "problem_id", "rfc",
    "vendor", "caused_by", "closed_code", "resolved_by", "resolved_at", "closed_at"]


def event(number, state, mod, opened, updated, group="Group 56", priority="3 - Moderate", resolved="?",
          reassigned="0"):
    row = dict.fromkeys(EVENT_LOG_HEADERS, "?")
    row.update(number=number, incident_state=state, active="false" if state == "Resolved" else "true",
               reassignment_count=reassigned, reopen_count="0", sys_mod_count=str(mod), made_sla="true",
               caller_id="Caller 2403", opened_by="Opened by 8", opened_at=opened, sys_created_by="Created by 6",
               sys_created_at=opened, sys_updated_by="Updated by 21", sys_updated_at=updated,
               contact_type="Phone", category="Category 55", impact="2 - Medium", urgency="2 - Medium",
               priority=priority, assignment_group=group, assigned_to="Resolver 1", resolved_at=resolved)
    return [row[h] for h in EVENT_LOG_HEADERS]


A_OPENED, B_OPENED, C_OPENED = "3/11/2025 09:00", "3/11/2025 09:00", "5/11/2025 09:00"
EVENTS = [
    event("INC-A", "New", 0, A_OPENED, "3/11/2025 09:00", priority="2 - High"),
    event("INC-A", "Active", 1, A_OPENED, "3/11/2025 10:00", priority="2 - High"),
    event("INC-A", "Awaiting User Info", 2, A_OPENED, "4/11/2025 14:00", group="Group 70", priority="2 - High",
          reassigned="1"),
    event("INC-A", "Active", 3, A_OPENED, "6/11/2025 11:00", priority="2 - High", reassigned="2"),
    event("INC-A", "Resolved", 4, A_OPENED, "6/11/2025 15:00", priority="2 - High", resolved="6/11/2025 15:00",
          reassigned="2"),
    event("INC-B", "New", 0, B_OPENED, "3/11/2025 09:00"),
    event("INC-B", "Active", 1, B_OPENED, "3/11/2025 12:00"),
    event("INC-B", "Resolved", 2, B_OPENED, "3/11/2025 18:00", resolved="3/11/2025 18:00"),
    event("INC-C", "New", 0, C_OPENED, "5/11/2025 09:00"),
]


@pytest.fixture
def log_store(tmp_path):
    db = tmp_path / "store.duckdb"
    con = store.connect(db)
    report = used_sheet(ingest.import_file(con, write_csv(tmp_path / "incident_event_log.csv",
                                                          [EVENT_LOG_HEADERS, *EVENTS])))
    return con, report, db


def test_servicenow_event_log_keeps_every_step(log_store):
    con, s, _ = log_store
    assert (s.rows_read, s.rows_imported, s.rows_folded) == (9, 3, 6)
    assert "status history kept: 9 steps of 3 tickets" in [str(n) for n in s.notes]
    # the ticket table keeps the latest version; the history every one, each until the next
    assert con.execute("SELECT status FROM tickets WHERE ticket_id = 'INC-A'").fetchone() == ("resolved",)
    steps = con.execute("SELECT status_label, status, team, from_ts, to_ts, batch_id FROM status_history "
                        "WHERE ticket_id = 'INC-A' ORDER BY from_ts").fetchall()
    assert steps == [
        ("New", "open", "Group 56", datetime(2025, 11, 3, 9), datetime(2025, 11, 3, 10), s.batch_id),
        ("Active", "in_progress", "Group 56", datetime(2025, 11, 3, 10), datetime(2025, 11, 4, 14), s.batch_id),
        ("Awaiting User Info", "pending", "Group 70", datetime(2025, 11, 4, 14), datetime(2025, 11, 6, 11),
         s.batch_id),
        ("Active", "in_progress", "Group 56", datetime(2025, 11, 6, 11), datetime(2025, 11, 6, 15), s.batch_id),
        ("Resolved", "resolved", "Group 56", datetime(2025, 11, 6, 15), None, s.batch_id),
    ]


def test_event_log_time_in_status(log_store):
    con, _, _ = log_store
    wall = metrics.time_in_status(con, Filters()).set_index("status")
    assert wall.loc["New", ["tickets", "median_hours", "p90_hours", "total_hours"]].tolist() == \
        pytest.approx([2, 2.0, 2.8, 4.0])
    assert wall.loc["Active", ["tickets", "median_hours", "p90_hours", "total_hours"]].tolist() == \
        pytest.approx([2, 19.0, 29.4, 38.0])
    assert wall.loc["Awaiting User Info", ["tickets", "total_hours"]].tolist() == pytest.approx([1, 45.0])
    assert wall.loc["Awaiting User Info", "paused"] and not wall.loc["Active", "paused"]
    assert "Resolved" not in wall.index  # never left: no time in it yet
    business = metrics.time_in_status(con, Filters(), clock="business").set_index("status")
    assert business["total_hours"].to_dict() == pytest.approx({"Active": 23.0, "Awaiting User Info": 15.0,
                                                               "New": 4.0})
    per_ticket = metrics.ticket_status_hours(con, Filters())
    a = per_ticket[per_ticket["ticket_id"] == "INC-A"].set_index("status")
    assert a.loc["Active", "steps"] == 2 and a.loc["Active", "hours"] == pytest.approx(32.0)


def test_a_period_counts_the_steps_that_ended_in_it(log_store):
    con, _, _ = log_store
    # Tuesday 11-04 alone: only INC-A's first Active step (Mon 10:00 - Tue 14:00) ended then
    tis = metrics.time_in_status(con, Filters(date_from=datetime(2025, 11, 4).date(),
                                              date_to=datetime(2025, 11, 4).date()))
    assert tis[["status", "tickets", "total_hours"]].values.tolist() == [["Active", 1, 28.0]]


def test_the_pause_in_the_log_stops_the_clocks(log_store):
    con, _, _ = log_store
    # INC-A: business 33 h less 15 h paused = 18 h; INC-B Mon 09:00-18:00 = 9 h
    df = metrics.ticket_durations(con, Filters(), clock="business")
    assert dict(zip(df["ticket_id"], df["hours"])) == pytest.approx({"INC-A": 18.0, "INC-B": 9.0})


def test_reassignments_and_ping_pong(log_store):
    con, _, _ = log_store
    # INC-A: Group 56 -> 70 -> 56, two hand-offs and back to a team it had left; INC-B none
    r = metrics.reassignments(con, Filters())
    assert r == {"tickets": 2, "known": 2, "reassigned": 1, "reassignments": 2, "ping_pong": 1,
                 "ping_pong_known": 2, "reassigned_rate": 0.5}


def test_reassignment_column_without_history(con):
    # a plain export: ServiceNow's reassignment_count is all it says; ping-pong cannot be told
    from metrics_fixtures import insert, ts

    insert(con, "tickets", [
        dict(ticket_id="X", created_at=ts("2025-01-06 09:00"), resolved_at=ts("2025-01-07 09:00"), reassignment_count=3),
        dict(ticket_id="Y", created_at=ts("2025-01-06 09:00"), resolved_at=ts("2025-01-07 09:00"), reassignment_count=0),
        dict(ticket_id="Z", created_at=ts("2025-01-06 09:00"), resolved_at=ts("2025-01-07 09:00"))])
    assert metrics.reassignments(con, Filters()) == {
        "tickets": 3, "known": 2, "reassigned": 1, "reassignments": 3, "ping_pong": 0,
        "ping_pong_known": 0, "reassigned_rate": 0.5}


def test_net_flow_and_ageing_wip(log_store):
    con, _, _ = log_store
    # the week of Mon 11-03: three arrivals, two departures; INC-C open at the store's end
    # (Thu 11-06 15:00, its last event), created Wed 09:00: 1 day 6 hours old
    flow = metrics.net_flow(con, Filters(), grain="week")
    assert flow[["arrivals", "departures", "net_flow"]].values.tolist() == [[3, 2, -1]]
    wip = metrics.ageing_wip(con, Filters())
    assert wip[["status", "tickets"]].values.tolist() == [["open", 1]]
    assert wip.loc[0, "oldest_age_days"] == pytest.approx(1.25)


def test_flow_command_prints_the_json_contract(log_store):
    con, _, db = log_store
    con.close()  # the command opens the store itself
    out = subprocess.run([sys.executable, "-m", "analytics", "flow", "--db", str(db), "--json"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out)
    assert set(figures["time_in_status"]["Active"]) >= {"tickets", "median_hours", "p90_hours", "total_hours"}
    assert figures["time_in_status"]["Active"]["median_hours"] == pytest.approx(19.0)
    assert figures["net_flow"] == [{"period": "2025-11-03", "arrivals": 3, "departures": 2, "net_flow": -1}]
    assert figures["ageing_wip"]["open"]["tickets"] == 1
    assert figures["reassignments"]["ping_pong"] == 1


def test_the_same_log_imported_twice_counts_once(log_store, tmp_path):
    con, _, _ = log_store
    # a longer export of the same log (one more event) is a new file: the steps it repeats
    # are the same moments, so time in status does not double
    more = write_csv(tmp_path / "incident_event_log_2.csv", [EVENT_LOG_HEADERS, *EVENTS,
                     event("INC-C", "Active", 1, C_OPENED, "5/11/2025 13:00")])
    ingest.import_file(con, more)
    assert con.execute("SELECT count(*) FROM status_history").fetchone() == (19,)
    tis = metrics.time_in_status(con, Filters()).set_index("status")
    # New: A 1, B 3 and now C 4 (Wed 09:00 - 13:00)
    assert tis.loc["New", ["tickets", "total_hours"]].tolist() == pytest.approx([3, 8.0])
    assert tis.loc["Active", "total_hours"] == pytest.approx(38.0)


# -- a Jira export with status-transition columns -----------------------------------------
#
# Jira's issue export, with the "Stage <status> start" columns that flow-metric extractors
# (jira-lead-cycle-time-duration-extractor) append: when the issue entered each stage.

JIRA_HEADERS = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Priority",
                "Created", "Updated", "Resolved", "Stage To Do start", "Stage In Progress start",
                "Stage Waiting for customer start", "Stage Done start"]


def test_jira_transition_columns(tmp_path, con):
    path = write_csv(tmp_path / "Jira.csv", [
        JIRA_HEADERS,
        ["API module", "EPM-679", "10679", "Task", "Done", "EPM", "High", "03/Nov/25 9:00 AM", "06/Nov/25 3:00 PM",
         "06/Nov/25 3:00 PM", "2025-11-03 9:00:00", "2025-11-03 13:00:00", "2025-11-04 10:00:00",
         "2025-11-06 15:00:00"],
        ["Login page", "EPM-680", "10680", "Bug", "In Progress", "EPM", "Medium", "04/Nov/25 9:00 AM",
         "04/Nov/25 11:30 AM", "", "2025-11-04 9:00:00", "2025-11-04 11:30:00", "", ""],
    ])
    s = used_sheet(ingest.import_file(con, path))
    assert s.rows_imported == 2
    assert "status history kept: 6 steps of 2 tickets" in [str(n) for n in s.notes]
    steps = con.execute("SELECT ticket_id, project_id, status_label, status, from_ts, to_ts FROM status_history "
                        "ORDER BY ticket_id, from_ts").fetchall()
    assert steps == [
        ("EPM-679", "EPM", "To Do", "open", datetime(2025, 11, 3, 9), datetime(2025, 11, 3, 13)),
        ("EPM-679", "EPM", "In Progress", "in_progress", datetime(2025, 11, 3, 13), datetime(2025, 11, 4, 10)),
        ("EPM-679", "EPM", "Waiting for customer", "pending", datetime(2025, 11, 4, 10),
         datetime(2025, 11, 6, 15)),
        ("EPM-679", "EPM", "Done", "resolved", datetime(2025, 11, 6, 15), None),
        ("EPM-680", "EPM", "To Do", "open", datetime(2025, 11, 4, 9), datetime(2025, 11, 4, 11, 30)),
        ("EPM-680", "EPM", "In Progress", "in_progress", datetime(2025, 11, 4, 11, 30), None),
    ]
    tis = metrics.time_in_status(con, Filters()).set_index("status")
    assert tis["total_hours"].to_dict() == pytest.approx({"To Do": 6.5, "In Progress": 21.0,
                                                          "Waiting for customer": 53.0})


def test_transition_headers_need_two_statuses():
    assert transition_columns(["Stage In Progress start", "Entered Done", "Created"], set()) == {
        "Stage In Progress start": "In Progress", "Entered Done": "Done"}
    assert transition_columns(["Stage Go-live start", "Created"], set()) == {}  # one date is no path
    assert transition_columns(["进入处理中时间", "进入待客户确认时间"], set()) == {
        "进入处理中时间": "处理中", "进入待客户确认时间": "待客户确认"}


def test_pause_statuses_are_a_setting(log_store):
    from analytics.settings import Settings

    con, _, _ = log_store
    df = metrics.ticket_durations(con, Filters(), settings=Settings(pause_statuses=("Awaiting Customer",)),
                                  clock="business")
    # "Awaiting User Info" (canonical: pending) no longer pauses: INC-A runs 33 business hours
    assert dict(zip(df["ticket_id"], df["hours"]))["INC-A"] == pytest.approx(33.0)


def test_readme_and_vendor_profile_name_the_event_log_rule():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "every row is kept as a step of its status history" in readme


def test_forgetting_a_batch_gives_the_history_back(log_store, tmp_path):
    from analytics.status_history import forget_batch

    con, first, _ = log_store
    more = write_csv(tmp_path / "incident_event_log_2.csv", [EVENT_LOG_HEADERS, *EVENTS,
                     event("INC-C", "Active", 1, C_OPENED, "5/11/2025 13:00")])
    second = used_sheet(ingest.import_file(con, more))
    # the second log supersedes the first one's nine moments and adds one
    assert con.execute("SELECT batch_id, count(*) FILTER (NOT superseded) FROM status_history "
                       "GROUP BY 1 ORDER BY 1").fetchall() == [(first.batch_id, 0), (second.batch_id, 10)]
    assert forget_batch(con.cursor(), second.batch_id) == 10  # what undoing the import removes
    assert con.execute("SELECT count(*), count(*) FILTER (superseded) FROM status_history").fetchone() == (9, 0)
    # INC-C is new again, with no end: still in it
    assert con.execute("SELECT status_label, to_ts FROM status_history WHERE ticket_id = 'INC-C'").fetchall() == [
        ("New", None)]
    assert metrics.time_in_status(con, Filters()).set_index("status").loc["New", "total_hours"] == pytest.approx(4.0)


def test_a_status_change_after_every_other_event_is_still_measured(tmp_path):
    # INC-C, open, moves on after the log's last creation or resolution (Thu 11-06 15:00):
    # Active Mon 11-10 10:00, Awaiting User Info Wed 11-12 10:00. Its New step (Wed 11-05
    # 09:00 - Mon 11-10 10:00) is 9 + 9 + 9 (Wed, Thu, Fri) + 1 = 28 business hours; Active
    # (Mon 10:00 - Wed 10:00) 8 + 9 + 1 = 18; both on a calendar that reaches those days
    con = store.connect(tmp_path / "late.duckdb")
    ingest.import_file(con, write_csv(tmp_path / "incident_event_log.csv", [
        EVENT_LOG_HEADERS, *EVENTS, event("INC-C", "Active", 1, C_OPENED, "10/11/2025 10:00"),
        event("INC-C", "Awaiting User Info", 2, C_OPENED, "12/11/2025 10:00")]))
    per_ticket = metrics.ticket_status_hours(con, Filters(), clock="business")
    c = per_ticket[per_ticket["ticket_id"] == "INC-C"].set_index("status")["hours"].to_dict()
    assert c == pytest.approx({"New": 28.0, "Active": 18.0})
