"""Working calendars: when the clock of a business-hours duration runs.

A calendar is the working span of a working day (default 09:00-18:00), the weekdays that are
working days (default Monday to Friday), a country's public holidays and its make-up workdays
(调休: a Saturday or Sunday worked in exchange for a longer holiday). Mainland China's come from
the ``chinese-calendar`` package, which knows each year's State Council notice; every other
country's from the ``holidays`` package. Which calendar a ticket is measured on is a setting:
by its team, else by its customer's region, else the default (see :class:`CalendarChoice`).

Working time is computed set-based: :func:`calendar_sql` is a table of one row per calendar
and day carrying the minutes worked on every earlier day (``before``), so the working minutes
up to any moment are one lookup (:func:`minutes_at_sql`), and the working time between two
moments is the difference of two lookups, whatever lies between them. No Python loop per
ticket, whatever the number of tickets.

A day the calendar cannot speak for (a year ``chinese-calendar`` has no notice for yet) has no
working minutes (NULL): a duration touching it is not computable, never quietly measured
without that year's holidays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

DEFAULT_COUNTRY = "CN"


@dataclass(frozen=True)
class WorkingCalendar:
    """One calendar. ``weekdays``: ISO numbers of the working weekdays (1 = Monday);
    ``start`` / ``end``: the working span of a working day, make-up workdays included."""

    country: str = DEFAULT_COUNTRY
    start: time = time(9)
    end: time = time(18)
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)

    @property
    def key(self) -> str:
        return self.country.upper()

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def day_minutes(self) -> int:
        return max(0, self.end.hour * 60 + self.end.minute - self.start_minute)


@dataclass(frozen=True)
class Exceptions:
    """What a country's calendar says beyond its weekdays, over the years it covers."""

    holidays: tuple[date, ...]
    workdays: tuple[date, ...]  # make-up workdays
    first: date | None          # first and last day the source speaks for (None: every day)
    last: date | None


def exceptions(country: str, first_year: int, last_year: int) -> Exceptions:
    """Holidays and make-up workdays of ``country`` (ISO 3166 code) from ``first_year`` to
    ``last_year``. China: ``chinese-calendar`` (holidays and 调休, the years it has notices
    for); elsewhere: ``holidays`` (rule-based, every year, no make-up workdays)."""
    code = country.upper()
    if code == "CN":
        import chinese_calendar

        known = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
        years = range(first_year, last_year + 1)
        hol = tuple(sorted(d for d in chinese_calendar.holidays if d.year in years))
        work = tuple(sorted(d for d in chinese_calendar.workdays if d.year in years))
        return Exceptions(hol, work, date(min(known), 1, 1), date(max(known), 12, 31))
    import holidays

    found = holidays.country_holidays(code, years=range(first_year, last_year + 1))
    return Exceptions(tuple(sorted(found)), (), None, None)


_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_span(text: str) -> tuple[time, time]:
    """``"09:00-18:00"`` -> (09:00, 18:00); a span that ends before it starts is an error."""
    m = _SPAN.match(text)
    if not m:
        raise ValueError(f"a working span is written like 09:00-18:00, not {text!r}")
    start, end = time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))
    if end <= start:
        raise ValueError(f"the working span {text!r} ends before it starts")
    return start, end


def parse_mapping(text: str) -> dict[str, str]:
    """``"华东=CN, North America=US"`` -> {"华东": "CN", "North America": "US"} (the setting's
    form: a team or region, an equals sign, a country code)."""
    out: dict[str, str] = {}
    for part in re.split(r"[,;，；]", text or ""):
        if not part.strip():
            continue
        name, sep, code = part.rpartition("=")
        if not sep or not name.strip() or not code.strip():
            raise ValueError(f"a calendar choice is written like 'Europe=DE', not {part.strip()!r}")
        out[name.strip()] = code.strip().upper()
    return out


