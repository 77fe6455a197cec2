"""What is known about each source system's exports, as data.

Each :class:`Vendor` says how to recognise its export (signature headers), which of its headers
mean which canonical column (aliases, including inputs the import derives stored values from),
the value spellings only it uses (vocabularies), the text it writes for "no value" (null
markers), its date formats, and how its event logs fold. ``schema.py`` keeps the canonical
columns and the generic aliases; the import merges every vendor's aliases into its header
index, and applies a vendor's vocabularies and null markers only to a file recognised as that
vendor's. The README's list of recognised systems is generated from :data:`VENDORS`
(:func:`readme_table`), and a test keeps the two equal.

Headers are compared after :func:`unwrap_header`, so Jira's ``Custom field (Team)`` is ``Team``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import normalise_header


@dataclass(frozen=True)
class Vendor:
    key: str
    name: str                      # the system, as its maker spells it
    export: str                    # what kind of export (English; the note translates by key)
    table: str
    signature: tuple[str, ...]     # headers that mark this system's export
    min_signature: int
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)   # column -> headers
    vocabularies: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    null_markers: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    event_log: str = ""            # how repeated rows of one ticket fold
    notes: str = ""                # what else it means (README)


_CUSTOM_FIELD = re.compile(r"^\s*custom\s*field\s*\((.*)\)\s*$", re.IGNORECASE)


def unwrap_header(header: str) -> str:
    """Jira wraps its custom fields: ``Custom field (Request Type)`` -> ``Request Type``."""
    m = _CUSTOM_FIELD.match(header)
    return m.group(1).strip() if m else header


SERVICENOW = Vendor(
    "servicenow", "ServiceNow", "incident export", "tickets",
    signature=("number", "sys_id", "sys_created_on", "sys_updated_on", "sys_mod_count", "incident_state",
               "opened_at", "caller_id", "assignment_group", "short_description", "made_sla",
               "reassignment_count", "reopen_count", "calendar_duration", "contact_type", "u_symptom"),
    min_signature=3,
    aliases={
        "ticket_id": ("number",),
        "created_at": ("opened_at", "opened", "sys_created_on"),
        "resolved_at": ("resolved_at", "resolved"),
        "closed_at": ("closed_at", "closed"),
        "status": ("state", "incident_state", "incident state"),
        "team": ("assignment_group", "assignment group"),
        "assignee": ("assigned_to", "assigned to"),
        "customer": ("company",),
        "channel": ("contact_type", "channel"),
        "updated_at": ("sys_updated_on", "sys_updated_at", "updated"),
        "mod_count": ("sys_mod_count", "updates"),
        "reopened_count": ("reopen_count", "reopen count"),
        "reassignment_count": ("reassignment_count", "reassignment count"),
        "sla_due_at": ("sla_due", "sla due"),
        "duration_seconds": ("calendar_duration", "duration"),
        "sla_met": ("made_sla", "made sla"),
        "reopened_at": ("reopened_time", "last reopened at"),
    },
    vocabularies={
        # the state choice values of the incident table, and its display labels
        "ticket_status": {
            "open": ("1", "new"),
            "in_progress": ("2", "active"),
            "pending": ("3", "on hold", "awaiting user info", "awaiting evidence", "awaiting problem",
                        "awaiting vendor", "awaiting change"),
            "resolved": ("6",),
            "closed": ("7", "8", "canceled"),
        },
    },
    null_markers=("?", "NULL"),
    date_formats=("yyyy-MM-dd HH:mm:ss", "MM-dd-yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "M/D/YY H:MM (Excel)"),
    event_log="an audit or event log repeats a number once per update: the row with the latest "
              "sys_updated_on (sys_updated_at), then sys_mod_count, is the ticket; every row is kept "
              "as a step of its status history",
    notes="calendar_duration (seconds, or the API's 1970-01-01-based time) gives the resolution when no "
          "resolved time does; made_sla is kept as the source's SLA verdict",
)

JIRA = Vendor(
    "jira", "Jira", "issue export", "tickets",
    signature=("issue key", "issue id", "issue type", "summary", "status category", "status category changed",
               "project key", "project name", "project type", "sprint", "reporter", "watchers", "parent key",
               "custom field (story points)", "σ time spent"),
    min_signature=2,
    aliases={
        "ticket_id": ("issue key",),
        "project_id": ("project key",),
        "type": ("issue type",),
        "created_at": ("created",),
        "resolved_at": ("resolved",),
        "updated_at": ("updated",),
        "category": ("component/s",),
        "team": ("team",),
        "first_response_at": ("[chart] date of first response", "date of first response"),
        "sla_due_at": ("time to resolution",),
        "status_category": ("status category",),
    },
    vocabularies={"status_category": {"open": ("to do", "待办"), "in_progress": ("in progress", "进行中"),
                                      "resolved": ("done", "完成", "已完成")}},
    date_formats=("dd/MMM/yy h:mm a, month and AM/PM in the export's language (06/Jan/26 9:29 AM, "
                  "06/1月/26 9:29 上午, 03/dic/25)",),
    notes="Custom field (…) headers are read by their inner name; Status Category decides open or done when a "
          "status is custom; the planning Due date is not an SLA target (Time to resolution is)",
)

JSM = Vendor(
    "jsm", "Jira Service Management", "request export", "tickets",
    signature=("request type", "customer request type", "satisfaction rating", "satisfaction date",
               "time to resolution", "time to first response", "request participants", "organizations",
               "approvals"),
    min_signature=2,
    aliases={**JIRA.aliases,
             "type": ("request type", "customer request type", "issue type"),
             "customer": ("organizations",),
             "satisfaction": ("satisfaction rating", "satisfaction"),
             "satisfaction_at": ("satisfaction date",)},
    vocabularies=JIRA.vocabularies,
    date_formats=JIRA.date_formats,
    notes="Satisfaction rating (1-5) becomes a survey answer linked to its request",
)

ZENDESK = Vendor(
    "zendesk", "Zendesk", "ticket export", "tickets",
    signature=("satisfaction score", "solved at", "first reply time in minutes", "requester", "via",
               "group stations", "assignee stations", "reopens", "full resolution time in minutes",
               "requester wait time in minutes", "initially assigned at", "ticket type"),
    min_signature=2,
    aliases={
        "ticket_id": ("id",),
        "customer": ("organization",),
        "created_at": ("created at",),
        "resolved_at": ("solved at",),
        "updated_at": ("updated at",),
        "type": ("ticket type",),
        "channel": ("via",),
        "team": ("group",),
        "reopened_count": ("reopens",),
        "first_response_minutes": ("first reply time in minutes",),
        "resolution_minutes": ("full resolution time in minutes",),
        "satisfaction": ("satisfaction score",),
    },
    vocabularies={
        "ticket_status": {"pending": ("hold",)},
        # Zendesk's CSAT: good or bad; offered / unoffered are no answer
        "satisfaction": {"1": ("good", "good with comment"), "0": ("bad", "bad with comment"),
                         "": ("offered", "unoffered", "not offered")},
    },
    notes="Satisfaction Score (good / bad) becomes a survey answer on a 0-1 scale; first reply and full "
          "resolution minutes give the times when no timestamp does",
)

FRESHDESK = Vendor(
    "freshdesk", "Freshdesk", "ticket export", "tickets",
    signature=("due by time", "resolution status", "first response status", "initial response time",
               "agent interactions", "customer interactions", "time tracked", "fr due by",
               "first response time (in hrs)", "resolution time (in hrs)", "every response status"),
    min_signature=2,
    aliases={
        "ticket_id": ("ticket id",),
        "created_at": ("created time",),
        "resolved_at": ("resolved time",),
        "closed_at": ("closed time",),
        "updated_at": ("last update time",),
        "first_response_at": ("initial response time",),
        "sla_due_at": ("due by time",),
        "customer": ("company name",),
        "channel": ("source",),
        "assignee": ("agent",),
        "sla_verdict": ("resolution status",),
    },
    vocabularies={
        "ticket_status": {"pending": ("waiting on customer", "waiting on third party")},
        "sla_verdict": {"true": ("within sla",), "false": ("sla violated", "violated")},
    },
    notes="Resolution status (Within SLA / SLA Violated) is kept as the source's SLA verdict",
)

GLPI = Vendor(
    "glpi", "GLPI", "ticket export", "tickets",
    signature=("opening date", "date d'ouverture", "assigned to - technician", "attribué à - technicien",
               "time to resolve", "temps de résolution", "entity", "entité", "last update",
               "dernière modification", "requester - requester", "demandeur - demandeur"),
    min_signature=2,
    aliases={
        "ticket_id": ("id",),
        "created_at": ("opening date", "date d'ouverture"),
        "updated_at": ("last update", "dernière modification"),
        "resolved_at": ("resolution date", "date de résolution"),
        "closed_at": ("closing date", "date de clôture"),
        "sla_due_at": ("time to resolve", "temps de résolution"),
        "status": ("statut",),
        "priority": ("priorité",),
        "category": ("catégorie",),
        "customer": ("entity", "entité"),
        "assignee": ("assigned to - technician", "attribué à - technicien"),
    },
    vocabularies={
        "ticket_status": {
            "open": ("nouveau",),
            "in_progress": ("processing (assigned)", "processing (planned)", "en cours (attribué)",
                            "en cours (planifié)"),
            "pending": ("en attente",),
            "resolved": ("résolu",),
            "closed": ("clos",),
        },
        "priority": {"P1": ("very high", "major", "très haute", "majeure"), "P2": ("haute",),
                     "P3": ("moyenne",), "P4": ("very low", "basse", "très basse")},
        "ticket_type": {"question": ("request", "demande")},
    },
    date_formats=("yyyy-MM-dd HH:mm", "dd-MM-yyyy HH:mm (per user preference)"),
    notes="English or French headers, semicolon-separated; Time to resolve is the SLA target",
)

GITHUB = Vendor(
    "github", "GitHub", "issue export", "tickets",
    signature=("repository", "number", "state", "labels", "html_url", "author", "milestone", "assignees"),
    min_signature=3,
    aliases={"project_id": ("repository", "repo"), "ticket_id": ("number",), "status": ("state",),
             "category": ("labels",)},
    notes="issue numbers repeat across repositories: the key is (repository, number)",
)

VENDORS: tuple[Vendor, ...] = (SERVICENOW, JSM, JIRA, ZENDESK, FRESHDESK, GLPI, GITHUB)
BY_KEY: dict[str, Vendor] = {v.key: v for v in VENDORS}


def recognise(headers: list[str]) -> Vendor | None:
    """The system whose export these headers are: the one with most signature headers present,
    at least its minimum; the first listed wins a tie (JSM before Jira: JSM is Jira plus)."""
    present = {normalise_header(unwrap_header(h)) for h in headers} | {normalise_header(h) for h in headers}
    best, best_hits = None, 0
    for vendor in VENDORS:
        hits = sum(1 for s in vendor.signature if normalise_header(s) in present)
        if hits >= vendor.min_signature and hits > best_hits:
            best, best_hits = vendor, hits
    return best


def aliases_for(table: str) -> dict[str, tuple[str, ...]]:
    """column -> every vendor's headers for it, in VENDORS order, without repeats."""
    out: dict[str, list[str]] = {}
    for vendor in VENDORS:
        if vendor.table != table:
            continue
        for column, headers in vendor.aliases.items():
            seen = out.setdefault(column, [])
            seen.extend(h for h in headers if h not in seen)
    return {c: tuple(h) for c, h in out.items()}


def readme_table() -> str:
    """The README's table of recognised systems (kept equal to it by a test)."""
    lines = ["| System | Export | Recognised by | Also known |", "|---|---|---|---|"]
    for v in VENDORS:
        sig = ", ".join(f"`{s}`" for s in v.signature[:5])
        known = "; ".join(x for x in (v.notes, ("dates: " + ", ".join(v.date_formats)) if v.date_formats else "",
                                      ("null markers: " + ", ".join(f"`{m}`" for m in v.null_markers))
                                      if v.null_markers else "", v.event_log) if x)
        lines.append(f"| {v.name} | {v.export} | {v.min_signature}+ of {sig} … | {known} |")
    return "\n".join(lines)
