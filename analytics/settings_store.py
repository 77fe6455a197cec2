"""The settings an admin changes in the app, kept in the store with who changed what and when.

Every analysis reads its settings when it runs (``load_settings(con)``): the code's defaults,
then the deployment's ``PULSE_*`` environment variables, then the values saved here. So a
change shows on the next page view of every session and in the command line, without a
restart; the store's data version includes the settings' version, so every cached figure is
computed again.

Only the settings listed in :data:`EDITABLE` can be saved, each with the kind of value it takes
(a percentage, hours, days, a count, a working span, weekdays, a country, a calendar mapping, a
clock). A value is text as a person types it ("5%", "24", "09:00-18:00", "1,2,3,4,5"); a value
that cannot be used is refused with a message naming the setting and why, and nothing of that
save is written. An empty value puts the setting back to the deployment's default.

Only an admin may save (``access.allows(role, "settings")``): the check is made here, where the
store is written, whatever the page showed.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from . import access
from .messages import Message

_log = logging.getLogger(__name__)

DDL = """
    CREATE TABLE IF NOT EXISTS settings (
      name VARCHAR PRIMARY KEY,
      value JSON,            -- the saved value, in the setting's own unit (a fraction for a %)
      changed_at TIMESTAMP,
      changed_by VARCHAR
    );
    CREATE TABLE IF NOT EXISTS settings_history (
      changed_at TIMESTAMP,
      changed_by VARCHAR,
      name VARCHAR,
      old_value JSON,        -- NULL: the default was in force
      new_value JSON         -- NULL: back to the default
    );
