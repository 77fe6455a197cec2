"""Every source system's meaning kept: fixtures written here with the header sets those systems
document for their exports (ServiceNow's incident fields, Jira Cloud's CSV columns, Zendesk's,
Freshdesk's and GLPI's ticket exports), values in the shapes they write, expected rows by hand."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from ingest_fixtures import used_sheet, write_csv

from analytics import ingest, readers, store, vendors

ROOT = Path(__file__).resolve().parents[1]





def imported(con, path: Path) -> ingest.SheetReport:
    return used_sheet(ingest.import_file(con, path))


def notes(s: ingest.SheetReport) -> list[str]:
    return [str(n) for n in s.notes]


# The incident fields of ServiceNow's audit (event log) export, as the public incident-management
# event log publishes them: every update of an incident is a row, '?' is an empty field.
SN_HEADERS = ["number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count",
              "made_sla", "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_on",
              "sys_updated_by", "sys_updated_on", "contact_type", "location", "category", "subcategory",
              "u_symptom", "cmdb_ci", "impact", "urgency", "priority", "assignment_group", "assigned_to",
              "knowledge", "u_priority_confirmation", "notify", "problem_id", "rfc", "vendor", "caused_by",
              "closed_code", "resolved_by", "resolved_at", "closed_at"]


def sn_row(number, state, mod, made_sla, opened, updated, resolved="?", closed="?", reopen="0", group="Group 56"):
    row = dict.fromkeys(SN_HEADERS, "?")
    row.update(number=number, incident_state=state, active="true" if state not in ("Closed", "Resolved") else "false",
               reassignment_count="0", reopen_count=reopen, sys_mod_count=mod, made_sla=made_sla,
               caller_id="Caller 2403", opened_at=opened, sys_created_on=opened, sys_updated_on=updated,
               contact_type="Phone", category="Category 55", priority="3 - Moderate", assignment_group=group,
               resolved_at=resolved, closed_at=closed)
    return [row[h] for h in SN_HEADERS]


def test_servicenow_event_log_reads_state_folds_versions_and_keeps_the_sla_verdict(tmp_path, con):
    from analytics.filters import Filters
    from analytics.metrics.headline import headline

    path = write_csv(tmp_path / "incident_event_log.csv", [SN_HEADERS,
        sn_row("INC0000045", "New", "0", "true", "29/2/2016 01:16", "29/2/2016 01:23"),
        sn_row("INC0000045", "Resolved", "3", "true", "29/2/2016 01:16", "29/2/2016 11:29", "29/2/2016 11:29"),
        sn_row("INC0000045", "Closed", "4", "true", "29/2/2016 01:16", "5/3/2016 12:00", "29/2/2016 11:29",
               "5/3/2016 12:00"),
        sn_row("INC0000047", "Active", "1", "false", "29/2/2016 04:40", "1/3/2016 09:52", reopen="1"),
        sn_row("INC0000057", "Awaiting User Info", "2", "true", "1/3/2016 06:55", "2/3/2016 10:00"),
    ])
    s = imported(con, path)
    assert (s.rows_read, s.rows_imported, s.rows_folded, s.ids_folded, s.rows_rejected) == (5, 3, 2, 1, 0)
    assert notes(s)[0] == "recognised as a ServiceNow incident export"
    got = con.execute("SELECT ticket_id, status, created_at, resolved_at, closed_at, team, reopened_count, sla_met,"
                      " mod_count FROM tickets ORDER BY 1").fetchall()
    assert got == [
        ("INC0000045", "closed", datetime(2016, 2, 29, 1, 16), datetime(2016, 2, 29, 11, 29),
         datetime(2016, 3, 5, 12), "Group 56", 0, True, 4),
        ("INC0000047", "in_progress", datetime(2016, 2, 29, 4, 40), None, None, "Group 56", 1, False, 1),
        ("INC0000057", "pending", datetime(2016, 3, 1, 6, 55), None, None, "Group 56", 0, True, 2),
    ]
    # '?' is ServiceNow's empty field: nothing of it reaches the store as a value
    extra = json.loads(con.execute("SELECT extra FROM tickets WHERE ticket_id = 'INC0000047'").fetchone()[0])
    assert extra["location"] is None and extra["caller_id"] == "Caller 2403"
    assert headline(con, Filters())["backlog_open"] == 2  # the two open incidents, not every row


def test_servicenow_api_fields_duration_gives_the_resolution(tmp_path, con):
    """The incident table's own field names, state as its choice values, calendar_duration in
    seconds (or the API's 1970-01-01-based form) and no resolved_at column."""
    path = write_csv(tmp_path / "incident.csv", [
        ["number", "short_description", "sys_created_on", "state", "priority", "assignment_group",
         "calendar_duration", "made_sla", "reopen_count", "reassignment_count", "sys_updated_on"],
        ["INC0010001", "Email down", "2025-02-28 14:06:19", "7", "1 - Critical", "Service Desk", "5400",
         "true", "0", "1", "2025-03-01 09:00:00"],
        ["INC0010002", "VPN slow", "2025-03-01 08:00:00", "6", "3 - Moderate", "Network",
         "1970-01-01 02:30:00", "false", "2", "3", "2025-03-01 11:00:00"],
        ["INC0010003", "New laptop", "2025-03-02 08:00:00", "2", "4 - Low", "Service Desk", "", "true", "0",
         "0", "2025-03-02 08:00:00"],
    ])
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a ServiceNow incident export"
    assert con.execute("SELECT ticket_id, status, created_at, resolved_at, priority, sla_met, reopened_count "
                       "FROM tickets ORDER BY 1").fetchall() == [
        ("INC0010001", "closed", datetime(2025, 2, 28, 14, 6, 19), datetime(2025, 2, 28, 15, 36, 19), "P1", True, 0),
        ("INC0010002", "resolved", datetime(2025, 3, 1, 8), datetime(2025, 3, 1, 10, 30), "P3", False, 2),
        ("INC0010003", "in_progress", datetime(2025, 3, 2, 8), None, "P4", True, 0),
    ]


# Jira Cloud's CSV export columns (a subset in their order; Comment repeats as Jira writes it)
JIRA_HEADERS = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Project name",
                "Priority", "Resolution", "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date",
                "Custom field (Team)", "Custom field (Time to resolution)", "Custom field (Story Points)",
                "Sprint", "Comment", "Comment", "Status Category", "Status Category Changed"]


