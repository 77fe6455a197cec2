"""Every threshold and limit the product uses, in one place.

Values can be overridden with environment variables named ``PULSE_<NAME>`` (upper case), so a
deployment can change them without editing code, and an admin can change some of them in the
app (saved in the store: analytics.settings_store, read by ``load_settings(con)``); tests pass
their own :class:`Settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "pulse.duckdb"
DEMO_WORKBOOK = DATA_DIR / "demo_portfolio.xlsx"


@dataclass(frozen=True)
class Settings:
    # SLA targets by priority, hours (used when a ticket has no sla_due_at)
    sla_hours_p1: float = 4
    sla_hours_p2: float = 24
    sla_hours_p3: float = 72
    sla_hours_p4: float = 168
    # satisfaction
    low_confidence_n: int = 30
    # schedule
    golive_tolerance_days: int = 0
    # owner scorecards and change impact: a figure over fewer projects than this is low-n
    # (figures over survey answers or tickets use low_confidence_n)
    low_n_projects: int = 5
    # the reward rule: no incident of these priorities in the months after go-live, and CSAT
    # over the answers of those months at least this share
    reward_months: int = 6
    reward_csat_pct: float = 0.90
    reward_priorities: tuple[str, ...] = field(default=("P1", "P2"))
    # early warning: features are taken this many days before the planned go-live; the
    # backtest trains on this share of the history (in go-live order) and needs at least
    # these many training and test projects
    risk_lead_days: int = 30
    risk_train_share: float = 0.7
    risk_min_train: int = 20
    risk_min_test: int = 10
    # project health (RAG)
    red_slip_days: int = 30
    red_open_p1_days: float = 2
    red_csat_pct: float = 0.60
    red_complaint_open_days: float = 7
    amber_slip_days: int = 0
    amber_csat_pct: float = 0.80
    amber_complaint_days: int = 30
    health_csat_window_days: int = 90
    # a slip colours a project until it goes live and for this many days after (hypercare);
    # from then on it is judged on its operations signals alone
    health_hypercare_days: int = 90
    # a CSAT rule judges a project only on at least this many responses in its window
    health_csat_min_n: int = 5
    # working time (analytics.calendars): the working span of a working day, the working
    # weekdays (ISO: 1 = Monday), the default calendar's country (its holidays and make-up
    # workdays) and the calendars of particular teams or customer regions ("Europe=DE, 华南=CN")
    working_hours: str = "09:00-18:00"
    working_weekdays: tuple[int, ...] = field(default=(1, 2, 3, 4, 5))
    calendar_country: str = "CN"
    calendar_by_team: str = ""
    calendar_by_region: str = ""
    # statuses that stop the business-hours and SLA clocks while a ticket sits in them (the
    # status as the source wrote it, or its canonical value; case does not matter)
    pause_statuses: tuple[str, ...] = field(default=(
        "Awaiting User Info", "Awaiting Customer", "Pending", "On Hold", "等待客户", "挂起"))
    # the clock SLA targets are measured on: "wall" (every hour) or "business" (working hours)
    sla_clock: str = "wall"
    # a project's or group's figure resting on fewer answers (responses, projects) than this
    # is left out of the retro's movers and flagged in rankings
    small_group_n: int = 5
    # targets of headline KPIs, from the goals the source articles name: complaint rate 20% ->
    # 5%, satisfaction >= 90%, delivery on time (every go-live), resolution speed (no figure
    # named: the P2 SLA's 24 hours)
    target_complaint_rate: float = 0.05
    target_csat_pct: float = 0.90
    target_on_time_golive_rate: float = 1.0
    target_resolution_median_hours: float = 24
    # backlog age buckets, upper bounds in days
    backlog_buckets_days: tuple[int, ...] = field(default=(1, 7, 30, 90))
    # safety
    upload_cap_mb: int = 200
    sql_row_limit: int = 10_000
    sql_timeout_s: float = 10.0
    # memory DuckDB may use for one SQL-box query: past it the query fails with a clear message
    # rather than starving the server every session shares
    sql_memory_limit: str = "1GB"
    # cells all sheets of one workbook may span; parsers allocate every cell of a sheet's used
    # range, so a tiny file declaring a far-away cell is refused before parsing
    max_workbook_cells: int = 20_000_000
    # cells one sheet may hold when its used range is too far spread to lay out whole (more
    # than eight times its cells, or past max_workbook_cells): such a sheet is read cell by
    # cell, at a cost per cell, instead of by its used range
    max_sparse_cells: int = 1_000_000
    # columns one sheet or text file may have (Excel's own maximum); a wider file is refused
    # before it is parsed, since every column costs the readers and the import a fixed price
    max_columns: int = 16_384
    # untrusted work (parsing an upload, one SQL-box query) runs in a worker process with
    # these hard limits; past one the worker is ended and the user told which limit it was
    worker_memory_mb: int = 2048
    parse_timeout_s: float = 60.0
    worker_temp_mb: int = 512
    parse_result_mb: int = 1024
    sql_result_mb: int = 64
    worker_processes: int = 2
    # the uploads sessions saved on disk, all sessions together; past the cap the least
    # recently used ones of sessions that have ended are removed first
    private_copies_cap_mb: int = 4096
    # the inbox beside the store (analytics/inbox.py): seconds between the app's looks at it
    # (0: the app does not serve it), and how long a dropped file must stand still first
    inbox_poll_s: float = 1.0
    inbox_settle_s: float = 2.0

    def sla_hours(self) -> dict[str, float]:
        return {"P1": self.sla_hours_p1, "P2": self.sla_hours_p2,
                "P3": self.sla_hours_p3, "P4": self.sla_hours_p4}


def load_settings(con: Any = None) -> Settings:
    """Defaults, overridden by ``PULSE_*`` environment variables where set, and, given the
    store ``con``, by the values an admin saved there (analytics.settings_store): read on
    every call, so a change shows without a restart."""
    s = _from_environment()
    if con is None:
        return s
    from .settings_store import overlay

    return overlay(s, con)


def _from_environment() -> Settings:
    s = Settings()
    changes: dict[str, Any] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"PULSE_{f.name.upper()}")
        if raw is None:
            continue
        default = getattr(s, f.name)
        if isinstance(default, tuple):
            kind = type(default[0]) if default else str
            changes[f.name] = tuple(kind(x.strip()) for x in raw.split(",") if x.strip())
        else:
            changes[f.name] = type(default)(raw)
    return replace(s, **changes)


SETTINGS = load_settings()
