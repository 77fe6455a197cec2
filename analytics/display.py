"""Display tables: a metric frame as readers see it (columns chosen and headed in the
language, canonical values and yes / no translated, units attached as display formats), and
the retro's comparison tables.

The numbers themselves are left unrounded, so sorting and downloads keep full precision.
Nothing here imports Streamlit; ``analytics.ui.tables`` draws what this module builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import i18n
from .formatting import (UNCHANGED, count_text, fmt_delta, fmt_value, is_missing, rag_text,
                         status_text, value_text, VALUE_KINDS)
from .i18n import t
from .metrics import registry
from .metrics.portfolio import note_texts, reason_texts
from .metrics.registry import UNITS
from .palette import GREEN, GREY, RAG_COLOURS, RED


# How the columns that are not KPIs are shown (a KPI's column is shown by its registry unit):
# percentages (the frames hold fractions), hours, days.
PCT_COLUMNS: frozenset[str] = frozenset({"share", "share_of_complaints", "csat_low",
                                         "csat_high", "csat_recent"})
HOURS_COLUMNS: frozenset[str] = frozenset({"resolution_hours", "first_response_hours", "hours",
                                           "resolution_mean_hours", "median_hours", "p90_hours",
                                           "total_hours"})
DAYS_COLUMNS: frozenset[str] = frozenset({"age_days", "oldest_days", "slip_days",
                                          "delivery_days", "median_age_days", "p90_age_days",
                                          "oldest_age_days"})


# Internal columns no reader needs (codes kept for translation, the as-of stamp repeated
# on every row).
HIDDEN_COLUMNS: frozenset[str] = frozenset({"reason_codes", "reason_params", "note_codes",
                                            "note_params", "slip_counts", "phase_recorded",
                                            "health_day", "as_of", "lower_days",
                                            "upper_days", "higher_is_better", "key",
                                            "name_en", "name_zh"})


def column_title(name: str, lang: str) -> str:
    """A column header in the language: ``col.<name>``, else a KPI's name, else the name
    itself."""
    key = f"col.{name}"
    if key in i18n.table():
        return i18n.t(key, lang)
    entry = registry.get(name)
    return i18n.t(entry.text_key("name"), lang) if entry is not None else name


# Free text worth the room to read it.
WIDE_TEXT_COLUMNS: frozenset[str] = frozenset({"reasons", "notes", "comment"})


# Answers shown as given (a 1-5 score is 4, a 0-100 score may be 87.5).
PLAIN_NUMBER_COLUMNS: frozenset[str] = frozenset({"score"})


ONE_DECIMAL_COLUMNS: frozenset[str] = frozenset({"score_0_100", "nps_low", "nps_high"})


def column_kind(name: str, series: pd.Series | None = None) -> str | None:
    """How a column is displayed: pct, hours, days, date, datetime, num1 (one decimal) or
    num2 (two decimals, any other fractional number); None to leave it as it is."""
    if name in WIDE_TEXT_COLUMNS:
        return "wide"
    entry = registry.get(name)
    kind = UNITS[entry.unit].column if entry is not None else None
    # a decimal format only for fractional values: the survey's own nps answer is 0-10
    if kind is not None and (kind != "num1" or series is None
                             or pd.api.types.is_float_dtype(series)):
        return kind
    if name in PCT_COLUMNS:
        return "pct"
    if name in HOURS_COLUMNS:
        return "hours"
    if name in DAYS_COLUMNS:
        return "days"
    if series is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date" if name.endswith("_date") else "datetime"
    if name in PLAIN_NUMBER_COLUMNS:
        return "plain"
    if pd.api.types.is_float_dtype(series):
        return "num1" if name in ONE_DECIMAL_COLUMNS else "num2"
    return None


# Columns holding lists of KPI keys (a scorecard's figures resting on too few projects or
# answers), shown as the KPIs' names.
KPI_LIST_COLUMNS: frozenset[str] = frozenset({"low_n"})


def _kpi_names(keys: Any, lang: str) -> str:
    if not isinstance(keys, (list, tuple)):
        return ""
    names = [t(e.text_key("name"), lang) if (e := registry.get(str(k))) is not None else str(k)
             for k in keys]
    return ("、" if lang == "zh" else "; ").join(names)


def _yes_no(value: Any, lang: str) -> str:
    if is_missing(value):
        return "—"
    return t("common.yes", lang) if bool(value) else t("common.no", lang)


def health_reasons(row: Mapping[str, Any], lang: str) -> list[str]:
    """The reasons of one project_health row as sentences in the language, from its rule
    codes and their parameters (the thresholds the rules applied)."""
    return reason_texts(row.get("reason_codes"), row.get("reason_params"), lang)


def health_notes(row: Mapping[str, Any], lang: str) -> list[str]:
    """The notes of one project_health row in the language: what was not judged and why."""
    return note_texts(row.get("note_codes"), row.get("note_params"), lang)


def _per_value(series: pd.Series, text: Any) -> list[str]:
    """``text(value)`` for every value of ``series``, computed once per distinct value (a
    column of 100,000 tickets holds a handful of priorities); missing values all read as
    ``text(None)``."""
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable values
        return [text(v) for v in series]
    texts = np.array([text(v) for v in uniques] + [text(None)], dtype=object)
    return texts[codes].tolist()  # code -1 (missing) picks the last one


def display_table(df: pd.DataFrame, lang: str, *, columns: Sequence[str] | None = None
                  ) -> tuple[pd.DataFrame, dict[str, str]]:
    """A metric frame as readers see it: chosen columns in order, canonical values and yes /
    no in the language, lists joined, headers translated.

    Returns the frame and {header: kind} for the columns that carry a unit (pct, hours,
    days), so the page can format them without changing the numbers a download holds.
    A project_health frame gets its reasons and notes written in the language, from their
    codes and parameters.
    """
    frame = df.copy()
    if "reason_codes" in frame and "reason_params" in frame:
        frame["reasons"] = [reason_texts(c, p, lang)
                            for c, p in zip(frame["reason_codes"], frame["reason_params"])]
    if "note_codes" in frame and "note_params" in frame:
        frame["notes"] = [note_texts(c, p, lang)
                          for c, p in zip(frame["note_codes"], frame["note_params"])]
    keep = list(columns) if columns is not None else [c for c in frame.columns
                                                      if c not in HIDDEN_COLUMNS]
    keep = [c for c in keep if c in frame.columns]
    frame = frame[keep]
    for col in keep:
        series = frame[col]
        if col == "rag":
            frame[col] = _per_value(series, lambda v: rag_text(v, lang))
        elif col == "status":
            frame[col] = _per_value(series, lambda v: status_text(v, lang))
        elif col in VALUE_KINDS:
            kind = VALUE_KINDS[col]
            frame[col] = _per_value(series, lambda v, kind=kind: value_text(kind, v, lang))
        elif series.dtype == bool or (series.dtype == object and len(series)
                                      and all(isinstance(v, bool) or is_missing(v)
                                              for v in series)
                                      and any(isinstance(v, bool) for v in series)):
            frame[col] = _per_value(series, lambda v: _yes_no(v, lang))
        elif col in KPI_LIST_COLUMNS:
            frame[col] = [_kpi_names(v, lang) for v in series]
        elif series.dtype == object and len(series) and any(isinstance(v, (list, tuple))
                                                            for v in series):
            frame[col] = ["; ".join(str(x) for x in v) if isinstance(v, (list, tuple))
                          else ("" if is_missing(v) else str(v)) for v in series]
    kinds = {column_title(c, lang): k for c in keep if (k := column_kind(c, frame[c]))}
    frame.columns = [column_title(c, lang) for c in keep]
    return frame.reset_index(drop=True), kinds


def project_labels(health: pd.DataFrame, lang: str) -> dict[str, str]:
    """project_id -> "[红] PRJ-0041 · 项目名称" for a project picker, in the health table's
    order, so the worst projects are found first."""
    return {pid: f"[{rag_text(r, lang)}] {pid} · {name or ''}"
            for pid, name, r in zip(health["project_id"], health["project_name"],
                                    health["rag"])}


def health_reason_lines(health: pd.DataFrame, lang: str) -> list[str]:
    """One markdown line per project the health table flags (red or amber), in its order:
    its label and every reason in full, so the reasons can be read on the page rather than in
    a narrow table cell or a download."""
    labels = project_labels(health, lang)
    lines = []
    for row in health.to_dict("records"):
        reasons = health_reasons(row, lang)
        if reasons:
            lines.append(f"**{labels[row['project_id']]}** — " + "; ".join(reasons))
    return lines


def rag_colours(lang: str) -> dict[str, str]:
    """The health values as a display table shows them (红 / Red ...) and their colours, for
    the coloured labels of the health column (see ``analytics.ui.tables.table``)."""
    return {rag_text(r, lang): c for r, c in RAG_COLOURS.items()}


def retro_download(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The retro KPI table with its numbers unformatted (a spreadsheet wants values, not
    text) and headers in the language."""
    frame = pd.DataFrame({
        t("retro.col.kpi", lang): kpis["name_zh"] if lang == "zh" else kpis["name_en"],
        t("ui.kpi.field.unit", lang): kpis["unit"],
        t("retro.col.current", lang): kpis["current"],
        t("retro.col.previous", lang): kpis["previous"],
        t("retro.col.delta_previous", lang): kpis["delta_previous"],
        t("retro.col.year_ago", lang): kpis["year_ago"],
        t("retro.col.delta_year_ago", lang): kpis["delta_year_ago"],
        t("report.col.verdict_previous", lang): [_verdict_text(b, lang)
                                                  for b in kpis["better_vs_previous"]],
        t("report.col.verdict_year_ago", lang): [_verdict_text(b, lang)
                                                  for b in kpis["better_vs_year_ago"]],
    })
    return frame