def test_jira_custom_fields_unwrap_status_category_decides_and_due_date_is_not_an_sla(tmp_path, con):
    path = write_csv(tmp_path / "Jira.csv", [JIRA_HEADERS,
        ["Fix login", "DI-127", "46025", "Bug", "Awaiting QA", "DI", "Demo", "High", "", "Ann", "Nick",
         "25/Feb/26 10:17 PM", "26/Feb/26 2:09 AM", "", "01/Mar/26", "运维", "27/Feb/26 10:17 PM", "3", "S1",
         "first", "second", "In Progress", "26/Feb/26 2:09 AM"],
        ["Ship report", "DI-128", "46026", "Story", "Shipped", "DI", "Demo", "Medium", "Done", "Ann", "Nick",
         "20/Feb/26 9:00 AM", "24/Feb/26 5:30 PM", "24/Feb/26 5:30 PM", "", "Implementation", "", "5", "S1",
         "", "", "Done", "24/Feb/26 5:30 PM"],
        ["Plan", "OPS-1", "46027", "Task", "Backlog", "OPS", "Ops", "Low", "", "", "Nick",
         "21/Feb/26 9:00 AM", "21/Feb/26 9:00 AM", "", "", "", "", "", "", "", "", "To Do", "21/Feb/26 9:00 AM"],
    ])
    plan, = ingest.preview_file(path)
    assert plan.mapping["Custom field (Team)"] == "team"
    assert plan.mapping["Custom field (Time to resolution)"] == "sla_due_at"
    assert "Due date" not in plan.mapping
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a Jira issue export"
    assert con.execute("SELECT project_id, ticket_id, status, team, created_at, resolved_at, sla_due_at "
                       "FROM tickets ORDER BY 1, 2").fetchall() == [
        ("DI", "DI-127", "in_progress", "operations", datetime(2026, 2, 25, 22, 17), None, datetime(2026, 2, 27, 22, 17)),
        ("DI", "DI-128", "resolved", "implementation", datetime(2026, 2, 20, 9), datetime(2026, 2, 24, 17, 30), None),
        ("OPS", "OPS-1", "open", None, datetime(2026, 2, 21, 9), None, None),
    ]
    extra = json.loads(con.execute("SELECT extra FROM tickets WHERE ticket_id = 'DI-127'").fetchone()[0])
    assert extra["Due date"] == "01/Mar/26" and extra["Comment (2)"] == "second"