@dataclass(frozen=True)
class CalendarChoice:
    """Which calendar measures a ticket: its team's (``by_team``), else its customer region's
    (``by_region``), else ``default``. Every calendar shares the working span and weekdays."""

    default: str = DEFAULT_COUNTRY
    by_team: dict[str, str] = field(default_factory=dict)
    by_region: dict[str, str] = field(default_factory=dict)
    start: time = time(9)
    end: time = time(18)
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)

    def calendars(self) -> list[WorkingCalendar]:
        codes = dict.fromkeys([self.default.upper(), *self.by_team.values(), *self.by_region.values()])
        return [WorkingCalendar(c, self.start, self.end, self.weekdays) for c in codes]

    def ticket_calendar_sql(self, team: str, region: str) -> tuple[str, dict[str, str]]:
        """A SQL expression naming the calendar of the ticket whose team and region are the
        expressions ``team`` and ``region``, and its named parameters (``$cal_*``). A team is
        named as the file wrote it or as the store keeps it (运维 and ops are both
        ``operations``); a region as written; neither minds case or surrounding spaces."""
        whens, params = [], {"cal_default": self.default.upper()}
        for side, column, mapping in (("team", team, _canonical_teams(self.by_team)),
                                      ("region", region, self.by_region)):
            for i, (name, code) in enumerate(mapping.items()):
                key = f"cal_{side}_{i}"
                whens.append(f"WHEN lower(trim({column})) = ${key} THEN ${key}_code")
                params.update({key: name.strip().lower(), f"{key}_code": code})
        if not whens:
            return "$cal_default", params
        return f"CASE {' '.join(whens)} ELSE $cal_default END", params


def _canonical_teams(mapping: dict[str, str]) -> dict[str, str]:
    """The team names of a setting as the store keeps them: the import folds a team's
    spellings into one canonical value (schema's team vocabulary), so a setting naming 运维 must
    find the tickets stored as ``operations``. A name the vocabulary does not know stays as it
    is (teams are an open vocabulary). The first name given for a team wins."""
    from .schema import normalise_value, vocabulary_lookup

    lookup = vocabulary_lookup("team")
    out: dict[str, str] = {}
    for name, code in mapping.items():
        out.setdefault(lookup.get(normalise_value(name), name), code)
    return out


class CalendarError(ValueError):
    """A calendar setting that cannot be used; the message names the setting."""


def check_country(code: str, setting: str) -> str:
    """``code`` upper-cased when a calendar can be made for it, else a :class:`CalendarError`
    naming ``setting``: CN (chinese-calendar) or a country the ``holidays`` package knows."""
    code = code.strip().upper()
    if code == "CN":
        return code
    import holidays

    if code not in holidays.list_supported_countries():
        raise CalendarError(f"setting {setting}: {code!r} is not a country code a working calendar can be "
                            "made for (ISO 3166 two-letter codes, e.g. CN, US, DE, SG)")
    return code


def choice_from_settings(settings: Any) -> CalendarChoice:
    """The :class:`CalendarChoice` the settings describe; a setting that cannot be used is a
    :class:`CalendarError` naming it (PULSE_WORKING_HOURS, PULSE_CALENDAR_BY_TEAM, ...)."""
    def named(setting: str, parse: Any, value: Any) -> Any:
        try:
            return parse(value)
        except CalendarError:
            raise
        except ValueError as e:
            raise CalendarError(f"setting {setting}: {e}") from None

    start, end = named("PULSE_WORKING_HOURS", parse_span, settings.working_hours)
    days = tuple(int(d) for d in settings.working_weekdays)
    if not days or any(d not in range(1, 8) for d in days):
        raise CalendarError("setting PULSE_WORKING_WEEKDAYS: working weekdays are ISO numbers 1 (Monday) "
                            f"to 7 (Sunday), not {list(days)}")
    by_team = named("PULSE_CALENDAR_BY_TEAM", parse_mapping, settings.calendar_by_team)
    by_region = named("PULSE_CALENDAR_BY_REGION", parse_mapping, settings.calendar_by_region)
    return CalendarChoice(
        default=check_country(settings.calendar_country, "PULSE_CALENDAR_COUNTRY"),
        by_team={k: check_country(v, "PULSE_CALENDAR_BY_TEAM") for k, v in by_team.items()},
        by_region={k: check_country(v, "PULSE_CALENDAR_BY_REGION") for k, v in by_region.items()},
        start=start, end=end, weekdays=days)


