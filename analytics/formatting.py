"""Values as readers see them: numbers with their unit, changes, dates, periods and the
canonical vocabulary values (phases, teams, health statuses ...) in the language.

Nothing here queries the store or imports Streamlit, so cards, tables, figures, exports and
tests all format a value the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from . import i18n
from .i18n import t


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number_text(value: Any, digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    return f"{float(value):,.{digits}f}"


def pct_text(value: Any, digits: int = 1) -> str:
    if is_missing(value):
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


def count_text(value: Any) -> str:
    if is_missing(value):
        return "0"
    return f"{int(value):,d}"


def _digits(unit: str) -> int:
    from .metrics.registry import UNITS

    entry = UNITS.get(unit)
    return entry.digits if entry is not None else 2


def fmt_value(value: Any, unit: str, lang: str) -> str:
    """A KPI value as shown on a card: the unit decides suffix and digits (the registry's
    ``UNITS[unit].digits``, which tables, charts and the workbook use too). A missing value is
    a dash, never "nan" or 0."""
    if is_missing(value):
        return "—"
    v = float(value)
    digits = _digits(unit)
    if unit == "fraction":
        return i18n.format_pct(v, lang, digits)
    if unit == "hours":
        return t("unit.hours_value", lang, value=i18n.format_number(v, lang, digits))
    if unit == "days":
        return t("unit.days_value", lang, value=i18n.format_number(round(v, digits), lang, digits))
    if unit == "NPS":
        return f"{v:+.{digits}f}"
    if unit == "count":
        return i18n.format_number(int(round(v)), lang, 0)
    return i18n.format_number(v, lang, digits)


#: What an unchanged figure's change starts with: "±0.0 pp", never a bare "0" (which reads as
#: "no figure") nor "+0.0" (which reads as a rise).
UNCHANGED = "±"


def is_unchanged(delta: Any, unit: str) -> bool:
    """Whether a change rounds to nothing at the unit's precision (a rate up 0.04 pp is
    "±0.0 pp": shown with one decimal it did not move)."""
    if is_missing(delta):
        return False
    d = float(delta) * (100 if unit == "fraction" else 1)
    return round(abs(d), _digits(unit)) == 0


def fmt_delta(delta: Any, unit: str, lang: str) -> str | None:
    """A change between two periods with its unit and the unit's precision; rates change in
    percentage points. None when either side is missing (no arrow is drawn then); a change
    that rounds to nothing is "±0.0 pp" / "±0 d" (drawn grey, without an arrow)."""
    if is_missing(delta):
        return None
    d = float(delta)
    digits = _digits(unit)
    if unit == "fraction":
        d *= 100
    if is_unchanged(delta, unit):
        d, sign = 0.0, UNCHANGED
    else:
        sign = "+" if d > 0 else "-"
    number = f"{abs(d):,.{digits}f}"
    if unit == "fraction":
        return t("unit.pp_delta", lang, value=sign + number)
    if unit == "hours":
        return t("unit.hours_value", lang, value=sign + number)
    if unit == "days":
        return t("unit.days_value", lang, value=sign + number)
    return sign + number


def fmt_date(value: Any, lang: str) -> str:
    """A date for the language (2025年3月5日 / 05 Mar 2025); a dash when missing."""
    if is_missing(value):
        return "—"
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return i18n.format_date(value, lang)


def fmt_range(start: date | None, end: date | None, lang: str) -> str:
    """A period as "from – to" in the language."""
    return t("period.range", lang, start=fmt_date(start, lang), end=fmt_date(end, lang))


def period_label(value: Any, grain: str, lang: str) -> str:
    """One period of a trend in words: 2025年3月 / Mar 2025, 2025年第1季度 / Q1 2025, or the
    week's Monday."""
    if is_missing(value):
        return "—"
    ts = pd.Timestamp(value)
    if grain == "quarter":
        return t("period.quarter", lang, year=ts.year, q=(ts.month - 1) // 3 + 1)
    if grain == "week":
        return t("period.week", lang, day=fmt_date(ts, lang))
    if lang == "zh":
        return f"{ts.year}年{ts.month}月"
    return ts.strftime("%b %Y")


def quarter_label(text: str, lang: str) -> str:
    """'2025Q2' -> 2025年第2季度 / Q2 2025."""
    year, q = text.upper().split("Q")
    return t("period.quarter", lang, year=int(year), q=int(q))


# Column -> vocabulary kind of value_label translations ("value.<kind>.<value>").
VALUE_KINDS: dict[str, str] = {
    "delivery_mode": "delivery_mode", "team": "team", "industry": "industry",
    "phase": "phase", "type": "ticket_type", "touchpoint": "touchpoint", "rag": "rag",
    "outcome": "sla_outcome", "milestone": "milestone", "measure": "mover", "bucket": "bucket",
    "standing": "reward_standing",
}


# "status" means different things in the project and ticket tables; both vocabularies are
# tried, project first (their shared value "closed" means the same in both).
_STATUS_KINDS: tuple[str, ...] = ("project_status", "ticket_status")


def value_text(kind: str, value: Any, lang: str) -> str:
    """A canonical value in the language, or the value as written when it has no entry
    (customer names and free text are not translations that are missing)."""
    if is_missing(value):
        return "—" if kind != "rag" else ""
    key = f"value.{kind}.{value}"
    if key in i18n.table():
        return i18n.t(key, lang)
    return str(value)


def status_text(value: Any, lang: str) -> str:
    for kind in _STATUS_KINDS:
        key = f"value.{kind}.{value}"
        if key in i18n.table():
            return i18n.t(key, lang)
    return "—" if is_missing(value) else str(value)


def rag_text(rag: Any, lang: str) -> str:
    """红 / Red. Tables colour the cell (see :func:`rag_colours`) rather than rely on an
    emoji, which not every machine's fonts draw."""
    if is_missing(rag):
        return ""
    return value_text("rag", rag, lang)