def test_jsm_satisfaction_becomes_survey_answers_linked_to_their_request(tmp_path, con):
    path = write_csv(tmp_path / "jsm.csv", [
        ["Summary", "Issue key", "Status", "Created", "Resolved", "Custom field (Request Type)",
         "Satisfaction rating", "Custom field (Satisfaction date)", "Organizations", "Status Category"],
        ["VPN", "HELP-1", "Resolved", "03/Mar/25 9:00 AM", "03/Mar/25 1:00 PM", "Get IT help", "5",
         "04/Mar/25 8:00 AM", "Acme", "Done"],
        ["Laptop", "HELP-2", "Closed", "04/Mar/25 9:00 AM", "05/Mar/25 9:00 AM", "Request new hardware", "2",
         "", "Acme", "Done"],
        ["Email", "HELP-3", "Waiting for support", "05/Mar/25 9:00 AM", "", "Get IT help", "", "", "Beta",
         "In Progress"],
    ])
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a Jira Service Management request export"
    assert "2 satisfaction answers in the tickets became survey responses linked to their ticket (1-5 scale)" in notes(s)
    assert con.execute("SELECT response_id, ticket_id, customer, submitted_at, score, scale, touchpoint "
                       "FROM surveys ORDER BY 1").fetchall() == [
        ("ticket:HELP-1", "HELP-1", "Acme", datetime(2025, 3, 4, 8), 5.0, "1-5", "ticket"),
        ("ticket:HELP-2", "HELP-2", "Acme", datetime(2025, 3, 5, 9), 2.0, "1-5", "ticket"),
    ]
    assert con.execute("SELECT status FROM tickets WHERE ticket_id = 'HELP-3'").fetchone() == ("in_progress",)
    imported(con, write_csv(tmp_path / "jsm2.csv", [  # a later export replaces, never duplicates
        ["Issue key", "Created", "Satisfaction rating", "Request Type"], ["HELP-2", "04/Mar/25 9:00 AM", "4", "x"]]))
    assert con.execute("SELECT count(*), sum(score) FROM surveys").fetchone() == (2, 9.0)


# Zendesk's ticket export (Reporting > Export, CSV)
ZD_HEADERS = ["Id", "Requester", "Requester id", "Organization", "Group", "Assignee", "Subject", "Status",
              "Priority", "Ticket type", "Via", "Created at", "Updated at", "Assigned at", "Solved at",
              "Satisfaction Score", "Reopens", "Replies", "First reply time in minutes",
              "First resolution time in minutes", "Full resolution time in minutes", "Due date", "Tags"]


def test_zendesk_good_bad_satisfaction_is_a_zero_one_scale_and_minutes_give_times(tmp_path, con):
    path = write_csv(tmp_path / "zendesk.csv", [ZD_HEADERS,
        ["101", "Ann", "9", "Acme", "Support", "Bob", "Cannot log in", "Solved", "High", "Incident", "Email",
         "2025-03-01 09:00:00", "2025-03-01 12:00:00", "", "2025-03-01 11:00:00", "Good", "0", "2", "30",
         "120", "120", "", "login"],
        ["102", "Cid", "10", "Acme", "Support", "Bob", "Refund", "Closed", "Normal", "Question", "Web form",
         "2025-03-02 09:00:00", "2025-03-03 12:00:00", "", "", "Bad", "1", "4", "90", "600", "1500", "", ""],
        ["103", "Dee", "11", "Beta", "Support", "", "Invoice", "Hold", "Low", "Task", "Email",
         "2025-03-04 09:00:00", "2025-03-04 09:00:00", "", "", "Offered", "0", "0", "", "", "", "", ""],
    ])
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a Zendesk ticket export"
    assert con.execute("SELECT ticket_id, status, first_response_at, resolved_at, reopened_count FROM tickets "
                       "ORDER BY 1").fetchall() == [
        ("101", "resolved", datetime(2025, 3, 1, 9, 30), datetime(2025, 3, 1, 11), 0),
        ("102", "closed", datetime(2025, 3, 2, 10, 30), datetime(2025, 3, 3, 10), 1),
        ("103", "pending", None, None, 0),
    ]
    # Good = 1, Bad = 0 on a 0-1 scale; Offered is no answer
    assert con.execute("SELECT ticket_id, score, scale FROM surveys ORDER BY 1").fetchall() == [
        ("101", 1.0, "0-1"), ("102", 0.0, "0-1")]