"""


@dataclass(frozen=True)
class Editable:
    """One setting the settings page edits: its name in :class:`Settings`, the section it is
    shown in, and the kind of value it takes (how it is typed, shown and checked)."""

    name: str
    group: str  # targets | health | samples | calendar
    kind: str  # pct | hours | days | count | span | weekdays | country | mapping | clock


GROUPS: tuple[str, ...] = ("targets", "health", "samples", "calendar")

EDITABLE: tuple[Editable, ...] = (
    Editable("target_complaint_rate", "targets", "pct"),
    Editable("target_csat_pct", "targets", "pct"),
    Editable("target_on_time_golive_rate", "targets", "pct"),
    Editable("target_resolution_median_hours", "targets", "hours"),
    Editable("health_hypercare_days", "health", "days"),
    Editable("health_csat_min_n", "health", "count"),
    Editable("health_csat_window_days", "health", "days"),
    Editable("red_slip_days", "health", "days"),
    Editable("amber_slip_days", "health", "days"),
    Editable("red_csat_pct", "health", "pct"),
    Editable("amber_csat_pct", "health", "pct"),
    Editable("low_confidence_n", "samples", "count"),
    Editable("low_n_projects", "samples", "count"),
    Editable("small_group_n", "samples", "count"),
    Editable("working_hours", "calendar", "span"),
    Editable("working_weekdays", "calendar", "weekdays"),
    Editable("calendar_country", "calendar", "country"),
    Editable("calendar_by_team", "calendar", "mapping"),
    Editable("calendar_by_region", "calendar", "mapping"),
    Editable("sla_clock", "calendar", "clock"),
)
BY_NAME: dict[str, Editable] = {e.name: e for e in EDITABLE}

# the largest value a count or a number of days may take: past it a figure means nothing
_MAX_DAYS = 3650
_MAX_HOURS = 24 * 365
_MAX_COUNT = 100_000


class SettingsRefused(Exception):
    """Values that cannot be saved: ``problems`` maps each setting to its message."""

    def __init__(self, problems: Mapping[str, Message]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(str(m) for m in self.problems.values()))


class NotAllowed(Exception):
    """A save by someone who is not an admin."""

    def __init__(self, role: str | None) -> None:
        self.message = Message("settings.error.not_admin",
                               {"role": f"access.role.{role}" if role else "-"})
        super().__init__(str(self.message))


# -- values as typed and as shown ---------------------------------------------------------------

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$")


def _number(text: str, name: str, percent_sign: bool) -> float:
    m = _NUMBER.match(text.replace("％", "%"))
    if not m or (m.group(2) and not percent_sign):
        raise _Refused("settings.error.not_number", value=text)
    return float(m.group(1))


class _Refused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(code)


def parse(item: Editable, text: str) -> Any:
    """The value ``text`` stands for, in the setting's own unit; a :class:`_Refused` when it
    cannot be used."""
    text = text.strip()
    kind = item.kind
    if kind == "pct":
        value = _number(text, item.name, True)
        if not 0 <= value <= 100:
            raise _Refused("settings.error.pct_range", value=text)
        return round(value / 100, 6)
    if kind == "hours":
        value = _number(text, item.name, False)
        if not 0 < value <= _MAX_HOURS:
            raise _Refused("settings.error.hours_range", value=text, max=_MAX_HOURS)
        return value
    if kind in ("days", "count"):
        value = _number(text, item.name, False)
        low, high = (0, _MAX_DAYS) if kind == "days" else (1, _MAX_COUNT)
        if not value.is_integer():
            raise _Refused("settings.error.whole", value=text)
        if not low <= value <= high:
            raise _Refused(f"settings.error.{kind}_range", value=text, min=low, max=high)
        return int(value)
    if kind == "span":
        from .calendars import parse_span

        try:
            parse_span(text)
        except ValueError:
            raise _Refused("settings.error.span", value=text) from None
        return text
    if kind == "weekdays":
        parts = [p.strip() for p in re.split(r"[,，\s]+", text) if p.strip()]
        if not parts or any(not p.isdigit() or not 1 <= int(p) <= 7 for p in parts):
            raise _Refused("settings.error.weekdays", value=text)
        return sorted({int(p) for p in parts})
    if kind == "country":
        return _country(text)
    if kind == "mapping":
        from .calendars import parse_mapping

        try:
            mapping = parse_mapping(text)
        except ValueError:
            raise _Refused("settings.error.mapping", value=text) from None
        for code in mapping.values():
            _country(code)
        return text
    if kind == "clock":
        if text.lower() not in ("wall", "business"):
            raise _Refused("settings.error.clock", value=text)
        return text.lower()
    raise ValueError(f"unknown kind {kind!r}")


def _country(text: str) -> str:
    from .calendars import CalendarError, check_country

    try:
        return check_country(text, "-")
    except CalendarError:
        raise _Refused("settings.error.country", value=text) from None


def shown(item: Editable, value: Any) -> str:
    """``value`` as the settings page shows it in its text box (what :func:`parse` reads)."""
    if item.kind == "pct":
        pct = float(value) * 100
        return f"{pct:g}%"
    if item.kind == "hours":
        return f"{float(value):g}"
    if item.kind == "weekdays":
        return ",".join(str(int(d)) for d in value)
    return str(value)


# -- reading ------------------------------------------------------------------------------------


def _to_setting(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        kind = type(default[0]) if default else str
        return tuple(kind(v) for v in value)
    if isinstance(default, bool):
        return bool(value)
    return type(default)(value)


def stored(con: Any) -> dict[str, Any]:
    """The values saved in the store ``con``, by setting name (empty for a store that has no
    settings table: a bare connection, an older store opened read-only, or another engine's
    connection over a Parquet export, which carries the tables the metrics read and not these)."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return {}
    try:
        rows = con.cursor().execute("SELECT name, value FROM settings").fetchall()
    except duckdb.CatalogException:
        return {}
    return {name: json.loads(value) for name, value in rows if value is not None}


def overlay(settings: Any, con: Any) -> Any:
    """``settings`` with the values saved in the store ``con`` in place of theirs."""
    saved = stored(con)
    if not saved:
        return settings
    known = {f.name for f in fields(settings)}
    changes = {}
    for name, value in saved.items():
        if name not in known:
            continue
        try:
            changes[name] = _to_setting(name, value, getattr(settings, name))
        except (TypeError, ValueError):  # a value written by hand: the default stays
            _log.warning("the saved value of setting %s cannot be used: %r", name, value)
    return replace(settings, **changes)


def version(con: Any) -> int:
    """How many changes were ever saved: part of the store's data version."""
    try:
        return int(con.cursor().execute("SELECT count(*) FROM settings_history").fetchone()[0])
    except duckdb.CatalogException:
        return 0