def _verdict_text(better: Any, lang: str) -> str:
    if better is True:
        return t("report.better", lang)
    if better is False:
        return t("report.worse", lang)
    return "—"


def _arrow(delta: Any, better: Any, unit: str, lang: str) -> str:
    """A change with an arrow (▲ ▼), its unit and whether it is good (✓ ✗)."""
    text = fmt_delta(delta, unit, lang)
    if text is None:
        return "—"
    if text.startswith(UNCHANGED):
        return f"＝ {text}"
    mark = "▲" if float(delta) > 0 else "▼"
    verdict = ""
    if better is True:
        verdict = " ✓"
    elif better is False:
        verdict = " ✗"
    return f"{mark} {text}{verdict}"


def retro_table(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The retro's KPI comparison as text, one row per KPI: this quarter, the previous
    quarter and a year ago, each change with an arrow (▲ ▼) and its unit."""
    rows = []
    for r in kpis.to_dict("records"):
        unit = r["unit"]
        rows.append({
            t("retro.col.kpi", lang): r["name_zh"] if lang == "zh" else r["name_en"],
            t("retro.col.current", lang): fmt_value(r["current"], unit, lang),
            t("retro.col.previous", lang): fmt_value(r["previous"], unit, lang),
            t("retro.col.delta_previous", lang): _arrow(r["delta_previous"],
                                                         r["better_vs_previous"], unit, lang),
            t("retro.col.year_ago", lang): fmt_value(r["year_ago"], unit, lang),
            t("retro.col.delta_year_ago", lang): _arrow(r["delta_year_ago"],
                                                         r["better_vs_year_ago"], unit, lang),
        })
    return pd.DataFrame(rows)


def retro_styler(kpis: pd.DataFrame, lang: str) -> Any:
    """:func:`retro_table` with the changes coloured: green when the KPI moved the good way,
    red when the bad way, grey for volumes that have no good direction."""
    table = retro_table(kpis, lang)
    verdicts = {
        t("retro.col.delta_previous", lang): list(kpis["better_vs_previous"]),
        t("retro.col.delta_year_ago", lang): list(kpis["better_vs_year_ago"]),
    }

    def colour(column: pd.Series) -> list[str]:
        if column.name not in verdicts:
            return [""] * len(column)
        out = []
        for better in verdicts[column.name]:
            if better is True:
                out.append(f"color: {GREEN}; font-weight: 600")
            elif better is False:
                out.append(f"color: {RED}; font-weight: 600")
            else:
                out.append(f"color: {GREY}")
        return out

    return table.style.apply(colour, axis=0)


def mover_table(movers: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """One measure's biggest movers as text: project, customer, before, after, change."""
    frame = movers[movers["measure"] == measure]
    unit = registry.kpi(measure).unit
    rows = []
    for r in frame.to_dict("records"):
        delta = fmt_delta(r["change"], unit, lang) or "—"
        mark = "" if r["better"] is None or is_missing(r["better"]) else (
            " ✓" if r["better"] else " ✗")
        before, after = fmt_value(r["previous"], unit, lang), fmt_value(r["current"], unit, lang)
        if measure == "csat_pct":
            before += f" (n={count_text(r['previous_n'])})"
            after += f" (n={count_text(r['current_n'])})"
        rows.append({
            t("col.project_name", lang): r["project_name"] or r["project_id"],
            t("col.customer", lang): r["customer"] or "—",
            t("retro.col.previous", lang): before,
            t("retro.col.current", lang): after,
            t("col.change", lang): delta + mark,
        })
    return pd.DataFrame(rows, columns=[t("col.project_name", lang), t("col.customer", lang),
                                       t("retro.col.previous", lang),
                                       t("retro.col.current", lang), t("col.change", lang)])


def mover_styler(movers: pd.DataFrame, measure: str, lang: str) -> Any:
    """:func:`mover_table` with each change green (better) or red (worse)."""
    table = mover_table(movers, measure, lang)
    better = list(movers[movers["measure"] == measure]["better"])
    column = t("col.change", lang)

    def colour(col: pd.Series) -> list[str]:
        if col.name != column:
            return [""] * len(col)
        return [f"color: {GREEN}; font-weight: 600" if b is True else
                f"color: {RED}; font-weight: 600" if b is False else "" for b in better]

    return table.style.apply(colour, axis=0)