def test_freshdesk_export_keeps_the_source_sla_verdict(tmp_path, con):
    path = write_csv(tmp_path / "freshdesk.csv", [
        ["Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time",
         "Due by Time", "Resolved time", "Closed time", "Last update time", "Initial response time",
         "Resolution status", "First response status", "Company Name"],
        ["1", "Printer", "Closed", "Urgent", "Email", "Incident", "Amy", "IT", "2025-03-01 09:00:00",
         "2025-03-01 13:00:00", "2025-03-01 12:00:00", "2025-03-02 09:00:00", "2025-03-02 09:00:00",
         "2025-03-01 09:20:00", "Within SLA", "Within SLA", "Acme"],
        ["2", "Refund", "Waiting on Customer", "Low", "Portal", "Question", "Amy", "IT", "2025-03-03 09:00:00",
         "2025-03-04 09:00:00", "", "", "2025-03-05 09:00:00", "", "SLA Violated", "SLA Violated", "Beta"],
    ])
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a Freshdesk ticket export"
    assert con.execute("SELECT ticket_id, status, priority, sla_due_at, first_response_at, sla_met, customer "
                       "FROM tickets ORDER BY 1").fetchall() == [
        ("1", "closed", "P1", datetime(2025, 3, 1, 13), datetime(2025, 3, 1, 9, 20), True, "Acme"),
        ("2", "pending", "P4", datetime(2025, 3, 4, 9), None, False, "Beta"),
    ]


def test_glpi_french_export_with_semicolons(tmp_path, con):
    path = write_csv(tmp_path / "glpi.csv", [
        ["ID", "Titre", "Statut", "Date d'ouverture", "Dernière modification", "Priorité",
         "Demandeur - Demandeur", "Attribué à - Technicien", "Catégorie", "Date de résolution",
         "Temps de résolution", "Entité", "Type"],
        ["12", "Imprimante", "Clos", "2025-03-05 10:00", "2025-03-06 10:00", "Très haute", "marie", "paul",
         "Matériel", "2025-03-05 16:00", "2025-03-05 14:00", "Entité racine > Lyon", "Incident"],
        ["13", "Accès VPN", "En attente", "2025-03-06 09:00", "2025-03-06 09:30", "Moyenne", "luc", "paul",
         "Réseau", "", "2025-03-07 09:00", "Entité racine > Paris", "Demande"],
    ], delimiter=";")
    s = imported(con, path)
    assert notes(s)[0] == "recognised as a GLPI ticket export"
    assert con.execute("SELECT ticket_id, status, priority, type, created_at, resolved_at, sla_due_at, category, "
                       "assignee, customer FROM tickets ORDER BY 1").fetchall() == [
        ("12", "closed", "P1", "incident", datetime(2025, 3, 5, 10), datetime(2025, 3, 5, 16),
         datetime(2025, 3, 5, 14), "Matériel", "paul", "Entité racine > Lyon"),
        ("13", "pending", "P3", "question", datetime(2025, 3, 6, 9), None, datetime(2025, 3, 7, 9), "Réseau",
         "paul", "Entité racine > Paris"),
    ]