def history(con: Any, limit: int = 200) -> pd.DataFrame:
    """The changes saved, newest first: changed_at, changed_by, name, old_value, new_value
    (the values as the page shows them; empty: the default)."""
    df = con.cursor().execute(
        "SELECT changed_at, changed_by, name, old_value, new_value FROM settings_history "
        "ORDER BY changed_at DESC, name LIMIT $limit", {"limit": int(limit)}).df()
    for column in ("old_value", "new_value"):
        df[column] = [_history_text(n, v) for n, v in zip(df["name"], df[column])]
    return df


def _history_text(name: str, raw: Any) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    value = json.loads(raw)
    item = BY_NAME.get(name)
    return shown(item, value) if item else str(value)


# -- saving -------------------------------------------------------------------------------------


def check(texts: Mapping[str, str], base: Any) -> tuple[dict[str, Any], dict[str, Message]]:
    """The values of ``texts`` (setting -> text as typed; empty: back to the default), and a
    message for each one refused, including settings that contradict each other once applied
    to ``base`` (an amber threshold the red one makes unreachable)."""
    values: dict[str, Any] = {}
    problems: dict[str, Message] = {}
    for name, text in texts.items():
        item = BY_NAME.get(name)
        if item is None:
            problems[name] = Message("settings.error.unknown", {"name": name})
            continue
        if not str(text).strip():
            values[name] = None
            continue
        try:
            values[name] = parse(item, str(text))
        except _Refused as e:
            problems[name] = Message(e.code, {"setting": f"settings.name.{name}", **e.params})
    if problems:
        return values, problems
    after = {name: getattr(base, name) if value is None else value
             for name, value in values.items()}

    def now(name: str) -> Any:
        return after.get(name, getattr(base, name))

    if now("amber_csat_pct") < now("red_csat_pct"):
        culprit = "amber_csat_pct" if "amber_csat_pct" in values else "red_csat_pct"
        problems[culprit] = Message("settings.error.amber_csat", {
            "amber": shown(BY_NAME["amber_csat_pct"], now("amber_csat_pct")),
            "red": shown(BY_NAME["red_csat_pct"], now("red_csat_pct"))})
    if now("amber_slip_days") > now("red_slip_days"):
        culprit = "amber_slip_days" if "amber_slip_days" in values else "red_slip_days"
        problems[culprit] = Message("settings.error.amber_slip", {
            "amber": now("amber_slip_days"), "red": now("red_slip_days")})
    return values, problems


def save(con: duckdb.DuckDBPyConnection, texts: Mapping[str, str], *, role: str | None,
         by: str, defaults: Any) -> list[str]:
    """Save the settings ``texts`` gives (setting -> text as typed; empty: back to
    ``defaults``, the deployment's value) as ``by``, in one transaction; the names whose value
    changed. Refused with :class:`NotAllowed` unless ``role`` may change settings, and with
    :class:`SettingsRefused` (nothing written) when a value cannot be used."""
    if not access.allows(role, "settings"):
        raise NotAllowed(role)
    from . import store

    current = overlay(defaults, con)
    values, problems = check(texts, current)
    if problems:
        raise SettingsRefused(problems)
    saved = stored(con)
    now = datetime.now()
    changed = []
    with store.writer():
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            for name, value in values.items():
                old = saved.get(name)
                if value == old or (value is None and name not in saved):
                    continue
                if value is not None and old is None and value == _plain(getattr(defaults, name)):
                    continue  # typing the default in again is no change
                old_json = None if old is None else json.dumps(old)
                new_json = None if value is None else json.dumps(value)
                cur.execute("DELETE FROM settings WHERE name = $name", {"name": name})
                if value is not None:
                    cur.execute("INSERT INTO settings VALUES ($name, $value, $at, $by)",
                                {"name": name, "value": new_json, "at": now, "by": by})
                cur.execute("INSERT INTO settings_history VALUES ($at, $by, $name, $old, $new)",
                            {"at": now, "by": by, "name": name, "old": old_json, "new": new_json})
                changed.append(name)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    return changed


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def current_texts(settings: Any) -> dict[str, str]:
    """Every editable setting's value in force, as the settings page shows it."""
    return {item.name: shown(item, getattr(settings, item.name)) for item in EDITABLE}


__all__ = ["BY_NAME", "DDL", "EDITABLE", "GROUPS", "Editable", "NotAllowed", "SettingsRefused",
           "check", "current_texts", "history", "overlay", "parse", "save", "shown", "stored",
           "version"]