def calendar_sql(choice: CalendarChoice, first: date, last: date) -> tuple[str, dict[str, Any]]:
    """A SELECT of the working calendar table from ``first`` to ``last`` (a day of margin each
    side), and its named parameters (``$wcal_*``). Columns:

    - calendar: the country code; day: the date;
    - start_min: minute of the day work starts; minutes: working minutes of the day (0 on a
      weekend or holiday, NULL on a day the calendar cannot speak for);
    - before: working minutes of the calendar's earlier days in the table.
    """
    rows: list[str] = []
    params: dict[str, Any] = {"wcal_first": first, "wcal_last": last}
    for i, cal in enumerate(choice.calendars()):
        ex = exceptions(cal.country, first.year - 1, last.year + 1)
        p = f"$wcal_{i}_"
        rows.append(f"({p}key, CAST({p}holidays AS DATE[]), CAST({p}workdays AS DATE[]),"
                    f" CAST({p}weekdays AS INTEGER[]), CAST({p}first AS DATE),"
                    f" CAST({p}last AS DATE), {p}start, {p}minutes)")
        params.update({f"wcal_{i}_key": cal.key, f"wcal_{i}_holidays": list(ex.holidays),
                       f"wcal_{i}_workdays": list(ex.workdays),
                       f"wcal_{i}_weekdays": list(cal.weekdays), f"wcal_{i}_first": ex.first,
                       f"wcal_{i}_last": ex.last, f"wcal_{i}_start": cal.start_minute,
                       f"wcal_{i}_minutes": cal.day_minutes})
    sql = f"""
  SELECT calendar, day, start_min, minutes,
         coalesce(sum(minutes) OVER (PARTITION BY calendar ORDER BY day
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM (
    SELECT c.calendar, CAST(g.d AS DATE) AS day, c.start_min,
           CASE WHEN (c.known_from IS NOT NULL AND CAST(g.d AS DATE) < c.known_from)
                  OR (c.known_to IS NOT NULL AND CAST(g.d AS DATE) > c.known_to) THEN NULL
                WHEN list_contains(c.workdays, CAST(g.d AS DATE)) THEN c.day_minutes
                WHEN list_contains(c.holidays, CAST(g.d AS DATE)) THEN 0
                WHEN list_contains(c.weekdays, isodow(g.d)) THEN c.day_minutes
                ELSE 0 END AS minutes
    FROM (VALUES {', '.join(rows)}) AS c(calendar, holidays, workdays, weekdays, known_from, known_to,
                                          start_min, day_minutes),
         generate_series(CAST($wcal_first AS TIMESTAMP) - INTERVAL 1 DAY,
                         CAST($wcal_last AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) AS g(d))"""
    return sql, params


def minutes_at_sql(t: str, c: str) -> str:
    """Working minutes of calendar row ``c`` (the row of ``t``'s day) up to timestamp ``t``:
    the earlier days' minutes plus the part of the day's span before ``t``. NULL when ``t``
    is NULL or its day unknown to the calendar."""
    into = f"(date_diff('microsecond', date_trunc('day', {t}), {t}) / 6e7)"
    # least / greatest skip NULLs: a day the calendar does not know must stay unknown
    return (f"(CASE WHEN {c}.minutes IS NOT NULL "
            f"THEN {c}.before + least(greatest({into} - {c}.start_min, 0), {c}.minutes) END)")


def covered_years(country: str) -> tuple[int, int] | None:
    """First and last year a country's calendar knows its holidays for; None when every year
    (rule-based holidays)."""
    if country.upper() != "CN":
        return None
    import chinese_calendar

    known = {d.year for d in chinese_calendar.holidays}
    return min(known), max(known)


__all__ = ["CalendarChoice", "CalendarError", "Exceptions", "WorkingCalendar", "calendar_sql",
           "check_country", "choice_from_settings", "covered_years", "exceptions", "minutes_at_sql",
           "parse_mapping", "parse_span"]