def test_generic_export_csat_fractions_reopen_flags_and_breaches(tmp_path, con):
    path = write_csv(tmp_path / "tickets.csv", [
        ["ticket_id", "created_at", "resolved_at", "csat_score", "is_reopened", "Last reopened at", "SLA breached"],
        ["T1", "2025-03-01 09:00", "2025-03-01 10:00", "0.9", "false", "", "no"],
        ["T2", "2025-03-02 09:00", "2025-03-03 10:00", "0.35", "true", "2025-03-02 15:00", "yes"],
        ["T3", "2025-03-03 09:00", "2025-03-03 11:00", "1", "", "2025-03-03 10:30", ""],
        ["T4", "2025-03-04 09:00", "", "", "", "", ""],
    ])
    s = imported(con, path)
    assert s.rows_imported == 4 and s.warnings == 0
    assert con.execute("SELECT ticket_id, reopened_count, sla_met FROM tickets ORDER BY 1").fetchall() == [
        ("T1", 0, True), ("T2", 1, False), ("T3", 1, None), ("T4", None, None)]
    assert con.execute("SELECT ticket_id, score, scale, submitted_at FROM surveys ORDER BY 1").fetchall() == [
        ("T1", 0.9, "0-1", datetime(2025, 3, 1, 10)), ("T2", 0.35, "0-1", datetime(2025, 3, 3, 10)),
        ("T3", 1.0, "0-1", datetime(2025, 3, 3, 11))]


@pytest.mark.parametrize("text", [
    "Cliente,Descrição,Situação\nJoão,Atenção à configuração do serviço,Concluído\nConceição,Não há solução,Em andamento\n",
    "Client,Description,Statut\nSociété Générale,Problème réseau à l'accueil,Résolu\nCrédit,Délai dépassé,Clôturé\n",
])
def test_western_single_byte_text_is_read_as_cp1252(tmp_path, text):
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    (grid,) = readers.read_path(path)
    assert grid.encoding == "cp1252"
    assert "\n".join(",".join(r) for r in grid.cells.itertuples(index=False)) + "\n" == text


def test_cyrillic_single_byte_text_keeps_its_code_page():
    data = ("Клиент,Описание\n" + "Иван,Проблема с сетью\n" * 5).encode("cp1251")
    assert readers.detect_encoding(data) == "cp1251"


def test_readme_lists_the_recognised_systems_as_the_vendor_profiles_say():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- vendors:begin -->\n", "\n<!-- vendors:end -->"
    assert readme[readme.index(begin) + len(begin): readme.index(end)] == vendors.readme_table()


@pytest.mark.parametrize("headers,vendor", [
    (SN_HEADERS, "servicenow"), (JIRA_HEADERS, "jira"), (ZD_HEADERS, "zendesk"),
    (["Repository", "Number", "Title", "State", "Labels", "Author"], "github"),
    (["工单编号", "创建时间", "状态"], None),
])
def test_each_export_is_recognised_by_its_signature(headers, vendor):
    found = vendors.recognise(headers)
    assert (found.key if found else None) == vendor


def test_source_sla_verdict_is_shown_beside_our_attainment(tmp_path, con):
    from analytics.filters import Filters
    from analytics.metrics import source_sla

    test_servicenow_api_fields_duration_gives_the_resolution(tmp_path, con)
    # INC0010001: P1 resolved in 1.5 h (target 4 h), source says met; INC0010002: P3 resolved in
    # 2.5 h (target 72 h), source says missed; INC0010003 is open and not judged
    got = source_sla(con, Filters())
    assert (got.judged, got.source_met, got.with_target, got.target_met) == (2, 1, 2, 2)
    assert (got.source_rate, got.target_rate) == (0.5, 1.0)


def test_cycle_times_page_shows_the_source_verdict_beside_ours(tmp_path, app_test, empty_store):
    c = store.connect(empty_store)
    try:
        test_servicenow_api_fields_duration_gives_the_resolution(tmp_path, c)
    finally:
        c.close()
    at = app_test(empty_store)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/cycle_times.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert ("On the 2 resolved tickets that carry the source system's own SLA verdict: the source system "
            "says 50.0%, our targets say 100.0%.") in [c.value for c in at.caption]
